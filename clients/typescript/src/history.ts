import type { CreditsClient } from "./client";
import { CreditsError } from "./errors";
import { followStream } from "./follow";
import type { JournalEntry } from "./gen/credits/v1/types_pb";


/** The most entries one page of history asks for. */
export const HISTORY_PAGE_SIZE_MAX = 500;

export interface HistoryPage {
  /** Entries in journal order (ascending sequence). */
  entries: JournalEntry[];
  /** True when the journal has no entries past this page (yet). */
  complete: boolean;
}

/**
 * Reads up to `pageSize` entries after `afterSequence` (StreamHistory without follow), then stops
 * the stream. A page shorter than `pageSize` reached the end of the journal.
 */
export async function readHistoryPage(
  client: CreditsClient,
  accountId: string,
  afterSequence: bigint,
  pageSize: number,
  signal?: AbortSignal,
): Promise<HistoryPage> {
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > HISTORY_PAGE_SIZE_MAX) {
    throw new RangeError(`pageSize must be 1 to ${HISTORY_PAGE_SIZE_MAX}`);
  }
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener("abort", onAbort);
  const entries: JournalEntry[] = [];
  try {
    for await (const response of client.streamHistory({ accountId, afterSequence, follow: false }, { signal: stop.signal })) {
      if (response.entry) {
        entries.push(response.entry);
      }
      if (entries.length === pageSize) {
        // The page is full: closing the stream here, rather than reading on, keeps a page cheap.
        stop.abort();
        return { entries, complete: false };
      }
    }
    return { entries, complete: true };
  } catch (error) {
    throw CreditsError.from(error);
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}

export interface FollowHistoryOptions {
  /** Deliver entries after this sequence (0: from the beginning). */
  afterSequence?: bigint;
  /** Ends the follow. */
  signal: AbortSignal;
  /** Called with each entry, in order, exactly once even across reconnects. */
  onEntry: (entry: JournalEntry) => void;
  /** Called with every failure; the follower reconnects after those it can recover from. */
  onError?: (error: CreditsError, willRetry: boolean) => void;
  /** Called when a (re)connected stream delivers its first entry, to clear a shown error. */
  onRecovered?: () => void;
}

/**
 * Follows an account's journal live (StreamHistory with follow), resuming after the last entry
 * delivered whenever the stream breaks (a server shutdown ends it with UNAVAILABLE SHUTTING_DOWN),
 * with a growing delay. Resolves when `signal` aborts or a permanent error (such as an expired
 * token) ends it.
 */
export function followHistory(client: CreditsClient, accountId: string, options: FollowHistoryOptions): Promise<void> {
  return followStream(
    async function* (afterSequence, signal) {
      for await (const response of client.streamHistory({ accountId, afterSequence, follow: true }, { signal })) {
        yield response.entry;
      }
    },
    (entry) => entry.sequence,
    { ...options, onItem: options.onEntry },
  );
}
