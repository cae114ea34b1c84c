import { randomBytes } from "node:crypto";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { FakeStripe } from "./support/fakeStripe";
import { LedgerServer, PACKS } from "./support/ledgerServer";
import { PageHarness, RESULTS } from "./support/pageHarness";
import { checkoutCompleted, stripeSignature } from "./support/stripeEvents";

let harness: PageHarness;
let stripe: FakeStripe;
let ledger: LedgerServer;
let pageOrigin: string;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  harness = await PageHarness.start("credits-server");
  ({ stripe, ledger, pageOrigin } = harness);
});

afterAll(async () => {
  await harness?.stop();
});

beforeEach(async () => {
  // A fresh context per test: its own sessionStorage, so no test sees another's token.
  context = await harness.browser.newContext({ viewport: { width: 960, height: 900 } });
  page = await context.newPage();
});

afterEach(async () => {
  await context.close();
});

const newAccount = PageHarness.newAccount;
const tokenFor = PageHarness.tokenFor;

/** Opens the page as a product would hand it to a signed-in user: the ledger and the token in the fragment. */
function openPage(token: string, search = ""): Promise<void> {
  return harness.open(page, token, search);
}

const balanceText = () => page.getByTestId("balance").textContent();

async function expectBalance(expected: string): Promise<void> {
  await expect.poll(balanceText, { timeout: 15_000 }).toBe(expected);
}

describe("the purchase page, in Chromium, against the real server", () => {
  it("lists the packs on sale with their credits, bonus and price", async () => {
    await openPage(tokenFor(newAccount()));

    const pro = page.getByTestId("pack-pro");
    await pro.waitFor();
    expect(await pro.locator("h3").textContent()).toBe(PACKS.pro.name);
    expect(await pro.locator(".pack-credits").textContent()).toBe("500 credits + 50 bonus");
    expect(await pro.locator(".pack-price").textContent()).toBe("$45.00");
    expect(await page.getByTestId("pack-starter").locator(".pack-price").textContent()).toBe("$10.00");
    expect(await page.getByTestId("offer-ends-pro").textContent()).toMatch(/^Offer ends .*2099/);
    expect(await page.getByTestId("offer-ends-starter").count()).toBe(0);
  });

  it("lists a bundle's further lots and its label", async () => {
    await openPage(tokenFor(newAccount()));

    const lots = page.getByTestId("lots-bundle");
    await lots.waitFor();
    expect(await lots.locator("li").allTextContents()).toEqual([
      "+ 200 gift credits, valid 30 days",
      "+ 400 promo credits for image.generate, valid 90 days",
    ]);
    expect(await page.getByTestId("pack-bundle").locator(".pack-label").textContent()).toBe(PACKS.bundle.label);
    expect(await page.getByTestId("lots-pro").count(), "a pack with only credits and a bonus lists no further lots").toBe(0);
  });

  it("shows the balance of the token's account", async () => {
    const account = newAccount();

    await openPage(tokenFor(account));

    expect(await page.getByTestId("account").textContent()).toBe(account);
    await expectBalance("0");
  });

  it("Buy sends the customer to the (fake) Stripe Checkout page for that pack and account", async () => {
    const account = newAccount();
    await openPage(tokenFor(account));

    await page.getByTestId("buy-pro").click();

    await page.waitForURL(/\/c\/pay\/cs_test_/);
    const session = stripe.sessionFor(account);
    expect(session).toBeDefined();
    expect(page.url()).toBe(session?.url);
    expect(session?.form.get("line_items[0][price]")).toBe(PACKS.pro.priceId);
    expect(session?.form.get("metadata[pack_id]")).toBe("pro");
    expect(session?.form.get("success_url")).toBe(`${pageOrigin}/?checkout=success&session_id={CHECKOUT_SESSION_ID}`);
    const language = await page.evaluate(() => navigator.language);
    expect(session?.form.get("locale"), `the browser's ${language}, as Stripe spells its language`).toBe(language === "en-GB" ? "en-GB" : language.split("-")[0]);
  });

  it("after paying, the success return shows, and the signed webhook raises the balance without a reload", async () => {
    const account = newAccount();
    await openPage(tokenFor(account));
    await page.getByTestId("buy-pro").click();
    await page.waitForURL(/\/c\/pay\//);
    await page.locator("#pay").click();
    await page.getByTestId("checkout-success").waitFor();
    await expectBalance("0");
    // Marks this document: a reload would replace it, and the mark with it.
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));
    const session = stripe.sessionFor(account)!;

    const body = checkoutCompleted({ id: session.id, accountId: account, packId: "pro", amountTotal: PACKS.pro.unitAmount });
    const delivery = await ledger.postWebhook(body, stripeSignature(body, LedgerServer.webhookSecret));

    expect(delivery.status, delivery.text).toBe(200);
    await expectBalance("550");
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await expect.poll(() => page.getByTestId("activity").locator("li").count()).toBe(2);
    await page.screenshot({ path: `${RESULTS}purchase-page.png`, fullPage: true });
  });

  it("after cancelling, the cancel return shows and nothing was bought", async () => {
    const account = newAccount();
    await openPage(tokenFor(account));
    await page.getByTestId("buy-starter").click();
    await page.waitForURL(/\/c\/pay\//);

    await page.locator("#cancel").click();

    await page.getByTestId("checkout-cancel").waitFor();
    expect(page.url()).toBe(`${pageOrigin}/?checkout=cancel`);
    await expectBalance("0");
  });

  it("a webhook with a forged signature changes nothing on the page", async () => {
    const account = newAccount();
    await openPage(tokenFor(account));
    await expectBalance("0");

    const body = checkoutCompleted({ id: `cs_test_${randomBytes(8).toString("hex")}`, accountId: account, packId: "starter", amountTotal: 1000 });
    const delivery = await ledger.postWebhook(body, stripeSignature(body, "whsec_guessed_by_a_forger"));

    expect(delivery.status).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await balanceText()).toBe("0");
  });

  it("an expired token shows that the session expired instead of a balance", async () => {
    const nowSeconds = Math.floor(Date.now() / 1000);

    await openPage(tokenFor(newAccount(), 60, nowSeconds - 3600));

    await page.getByTestId("balance-error").waitFor();
    expect(await page.getByTestId("balance-error").textContent()).toContain("session has expired");
  });
});
