/**
 * What every local helper needs: a connection to the network `--network` names, and the proof
 * that it is a local development node before anything is sent.
 *
 * A chain counts as local when its node answers the development methods `hardhat_metadata`
 * (`npx hardhat node`; anvil answers it too) or `anvil_nodeInfo` (anvil), whatever its chain
 * id: a chain id alone proves nothing (any chain may use 31337), while no production client
 * (Geth, Besu, Quorum, Nethermind) serves these methods, and the helpers need the node's
 * development methods anyway (an open mint costs nothing, time only moves on a node that lets
 * it).
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { InputError, InputErrorCode } from "../../src/index.js";
import { pickSigner } from "../shared/context.js";

/** The development nodes the local helpers run on. */
export type LocalNodeKind = "hardhat" | "anvil";

/** An EIP-1193 provider: the one method the detection needs. */
export type RequestProvider = {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
};

/**
 * The kind of development node behind `provider`, or undefined when it answers neither
 * `hardhat_metadata` nor `anvil_nodeInfo` (not a local chain).
 */
export async function localNodeKind(provider: RequestProvider): Promise<LocalNodeKind | undefined> {
  try {
    const metadata = (await provider.request({ method: "hardhat_metadata", params: [] })) as {
      clientVersion?: unknown;
    };
    const client = typeof metadata?.clientVersion === "string" ? metadata.clientVersion : "";
    return client.toLowerCase().startsWith("anvil") ? "anvil" : "hardhat";
  } catch {
    // Not a Hardhat node (nor an anvil that answers Hardhat's methods); try anvil's own.
  }
  try {
    await provider.request({ method: "anvil_nodeInfo", params: [] });
    return "anvil";
  } catch {
    return undefined;
  }
}

/** What a local helper acts with. */
export type LocalContext = {
  hre: HardhatRuntimeEnvironment;
  kind: LocalNodeKind;
  provider: RequestProvider;
  ethers: Awaited<ReturnType<HardhatRuntimeEnvironment["network"]["getOrCreate"]>>["ethers"];
  chainId: bigint;
  networkName: string;
};

/**
 * Connects to the network `--network` names and refuses, with a sentence naming `task`, one that
 * is not a local development node (see the module's comment) or that is the in-process
 * simulated chain, which is discarded when the command ends.
 */
export async function connectLocal(
  hre: HardhatRuntimeEnvironment,
  task: string,
): Promise<LocalContext> {
  const connection = await hre.network.getOrCreate();
  const { ethers, networkName, provider } = connection;
  if (connection.networkConfig.type === "edr-simulated") {
    throw new InputError(
      InputErrorCode.MissingDeployment,
      `The network ${networkName} is a simulated chain that starts empty for every command, so ` +
        `${task} would change nothing that lasts. Start a node with \`npx hardhat node\` (or ` +
        "anvil) and pass `--network localhost`.",
    );
  }
  const { chainId } = await ethers.provider.getNetwork();
  const kind = await localNodeKind(provider);
  if (kind === undefined) {
    throw new InputError(
      InputErrorCode.WrongState,
      `${task} only runs on a local development node (\`npx hardhat node\` or anvil), and the ` +
        `network ${networkName} (chain ${chainId}) is not one: it answers neither ` +
        "hardhat_metadata nor anvil_nodeInfo. Nothing was sent.",
    );
  }
  return { hre, kind, provider, ethers, chainId, networkName };
}

/**
 * The node's account that `--from` names (an address or an index), or its first account when
 * `--from` is empty: on a development node every account is a funded test account, and the
 * helpers need no role.
 */
export async function localSigner(
  context: LocalContext,
  from: string,
): Promise<HardhatEthersSigner> {
  const signers = await context.ethers.getSigners();
  return pickSigner(signers, from.trim() === "" ? "0" : from, context.networkName);
}

/** The latest block's number and timestamp. */
export async function latestBlock(
  context: LocalContext,
): Promise<{ number: number; timestamp: bigint }> {
  const block = await context.ethers.provider.getBlock("latest");
  if (block === null) {
    throw new InputError(InputErrorCode.MissingProvider, "The chain has no latest block.");
  }
  return { number: block.number, timestamp: BigInt(block.timestamp) };
}
