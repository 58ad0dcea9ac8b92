// `npm test`: everything CI checks, in six lanes that run at once. The machines have 2 cores, so
// what bounds the run is the CPU all steps need together (about 250 s): the lanes hold about the
// same share of it each (35 to 50 s of CPU, measured alone), none waits for more than it needs,
// and the lint and Solidity lanes, which can fill any gap, run at nice 5, so that both cores stay
// busy to the end.
//
//   lint      solhint, prettier --check, then tsc once the typechain types exist
//   build     the plain build (the contracts as deployed, the Solidity tests, the typechain
//             types), then the mocha tests of the SDK and the tasks, then the packed SDK
//             installed in a throwaway project
//   solidity  once the plain build is done: the Solidity tests (fuzz and invariant runs in full)
//   hardhat   once the plain build is done: the CLI tests against a Hardhat node
//   anvil     once the plain build is done: the CLI tests against anvil, then the scenario on anvil
//   coverage  the instrumented build of the contracts, then the contracts' mocha tests with line
//             coverage, then the 100% check
//
// Coverage is measured by the contracts' own mocha tests (test/<subsystem>/), which reach every
// line by themselves; the Solidity, SDK and task tests run on the plain build, where their fuzz
// runs and calls cost a fifth (Solidity) to a half of what they cost instrumented.
// `npm run test:coverage` measures everything together.
//
// Both builds go to a folder outside the checkout named by a hash of every Solidity source and
// the lock file (`~/.cache/supply-chain-suite/builds/`, or SUITE_BUILD_CACHE), so a
// fresh clone of an unchanged tree compiles nothing, and Hardhat's own cache still recompiles any
// file whose compilation job changed. A lane prints each step's output whole when the step ends (so
// the lanes never interleave), and a line every 30 s while a step runs.
//
// Runs on the Node 22 that `npm test` puts first on the PATH; no dependency of its own.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { mkdir, rmdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const ROOT = path.resolve(import.meta.dirname, "..");
const BIN = path.join(ROOT, "node_modules", ".bin");
const HARDHAT = path.join(BIN, "hardhat");
const KEEP_BUILDS = 6;
const PROGRESS_EVERY_MS = 30_000;

/** Every file under `dir` (relative to ROOT), sorted, skipping dependency and output folders. */
function filesUnder(dir) {
  const found = [];
  const visit = (relative) => {
    const absolute = path.join(ROOT, relative);
    if (!existsSync(absolute)) return;
    for (const entry of readdirSync(absolute, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) visit(child);
      else found.push(child);
    }
  };
  visit(dir);
  return found.sort();
}

/** The end-to-end test files: a node of their own, child processes, nothing to measure coverage of. */
export function isEndToEnd(file) {
  const name = path.basename(file);
  return (
    name === "cli.test.ts" ||
    name.endsWith(".cli.test.ts") ||
    file.split(path.sep).includes("package")
  );
}

/**
 * What names a build folder: every Solidity source and the lock file (the compiler and
 * OpenZeppelin's version). The compiler settings are left to Hardhat's own cache, whose job hash
 * covers them, so a change elsewhere in the config does not throw the builds away.
 */
function buildKey() {
  const hash = createHash("sha256");
  const inputs = [
    ...filesUnder("contracts").filter((f) => f.endsWith(".sol")),
    ...filesUnder("test").filter((f) => f.endsWith(".sol")),
    "package-lock.json",
  ];
  for (const file of inputs) {
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(path.join(ROOT, file)))
      .update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

/** Removes all but the newest builds of the cache, by the time they were last used. */
function pruneBuilds(cacheRoot) {
  const builds = readdirSync(cacheRoot, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.endsWith(".lock"))
    .map((e) => ({
      dir: path.join(cacheRoot, e.name),
      at: statSync(path.join(cacheRoot, e.name)).mtimeMs,
    }))
    .sort((a, b) => b.at - a.at);
  for (const old of builds.slice(KEEP_BUILDS)) rmSync(old.dir, { recursive: true, force: true });
}

/**
 * Runs `body` holding the lock `dir` (a folder made atomically), so that two checkouts of the
 * same tree tested at once do not write one build folder together. A lock older than 15 minutes
 * is a crashed run's, and is taken over.
 */
async function withLock(dir, body) {
  for (let waited = 0; ; waited += 500) {
    try {
      await mkdir(dir);
      heldLocks.add(dir);
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      if (waited === 0) console.log(`Waiting for another run's build in ${dir.slice(0, -5)}...`);
      if (Date.now() - statSync(dir, { throwIfNoEntry: false })?.mtimeMs > 15 * 60_000) {
        await rmdir(dir).catch(() => {});
      }
      await sleep(500);
    }
  }
  try {
    return await body();
  } finally {
    heldLocks.delete(dir);
    await rmdir(dir).catch(() => {});
  }
}

/** The build locks this run holds, and the commands it runs: let go of on Ctrl-C or a kill. */
const heldLocks = new Set();
const children = new Set();
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    for (const child of children) child.kill(signal);
    for (const dir of heldLocks) rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  });
}

/**
 * Hardhat's compile cache names each source by its absolute path, so a build made in another
 * checkout (another clone's folder) would miss for every file. Before building in `dir`, this
 * renames the entries of the checkout that built there last to this checkout's paths, and drops
 * the others; the job hashes Hardhat compares are the same wherever the checkout is.
 */
function adoptBuild(dir) {
  const cacheFile = path.join(dir, "cache", "compile-cache.json");
  const rootFile = path.join(dir, "root");
  if (!existsSync(cacheFile) || !existsSync(rootFile)) return;
  const lastRoot = readFileSync(rootFile, "utf8");
  if (lastRoot === ROOT) return;
  const entries = JSON.parse(readFileSync(cacheFile, "utf8"));
  const adopted = {};
  for (const [source, entry] of Object.entries(entries)) {
    if (source.startsWith(lastRoot + path.sep)) {
      adopted[ROOT + source.slice(lastRoot.length)] = entry;
    }
  }
  writeFileSync(cacheFile, JSON.stringify(adopted));
}

/** Builds in `dir` under its lock, taking over an earlier checkout's build first. */
function buildIn(dir, lane, title, args, env) {
  return withLock(`${dir}.lock`, async () => {
    adoptBuild(dir);
    const built = await step(lane, title, HARDHAT, args, env);
    if (built) writeFileSync(path.join(dir, "root"), ROOT);
    return built;
  });
}

const started = Date.now();
/** Lanes whose steps run at a lower priority: see {@link step}. */
const BACKGROUND_LANES = new Set(["lint", "solidity"]);
const DIGEST_LINES = 20;

/**
 * What a failed step's output says went wrong, repeated under the table at the end (a CI log is
 * often read from its tail, and a CI page may show little more than it): the start of mocha's "N
 * failing" section if there is one, then the title of each failure past that start (its number
 * line and the line after, the test's name), else the output's last lines.
 */
function failureDigest(output) {
  const lines = output.split("\n");
  const failing = lines.findIndex((line) => /^\s*\d+ failing\b/.test(line));
  const from = failing === -1 ? Math.max(0, lines.length - DIGEST_LINES) : failing;
  const digest = lines.slice(from, from + DIGEST_LINES);
  const rest = lines.length - from - digest.length;
  if (rest > 0) digest.push(`... and ${rest} more lines: the step's whole output is above.`);
  if (failing !== -1) {
    for (let i = from + DIGEST_LINES; i < lines.length; i++) {
      if (/^\s*\d+\) /.test(lines[i])) digest.push(lines[i], lines[i + 1] ?? "");
    }
  }
  return digest.join("\n");
}
const seconds = (ms) => `${(ms / 1000).toFixed(0)} s`;
const results = [];

/**
 * Runs one step of a lane: `command args` in the checkout with `env` added. Its output is kept and
 * printed whole when it ends; a progress line says it is still running.
 */
function step(lane, title, command, args, env = {}) {
  const begun = Date.now();
  console.log(`[${lane}] ${title}...`);
  // The lanes that end early anyway yield the CPU to the longest (nice 5), so that these do not
  // finish alone at the end of the run while a core is idle.
  const [file, argv] = BACKGROUND_LANES.has(lane)
    ? ["nice", ["-n", "5", command, ...args]]
    : [command, args];
  return new Promise((resolve) => {
    const child = spawn(file, argv, {
      cwd: ROOT,
      env: { ...process.env, ...env, FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(child);
    const chunks = [];
    child.stdout.on("data", (chunk) => chunks.push(chunk));
    child.stderr.on("data", (chunk) => chunks.push(chunk));
    const ticker = setInterval(
      () => console.log(`[${lane}] ${title}: still running (${seconds(Date.now() - begun)})`),
      PROGRESS_EVERY_MS,
    );
    const finish = (code) => {
      children.delete(child);
      clearInterval(ticker);
      const ms = Date.now() - begun;
      const ok = code === 0;
      const output = Buffer.concat(chunks).toString().trimEnd();
      console.log(
        `\n===== [${lane}] ${title}: ${ok ? "passed" : `FAILED (exit ${code})`} in ${seconds(ms)} =====`,
      );
      if (output !== "") console.log(output);
      results.push({ lane, title, ok, ms, digest: ok ? "" : failureDigest(output) });
      resolve(ok);
    };
    child.once("error", (error) => {
      chunks.push(Buffer.from(String(error)));
      finish(-1);
    });
    child.once("close", (code) => finish(code ?? -1));
  });
}

const cacheRoot =
  process.env.SUITE_BUILD_CACHE ??
  path.join(os.homedir(), ".cache", "supply-chain-suite", "builds");
mkdirSync(cacheRoot, { recursive: true });
const key = buildKey();
const plainDir = path.join(cacheRoot, `plain-${key}`);
const coverageDir = path.join(cacheRoot, `coverage-${key}`);
for (const dir of [plainDir, coverageDir]) {
  mkdirSync(dir, { recursive: true });
  utimesSync(dir, new Date(), new Date()); // used now: the pruning below keeps it
}
pruneBuilds(cacheRoot);
const buildEnv = (dir) => ({
  SUITE_ARTIFACTS_DIR: path.join(dir, "artifacts"),
  SUITE_CACHE_DIR: path.join(dir, "cache"),
});

const testFiles = filesUnder("test");
const solidityTests = testFiles.filter((f) => f.endsWith(".t.sol"));
const mochaTests = testFiles.filter((f) => f.endsWith(".test.ts"));
const unitTests = mochaTests.filter((f) => !isEndToEnd(f));
// The contracts' own tests measure their coverage; the SDK's and the tasks' run on the plain build.
const isSdkOrTask = (f) => ["sdk", "tasks"].includes(f.split(path.sep)[1]);
const contractTests = unitTests.filter((f) => !isSdkOrTask(f));
const sdkAndTaskTests = unitTests.filter(isSdkOrTask);
const endToEndTests = mochaTests.filter(isEndToEnd);
const packageTests = endToEndTests.filter((f) => f.split(path.sep).includes("package"));
const cliTests = endToEndTests.filter((f) => !packageTests.includes(f));

// The plain build, with its typechain types: what every lane but lint's first steps and the
// instrumented build waits for (the coverage lane's mocha tests import the types).
let plainBuilt;
const plainBuiltPromise = new Promise((resolve) => (plainBuilt = resolve));

// The end-to-end tests' child commands use the plain build (see test/tasks/shared/cli-env.ts).
// The plain build is done before they start (SUITE_CLI_PREBUILT), so the lanes that run them
// never compile into that folder at once, nor rewrite the typechain types the package tests read.
const e2eEnv = { ...buildEnv(plainDir), SUITE_CLI_BUILD_DIR: plainDir, SUITE_CLI_PREBUILT: "1" };
const mocha = (files) => ["test", "mocha", "--no-compile", ...files];

async function lint() {
  const solhintArgs = [
    "--disc",
    "--noPoster",
    "--max-warnings",
    "0",
    "contracts/**/*.sol",
    "test/**/*.sol",
  ];
  return (
    (await step("lint", "solhint", path.join(BIN, "solhint"), solhintArgs)) &&
    // Its cache stays in this checkout (node_modules/.cache/prettier): an entry is keyed by the
    // file's absolute path and the options, which include it, so another clone's is of no use.
    (await step("lint", "prettier --check", path.join(BIN, "prettier"), [
      "--check",
      ".",
      "--cache",
      "--cache-strategy",
      "content",
    ])) &&
    // The SDK and the tests import the typechain types, which the plain build writes.
    (await plainBuiltPromise) &&
    (await step("lint", "type check (tsc)", path.join(BIN, "tsc"), ["-p", "."]))
  );
}

/** The plain build, then on it the SDK's and tasks' tests and the packed package's. */
async function build() {
  const built = await buildIn(
    plainDir,
    "build",
    "plain build, Solidity tests and typechain types",
    ["build", "--quiet"],
    buildEnv(plainDir),
  );
  plainBuilt(built);
  return (
    built &&
    (await step(
      "build",
      "SDK and task tests",
      HARDHAT,
      mocha(sdkAndTaskTests),
      buildEnv(plainDir),
    )) &&
    (await step(
      "build",
      "package tests (the packed SDK, installed in a throwaway project)",
      HARDHAT,
      mocha(packageTests),
      e2eEnv,
    ))
  );
}

/** On the plain build: the Solidity tests (unit, fuzz, invariant). */
async function solidity() {
  if (!(await plainBuiltPromise)) return false;
  const args = ["test", "solidity", "--no-compile", ...solidityTests];
  return step(
    "solidity",
    "Solidity tests (fuzz and invariants)",
    HARDHAT,
    args,
    buildEnv(plainDir),
  );
}

/** The CLI tests against a Hardhat node. */
async function hardhatNode() {
  if (!(await plainBuiltPromise)) return false;
  return step(
    "hardhat",
    "end-to-end CLI tests on a Hardhat node",
    HARDHAT,
    mocha(cliTests),
    e2eEnv,
  );
}

/** The CLI tests and the scenario on anvil. */
async function anvil() {
  if (!(await plainBuiltPromise)) return false;
  const env = { ...e2eEnv, SUITE_TEST_NODE: "anvil" };
  return (
    (await step("anvil", "end-to-end CLI tests on anvil", HARDHAT, mocha(cliTests), env)) &&
    (await step(
      "anvil",
      "the scenario on anvil",
      HARDHAT,
      ["run", "--no-compile", "scripts/scenario-anvil.ts"],
      env,
    ))
  );
}

async function coverage() {
  const env = { ...buildEnv(coverageDir), HARDHAT_NO_TYPECHAIN: "true" };
  const built = await buildIn(
    coverageDir,
    "coverage",
    "instrumented build",
    ["build", "--coverage", "--no-tests", "--quiet"],
    env,
  );
  // The mocha tests import the typechain types, which the plain build writes.
  if (!built || !(await plainBuiltPromise)) return false;
  const args = ["test", "mocha", "--coverage", ...contractTests];
  if (!(await step("coverage", "contract tests with coverage", HARDHAT, args, env))) return false;
  return step("coverage", "100% line coverage check", process.execPath, [
    "scripts/check-coverage.mjs",
  ]);
}

const outcomes = await Promise.all([
  lint(),
  build(),
  solidity(),
  hardhatNode(),
  anvil(),
  coverage(),
]);
console.log("\nnpm test, step by step:");
for (const r of results) {
  console.log(
    `  ${r.ok ? "ok    " : "FAILED"} ${seconds(r.ms).padStart(6)}  [${r.lane}] ${r.title}`,
  );
}
for (const r of results.filter((each) => !each.ok)) {
  console.log(`\nWhat failed in [${r.lane}] ${r.title}:\n${r.digest}`);
}
const ok = outcomes.every(Boolean);
console.log(
  `${ok ? "All passed" : "Failed"} in ${seconds(Date.now() - started)} (builds cached in ${cacheRoot}).`,
);
process.exitCode = ok ? 0 : 1;
