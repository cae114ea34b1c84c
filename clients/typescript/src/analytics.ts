import { timestampDate, timestampFromDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import { type Client, createClient, type Transport } from "@connectrpc/connect";
import { CreditsError } from "./errors";
import {
  AnalyticsService,
  type GetForecastResponse,
  type GetUsageOverviewResponse,
  type GetUsageResponse,
  type Suggestion as SuggestionMessage,
  SuggestionKind,
  UsageGranularity,
  type UsageTotals as UsageTotalsMessage,
} from "./gen/credits/v1/analytics_service_pb";

/** The generated client of `credits.v1.AnalyticsService`. An end-user token reads its own account only. */
export type AnalyticsClient = Client<typeof AnalyticsService>;

/** A client over `transport` (the same transport as {@link createCreditsClient}'s). */
export function createAnalyticsClient(transport: Transport): AnalyticsClient {
  return createClient(AnalyticsService, transport);
}

/** The length of a usage bucket; buckets start at 00:00 UTC (weeks on Mondays). */
export type Granularity = "day" | "week" | "month";

const GRANULARITY: Record<Granularity, UsageGranularity> = {
  day: UsageGranularity.DAY,
  week: UsageGranularity.WEEK,
  month: UsageGranularity.MONTH,
};

/** What {@link getUsage} asks for. */
export interface UsageQuery {
  /** Start of the range (inclusive); the server widens it to the start of its bucket. */
  start: Date;
  /** End of the range (exclusive); at most 1,100 days after `start`. */
  end: Date;
  /** Bucket length; "day" when left out. */
  granularity?: Granularity;
  /** One bucket per feature and period instead of one per period. */
  byFeature?: boolean;
  /** Also sum as many buckets just before the range, and the change. */
  comparePrevious?: boolean;
}

/** Credits committed and paid operations (holds committed). */
export interface UsageTotals {
  creditsSpent: bigint;
  operations: bigint;
}

/** What one period (and feature, when grouped) spent. */
export interface UsageBucket extends UsageTotals {
  /** Start of the bucket (00:00 UTC). */
  start: Date;
  /** The feature ("" for holds reserved by amount, and when not grouped by feature). */
  feature: string;
}

/** The usage of a range widened to whole buckets. */
export interface Usage {
  start: Date;
  end: Date;
  /** Buckets with usage, oldest first then by feature; periods without usage are left out. */
  buckets: UsageBucket[];
  totals: UsageTotals;
  /** Set only when `comparePrevious` was asked. */
  previous: UsageTotals | undefined;
  /** totals - previous (0n without a comparison). */
  changeCredits: bigint;
  /** The change in percent of the previous period; undefined when it spent nothing. */
  changePercent: number | undefined;
}

/** Credits of one lot expected to expire before they are spent. */
export interface ExpiringCredits {
  lotId: string;
  credits: bigint;
  expiresAt: Date;
}

/** When the account's credits run out at its recent rate, and what to buy before then. */
export interface Forecast {
  /** Credits spent per day (the weighted mean of the last `windowDays` full UTC days). */
  burnRatePerDay: number;
  windowDays: number;
  halfLifeDays: number;
  /** Credits available now (held credits left out). */
  available: bigint;
  /** Undefined when the account spends nothing. */
  runOutAt: Date | undefined;
  /** Soonest first. */
  expiringUnused: ExpiringCredits[];
  /** Credits covering 30 days (0n when nothing is spent), the pack that covers them, and by when to buy. */
  suggestedTopUp: { credits: bigint; packId: string; buyBefore: Date | undefined };
}

/** What a suggestion is about. */
export type SuggestionKindName = "subscription-cheaper" | "cheaper-feature" | "use-expiring-credits" | "unknown";

/** One piece of cost advice; which fields are set depends on `kind` (see the proto). */
export interface Suggestion {
  kind: SuggestionKindName;
  /** For a person, with the arithmetic. */
  message: string;
  savingCredits: bigint;
  /** Money saved in minor units of `currency`. */
  savingAmount: bigint;
  currency: string;
  feature: string;
  alternative: string;
  tierId: string;
  lotId: string;
  expiresAt: Date | undefined;
}

/** Usage of `accountId` per bucket over a range. Fails with a {@link CreditsError}. */
export async function getUsage(client: AnalyticsClient, accountId: string, query: UsageQuery, signal?: AbortSignal): Promise<Usage> {
  try {
    const response = await client.getUsage(
      {
        accountId,
        startTime: timestampFromDate(query.start),
        endTime: timestampFromDate(query.end),
        granularity: GRANULARITY[query.granularity ?? "day"],
        groupByFeature: query.byFeature ?? false,
        comparePrevious: query.comparePrevious ?? false,
      },
      { signal },
    );
    return toUsage(response);
  } catch (error) {
    throw CreditsError.from(error);
  }
}

/** The forecast of `accountId`. Fails with a {@link CreditsError}. */
export async function getForecast(client: AnalyticsClient, accountId: string, signal?: AbortSignal): Promise<Forecast> {
  try {
    return toForecast(await client.getForecast({ accountId }, { signal }));
  } catch (error) {
    throw CreditsError.from(error);
  }
}

/** Cost advice for `accountId`, money savings first. Fails with a {@link CreditsError}. */
export async function getSuggestions(client: AnalyticsClient, accountId: string, signal?: AbortSignal): Promise<Suggestion[]> {
  try {
    const response = await client.getSuggestions({ accountId }, { signal });
    return response.suggestions.map(toSuggestion);
  } catch (error) {
    throw CreditsError.from(error);
  }
}

/** What {@link getUsageOverview} asks for: every account over a range. */
export interface UsageOverviewQuery {
  start: Date;
  end: Date;
  /** Bucket length of `buckets`; "day" when left out. */
  granularity?: Granularity;
  /** How many accounts and features to rank, 1 to 100; 10 when left out. */
  top?: number;
}

/** Every account's usage over a range, for operators. */
export interface UsageOverview {
  start: Date;
  end: Date;
  /** Most credits first. */
  topAccounts: { accountId: string; creditsSpent: bigint; operations: bigint }[];
  /** Most credits first ("" is holds reserved by amount). */
  topFeatures: { feature: string; creditsSpent: bigint; operations: bigint }[];
  /** Every account's spend per bucket with usage, oldest first (feature ""). */
  buckets: UsageBucket[];
  totals: UsageTotals;
}

/**
 * The operators' overview (GetUsageOverview): needs a credential with the `admin` scope, so an
 * operator's tool, never an end user's page. Fails with a {@link CreditsError}.
 */
export async function getUsageOverview(client: AnalyticsClient, query: UsageOverviewQuery, signal?: AbortSignal): Promise<UsageOverview> {
  try {
    const response = await client.getUsageOverview(
      {
        startTime: timestampFromDate(query.start),
        endTime: timestampFromDate(query.end),
        granularity: GRANULARITY[query.granularity ?? "day"],
        top: query.top ?? 0,
      },
      { signal },
    );
    return toOverview(response);
  } catch (error) {
    throw CreditsError.from(error);
  }
}

function toOverview(response: GetUsageOverviewResponse): UsageOverview {
  return {
    start: dateOf(response.startTime) ?? new Date(0),
    end: dateOf(response.endTime) ?? new Date(0),
    topAccounts: response.topAccounts.map(({ accountId, creditsSpent, operations }) => ({ accountId, creditsSpent, operations })),
    topFeatures: response.topFeatures.map(({ feature, creditsSpent, operations }) => ({ feature, creditsSpent, operations })),
    buckets: response.buckets.map((bucket) => ({
      start: dateOf(bucket.startTime) ?? new Date(0),
      feature: bucket.feature,
      creditsSpent: bucket.creditsSpent,
      operations: bucket.operations,
    })),
    totals: totalsOf(response.totals) ?? { creditsSpent: 0n, operations: 0n },
  };
}

function toUsage(response: GetUsageResponse): Usage {
  return {
    start: dateOf(response.startTime) ?? new Date(0),
    end: dateOf(response.endTime) ?? new Date(0),
    buckets: response.buckets.map((bucket) => ({
      start: dateOf(bucket.startTime) ?? new Date(0),
      feature: bucket.feature,
      creditsSpent: bucket.creditsSpent,
      operations: bucket.operations,
    })),
    totals: totalsOf(response.totals) ?? { creditsSpent: 0n, operations: 0n },
    previous: totalsOf(response.previousTotals),
    changeCredits: response.changeCredits,
    changePercent: response.changePercent,
  };
}

function toForecast(response: GetForecastResponse): Forecast {
  const topUp = response.suggestedTopUp;
  return {
    burnRatePerDay: response.burnRatePerDay,
    windowDays: response.windowDays,
    halfLifeDays: response.halfLifeDays,
    available: response.available,
    runOutAt: dateOf(response.runOutAt),
    expiringUnused: response.expiringUnused.map((lot) => ({
      lotId: lot.lotId,
      credits: lot.credits,
      expiresAt: dateOf(lot.expiresAt) ?? new Date(0),
    })),
    suggestedTopUp: { credits: topUp?.credits ?? 0n, packId: topUp?.packId ?? "", buyBefore: dateOf(topUp?.buyBefore) },
  };
}

const KIND_NAMES: Partial<Record<SuggestionKind, SuggestionKindName>> = {
  [SuggestionKind.SUBSCRIPTION_CHEAPER]: "subscription-cheaper",
  [SuggestionKind.CHEAPER_FEATURE]: "cheaper-feature",
  [SuggestionKind.USE_EXPIRING_CREDITS]: "use-expiring-credits",
};

function toSuggestion(message: SuggestionMessage): Suggestion {
  return {
    // A kind added to the server after this client was built shows as "unknown", not as an error.
    kind: KIND_NAMES[message.kind] ?? "unknown",
    message: message.message,
    savingCredits: message.savingCredits,
    savingAmount: message.savingAmount,
    currency: message.currency,
    feature: message.feature,
    alternative: message.alternative,
    tierId: message.tierId,
    lotId: message.lotId,
    expiresAt: dateOf(message.expiresAt),
  };
}

function totalsOf(totals: UsageTotalsMessage | undefined): UsageTotals | undefined {
  return totals ? { creditsSpent: totals.creditsSpent, operations: totals.operations } : undefined;
}

function dateOf(timestamp: Timestamp | undefined): Date | undefined {
  return timestamp ? timestampDate(timestamp) : undefined;
}
