/**
 * The auctions client: typed access to the procurement auction. A thin class that builds the
 * {@link AuctionContext} and delegates each method to its action (`actions/`), its reads
 * (`reads.ts`) and its checks (`preflight.ts`).
 */
import { type ContractRunner, Interface, type TypedDataDomain } from "ethers";
import type { AddressBook } from "../core/address-book.js";
import { type ClientClass, ContractClient, type ContractDescription } from "../core/client.js";
import type { ErrorSentence } from "../core/decode.js";
import { ERC20_ERRORS, readTokenInfo } from "../core/erc20.js";
import type { Hash } from "../core/hashing.js";
import { memoise, tokenReader } from "../core/token.js";
import type { TxResult } from "../core/tx.js";
import { ParticipantRegistry__factory, ProcurementAuction__factory } from "../contracts.js";
import { cancel } from "./actions/cancel.js";
import { commitBid } from "./actions/commit.js";
import { postOrder } from "./actions/post.js";
import { reveal } from "./actions/reveal.js";
import { releaseWinnerBond, settle } from "./actions/settle.js";
import { withdraw } from "./actions/withdraw.js";
import type { AuctionContext } from "./context.js";
import { checkFromBlock } from "../core/events.js";
import { forField } from "../core/validate.js";
import { NOT_A_TOKEN } from "./preflight.js";
import {
  commitmentAt,
  deriveSalt,
  domain,
  findBids,
  getOrder,
  owed,
  payments,
  postedOrder,
} from "./reads.js";
import type {
  AuctionOrder,
  AuctionOwedParameters,
  AuctionPayment,
  AuctionTokenInfo,
  AuctionWithdrawParameters,
  AuctionWithdrawResult,
  CancelOrderResult,
  CommitBidParameters,
  CommitBidResult,
  FindBidsParameters,
  OrderEventsParameters,
  OrderIdParameter,
  PostedOrder,
  PostOrderParameters,
  PostOrderResult,
  ReleaseBondResult,
  RevealBidParameters,
  RevealOutcome,
  SealedBid,
  SealedBidParameters,
  SettleResult,
} from "./types.js";

/** How an {@link AuctionsClient} is built beyond its address and runner. */
export type AuctionsClientOptions = {
  /**
   * The first block the client's event queries search (the `OrderPosted` event of an order, the
   * `BidCommitted` event of a sealed bid): the address book's `startBlock`, which
   * `fromAddressBook` passes; 0 by default.
   */
  fromBlock?: number;
};

/** Where a bid's reveal data is kept; defined in `types.ts`, named here for the Node bid store. */
export type { BidStore } from "./types.js";

/** The errors of the contracts the auction calls, which it bubbles up, and of ERC-20 tokens. */
const CALLED_ERRORS = [new Interface(ParticipantRegistry__factory.abi), ERC20_ERRORS];

/** Sentences that differ for the auction from the suite's defaults. */
const AUCTION_SENTENCES: Readonly<Record<string, ErrorSentence>> = {
  ReentrancyGuardReentrantCall: () =>
    "The auction refused a call made from inside one of its own calls (reentrancy).",
};

const AUCTION: ContractDescription = {
  addressLabel: "procurement auction address",
  iface: ProcurementAuction__factory.createInterface(),
  calledErrors: CALLED_ERRORS,
  sentences: AUCTION_SENTENCES,
};

/**
 * Typed access to the procurement auction: a customer posts a funded order, suppliers seal bids
 * with a bond (from any address), reveal them after bidding closes, and anyone settles, which
 * opens the winner's invoice in the escrow. Every write checks its input first (amounts against
 * the token's decimals and the order's maximum, dates against the chain's clock and the order's
 * timeline, the accreditations the auction will check) and throws an `InputError` naming the
 * parameter at fault (`field`) before anything is sent; a contract refusal comes back as a
 * decoded `ContractRevertedError` with a sentence. Every write returns what its receipt says
 * (ids, amounts), so a caller need not read the order again; a read of an order or a bid that
 * does not exist returns undefined.
 *
 * A bid's salt is derived from the bidder's key (`deriveBidSalt`) unless one is given, so a
 * bidder who loses every local file can still reveal; {@link commitBid} also saves the reveal data
 * to a `BidStore` before the commitment is sent.
 *
 * The auction stores an order as the hash of what was posted (the customer and the terms), and
 * every call passes the order back: the client reads it from the order's `OrderPosted` event
 * (from `fromBlock`, the address book's `startBlock`) once per order and keeps it, shared with the
 * clients {@link connect} makes; a caller that has the order ({@link postedOrder}, or
 * `postOrder`'s `order`) can pass it instead, and the client checks it against the stored hash.
 *
 * @example
 * const auctions = AuctionsClient.fromAddressBook(book, customerSigner);
 * const { orderId } = await auctions.postOrder({ spec, quantity: 3, maxUnitPrice: "100",
 *   token: usdc, biddingEnds, revealEnds, deliveryBy, bond: "50", rulingPeriod: 7 * 86_400 });
 * const bidder = auctions.connect(supplierSigner);
 * await bidder.commitBid({ orderId, unitPrice: "80", deliveryDate, committer: burnerSigner,
 *   store: bidFileStore("bids") });
 * // after bidding ends, with no file needed:
 * await bidder.reveal({ orderId, unitPrice: "80", deliveryDate });
 */
export class AuctionsClient extends ContractClient {
  protected static override readonly bookEntry = "ProcurementAuction";
  /** The runner the client acts through (a signer to send, a provider to read). */
  declare readonly runner: ContractRunner;
  /** The first block the client's event queries search (see {@link AuctionsClientOptions}). */
  readonly fromBlock: number;
  readonly #ctx: AuctionContext;

  constructor(address: string, runner: ContractRunner, options: AuctionsClientOptions = {}) {
    super(address, runner, AUCTION);
    const fromBlock = options.fromBlock ?? 0;
    forField("fromBlock", () => checkFromBlock(fromBlock));
    this.fromBlock = fromBlock;
    const contract = ProcurementAuction__factory.connect(this.address, runner);
    this.#ctx = {
      address: this.address,
      runner,
      contract,
      send: (sendTx, token) => this.send(sendTx, undefined, token),
      sendForLogs: (sendTx, token) => this.sendForLogs(sendTx, undefined, token),
      sendAs: (as, sendTx, token) => this.sendAs(as, sendTx, undefined, token),
      sendForLogsAs: (as, sendTx, token) => this.sendForLogsAs(as, sendTx, undefined, token),
      read: (call) => this.read(call),
      readToken: tokenReader(NOT_A_TOKEN),
      findEvents: (logs, name) => this.findEvents(logs, name),
      requireSigner: () => this.requireSigner(),
      signerAddress: () => this.signerAddress(),
      chainTime: () => this.chainTime(),
      provider: () => this.provider(),
      tokenInfo: (token) => this.tokenInfo(token),
      registry: memoise(async () =>
        ParticipantRegistry__factory.connect(
          await this.read(() => contract.participants()),
          runner,
        ),
      ),
      chainId: memoise(async () => {
        const provider = this.provider();
        return (await this.read(() => provider.getNetwork())).chainId;
      }),
      fromBlock,
      orders: new Map(),
    };
  }

  /** A client for the auction of an address book, searching events from its `startBlock`. */
  static override fromAddressBook<C extends ContractClient>(
    this: ClientClass<C>,
    book: AddressBook,
    runner: ContractRunner,
  ): C {
    const client = new AuctionsClient(book.contracts.ProcurementAuction, runner, {
      fromBlock: book.startBlock,
    });
    return client as unknown as C;
  }

  /**
   * A client for the same auction acting through another runner (another signer), with the same
   * `fromBlock`, sharing the orders this one has read, and with the same transaction options.
   */
  override connect(runner: ContractRunner): this {
    const client = new AuctionsClient(this.address, runner, { fromBlock: this.fromBlock });
    client.#ctx.orders = this.#ctx.orders;
    return this.keepOptions(client) as this;
  }

  // ---------------------------------------------------------------------------------------------
  // Orders
  // ---------------------------------------------------------------------------------------------

  /**
   * The customer (the signer) posts an order and locks its budget, approving the auction for
   * exactly the budget first when its allowance is short (`approval`, after `allowanceReset`);
   * see `actions/post.ts`. Returns the order's id, budget and token, and the terms posted.
   *
   * @example
   * const { orderId, approval } = await auctions.postOrder({ spec, quantity: 3,
   *   maxUnitPrice: "100", token, biddingEnds, revealEnds, deliveryBy, bond: "50",
   *   secondPrice: true, arbiter, rulingPeriod: 7 * 86_400 });
   */
  postOrder(params: PostOrderParameters): Promise<PostOrderResult> {
    return postOrder(this.#ctx, params);
  }

  /**
   * The customer (the signer) cancels an order while bidding is open, even after sealed bids;
   * the budget goes back (`refund`). The sealed bids are still revealed in the revealing window,
   * for their bonds; the bonds of those never revealed go to the customer at {@link settle}.
   * `order` is the order as posted, when the caller has it; read from its event when omitted.
   */
  cancel(orderId: OrderIdParameter, order?: PostedOrder): Promise<CancelOrderResult> {
    return cancel(this.#ctx, orderId, order);
  }

  // ---------------------------------------------------------------------------------------------
  // Bids
  // ---------------------------------------------------------------------------------------------

  /**
   * Seals a bid while bidding is open, saving its reveal data to `store` before anything is
   * sent; the committer (this client's signer by default) posts the bond; see
   * `actions/commit.ts`. Returns the sequence, the bid's record, the bond and its token, and the
   * revealing window.
   *
   * @example
   * const { sequence, salt } = await auctions.connect(supplier).commitBid({ orderId,
   *   unitPrice: "80", deliveryDate: new Date("2027-05-01"), committer: burner,
   *   store: bidFileStore("bids") });
   */
  commitBid(params: CommitBidParameters): Promise<CommitBidResult> {
    return commitBid(this.#ctx, params);
  }

  /**
   * The bidder (the signer) reveals a sealed bid while revealing is open; the outcome says
   * whether the bid counts, and why not; see `actions/reveal.ts`. The sealed bid is found by its
   * commitment: no sequence is needed.
   *
   * @example
   * const { valid, reason } = await auctions.connect(supplier).reveal({ orderId,
   *   unitPrice: "80", deliveryDate: new Date("2027-05-01") });
   */
  reveal(params: RevealBidParameters): Promise<{ tx: TxResult; outcome: RevealOutcome }> {
    return reveal(this.#ctx, params);
  }

  /**
   * After revealing ends, anyone settles: the winner's invoice opens, or the order closes; the
   * bonds of bids never revealed go to the customer; see `actions/settle.ts`. `order` is the
   * order as posted, when the caller has it; read from its event when omitted.
   */
  settle(orderId: OrderIdParameter, order?: PostedOrder): Promise<SettleResult> {
    return settle(this.#ctx, orderId, order);
  }

  /**
   * Once the winner's invoice is settled, anyone releases the winner's bond: back to the winner's
   * committer if it was paid for its delivery, to the customer if not. `order` is the order as
   * posted, when the caller has it; read from its event when omitted.
   */
  releaseWinnerBond(orderId: OrderIdParameter, order?: PostedOrder): Promise<ReleaseBondResult> {
    return releaseWinnerBond(this.#ctx, orderId, order);
  }

  /**
   * Sends what the auction credited to the signer under an order (payments of the order the
   * token refused to deliver), in the order's token, to `to`. Returns the amount and the token.
   */
  withdraw(params: AuctionWithdrawParameters): Promise<AuctionWithdrawResult> {
    return withdraw(this.#ctx, params);
  }

  // ---------------------------------------------------------------------------------------------
  // Queries
  // ---------------------------------------------------------------------------------------------

  /**
   * An order as it stands now (see {@link AuctionOrder}); undefined when no order has this id.
   * Rebuilt from the auction's record of the order, its phase and the order as posted: `order`
   * when the caller has it (checked against the auction's hash), else read from its
   * `OrderPosted` event once and kept.
   */
  getOrder(orderId: OrderIdParameter, order?: PostedOrder): Promise<AuctionOrder | undefined> {
    return getOrder(this.#ctx, orderId, order);
  }

  /**
   * An order as posted: its customer and terms, as its `OrderPosted` event carries them (read
   * once, then kept), which every call on the order passes back; undefined when no order has
   * this id.
   */
  postedOrder(orderId: OrderIdParameter): Promise<PostedOrder | undefined> {
    return postedOrder(this.#ctx, orderId);
  }

  /**
   * Sealed bid `sequence` of an order, from its `BidCommitted` event (searched from
   * `fromBlock`) and the auction's record of the bid; undefined when the order has no such bid.
   */
  commitmentAt(params: SealedBidParameters): Promise<SealedBid | undefined> {
    return commitmentAt(this.#ctx, params);
  }

  /**
   * The sealed bid of an order that carries `commitment`, as a list: empty or one (the auction
   * refuses a commitment sealed twice). `fromBlock` is no longer needed; checked when given.
   */
  findBids(params: FindBidsParameters): Promise<SealedBid[]> {
    return findBids(this.#ctx, params);
  }

  /**
   * The payments of an order since `fromBlock` (use the address book's `startBlock`), in chain
   * order: bonds paid back or forfeited, the budget's refund, the payments the token refused and
   * the auction credited instead (`deferred`), and the withdrawals of those credits. Empty for
   * an order that does not exist.
   */
  payments(params: OrderEventsParameters): Promise<AuctionPayment[]> {
    return payments(this.#ctx, params);
  }

  /**
   * What is credited to `account` under an order, in the order's token: payments of the order
   * the token refused to deliver.
   */
  owed(params: AuctionOwedParameters): Promise<bigint> {
    return owed(this.#ctx, params);
  }

  /** The auction's EIP-712 domain, in which bids are committed and salts derived. */
  domain(): Promise<TypedDataDomain> {
    return domain(this.#ctx);
  }

  /** The salt the signer's key derives for an order (`deriveBidSalt`). */
  deriveSalt(orderId: OrderIdParameter): Promise<Hash> {
    return deriveSalt(this.#ctx, orderId);
  }

  /** A token's name, symbol and decimals; refuses an address that is not an ERC-20 token. */
  async tokenInfo(token: string): Promise<AuctionTokenInfo> {
    return readTokenInfo(
      token,
      { runner: this.runner, provider: this.provider(), read: (call) => this.read(call) },
      "the auction needs an ERC-20 token with metadata.",
    );
  }
}
