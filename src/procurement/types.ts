import {
  type ContractRunner,
  Interface,
  type TypedDataDomain,
  ZeroAddress,
  ZeroHash,
} from "ethers";
import { ContractClient, type ContractDescription } from "../core/client.js";
import type { ErrorSentence } from "../core/decode.js";
import {
  type AllowanceApprovals,
  ensureAllowance,
  erc20,
  ERC20_ERRORS,
  type Erc20Contract,
  readTokenInfo,
  type TokenInfo,
} from "../core/erc20.js";
import {
  assertInvariant,
  ContractRevertedError,
  InputError,
  InputErrorCode,
  SupplyChainError,
} from "../core/errors.js";
import { checkFromBlock, inLogOrder, queryInPages } from "../core/events.js";
import {
  checkAmountShape,
  formatTokenAmount,
  toPeriod,
  toTokenAmount,
} from "../invoicing/encodings.js";
import type { Hash } from "../core/hashing.js";
import {
  AUCTION_LIMITS,
  auctionDomain,
  BID_VALIDITY,
  bidCommitment,
  type BidRecord,
  type BidValidityName,
  deriveBidSalt,
  describeOrderPhase,
  ORDER_PHASES,
  type OrderPhaseName,
  toBidSequence,
  toOrderId,
  type TypedDataSigner,
} from "./encodings.js";
import type { TxResult } from "../core/tx.js";
import {
  InvoiceEscrow__factory,
  type ParticipantRegistry,
  ParticipantRegistry__factory,
  type ProcurementAuction,
  ProcurementAuction__factory,
} from "../typechain/index.js";
import {
  formatTime,
  nonZeroAddress,
  requireFuture,
  schemeName,
  type Timestamp,
  toAddress,
  toDocumentHash,
  toHash,
  toSchemeId,
  toUnixSeconds,
} from "../core/validate.js";

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

/** The participant registry's `Role` enum values the auction checks. */
const MANUFACTURER = 1;
const CUSTOMER = 2;
const ARBITER = 9;
/** The escrow's `InvoiceState.Settled`. */
const INVOICE_SETTLED = 3n;

/**
 * An amount of the order's token: a bigint in the token's smallest unit, or a string in token
 * units (`"80.50"`), which the client scales by the token's `decimals()`.
 */
type Amount = bigint | string;

export type PostOrderParameters = {
  /** The hash of the parts' specification. */
  spec: string;
  /** How many parts: 1 to 100 (one delivery milestone of the invoice to come). */
  quantity: bigint | number | string;
  /** A certification scheme every valid bidder must hold (its short name or id); none when omitted. */
  requiredScheme?: string;
  /** The highest unit price a bid may ask; the budget locked now is this times the quantity. */
  maxUnitPrice: Amount;
  /** The ERC-20 token the order pays in, and bonds are posted in. */
  token: string;
  /** When bidding ends: in the future. */
  biddingEnds: Timestamp;
  /** When revealing ends: at least one hour after bidding. */
  revealEnds: Timestamp;
  /** The latest delivery date, and the due date of the invoice: at least one hour after revealing. */
  deliveryBy: Timestamp;
  /** What every sealed bid posts; forfeited to the customer when the bid is never revealed. */
  bond: Amount;
  /** Pay the winner the second-best valid price (a Vickrey auction); first price when omitted. */
  secondPrice?: boolean;
  /** An active accredited arbiter of the invoice to come; none when omitted. */
  arbiter?: string;
  /** Seconds the customer has to accept or reject the delivery; 0 (paid at delivery) by default. */
  acceptanceWindow?: bigint | number;
  /** Seconds after the delivery date during which the delivery is still taken; 0 by default. */
  gracePeriod?: bigint | number;
  /** Seconds the arbiter has to rule on a dispute (at least one hour). */
  rulingPeriod: bigint | number;
};

/** Where {@link AuctionsClient.commitBid} keeps a bid's reveal data: saved before it is sent. */
export type BidStore = {
  /**
   * Saves a bid's reveal data durably (the Node `bidFileStore` writes a file atomically). Called
   * before the commitment is sent, and again with its sequence number once it is mined.
   */
  save(record: BidRecord): Promise<void>;
};

export type CommitBidParameters = {
  orderId: bigint | number | string;
  /** The unit price asked: above zero, at most the order's maximum. */
  unitPrice: Amount;
  /** The promised delivery date: in the future, at the latest the order's delivery date. */
  deliveryDate: Timestamp;
  /**
   * The bidder (an active accredited manufacturer, certified under the order's scheme if any);
   * this client's signer by default. A bidder other than the signer needs an explicit salt.
   */
  bidder?: string;
  /** 32 secret bytes; derived from the bidder's key with {@link deriveBidSalt} when omitted. */
  salt?: string;
  /**
   * Who sends the commitment and posts the bond (and gets the bond back): this client's signer
   * by default. A committer unlinked to the bidder keeps the bidder anonymous while bidding is open.
   */
  committer?: ContractRunner;
  /** Where to keep the reveal data; written before the commitment is sent. */
  store?: BidStore;
  /**
   * Where the order's sealed bids are searched from (use the address book's `startBlock`): when
   * given, a commitment already sealed in the order is refused (only one of two equal
   * commitments can be revealed; the other's bond would be lost).
   */
  fromBlock?: number;
};

export type RevealBidParameters = {
  orderId: bigint | number | string;
  /** The sealed bid's sequence number; found among the order's bids when omitted (needs `fromBlock`). */
  sequence?: bigint | number | string;
  /** Exactly as sealed. */
  unitPrice: Amount;
  /** Exactly as sealed. */
  deliveryDate: Timestamp;
  /** The salt as sealed; re-derived from the signer's key when omitted. */
  salt?: string;
  /** Where to search the order's sealed bids from when no sequence is given. */
  fromBlock?: number;
};

export type AuctionWithdrawParameters = {
  /** The order under which something is credited to the signer (paid in the order's token). */
  orderId: bigint | number | string;
  /** Where to send it. */
  to: string;
};

/** The best valid bid revealed so far. */
export type BestBid = {
  bidder: string;
  sequence: number;
  /** The price it asked per part. */
  unitPrice: bigint;
  /** The lowest valid price of another bidder; undefined while there is none. */
  runnerUpPrice: bigint | undefined;
  /** What the winner is paid per part under the order's pricing, as things stand. */
  pricePaid: bigint;
};

/** How an awarded order was settled. */
export type OrderAward = {
  winner: string;
  /** The price paid per part. */
  unitPrice: bigint;
  invoiceId: bigint;
  /** The invoice's total: the price paid times the quantity. */
  total: bigint;
  /** What went back to the customer: the budget less the total. */
  refund: bigint;
};

/**
 * A procurement order and its auction as they stand now. While bidding is open it shows only how
 * many sealed bids there are; from revealing on, how many are revealed and the best valid one.
 */
export type AuctionOrder = {
  id: bigint;
  phase: OrderPhaseName;
  customer: string;
  spec: Hash;
  quantity: number;
  /** Undefined when the order requires no certificate. */
  requiredScheme: Hash | undefined;
  token: string;
  /** Per part, in the token's smallest unit. */
  maxUnitPrice: bigint;
  /** Locked when the order was posted: the maximum unit price times the quantity. */
  budget: bigint;
  /** What every sealed bid posts. */
  bond: bigint;
  pricing: "first-price" | "second-price";
  /** Unix seconds. */
  biddingEnds: bigint;
  revealEnds: bigint;
  deliveryBy: bigint;
  /** Terms of the invoice to come. */
  arbiter: string | undefined;
  acceptanceWindow: bigint;
  gracePeriod: bigint;
  rulingPeriod: bigint;
  /** How many bids were sealed. */
  sealedBids: number;
  /** How many were revealed; undefined while bidding is open. */
  revealedBids: number | undefined;
  /** Undefined while bidding is open, and until a valid bid is revealed. */
  best: BestBid | undefined;
  /** Defined once the order is awarded. */
  award: OrderAward | undefined;
};

/** A sealed bid as the auction stores it: nothing of its contents. */
export type SealedBid = {
  orderId: bigint;
  sequence: number;
  /** Who sent it and posted its bond. */
  committer: string;
  revealed: boolean;
  commitment: Hash;
};

/** What a reveal showed: the bid, and whether it counts. */
export type RevealOutcome = {
  sequence: number;
  bidder: string;
  unitPrice: bigint;
  deliveryDate: bigint;
  valid: boolean;
  /** `valid`, or why the bid does not count. */
  reason: BidValidityName;
};

/** How a settlement ended; `forfeited` is the bonds of bids never revealed, paid to the customer. */
export type Settlement =
  | ({ kind: "awarded"; forfeited: bigint } & OrderAward)
  | { kind: "closed"; refund: bigint; forfeited: bigint }
  /** A cancelled order: only the bonds of its sealed bids never revealed, to the customer. */
  | { kind: "cancelled"; forfeited: bigint };

/** Where the winner's bond went. */
export type BondRelease = {
  to: string;
  amount: bigint;
  /** True when it went to the customer because the winner did not deliver. */
  forfeited: boolean;
};

/**
 * Money that left the auction for an order (or was credited), from its events: a bond paid
 * (back to its committer, or forfeited to the customer), the budget (or its unspent part) back to
 * the customer, or a payment the token refused, credited instead (`deferred`, right after the
 * payment it belongs to).
 */
export type AuctionPayment =
  | {
      kind: "bond";
      to: string;
      amount: bigint;
      /** Bonds of bids never revealed, or of a winner who did not deliver. */
      forfeited: boolean;
      blockNumber: number;
      transactionHash: string;
    }
  | {
      kind: "refund";
      /** The customer. */
      to: string;
      amount: bigint;
      blockNumber: number;
      transactionHash: string;
    }
  | {
      kind: "deferred";
      account: string;
      amount: bigint;
      blockNumber: number;
      transactionHash: string;
    }
  | {
      /** `account` withdrew what was credited to it under the order, to `to`. */
      kind: "withdrawn";
      account: string;
      to: string;
      amount: bigint;
      blockNumber: number;
      transactionHash: string;
    };

/** An ERC-20 token's metadata (the same as the invoices client's). */
export type AuctionTokenInfo = TokenInfo;

/**
 * Typed access to the procurement auction: a customer posts a funded order, suppliers seal bids
 * with a bond (from any address), reveal them after bidding closes, and anyone settles, which
 * opens the winner's invoice in the escrow. Every write checks its input first (amounts against
 * the token's decimals and the order's maximum, dates against the chain's clock and the order's
 * timeline, the accreditations the auction will check) and throws an {@link InputError} before
 * anything is sent; a contract refusal comes back as a decoded `ContractRevertedError` with a
 * sentence.
 *
 * A bid's salt is derived from the bidder's key ({@link deriveBidSalt}) unless one is given, so a
 * bidder who loses every local file can still reveal; {@link commitBid} also saves the reveal data
 * to a {@link BidStore} before the commitment is sent.
 *
 * @example
 * const auctions = AuctionsClient.fromAddressBook(book, customerSigner);
 * const { orderId } = await auctions.postOrder({ spec, quantity: 3, maxUnitPrice: "100",
 *   token: usdc, biddingEnds, revealEnds, deliveryBy, bond: "50", rulingPeriod: 7 * 86_400 });
 * const bidder = auctions.connect(supplierSigner);
 * await bidder.commitBid({ orderId, unitPrice: "80", deliveryDate, committer: burnerSigner,
 *   store: bidFileStore("bids") });
 * // after bidding ends, with no file needed:
 * await bidder.reveal({ orderId, sequence: 1, unitPrice: "80", deliveryDate });
 */
export class AuctionsClient extends ContractClient {
  protected static override readonly bookEntry = "ProcurementAuction";
  /** The runner the client acts through (a signer to send, a provider to read). */
  declare readonly runner: ContractRunner;
  readonly #contract: ProcurementAuction;

  constructor(address: string, runner: ContractRunner) {
    super(address, runner, AUCTION);
    this.#contract = ProcurementAuction__factory.connect(this.address, runner);
  }

  // ---------------------------------------------------------------------------------------------
  // Orders
  // ---------------------------------------------------------------------------------------------

  /**
   * The customer (the signer, an active accredited customer) posts an order and locks its budget
   * (`maxUnitPrice * quantity`) in the auction. The client first checks the terms, the timeline
   * against the chain's clock, that the arbiter is an active accredited arbiter (the award could
   * not open the invoice otherwise), that the required scheme exists and that the customer holds
   * the budget; when the auction's allowance is short of the budget, it sends an ERC-20 `approve`
   * of exactly the budget first and returns it as `approval` (a short non-zero allowance is set
   * to zero before, `allowanceReset`, for tokens that refuse to change one non-zero allowance to
   * another).
   *
   * @example
   * const { orderId, approval } = await auctions.postOrder({ spec, quantity: 3,
   *   maxUnitPrice: "100", token, biddingEnds, revealEnds, deliveryBy, bond: "50",
   *   secondPrice: true, arbiter, rulingPeriod: 7 * 86_400 });
   */
  async postOrder(params: PostOrderParameters): Promise<{
    tx: TxResult;
    orderId: bigint;
    approval: TxResult | undefined;
    allowanceReset: TxResult | undefined;
  }> {
    const spec = toDocumentHash(params.spec, "specification hash");
    const quantity = toQuantity(params.quantity);
    const requiredScheme =
      params.requiredScheme === undefined || params.requiredScheme.trim() === ""
        ? undefined
        : toSchemeId(params.requiredScheme);
    const token = nonZeroAddress(params.token, "token address");
    const arbiter =
      params.arbiter === undefined
        ? ZeroAddress
        : nonZeroAddress(params.arbiter, "arbiter address");
    const biddingEnds = toUnixSeconds(params.biddingEnds, "end of bidding");
    const revealEnds = toUnixSeconds(params.revealEnds, "end of revealing");
    const deliveryBy = toUnixSeconds(params.deliveryBy, "latest delivery date");
    const acceptanceWindow = toPeriod(
      params.acceptanceWindow ?? 0n,
      "acceptance window",
      0n,
      AUCTION_LIMITS.maxPeriod,
    );
    const gracePeriod = toPeriod(
      params.gracePeriod ?? 0n,
      "grace period",
      0n,
      AUCTION_LIMITS.maxPeriod,
    );
    const rulingPeriod = toPeriod(
      params.rulingPeriod,
      "ruling period",
      AUCTION_LIMITS.minRulingPeriod,
      AUCTION_LIMITS.maxPeriod,
    );
    if (params.secondPrice !== undefined && typeof params.secondPrice !== "boolean") {
      throw new InputError(
        InputErrorCode.InvalidKind,
        "secondPrice must be true (the winner is paid the second-best price) or false.",
      );
    }
    checkAmountShape(params.maxUnitPrice, "maximum unit price", "80.50");
    checkAmountShape(params.bond, "bond", "80.50");
    if (revealEnds < biddingEnds + AUCTION_LIMITS.minPhase) {
      throw new InputError(
        InputErrorCode.InvalidTime,
        `Revealing must end at least one hour after bidding ends (${formatTime(biddingEnds)}); ` +
          `${formatTime(revealEnds)} is too early.`,
      );
    }
    if (deliveryBy < revealEnds + AUCTION_LIMITS.minPhase) {
      throw new InputError(
        InputErrorCode.InvalidTime,
        "The latest delivery date must be at least one hour after revealing ends " +
          `(${formatTime(revealEnds)}); ${formatTime(deliveryBy)} is too early.`,
      );
    }

    const customer = await this.signerAddress();
    if (arbiter === customer) {
      throw new InputError(
        InputErrorCode.InvalidAddress,
        `The arbiter ${arbiter} is the signer, the customer; the arbiter must be neither party.`,
      );
    }
    requireFuture(biddingEnds, await this.chainTime(), "end of bidding");
    const info = await this.tokenInfo(token);
    const maxUnitPrice = toTokenAmount(params.maxUnitPrice, info.decimals, "maximum unit price", {
      min: 1n,
      max: AUCTION_LIMITS.maxAmount,
    });
    const bond = toTokenAmount(params.bond, info.decimals, "bond", {
      min: 1n,
      max: AUCTION_LIMITS.maxAmount,
    });
    const budget = maxUnitPrice * BigInt(quantity);
    if (budget > AUCTION_LIMITS.maxAmount) {
      throw new InputError(
        InputErrorCode.InvalidAmount,
        `The budget (${quantity} parts at ${maxUnitPrice} each) is ${budget}, more than the ` +
          "invoice the award opens can hold (2^128 - 1).",
      );
    }
    const registry = await this.#registry();
    if (!(await this.read(() => registry.isActive(customer, CUSTOMER)))) {
      throw new InputError(
        InputErrorCode.WrongAccount,
        `The signer ${customer} is not an active accredited customer, so it cannot post an order.`,
      );
    }
    if (arbiter !== ZeroAddress && !(await this.read(() => registry.isActive(arbiter, ARBITER)))) {
      throw new InputError(
        InputErrorCode.WrongAccount,
        `The arbiter ${arbiter} is not an active accredited arbiter; the award could not open ` +
          "the invoice with it.",
      );
    }
    if (requiredScheme !== undefined) {
      const scheme = await this.read(() => registry.scheme(requiredScheme));
      if (scheme.standardsBody === ZeroAddress) {
        throw new InputError(
          InputErrorCode.InvalidScheme,
          `No scheme ${schemeName(requiredScheme)} has been defined, so no bidder could hold its ` +
            "certificate.",
        );
      }
    }
    const contract = erc20(token, this.runner);
    await this.#requireBalance(contract, info, customer, budget, "the order's budget");
    const { reset, approval } = await this.#approveIfShort(contract, this.runner, customer, budget);

    const { tx, logs } = await this.sendForLogs(() =>
      this.#contract.postOrder({
        specHash: spec,
        quantity,
        requiredScheme: requiredScheme ?? ZeroHash,
        maxUnitPrice,
        token,
        biddingEnds,
        revealEnds,
        deliveryBy,
        bond,
        secondPrice: params.secondPrice ?? false,
        arbiter,
        acceptanceWindow,
        gracePeriod,
        rulingPeriod,
      }),
    );
    const [event] = this.findEvents(logs, "OrderPosted");
    assertInvariant(event !== undefined, "postOrder emitted no OrderPosted event");
    return { tx, orderId: event.args.orderId as bigint, approval, allowanceReset: reset };
  }

  /**
   * The customer (the signer) cancels an order while bidding is open, even after sealed bids;
   * the budget goes back. The sealed bids are still revealed in the revealing window, for their
   * bonds; the bonds of those never revealed go to the customer at {@link settle}. The client
   * checks the phase and the customer before sending.
   */
  async cancel(orderId: bigint | number | string): Promise<TxResult> {
    const id = toOrderId(orderId);
    const signer = await this.signerAddress();
    const order = await this.#existingOrder(id);
    if (order.customer !== signer) {
      throw new InputError(
        InputErrorCode.WrongAccount,
        `Only the customer ${order.customer} can cancel order ${id}; the signer is ${signer}.`,
      );
    }
    if (order.phase !== "bidding") {
      throw wrongPhase(order, "an order is cancelled only while bidding is open");
    }
    return this.send(() => this.#contract.cancel(id));
  }

  // ---------------------------------------------------------------------------------------------
  // Bids
  // ---------------------------------------------------------------------------------------------

  /**
   * Seals a bid while bidding is open. The commitment is computed off chain ({@link
   * bidCommitment}) and checked against the contract's `commitmentOf`; the salt is derived from
   * the bidder's key ({@link deriveBidSalt}) unless given. The client refuses a bid that could not
   * count (price above the maximum, delivery after the latest date, a bidder that is not an
   * active manufacturer or lacks the required certificate) and a committer short of the bond.
   * The reveal data goes to `store` before anything is sent (and again with the sequence number
   * once mined: a best effort, as the first save is enough to reveal); then the committer
   * approves the bond when its allowance is short (`approval`, after `allowanceReset` to zero
   * when a short allowance is non-zero) and sends the commitment.
   *
   * @example
   * const { sequence, salt } = await auctions.connect(supplier).commitBid({ orderId,
   *   unitPrice: "80", deliveryDate: new Date("2027-05-01"), committer: burner,
   *   store: bidFileStore("bids") });
   */
  async commitBid(params: CommitBidParameters): Promise<{
    tx: TxResult;
    approval: TxResult | undefined;
    allowanceReset: TxResult | undefined;
    sequence: number;
    commitment: Hash;
    salt: Hash;
    record: BidRecord;
  }> {
    const id = toOrderId(params.orderId);
    checkAmountShape(params.unitPrice, "unit price", "80.50");
    const deliveryDate = toUnixSeconds(params.deliveryDate, "delivery date");
    const givenSalt = params.salt === undefined ? undefined : toSalt(params.salt);
    const committerRunner = params.committer ?? this.runner;
    requireCommitter(committerRunner);
    if (params.fromBlock !== undefined) checkFromBlock(params.fromBlock);

    const signer = await this.signerAddress();
    const bidder =
      params.bidder === undefined ? signer : nonZeroAddress(params.bidder, "bidder address");
    if (givenSalt === undefined && bidder !== signer) {
      throw new InputError(
        InputErrorCode.MissingSigner,
        `The bidder ${bidder} is not this client's signer ${signer}, so its salt cannot be ` +
          "derived here: connect the client to the bidder's signer, or pass the salt.",
      );
    }
    const committer = await signerAddressOf(committerRunner);
    const order = await this.#existingOrder(id);
    if (order.phase !== "bidding") {
      throw wrongPhase(
        order,
        `bids are sealed only while bidding is open, until ${formatTime(order.biddingEnds)}`,
      );
    }
    requireUnconflicted(bidder, order);
    const info = await this.tokenInfo(order.token);
    const unitPrice = toTokenAmount(params.unitPrice, info.decimals, "unit price", {
      min: 1n,
      max: AUCTION_LIMITS.maxAmount,
    });
    if (unitPrice > order.maxUnitPrice) {
      throw new InputError(
        InputErrorCode.InvalidAmount,
        `The unit price ${money(unitPrice, info)} is above order ${id}'s maximum of ` +
          `${money(order.maxUnitPrice, info)}; the bid would not count.`,
      );
    }
    requireFuture(deliveryDate, await this.chainTime(), "delivery date");
    if (deliveryDate > order.deliveryBy) {
      throw new InputError(
        InputErrorCode.InvalidTime,
        `The delivery date ${formatTime(deliveryDate)} is after order ${id}'s latest delivery ` +
          `date ${formatTime(order.deliveryBy)}; the bid would not count.`,
      );
    }
    await this.#requireEligible(bidder, order);

    const chainId = await this.#chainId();
    const salt =
      givenSalt ??
      (await deriveBidSalt(this.runner as unknown as TypedDataSigner, {
        chainId,
        auction: this.address,
        orderId: id,
      }));
    const commitment = bidCommitment({
      chainId,
      auction: this.address,
      orderId: id,
      bidder,
      unitPrice,
      deliveryDate,
      salt,
    });
    const onChain = await this.read(() =>
      this.#contract.commitmentOf(id, bidder, unitPrice, deliveryDate, salt),
    );
    if (onChain.toLowerCase() !== commitment) {
      throw new InputError(
        InputErrorCode.BidMismatch,
        `The auction at ${this.address} computes the commitment ${onChain.toLowerCase()}, the SDK ` +
          `${commitment}: it is not the ProcurementAuction (version 1) of chain ${chainId}, so ` +
          "no bid is sent to it.",
      );
    }
    if (params.fromBlock !== undefined) {
      const copies = await this.findBids(id, commitment, params.fromBlock);
      if (copies.length > 0) {
        throw new InputError(
          InputErrorCode.WrongState,
          `This exact bid is already sealed in order ${id} as bid ${copies.map((c) => c.sequence).join(", ")}; ` +
            "a commitment can be revealed once, so a second bond would be lost.",
        );
      }
    }
    const token = erc20(order.token, committerRunner);
    await this.#requireBalance(token, info, committer, order.bond, "the bond");

    const record: BidRecord = {
      chainId,
      auction: this.address,
      orderId: id,
      bidder,
      committer,
      unitPrice,
      deliveryDate,
      salt,
      saltDerived: givenSalt === undefined,
      commitment,
      sequence: undefined,
    };
    if (params.store !== undefined) await saveRecord(params.store, record);
    const { reset, approval } = await this.#approveIfShort(
      token,
      committerRunner,
      committer,
      order.bond,
    );
    const contract = this.#contract.connect(committerRunner);
    const { tx, logs } = await this.sendForLogsAs(committerRunner, () =>
      contract.commit(id, commitment),
    );
    const [event] = this.findEvents(logs, "BidCommitted");
    assertInvariant(event !== undefined, "commit emitted no BidCommitted event");
    const sequence = Number(event.args.sequence);
    const saved = { ...record, sequence };
    if (params.store !== undefined) {
      // Best effort: the first save already holds everything a reveal needs (the sequence is
      // found among the order's sealed bids), and the commitment is on chain now.
      await params.store.save(saved).catch(() => undefined);
    }
    return {
      tx,
      approval,
      allowanceReset: reset,
      sequence,
      commitment,
      salt,
      record: saved,
    };
  }

  /**
   * The bidder (the signer) reveals a sealed bid while revealing is open. The salt is re-derived
   * from the signer's key when omitted, so no local file is needed. The client recomputes the
   * commitment and checks it against the sealed bid (found among the order's bids from
   * `fromBlock` when no sequence is given) before sending; the outcome says whether the bid
   * counts, and why not.
   *
   * @example
   * const { valid, reason } = await auctions.connect(supplier).reveal({ orderId, sequence: 2,
   *   unitPrice: "80", deliveryDate: new Date("2027-05-01") });
   */
  async reveal(params: RevealBidParameters): Promise<{ tx: TxResult; outcome: RevealOutcome }> {
    const id = toOrderId(params.orderId);
    const given =
      params.sequence === undefined ? undefined : toBidSequence(params.sequence, "bid sequence");
    checkAmountShape(params.unitPrice, "unit price", "80.50");
    const deliveryDate = toUnixSeconds(params.deliveryDate, "delivery date");
    const givenSalt = params.salt === undefined ? undefined : toSalt(params.salt);
    if (params.fromBlock !== undefined) checkFromBlock(params.fromBlock);
    if (given === undefined && params.fromBlock === undefined) {
      throw new InputError(
        InputErrorCode.BidNotFound,
        "Name the sealed bid to reveal by its sequence number, or give the block to search the " +
          "order's bids from (the address book's startBlock).",
      );
    }
    const bidder = await this.signerAddress();
    const order = await this.#existingOrder(id);
    const now = await this.chainTime();
    const cancelledInWindow =
      order.phase === "cancelled" && now >= order.biddingEnds && now < order.revealEnds;
    if (order.phase !== "revealing" && !cancelledInWindow) {
      throw wrongPhase(
        order,
        `bids are revealed from ${formatTime(order.biddingEnds)} until ${formatTime(order.revealEnds)}`,
      );
    }
    const info = await this.tokenInfo(order.token);
    const unitPrice = toTokenAmount(params.unitPrice, info.decimals, "unit price", {
      min: 0n,
      max: AUCTION_LIMITS.maxAmount,
    });
    const chainId = await this.#chainId();
    const salt =
      givenSalt ??
      (await deriveBidSalt(this.runner as unknown as TypedDataSigner, {
        chainId,
        auction: this.address,
        orderId: id,
      }));
    const commitment = bidCommitment({
      chainId,
      auction: this.address,
      orderId: id,
      bidder,
      unitPrice,
      deliveryDate,
      salt,
    });
    const bid = await this.#sealedBidToReveal(id, given, commitment, bidder, params.fromBlock);
    requireUnconflicted(bidder, order);
    const { tx, logs } = await this.sendForLogs(() =>
      this.#contract.reveal(id, bid.sequence, unitPrice, deliveryDate, salt),
    );
    const [event] = this.findEvents(logs, "BidRevealed");
    assertInvariant(event !== undefined, "reveal emitted no BidRevealed event");
    const reason = BID_VALIDITY[Number(event.args.reason)];
    assertInvariant(
      reason !== undefined,
      `the auction reports an unknown reason ${event.args.reason}`,
    );
    return {
      tx,
      outcome: {
        sequence: bid.sequence,
        bidder,
        unitPrice,
        deliveryDate,
        valid: event.args.valid as boolean,
        reason,
      },
    };
  }

  /**
   * After revealing ends, anyone settles: with a valid bid, the winner's invoice opens in the
   * escrow, funded from the budget, and the rest goes back to the customer; without one (or when
   * it is too late to deliver, or the escrow refuses the invoice) the order closes and the whole
   * budget goes back. The bonds of bids never revealed go to the customer. On a cancelled order
   * (its budget went back at cancellation) settling only forfeits the bonds of its sealed bids
   * never revealed, once revealing ends (`kind: "cancelled"`).
   */
  async settle(
    orderId: bigint | number | string,
  ): Promise<{ tx: TxResult; settlement: Settlement }> {
    const id = toOrderId(orderId);
    this.requireSigner();
    const order = await this.#existingOrder(id);
    if (order.phase === "cancelled") {
      const now = await this.chainTime();
      if (now < order.revealEnds) {
        throw wrongPhase(
          order,
          `its sealed bids are revealed for their bonds until ${formatTime(order.revealEnds)}; ` +
            "the bonds of those never revealed are settled after that",
        );
      }
      if (order.sealedBids === order.revealedBids) {
        throw wrongPhase(
          order,
          "no sealed bid of it is left unrevealed: no bond is left to settle",
        );
      }
      const { tx, logs } = await this.sendForLogs(() => this.#contract.settle(id));
      const [paid] = this.findEvents(logs, "BondPaid");
      assertInvariant(paid !== undefined, "settle of a cancelled order emitted no BondPaid event");
      return { tx, settlement: { kind: "cancelled", forfeited: paid.args.amount as bigint } };
    }
    if (order.phase !== "settling") {
      throw wrongPhase(
        order,
        `an order is settled once revealing ends, at ${formatTime(order.revealEnds)}`,
      );
    }
    const { tx, logs } = await this.sendForLogs(() => this.#contract.settle(id));
    const forfeited = this.findEvents(logs, "BondPaid")
      .filter((e) => e.args.forfeited === true)
      .reduce((sum, e) => sum + (e.args.amount as bigint), 0n);
    const [awarded] = this.findEvents(logs, "OrderAwarded");
    if (awarded !== undefined) {
      return {
        tx,
        settlement: {
          kind: "awarded",
          winner: awarded.args.winner as string,
          unitPrice: awarded.args.unitPrice as bigint,
          invoiceId: awarded.args.invoiceId as bigint,
          total: awarded.args.total as bigint,
          refund: awarded.args.refund as bigint,
          forfeited,
        },
      };
    }
    const [closed] = this.findEvents(logs, "OrderClosed");
    assertInvariant(closed !== undefined, "settle emitted neither OrderAwarded nor OrderClosed");
    return { tx, settlement: { kind: "closed", refund: closed.args.refund as bigint, forfeited } };
  }

  /**
   * Once the winner's invoice is settled, anyone releases the winner's bond: back to the winner's
   * committer if it was paid for its delivery (released, or a share ruled by the arbiter); to the
   * customer if the milestone was refunded (the winner let the last day pass) or the arbiter
   * ruled the winner nothing.
   */
  async releaseWinnerBond(
    orderId: bigint | number | string,
  ): Promise<{ tx: TxResult; release: BondRelease }> {
    const id = toOrderId(orderId);
    this.requireSigner();
    const order = await this.#existingOrder(id);
    const award = order.award;
    if (award === undefined) {
      throw wrongPhase(order, "only an awarded order holds a winner's bond");
    }
    const escrowAddress = await this.read(() => this.#contract.escrow());
    const escrow = InvoiceEscrow__factory.connect(escrowAddress, this.runner);
    const invoice = await this.read(() => escrow.invoice(award.invoiceId));
    if (invoice.state !== INVOICE_SETTLED) {
      throw new InputError(
        InputErrorCode.WrongState,
        `The winner's invoice ${award.invoiceId} is not settled yet; its bond is released ` +
          "once the invoice is.",
      );
    }
    const { tx, logs } = await this.sendForLogs(() => this.#contract.releaseWinnerBond(id));
    const [paid] = this.findEvents(logs, "BondPaid");
    assertInvariant(paid !== undefined, "releaseWinnerBond emitted no BondPaid event");
    return {
      tx,
      release: {
        to: paid.args.to as string,
        amount: paid.args.amount as bigint,
        forfeited: paid.args.forfeited as boolean,
      },
    };
  }

  /**
   * Sends what the auction credited to the signer under an order (payments of the order the
   * token refused to deliver), in the order's token, to `to`. The client checks that something
   * is credited before sending; the `Withdrawn` event names the order.
   */
  async withdraw(params: AuctionWithdrawParameters): Promise<TxResult> {
    const id = toOrderId(params.orderId);
    const to = nonZeroAddress(params.to, "recipient address");
    const signer = await this.signerAddress();
    await this.#existingOrder(id);
    if ((await this.owed(id, signer)) === 0n) {
      throw new InputError(
        InputErrorCode.WrongState,
        `The auction credits nothing to ${signer} under order ${id}: only payments the token ` +
          "refused are credited, and a credit is withdrawn once.",
      );
    }
    return this.send(() => this.#contract.withdraw(id, to));
  }

  // ---------------------------------------------------------------------------------------------
  // Queries
  // ---------------------------------------------------------------------------------------------

  /** An order as it stands now (see {@link AuctionOrder}); undefined when no order has this id. */
  async getOrder(orderId: bigint | number | string): Promise<AuctionOrder | undefined> {
    const id = toOrderId(orderId);
    try {
      return await this.#loadOrder(id);
    } catch (error) {
      if (isRevert(error, "ProcurementAuctionUnknownOrder")) return undefined;
      throw error;
    }
  }

  /** Sealed bid `sequence` of an order; undefined when the order has no such bid. */
  async commitmentAt(
    orderId: bigint | number | string,
    sequence: bigint | number | string,
  ): Promise<SealedBid | undefined> {
    const id = toOrderId(orderId);
    const seq = toBidSequence(sequence);
    try {
      const c = await this.read(() => this.#contract.commitmentAt(id, seq));
      return {
        orderId: id,
        sequence: seq,
        committer: c.committer,
        revealed: c.revealed,
        commitment: c.hash.toLowerCase() as Hash,
      };
    } catch (error) {
      if (isRevert(error, "ProcurementAuctionUnknownBid")) return undefined;
      throw error;
    }
  }

  /**
   * The sealed bids of an order that carry `commitment`, from its `BidCommitted` events since
   * `fromBlock` (use the address book's `startBlock`): usually one, more when someone copied it.
   */
  async findBids(
    orderId: bigint | number | string,
    commitment: string,
    fromBlock: number,
  ): Promise<SealedBid[]> {
    const id = toOrderId(orderId);
    const hash = toHash(commitment, "commitment");
    checkFromBlock(fromBlock);
    const provider = this.provider();
    const toBlock = await this.read(() => provider.getBlockNumber());
    const c = this.#contract;
    const events = await this.read(() =>
      queryInPages(
        (from, to) => c.queryFilter(c.filters.BidCommitted(id), from, to),
        fromBlock,
        toBlock,
      ),
    );
    const found: SealedBid[] = [];
    for (const event of events) {
      if (event.args.commitment.toLowerCase() !== hash) continue;
      const bid = await this.commitmentAt(id, event.args.sequence);
      if (bid !== undefined) found.push(bid);
    }
    return found;
  }

  /**
   * The payments of an order since `fromBlock` (use the address book's `startBlock`), from its
   * `BondPaid`, `OrderCancelled`, `OrderAwarded`, `OrderClosed`, `PaymentDeferred` and
   * `Withdrawn` events, in chain order: every bond paid back or forfeited, the budget's refund to
   * the customer, which of those the token refused and the auction credited instead
   * (`deferred`), and the withdrawals of those credits (`withdrawn`).
   */
  async payments(orderId: bigint | number | string, fromBlock: number): Promise<AuctionPayment[]> {
    const id = toOrderId(orderId);
    checkFromBlock(fromBlock);
    const order = await this.#existingOrder(id);
    const provider = this.provider();
    const toBlock = await this.read(() => provider.getBlockNumber());
    const c = this.#contract;
    const pages = <E>(query: (from: number, to: number) => Promise<E[]>) =>
      queryInPages(query, fromBlock, toBlock);
    const [bonds, cancelled, awarded, closed, deferred, withdrawn] = await this.read(() =>
      Promise.all([
        pages((from, to) => c.queryFilter(c.filters.BondPaid(id), from, to)),
        pages((from, to) => c.queryFilter(c.filters.OrderCancelled(id), from, to)),
        pages((from, to) => c.queryFilter(c.filters.OrderAwarded(id), from, to)),
        pages((from, to) => c.queryFilter(c.filters.OrderClosed(id), from, to)),
        pages((from, to) => c.queryFilter(c.filters.PaymentDeferred(id), from, to)),
        pages((from, to) => c.queryFilter(c.filters.Withdrawn(id), from, to)),
      ]),
    );
    const refund = (
      e: { blockNumber: number; transactionHash: string; index: number },
      amount: bigint,
    ) => ({
      kind: "refund" as const,
      to: order.customer,
      amount,
      blockNumber: e.blockNumber,
      transactionHash: e.transactionHash,
      position: e,
    });
    return inLogOrder<AuctionPayment>([
      ...bonds.map((e) => ({
        kind: "bond" as const,
        to: e.args.to,
        amount: e.args.amount,
        forfeited: e.args.forfeited,
        blockNumber: e.blockNumber,
        transactionHash: e.transactionHash,
        position: e,
      })),
      ...cancelled.map((e) => refund(e, e.args.refund)),
      ...awarded.filter((e) => e.args.refund > 0n).map((e) => refund(e, e.args.refund)),
      ...closed.map((e) => refund(e, e.args.refund)),
      ...deferred.map((e) => ({
        kind: "deferred" as const,
        account: e.args.account,
        amount: e.args.amount,
        blockNumber: e.blockNumber,
        transactionHash: e.transactionHash,
        position: e,
      })),
      ...withdrawn.map((e) => ({
        kind: "withdrawn" as const,
        account: e.args.account,
        to: e.args.to,
        amount: e.args.amount,
        blockNumber: e.blockNumber,
        transactionHash: e.transactionHash,
        position: e,
      })),
    ]);
  }

  /**
   * What is credited to `account` under an order, in the order's token: payments of the order
   * the token refused to deliver.
   */
  async owed(orderId: bigint | number | string, account: string): Promise<bigint> {
    const id = toOrderId(orderId);
    const who = toAddress(account, "account address");
    return this.read(() => this.#contract.owed(id, who));
  }

  /** The auction's EIP-712 domain, in which bids are committed and salts derived. */
  async domain(): Promise<TypedDataDomain> {
    return auctionDomain(await this.#chainId(), this.address);
  }

  /** The salt the signer's key derives for an order ({@link deriveBidSalt}). */
  async deriveSalt(orderId: bigint | number | string): Promise<Hash> {
    const id = toOrderId(orderId);
    this.requireSigner();
    return deriveBidSalt(this.runner as unknown as TypedDataSigner, {
      chainId: await this.#chainId(),
      auction: this.address,
      orderId: id,
    });
  }

  /** A token's name, symbol and decimals; refuses an address that is not an ERC-20 token. */
  async tokenInfo(token: string): Promise<AuctionTokenInfo> {
    return readTokenInfo(
      token,
      { runner: this.runner, provider: this.provider(), read: (call) => this.read(call) },
      "the auction needs an ERC-20 token with metadata.",
    );
  }

  // ---------------------------------------------------------------------------------------------

  async #loadOrder(id: bigint): Promise<AuctionOrder> {
    const o = await this.read(() => this.#contract.order(id));
    const phase = ORDER_PHASES[Number(o.state)];
    assertInvariant(phase !== undefined, `the auction reports an unknown order state ${o.state}`);
    const t = o.terms;
    const quantity = Number(t.quantity);
    const bidding = phase === "bidding";
    const hasBest = !bidding && o.winner !== ZeroAddress;
    const runnerUp = o.secondPrice === 0n ? undefined : o.secondPrice;
    const pricePaid = t.secondPrice && runnerUp !== undefined ? runnerUp : o.bestPrice;
    const budget = t.maxUnitPrice * BigInt(quantity);
    return {
      id,
      phase,
      customer: o.customer,
      spec: t.specHash.toLowerCase() as Hash,
      quantity,
      requiredScheme: t.requiredScheme === ZeroHash ? undefined : (t.requiredScheme as Hash),
      token: t.token,
      maxUnitPrice: t.maxUnitPrice,
      budget,
      bond: t.bond,
      pricing: t.secondPrice ? "second-price" : "first-price",
      biddingEnds: t.biddingEnds,
      revealEnds: t.revealEnds,
      deliveryBy: t.deliveryBy,
      arbiter: t.arbiter === ZeroAddress ? undefined : t.arbiter,
      acceptanceWindow: t.acceptanceWindow,
      gracePeriod: t.gracePeriod,
      rulingPeriod: t.rulingPeriod,
      sealedBids: Number(o.commitments),
      revealedBids: bidding ? undefined : Number(o.revealed),
      best: hasBest
        ? {
            bidder: o.winner,
            sequence: Number(o.winnerSequence),
            unitPrice: o.bestPrice,
            runnerUpPrice: runnerUp,
            pricePaid,
          }
        : undefined,
      award:
        phase === "awarded"
          ? {
              winner: o.winner,
              unitPrice: pricePaid,
              invoiceId: o.invoiceId,
              total: pricePaid * BigInt(quantity),
              refund: budget - pricePaid * BigInt(quantity),
            }
          : undefined,
    };
  }

  async #existingOrder(id: bigint): Promise<AuctionOrder> {
    const order = await this.getOrder(id);
    if (order === undefined) {
      throw new InputError(InputErrorCode.InvalidId, `There is no order ${id}.`);
    }
    return order;
  }

  /** Refuses a bidder whose bid would not count at reveal: not a manufacturer, or uncertified. */
  async #requireEligible(bidder: string, order: AuctionOrder): Promise<void> {
    const registry = await this.#registry();
    if (!(await this.read(() => registry.isActive(bidder, MANUFACTURER)))) {
      throw new InputError(
        InputErrorCode.WrongAccount,
        `The bidder ${bidder} is not an active accredited manufacturer; its bid would not count.`,
      );
    }
    const scheme = order.requiredScheme;
    if (scheme !== undefined && !(await this.read(() => registry.isCertified(bidder, scheme)))) {
      throw new InputError(
        InputErrorCode.WrongAccount,
        `The bidder ${bidder} holds no valid certificate under scheme ${schemeName(scheme)}, ` +
          `which order ${order.id} requires; its bid would not count.`,
      );
    }
  }

  /** The sealed bid that `commitment` opens: the one named, or the one found among the order's. */
  async #sealedBidToReveal(
    id: bigint,
    sequence: number | undefined,
    commitment: Hash,
    bidder: string,
    fromBlock: number | undefined,
  ): Promise<SealedBid> {
    if (sequence !== undefined) {
      const bid = await this.commitmentAt(id, sequence);
      if (bid === undefined) {
        throw new InputError(
          InputErrorCode.BidNotFound,
          `Order ${id} has no sealed bid ${sequence}.`,
        );
      }
      if (bid.commitment !== commitment) {
        throw new InputError(
          InputErrorCode.BidMismatch,
          `Sealed bid ${sequence} of order ${id} is not this bid: the bidder ${bidder}, price, ` +
            "delivery date and salt give another commitment. Check the values, the signer and " +
            "the sequence number.",
        );
      }
      if (bid.revealed) {
        throw new InputError(
          InputErrorCode.WrongState,
          `Sealed bid ${sequence} of order ${id} is already revealed.`,
        );
      }
      return bid;
    }
    assertInvariant(fromBlock !== undefined, "a reveal with neither a sequence nor a block");
    const bids = await this.findBids(id, commitment, fromBlock);
    const open = bids.filter((bid) => !bid.revealed);
    if (bids.length > 0 && open.length === 0) {
      throw new InputError(
        InputErrorCode.WrongState,
        `This bid of ${bidder} on order ${id} is already revealed (bid ` +
          `${bids.map((b) => b.sequence).join(", ")}).`,
      );
    }
    const [only] = open;
    if (only === undefined) {
      throw new InputError(
        InputErrorCode.BidNotFound,
        `No sealed bid of order ${id} carries this bid of ${bidder}: check the price, the ` +
          "delivery date, the salt and the signer.",
      );
    }
    if (open.length > 1) {
      const own = open.filter((bid) => bid.committer === bidder);
      if (own.length === 1 && own[0] !== undefined) return own[0];
      throw new InputError(
        InputErrorCode.BidNotFound,
        `Bids ${open.map((b) => b.sequence).join(" and ")} of order ${id} carry the same ` +
          "commitment (one is a copy, and only one can be revealed): name the sequence of the " +
          "one your committer sent, whose bond comes back.",
      );
    }
    return only;
  }

  async #requireBalance(
    token: Erc20Contract,
    info: AuctionTokenInfo,
    holder: string,
    amount: bigint,
    what: string,
  ): Promise<void> {
    const balance = await this.#readToken(() => token.balanceOf(holder));
    if (balance >= amount) return;
    throw new InputError(
      InputErrorCode.InsufficientFunds,
      `${holder} holds ${money(balance, info)}; ${what} is ${money(amount, info)}.`,
    );
  }

  /**
   * Approves the auction for exactly `amount` from `owner` when its allowance is short, through
   * {@link ensureAllowance} (zero first when the allowance is non-zero, for USDT-style tokens).
   */
  async #approveIfShort(
    token: Erc20Contract,
    runner: ContractRunner,
    owner: string,
    amount: bigint,
  ): Promise<AllowanceApprovals> {
    return ensureAllowance(
      token,
      { owner, spender: this.address, amount },
      {
        read: (call) => this.#readToken(call),
        send: (sendTx) => this.sendAs(runner, sendTx),
      },
    );
  }

  #registryPromise: Promise<ParticipantRegistry> | undefined;

  #registry(): Promise<ParticipantRegistry> {
    this.#registryPromise ??= this.read(() => this.#contract.participants()).then(
      (address) => ParticipantRegistry__factory.connect(address, this.runner),
      (error: unknown) => {
        // Not cached: the next call asks again.
        this.#registryPromise = undefined;
        throw error;
      },
    );
    return this.#registryPromise;
  }

  #chainIdPromise: Promise<bigint> | undefined;

  #chainId(): Promise<bigint> {
    const provider = this.provider();
    this.#chainIdPromise ??= this.read(() => provider.getNetwork()).then(
      (network) => network.chainId,
      (error: unknown) => {
        this.#chainIdPromise = undefined;
        throw error;
      },
    );
    return this.#chainIdPromise;
  }

  /** A token read: a token that is no ERC-20 token is refused with a sentence. */
  async #readToken<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (cause) {
      throw new InputError(
        InputErrorCode.UnsupportedToken,
        "The order's token did not answer a standard ERC-20 call (balanceOf or allowance).",
        { cause },
      );
    }
  }
}

// -----------------------------------------------------------------------------------------------

/** Refuses a committer that cannot send the commitment. */
function requireCommitter(runner: ContractRunner): void {
  const candidate = runner as { sendTransaction?: unknown };
  if (typeof candidate?.sendTransaction !== "function") {
    throw new InputError(
      InputErrorCode.MissingSigner,
      "The committer is not a signer, so it cannot send the commitment and post the bond.",
    );
  }
}

async function signerAddressOf(runner: ContractRunner): Promise<string> {
  const signer = runner as { getAddress?: () => Promise<string> };
  assertInvariant(typeof signer.getAddress === "function", "a signer without an address");
  return toAddress(await signer.getAddress());
}

/** Saves a record before anything is sent; a store that fails stops the commitment. */
async function saveRecord(store: BidStore, record: BidRecord): Promise<void> {
  try {
    await store.save(record);
  } catch (cause) {
    if (cause instanceof SupplyChainError) throw cause;
    throw new InputError(
      InputErrorCode.BidStoreFailure,
      "The bid's reveal data could not be saved, so the commitment was not sent: " +
        `${cause instanceof Error ? cause.message : String(cause)}.`,
      { cause },
    );
  }
}

function isRevert(error: unknown, name: string): boolean {
  return error instanceof ContractRevertedError && error.errorName === name;
}

function wrongPhase(order: AuctionOrder, rule: string): InputError {
  return new InputError(
    InputErrorCode.WrongState,
    `Order ${order.id} is ${describeOrderPhase(order.phase)}; ${rule}.`,
  );
}

/** Refuses a bid of the order's customer or arbiter: the auction refuses its reveal. */
function requireUnconflicted(bidder: string, order: AuctionOrder): void {
  if (bidder === order.customer || bidder === order.arbiter) {
    throw new InputError(
      InputErrorCode.WrongAccount,
      `The bidder ${bidder} is order ${order.id}'s ${bidder === order.customer ? "customer" : "arbiter"}, ` +
        "so it may not bid on it: the auction refuses its reveal, and the bond would go to the " +
        "customer.",
    );
  }
}

function plural(count: number, one: string): string {
  return `${count} ${one}${count === 1 ? "" : "s"}`;
}

function money(amount: bigint, token: AuctionTokenInfo): string {
  return `${formatTokenAmount(amount, token.decimals)} ${token.symbol || token.address}`;
}

function toSalt(value: string): Hash {
  const salt = toHash(value, "salt");
  if (salt === ZeroHash) {
    throw new InputError(
      InputErrorCode.InvalidHash,
      "The salt is zero, which hides nothing: give 32 random bytes, or omit it to derive it from " +
        "the bidder's key.",
    );
  }
  return salt;
}

function toQuantity(value: bigint | number | string): number {
  let quantity: bigint | undefined;
  if (typeof value === "bigint") quantity = value;
  else if (typeof value === "number" && Number.isSafeInteger(value)) quantity = BigInt(value);
  else if (typeof value === "string" && /^\s*\d+\s*$/.test(value)) quantity = BigInt(value.trim());
  if (quantity === undefined || quantity < 1n || quantity > BigInt(AUCTION_LIMITS.maxQuantity)) {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The quantity "${String(value)}" is not a number of parts from 1 to ` +
        `${AUCTION_LIMITS.maxQuantity}.`,
    );
  }
  return Number(quantity);
}
