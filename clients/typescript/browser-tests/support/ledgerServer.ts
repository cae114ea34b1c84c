import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./ports";

const REPOSITORY = fileURLToPath(new URL("../../../../", import.meta.url));

/** The packs the test server sells, as its configuration says. */
export const PACKS = {
  starter: { name: "Starter pack", credits: 100n, unitAmount: 1000, priceId: "price_starter_test" },
  pro: { name: "Pro pack", credits: 500n, bonusCredits: 50n, unitAmount: 4500, priceId: "price_pro_test", validityMonths: 12, availableUntil: "2099-06-15T12:00:00Z" },
  /** A bundle (docs/bundles.md): further lots beside its credits, each with its own validity and features; smaller than pro, which the usage page suggests. */
  bundle: { name: "Creator bundle", credits: 300n, unitAmount: 2500, priceId: "price_bundle_test", label: "Save 20%" },
} as const;

export interface LedgerServerOptions {
  stripeApiBase: string;
  /** The page origin CORS allows. */
  pageOrigin: string;
  /** Where the server's output goes. */
  logFile: string;
  /** More configuration (`Section__Key` environment variables), e.g. a price catalogue for the server-side suite. */
  settings?: Record<string, string>;
}

/**
 * The real Credits.Server (the Release build in src/Credits.Server/bin) as its own process, as it is
 * deployed: SQLite in a temporary folder, a gRPC listener, the browser listener (gRPC-Web, CORS for
 * the page's origin), the webhook listener, end-user tokens, and Stripe.net pointed at the fake.
 */
export class LedgerServer {
  static readonly signingKey = "browser-test-signing-key-0123456789abcdef";
  static readonly issuer = "http://purchase-page.test";
  static readonly webhookSecret = "whsec_browser_test_4f0c8d2e6a1b3c5d";
  static readonly apiKey = "ck_browser_test_admin_key_5e2d";

  private constructor(
    private readonly process: ChildProcess,
    private readonly folder: string,
    readonly browserUrl: string,
    readonly grpcUrl: string,
    readonly webhookUrl: string,
  ) {}

  static async start(options: LedgerServerOptions): Promise<LedgerServer> {
    const configuration = process.env.CONFIGURATION ?? "Release";
    const dll = join(REPOSITORY, `src/Credits.Server/bin/${configuration}/net10.0/Credits.Server.dll`);
    if (!existsSync(dll)) {
      throw new Error(`${dll} is missing: build first (dotnet build Credits.Grpc.sln -c ${configuration}).`);
    }
    const [grpcPort, browserPort, webhookPort] = [await freePort(), await freePort(), await freePort()];
    const folder = mkdtempSync(join(tmpdir(), "credits-browser-test-"));
    const environment: Record<string, string> = {
      ASPNETCORE_ENVIRONMENT: "Production",
      DOTNET_NOLOGO: "1",
      Kestrel__Endpoints__Grpc__Url: `http://127.0.0.1:${grpcPort}`,
      Browser__Url: `http://127.0.0.1:${browserPort}`,
      Browser__AllowedOrigins__0: options.pageOrigin,
      Webhooks__Url: `http://127.0.0.1:${webhookPort}`,
      Database__Provider: "Sqlite",
      Database__ConnectionString: `Data Source=${join(folder, "credits.db")}`,
      Auth__ApiKeys__0__Name: "browser-tests",
      Auth__ApiKeys__0__Sha256: createHash("sha256").update(LedgerServer.apiKey).digest("hex"),
      Auth__ApiKeys__0__Scopes__0: "admin",
      Auth__EndUserTokens__SigningKey: LedgerServer.signingKey,
      Auth__EndUserTokens__Issuer: LedgerServer.issuer,
      Stripe__ApiKey: "sk_test_browser_fake",
      Stripe__WebhookSecret: LedgerServer.webhookSecret,
      Stripe__ApiBase: options.stripeApiBase,
      Stripe__MaxNetworkRetries: "0",
      Stripe__Packs__starter__Name: PACKS.starter.name,
      Stripe__Packs__starter__Credits: String(PACKS.starter.credits),
      Stripe__Packs__starter__PriceId: PACKS.starter.priceId,
      Stripe__Packs__starter__UnitAmount: String(PACKS.starter.unitAmount),
      Stripe__Packs__starter__Currency: "usd",
      Stripe__Packs__pro__Name: PACKS.pro.name,
      Stripe__Packs__pro__Credits: String(PACKS.pro.credits),
      Stripe__Packs__pro__BonusCredits: String(PACKS.pro.bonusCredits),
      Stripe__Packs__pro__PriceId: PACKS.pro.priceId,
      Stripe__Packs__pro__UnitAmount: String(PACKS.pro.unitAmount),
      Stripe__Packs__pro__Currency: "usd",
      Stripe__Packs__pro__ValidityMonths: String(PACKS.pro.validityMonths),
      // An offer's end, which the page shows (far off: the server runs on the real clock).
      Stripe__Packs__pro__AvailableUntil: PACKS.pro.availableUntil,
      Stripe__Packs__bundle__Name: PACKS.bundle.name,
      Stripe__Packs__bundle__Credits: String(PACKS.bundle.credits),
      Stripe__Packs__bundle__PriceId: PACKS.bundle.priceId,
      Stripe__Packs__bundle__UnitAmount: String(PACKS.bundle.unitAmount),
      Stripe__Packs__bundle__Currency: "usd",
      Stripe__Packs__bundle__Label: PACKS.bundle.label,
      Stripe__Packs__bundle__Lots__0__Bucket: "gift",
      Stripe__Packs__bundle__Lots__0__Credits: "200",
      Stripe__Packs__bundle__Lots__0__ValidityDays: "30",
      Stripe__Packs__bundle__Lots__1__Bucket: "promo",
      Stripe__Packs__bundle__Lots__1__Credits: "400",
      Stripe__Packs__bundle__Lots__1__ValidityDays: "90",
      Stripe__Packs__bundle__Lots__1__Features__0: "image.generate",
      Logging__LogLevel__Default: "Warning",
      ...options.settings,
    };
    // The working folder is the temporary one, so no appsettings.json of a developer's is read.
    const child = spawn("dotnet", [dll], { cwd: folder, env: { ...process.env, ...environment }, stdio: ["ignore", "pipe", "pipe"] });
    const log = createWriteStream(options.logFile);
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const server = new LedgerServer(
      child,
      folder,
      `http://127.0.0.1:${browserPort}`,
      `http://127.0.0.1:${grpcPort}`,
      `http://127.0.0.1:${webhookPort}/stripe/webhook`,
    );
    try {
      await server.waitUntilListening(child);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  /** Posts a webhook body with the given Stripe-Signature header, as Stripe does. */
  async postWebhook(body: string, signature: string): Promise<{ status: number; text: string }> {
    const response = await fetch(this.webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signature },
      body,
    });
    return { status: response.status, text: await response.text() };
  }

  /** The server's SQLite file, for tests that seed what the server's API cannot (days gone by). */
  get databaseFile(): string {
    return join(this.folder, "credits.db");
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      const exited = new Promise((resolve) => this.process.once("exit", resolve));
      this.process.kill("SIGTERM");
      await exited;
    }
    rmSync(this.folder, { recursive: true, force: true });
  }

  private async waitUntilListening(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        throw new Error(`Credits.Server exited with ${child.exitCode} before listening; see its log.`);
      }
      try {
        // Any answer (404 for this path) means Kestrel is up; migrations ran before it listens.
        await fetch(`${this.browserUrl}/`);
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    throw new Error("Credits.Server did not start listening within 60 s.");
  }
}
