import { useMemo } from "react";
import { createAnalyticsClient } from "../src/analytics";
import { createCreditsClient } from "../src/client";
import { CreditsProvider } from "../src/react/CreditsProvider";
import { createCreditsTransport } from "../src/transport";
import { ForecastCard } from "./ForecastCard";
import { Nav } from "./Nav";
import type { PageSession } from "./session";
import { SpendCard } from "./SpendCard";
import { SuggestionsCard } from "./SuggestionsCard";

/** The usage page: spend by feature over time, the forecast, and ways to spend less, for the token's account. */
export function UsagePage({ session }: { session: PageSession | undefined }) {
  const clients = useMemo(() => {
    if (!session) {
      return undefined;
    }
    const transport = createCreditsTransport({ baseUrl: session.ledgerUrl, token: session.token });
    return { ledger: createCreditsClient(transport), analytics: createAnalyticsClient(transport) };
  }, [session]);
  // One "now" per page load, so switching granularity does not move the range under the reader.
  const now = useMemo(() => new Date(), []);
  if (!session || !clients) {
    return (
      <main className="page">
        <Nav current="usage" />
        <h1>Usage</h1>
        <p className="notice notice-error" data-testid="no-session">
          This page needs an end-user token: open it as <code>?view=usage#token=&lt;token&gt;&amp;ledger=&lt;ledger URL&gt;</code>.
        </p>
      </main>
    );
  }
  return (
    <CreditsProvider client={clients.ledger} analytics={clients.analytics}>
      <main className="page">
        <Nav current="usage" />
        <header className="page-header">
          <h1>Usage</h1>
          <span className="account" data-testid="account">
            {session.accountId}
          </span>
        </header>
        <SpendCard accountId={session.accountId} now={now} />
        <ForecastCard accountId={session.accountId} />
        <SuggestionsCard accountId={session.accountId} />
      </main>
    </CreditsProvider>
  );
}
