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
  timelineToJson,
  type TxResult,
} from "../../src/index.js";
import {
  type Core,
  type CoreCharge,
  type CoreDetails,
  type Licence,
  type LicenceQuota,
  type Lineage,
  type Warranty,
  type WarrantyClaim,
} from "../../src/index.js";
import {
  formatTokenAmount,
  type Invoice,
  type InvoiceMilestone,
  type InvoicePayment,
  type TokenInfo,
} from "../../src/index.js";
import {
  type AuctionOrder,
  type AuctionPayment,
  type BondRelease,
  describeBidValidity,
  describeOrderPhase,
  type RevealOutcome,
  schemeName,
  type Settlement,
} from "../../src/index.js";

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

export function formatSchemeTransferred(
  scheme: string,
  previousBody: string,
  newBody: string,
  reasonHash: string,
  tx: TxResult,
): string {
  return formatTx(
    `Handed scheme ${scheme} from standards body ${previousBody} to ${newBody} ` +
      `${reasonClause(reasonHash)}; its auditors and certificates are unchanged`,
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
  if (capacity === undefined) {
    const unit = certificate.capacityUnit;
    return unit === undefined ? "no limit" : `no limit (draws in ${unit})`;
  }
  const allowance = `${capacity.perPeriod} ${capacity.unit} per ${formatDuration(capacity.periodLength)}`;
  if (certificate.state !== "valid" || capacity.periodEnd === 0n) {
    return `${allowance} (none available: the certificate is ${certificate.state})`;
  }
  return `${allowance}; ${capacity.remaining} left this period, which ends ${formatTime(capacity.periodEnd)}`;
}

export function formatCertificateRequested(
  participant: string,
  scheme: string,
  auditor: string,
  tx: TxResult,
): string {
  return formatTx(
    `${participant} asked auditor ${auditor} to certify it under scheme ${scheme}; only that ` +
      "auditor may grant it, once",
    tx,
  );
}

export function formatCertificateGranted(certificate: Certificate, tx: TxResult): string {
  const limit =
    certificate.capacity === undefined
      ? `no capacity limit${certificate.capacityUnit === undefined ? "" : ` (draws in ${certificate.capacityUnit})`}`
      : formatCapacity(certificate);
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
  given: string,
  fromBlock: number,
): string {
  if (entries.length > 0) return formatTimeline(entries);
  return `${formatNoPart(partId, given).replace(/\.$/, "")} (no event since block ${fromBlock}).`;
}

// -----------------------------------------------------------------------------------------------
// Invoices
// -----------------------------------------------------------------------------------------------

/** An amount in the token's smallest unit, in token units with the token's symbol. */
export function formatMoney(amount: bigint, token: TokenInfo): string {
  return `${formatTokenAmount(amount, token.decimals)} ${token.symbol || token.address}`;
}

function parts(count: bigint | number): string {
  return plural(Number(count), "part", "parts");
}

export function formatInvoiceProposed(
  proposed: {
    invoiceId: bigint;
    payer: string;
    total: bigint;
    milestones: number;
    dueDate: Date | bigint;
    arbiter: string | undefined;
  },
  token: TokenInfo,
  tx: TxResult,
): string {
  return formatTx(
    `Proposed invoice ${proposed.invoiceId} to ${proposed.payer}: ${formatMoney(proposed.total, token)} ` +
      `in ${plural(proposed.milestones, "milestone", "milestones")}, due ${when(proposed.dueDate)}, ` +
      `${proposed.arbiter === undefined ? "with no arbiter" : `arbiter ${proposed.arbiter}`}; ` +
      "the payer agrees by funding it",
    tx,
  );
}

export function formatTokenApproved(
  spender: string,
  amount: bigint,
  token: TokenInfo,
  tx: TxResult,
): string {
  return formatTx(
    `Approved the escrow ${spender} to take exactly ${formatMoney(amount, token)}`,
    tx,
  );
}

/**
 * The approval of zero sent before a new one, when a short allowance was not zero: some tokens
 * (USDT) refuse to change one non-zero allowance to another.
 */
export function formatAllowanceReset(spender: string, tx: TxResult): string {
  return formatTx(
    `Set the allowance of ${spender} to zero first (the token may refuse to change one ` +
      "non-zero allowance to another)",
    tx,
  );
}

export function formatInvoiceFunded(
  invoice: Invoice,
  token: TokenInfo,
  permit: boolean,
  tx: TxResult,
): string {
  return formatTx(
    `Funded invoice ${invoice.id}${permit ? " with a permit" : ""}: ` +
      `${formatMoney(invoice.funds.total, token)} locked in escrow; the receivable went to the ` +
      `supplier ${invoice.supplier}`,
    tx,
  );
}

export function formatInvoiceCancelled(invoiceId: bigint, tx: TxResult): string {
  return formatTx(`Cancelled proposed invoice ${invoiceId}`, tx);
}

/** What a settled milestone paid, from the invoice after the transaction. */
function paid(milestone: InvoiceMilestone, toPayee: bigint, invoice: Invoice, token: TokenInfo) {
  const toPayer = milestone.amount - toPayee;
  return (
    `${formatMoney(toPayee, token)} released to ${invoice.receivableHolder ?? invoice.supplier}` +
    (toPayer === 0n ? "" : ` and ${formatMoney(toPayer, token)} back to the payer`)
  );
}

export function formatMilestoneApproved(
  invoice: Invoice,
  index: number,
  token: TokenInfo,
  tx: TxResult,
): string {
  const milestone = invoice.milestones[index];
  if (milestone === undefined)
    return formatTx(`Approved milestone ${index} of invoice ${invoice.id}`, tx);
  return formatTx(
    `Approved milestone ${index} of invoice ${invoice.id}: ${paid(milestone, milestone.amount, invoice, token)}`,
    tx,
  );
}

/** One per-part approval a delivery sent: the escrow may move this part, and no other. */
export function formatPartApproved(escrow: string, partId: bigint, tx: TxResult): string {
  return formatTx(
    `Approved the escrow ${escrow} to move part ${formatPartId(partId)} on the parts registry ` +
      "(this part only; the approval lapses when it moves)",
    tx,
  );
}

export function formatDelivered(
  invoice: Invoice,
  index: number,
  partIds: readonly bigint[],
  token: TokenInfo,
  tx: TxResult,
): string {
  const milestone = invoice.milestones[index];
  const what = `Delivered ${parts(partIds.length)} against milestone ${index} of invoice ${invoice.id} to the payer ${invoice.payer}`;
  if (milestone === undefined) return formatTx(what, tx);
  const penalty =
    milestone.penalty === 0n
      ? ""
      : `, less a lateness penalty of ${formatMoney(milestone.penalty, token)}`;
  const net = milestone.amount - milestone.penalty;
  if (milestone.state === "released") {
    return formatTx(`${what}; ${paid(milestone, net, invoice, token)}${penalty}`, tx);
  }
  return formatTx(
    `${what}; ${formatMoney(net, token)}${penalty} is held until ` +
      `${formatTime(milestone.deadline ?? 0n)} for the payer to accept or reject`,
    tx,
  );
}

export function formatDeliveryAccepted(
  invoice: Invoice,
  index: number,
  token: TokenInfo,
  tx: TxResult,
): string {
  const milestone = invoice.milestones[index];
  if (milestone === undefined)
    return formatTx(`Accepted milestone ${index} of invoice ${invoice.id}`, tx);
  return formatTx(
    `Accepted the delivery against milestone ${index} of invoice ${invoice.id}: ` +
      paid(milestone, milestone.amount - milestone.penalty, invoice, token),
    tx,
  );
}

export function formatClaimed(
  invoice: Invoice,
  index: number,
  token: TokenInfo,
  tx: TxResult,
): string {
  const milestone = invoice.milestones[index];
  if (milestone === undefined)
    return formatTx(`Claimed milestone ${index} of invoice ${invoice.id}`, tx);
  return formatTx(
    `Claimed the delivery against milestone ${index} of invoice ${invoice.id} after its ` +
      `acceptance window: ${paid(milestone, milestone.amount - milestone.penalty, invoice, token)}`,
    tx,
  );
}

export function formatDisputeOpened(
  verb: "Rejected the delivery against" | "Disputed",
  invoice: Invoice,
  index: number,
  reasonHash: string,
  tx: TxResult,
): string {
  const deadline = invoice.milestones[index]?.deadline;
  const ruling =
    invoice.arbiter === undefined
      ? "the invoice has no arbiter, so the dispute lapses"
      : `the arbiter ${invoice.arbiter} can rule until`;
  return formatTx(
    `${verb} milestone ${index} of invoice ${invoice.id} for the reason hashed ${reasonHash}; ` +
      `${ruling} ${formatTime(deadline ?? 0n)}`,
    tx,
  );
}

export function formatRuled(
  invoice: Invoice,
  index: number,
  toPayee: bigint,
  token: TokenInfo,
  tx: TxResult,
): string {
  const milestone = invoice.milestones[index];
  const rest = milestone === undefined ? 0n : milestone.amount - toPayee;
  return formatTx(
    `Ruled on milestone ${index} of invoice ${invoice.id}: ${formatMoney(toPayee, token)} to ` +
      `${invoice.receivableHolder ?? invoice.supplier} and ${formatMoney(rest, token)} back to ` +
      `the payer ${invoice.payer}`,
    tx,
  );
}

export function formatDisputeLapsed(invoice: Invoice, index: number, tx: TxResult): string {
  const milestone = invoice.milestones[index];
  const restored =
    milestone?.state === "delivered"
      ? "delivered, and its payment can be claimed at once"
      : (milestone?.state ?? "where it was");
  return formatTx(
    `Let the dispute on milestone ${index} of invoice ${invoice.id} lapse with no ruling: it is ` +
      `back to ${restored}`,
    tx,
  );
}

export function formatReclaimed(
  invoiceId: bigint,
  refunded: bigint,
  payer: string,
  token: TokenInfo,
  tx: TxResult,
): string {
  return formatTx(
    `Refunded ${formatMoney(refunded, token)} of invoice ${invoiceId} to the payer ${payer}: ` +
      "every milestone still pending after the due date and grace period",
    tx,
  );
}

export function formatAuctionWithdrawn(
  orderId: bigint,
  amount: bigint,
  to: string,
  token: TokenInfo,
  tx: TxResult,
): string {
  return formatTx(
    `Withdrew ${formatMoney(amount, token)} credited to you under order ${orderId}, to ${to}`,
    tx,
  );
}

export function formatInvoiceWithdrawn(
  invoiceId: bigint,
  amount: bigint,
  to: string,
  token: TokenInfo,
  tx: TxResult,
): string {
  return formatTx(
    `Withdrew ${formatMoney(amount, token)} credited to you by invoice ${invoiceId}, to ${to}`,
    tx,
  );
}

export function formatReceivableTransferred(invoiceId: bigint, to: string, tx: TxResult): string {
  return formatTx(
    `Transferred the receivable of invoice ${invoiceId} to ${to}, who is paid from now on`,
    tx,
  );
}

/** What the invoice credited to each account and it has not withdrawn. */
export type Credit = { account: string; amount: bigint };

function milestoneLine(m: InvoiceMilestone, token: TokenInfo): string {
  const what =
    m.kind === "approval" ? "approval" : `delivery of ${parts(m.quantity)} of ${m.spec ?? "?"}`;
  let state: string = m.state;
  if (m.state === "delivered") state = `delivered, held until ${formatTime(m.deadline ?? 0n)}`;
  if (m.state === "disputed") {
    state = `disputed (from ${m.disputedFrom ?? "?"}), ruling due by ${formatTime(m.deadline ?? 0n)}`;
  }
  const penalty = m.penalty === 0n ? "" : `, lateness penalty ${formatMoney(m.penalty, token)}`;
  return `  #${m.index}  ${formatMoney(m.amount, token)}  ${what}  ${state}${penalty}`;
}

/**
 * An invoice as a block of text: its parties and terms, its milestones, and where every token of
 * it is (held in escrow, released to whom, refunded, credited but not yet withdrawn).
 */
export function formatInvoice(
  invoice: Invoice,
  token: TokenInfo,
  payments: readonly InvoicePayment[],
  credits: readonly Credit[],
): string {
  const money = (amount: bigint) => formatMoney(amount, token);
  const released = new Map<string, bigint>();
  for (const payment of payments) {
    if (payment.kind === "release" && payment.toPayee > 0n) {
      released.set(payment.payee, (released.get(payment.payee) ?? 0n) + payment.toPayee);
    }
  }
  const releasedTo = [...released].map(([payee, amount]) => `${money(amount)} to ${payee}`);
  const deferred = payments.flatMap((p) =>
    p.kind === "deferred" ? [`${money(p.amount)} to ${p.account}`] : [],
  );
  const owed = credits.filter((credit) => credit.amount > 0n);
  const lines = [
    `Invoice       ${invoice.id} (${invoice.state})`,
    `Supplier      ${invoice.supplier}`,
    `Payer         ${invoice.payer}`,
    `Receivable    ${invoice.receivableHolder === undefined ? "not minted (minted to the supplier at funding)" : `held by ${invoice.receivableHolder}, who is paid`}`,
    `Token         ${token.symbol || "?"} ${token.address} (${token.decimals} decimals)`,
    `Total         ${money(invoice.funds.total)} in ${plural(invoice.milestones.length, "milestone", "milestones")}`,
    `Due           ${formatTime(invoice.dueDate)}; deliveries taken until ${formatTime(invoice.dueDate + invoice.gracePeriod)}`,
    `Acceptance    ${invoice.acceptanceWindow === 0n ? "none: a delivery is paid at once" : `${formatDuration(invoice.acceptanceWindow)} to accept or reject a delivery`}`,
    `Arbiter       ${invoice.arbiter ?? "none"}; a dispute lapses after ${formatDuration(invoice.rulingPeriod)} without a ruling`,
    `Late penalty  ${invoice.penaltyPerDay === 0n ? "none" : `${money(invoice.penaltyPerDay)} per day late, at most ${money(invoice.penaltyCap)} per delivery`}${invoice.fundedAt !== undefined && invoice.fundedAt >= invoice.dueDate ? " (not charged: funded on or after the due date)" : ""}`,
    "",
    "Milestones",
    ...invoice.milestones.map((m) => milestoneLine(m, token)),
    "",
    `Where the ${money(invoice.funds.total)} are`,
    `  Held in escrow    ${invoice.state === "proposed" || invoice.state === "cancelled" ? `${money(0n)} (not funded)` : money(invoice.funds.held)}`,
    `  Released          ${money(invoice.funds.released)}${releasedTo.length === 0 ? "" : `: ${releasedTo.join(", ")}`}`,
    `  Refunded          ${money(invoice.funds.refunded)}${invoice.funds.refunded === 0n ? "" : ` to the payer ${invoice.payer}`}`,
    `  Deferred          ${deferred.length === 0 ? "none" : `${deferred.join(", ")} (part of the above: refused by the token, credited instead)`}`,
    `  Credited, unsent  ${owed.length === 0 ? "none" : `${owed.map((c) => `${money(c.amount)} to ${c.account}`).join(", ")} (withdraw with invoice:withdraw ${invoice.id})`}`,
  ];
  return lines.join("\n");
}

/** An invoice as plain JSON values: amounts in the token's smallest unit and times in ISO 8601. */
export function invoiceToJson(
  invoice: Invoice,
  token: TokenInfo,
  payments: readonly InvoicePayment[],
  credits: readonly Credit[],
): Record<string, unknown> {
  const time = (value: bigint | undefined) => (value === undefined ? null : formatTime(value));
  return {
    id: invoice.id.toString(),
    state: invoice.state,
    supplier: invoice.supplier,
    payer: invoice.payer,
    receivableHolder: invoice.receivableHolder ?? null,
    arbiter: invoice.arbiter ?? null,
    token: { address: token.address, symbol: token.symbol, decimals: token.decimals },
    dueDate: time(invoice.dueDate),
    lastDelivery: time(invoice.dueDate + invoice.gracePeriod),
    fundedAt: time(invoice.fundedAt),
    acceptanceWindow: invoice.acceptanceWindow.toString(),
    gracePeriod: invoice.gracePeriod.toString(),
    rulingPeriod: invoice.rulingPeriod.toString(),
    penaltyPerDay: invoice.penaltyPerDay.toString(),
    penaltyCap: invoice.penaltyCap.toString(),
    openMilestones: invoice.openMilestones,
    milestones: invoice.milestones.map((m) => ({
      index: m.index,
      kind: m.kind,
      state: m.state,
      amount: m.amount.toString(),
      quantity: m.quantity.toString(),
      spec: m.spec ?? null,
      deadline: time(m.deadline),
      penalty: m.penalty.toString(),
      disputedFrom: m.disputedFrom ?? null,
    })),
    funds: {
      total: invoice.funds.total.toString(),
      held: invoice.funds.held.toString(),
      released: invoice.funds.released.toString(),
      refunded: invoice.funds.refunded.toString(),
    },
    payments: payments.map((p) =>
      p.kind === "release"
        ? {
            kind: p.kind,
            index: p.index,
            payee: p.payee,
            toPayee: p.toPayee.toString(),
            toPayer: p.toPayer.toString(),
            ruled: p.ruled,
            blockNumber: p.blockNumber,
            transactionHash: p.transactionHash,
          }
        : p.kind === "refund"
          ? {
              kind: p.kind,
              index: p.index,
              toPayer: p.toPayer.toString(),
              blockNumber: p.blockNumber,
              transactionHash: p.transactionHash,
            }
          : {
              kind: p.kind,
              account: p.account,
              amount: p.amount.toString(),
              blockNumber: p.blockNumber,
              transactionHash: p.transactionHash,
            },
    ),
    credited: credits.map((c) => ({ account: c.account, amount: c.amount.toString() })),
  };
}

// -----------------------------------------------------------------------------------------------
// Procurement auctions
// -----------------------------------------------------------------------------------------------

function partsOf(order: AuctionOrder): string {
  return `${parts(order.quantity)} of ${order.spec}`;
}

function pricing(order: AuctionOrder): string {
  return order.pricing === "second-price"
    ? "second price (the winner is paid the second-best valid price)"
    : "first price (the winner is paid its own price)";
}

export function formatAuctionApproved(
  auction: string,
  amount: bigint,
  token: TokenInfo,
  what: "the order's budget" | "the bond",
  tx: TxResult,
): string {
  return formatTx(
    `Approved the auction ${auction} to take exactly ${formatMoney(amount, token)} for ${what}`,
    tx,
  );
}

export function formatOrderPosted(order: AuctionOrder, token: TokenInfo, tx: TxResult): string {
  const scheme =
    order.requiredScheme === undefined
      ? ""
      : ` certified under ${schemeName(order.requiredScheme)}`;
  return formatTx(
    `Posted order ${order.id}: ${partsOf(order)}${scheme}, at most ` +
      `${formatMoney(order.maxUnitPrice, token)} each; ${formatMoney(order.budget, token)} locked; ` +
      `bids sealed until ${formatTime(order.biddingEnds)} with a bond of ` +
      `${formatMoney(order.bond, token)}, revealed until ${formatTime(order.revealEnds)}; ` +
      `${order.pricing}; delivery by ${formatTime(order.deliveryBy)}`,
    tx,
  );
}

export function formatOrderCancelled(order: AuctionOrder, token: TokenInfo, tx: TxResult): string {
  return formatTx(
    `Cancelled order ${order.id}: its budget of ${formatMoney(order.budget, token)} went back to ` +
      `the customer ${order.customer}`,
    tx,
  );
}

export function formatBidCommitted(
  bid: {
    order: AuctionOrder;
    sequence: number;
    bidder: string;
    committer: string;
    unitPrice: bigint;
    deliveryDate: bigint;
    file: string | undefined;
  },
  token: TokenInfo,
  tx: TxResult,
): string {
  const { order } = bid;
  const poster =
    bid.committer === bid.bidder ? "by the bidder" : `by the committer ${bid.committer}`;
  const saved = bid.file === undefined ? "" : `; reveal data saved to ${bid.file}`;
  return formatTx(
    `Sealed bid ${bid.sequence} on order ${order.id} for ${bid.bidder}: ` +
      `${formatMoney(bid.unitPrice, token)} per part, delivery by ${formatTime(bid.deliveryDate)}; ` +
      `bond of ${formatMoney(order.bond, token)} posted ${poster}${saved}; reveal it from ` +
      `${formatTime(order.biddingEnds)} until ${formatTime(order.revealEnds)}`,
    tx,
  );
}

export function formatBidRevealed(
  orderId: bigint,
  outcome: RevealOutcome,
  token: TokenInfo,
  tx: TxResult,
): string {
  const verdict = outcome.valid
    ? "it counts"
    : `it does not count (${describeBidValidity(outcome.reason)}) and its bond went back`;
  return formatTx(
    `Revealed bid ${outcome.sequence} on order ${orderId} of ${outcome.bidder}: ` +
      `${formatMoney(outcome.unitPrice, token)} per part, delivery by ` +
      `${formatTime(outcome.deliveryDate)}; ${verdict}`,
    tx,
  );
}

export function formatOrderSettled(
  orderId: bigint,
  settlement: Settlement,
  customer: string,
  token: TokenInfo,
  tx: TxResult,
): string {
  const forfeited =
    settlement.forfeited === 0n
      ? ""
      : `; ${formatMoney(settlement.forfeited, token)} of bonds of bids never revealed went to the customer`;
  if (settlement.kind === "cancelled") {
    return formatTx(
      `Settled cancelled order ${orderId}: ${formatMoney(settlement.forfeited, token)} of bonds ` +
        `of bids never revealed went to the customer ${customer}`,
      tx,
    );
  }
  if (settlement.kind === "closed") {
    return formatTx(
      `Settled order ${orderId} without an award (no valid bid, too late to deliver, or the ` +
        `invoice could not open): ${formatMoney(settlement.refund, token)} went back to the ` +
        `customer ${customer}${forfeited}`,
      tx,
    );
  }
  return formatTx(
    `Settled order ${orderId}: awarded to ${settlement.winner} at ` +
      `${formatMoney(settlement.unitPrice, token)} per part; invoice ${settlement.invoiceId} ` +
      `opened and funded with ${formatMoney(settlement.total, token)}; ` +
      `${formatMoney(settlement.refund, token)} went back to the customer ${customer}${forfeited}`,
    tx,
  );
}

export function formatWinnerBondReleased(
  orderId: bigint,
  release: BondRelease,
  token: TokenInfo,
  tx: TxResult,
): string {
  return formatTx(
    `Released the winner's bond of order ${orderId}: ${formatMoney(release.amount, token)} to ` +
      (release.forfeited
        ? `the customer ${release.to}, as the winner did not deliver (or was ruled nothing)`
        : `${release.to}, as the winner was paid for its delivery`),
    tx,
  );
}

/**
 * An order as a block of text. While bidding is open it shows only how many bids are sealed:
 * nobody can know who bids or at what price.
 */
/** One payment of an order, as a line of `auction:show`. */
function auctionPaymentLine(p: AuctionPayment, token: TokenInfo): string {
  const money = formatMoney(p.amount, token);
  if (p.kind === "deferred") {
    return `  ${money} to ${p.account} deferred: refused by the token, credited (auction:withdraw)`;
  }
  if (p.kind === "refund") return `  ${money} of the budget back to the customer ${p.to}`;
  if (p.kind === "withdrawn") return `  ${money} of credits withdrawn by ${p.account} to ${p.to}`;
  return p.forfeited
    ? `  ${money} of forfeited bonds to ${p.to}`
    : `  ${money} bond back to ${p.to}`;
}

/**
 * An order as a block of text; `payments` (from the SDK's `payments`) adds where its money went,
 * deferred payments included.
 */
export function formatOrder(
  order: AuctionOrder,
  token: TokenInfo,
  payments: readonly AuctionPayment[] = [],
): string {
  const money = (amount: bigint) => formatMoney(amount, token);
  const paid =
    payments.length === 0
      ? []
      : ["", "Payments", ...payments.map((p) => auctionPaymentLine(p, token))];
  const lines = [
    `Order         ${order.id} (${describeOrderPhase(order.phase)})`,
    `Customer      ${order.customer}`,
    `Parts         ${partsOf(order)}`,
    `Certificate   ${order.requiredScheme === undefined ? "none required" : `${schemeName(order.requiredScheme)} required`}`,
    `Token         ${token.symbol || "?"} ${token.address} (${token.decimals} decimals)`,
    `Max price     ${money(order.maxUnitPrice)} per part; budget ${money(order.budget)}`,
    `Pricing       ${pricing(order)}`,
    `Bond          ${money(order.bond)} per sealed bid`,
    `Bidding       until ${formatTime(order.biddingEnds)}`,
    `Revealing     until ${formatTime(order.revealEnds)}`,
    `Delivery      by ${formatTime(order.deliveryBy)}`,
    `Invoice       arbiter ${order.arbiter ?? "none"}; ` +
      `${order.acceptanceWindow === 0n ? "paid at delivery" : `${formatDuration(order.acceptanceWindow)} to accept or reject`}; ` +
      `grace ${order.gracePeriod === 0n ? "none" : formatDuration(order.gracePeriod)}; ` +
      `ruling within ${formatDuration(order.rulingPeriod)}`,
    "",
  ];
  if (order.revealedBids === undefined) {
    lines.push(
      `Sealed bids   ${order.sealedBids} (who bids, and at what price, stays sealed until bidding ends)`,
    );
    return [...lines, ...paid].join("\n");
  }
  lines.push(`Bids          ${order.sealedBids} sealed, ${order.revealedBids} revealed`);
  const best = order.best;
  if (order.award !== undefined) {
    const a = order.award;
    lines.push(
      `Winner        ${a.winner} (bid ${best?.sequence ?? "?"}, asked ${money(best?.unitPrice ?? a.unitPrice)})`,
      `Paid          ${money(a.unitPrice)} per part: invoice ${a.invoiceId} for ${money(a.total)}; ` +
        `${money(a.refund)} went back to the customer`,
    );
  } else if (best !== undefined) {
    const label = order.phase === "revealing" ? "Best so far" : "Best bid";
    lines.push(
      `${label.padEnd(14)}${best.bidder} (bid ${best.sequence}) at ${money(best.unitPrice)} per part` +
        (order.pricing === "second-price" ? `; would be paid ${money(best.pricePaid)}` : ""),
    );
  } else {
    lines.push("Best bid      none valid");
  }
  return [...lines, ...paid].join("\n");
}

/** An order as plain JSON values: amounts in the token's smallest unit and times in ISO 8601. */
export function orderToJson(
  order: AuctionOrder,
  token: TokenInfo,
  payments: readonly AuctionPayment[] = [],
): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: order.id.toString(),
    phase: order.phase,
    customer: order.customer,
    spec: order.spec,
    quantity: order.quantity,
    requiredScheme: order.requiredScheme === undefined ? null : schemeName(order.requiredScheme),
    token: { address: token.address, symbol: token.symbol, decimals: token.decimals },
    maxUnitPrice: order.maxUnitPrice.toString(),
    budget: order.budget.toString(),
    bond: order.bond.toString(),
    pricing: order.pricing,
    biddingEnds: formatTime(order.biddingEnds),
    revealEnds: formatTime(order.revealEnds),
    deliveryBy: formatTime(order.deliveryBy),
    arbiter: order.arbiter ?? null,
    acceptanceWindow: order.acceptanceWindow.toString(),
    gracePeriod: order.gracePeriod.toString(),
    rulingPeriod: order.rulingPeriod.toString(),
    sealedBids: order.sealedBids,
    payments: payments.map((p) => ({
      ...p,
      amount: p.amount.toString(),
    })),
  };
  // While bidding is open, the count of sealed bids is all there is to show.
  if (order.revealedBids === undefined) return json;
  return {
    ...json,
    revealedBids: order.revealedBids,
    best:
      order.best === undefined
        ? null
        : {
            bidder: order.best.bidder,
            sequence: order.best.sequence,
            unitPrice: order.best.unitPrice.toString(),
            runnerUpPrice: order.best.runnerUpPrice?.toString() ?? null,
            pricePaid: order.best.pricePaid.toString(),
          },
    award:
      order.award === undefined
        ? null
        : {
            winner: order.award.winner,
            unitPrice: order.award.unitPrice.toString(),
            invoiceId: order.award.invoiceId.toString(),
            total: order.award.total.toString(),
            refund: order.award.refund.toString(),
          },
  };
}

// -----------------------------------------------------------------------------------------------
// Circular economy
// -----------------------------------------------------------------------------------------------

/** A share in basis points as a percentage: 10000 is `100%`, 1225 is `12.25%`. */
export function formatBps(bps: number): string {
  const whole = Math.floor(bps / 100);
  const cents = bps % 100;
  return cents === 0
    ? `${whole}%`
    : `${whole}.${String(cents).padStart(2, "0").replace(/0$/, "")}%`;
}

/** A refund schedule: `100% / 80% / 50% / 20% / 0%` for grades 1 to 5. */
export function formatSchedule(refundBps: readonly number[]): string {
  return refundBps.map(formatBps).join(" / ");
}

/** An ERC-721 approval of one part or core, sent before an action that moves it. */
export function formatTokenMoveApproved(
  spender: string,
  spenderName: string,
  what: string,
  tokenId: bigint,
  tx: TxResult,
): string {
  return formatTx(
    `Approved the ${spenderName} ${spender} to take ${what} ${formatPartId(tokenId)} (this one ` +
      "only; the approval lapses when it moves)",
    tx,
  );
}

/** An ERC-20 approval of exactly an amount, sent before a payment. */
export function formatPaymentApproved(
  spender: string,
  spenderName: string,
  amount: bigint,
  token: TokenInfo,
  tx: TxResult,
): string {
  return formatTx(
    `Approved the ${spenderName} ${spender} to take exactly ${formatMoney(amount, token)}`,
    tx,
  );
}

export function formatCoreReturned(
  coreId: bigint,
  generation: number,
  recalled: boolean,
  tx: TxResult,
): string {
  const line =
    generation === 0
      ? "a first-generation part"
      : `remanufactured ${plural(generation, "time", "times")} before`;
  return formatTx(
    `Returned part ${formatPartId(coreId)} as core ${formatPartId(coreId)} (${line}): the part ` +
      "is in the core registry's custody for good and the core token is yours" +
      (recalled ? "; it is of recalled material, so it can only be graded recycle-only" : ""),
    tx,
  );
}

export function formatCoreGraded(
  coreId: bigint,
  graded: { outcome: string; grade: number; evidenceHash: string; gradeCount: number },
  tx: TxResult,
): string {
  return formatTx(
    `Graded core ${formatPartId(coreId)} ${graded.outcome}, grade ${graded.grade} of 5 (1 as ` +
      `new, 5 scrap), on the inspection data hashed ${graded.evidenceHash}; ` +
      `${plural(graded.gradeCount, "grade", "grades")} so far, the latest counts`,
    tx,
  );
}

export function formatCoreListed(
  coreId: bigint,
  price: bigint,
  token: TokenInfo,
  tx: TxResult,
): string {
  return formatTx(
    `Listed core ${formatPartId(coreId)} at ${formatMoney(price, token)}; any transfer of the ` +
      "core withdraws the offer",
    tx,
  );
}

export function formatCoreDelisted(coreId: bigint, tx: TxResult): string {
  return formatTx(`Withdrew the offer of core ${formatPartId(coreId)}`, tx);
}

export function formatCoreBought(
  coreId: bigint,
  seller: string,
  price: bigint,
  token: TokenInfo,
  tx: TxResult,
): string {
  return formatTx(
    `Bought core ${formatPartId(coreId)} from ${seller} for ${formatMoney(price, token)}: the ` +
      "payment and the core crossed in one transaction",
    tx,
  );
}

export function formatPartRemade(
  made: { newPartId: bigint; serial: string; spec: string },
  tx: TxResult,
): string {
  return formatTx(
    `Made part ${formatPartId(made.newPartId)} (serial ${made.serial}) of the core's ` +
      `specification ${made.spec}`,
    tx,
  );
}

export function formatRemanufactured(
  result: {
    coreId: bigint;
    newPartId: bigint;
    outcome: string;
    generation: number;
    licenceId: bigint | undefined;
    fee: bigint;
    warrantyEnd: bigint | undefined;
  },
  feeToken: TokenInfo | undefined,
  tx: TxResult,
): string {
  const licence =
    result.licenceId === undefined
      ? "as the specification's owner (no licence needed)"
      : `under licence ${result.licenceId}` +
        (result.fee > 0n && feeToken !== undefined
          ? `, a fee of ${formatMoney(result.fee, feeToken)} paid to the OEM`
          : ", without a fee");
  const warranty =
    result.warrantyEnd === undefined ? "" : `; its warranty runs until ${when(result.warrantyEnd)}`;
  return formatTx(
    `Remanufactured core ${formatPartId(result.coreId)} into part ` +
      `${formatPartId(result.newPartId)} (${result.outcome}, generation ${result.generation}) ` +
      `${licence}${warranty}; it conforms once its required attestations pass`,
    tx,
  );
}

export function formatRecycledBatch(
  batch: { batchId: bigint; quantity: bigint; unit: string; materialSpec: string },
  tx: TxResult,
): string {
  return formatTx(
    `Registered batch ${batch.batchId} of recycled material ${batch.materialSpec}: ` +
      `${batch.quantity} ${batch.unit}, drawn from your certified capacity`,
    tx,
  );
}

export function formatCoreRecycled(
  coreId: bigint,
  batchId: bigint,
  evidenceHash: string,
  tx: TxResult,
): string {
  return formatTx(
    `Recycled core ${formatPartId(coreId)} into batch ${batchId} on the record hashed ` +
      `${evidenceHash}: the core is burned and the batch's origin links back to it`,
    tx,
  );
}

/** A core's successor: the part it was remanufactured into, or the batch it was recycled into. */
function successorText(core: Core): string {
  if (core.successor === undefined) return "none";
  return core.state === "recycled"
    ? `batch ${core.successor} (recycled material)`
    : `part ${formatPartId(core.successor)}`;
}

/** The text when no core has this id; `given` is how it was named on the command line. */
export function formatNoCore(coreId: bigint, given: string): string {
  const named = given.trim();
  return named.includes(":")
    ? `Part ${named} (id ${formatPartId(coreId)}) was never returned as a core.`
    : `Part ${formatPartId(coreId)} was never returned as a core.`;
}

/** A core with what a buyer prices it on, and its history, as a block of text. */
export function formatCore(core: CoreDetails, listingToken: TokenInfo | undefined): string {
  const grade =
    core.grade === undefined
      ? "none yet"
      : `${core.grade.outcome}, ${core.grade.grade} of 5, by ${core.grade.grader} at ` +
        `${when(core.grade.gradedAt)} (${plural(core.gradeCount, "grade", "grades")} so far, the latest counts)`;
  const offer =
    core.listing === undefined || listingToken === undefined
      ? "not listed"
      : `${formatMoney(core.listing.price, listingToken)} (token ${core.listing.token})`;
  const lines = [
    `Core        ${formatPartId(core.id)}`,
    `State       ${core.state}`,
    `Holder      ${core.holder ?? "none"}`,
    `Spec        ${core.spec}`,
    `Maker       ${core.maker}`,
    `Made        ${core.madeAt === undefined ? "before the address book's start block" : when(core.madeAt)}`,
    `Returned    ${when(core.returnedAt)}`,
    `Generation  ${core.generation}${core.generation === 0 ? " (never remanufactured before)" : ""}`,
    `Recalled    ${core.recalled ? "yes (it can only be recycled)" : "no"}`,
    `Passed      ${core.passedKinds.join(", ") || "none"}`,
    `Conflicts   ${core.conflictKinds.join(", ") || "none"}`,
    `Children    ${core.children}`,
    `Grade       ${grade}`,
    `Offer       ${offer}`,
    `Successor   ${successorText(core)}`,
  ];
  if (core.grades.length > 0) {
    lines.push("", "Grades");
    for (const entry of core.grades) {
      lines.push(
        `  ${when(entry.gradedAt)}  block ${entry.blockNumber}  ${entry.outcome}, grade ` +
          `${entry.grade}, by ${entry.grader}, data ${entry.evidenceHash}`,
      );
    }
  }
  if (core.history.length > 0) lines.push("", "History", formatTimeline(core.history));
  return lines.join("\n");
}

/** A core as plain JSON values: ids as 0x hex, amounts in the smallest unit as strings. */
export function coreToJson(
  core: CoreDetails,
  listingToken: TokenInfo | undefined,
): Record<string, unknown> {
  const iso = (time: bigint) => formatTime(time);
  return {
    id: formatPartId(core.id),
    state: core.state,
    holder: core.holder ?? null,
    spec: core.spec,
    maker: core.maker,
    madeAt: core.madeAt === undefined ? null : iso(core.madeAt),
    returnedAt: iso(core.returnedAt),
    generation: core.generation,
    recalled: core.recalled,
    passedKinds: [...core.passedKinds],
    conflictKinds: [...core.conflictKinds],
    children: core.children.toString(),
    grade:
      core.grade === undefined
        ? null
        : {
            outcome: core.grade.outcome,
            grade: core.grade.grade,
            grader: core.grade.grader,
            gradedAt: iso(core.grade.gradedAt),
          },
    gradeCount: core.gradeCount,
    grades: core.grades.map((entry) => ({
      outcome: entry.outcome,
      grade: entry.grade,
      grader: entry.grader,
      gradedAt: iso(entry.gradedAt),
      evidenceHash: entry.evidenceHash,
      blockNumber: entry.blockNumber,
      transactionHash: entry.transactionHash,
    })),
    listing:
      core.listing === undefined
        ? null
        : {
            token: core.listing.token,
            symbol: listingToken?.symbol ?? "",
            decimals: listingToken?.decimals ?? 0,
            price: core.listing.price.toString(),
          },
    successor:
      core.successor === undefined
        ? null
        : core.state === "recycled"
          ? { batchId: core.successor.toString() }
          : { partId: formatPartId(core.successor) },
    history: timelineToJson(core.history),
  };
}

/** A part's line back to its first part and that part's material batches, as text. */
export function formatLineage(lineage: Lineage): string {
  const step = (partId: bigint, generation: number, outcome: string | undefined) =>
    `${formatPartId(partId)}  generation ${generation}` +
    (outcome === undefined ? "  (first part of its line)" : `  ${outcome}`);
  const lines = [
    `Part        ${formatPartId(lineage.partId)}`,
    `Generation  ${lineage.generation}${lineage.outcome === undefined ? "" : ` (${lineage.outcome})`}`,
    `Recalled    ${lineage.recalled ? "yes: recalled material is somewhere in its line" : "no"}`,
    `Fit         ${lineage.fit ? "yes" : "no"}`,
    "",
    "Line, newest first",
    `  ${step(lineage.partId, lineage.generation, lineage.outcome)}`,
    ...lineage.predecessors.map(
      (p) =>
        `  ${step(p.partId, p.generation, p.partId === lineage.firstPart ? undefined : p.outcome)}`,
    ),
    "",
    `Material of the first part ${formatPartId(lineage.firstPart)}, per part`,
  ];
  if (lineage.inputs.length === 0) lines.push("  none recorded");
  for (const input of lineage.inputs) {
    lines.push(
      `  batch ${input.batchId} x ${input.quantity}` +
        (input.recycledFrom === undefined
          ? ""
          : `  (recycled from core ${formatPartId(input.recycledFrom)})`),
    );
  }
  return lines.join("\n");
}

export function lineageToJson(lineage: Lineage): Record<string, unknown> {
  return {
    partId: formatPartId(lineage.partId),
    generation: lineage.generation,
    outcome: lineage.outcome ?? null,
    recalled: lineage.recalled,
    fit: lineage.fit,
    predecessors: lineage.predecessors.map((p) => ({
      partId: formatPartId(p.partId),
      generation: p.generation,
      outcome: p.outcome ?? null,
    })),
    firstPart: formatPartId(lineage.firstPart),
    inputs: lineage.inputs.map((input) => ({
      batchId: input.batchId.toString(),
      quantity: input.quantity.toString(),
      recycledFrom: input.recycledFrom === undefined ? null : formatPartId(input.recycledFrom),
    })),
  };
}

// Core charges -----------------------------------------------------------------------------------

export function formatChargeRequired(
  charge: {
    chargeId: bigint;
    buyer: string;
    unitPartId: bigint;
    amount: bigint;
    returnBy: Date | bigint;
    refundBps: readonly number[];
  },
  token: TokenInfo,
  tx: TxResult,
): string {
  return formatTx(
    `Required core charge ${charge.chargeId} of ${formatMoney(charge.amount, token)} from ` +
      `${charge.buyer} for unit ${formatPartId(charge.unitPartId)}: refunded ` +
      `${formatSchedule(charge.refundBps)} for a core of grade 1 to 5 of its specification ` +
      `returned by ${when(charge.returnBy)}; the buyer pays it in with charge:pay`,
    tx,
  );
}

export function formatChargePaid(charge: CoreCharge, token: TokenInfo, tx: TxResult): string {
  return formatTx(
    `Paid the deposit of charge ${charge.id}: ${formatMoney(charge.amount, token)} held until a ` +
      `graded core of the unit's specification is handed in by ${when(charge.returnBy)}`,
    tx,
  );
}

export function formatChargeSettled(
  settled: { chargeId: bigint; coreId: bigint; grade: number; refund: bigint; kept: bigint },
  seller: string,
  token: TokenInfo,
  tx: TxResult,
): string {
  return formatTx(
    `Settled charge ${settled.chargeId} with core ${formatPartId(settled.coreId)} of grade ` +
      `${settled.grade}: ${formatMoney(settled.refund, token)} refunded to you and ` +
      `${formatMoney(settled.kept, token)} kept by the seller ${seller}, each to withdraw with ` +
      "charge:withdraw; the core went to the seller",
    tx,
  );
}

export function formatChargeForfeited(
  chargeId: bigint,
  amount: bigint,
  seller: string,
  token: TokenInfo,
  tx: TxResult,
): string {
  return formatTx(
    `Forfeited charge ${chargeId}: no core came back in time, so ${formatMoney(amount, token)} ` +
      `is credited to the seller ${seller}, to withdraw with charge:withdraw`,
    tx,
  );
}

export function formatChargeCancelled(chargeId: bigint, tx: TxResult): string {
  return formatTx(`Cancelled charge ${chargeId} before it was paid`, tx);
}

export function formatChargeWithdrawn(
  chargeId: bigint,
  amount: bigint,
  to: string,
  token: TokenInfo,
  tx: TxResult,
): string {
  return formatTx(
    `Withdrew ${formatMoney(amount, token)} credited to you by charge ${chargeId}, to ${to}`,
    tx,
  );
}

/** A core charge and what it still owes each party, as a block of text. */
export function formatCharge(
  charge: CoreCharge,
  token: TokenInfo,
  credits: readonly Credit[],
): string {
  const owed = credits.filter((credit) => credit.amount > 0n);
  return [
    `Charge      ${charge.id} (${charge.state})`,
    `Seller      ${charge.seller}`,
    `Buyer       ${charge.buyer}`,
    `Unit        ${formatPartId(charge.unitPartId)} of ${charge.spec}`,
    `Deposit     ${formatMoney(charge.amount, token)} (token ${charge.token})`,
    `Return by   ${when(charge.returnBy)}`,
    `Refunds     ${formatSchedule(charge.refundBps)} for grade 1 to 5`,
    `Core        ${charge.coreId === undefined ? "none handed in" : formatPartId(charge.coreId)}`,
    `Credited    ${
      owed.length === 0
        ? "nothing to withdraw"
        : owed
            .map((credit) => `${formatMoney(credit.amount, token)} to ${credit.account}`)
            .join(", ")
    }`,
  ].join("\n");
}

export function chargeToJson(
  charge: CoreCharge,
  token: TokenInfo,
  credits: readonly Credit[],
): Record<string, unknown> {
  return {
    id: charge.id.toString(),
    state: charge.state,
    seller: charge.seller,
    buyer: charge.buyer,
    unitPartId: formatPartId(charge.unitPartId),
    spec: charge.spec,
    token: { address: charge.token, symbol: token.symbol, decimals: token.decimals },
    amount: charge.amount.toString(),
    returnBy: formatTime(charge.returnBy),
    refundBps: [...charge.refundBps],
    coreId: charge.coreId === undefined ? null : formatPartId(charge.coreId),
    owed: credits.map((credit) => ({ account: credit.account, amount: credit.amount.toString() })),
  };
}

// Licences ---------------------------------------------------------------------------------------

function feeText(licence: Licence, feeToken: TokenInfo | undefined): string {
  return licence.feePerUnit === 0n || feeToken === undefined
    ? "no fee"
    : `a fee of ${formatMoney(licence.feePerUnit, feeToken)} per unit`;
}

export function formatLicenceGranted(
  licence: Licence,
  feeToken: TokenInfo | undefined,
  tx: TxResult,
): string {
  return formatTx(
    `Granted licence ${licence.id} to ${licence.remanufacturer} for parts of ${licence.spec}: ` +
      `${licence.unitsPerPeriod} ${licence.unitsPerPeriod === 1 ? "unit" : "units"} per ` +
      `${formatDuration(licence.periodLength)} until ${when(licence.validUntil)}, ` +
      `${feeText(licence, feeToken)}, on the data package hashed ${licence.dataHash}`,
    tx,
  );
}

export function formatLicenceRevoked(licenceId: bigint, reasonHash: string, tx: TxResult): string {
  return formatTx(`Revoked licence ${licenceId} ${reasonClause(reasonHash)}`, tx);
}

/** Where a licence stands at the chain's time `now`. */
export function licenceState(licence: Licence, now: bigint): "live" | "revoked" | "expired" {
  if (licence.revoked) return "revoked";
  return now >= licence.validUntil ? "expired" : "live";
}

/** A licence with what is left of it now, as a block of text. */
export function formatLicence(
  licence: Licence,
  quota: LicenceQuota,
  feeToken: TokenInfo | undefined,
  now: bigint,
): string {
  const state = licenceState(licence, now);
  const left =
    state === "live"
      ? `${quota.remaining} of ${licence.unitsPerPeriod} this period (since ${when(quota.periodStart)})`
      : `none (${state})`;
  return [
    `Licence       ${licence.id} (${state})`,
    `Spec          ${licence.spec}`,
    `OEM           ${licence.oem}`,
    `Licensee      ${licence.remanufacturer}`,
    `Quota         ${licence.unitsPerPeriod} per ${formatDuration(licence.periodLength)}, from ${when(licence.start)}`,
    `Valid until   ${when(licence.validUntil)}`,
    `Fee           ${feeText(licence, feeToken)}${licence.feeToken === undefined ? "" : ` (token ${licence.feeToken})`}`,
    `Data package  ${licence.dataHash}`,
    `Left          ${left}`,
    `Next period   ${state === "live" && quota.nextPeriodStart !== 0n ? when(quota.nextPeriodStart) : "none"}`,
  ].join("\n");
}

export function licenceToJson(
  licence: Licence,
  quota: LicenceQuota,
  feeToken: TokenInfo | undefined,
  now: bigint,
): Record<string, unknown> {
  const state = licenceState(licence, now);
  return {
    id: licence.id.toString(),
    state,
    spec: licence.spec,
    oem: licence.oem,
    remanufacturer: licence.remanufacturer,
    unitsPerPeriod: licence.unitsPerPeriod,
    periodLength: licence.periodLength.toString(),
    start: formatTime(licence.start),
    validUntil: formatTime(licence.validUntil),
    revoked: licence.revoked,
    fee:
      licence.feeToken === undefined
        ? null
        : {
            token: licence.feeToken,
            symbol: feeToken?.symbol ?? "",
            decimals: feeToken?.decimals ?? 0,
            perUnit: licence.feePerUnit.toString(),
          },
    dataHash: licence.dataHash,
    remaining: quota.remaining,
    periodStart: formatTime(quota.periodStart),
    nextPeriodStart:
      state === "live" && quota.nextPeriodStart !== 0n ? formatTime(quota.nextPeriodStart) : null,
  };
}

// Warranties -------------------------------------------------------------------------------------

export function formatNewPartWarrantySet(spec: string, duration: bigint, tx: TxResult): string {
  return formatTx(
    `Set the warranty of a new part of ${spec} to ${formatDuration(duration)}: a remanufactured ` +
      "unit carries at least that, a reconditioned one at least half, a repaired one at least a quarter",
    tx,
  );
}

export function formatClaimFiled(
  claimId: bigint,
  partId: bigint,
  evidenceHash: string,
  issuer: string | undefined,
  tx: TxResult,
): string {
  return formatTx(
    `Filed claim ${claimId} against the warranty of part ${formatPartId(partId)} on the evidence ` +
      `hashed ${evidenceHash}; ${issuer === undefined ? "the issuer" : `the issuer ${issuer}`} ` +
      "accepts or rejects it",
    tx,
  );
}

export function formatClaimAnswered(
  claimId: bigint,
  accepted: boolean,
  reasonHash: string,
  tx: TxResult,
): string {
  return formatTx(
    accepted
      ? `Accepted claim ${claimId} ${reasonClause(reasonHash)}`
      : `Rejected claim ${claimId} ${reasonClause(reasonHash)}; the claimant may take it to an ` +
          "arbiter with warranty:escalate",
    tx,
  );
}

export function formatClaimEscalated(claimId: bigint, arbiter: string, tx: TxResult): string {
  return formatTx(`Took claim ${claimId} to the arbiter ${arbiter}, whose ruling is final`, tx);
}

export function formatClaimRuled(
  claimId: bigint,
  upheld: boolean,
  reasonHash: string,
  tx: TxResult,
): string {
  return formatTx(
    `${upheld ? "Upheld" : "Dismissed"} claim ${claimId}${upheld ? " for the claimant" : ""}, ` +
      `finally, ${reasonClause(reasonHash)}`,
    tx,
  );
}

/** A part's warranty (or that it has none) and the claims against it, as text. */
export function formatWarranty(
  partId: bigint,
  warranty: Warranty | undefined,
  claims: readonly WarrantyClaim[],
): string {
  const lines =
    warranty === undefined
      ? [
          `Part ${formatPartId(partId)} has no warranty on chain (only remanufactured parts carry one).`,
        ]
      : [
          `Part        ${formatPartId(partId)}`,
          `Issuer      ${warranty.issuer}`,
          `Outcome     ${warranty.outcome}`,
          `Term        ${formatDuration(warranty.duration)}, from ${when(warranty.start)} to ${when(warranty.end)}`,
          `Terms       ${warranty.termsHash}`,
        ];
  if (warranty !== undefined || claims.length > 0) {
    lines.push("", claims.length === 0 ? "Claims      none" : "Claims");
  }
  for (const claim of claims) {
    lines.push(
      `  #${claim.id}  ${claim.state}  by ${claim.claimant}, filed ${when(claim.filedAt)}` +
        (claim.arbiter === undefined ? "" : `, arbiter ${claim.arbiter}`),
    );
  }
  return lines.join("\n");
}

export function warrantyToJson(
  partId: bigint,
  warranty: Warranty | undefined,
  claims: readonly WarrantyClaim[],
): Record<string, unknown> {
  return {
    partId: formatPartId(partId),
    warranty:
      warranty === undefined
        ? null
        : {
            issuer: warranty.issuer,
            outcome: warranty.outcome,
            start: formatTime(warranty.start),
            duration: warranty.duration.toString(),
            end: formatTime(warranty.end),
            termsHash: warranty.termsHash,
          },
    claims: claims.map((claim) => ({
      id: claim.id.toString(),
      state: claim.state,
      claimant: claim.claimant,
      filedAt: formatTime(claim.filedAt),
      arbiter: claim.arbiter ?? null,
    })),
  };
}
