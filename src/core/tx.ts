/**
 * Sending and reading through a contract, decoding any refusal into the SDK's errors, and
 * reading what a sent transaction did from its receipt's events.
 */
import {
  type Addressable,
  type ContractTransactionReceipt,
  type ContractTransactionResponse,
  Interface,
  type Log,
  type LogDescription,
} from "ethers";
import { type AmountFormat, decodeError, type ErrorAbis, type ErrorSentence } from "./decode.js";
import {
  assertInvariant,
  ContractRevertedError,
  type SupplyChainError,
  TransactionFailedError,
} from "./errors.js";
import {
  DEFAULT_TRANSACTION_OPTIONS,
  describeSent,
  type MinedTransaction,
  type ResolvedTransactionOptions,
} from "./transactions.js";

/** What a sent transaction did, in plain values. */
export type TxResult = {
  /** The transaction hash. */
  hash: string;
  /** The block it was mined in. */
  blockNumber: number;
  /** Gas it used. */
  gasUsed: bigint;
};

/** Sentences for errors whose meaning depends on the contract, over `ERROR_SENTENCES`. */
type Sentences = Readonly<Record<string, ErrorSentence>>;

/**
 * How to write the amounts of the token a transaction moves, asked only when the contract refuses
 * it (a refusal's sentence then says `12.50 USDC`, not `12500000`): a read of the token's
 * decimals and symbol. A failed read leaves the amounts in the token's smallest unit.
 */
export type AmountsOf = () => Promise<AmountFormat>;

/** `error` decoded; a contract's refusal with its amounts in token units when `amounts` is given. */
async function refusal(
  error: unknown,
  iface: ErrorAbis,
  sentences: Sentences,
  amounts: AmountsOf | undefined,
): Promise<SupplyChainError> {
  const decoded = decodeError(error, iface, sentences);
  if (amounts === undefined || !(decoded instanceof ContractRevertedError)) return decoded;
  const amount = await amounts().catch(() => undefined);
  return amount === undefined ? decoded : decodeError(error, iface, sentences, amount);
}

/**
 * Sends a contract transaction and waits for its confirmations (one, the block it is mined in,
 * unless `options` say more), telling the options' listeners when it is sent, mined and confirmed.
 * Any refusal (in gas estimation, before anything is sent, or on chain) comes back as a decoded SDK
 * error, worded by `sentences` where they name it, with the amounts of the token it moves
 * written by `amounts` when given.
 */
export async function send(
  iface: ErrorAbis,
  sendTx: () => Promise<ContractTransactionResponse>,
  sentences: Sentences = {},
  options: ResolvedTransactionOptions = DEFAULT_TRANSACTION_OPTIONS,
  amounts?: AmountsOf,
): Promise<TxResult> {
  return (await sendForLogs(iface, sendTx, sentences, options, amounts)).tx;
}

/**
 * As {@link send}, and also hands back the receipt's logs, for a client that reads what the
 * transaction created (a new id) from its events. The logs stay inside the SDK.
 */
export async function sendForLogs(
  iface: ErrorAbis,
  sendTx: () => Promise<ContractTransactionResponse>,
  sentences: Sentences = {},
  options: ResolvedTransactionOptions = DEFAULT_TRANSACTION_OPTIONS,
  amounts?: AmountsOf,
): Promise<{ tx: TxResult; logs: readonly Log[] }> {
  let response;
  try {
    response = await sendTx();
  } catch (error) {
    throw await refusal(error, iface, sentences, amounts);
  }
  const sent = describeSent(response, interfacesOf(iface), options);
  options.onSent?.(sent);
  const decode = (error: unknown) => refusal(error, iface, sentences, amounts);
  let receipt = await confirmed(response, 1, decode);
  const mined: MinedTransaction = {
    ...sent,
    blockNumber: receipt.blockNumber,
    gasUsed: receipt.gasUsed,
  };
  options.onMined?.(mined);
  options.onConfirmation?.({ ...mined, confirmed: 1 });
  for (let count = 2; count <= options.confirmations; count++) {
    receipt = await confirmed(response, count, decode);
    options.onConfirmation?.({ ...mined, blockNumber: receipt.blockNumber, confirmed: count });
  }
  return {
    tx: { hash: receipt.hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed },
    logs: receipt.logs,
  };
}

/** The receipt of `response` once it has `count` confirmations; a refusal decoded by `decode`. */
async function confirmed(
  response: ContractTransactionResponse,
  count: number,
  decode: (error: unknown) => Promise<SupplyChainError>,
): Promise<ContractTransactionReceipt> {
  let receipt;
  try {
    receipt = await response.wait(count);
  } catch (error) {
    throw await decode(error);
  }
  if (receipt === null) {
    throw new TransactionFailedError("The transaction was dropped before it was mined.");
  }
  return receipt;
}

/** The interfaces among `abi`, to name the method a transaction calls. */
function interfacesOf(abi: ErrorAbis): Interface[] {
  const list: readonly unknown[] = Array.isArray(abi) ? abi : [abi];
  return list.filter((item): item is Interface => item instanceof Interface);
}

/** Runs a read-only contract call, decoding any refusal. */
export async function read<T>(
  iface: ErrorAbis,
  call: () => Promise<T>,
  sentences: Sentences = {},
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw decodeError(error, iface, sentences);
  }
}

/** A contract whose events to read: its address (`target`) and its interface. */
export type EventEmitter = {
  readonly target: string | Addressable;
  readonly interface: Interface;
};

/**
 * The events `name` that `contract` emitted in `logs` (a receipt's, from {@link sendForLogs}), in
 * order; logs of other contracts and other events are skipped. Every SDK client reads what its
 * transactions did through here.
 *
 * @example
 * const [event] = eventsIn(registry, logs, "PartMade");
 */
export function eventsIn(
  contract: EventEmitter,
  logs: readonly Log[],
  name: string,
): LogDescription[] {
  const { target } = contract;
  assertInvariant(typeof target === "string", "events of a contract without a fixed address");
  const address = target.toLowerCase();
  const found: LogDescription[] = [];
  for (const log of logs) {
    if (log.address.toLowerCase() !== address) continue;
    const parsed = contract.interface.parseLog({ topics: [...log.topics], data: log.data });
    if (parsed?.name === name) found.push(parsed);
  }
  return found;
}
