/**
 * What an escrow transaction's receipt says, read from its events, so that a write method hands
 * its caller the amounts it moved without reading the invoice again.
 */
import { getAddress, type Log } from "ethers";
import { ERC20_ERRORS, ERC20_TRANSFER } from "../core/erc20.js";
import { assertInvariant } from "../core/errors.js";
import type { EscrowContext } from "./context.js";
import type { MilestoneRelease } from "./types.js";

/** The payments of the receipt's `MilestoneReleased` events, in order. */
export function releasesIn(ctx: EscrowContext, logs: readonly Log[]): MilestoneRelease[] {
  return ctx.findEvents(logs, "MilestoneReleased").map((event) => ({
    index: Number(event.args.index),
    payee: event.args.payee as string,
    toPayee: event.args.toPayee as bigint,
    toPayer: event.args.toPayer as bigint,
  }));
}

/** The one payment a milestone transaction released; `what` names the call for the invariant. */
export function releaseIn(
  ctx: EscrowContext,
  logs: readonly Log[],
  what: string,
): MilestoneRelease {
  const [release] = releasesIn(ctx, logs);
  assertInvariant(release !== undefined, `${what} emitted no MilestoneReleased event`);
  return release;
}

/**
 * What a milestone release's receipt says: the payment (`MilestoneReleased`), whether it settled
 * the invoice, and the invoice's token (from the payment's `Transfer` or `PaymentDeferred`).
 */
export function releaseResultIn(
  ctx: EscrowContext,
  logs: readonly Log[],
  what: string,
): { release: MilestoneRelease; settled: boolean; token: string } {
  return {
    release: releaseIn(ctx, logs, what),
    settled: settledIn(ctx, logs),
    token: paymentTokenIn(ctx, logs, what),
  };
}

/** Whether the transaction settled the invoice's last open milestone. */
export function settledIn(ctx: EscrowContext, logs: readonly Log[]): boolean {
  return ctx.findEvents(logs, "InvoiceSettled").length > 0;
}

/** A payment the escrow made in a transaction: sent in a token, or credited when refused. */
export type EscrowPayment = { token: string; to: string; amount: bigint };

/**
 * The payments the escrow made in the receipt, in order: the ERC-20 `Transfer`s out of the escrow
 * (the token is the log's address) and the `PaymentDeferred` credits of payments a token refused.
 */
export function paymentsIn(ctx: EscrowContext, logs: readonly Log[]): EscrowPayment[] {
  const escrow = ctx.address.toLowerCase();
  const found: EscrowPayment[] = [];
  for (const log of logs) {
    if (log.address.toLowerCase() === escrow) {
      const [deferred] = ctx.findEvents([log], "PaymentDeferred");
      if (deferred !== undefined) {
        found.push({
          token: deferred.args.token as string,
          to: deferred.args.account as string,
          amount: deferred.args.amount as bigint,
        });
      }
      continue;
    }
    if (log.topics[0] !== ERC20_TRANSFER.topicHash || log.topics.length !== 3) continue;
    const transfer = ERC20_ERRORS.parseLog({ topics: [...log.topics], data: log.data });
    if (transfer === null || (transfer.args.from as string).toLowerCase() !== escrow) continue;
    found.push({
      token: getAddress(log.address),
      to: transfer.args.to as string,
      amount: transfer.args.value as bigint,
    });
  }
  return found;
}

/**
 * The token of the escrow's payments in the receipt (every payment of one invoice is in its
 * token); `what` names the call for the invariant. A release or refund always pays someone.
 */
export function paymentTokenIn(ctx: EscrowContext, logs: readonly Log[], what: string): string {
  const [payment] = paymentsIn(ctx, logs);
  assertInvariant(payment !== undefined, `${what} paid nothing out of the escrow`);
  return payment.token;
}
