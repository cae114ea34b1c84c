import { defineConfig } from "vitest/config";

// The Node server integrations (the gRPC client, withCredits, requireCredits) against the real
// Credits.Server (the Release build, SQLite in a temp folder), one server per file, files one at a
// time: the machine's cores go to the ledger, not to parallel servers.
export default defineConfig({
  test: {
    include: ["server-tests/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 180_000,
  },
});
