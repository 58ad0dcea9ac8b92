import { rm } from "node:fs/promises";
import path from "node:path";
import { ZeroAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import SuiteModule from "../../ignition/modules/Suite.js";
import {
  type AddressBook,
  InputError,
  InputErrorCode,
  parseAddressBook,
  SUITE_CONTRACTS,
  type SuiteContractName,
  toAddress,
} from "../../src/index.js";
import { readAddressBook, writeAddressBook } from "../../src/node/index.js";
import { confirmationsOption, deploymentsDir, runTask } from "../shared/context.js";
import { printJson } from "../shared/print.js";

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

/** The admin hand-over delay, in whole days, that the contracts accept. */
export const ADMIN_DELAY_DAYS = { min: 1, max: 30, default: 2 } as const;

/** Reads `--admin-delay-days` into seconds: a whole number of days from 1 to 30. */
export function parseAdminDelayDays(input: string): number {
  const text = input.trim();
  const days = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(days >= ADMIN_DELAY_DAYS.min && days <= ADMIN_DELAY_DAYS.max)) {
    throw new InputError(
      InputErrorCode.InvalidTime,
      `The admin delay "${input}" is not a whole number of days from ${ADMIN_DELAY_DAYS.min} ` +
        `to ${ADMIN_DELAY_DAYS.max}: pass --admin-delay-days with one.`,
    );
  }
  return days * 86_400;
}

/**
 * Runs `deploy`, which on a chain other than a local one (`local` false) shows Ignition's progress
 * (its `displayUi`: each batch as it is sent and confirmed, minutes on a chain with real block
 * times). Ignition writes that progress to stdout; while it runs, stdout goes to stderr, so that
 * stdout keeps only the task's result. On a local chain nothing is redirected, and Ignition shows
 * nothing.
 */
export async function withIgnitionProgress<T>(
  local: boolean,
  deploy: () => Promise<T>,
): Promise<T> {
  if (local) return deploy();
  const stdoutWrite = process.stdout.write;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof stdoutWrite;
  try {
    return await deploy();
  } finally {
    process.stdout.write = stdoutWrite;
  }
}

/**
 * The error to print for a failed deployment: a chain that refuses an opcode of Cancun (the
 * contracts use PUSH0, MCOPY and transient storage) gets a sentence saying so; anything else is
 * passed on as it is.
 */
export function explainDeployFailure(error: unknown, chainId: bigint): unknown {
  const text = error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : "";
  if (!/NotActivated|invalid opcode|opcode 0x(5c|5d|5e|5f) not defined/i.test(text)) return error;
  return new InputError(
    InputErrorCode.WrongState,
    `Chain ${chainId} refused an opcode of the Cancun EVM, which the contracts need (PUSH0, ` +
      "MCOPY, TLOAD/TSTORE): the chain must run Cancun or later (see docs/evm.md).",
  );
}

export default function deploySuite(
  args: {
    governance: string;
    adminDelayDays: string;
    deploymentId: string;
    reset: boolean;
    json: boolean;
  },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const adminDelay = parseAdminDelayDays(args.adminDelayDays || String(ADMIN_DELAY_DAYS.default));
    const confirmations = confirmationsOption(hre);
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
    if (governance === ZeroAddress) {
      throw new InputError(
        InputErrorCode.InvalidAddress,
        "The governance address cannot be the zero address: the contracts would have no admin. " +
          "Pass --governance with a multisig or timelock.",
      );
    }
    if (governance === deployer.address) {
      throw new InputError(
        InputErrorCode.InvalidAddress,
        `The governance address must differ from the deployer ${deployer.address}: the deployer ` +
          "is never admin. Pass --governance with a multisig or timelock.",
      );
    }

    // With --json, stdout holds only the JSON document at the end.
    const say = args.json ? () => {} : (line: string) => console.log(line);
    say(`Deploying the suite to ${networkName} (chain ${chainId}) from ${deployer.address}`);
    say(
      `Governance: ${governance} (admin hand-over delay ${adminDelay / 86_400} day` +
        `${adminDelay === 86_400 ? "" : "s"})`,
    );
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
    const deployed = await withIgnitionProgress(local, () =>
      ignition.deploy(SuiteModule, {
        parameters: { SupplyChainSuite: { governance, adminDelay } },
        deploymentId,
        displayUi: !local,
        // Each batch waits for --confirmations when given, as every task's transaction does;
        // else for Ignition's own number. A local chain mines on each transaction, where
        // Ignition waits for 1 and more would never come.
        ...(!local &&
          confirmations !== undefined && { config: { requiredConfirmations: confirmations } }),
      }),
    ).catch((error: unknown) => {
      throw explainDeployFailure(error, chainId);
    });
    const { participantRegistry } = deployed;
    const registryAddress = await participantRegistry.getAddress();
    if ((await ethers.provider.getCode(registryAddress)) === "0x") {
      throw new InputError(
        InputErrorCode.MissingDeployment,
        `Ignition's journal ${journal} records a deployment that is not on this chain (was the ` +
          "node restarted?). Deploy a new copy with --reset.",
      );
    }
    const contracts: Record<SuiteContractName, string> = {
      ParticipantRegistry: registryAddress,
      PartRegistry: await deployed.partRegistry.getAddress(),
      InvoiceEscrow: await deployed.invoiceEscrow.getAddress(),
      ProcurementAuction: await deployed.procurementAuction.getAddress(),
      CoreRegistry: await deployed.coreRegistry.getAddress(),
      LicenceRegistry: await deployed.licenceRegistry.getAddress(),
      WarrantyRegistry: await deployed.warrantyRegistry.getAddress(),
      CoreCharges: await deployed.coreCharges.getAddress(),
    };
    const book: AddressBook = parseAddressBook({
      chainId: Number(chainId),
      network: networkName,
      governance,
      startBlock: await startBlockOf(hre, ethers.provider, chainId, registryAddress, blockBefore),
      deployedAt: new Date().toISOString(),
      contracts,
    });
    for (const name of SUITE_CONTRACTS) say(`${`${name}:`.padEnd(21)}${contracts[name]}`);
    const simulated = connection.networkConfig.type === "edr-simulated";
    const file = simulated ? undefined : await writeAddressBook(deploymentsDir(hre), book);
    if (args.json) {
      printJson({ ...book, deployer: deployer.address, adminDelay, addressBookFile: file ?? null });
    } else if (file === undefined) {
      say(
        "This was the built-in simulated chain, which is discarded when the command ends: no " +
          "address book written. Use --network localhost against `npx hardhat node` to keep it.",
      );
    } else {
      say(`Address book written to ${file}`);
    }
  });
}
