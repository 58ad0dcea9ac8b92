import type { ContractRunner } from "ethers";
import type { AddressBook } from "./core/address-book.js";
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

/**
 * Connects to a deployed suite from its address book and an ethers runner (a signer to send
 * transactions, a provider to read). No Hardhat needed.
 *
 * @example
 * const book = await readAddressBook("deployments", 11155111);
 * const suite = connectSuite({ addressBook: book, runner: new Wallet(key, provider) });
 * console.log(await suite.participants.getParticipant(address));
 */
export function connectSuite({
  addressBook,
  runner,
}: {
  addressBook: AddressBook;
  runner: ContractRunner;
}): Suite {
  return {
    addressBook,
    participants: ParticipantsClient.fromAddressBook(addressBook, runner),
    parts: PartsClient.fromAddressBook(addressBook, runner),
    invoices: InvoicesClient.fromAddressBook(addressBook, runner),
    auctions: AuctionsClient.fromAddressBook(addressBook, runner),
    circular: CircularClient.fromAddressBook(addressBook, runner),
  };
}
