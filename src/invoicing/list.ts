/**
 * The list of the escrow's invoices, paged, by party and state: the candidates come from the
 * escrow's `InvoiceProposed` events since `fromBlock` (use the address book's `startBlock`), in
 * the order of their ids; each is read as it stands now through {@link InvoicesClient}.
 */
import {
  ascendingIds,
  fillPage,
  type ListSource,
  listQuery,
  optionalParameter,
  type Page,
  type PageParameters,
  startAfterId,
  toPageLimit,
} from "../core/paging.js";
import { parseName, toAddress } from "../core/validate.js";
import { InvoiceEscrow__factory } from "../contracts.js";
import { InvoicesClient } from "./client.js";
import { INVOICE_STATES, type InvoiceStateName, toInvoiceId } from "./encodings.js";
import type { Invoice } from "./types.js";

export type ListInvoicesParameters = PageParameters<bigint | number | string> & {
  /** Where the event search starts: the address book's `startBlock`. */
  fromBlock: number;
  /**
   * Only the invoices this account is a party to: their supplier, payer or arbiter, or the
   * holder of their receivable.
   */
  party?: string;
  /** Only the invoices in this state: proposed, funded, settled or cancelled. */
  state?: string;
};

/** The states an invoice that exists can be in (every one but `none`). */
const LISTED_STATES = INVOICE_STATES.filter((state) => state !== "none");

const ERRORS = [InvoiceEscrow__factory.createInterface()];

/** Reads an invoice state name (`proposed`, `funded`, `settled`, `cancelled`), in any case. */
export function parseInvoiceState(input: string): InvoiceStateName {
  return parseName(input, LISTED_STATES, { one: "an invoice state", many: "states" });
}

/**
 * The escrow's invoices (from its `InvoiceProposed` events), in the order of their ids, each as
 * it stands now; with `party` or `state`, only those that match both. `after` is the invoice id
 * that ended the previous page (its `next`). `source` may be an {@link InvoicesClient}, whose
 * agreements found so far are reused.
 *
 * @example
 * const source = { address: book.contracts.InvoiceEscrow, runner: provider };
 * const { items, next } = await listInvoices(source, { fromBlock: book.startBlock, party, state: "funded" });
 */
export async function listInvoices(
  source: ListSource,
  params: ListInvoicesParameters,
): Promise<Page<Invoice, bigint>> {
  const party = optionalParameter(params.party, "party", (v) => toAddress(v, "party address"));
  const state = optionalParameter(params.state, "state", parseInvoiceState);
  const limit = toPageLimit(params.limit);
  const after = optionalParameter(params.after, "after", (v) =>
    toInvoiceId(v, "invoice id to start after"),
  );
  const query = await listQuery(source, params.fromBlock, ERRORS);
  const client =
    source instanceof InvoicesClient
      ? source
      : new InvoicesClient(source.address, source.runner, { fromBlock: params.fromBlock });
  const escrow = InvoiceEscrow__factory.connect(client.address, source.runner);
  const events = await query((from, to) =>
    escrow.queryFilter(escrow.filters.InvoiceProposed(), from, to),
  );
  const ids = ascendingIds(events.map((e) => e.args.invoiceId));
  return fillPage(
    ids,
    startAfterId(ids, after, (id) => id),
    limit,
    async (id) => {
      const invoice = await client.getInvoice(id);
      if (invoice === undefined) return undefined;
      const parties = [invoice.supplier, invoice.payer, invoice.arbiter, invoice.receivableHolder];
      const matches =
        (party === undefined || parties.includes(party)) &&
        (state === undefined || invoice.state === state);
      return matches ? invoice : undefined;
    },
    (invoice) => invoice.id,
  );
}
