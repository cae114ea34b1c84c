import { randomUUID } from "node:crypto";
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../browser-tests/support/ports";
import { Bucket } from "../src/gen/credits/v1/types_pb";
import { createCreditsServerClient, CreditsError } from "../src/server";
import { Ledger, PRODUCT_API_KEY } from "./support/ledger";

let ledger: Ledger;
beforeAll(async () => {
  ledger = await Ledger.start();
});
afterAll(async () => {
  await ledger?.stop();
});

describe("createCreditsServerClient", () => {
  it("calls the ledger's gRPC listener over HTTP/2 with the API key", async () => {
    const client = createCreditsServerClient({ baseUrl: ledger.server.grpcUrl, apiKey: PRODUCT_API_KEY });
    const accountId = `user:${randomUUID()}`;

    await client.grant({ accountId, amount: 12n, bucket: Bucket.PURCHASED, idempotencyKey: randomUUID() });

    expect((await client.getBalance({ accountId })).balance?.available).toBe(12n);
  });

  it("reads the address and key from CREDITS_LEDGER_URL and CREDITS_API_KEY when not given", async () => {
    process.env.CREDITS_LEDGER_URL = ledger.server.grpcUrl;
    process.env.CREDITS_API_KEY = PRODUCT_API_KEY;
    try {
      const client = createCreditsServerClient();
      expect((await client.getBalance({ accountId: "user:nobody" })).balance?.available).toBe(0n);
    } finally {
      delete process.env.CREDITS_LEDGER_URL;
      delete process.env.CREDITS_API_KEY;
    }
  });

  it("without an address or a key, fails each call FAILED_PRECONDITION naming the variable (not as a ledger to fail open on)", async () => {
    const noAddress = await createCreditsServerClient({ apiKey: "k" }).getBalance({ accountId: "user:1" }).then(() => undefined, CreditsError.from);
    const noKey = await createCreditsServerClient({ baseUrl: ledger.server.grpcUrl }).getBalance({ accountId: "user:1" }).then(() => undefined, CreditsError.from);

    expect([noAddress?.code, noAddress?.isRetryable, noAddress?.message]).toEqual([Code.FailedPrecondition, false, expect.stringMatching(/CREDITS_LEDGER_URL/)]);
    expect([noKey?.code, noKey?.message]).toEqual([Code.FailedPrecondition, expect.stringMatching(/CREDITS_API_KEY/)]);
  });

  it("reads the environment at the first call when it was missing at creation (Next.js builds route modules without secrets)", async () => {
    const client = createCreditsServerClient();
    process.env.CREDITS_LEDGER_URL = ledger.server.grpcUrl;
    process.env.CREDITS_API_KEY = PRODUCT_API_KEY;
    try {
      expect((await client.getBalance({ accountId: "user:nobody" })).balance?.available).toBe(0n);
    } finally {
      delete process.env.CREDITS_LEDGER_URL;
      delete process.env.CREDITS_API_KEY;
    }
  });

  it("decodes the ledger's ErrorInfo: an unknown key is UNAUTHENTICATED API_KEY_INVALID", async () => {
    const client = createCreditsServerClient({ baseUrl: ledger.server.grpcUrl, apiKey: "ck_not_a_key" });

    const error = await client.getBalance({ accountId: "user:1" }).then(() => undefined, CreditsError.from);

    expect(error?.code).toBe(Code.Unauthenticated);
    expect(error?.reason).toBe("API_KEY_INVALID");
  });

  it("decodes INSUFFICIENT_CREDITS with its metadata", async () => {
    const accountId = await ledger.account(3);

    const error = await ledger.client
      .reserve({ accountId, cost: { case: "amount", value: 5n }, idempotencyKey: randomUUID() })
      .then(() => undefined, CreditsError.from);

    expect(error?.is("INSUFFICIENT_CREDITS") && error.metadata).toEqual({ available: "3", requested: "5" });
  });

  it("a ledger that is not listening fails as retryable, which the integrations answer 503 or fail open", async () => {
    const client = createCreditsServerClient({ baseUrl: `http://127.0.0.1:${await freePort()}`, apiKey: PRODUCT_API_KEY });

    const error = await client.getBalance({ accountId: "user:1" }).then(() => undefined, CreditsError.from);

    expect(error?.isRetryable).toBe(true);
  });
});
