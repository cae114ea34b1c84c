import { useMemo, useState } from "react";
import type { Granularity } from "../src/analytics";
import { useUsage } from "../src/react/useAnalytics";
import { errorText } from "./errorText";
import { credits } from "./format";
import { SpendChart } from "./SpendChart";
import { rangeFor, spendTable } from "./usagePeriods";

const GRANULARITIES: { value: Granularity; label: string; period: string }[] = [
  { value: "day", label: "Days", period: "30 days" },
  { value: "week", label: "Weeks", period: "12 weeks" },
  { value: "month", label: "Months", period: "12 months" },
];

/** Spend by feature over time, with a granularity switch, and this period against the one before. */
export function SpendCard({ accountId, now }: { accountId: string; now: Date }) {
  const [granularity, setGranularity] = useState<Granularity>("day");
  const range = useMemo(() => rangeFor(granularity, now), [granularity, now]);
  const { data: usage, loading, error } = useUsage(accountId, { ...range, granularity, byFeature: true, comparePrevious: true });
  const table = useMemo(() => spendTable(usage?.buckets ?? []), [usage]);
  const period = GRANULARITIES.find((choice) => choice.value === granularity)?.period ?? "";

  return (
    <section className="card" aria-busy={loading}>
      <div className="card-header">
        <h2>Spend by feature</h2>
        <div role="radiogroup" aria-label="Granularity" className="switch">
          {GRANULARITIES.map((choice) => (
            <label key={choice.value}>
              <input
                type="radio"
                name="granularity"
                value={choice.value}
                checked={granularity === choice.value}
                onChange={() => setGranularity(choice.value)}
                data-testid={`granularity-${choice.value}`}
              />
              {choice.label}
            </label>
          ))}
        </div>
      </div>
      {error && (
        <p className="notice notice-error" data-testid="usage-error">
          {errorText(error)}
        </p>
      )}
      {!usage && !error && <p className="muted">Loading usage…</p>}
      {usage && (
        <>
          <p className="summary" data-testid="usage-summary">
            Last {period}: <strong data-testid="usage-total">{credits(usage.totals.creditsSpent)}</strong> credits on{" "}
            {credits(usage.totals.operations)} operations.{" "}
            {usage.previous && (
              <span data-testid="usage-change">
                The {period} before: {credits(usage.previous.creditsSpent)} credits; change {usage.changeCredits >= 0n ? "+" : ""}
                {credits(usage.changeCredits)}
                {usage.changePercent !== undefined && ` (${usage.changePercent >= 0 ? "+" : ""}${usage.changePercent.toFixed(1)}%)`}.
              </span>
            )}
          </p>
          {usage.buckets.length === 0 ? (
            <p className="muted" data-testid="usage-empty">
              No credits spent in the last {period}.
            </p>
          ) : (
            <SpendChart table={table} granularity={granularity} />
          )}
        </>
      )}
    </section>
  );
}
