import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema, ErrorInfoSchema } from "./gen/google/rpc/error_details_pb";

/** The `ErrorInfo.domain` of every error the ledger sends. */
export const ERROR_DOMAIN = "credits.v1";

/**
 * Each reason the server sends with the metadata it carries (values are decimal strings for
 * numbers). The server's README lists the same table; clients match on reasons, never on messages.
 */
export interface ReasonMetadata {
  INVALID_REQUEST: { field: string };
  INSUFFICIENT_CREDITS: { available: string; requested: string };
  HOLD_NOT_ACTIVE: { holdId: string; state: string };
  LEAD_ALREADY_CLAIMED: { leadAccountId: string };
  TRANSFER_LIMIT_EXCEEDED: { limit: string; used: string; requested: string };
  HOLD_NOT_FOUND: { holdId: string };
  FEATURE_NOT_FOUND: { feature: string };
  IDEMPOTENCY_KEY_REUSED: { idempotencyKey: string };
  HOLD_ALREADY_COMMITTED: { holdId: string; committed: string };
  PACK_NOT_FOUND: { packId: string };
  OFFER_NOT_AVAILABLE: { packId: string; why: "not_started" | "ended" | "limit_reached" | "first_purchase_only" };
  STRIPE_REJECTED: { stripeCode: string };
  STRIPE_UNAVAILABLE: Record<string, never>;
  DATABASE_UNAVAILABLE: Record<string, never>;
  SHUTTING_DOWN: Record<string, never>;
  API_KEY_MISSING: Record<string, never>;
  API_KEY_INVALID: Record<string, never>;
  SCOPE_MISSING: { scope: string };
  TOKEN_INVALID: Record<string, never>;
  TOKEN_EXPIRED: { expiredAt: string };
  TOKEN_METHOD_DENIED: { method: string };
  TOKEN_ACCOUNT_DENIED: { accountId: string };
  MEMBER_LIMIT_EXCEEDED: { limit: string; used: string; requested: string };
  NOT_A_POOL_MEMBER: { poolAccountId: string; memberAccountId: string };
  POOL_MEMBER_EXISTS: { poolAccountId: string; memberAccountId: string };
  TOKEN_POOL_DENIED: { poolAccountId: string };
  MALFORMED_REQUEST: Record<string, never>;
  GIFT_CODE_NOT_FOUND: Record<string, never>;
  GIFT_CODE_REDEEMED: { codeId: string; state: string };
  GIFT_CODE_EXPIRED: { codeId: string; state: string };
  GIFT_CODE_REVOKED: { codeId: string; state: string };
  TOO_MANY_ATTEMPTS: { limit: string; retryAfterSeconds: string };
  REFERRAL_CODE_NOT_FOUND: Record<string, never>;
  REFERRAL_SELF: { accountId: string };
  REFERRAL_CIRCULAR: { refereeAccountId: string; referrerAccountId: string };
  ALREADY_REFERRED: { refereeAccountId: string };
  REFERRAL_NOT_NEW: { refereeAccountId: string };
  INVALID_EMAIL_ADDRESS: { field: string };
}

/** A reason this client knows the metadata of. */
export type KnownReason = keyof ReasonMetadata;

/** One field a request got wrong (from the error's `google.rpc.BadRequest`). */
export interface FieldViolation {
  field: string;
  description: string;
}

/**
 * A failed ledger call: the gRPC code, the `ErrorInfo` reason and metadata, and the fields at
 * fault. `reason` is empty only when the failure never reached the server (a network error).
 */
export class CreditsError extends Error {
  override readonly name = "CreditsError";

  constructor(
    readonly code: Code,
    readonly reason: string,
    readonly metadata: Readonly<Record<string, string>>,
    readonly fieldViolations: readonly FieldViolation[],
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }

  /** Turns anything a call threw into a CreditsError (a CreditsError is returned as it is). */
  static from(error: unknown): CreditsError {
    if (error instanceof CreditsError) {
      return error;
    }
    const connectError = ConnectError.from(error);
    const info = connectError.findDetails(ErrorInfoSchema).find((detail) => detail.domain === ERROR_DOMAIN);
    const violations = connectError
      .findDetails(BadRequestSchema)
      .flatMap((detail) => detail.fieldViolations.map(({ field, description }) => ({ field, description })));
    return new CreditsError(
      connectError.code,
      info?.reason ?? "",
      { ...(info?.metadata ?? {}) },
      violations,
      connectError.rawMessage,
      error,
    );
  }

  /** Whether this is the error `reason`; narrows `metadata` to that reason's fields. */
  is<R extends KnownReason>(reason: R): this is CreditsError & { reason: R; metadata: Readonly<ReasonMetadata[R]> } {
    return this.reason === reason;
  }

  /** The credential is missing, invalid or expired: get a new token and retry. */
  get isUnauthenticated(): boolean {
    return this.code === Code.Unauthenticated;
  }

  /** The credential is fine but may not do this (another account, a method tokens may not call). */
  get isPermissionDenied(): boolean {
    return this.code === Code.PermissionDenied;
  }

  /** Trying again later (with the same idempotency key) may succeed. */
  get isRetryable(): boolean {
    return this.code === Code.Unavailable || this.code === Code.DeadlineExceeded || this.code === Code.Unknown;
  }
}
