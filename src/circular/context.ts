/** What the circular action modules share: the client's contracts and transport, and small error helpers. */
import type { ContractRunner, ContractTransactionResponse, Log, Provider } from "ethers";
import type { ErrorSentence } from "../core/decode.js";
import { assertInvariant, InputError, InputErrorCode } from "../core/errors.js";
import type { TxResult } from "../core/tx.js";
import type {
  CoreCharges,
  CoreRegistry,
  LicenceRegistry,
  ParticipantRegistry,
  PartRegistry,
  WarrantyRegistry,
} from "../contracts.js";
import type { CircularClient } from "./client.js";
import type { CircularAddresses } from "./types.js";

/** A transaction to send: a call of a connected contract's method. */
export type SendTx = () => Promise<ContractTransactionResponse>;

/** Sentences for errors whose meaning depends on the contract. */
type Sentences = Readonly<Record<string, ErrorSentence>>;

/**
 * What an action needs of the {@link CircularClient}: its contracts, its runner and the client's
 * send, read and clock, which decode refusals and refuse a missing signer or provider.
 */
export type CircularContext = {
  readonly runner: ContractRunner;
  readonly addresses: Readonly<CircularAddresses>;
  readonly cores: CoreRegistry;
  readonly licences: LicenceRegistry;
  readonly warranties: WarrantyRegistry;
  readonly charges: CoreCharges;
  /** The part registry: given, or read from the core registry once. */
  partRegistry(): Promise<PartRegistry>;
  /** The participant registry, read from the core registry once. */
  participantRegistry(): Promise<ParticipantRegistry>;
  /**
   * Sends and waits, decoding any refusal. `token`, the token the transaction moves, has a
   * refusal write its amounts in the token's units.
   */
  send(sendTx: SendTx, sentences?: Sentences, token?: string): Promise<TxResult>;
  sendForLogs(
    sendTx: SendTx,
    sentences?: Sentences,
    token?: string,
  ): Promise<{ tx: TxResult; logs: readonly Log[] }>;
  read<T>(call: () => Promise<T>): Promise<T>;
  signerAddress(): Promise<string>;
  requireSigner(): void;
  chainTime(): Promise<bigint>;
  provider(): Provider;
};

export function wrongState(message: string): InputError {
  return new InputError(InputErrorCode.WrongState, message);
}

export function wrongAccount(who: string, signer: string): InputError {
  return new InputError(InputErrorCode.WrongAccount, `${who}; the signer is ${signer}.`);
}

export function enumName<T extends string>(
  names: readonly T[],
  value: bigint | number,
  what: string,
): T {
  const name = names[Number(value)];
  assertInvariant(name !== undefined, `the contract reports an unknown ${what} ${value}`);
  return name;
}
