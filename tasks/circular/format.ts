/** Pure formatting of cores, charges, licences and warranties for the command line. */
import {
  type Core,
  type CoreCharge,
  type CoreDetails,
  formatDuration,
  formatPartId,
  formatTime,
  formatTimeline,
  type Licence,
  type LicenceQuota,
  type Lineage,
  timelineToJson,
  type TokenInfo,
  type TxResult,
  type Warranty,
  type WarrantyClaim,
} from "../../src/index.js";
import {
  type Credit,
  formatMoney,
  formatTx,
  plural,
  reasonClause,
  when,
} from "../shared/format.js";

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

/**
 * The text when no core has this id (a core given as `<maker>:<serial>` is named so by `runTask`,
 * which prints the error).
 */
export function formatNoCore(coreId: bigint): string {
  return `Part ${formatPartId(coreId)} was never returned as a core.`;
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

// -----------------------------------------------------------------------------------------------
// Core charges
// -----------------------------------------------------------------------------------------------

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

export function formatChargePaid(
  charge: Pick<CoreCharge, "id" | "amount" | "returnBy">,
  token: TokenInfo,
  tx: TxResult,
): string {
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

// -----------------------------------------------------------------------------------------------
// Licences
// -----------------------------------------------------------------------------------------------

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

// -----------------------------------------------------------------------------------------------
// Warranties
// -----------------------------------------------------------------------------------------------

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
  issuer: string,
  tx: TxResult,
): string {
  return formatTx(
    `Filed claim ${claimId} against the warranty of part ${formatPartId(partId)} on the evidence ` +
      `hashed ${evidenceHash}; the issuer ${issuer} accepts or rejects it`,
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
