import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The purchase page: a static single-page app (example/), built into dist/purchase-page.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react()],
  // Relative asset paths, so the built page works from any folder of a static server.
  base: "./",
  build: {
    outDir: fileURLToPath(new URL("../dist/purchase-page", import.meta.url)),
    emptyOutDir: true,
  },
  server: { host: "127.0.0.1", port: 5173 },
  preview: { host: "127.0.0.1", port: 4173 },
});
