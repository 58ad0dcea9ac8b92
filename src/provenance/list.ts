/**
 * Lists of the parts registry, paged: specifications (by maker), material batches (by holder)
 * and parts (by holder, maker, specification or status). Each list's candidates come from the
 * registry's events since `fromBlock` (use the address book's `startBlock`); each is read as it
 * stands now through {@link PartsClient} and kept when it matches every filter given.
 */
import { getAddress, ZeroAddress } from "ethers";
import { InputError, InputErrorCode } from "../core/errors.js";
import type { Hash } from "../core/hashing.js";
import {
  ascendingIds,
  fillPage,
  type ListSource,
  listQuery,
  optionalParameter,
  type Page,
  type PageParameters,
  startAfter,
  startAfterId,
  toPageLimit,
} from "../core/paging.js";
import { forField, parseName, toAddress, toHash } from "../core/validate.js";
import { PartRegistry__factory } from "../contracts.js";
import { PartsClient } from "./client.js";
import {
  PART_STATUSES,
  type PartStatusName,
  serialFromBytes32,
  toBatchId,
  toPartId,
} from "./encodings.js";
import type { Batch, Part, Specification } from "./types.js";

/** Where the event search of a list starts: the address book's `startBlock`. */
type FromBlock = { fromBlock: number };

export type ListSpecificationsParameters = FromBlock &
  PageParameters<bigint | number | string> & {
    /** Only the specifications this manufacturer defined. */
    maker?: string;
  };

export type ListBatchesParameters = FromBlock &
  PageParameters<bigint | number | string> & {
    /** Only the batches this account holds. */
    owner?: string;
  };

export type ListPartsParameters = FromBlock &
  PageParameters<bigint | number | string> & {
    /** Only the parts this account holds now. */
    owner?: string;
    /** Only the parts this manufacturer made. */
    maker?: string;
    /** Only the parts of this specification (its hash). */
    spec?: string;
    /** Only the parts in this status now: made, in-service, quarantined, returned, ... */
    status?: string;
  };

/** A part of a list: the part as it stands now, with the serial marked on it. */
export type ListedPart = Part & {
  /** The serial as marked on the part (hex when it is not readable text). */
  serial: string;
};

const ERRORS = [PartRegistry__factory.createInterface()];

/**
 * Reads a part status name, accepting `in-service`, `in_service` and `InService` alike; anything
 * else is refused with a sentence listing the statuses.
 */
export function parsePartStatus(input: string): PartStatusName {
  return parseName(input, PART_STATUSES, { one: "a part status", many: "statuses" });
}

/**
 * The part specifications defined (from the registry's `SpecificationDefined` events), in the
 * order of their ids, each as it stands now; with `maker`, only those it defined. `after` is
 * the id that ended the previous page (its `next`).
 *
 * @example
 * const source = { address: book.contracts.PartRegistry, runner: provider };
 * const { items, next } = await listSpecifications(source, { fromBlock: book.startBlock });
 */
export async function listSpecifications(
  source: ListSource,
  params: ListSpecificationsParameters,
): Promise<Page<Specification, bigint>> {
  const maker = optionalAddress(params.maker, "maker", "maker address");
  const limit = toPageLimit(params.limit);
  const after = optionalParameter(params.after, "after", (v) =>
    toBatchId(v, "specification id to start after"),
  );
  const { client, registry, query } = await connectList(source, params.fromBlock);
  const events = await query((from, to) =>
    registry.queryFilter(
      registry.filters.SpecificationDefined(undefined, undefined, maker),
      from,
      to,
    ),
  );
  const specs = events
    .map((e) => ({ id: e.args.specId, spec: e.args.specHash.toLowerCase() as Hash }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return fillPage(
    specs,
    startAfterId(specs, after, (s) => s.id),
    limit,
    async ({ spec }) => {
      const found = await client.getSpecification(spec);
      return found !== undefined && (maker === undefined || found.owner === maker)
        ? found
        : undefined;
    },
    (spec) => spec.id,
  );
}

/**
 * The material batches (registered by producers and the portions transferred out of them, from
 * the registry's `BatchRegistered` and `BatchTransferred` events), in the order of their ids,
 * each as it stands now; with `owner`, only those it holds. `after` is the id that ended the
 * previous page (its `next`).
 *
 * @example
 * const page = await listBatches(source, { fromBlock: book.startBlock, owner: manufacturer });
 */
export async function listBatches(
  source: ListSource,
  params: ListBatchesParameters,
): Promise<Page<Batch, bigint>> {
  const owner = optionalAddress(params.owner, "owner", "batch holder address");
  const limit = toPageLimit(params.limit);
  const after = optionalParameter(params.after, "after", (v) =>
    toBatchId(v, "batch id to start after"),
  );
  const { client, registry, query } = await connectList(source, params.fromBlock);
  const [registered, transferred] = await Promise.all([
    query((from, to) =>
      registry.queryFilter(registry.filters.BatchRegistered(undefined, owner), from, to),
    ),
    query((from, to) =>
      registry.queryFilter(
        registry.filters.BatchTransferred(undefined, undefined, owner),
        from,
        to,
      ),
    ),
  ]);
  const ids = ascendingIds([
    ...registered.map((e) => e.args.batchId),
    ...transferred.map((e) => e.args.toBatch),
  ]);
  return fillPage(
    ids,
    startAfterId(ids, after, (id) => id),
    limit,
    async (id) => {
      const batch = await client.getBatch(id);
      return batch !== undefined && (owner === undefined || batch.owner === owner)
        ? batch
        : undefined;
    },
    (batch) => batch.id,
  );
}

/**
 * The parts made (from the registry's `PartMade` events), in the order they were made, each as
 * it stands now with its serial; with `owner`, `maker`, `spec` or `status`, only the parts that
 * match every one given (a part built into an assembly is held by the registry). `after` is the
 * part id that ended the previous page (its `next`).
 *
 * @example
 * const page = await listParts(source, { fromBlock: book.startBlock, maker, status: "in-service" });
 */
export async function listParts(
  source: ListSource,
  params: ListPartsParameters,
): Promise<Page<ListedPart, bigint>> {
  const owner = optionalAddress(params.owner, "owner", "part holder address");
  const maker = optionalAddress(params.maker, "maker", "maker address");
  const spec = optionalParameter(params.spec, "spec", (v) => toHash(v, "specification hash"));
  const status = optionalParameter(params.status, "status", parsePartStatus);
  const limit = toPageLimit(params.limit);
  const after = optionalParameter(params.after, "after", (v) =>
    toPartId(v, "part id to start after"),
  );
  const { client, registry, query } = await connectList(source, params.fromBlock);
  const [made, lots, received] = await Promise.all([
    query((from, to) => registry.queryFilter(registry.filters.PartMade(), from, to)),
    maker === undefined && spec === undefined
      ? Promise.resolve(undefined)
      : query((from, to) =>
          registry.queryFilter(registry.filters.LotOpened(undefined, maker, spec), from, to),
        ),
    owner === undefined
      ? Promise.resolve(undefined)
      : query((from, to) =>
          registry.queryFilter(registry.filters.Transfer(undefined, owner), from, to),
        ),
  ]);
  const keys = made.map((e) => ({
    id: e.args.partId,
    lot: e.args.lot,
    serial: serialFromBytes32(e.args.serial),
  }));
  // The events narrow the candidates; the part as it stands now decides.
  const inLots = lots === undefined ? undefined : new Set(lots.map((e) => e.args.lot));
  const gotBy = received === undefined ? undefined : new Set(received.map((e) => e.args.tokenId));
  const start = startAfter(
    keys.map((k) => k.id),
    after,
    (a, b) => a === b,
    InputErrorCode.InvalidId,
    `part ${after === undefined ? "" : `0x${after.toString(16).padStart(64, "0")}`}`,
  );
  const candidates = keys
    .slice(start)
    .filter((k) => (inLots === undefined || inLots.has(k.lot)) && (gotBy?.has(k.id) ?? true));
  return fillPage(
    candidates,
    0,
    limit,
    async ({ id, serial }) => {
      const part = await client.getPart(id);
      if (part === undefined) return undefined;
      const matches =
        (owner === undefined || part.owner === owner) &&
        (maker === undefined || part.maker === maker) &&
        (spec === undefined || part.spec === spec) &&
        (status === undefined || part.status === status);
      return matches ? { ...part, serial } : undefined;
    },
    (part) => part.id,
  );
}

/** The client, the typed registry and an event query from `fromBlock` to the chain's head. */
async function connectList(source: ListSource, fromBlock: number) {
  const query = await listQuery(source, fromBlock, ERRORS);
  const client = new PartsClient(source.address, source.runner);
  const registry = PartRegistry__factory.connect(client.address, source.runner);
  return { client, registry, query };
}

/** An optional address filter, checksummed; the zero address is refused. */
function optionalAddress(value: string | undefined, field: string, what: string) {
  if (value === undefined) return undefined;
  return forField(field, () => {
    const address = toAddress(value, what);
    if (address === ZeroAddress) {
      throw new InputError(InputErrorCode.InvalidAddress, `The ${what} is the zero address.`);
    }
    return getAddress(address);
  });
}
