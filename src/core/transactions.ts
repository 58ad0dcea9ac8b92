/**
 * Transaction options: how many confirmations the SDK waits for, and listeners told when a
 * transaction is sent, mined and confirmed. A caller passes them to `connectSuite({ transactions })`
 * or to a client's `withTransactions`; every send of every client goes through them.
 */
import { type ContractTransactionResponse, Interface } from "ethers";
import { InputError, InputErrorCode } from "./errors.js";

/** A transaction the SDK has sent, as soon as the node has accepted it (before it is mined). */
export type SentTransaction = {
  /** The transaction hash. */
  hash: string;
  /** The account that sent it. */
  from: string;
  /** The contract it calls. */
  to: string;
  /**
   * The contract's name (`"InvoiceEscrow"`), when its address is named in the options' `names`
   * (`connectSuite` names every contract of the address book); undefined otherwise (a token).
   */
  contract: string | undefined;
  /** The method it calls (`"fund"`), when the SDK knows the contract's interface. */
  method: string | undefined;
  /** How many confirmations the SDK waits for before it returns. */
  confirmations: number;
};

/** A sent transaction once mined (its first confirmation). */
export type MinedTransaction = SentTransaction & {
  /** The block it was mined in. */
  blockNumber: number;
  /** Gas it used. */
  gasUsed: bigint;
};

/** A mined transaction with `confirmed` confirmations so far (1 when mined, up to `confirmations`). */
export type ConfirmedTransaction = MinedTransaction & {
  /** The confirmations so far: 1 for the block it was mined in, 2 for one block on top, and so on. */
  confirmed: number;
};

/**
 * What the SDK does around every transaction it sends: how many confirmations it waits for, and
 * whom it tells. Every field is optional; without options the SDK waits for one confirmation (the
 * transaction is mined) and tells no one, as it always has. A listener is called synchronously
 * and should not throw: an exception it throws reaches the caller of the SDK method, although the
 * transaction may already be sent.
 *
 * @example
 * const suite = await connectSuite({ addressBook, runner: wallet, transactions: {
 *   confirmations: 3,
 *   onSent: ({ hash, contract, method }) => console.error(`Sent ${hash} (${contract}.${method})`),
 *   onConfirmation: ({ blockNumber, confirmed, confirmations }) =>
 *     console.error(`Confirmed in block ${blockNumber} (${confirmed}/${confirmations})`),
 * } });
 */
export type TransactionOptions = {
  /**
   * The confirmations to wait for before a write returns: 1 (the default) when it is mined, 3 for
   * two more blocks on top of it. A whole number of at least 1.
   */
  confirmations?: number;
  /** Told as soon as a transaction is sent, with its hash, before it is mined. */
  onSent?: (tx: SentTransaction) => void;
  /** Told when a transaction is mined (its first confirmation). */
  onMined?: (tx: MinedTransaction) => void;
  /** Told at each confirmation, from 1 (mined) to `confirmations`. */
  onConfirmation?: (tx: ConfirmedTransaction) => void;
  /**
   * Names of contracts by address, to say which contract a transaction calls; `connectSuite` adds
   * the address book's.
   */
  names?: Readonly<Record<string, string>>;
};

/** {@link TransactionOptions} checked, with the defaults filled in and the names keyed in lower case. */
export type ResolvedTransactionOptions = {
  readonly confirmations: number;
  readonly onSent: ((tx: SentTransaction) => void) | undefined;
  readonly onMined: ((tx: MinedTransaction) => void) | undefined;
  readonly onConfirmation: ((tx: ConfirmedTransaction) => void) | undefined;
  readonly names: ReadonlyMap<string, string>;
};

/** No listeners, one confirmation: what a client does unless told otherwise. */
export const DEFAULT_TRANSACTION_OPTIONS: ResolvedTransactionOptions = resolveTransactionOptions(
  {},
);

/**
 * Checks transaction options and fills in the defaults; refuses a number of confirmations that is
 * not a whole number of at least 1 (`InputErrorCode.InvalidConfirmations`, field `confirmations`).
 */
export function resolveTransactionOptions(options: TransactionOptions): ResolvedTransactionOptions {
  const confirmations = options.confirmations ?? 1;
  if (!Number.isSafeInteger(confirmations) || confirmations < 1) {
    throw new InputError(
      InputErrorCode.InvalidConfirmations,
      `The number of confirmations "${String(confirmations)}" is not a whole number of at least 1.`,
      { field: "confirmations" },
    );
  }
  const names = new Map<string, string>();
  for (const [address, name] of Object.entries(options.names ?? {})) {
    names.set(address.toLowerCase(), name);
  }
  return {
    confirmations,
    onSent: options.onSent,
    onMined: options.onMined,
    onConfirmation: options.onConfirmation,
    names,
  };
}

/** Token methods a client sends to contracts it has no interface of (approvals, permits). */
const TOKEN_METHODS = new Interface([
  "function approve(address spender, uint256 value)",
  "function transfer(address to, uint256 value)",
  "function transferFrom(address from, address to, uint256 value)",
  "function setApprovalForAll(address operator, bool approved)",
  "function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s)",
]);

/**
 * What a sent transaction is: its hash, sender and contract, the contract's name from `options`
 * and the method, found by its selector in `interfaces` (the client's contracts) or among common
 * token methods.
 */
export function describeSent(
  response: ContractTransactionResponse,
  interfaces: readonly Interface[],
  options: ResolvedTransactionOptions,
): SentTransaction {
  const to = response.to ?? "";
  return {
    hash: response.hash,
    from: response.from,
    to,
    contract: options.names.get(to.toLowerCase()),
    method: methodOf(response.data, interfaces),
    confirmations: options.confirmations,
  };
}

/** The name of the method `data` calls, by its selector; undefined when no interface has it. */
function methodOf(data: string, interfaces: readonly Interface[]): string | undefined {
  if (data.length < 10) return undefined;
  const selector = data.slice(0, 10).toLowerCase();
  for (const iface of [...interfaces, TOKEN_METHODS]) {
    let found;
    try {
      found = iface.getFunction(selector);
    } catch {
      found = null;
    }
    if (found !== null) return found.name;
  }
  return undefined;
}
