/**
 * The history of a part, rebuilt from the registry's events: made (with its lot's inputs),
 * transfers, assembly and disassembly, attestations, status changes, activation, chip rebinding
 * and recalls of the material it consumed.
 */
import {
  type ContractRunner,
  Interface,
  type Log,
  type LogDescription,
  type Provider,
  ZeroAddress,
  ZeroHash,
} from "ethers";
import { InputError, InputErrorCode } from "../core/errors.js";
import { LOG_PAGE_BLOCKS, queryInPages } from "../core/events.js";
import type { Hash } from "../core/hashing.js";
import {
  attestationKindName,
  formatPartId,
  serialFromBytes32,
  statusName,
  toPartId,
} from "./encodings.js";
import { outcomeName } from "../circular/encodings.js";
import { read } from "../core/tx.js";
import {
  CoreRegistry__factory,
  PartRegistry__factory,
  ParticipantRegistry__factory,
  WarrantyRegistry__factory,
} from "../contracts.js";
import { formatTime, toAddress } from "../core/validate.js";

/** What every entry of a timeline carries. */
export type TimelineBase = {
  blockNumber: number;
  logIndex: number;
  /** The block's time, unix seconds. */
  timestamp: bigint;
  txHash: string;
};

/** The part was made. */
export type MadeEntry = TimelineBase & {
  kind: "made";
  maker: string;
  /** The serial as marked on the part (hex when it is not readable text). */
  serial: string;
  lot: bigint;
  spec: Hash;
  chipKey: string | undefined;
  /** What each part of the lot consumed. */
  inputs: { batchId: bigint; quantity: bigint }[];
};

/** The part changed hands (transfers into and out of an assembly are not listed here). */
export type TransferredEntry = TimelineBase & { kind: "transferred"; from: string; to: string };

/** A child was built into an assembly; `role` says which of the two this part is. */
export type AssembledEntry = TimelineBase & {
  kind: "assembled";
  role: "parent" | "child";
  parentId: bigint;
  childId: bigint;
};

/** A child was taken out of an assembly; `role` says which of the two this part is. */
export type DisassembledEntry = TimelineBase & {
  kind: "disassembled";
  role: "parent" | "child";
  parentId: bigint;
  childId: bigint;
  by: string;
  reasonHash: Hash;
};

/** A test lab, inspector or service provider recorded an attestation. */
export type AttestedEntry = TimelineBase & {
  kind: "attested";
  attester: string;
  attestationKind: string;
  passed: boolean;
  dataHash: Hash;
};

/** Two attesters disagree on one kind: the part stops conforming until a registrar rules. */
export type AttestationConflictEntry = TimelineBase & {
  kind: "attestation-conflict";
  attestationKind: string;
  /**
   * The attester whose standing result the new one contradicts; `0x…0001` when several
   * attesters agreed on it.
   */
  previous: string;
  attester: string;
};

/** A registrar ruled a conflict on one kind: its ruling is the standing result. */
export type AttestationResolvedEntry = TimelineBase & {
  kind: "attestation-resolved";
  attestationKind: string;
  registrar: string;
  passed: boolean;
  reasonHash: Hash;
};

/** A registrar placed (or lifted) its hold: only a registrar can release a held part. */
export type RegistrarHoldEntry = TimelineBase & {
  kind: "registrar-hold";
  registrar: string;
  placed: boolean;
  reasonHash: Hash;
};

/** The part's status changed. */
export type StatusChangedEntry = TimelineBase & {
  kind: "status-changed";
  from: string;
  to: string;
  by: string;
  reasonHash: Hash;
};

/** A registrar lifted the recall of material the part consumed (its root batch). */
export type BatchRecallLiftedEntry = TimelineBase & {
  kind: "batch-recall-lifted";
  batchId: bigint;
  by: string;
  reasonHash: Hash;
};

/** A customer activated the part with its chip's answer, bound to block `answerBlock`. */
export type ActivatedEntry = TimelineBase & {
  kind: "activated";
  customer: string;
  /** The recent block the chip's answer was bound to, and its hash. */
  answerBlock: bigint;
  answerBlockHash: Hash;
};

/** The maker bound the part to a new tag chip. */
export type ChipReboundEntry = TimelineBase & {
  kind: "chip-rebound";
  oldKey: string | undefined;
  newKey: string;
  reasonHash: Hash;
};

/** Material the part consumed was recalled (the root batch of one of its inputs). */
export type BatchRecalledEntry = TimelineBase & {
  kind: "batch-recalled";
  batchId: bigint;
  by: string;
  reasonHash: Hash;
};

/**
 * A step of the part's circular life, from the core and warranty registries: returned as a core,
 * graded, sold, remanufactured (into a new part, or from a core), recycled, its warranty issued,
 * and every warranty claim and its outcome.
 */
export type CircularEntry = TimelineBase & {
  kind: "circular";
  /** The contract event: `CoreReturned`, `CoreGraded`, `ClaimFiled`, ... */
  event: string;
  /** What happened, in a sentence. */
  text: string;
};

export type TimelineEntry =
  | CircularEntry
  | MadeEntry
  | TransferredEntry
  | AssembledEntry
  | DisassembledEntry
  | AttestedEntry
  | AttestationConflictEntry
  | AttestationResolvedEntry
  | RegistrarHoldEntry
  | StatusChangedEntry
  | ActivatedEntry
  | ChipReboundEntry
  | BatchRecalledEntry
  | BatchRecallLiftedEntry;

/** Where to read history from: a `PartsClient`, or a registry address and a provider. */
export type HistorySource =
  { address: string; runner: ContractRunner } | { registry: string; provider: Provider };

/** The block range to search: from a block (use the address book's `startBlock`), to latest. */
export type HistoryRange = number | { fromBlock: number; toBlock?: number };

const ERRORS = [
  new Interface(PartRegistry__factory.abi),
  new Interface(ParticipantRegistry__factory.abi),
];

/**
 * Rebuilds the timeline of part `partId` from the registry's events, ordered by block and log
 * index, each entry with its block's time. The number of log queries does not grow with the
 * history: sixteen per page of {@link LOG_PAGE_BLOCKS} blocks, filtered on the part's indexed id,
 * its lot and its material's root batches. An unknown part has an empty timeline.
 *
 * @example
 * const entries = await partHistory(parts, partIdOf(maker, "SN-000123"), book.startBlock);
 * console.log(formatTimeline(entries));
 */
export async function partHistory(
  source: HistorySource,
  partId: bigint | number | string,
  range: HistoryRange,
  /** The circular economy's registries, to add the part's life as a core and its warranty. */
  circular?: CircularSource,
): Promise<TimelineEntry[]> {
  const id = toPartId(partId);
  const { fromBlock, toBlock } = toRange(range);
  const [address, provider] = sourceOf(source);
  const registry = PartRegistry__factory.connect(address, provider);
  const iface = registry.interface;

  const lastBlock = toBlock ?? (await read(ERRORS, () => provider.getBlockNumber()));
  const query = (event: string, values: unknown[]) =>
    queryParsed(provider, { address, iface, errors: ERRORS }, event, values, fromBlock, lastBlock);

  const [
    made,
    transfers,
    asParent,
    asChild,
    outAsParent,
    outAsChild,
    attested,
    statuses,
    act,
    rebound,
    conflicts,
    rulings,
    holds,
  ] = await Promise.all([
    query("PartMade", [id]),
    query("Transfer", [null, null, id]),
    query("PartAssembled", [id]),
    query("PartAssembled", [null, id]),
    query("PartDisassembled", [id]),
    query("PartDisassembled", [null, id]),
    query("Attested", [id]),
    query("PartStatusChanged", [id]),
    query("PartActivated", [id]),
    query("ChipRebound", [id]),
    query("AttestationConflict", [id]),
    query("AttestationResolved", [id]),
    query("RegistrarHold", [id]),
  ]);
  const all = [made, transfers, asParent, asChild, outAsParent, outAsChild, attested, statuses];
  const more = [act, rebound, conflicts, rulings, holds];
  if ([...all, ...more].every((list) => list.length === 0)) return [];
  const mint = made[0];
  const minted = transfers.find((t) => t.event.args.from === ZeroAddress);

  const entries: TimelineEntry[] = [];
  let inputs: { batchId: bigint; quantity: bigint }[];
  if (mint === undefined) {
    // Made before the range: the lot's inputs as the registry holds them, to follow recalls.
    inputs = (await read(ERRORS, () => registry.partInputs(id))).map((i) => ({
      batchId: i.batchId,
      quantity: i.quantity,
    }));
  } else {
    const lot = mint.event.args.lot as bigint;
    const [opened] = await query("LotOpened", [lot]);
    let spec: Hash;
    if (opened !== undefined) {
      spec = lower(opened.event.args.specHash);
      inputs = (opened.event.args.inputs as { batchId: bigint; quantity: bigint }[]).map((i) => ({
        batchId: i.batchId,
        quantity: i.quantity,
      }));
    } else {
      // The lot was opened before the range: read it from the registry as it stands.
      const [view, lotInputs] = await read(ERRORS, () =>
        Promise.all([registry.part(id), registry.partInputs(id)]),
      );
      spec = lower(view.specHash);
      inputs = lotInputs.map((i) => ({ batchId: i.batchId, quantity: i.quantity }));
    }
    const chipKey = mint.event.args.chipKey as string;
    entries.push({
      ...at(mint.log),
      kind: "made",
      maker: (minted?.event.args.to as string | undefined) ?? ZeroAddress,
      serial: serialFromBytes32(mint.event.args.serial as string),
      lot,
      spec,
      chipKey: chipKey === ZeroAddress ? undefined : chipKey,
      inputs,
    });
  }

  for (const { log, event } of transfers) {
    const from = event.args.from as string;
    const to = event.args.to as string;
    if (from === ZeroAddress || from === address || to === address) continue;
    entries.push({ ...at(log), kind: "transferred", from, to });
  }
  for (const [list, role] of [
    [asParent, "parent"],
    [asChild, "child"],
  ] as const) {
    for (const { log, event } of list) {
      entries.push({
        ...at(log),
        kind: "assembled",
        role,
        parentId: event.args.parentId as bigint,
        childId: event.args.childId as bigint,
      });
    }
  }
  for (const [list, role] of [
    [outAsParent, "parent"],
    [outAsChild, "child"],
  ] as const) {
    for (const { log, event } of list) {
      entries.push({
        ...at(log),
        kind: "disassembled",
        role,
        parentId: event.args.parentId as bigint,
        childId: event.args.childId as bigint,
        by: event.args.by as string,
        reasonHash: lower(event.args.reasonHash),
      });
    }
  }
  for (const { log, event } of attested) {
    entries.push({
      ...at(log),
      kind: "attested",
      attester: event.args.attester as string,
      attestationKind: attestationKindName(event.args.kind as bigint),
      passed: event.args.passed as boolean,
      dataHash: lower(event.args.dataHash),
    });
  }
  for (const { log, event } of conflicts) {
    entries.push({
      ...at(log),
      kind: "attestation-conflict",
      attestationKind: attestationKindName(event.args.kind as bigint),
      previous: event.args.previous as string,
      attester: event.args.attester as string,
    });
  }
  for (const { log, event } of rulings) {
    entries.push({
      ...at(log),
      kind: "attestation-resolved",
      attestationKind: attestationKindName(event.args.kind as bigint),
      registrar: event.args.registrar as string,
      passed: event.args.passed as boolean,
      reasonHash: lower(event.args.reasonHash),
    });
  }
  for (const { log, event } of holds) {
    entries.push({
      ...at(log),
      kind: "registrar-hold",
      registrar: event.args.registrar as string,
      placed: event.args.placed as boolean,
      reasonHash: lower(event.args.reasonHash),
    });
  }
  for (const { log, event } of statuses) {
    entries.push({
      ...at(log),
      kind: "status-changed",
      from: statusName(event.args.from as bigint),
      to: statusName(event.args.to as bigint),
      by: event.args.by as string,
      reasonHash: lower(event.args.reasonHash),
    });
  }
  for (const { log, event } of act) {
    entries.push({
      ...at(log),
      kind: "activated",
      customer: event.args.customer as string,
      answerBlock: event.args.blockNumber as bigint,
      answerBlockHash: lower(event.args.blockHash),
    });
  }
  for (const { log, event } of rebound) {
    const oldKey = event.args.oldKey as string;
    entries.push({
      ...at(log),
      kind: "chip-rebound",
      oldKey: oldKey === ZeroAddress ? undefined : oldKey,
      newKey: event.args.newKey as string,
      reasonHash: lower(event.args.reasonHash),
    });
  }

  // Recalls: of the root batches of the material the part consumed.
  const batchIds = [...new Set(inputs.map((input) => input.batchId))];
  if (batchIds.length > 0) {
    const batches = await read(ERRORS, () => Promise.all(batchIds.map((b) => registry.batch(b))));
    const roots = [...new Set(batches.map((b) => b.root))];
    const [recalls, lifts] = await Promise.all([
      query("BatchRecalled", [roots]),
      query("BatchRecallLifted", [roots]),
    ]);
    for (const [list, kind] of [
      [recalls, "batch-recalled"],
      [lifts, "batch-recall-lifted"],
    ] as const) {
      for (const { log, event } of list) {
        entries.push({
          ...at(log),
          kind,
          batchId: event.args.batchId as bigint,
          by: event.args.by as string,
          reasonHash: lower(event.args.reasonHash),
        });
      }
    }
  }

  if (circular !== undefined) {
    entries.push(...(await circularEntries(provider, circular, id, fromBlock, lastBlock)));
  }

  entries.sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
  const times = new Map<number, bigint>();
  await Promise.all(
    [...new Set(entries.map((entry) => entry.blockNumber))].map(async (blockNumber) => {
      const block = await read(ERRORS, () => provider.getBlock(blockNumber));
      if (block === null) {
        throw new InputError(
          InputErrorCode.InvalidAmount,
          `Block ${blockNumber} is not available from this provider.`,
        );
      }
      times.set(blockNumber, BigInt(block.timestamp));
    }),
  );
  return entries.map(
    (entry) => ({ ...entry, timestamp: times.get(entry.blockNumber) ?? 0n }) as TimelineEntry,
  );
}

/**
 * One readable line per entry, in order: the block's time, the block, and what happened.
 *
 * @example
 * 2027-01-05T09:00:00Z  block 12  made by 0x90F7…: serial SN-000123, lot 1, spec 0x…, chip 0x…, inputs batch 2 x 5
 */
export function formatTimeline(entries: readonly TimelineEntry[]): string {
  return entries.map(formatTimelineEntry).join("\n");
}

/** One entry of a timeline as a readable line. */
export function formatTimelineEntry(entry: TimelineEntry): string {
  return `${formatTime(entry.timestamp)}  block ${entry.blockNumber}  ${describe(entry)}`;
}

/** A timeline as plain JSON values: bigints as decimal strings, part ids as 0x hex. */
export function timelineToJson(entries: readonly TimelineEntry[]): unknown[] {
  return entries.map((entry) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(entry)) {
      if (value === undefined) continue;
      if (key === "parentId" || key === "childId") out[key] = formatPartId(value as bigint);
      else if (key === "inputs") {
        out[key] = (value as { batchId: bigint; quantity: bigint }[]).map((input) => ({
          batchId: input.batchId.toString(),
          quantity: input.quantity.toString(),
        }));
      } else out[key] = typeof value === "bigint" ? value.toString() : value;
    }
    return out;
  });
}

function describe(entry: TimelineEntry): string {
  const reason = (hash: Hash) => (hash === ZeroHash ? "" : `, reason ${hash}`);
  switch (entry.kind) {
    case "circular":
      return entry.text;
    case "made": {
      const inputs =
        entry.inputs.map((i) => `batch ${i.batchId} x ${i.quantity}`).join(", ") || "none";
      return (
        `made by ${entry.maker}: serial ${entry.serial}, lot ${entry.lot}, spec ${entry.spec}, ` +
        `${entry.chipKey === undefined ? "no chip" : `chip ${entry.chipKey}`}, inputs ${inputs}`
      );
    }
    case "transferred":
      return `transferred from ${entry.from} to ${entry.to}`;
    case "assembled":
      return entry.role === "parent"
        ? `built in child part ${formatPartId(entry.childId)}`
        : `built into assembly ${formatPartId(entry.parentId)}`;
    case "disassembled":
      return entry.role === "parent"
        ? `child part ${formatPartId(entry.childId)} taken out by ${entry.by}${reason(entry.reasonHash)}`
        : `taken out of assembly ${formatPartId(entry.parentId)} by ${entry.by}${reason(entry.reasonHash)}`;
    case "attested":
      return (
        `${entry.attestationKind} ${entry.passed ? "passed" : "failed"}, attested by ` +
        `${entry.attester}, data ${entry.dataHash}`
      );
    case "attestation-conflict":
      return (
        `${entry.attestationKind} in conflict: ${entry.attester} disagrees with ` +
        `${entry.previous === SEVERAL_ATTESTERS ? "several attesters who agreed" : entry.previous}` +
        "; not conforming until a registrar rules"
      );
    case "attestation-resolved":
      return (
        `${entry.attestationKind} conflict ruled ${entry.passed ? "passed" : "failed"} by ` +
        `registrar ${entry.registrar}${reason(entry.reasonHash)}`
      );
    case "registrar-hold":
      return entry.placed
        ? `held by registrar ${entry.registrar}${reason(entry.reasonHash)}`
        : `registrar hold lifted by ${entry.registrar}${reason(entry.reasonHash)}`;
    case "status-changed":
      return `status ${entry.from} -> ${entry.to} by ${entry.by}${reason(entry.reasonHash)}`;
    case "activated":
      return (
        `activated by customer ${entry.customer} with its tag chip, answer bound to block ` +
        `${entry.answerBlock}`
      );
    case "chip-rebound":
      return (
        `tag chip re-bound from ${entry.oldKey ?? "none"} to ${entry.newKey}` +
        reason(entry.reasonHash)
      );
    case "batch-recalled":
      return `material recalled: batch ${entry.batchId} by ${entry.by}${reason(entry.reasonHash)}`;
    case "batch-recall-lifted":
      return (
        `material recall lifted: batch ${entry.batchId} by registrar ${entry.by}` +
        reason(entry.reasonHash)
      );
  }
}

type Parsed = { log: Log; event: LogDescription };

/** A contract whose events a history reads, and the ABIs its failures decode against. */
type EventSource = { address: string; iface: Interface; errors: readonly Interface[] };

/** The logs of `event` matching `values` in the block range, in pages, each parsed. */
async function queryParsed(
  provider: Provider,
  { address, iface, errors }: EventSource,
  event: string,
  values: unknown[],
  fromBlock: number,
  toBlock: number,
): Promise<Parsed[]> {
  const topics = iface.encodeFilterTopics(event, values);
  const logs = await read([...errors], () =>
    queryInPages(
      (from, to) => provider.getLogs({ address, topics, fromBlock: from, toBlock: to }),
      fromBlock,
      toBlock,
    ),
  );
  return logs.flatMap((log): Parsed[] => {
    const parsed = iface.parseLog({ topics: [...log.topics], data: log.data });
    return parsed === null ? [] : [{ log, event: parsed }];
  });
}

/** The circular economy's registries whose events a part's history includes. */
export type CircularSource = { coreRegistry: string; warrantyRegistry: string };

const CIRCULAR_ERRORS = [
  ...ERRORS,
  new Interface(CoreRegistry__factory.abi),
  new Interface(WarrantyRegistry__factory.abi),
];

/** The part's events in the core and warranty registries, each with its sentence. */
async function circularEntries(
  provider: Provider,
  { coreRegistry, warrantyRegistry }: CircularSource,
  id: bigint,
  fromBlock: number,
  toBlock: number,
): Promise<CircularEntry[]> {
  const cores = {
    address: toAddress(coreRegistry, "core registry"),
    iface: CoreRegistry__factory.createInterface(),
    errors: CIRCULAR_ERRORS,
  };
  const warranties = {
    address: toAddress(warrantyRegistry, "warranty registry"),
    iface: WarrantyRegistry__factory.createInterface(),
    errors: CIRCULAR_ERRORS,
  };
  const core = (event: string, values: unknown[]) =>
    queryParsed(provider, cores, event, values, fromBlock, toBlock);
  const warranty = (event: string, values: unknown[]) =>
    queryParsed(provider, warranties, event, values, fromBlock, toBlock);
  const lists = await Promise.all([
    core("CoreReturned", [id]),
    core("CoreGraded", [id]),
    core("CoreSold", [id]),
    core("CoreRemanufactured", [id]),
    core("CoreRemanufactured", [null, id]),
    core("CoreRecycled", [id]),
    warranty("WarrantyIssued", [id]),
    warranty("ClaimFiled", [null, id]),
    warranty("ClaimAnswered", [null, id]),
    warranty("ClaimEscalated", [null, id]),
    warranty("ClaimRuled", [null, id]),
  ]);
  return lists.flat().map(({ log, event }) => ({
    ...at(log),
    kind: "circular" as const,
    event: event.name,
    text: circularText(event, id),
  }));
}

/** One sentence for a circular-economy event of part `id`. */
function circularText({ name, args }: LogDescription, id: bigint): string {
  const outcome = (value: unknown) => outcomeName(value as bigint) ?? "ungraded";
  const reason = (hash: unknown) => (hash === ZeroHash ? "" : `, reason ${lower(hash)}`);
  switch (name) {
    case "CoreReturned":
      return (
        `returned as a core by ${args.holder}${args.recalled ? ", of recalled material" : ""}, ` +
        `generation ${args.generation}, evidence ${lower(args.evidenceHash)}`
      );
    case "CoreGraded":
      return (
        `core graded ${outcome(args.outcome)} ${args.grade} by ${args.grader} ` +
        `(grade ${args.gradeCount}), evidence ${lower(args.evidenceHash)}`
      );
    case "CoreSold":
      return `core sold by ${args.seller} to ${args.buyer} for ${args.price} of token ${args.token}`;
    case "CoreRemanufactured": {
      const licence = args.licenceId === 0n ? "by the OEM" : `under licence ${args.licenceId}`;
      return args.coreId === id
        ? `core remanufactured into part ${formatPartId(args.newPartId as bigint)} by ` +
            `${args.remanufacturer}, ${licence}`
        : `remanufactured from core ${formatPartId(args.coreId as bigint)} by ` +
            `${args.remanufacturer}: ${outcome(args.outcome)}, generation ${args.generation}, ${licence}`;
    }
    case "CoreRecycled":
      return `core recycled into batch ${args.batchId} by ${args.recycler}`;
    case "WarrantyIssued":
      return (
        `warranty issued by ${args.issuer}: ${outcome(args.outcome)}, ` +
        `${BigInt(args.duration) / 86_400n} days from ${formatTime(args.start as bigint)}, ` +
        `terms ${lower(args.termsHash)}`
      );
    case "ClaimFiled":
      return `warranty claim ${args.claimId} filed by ${args.claimant}, evidence ${lower(args.evidenceHash)}`;
    case "ClaimAnswered":
      return (
        `warranty claim ${args.claimId} ${args.accepted ? "accepted" : "rejected"} by the ` +
        `issuer${reason(args.reasonHash)}`
      );
    case "ClaimEscalated":
      return `warranty claim ${args.claimId} taken to arbiter ${args.arbiter}`;
    default:
      return (
        `warranty claim ${args.claimId} ${args.upheld ? "upheld" : "dismissed"} by arbiter ` +
        `${args.arbiter}${reason(args.reasonHash)}`
      );
  }
}

/** What the registry records as the attester of a result several attesters agreed on. */
const SEVERAL_ATTESTERS = "0x0000000000000000000000000000000000000001";

function at(log: Log): TimelineBase {
  return {
    blockNumber: log.blockNumber,
    logIndex: log.index,
    timestamp: 0n,
    txHash: log.transactionHash,
  };
}

function lower(value: unknown): Hash {
  return String(value).toLowerCase() as Hash;
}

function toRange(range: HistoryRange): { fromBlock: number; toBlock: number | undefined } {
  const { fromBlock, toBlock } = typeof range === "number" ? { fromBlock: range } : range;
  for (const [what, value] of [
    ["block to search from", fromBlock],
    ["block to search to", toBlock],
  ] as const) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
      throw new InputError(
        InputErrorCode.InvalidAmount,
        `The ${what} must be a block number; got ${value}.`,
      );
    }
  }
  return { fromBlock, toBlock };
}

function sourceOf(source: HistorySource): [string, Provider] {
  if ("registry" in source) {
    return [toAddress(source.registry, "parts registry address"), source.provider];
  }
  const provider = source.runner.provider;
  if (provider === null || provider === undefined) {
    throw new InputError(
      InputErrorCode.MissingProvider,
      "This client has no provider to read the chain with; connect it to a signer with a provider.",
    );
  }
  return [toAddress(source.address, "parts registry address"), provider];
}
