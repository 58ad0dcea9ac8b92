/**
 * The procurement auction's errors as sentences: one per custom error of `IProcurementAuction`,
 * with its arguments. `core/decode.ts` composes this table with the other subsystems' into
 * `ERROR_SENTENCES`.
 */
import { type ErrorSentence, SMALLEST_UNITS } from "../core/decode.js";
import { formatTime } from "../core/validate.js";
import { roleLabel } from "../participants/roles.js";
import { describeOrderPhase, ORDER_PHASES } from "./encodings.js";

const s = (value: unknown) => String(value);
const when = (value: unknown) => formatTime(BigInt(value as bigint));
const order = (value: unknown) => `order ${s(value)}`;
const invoice = (value: unknown) => `invoice ${s(value)}`;
const phase = (value: unknown) => describeOrderPhase(value as bigint);
const seconds = (value: unknown) => `${s(value)} s`;
const ZERO_HASH = `0x${"0".repeat(64)}`;

/** The phases whose bit is set in `bitmap`, described: `open for bids or revealing bids`. */
function phases(bitmap: unknown): string {
  const bits = Number(bitmap);
  const names = ORDER_PHASES.filter((_, i) => (bits & (1 << i)) !== 0).map((name) =>
    describeOrderPhase(name),
  );
  if (names.length <= 1) return names[0] ?? "in no phase";
  return `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}

/** The sentences of `IProcurementAuction`'s errors, by error name. */
export const PROCUREMENT_ERROR_SENTENCES: Record<string, ErrorSentence> = {
  ProcurementAuctionNotAccredited: ([account, role]) =>
    `${s(account)} is not an active accredited ${roleLabel(role as bigint)} ` +
    "(never accredited in that role, suspended, lapsed or revoked).",
  ProcurementAuctionZeroAddress: () =>
    "The auction needs the participant registry and the escrow: neither can be the zero address.",
  ProcurementAuctionZeroRecipient: () => "A withdrawal cannot be sent to the zero address.",
  ProcurementAuctionZeroCommitment: ([id]) =>
    `A sealed bid on ${order(id)} cannot be the zero hash.`,
  ProcurementAuctionTokenNotContract: ([token]) =>
    `The order's token ${s(token)} is the zero address or holds no contract, so it is not an ` +
    "ERC-20 token.",
  ProcurementAuctionInvalidParts: ([specHash, quantity, max]) =>
    s(specHash) === ZERO_HASH
      ? "The order names no specification; an order needs one."
      : `The order asks for ${s(quantity)} parts; an order takes 1 to ${s(max)}.`,
  ProcurementAuctionZeroAmount: ([maxUnitPrice, bond], amount = SMALLEST_UNITS) =>
    BigInt(maxUnitPrice as bigint) === 0n
      ? "The maximum unit price must be above zero."
      : `The bond must be above zero (the maximum unit price is ${amount(maxUnitPrice)}; bond ` +
        `${amount(bond)}).`,
  ProcurementAuctionBudgetTooLarge: ([budget, max], amount = SMALLEST_UNITS) =>
    `The budget (the maximum unit price times the quantity) of ${amount(budget)} is more than an ` +
    `invoice holds (${amount(max)}).`,
  ProcurementAuctionBiddingEndsNotFuture: ([biddingEnds, now]) =>
    `Bidding would end at ${when(biddingEnds)}, not in the future; the chain's time is ` +
    `${when(now)}.`,
  ProcurementAuctionWindowTooShort: ([start, end, min]) =>
    `The window from ${when(start)} to ${when(end)} is shorter than ${seconds(min)}: revealing ` +
    "lasts at least that long after bidding, and the latest delivery date comes at least that " +
    "long after revealing.",
  ProcurementAuctionRulingPeriodTooShort: ([period, min]) =>
    `The ruling period of ${seconds(period)} for the invoice to come is shorter than the ` +
    `minimum of ${seconds(min)}.`,
  ProcurementAuctionArbiterIsCustomer: ([arbiter]) =>
    `${s(arbiter)} cannot be the arbiter of its own order.`,
  ProcurementAuctionUnknownOrder: ([id]) => `There is no ${order(id)}.`,
  ProcurementAuctionWrongPhase: ([id, current, allowed]) =>
    `The ${order(id)} is ${phase(current)}; this needs it to be ${phases(allowed)}.`,
  ProcurementAuctionUnauthorized: ([id, caller]) =>
    `${s(caller)} may not do this to ${order(id)}: only its customer can cancel it, while ` +
    "bidding is open.",
  ProcurementAuctionConflictedBidder: ([id, bidder]) =>
    `${s(bidder)} is the customer or the arbiter of ${order(id)}, so it may not bid on it: the ` +
    "reveal is refused, and the bond of the sealed bid goes to the customer at settlement.",
  ProcurementAuctionWrongTerms: ([id, stored, given]) =>
    `The order passed for ${order(id)} hashes to ${s(given)}, not to ${s(stored)}, the hash of ` +
    "what was posted: pass its customer and terms exactly as its OrderPosted event carries them.",
  ProcurementAuctionDuplicateCommitment: ([id, commitment]) =>
    `The sealed bid ${s(commitment)} is already committed to ${order(id)}: each sealed bid is ` +
    "committed once. If someone committed a copy of yours first, your bid still stands: reveal " +
    "it as usual (the copier's bond stands behind it), or seal a new bid with a new salt.",
  ProcurementAuctionUnknownBid: ([id, commitment]) =>
    `No sealed bid of ${order(id)} has the commitment ${s(commitment)}: the reveal's bidder, ` +
    "price, delivery date or salt differ from what was sealed.",
  ProcurementAuctionBadReveal: ([id, sequence]) =>
    `Sealed bid ${s(sequence)} of ${order(id)} is already revealed: a sealed bid opens once.`,
  ProcurementAuctionFundingShortfall: ([expected, received], amount = SMALLEST_UNITS) =>
    `The auction received ${amount(received)} of the ${amount(expected)} it asked for: the token ` +
    "takes a fee on transfer, which the auction refuses.",
  ProcurementAuctionBondReleased: ([id]) =>
    `The winner's bond of ${order(id)} was already released.`,
  ProcurementAuctionInvoiceOpen: ([id]) =>
    `The winner's ${invoice(id)} is not settled yet; its bond is released once it is.`,
  ProcurementAuctionNothingToWithdraw: ([id, account]) =>
    `The auction credits nothing to ${s(account)} under ${order(id)}: only payments the ` +
    "token refused are credited, each account withdraws only its own, and once.",
};
