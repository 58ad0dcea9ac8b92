import { rm } from "node:fs/promises";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import SuiteModule from "../ignition/modules/Suite.js";
import {
  type AddressBook,
  InputError,
  InputErrorCode,
  parseAddressBook,
  toAddress,
} from "../src/index.js";
import { readAddressBook, writeAddressBook } from "../src/node.js";
import { deploymentsDir, runTask } from "./context.js";

type Provider = { getCode(address: string, blockTag?: number): Promise<string> };

/** The first block at which `address` has code: where history queries start. */
export async function findDeploymentBlock(
  provider: Provider,
  address: string,
  latest: number,
): Promise<number> {
  let low = 0;
  let high = latest;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if ((await provider.getCode(address, mid)) === "0x") low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Where history queries start: the existing address book's start block when it names the same
 * registry (a resumed deployment), else the first block with the registry's code (a search that
 * needs historical state; a node that has pruned it falls back to the block before this run).
 */
async function startBlockOf(
  hre: HardhatRuntimeEnvironment,
  provider: Provider & { getBlockNumber(): Promise<number> },
  chainId: bigint,
  registry: string,
  blockBefore: number,
): Promise<number> {
  try {
    const existing = await readAddressBook(deploymentsDir(hre), chainId);
    if (existing.contracts.ParticipantRegistry === registry) return existing.startBlock;
  } catch {
    // No address book yet, or an unreadable one that this deployment replaces.
  }
  try {
    return await findDeploymentBlock(provider, registry, await provider.getBlockNumber());
  } catch {
    return blockBefore + 1;
  }
}

export default function deploySuite(
  args: { governance: string; deploymentId: string; reset: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const connection = await hre.network.getOrCreate();
    const { ethers, ignition, networkName } = connection;
    const [deployer, devGovernance] = await ethers.getSigners();
    if (deployer === undefined) {
      throw new InputError(
        InputErrorCode.MissingSigner,
        `The network ${networkName} has no account to deploy from; configure its accounts.`,
      );
    }
    const { chainId } = await ethers.provider.getNetwork();
    // A local chain defaults to its account #1, whatever .env says for public networks.
    const local = chainId === 31337n;
    const given = args.governance || (local ? "" : (process.env.GOVERNANCE_ADDRESS ?? ""));
    if (given === "" && !(local && devGovernance !== undefined)) {
      throw new InputError(
        InputErrorCode.InvalidAddress,
        "Name the governance address that receives the admin power (a multisig or timelock): " +
          "pass --governance or set GOVERNANCE_ADDRESS.",
      );
    }
    const governance = toAddress(
      given || (devGovernance as { address: string }).address,
      "governance address",
    );
    if (governance === deployer.address) {
      throw new InputError(
        InputErrorCode.InvalidAddress,
        `The governance address must differ from the deployer ${deployer.address}, which gives ` +
          "up its admin power at the end of the deployment.",
      );
    }

    console.log(
      `Deploying the suite to ${networkName} (chain ${chainId}) from ${deployer.address}`,
    );
    console.log(`Governance: ${governance}`);
    const deploymentId = args.deploymentId || `chain-${chainId}`;
    if (!/^[\w-]+$/.test(deploymentId)) {
      throw new InputError(
        InputErrorCode.InvalidAddressBook,
        `The deployment id "${deploymentId}" may hold only letters, digits, _ and -.`,
      );
    }
    const journal = path.join(hre.config.paths.ignition, "deployments", deploymentId);
    if (args.reset) await rm(journal, { recursive: true, force: true });
    const blockBefore = await ethers.provider.getBlockNumber();
    const { participantRegistry, partRegistry, invoiceEscrow, procurementAuction } =
      await ignition.deploy(SuiteModule, {
        parameters: { SupplyChainSuite: { governance } },
        deploymentId,
        displayUi: false,
      });
    const registryAddress = await participantRegistry.getAddress();
    if ((await ethers.provider.getCode(registryAddress)) === "0x") {
      throw new InputError(
        InputErrorCode.MissingDeployment,
        `Ignition's journal ${journal} records a deployment that is not on this chain (was the ` +
          "node restarted?). Deploy a new copy with --reset.",
      );
    }
    const partRegistryAddress = await partRegistry.getAddress();
    const escrowAddress = await invoiceEscrow.getAddress();
    const auctionAddress = await procurementAuction.getAddress();
    const book: AddressBook = parseAddressBook({
      chainId: Number(chainId),
      network: networkName,
      governance,
      startBlock: await startBlockOf(hre, ethers.provider, chainId, registryAddress, blockBefore),
      deployedAt: new Date().toISOString(),
      contracts: {
        ParticipantRegistry: registryAddress,
        PartRegistry: partRegistryAddress,
        InvoiceEscrow: escrowAddress,
        ProcurementAuction: auctionAddress,
      },
    });
    console.log(`ParticipantRegistry: ${registryAddress}`);
    console.log(`PartRegistry:        ${partRegistryAddress}`);
    console.log(`InvoiceEscrow:       ${escrowAddress}`);
    console.log(`ProcurementAuction:  ${auctionAddress}`);
    if (connection.networkConfig.type === "edr-simulated") {
      console.log(
        "This was the built-in simulated chain, which is discarded when the command ends: no " +
          "address book written. Use --network localhost against `npx hardhat node` to keep it.",
      );
      return;
    }
    const file = await writeAddressBook(deploymentsDir(hre), book);
    console.log(`Address book written to ${file}`);
  });
}
