/**
 * An invoice's agreement: the escrow stores only its hash, so every call after the proposal
 * passes it back. The client takes it from the caller, or from the invoice's `InvoiceProposed`
 * event (searched from the client's start block, the address book's `startBlock`), and keeps
 * what it found per invoice id: the agreement never changes once proposed.
 */
import { AbiCoder, getAddress, keccak256, type ParamType, type Result } from "ethers";
import { assertInvariant, InputError, InputErrorCode, isRevertOf } from "../core/errors.js";
import { queryToLatest } from "../core/events.js";
import type { Hash } from "../core/hashing.js";
import { InvoiceEscrow__factory } from "../contracts.js";
import type { EscrowContext, StoredRecord } from "./context.js";
import type { InvoiceAgreement } from "./types.js";

/** The ABI type of `IInvoiceEscrow.Invoice`, as `hashInvoice` takes it. */
const INVOICE_TYPE: ParamType = (() => {
  const fragment = InvoiceEscrow__factory.createInterface().getFunction("hashInvoice");
  const param = fragment?.inputs[0];
  assertInvariant(param !== undefined, "the escrow's ABI has no hashInvoice(Invoice)");
  return param;
})();

/**
 * The hash under which the escrow stores an agreement: `keccak256(abi.encode(invoice))`, as its
 * `hashInvoice` computes it. Refuses (naming `agreement`) what is not an invoice agreement.
 */
export function hashAgreement(agreement: InvoiceAgreement): Hash {
  let encoded: string;
  try {
    encoded = AbiCoder.defaultAbiCoder().encode([INVOICE_TYPE], [agreement]);
  } catch (error) {
    throw notAnAgreement(error);
  }
  return keccak256(encoded).toLowerCase() as Hash;
}

function notAnAgreement(cause: unknown): InputError {
  return new InputError(
    InputErrorCode.InvalidList,
    "The agreement given is not an invoice agreement: it needs the supplier, the terms and " +
      "the milestones as the invoice's InvoiceProposed event gives them.",
    { field: "agreement", cause },
  );
}

/** A caller's agreement with its addresses checksummed, as the escrow's events give them. */
function normalised(given: InvoiceAgreement): InvoiceAgreement {
  try {
    const { terms } = given;
    return {
      ...given,
      supplier: getAddress(given.supplier),
      terms: {
        ...terms,
        payer: getAddress(terms.payer),
        token: getAddress(terms.token),
        arbiter: getAddress(terms.arbiter),
      },
    };
  } catch (error) {
    throw notAnAgreement(error);
  }
}

/** The agreement of an `InvoiceProposed` event's `invoice` argument, as plain values. */
export function agreementFromEvent(invoice: Result): InvoiceAgreement {
  const terms = invoice.terms as Result;
  return {
    supplier: invoice.supplier as string,
    terms: {
      payer: terms.payer as string,
      token: terms.token as string,
      dueDate: terms.dueDate as bigint,
      acceptanceWindow: terms.acceptanceWindow as bigint,
      gracePeriod: terms.gracePeriod as bigint,
      rulingPeriod: terms.rulingPeriod as bigint,
      arbiter: terms.arbiter as string,
      penaltyPerDay: terms.penaltyPerDay as bigint,
      penaltyCap: terms.penaltyCap as bigint,
    },
    milestones: (invoice.milestones as Result).map((m: Result) => ({
      amount: m.amount as bigint,
      kind: Number(m.kind),
      quantity: m.quantity as bigint,
      specHash: (m.specHash as string).toLowerCase(),
    })),
  };
}

/** An agreement the client found, with its hash and where its proposal is. */
export type KnownAgreement = {
  agreement: InvoiceAgreement;
  hash: Hash;
  /** The block of its `InvoiceProposed` event: the invoice's other events are from here on. */
  blockNumber: number;
  transactionHash: string;
  total: bigint;
};

/** The sum of an agreement's milestone amounts. */
export function totalOf(agreement: InvoiceAgreement): bigint {
  return agreement.milestones.reduce((sum, m) => sum + m.amount, 0n);
}

/** Keeps what a proposal's event says, for the later calls on its invoice. */
export function remember(
  ctx: EscrowContext,
  id: bigint,
  found: Omit<KnownAgreement, "hash">,
): KnownAgreement {
  const known = { ...found, hash: hashAgreement(found.agreement) };
  ctx.agreements.set(id, known);
  return known;
}

/**
 * The `InvoiceProposed` event of invoice `id` since `fromBlock`, as a {@link KnownAgreement}
 * (kept for later calls); undefined when there is none in that range.
 */
export async function findProposal(
  ctx: EscrowContext,
  id: bigint,
  fromBlock: number,
): Promise<KnownAgreement | undefined> {
  const c = ctx.contract;
  const provider = ctx.provider();
  const toBlock = await ctx.read(() => provider.getBlockNumber());
  const [event] = await ctx.read(() =>
    queryToLatest(
      (from, to) => c.queryFilter(c.filters.InvoiceProposed(id), from, to),
      fromBlock,
      toBlock,
    ),
  );
  if (event === undefined) return undefined;
  return remember(ctx, id, {
    agreement: agreementFromEvent(event.args.invoice as unknown as Result),
    blockNumber: event.blockNumber,
    transactionHash: event.transactionHash,
    total: event.args.total,
  });
}

/** The escrow's record of invoice `id` (refused with `InvoiceEscrowUnknownInvoice` if none). */
export async function readRecord(ctx: EscrowContext, id: bigint): Promise<StoredRecord> {
  return ctx.read(() => ctx.contract.invoiceRecord(id));
}

/**
 * The agreement of invoice `id`: the caller's (`given`), else the one the client keeps, else the
 * one its `InvoiceProposed` event gives (from the client's start block). With the escrow's
 * `record` at hand, a kept agreement that no longer hashes to it is looked up again, and a
 * caller's that does not is refused before anything is sent. No proposal found: an invoice that
 * does not exist is refused as the escrow refuses it (`InvoiceEscrowUnknownInvoice`); one that
 * does but whose proposal is before the start block, with a sentence saying so.
 */
export async function agreementOf(
  ctx: EscrowContext,
  id: bigint,
  given: InvoiceAgreement | undefined,
  record?: StoredRecord,
): Promise<InvoiceAgreement> {
  if (given !== undefined) {
    given = normalised(given);
    const hash = hashAgreement(given);
    if (record !== undefined && record.termsHash.toLowerCase() !== hash) {
      throw new InputError(
        InputErrorCode.InvalidHash,
        `The agreement given for invoice ${id} hashes to ${hash}, not to the ` +
          `${record.termsHash.toLowerCase()} the escrow stored: take it from the invoice's ` +
          "InvoiceProposed event (or omit it, and the client finds it).",
        { field: "agreement" },
      );
    }
    return given;
  }
  return (await knownAgreement(ctx, id, record)).agreement;
}

/** As {@link agreementOf} without a caller's agreement, with where its proposal is. */
export async function knownAgreement(
  ctx: EscrowContext,
  id: bigint,
  record?: StoredRecord,
): Promise<KnownAgreement> {
  const kept = ctx.agreements.get(id);
  if (
    kept !== undefined &&
    (record === undefined || record.termsHash.toLowerCase() === kept.hash)
  ) {
    return kept;
  }
  const found = await findProposal(ctx, id, ctx.fromBlock);
  if (found !== undefined) return found;
  ctx.agreements.delete(id);
  await readRecord(ctx, id); // refuses an invoice that does not exist
  throw new InputError(
    InputErrorCode.InvalidBlock,
    `Invoice ${id} exists, but its InvoiceProposed event is not in the blocks searched (from ` +
      `block ${ctx.fromBlock}): build the client from the address book (its startBlock), or ` +
      "pass the invoice's agreement.",
    { field: "invoiceId" },
  );
}

/**
 * Sends a call that passes invoice `id`'s agreement: an agreement the client kept is forgotten
 * when the escrow refuses it as not the one stored (the chain was reset or reorganised), so that
 * the next call looks it up again.
 */
export async function withAgreement<T>(
  ctx: EscrowContext,
  id: bigint,
  given: InvoiceAgreement | undefined,
  send: (agreement: InvoiceAgreement) => Promise<T>,
): Promise<T> {
  const agreement = await agreementOf(ctx, id, given);
  try {
    return await send(agreement);
  } catch (error) {
    if (given === undefined && isRevertOf(error, "InvoiceEscrowWrongTerms")) {
      ctx.agreements.delete(id);
    }
    throw error;
  }
}
