/** Reading the procurement commands' strings (orders, bids, timelines). */
import {
  AUCTION_LIMITS,
  InputError,
  InputErrorCode,
  toBidSequence,
  toHash,
  toOrderId,
} from "../../src/index.js";
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

/** The number of parts an order asks for, such as `--quantity 3` (the SDK checks 1 to 100). */
export function requirePartCount(value: string, flag = "--quantity"): number {
  const text = value.trim();
  if (text === "") {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The number of parts is missing: pass ${flag} <1 to ${AUCTION_LIMITS.maxQuantity}>.`,
    );
  }
  if (!/^\d{1,9}$/.test(text)) {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The number of parts (${flag}) "${value}" is not a whole number from 1 to ` +
        `${AUCTION_LIMITS.maxQuantity}.`,
    );
  }
  return Number(text);
}

/** A bid's salt, such as `--salt 0x…` (32 bytes; the SDK refuses zero); undefined when not given. */
export function optionalSalt(value: string, flag = "--salt"): string | undefined {
  const text = value.trim();
  return text === "" ? undefined : toHash(text, `salt (${flag})`);
}

/**
 * The three dates of an order's timeline, each required. The SDK checks how they follow each
 * other (each phase at least an hour) and, against the chain's clock, that bidding ends ahead.
 */
export function requireOrderTimeline(given: {
  biddingEnds: string;
  revealEnds: string;
  deliverBy: string;
}): { biddingEnds: Date; revealEnds: Date; deliveryBy: Date } {
  const biddingEnds = requireDate(given.biddingEnds, "--bidding-ends", "end of bidding");
  const revealEnds = requireDate(given.revealEnds, "--reveal-ends", "end of revealing");
  const deliveryBy = requireDate(given.deliverBy, "--deliver-by", "latest delivery date");
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
