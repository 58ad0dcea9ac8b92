/** Remanufacture a core into a new part, or recycle it into a batch of material. */
import { ZeroAddress } from "ethers";
import { assertInvariant, InputError, InputErrorCode } from "../core/errors.js";
import { eventsIn, type TxResult } from "../core/tx.js";
import {
  formatDuration,
  formatTime,
  toDocumentHash,
  toPositiveAmount,
  forField,
} from "../core/validate.js";
import {
  formatPartId,
  partIdOf,
  serialToBytes32,
  toPartId,
  unitToBytes8,
} from "../provenance/encodings.js";
import {
  heldCore,
  partExists,
  requireCoreHolder,
  requireInputs,
  requireNoHold,
  requireRole,
} from "./checks.js";
import { type CircularContext, wrongState } from "./context.js";
import { CIRCULAR_LIMITS, type CoreOutcomeName, outcomeIndex } from "./encodings.js";
import { existingLicence, getQuota } from "./licences.js";
import { warrantyFrom } from "./warranties.js";
import { allow, requireBalance } from "./payments.js";
import type {
  PaymentApprovals,
  RecycleParameters,
  RemanufactureParameters,
  Warranty,
} from "./types.js";
import { toUint32 } from "./validate.js";
import { toBatchInputs, toChipKey, toSchemeIds } from "../provenance/validate.js";

/**
 * A remanufacturer under the OEM's licence, or the OEM itself (the signer), turns a core it
 * holds into a new part. Everything is checked before anything is sent: the core (held by the
 * signer, graded remanufacture, recondition or repair, no recalled material, below the
 * generation limit), the new serial (new for the signer), the new material (batches the signer
 * holds, with enough left), the warranty (at least the minimum for the core's outcome), and for
 * a licensee the live licence, the quota left this period and the fee (balance). Then, as the
 * signer: the fee's exact allowance to the licence registry when short, `makePart` of the new
 * part, and `remanufacture`, which burns the core, links the lineage, draws the licence and
 * opens the warranty.
 */
export async function remanufacture(
  ctx: CircularContext,
  params: RemanufactureParameters,
): Promise<
  {
    tx: TxResult;
    makeTx: TxResult;
    newPartId: bigint;
    /** The new part's specification: the core's. */
    spec: string;
    /** Undefined when the OEM remanufactures (no licence needed). */
    licenceId: bigint | undefined;
    generation: number;
    outcome: CoreOutcomeName;
    /** The warranty the new part carries, from the `WarrantyIssued` event. */
    warranty: Warranty;
    /** The token the licence fee was paid in; undefined without a fee. */
    feeToken: string | undefined;
    /** The licence fee paid to the OEM (zero without a fee). */
    fee: bigint;
  } & PaymentApprovals
> {
  const coreId = forField("coreId", () => toPartId(params.coreId, "core id"));
  const serial = forField("serial", () => serialToBytes32(params.serial));
  const chipKey = params.chipKey === undefined ? ZeroAddress : toChipKey(params.chipKey);
  const inputs = toBatchInputs(params.inputs ?? []);
  const duration = forField("warrantyDuration", () =>
    toUint32(params.warrantyDuration, "warranty duration", 1n),
  );
  const terms = forField("warrantyTermsHash", () =>
    toDocumentHash(params.warrantyTermsHash, "warranty terms hash"),
  );
  const maker = await ctx.signerAddress();

  const core = await heldCore(ctx, coreId);
  requireCoreHolder(core, coreId, maker, "remanufactures it");
  if (core.grade === undefined) {
    throw wrongState(`The core ${formatPartId(coreId)} has no grade yet; have it graded first.`);
  }
  const outcome = core.grade.outcome;
  if (outcome === "recycle-only") {
    throw wrongState(
      `The core ${formatPartId(coreId)} was graded recycle-only; it can only be recycled.`,
    );
  }
  if (core.recalled) {
    throw wrongState(
      `The core ${formatPartId(coreId)} is of recalled material; it can never be remanufactured.`,
    );
  }
  if (core.grade.grader === maker) {
    throw wrongState(
      `The signer ${maker} gave core ${formatPartId(coreId)} its latest grade; another ` +
        "inspector must grade it before the signer remanufactures it.",
    );
  }
  await requireNoHold(ctx, coreId);
  if (core.generation + 1 > CIRCULAR_LIMITS.maxGeneration) {
    throw wrongState(
      `Remanufacturing core ${formatPartId(coreId)} would make generation ${core.generation + 1}, ` +
        `past the limit of ${CIRCULAR_LIMITS.maxGeneration}.`,
    );
  }
  const parts = await ctx.partRegistry();
  const newPartId = partIdOf(maker, params.serial);
  if (await partExists(ctx, parts, newPartId)) {
    throw new InputError(
      InputErrorCode.InvalidSerial,
      `The signer ${maker} already made a part with the serial "${params.serial}"; give a new serial.`,
    );
  }
  await requireInputs(ctx, parts, inputs, maker);
  const minimum = await ctx.read(() =>
    ctx.warranties.minimumWarranty(core.spec, outcomeIndex(outcome)),
  );
  if (duration < minimum) {
    throw new InputError(
      InputErrorCode.InvalidTime,
      `A core graded ${outcome} carries a warranty of at least ${formatDuration(minimum)} for ` +
        `its specification; got ${formatDuration(duration)}.`,
    );
  }
  const spec = await ctx.read(() => parts.specification(core.spec));
  const isOem = spec.owner === maker;
  await requireRole(
    ctx,
    maker,
    [isOem ? "manufacturer" : "remanufacturer"],
    isOem ? "remanufactures as the OEM" : "remanufactures",
  );
  let fee = 0n;
  let feeToken = ZeroAddress;
  if (!isOem) {
    const licenceId = await ctx.read(() => ctx.licences.licenceOf(core.spec, maker));
    if (licenceId === 0n) {
      throw new InputError(
        InputErrorCode.WrongAccount,
        `The signer ${maker} holds no licence of the OEM ${spec.owner} to remanufacture parts ` +
          `of ${core.spec}.`,
      );
    }
    const licence = await existingLicence(ctx, licenceId);
    const now = await ctx.chainTime();
    if (licence.revoked) throw wrongState(`The licence ${licenceId} was revoked.`);
    // The transaction lands in a later block than the chain's time now.
    if (now + 1n >= licence.validUntil) {
      throw wrongState(
        `The licence ${licenceId} is valid only until ${formatTime(licence.validUntil)}; the ` +
          `chain's time is ${formatTime(now)}.`,
      );
    }
    const quota = await getQuota(ctx, licenceId);
    const lastPeriod = quota.nextPeriodStart === 0n;
    if (quota.remaining === 0 && (lastPeriod || now + 1n < quota.nextPeriodStart)) {
      throw wrongState(
        `The licence ${licenceId} has no units left this period (${licence.unitsPerPeriod} per ` +
          `${formatDuration(licence.periodLength)}); ` +
          (lastPeriod
            ? `it ends at ${formatTime(licence.validUntil)}, before another period starts.`
            : `the next period starts at ${formatTime(quota.nextPeriodStart)}.`),
      );
    }
    fee = licence.feePerUnit;
    feeToken = licence.feeToken ?? ZeroAddress;
    if (fee > 0n) await requireBalance(ctx, feeToken, maker, fee, "the licence fee");
  }

  const approvals =
    fee > 0n
      ? await allow(ctx, feeToken, maker, ctx.addresses.licenceRegistry, fee)
      : { approval: undefined, allowanceReset: undefined };
  const made = await ctx.sendForLogs(() => parts.makePart(core.spec, serial, chipKey, inputs, []));
  const [partMade] = eventsIn(parts, made.logs, "PartMade");
  assertInvariant(partMade !== undefined, "makePart emitted no PartMade event");
  const madeId = partMade.args.partId as bigint;
  const { tx, logs } = await ctx.sendForLogs(
    () => ctx.cores.remanufacture(coreId, madeId, duration, terms),
    undefined,
    fee > 0n ? feeToken : undefined,
  );
  const [event] = eventsIn(ctx.cores, logs, "CoreRemanufactured");
  assertInvariant(event !== undefined, "remanufacture emitted no CoreRemanufactured event");
  const licenceId = event.args.licenceId as bigint;
  const [issued] = eventsIn(ctx.warranties, logs, "WarrantyIssued");
  assertInvariant(issued !== undefined, "remanufacture emitted no WarrantyIssued event");
  return {
    tx,
    warranty: warrantyFrom(madeId, issued.args as unknown as Parameters<typeof warrantyFrom>[1]),
    feeToken: fee > 0n ? feeToken : undefined,
    makeTx: made.tx,
    newPartId: madeId,
    spec: core.spec,
    licenceId: licenceId === 0n ? undefined : licenceId,
    generation: Number(event.args.generation),
    outcome,
    fee,
    ...approvals,
  };
}

/**
 * An accredited recycler (the signer) recycles a core it holds: it registers a batch of the
 * recycled material in the part registry (drawing its certified capacity under `schemes`), then
 * links the batch to the core, which is burned. Returns the batch's id.
 */
export async function recycle(
  ctx: CircularContext,
  params: RecycleParameters,
): Promise<{ tx: TxResult; batchTx: TxResult; batchId: bigint }> {
  const coreId = forField("coreId", () => toPartId(params.coreId, "core id"));
  const materialSpec = forField("materialSpec", () =>
    toDocumentHash(params.materialSpec, "material specification hash"),
  );
  const quantity = forField("quantity", () =>
    toPositiveAmount(params.quantity, "batch quantity", 64),
  );
  const unit = forField("unit", () => unitToBytes8(params.unit));
  const schemes = toSchemeIds(params.schemes);
  const batchEvidence = forField("batchEvidenceHash", () =>
    toDocumentHash(params.batchEvidenceHash, "batch evidence hash"),
  );
  const evidence = forField("evidenceHash", () =>
    toDocumentHash(params.evidenceHash, "evidence hash"),
  );
  const recycler = await ctx.signerAddress();
  const core = await heldCore(ctx, coreId);
  requireCoreHolder(core, coreId, recycler, "recycles it");
  await requireRole(ctx, recycler, ["recycler"], "recycles cores");
  await requireNoHold(ctx, coreId);
  const parts = await ctx.partRegistry();
  const registered = await ctx.sendForLogs(() =>
    parts.registerBatch(materialSpec, quantity, unit, schemes, batchEvidence),
  );
  const [batchEvent] = eventsIn(parts, registered.logs, "BatchRegistered");
  assertInvariant(batchEvent !== undefined, "registerBatch emitted no BatchRegistered event");
  const batchId = batchEvent.args.batchId as bigint;
  const tx = await ctx.send(() => ctx.cores.recycle(coreId, batchId, evidence));
  return { tx, batchTx: registered.tx, batchId };
}
