import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../browser-tests/support/ports";
import { type Charge, createCreditsServerClient, withCredits, type WithCreditsOptions } from "../src/server";
import { FetchServer } from "./support/fetchServer";
import { Ledger, PRODUCT_API_KEY } from "./support/ledger";

const PURCHASE_URL = "https://shop.example.com/credits";
let ledger: Ledger;

beforeAll(async () => {
  ledger = await Ledger.start();
});
afterAll(async () => {
  await ledger?.stop();
});

/** The tests' stand-in for authentication: the account a verified session would name. */
function options(extra: Partial<WithCreditsOptions> = {}): WithCreditsOptions {
  return { client: ledger.client, account: (request) => request.headers.get("x-test-account"), purchaseUrl: PURCHASE_URL, ...extra };
}

function post(accountId: string | null, headers: Record<string, string> = {}): Request {
  return new Request("http://product.test/api/images", {
    method: "POST",
    headers: { ...(accountId ? { "x-test-account": accountId } : {}), ...headers },
  });
}

const ok = () => Response.json({ image: "done" });

describe("withCredits", () => {
  it("commits the feature's price when the handler returns 2xx, and says what is left in Credits-Remaining", async () => {
    const accountId = await ledger.account(12);
    const route = withCredits({ feature: "image.generate" }, ok, options());

    const response = await route(post(accountId), {});

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ image: "done" });
    expect(response.headers.get("Credits-Remaining")).toBe("7");
    expect(await ledger.available(accountId)).toBe(7);
    expect(await ledger.entries(accountId)).toEqual([["RESERVE", 0], ["COMMIT", -5]]);
  });

  it("reserves a fixed number of credits, or the feature's price times the quantity", async () => {
    const accountId = await ledger.account(20);

    await withCredits({ credits: 4 }, ok, options())(post(accountId), {});
    await withCredits({ feature: "image.generate", quantity: () => 2 }, ok, options())(post(accountId), {});

    expect(await ledger.entries(accountId)).toEqual([["RESERVE", 0], ["COMMIT", -4], ["RESERVE", 0], ["COMMIT", -10]]);
  });

  it("releases the hold when the handler throws, and the error reaches the framework", async () => {
    const accountId = await ledger.account(10);
    const route = withCredits({ feature: "image.generate" }, () => { throw new Error("model crashed"); }, options());

    await expect(route(post(accountId), {})).rejects.toThrow("model crashed");

    expect(await ledger.available(accountId)).toBe(10);
    expect(await ledger.entries(accountId)).toEqual([["RESERVE", 0], ["RELEASE", 0]]);
  });

  it("releases the hold when the handler returns 500 (or any status but 2xx), and its response stands", async () => {
    const accountId = await ledger.account(10);
    const route = withCredits({ feature: "image.generate" }, () => new Response("upstream failed", { status: 500 }), options());

    const response = await route(post(accountId), {});

    expect(response.status).toBe(500);
    expect(await response.text()).toBe("upstream failed");
    expect(response.headers.get("Credits-Remaining")).toBeNull();
    expect(await ledger.entries(accountId)).toEqual([["RESERVE", 0], ["RELEASE", 0]]);
  });

  it("answers 402 with an RFC 9457 problem (available, required, purchase link) and charges nothing when credits are short", async () => {
    const accountId = await ledger.account(3);
    let ran = false;
    const route = withCredits({ feature: "image.generate" }, () => { ran = true; return ok(); }, options());

    const response = await route(post(accountId), {});

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
    expect(await ledger.available(accountId)).toBe(3);
    expect(await ledger.entries(accountId)).toEqual([]);
  });

  it("answers 401 and reserves nothing when the resolver names no account", async () => {
    const response = await withCredits({ credits: 1 }, ok, options())(post(null), {});

    expect(response.status).toBe(401);
    expect((await response.json()).type).toBe("urn:credits:problem:no-account");
  });

  it("charges a retried request with the same Idempotency-Key once and does not run it again (409)", async () => {
    const accountId = await ledger.account(20);
    let runs = 0;
    const route = withCredits({ feature: "image.generate" }, () => { runs++; return ok(); }, options());

    const first = await route(post(accountId, { "Idempotency-Key": "order-77" }), {});
    const retry = await route(post(accountId, { "Idempotency-Key": "order-77" }), {});

    expect(first.status).toBe(200);
    expect(retry.status).toBe(409);
    expect((await retry.json()).type).toBe("urn:credits:problem:idempotency-key-used");
    expect(runs).toBe(1);
    expect(await ledger.available(accountId)).toBe(15);
  });

  it("does not let a repeated Idempotency-Key rerun a request whose first attempt was released", async () => {
    const accountId = await ledger.account(20);
    let runs = 0;
    const route = withCredits({ feature: "image.generate" }, () => { runs++; return new Response(null, { status: runs === 1 ? 500 : 200 }); }, options());

    await route(post(accountId, { "Idempotency-Key": "order-78" }), {});
    const retry = await route(post(accountId, { "Idempotency-Key": "order-78" }), {});

    expect(retry.status).toBe(409);
    expect(runs).toBe(1);
    expect(await ledger.available(accountId)).toBe(20);
  });

  it("scopes an Idempotency-Key to its account: another account's identical key is a request of its own", async () => {
    const [alice, bob] = [await ledger.account(10), await ledger.account(10)];
    const route = withCredits({ feature: "image.generate" }, ok, options());

    const responses = [await route(post(alice, { "Idempotency-Key": "k-1" }), {}), await route(post(bob, { "Idempotency-Key": "k-1" }), {})];

    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    expect([await ledger.available(alice), await ledger.available(bob)]).toEqual([5, 5]);
  });

  it("commits the smaller amount the handler reports with charge.use(n); use(0) releases; more than held throws and releases", async () => {
    const accountId = await ledger.account(30);
    const route = (n: number) => withCredits({ credits: 10 }, (_r, _c, charge: Charge) => { charge.use(n); return ok(); }, options());

    const response = await route(3)(post(accountId), {});
    await route(0)(post(accountId), {});
    await expect(route(11)(post(accountId), {})).rejects.toThrow(RangeError);

    expect(response.headers.get("Credits-Remaining")).toBe("27");
    expect(await ledger.entries(accountId)).toEqual([["RESERVE", 0], ["COMMIT", -3], ["RESERVE", 0], ["RELEASE", 0], ["RESERVE", 0], ["RELEASE", 0]]);
  });

  it("answers 500 and tells onError when the ledger refuses the route's configuration (an unknown feature), running nothing", async () => {
    const accountId = await ledger.account(10);
    const told: string[] = [];
    const route = withCredits({ feature: "no.such.feature" }, ok, options({ onError: (error, failure) => told.push(`${failure} ${(error as { reason?: string }).reason}`) }));

    const response = await route(post(accountId), {});

    expect(response.status).toBe(500);
    expect((await response.json()).type).toBe("urn:credits:problem:credits-misconfigured");
    expect(told).toEqual(["reserve FEATURE_NOT_FOUND"]);
    expect(await ledger.entries(accountId)).toEqual([]);
  });

  it("keeps the handler's response when the commit fails after it ran, without Credits-Remaining, and tells onError", async () => {
    const accountId = await ledger.account(10);
    const told: string[] = [];
    // The hold ends before the commit (as when the handler outlives the hold's TTL): the commit is refused.
    const route = withCredits({ feature: "image.generate" }, async (_r, _c, charge) => {
      await ledger.client.release({ holdId: charge.holdId ?? "" });
      return ok();
    }, options({ onError: (error, failure) => told.push(`${failure} ${(error as { reason?: string }).reason}`) }));

    const response = await route(post(accountId), {});

    expect(response.status).toBe(200);
    expect(response.headers.get("Credits-Remaining")).toBeNull();
    expect(told).toEqual(["commit HOLD_NOT_ACTIVE"]);
    expect(await ledger.available(accountId)).toBe(10);
  });

  describe("served over node:http (as Next.js serves a route)", () => {
    it("releases the hold when the client aborts mid-handler", async () => {
      const accountId = await ledger.account(10);
      let started!: () => void;
      const handlerStarted = new Promise<void>((resolve) => (started = resolve));
      const route = withCredits({ feature: "image.generate" }, async (request) => {
        started();
        // A long job that never ends by itself, as a hung model call would.
        await new Promise((resolve) => request.signal.addEventListener("abort", resolve));
        return ok();
      }, options());
      const server = await FetchServer.start(route);
      try {
        const client = new AbortController();
        const call = fetch(`${server.url}/api/images`, { method: "POST", headers: { "x-test-account": accountId }, signal: client.signal });
        await handlerStarted;
        client.abort();
        await expect(call).rejects.toThrow();
        const served = await server.handled[0];

        expect(served?.status).toBe(499);
        expect(await ledger.available(accountId)).toBe(10);
        expect(await ledger.entries(accountId)).toEqual([["RESERVE", 0], ["RELEASE", 0]]);
      } finally {
        await server.stop();
      }
    });

    it("never overdraws: of 20 concurrent requests on credits for 7, exactly 7 succeed", async () => {
      const accountId = await ledger.account(35);
      const server = await FetchServer.start(withCredits({ feature: "image.generate" }, ok, options()));
      try {
        const statuses = await Promise.all(
          Array.from({ length: 20 }, () => fetch(`${server.url}/api/images`, { method: "POST", headers: { "x-test-account": accountId } }).then((r) => r.status)),
        );

        expect(statuses.filter((s) => s === 200)).toHaveLength(7);
        expect(statuses.filter((s) => s === 402)).toHaveLength(13);
        expect(await ledger.available(accountId)).toBe(0);
        expect((await ledger.entries(accountId)).filter(([kind]) => kind === "COMMIT")).toHaveLength(7);
      } finally {
        await server.stop();
      }
    });
  });

  describe("when the ledger is unavailable", () => {
    async function downOptions(extra: Partial<WithCreditsOptions> = {}): Promise<WithCreditsOptions> {
      const down = createCreditsServerClient({ baseUrl: `http://127.0.0.1:${await freePort()}`, apiKey: PRODUCT_API_KEY });
      return options({ client: down, ...extra });
    }

    it("answers 503 and does not run the handler by default", async () => {
      let ran = false;
      const route = withCredits({ feature: "image.generate" }, () => { ran = true; return ok(); }, await downOptions());

      const response = await route(post("user:down-1"), {});

      expect(response.status).toBe(503);
      expect((await response.json()).type).toBe("urn:credits:problem:ledger-unavailable");
      expect(ran).toBe(false);
    });

    it("never fails open on a client missing its address or key: 500 and onError", async () => {
      let ran = false;
      const told: string[] = [];
      const unconfigured = createCreditsServerClient({ apiKey: PRODUCT_API_KEY });
      const route = withCredits({ feature: "image.generate" }, () => { ran = true; return ok(); },
        options({ client: unconfigured, failOpen: true, onError: (_e, failure) => told.push(failure) }));

      const response = await route(post("user:unconfigured"), {});

      expect([response.status, ran, told]).toEqual([500, false, ["reserve"]]);
    });

    it("runs the handler unpaid with failOpen: true, where charge.use(n) charges nothing and does not throw", async () => {
      let charged: boolean | undefined;
      const route = withCredits({ feature: "image.generate" }, (_r, _c, charge) => {
        charge.use(3);
        charged = charge.charged;
        return ok();
      }, await downOptions({ failOpen: true }));

      const response = await route(post("user:down-2"), {});

      expect(response.status).toBe(200);
      expect(charged).toBe(false);
      expect(response.headers.get("Credits-Remaining")).toBeNull();
    });
  });
});
