import { createClient } from "@connectrpc/connect";
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";
import { LedgerService } from "../src/gen/credits/v1/ledger_service_pb";
import { CreditsProvider } from "../src/react/CreditsProvider";
import { useCredits } from "../src/react/useCredits";
import { FakeLedger } from "./support/fakeLedger";

function wrapperFor(ledger: FakeLedger) {
  const client = createClient(LedgerService, ledger.transport());
  return ({ children }: { children: ReactNode }) => <CreditsProvider client={client}>{children}</CreditsProvider>;
}

describe("useCredits", () => {
  it("reads the balance", async () => {
    const ledger = new FakeLedger("user:1");
    ledger.grant(40n);

    const { result } = renderHook(() => useCredits("user:1"), { wrapper: wrapperFor(ledger) });

    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.balance?.available).toBe(40n));
    expect(result.current.loading).toBe(false);
    expect(result.current.error).toBeUndefined();
  });

  it("shows a purchase that lands later without being asked", async () => {
    const ledger = new FakeLedger("user:1");
    ledger.grant(40n);
    const { result } = renderHook(() => useCredits("user:1"), { wrapper: wrapperFor(ledger) });
    await waitFor(() => expect(result.current.balance?.available).toBe(40n));

    act(() => {
      ledger.grant(100n);
    });

    await waitFor(() => expect(result.current.balance?.available).toBe(140n));
  });

  it("follows the journal from the sequence the balance includes, never replaying the history", async () => {
    const ledger = new FakeLedger("user:1");
    ledger.grant(40n);
    ledger.grant(2n);
    const { result } = renderHook(() => useCredits("user:1"), { wrapper: wrapperFor(ledger) });
    await waitFor(() => expect(ledger.historyRequests).toHaveLength(1));

    act(() => {
      ledger.grant(100n);
    });

    await waitFor(() => expect(result.current.balance?.available).toBe(142n));
    expect(ledger.historyRequests[0]).toEqual({ afterSequence: 2n, follow: true });
  });

  it("reports a denied account as a typed error", async () => {
    const ledger = new FakeLedger("user:1");

    const { result } = renderHook(() => useCredits("user:2"), { wrapper: wrapperFor(ledger) });

    await waitFor(() => expect(result.current.error?.reason).toBe("TOKEN_ACCOUNT_DENIED"));
    expect(result.current.balance).toBeUndefined();
    expect(result.current.loading).toBe(false);
  });

  it("starts over for another account", async () => {
    const ledger = new FakeLedger("user:1");
    ledger.grant(40n);
    const { result, rerender } = renderHook(({ account }) => useCredits(account), {
      wrapper: wrapperFor(ledger),
      initialProps: { account: "user:1" },
    });
    await waitFor(() => expect(result.current.balance?.available).toBe(40n));

    rerender({ account: "user:2" });

    await waitFor(() => expect(result.current.error?.reason).toBe("TOKEN_ACCOUNT_DENIED"));
    expect(result.current.balance).toBeUndefined();
  });

  it("reads again on refresh", async () => {
    const ledger = new FakeLedger("user:1");
    const { result } = renderHook(() => useCredits("user:1"), { wrapper: wrapperFor(ledger) });
    await waitFor(() => expect(result.current.loading).toBe(false));
    const reads = ledger.balanceReads;

    act(() => result.current.refresh());

    await waitFor(() => expect(ledger.balanceReads).toBe(reads + 1));
  });
});
