import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../examples/express/app";
import { Bucket } from "../src/server";
import { ExpressApp } from "./support/expressApp";
import { Ledger } from "./support/ledger";

let ledger: Ledger;
let app: ExpressApp;
const PURCHASE_URL = "https://shop.example.com/credits";

beforeAll(async () => {
  ledger = await Ledger.start();
  // Mounted in the specs' recording app, so a spec can wait for each request's commit or release.
  app = await ExpressApp.start((outer) => outer.use(createApp(ledger.client, PURCHASE_URL)));
});
afterAll(async () => {
  await app?.stop();
  await ledger?.stop();
});

function call(method: string, path: string, token: string | null, body?: unknown) {
  return fetch(`${app.url}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

// The demo sessions of clients/examples/express/auth.ts: alice-token is user:alice.
describe("the Express example", () => {
  it("charges /images its catalogue price and /summaries what the text took; /balance is free", async () => {
    const accountId = "user:alice";
    await ledger.client.grant({ accountId, amount: 12n, bucket: Bucket.PURCHASED, idempotencyKey: "example-grant" });

    const image = await call("POST", "/images", "alice-token", { prompt: "a cat" });
    // The commit follows the response's finish: wait for it, so the journal's order is the calls' order.
    await app.settled();
    const summary = await call("POST", "/summaries", "alice-token", { text: "x".repeat(250) });
    await app.settled();
    const balance = await call("GET", "/balance", "alice-token");

    expect([image.status, image.headers.get("Credits-Remaining")]).toEqual([200, "7"]);
    expect([summary.status, summary.headers.get("Credits-Remaining")]).toEqual([200, "4"]);
    expect(await balance.json()).toEqual({ available: 4 });
    expect(await ledger.entries(accountId)).toEqual([["RESERVE", 0], ["COMMIT", -5], ["RESERVE", 0], ["COMMIT", -3]]);
  });

  it("answers 402 with the purchase link to an account without credits, and 401 to no session", async () => {
    const refused = await call("POST", "/images", "bob-token");
    const anonymous = await call("POST", "/images", null);

    expect(refused.status).toBe(402);
    expect((await refused.json()).purchaseUrl).toBe(PURCHASE_URL);
    expect(anonymous.status).toBe(401);
  });
});
