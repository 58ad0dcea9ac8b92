/**
 * Paging of the SDK's lists: a list is built from a contract's events (its keys, in a stable
 * order), each key read as it stands now and kept when it matches the list's filter. A page holds
 * at most `limit` items; its `next` is the cursor to pass as `after` for the page that follows.
 */
import type { ContractRunner, Provider } from "ethers";
import type { ErrorAbis } from "./decode.js";
import { InputError, InputErrorCode } from "./errors.js";
import { checkFromBlock, queryToLatest } from "./events.js";
import { read } from "./tx.js";
import { forField } from "./validate.js";

/** How many items a page holds when no limit is given, and at most. */
export const LIST_LIMITS = { defaultLimit: 20, maxLimit: 1000 } as const;

/** One page of a list: its items, and the cursor of the next page (undefined on the last). */
export type Page<T, C> = {
  items: T[];
  /** What to pass as `after` to read the next page; undefined when this page is the last. */
  next: C | undefined;
};

/** What every list takes for paging. */
export type PageParameters<C> = {
  /** At most this many items (1 to 1000); 20 when omitted. A string is read as a whole number. */
  limit?: bigint | number | string;
  /** The `next` of the previous page: the page starts after this item; the first page when omitted. */
  after?: C;
};

/**
 * Where a list reads from: a contract's address and a runner with a provider (a client of the
 * SDK, or `{ address: suite.participants.address, runner: signer }`).
 */
export type ListSource = { address: string; runner: ContractRunner };

/** The provider of a list's runner; a runner without one is refused with an {@link InputError}. */
export function listProvider(source: ListSource): Provider {
  const provider = source.runner.provider;
  if (provider === null || provider === undefined) {
    throw new InputError(
      InputErrorCode.MissingProvider,
      "This runner has no provider to read the chain with; connect it to a signer with a provider.",
    );
  }
  return provider;
}

/**
 * A list's optional parameter: undefined when it is not given, else `parse(value)`, whose
 * {@link InputError} names `field`.
 */
export function optionalParameter<T, R>(
  value: T | undefined,
  field: string,
  parse: (value: T) => R,
): R | undefined {
  return value === undefined ? undefined : forField(field, () => parse(value));
}

/**
 * The event search of a list: checks `fromBlock` (an {@link InputError} naming `fromBlock`),
 * reads the chain's height once, and returns a function that runs an event query from
 * `fromBlock` to that height in block ranges a node accepts, its failures decoded with `errors`.
 */
export async function listQuery(
  source: ListSource,
  fromBlock: number,
  errors: ErrorAbis,
): Promise<<T>(query: (from: number, to: number | "latest") => Promise<T[]>) => Promise<T[]>> {
  forField("fromBlock", () => checkFromBlock(fromBlock));
  const provider = listProvider(source);
  const height = await read(errors, () => provider.getBlockNumber());
  return (query) => read(errors, () => queryToLatest(query, fromBlock, height));
}

/** How many reads run at once while a page fills. */
const READS_AT_ONCE = 10;

/**
 * The number of items a page may hold: `limit` as a whole number from 1 to 1000, 20 when it is
 * undefined or empty; anything else is refused with an {@link InputError} naming `limit`.
 *
 * @example
 * toPageLimit(undefined); // 20
 * toPageLimit("50"); // 50
 */
export function toPageLimit(limit: bigint | number | string | undefined): number {
  if (limit === undefined || (typeof limit === "string" && limit.trim() === "")) {
    return LIST_LIMITS.defaultLimit;
  }
  const text = String(limit).trim();
  const value = /^\d+$/.test(text) ? BigInt(text) : undefined;
  if (value === undefined || value < 1n || value > BigInt(LIST_LIMITS.maxLimit)) {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The page size "${String(limit)}" is not a whole number from 1 to ${LIST_LIMITS.maxLimit}.`,
      { field: "limit" },
    );
  }
  return Number(value);
}

/**
 * Fills one page from `keys` (every candidate, in the list's order), starting at index `start`:
 * each key is read with `load`, which returns the item, or undefined when it does not match the
 * filter. It reads on until `limit` items match and one more item is known to follow (then
 * `next` is the cursor of the page's last item, by `cursorOf`), or the keys run out.
 */
export async function fillPage<K, T, C>(
  keys: readonly K[],
  start: number,
  limit: number,
  load: (key: K) => Promise<T | undefined>,
  cursorOf: (item: T) => C,
): Promise<Page<T, C>> {
  const found: T[] = [];
  for (let at = start; at < keys.length && found.length <= limit;) {
    const chunk = keys.slice(at, at + Math.min(READS_AT_ONCE, limit + 1 - found.length));
    at += chunk.length;
    for (const item of await Promise.all(chunk.map(load))) {
      if (item !== undefined) found.push(item);
    }
  }
  const items = found.slice(0, limit);
  const last = items.at(-1);
  return { items, next: found.length > limit && last !== undefined ? cursorOf(last) : undefined };
}

/**
 * Where a page that starts after `after` begins in `keys`: 0 without a cursor, else the index
 * after the key `same` finds; a cursor that is not in the list is refused with an
 * {@link InputError} naming `after`, with `code` and the sentence `what` ("participant 0x…").
 */
export function startAfter<K>(
  keys: readonly K[],
  after: K | undefined,
  same: (a: K, b: K) => boolean,
  code: InputErrorCode,
  what: string,
): number {
  if (after === undefined) return 0;
  const index = keys.findIndex((key) => same(key, after));
  if (index < 0) {
    throw new InputError(
      code,
      `No page starts after ${what}: it is not in the list. Pass the \`next\` of the previous page.`,
      { field: "after" },
    );
  }
  return index + 1;
}

/**
 * Where a page of keys in ascending id order starts after id `after`: at the first greater id
 * (0 without a cursor; the end when no id is greater, an empty page).
 */
export function startAfterId<K>(
  keys: readonly K[],
  after: bigint | undefined,
  idOf: (key: K) => bigint,
): number {
  if (after === undefined) return 0;
  const index = keys.findIndex((key) => idOf(key) > after);
  return index < 0 ? keys.length : index;
}

/** The distinct ids among `ids`, in ascending order: the order a list of ids pages in. */
export function ascendingIds(ids: Iterable<bigint>): bigint[] {
  return [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
