/**
 * Where the page finds its ledger and its end-user token. In a product, the backend that serves
 * the page mints the token for the signed-in user and renders it in. This example takes both from
 * the URL fragment (`#ledger=...&token=...`; a fragment never reaches any server's logs) and keeps
 * them in sessionStorage for the tab, so they survive the round trip through Stripe Checkout.
 */
export interface PageSession {
  /** The ledger's browser listener (Browser:Url). */
  ledgerUrl: string;
  /** The end-user token. */
  token: string;
  /** The account the token was minted for (its `sub`). */
  accountId: string;
}

const STORAGE_KEY = "credits.purchase-page.session";

/** The ledger used when neither the fragment nor the build (VITE_CREDITS_URL) names one. */
export const DEFAULT_LEDGER_URL = import.meta.env.VITE_CREDITS_URL ?? "http://127.0.0.1:5082";

export function loadSession(location: Location, storage: Storage): PageSession | undefined {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const token = fragment.get("token");
  if (token) {
    const session = { ledgerUrl: fragment.get("ledger") ?? DEFAULT_LEDGER_URL, token, accountId: subjectOf(token) };
    storage.setItem(STORAGE_KEY, JSON.stringify(session));
    // Take the token out of the address bar (and out of the history and bookmarks).
    history.replaceState(null, "", location.pathname + location.search);
    return session;
  }
  const stored = storage.getItem(STORAGE_KEY);
  return stored ? (JSON.parse(stored) as PageSession) : undefined;
}

/** The token's `sub`, read without verifying (the ledger verifies; the page only needs to know whose it is). */
export function subjectOf(token: string): string {
  const payload = token.split(".")[1] ?? "";
  const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
  return String((JSON.parse(json) as { sub?: unknown }).sub ?? "");
}
