import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { BIN } from "./cli-env.js";

/**
 * Anvil (Foundry's node, from the npm package `@foundry-rs/anvil` and its platform binary
 * package) as the second EVM implementation the end-to-end tests run on. Started with the
 * settings of `hardhat node`, so that a test written against one runs unchanged on the other.
 */

/** The kinds of node the end-to-end tests can run against. */
export type NodeKind = "hardhat" | "anvil";

/**
 * The node kind the end-to-end tests use: `SUITE_TEST_NODE` (`hardhat` or `anvil`), `hardhat`
 * when unset or empty; any other value is refused, so that a typo never silently tests Hardhat.
 */
export function testNodeKind(env: NodeJS.ProcessEnv = process.env): NodeKind {
  const kind = env.SUITE_TEST_NODE ?? "";
  if (kind === "" || kind === "hardhat") return "hardhat";
  if (kind === "anvil") return "anvil";
  throw new Error(`SUITE_TEST_NODE is "${kind}": it must be "hardhat" or "anvil".`);
}

/** The mnemonic of Hardhat's (and anvil's) development accounts. */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";

/**
 * The hardfork anvil runs: `SUITE_ANVIL_HARDFORK`, by default Cancun, the oldest EVM the
 * contracts are compiled for (hardhat.config.ts), while `hardhat node` runs its latest hardfork:
 * the two nodes together cover both ends of the EVM versions the suite supports.
 */
export function anvilHardfork(env: NodeJS.ProcessEnv = process.env): string {
  return env.SUITE_ANVIL_HARDFORK || "cancun";
}

/**
 * The command line of anvil matching `hardhat node`'s defaults: its 20 accounts of the same
 * mnemonic with 10,000 ETH each, chain id 31337, a 60,000,000 block gas limit, the EIP-170
 * code size limit (24,576 bytes; anvil's default, stated here), a 1 gwei initial base fee,
 * automine, and `hardfork` (see {@link anvilHardfork}).
 */
export function anvilArgs(port: number, hardfork: string): string[] {
  return [
    "--host",
    "127.0.0.1",
    "--port",
    String(port),
    "--chain-id",
    "31337",
    "--mnemonic",
    DEV_MNEMONIC,
    "--accounts",
    "20",
    "--balance",
    "10000",
    "--hardfork",
    hardfork,
    "--gas-limit",
    "60000000",
    "--code-size-limit",
    "24576",
    "--base-fee",
    "1000000000",
  ];
}

/**
 * The anvil executable: the binary of the platform package (`@foundry-rs/anvil-linux-amd64` on
 * this machine), run directly so that killing it leaves no wrapper process behind, or the npm
 * package's Node wrapper when this platform's package cannot be found.
 */
export function anvilExecutable(): string {
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  const binary = process.platform === "win32" ? "anvil.exe" : "anvil";
  try {
    const manifest = createRequire(import.meta.url).resolve(
      `@foundry-rs/anvil-${process.platform}-${arch}/package.json`,
    );
    const candidate = path.join(path.dirname(manifest), "bin", binary);
    if (existsSync(candidate)) return candidate;
  } catch {
    // fall back to the wrapper below
  }
  return path.join(BIN, "anvil");
}

/** Spawns anvil on `port` of this machine with {@link anvilArgs}; it logs on stdout. */
export function spawnAnvil(port: number, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(anvilExecutable(), anvilArgs(port, anvilHardfork(env)), {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** The line anvil prints once it serves JSON-RPC on `port`. */
export function anvilReadyLine(port: number): string {
  return `Listening on 127.0.0.1:${port}`;
}
