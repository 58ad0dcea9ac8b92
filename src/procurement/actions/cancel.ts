/** `cancel`: the customer cancels an order while bidding is open; the budget goes back. */
import { assertInvariant, InputError, InputErrorCode } from "../../core/errors.js";
import { forField } from "../../core/validate.js";
import type { AuctionContext } from "../context.js";
import { toOrderId } from "../encodings.js";
import { wrongPhase } from "../preflight.js";
import { toContractOrder } from "../orders.js";
import { existingOrder } from "../reads.js";
import type { CancelOrderResult, OrderIdParameter, PostedOrder } from "../types.js";

/**
 * The customer (the signer) cancels an order while bidding is open, even after sealed bids;
 * the budget goes back. The sealed bids are still revealed in the revealing window, for their
 * bonds; the bonds of those never revealed go to the customer at settlement. The client
 * checks the phase and the customer before sending. `given` is the order as posted, when the
 * caller has it; else it is read from its `OrderPosted` event (once, then cached). Returns the
 * refund, from the `OrderCancelled` event, with the order's customer and token.
 */
export async function cancel(
  ctx: AuctionContext,
  orderId: OrderIdParameter,
  given?: PostedOrder,
): Promise<CancelOrderResult> {
  const id = forField("orderId", () => toOrderId(orderId));
  const signer = await ctx.signerAddress();
  const { view: order, posted } = await existingOrder(ctx, id, given);
  if (order.customer !== signer) {
    throw new InputError(
      InputErrorCode.WrongAccount,
      `Only the customer ${order.customer} can cancel order ${id}; the signer is ${signer}.`,
    );
  }
  if (order.phase !== "bidding") {
    throw wrongPhase(order, "an order is cancelled only while bidding is open");
  }
  const { tx, logs } = await ctx.sendForLogs(() =>
    ctx.contract.cancel(id, toContractOrder(posted)),
  );
  const [event] = ctx.findEvents(logs, "OrderCancelled");
  assertInvariant(event !== undefined, "cancel emitted no OrderCancelled event");
  return { tx, refund: event.args.refund as bigint, customer: order.customer, token: order.token };
}
