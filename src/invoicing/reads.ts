/**
 * The invoices client's reads: an invoice as it stands now (rebuilt from its agreement, the
 * escrow's record and its events), its terms and payments from its events, and what the escrow
 * owes (from its events). A read of an invoice that does not exist returns undefined.
 */
import { type Result, toBeHex, ZeroAddress, zeroPadValue } from "ethers";
import { assertInvariant, isRevertOf } from "../core/errors.js";
import { checkFromBlock, inLogOrder, queryToLatest } from "../core/events.js";
import type { Hash } from "../core/hashing.js";
import { toAddress, forField } from "../core/validate.js";
import type { InvoiceEscrow } from "../contracts.js";
import {
  agreementFromEvent,
  findProposal,
  knownAgreement,
  readRecord,
  remember,
} from "./agreement.js";
import type { EscrowContext } from "./context.js";
import { INVOICE_STATES, MILESTONE_KINDS, MILESTONE_STATES, toInvoiceId } from "./encodings.js";
import type {
  Invoice,
  InvoiceAgreement,
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
      queryToLatest(
        (from, to) => c.queryFilter(c.filters.MilestoneReleased(id), from, to),
        fromBlock,
        toBlock,
      ),
      queryToLatest(
        (from, to) => c.queryFilter(c.filters.MilestoneRefunded(id), from, to),
        fromBlock,
        toBlock,
      ),
      queryToLatest((from, to) => c.queryFilter(c.filters.Ruled(id), from, to), fromBlock, toBlock),
      queryToLatest(
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
 * An invoice's terms rebuilt from its proposal's event since `fromBlock` (use the address
 * book's `startBlock`), without reading the escrow; undefined when no such proposal was found.
 */
export async function proposal(
  ctx: EscrowContext,
  { invoiceId, fromBlock }: InvoiceEventsParameters,
): Promise<InvoiceProposal | undefined> {
  const id = forField("invoiceId", () => toInvoiceId(invoiceId));
  forField("fromBlock", () => checkFromBlock(fromBlock));
  const found = await findProposal(ctx, id, fromBlock);
  if (found === undefined) return undefined;
  const { agreement, total, blockNumber, transactionHash } = found;
  return {
    id,
    ...partiesAndTerms(agreement),
    total,
    milestones: agreement.milestones.map((m, index) => {
      const kind = MILESTONE_KINDS[m.kind];
      assertInvariant(kind !== undefined, `unknown milestone kind ${m.kind}`);
      return {
        index,
        kind,
        amount: m.amount,
        quantity: m.quantity,
        spec: kind === "delivery" ? (m.specHash.toLowerCase() as Hash) : undefined,
      };
    }),
    blockNumber,
    transactionHash,
  };
}

/**
 * The agreement of an invoice (see {@link InvoiceAgreement}): the one the client keeps, or the
 * one its `InvoiceProposed` event gives; undefined when no invoice has this id.
 */
export async function agreement(
  ctx: EscrowContext,
  invoiceId: InvoiceIdParameter,
): Promise<InvoiceAgreement | undefined> {
  const id = forField("invoiceId", () => toInvoiceId(invoiceId));
  try {
    return (await knownAgreement(ctx, id)).agreement;
  } catch (error) {
    if (isRevertOf(error, "InvoiceEscrowUnknownInvoice")) return undefined;
    throw error;
  }
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

/**
 * How much of `token` the escrow owes in all, reckoned from its events since the client's start
 * block (the escrow keeps no running total): every invoice in `token` funded, less what it paid
 * (releases, rulings' shares, refunds), plus what it credited instead of paying (a token's
 * refusal) less what was withdrawn of that.
 */
export async function liabilities(ctx: EscrowContext, token: string): Promise<bigint> {
  const t = forField("token", () => toAddress(token, "token address"));
  const c = ctx.contract;
  const provider = ctx.provider();
  const toBlock = await ctx.read(() => provider.getBlockNumber());
  const all = <T>(query: (from: number, to: number | "latest") => Promise<T[]>) =>
    queryToLatest(query, ctx.fromBlock, toBlock);
  const [proposed, funded, released, refunded, deferred, withdrawn] = await ctx.read(() =>
    Promise.all([
      all((from, to) => c.queryFilter(c.filters.InvoiceProposed(), from, to)),
      all((from, to) => c.queryFilter(c.filters.InvoiceFunded(), from, to)),
      all((from, to) => c.queryFilter(c.filters.MilestoneReleased(), from, to)),
      all((from, to) => c.queryFilter(c.filters.MilestoneRefunded(), from, to)),
      all((from, to) => c.queryFilter(c.filters.PaymentDeferred(undefined, t), from, to)),
      all((from, to) => c.queryFilter(c.filters.Withdrawn(undefined, t), from, to)),
    ]),
  );
  const inToken = new Set<bigint>();
  for (const event of proposed) {
    const found = remember(ctx, event.args.invoiceId, {
      agreement: agreementFromEvent(event.args.invoice as unknown as Result),
      blockNumber: event.blockNumber,
      transactionHash: event.transactionHash,
      total: event.args.total,
    });
    if (found.agreement.terms.token === t) inToken.add(event.args.invoiceId);
  }
  const sum = <E extends { args: { invoiceId: bigint } }>(events: E[], of: (e: E) => bigint) =>
    events.filter((e) => inToken.has(e.args.invoiceId)).reduce((total, e) => total + of(e), 0n);
  return (
    sum(funded, (e) => e.args.amount) -
    sum(released, (e) => e.args.toPayee + e.args.toPayer) -
    sum(refunded, (e) => e.args.amount) +
    deferred.reduce((total, e) => total + e.args.amount, 0n) -
    withdrawn.reduce((total, e) => total + e.args.amount, 0n)
  );
}

/** The escrow's events of one invoice that the view of it needs, from its proposal's block. */
const INVOICE_EVENTS = [
  "InvoiceFunded",
  "MilestoneReleased",
  "MilestoneRefunded",
  "Delivered",
] as const;

/**
 * An invoice that exists, rebuilt: its agreement (from its `InvoiceProposed` event, kept by the
 * client), its state and its milestones' states (the escrow's record and `milestone` views), who
 * is paid (`payee`), and from its other events when it was funded, what each milestone paid and
 * each delivery's lateness penalty. Refused by the escrow when there is no such invoice.
 */
export async function loadInvoice(ctx: EscrowContext, id: bigint): Promise<Invoice> {
  const record = await readRecord(ctx, id);
  const known = await knownAgreement(ctx, id, record);
  const { agreement: agreed, total } = known;
  const count = agreed.milestones.length;
  const state = INVOICE_STATES[Number(record.state)];
  assertInvariant(
    state !== undefined,
    `the escrow reports an unknown invoice state ${record.state}`,
  );
  const funded = state === "funded" || state === "settled";
  const iface = ctx.contract.interface;
  const topics = INVOICE_EVENTS.map((name) => iface.getEvent(name)!.topicHash);
  const idTopic = zeroPadValue(toBeHex(id), 32);
  const provider = ctx.provider();
  const [milestones, payee, logs] = await ctx.read(async () =>
    Promise.all([
      Promise.all(Array.from({ length: count }, (_, i) => ctx.contract.milestone(id, i))),
      funded ? ctx.contract.payee(id) : Promise.resolve(undefined),
      funded
        ? queryToLatest(
            (fromBlock, toBlock) =>
              provider.getLogs({
                address: ctx.address,
                topics: [topics, idTopic],
                fromBlock,
                toBlock,
              }),
            known.blockNumber,
            await provider.getBlockNumber(),
          )
        : Promise.resolve([]),
    ]),
  );
  let fundedBlock: number | undefined;
  let released = 0n;
  let refunded = 0n;
  const penalties = new Map<number, bigint>();
  for (const log of logs) {
    const event = iface.parseLog(log);
    if (event === null) continue;
    if (event.name === "InvoiceFunded") fundedBlock = log.blockNumber;
    if (event.name === "MilestoneReleased") {
      released += event.args.toPayee as bigint;
      refunded += event.args.toPayer as bigint;
    }
    if (event.name === "MilestoneRefunded") refunded += event.args.amount as bigint;
    if (event.name === "Delivered") {
      penalties.set(Number(event.args.index), event.args.penalty as bigint);
    }
  }
  let fundedAt: bigint | undefined;
  if (funded) {
    assertInvariant(fundedBlock !== undefined, `invoice ${id} is ${state} but was never funded`);
    const block = await ctx.read(() => provider.getBlock(fundedBlock as number));
    assertInvariant(block !== null, `the chain has no block ${fundedBlock}`);
    fundedAt = BigInt(block.timestamp);
  }
  return {
    id,
    state,
    ...partiesAndTerms(agreed),
    receivableHolder: payee,
    receivableAssigned: record.assigned,
    fundedAt,
    openMilestones: Number(record.openMilestones),
    milestones: milestones.map((m, index) =>
      toMilestone(m, agreed.milestones[index]!, index, penalties.get(index) ?? 0n),
    ),
    funds: {
      total,
      released,
      refunded,
      held: funded ? total - released - refunded : 0n,
    },
  };
}

/** The parties and terms of an agreement as the SDK's views show them (no arbiter: undefined). */
function partiesAndTerms(agreement: InvoiceAgreement) {
  const { terms } = agreement;
  return {
    supplier: agreement.supplier,
    payer: terms.payer,
    token: terms.token,
    arbiter: terms.arbiter === ZeroAddress ? undefined : terms.arbiter,
    dueDate: terms.dueDate,
    acceptanceWindow: terms.acceptanceWindow,
    gracePeriod: terms.gracePeriod,
    rulingPeriod: terms.rulingPeriod,
    penaltyPerDay: terms.penaltyPerDay,
    penaltyCap: terms.penaltyCap,
  };
}

function toMilestone(
  m: Awaited<ReturnType<InvoiceEscrow["milestone"]>>,
  agreed: InvoiceAgreement["milestones"][number],
  index: number,
  penalty: bigint,
): InvoiceMilestone {
  const kind = MILESTONE_KINDS[agreed.kind];
  const state = MILESTONE_STATES[Number(m.state)];
  assertInvariant(kind !== undefined, `the agreement has an unknown milestone kind ${agreed.kind}`);
  assertInvariant(state !== undefined, `the escrow reports an unknown milestone state ${m.state}`);
  const timed = state === "delivered" || state === "disputed";
  return {
    index,
    kind,
    state,
    amount: agreed.amount,
    quantity: agreed.quantity,
    spec: kind === "delivery" ? (agreed.specHash.toLowerCase() as Hash) : undefined,
    deadline: timed ? m.deadline : undefined,
    penalty,
    disputedFrom: state === "disputed" ? MILESTONE_STATES[Number(m.disputedFrom)] : undefined,
  };
}
