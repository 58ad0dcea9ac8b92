/**
 * What the invoices client hands its actions: the escrow, the runner, and the client's decoding
 * send and read (viem's `client` argument). The actions are plain functions of this context, one
 * file per action; the client class only builds the context and delegates.
 */
import type { ContractRunner, ContractTransactionResponse, Log, LogDescription } from "ethers";
import type { ErrorSentence } from "../core/decode.js";
import type { TokenInfo } from "../core/erc20.js";
import type { ChainRead } from "../core/token.js";
import type { TxResult } from "../core/tx.js";
import type { InvoiceEscrow, PartRegistry } from "../contracts.js";
import type { IInvoiceEscrow } from "../typechain/invoicing/InvoiceEscrow.js";
import type { KnownAgreement } from "./agreement.js";

/** The escrow's record of an invoice: the hash of its agreement and its state. */
export type StoredRecord = IInvoiceEscrow.InvoiceRecordStructOutput;

/** Sentences for errors whose meaning depends on the transaction. */
export type Sentences = Readonly<Record<string, ErrorSentence>>;

/** A transaction to send: a call of a connected contract's method. */
export type SendTx = () => Promise<ContractTransactionResponse>;

/**
 * The wording of a transaction whose ERC-721 errors are not about receivables: a delivery's come
 * from the parts registry, and approvals are not the escrow's.
 */
export const NO_RECEIVABLE_SENTENCES: Sentences = {};

/** The escrow and the client's plumbing, for the actions. */
export type EscrowContext = {
  /** The escrow's address. */
  address: string;
  runner: ContractRunner;
  contract: InvoiceEscrow;
  /**
   * Sends and waits, decoding any refusal; refuses without a signer. `token`, the token the
   * transaction moves, has a refusal write its amounts in the token's units.
   */
  send(sendTx: SendTx, sentences?: Sentences, token?: string): Promise<TxResult>;
  /** As `send`, with the receipt's logs. */
  sendForLogs(
    sendTx: SendTx,
    sentences?: Sentences,
    token?: string,
  ): Promise<{ tx: TxResult; logs: readonly Log[] }>;
  /** Runs a read, decoding any refusal. */
  read: ChainRead;
  /** Runs a read of the invoice's token, refusing a non-token with a sentence. */
  readToken: ChainRead;
  /** The escrow's events `name` in `logs`. */
  findEvents(logs: readonly Log[], name: string): LogDescription[];
  signerAddress(): Promise<string>;
  chainTime(): Promise<bigint>;
  provider(): NonNullable<ContractRunner["provider"]>;
  tokenInfo(token: string): Promise<TokenInfo>;
  /** The parts registry the escrow checks deliveries against (looked up once). */
  partsRegistry(): Promise<PartRegistry>;
  /**
   * The first block searched for an invoice's proposal: the address book's `startBlock` (0 for
   * a client built from an address alone).
   */
  fromBlock: number;
  /** The agreements found so far, by invoice id; shared by every client `connect` derives. */
  agreements: Map<bigint, KnownAgreement>;
};
