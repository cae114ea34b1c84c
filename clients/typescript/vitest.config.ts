import { defineConfig } from "vitest/config";

// Unit tests: the client, its errors and the React hooks against an in-memory ledger (Connect's
// router transport). The browser tests have their own configuration (browser-tests/).
export default defineConfig({
  test: {
    include: ["test/**/*.test.{ts,tsx}"],
    environment: "jsdom",
    testTimeout: 10_000,
  },
});
