/**
 * The invoices client's reads: an invoice as it stands now, its terms and payments from its
 * events, and what the escrow owes. A read of an invoice that does not exist returns undefined.
 */
import { ZeroAddress } from "ethers";
import { assertInvariant, isRevertOf } from "../core/errors.js";
import { checkFromBlock, inLogOrder, queryInPages } from "../core/events.js";
import type { Hash } from "../core/hashing.js";
import { toAddress, forField } from "../core/validate.js";
import type { InvoiceEscrow } from "../contracts.js";
import type { EscrowContext } from "./context.js";
import { INVOICE_STATES, MILESTONE_KINDS, MILESTONE_STATES, toInvoiceId } from "./encodings.js";
import type {
  Invoice,
  InvoiceEventsParameters,
  InvoiceIdParameter,
  InvoiceMilestone,
  InvoiceOwedParameters,
  InvoicePayment,
  InvoiceProposal,
} from "./types.js";

/**
 * An invoice as it stands now, with its milestones, who holds its receivable and where every
 * token of it is; undefined when no invoice has this id.
 */
export async function getInvoice(
  ctx: EscrowContext,
  invoiceId: InvoiceIdParameter,
): Promise<Invoice | undefined> {
  const id = forField("invoiceId", () => toInvoiceId(invoiceId));
  try {
    return await loadInvoice(ctx, id);
  } catch (error) {
    if (isRevertOf(error, "InvoiceEscrowUnknownInvoice")) return undefined;
    throw error;
  }
}

/**
 * The payments of an invoice since `fromBlock` (use the address book's `startBlock`), from its
 * `MilestoneReleased`, `MilestoneRefunded` and `PaymentDeferred` events, in chain order: who
 * was paid what, and which of those payments the token refused and the escrow credited
 * instead (`deferred`, right after the release or refund it belongs to).
 */
export async function payments(
  ctx: EscrowContext,
  { invoiceId, fromBlock }: InvoiceEventsParameters,
): Promise<InvoicePayment[]> {
  const id = forField("invoiceId", () => toInvoiceId(invoiceId));
  forField("fromBlock", () => checkFromBlock(fromBlock));
  const provider = ctx.provider();
  const toBlock = await ctx.read(() => provider.getBlockNumber());
  const c = ctx.contract;
  const [released, refunded, ruled, deferred] = await ctx.read(() =>
    Promise.all([
      queryInPages(
        (from, to) => c.queryFilter(c.filters.MilestoneReleased(id), from, to),
        fromBlock,
        toBlock,
      ),
      queryInPages(
        (from, to) => c.queryFilter(c.filters.MilestoneRefunded(id), from, to),
        fromBlock,
        toBlock,
      ),
      queryInPages((from, to) => c.queryFilter(c.filters.Ruled(id), from, to), fromBlock, toBlock),
      queryInPages(
        (from, to) => c.queryFilter(c.filters.PaymentDeferred(id), from, to),
        fromBlock,
        toBlock,
      ),
    ]),
  );
  const rulings = new Set(ruled.map((e) => `${e.transactionHash}:${e.args.index}`));
  return inLogOrder<InvoicePayment>([
    ...released.map((e) => ({
      kind: "release" as const,
      index: Number(e.args.index),
      payee: e.args.payee,
      toPayee: e.args.toPayee,
      toPayer: e.args.toPayer,
      ruled: rulings.has(`${e.transactionHash}:${e.args.index}`),
      blockNumber: e.blockNumber,
      transactionHash: e.transactionHash,
      position: e,
    })),
    ...refunded.map((e) => ({
      kind: "refund" as const,
      index: Number(e.args.index),
      toPayer: e.args.amount,
      blockNumber: e.blockNumber,
      transactionHash: e.transactionHash,
      position: e,
    })),
    ...deferred.map((e) => ({
      kind: "deferred" as const,
      account: e.args.account,
      amount: e.args.amount,
      blockNumber: e.blockNumber,
      transactionHash: e.transactionHash,
      position: e,
    })),
  ]);
}

/**
 * An invoice's terms rebuilt from its proposal's events since `fromBlock` (use the address
 * book's `startBlock`), without reading the invoice's storage; undefined when no such
 * proposal was found.
 */
export async function proposal(
  ctx: EscrowContext,
  { invoiceId, fromBlock }: InvoiceEventsParameters,
): Promise<InvoiceProposal | undefined> {
  const id = forField("invoiceId", () => toInvoiceId(invoiceId));
  forField("fromBlock", () => checkFromBlock(fromBlock));
  const provider = ctx.provider();
  const toBlock = await ctx.read(() => provider.getBlockNumber());
  const c = ctx.contract;
  const [proposed, milestones] = await ctx.read(() =>
    Promise.all([
      queryInPages(
        (from, to) => c.queryFilter(c.filters.InvoiceProposed(id), from, to),
        fromBlock,
        toBlock,
      ),
      queryInPages(
        (from, to) => c.queryFilter(c.filters.MilestoneProposed(id), from, to),
        fromBlock,
        toBlock,
      ),
    ]),
  );
  const [event] = proposed;
  if (event === undefined) return undefined;
  const { supplier, payer, terms, total } = event.args;
  return {
    id,
    supplier,
    payer,
    token: terms.token,
    arbiter: terms.arbiter === ZeroAddress ? undefined : terms.arbiter,
    dueDate: terms.dueDate,
    acceptanceWindow: terms.acceptanceWindow,
    gracePeriod: terms.gracePeriod,
    rulingPeriod: terms.rulingPeriod,
    penaltyPerDay: terms.penaltyPerDay,
    penaltyCap: terms.penaltyCap,
    total,
    milestones: milestones
      .filter((m) => m.transactionHash === event.transactionHash)
      .map((m) => {
        const kind = MILESTONE_KINDS[Number(m.args.kind)];
        assertInvariant(kind !== undefined, `unknown milestone kind ${m.args.kind}`);
        return {
          index: Number(m.args.index),
          kind,
          amount: m.args.amount,
          quantity: m.args.quantity,
          spec: kind === "delivery" ? (m.args.specHash.toLowerCase() as Hash) : undefined,
        };
      })
      .sort((a, b) => a.index - b.index),
    blockNumber: event.blockNumber,
    transactionHash: event.transactionHash,
  };
}

/**
 * What an invoice credited to `account`, in the invoice's token: payments the token refused to
 * deliver.
 */
export async function owed(
  ctx: EscrowContext,
  { invoiceId, account }: InvoiceOwedParameters,
): Promise<bigint> {
  const id = forField("invoiceId", () => toInvoiceId(invoiceId));
  const who = forField("account", () => toAddress(account, "account address"));
  return ctx.read(() => ctx.contract.owed(id, who));
}

/** How much of `token` the escrow owes in all: held for invoices plus credited. */
export async function liabilities(ctx: EscrowContext, token: string): Promise<bigint> {
  const t = forField("token", () => toAddress(token, "token address"));
  return ctx.read(() => ctx.contract.liabilities(t));
}

/** An invoice that exists, read from the escrow's storage (refused by the escrow otherwise). */
export async function loadInvoice(ctx: EscrowContext, id: bigint): Promise<Invoice> {
  const stored = await ctx.read(() => ctx.contract.invoice(id));
  const count = Number(stored.milestoneCount);
  const state = INVOICE_STATES[Number(stored.state)];
  assertInvariant(
    state !== undefined,
    `the escrow reports an unknown invoice state ${stored.state}`,
  );
  const minted = state === "funded" || state === "settled";
  const [milestones, holder] = await ctx.read(() =>
    Promise.all([
      Promise.all(Array.from({ length: count }, (_, i) => ctx.contract.milestone(id, i))),
      minted ? ctx.contract.ownerOf(id) : Promise.resolve(undefined),
    ]),
  );
  return {
    id,
    state,
    supplier: stored.supplier,
    payer: stored.payer,
    token: stored.token,
    arbiter: stored.arbiter === ZeroAddress ? undefined : stored.arbiter,
    dueDate: stored.dueDate,
    acceptanceWindow: stored.acceptanceWindow,
    gracePeriod: stored.gracePeriod,
    rulingPeriod: stored.rulingPeriod,
    penaltyPerDay: stored.penaltyPerDay,
    penaltyCap: stored.penaltyCap,
    receivableHolder: holder,
    fundedAt: minted ? stored.fundedAt : undefined,
    openMilestones: Number(stored.openMilestones),
    milestones: milestones.map((m, index) => toMilestone(m, index)),
    funds: {
      total: stored.total,
      released: stored.released,
      refunded: stored.refunded,
      held: minted ? stored.total - stored.released - stored.refunded : 0n,
    },
  };
}

function toMilestone(
  m: Awaited<ReturnType<InvoiceEscrow["milestone"]>>,
  index: number,
): InvoiceMilestone {
  const kind = MILESTONE_KINDS[Number(m.kind)];
  const state = MILESTONE_STATES[Number(m.state)];
  assertInvariant(kind !== undefined, `the escrow reports an unknown milestone kind ${m.kind}`);
  assertInvariant(state !== undefined, `the escrow reports an unknown milestone state ${m.state}`);
  const timed = state === "delivered" || state === "disputed";
  return {
    index,
    kind,
    state,
    amount: m.amount,
    quantity: m.quantity,
    spec: kind === "delivery" ? (m.specHash.toLowerCase() as Hash) : undefined,
    deadline: timed ? m.deadline : undefined,
    penalty: m.penalty,
    disputedFrom: state === "disputed" ? MILESTONE_STATES[Number(m.disputedFrom)] : undefined,
  };
}
