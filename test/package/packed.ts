/**
 * The package as `npm pack` makes it, built once per test run and shared by the tests that
 * check what it contains and the test that installs it: `dist/` rebuilt from scratch (a stale
 * file of an older build would be packed too), then packed into a temporary folder.
 */
import { existsSync, rmSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type RunOptions, runProcess } from "../helpers/process.js";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const DIST = path.join(ROOT, "dist");
const TSC = path.join(ROOT, "node_modules", ".bin", "tsc");

/** Runs a command that must succeed, and returns its stdout. */
export async function succeed(
  file: string,
  args: readonly string[],
  options: RunOptions,
): Promise<string> {
  const result = await runProcess(file, args, options);
  if (result.code !== 0) {
    throw new Error(`${file} ${args.join(" ")} exited ${result.code}:\n${result.stderr}`);
  }
  return result.stdout;
}

/**
 * The environment of the machine's own Node: ours without the `node_modules/.bin` folders that
 * put Hardhat's Node 22 first, so that `node` and `npm` are what a dApp developer has.
 */
export function plainNodeEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("HARDHAT_") && !key.startsWith("npm_") && key !== "HH_TEST") {
      env[key] = value;
    }
  }
  env.PATH = (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter((dir) => !dir.split(path.sep).includes("node_modules"))
    .join(path.delimiter);
  return env;
}

export type PackedFile = { path: string; size: number };
export type Packed = {
  /** The folder `npm pack` wrote into; removed when the test run ends. */
  dir: string;
  /** The `.tgz` file. */
  tarball: string;
  /** Every file in it, as `npm pack --json` lists it. */
  files: PackedFile[];
};

/** Packs the package folder `cwd` into `dir` with scripts off, and lists what it packed. */
export async function pack(cwd: string, dir: string): Promise<Packed> {
  const stdout = await succeed(
    "npm",
    ["pack", "--json", "--ignore-scripts", "--pack-destination", dir],
    { cwd, env: plainNodeEnv() },
  );
  const [report] = JSON.parse(stdout) as [{ filename: string; files: PackedFile[] }];
  return { dir, tarball: path.join(dir, report.filename), files: report.files };
}

let packed: Promise<Packed> | undefined;

/**
 * Builds `dist/` afresh and packs the package, once per test run (`prepack` does the same build
 * after compiling; the test run has compiled already). The tarball's folder is removed when the
 * run ends.
 */
export function packedPackage(): Promise<Packed> {
  packed ??= (async () => {
    await rm(DIST, { recursive: true, force: true });
    await succeed(TSC, ["-p", "tsconfig.build.json"], { cwd: ROOT });
    const dir = await mkdtemp(path.join(os.tmpdir(), "suite-pack-"));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    return pack(ROOT, dir);
  })();
  return packed;
}

/**
 * The files of `dist/` that importing `entry` (a file of `dist/`) loads: the entry and every
 * relative module it imports or re-exports, transitively.
 */
export async function reachableFiles(entry: string): Promise<string[]> {
  const seen = new Set<string>();
  const visit = async (file: string): Promise<void> => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = await readFile(file, "utf8");
    for (const match of text.matchAll(/\b(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)) {
      const target = path.resolve(path.dirname(file), match[1]!);
      if (!existsSync(target)) throw new Error(`${file} imports ${match[1]}, which is missing`);
      await visit(target);
    }
  };
  await visit(entry);
  return [...seen].sort();
}
