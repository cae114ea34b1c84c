import { type Client, createClient, type Transport } from "@connectrpc/connect";
import { type ApplyReferralCodeResponse, ReferralService } from "./gen/credits/v1/referral_service_pb";

/** The generated client of `credits.v1.ReferralService` (docs/referrals.md). */
export type ReferralsClient = Client<typeof ReferralService>;

/**
 * A client over `transport` (the same one as {@link createCreditsClient}'s). An end-user token may
 * ask for its own code, list its own referrals and apply a code to its own account.
 */
export function createReferralsClient(transport: Transport): ReferralsClient {
  return createClient(ReferralService, transport);
}

/**
 * The link a user shares: `base` (the product's sign-up page) with the code in query parameter
 * `ref`. The sign-up page passes it to {@link applyReferralCode} for the new account.
 */
export function referralLink(base: string, code: string): string {
  const url = new URL(base);
  url.searchParams.set("ref", code);
  return url.toString();
}

export interface ApplyReferralCodeOptions {
  /** The new user: with an end-user token, its own account. */
  refereeAccountId: string;
  /** Scoped by the referee; a retry with the same key returns the first answer. Default: a new random key. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/**
 * Applies a referral code as it was shared (case, dashes and spaces do not matter). A refusal is a
 * `CreditsError` with reason `REFERRAL_CODE_NOT_FOUND`, `REFERRAL_SELF`, `REFERRAL_CIRCULAR`,
 * `ALREADY_REFERRED`, `REFERRAL_NOT_NEW` or `INVALID_REQUEST` (field `code`).
 */
export function applyReferralCode(client: ReferralsClient, code: string, options: ApplyReferralCodeOptions): Promise<ApplyReferralCodeResponse> {
  return client.applyReferralCode(
    { refereeAccountId: options.refereeAccountId, code, idempotencyKey: options.idempotencyKey ?? crypto.randomUUID() },
    { signal: options.signal },
  );
}
