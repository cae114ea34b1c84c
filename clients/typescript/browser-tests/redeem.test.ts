import { randomUUID } from "node:crypto";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { createClient } from "@connectrpc/connect";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CreditsClient } from "../src/client";
import { GiftService } from "../src/gen/credits/v1/gift_service_pb";
import { Bucket } from "../src/gen/credits/v1/types_pb";
import { createCreditsServerClient, createCreditsServerTransport } from "../src/server";
import { LedgerServer } from "./support/ledgerServer";
import { PageHarness, RESULTS } from "./support/pageHarness";

let harness: PageHarness;
let backend: CreditsClient;
let gifts: ReturnType<typeof createClient<typeof GiftService>>;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  harness = await PageHarness.start("credits-server-redeem");
  // The product's backend issues the codes with its API key; the page only redeems them.
  const options = { baseUrl: harness.ledger.grpcUrl, apiKey: LedgerServer.apiKey };
  backend = createCreditsServerClient(options);
  gifts = createClient(GiftService, createCreditsServerTransport(options));
});

afterAll(async () => {
  await harness?.stop();
});

beforeEach(async () => {
  context = await harness.browser.newContext({ viewport: { width: 960, height: 1100 } });
  page = await context.newPage();
});

afterEach(async () => {
  await context.close();
});

async function oneCode(amount: bigint): Promise<string> {
  const issuer = `org:${randomUUID()}`;
  await backend.grant({ accountId: issuer, amount, bucket: Bucket.PURCHASED, idempotencyKey: randomUUID() });
  const created = await gifts.createGiftCodes({
    issuerAccountId: issuer,
    amount,
    count: 1,
    expiresAt: timestampFromDate(new Date(Date.now() + 7 * 24 * 3600 * 1000)),
    idempotencyKey: randomUUID(),
  });
  return created.codes[0]!.code;
}

describe("redeeming a gift code on the example page, in Chromium, against the real server", () => {
  it("adds the code's credits to the balance without a reload, and says so", async () => {
    const account = PageHarness.newAccount();
    const code = await oneCode(40n);
    await harness.open(page, PageHarness.tokenFor(account));
    await expect.poll(() => page.getByTestId("balance").textContent(), { timeout: 15_000 }).toBe("0");

    await page.getByTestId("gift-code").fill(code.toLowerCase().replaceAll("-", " "));
    await page.getByTestId("redeem").click();

    await expect.poll(() => page.getByTestId("redeem-result").textContent(), { timeout: 15_000 }).toBe("Redeemed: 40 credits added.");
    await expect.poll(() => page.getByTestId("balance").textContent(), { timeout: 15_000 }).toBe("40");
    await page.screenshot({ path: `${RESULTS}redeem-gift-code.png` });
    const stored = await backend.getBalance({ accountId: account });
    expect(stored.balance?.available).toBe(40n);
  });

  it("explains a used code and a mistyped one, and nothing arrives", async () => {
    const account = PageHarness.newAccount();
    const code = await oneCode(10n);
    await gifts.redeemGiftCode({ code, accountId: PageHarness.newAccount(), idempotencyKey: randomUUID() });
    await harness.open(page, PageHarness.tokenFor(account));
    await expect.poll(() => page.getByTestId("balance").textContent(), { timeout: 15_000 }).toBe("0");

    await page.getByTestId("gift-code").fill(code);
    await page.getByTestId("redeem").click();
    await expect.poll(() => page.getByTestId("redeem-result").textContent(), { timeout: 15_000 }).toBe("That code has already been used.");

    const typo = code.slice(0, -1) + (code.endsWith("A") ? "B" : "A");
    await page.getByTestId("gift-code").fill(typo);
    await page.getByTestId("redeem").click();
    await expect.poll(() => page.getByTestId("redeem-result").textContent(), { timeout: 15_000 }).toBe("That code does not exist. Check it for typos.");

    const stored = await backend.getBalance({ accountId: account });
    expect(stored.balance?.available ?? 0n).toBe(0n);
  });
});
