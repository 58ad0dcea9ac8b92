import type { ContractTransactionResponse, Interface } from "ethers";
import { decodeError } from "./decode.js";
import { TransactionFailedError } from "./errors.js";

/** What a sent transaction did, in plain values. */
export type TxResult = {
  /** The transaction hash. */
  hash: string;
  /** The block it was mined in. */
  blockNumber: number;
  /** Gas it used. */
  gasUsed: bigint;
};

/**
 * Sends a contract transaction and waits for it to be mined. Any refusal (in gas estimation,
 * before anything is sent, or on chain) comes back as a decoded SDK error.
 */
export async function send(
  iface: Interface,
  sendTx: () => Promise<ContractTransactionResponse>,
): Promise<TxResult> {
  let receipt;
  try {
    const response = await sendTx();
    receipt = await response.wait();
  } catch (error) {
    throw decodeError(error, iface);
  }
  if (receipt === null) {
    throw new TransactionFailedError("The transaction was dropped before it was mined.");
  }
  return { hash: receipt.hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed };
}

/** Runs a read-only contract call, decoding any refusal. */
export async function read<T>(iface: Interface, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw decodeError(error, iface);
  }
}
