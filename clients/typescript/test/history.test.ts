import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import type { CreditsError } from "../src/errors";
import { LedgerService } from "../src/gen/credits/v1/ledger_service_pb";
import { JournalEntrySchema } from "../src/gen/credits/v1/types_pb";
import { ErrorInfoSchema } from "../src/gen/google/rpc/error_details_pb";
import { followHistory, readHistoryPage } from "../src/history";
import { FakeLedger } from "./support/fakeLedger";

const entry = (sequence: bigint) => create(JournalEntrySchema, { sequence, amount: 1n });

describe("readHistoryPage", () => {
  it("reads a full page, says more may follow, and closes the stream", async () => {
    const ledger = new FakeLedger("user:1");
    for (let i = 0; i < 5; i++) ledger.grant(10n);
    const client = createClient(LedgerService, ledger.transport());

    const page = await readHistoryPage(client, "user:1", 0n, 2);

    expect(page.entries.map((e) => e.sequence)).toEqual([1n, 2n]);
    expect(page.complete).toBe(false);
  });

  it("reads from the cursor, and a short page has reached the end", async () => {
    const ledger = new FakeLedger("user:1");
    for (let i = 0; i < 5; i++) ledger.grant(10n);
    const client = createClient(LedgerService, ledger.transport());

    const page = await readHistoryPage(client, "user:1", 3n, 10);

    expect(page.entries.map((e) => e.sequence)).toEqual([4n, 5n]);
    expect(page.complete).toBe(true);
    expect(ledger.historyRequests.at(-1)).toEqual({ afterSequence: 3n, follow: false });
  });

  it("refuses a page size the server would not want", async () => {
    const client = createClient(LedgerService, new FakeLedger("user:1").transport());

    await expect(readHistoryPage(client, "user:1", 0n, 0)).rejects.toThrow(RangeError);
  });
});

describe("followHistory", () => {
  it("resumes after the last entry delivered when the stream breaks, delivering each entry once", async () => {
    const requests: bigint[] = [];
    const transport = createRouterTransport(({ service }) => {
      service(LedgerService, {
        async *streamHistory(request) {
          requests.push(request.afterSequence);
          if (requests.length === 1) {
            yield { entry: entry(1n) };
            yield { entry: entry(2n) };
            throw new ConnectError("The server is shutting down.", Code.Unavailable);
          }
          yield { entry: entry(3n) };
        },
      });
    });
    const controller = new AbortController();
    const delivered: bigint[] = [];

    await followHistory(createClient(LedgerService, transport), "user:1", {
      signal: controller.signal,
      onEntry: (received) => {
        delivered.push(received.sequence);
        if (received.sequence === 3n) controller.abort();
      },
    });

    expect(delivered).toEqual([1n, 2n, 3n]);
    expect(requests).toEqual([0n, 2n]);
  });

  it("stops at once on a failure a retry cannot fix, such as an expired token", async () => {
    let calls = 0;
    const transport = createRouterTransport(({ service }) => {
      service(LedgerService, {
        // The stream fails before its first message.
        async *streamHistory() {
          calls++;
          throw new ConnectError("The token has expired.", Code.Unauthenticated, undefined, [
            { desc: ErrorInfoSchema, value: { reason: "TOKEN_EXPIRED", domain: "credits.v1", metadata: { expiredAt: "x" } } },
          ]);
        },
      });
    });
    const errors: [CreditsError, boolean][] = [];

    await followHistory(createClient(LedgerService, transport), "user:1", {
      signal: new AbortController().signal,
      onEntry: () => {},
      onError: (error, willRetry) => errors.push([error, willRetry]),
    });

    expect(calls).toBe(1);
    expect(errors.map(([error, willRetry]) => [error.reason, willRetry])).toEqual([["TOKEN_EXPIRED", false]]);
  });
});
