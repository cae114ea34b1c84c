import { useCallback, useEffect, useRef, useState } from "react";
import { CreditsError } from "../errors";
import type { Balance } from "../gen/credits/v1/types_pb";
import { followHistory } from "../history";
import { useCreditsClient } from "./CreditsProvider";

export interface CreditsState {
  /** The balance as last read; undefined until the first read answers. */
  balance: Balance | undefined;
  /** True until the first read answers (or fails). */
  loading: boolean;
  /** The last failure, cleared by the next success. */
  error: CreditsError | undefined;
  /** Reads the balance again now. */
  refresh: () => void;
}

/**
 * An account's balance, kept live: it is read once, then read again whenever the account's
 * journal (followed with StreamHistory) records a change, such as a purchase landing through the
 * Stripe webhook. The follow starts at the balance's `lastSequence`, so a page load never replays
 * the account's history. Reads are coalesced: a burst of entries costs at most two reads.
 */
export function useCredits(accountId: string): CreditsState {
  const client = useCreditsClient();
  const [state, setState] = useState<Omit<CreditsState, "refresh">>({ balance: undefined, loading: true, error: undefined });
  const reload = useRef<() => void>(() => {});

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    setState({ balance: undefined, loading: true, error: undefined });
    let reading = false;
    let readAgain = false;

    // Resolves with the journal sequence the balance includes (0n when no read answered).
    async function read(): Promise<bigint> {
      if (reading) {
        readAgain = true;
        return 0n;
      }
      reading = true;
      let lastSequence = 0n;
      try {
        do {
          readAgain = false;
          const response = await client.getBalance({ accountId }, { signal });
          lastSequence = response.balance?.lastSequence ?? 0n;
          if (!signal.aborted) {
            setState({ balance: response.balance, loading: false, error: undefined });
          }
        } while (readAgain && !signal.aborted);
      } catch (error) {
        if (!signal.aborted) {
          setState((previous) => ({ ...previous, loading: false, error: CreditsError.from(error) }));
        }
      } finally {
        reading = false;
      }
      return lastSequence;
    }

    reload.current = () => void read();
    // Follow from what the first read included: entries after it are exactly the changes since.
    void read().then((afterSequence) => {
      if (signal.aborted) {
        return;
      }
      void followHistory(client, accountId, {
        afterSequence,
        signal,
        onEntry: () => void read(),
        onError: (error) => setState((previous) => ({ ...previous, error })),
        onRecovered: () => void read(),
      });
    });
    return () => controller.abort();
  }, [client, accountId]);

  const refresh = useCallback(() => reload.current(), []);
  return { ...state, refresh };
}
