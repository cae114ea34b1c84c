import { timestampDate } from "@bufbuild/protobuf/wkt";
import { createClient } from "@connectrpc/connect";
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";
import { createAnalyticsClient, getForecast, getSuggestions, getUsage, getUsageOverview } from "../src/analytics";
import { CreditsError } from "../src/errors";
import { LedgerService } from "../src/gen/credits/v1/ledger_service_pb";
import { UsageGranularity } from "../src/gen/credits/v1/analytics_service_pb";
import { CreditsProvider } from "../src/react/CreditsProvider";
import { useForecast, useSuggestions, useUsage } from "../src/react/useAnalytics";
import { FakeAnalytics } from "./support/fakeAnalytics";
import { FakeLedger } from "./support/fakeLedger";

const START = new Date("2026-12-01T00:00:00Z");
const END = new Date("2026-12-03T00:00:00Z");

function wrapperFor(analytics: FakeAnalytics) {
  const client = createClient(LedgerService, new FakeLedger(analytics.accountId).transport());
  const analyticsClient = createAnalyticsClient(analytics.transport());
  return ({ children }: { children: ReactNode }) => (
    <CreditsProvider client={client} analytics={analyticsClient}>
      {children}
    </CreditsProvider>
  );
}

describe("analytics client", () => {
  it("asks for the range, granularity and comparison, and returns dates and totals", async () => {
    const fake = new FakeAnalytics("user:1");

    const usage = await getUsage(createAnalyticsClient(fake.transport()), "user:1", {
      start: START,
      end: END,
      granularity: "week",
      byFeature: true,
      comparePrevious: true,
    });

    const sent = fake.usageRequests[0];
    expect(sent?.granularity).toBe(UsageGranularity.WEEK);
    expect(sent?.groupByFeature).toBe(true);
    expect(sent?.comparePrevious).toBe(true);
    expect(sent?.startTime && timestampDate(sent.startTime)).toEqual(START);
    expect(usage.buckets.map((bucket) => [bucket.start.toISOString(), bucket.feature, bucket.creditsSpent])).toEqual([
      ["2026-12-01T00:00:00.000Z", "chat", 30n],
      ["2026-12-02T00:00:00.000Z", "image", 10n],
    ]);
    expect(usage.totals).toEqual({ creditsSpent: 40n, operations: 4n });
    expect(usage.previous).toEqual({ creditsSpent: 20n, operations: 2n });
    expect(usage.changeCredits).toBe(20n);
    expect(usage.changePercent).toBe(100);
  });

  it("leaves the comparison out when it was not asked", async () => {
    const fake = new FakeAnalytics("user:1");

    const usage = await getUsage(createAnalyticsClient(fake.transport()), "user:1", { start: START, end: END });

    expect(fake.usageRequests[0]?.granularity).toBe(UsageGranularity.DAY);
    expect(usage.previous).toBeUndefined();
    expect(usage.changePercent).toBeUndefined();
  });

  it("returns the forecast with its run-out date, expiring lots and top-up", async () => {
    const forecast = await getForecast(createAnalyticsClient(new FakeAnalytics("user:1").transport()), "user:1");

    expect(forecast.burnRatePerDay).toBe(12.5);
    expect(forecast.runOutAt).toEqual(new Date("2026-12-12T00:00:00Z"));
    expect(forecast.expiringUnused).toEqual([{ lotId: "lot-1", credits: 15n, expiresAt: new Date("2026-12-20T00:00:00Z") }]);
    expect(forecast.suggestedTopUp).toEqual({ credits: 375n, packId: "pack-500", buyBefore: new Date("2026-12-12T00:00:00Z") });
  });

  it("names suggestion kinds, and shows a kind it does not know as unknown", async () => {
    const suggestions = await getSuggestions(createAnalyticsClient(new FakeAnalytics("user:1").transport()), "user:1");

    expect(suggestions.map((suggestion) => [suggestion.kind, suggestion.savingCredits])).toEqual([
      ["cheaper-feature", 12n],
      ["unknown", 0n],
    ]);
    expect(suggestions[0]?.alternative).toBe("chat-mini");
  });

  it("asks the overview for the range, granularity and top, and returns the rankings", async () => {
    const fake = new FakeAnalytics("user:1");

    const overview = await getUsageOverview(createAnalyticsClient(fake.transport()), { start: START, end: END, granularity: "month", top: 3 });

    expect(fake.overviewRequests[0]?.granularity).toBe(UsageGranularity.MONTH);
    expect(fake.overviewRequests[0]?.top).toBe(3);
    expect(overview.topAccounts).toEqual([{ accountId: "user:9", creditsSpent: 90n, operations: 9n }]);
    expect(overview.topFeatures).toEqual([{ feature: "", creditsSpent: 90n, operations: 9n }]);
    expect(overview.buckets[0]?.start).toEqual(new Date("2026-12-02T00:00:00Z"));
    expect(overview.totals).toEqual({ creditsSpent: 90n, operations: 9n });
  });

  it("fails with a CreditsError carrying the reason", async () => {
    const client = createAnalyticsClient(new FakeAnalytics("user:1").transport());

    const failure = await getForecast(client, "user:2").catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(CreditsError);
    expect((failure as CreditsError).reason).toBe("TOKEN_ACCOUNT_DENIED");
  });
});

describe("useUsage, useForecast, useSuggestions", () => {
  it("read their reports", async () => {
    const fake = new FakeAnalytics("user:1");

    const { result } = renderHook(
      () => ({
        usage: useUsage("user:1", { start: START, end: END, comparePrevious: true }),
        forecast: useForecast("user:1"),
        suggestions: useSuggestions("user:1"),
      }),
      { wrapper: wrapperFor(fake) },
    );

    expect(result.current.usage.loading).toBe(true);
    await waitFor(() => expect(result.current.usage.data?.totals.creditsSpent).toBe(40n));
    await waitFor(() => expect(result.current.forecast.data?.runOutAt).toEqual(new Date("2026-12-12T00:00:00Z")));
    await waitFor(() => expect(result.current.suggestions.data).toHaveLength(2));
    expect(result.current.usage.error).toBeUndefined();
  });

  it("read usage again when the granularity changes, and on refresh", async () => {
    const fake = new FakeAnalytics("user:1");
    const { result, rerender } = renderHook(({ granularity }) => useUsage("user:1", { start: START, end: END, granularity }), {
      wrapper: wrapperFor(fake),
      initialProps: { granularity: "day" as "day" | "month" },
    });
    await waitFor(() => expect(result.current.data?.totals.creditsSpent).toBe(40n));

    rerender({ granularity: "month" });
    await waitFor(() => expect(fake.usageRequests.at(-1)?.granularity).toBe(UsageGranularity.MONTH));
    fake.spent = 50n;
    act(() => result.current.refresh());

    await waitFor(() => expect(result.current.data?.totals.creditsSpent).toBe(60n));
    expect(fake.usageRequests).toHaveLength(3);
  });

  it("report a denied account as a typed error", async () => {
    const { result } = renderHook(() => useForecast("user:2"), { wrapper: wrapperFor(new FakeAnalytics("user:1")) });

    await waitFor(() => expect(result.current.error?.reason).toBe("TOKEN_ACCOUNT_DENIED"));
    expect(result.current.data).toBeUndefined();
    expect(result.current.loading).toBe(false);
  });

  it("say what is missing without an analytics client", () => {
    const client = createClient(LedgerService, new FakeLedger("user:1").transport());
    const wrapper = ({ children }: { children: ReactNode }) => <CreditsProvider client={client}>{children}</CreditsProvider>;

    expect(() => renderHook(() => useForecast("user:1"), { wrapper })).toThrow(/analytics=/);
  });
});
