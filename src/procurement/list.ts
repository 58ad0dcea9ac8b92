/**
 * The list of the auction's orders, paged, by state: the candidates come from the auction's
 * `OrderPosted` events since `fromBlock` (use the address book's `startBlock`), in the order of
 * their ids; each is read as it stands now through {@link AuctionsClient}.
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
import { parseName } from "../core/validate.js";
import { ProcurementAuction__factory } from "../contracts.js";
import { AuctionsClient } from "./client.js";
import { ORDER_PHASES, type OrderPhaseName, toOrderId } from "./encodings.js";
import type { AuctionOrder } from "./types.js";

export type ListOrdersParameters = PageParameters<bigint | number | string> & {
  /** Where the event search starts: the address book's `startBlock`. */
  fromBlock: number;
  /** Only the orders in this state (phase): bidding, revealing, settling, awarded, closed or cancelled. */
  state?: string;
};

/** The states an order that exists can be in (every phase but `none`). */
const LISTED_STATES = ORDER_PHASES.filter((phase) => phase !== "none");

const ERRORS = [ProcurementAuction__factory.createInterface()];

/** Reads an order state name (`bidding`, `revealing`, ... `cancelled`), in any case. */
export function parseOrderState(input: string): OrderPhaseName {
  return parseName(input, LISTED_STATES, { one: "an order state", many: "states" });
}

/**
 * The auction's orders (from its `OrderPosted` events), in the order of their ids, each as it
 * stands now; with `state`, only those in that phase. `after` is the order id that ended the
 * previous page (its `next`). `source` may be an {@link AuctionsClient}, whose orders read so far
 * are reused.
 *
 * @example
 * const source = { address: book.contracts.ProcurementAuction, runner: provider };
 * const { items, next } = await listOrders(source, { fromBlock: book.startBlock, state: "bidding" });
 */
export async function listOrders(
  source: ListSource,
  params: ListOrdersParameters,
): Promise<Page<AuctionOrder, bigint>> {
  const state = optionalParameter(params.state, "state", parseOrderState);
  const limit = toPageLimit(params.limit);
  const after = optionalParameter(params.after, "after", (v) =>
    toOrderId(v, "order id to start after"),
  );
  const query = await listQuery(source, params.fromBlock, ERRORS);
  const client =
    source instanceof AuctionsClient
      ? source
      : new AuctionsClient(source.address, source.runner, { fromBlock: params.fromBlock });
  const auction = ProcurementAuction__factory.connect(client.address, source.runner);
  const events = await query((from, to) =>
    auction.queryFilter(auction.filters.OrderPosted(), from, to),
  );
  const ids = ascendingIds(events.map((e) => e.args.orderId));
  return fillPage(
    ids,
    startAfterId(ids, after, (id) => id),
    limit,
    async (id) => {
      const order = await client.getOrder(id);
      return order !== undefined && (state === undefined || order.phase === state)
        ? order
        : undefined;
    },
    (order) => order.id,
  );
}
