/**
 * What every task needs to act: a connection to the chain with the signer `--from` names, and
 * `runTask`, which prints SDK errors as sentences and exits non-zero.
 */
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import {
  connectSuiteUnchecked,
  InputError,
  InputErrorCode,
  type Suite,
  SupplyChainError,
  type TokenInfo,
} from "../../src/index.js";
import { readAddressBook } from "../../src/node/index.js";
import { parseFrom } from "./args.js";
import { progressReporter } from "./progress.js";
import { errorLine, type FlagNames } from "./print.js";
import { forgetTypedParts, namingTypedParts } from "./output.js";

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
 * default). Every transaction the suite's clients send is reported on stderr (its hash as soon
 * as it is sent, then each confirmation) and waits for the confirmations of the global option
 * `--confirmations` (or `HARDHAT_CONFIRMATIONS`; 1 by default).
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
    // The address book is the chain's own (read by its chain id): no chain left to check.
    suite: connectSuiteUnchecked({
      addressBook,
      runner: signer,
      transactions: progressReporter(confirmationsOption(hre) ?? 1),
    }),
    signer,
    chainId,
    networkName: connection.networkName,
  };
}

/**
 * The confirmations asked for with the global option `--confirmations` (or
 * `HARDHAT_CONFIRMATIONS`): undefined when it is not given (a task then waits for 1, `suite:deploy`
 * for Ignition's number), refused naming the option unless it is a whole number of at least 1.
 */
export function confirmationsOption(hre: HardhatRuntimeEnvironment): number | undefined {
  const text = String(hre.globalOptions.confirmations ?? "").trim();
  if (text === "") return undefined;
  const count = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(Number.isSafeInteger(count) && count >= 1)) {
    throw new InputError(
      InputErrorCode.InvalidConfirmations,
      `The number of confirmations "${text}" is not a whole number of at least 1: pass ` +
        "--confirmations (or set HARDHAT_CONFIRMATIONS) with one.",
      { field: "confirmations" },
    );
  }
  return count;
}

/** The signer named by an address or an index among the network's accounts. */
export function pickSigner<S extends { address: string }>(
  signers: readonly S[],
  from: string,
  networkName: string,
): S {
  const choice = parseFrom(from);
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
  const signer = signers.find((s) => s.address.toLowerCase() === choice.toLowerCase());
  if (signer === undefined) {
    throw new InputError(
      InputErrorCode.MissingSigner,
      `The network ${networkName} cannot sign for ${choice}: it is not one of its accounts.`,
    );
  }
  return signer;
}

/**
 * Runs a task's body. An SDK error (bad input, a decoded contract refusal) is printed as its
 * sentence (an input error prefixed by the flag it is about, see `flags`; a part the command named
 * by serial named so) and the process exits non-zero; anything else is a bug and goes to Hardhat with its
 * stack trace.
 */
export async function runTask(body: () => Promise<void>, flags: FlagNames = {}): Promise<void> {
  forgetTypedParts();
  try {
    await body();
  } catch (error) {
    if (!(error instanceof SupplyChainError)) throw error;
    console.error(namingTypedParts(errorLine(error, flags)));
    if (process.env.DEBUG && error.details) console.error(error.details);
    process.exitCode = 1;
  }
}

/**
 * A token's symbol and decimals, read through a client that knows tokens, to print amounts in
 * token units; a token that does not report its metadata is printed in its smallest unit, under
 * its address.
 */
export async function tokenOf(
  client: { tokenInfo(token: string): Promise<TokenInfo> },
  token: string,
): Promise<TokenInfo> {
  try {
    return await client.tokenInfo(token);
  } catch {
    return { address: token, name: "", symbol: "", decimals: 0 };
  }
}
