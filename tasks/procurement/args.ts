/** Reading the procurement commands' strings (orders, bids, timelines). */
import {
  AUCTION_LIMITS,
  InputError,
  InputErrorCode,
  toBidSequence,
  toHash,
  toOrderId,
} from "../../src/index.js";
import { ZeroHash } from "ethers";
import { requireDate, requireTokenUnits } from "../shared/args.js";

// -----------------------------------------------------------------------------------------------
// Procurement auctions
// -----------------------------------------------------------------------------------------------

/** An order id typed on the command line: a whole number from 1. */
export function parseOrderId(value: string): bigint {
  return toOrderId(value.trim(), "order id");
}

/** A sealed bid's sequence number, such as `--sequence 2`; undefined when not given. */
export function optionalSequence(value: string, flag = "--sequence"): number | undefined {
  return value.trim() === "" ? undefined : toBidSequence(value.trim(), `bid sequence (${flag})`);
}

/** The number of parts an order asks for, such as `--quantity 3`: 1 to 100. */
export function requirePartCount(value: string, flag = "--quantity"): number {
  const text = value.trim();
  if (text === "") {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The number of parts is missing: pass ${flag} <1 to ${AUCTION_LIMITS.maxQuantity}>.`,
    );
  }
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > AUCTION_LIMITS.maxQuantity) {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The number of parts (${flag}) "${value}" is not a whole number from 1 to ` +
        `${AUCTION_LIMITS.maxQuantity}.`,
    );
  }
  return Number(text);
}

/** A bid's salt, such as `--salt 0x…` (32 bytes, not zero); undefined when not given. */
export function optionalSalt(value: string, flag = "--salt"): string | undefined {
  const text = value.trim();
  if (text === "") return undefined;
  const salt = toHash(text, `salt (${flag})`);
  if (salt === ZeroHash) {
    throw new InputError(
      InputErrorCode.InvalidHash,
      `The salt (${flag}) is zero, which hides nothing: give 32 random bytes, or omit it to ` +
        "derive it from the bidder's key.",
    );
  }
  return salt;
}

/**
 * The timeline of an order, checked before anything connects: revealing ends at least one hour
 * after bidding, and the latest delivery at least one hour after revealing. Whether bidding ends
 * in the future is checked against the chain's clock by the SDK.
 */
export function requireOrderTimeline(given: {
  biddingEnds: string;
  revealEnds: string;
  deliverBy: string;
}): { biddingEnds: Date; revealEnds: Date; deliveryBy: Date } {
  const biddingEnds = requireDate(given.biddingEnds, "--bidding-ends", "end of bidding");
  const revealEnds = requireDate(given.revealEnds, "--reveal-ends", "end of revealing");
  const deliveryBy = requireDate(given.deliverBy, "--deliver-by", "latest delivery date");
  const hour = Number(AUCTION_LIMITS.minPhase) * 1000;
  const iso = (date: Date) => date.toISOString().replace(".000Z", "Z");
  if (revealEnds.getTime() < biddingEnds.getTime() + hour) {
    throw new InputError(
      InputErrorCode.InvalidTime,
      `Revealing (--reveal-ends ${iso(revealEnds)}) must end at least one hour after bidding ` +
        `(--bidding-ends ${iso(biddingEnds)}).`,
    );
  }
  if (deliveryBy.getTime() < revealEnds.getTime() + hour) {
    throw new InputError(
      InputErrorCode.InvalidTime,
      `The latest delivery date (--deliver-by ${iso(deliveryBy)}) must be at least one hour ` +
        `after revealing ends (--reveal-ends ${iso(revealEnds)}).`,
    );
  }
  return { biddingEnds, revealEnds, deliveryBy };
}

/**
 * The price and delivery date of a bid to reveal without its saved file: both (`--price` and
 * `--delivery`) or neither (the saved reveal data is used).
 */
export function optionalBidValues(
  price: string,
  delivery: string,
): { unitPrice: string; deliveryDate: Date } | undefined {
  if (price.trim() === "" && delivery.trim() === "") return undefined;
  if (price.trim() === "" || delivery.trim() === "") {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      "Give both --price and --delivery exactly as sealed (to reveal a bid whose file is lost), " +
        "or neither (to reveal the bids saved on this machine).",
    );
  }
  return {
    unitPrice: requireTokenUnits(price, "--price", "unit price"),
    deliveryDate: requireDate(delivery, "--delivery", "delivery date"),
  };
}
