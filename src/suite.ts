import type { ContractRunner } from "ethers";
import type { AddressBook } from "./core/address-book.js";
import { InputError, InputErrorCode } from "./core/errors.js";
import type { TransactionOptions } from "./core/transactions.js";
import { AuctionsClient } from "./procurement/client.js";
import { CircularClient } from "./circular/client.js";
import { InvoicesClient } from "./invoicing/client.js";
import { ParticipantsClient } from "./participants/client.js";
import { PartsClient } from "./provenance/client.js";

/** Clients for every contract of a deployed suite, sharing one runner. */
export type Suite = {
  addressBook: AddressBook;
  participants: ParticipantsClient;
  parts: PartsClient;
  invoices: InvoicesClient;
  auctions: AuctionsClient;
  /** Cores, licences, warranties and core charges: the circular economy. */
  circular: CircularClient;
};

/** What {@link connectSuite} connects: an address book, a runner, and transaction options. */
export type ConnectSuiteParameters = {
  /** The suite's address book (`readAddressBook`, `parseAddressBook`). */
  addressBook: AddressBook;
  /** A signer to send transactions, a provider to read; either with a provider. */
  runner: ContractRunner;
  /**
   * What every client of the suite does around the transactions it sends: the confirmations to
   * wait for (1 by default) and listeners told when each is sent, mined and confirmed. The
   * contracts of the address book are named in what the listeners receive (`contract`).
   */
  transactions?: TransactionOptions;
};

/**
 * Connects to a deployed suite from its address book and an ethers runner (a signer to send
 * transactions, a provider to read), after checking that the runner's chain is the address
 * book's. No Hardhat needed.
 *
 * It refuses, before any client is made, a runner connected to another chain (`SC128`: on the
 * wrong network the contracts' addresses hold nothing, or something else, and reads would return
 * plausible empty data) and a runner without a provider (`SC120`: it could neither check the chain
 * nor read or send). The check is here, once and up front, rather than lazily before each
 * client's first call: a wrong network is then one sentence at the line that connects, not a
 * failure at whatever call happens to come first, and no call pays for a hidden round trip. That
 * makes this function async; {@link connectSuiteUnchecked} is its synchronous form for a caller
 * that has already matched the chain (one that read the address book for the chain's own id).
 *
 * @example
 * const provider = new JsonRpcProvider(url);
 * const book = await readAddressBook("deployments", (await provider.getNetwork()).chainId);
 * const suite = await connectSuite({ addressBook: book, runner: new Wallet(key, provider),
 *   transactions: { confirmations: 2, onSent: ({ hash }) => console.error(`Sent ${hash}`) } });
 * console.log(await suite.participants.getParticipant(address));
 */
export async function connectSuite(params: ConnectSuiteParameters): Promise<Suite> {
  await checkSuiteChain(params.addressBook, params.runner);
  return connectSuiteUnchecked(params);
}

/**
 * As {@link connectSuite}, synchronously and without checking the runner's chain: for a caller
 * that has already matched it to the address book's (the command line reads the address book of
 * the chain it is connected to). Still checks the transaction options (`SC129`).
 *
 * @example
 * const { chainId } = await provider.getNetwork();
 * const suite = connectSuiteUnchecked({ addressBook: await readAddressBook(dir, chainId), runner });
 */
export function connectSuiteUnchecked({
  addressBook,
  runner,
  transactions = {},
}: ConnectSuiteParameters): Suite {
  // The address book names contracts by name; the listeners are told names by address.
  const names: Record<string, string> = {};
  for (const [name, address] of Object.entries(addressBook.contracts)) names[address] = name;
  const options: TransactionOptions = {
    ...transactions,
    names: { ...names, ...transactions.names },
  };
  return {
    addressBook,
    participants: ParticipantsClient.fromAddressBook(addressBook, runner).withTransactions(options),
    parts: PartsClient.fromAddressBook(addressBook, runner).withTransactions(options),
    invoices: InvoicesClient.fromAddressBook(addressBook, runner).withTransactions(options),
    auctions: AuctionsClient.fromAddressBook(addressBook, runner).withTransactions(options),
    circular: CircularClient.fromAddressBook(addressBook, runner).withTransactions(options),
  };
}

/**
 * Refuses a runner whose chain is not the address book's (`SC128`), or that has no provider to
 * ask (`SC120`).
 */
export async function checkSuiteChain(book: AddressBook, runner: ContractRunner): Promise<void> {
  const provider = runner.provider;
  if (provider === null || provider === undefined) {
    throw new InputError(
      InputErrorCode.MissingProvider,
      "The runner has no provider, so the suite cannot check its chain nor read or send: " +
        "connect the signer to a provider (wallet.connect(provider)).",
      { field: "runner" },
    );
  }
  const { chainId } = await provider.getNetwork();
  if (chainId !== BigInt(book.chainId)) {
    throw new InputError(
      InputErrorCode.WrongChain,
      `The address book is for chain ${book.chainId} (${book.network}) but the runner is ` +
        `connected to chain ${chainId}: connect to the network the suite was deployed on, or ` +
        `read the address book of chain ${chainId}.`,
      { field: "runner" },
    );
  }
}
