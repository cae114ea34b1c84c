// @vitest-environment node
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../src/", import.meta.url));

/** Every module specifier the file at `path` imports or re-exports, followed through relative ones. */
function importsFrom(path: string, seen = new Set<string>()): Set<string> {
  if (seen.has(path)) {
    return seen;
  }
  seen.add(path);
  const source = readFileSync(path, "utf8");
  for (const [, specifier] of source.matchAll(/(?:from|import)\s+"([^"]+)"/g)) {
    if (specifier?.startsWith(".")) {
      const base = resolve(dirname(path), specifier);
      const file = [`${base}.ts`, `${base}.tsx`, join(base, "index.ts")].find(existsSync);
      if (file) {
        importsFrom(file, seen);
      }
    } else if (specifier) {
      seen.add(specifier);
    }
  }
  return seen;
}

describe("entry points", () => {
  it("the browser entry point (@credits/client) never reaches Node-only code: the server folder, node: modules, Connect's Node transport", () => {
    const reached = [...importsFrom(join(SRC, "index.ts"))];

    expect(reached.filter((module) => module.includes(`${SRC}server`) || module.startsWith("node:") || module === "@connectrpc/connect-node")).toEqual([]);
    expect(reached).toContain(join(SRC, "transport.ts"));
  });
});
