import "dotenv/config";
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { configVariable, defineConfig, globalOption } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";
import type { HardhatPlugin } from "hardhat/types/plugins";
import toolbox from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { tasks } from "./tasks/index.js";
import { mochaHooks } from "./test/setup.js";

/**
 * solc's wasm build from the npm `solc` package (Hardhat cannot download a compiler here). Hardhat
 * hashes the compiler's path into every compilation job, so a path inside this checkout would make
 * the builds of one clone useless to the next: a copy under the user's cache, one per solc
 * version, keeps it the same wherever the checkout is (scripts/test.mjs reuses builds across
 * clones). Where the cache cannot be written, the package's own file is used.
 */
function solcPath(): string {
  const soljson = createRequire(import.meta.url).resolve("solc/soljson.js");
  try {
    const { version } = JSON.parse(
      readFileSync(path.join(path.dirname(soljson), "package.json"), "utf8"),
    ) as { version: string };
    const dir = path.join(os.homedir(), ".cache", "supply-chain-suite", "solc");
    const copy = path.join(dir, `soljson-${version}.js`);
    if (!existsSync(copy)) {
      mkdirSync(dir, { recursive: true });
      const partial = `${copy}.${process.pid}.partial`;
      copyFileSync(soljson, partial);
      renameSync(partial, copy);
    }
    return copy;
  } catch {
    return soljson;
  }
}

const compiler = {
  version: "0.8.37",
  path: solcPath(),
  settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" },
};

/**
 * `--confirmations <n>` (or `HARDHAT_CONFIRMATIONS=<n>`): the confirmations every transaction of
 * a task waits for, on any network. Unset, a task waits for 1 (mined) and `suite:deploy` for
 * Ignition's own number on a public chain (5). Raise it on a public chain, where a block can be
 * reorganised away. A string, so that "unset" can be told from 1: read and checked by
 * `confirmationsOption` in tasks/shared/context.ts.
 */
const confirmations: HardhatPlugin = {
  id: "supply-chain-suite-confirmations",
  npmPackage: null,
  globalOptions: [
    globalOption({
      name: "confirmations",
      description:
        "The confirmations each transaction of a task waits for (default 1: mined; suite:deploy " +
        "on a public chain: Ignition's 5)",
      type: ArgumentType.STRING,
      defaultValue: "",
    }),
  ],
};

/**
 * Hardhat's questions (the keystore's password) on stderr, so that a task's stdout holds only its
 * result, `--json` included: tasks/shared/interruptions.ts.
 */
const questionsOnStderr: HardhatPlugin = {
  id: "supply-chain-suite-questions-on-stderr",
  npmPackage: null,
  hookHandlers: { userInterruptions: () => import("./tasks/shared/interruptions.js") },
};

export default defineConfig({
  plugins: [toolbox, confirmations, questionsOnStderr],
  // Tools that must not share the main build (the CLI tests' child commands) set their own.
  paths: {
    ...(process.env.SUITE_ARTIFACTS_DIR && { artifacts: process.env.SUITE_ARTIFACTS_DIR }),
    ...(process.env.SUITE_CACHE_DIR && { cache: process.env.SUITE_CACHE_DIR }),
  },
  tasks,
  solidity: { profiles: { default: compiler, production: compiler } },
  typechain: { outDir: "src/typechain" },
  test: {
    solidity: { fuzz: { runs: 256 }, invariant: { runs: 32, depth: 50 } },
    // The setup every mocha file shares (test/setup.ts): an unawaited assertion fails the run.
    mocha: { rootHooks: mochaHooks },
  },
  networks: {
    // `npx hardhat node` on this machine (start it in another terminal).
    localhost: {
      type: "http",
      chainType: "l1",
      url: process.env.LOCALHOST_RPC_URL ?? "http://127.0.0.1:8545",
    },
    // A public testnet (e.g. Sepolia): TESTNET_RPC_URL in .env, and the deployer's key in
    // Hardhat's keystore (`npx hardhat keystore set TESTNET_PRIVATE_KEY`), which configVariable
    // reads first (then the environment).
    testnet: {
      type: "http",
      chainType: "l1",
      url: configVariable("TESTNET_RPC_URL"),
      accounts: [configVariable("TESTNET_PRIVATE_KEY")],
    },
    // A permissioned consortium chain (Besu, Quorum...): CONSORTIUM_RPC_URL in .env, and the key
    // in the keystore (`npx hardhat keystore set CONSORTIUM_PRIVATE_KEY`).
    consortium: {
      type: "http",
      chainType: "generic",
      url: configVariable("CONSORTIUM_RPC_URL"),
      accounts: [configVariable("CONSORTIUM_PRIVATE_KEY")],
    },
  },
});
