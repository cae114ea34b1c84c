import { useCallback, useEffect, useState } from "react";
import {
  type AnalyticsClient,
  type Forecast,
  getForecast,
  getSuggestions,
  getUsage,
  type Granularity,
  type Suggestion,
  type Usage,
} from "../analytics";
import { CreditsError } from "../errors";
import { useAnalyticsClient } from "./CreditsProvider";

/** A report as last read, with its loading and error state. */
export interface ReportState<T> {
  /** The report; undefined until the first read answers (kept while a new read is under way). */
  data: T | undefined;
  /** True while a read is under way. */
  loading: boolean;
  /** The last failure, cleared by the next success. */
  error: CreditsError | undefined;
  /** Reads the report again now. */
  refresh: () => void;
}

/**
 * Reads `read` whenever `key` (what the report depends on, as a string) changes or refresh() is
 * called. Reports are computed from aggregates on demand, so they are read, not followed: a page
 * that wants them fresh after a spend calls refresh().
 */
function useReport<T>(key: string, read: (client: AnalyticsClient, signal: AbortSignal) => Promise<T>): ReportState<T> {
  const client = useAnalyticsClient();
  const [state, setState] = useState<Omit<ReportState<T>, "refresh">>({ data: undefined, loading: true, error: undefined });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true }));
    read(client, controller.signal).then(
      (data) => !controller.signal.aborted && setState({ data, loading: false, error: undefined }),
      (error: unknown) =>
        !controller.signal.aborted && setState((previous) => ({ ...previous, loading: false, error: CreditsError.from(error) })),
    );
    return () => controller.abort();
    // `read` is a new closure each render; `key` says when what it reads has changed.
  }, [client, key, generation]);

  const refresh = useCallback(() => setGeneration((value) => value + 1), []);
  return { ...state, refresh };
}

/** What {@link useUsage} shows: the range and how to bucket it. */
export interface UsageOptions {
  start: Date;
  end: Date;
  granularity?: Granularity;
  byFeature?: boolean;
  comparePrevious?: boolean;
}

/** The usage of `accountId` over a range (GetUsage), read again when the account or options change. */
export function useUsage(accountId: string, options: UsageOptions): ReportState<Usage> {
  const key = [accountId, options.start.toISOString(), options.end.toISOString(), options.granularity ?? "day", !!options.byFeature, !!options.comparePrevious].join("|");
  return useReport(key, (client, signal) => getUsage(client, accountId, options, signal));
}

/** The forecast of `accountId` (GetForecast). */
export function useForecast(accountId: string): ReportState<Forecast> {
  return useReport(accountId, (client, signal) => getForecast(client, accountId, signal));
}

/** Cost advice for `accountId` (GetSuggestions), money savings first. */
export function useSuggestions(accountId: string): ReportState<Suggestion[]> {
  return useReport(accountId, (client, signal) => getSuggestions(client, accountId, signal));
}
