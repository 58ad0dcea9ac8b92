import "dotenv/config";
import { createRequire } from "node:module";
import { configVariable, defineConfig } from "hardhat/config";
import toolbox from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { tasks } from "./tasks/index.js";
import { mochaHooks } from "./test/setup.js";

const SOLCJS = createRequire(import.meta.url).resolve("solc/soljson.js");
const compiler = {
  version: "0.8.37",
  path: SOLCJS,
  settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" },
};

export default defineConfig({
  plugins: [toolbox],
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
    // A public testnet (e.g. Sepolia): set TESTNET_RPC_URL and TESTNET_PRIVATE_KEY in .env.
    testnet: {
      type: "http",
      chainType: "l1",
      url: configVariable("TESTNET_RPC_URL"),
      accounts: [configVariable("TESTNET_PRIVATE_KEY")],
    },
    // A permissioned consortium chain (Besu, Quorum...): set CONSORTIUM_RPC_URL and
    // CONSORTIUM_PRIVATE_KEY in .env.
    consortium: {
      type: "http",
      chainType: "generic",
      url: configVariable("CONSORTIUM_RPC_URL"),
      accounts: [configVariable("CONSORTIUM_PRIVATE_KEY")],
    },
  },
});
