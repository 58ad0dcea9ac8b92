/**
 * The long-lived `hardhat` of the end-to-end CLI tests (cli-worker.mjs) answers as the real
 * binary does: the same output and exit code, command after command, a failed one leaving
 * nothing behind for the next.
 */
import { expect } from "chai";
import { childEnv } from "./cli-env.js";
import { type Run, runHardhat, spawnHardhat } from "./cli-harness.js";

const COMMANDS: readonly (readonly string[])[] = [
  ["no:such-task"],
  ["--version"],
  ["invoice:create", "--no-such-option", "x"],
  ["invoice:create", "--help"],
  [
    "participant:show",
    "--network",
    "no-such-network",
    "0x0000000000000000000000000000000000000001",
  ],
  ["--help"],
];

/**
 * Hardhat prints a failed command's stack trace on a CI machine (any of these variables set,
 * as its `isCi()` reads them) and not elsewhere: the worker must answer as the binary does both
 * ways, whichever machine the tests run on.
 */
const CI_VARIABLES = [
  "GITHUB_ACTIONS",
  "NOW",
  "DEPLOYMENT_ID",
  "CODEBUILD_BUILD_NUMBER",
  "CI",
  "CONTINUOUS_INTEGRATION",
  "BUILD_NUMBER",
  "RUN_ID",
];

function environment(ci: boolean): NodeJS.ProcessEnv {
  const env = childEnv(ci ? { CI: "true" } : {});
  if (!ci) for (const name of CI_VARIABLES) delete env[name];
  return env;
}

/**
 * The one line of a stack trace that must differ: its outermost frame, the caller of Hardhat's
 * `main` (the binary's top level, or the worker's `run`).
 */
const ENTRY_FRAME = /^ {4}at .*(?:dist\/src\/cli\.js|cli-worker\.mjs):\d+:\d+\)?\n/gm;

function withoutEntryFrame(run: Run): Run {
  return { ...run, stderr: run.stderr.replace(ENTRY_FRAME, "") };
}

describe("test/tasks/shared/cli-worker.mjs", function () {
  this.timeout(120_000);

  for (const ci of [false, true]) {
    for (const args of COMMANDS) {
      it(`answers hardhat ${args.join(" ")} as the real binary does${ci ? " on a CI machine" : ""}`, async function () {
        const env = environment(ci);
        const real = await spawnHardhat(args, env);
        const inWorker = await runHardhat(args, env);
        expect(withoutEntryFrame(inWorker)).to.deep.equal(withoutEntryFrame(real));
        // On a CI machine Hardhat shows a refusal's stack trace, so that part is compared too.
        if (ci && real.code !== 0) expect(real.stderr).to.match(/\n {4}at (?:async )?main \(/);
      });
    }
  }

  it("exits 1 for a refused command and 0 for the next one", async function () {
    const env = childEnv({});
    expect((await runHardhat(["no:such-task"], env)).code).to.equal(1);
    const version = await runHardhat(["--version"], env);
    expect(version.code).to.equal(0);
    expect(version.stdout).to.match(/^3\.\d+\.\d+\n$/);
  });
});
