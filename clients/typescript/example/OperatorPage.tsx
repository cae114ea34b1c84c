import { BarElement, CategoryScale, Chart as ChartJS, LinearScale, Tooltip } from "chart.js";
import { type FormEvent, useState } from "react";
import { Bar } from "react-chartjs-2";
import { createAnalyticsClient, getUsageOverview, type UsageOverview } from "../src/analytics";
import { CreditsError } from "../src/errors";
import { createCreditsTransport } from "../src/transport";
import { errorText } from "./errorText";
import { credits } from "./format";
import { Nav } from "./Nav";
import { DEFAULT_LEDGER_URL } from "./session";
import { bucketLabel, featureName } from "./usagePeriods";

ChartJS.register(BarElement, CategoryScale, LinearScale, Tooltip);

const DAY_MS = 86_400_000;

/**
 * The operators' overview of the last 30 days: top accounts and features, totals by day. It needs
 * an API key with the `admin` scope, typed in and kept in this component's memory only (never in
 * storage or the URL): an operator's tool, not a page for end users, who must never hold a key.
 */
export function OperatorPage() {
  const [ledgerUrl, setLedgerUrl] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get("ledger") ?? DEFAULT_LEDGER_URL);
  const [apiKey, setApiKey] = useState("");
  const [overview, setOverview] = useState<UsageOverview>();
  const [error, setError] = useState<CreditsError>();
  const [loading, setLoading] = useState(false);

  async function load(event: FormEvent) {
    event.preventDefault();
    setLoading(true);
    setError(undefined);
    const client = createAnalyticsClient(createCreditsTransport({ baseUrl: ledgerUrl, token: apiKey }));
    const end = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + DAY_MS);
    try {
      setOverview(await getUsageOverview(client, { start: new Date(end.getTime() - 30 * DAY_MS), end, granularity: "day", top: 10 }));
    } catch (caught) {
      setOverview(undefined);
      setError(CreditsError.from(caught));
    } finally {
      setLoading(false);
    }
  }

  return (
    <main className="page">
      <Nav current="operator" />
      <h1>Usage overview</h1>
      <form className="card operator-form" onSubmit={(event) => void load(event)}>
        <label>
          Ledger <input value={ledgerUrl} onChange={(event) => setLedgerUrl(event.target.value)} data-testid="ledger-url" />
        </label>
        <label>
          Admin API key{" "}
          <input type="password" autoComplete="off" value={apiKey} onChange={(event) => setApiKey(event.target.value)} data-testid="api-key" />
        </label>
        <button type="submit" disabled={loading || apiKey === ""} data-testid="load-overview">
          {loading ? "Loading…" : "Show the last 30 days"}
        </button>
      </form>
      {error && (
        <p className="notice notice-error" data-testid="overview-error">
          {error.is("SCOPE_MISSING") ? "This key lacks the admin scope." : errorText(error)}
        </p>
      )}
      {overview && <OverviewBody overview={overview} />}
    </main>
  );
}

function OverviewBody({ overview }: { overview: UsageOverview }) {
  const labels = overview.buckets.map((bucket) => bucketLabel(bucket.start, "day"));
  return (
    <>
      <section className="card">
        <h2>Credits spent by day</h2>
        <p className="summary" data-testid="overview-total">
          {credits(overview.totals.creditsSpent)} credits on {credits(overview.totals.operations)} operations in the last 30 days.
        </p>
        {overview.buckets.length > 0 && (
          <>
            <div className="chart" aria-hidden="true" data-testid="overview-chart">
              <Bar
                data={{ labels, datasets: [{ label: "credits", data: overview.buckets.map((bucket) => Number(bucket.creditsSpent)), backgroundColor: "#3b5bdb" }] }}
                options={{ animation: false, maintainAspectRatio: false, plugins: { legend: { display: false } } }}
              />
            </div>
            <details className="table-details">
              <summary>Credits by day as a table</summary>
              <table className="data">
                <tbody>
                  {overview.buckets.map((bucket, index) => (
                    <tr key={bucket.start.getTime()}>
                      <th scope="row">{labels[index]}</th>
                      <td>{credits(bucket.creditsSpent)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </>
        )}
      </section>
      <section className="card">
        <h2>Top accounts</h2>
        <Ranking testId="top-accounts" rows={overview.topAccounts.map((row) => [row.accountId, row.creditsSpent, row.operations])} keyLabel="Account" />
      </section>
      <section className="card">
        <h2>Top features</h2>
        <Ranking testId="top-features" rows={overview.topFeatures.map((row) => [featureName(row.feature), row.creditsSpent, row.operations])} keyLabel="Feature" />
      </section>
    </>
  );
}

function Ranking({ rows, keyLabel, testId }: { rows: [string, bigint, bigint][]; keyLabel: string; testId: string }) {
  if (rows.length === 0) {
    return <p className="muted">No credits spent in the last 30 days.</p>;
  }
  return (
    <table className="data" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{keyLabel}</th>
          <th scope="col">Credits</th>
          <th scope="col">Operations</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([key, spent, operations]) => (
          <tr key={key}>
            <td className="mono">{key}</td>
            <td>{credits(spent)}</td>
            <td>{credits(operations)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
