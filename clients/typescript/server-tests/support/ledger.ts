import { createHash, randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LedgerServer } from "../../browser-tests/support/ledgerServer";
import type { CreditsClient } from "../../src/client";
import { Bucket, EntryKind } from "../../src/gen/credits/v1/types_pb";
import { readHistoryPage } from "../../src/history";
import { createCreditsServerClient } from "../../src/server";

/** The price catalogue the test server runs with (`Ledger:Features`). */
export const FEATURES = { "image.generate": 5, "text.summarize": 1 } as const;

/** A product service's key: ledger:read and ledger:write, as a product backend is given (not admin). */
export const PRODUCT_API_KEY = "ck_server_test_product_key_8c1f";

/**
 * The real Credits.Server, started as the browser tests start it (their LedgerServer: the Release
 * build, SQLite in a temp folder, free ports), with a price catalogue and a product key.
 */
export class Ledger {
  private constructor(
    readonly server: LedgerServer,
    /** The product's client: what the integrations are given. */
    readonly client: CreditsClient,
  ) {}

  static async start(): Promise<Ledger> {
    const settings: Record<string, string> = {
      Auth__ApiKeys__1__Name: "product-service",
      Auth__ApiKeys__1__Sha256: createHash("sha256").update(PRODUCT_API_KEY).digest("hex"),
      Auth__ApiKeys__1__Scopes__0: "ledger:read",
      Auth__ApiKeys__1__Scopes__1: "ledger:write",
    };
    for (const [feature, price] of Object.entries(FEATURES)) {
      settings[`Ledger__Features__${feature}`] = String(price);
    }
    const server = await LedgerServer.start({
      // Stripe and the browser listener are not used here; the server still wants both configured.
      stripeApiBase: "http://127.0.0.1:9",
      pageOrigin: "http://127.0.0.1:9",
      logFile: join(tmpdir(), `credits-server-tests-${process.pid}.log`),
      settings,
    });
    return new Ledger(server, createCreditsServerClient({ baseUrl: server.grpcUrl, apiKey: PRODUCT_API_KEY }));
  }

  /** A fresh account holding `credits` (none for 0). */
  async account(credits: number): Promise<string> {
    const accountId = `user:${randomUUID()}`;
    if (credits > 0) {
      await this.client.grant({ accountId, amount: BigInt(credits), bucket: Bucket.PURCHASED, idempotencyKey: randomUUID() });
    }
    return accountId;
  }

  async available(accountId: string): Promise<number> {
    const response = await this.client.getBalance({ accountId });
    return Number(response.balance?.available ?? 0n);
  }

  /** Each journal entry of the account after its grant: kind and signed amount, e.g. `["COMMIT", -5]`. */
  async entries(accountId: string): Promise<[string, number][]> {
    const page = await readHistoryPage(this.client, accountId, 0n, 500);
    return page.entries
      .filter((entry) => entry.kind !== EntryKind.GRANT)
      .map((entry) => [EntryKind[entry.kind], Number(entry.amount)]);
  }

  /**
   * The account's first `count` entries after its grant, as {@link entries} gives them, waiting for
   * them live (StreamHistory with follow): for work that settles in another process.
   */
  async entriesOnceThere(accountId: string, count: number): Promise<[string, number][]> {
    const seen: [string, number][] = [];
    for await (const { entry } of this.client.streamHistory({ accountId, follow: true }, { timeoutMs: 0 })) {
      if (entry && entry.kind !== EntryKind.GRANT) {
        seen.push([EntryKind[entry.kind], Number(entry.amount)]);
      }
      if (seen.length >= count) {
        break;
      }
    }
    return seen;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}
