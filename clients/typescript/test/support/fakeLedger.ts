import { create } from "@bufbuild/protobuf";
import { timestampNow } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createRouterTransport, type Transport } from "@connectrpc/connect";
import { LedgerService } from "../../src/gen/credits/v1/ledger_service_pb";
import { BalanceSchema, Bucket, EntryKind, type JournalEntry, JournalEntrySchema } from "../../src/gen/credits/v1/types_pb";
import { ErrorInfoSchema } from "../../src/gen/google/rpc/error_details_pb";

/**
 * An in-memory stand-in for the ledger, enough for the hooks: one account's balance and journal,
 * StreamHistory from a cursor and (with follow) live, and the token rule for one account. Tests
 * change it with {@link grant} and watch what the hooks show.
 */
export class FakeLedger {
  readonly entries: JournalEntry[] = [];
  readonly historyRequests: { afterSequence: bigint; follow: boolean }[] = [];
  balanceReads = 0;
  private available = 0n;
  private readonly waiters = new Set<() => void>();

  constructor(readonly accountId: string) {}

  /** Appends a grant to the journal and wakes live followers. */
  grant(amount: bigint): JournalEntry {
    this.available += amount;
    const entry = create(JournalEntrySchema, {
      sequence: BigInt(this.entries.length + 1),
      kind: EntryKind.GRANT,
      amount,
      availableAfter: this.available,
      bucket: Bucket.PURCHASED,
      actor: "stripe",
      createdAt: timestampNow(),
    });
    this.entries.push(entry);
    for (const wake of [...this.waiters]) {
      wake();
    }
    return entry;
  }

  /** A transport serving this ledger, as the server would over gRPC-Web. */
  transport(): Transport {
    return createRouterTransport(({ service }) => {
      service(LedgerService, {
        getBalance: (request) => {
          this.checkAccount(request.accountId);
          this.balanceReads++;
          return {
            balance: create(BalanceSchema, { accountId: request.accountId, available: this.available, lastSequence: BigInt(this.entries.length) }),
          };
        },
        streamHistory: (request, context) => this.stream(request.accountId, request.afterSequence, request.follow, context.signal),
      });
    });
  }

  private async *stream(accountId: string, afterSequence: bigint, follow: boolean, signal: AbortSignal) {
    this.checkAccount(accountId);
    this.historyRequests.push({ afterSequence, follow });
    let cursor = afterSequence;
    for (;;) {
      for (const entry of this.entries.filter((candidate) => candidate.sequence > cursor)) {
        cursor = entry.sequence;
        yield { entry };
      }
      if (!follow || signal.aborted) {
        return;
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          resolve();
        };
        this.waiters.add(wake);
        signal.addEventListener("abort", wake, { once: true });
      });
      if (signal.aborted) {
        return;
      }
    }
  }

  private checkAccount(accountId: string) {
    if (accountId !== this.accountId) {
      throw new ConnectError("The token was not minted for the account.", Code.PermissionDenied, undefined, [
        { desc: ErrorInfoSchema, value: { reason: "TOKEN_ACCOUNT_DENIED", domain: "credits.v1", metadata: { accountId } } },
      ]);
    }
  }
}
