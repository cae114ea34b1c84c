import { useCallback, useEffect, useRef, useState } from "react";
import { CreditsError } from "../errors";
import type { JournalEntry } from "../gen/credits/v1/types_pb";
import { followHistory, readHistoryPage } from "../history";
import { useCreditsClient } from "./CreditsProvider";

/** Entries per page unless the caller says otherwise. */
export const DEFAULT_HISTORY_PAGE_SIZE = 20;

export interface CreditHistoryState {
  /** Entries loaded so far, in journal order (oldest first); live entries are appended. */
  entries: JournalEntry[];
  /** True while a page is being read. */
  loading: boolean;
  /** True when older pages are done and the journal's end has been reached: new entries now arrive live. */
  live: boolean;
  /** Whether {@link loadMore} has more to read. */
  hasMore: boolean;
  /** The last failure, cleared by the next success. */
  error: CreditsError | undefined;
  /** Reads the next page; once a page comes back short, switches to following live entries. */
  loadMore: () => void;
}

/**
 * An account's journal, a page at a time from the beginning (the journal's cursor runs forward),
 * then live: once the last page is read, StreamHistory follows the account from there, so entries
 * written later (a purchase, a spend) appear without polling.
 */
export function useCreditHistory(accountId: string, options?: { pageSize?: number }): CreditHistoryState {
  const pageSize = options?.pageSize ?? DEFAULT_HISTORY_PAGE_SIZE;
  const client = useCreditsClient();
  const [state, setState] = useState<Omit<CreditHistoryState, "loadMore">>(initial);
  // The running session for this account: its cursor and its stop signal. A new account starts a
  // new session, and results of the old one are dropped.
  const session = useRef<{ controller: AbortController; cursor: bigint; busy: boolean; done: boolean } | null>(null);

  const nextPage = useCallback(
    async (current: { controller: AbortController; cursor: bigint; busy: boolean; done: boolean }) => {
      if (current.busy || current.done) {
        return;
      }
      current.busy = true;
      const { signal } = current.controller;
      setState((previous) => ({ ...previous, loading: true }));
      try {
        const page = await readHistoryPage(client, accountId, current.cursor, pageSize, signal);
        if (signal.aborted) {
          return;
        }
        const last = page.entries.at(-1);
        if (last) {
          current.cursor = last.sequence;
        }
        current.done = page.complete;
        setState((previous) => ({
          entries: [...previous.entries, ...page.entries],
          loading: false,
          live: page.complete,
          hasMore: !page.complete,
          error: undefined,
        }));
        if (page.complete) {
          void followHistory(client, accountId, {
            afterSequence: current.cursor,
            signal,
            onEntry: (entry) => {
              current.cursor = entry.sequence;
              setState((previous) => ({ ...previous, entries: [...previous.entries, entry], error: undefined }));
            },
            onError: (error) => setState((previous) => ({ ...previous, error })),
          });
        }
      } catch (error) {
        if (!signal.aborted) {
          setState((previous) => ({ ...previous, loading: false, error: CreditsError.from(error) }));
        }
      } finally {
        current.busy = false;
      }
    },
    [client, accountId, pageSize],
  );

  useEffect(() => {
    const current = { controller: new AbortController(), cursor: 0n, busy: false, done: false };
    session.current = current;
    setState(initial());
    void nextPage(current);
    return () => current.controller.abort();
  }, [nextPage]);

  const loadMore = useCallback(() => {
    if (session.current) {
      void nextPage(session.current);
    }
  }, [nextPage]);

  return { ...state, loadMore };
}

function initial(): Omit<CreditHistoryState, "loadMore"> {
  return { entries: [], loading: true, live: false, hasMore: false, error: undefined };
}
