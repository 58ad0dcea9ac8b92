import { task } from "hardhat/config";
import {
  FROM,
  JSON_FLAG,
  REASON,
  REASON_FILE,
  REASON_HASH,
  REASON_JSON,
} from "../shared/options.js";

/**
 * The invoicing tasks: escrowed invoices with approval and delivery milestones, disputes and
 * rulings, withdrawals and transferable receivables. The actions load lazily from their own files.
 */

// -----------------------------------------------------------------------------------------------
// Invoices
// -----------------------------------------------------------------------------------------------

const INVOICE = { name: "invoice", description: "The invoice's id" } as const;
const MILESTONE_INDEX = {
  name: "index",
  description: "The milestone's index (the first milestone is 0)",
} as const;

export const invoiceCreate = task(
  "invoice:create",
  "Propose an invoice to a payer, in milestones; amounts in token units (supplier)",
)
  .addOption({
    name: "payer",
    description: "Required: the payer, an accredited customer",
    defaultValue: "",
  })
  .addOption({
    name: "token",
    description: "Required: the ERC-20 token it is paid in",
    defaultValue: "",
  })
  .addOption({
    name: "due",
    description: "Required: when the work is due, as 2027-12-31, an ISO date-time or unix seconds",
    defaultValue: "",
  })
  .addOption({
    name: "windowDays",
    description:
      "Days the payer has to accept or reject a delivery; 0 (paid at delivery) when omitted",
    defaultValue: "",
  })
  .addOption({
    name: "graceDays",
    description: "Days after the due date during which deliveries are still taken; 0 when omitted",
    defaultValue: "",
  })
  .addOption({
    name: "rulingDays",
    description: "Days the arbiter has to rule on a dispute before it lapses",
    defaultValue: "",
  })
  .addOption({
    name: "arbiter",
    description: "An accredited arbiter both sides agree to; none when omitted",
    defaultValue: "",
  })
  .addOption({
    name: "penaltyPerDay",
    description: "Deducted from a late delivery's payment per started day late, in token units",
    defaultValue: "",
  })
  .addOption({
    name: "penaltyCap",
    description: "The largest lateness penalty of one delivery, in token units",
    defaultValue: "",
  })
  .addOption({
    name: "milestones",
    description:
      'The milestones, comma-separated: "approval:<amount>,delivery:<amount>:<quantity>:<spec hash or file>"',
    defaultValue: "",
  })
  .addVariadicArgument({
    name: "milestone",
    description:
      "Or one argument per milestone: approval:<amount> or delivery:<amount>:<quantity>:<spec hash or file>",
    defaultValue: [],
  })
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./create.js"))
  .build();

export const invoiceFund = task(
  "invoice:fund",
  "Lock a proposed invoice's total in escrow, approving the escrow first when needed (payer)",
)
  .addPositionalArgument(INVOICE)
  .addFlag({
    name: "permit",
    description: "Sign an EIP-2612 permit instead of sending an approval (one transaction)",
  })
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./fund.js"))
  .build();

export const invoiceCancel = task(
  "invoice:cancel",
  "Withdraw a proposed invoice (supplier) or decline it (payer)",
)
  .addPositionalArgument(INVOICE)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./cancel.js"))
  .build();

export const invoiceApprove = task(
  "invoice:approve",
  "Approve an approval milestone; it is paid to the receivable holder (payer)",
)
  .addPositionalArgument(INVOICE)
  .addPositionalArgument(MILESTONE_INDEX)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./approve.js"))
  .build();

export const invoiceDeliver = task(
  "invoice:deliver",
  "Deliver conforming parts against a delivery milestone: the parts go to the payer and the " +
    "payment is released or held, in one transaction (supplier)",
)
  .addPositionalArgument(INVOICE)
  .addPositionalArgument(MILESTONE_INDEX)
  .addOption({
    name: "parts",
    description: "Comma-separated parts you hold: token ids or <maker address>:<serial>",
    defaultValue: "",
  })
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./deliver.js"))
  .build();

export const invoiceAccept = task(
  "invoice:accept",
  "Accept a held delivery before its window ends; it is paid at once (payer)",
)
  .addPositionalArgument(INVOICE)
  .addPositionalArgument(MILESTONE_INDEX)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./accept.js"))
  .build();

export const invoiceReject = task(
  "invoice:reject",
  "Reject a held delivery within its window, for a reason; opens a dispute (payer)",
)
  .addPositionalArgument(INVOICE)
  .addPositionalArgument(MILESTONE_INDEX)
  .addOption({ ...REASON, description: "The reason, as text (its SHA-256 hash goes on chain)" })
  .addOption({
    ...REASON_FILE,
    description: "The reason, as a document file whose bytes are hashed",
  })
  .addOption({ ...REASON_JSON, description: "The reason, as JSON hashed in canonical form" })
  .addOption({ ...REASON_HASH, description: "The reason document's hash (0x + 64 hex digits)" })
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./reject.js"))
  .build();

export const invoiceClaim = task(
  "invoice:claim",
  "Release a held delivery's payment once its acceptance window is over (anyone)",
)
  .addPositionalArgument(INVOICE)
  .addPositionalArgument(MILESTONE_INDEX)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./claim.js"))
  .build();

export const invoiceDispute = task(
  "invoice:dispute",
  "Dispute a milestone, for a reason (payer: a delivery in its window; supplier: a pending one)",
)
  .addPositionalArgument(INVOICE)
  .addPositionalArgument(MILESTONE_INDEX)
  .addOption({ ...REASON, description: "The reason, as text (its SHA-256 hash goes on chain)" })
  .addOption({
    ...REASON_FILE,
    description: "The reason, as a document file whose bytes are hashed",
  })
  .addOption({ ...REASON_JSON, description: "The reason, as JSON hashed in canonical form" })
  .addOption({ ...REASON_HASH, description: "The reason document's hash (0x + 64 hex digits)" })
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./dispute.js"))
  .build();

export const invoiceRule = task(
  "invoice:rule",
  "Rule on a disputed milestone: an amount to the receivable holder, the rest to the payer (the invoice's arbiter)",
)
  .addPositionalArgument(INVOICE)
  .addPositionalArgument(MILESTONE_INDEX)
  .addOption({
    name: "toPayee",
    description: "Required: what the receivable holder gets, in token units (0 allowed)",
    defaultValue: "",
  })
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./rule.js"))
  .build();

export const invoiceLapse = task(
  "invoice:lapse",
  "Let a dispute nobody ruled on in time lapse, back to where it was (anyone)",
)
  .addPositionalArgument(INVOICE)
  .addPositionalArgument(MILESTONE_INDEX)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./lapse.js"))
  .build();

export const invoiceReclaim = task(
  "invoice:reclaim",
  "Refund the payer every pending milestone after the due date and grace period (anyone)",
)
  .addPositionalArgument(INVOICE)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./reclaim.js"))
  .build();

export const invoiceWithdraw = task(
  "invoice:withdraw",
  "Send what an invoice credited to you (payments you could not receive) to an address",
)
  .addPositionalArgument(INVOICE)
  .addOption({ name: "to", description: "Required: where to send it", defaultValue: "" })
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./withdraw.js"))
  .build();

export const invoiceAssign = task(
  "invoice:assign",
  "Assign a funded invoice's receivable to a holder (yourself or a financier), who is paid from " +
    "now on; once (supplier)",
)
  .addPositionalArgument(INVOICE)
  .addPositionalArgument({
    name: "holder",
    description: "Who gets the receivable: the supplier itself or a financier",
  })
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./assign.js"))
  .build();

export const invoiceTransfer = task(
  "invoice:transfer",
  "Sell an invoice's receivable, once assigned: later payments go to the new holder (the " +
    "receivable's holder)",
)
  .addPositionalArgument(INVOICE)
  .addPositionalArgument({ name: "to", description: "The new holder's address (a financier)" })
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./transfer.js"))
  .build();

export const invoiceShow = task(
  "invoice:show",
  "Show an invoice, its milestones and where every token of it is",
)
  .addPositionalArgument(INVOICE)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./show.js"))
  .build();

/** Every task of this subsystem, in the order `npx hardhat --help` lists them. */
export const invoicingTasks = [
  invoiceCreate,
  invoiceFund,
  invoiceCancel,
  invoiceApprove,
  invoiceDeliver,
  invoiceAccept,
  invoiceReject,
  invoiceClaim,
  invoiceDispute,
  invoiceRule,
  invoiceLapse,
  invoiceReclaim,
  invoiceWithdraw,
  invoiceAssign,
  invoiceTransfer,
  invoiceShow,
];
