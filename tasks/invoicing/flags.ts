/**
 * The invoice commands' flags for the SDK's fields: an SDK input error's sentence is printed
 * after the flag or argument that gave the field at fault (a field not named here prints no flag).
 */
import type { FlagNames } from "../shared/print.js";

/** SDK field to flag or argument, for every invoice task. */
export const INVOICING_FLAGS: FlagNames = {
  acceptanceWindow: "--window-days",
  arbiter: "--arbiter",
  dueDate: "--due",
  holder: "<holder>",
  gracePeriod: "--grace-days",
  index: "<index>",
  invoiceId: "<invoice>",
  milestones: "--milestones",
  partIds: "--parts",
  payer: "--payer",
  penaltyCap: "--penalty-cap",
  penaltyPerDay: "--penalty-per-day",
  reasonHash: "--reason",
  rulingPeriod: "--ruling-days",
  to: "--to",
  token: "--token",
  toPayee: "--to-payee",
};

/** `invoice:transfer` takes the new holder as its argument `<to>`. */
export const INVOICE_TRANSFER_FLAGS: FlagNames = { ...INVOICING_FLAGS, to: "<to>" };
