/**
 * The escrow and the auction store an invoice or an order as the hash of what was agreed; every
 * call after the proposal passes the agreement back. Tests read it from the proposal's event,
 * as the SDK does.
 */
import type { Result } from "ethers";
import type {
  IInvoiceEscrow,
  IProcurementAuction,
  InvoiceEscrow,
  ProcurementAuction,
} from "../../src/typechain/index.js";

/** A decoded struct as a plain object (nested structs and arrays too). */
function plain<T>(value: unknown): T {
  if (Array.isArray(value) && typeof (value as Result).toObject === "function") {
    const result = value as Result;
    let keyed: Record<string, unknown> | undefined;
    try {
      keyed = result.toObject();
    } catch {
      keyed = undefined;
    }
    const keys = keyed === undefined ? [] : Object.keys(keyed);
    if (keys.length === 0 || keys.every((k) => /^_?\d+$/.test(k))) {
      return result.map((v: unknown) => plain(v)) as T;
    }
    return Object.fromEntries(keys.map((k) => [k, plain(keyed![k])])) as T;
  }
  return value as T;
}

/** Invoice `invoiceId` as agreed, from its `InvoiceProposed` event. */
export async function agreedInvoice(
  escrow: InvoiceEscrow,
  invoiceId: bigint | number,
): Promise<IInvoiceEscrow.InvoiceStruct> {
  const [event] = await escrow.queryFilter(escrow.filters.InvoiceProposed(invoiceId));
  if (event === undefined) throw new Error(`no invoice ${invoiceId} was proposed`);
  return plain<IInvoiceEscrow.InvoiceStruct>(event.args.invoice);
}

/** Order `orderId` as posted (its customer and terms), from its `OrderPosted` event. */
export async function postedOrder(
  auction: ProcurementAuction,
  orderId: bigint | number,
): Promise<IProcurementAuction.OrderStruct> {
  const [event] = await auction.queryFilter(auction.filters.OrderPosted(orderId));
  if (event === undefined) throw new Error(`no order ${orderId} was posted`);
  return {
    customer: event.args.customer,
    terms: plain<IProcurementAuction.OrderTermsStruct>(event.args.terms),
  };
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
