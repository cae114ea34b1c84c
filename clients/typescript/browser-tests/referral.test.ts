import { copyFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createClient } from "@connectrpc/connect";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReferralService } from "../src/gen/credits/v1/referral_service_pb";
import { createCreditsServerTransport } from "../src/server";
import { LedgerServer } from "./support/ledgerServer";
import { PageHarness, RESULTS } from "./support/pageHarness";

const DOCS_SCREENSHOT = fileURLToPath(new URL("../../../docs/images/referral-link.png", import.meta.url));

let harness: PageHarness;
let referrals: ReturnType<typeof createClient<typeof ReferralService>>;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  harness = await PageHarness.start("credits-server-referral");
  // The product's backend reads the same code with its API key: the page must show that one.
  referrals = createClient(ReferralService, createCreditsServerTransport({ baseUrl: harness.ledger.grpcUrl, apiKey: LedgerServer.apiKey }));
  context = await harness.browser.newContext({ viewport: { width: 960, height: 1300 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: harness.pageOrigin });
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close();
  await harness?.stop();
});

describe("the referral link on the example page, in Chromium, against the real server", () => {
  it("shows the signed-in user's own code as a sign-up link, and copies it", async () => {
    const account = PageHarness.newAccount();
    await harness.open(page, PageHarness.tokenFor(account));

    await expect.poll(() => page.getByTestId("referral-code").textContent(), { timeout: 15_000 }).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const { code } = await referrals.getReferralCode({ accountId: account });
    expect(await page.getByTestId("referral-code").textContent()).toBe(code);
    const link = await page.getByTestId("referral-link").inputValue();
    expect(link).toBe(`${harness.pageOrigin}/signup?ref=${code}`);

    await page.getByTestId("referral-copy").click();
    await expect.poll(() => page.getByTestId("referral-copied").textContent(), { timeout: 15_000 }).toBe("Link copied.");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await page.locator("section.referral").screenshot({ path: `${RESULTS}referral-link.png` });
    copyFileSync(`${RESULTS}referral-link.png`, DOCS_SCREENSHOT);
  });
});
