import { createClient } from "@connectrpc/connect";
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";
import { LedgerService } from "../src/gen/credits/v1/ledger_service_pb";
import { CreditsProvider } from "../src/react/CreditsProvider";
import { useCreditHistory } from "../src/react/useCreditHistory";
import { FakeLedger } from "./support/fakeLedger";

function wrapperFor(ledger: FakeLedger) {
  const client = createClient(LedgerService, ledger.transport());
  return ({ children }: { children: ReactNode }) => <CreditsProvider client={client}>{children}</CreditsProvider>;
}

const sequences = (entries: { sequence: bigint }[]) => entries.map((entry) => entry.sequence);

describe("useCreditHistory", () => {
  it("reads the first page and says there is more", async () => {
    const ledger = new FakeLedger("user:1");
    for (let i = 0; i < 5; i++) ledger.grant(10n);

    const { result } = renderHook(() => useCreditHistory("user:1", { pageSize: 2 }), { wrapper: wrapperFor(ledger) });

    await waitFor(() => expect(sequences(result.current.entries)).toEqual([1n, 2n]));
    expect(result.current.hasMore).toBe(true);
    expect(result.current.live).toBe(false);
  });

  it("reads page after page from the cursor until the end, then goes live", async () => {
    const ledger = new FakeLedger("user:1");
    for (let i = 0; i < 5; i++) ledger.grant(10n);
    const { result } = renderHook(() => useCreditHistory("user:1", { pageSize: 2 }), { wrapper: wrapperFor(ledger) });
    await waitFor(() => expect(result.current.entries).toHaveLength(2));

    act(() => result.current.loadMore());
    await waitFor(() => expect(sequences(result.current.entries)).toEqual([1n, 2n, 3n, 4n]));
    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.live).toBe(true));

    expect(sequences(result.current.entries)).toEqual([1n, 2n, 3n, 4n, 5n]);
    expect(result.current.hasMore).toBe(false);
    expect(ledger.historyRequests.map((request) => request.afterSequence)).toEqual([0n, 2n, 4n, 5n]);
  });

  it("appends entries written after the last page as they happen", async () => {
    const ledger = new FakeLedger("user:1");
    ledger.grant(10n);
    const { result } = renderHook(() => useCreditHistory("user:1"), { wrapper: wrapperFor(ledger) });
    await waitFor(() => expect(result.current.live).toBe(true));

    act(() => {
      ledger.grant(100n);
    });

    await waitFor(() => expect(sequences(result.current.entries)).toEqual([1n, 2n]));
    expect(result.current.entries[1]?.amount).toBe(100n);
  });

  it("reports a denied account as a typed error and reads nothing", async () => {
    const ledger = new FakeLedger("user:1");

    const { result } = renderHook(() => useCreditHistory("user:2"), { wrapper: wrapperFor(ledger) });

    await waitFor(() => expect(result.current.error?.reason).toBe("TOKEN_ACCOUNT_DENIED"));
    expect(result.current.entries).toEqual([]);
    expect(result.current.loading).toBe(false);
  });
});
