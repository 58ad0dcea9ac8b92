import type {
  ContractRunner,
  ContractTransactionResponse,
  Interface,
  Log,
  LogDescription,
} from "ethers";
import type { AddressBook, SuiteContractName } from "./address-book.js";
import { type ErrorSentence, SMALLEST_UNITS } from "./decode.js";
import { tokenUnitsOf } from "./erc20.js";
import { assertInvariant, InputError, InputErrorCode } from "./errors.js";
import {
  DEFAULT_TRANSACTION_OPTIONS,
  type ResolvedTransactionOptions,
  resolveTransactionOptions,
  type TransactionOptions,
} from "./transactions.js";
import { eventsIn, read, sendForLogs, type TxResult } from "./tx.js";
import { toAddress } from "./validate.js";

/** What a client needs to know of its contract to check its address and decode its refusals. */
export type ContractDescription = {
  /** What the address is, for the error when it is not one: `"parts registry address"`. */
  addressLabel: string;
  /** The contract's own interface: its events and errors. */
  iface: Interface;
  /** The errors of the contracts it calls, which it bubbles up. */
  calledErrors?: readonly Interface[];
  /**
   * Sentences for errors whose meaning depends on the contract, over `ERROR_SENTENCES` (such as
   * `RECEIVABLE_SENTENCES`).
   */
  sentences?: Readonly<Record<string, ErrorSentence>>;
};

/** A transaction to send: a call of a connected contract's method. */
type SendTx = () => Promise<ContractTransactionResponse>;

/**
 * What the SDK's contract clients share: the contract's address, the runner they act through,
 * and how they send, read and decode. A client refuses to send without a signer and to read the
 * chain without a provider, with an {@link InputError}; a contract refusal comes back as a
 * decoded `ContractRevertedError` with a sentence.
 *
 * Every transaction a client sends waits for the confirmations its {@link TransactionOptions}
 * ask for (one by default) and tells their listeners when it is sent, mined and confirmed; set
 * them with {@link withTransactions} (or `connectSuite({ transactions })`), and every client
 * {@link connect} derives keeps them.
 *
 * A client class keeps its typed contract to itself, names its address-book entry in
 * `bookEntry`, and takes `(address, runner)` in its constructor, which {@link connect} and
 * {@link fromAddressBook} rely on; a class that overrides {@link connect} passes the new client
 * through {@link keepOptions}.
 */
export abstract class ContractClient {
  /** The address-book entry of the contract, which {@link fromAddressBook} reads. */
  protected static readonly bookEntry: SuiteContractName | undefined = undefined;

  readonly address: string;
  /** The runner the client acts through (a signer to send, a provider to read). */
  protected readonly runner: ContractRunner;
  readonly #iface: Interface;
  readonly #errors: readonly Interface[];
  readonly #sentences: Readonly<Record<string, ErrorSentence>>;
  #transactions: ResolvedTransactionOptions = DEFAULT_TRANSACTION_OPTIONS;

  protected constructor(address: string, runner: ContractRunner, contract: ContractDescription) {
    this.address = toAddress(address, contract.addressLabel);
    this.runner = runner;
    this.#iface = contract.iface;
    this.#errors = [contract.iface, ...(contract.calledErrors ?? [])];
    this.#sentences = contract.sentences ?? {};
  }

  /** A client for the contract of an address book. */
  static fromAddressBook<C extends ContractClient>(
    this: ClientClass<C>,
    book: AddressBook,
    runner: ContractRunner,
  ): C {
    const entry = this.bookEntry;
    assertInvariant(entry !== undefined, `${this.name} names no address-book entry`);
    const Client: new (address: string, runner: ContractRunner) => C = this;
    return new Client(book.contracts[entry], runner);
  }

  /**
   * A client for the same contract acting through another runner (another signer), with the same
   * transaction options.
   */
  connect(runner: ContractRunner): this {
    const Client = this.constructor as new (address: string, runner: ContractRunner) => this;
    return this.keepOptions(new Client(this.address, runner));
  }

  /**
   * A client like this one (same runner, and what {@link connect} shares) whose transactions
   * follow `options`: the confirmations to wait for and the listeners told when a transaction is
   * sent, mined and confirmed. Replaces any options this client has. Refuses a number of
   * confirmations that is not a whole number of at least 1 (`SC129`, field `confirmations`).
   *
   * @example
   * const invoices = InvoicesClient.fromAddressBook(book, signer).withTransactions({
   *   confirmations: 3,
   *   onSent: ({ hash, method }) => console.error(`Sent ${hash} (${method})`),
   * });
   */
  withTransactions(options: TransactionOptions): this {
    const resolved = resolveTransactionOptions(options);
    const client = this.connect(this.runner);
    client.#transactions = resolved;
    return client;
  }

  /** The confirmations this client's transactions wait for (1 unless {@link withTransactions}). */
  get confirmations(): number {
    return this.#transactions.confirmations;
  }

  /**
   * Hands this client's transaction options to `client`, a client derived from this one: what
   * an override of {@link connect} returns.
   */
  protected keepOptions<C extends ContractClient>(client: C): C {
    client.#transactions = this.#transactions;
    return client;
  }

  /**
   * Sends a transaction and waits for its confirmations, decoding any refusal; refuses without a
   * signer. `token`, the ERC-20 token the transaction moves, lets a refusal's sentence write its
   * amounts in the token's units.
   */
  protected async send(
    sendTx: SendTx,
    sentences = this.#sentences,
    token?: string,
  ): Promise<TxResult> {
    return (await this.sendForLogs(sendTx, sentences, token)).tx;
  }

  /** As {@link send}, and also hands back the receipt's logs, to read what the transaction made. */
  protected async sendForLogs(
    sendTx: SendTx,
    sentences = this.#sentences,
    token?: string,
  ): Promise<{ tx: TxResult; logs: readonly Log[] }> {
    this.requireSigner();
    return this.#sendForLogs(sendTx, sentences, token);
  }

  /**
   * As {@link send}, through another runner than the client's (a separate signer that sends and
   * pays, such as an anonymous committer): `sendTx` calls a contract connected to `runner`.
   * Refuses a runner that cannot send.
   */
  protected async sendAs(
    runner: ContractRunner,
    sendTx: SendTx,
    sentences = this.#sentences,
    token?: string,
  ): Promise<TxResult> {
    return (await this.sendForLogsAs(runner, sendTx, sentences, token)).tx;
  }

  /** As {@link sendForLogs}, through another runner, as {@link sendAs}. */
  protected async sendForLogsAs(
    runner: ContractRunner,
    sendTx: SendTx,
    sentences = this.#sentences,
    token?: string,
  ): Promise<{ tx: TxResult; logs: readonly Log[] }> {
    requireSignerRunner(runner);
    return this.#sendForLogs(sendTx, sentences, token);
  }

  #sendForLogs(
    sendTx: SendTx,
    sentences: Readonly<Record<string, ErrorSentence>>,
    token: string | undefined,
  ): Promise<{ tx: TxResult; logs: readonly Log[] }> {
    const amounts =
      token === undefined
        ? undefined
        : async () =>
            (await tokenUnitsOf(token, {
              runner: this.runner,
              provider: this.provider(),
              read: (call) => this.read(call),
            })) ?? SMALLEST_UNITS;
    return sendForLogs(this.#errors, sendTx, sentences, this.#transactions, amounts);
  }

  /** Runs a read, decoding any refusal. */
  protected read<T>(call: () => Promise<T>): Promise<T> {
    return read(this.#errors, call, this.#sentences);
  }

  /** The events `name` that this contract emitted in `logs`, in order ({@link eventsIn}). */
  protected findEvents(logs: readonly Log[], name: string): LogDescription[] {
    return eventsIn({ target: this.address, interface: this.#iface }, logs, name);
  }

  /** Refuses a read-only client (a runner that cannot send transactions). */
  protected requireSigner(): void {
    requireSignerRunner(this.runner);
  }

  /** The signer's address; refuses without a signer. */
  protected async signerAddress(): Promise<string> {
    this.requireSigner();
    const runner = this.runner as { getAddress?: () => Promise<string> };
    assertInvariant(typeof runner.getAddress === "function", "a signer without an address");
    return toAddress(await runner.getAddress());
  }

  /** The chain's time (the latest block's timestamp), which is what the contract compares to. */
  protected async chainTime(): Promise<bigint> {
    const provider = this.provider();
    const block = await this.read(() => provider.getBlock("latest"));
    if (block === null) {
      throw new InputError(InputErrorCode.MissingProvider, "The chain has no latest block.");
    }
    return BigInt(block.timestamp);
  }

  /** The runner's provider, to read the chain with; refuses a runner without one. */
  protected provider(): NonNullable<ContractRunner["provider"]> {
    const provider = this.runner.provider;
    if (provider === null || provider === undefined) {
      throw new InputError(
        InputErrorCode.MissingProvider,
        "This client has no provider to read the chain with; connect it to a signer with a provider.",
      );
    }
    return provider;
  }
}

/** A concrete client class, as {@link ContractClient.fromAddressBook} builds one. */
export type ClientClass<C extends ContractClient> = typeof ContractClient &
  (new (address: string, runner: ContractRunner) => C);

/** Refuses a runner that cannot send transactions. */
function requireSignerRunner(runner: ContractRunner): void {
  const candidate = runner as { sendTransaction?: unknown };
  if (typeof candidate.sendTransaction !== "function") {
    throw new InputError(
      InputErrorCode.MissingSigner,
      "This client is connected read-only; connect it to a signer to send transactions.",
    );
  }
}
