/** Reads of cores and lineage: a core with its history and grades, a part's line, fitness, origin. */
import { assertInvariant } from "../core/errors.js";
import { forField } from "../core/validate.js";
import { checkFromBlock, inLogOrder, queryInPages } from "../core/events.js";
import type { Hash } from "../core/hashing.js";
import { toBatchId, toPartId } from "../provenance/encodings.js";
import {
  type AttestationConflictEntry,
  type AttestationResolvedEntry,
  type AttestedEntry,
  type MadeEntry,
  partHistory,
  type StatusChangedEntry,
} from "../provenance/history.js";
import { coreView, partView } from "./checks.js";
import type { CircularContext } from "./context.js";
import { outcomeName } from "./encodings.js";
import type {
  CircularRange,
  CoreDetails,
  CoreGradeEntry,
  IdParameter,
  Lineage,
  LineageInput,
  LineageStep,
} from "./types.js";

/**
 * A core as it stands, with what a buyer prices it on from events: when its part was made, its
 * attestations and status history (the part registry's events) and every grade (the core
 * registry's `CoreGraded` events), searched from `fromBlock` (the address book's start block by
 * default). Undefined for a part that never became a core.
 */
export async function getCore(
  ctx: CircularContext,
  coreId: IdParameter,
  range: CircularRange = {},
): Promise<CoreDetails | undefined> {
  const id = forField("coreId", () => toPartId(coreId, "core id"));
  const fromBlock = range.fromBlock ?? ctx.addresses.startBlock ?? 0;
  checkFromBlock(fromBlock);
  const core = await coreView(ctx, id);
  if (core === undefined) return undefined;
  const parts = await ctx.partRegistry();
  const provider = ctx.provider();
  const [history, grades] = await Promise.all([
    partHistory({ registry: await parts.getAddress(), provider }, id, fromBlock, {
      coreRegistry: ctx.addresses.coreRegistry,
      warrantyRegistry: ctx.addresses.warrantyRegistry,
    }),
    gradesOf(ctx, id, fromBlock),
  ]);
  const made = history.find((entry): entry is MadeEntry => entry.kind === "made");
  return {
    ...core,
    madeAt: made?.timestamp,
    made,
    attestations: history.filter(
      (entry): entry is AttestedEntry | AttestationConflictEntry | AttestationResolvedEntry =>
        entry.kind === "attested" ||
        entry.kind === "attestation-conflict" ||
        entry.kind === "attestation-resolved",
    ),
    statusHistory: history.filter(
      (entry): entry is StatusChangedEntry => entry.kind === "status-changed",
    ),
    grades,
    history,
  };
}

/**
 * A part's line: its predecessors back to the first part (bounded by the generation limit) and
 * the material batches the first part consumed, each with the core its material was recycled
 * from, if any; whether recalled material is anywhere in it, and whether the part is fit.
 */
export async function lineage(ctx: CircularContext, partId: IdParameter): Promise<Lineage> {
  const id = forField("partId", () => toPartId(partId));
  const parts = await ctx.partRegistry();
  await partView(ctx, parts, id);
  const [link, predecessorIds, recalled, fit] = await ctx.read(() =>
    Promise.all([
      ctx.cores.linkOf(id),
      ctx.cores.lineage(id),
      ctx.cores.isLineageRecalled(id),
      ctx.cores.isFit(id),
    ]),
  );
  const predecessors: LineageStep[] = [];
  for (const predecessor of predecessorIds) {
    const step = await ctx.read(() => ctx.cores.linkOf(predecessor));
    predecessors.push({
      partId: predecessor,
      generation: Number(step.generation),
      outcome: outcomeName(step.outcome),
    });
  }
  const firstPart = predecessorIds.at(-1) ?? id;
  const lotInputs = await ctx.read(() => parts.partInputs(firstPart));
  const inputs: LineageInput[] = [];
  for (const input of lotInputs) {
    const batch = await ctx.read(() => parts.batch(input.batchId));
    const origin = await ctx.read(() => ctx.cores.originOf(batch.root));
    inputs.push({
      batchId: input.batchId,
      quantity: input.quantity,
      recycledFrom: origin === 0n ? undefined : origin,
    });
  }
  return {
    partId: id,
    generation: Number(link.generation),
    outcome: outcomeName(link.outcome),
    predecessors,
    firstPart,
    inputs,
    recalled,
    fit,
  };
}

/** Whether a part is fit to use: conforming and no recalled material anywhere in its lineage. */
export async function isFit(ctx: CircularContext, partId: IdParameter): Promise<boolean> {
  const id = forField("partId", () => toPartId(partId));
  return ctx.read(() => ctx.cores.isFit(id));
}

/** The core a recycled batch came from; undefined for other batches. */
export async function originOf(
  ctx: CircularContext,
  batchId: IdParameter,
): Promise<bigint | undefined> {
  const id = forField("batchId", () => toBatchId(batchId));
  const origin = await ctx.read(() => ctx.cores.originOf(id));
  return origin === 0n ? undefined : origin;
}

/** Every grade of a core, oldest first, from its `CoreGraded` events. */
export async function gradesOf(
  ctx: CircularContext,
  id: bigint,
  fromBlock: number,
): Promise<CoreGradeEntry[]> {
  const provider = ctx.provider();
  const toBlock = await ctx.read(() => provider.getBlockNumber());
  const filter = ctx.cores.filters.CoreGraded(id);
  const events = await ctx.read(() =>
    queryInPages((from, to) => ctx.cores.queryFilter(filter, from, to), fromBlock, toBlock),
  );
  const times = new Map<number, bigint>();
  for (const blockNumber of new Set(events.map((event) => event.blockNumber))) {
    const block = await ctx.read(() => provider.getBlock(blockNumber));
    assertInvariant(block !== null, `the chain has no block ${blockNumber}`);
    times.set(blockNumber, BigInt(block.timestamp));
  }
  return inLogOrder(
    events.map((event) => ({
      outcome: outcomeName(event.args.outcome) ?? "remanufacture",
      grade: Number(event.args.grade),
      grader: event.args.grader,
      gradedAt: times.get(event.blockNumber) ?? 0n,
      evidenceHash: event.args.evidenceHash.toLowerCase() as Hash,
      blockNumber: event.blockNumber,
      transactionHash: event.transactionHash,
      position: { blockNumber: event.blockNumber, index: event.index },
    })),
  );
}
