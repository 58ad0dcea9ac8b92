/** Pure formatting of invoices and their milestones for the command line. */
import {
  type DeliverResult,
  formatDuration,
  formatPartId,
  formatTime,
  type Invoice,
  type InvoiceMilestone,
  type InvoicePayment,
  type MilestoneRelease,
  type MilestoneStateName,
  type TokenInfo,
  type TxResult,
} from "../../src/index.js";
import { type Credit, formatMoney, formatTx, parts, plural, when } from "../shared/format.js";

// -----------------------------------------------------------------------------------------------
// Invoices
// -----------------------------------------------------------------------------------------------

export function formatInvoiceProposed(
  proposed: {
    invoiceId: bigint;
    payer: string;
    total: bigint;
    milestones: number;
    dueDate: Date | bigint;
    arbiter: string | undefined;
  },
  token: TokenInfo,
  tx: TxResult,
): string {
  return formatTx(
    `Proposed invoice ${proposed.invoiceId} to ${proposed.payer}: ${formatMoney(proposed.total, token)} ` +
      `in ${plural(proposed.milestones, "milestone", "milestones")}, due ${when(proposed.dueDate)}, ` +
      `${proposed.arbiter === undefined ? "with no arbiter" : `arbiter ${proposed.arbiter}`}; ` +
      "the payer agrees by funding it",
    tx,
  );
}

/** A funding, as `fund` and `fundWithPermit` report it. */
export type InvoiceFunded = { invoiceId: bigint; amount: bigint; supplier: string };

export function formatInvoiceFunded(
  funded: InvoiceFunded,
  token: TokenInfo,
  permit: boolean,
  tx: TxResult,
): string {
  return formatTx(
    `Funded invoice ${funded.invoiceId}${permit ? " with a permit" : ""}: ` +
      `${formatMoney(funded.amount, token)} locked in escrow; payments go to the supplier ` +
      `${funded.supplier} until it assigns the receivable`,
    tx,
  );
}

export function formatInvoiceCancelled(invoiceId: bigint, tx: TxResult): string {
  return formatTx(`Cancelled proposed invoice ${invoiceId}`, tx);
}

/** What a milestone's release paid, from its `MilestoneReleased` event. */
function released(release: MilestoneRelease, token: TokenInfo): string {
  return (
    `${formatMoney(release.toPayee, token)} released to ${release.payee}` +
    (release.toPayer === 0n ? "" : ` and ${formatMoney(release.toPayer, token)} back to the payer`)
  );
}

/** A milestone's release, as `approveMilestone`, `acceptDelivery` and `claim` report it. */
export type Released = { invoiceId: bigint; release: MilestoneRelease };

export function formatMilestoneApproved(
  { invoiceId, release }: Released,
  token: TokenInfo,
  tx: TxResult,
): string {
  return formatTx(
    `Approved milestone ${release.index} of invoice ${invoiceId}: ${released(release, token)}`,
    tx,
  );
}

/** One per-part approval a delivery sent: the escrow may move this part, and no other. */
export function formatPartApproved(escrow: string, partId: bigint, tx: TxResult): string {
  return formatTx(
    `Approved the escrow ${escrow} to move part ${formatPartId(partId)} on the parts registry ` +
      "(this part only; the approval lapses when it moves)",
    tx,
  );
}

/** A delivery, as `deliver` reports it. */
export type Delivered = Pick<
  DeliverResult,
  "payer" | "amount" | "penalty" | "heldUntil" | "release"
> & {
  invoiceId: bigint;
};

export function formatDelivered(
  delivered: Delivered,
  index: number,
  partIds: readonly bigint[],
  token: TokenInfo,
  tx: TxResult,
): string {
  const what = `Delivered ${parts(partIds.length)} against milestone ${index} of invoice ${delivered.invoiceId} to the payer ${delivered.payer}`;
  const penalty =
    delivered.penalty === 0n
      ? ""
      : `, less a lateness penalty of ${formatMoney(delivered.penalty, token)}`;
  if (delivered.release !== undefined) {
    return formatTx(`${what}; ${released(delivered.release, token)}${penalty}`, tx);
  }
  return formatTx(
    `${what}; ${formatMoney(delivered.amount - delivered.penalty, token)}${penalty} is held until ` +
      `${formatTime(delivered.heldUntil ?? 0n)} for the payer to accept or reject`,
    tx,
  );
}

export function formatDeliveryAccepted(
  { invoiceId, release }: Released,
  token: TokenInfo,
  tx: TxResult,
): string {
  return formatTx(
    `Accepted the delivery against milestone ${release.index} of invoice ${invoiceId}: ` +
      released(release, token),
    tx,
  );
}

export function formatClaimed(
  { invoiceId, release }: Released,
  token: TokenInfo,
  tx: TxResult,
): string {
  return formatTx(
    `Claimed the delivery against milestone ${release.index} of invoice ${invoiceId} after its ` +
      `acceptance window: ${released(release, token)}`,
    tx,
  );
}

export function formatDisputeOpened(
  verb: "Rejected the delivery against" | "Disputed",
  invoice: Invoice,
  index: number,
  reasonHash: string,
  tx: TxResult,
): string {
  const deadline = invoice.milestones[index]?.deadline;
  const ruling =
    invoice.arbiter === undefined
      ? "the invoice has no arbiter, so the dispute lapses"
      : `the arbiter ${invoice.arbiter} can rule until`;
  return formatTx(
    `${verb} milestone ${index} of invoice ${invoice.id} for the reason hashed ${reasonHash}; ` +
      `${ruling} ${formatTime(deadline ?? 0n)}`,
    tx,
  );
}

/** A ruling, as `rule` reports it. */
export type Ruled = { invoiceId: bigint; payer: string; release: MilestoneRelease };

export function formatRuled(ruled: Ruled, token: TokenInfo, tx: TxResult): string {
  const { index, payee, toPayee, toPayer } = ruled.release;
  return formatTx(
    `Ruled on milestone ${index} of invoice ${ruled.invoiceId}: ${formatMoney(toPayee, token)} to ` +
      `${payee} and ${formatMoney(toPayer, token)} back to the payer ${ruled.payer}`,
    tx,
  );
}

export function formatDisputeLapsed(
  invoiceId: bigint,
  index: number,
  restored: MilestoneStateName,
  tx: TxResult,
): string {
  const back =
    restored === "delivered" ? "delivered, and its payment can be claimed at once" : restored;
  return formatTx(
    `Let the dispute on milestone ${index} of invoice ${invoiceId} lapse with no ruling: it is ` +
      `back to ${back}`,
    tx,
  );
}

export function formatReclaimed(
  invoiceId: bigint,
  refunded: bigint,
  payer: string,
  token: TokenInfo,
  tx: TxResult,
): string {
  return formatTx(
    `Refunded ${formatMoney(refunded, token)} of invoice ${invoiceId} to the payer ${payer}: ` +
      "every milestone still pending after the due date and grace period",
    tx,
  );
}

export function formatInvoiceWithdrawn(
  invoiceId: bigint,
  amount: bigint,
  to: string,
  token: TokenInfo,
  tx: TxResult,
): string {
  return formatTx(
    `Withdrew ${formatMoney(amount, token)} credited to you by invoice ${invoiceId}, to ${to}`,
    tx,
  );
}

export function formatReceivableAssigned(invoiceId: bigint, holder: string, tx: TxResult): string {
  return formatTx(
    `Assigned the receivable of invoice ${invoiceId} to ${holder}, who is paid from now on`,
    tx,
  );
}

export function formatReceivableTransferred(invoiceId: bigint, to: string, tx: TxResult): string {
  return formatTx(
    `Transferred the receivable of invoice ${invoiceId} to ${to}, who is paid from now on`,
    tx,
  );
}

function milestoneLine(m: InvoiceMilestone, token: TokenInfo): string {
  const what =
    m.kind === "approval" ? "approval" : `delivery of ${parts(m.quantity)} of ${m.spec ?? "?"}`;
  let state: string = m.state;
  if (m.state === "delivered") state = `delivered, held until ${formatTime(m.deadline ?? 0n)}`;
  if (m.state === "disputed") {
    state = `disputed (from ${m.disputedFrom ?? "?"}), ruling due by ${formatTime(m.deadline ?? 0n)}`;
  }
  const penalty = m.penalty === 0n ? "" : `, lateness penalty ${formatMoney(m.penalty, token)}`;
  return `  #${m.index}  ${formatMoney(m.amount, token)}  ${what}  ${state}${penalty}`;
}

/** Who holds the receivable and is paid, or why there is none yet. */
function receivableLine(invoice: Invoice): string {
  if (invoice.receivableAssigned) return `held by ${invoice.receivableHolder ?? "?"}, who is paid`;
  const paid = invoice.receivableHolder ?? invoice.supplier;
  return invoice.state === "funded"
    ? `not assigned: the supplier ${paid} is paid until it assigns it (invoice:assign ${invoice.id})`
    : invoice.state === "settled"
      ? `never assigned: the supplier ${paid} was paid`
      : "not assigned (the supplier assigns it once the invoice is funded)";
}

/**
 * An invoice as a block of text: its parties and terms, its milestones, and where every token of
 * it is (held in escrow, released to whom, refunded, credited but not yet withdrawn).
 */
export function formatInvoice(
  invoice: Invoice,
  token: TokenInfo,
  payments: readonly InvoicePayment[],
  credits: readonly Credit[],
): string {
  const money = (amount: bigint) => formatMoney(amount, token);
  const released = new Map<string, bigint>();
  for (const payment of payments) {
    if (payment.kind === "release" && payment.toPayee > 0n) {
      released.set(payment.payee, (released.get(payment.payee) ?? 0n) + payment.toPayee);
    }
  }
  const releasedTo = [...released].map(([payee, amount]) => `${money(amount)} to ${payee}`);
  const deferred = payments.flatMap((p) =>
    p.kind === "deferred" ? [`${money(p.amount)} to ${p.account}`] : [],
  );
  const owed = credits.filter((credit) => credit.amount > 0n);
  const lines = [
    `Invoice       ${invoice.id} (${invoice.state})`,
    `Supplier      ${invoice.supplier}`,
    `Payer         ${invoice.payer}`,
    `Receivable    ${receivableLine(invoice)}`,
    `Token         ${token.symbol || "?"} ${token.address} (${token.decimals} decimals)`,
    `Total         ${money(invoice.funds.total)} in ${plural(invoice.milestones.length, "milestone", "milestones")}`,
    `Due           ${formatTime(invoice.dueDate)}; deliveries taken until ${formatTime(invoice.dueDate + invoice.gracePeriod)}`,
    `Acceptance    ${invoice.acceptanceWindow === 0n ? "none: a delivery is paid at once" : `${formatDuration(invoice.acceptanceWindow)} to accept or reject a delivery`}`,
    `Arbiter       ${invoice.arbiter ?? "none"}; a dispute lapses after ${formatDuration(invoice.rulingPeriod)} without a ruling`,
    `Late penalty  ${invoice.penaltyPerDay === 0n ? "none" : `${money(invoice.penaltyPerDay)} per day late, at most ${money(invoice.penaltyCap)} per delivery`}${invoice.fundedAt !== undefined && invoice.fundedAt >= invoice.dueDate ? " (not charged: funded on or after the due date)" : ""}`,
    "",
    "Milestones",
    ...invoice.milestones.map((m) => milestoneLine(m, token)),
    "",
    `Where the ${money(invoice.funds.total)} are`,
    `  Held in escrow    ${invoice.state === "proposed" || invoice.state === "cancelled" ? `${money(0n)} (not funded)` : money(invoice.funds.held)}`,
    `  Released          ${money(invoice.funds.released)}${releasedTo.length === 0 ? "" : `: ${releasedTo.join(", ")}`}`,
    `  Refunded          ${money(invoice.funds.refunded)}${invoice.funds.refunded === 0n ? "" : ` to the payer ${invoice.payer}`}`,
    `  Deferred          ${deferred.length === 0 ? "none" : `${deferred.join(", ")} (part of the above: refused by the token, credited instead)`}`,
    `  Credited, unsent  ${owed.length === 0 ? "none" : `${owed.map((c) => `${money(c.amount)} to ${c.account}`).join(", ")} (withdraw with invoice:withdraw ${invoice.id})`}`,
  ];
  return lines.join("\n");
}

/** An invoice as plain JSON values: amounts in the token's smallest unit and times in ISO 8601. */
export function invoiceToJson(
  invoice: Invoice,
  token: TokenInfo,
  payments: readonly InvoicePayment[],
  credits: readonly Credit[],
): Record<string, unknown> {
  const time = (value: bigint | undefined) => (value === undefined ? null : formatTime(value));
  return {
    id: invoice.id.toString(),
    state: invoice.state,
    supplier: invoice.supplier,
    payer: invoice.payer,
    receivableHolder: invoice.receivableHolder ?? null,
    receivableAssigned: invoice.receivableAssigned,
    arbiter: invoice.arbiter ?? null,
    token: { address: token.address, symbol: token.symbol, decimals: token.decimals },
    dueDate: time(invoice.dueDate),
    lastDelivery: time(invoice.dueDate + invoice.gracePeriod),
    fundedAt: time(invoice.fundedAt),
    acceptanceWindow: invoice.acceptanceWindow.toString(),
    gracePeriod: invoice.gracePeriod.toString(),
    rulingPeriod: invoice.rulingPeriod.toString(),
    penaltyPerDay: invoice.penaltyPerDay.toString(),
    penaltyCap: invoice.penaltyCap.toString(),
    openMilestones: invoice.openMilestones,
    milestones: invoice.milestones.map((m) => ({
      index: m.index,
      kind: m.kind,
      state: m.state,
      amount: m.amount.toString(),
      quantity: m.quantity.toString(),
      spec: m.spec ?? null,
      deadline: time(m.deadline),
      penalty: m.penalty.toString(),
      disputedFrom: m.disputedFrom ?? null,
    })),
    funds: {
      total: invoice.funds.total.toString(),
      held: invoice.funds.held.toString(),
      released: invoice.funds.released.toString(),
      refunded: invoice.funds.refunded.toString(),
    },
    payments: payments.map((p) =>
      p.kind === "release"
        ? {
            kind: p.kind,
            index: p.index,
            payee: p.payee,
            toPayee: p.toPayee.toString(),
            toPayer: p.toPayer.toString(),
            ruled: p.ruled,
            blockNumber: p.blockNumber,
            transactionHash: p.transactionHash,
          }
        : p.kind === "refund"
          ? {
              kind: p.kind,
              index: p.index,
              toPayer: p.toPayer.toString(),
              blockNumber: p.blockNumber,
              transactionHash: p.transactionHash,
            }
          : {
              kind: p.kind,
              account: p.account,
              amount: p.amount.toString(),
              blockNumber: p.blockNumber,
              transactionHash: p.transactionHash,
            },
    ),
    credited: credits.map((c) => ({ account: c.account, amount: c.amount.toString() })),
  };
}
