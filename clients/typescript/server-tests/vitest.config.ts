import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The Node server integrations (the gRPC client, withCredits, requireCredits) against the real
// Credits.Server (the Release build, SQLite in a temp folder), one server per file, files one at a
// time: the machine's cores go to the ledger, not to parallel servers.
export default defineConfig({
  resolve: {
    // The Express example (clients/examples/express) is specified here too, without installing it:
    // its two imports resolve to this package's source and this package's Express.
    alias: {
      "@credits/client/server": fileURLToPath(new URL("../src/server/index.ts", import.meta.url)),
      express: fileURLToPath(new URL("../node_modules/express", import.meta.url)),
    },
  },
  test: {
    include: ["server-tests/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 180_000,
  },
});
