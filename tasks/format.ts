import {
  type Batch,
  type BatchInput,
  type Certificate,
  type ChipVerification,
  formatDuration,
  formatPartId,
  formatTime,
  type Part,
  type Participant,
  type Scheme,
  type Specification,
  type TimelineEntry,
  formatTimeline,
  type TxResult,
} from "../src/index.js";

/** Pure formatting of SDK results for the command line. */

const ZERO_HASH = `0x${"0".repeat(64)}`;

/** A point in time as an ISO date-time in UTC. */
function when(time: Date | bigint): string {
  return formatTime(time instanceof Date ? BigInt(Math.floor(time.getTime() / 1000)) : time);
}

function reasonClause(reasonHash: string): string {
  return reasonHash === ZERO_HASH ? "with no reason given" : `for the reason hashed ${reasonHash}`;
}

export function formatParticipant(p: Participant): string {
  if (p.state === "none") return `${p.address} has never been accredited.`;
  return [
    `Participant  ${p.address}`,
    `State        ${p.state}`,
    `Roles        ${p.roles.join(", ") || "(none)"}`,
    `Valid until  ${formatTime(p.validUntil)}`,
    `Registrar    ${p.registrar}`,
    `Evidence     ${p.evidenceHash}`,
  ].join("\n");
}

export function formatTx(what: string, tx: TxResult): string {
  return `${what} (tx ${tx.hash}, block ${tx.blockNumber}, gas ${tx.gasUsed}).`;
}

// -----------------------------------------------------------------------------------------------
// Governance
// -----------------------------------------------------------------------------------------------

export function formatRegistrarAppointed(account: string, tx: TxResult): string {
  return formatTx(`Appointed ${account} as a registrar`, tx);
}

export function formatRegistrarRemoved(account: string, tx: TxResult): string {
  return formatTx(`Removed ${account} from the registrars`, tx);
}

// -----------------------------------------------------------------------------------------------
// Registrars
// -----------------------------------------------------------------------------------------------

export function formatAccredited(
  participant: string,
  roles: readonly string[],
  validUntil: Date | bigint,
  tx: TxResult,
): string {
  return formatTx(`Accredited ${participant} as ${roles.join(", ")} until ${when(validUntil)}`, tx);
}

export function formatRolesChanged(
  participant: string,
  roles: readonly string[],
  tx: TxResult,
): string {
  return formatTx(`Set the roles of ${participant} to ${roles.join(", ")}`, tx);
}

export function formatSuspended(participant: string, reasonHash: string, tx: TxResult): string {
  return formatTx(`Suspended ${participant} ${reasonClause(reasonHash)}`, tx);
}

export function formatReinstated(participant: string, tx: TxResult): string {
  return formatTx(`Lifted the suspension of ${participant}`, tx);
}

export function formatRenewed(
  participant: string,
  validUntil: Date | bigint,
  tx: TxResult,
): string {
  return formatTx(`Renewed the accreditation of ${participant} until ${when(validUntil)}`, tx);
}

export function formatRevoked(participant: string, reasonHash: string, tx: TxResult): string {
  return formatTx(`Revoked the accreditation of ${participant} ${reasonClause(reasonHash)}`, tx);
}

// -----------------------------------------------------------------------------------------------
// Schemes
// -----------------------------------------------------------------------------------------------

export function formatSchemeDefined(
  scheme: string,
  documentHash: string,
  defaultValidity: bigint,
  tx: TxResult,
): string {
  return formatTx(
    `Defined scheme ${scheme} on the document hashed ${documentHash}; its certificates last ` +
      `${formatDuration(defaultValidity)} unless the auditor says otherwise`,
    tx,
  );
}

export function formatAuditorAuthorized(scheme: string, auditor: string, tx: TxResult): string {
  return formatTx(`Authorised auditor ${auditor} to certify under scheme ${scheme}`, tx);
}

export function formatAuditorDeauthorized(scheme: string, auditor: string, tx: TxResult): string {
  return formatTx(
    `Withdrew the authorisation of auditor ${auditor} under scheme ${scheme} (certificates it ` +
      "granted stay valid)",
    tx,
  );
}

/** A scheme as a block of text; `requested` names it when it is not defined. */
export function formatScheme(scheme: Scheme | undefined, requested: string): string {
  if (scheme === undefined) return `No scheme ${requested} has been defined.`;
  const name = scheme.name === scheme.id ? scheme.id : `${scheme.name} (${scheme.id})`;
  return [
    `Scheme            ${name}`,
    `Standards body    ${scheme.standardsBody}`,
    `Document          ${scheme.documentHash}`,
    `Default validity  ${formatDuration(scheme.defaultValidity)}`,
  ].join("\n");
}

// -----------------------------------------------------------------------------------------------
// Certificates
// -----------------------------------------------------------------------------------------------

/** What a certificate allows, in one line. */
export function formatCapacity(certificate: Certificate): string {
  const { capacity } = certificate;
  if (capacity === undefined) return "no limit";
  const allowance = `${capacity.perPeriod} units per ${formatDuration(capacity.periodLength)}`;
  if (certificate.state !== "valid" || capacity.periodEnd === 0n) {
    return `${allowance} (none available: the certificate is ${certificate.state})`;
  }
  return `${allowance}; ${capacity.remaining} left this period, which ends ${formatTime(capacity.periodEnd)}`;
}

export function formatCertificateGranted(certificate: Certificate, tx: TxResult): string {
  const limit =
    certificate.capacity === undefined ? "no capacity limit" : formatCapacity(certificate);
  return formatTx(
    `Certified ${certificate.participant} under scheme ${certificate.schemeName} from ` +
      `${formatTime(certificate.validFrom)} to ${formatTime(certificate.validUntil)}, ${limit}`,
    tx,
  );
}

export function formatCertificateRevoked(
  participant: string,
  scheme: string,
  reasonHash: string,
  tx: TxResult,
): string {
  return formatTx(
    `Revoked the certificate of ${participant} under scheme ${scheme} ${reasonClause(reasonHash)}`,
    tx,
  );
}

/** A certificate as a block of text. */
export function formatCertificate(certificate: Certificate): string {
  return [
    `Certificate  ${certificate.participant} under ${certificate.schemeName}`,
    `State        ${certificate.state}`,
    `Auditor      ${certificate.auditor}`,
    `Valid        ${formatTime(certificate.validFrom)} to ${formatTime(certificate.validUntil)}`,
    `Capacity     ${formatCapacity(certificate)}`,
    `Evidence     ${certificate.evidenceHash}`,
  ].join("\n");
}

/** Every certificate a participant received, as blocks of text. */
export function formatCertificates(
  participant: string,
  certificates: readonly Certificate[],
): string {
  if (certificates.length === 0) return `${participant} has never been certified.`;
  const count = certificates.length === 1 ? "1 certificate" : `${certificates.length} certificates`;
  return [
    `${participant} has received ${count}:`,
    ...certificates.map((c) => `\n${formatCertificate(c)}`),
  ].join("\n");
}

/** The text when a participant holds no certificate under a scheme. */
export function formatNoCertificate(participant: string, scheme: string): string {
  return `${participant} has never been certified under scheme ${scheme}.`;
}

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

function amount(quantity: bigint, unit: string | undefined): string {
  return unit === undefined || unit === "" ? `${quantity}` : `${quantity} ${unit}`;
}

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

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
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
  tx: TxResult,
): string {
  return formatTx(
    `Activated part ${formatPartId(partId)} for customer ${customer} with the signature of its ` +
      `tag chip ${chip}; it is now in service`,
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
  result: ChipVerification,
): string {
  return result.ok
    ? `The tag chip ${chip} proves possession of part ${formatPartId(partId)}.`
    : `The tag chip ${chip} does not prove possession of part ${formatPartId(partId)} ` +
        `(${result.reason}): ${result.message}`;
}

/** The text when no part has this id; `given` is how it was named on the command line. */
export function formatNoPart(partId: bigint, given: string): string {
  const id = formatPartId(partId);
  const named = given.trim();
  return named.includes(":")
    ? `No part ${named} (id ${id}) has been made.`
    : `No part ${id} has been made.`;
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
  given: string,
  fromBlock: number,
): string {
  if (entries.length > 0) return formatTimeline(entries);
  return `${formatNoPart(partId, given).replace(/\.$/, "")} (no event since block ${fromBlock}).`;
}
