/**
 * What the auctions client hands its actions: the auction, the runner, and the client's decoding
 * send and read (viem's `client` argument). The actions are plain functions of this context, one
 * file per action; the client class only builds the context and delegates.
 */
import type { ContractRunner, ContractTransactionResponse, Log, LogDescription } from "ethers";
import type { ChainRead } from "../core/token.js";
import type { TxResult } from "../core/tx.js";
import type { ParticipantRegistry, ProcurementAuction } from "../contracts.js";
import type { AuctionTokenInfo, PostedOrder } from "./types.js";

/** A transaction to send: a call of a connected contract's method. */
export type SendTx = () => Promise<ContractTransactionResponse>;

/** The auction and the client's plumbing, for the actions. */
export type AuctionContext = {
  /** The auction's address. */
  address: string;
  runner: ContractRunner;
  contract: ProcurementAuction;
  /**
   * Sends and waits, decoding any refusal; refuses without a signer. `token`, the token the
   * transaction moves, has a refusal write its amounts in the token's units.
   */
  send(sendTx: SendTx, token?: string): Promise<TxResult>;
  /** As `send`, with the receipt's logs. */
  sendForLogs(sendTx: SendTx, token?: string): Promise<{ tx: TxResult; logs: readonly Log[] }>;
  /** As `send`, through another runner (a committer); refuses one that cannot send. */
  sendAs(runner: ContractRunner, sendTx: SendTx, token?: string): Promise<TxResult>;
  /** As `sendForLogs`, through another runner. */
  sendForLogsAs(
    runner: ContractRunner,
    sendTx: SendTx,
    token?: string,
  ): Promise<{ tx: TxResult; logs: readonly Log[] }>;
  /** Runs a read, decoding any refusal. */
  read: ChainRead;
  /** Runs a read of the order's token, refusing a non-token with a sentence. */
  readToken: ChainRead;
  /** The auction's events `name` in `logs`. */
  findEvents(logs: readonly Log[], name: string): LogDescription[];
  /** Refuses a read-only client. */
  requireSigner(): void;
  signerAddress(): Promise<string>;
  chainTime(): Promise<bigint>;
  provider(): NonNullable<ContractRunner["provider"]>;
  tokenInfo(token: string): Promise<AuctionTokenInfo>;
  /** The participant registry the auction checks accreditations in (looked up once). */
  registry(): Promise<ParticipantRegistry>;
  /** The chain's id (looked up once). */
  chainId(): Promise<bigint>;
  /** The first block the client's event queries search (the address book's `startBlock`). */
  fromBlock: number;
  /**
   * The orders as posted, by id, once read from their `OrderPosted` event or checked against the
   * auction's hash: an order never changes once posted. Shared by the clients `connect` makes.
   */
  orders: Map<bigint, PostedOrder>;
};
