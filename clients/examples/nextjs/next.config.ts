import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

const config: NextConfig = {
  // @credits/client ships TypeScript sources; Next compiles them like the app's own.
  transpilePackages: ["@credits/client"],
  // The package is linked from ../../typescript: Turbopack resolves files only under its root.
  turbopack: { root: fileURLToPath(new URL("../..", import.meta.url)) },
};

export default config;
