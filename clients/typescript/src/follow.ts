import { Code } from "@connectrpc/connect";
import { CreditsError } from "./errors";

/** How long a follower waits before reconnecting, doubling from the first to the last. */
export const RECONNECT_DELAY_MS_MIN = 500;
export const RECONNECT_DELAY_MS_MAX = 10_000;

export interface FollowOptions<T> {
  /** Deliver items after this sequence (0: from the beginning). */
  afterSequence?: bigint;
  /** Ends the follow. */
  signal: AbortSignal;
  /** Called with each item, in order, exactly once even across reconnects. */
  onItem: (item: T) => void;
  /** Called with every failure; the follower reconnects after those it can recover from. */
  onError?: (error: CreditsError, willRetry: boolean) => void;
  /** Called when a (re)connected stream delivers its first item after a failure, to clear a shown error. */
  onRecovered?: () => void;
}

// Failures a retry cannot fix: the credential or the request must change first.
const PERMANENT_CODES = new Set([
  Code.Unauthenticated,
  Code.PermissionDenied,
  Code.InvalidArgument,
  Code.NotFound,
  Code.FailedPrecondition,
  Code.Unimplemented,
]);

/**
 * Follows a live server stream of sequenced items (StreamHistory with follow, StreamNotifications),
 * reopening it after the last item delivered whenever it breaks (a server shutdown ends it with
 * UNAVAILABLE SHUTTING_DOWN), with a growing delay. Resolves when `signal` aborts or a permanent
 * error (such as an expired token) ends it.
 */
export async function followStream<T>(
  open: (afterSequence: bigint, signal: AbortSignal) => AsyncIterable<T | undefined>,
  sequenceOf: (item: T) => bigint,
  options: FollowOptions<T>,
): Promise<void> {
  const { signal } = options;
  let cursor = options.afterSequence ?? 0n;
  let delay = RECONNECT_DELAY_MS_MIN;
  while (!signal.aborted) {
    let failed = false;
    try {
      for await (const item of open(cursor, signal)) {
        if (!item || sequenceOf(item) <= cursor) {
          continue;
        }
        if (delay !== RECONNECT_DELAY_MS_MIN) {
          options.onRecovered?.();
        }
        delay = RECONNECT_DELAY_MS_MIN;
        cursor = sequenceOf(item);
        options.onItem(item);
      }
    } catch (error) {
      if (signal.aborted) {
        return;
      }
      const creditsError = CreditsError.from(error);
      const willRetry = !PERMANENT_CODES.has(creditsError.code);
      options.onError?.(creditsError, willRetry);
      if (!willRetry) {
        return;
      }
      failed = true;
    }
    // A live stream only ends when it breaks; either way, come back after a pause.
    await sleep(delay, signal);
    if (failed) {
      delay = Math.min(delay * 2, RECONNECT_DELAY_MS_MAX);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
