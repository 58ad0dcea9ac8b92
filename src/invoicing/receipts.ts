/**
 * What an escrow transaction's receipt says, read from its events, so that a write method hands
 * its caller the amounts it moved without reading the invoice again.
 */
import type { Log } from "ethers";
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

/** Whether the transaction settled the invoice's last open milestone. */
export function settledIn(ctx: EscrowContext, logs: readonly Log[]): boolean {
  return ctx.findEvents(logs, "InvoiceSettled").length > 0;
}
