import { randomUUID } from "node:crypto";
import { copyFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CreditsClient } from "../src/client";
import { Bucket } from "../src/gen/credits/v1/types_pb";
import { createCreditsServerClient } from "../src/server";
import { LedgerServer } from "./support/ledgerServer";
import { PageHarness, RESULTS } from "./support/pageHarness";

const DOCS_SCREENSHOT = fileURLToPath(new URL("../../../docs/images/notification-bell.png", import.meta.url));

let harness: PageHarness;
let backend: CreditsClient;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  harness = await PageHarness.start("credits-server-bell");
  // The product's backend: grants and paid operations go through it, never through the page.
  backend = createCreditsServerClient({ baseUrl: harness.ledger.grpcUrl, apiKey: LedgerServer.apiKey });
});

afterAll(async () => {
  await harness?.stop();
});

beforeEach(async () => {
  context = await harness.browser.newContext({ viewport: { width: 960, height: 900 } });
  page = await context.newPage();
});

afterEach(async () => {
  await context.close();
});

async function spend(accountId: string, amount: bigint): Promise<void> {
  const hold = await backend.reserve({ accountId, cost: { case: "amount", value: amount }, idempotencyKey: randomUUID() });
  await backend.commit({ holdId: hold.holdId });
}

const unreadCount = () => page.getByTestId("bell-count").textContent({ timeout: 1_000 }).catch(() => "0");

describe("the notification bell, in Chromium, against the real server", () => {
  it("shows a commit that crosses 20% without a reload, and marks it read", async () => {
    const account = PageHarness.newAccount();
    await backend.grant({ accountId: account, amount: 100n, bucket: Bucket.PURCHASED, idempotencyKey: randomUUID() });
    await harness.open(page, PageHarness.tokenFor(account));
    await expect.poll(() => page.getByTestId("balance").textContent(), { timeout: 15_000 }).toBe("100");
    expect(await unreadCount()).toBe("0");
    // Marks this document: a reload would replace it, and the mark with it.
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));

    await spend(account, 80n);

    await expect.poll(unreadCount, { timeout: 15_000 }).toBe("1");
    await page.getByTestId("bell").click();
    const shown = page.getByTestId("notification");
    expect(await shown.count()).toBe(1);
    expect(await shown.first().locator("p").first().textContent()).toBe(
      "Low balance: 20 credits left, 20% of the 100 you had after your last top-up. Buy more below.",
    );
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await page.screenshot({ path: `${RESULTS}notification-bell.png` });
    copyFileSync(`${RESULTS}notification-bell.png`, DOCS_SCREENSHOT);

    await page.getByTestId("mark-read").click();

    await expect.poll(unreadCount, { timeout: 15_000 }).toBe("0");
    const stored = await backend.getBalance({ accountId: account });
    expect(stored.balance?.available).toBe(20n);
  });

  it("lists what happened before the page opened, newest first", async () => {
    const account = PageHarness.newAccount();
    await backend.grant({ accountId: account, amount: 100n, bucket: Bucket.PURCHASED, idempotencyKey: randomUUID() });
    await spend(account, 85n);
    await spend(account, 15n);

    await harness.open(page, PageHarness.tokenFor(account));

    await expect.poll(unreadCount, { timeout: 15_000 }).toBe("2");
    await page.getByTestId("bell").click();
    const texts = await page.getByTestId("notification").locator("p:first-child").allTextContents();
    expect(texts).toEqual([
      "You are out of credits. Buy a pack below to carry on.",
      "Low balance: 15 credits left, 20% of the 100 you had after your last top-up. Buy more below.",
    ]);
  });
});
