/**
 * The procurement module's types: what the auctions client's methods take (one parameters object
 * each) and return (what the receipt's events say, so that a caller need not read the order
 * again), and an order and its bids as the auction reports them.
 */
import type { ContractRunner } from "ethers";
import type { TokenInfo } from "../core/erc20.js";
import type { Hash } from "../core/hashing.js";
import type { TxResult } from "../core/tx.js";
import type { Timestamp } from "../core/validate.js";
import type { BidRecord, BidValidityName, OrderPhaseName } from "./encodings.js";

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

/**
 * An order's terms exactly as the auction hashes them (the contract's `OrderTerms`), in the
 * token's smallest unit and unix seconds. The auction stores only the hash of the
 * {@link PostedOrder}; every later call passes the order back.
 */
export type OrderTerms = {
  specHash: Hash;
  /** The zero hash when the order requires no certificate. */
  requiredScheme: Hash;
  token: string;
  biddingEnds: bigint;
  revealEnds: bigint;
  deliveryBy: bigint;
  quantity: number;
  secondPrice: boolean;
  maxUnitPrice: bigint;
  bond: bigint;
  /** The zero address when the invoice to come has no arbiter. */
  arbiter: string;
  acceptanceWindow: bigint;
  gracePeriod: bigint;
  rulingPeriod: bigint;
};

/**
 * An order as posted (the contract's `Order`): its customer and its terms, as its `OrderPosted`
 * event carries them. The client reads it from that event (once per order, then from its cache)
 * unless the caller passes it; a write sends it to the auction, which refuses one that does not
 * hash to what was posted.
 */
export type PostedOrder = {
  customer: string;
  terms: OrderTerms;
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
   * No longer needed (a commitment already sealed in the order is always refused before
   * sending, from the auction's record of the bid): checked when given, otherwise unused.
   */
  fromBlock?: number;
  /** The order as posted; read from its `OrderPosted` event (then cached) when omitted. */
  order?: PostedOrder;
};

export type RevealBidParameters = {
  orderId: bigint | number | string;
  /**
   * The sealed bid's sequence number, optional: the auction finds the bid by its commitment.
   * When given, the client checks that it is this bid's.
   */
  sequence?: bigint | number | string;
  /** Exactly as sealed. */
  unitPrice: Amount;
  /** Exactly as sealed. */
  deliveryDate: Timestamp;
  /** The salt as sealed; re-derived from the signer's key when omitted. */
  salt?: string;
  /**
   * No longer needed (the bid is found by its commitment): checked when given, otherwise
   * unused.
   */
  fromBlock?: number;
  /** The order as posted; read from its `OrderPosted` event (then cached) when omitted. */
  order?: PostedOrder;
};

export type AuctionWithdrawParameters = {
  /** The order under which something is credited to the signer (paid in the order's token). */
  orderId: bigint | number | string;
  /** Where to send it. */
  to: string;
  /** The order as posted; read from its `OrderPosted` event (then cached) when omitted. */
  order?: PostedOrder;
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

// -----------------------------------------------------------------------------------------------
// Parameters
// -----------------------------------------------------------------------------------------------

/** An order id: a whole number from 1. */
export type OrderIdParameter = bigint | number | string;

/** One sealed bid of an order. */
export type SealedBidParameters = {
  orderId: OrderIdParameter;
  /** The bid's sequence number, from 1. */
  sequence: bigint | number | string;
};

/** The sealed bid of an order that carries one commitment. */
export type FindBidsParameters = {
  orderId: OrderIdParameter;
  commitment: string;
  /**
   * No longer needed (the auction keeps each sealed bid under its commitment): checked when
   * given, otherwise unused.
   */
  fromBlock?: number;
};

/** Where to read an order's events from. */
export type OrderEventsParameters = {
  orderId: OrderIdParameter;
  /** The first block searched (use the address book's `startBlock`). */
  fromBlock: number;
};

export type AuctionOwedParameters = {
  orderId: OrderIdParameter;
  /** Whose credit. */
  account: string;
};

// -----------------------------------------------------------------------------------------------
// Results: what the receipt says
// -----------------------------------------------------------------------------------------------

export type PostOrderResult = {
  tx: TxResult;
  orderId: bigint;
  /** The ERC-20 approval of the auction sent first; undefined when the allowance was enough. */
  approval: TxResult | undefined;
  /** The approval of zero sent before `approval` (USDT-style tokens); usually undefined. */
  allowanceReset: TxResult | undefined;
  /** The budget locked, from the `OrderPosted` event: the maximum unit price times the quantity. */
  budget: bigint;
  token: string;
  /** The order as posted, from the `OrderPosted` event: what later calls pass back. */
  order: PostedOrder;
} & Pick<
  AuctionOrder,
  | "spec"
  | "quantity"
  | "requiredScheme"
  | "maxUnitPrice"
  | "bond"
  | "pricing"
  | "biddingEnds"
  | "revealEnds"
  | "deliveryBy"
>;

export type CancelOrderResult = {
  tx: TxResult;
  /** The budget that went back to the customer, from the `OrderCancelled` event. */
  refund: bigint;
  customer: string;
  token: string;
};

export type CommitBidResult = {
  tx: TxResult;
  approval: TxResult | undefined;
  allowanceReset: TxResult | undefined;
  sequence: number;
  commitment: Hash;
  salt: Hash;
  record: BidRecord;
  /** The bond the committer posted, in the order's token. */
  bond: bigint;
  token: string;
  /** When the bid can be revealed: from the end of bidding (unix seconds)… */
  biddingEnds: bigint;
  /** …until the end of revealing. */
  revealEnds: bigint;
};

export type SettleResult = {
  tx: TxResult;
  settlement: Settlement;
  /** Who received the refund and the forfeited bonds. */
  customer: string;
  token: string;
};

export type ReleaseBondResult = {
  tx: TxResult;
  release: BondRelease;
  token: string;
};

export type AuctionWithdrawResult = {
  tx: TxResult;
  /** What was sent, from the `Withdrawn` event. */
  amount: bigint;
  token: string;
};
