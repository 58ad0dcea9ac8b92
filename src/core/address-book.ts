import { getAddress, isAddress } from "ethers";
import { InputError, InputErrorCode } from "./errors.js";

/** The contracts of the suite, by name. */
export const SUITE_CONTRACTS = [
  "ParticipantRegistry",
  "PartRegistry",
  "InvoiceEscrow",
  "ProcurementAuction",
  "CoreRegistry",
  "LicenceRegistry",
  "WarrantyRegistry",
  "CoreCharges",
] as const;
export type SuiteContractName = (typeof SUITE_CONTRACTS)[number];

/**
 * Where the suite is deployed on one chain. The deploy step writes one per chain id under
 * `deployments/chain-<chainId>.json`; nobody pastes addresses by hand.
 */
export type AddressBook = {
  chainId: number;
  /** The Hardhat network name it was deployed through (informational). */
  network: string;
  /** The governance address that holds the admin power. */
  governance: string;
  /** The block of the first deployment transaction: where history queries start. */
  startBlock: number;
  /** When it was deployed, ISO 8601. */
  deployedAt: string;
  contracts: Record<SuiteContractName, string>;
};

/** Checks an address book read from JSON, so that a truncated or hand-edited file is caught. */
export function parseAddressBook(json: unknown, source = "the address book"): AddressBook {
  const fail = (what: string): never => {
    throw new InputError(InputErrorCode.InvalidAddressBook, `${source} is not valid: ${what}.`);
  };
  if (json === null || typeof json !== "object") fail("it is not a JSON object");
  const book = json as Record<string, unknown>;
  const positive = (value: unknown, min: number) =>
    Number.isSafeInteger(value) && (value as number) >= min;
  if (!positive(book.chainId, 1)) fail("chainId is missing or not a positive whole number");
  if (!positive(book.startBlock, 0)) fail("startBlock is missing or negative");
  const contracts = book.contracts as Record<string, unknown> | undefined;
  if (contracts === null || typeof contracts !== "object") fail("contracts is missing");
  const address = (value: unknown, what: string): string => {
    if (typeof value !== "string" || !isAddress(value)) fail(`${what} is not an address`);
    return getAddress(value as string);
  };
  const checked = {} as Record<SuiteContractName, string>;
  for (const name of SUITE_CONTRACTS) {
    if (contracts?.[name] === undefined) fail(`the address of ${name} is missing`);
    checked[name] = address(contracts?.[name], `the address of ${name}`);
  }
  return {
    chainId: book.chainId as number,
    network: typeof book.network === "string" ? book.network : "unknown",
    governance: address(book.governance, "governance"),
    startBlock: book.startBlock as number,
    deployedAt: typeof book.deployedAt === "string" ? book.deployedAt : "",
    contracts: checked,
  };
}
