import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { type PreviewServer, preview } from "vite";
import { mintToken } from "../../scripts/mint-token.mjs";
import { FakeStripe } from "./fakeStripe";
import { LedgerServer } from "./ledgerServer";
import { freePort } from "./ports";

export const RESULTS = fileURLToPath(new URL("../../test-results/", import.meta.url));
// Debian's Chromium; playwright-core never downloads a browser of its own.
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * What a browser test of the example page runs against: the real server (its own process), a fake
 * Stripe, the built page served by `vite preview`, and Debian's headless Chromium.
 */
export class PageHarness {
  private constructor(
    readonly stripe: FakeStripe,
    readonly ledger: LedgerServer,
    private readonly pageServer: PreviewServer,
    readonly pageOrigin: string,
    readonly browser: Browser,
  ) {}

  /** Starts everything; `settings` adds server configuration (`Section__Key`), e.g. a purchase URL. */
  static async start(logName: string, settings: Record<string, string> = {}): Promise<PageHarness> {
    mkdirSync(RESULTS, { recursive: true });
    const pagePort = await freePort();
    const pageOrigin = `http://127.0.0.1:${pagePort}`;
    const stripe = await FakeStripe.start();
    const ledger = await LedgerServer.start({ stripeApiBase: stripe.baseUrl, pageOrigin, logFile: `${RESULTS}${logName}.log`, settings });
    const pageServer = await preview({
      configFile: fileURLToPath(new URL("../../example/vite.config.ts", import.meta.url)),
      preview: { host: "127.0.0.1", port: pagePort, strictPort: true },
      logLevel: "warn",
    });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // Chromium's sandbox needs user namespaces, which a root process in a container rarely has.
      args: process.getuid?.() === 0 ? ["--no-sandbox"] : [],
    });
    return new PageHarness(stripe, ledger, pageServer, pageOrigin, browser);
  }

  /** A fresh account id. */
  static newAccount(): string {
    return `user:${randomBytes(6).toString("hex")}`;
  }

  /** An end-user token for `accountId`, as the product's backend would mint it. */
  static tokenFor(accountId: string, lifetimeSeconds = 900, nowSeconds?: number): string {
    return mintToken({ accountId, signingKey: LedgerServer.signingKey, issuer: LedgerServer.issuer, lifetimeSeconds, nowSeconds });
  }

  /** Opens the page on `page` as a product hands it to a signed-in user: the ledger and the token in the fragment. */
  async open(page: Page, token: string, search = ""): Promise<void> {
    await page.goto(`${this.pageOrigin}/${search}#ledger=${encodeURIComponent(this.ledger.browserUrl)}&token=${token}`);
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    await this.pageServer?.close();
    await this.ledger?.stop();
    await this.stripe?.close();
  }
}
