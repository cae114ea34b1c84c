import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../browser-tests/support/ports";
import { Bucket } from "../src/server";
import { Ledger, PRODUCT_API_KEY } from "./support/ledger";

const EXAMPLE = fileURLToPath(new URL("../../examples/nextjs/", import.meta.url));
let ledger: Ledger;
let next: ChildProcess;
let url: string;

/** `next start` of the built example (tests/web.sh builds it), against the test ledger. */
beforeAll(async () => {
  if (!existsSync(`${EXAMPLE}.next/BUILD_ID`)) {
    throw new Error(`The Next.js example is not built: (cd ${EXAMPLE} && npm install && npm run build)`);
  }
  ledger = await Ledger.start();
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  next = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: EXAMPLE,
    env: { ...process.env, CREDITS_LEDGER_URL: ledger.server.grpcUrl, CREDITS_API_KEY: PRODUCT_API_KEY, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "ignore",
  });
  for (;;) {
    if (next.exitCode !== null) {
      throw new Error(`next start exited with ${next.exitCode}`);
    }
    if (await fetch(url).then(() => true, () => false)) {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
});
afterAll(async () => {
  if (next && next.exitCode === null) {
    const exited = new Promise((resolve) => next.once("exit", resolve));
    next.kill("SIGTERM");
    await exited;
  }
  await ledger?.stop();
});

function post(path: string, token: string, signal?: AbortSignal) {
  return fetch(`${url}${path}`, { method: "POST", headers: { authorization: `Bearer ${token}` }, ...(signal ? { signal } : {}) });
}

// The example's demo sessions (lib/credits.ts): alice-token is user:alice, bob-token user:bob, carol-token user:carol.
describe("the Next.js example, served by next start", () => {
  it("commits the catalogue price of a route wrapped in withCredits, with Credits-Remaining", async () => {
    await ledger.client.grant({ accountId: "user:alice", amount: 12n, bucket: Bucket.PURCHASED, idempotencyKey: "next-example-grant" });

    const response = await post("/api/images", "alice-token");

    expect(response.status).toBe(200);
    expect(response.headers.get("Credits-Remaining")).toBe("7");
    expect(await ledger.entriesOnceThere("user:alice", 2)).toEqual([["RESERVE", 0], ["COMMIT", -5]]);
  });

  it("answers 402 with the problem body to an account without credits", async () => {
    const response = await post("/api/images", "bob-token");

    expect(response.status).toBe(402);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({ available: 0, required: 5 });
  });

  it("releases the hold when the client aborts the long render mid-handler (Next aborts request.signal)", async () => {
    await ledger.client.grant({ accountId: "user:carol", amount: 60n, bucket: Bucket.PURCHASED, idempotencyKey: "next-example-grant-2" });
    const client = new AbortController();

    const call = post("/api/render?seconds=30", "carol-token", client.signal);
    // The render is running once its hold is in the journal.
    await ledger.entriesOnceThere("user:carol", 1);
    client.abort();
    await expect(call).rejects.toThrow();

    expect(await ledger.entriesOnceThere("user:carol", 2)).toEqual([["RESERVE", 0], ["RELEASE", 0]]);
  });
});
