import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import {
  connectSuite,
  type Hash,
  hashJson,
  InputError,
  InputErrorCode,
  type Suite,
  SupplyChainError,
  toAddress,
  toHash,
} from "../../src/index.js";
import { hashFile, readAddressBook } from "../../src/node/index.js";

/** What every task needs: the suite's clients acting as the chosen account. */
export type TaskContext = {
  suite: Suite;
  signer: HardhatEthersSigner;
  chainId: bigint;
  networkName: string;
};

/** The folder of the address books: `deployments/`, or `SUITE_DEPLOYMENTS_DIR` when set. */
export function deploymentsDir(hre: HardhatRuntimeEnvironment): string {
  return process.env.SUITE_DEPLOYMENTS_DIR ?? path.join(hre.config.paths.root, "deployments");
}

/**
 * Connects to the network given by `--network`, reads the suite's address book for its chain,
 * and picks the signer named by `--from` (an account address or index; the first account by
 * default).
 */
export async function connect(hre: HardhatRuntimeEnvironment, from = ""): Promise<TaskContext> {
  const connection = await hre.network.getOrCreate();
  const { ethers } = connection;
  if (connection.networkConfig.type === "edr-simulated") {
    throw new InputError(
      InputErrorCode.MissingDeployment,
      `The network ${connection.networkName} is a simulated chain that starts empty for every ` +
        "command, so it holds no deployment. Start a node with `npx hardhat node`, deploy with " +
        "`npx hardhat suite:deploy --network localhost`, and pass `--network localhost`.",
    );
  }
  const signer = pickSigner(await ethers.getSigners(), from, connection.networkName);
  const { chainId } = await ethers.provider.getNetwork();
  const addressBook = await readAddressBook(deploymentsDir(hre), chainId);
  for (const [name, address] of Object.entries(addressBook.contracts)) {
    if ((await ethers.provider.getCode(address)) === "0x") {
      throw new InputError(
        InputErrorCode.MissingDeployment,
        `No contract is at the ${name} address ${address} on chain ${chainId} (was the node ` +
          "restarted?). Deploy again with `npx hardhat suite:deploy --network " +
          `${connection.networkName} --reset\`.`,
      );
    }
  }
  return {
    suite: connectSuite({ addressBook, runner: signer }),
    signer,
    chainId,
    networkName: connection.networkName,
  };
}

/** The signer named by an address or an index among the network's accounts. */
export function pickSigner<S extends { address: string }>(
  signers: readonly S[],
  from: string,
  networkName: string,
): S {
  const choice = from.trim();
  if (signers.length === 0) {
    throw new InputError(
      InputErrorCode.MissingSigner,
      `The network ${networkName} has no accounts to sign with; configure its accounts.`,
    );
  }
  if (choice === "") return signers[0] as S;
  if (/^\d+$/.test(choice)) {
    const signer = signers[Number(choice)];
    if (signer === undefined) {
      throw new InputError(
        InputErrorCode.MissingSigner,
        `The network ${networkName} has ${signers.length} accounts; there is no account #${choice}.`,
      );
    }
    return signer;
  }
  const address = toAddress(choice, "--from address");
  const signer = signers.find((s) => s.address.toLowerCase() === address.toLowerCase());
  if (signer === undefined) {
    throw new InputError(
      InputErrorCode.MissingSigner,
      `The network ${networkName} cannot sign for ${address}: it is not one of its accounts.`,
    );
  }
  return signer;
}

/**
 * The hash of a document given in one of three ways: a file (`--x-file`), a JSON value
 * (`--x-json`, canonicalised), or a hash (`--x-hash`). Exactly one when `required`.
 */
export async function resolveDocumentHash(
  what: string,
  given: { file?: string; json?: string; hash?: string },
  required: boolean,
): Promise<Hash | undefined> {
  const sources = Object.entries(given).filter(([, value]) => value !== undefined && value !== "");
  if (sources.length > 1) {
    throw new InputError(
      InputErrorCode.InvalidHash,
      `Give the ${what} one way only: as a file, as JSON, or as a hash.`,
    );
  }
  if (given.file) return hashFile(given.file);
  if (given.json) {
    let value: unknown;
    try {
      value = JSON.parse(given.json);
    } catch (cause) {
      throw new InputError(InputErrorCode.InvalidJson, `The ${what} is not valid JSON.`, { cause });
    }
    return hashJson(value);
  }
  if (given.hash) return toHash(given.hash, `${what} hash`);
  if (required) {
    throw new InputError(
      InputErrorCode.InvalidHash,
      `The ${what} is missing: give a file, a JSON document or its hash.`,
    );
  }
  return undefined;
}

/** Prints a value as JSON, with bigints as decimal strings. */
export function printJson(value: unknown): void {
  console.log(
    JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2),
  );
}

/**
 * Runs a task's body. An SDK error (bad input, a decoded contract refusal) is printed as its
 * sentence and the process exits non-zero; anything else is a bug and goes to Hardhat with its
 * stack trace.
 */
export async function runTask(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (!(error instanceof SupplyChainError)) throw error;
    const code = error instanceof InputError ? ` ${error.code}` : "";
    console.error(`Error${code}: ${error.shortMessage}`);
    if (process.env.DEBUG && error.details) console.error(error.details);
    process.exitCode = 1;
  }
}
