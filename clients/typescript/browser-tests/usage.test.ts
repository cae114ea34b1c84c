import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { type PreviewServer, preview } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintToken } from "../scripts/mint-token.mjs";
import { Bucket } from "../src/gen/credits/v1/types_pb";
import { createCreditsServerClient } from "../src/server/client";
import { FakeStripe } from "./support/fakeStripe";
import { LedgerServer } from "./support/ledgerServer";
import { freePort } from "./support/ports";

const RESULTS = fileURLToPath(new URL("../test-results/", import.meta.url));
const IMAGES = fileURLToPath(new URL("../../../docs/images/", import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const DAY_MS = 86_400_000;

let stripe: FakeStripe;
let ledger: LedgerServer;
let pageServer: PreviewServer;
let pageOrigin: string;
let browser: Browser;
let page: Page;
const account = `user:${randomBytes(6).toString("hex")}`;
const quiet = `user:${randomBytes(6).toString("hex")}`;

/**
 * The account's history: 40 credits of image.generate (5 a unit, 8 operations) on each of the 28
 * days before today, 100 of chat on day 35 (the previous 30-day period), and today 2 units of
 * image.generate (10) and 3 of chat (3) spent through the server. 1,213 credits granted, then 50
 * that burn last (priority 1000) and expire in 2 days. The server's clock cannot be moved, so the
 * past days are written into the aggregates (usage_daily) as the server writes them, and the
 * account is back-dated 60 days (the forecast ignores days before an account existed).
 */
async function seed(): Promise<void> {
  const client = createCreditsServerClient({ baseUrl: ledger.grpcUrl, apiKey: LedgerServer.apiKey });
  await client.grant({ accountId: account, amount: 1213n, bucket: Bucket.PROMO, idempotencyKey: `${account}-grant` });
  await client.grant({
    accountId: account,
    amount: 50n,
    bucket: Bucket.PROMO,
    priority: 1000,
    expiresAt: { seconds: BigInt(Math.floor(Date.now() / 1000) + 2 * 86_400), nanos: 0 },
    idempotencyKey: `${account}-expiring`,
  });
  for (const [feature, quantity] of [["image.generate", 2n], ["chat", 3n]] as const) {
    const hold = await client.reserve({ accountId: account, cost: { case: "feature", value: feature }, quantity, idempotencyKey: `${account}-${feature}` });
    await client.commit({ holdId: hold.holdId });
  }
  await client.grant({ accountId: quiet, amount: 20n, bucket: Bucket.PROMO, idempotencyKey: `${quiet}-grant` });

  const today = Math.floor(Date.now() / DAY_MS);
  const rows = Array.from({ length: 28 }, (_, index) => `('${account}', ${today - 1 - index}, 'image.generate', 40, 8)`);
  rows.push(`('${account}', ${today - 35}, 'chat', 100, 4)`);
  execFileSync("sqlite3", [
    "-bail",
    "-cmd",
    ".timeout 10000",
    ledger.databaseFile,
    `INSERT INTO usage_daily (account_id, day, feature, credits, operations) VALUES ${rows.join(", ")};
UPDATE accounts SET created_at_ms = created_at_ms - ${60 * DAY_MS} WHERE account_id = '${account}';`,
  ]);
}

beforeAll(async () => {
  mkdirSync(RESULTS, { recursive: true });
  mkdirSync(IMAGES, { recursive: true });
  const pagePort = await freePort();
  pageOrigin = `http://127.0.0.1:${pagePort}`;
  stripe = await FakeStripe.start();
  ledger = await LedgerServer.start({
    stripeApiBase: stripe.baseUrl,
    pageOrigin,
    logFile: `${RESULTS}credits-server-usage.log`,
    settings: {
      "Ledger__Features__image.generate": "5",
      "Ledger__Features__image.draft": "2",
      Ledger__Features__chat: "1",
      "Ledger__Alternatives__image.generate": "image.draft",
    },
  });
  await seed();
  pageServer = await preview({
    configFile: fileURLToPath(new URL("../example/vite.config.ts", import.meta.url)),
    preview: { host: "127.0.0.1", port: pagePort, strictPort: true },
    logLevel: "warn",
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: process.getuid?.() === 0 ? ["--no-sandbox"] : [] });
});

afterAll(async () => {
  await browser?.close();
  await pageServer?.close();
  await ledger?.stop();
  await stripe?.close();
});

async function openUsage(accountId: string): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 960, height: 900 } });
  page = await context.newPage();
  const token = mintToken({ accountId, signingKey: LedgerServer.signingKey, issuer: LedgerServer.issuer, lifetimeSeconds: 900 });
  await page.goto(`${pageOrigin}/?view=usage#ledger=${encodeURIComponent(ledger.browserUrl)}&token=${token}`);
}

const text = (testId: string) => page.getByTestId(testId).textContent();
const utcDay = (date: Date) => date.toLocaleDateString("en-US", { dateStyle: "medium", timeZone: "UTC" });

describe("the usage page, in Chromium, against the real server", () => {
  it("shows spend by feature with the change, the forecast, expiring credits and a suggestion, and draws the chart", async () => {
    await openUsage(account);

    await expect.poll(() => text("usage-total"), { timeout: 15_000 }).toBe("1,133");
    expect(await text("usage-change")).toBe("The 30 days before: 100 credits; change +1,033 (+1033.0%).");
    expect(await page.getByTestId("spend-table").locator("thead th").allTextContents()).toEqual(["Period", "image.generate", "chat"]);
    // 28 past days and today.
    expect(await page.getByTestId("spend-table").locator("tbody tr").count()).toBe(29);
    // 40 a day over the whole window: 1,200 credits of the main lot last 30 days.
    expect(await text("burn-rate")).toContain("40.0");
    expect(await text("run-out")).toBe(utcDay(new Date(Date.now() + 30 * DAY_MS)));
    expect(await page.getByTestId("expiring").locator("tbody td").nth(1).textContent()).toBe("50");
    expect(await text("top-up")).toContain("Buy 1,200 credits");
    expect(await page.getByTestId("top-up-pack").getAttribute("href")).toBe("./#pack-pro");
    const cheaper = page.locator('[data-testid="suggestions"] li[data-kind="cheaper-feature"]');
    expect(await cheaper.textContent()).toMatch(/image\.draft.*save [\d,]+ credits$/);
    expect(await page.locator('[data-testid="suggestions"] li[data-kind="use-expiring-credits"]').count()).toBe(1);
    // Drawn: the canvas holds more than a blank canvas of its size.
    const drawn = await page.getByTestId("spend-chart").locator("canvas").evaluate((canvas: HTMLCanvasElement) => {
      const blank = document.createElement("canvas");
      blank.width = canvas.width;
      blank.height = canvas.height;
      return canvas.width > 0 && canvas.toDataURL() !== blank.toDataURL();
    });
    expect(drawn).toBe(true);
    await page.screenshot({ path: `${IMAGES}usage-page.png`, fullPage: true });

    await page.getByTestId("granularity-month").check();

    // Twelve months hold both 30-day periods: the months from day 35 back to this one.
    await expect.poll(() => text("usage-total"), { timeout: 15_000 }).toBe("1,233");
    const months = new Set([35, 28, 0].map((days) => new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 7))).size;
    expect(await page.getByTestId("spend-table").locator("tbody tr").count()).toBe(months);
  });

  it("says so when the account has spent nothing", async () => {
    await openUsage(quiet);

    await page.getByTestId("usage-empty").waitFor({ timeout: 15_000 });
    expect(await text("usage-total")).toBe("0");
    expect(await text("run-out-never")).toBe("You have spent nothing recently, so your 20 credits will not run out.");
    await page.getByTestId("suggestions-empty").waitFor();
  });

  it("shows why when the token may not read the account", async () => {
    await openUsage(account);
    await page.evaluate(() => {
      const stored = JSON.parse(sessionStorage.getItem("credits.purchase-page.session") ?? "{}") as { accountId: string };
      stored.accountId = "user:someone-else";
      sessionStorage.setItem("credits.purchase-page.session", JSON.stringify(stored));
    });

    await page.goto(`${pageOrigin}/?view=usage`);

    expect(await page.getByTestId("usage-error").textContent({ timeout: 15_000 })).toBe("This page may not show that account.");
  });

  it("the operators' overview, with an admin key typed in, ranks the account first and sums the days", async () => {
    const context = await browser.newContext({ viewport: { width: 960, height: 900 } });
    page = await context.newPage();
    await page.goto(`${pageOrigin}/?view=operator#ledger=${encodeURIComponent(ledger.browserUrl)}`);

    await page.getByTestId("api-key").fill(LedgerServer.apiKey);
    await page.getByTestId("load-overview").click();

    const first = page.getByTestId("top-accounts").locator("tbody tr").first();
    expect(await first.locator("td").first().textContent({ timeout: 15_000 })).toBe(account);
    expect(await first.locator("td").nth(1).textContent()).toBe("1,133");
    expect(await page.getByTestId("top-features").locator("tbody tr td").first().textContent()).toBe("image.generate");
    expect(await text("overview-total")).toBe("1,133 credits on 226 operations in the last 30 days.");
    await page.screenshot({ path: `${IMAGES}operator-overview.png`, fullPage: true });
  });
});
