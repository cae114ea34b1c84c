/** The media type of an RFC 9457 problem body. */
export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** The response header that tells the caller how many credits the account has left. */
export const CREDITS_REMAINING_HEADER = "Credits-Remaining";

/**
 * An RFC 9457 problem details body. `type` is a URN of this integration's (nothing to dereference);
 * clients match on it, never on `title` or `detail`.
 */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  [extension: string]: unknown;
}

/** A refusal the integration answers instead of running the route. */
export interface Problem {
  status: number;
  headers: Record<string, string>;
  body: ProblemBody;
}

function problem(status: number, name: string, title: string, detail: string, extensions: Record<string, unknown> = {}, headers: Record<string, string> = {}): Problem {
  return {
    status,
    headers: { "Content-Type": PROBLEM_CONTENT_TYPE, ...headers },
    body: { type: `urn:credits:problem:${name}`, title, status, detail, ...extensions },
  };
}

/**
 * 402: the account has `available` credits and the route needs `required`. The purchase link goes in
 * the body (`purchaseUrl`) and in a `Link` header with the registered relation "payment".
 */
export function insufficientCredits(available: number, required: number, purchaseUrl: string | undefined): Problem {
  return problem(
    402,
    "insufficient-credits",
    "Not enough credits",
    `This request costs ${required} credits and the account has ${available}.`,
    { available, required, ...(purchaseUrl ? { purchaseUrl } : {}) },
    { [CREDITS_REMAINING_HEADER]: String(available), ...(purchaseUrl ? { Link: `<${purchaseUrl}>; rel="payment"` } : {}) },
  );
}

/** 401: the `account` resolver found no authenticated account on the request. */
export function noAccount(): Problem {
  return problem(401, "no-account", "Not signed in", "This request costs credits and names no signed-in account.");
}

/**
 * 409: the Idempotency-Key was used before for this account and route. That request is charged at
 * most once; a repeat is never run again, which would give the work away.
 */
export function idempotencyKeyUsed(): Problem {
  return problem(409, "idempotency-key-used", "Idempotency-Key already used",
    "A request with this Idempotency-Key was already made for this account; it is charged at most once and not run again. Send a new key for a new request.");
}

/** 429: the account has as many requests in flight as the ledger allows holds (`Ledger:ActiveHoldsPerAccountMax`). */
export function tooManyInFlight(): Problem {
  return problem(429, "too-many-in-flight", "Too many paid requests in flight", "Wait for the account's running requests to finish.");
}

/**
 * 503: the ledger cannot be reached, so the route did not run (unless the integration is fail-open).
 * A reserve that reached the ledger before the failure left a hold that returns at its TTL, and
 * its key is spent: hence "a new key".
 */
export function ledgerUnavailable(): Problem {
  return problem(503, "ledger-unavailable", "Credits unavailable", "The credits service cannot be reached and nothing ran; try again later with a new Idempotency-Key.");
}

/** 500: the ledger refused the reserve for a reason that is the product's configuration (unknown feature, bad key, bad account id). */
export function misconfigured(): Problem {
  return problem(500, "credits-misconfigured", "Credits misconfigured", "The route's credits configuration was refused by the ledger.");
}
