/** Pure formatting of specifications, batches and parts for the command line. */
import {
  type Batch,
  type BatchInput,
  type ChipVerification,
  formatPartId,
  formatTimeline,
  type Part,
  type Specification,
  type TimelineEntry,
  type TxResult,
} from "../../src/index.js";
import { amount, formatTx, plural, reasonClause, ZERO_HASH } from "../shared/format.js";

// -----------------------------------------------------------------------------------------------
// Specifications
// -----------------------------------------------------------------------------------------------

function kindsClause(kinds: readonly string[]): string {
  return kinds.length === 0
    ? "no attestation before a part of it counts as conforming"
    : `a passed ${kinds.join(", ")} before a part of it counts as conforming`;
}

export function formatSpecDefined(
  spec: string,
  requiredKinds: readonly string[],
  tx: TxResult,
): string {
  return formatTx(
    `Defined part specification ${spec}, which requires ${kindsClause(requiredKinds)}`,
    tx,
  );
}

/** A specification as a block of text; `requested` names it when it is not defined. */
export function formatSpecification(spec: Specification | undefined, requested: string): string {
  if (spec === undefined) return `No part specification ${requested} has been defined.`;
  return [
    `Specification  ${spec.spec}`,
    `Id             ${spec.id}`,
    `Defined by     ${spec.owner}`,
    `Requires       ${spec.requiredKinds.join(", ") || "(no attestation)"}`,
  ].join("\n");
}

/** A specification as plain JSON values. */
export function specificationToJson(spec: Specification): Record<string, unknown> {
  return {
    spec: spec.spec,
    id: spec.id.toString(),
    owner: spec.owner,
    requiredKinds: [...spec.requiredKinds],
  };
}

// -----------------------------------------------------------------------------------------------
// Batches
// -----------------------------------------------------------------------------------------------

export function formatBatchRegistered(
  batchId: bigint,
  quantity: bigint,
  unit: string,
  materialSpec: string,
  schemes: readonly string[],
  tx: TxResult,
): string {
  return formatTx(
    `Registered batch ${batchId}: ${amount(quantity, unit)} of the material specified by ` +
      `${materialSpec}, certified under ${schemes.join(", ")}`,
    tx,
  );
}

export function formatBatchTransferred(
  fromBatch: bigint,
  to: string,
  quantity: bigint,
  unit: string | undefined,
  newBatch: bigint,
  tx: TxResult,
): string {
  return formatTx(
    `Transferred ${amount(quantity, unit)} of batch ${fromBatch} to ${to} as batch ${newBatch}`,
    tx,
  );
}

export function formatBatchRecalled(batchId: bigint, reasonHash: string, tx: TxResult): string {
  return formatTx(
    `Recalled the material of batch ${batchId}: its root batch and every portion of it, ` +
      `${reasonClause(reasonHash)}; every part made from it now reports itself recalled`,
    tx,
  );
}

export function formatRecallLifted(batchId: bigint, reasonHash: string, tx: TxResult): string {
  return formatTx(
    `Lifted the recall of the material of batch ${batchId} ${reasonClause(reasonHash)}; its ` +
      "parts count as they did before the recall",
    tx,
  );
}

/** A batch as a block of text; `requested` names it when there is no such batch. */
export function formatBatch(batch: Batch | undefined, requested: string): string {
  if (batch === undefined) return `There is no batch ${requested}.`;
  const q = (value: bigint) => amount(value, batch.unit);
  const origin =
    batch.parent === undefined
      ? "registered by its producer"
      : `transferred out of batch ${batch.parent}`;
  return [
    `Batch           ${batch.id}`,
    `Holder          ${batch.owner}`,
    `Remaining       ${q(batch.remaining)}`,
    `Quantity        ${q(batch.quantity)}`,
    `Transferred out ${q(batch.transferredOut)}`,
    `Consumed        ${q(batch.consumed)}`,
    `Root batch      ${batch.root}${batch.root === batch.id ? " (this batch)" : ""}`,
    `Parent batch    ${batch.parent ?? "none"} (${origin})`,
    `Producer        ${batch.producer}`,
    `Recalled        ${batch.recalled ? "yes" : "no"}`,
    `Unit            ${batch.unit}`,
    `Material        ${batch.materialSpec}`,
  ].join("\n");
}

/** A batch as plain JSON values: quantities and ids as decimal strings, no parent as null. */
export function batchToJson(batch: Batch): Record<string, unknown> {
  return {
    id: batch.id.toString(),
    owner: batch.owner,
    remaining: batch.remaining.toString(),
    quantity: batch.quantity.toString(),
    transferredOut: batch.transferredOut.toString(),
    consumed: batch.consumed.toString(),
    root: batch.root.toString(),
    parent: batch.parent?.toString() ?? null,
    producer: batch.producer,
    recalled: batch.recalled,
    unit: batch.unit,
    materialSpec: batch.materialSpec,
  };
}

// -----------------------------------------------------------------------------------------------
// Parts
// -----------------------------------------------------------------------------------------------

function inputsText(inputs: readonly BatchInput[]): string {
  return inputs.map((input) => `batch ${input.batchId} x ${input.quantity}`).join(", ");
}

export function formatPartMade(
  made: {
    partId: bigint;
    maker: string;
    serial: string;
    chipKey: string | undefined;
    inputs: readonly BatchInput[];
    children: readonly bigint[];
  },
  tx: TxResult,
): string {
  const from = [
    ...(made.inputs.length === 0 ? [] : [inputsText(made.inputs)]),
    ...(made.children.length === 0
      ? []
      : [plural(made.children.length, "child part", "child parts")]),
  ];
  return formatTx(
    `Made part ${formatPartId(made.partId)}: serial ${made.serial} by ${made.maker}, ` +
      `${made.chipKey === undefined ? "no tag chip" : `tag chip ${made.chipKey}`}, from ` +
      `${from.join(" and ") || "nothing"}`,
    tx,
  );
}

export function formatPartsMade(
  run: { partIds: readonly bigint[]; serials: readonly string[]; inputs: readonly BatchInput[] },
  tx: TxResult,
): string {
  const count = run.partIds.length;
  const first = run.partIds[0];
  const last = run.partIds[count - 1];
  const each = run.inputs.length === 0 ? "" : `, each from ${inputsText(run.inputs)}`;
  if (first === undefined || last === undefined) return formatTx("Made no parts", tx);
  if (count === 1) {
    return formatTx(
      `Made 1 part (serial ${run.serials[0] ?? "?"}): ${formatPartId(first)}${each}`,
      tx,
    );
  }
  return formatTx(
    `Made ${count} parts (serials ${run.serials[0] ?? "?"} to ${run.serials[count - 1] ?? "?"})` +
      `${each}: first ${formatPartId(first)}, last ${formatPartId(last)}`,
    tx,
  );
}

export function formatAttested(
  partId: bigint,
  kind: string,
  passed: boolean,
  dataHash: string,
  tx: TxResult,
): string {
  return formatTx(
    `Recorded that part ${formatPartId(partId)} ${passed ? "passed" : "failed"} its ${kind}, ` +
      `data hashed ${dataHash}`,
    tx,
  );
}

export function formatAttestationResolved(
  partId: bigint,
  kind: string,
  passed: boolean,
  reasonHash: string,
  tx: TxResult,
): string {
  return formatTx(
    `Ruled the ${kind} conflict of part ${formatPartId(partId)}: ` +
      `${passed ? "passed" : "failed"} ${reasonClause(reasonHash)}; the ruling is now its ` +
      `standing ${kind} result`,
    tx,
  );
}

export function formatQuarantined(partId: bigint, reasonHash: string, tx: TxResult): string {
  return formatTx(`Quarantined part ${formatPartId(partId)} ${reasonClause(reasonHash)}`, tx);
}

export function formatReleased(partId: bigint, reasonHash: string, tx: TxResult): string {
  return formatTx(
    `Released part ${formatPartId(partId)} from quarantine ${reasonClause(reasonHash)}`,
    tx,
  );
}

export function formatDisassembled(childId: bigint, reasonHash: string, tx: TxResult): string {
  return formatTx(
    `Took part ${formatPartId(childId)} out of its assembly ${reasonClause(reasonHash)}`,
    tx,
  );
}

export function formatRetired(
  partId: bigint,
  target: string,
  evidenceHash: string,
  tx: TxResult,
): string {
  const evidence =
    evidenceHash === ZERO_HASH
      ? "with no evidence given"
      : `on the evidence hashed ${evidenceHash}`;
  return formatTx(`Marked part ${formatPartId(partId)} as ${target} ${evidence}`, tx);
}

export function formatPartTransferred(partId: bigint, to: string, tx: TxResult): string {
  return formatTx(`Transferred part ${formatPartId(partId)} to ${to}`, tx);
}

export function formatActivated(
  partId: bigint,
  customer: string,
  chip: string,
  block: bigint,
  tx: TxResult,
): string {
  return formatTx(
    `Activated part ${formatPartId(partId)} for customer ${customer} with the signature of its ` +
      `tag chip ${chip}, bound to block ${block}; it is now in service`,
    tx,
  );
}

export function formatChipRebound(
  partId: bigint,
  newChip: string,
  reasonHash: string,
  tx: TxResult,
): string {
  return formatTx(
    `Bound part ${formatPartId(partId)} to the new tag chip ${newChip} for the reason hashed ` +
      reasonHash,
    tx,
  );
}

/** Whether a chip's answer proves possession of a part, and why not. */
export function formatChipVerification(
  partId: bigint,
  chip: string,
  block: bigint,
  result: ChipVerification,
): string {
  return result.ok
    ? `The tag chip ${chip} proves possession of part ${formatPartId(partId)} (answer bound to ` +
        `block ${block}).`
    : `The tag chip ${chip} does not prove possession of part ${formatPartId(partId)} with an ` +
        `answer bound to block ${block} (${result.reason}): ${result.message}`;
}

/**
 * The escrow's and the point of sale's answer to "is this part fit to use?", as a sentence: the
 * same answer for a part and everything built into it, at any depth.
 */
export function formatFitness(partId: bigint, conforming: boolean): string {
  return conforming
    ? `Part ${formatPartId(partId)} is fit to use: it and every part inside it conform.`
    : `Part ${formatPartId(partId)} is not fit to use: it, or a part inside it, is recalled, ` +
        "made from recalled material, quarantined, retired, missing a required pass or under " +
        "an attestation conflict; it cannot be activated or delivered against payment.";
}

/**
 * The text when no part has this id (a part given as `<maker>:<serial>` is named so by `runTask`,
 * which prints the error).
 */
export function formatNoPart(partId: bigint): string {
  return `No part ${formatPartId(partId)} has been made.`;
}

/** A part with its lot's inputs per part and its children, as a block of text. */
export function formatPart(
  part: Part,
  inputs: readonly BatchInput[],
  children: readonly bigint[],
): string {
  const yesNo = (value: boolean) => (value ? "yes" : "no");
  const owner =
    part.parent === undefined
      ? part.owner
      : `${part.owner} (the registry, holding it inside its assembly)`;
  return [
    `Part        ${formatPartId(part.id)}`,
    `Maker       ${part.maker}`,
    `Owner       ${owner}`,
    `Spec        ${part.spec}`,
    `Lot         ${part.lot}`,
    `Status      ${part.status}`,
    `Chip        ${part.chipKey ?? "none"}`,
    `Activated   ${yesNo(part.activated)}`,
    `Passed      ${part.passedKinds.join(", ") || "none"}`,
    `Conflicts   ${part.conflictKinds.join(", ") || "none"}${part.conflictKinds.length === 0 ? "" : " (attesters disagree; a registrar must rule)"}`,
    `Held        ${part.registrarHold ? "yes, by a registrar (only a registrar can release it)" : "no"}`,
    `Parent      ${part.parent === undefined ? "none" : formatPartId(part.parent)}`,
    `Children    ${children.map((child) => formatPartId(child)).join(", ") || "none"}`,
    `Inputs      ${inputsText(inputs) || "none"}${inputs.length === 0 ? "" : " (per part of its lot)"}`,
    `Conforming  ${yesNo(part.conforming)}`,
    `Recalled    ${yesNo(part.recalled)}`,
  ].join("\n");
}

/** A part as plain JSON values: part ids as 0x hex, other numbers as decimal strings. */
export function partToJson(
  part: Part,
  inputs: readonly BatchInput[],
  children: readonly bigint[],
): Record<string, unknown> {
  return {
    id: formatPartId(part.id),
    maker: part.maker,
    owner: part.owner,
    spec: part.spec,
    lot: part.lot.toString(),
    status: part.status,
    chipKey: part.chipKey ?? null,
    activated: part.activated,
    passedKinds: [...part.passedKinds],
    conflictKinds: [...part.conflictKinds],
    registrarHold: part.registrarHold,
    parent: part.parent === undefined ? null : formatPartId(part.parent),
    children: children.map((child) => formatPartId(child)),
    inputs: inputs.map((input) => ({
      batchId: input.batchId.toString(),
      quantity: input.quantity.toString(),
    })),
    conforming: part.conforming,
    recalled: part.recalled,
  };
}

/** A part's timeline, one line per event; a sentence when it has none. */
export function formatHistory(
  entries: readonly TimelineEntry[],
  partId: bigint,
  fromBlock: number,
): string {
  if (entries.length > 0) return formatTimeline(entries);
  return `${formatNoPart(partId).replace(/\.$/, "")} (no event since block ${fromBlock}).`;
}
