import { type Client, createClient, type Transport } from "@connectrpc/connect";
import { GiftService, type RedeemGiftCodeResponse } from "./gen/credits/v1/gift_service_pb";

/** The generated client of `credits.v1.GiftService`. */
export type GiftsClient = Client<typeof GiftService>;

/**
 * A client over `transport` (the same one as {@link createCreditsClient}'s). An end-user token may
 * only redeem into its own account; creating, revoking and listing codes are the product's backend's.
 */
export function createGiftsClient(transport: Transport): GiftsClient {
  return createClient(GiftService, transport);
}

export interface RedeemGiftCodeOptions {
  /** The account the credits go to: with an end-user token, its own. */
  accountId: string;
  /**
   * Scoped by the account; a retry with the same key returns the first answer. Default: a new
   * random key, so pass one when the caller may retry the same submission.
   */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/**
 * Redeems a gift code as a person typed it (case, dashes and spaces do not matter): its credits
 * arrive once, as gift lots keeping their expiries. A refusal is a `CreditsError` with reason
 * `GIFT_CODE_NOT_FOUND`, `GIFT_CODE_REDEEMED`, `GIFT_CODE_EXPIRED`, `GIFT_CODE_REVOKED`,
 * `TOO_MANY_ATTEMPTS`, or `INVALID_REQUEST` (field `code`: a typo the check character caught).
 */
export function redeemGiftCode(client: GiftsClient, code: string, options: RedeemGiftCodeOptions): Promise<RedeemGiftCodeResponse> {
  return client.redeemGiftCode(
    { code, accountId: options.accountId, idempotencyKey: options.idempotencyKey ?? crypto.randomUUID() },
    { signal: options.signal },
  );
}
