import { useMemo } from "react";
import { createCreditsClient } from "../src/client";
import { CreditsProvider } from "../src/react/CreditsProvider";
import { createCreditsTransport } from "../src/transport";
import { Activity } from "./Activity";
import { BalanceCard } from "./BalanceCard";
import { CheckoutReturn } from "./CheckoutReturn";
import { Nav } from "./Nav";
import { PackList } from "./PackList";
import type { PageSession } from "./session";

/** The page: where a checkout returned to, the live balance, the packs on sale, recent activity. */
export function PurchasePage({ session }: { session: PageSession | undefined }) {
  const client = useMemo(
    () => (session ? createCreditsClient(createCreditsTransport({ baseUrl: session.ledgerUrl, token: session.token })) : undefined),
    [session],
  );
  if (!session || !client) {
    return (
      <main className="page">
        <h1>Buy credits</h1>
        <p className="notice notice-error" data-testid="no-session">
          This page needs an end-user token: open it as <code>#token=&lt;token&gt;&amp;ledger=&lt;ledger URL&gt;</code>. The
          README says how to mint one.
        </p>
      </main>
    );
  }
  return (
    <CreditsProvider client={client}>
      <main className="page">
        <Nav current="purchase" />
        <header className="page-header">
          <h1>Buy credits</h1>
          <span className="account" data-testid="account">
            {session.accountId}
          </span>
        </header>
        <CheckoutReturn search={window.location.search} />
        <BalanceCard accountId={session.accountId} />
        <PackList accountId={session.accountId} />
        <Activity accountId={session.accountId} />
      </main>
    </CreditsProvider>
  );
}
