import { createHash, randomUUID } from "node:crypto";
import { Code } from "@connectrpc/connect";
import { CreditsError } from "../errors";
import { Charge } from "./charge";
import { type CreditsOptions, report } from "./options";
import { costOf, type Price } from "./price";
import * as problems from "./problem";
import type { Problem } from "./problem";

/** What the integration knows of the HTTP request, framework aside. */
export interface RequestFacts {
  method: string;
  /** The path without the query string. */
  path: string;
  /** The `Idempotency-Key` header, if the client sent one. */
  idempotencyKey: string | null;
}

/** Either the request may run (with its charge) or it is answered with a problem. */
export type Admission = { charge: Charge; problem?: undefined } | { problem: Problem; charge?: undefined };

/**
 * The ledger key of a request. A client's Idempotency-Key is scoped to the account and the route
 * (hashed, so any client string fits the ledger's 128 printable characters), so two users or two
 * routes never share one. Without a header every request gets a fresh key.
 */
export function ledgerKey(accountId: string, facts: RequestFacts): string {
  if (facts.idempotencyKey === null) {
    return `http-${randomUUID()}`;
  }
  const digest = createHash("sha256").update([accountId, facts.method, facts.path, facts.idempotencyKey].join("\n")).digest("hex");
  return `http-${digest}`;
}

/**
 * Reserves what `price` costs for the account the resolver names, and decides what the caller sees
 * when that fails: 401 anonymous, 402 insufficient credits, 409 key already used, 429 too many
 * holds, 503 (or fail-open) when the ledger is unavailable, 500 for a configuration the ledger refuses.
 */
export async function admit<Req>(price: Price<Req>, request: Req, facts: RequestFacts, options: CreditsOptions<Req>): Promise<Admission> {
  const accountId = await options.account(request);
  if (!accountId) {
    return { problem: problems.noAccount() };
  }
  const cost = await costOf(price, request);
  try {
    const reserved = await options.client.reserve({
      accountId,
      cost: cost.case === "amount" ? cost : { case: "feature", value: cost.value },
      quantity: cost.case === "feature" ? cost.quantity : 0n,
      idempotencyKey: ledgerKey(accountId, facts),
      ...(options.holdTtlSeconds === undefined ? {} : { ttl: { seconds: BigInt(options.holdTtlSeconds) } }),
      // A new attempt id each time makes a repeated Idempotency-Key a different request to the
      // ledger (IDEMPOTENCY_KEY_REUSED, answered 409) instead of a replay of the first hold, which
      // would run the route again for nothing once that hold is settled.
      metadata: { "http.route": `${facts.method} ${facts.path}`.slice(0, 512), "http.attempt": randomUUID() },
    });
    return { charge: new Charge(options.client, accountId, reserved.holdId, Number(reserved.amount), reserved.balance) };
  } catch (thrown) {
    const error = CreditsError.from(thrown);
    if (error.is("INSUFFICIENT_CREDITS")) {
      const purchaseUrl = typeof options.purchaseUrl === "function" ? options.purchaseUrl(accountId) : options.purchaseUrl;
      return { problem: problems.insufficientCredits(Number(error.metadata.available), Number(error.metadata.requested), purchaseUrl) };
    }
    if (error.is("IDEMPOTENCY_KEY_REUSED")) {
      return { problem: problems.idempotencyKeyUsed() };
    }
    if (error.reason === "ACCOUNT_LIMIT_REACHED") {
      return { problem: problems.tooManyInFlight() };
    }
    if (error.isRetryable || error.code === Code.ResourceExhausted) {
      return options.failOpen ? { charge: new Charge(undefined, accountId, undefined, 0, undefined) } : { problem: problems.ledgerUnavailable() };
    }
    report(options, error, "reserve");
    return { problem: problems.misconfigured() };
  }
}
