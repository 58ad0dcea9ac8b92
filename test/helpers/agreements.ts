/**
 * The escrow and the auction store an invoice or an order as the hash of what was agreed; every
 * call after the proposal passes the agreement back. Tests read it from the proposal's event,
 * as the SDK does.
 */
import type {
  IInvoiceEscrow,
  IProcurementAuction,
  InvoiceEscrow,
  ProcurementAuction,
} from "../../src/typechain/index.js";

/** The terms of an order, field by field, from a decoded `OrderTerms`. */
function orderTerms(
  t: IProcurementAuction.OrderTermsStructOutput,
): IProcurementAuction.OrderTermsStruct {
  return {
    specHash: t.specHash,
    quantity: t.quantity,
    requiredScheme: t.requiredScheme,
    maxUnitPrice: t.maxUnitPrice,
    token: t.token,
    biddingEnds: t.biddingEnds,
    revealEnds: t.revealEnds,
    deliveryBy: t.deliveryBy,
    bond: t.bond,
    secondPrice: t.secondPrice,
    arbiter: t.arbiter,
    acceptanceWindow: t.acceptanceWindow,
    gracePeriod: t.gracePeriod,
    rulingPeriod: t.rulingPeriod,
  };
}

/** Invoice `invoiceId` as agreed, from its `InvoiceProposed` event. */
export async function agreedInvoice(
  escrow: InvoiceEscrow,
  invoiceId: bigint | number,
): Promise<IInvoiceEscrow.InvoiceStruct> {
  const [event] = await escrow.queryFilter(escrow.filters.InvoiceProposed(invoiceId));
  if (event === undefined) throw new Error(`no invoice ${invoiceId} was proposed`);
  // Field by field: a decoded array of one struct does not convert to a plain array by itself.
  const { supplier, terms: t, milestones } = event.args.invoice;
  return {
    supplier,
    terms: {
      payer: t.payer,
      token: t.token,
      dueDate: t.dueDate,
      acceptanceWindow: t.acceptanceWindow,
      gracePeriod: t.gracePeriod,
      rulingPeriod: t.rulingPeriod,
      arbiter: t.arbiter,
      penaltyPerDay: t.penaltyPerDay,
      penaltyCap: t.penaltyCap,
    },
    milestones: milestones.map((m) => ({
      amount: m.amount,
      kind: m.kind,
      quantity: m.quantity,
      specHash: m.specHash,
    })),
  };
}

/** Order `orderId` as posted (its customer and terms), from its `OrderPosted` event. */
export async function postedOrder(
  auction: ProcurementAuction,
  orderId: bigint | number,
): Promise<IProcurementAuction.OrderStruct> {
  const [event] = await auction.queryFilter(auction.filters.OrderPosted(orderId));
  if (event === undefined) throw new Error(`no order ${orderId} was posted`);
  return { customer: event.args.customer, terms: orderTerms(event.args.terms) };
}

/** The sum of an invoice's milestone amounts. */
export function totalOf(invoice: IInvoiceEscrow.InvoiceStruct): bigint {
  return invoice.milestones.reduce((sum, m) => sum + BigInt(m.amount), 0n);
}

/**
 * What the escrow owes in `token`, from its events: every funded total, less every payment it
 * made (releases, rulings' shares and refunds), plus the payments it credited instead (deferred)
 * less what was withdrawn of them. The escrow keeps no running total: this is the test's.
 */
export async function escrowOwes(escrow: InvoiceEscrow, token: string): Promise<bigint> {
  const proposed = await escrow.queryFilter(escrow.filters.InvoiceProposed());
  const ofToken = new Set(
    proposed
      .filter((e) => String(e.args.invoice.terms.token).toLowerCase() === token.toLowerCase())
      .map((e) => e.args.invoiceId),
  );
  const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);
  const mine = <E extends { args: { invoiceId: bigint } }>(events: E[]) =>
    events.filter((e) => ofToken.has(e.args.invoiceId));
  const funded = mine(await escrow.queryFilter(escrow.filters.InvoiceFunded()));
  const released = mine(await escrow.queryFilter(escrow.filters.MilestoneReleased()));
  const refunded = mine(await escrow.queryFilter(escrow.filters.MilestoneRefunded()));
  const deferred = mine(await escrow.queryFilter(escrow.filters.PaymentDeferred()));
  const withdrawn = mine(await escrow.queryFilter(escrow.filters.Withdrawn()));
  return (
    sum(funded.map((e) => e.args.amount)) -
    sum(released.map((e) => e.args.toPayee + e.args.toPayer)) -
    sum(refunded.map((e) => e.args.amount)) +
    sum(deferred.map((e) => e.args.amount)) -
    sum(withdrawn.map((e) => e.args.amount))
  );
}
