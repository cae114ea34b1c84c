import { defineConfig } from "vitest/config";

// The purchase page in headless Chromium (Debian's, driven by playwright-core) against a real
// Credits.Server and a fake Stripe API on 127.0.0.1. One file, one server: no parallel files.
export default defineConfig({
  test: {
    include: ["browser-tests/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
