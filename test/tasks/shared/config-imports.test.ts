import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * Hardhat loads hardhat.config.ts, and the task definitions it imports, before it builds anything:
 * on a fresh clone `src/typechain` does not exist yet, so nothing the config loads may reach the
 * SDK (src/), which imports the typechain types. The actions load lazily, on first use. This walks
 * the static imports (not `import type`, not `import()`) from the config.
 */

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");

/** The project files `file` imports statically, resolved (`.js` is the `.ts` source). */
export function staticImports(file: string, source: string): string[] {
  const found: string[] = [];
  const pattern = /^\s*(?:import|export)\s+(?!type\b)(?:[^;]*?\s+from\s+)?"(\.{1,2}\/[^"]+)";/gms;
  for (const match of source.matchAll(pattern)) {
    const target = match[1] as string;
    found.push(path.resolve(path.dirname(file), target.replace(/\.js$/, ".ts")));
  }
  return found;
}

/** Every project file reached from `entry` through static imports, entry included. */
function reachable(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of staticImports(file, readFileSync(file, "utf8"))) visit(next);
  };
  visit(entry);
  return [...seen].map((file) => path.relative(ROOT, file)).sort();
}

describe("what the Hardhat config loads", function () {
  it("finds static imports and skips type-only and lazy ones", function () {
    const source = [
      'import { a } from "./a.js";',
      'import type { B } from "./b.js";',
      'import "./side-effect.js";',
      'export { c } from "../c.js";',
      'const d = () => import("./d.js");',
      'import {\n  e,\n  f,\n} from "./e.js";',
    ].join("\n");
    expect(staticImports("/x/y/z.ts", source)).to.deep.equal([
      "/x/y/a.ts",
      "/x/y/side-effect.ts",
      "/x/c.ts",
      "/x/y/e.ts",
    ]);
  });

  it("never reaches the SDK, which needs the typechain types a fresh clone has not built", function () {
    const files = reachable(path.join(ROOT, "hardhat.config.ts"));
    expect(files).to.include("tasks/index.ts");
    expect(files).to.include("tasks/shared/options.ts");
    expect(files.filter((file) => file.startsWith("src/"))).to.deep.equal([]);
  });
});
