import { createCreditsServerClient, createWithCredits } from "@credits/client/server";

// One ledger client per process: it keeps one HTTP/2 session to the ledger for every call.
// CREDITS_LEDGER_URL and CREDITS_API_KEY (a key with ledger:read,ledger:write) come from the environment.
export const credits = createCreditsServerClient();

export const withCredits = createWithCredits({
  client: credits,
  // Stands in for the product's authentication (next-auth's auth(), a verified session cookie).
  // Whatever it is, the account must come from what it verified, never from the request body or a
  // header the client chooses: whoever names the account spends its credits.
  account: (request) => demoSessions.get(request.headers.get("authorization")?.replace(/^Bearer /, "") ?? ""),
  purchaseUrl: process.env.PURCHASE_URL ?? "http://127.0.0.1:5173/#buy",
});

/** Demo sessions: alice-token is user:alice, bob-token user:bob, carol-token user:carol. */
const demoSessions = new Map([
  ["alice-token", "user:alice"],
  ["bob-token", "user:bob"],
  ["carol-token", "user:carol"],
]);
