import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createRouterTransport, type Transport } from "@connectrpc/connect";
import {
  AnalyticsService,
  GetForecastResponseSchema,
  type GetUsageOverviewRequest,
  type GetUsageRequest,
  GetUsageResponseSchema,
  SuggestionKind,
  SuggestionSchema,
} from "../../src/gen/credits/v1/analytics_service_pb";
import { ErrorInfoSchema } from "../../src/gen/google/rpc/error_details_pb";

const day = (iso: string) => timestampFromDate(new Date(iso));

/**
 * An in-memory AnalyticsService for one account with fixed reports, recording the usage requests
 * it gets; other accounts are denied as the server denies an end-user token.
 */
export class FakeAnalytics {
  readonly usageRequests: GetUsageRequest[] = [];
  readonly overviewRequests: GetUsageOverviewRequest[] = [];
  forecastReads = 0;
  /** Credits the next usage report says were spent on 2026-12-01 (tests change it to see a refresh). */
  spent = 30n;

  constructor(readonly accountId: string) {}

  transport(): Transport {
    return createRouterTransport(({ service }) => {
      service(AnalyticsService, {
        getUsage: (request) => {
          this.checkAccount(request.accountId);
          this.usageRequests.push(request);
          return create(GetUsageResponseSchema, {
            startTime: day("2026-12-01T00:00:00Z"),
            endTime: day("2026-12-03T00:00:00Z"),
            buckets: [
              { startTime: day("2026-12-01T00:00:00Z"), feature: "chat", creditsSpent: this.spent, operations: 3n },
              { startTime: day("2026-12-02T00:00:00Z"), feature: "image", creditsSpent: 10n, operations: 1n },
            ],
            totals: { creditsSpent: this.spent + 10n, operations: 4n },
            ...(request.comparePrevious ? { previousTotals: { creditsSpent: 20n, operations: 2n }, changeCredits: this.spent - 10n, changePercent: 100 } : {}),
          });
        },
        getForecast: (request) => {
          this.checkAccount(request.accountId);
          this.forecastReads++;
          return create(GetForecastResponseSchema, {
            burnRatePerDay: 12.5,
            windowDays: 28,
            halfLifeDays: 7,
            available: 100n,
            runOutAt: day("2026-12-12T00:00:00Z"),
            expiringUnused: [{ lotId: "lot-1", credits: 15n, expiresAt: day("2026-12-20T00:00:00Z") }],
            suggestedTopUp: { credits: 375n, packId: "pack-500", buyBefore: day("2026-12-12T00:00:00Z") },
          });
        },
        getUsageOverview: (request) => {
          this.overviewRequests.push(request);
          return {
            startTime: day("2026-12-01T00:00:00Z"),
            endTime: day("2026-12-03T00:00:00Z"),
            topAccounts: [{ accountId: "user:9", creditsSpent: 90n, operations: 9n }],
            topFeatures: [{ feature: "", creditsSpent: 90n, operations: 9n }],
            buckets: [{ startTime: day("2026-12-02T00:00:00Z"), creditsSpent: 90n, operations: 9n }],
            totals: { creditsSpent: 90n, operations: 9n },
          };
        },
        getSuggestions: (request) => {
          this.checkAccount(request.accountId);
          return {
            suggestions: [
              create(SuggestionSchema, { kind: SuggestionKind.CHEAPER_FEATURE, message: "Use chat-mini", savingCredits: 12n, feature: "chat", alternative: "chat-mini" }),
              create(SuggestionSchema, { kind: 9 as SuggestionKind, message: "Something newer" }),
            ],
          };
        },
      });
    });
  }

  private checkAccount(accountId: string) {
    if (accountId !== this.accountId) {
      throw new ConnectError("The token was not minted for the account.", Code.PermissionDenied, undefined, [
        { desc: ErrorInfoSchema, value: { reason: "TOKEN_ACCOUNT_DENIED", domain: "credits.v1", metadata: { accountId } } },
      ]);
    }
  }
}
