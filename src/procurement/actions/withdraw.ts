/** `withdraw`: an account withdraws what the auction credited to it under an order. */
import { assertInvariant, InputError, InputErrorCode } from "../../core/errors.js";
import { nonZeroAddress, forField } from "../../core/validate.js";
import type { AuctionContext } from "../context.js";
import { toOrderId } from "../encodings.js";
import { toContractOrder } from "../orders.js";
import { existingOrder, owed } from "../reads.js";
import type { AuctionWithdrawParameters, AuctionWithdrawResult } from "../types.js";

/**
 * Sends what the auction credited to the signer under an order (payments of the order the
 * token refused to deliver), in the order's token, to `to`. The client checks that something
 * is credited before sending. Returns the amount and the token, from the `Withdrawn` event.
 */
export async function withdraw(
  ctx: AuctionContext,
  params: AuctionWithdrawParameters,
): Promise<AuctionWithdrawResult> {
  const id = forField("orderId", () => toOrderId(params.orderId));
  const to = forField("to", () => nonZeroAddress(params.to, "recipient address"));
  const signer = await ctx.signerAddress();
  const { posted } = await existingOrder(ctx, id, params.order);
  if ((await owed(ctx, { orderId: id, account: signer })) === 0n) {
    throw new InputError(
      InputErrorCode.WrongState,
      `The auction credits nothing to ${signer} under order ${id}: only payments the token ` +
        "refused are credited, and a credit is withdrawn once.",
    );
  }
  const { tx, logs } = await ctx.sendForLogs(() =>
    ctx.contract.withdraw(id, toContractOrder(posted), to),
  );
  const [event] = ctx.findEvents(logs, "Withdrawn");
  assertInvariant(event !== undefined, "withdraw emitted no Withdrawn event");
  return { tx, amount: event.args.amount as bigint, token: event.args.token as string };
}
