import type { Request as ExpressRequest } from "express";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../browser-tests/support/ports";
import { chargeOf, createCreditsServerClient, requireCredits, type RequireCreditsOptions } from "../src/server";
import { ExpressApp } from "./support/expressApp";
import { Ledger, PRODUCT_API_KEY } from "./support/ledger";

const PURCHASE_URL = "https://shop.example.com/credits";
let ledger: Ledger;
let app: ExpressApp | undefined;

beforeAll(async () => {
  ledger = await Ledger.start();
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
});
afterAll(async () => {
  await ledger?.stop();
});

/** The tests' stand-in for authentication: the account a verified session would name. */
function options(extra: Partial<RequireCreditsOptions<ExpressRequest>> = {}): RequireCreditsOptions<ExpressRequest> {
  return { client: ledger.client, account: (req) => req.get("x-test-account"), purchaseUrl: PURCHASE_URL, ...extra };
}

function post(path: string, accountId: string, headers: Record<string, string> = {}, signal?: AbortSignal) {
  return fetch(`${app?.url}${path}`, { method: "POST", headers: { "x-test-account": accountId, ...headers }, ...(signal ? { signal } : {}) });
}

describe("requireCredits (Express)", () => {
  it("commits the feature's price when the route answers 2xx, with Credits-Remaining", async () => {
    const accountId = await ledger.account(12);
    app = await ExpressApp.start((a) => a.post("/images", requireCredits({ feature: "image.generate" }, options()), (_req, res) => { res.json({ image: "done" }); }));

    const response = await post("/images", accountId);
    await app.settled();

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ image: "done" });
    expect(response.headers.get("Credits-Remaining")).toBe("7");
    expect(await ledger.available(accountId)).toBe(7);
    expect(await ledger.entries(accountId)).toEqual([["RESERVE", 0], ["COMMIT", -5]]);
  });

  it("releases the hold when the route throws (Express answers 500) or answers 500 itself", async () => {
    const accountId = await ledger.account(10);
    app = await ExpressApp.start((a) => {
      a.post("/throws", requireCredits({ feature: "image.generate" }, options()), () => { throw new Error("model crashed"); });
      a.post("/fails", requireCredits({ feature: "image.generate" }, options()), (_req, res) => { res.status(500).send("upstream failed"); });
    });

    const thrown = await post("/throws", accountId);
    // The release follows the response's close: wait for it, so the journal's order is the calls' order.
    await app.settled();
    const failed = await post("/fails", accountId);
    await app.settled();
    const statuses = [thrown.status, failed.status];

    expect(statuses).toEqual([500, 500]);
    expect(await ledger.available(accountId)).toBe(10);
    expect(await ledger.entries(accountId)).toEqual([["RESERVE", 0], ["RELEASE", 0], ["RESERVE", 0], ["RELEASE", 0]]);
  });

  it("answers 402 with the RFC 9457 problem and its headers, charging nothing and not running the route", async () => {
    const accountId = await ledger.account(3);
    let ran = false;
    app = await ExpressApp.start((a) => a.post("/images", requireCredits({ feature: "image.generate" }, options()), (_req, res) => { ran = true; res.end(); }));

    const response = await post("/images", accountId);

    expect(response.status).toBe(402);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.headers.get("Credits-Remaining")).toBe("3");
    expect(response.headers.get("Link")).toBe(`<${PURCHASE_URL}>; rel="payment"`);
    expect(await response.json()).toEqual({
      type: "urn:credits:problem:insufficient-credits",
      title: "Not enough credits",
      status: 402,
      detail: "This request costs 5 credits and the account has 3.",
      available: 3,
      required: 5,
      purchaseUrl: PURCHASE_URL,
    });
    expect(ran).toBe(false);
    expect(await ledger.entries(accountId)).toEqual([]);
  });

  it("releases the hold when the client aborts mid-route (close before finish)", async () => {
    const accountId = await ledger.account(10);
    let started!: () => void;
    const routeStarted = new Promise<void>((resolve) => (started = resolve));
    app = await ExpressApp.start((a) => a.post("/images", requireCredits({ feature: "image.generate" }, options()), (_req, res) => {
      started();
      // A long job that only answers once the client is gone, as a hung model call would.
      res.once("close", () => res.json({ image: "too late" }));
    }));
    const client = new AbortController();

    const call = post("/images", accountId, {}, client.signal);
    await routeStarted;
    client.abort();
    await expect(call).rejects.toThrow();
    expect(await app.settled()).toBe(1);

    expect(await ledger.available(accountId)).toBe(10);
    expect(await ledger.entries(accountId)).toEqual([["RESERVE", 0], ["RELEASE", 0]]);
  });

  it("charges a retried request with the same Idempotency-Key once and does not run it again (409)", async () => {
    const accountId = await ledger.account(20);
    let runs = 0;
    app = await ExpressApp.start((a) => a.post("/images", requireCredits({ feature: "image.generate" }, options()), (_req, res) => { runs++; res.json({}); }));

    const first = await post("/images", accountId, { "Idempotency-Key": "order-1" });
    const retry = await post("/images", accountId, { "Idempotency-Key": "order-1" });
    await app.settled();

    expect([first.status, retry.status]).toEqual([200, 409]);
    expect(runs).toBe(1);
    expect(await ledger.available(accountId)).toBe(15);
  });

  it("never overdraws: of 20 concurrent requests on credits for 7, exactly 7 succeed", async () => {
    const accountId = await ledger.account(35);
    app = await ExpressApp.start((a) => a.post("/images", requireCredits({ feature: "image.generate" }, options()), (_req, res) => { res.json({}); }));

    const statuses = await Promise.all(Array.from({ length: 20 }, () => post("/images", accountId).then((r) => r.status)));
    await app.settled();

    expect(statuses.filter((s) => s === 200)).toHaveLength(7);
    expect(statuses.filter((s) => s === 402)).toHaveLength(13);
    expect(await ledger.available(accountId)).toBe(0);
    expect((await ledger.entries(accountId)).filter(([kind]) => kind === "COMMIT")).toHaveLength(7);
  });

  it("commits the smaller amount the route reports through res.locals.credits.use(n)", async () => {
    const accountId = await ledger.account(30);
    app = await ExpressApp.start((a) => a.post("/summaries", requireCredits({ credits: 10 }, options()), (_req, res) => {
      chargeOf(res)?.use(3);
      res.json({});
    }));

    const response = await post("/summaries", accountId);
    await app.settled();

    expect(response.headers.get("Credits-Remaining")).toBe("27");
    expect(await ledger.entries(accountId)).toEqual([["RESERVE", 0], ["COMMIT", -3]]);
  });

  describe("when the ledger is unavailable", () => {
    async function downOptions(extra: Partial<RequireCreditsOptions<ExpressRequest>> = {}) {
      const down = createCreditsServerClient({ baseUrl: `http://127.0.0.1:${await freePort()}`, apiKey: PRODUCT_API_KEY });
      return options({ client: down, ...extra });
    }

    it("answers 503 and does not run the route by default", async () => {
      let ran = false;
      const guard = requireCredits({ feature: "image.generate" }, await downOptions());
      app = await ExpressApp.start((a) => a.post("/images", guard, (_req, res) => { ran = true; res.json({}); }));

      const response = await post("/images", "user:down-1");

      expect(response.status).toBe(503);
      expect((await response.json()).type).toBe("urn:credits:problem:ledger-unavailable");
      expect(ran).toBe(false);
    });

    it("runs the route unpaid with failOpen: true", async () => {
      const guard = requireCredits({ feature: "image.generate" }, await downOptions({ failOpen: true }));
      app = await ExpressApp.start((a) => a.post("/images", guard, (_req, res) => { res.json({ charged: chargeOf(res)?.charged }); }));

      const response = await post("/images", "user:down-2");

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ charged: false });
      expect(response.headers.get("Credits-Remaining")).toBeNull();
    });
  });
});
