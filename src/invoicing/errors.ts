/**
 * The invoice escrow's errors as sentences: one per custom error of `IInvoiceEscrow`, with its
 * arguments. `core/decode.ts` composes this table with the other subsystems' into
 * `ERROR_SENTENCES`.
 */
import { type ErrorSentence, SMALLEST_UNITS } from "../core/decode.js";
import { formatTime } from "../core/validate.js";
import { roleLabel, statesFromBitmap } from "../participants/roles.js";
import { formatPartId } from "../provenance/encodings.js";
import {
  INVOICE_STATES,
  invoiceStateName,
  MILESTONE_STATES,
  milestoneKindName,
  milestoneStateName,
} from "./encodings.js";

const s = (value: unknown) => String(value);
const when = (value: unknown) => formatTime(BigInt(value as bigint));
const invoice = (value: unknown) => `invoice ${s(value)}`;
const milestone = (id: unknown, index: unknown) => `milestone ${s(index)} of ${invoice(id)}`;
const part = (value: unknown) => `part ${formatPartId(value as bigint)}`;
const ZERO_ADDRESS = `0x${"0".repeat(40)}`;
const ZERO_HASH = `0x${"0".repeat(64)}`;
/** The escrow's `_ANY_ROLE`: any accredited role will do. */
const ANY_ROLE = 255;
const seconds = (value: unknown) => `${s(value)} s`;

/** The sentences of `IInvoiceEscrow`'s errors, by error name. */
export const INVOICING_ERROR_SENTENCES: Record<string, ErrorSentence> = {
  InvoiceEscrowNotAccredited: ([account, role]) =>
    Number(role) === ANY_ROLE
      ? `${s(account)} is not an active accredited participant in any role (never accredited, ` +
        "suspended, lapsed or revoked)."
      : `${s(account)} is not an active accredited ${roleLabel(role as bigint)} ` +
        "(never accredited in that role, suspended, lapsed or revoked).",
  InvoiceEscrowZeroAddress: () =>
    "The escrow needs the participant registry and the part registry: neither can be the zero " +
    "address.",
  InvoiceEscrowZeroRecipient: () => "A withdrawal cannot be sent to the zero address.",
  InvoiceEscrowZeroParty: ([supplier, payer, token]) => {
    const zero = [
      s(supplier) === ZERO_ADDRESS ? "the supplier" : undefined,
      s(payer) === ZERO_ADDRESS ? "the payer" : undefined,
      s(token) === ZERO_ADDRESS ? "the token" : undefined,
    ].filter((name) => name !== undefined);
    return `The terms name the zero address as ${zero.join(" and ") || "a party"}.`;
  },
  InvoiceEscrowPayerIsSupplier: ([account]) =>
    `${s(account)} cannot be both the supplier and the payer of an invoice.`,
  InvoiceEscrowTokenNotContract: ([token]) =>
    `The token ${s(token)} holds no contract, so it is not an ERC-20 token.`,
  InvoiceEscrowDueDateNotFuture: ([dueDate, now]) =>
    `The due date ${when(dueDate)} is not in the future; the chain's time is ${when(now)}.`,
  InvoiceEscrowMilestoneCount: ([count, max]) =>
    `An invoice needs 1 to ${s(max)} milestones; these terms have ${s(count)}.`,
  InvoiceEscrowRulingPeriodTooShort: ([period, min]) =>
    `The ruling period of ${seconds(period)} is shorter than the minimum of ${seconds(min)}.`,
  InvoiceEscrowPenaltyWithoutCap: ([perDay], amount = SMALLEST_UNITS) =>
    `A lateness penalty of ${amount(perDay)} a day needs a cap above zero.`,
  InvoiceEscrowArbiterIsParty: ([arbiter]) =>
    `The arbiter ${s(arbiter)} is the payer or the supplier; an arbiter is neither party.`,
  InvoiceEscrowTotalTooLarge: ([total, max], amount = SMALLEST_UNITS) =>
    `The milestones add up to ${amount(total)}, more than an invoice holds (${amount(max)}).`,
  InvoiceEscrowZeroMilestoneAmount: ([index]) =>
    `Milestone ${s(index)} has no amount; every milestone needs an amount above zero.`,
  InvoiceEscrowInvalidDeliveryMilestone: ([index, quantity, max, specHash]) =>
    s(specHash) === ZERO_HASH
      ? `Delivery milestone ${s(index)} names no specification; a delivery needs one.`
      : `Delivery milestone ${s(index)} asks for ${s(quantity)} parts; a delivery takes 1 to ` +
        `${s(max)}.`,
  InvoiceEscrowInvalidApprovalMilestone: ([index, quantity, specHash]) =>
    `Approval milestone ${s(index)} names ` +
    (s(specHash) === ZERO_HASH
      ? `a quantity (${s(quantity)})`
      : `a specification (${s(specHash)})`) +
    "; an approval milestone takes no quantity and no specification.",
  InvoiceEscrowUnknownInvoice: ([id]) => `There is no ${invoice(id)}.`,
  InvoiceEscrowWrongTerms: ([id, stored, given]) =>
    `The agreement passed for ${invoice(id)} hashes to ${s(given)}, not to the ${s(stored)} ` +
    "the escrow stored: pass the invoice as agreed, from its InvoiceProposed event.",
  InvoiceEscrowSupplierNotCaller: ([supplier, caller]) =>
    `${s(caller)} proposed an invoice naming ${s(supplier)} as its supplier: a supplier proposes ` +
    "only its own invoices.",
  InvoiceEscrowReceivableAssigned: ([id, holder]) =>
    `The receivable of ${invoice(id)} is already assigned, to ${s(holder)}: it is assigned ` +
    "once; its holder can transfer it.",
  InvoiceEscrowUnknownMilestone: ([id, index, count]) =>
    `The ${invoice(id)} has no milestone ${s(index)}: it has ${s(count)}, numbered from 0.`,
  InvoiceEscrowWrongInvoiceState: ([id, current, allowed]) =>
    `The ${invoice(id)} is ${invoiceStateName(current as bigint)}; this needs it to be ` +
    `${statesFromBitmap(allowed as bigint, INVOICE_STATES)}.`,
  InvoiceEscrowWrongMilestoneState: ([id, index, current, allowed]) =>
    `The ${milestone(id, index)} is ${milestoneStateName(current as bigint)}; this needs it to ` +
    `be ${statesFromBitmap(allowed as bigint, MILESTONE_STATES)}.`,
  InvoiceEscrowWrongMilestoneKind: ([id, index, kind]) =>
    `The ${milestone(id, index)} is ${milestoneKindName(kind as bigint) === "approval" ? "an" : "a"} ` +
    `${milestoneKindName(kind as bigint)} milestone, which does not allow this.`,
  InvoiceEscrowUnauthorized: ([id, caller]) =>
    `${s(caller)} may not do this to ${invoice(id)}: it is not the party (payer, supplier or ` +
    "arbiter) the action needs.",
  InvoiceEscrowFundingShortfall: ([expected, received], amount = SMALLEST_UNITS) =>
    `The escrow received ${amount(received)} of the ${amount(expected)} it asked for: the token ` +
    "takes a fee on transfer, which the escrow refuses.",
  InvoiceEscrowWrongQuantity: ([count, quantity]) =>
    `${s(count)} parts were delivered; the milestone needs exactly ${s(quantity)}.`,
  InvoiceEscrowPartNotAcceptable: ([id]) =>
    `The ${part(id)} is not a conforming part of the milestone's specification held by the ` +
    "supplier.",
  InvoiceEscrowDeadline: ([deadline, now, after]) =>
    after
      ? `This can be done only from ${when(deadline)}; the chain's time is ${when(now)}.`
      : `This had to be done before ${when(deadline)}; the chain's time is ${when(now)}.`,
  InvoiceEscrowRulingTooLarge: ([toPayee, atStake], amount = SMALLEST_UNITS) =>
    `A ruling of ${amount(toPayee)} to the payee exceeds the ${amount(atStake)} at stake in the ` +
    "dispute.",
  InvoiceEscrowNothingToReclaim: ([id]) =>
    `The ${invoice(id)} has no pending milestone left to refund.`,
  InvoiceEscrowNothingToWithdraw: ([id, account]) =>
    `The ${invoice(id)} credits nothing to ${s(account)}: only payments the token refused are ` +
    "credited, each account withdraws only its own, and once.",
  InvoiceEscrowReceivableToArbiter: ([id, arbiter]) =>
    `The receivable of ${invoice(id)} cannot go to ${s(arbiter)}, the invoice's arbiter: an ` +
    "arbiter is never paid by its own ruling.",
};
