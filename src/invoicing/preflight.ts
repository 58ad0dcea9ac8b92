/**
 * The invoices client's checks before it sends anything: milestone terms against the escrow's
 * limits, who may fund, whether the payer holds the total, and whether a part can be delivered.
 * Each refusal is an {@link InputError} with one sentence, naming the parameter at fault when
 * there is one.
 */
import { InputError, InputErrorCode, isRevertOf } from "../core/errors.js";
import type { Erc20Contract } from "../core/erc20.js";
import type { Hash } from "../core/hashing.js";
import { requireTokenBalance } from "../core/token.js";
import { toDocumentHash, forField } from "../core/validate.js";
import { formatPartId } from "../provenance/encodings.js";
import type { PartRegistry } from "../contracts.js";
import type { EscrowContext } from "./context.js";
import {
  formatTokenAmount,
  INVOICE_LIMITS,
  invoiceStateName,
  type MilestoneKindName,
  parseMilestoneKind,
} from "./encodings.js";
import { agreementOf, readRecord, totalOf } from "./agreement.js";
import type { InvoiceAgreement, MilestoneParameter, TokenAmount } from "./types.js";

/** What a token read of the escrow's clients says when the token is no ERC-20 token. */
export const NOT_A_TOKEN =
  "The invoice's token did not answer a standard ERC-20 call (balanceOf, allowance or name).";

/** A milestone as checked: its kind known, its quantity a number, its specification a hash. */
export type CheckedMilestone = {
  kind: MilestoneKindName;
  amount: TokenAmount;
  quantity: bigint;
  spec: Hash;
};

const ZERO_HASH = `0x${"0".repeat(64)}` as Hash;

/**
 * Checks an invoice's milestones: 1 to 8; an approval milestone takes no quantity and no
 * specification; a delivery milestone takes 1 to 100 parts and its specification's hash. The
 * amounts are checked later, against the token's decimals.
 */
export function checkMilestones(milestones: readonly MilestoneParameter[]): CheckedMilestone[] {
  if (!Array.isArray(milestones) || milestones.length === 0) {
    throw new InputError(
      InputErrorCode.InvalidList,
      `An invoice needs 1 to ${INVOICE_LIMITS.maxMilestones} milestones; got none.`,
      { field: "milestones" },
    );
  }
  if (milestones.length > INVOICE_LIMITS.maxMilestones) {
    throw new InputError(
      InputErrorCode.InvalidList,
      `An invoice has at most ${INVOICE_LIMITS.maxMilestones} milestones; got ${milestones.length}.`,
      { field: "milestones" },
    );
  }
  return milestones.map((m, i): CheckedMilestone => {
    const field = `milestones[${i}]`;
    const kind = forField(`${field}.kind`, () =>
      parseMilestoneKind(String((m as { kind: unknown }).kind)),
    );
    const loose = m as { quantity?: unknown; spec?: unknown };
    if (kind === "approval") {
      if (loose.quantity !== undefined || loose.spec !== undefined) {
        throw new InputError(
          InputErrorCode.InvalidList,
          `Milestone ${i} is an approval milestone, which takes no quantity and no specification.`,
          { field: `${field}.${loose.quantity !== undefined ? "quantity" : "spec"}` },
        );
      }
      return { kind, amount: m.amount, quantity: 0n, spec: ZERO_HASH };
    }
    const delivery = m as Extract<MilestoneParameter, { kind: "delivery" }>;
    const what = `quantity of milestone ${i}`;
    const given: unknown = delivery.quantity;
    let quantity: bigint | undefined;
    if (typeof given === "bigint") quantity = given;
    else if (typeof given === "number" && Number.isSafeInteger(given)) quantity = BigInt(given);
    else if (typeof given === "string" && /^\s*\d+\s*$/.test(given))
      quantity = BigInt(given.trim());
    if (quantity === undefined || quantity < 1n || quantity > BigInt(INVOICE_LIMITS.maxDelivery)) {
      throw new InputError(
        InputErrorCode.InvalidAmount,
        `The ${what} "${String(delivery.quantity)}" is not a number of parts from 1 to ` +
          `${INVOICE_LIMITS.maxDelivery}.`,
        { field: `${field}.quantity` },
      );
    }
    if (delivery.spec === undefined) {
      throw new InputError(
        InputErrorCode.InvalidHash,
        `Milestone ${i} is a delivery milestone; give the hash of its parts' specification.`,
        { field: `${field}.spec` },
      );
    }
    const spec = forField(`${field}.spec`, () =>
      toDocumentHash(delivery.spec, `specification hash of milestone ${i}`),
    );
    return { kind, amount: delivery.amount, quantity, spec };
  });
}

/** A proposed invoice, ready to fund: its agreement and its total. */
export type Fundable = { id: bigint; agreement: InvoiceAgreement; total: bigint; token: string };

/**
 * The invoice, checked (on the escrow's record) to be proposed and (on its agreement) to have
 * `payer` as its payer.
 */
export async function fundable(
  ctx: EscrowContext,
  id: bigint,
  payer: string,
  given: InvoiceAgreement | undefined,
): Promise<Fundable> {
  const record = await readRecord(ctx, id);
  const state = invoiceStateName(record.state);
  if (state !== "proposed") {
    throw wrongState(`The invoice ${id} is ${state}; only a proposed invoice can be funded.`);
  }
  const agreement = await agreementOf(ctx, id, given, record);
  if (agreement.terms.payer !== payer) {
    throw new InputError(
      InputErrorCode.WrongAccount,
      `Only the payer ${agreement.terms.payer} can fund invoice ${id}; the signer is ${payer}.`,
    );
  }
  return { id, agreement, total: totalOf(agreement), token: agreement.terms.token };
}

/** Refuses a payer who holds less of the invoice's token than its total. */
export async function requireFundingBalance(
  ctx: EscrowContext,
  token: Erc20Contract,
  invoice: Fundable,
  payer: string,
): Promise<void> {
  await requireTokenBalance(
    token,
    { holder: payer, amount: invoice.total },
    ctx.readToken,
    async (balance) => {
      const info = await ctx.tokenInfo(invoice.token).catch(() => undefined);
      const amount = (value: bigint) =>
        info === undefined
          ? `${value} (smallest unit) of ${invoice.token}`
          : `${formatTokenAmount(value, info.decimals)} ${info.symbol || invoice.token}`;
      return (
        `The payer ${payer} holds ${amount(balance)}; invoice ${invoice.id} needs ` +
        `${amount(invoice.total)}.`
      );
    },
  );
}

/**
 * Refuses a part the escrow would not take against a delivery milestone of `spec`: not made, not
 * held by the supplier, of another specification, or not conforming now. `field` names it in
 * the parameters (`partIds[2]`).
 */
export async function requireDeliverable(
  ctx: EscrowContext,
  registry: PartRegistry,
  {
    partId,
    supplier,
    spec,
    field,
  }: { partId: bigint; supplier: string; spec: Hash | undefined; field: string },
): Promise<void> {
  const refuse = (why: string): never => {
    throw new InputError(
      InputErrorCode.UnacceptablePart,
      `The part ${formatPartId(partId)} cannot be delivered: ${why}.`,
      { field },
    );
  };
  let stored;
  try {
    stored = await ctx.read(() => registry.part(partId));
  } catch (error) {
    if (isRevertOf(error, "PartRegistryUnknownPart")) {
      return refuse("no such part has been made");
    }
    throw error;
  }
  if (stored.owner !== supplier) refuse(`it is held by ${stored.owner}, not by the supplier`);
  if (stored.specHash.toLowerCase() !== spec) {
    refuse(`it is of specification ${stored.specHash.toLowerCase()}, not the milestone's ${spec}`);
  }
  if (!(await ctx.read(() => registry.isConforming(partId)))) {
    refuse(
      "it does not conform now (an attestation its specification requires is missing or " +
        "failed, or it is quarantined, retired or recalled)",
    );
  }
}

/**
 * Milestone `index` of invoice `id`'s agreement; refused (naming `index`) when it has no such
 * milestone.
 */
export function milestoneOf(
  id: bigint,
  agreement: InvoiceAgreement,
  index: number,
): InvoiceAgreement["milestones"][number] {
  const milestone = agreement.milestones[index];
  if (milestone === undefined) {
    throw new InputError(
      InputErrorCode.InvalidId,
      `The invoice ${id} has no milestone ${index}; it has ${agreement.milestones.length} ` +
        `(numbered from 0).`,
      { field: "index" },
    );
  }
  return milestone;
}

/** An invoice or milestone in a state that does not allow the action. */
export function wrongState(message: string): InputError {
  return new InputError(InputErrorCode.WrongState, message);
}
