/**
 * Settling an order after revealing ends (the award opens the winner's invoice, or the order
 * closes), and releasing the winner's bond once that invoice is settled.
 */
import { assertInvariant, InputError, InputErrorCode } from "../../core/errors.js";
import { formatTime, forField } from "../../core/validate.js";
import { InvoiceEscrow__factory } from "../../contracts.js";
import type { AuctionContext } from "../context.js";
import { toOrderId } from "../encodings.js";
import { INVOICE_SETTLED, wrongPhase } from "../preflight.js";
import { toContractOrder } from "../orders.js";
import { existingOrder } from "../reads.js";
import type { OrderIdParameter, PostedOrder, ReleaseBondResult, SettleResult } from "../types.js";

/**
 * After revealing ends, anyone settles: with a valid bid, the winner's invoice opens in the
 * escrow, funded from the budget, and the rest goes back to the customer; without one (or when
 * it is too late to deliver, or the escrow refuses the invoice) the order closes and the whole
 * budget goes back. The bonds of bids never revealed go to the customer. On a cancelled order
 * (its budget went back at cancellation) settling only forfeits the bonds of its sealed bids
 * never revealed, once revealing ends (`kind: "cancelled"`). `given` is the order as posted,
 * when the caller has it; else it is read from its `OrderPosted` event (once, then cached).
 * Returns the settlement from the receipt's events, with the customer paid and the order's token.
 */
export async function settle(
  ctx: AuctionContext,
  orderId: OrderIdParameter,
  given?: PostedOrder,
): Promise<SettleResult> {
  const id = forField("orderId", () => toOrderId(orderId));
  ctx.requireSigner();
  const { view: order, posted } = await existingOrder(ctx, id, given);
  const agreed = toContractOrder(posted);
  const paidTo = { customer: order.customer, token: order.token };
  if (order.phase === "cancelled") {
    const now = await ctx.chainTime();
    if (now < order.revealEnds) {
      throw wrongPhase(
        order,
        `its sealed bids are revealed for their bonds until ${formatTime(order.revealEnds)}; ` +
          "the bonds of those never revealed are settled after that",
      );
    }
    if (order.sealedBids === order.revealedBids) {
      throw wrongPhase(order, "no sealed bid of it is left unrevealed: no bond is left to settle");
    }
    const { tx, logs } = await ctx.sendForLogs(() => ctx.contract.settle(id, agreed));
    const [paid] = ctx.findEvents(logs, "BondPaid");
    assertInvariant(paid !== undefined, "settle of a cancelled order emitted no BondPaid event");
    return {
      tx,
      settlement: { kind: "cancelled", forfeited: paid.args.amount as bigint },
      ...paidTo,
    };
  }
  if (order.phase !== "settling") {
    throw wrongPhase(
      order,
      `an order is settled once revealing ends, at ${formatTime(order.revealEnds)}`,
    );
  }
  const { tx, logs } = await ctx.sendForLogs(() => ctx.contract.settle(id, agreed));
  const forfeited = ctx
    .findEvents(logs, "BondPaid")
    .filter((e) => e.args.forfeited === true)
    .reduce((sum, e) => sum + (e.args.amount as bigint), 0n);
  const [awarded] = ctx.findEvents(logs, "OrderAwarded");
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
      ...paidTo,
    };
  }
  const [closed] = ctx.findEvents(logs, "OrderClosed");
  assertInvariant(closed !== undefined, "settle emitted neither OrderAwarded nor OrderClosed");
  return {
    tx,
    settlement: { kind: "closed", refund: closed.args.refund as bigint, forfeited },
    ...paidTo,
  };
}

/**
 * Once the winner's invoice is settled, anyone releases the winner's bond: back to the winner's
 * committer if it was paid for its delivery (released, or a share ruled by the arbiter); to the
 * customer if the milestone was refunded (the winner let the last day pass) or the arbiter
 * ruled the winner nothing. The client reads the invoice's state from the escrow's record of it
 * (`invoiceRecord`). `given` is the order as posted, when the caller has it; else it is read
 * from its `OrderPosted` event (once, then cached). Returns where it went, from the `BondPaid`
 * event.
 */
export async function releaseWinnerBond(
  ctx: AuctionContext,
  orderId: OrderIdParameter,
  given?: PostedOrder,
): Promise<ReleaseBondResult> {
  const id = forField("orderId", () => toOrderId(orderId));
  ctx.requireSigner();
  const { view: order, posted } = await existingOrder(ctx, id, given);
  const award = order.award;
  if (award === undefined) {
    throw wrongPhase(order, "only an awarded order holds a winner's bond");
  }
  const escrowAddress = await ctx.read(() => ctx.contract.escrow());
  const escrow = InvoiceEscrow__factory.connect(escrowAddress, ctx.runner);
  const invoice = await ctx.read(() => escrow.invoiceRecord(award.invoiceId));
  if (invoice.state !== INVOICE_SETTLED) {
    throw new InputError(
      InputErrorCode.WrongState,
      `The winner's invoice ${award.invoiceId} is not settled yet; its bond is released ` +
        "once the invoice is.",
    );
  }
  const { tx, logs } = await ctx.sendForLogs(() =>
    ctx.contract.releaseWinnerBond(id, toContractOrder(posted)),
  );
  const [paid] = ctx.findEvents(logs, "BondPaid");
  assertInvariant(paid !== undefined, "releaseWinnerBond emitted no BondPaid event");
  return {
    tx,
    release: {
      to: paid.args.to as string,
      amount: paid.args.amount as bigint,
      forfeited: paid.args.forfeited as boolean,
    },
    token: order.token,
  };
}
