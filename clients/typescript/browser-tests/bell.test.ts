import { execFileSync } from "node:child_process";
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
/** `Ledger:Notifications:PurchaseUrl`: where a notification's "Buy" link goes, with `?pack=<id>` added. */
const PURCHASE_URL = "https://shop.example/credits";
const DAY_MS = 86_400_000;

let harness: PageHarness;
let backend: CreditsClient;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  harness = await PageHarness.start("credits-server-bell", { Ledger__Notifications__PurchaseUrl: PURCHASE_URL });
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

/**
 * Gives the account a week's history of spending `perDay` credits a day, as the ledger would have
 * kept it on the account row (notifications.md, "The burn rate"): the weighted sum of seven daily
 * spends (each halving in weight every 7 days), the first six days ago. The server runs on the real
 * clock, so a week cannot pass through its API; these three columns are all a pack suggestion reads,
 * and writing them by SQL (the server's own SQLite file) is what days of commits would have left.
 * SQLite has no warm account cache: the next batch loads the row as written here.
 */
function seedBurn(accountId: string, perDay: number): void {
  const now = Date.now();
  const spent = Array.from({ length: 7 }, (_, daysAgo) => perDay * 0.5 ** (daysAgo / 7)).reduce((sum, weighted) => sum + weighted, 0);
  execFileSync("sqlite3", [
    "-bail",
    "-cmd",
    ".timeout 10000",
    harness.ledger.databaseFile,
    `UPDATE accounts SET burn_spent = ${spent}, burn_updated_at_ms = ${now}, burn_since_ms = ${now - 6 * DAY_MS} WHERE account_id = '${accountId}';`,
  ]);
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

  it("offers the suggested pack: a Buy link to the purchase URL with ?pack=<id>", async () => {
    const account = PageHarness.newAccount();
    await backend.grant({ accountId: account, amount: 1000n, bucket: Bucket.PURCHASED, idempotencyKey: randomUUID() });
    // 10 a day is about 300 in 30 days: the pro pack (550 with its bonus) is the smallest that covers it.
    seedBurn(account, 10);
    await harness.open(page, PageHarness.tokenFor(account));
    await expect.poll(() => page.getByTestId("balance").textContent(), { timeout: 15_000 }).toBe("1,000");

    // A Reserve: the crossing happens there (available drops). Its Commit would add 800 spent today
    // to the rate and fire RUN_OUT_FORECAST as well, a second notification this test is not about.
    await backend.reserve({ accountId: account, cost: { case: "amount", value: 800n }, idempotencyKey: randomUUID() });

    await expect.poll(unreadCount, { timeout: 15_000 }).toBe("1");
    await page.getByTestId("bell").click();
    expect(await page.getByTestId("notification").locator("p").first().textContent()).toBe(
      "Low balance: 200 credits left, 20% of the 1,000 you had after your last top-up. Buy more below.",
    );
    const buy = page.getByTestId("notification").getByTestId("buy-pack");
    expect(await buy.textContent()).toBe("Buy pro");
    expect(await buy.getAttribute("href")).toBe(`${PURCHASE_URL}?pack=pro`);
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
