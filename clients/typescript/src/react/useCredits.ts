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
 * Stripe webhook. Reads are coalesced: a burst of entries costs at most two reads.
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

    async function read() {
      if (reading) {
        readAgain = true;
        return;
      }
      reading = true;
      try {
        do {
          readAgain = false;
          const response = await client.getBalance({ accountId }, { signal });
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
    }

    reload.current = () => void read();
    void read();
    void followHistory(client, accountId, {
      signal,
      onEntry: () => void read(),
      onError: (error) => setState((previous) => ({ ...previous, error })),
      onRecovered: () => void read(),
    });
    return () => controller.abort();
  }, [client, accountId]);

  const refresh = useCallback(() => reload.current(), []);
  return { ...state, refresh };
}
