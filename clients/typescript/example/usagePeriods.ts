import type { Granularity, UsageBucket } from "../src/analytics";

/** How far back each granularity looks: 30 days, 12 weeks, 12 months, ending with the current one. */
const BUCKETS: Record<Granularity, number> = { day: 30, week: 12, month: 12 };

/** The range the usage page shows for `granularity`, ending at the end of today (UTC). */
export function rangeFor(granularity: Granularity, now: Date): { start: Date; end: Date } {
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  const start = new Date(end);
  if (granularity === "month") {
    start.setUTCMonth(start.getUTCMonth() - BUCKETS.month);
  } else {
    start.setUTCDate(start.getUTCDate() - BUCKETS[granularity] * (granularity === "week" ? 7 : 1));
  }
  // The server widens the start to its bucket's start; the previous period is as many buckets before.
  return { start, end };
}

/** The label of a bucket starting at `start` (UTC): "Dec 4", "week of Nov 30", "Dec 2026". */
export function bucketLabel(start: Date, granularity: Granularity): string {
  const day = start.toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
  if (granularity === "month") {
    return start.toLocaleDateString("en-US", { month: "short", year: "numeric", timeZone: "UTC" });
  }
  return granularity === "week" ? `week of ${day}` : day;
}

/** Buckets as rows (periods with usage, oldest first) by columns (features, most spent first). */
export interface SpendTable {
  periods: Date[];
  features: string[];
  /** credits[feature][period index]. */
  credits: Map<string, bigint[]>;
}

export function spendTable(buckets: UsageBucket[]): SpendTable {
  const periods = [...new Set(buckets.map((bucket) => bucket.start.getTime()))].sort((a, b) => a - b);
  const totals = new Map<string, bigint>();
  for (const bucket of buckets) {
    totals.set(bucket.feature, (totals.get(bucket.feature) ?? 0n) + bucket.creditsSpent);
  }
  const features = [...totals.keys()].sort((a, b) => Number((totals.get(b) ?? 0n) - (totals.get(a) ?? 0n)) || a.localeCompare(b));
  const credits = new Map(features.map((feature) => [feature, periods.map(() => 0n)]));
  for (const bucket of buckets) {
    const row = credits.get(bucket.feature);
    if (row) {
      row[periods.indexOf(bucket.start.getTime())] = bucket.creditsSpent;
    }
  }
  return { periods: periods.map((time) => new Date(time)), features, credits };
}

/** A feature's name for people ("" is what holds reserved by amount were spent on). */
export function featureName(feature: string): string {
  return feature === "" ? "(by amount)" : feature;
}
