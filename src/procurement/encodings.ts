/**
 * Pure values and encodings of the procurement auction: phase names, why a revealed bid does not
 * count, the contract's limits, order ids and bid sequence numbers, the EIP-712 commitment of a
 * sealed bid, the salt derived from the bidder's signature, and the reveal data a bidder keeps.
 * No contract calls, so that sentences, tasks, the bid store and off-chain checks share them.
 */
import {
  getAddress,
  isAddress,
  isHexString,
  keccak256,
  Signature,
  type TypedDataDomain,
  TypedDataEncoder,
} from "ethers";
import { InputError, InputErrorCode } from "../core/errors.js";
import type { Hash } from "../core/hashing.js";
import { toAddress, toHash, wholeOrUndefined } from "../core/validate.js";

/**
 * Where an order stands, in the order of the contract's `OrderState` enum. `settling` is the
 * phase after revealing ends and before anyone settles.
 */
export const ORDER_PHASES = [
  "none",
  "bidding",
  "revealing",
  "settling",
  "awarded",
  "closed",
  "cancelled",
] as const;
export type OrderPhaseName = (typeof ORDER_PHASES)[number];

/**
 * Why a revealed bid does not count, in the order of `BidRevealed`'s `reason` (0 is a bid that
 * counts).
 */
export const BID_VALIDITY = [
  "valid",
  "not-manufacturer",
  "not-certified",
  "above-maximum",
  "too-late",
  "order-cancelled",
] as const;
export type BidValidityName = (typeof BID_VALIDITY)[number];

/** Limits of the contract, mirrored so that the SDK refuses before sending. */
export const AUCTION_LIMITS = {
  /** Parts of one order (one delivery milestone of the invoice to come). */
  maxQuantity: 100,
  /** Revealing lasts at least this long, and delivery comes at least this long after it (s). */
  minPhase: 3_600n,
  /** The shortest ruling period of the invoice to come, in seconds. */
  minRulingPeriod: 3_600n,
  /**
   * The largest unit price, bond and budget (uint128). The budget is capped too: the invoice the
   * award opens holds its total in 128 bits.
   */
  maxAmount: 2n ** 128n - 1n,
  /** The longest acceptance window, grace period and ruling period, in seconds (uint32). */
  maxPeriod: 2n ** 32n - 1n,
  /** The largest sequence number of a sealed bid (uint32). */
  maxSequence: 2n ** 32n - 1n,
  /** The latest time the contract holds (uint48). */
  maxTime: 2n ** 48n - 1n,
} as const;

/** The name of an order phase enum value, or `phase #n` when unknown to the SDK. */
export function orderPhaseName(value: number | bigint): string {
  return ORDER_PHASES[Number(value)] ?? `phase #${value}`;
}

/** An order phase as a sentence fragment: `open for bids`, `waiting to be settled`. */
export function describeOrderPhase(value: number | bigint | OrderPhaseName): string {
  const name = typeof value === "string" ? value : orderPhaseName(value);
  const words: Record<string, string> = {
    none: "not posted",
    bidding: "open for bids",
    revealing: "revealing bids",
    settling: "past revealing, waiting to be settled",
    awarded: "awarded",
    closed: "closed without an award",
    cancelled: "cancelled",
  };
  return words[name] ?? name;
}

/** The name of a `BidRevealed` reason, or `reason #n` when unknown to the SDK. */
export function bidValidityName(value: number | bigint): string {
  return BID_VALIDITY[Number(value)] ?? `reason #${value}`;
}

/** Why a revealed bid does not count, as a sentence fragment; `it counts` for a valid one. */
export function describeBidValidity(value: number | bigint | BidValidityName): string {
  const name = typeof value === "string" ? value : bidValidityName(value);
  const words: Record<string, string> = {
    valid: "it counts",
    "not-manufacturer": "the bidder is not an active accredited manufacturer",
    "not-certified": "the bidder holds no valid certificate under the order's scheme",
    "above-maximum": "its unit price is zero or above the order's maximum",
    "too-late": "it promises delivery after the order's latest delivery date",
    "order-cancelled": "the order was cancelled",
  };
  return words[name] ?? name;
}

/** Checks an order id: a whole number from 1 (the auction numbers orders from 1). */
export function toOrderId(value: bigint | number | string, what = "order id"): bigint {
  const id = wholeOrUndefined(value);
  if (id === undefined || id <= 0n || id >= 2n ** 256n) {
    throw new InputError(
      InputErrorCode.InvalidId,
      `The ${what} "${String(value)}" is not an order id: a whole number from 1.`,
    );
  }
  return id;
}

/** Checks a bid's sequence number: a whole number from 1 (the first sealed bid is 1). */
export function toBidSequence(value: bigint | number | string, what = "bid sequence"): number {
  const sequence = wholeOrUndefined(value);
  if (sequence === undefined || sequence <= 0n || sequence > AUCTION_LIMITS.maxSequence) {
    throw new InputError(
      InputErrorCode.InvalidId,
      `The ${what} "${String(value)}" is not a bid's sequence number: a whole number from 1 ` +
        "(the first sealed bid of an order is 1).",
    );
  }
  return Number(sequence);
}

// -----------------------------------------------------------------------------------------------
// Commitments and salts
// -----------------------------------------------------------------------------------------------

/** The EIP-712 type of a sealed bid, as the contract hashes it. */
export const BID_TYPES = {
  Bid: [
    { name: "orderId", type: "uint256" },
    { name: "bidder", type: "address" },
    { name: "unitPrice", type: "uint128" },
    { name: "deliveryDate", type: "uint48" },
    { name: "salt", type: "bytes32" },
  ],
};

/** The EIP-712 type the bidder signs to derive a bid's salt (never sent to the contract). */
export const BID_SALT_TYPES = { BidSalt: [{ name: "orderId", type: "uint256" }] };

/** The EIP-712 domain of an auction: `{ name: "ProcurementAuction", version: "1", … }`. */
export function auctionDomain(chainId: bigint | number, auction: string): TypedDataDomain {
  return {
    name: "ProcurementAuction",
    version: "1",
    chainId: BigInt(chainId),
    verifyingContract: toAddress(auction, "auction address"),
  };
}

/** Where a bid is sealed: the chain, the auction contract and the order. */
export type BidContext = {
  chainId: bigint | number;
  /** The auction contract's address. */
  auction: string;
  orderId: bigint | number | string;
};

/** What a sealed bid hides. */
export type BidContents = BidContext & {
  /** Who alone can reveal it: the supplier that bids. */
  bidder: string;
  /** In the token's smallest unit. */
  unitPrice: bigint;
  /** The promised delivery date, unix seconds. */
  deliveryDate: bigint;
  /** 32 secret bytes (0x + 64 hex digits). */
  salt: string;
};

/**
 * The commitment of a bid: the EIP-712 hash of `Bid(uint256 orderId, address bidder, uint128
 * unitPrice, uint48 deliveryDate, bytes32 salt)` in the auction's domain, exactly what the
 * contract's `commitmentOf` returns. Computed off chain, so that nothing about the bid leaves the
 * bidder's machine before it is sealed.
 *
 * @example
 * const commitment = bidCommitment({ chainId: 1n, auction, orderId: 3n, bidder,
 *   unitPrice: 80_000_000n, deliveryDate: 1_830_000_000n, salt });
 */
export function bidCommitment(bid: BidContents): Hash {
  const orderId = toOrderId(bid.orderId);
  const bidder = toAddress(bid.bidder, "bidder address");
  if (bid.unitPrice < 0n || bid.unitPrice > AUCTION_LIMITS.maxAmount) {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The unit price ${bid.unitPrice} does not fit the contract (0 to 2^128 - 1).`,
    );
  }
  if (bid.deliveryDate < 0n || bid.deliveryDate > AUCTION_LIMITS.maxTime) {
    throw new InputError(
      InputErrorCode.InvalidTime,
      `The delivery date ${bid.deliveryDate} does not fit the contract (0 to 2^48 - 1 seconds).`,
    );
  }
  const salt = toHash(bid.salt, "salt");
  return TypedDataEncoder.hash(auctionDomain(bid.chainId, bid.auction), BID_TYPES, {
    orderId,
    bidder,
    unitPrice: bid.unitPrice,
    deliveryDate: bid.deliveryDate,
    salt,
  }).toLowerCase() as Hash;
}

/** What {@link deriveBidSalt} needs of a signer: EIP-712 signing (every ethers signer has it). */
export type TypedDataSigner = {
  signTypedData(
    domain: TypedDataDomain,
    types: Record<string, { name: string; type: string }[]>,
    value: Record<string, unknown>,
  ): Promise<string>;
};

/**
 * The salt of a bid, derived from the bidder's key: the keccak-256 of the bidder's EIP-712
 * signature over `BidSalt(uint256 orderId)` in the auction's domain, in its canonical 65-byte
 * form (`r`, low `s`, `v` 27 or 28). The signature never leaves the bidder's machine; only its
 * hash becomes the salt, which the reveal publishes.
 *
 * ECDSA signatures of ethers' signers (and of Hardhat's and Geth's accounts) are deterministic
 * (RFC 6979): the same key signs the same order to the same signature, so a bidder who loses
 * every local file re-derives the salt and can still reveal. A hardware wallet or a remote signer
 * must sign deterministically too (Ledger and Trezor do; a smart-contract wallet or an MPC signer
 * that adds randomness does not: pass an explicit salt and keep it safe instead). Sign only in
 * software you trust: whoever obtains this signature learns the salt, and with it can test
 * prices and dates against the commitment before bidding closes.
 *
 * @example
 * const salt = await deriveBidSalt(bidderSigner, { chainId: 1n, auction, orderId: 3n });
 */
export async function deriveBidSalt(signer: TypedDataSigner, context: BidContext): Promise<Hash> {
  const orderId = toOrderId(context.orderId);
  if (typeof signer?.signTypedData !== "function") {
    throw new InputError(
      InputErrorCode.MissingSigner,
      "Deriving a bid's salt needs the bidder's signer (EIP-712 signing); pass an explicit salt " +
        "otherwise.",
    );
  }
  const signature = await signer.signTypedData(
    auctionDomain(context.chainId, context.auction),
    BID_SALT_TYPES,
    { orderId },
  );
  let canonical: string;
  try {
    canonical = Signature.from(signature).serialized;
  } catch (cause) {
    throw new InputError(
      InputErrorCode.InvalidSignature,
      "The signer returned a malformed signature, so no salt can be derived from it.",
      { cause },
    );
  }
  return keccak256(canonical).toLowerCase() as Hash;
}

// -----------------------------------------------------------------------------------------------
// Reveal data
// -----------------------------------------------------------------------------------------------

/** Everything a bidder needs to reveal a sealed bid, as kept in a local file. */
export type BidRecord = {
  chainId: bigint;
  /** The auction contract's address. */
  auction: string;
  orderId: bigint;
  bidder: string;
  /** Who sent the commitment and posted the bond (gets it back); may differ from the bidder. */
  committer: string;
  /** In the token's smallest unit. */
  unitPrice: bigint;
  /** Unix seconds. */
  deliveryDate: bigint;
  salt: Hash;
  /** Whether the salt was derived from the bidder's key (then the bidder can re-derive it). */
  saltDerived: boolean;
  commitment: Hash;
  /** The bid's sequence number once the commitment is mined; undefined before. */
  sequence: number | undefined;
};

/** A bid record as plain JSON values: numbers as decimal strings. */
export function bidRecordToJson(record: BidRecord): Record<string, unknown> {
  return {
    version: 1,
    chainId: record.chainId.toString(),
    auction: record.auction,
    orderId: record.orderId.toString(),
    bidder: record.bidder,
    committer: record.committer,
    unitPrice: record.unitPrice.toString(),
    deliveryDate: record.deliveryDate.toString(),
    salt: record.salt,
    saltDerived: record.saltDerived,
    commitment: record.commitment,
    sequence: record.sequence ?? null,
  };
}

/**
 * Reads a bid record from JSON, checking every field and that its contents give its commitment,
 * so that a damaged or hand-edited record is caught before a reveal is attempted.
 */
export function parseBidRecord(json: unknown, source = "the bid record"): BidRecord {
  const fail = (what: string): never => {
    throw new InputError(InputErrorCode.BidStoreFailure, `${source} is not valid: ${what}.`);
  };
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    return fail("it is not a JSON object");
  }
  const r = json as Record<string, unknown>;
  const whole = (key: string): bigint => {
    const value = r[key];
    if (typeof value !== "string" || !/^\d+$/.test(value)) {
      return fail(`${key} is missing or not a whole number`);
    }
    return BigInt(value);
  };
  const address = (key: string): string => {
    const value = r[key];
    if (typeof value !== "string" || !isAddress(value)) return fail(`${key} is not an address`);
    return getAddress(value);
  };
  const hash = (key: string): Hash => {
    const value = r[key];
    if (typeof value !== "string" || !isHexString(value, 32)) {
      return fail(`${key} is not a 32-byte hash`);
    }
    return value.toLowerCase() as Hash;
  };
  if (typeof r.saltDerived !== "boolean") fail("saltDerived is not true or false");
  const sequence = r.sequence;
  if (
    sequence !== null &&
    sequence !== undefined &&
    !(Number.isSafeInteger(sequence) && (sequence as number) >= 1)
  ) {
    fail("sequence is neither empty nor a whole number from 1");
  }
  const record: BidRecord = {
    chainId: whole("chainId"),
    auction: address("auction"),
    orderId: whole("orderId"),
    bidder: address("bidder"),
    committer: address("committer"),
    unitPrice: whole("unitPrice"),
    deliveryDate: whole("deliveryDate"),
    salt: hash("salt"),
    saltDerived: r.saltDerived as boolean,
    commitment: hash("commitment"),
    sequence: typeof sequence === "number" ? sequence : undefined,
  };
  if (record.chainId === 0n || record.orderId === 0n) fail("chainId or orderId is zero");
  let computed: Hash;
  try {
    computed = bidCommitment(record);
  } catch {
    return fail("its price or delivery date does not fit the contract");
  }
  if (computed !== record.commitment) {
    fail(
      `its contents give the commitment ${computed}, not the ${record.commitment} it records ` +
        "(the file was changed)",
    );
  }
  return record;
}
