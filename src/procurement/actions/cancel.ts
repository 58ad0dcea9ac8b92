/** `cancel`: the customer cancels an order while bidding is open; the budget goes back. */
import { assertInvariant, InputError, InputErrorCode } from "../../core/errors.js";
import { forField } from "../../core/validate.js";
import type { AuctionContext } from "../context.js";
import { toOrderId } from "../encodings.js";
import { wrongPhase } from "../preflight.js";
import { existingOrder } from "../reads.js";
import type { CancelOrderResult, OrderIdParameter } from "../types.js";

/**
 * The customer (the signer) cancels an order while bidding is open, even after sealed bids;
 * the budget goes back. The sealed bids are still revealed in the revealing window, for their
 * bonds; the bonds of those never revealed go to the customer at settlement. The client
 * checks the phase and the customer before sending. Returns the refund, from the
 * `OrderCancelled` event, with the order's customer and token.
 */
export async function cancel(
  ctx: AuctionContext,
  orderId: OrderIdParameter,
): Promise<CancelOrderResult> {
  const id = forField("orderId", () => toOrderId(orderId));
  const signer = await ctx.signerAddress();
  const order = await existingOrder(ctx, id);
  if (order.customer !== signer) {
    throw new InputError(
      InputErrorCode.WrongAccount,
      `Only the customer ${order.customer} can cancel order ${id}; the signer is ${signer}.`,
    );
  }
  if (order.phase !== "bidding") {
    throw wrongPhase(order, "an order is cancelled only while bidding is open");
  }
  const { tx, logs } = await ctx.sendForLogs(() => ctx.contract.cancel(id));
  const [event] = ctx.findEvents(logs, "OrderCancelled");
  assertInvariant(event !== undefined, "cancel emitted no OrderCancelled event");
  return { tx, refund: event.args.refund as bigint, customer: order.customer, token: order.token };
}
