import type { CreditsClient } from "../client";

/** Where something went wrong that the caller's response cannot show. */
export type CreditsFailure = "reserve" | "commit" | "release";

/** What the Next.js and Express integrations share. `Req` is the framework's request type. */
export interface CreditsOptions<Req> {
  /** The ledger client, from `createCreditsServerClient()`: create one per process and share it. */
  client: CreditsClient;
  /**
   * The account to charge, e.g. `user:42`, read from what your authentication verified (the
   * session, a verified JWT's `sub`, a header your auth proxy sets and strips from clients). Never
   * from the request body, query or any header a client can set: whoever names the account spends
   * its credits. Return null or undefined for an anonymous request: it is answered 401.
   */
  account: (request: Req) => string | null | undefined | Promise<string | null | undefined>;
  /** Where a user buys credits: sent in the 402 body (`purchaseUrl`) and a `Link: <...>; rel="payment"` header. */
  purchaseUrl?: string | ((accountId: string) => string);
  /**
   * When the ledger cannot be reached (or times out): false (the default) answers 503 and runs
   * nothing; true runs the route unpaid (`charge.charged` is false) so an outage of the ledger is not
   * an outage of the product. Only unavailability fails open; insufficient credits never does.
   */
  failOpen?: boolean;
  /**
   * How long the hold lives, in seconds (1 to 86,400); default: the ledger's (5 minutes). A route
   * that runs longer must raise it, or its commit fails and the credits return to the account.
   */
  holdTtlSeconds?: number;
  /**
   * Told of failures the response cannot carry: a commit or release that failed after the route ran
   * (the hold then releases itself at its TTL), or a reserve refused for a configuration error
   * (unknown feature, bad key). Default: console.error.
   */
  onError?: (error: unknown, failure: CreditsFailure) => void;
}

export function report<Req>(options: CreditsOptions<Req>, error: unknown, failure: CreditsFailure): void {
  const onError = options.onError ?? ((e: unknown, f: CreditsFailure) => console.error(`credits: ${f} failed`, e));
  try {
    onError(error, failure);
  } catch {
    // A throwing reporter must not turn a served request into a failed one.
  }
}
