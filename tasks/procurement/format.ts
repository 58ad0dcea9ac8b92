/** Pure formatting of procurement orders, bids and settlements for the command line. */
import {
  type AuctionOrder,
  type AuctionPayment,
  type BondRelease,
  describeBidValidity,
  describeOrderPhase,
  formatDuration,
  formatTime,
  type RevealOutcome,
  schemeName,
  type Settlement,
  type TokenInfo,
  type TxResult,
} from "../../src/index.js";
import { formatMoney, formatTx, parts } from "../shared/format.js";

// -----------------------------------------------------------------------------------------------
// Invoices
// -----------------------------------------------------------------------------------------------

export function formatAuctionWithdrawn(
  orderId: bigint,
  amount: bigint,
  to: string,
  token: TokenInfo,
  tx: TxResult,
): string {
  return formatTx(
    `Withdrew ${formatMoney(amount, token)} credited to you under order ${orderId}, to ${to}`,
    tx,
  );
}

// -----------------------------------------------------------------------------------------------
// Procurement auctions
// -----------------------------------------------------------------------------------------------

function partsOf(order: Pick<AuctionOrder, "quantity" | "spec">): string {
  return `${parts(order.quantity)} of ${order.spec}`;
}

function pricing(order: AuctionOrder): string {
  return order.pricing === "second-price"
    ? "second price (the winner is paid the second-best valid price)"
    : "first price (the winner is paid its own price)";
}

/** An order as `postOrder` reports it: its id and the terms posted. */
export type OrderPosted = Pick<
  AuctionOrder,
  | "id"
  | "spec"
  | "quantity"
  | "requiredScheme"
  | "maxUnitPrice"
  | "budget"
  | "bond"
  | "pricing"
  | "biddingEnds"
  | "revealEnds"
  | "deliveryBy"
>;

export function formatOrderPosted(order: OrderPosted, token: TokenInfo, tx: TxResult): string {
  const scheme =
    order.requiredScheme === undefined
      ? ""
      : ` certified under ${schemeName(order.requiredScheme)}`;
  return formatTx(
    `Posted order ${order.id}: ${partsOf(order)}${scheme}, at most ` +
      `${formatMoney(order.maxUnitPrice, token)} each; ${formatMoney(order.budget, token)} locked; ` +
      `bids sealed until ${formatTime(order.biddingEnds)} with a bond of ` +
      `${formatMoney(order.bond, token)}, revealed until ${formatTime(order.revealEnds)}; ` +
      `${order.pricing}; delivery by ${formatTime(order.deliveryBy)}`,
    tx,
  );
}

/** A cancellation, as `cancel` reports it: the budget refunded, and to whom. */
export type OrderCancelled = { orderId: bigint; refund: bigint; customer: string };

export function formatOrderCancelled(
  cancelled: OrderCancelled,
  token: TokenInfo,
  tx: TxResult,
): string {
  return formatTx(
    `Cancelled order ${cancelled.orderId}: its budget of ${formatMoney(cancelled.refund, token)} ` +
      `went back to the customer ${cancelled.customer}`,
    tx,
  );
}

export function formatBidCommitted(
  bid: {
    orderId: bigint;
    bond: bigint;
    biddingEnds: bigint;
    revealEnds: bigint;
    sequence: number;
    bidder: string;
    committer: string;
    unitPrice: bigint;
    deliveryDate: bigint;
    file: string | undefined;
  },
  token: TokenInfo,
  tx: TxResult,
): string {
  const poster =
    bid.committer === bid.bidder ? "by the bidder" : `by the committer ${bid.committer}`;
  const saved = bid.file === undefined ? "" : `; reveal data saved to ${bid.file}`;
  return formatTx(
    `Sealed bid ${bid.sequence} on order ${bid.orderId} for ${bid.bidder}: ` +
      `${formatMoney(bid.unitPrice, token)} per part, delivery by ${formatTime(bid.deliveryDate)}; ` +
      `bond of ${formatMoney(bid.bond, token)} posted ${poster}${saved}; reveal it from ` +
      `${formatTime(bid.biddingEnds)} until ${formatTime(bid.revealEnds)}`,
    tx,
  );
}

export function formatBidRevealed(
  orderId: bigint,
  outcome: RevealOutcome,
  token: TokenInfo,
  tx: TxResult,
): string {
  const verdict = outcome.valid
    ? "it counts"
    : `it does not count (${describeBidValidity(outcome.reason)}) and its bond went back`;
  return formatTx(
    `Revealed bid ${outcome.sequence} on order ${orderId} of ${outcome.bidder}: ` +
      `${formatMoney(outcome.unitPrice, token)} per part, delivery by ` +
      `${formatTime(outcome.deliveryDate)}; ${verdict}`,
    tx,
  );
}

export function formatOrderSettled(
  orderId: bigint,
  settlement: Settlement,
  customer: string,
  token: TokenInfo,
  tx: TxResult,
): string {
  const forfeited =
    settlement.forfeited === 0n
      ? ""
      : `; ${formatMoney(settlement.forfeited, token)} of bonds of bids never revealed went to the customer`;
  if (settlement.kind === "cancelled") {
    return formatTx(
      `Settled cancelled order ${orderId}: ${formatMoney(settlement.forfeited, token)} of bonds ` +
        `of bids never revealed went to the customer ${customer}`,
      tx,
    );
  }
  if (settlement.kind === "closed") {
    return formatTx(
      `Settled order ${orderId} without an award (no valid bid, too late to deliver, or the ` +
        `invoice could not open): ${formatMoney(settlement.refund, token)} went back to the ` +
        `customer ${customer}${forfeited}`,
      tx,
    );
  }
  return formatTx(
    `Settled order ${orderId}: awarded to ${settlement.winner} at ` +
      `${formatMoney(settlement.unitPrice, token)} per part; invoice ${settlement.invoiceId} ` +
      `opened and funded with ${formatMoney(settlement.total, token)}; ` +
      `${formatMoney(settlement.refund, token)} went back to the customer ${customer}${forfeited}`,
    tx,
  );
}

export function formatWinnerBondReleased(
  orderId: bigint,
  release: BondRelease,
  token: TokenInfo,
  tx: TxResult,
): string {
  return formatTx(
    `Released the winner's bond of order ${orderId}: ${formatMoney(release.amount, token)} to ` +
      (release.forfeited
        ? `the customer ${release.to}, as the winner did not deliver (or was ruled nothing)`
        : `${release.to}, as the winner was paid for its delivery`),
    tx,
  );
}

/** One payment of an order, as a line of `auction:show`. */
function auctionPaymentLine(p: AuctionPayment, token: TokenInfo): string {
  const money = formatMoney(p.amount, token);
  if (p.kind === "deferred") {
    return `  ${money} to ${p.account} deferred: refused by the token, credited (auction:withdraw)`;
  }
  if (p.kind === "refund") return `  ${money} of the budget back to the customer ${p.to}`;
  if (p.kind === "withdrawn") return `  ${money} of credits withdrawn by ${p.account} to ${p.to}`;
  return p.forfeited
    ? `  ${money} of forfeited bonds to ${p.to}`
    : `  ${money} bond back to ${p.to}`;
}

/**
 * An order as a block of text; `payments` (from the SDK's `payments`) adds where its money went,
 * deferred payments included.
 */
export function formatOrder(
  order: AuctionOrder,
  token: TokenInfo,
  payments: readonly AuctionPayment[] = [],
): string {
  const money = (amount: bigint) => formatMoney(amount, token);
  const paid =
    payments.length === 0
      ? []
      : ["", "Payments", ...payments.map((p) => auctionPaymentLine(p, token))];
  const lines = [
    `Order         ${order.id} (${describeOrderPhase(order.phase)})`,
    `Customer      ${order.customer}`,
    `Parts         ${partsOf(order)}`,
    `Certificate   ${order.requiredScheme === undefined ? "none required" : `${schemeName(order.requiredScheme)} required`}`,
    `Token         ${token.symbol || "?"} ${token.address} (${token.decimals} decimals)`,
    `Max price     ${money(order.maxUnitPrice)} per part; budget ${money(order.budget)}`,
    `Pricing       ${pricing(order)}`,
    `Bond          ${money(order.bond)} per sealed bid`,
    `Bidding       until ${formatTime(order.biddingEnds)}`,
    `Revealing     until ${formatTime(order.revealEnds)}`,
    `Delivery      by ${formatTime(order.deliveryBy)}`,
    `Invoice       arbiter ${order.arbiter ?? "none"}; ` +
      `${order.acceptanceWindow === 0n ? "paid at delivery" : `${formatDuration(order.acceptanceWindow)} to accept or reject`}; ` +
      `grace ${order.gracePeriod === 0n ? "none" : formatDuration(order.gracePeriod)}; ` +
      `ruling within ${formatDuration(order.rulingPeriod)}`,
    "",
  ];
  if (order.revealedBids === undefined) {
    lines.push(
      `Sealed bids   ${order.sealedBids} (who bids, and at what price, stays sealed until bidding ends)`,
    );
    return [...lines, ...paid].join("\n");
  }
  lines.push(`Bids          ${order.sealedBids} sealed, ${order.revealedBids} revealed`);
  const best = order.best;
  if (order.award !== undefined) {
    const a = order.award;
    lines.push(
      `Winner        ${a.winner} (bid ${best?.sequence ?? "?"}, asked ${money(best?.unitPrice ?? a.unitPrice)})`,
      `Paid          ${money(a.unitPrice)} per part: invoice ${a.invoiceId} for ${money(a.total)}; ` +
        `${money(a.refund)} went back to the customer`,
    );
  } else if (best !== undefined) {
    const label = order.phase === "revealing" ? "Best so far" : "Best bid";
    lines.push(
      `${label.padEnd(14)}${best.bidder} (bid ${best.sequence}) at ${money(best.unitPrice)} per part` +
        (order.pricing === "second-price" ? `; would be paid ${money(best.pricePaid)}` : ""),
    );
  } else {
    lines.push("Best bid      none valid");
  }
  return [...lines, ...paid].join("\n");
}

/** An order as plain JSON values: amounts in the token's smallest unit and times in ISO 8601. */
export function orderToJson(
  order: AuctionOrder,
  token: TokenInfo,
  payments: readonly AuctionPayment[] = [],
): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: order.id.toString(),
    phase: order.phase,
    customer: order.customer,
    spec: order.spec,
    quantity: order.quantity,
    requiredScheme: order.requiredScheme === undefined ? null : schemeName(order.requiredScheme),
    token: { address: token.address, symbol: token.symbol, decimals: token.decimals },
    maxUnitPrice: order.maxUnitPrice.toString(),
    budget: order.budget.toString(),
    bond: order.bond.toString(),
    pricing: order.pricing,
    biddingEnds: formatTime(order.biddingEnds),
    revealEnds: formatTime(order.revealEnds),
    deliveryBy: formatTime(order.deliveryBy),
    arbiter: order.arbiter ?? null,
    acceptanceWindow: order.acceptanceWindow.toString(),
    gracePeriod: order.gracePeriod.toString(),
    rulingPeriod: order.rulingPeriod.toString(),
    sealedBids: order.sealedBids,
    payments: payments.map((p) => ({
      ...p,
      amount: p.amount.toString(),
    })),
  };
  // While bidding is open, the count of sealed bids is all there is to show.
  if (order.revealedBids === undefined) return json;
  return {
    ...json,
    revealedBids: order.revealedBids,
    best:
      order.best === undefined
        ? null
        : {
            bidder: order.best.bidder,
            sequence: order.best.sequence,
            unitPrice: order.best.unitPrice.toString(),
            runnerUpPrice: order.best.runnerUpPrice?.toString() ?? null,
            pricePaid: order.best.pricePaid.toString(),
          },
    award:
      order.award === undefined
        ? null
        : {
            winner: order.award.winner,
            unitPrice: order.award.unitPrice.toString(),
            invoiceId: order.award.invoiceId.toString(),
            total: order.award.total.toString(),
            refund: order.award.refund.toString(),
          },
  };
}
