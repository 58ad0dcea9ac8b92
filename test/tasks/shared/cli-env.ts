import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
export const BIN = path.join(ROOT, "node_modules", ".bin");

/**
 * Where the child `hardhat` commands of the CLI tests compile to. Their own folders, because
 * `hardhat test --coverage` leaves instrumented artifacts in `artifacts/`: too large for a real
 * node, which enforces the 24 KB contract-size limit (EIP-170). Shared by every CLI test file,
 * so the suite compiles for them once per checkout; one folder per checkout, so that two
 * checkouts tested at once on one machine never read each other's half-written artifacts.
 * `npm test` (scripts/test.mjs) sets SUITE_CLI_BUILD_DIR to its plain build, keyed by the sources,
 * so that the CLI tests reuse it instead of compiling again.
 */
export const CLI_BUILD_DIR =
  process.env.SUITE_CLI_BUILD_DIR ??
  path.join(
    os.tmpdir(),
    `supply-chain-suite-cli-build-${createHash("sha256").update(ROOT).digest("hex").slice(0, 12)}`,
  );

/**
 * The environment of child commands: ours with Node 22 first on the PATH, without the
 * `HARDHAT_*` variables that the parent `hardhat test` sets from its own global options, and
 * with a build folder of their own.
 */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("HARDHAT_") && key !== "HH_TEST") env[key] = value;
  }
  return {
    ...env,
    PATH: `${BIN}${path.delimiter}${process.env.PATH ?? ""}`,
    SUITE_ARTIFACTS_DIR: path.join(CLI_BUILD_DIR, "artifacts"),
    SUITE_CACHE_DIR: path.join(CLI_BUILD_DIR, "cache"),
    ...extra,
  };
}

/**
 * Removes the artifacts of contract sources that no longer exist (a renamed or deleted `.sol`
 * file). Hardhat prunes them only on a full build, and the CLI build below is not one (it skips
 * the Solidity tests): without this, a moved contract leaves two artifacts of one name behind
 * and every deployment stops at "multiple artifacts for contract".
 */
async function pruneStaleArtifacts(artifacts: string): Promise<void> {
  const visit = async (relative: string): Promise<void> => {
    const entries = await readdir(path.join(artifacts, relative), { withFileTypes: true });
    for (const entry of entries.filter((each) => each.isDirectory())) {
      const child = path.join(relative, entry.name);
      if (!entry.name.endsWith(".sol")) await visit(child);
      else if (!existsSync(path.join(ROOT, child))) {
        await rm(path.join(artifacts, child), { recursive: true, force: true });
      }
    }
  };
  if (existsSync(path.join(artifacts, "contracts"))) await visit("contracts");
}

/**
 * Compiles the suite into {@link CLI_BUILD_DIR} (custom tasks do not compile by themselves).
 * Quick when nothing changed since the last CLI test. Skipped when `npm test` has built it
 * already (SUITE_CLI_PREBUILT=1): its lanes would otherwise compile into one folder at once.
 */
export async function compileForCli(): Promise<void> {
  if (process.env.SUITE_CLI_PREBUILT === "1") return;
  await pruneStaleArtifacts(path.join(CLI_BUILD_DIR, "artifacts"));
  await new Promise<void>((resolve, reject) => {
    execFile(
      path.join(BIN, "hardhat"),
      ["compile", "--quiet", "--no-tests"],
      { cwd: ROOT, env: childEnv({}), timeout: 240_000 },
      (error, _stdout, stderr) =>
        error === null ? resolve() : reject(new Error(`compile failed: ${stderr}`)),
    );
  });
}
