import type { CreditsClient } from "../client";
import { CreditsError } from "../errors";
import type { Balance } from "../gen/credits/v1/types_pb";

/** How a request ended, as far as its credits go. */
export type Settlement = "commit" | "release";

/** What settling did: the balance after it, or why it could not. */
export type SettleResult = { balance: Balance | undefined } | { error: CreditsError };

/**
 * The credits held for one request, handed to the handler. The handler may say the work cost less
 * than was held with {@link Charge.use}; the integration then commits that much on success. A
 * request is settled once: the first of commit (2xx) and release (anything else, a throw, an abort)
 * wins, and later ones return the same result.
 */
export class Charge {
  private used: bigint | undefined;
  private settled: Promise<SettleResult> | undefined;

  constructor(
    private readonly client: CreditsClient | undefined,
    /** The account charged, from the integration's `account` resolver. */
    readonly accountId: string,
    /** The hold's id; undefined when the ledger was unavailable and the route runs fail-open, unpaid. */
    readonly holdId: string | undefined,
    /** Credits held for this request (0 fail-open). */
    readonly reserved: number,
    /** The account's balance right after the hold; undefined fail-open. */
    readonly balance: Balance | undefined,
  ) {}

  /** False when the route runs fail-open with no hold: nothing will be charged. */
  get charged(): boolean {
    return this.holdId !== undefined;
  }

  /**
   * Says what the work actually cost, from 0 to {@link reserved}: that much is committed on success
   * and the rest returned (0 releases the hold). Unset, all of it is committed. Fail-open (nothing
   * held) it accepts any whole number and charges nothing.
   */
  use(credits: number): void {
    // Fail-open holds nothing, so any cost is accepted (and charged nowhere): the route runs as it would paid.
    const most = this.charged ? this.reserved : Number.MAX_SAFE_INTEGER;
    if (!Number.isSafeInteger(credits) || credits < 0 || credits > most) {
      throw new RangeError(`use() takes a whole number from 0 to the ${this.reserved} credits held, not ${credits}.`);
    }
    this.used = BigInt(credits);
  }

  /** The credits a commit would debit: what {@link use} said, else all of the hold. */
  get toCommit(): number {
    return this.used === undefined ? this.reserved : Number(this.used);
  }

  /**
   * What the account has left once this request's charge is committed, as of the reserve (other
   * requests of the account may have spent since); undefined fail-open.
   */
  get remainingAfterCommit(): number | undefined {
    if (this.balance === undefined) {
      return undefined;
    }
    return Number(this.balance.available) + this.reserved - this.toCommit;
  }

  /** The outcome of the first {@link settle}, or undefined while the request is still running. */
  get settlement(): Promise<SettleResult> | undefined {
    return this.settled;
  }

  /** Commits (or releases) the hold, once; every later call returns the first call's result. */
  settle(how: Settlement): Promise<SettleResult> {
    this.settled ??= this.apply(how);
    return this.settled;
  }

  private async apply(how: Settlement): Promise<SettleResult> {
    const { client, holdId } = this;
    if (client === undefined || holdId === undefined) {
      return { balance: undefined };
    }
    const release = how === "release" || this.used === 0n;
    // Commit and Release are idempotent per hold, so a call lost to a blip is tried once more;
    // a hold neither committed nor released gives its credits back when its TTL passes.
    let last: CreditsError | undefined;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const response = release
          ? await client.release({ holdId })
          : await client.commit(this.used === undefined ? { holdId } : { holdId, amount: this.used });
        return { balance: response.balance };
      } catch (error) {
        last = CreditsError.from(error);
        if (!last.isRetryable) {
          break;
        }
      }
    }
    return { error: last as CreditsError };
  }
}
