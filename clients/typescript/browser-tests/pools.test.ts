import { randomBytes, randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CreditsClient } from "../src/client";
import { Bucket } from "../src/gen/credits/v1/types_pb";
import { addPoolMember, createPoolsClient, type PoolsClient } from "../src/pools";
import { createCreditsServerClient, createCreditsServerTransport } from "../src/server";
import { LedgerServer } from "./support/ledgerServer";
import { PageHarness } from "./support/pageHarness";

const DOCS_SCREENSHOT = fileURLToPath(new URL("../../../docs/images/pool-page.png", import.meta.url));

let harness: PageHarness;
let backend: CreditsClient;
let pools: PoolsClient;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  harness = await PageHarness.start("credits-server-pools");
  // The product's backend (an admin key) sets the pool up and spends for its members.
  const options = { baseUrl: harness.ledger.grpcUrl, apiKey: LedgerServer.apiKey };
  backend = createCreditsServerClient(options);
  pools = createPoolsClient(createCreditsServerTransport(options));
});

afterAll(async () => {
  await harness?.stop();
});

beforeEach(async () => {
  context = await harness.browser.newContext({ viewport: { width: 960, height: 760 } });
  page = await context.newPage();
});

afterEach(async () => {
  await context.close();
});

/** A pool of 1,000 credits with an admin (no limit) and a member (100 a month) who used 60: 40 committed, 20 held. */
async function seedPool(): Promise<{ pool: string; admin: string; member: string }> {
  const pool = `org:${randomBytes(6).toString("hex")}`;
  const [admin, member] = [PageHarness.newAccount(), PageHarness.newAccount()];
  await backend.grant({ accountId: pool, amount: 1000n, bucket: Bucket.PURCHASED, idempotencyKey: randomUUID() });
  await addPoolMember(pools, { poolAccountId: pool, memberAccountId: admin, period: "none", role: "admin", idempotencyKey: randomUUID() });
  await addPoolMember(pools, { poolAccountId: pool, memberAccountId: member, limit: 100n, period: "month", role: "member", idempotencyKey: randomUUID() });
  const spent = await backend.reserve({ accountId: pool, onBehalfOf: member, cost: { case: "amount", value: 60n }, idempotencyKey: randomUUID() });
  await backend.commit({ holdId: spent.holdId, amount: 40n });
  await backend.reserve({ accountId: pool, onBehalfOf: member, cost: { case: "amount", value: 20n }, idempotencyKey: randomUUID() });
  return { pool, admin, member };
}

const row = (account: string) => page.locator(`tr[data-member="${account}"]`);

describe("the pool page, in Chromium, against the real server", () => {
  it("shows a pool admin its members' limits and usage this period, and adds, changes and removes members", async () => {
    const { pool, admin, member } = await seedPool();
    await harness.open(page, PageHarness.tokenFor(admin), `?view=pool&pool=${encodeURIComponent(pool)}`);

    await row(member).waitFor({ timeout: 15_000 });
    expect(await row(member).getByTestId("limit").textContent()).toBe("100 a month");
    expect(await row(member).getByTestId("usage-text").textContent()).toBe("60 of 100 (20 held)");
    expect(await row(member).getByRole("meter").getAttribute("aria-valuenow")).toBe("60");
    expect(await row(admin).getByTestId("limit").textContent()).toBe("no limit");
    expect(await page.getByTestId("top-up").getAttribute("href")).toBe("./");

    const newcomer = PageHarness.newAccount();
    await page.getByTestId("new-member").fill(newcomer);
    await page.getByTestId("add-member").getByTestId("limit-input").fill("50");
    await page.getByTestId("add-member").getByTestId("period").selectOption("week");
    await page.getByTestId("add").click();
    await row(newcomer).waitFor({ timeout: 15_000 });
    expect(await row(newcomer).getByTestId("limit").textContent()).toBe("50 a week");

    await row(member).getByTestId("edit").click();
    await row(member).getByTestId("limit-input").fill("200");
    await row(member).getByTestId("save").click();
    await expect.poll(() => row(member).getByTestId("usage-text").textContent(), { timeout: 15_000 }).toBe("60 of 200 (20 held)");
    await page.screenshot({ path: DOCS_SCREENSHOT, fullPage: true });

    await row(newcomer).getByTestId("remove").click();
    await row(newcomer).waitFor({ state: "detached", timeout: 15_000 });
    const stored = await pools.listPoolMembers({ poolAccountId: pool, includeRemoved: true });
    expect(stored.members.map((m) => [m.memberAccountId, m.limit, m.removeTime !== undefined]).sort()).toEqual(
      [
        [admin, undefined, false],
        [member, 200n, false],
        [newcomer, 50n, true],
      ].sort(),
    );
  });

  it("tells a plain member's token it is not an admin of the pool, and shows no members", async () => {
    const { pool, member } = await seedPool();
    await harness.open(page, PageHarness.tokenFor(member), `?view=pool&pool=${encodeURIComponent(pool)}`);

    expect(await page.getByTestId("pool-error").textContent({ timeout: 15_000 })).toBe("You are not an admin of this pool.");
    expect(await page.getByTestId("members").count()).toBe(0);
  });
});
