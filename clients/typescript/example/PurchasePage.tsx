import { useMemo } from "react";
import { createCreditsClient } from "../src/client";
import { createGiftsClient } from "../src/gifts";
import { createNotificationsClient } from "../src/notifications";
import { createReferralsClient } from "../src/referrals";
import { CreditsProvider } from "../src/react/CreditsProvider";
import { NotificationsProvider } from "../src/react/useNotifications";
import { createCreditsTransport } from "../src/transport";
import { Activity } from "./Activity";
import { BalanceCard } from "./BalanceCard";
import { CheckoutReturn } from "./CheckoutReturn";
import { NotificationBell } from "./NotificationBell";
import { Nav } from "./Nav";
import { PackList } from "./PackList";
import { RedeemForm } from "./RedeemForm";
import { ReferralCard } from "./ReferralCard";
import type { PageSession } from "./session";

/** The page: the notification bell, where a checkout returned to, the live balance, the packs on sale, gift codes, the referral link, recent activity. */
export function PurchasePage({ session }: { session: PageSession | undefined }) {
  const clients = useMemo(() => {
    if (!session) {
      return undefined;
    }
    const transport = createCreditsTransport({ baseUrl: session.ledgerUrl, token: session.token });
    return { credits: createCreditsClient(transport), notifications: createNotificationsClient(transport), gifts: createGiftsClient(transport),
      referrals: createReferralsClient(transport) };
  }, [session]);
  if (!session || !clients) {
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
    <CreditsProvider client={clients.credits}>
      <NotificationsProvider client={clients.notifications}>
      <main className="page">
        <Nav current="purchase" />
        <header className="page-header">
          <h1>Buy credits</h1>
          <div className="header-side">
            <span className="account" data-testid="account">
              {session.accountId}
            </span>
            <NotificationBell accountId={session.accountId} />
          </div>
        </header>
        <CheckoutReturn search={window.location.search} />
        <BalanceCard accountId={session.accountId} />
        <PackList accountId={session.accountId} />
        <RedeemForm client={clients.gifts} accountId={session.accountId} />
        <ReferralCard client={clients.referrals} accountId={session.accountId} />
        <Activity accountId={session.accountId} />
      </main>
      </NotificationsProvider>
    </CreditsProvider>
  );
}
