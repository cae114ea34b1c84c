import type { Timestamp } from "@bufbuild/protobuf/wkt";
import type { PackLot } from "../src/gen/credits/v1/checkout_pb";
import { Bucket, EntryKind, type JournalEntry } from "../src/gen/credits/v1/types_pb";

const integer = new Intl.NumberFormat("en-US");

export function credits(amount: bigint): string {
  return integer.format(amount);
}

/** A price in the currency's minor unit (cents), as ListPacks gives it. */
export function price(unitAmount: bigint, currency: string): string {
  if (!currency) {
    return "";
  }
  const format = new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(Number(unitAmount) / 10 ** digits);
}

export function when(timestamp: Timestamp | undefined): string {
  if (!timestamp) {
    return "";
  }
  return new Date(Number(timestamp.seconds) * 1000).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" });
}

const KIND_LABELS: Partial<Record<EntryKind, string>> = {
  [EntryKind.GRANT]: "Credits added",
  [EntryKind.COMMIT]: "Credits used",
  [EntryKind.LOT_EXPIRE]: "Credits expired",
  [EntryKind.CLAWBACK]: "Refunded purchase",
  [EntryKind.CLAWBACK_REVERSE]: "Refund reversed",
  [EntryKind.TRANSFER_IN]: "Credits moved in",
  [EntryKind.TRANSFER_OUT]: "Credits moved out",
};

const GRANT_LABELS: Partial<Record<Bucket, string>> = {
  [Bucket.PURCHASED]: "Credits purchased",
  [Bucket.PROMO]: "Bonus credits",
  [Bucket.SUBSCRIPTION]: "Subscription credits",
  [Bucket.FREE]: "Free credits",
  [Bucket.REFUND]: "Credits refunded",
};

/** What a person calls the change an entry records. */
export function entryLabel(entry: JournalEntry): string {
  if (entry.kind === EntryKind.GRANT) {
    return GRANT_LABELS[entry.bucket] ?? "Credits added";
  }
  return KIND_LABELS[entry.kind] ?? EntryKind[entry.kind].toLowerCase().replace(/_/g, " ");
}

/** One further lot of a bundle, as the pack card lists it: "400 promo credits for image.generate, valid 90 days". */
export function lotText(lot: PackLot): string {
  const scope = lot.features.length > 0 ? ` for ${lot.features.join(", ")}` : "";
  const validity = lot.validityDays > 0 ? `, valid ${lot.validityDays} days` : "";
  return `${credits(lot.credits)} ${Bucket[lot.bucket].toLowerCase()} credits${scope}${validity}`;
}
