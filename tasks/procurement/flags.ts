/**
 * The auction commands' flags for the SDK's fields: an SDK input error's sentence is printed
 * after the flag or argument that gave the field at fault (a field not named here prints no flag).
 */
import type { FlagNames } from "../shared/print.js";

/** SDK field to flag or argument, for every auction task. */
export const PROCUREMENT_FLAGS: FlagNames = {
  acceptanceWindow: "--window-days",
  arbiter: "--arbiter",
  biddingEnds: "--bidding-ends",
  bidder: "--from",
  bond: "--bond",
  committer: "--committer",
  deliveryBy: "--deliver-by",
  deliveryDate: "--delivery",
  gracePeriod: "--grace-days",
  maxUnitPrice: "--max-price",
  orderId: "<order>",
  quantity: "--quantity",
  requiredScheme: "--scheme",
  revealEnds: "--reveal-ends",
  rulingPeriod: "--ruling-days",
  salt: "--salt",
  secondPrice: "--second-price",
  sequence: "--sequence",
  spec: "--spec",
  to: "--to",
  token: "--token",
  unitPrice: "--price",
};
