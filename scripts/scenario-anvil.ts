/**
 * The scenario (scripts/scenario.ts) on anvil, Foundry's node, as a second EVM implementation:
 * `npx hardhat run scripts/scenario-anvil.ts` (part of `npm run test:anvil`). Starts anvil on a
 * free port with `hardhat node`'s accounts and limits on Cancun (test/tasks/shared/anvil.ts),
 * runs `hardhat run scripts/scenario.ts --network localhost` against it, stops it, and exits
 * non-zero when the scenario failed or did not reach its summary. It uses the CLI tests' build
 * (contracts only, no Solidity tests; see test/tasks/shared/cli-env.ts), compiled first.
 */
import path from "node:path";
import { anvilHardfork } from "../test/tasks/shared/anvil.js";
import { BIN, childEnv, compileForCli, ROOT } from "../test/tasks/shared/cli-env.js";
import { freePort, nodeUrl, startNode } from "../test/tasks/shared/cli-harness.js";
import { runProcess } from "../test/helpers/process.js";

await compileForCli();
const port = await freePort();
const env = childEnv({ LOCALHOST_RPC_URL: nodeUrl(port), SUITE_TEST_NODE: "anvil" });
// Started as the end-to-end CLI tests start it, and waited for until it serves JSON-RPC.
const anvil = await startNode(port, env);

let failure: string | undefined;
const started = Date.now();
try {
  const client = (await anvil.provider.send("web3_clientVersion", [])) as string;
  console.log(`anvil (${client}, ${anvilHardfork(env)}) on port ${port}; running the scenario`);
  const run = await runProcess(
    path.join(BIN, "hardhat"),
    ["run", "--no-compile", "scripts/scenario.ts", "--network", "localhost"],
    { cwd: ROOT, env, timeout: 900_000, maxBuffer: 64 * 1024 * 1024 },
  );
  process.stdout.write(run.stdout);
  process.stderr.write(run.stderr);
  if (run.code !== 0) failure = `the scenario exited with code ${run.code}`;
  else if (!run.stdout.includes(`on the node of network localhost (${client})`)) {
    failure = "the scenario did not run on anvil";
  } else if (!/\n\d+ transactions, [\d,]+ gas in all\.\n/.test(run.stdout)) {
    failure = "the scenario did not reach its summary";
  }
} finally {
  await anvil.stop();
}
const seconds = Math.round((Date.now() - started) / 1000);
if (failure !== undefined) {
  console.error(`The scenario failed on anvil: ${failure}.`);
  process.exitCode = 1;
} else {
  console.log(`The scenario ran to its end on anvil in ${seconds} s.`);
}
