/**
 * The long-lived `hardhat` of the end-to-end CLI tests (cli-worker.mjs) answers as the real
 * binary does: the same output and exit code, command after command, a failed one leaving
 * nothing behind for the next.
 */
import { expect } from "chai";
import { childEnv } from "./cli-env.js";
import { runHardhat, spawnHardhat } from "./cli-harness.js";

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

describe("test/tasks/shared/cli-worker.mjs", function () {
  this.timeout(120_000);

  for (const args of COMMANDS) {
    it(`answers hardhat ${args.join(" ")} as the real binary does`, async function () {
      const env = childEnv({});
      const real = await spawnHardhat(args, env);
      const inWorker = await runHardhat(args, env);
      expect(inWorker).to.deep.equal(real);
    });
  }

  it("exits 1 for a refused command and 0 for the next one", async function () {
    const env = childEnv({});
    expect((await runHardhat(["no:such-task"], env)).code).to.equal(1);
    const version = await runHardhat(["--version"], env);
    expect(version.code).to.equal(0);
    expect(version.stdout).to.match(/^3\.\d+\.\d+\n$/);
  });
});
