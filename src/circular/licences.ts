/** OEM licences to remanufacture: grant, revoke and read them. */
import { ZeroAddress } from "ethers";
import { assertInvariant, InputError, InputErrorCode, isRevertOf } from "../core/errors.js";
import type { Hash } from "../core/hashing.js";
import { eventsIn, type TxResult } from "../core/tx.js";
import {
  formatDuration,
  nonZeroAddress,
  requireFuture,
  toAddress,
  toDocumentHash,
  toUnixSeconds,
  forField,
} from "../core/validate.js";
import { checkAmountShape } from "../invoicing/encodings.js";
import { requireSpecOwner } from "./checks.js";
import { type CircularContext, wrongAccount, wrongState } from "./context.js";
import { tokenAmount } from "./payments.js";
import type {
  GrantLicenceParameters,
  IdParameter,
  Licence,
  LicenceQuota,
  RevokeLicenceParameters,
} from "./types.js";
import { toCircularId, toUint32 } from "./validate.js";

/**
 * The owner of a specification (the signer, an OEM) licenses a remanufacturer: units per
 * period, period length (at least the registry's minimum), expiry in the future, an optional fee
 * per unit and the data package's hash. Returns the licence's id.
 */
export async function grantLicence(
  ctx: CircularContext,
  params: GrantLicenceParameters,
): Promise<{ tx: TxResult; licenceId: bigint; feePerUnit: bigint; licence: Licence }> {
  const spec = forField("spec", () => toDocumentHash(params.spec, "specification hash"));
  const remanufacturer = forField("remanufacturer", () =>
    nonZeroAddress(params.remanufacturer, "remanufacturer address"),
  );
  const units = forField("unitsPerPeriod", () =>
    toUint32(params.unitsPerPeriod, "units per period", 1n),
  );
  const periodLength = forField("periodLength", () =>
    toUint32(params.periodLength, "period length", 1n),
  );
  const validUntil = forField("validUntil", () =>
    toUnixSeconds(params.validUntil, "licence expiry"),
  );
  const dataHash = forField("dataHash", () => toDocumentHash(params.dataHash, "data package hash"));
  const feeToken =
    params.feeToken === undefined ? ZeroAddress : nonZeroAddress(params.feeToken, "fee token");
  if (params.feePerUnit !== undefined) checkAmountShape(params.feePerUnit, "fee per unit", "5.00");
  const oem = await ctx.signerAddress();
  if (remanufacturer === oem) {
    throw new InputError(
      InputErrorCode.WrongAccount,
      `The remanufacturer ${remanufacturer} is the signer, the OEM, which needs no licence.`,
    );
  }
  await requireSpecOwner(ctx, spec, oem, "licenses it");
  const minPeriod = await ctx.read(() => ctx.licences.MIN_PERIOD());
  if (periodLength < minPeriod) {
    throw new InputError(
      InputErrorCode.InvalidTime,
      `A licence period is at least ${formatDuration(minPeriod)}; got ${formatDuration(periodLength)}.`,
    );
  }
  requireFuture(validUntil, await ctx.chainTime(), "licence expiry");
  let feePerUnit = 0n;
  if (params.feePerUnit !== undefined) {
    if (feeToken === ZeroAddress && params.feePerUnit !== 0n && params.feePerUnit !== "0") {
      throw new InputError(
        InputErrorCode.InvalidAddress,
        "A fee per unit needs the token it is paid in: give feeToken.",
      );
    }
    feePerUnit =
      feeToken === ZeroAddress
        ? 0n
        : await tokenAmount(ctx, feeToken, params.feePerUnit, "fee", 0n);
  }
  const { tx, logs } = await ctx.sendForLogs(() =>
    ctx.licences.grantLicence(
      spec,
      remanufacturer,
      units,
      periodLength,
      validUntil,
      feeToken,
      feePerUnit,
      dataHash,
    ),
  );
  const [event] = eventsIn(ctx.licences, logs, "LicenceGranted");
  assertInvariant(event !== undefined, "grantLicence emitted no LicenceGranted event");
  const licenceId = event.args.licenceId as bigint;
  return { tx, licenceId, feePerUnit, licence: licenceFrom(licenceId, event.args.terms) };
}

/** The OEM (the signer) revokes a licence from now on. */
export async function revokeLicence(
  ctx: CircularContext,
  params: RevokeLicenceParameters,
): Promise<TxResult> {
  const id = forField("licenceId", () => toCircularId(params.licenceId, "licence id"));
  const reason = forField("reasonHash", () => toDocumentHash(params.reasonHash, "reason hash"));
  const oem = await ctx.signerAddress();
  const licence = await existingLicence(ctx, id);
  if (licence.oem !== oem) {
    throw wrongAccount(`Only the OEM ${licence.oem} revokes licence ${id}`, oem);
  }
  if (licence.revoked) throw wrongState(`The licence ${id} is already revoked.`);
  return ctx.send(() => ctx.licences.revokeLicence(id, reason));
}

/** A licence, or undefined when there is none with this id. */
export async function getLicence(
  ctx: CircularContext,
  licenceId: IdParameter,
): Promise<Licence | undefined> {
  const id = forField("licenceId", () => toCircularId(licenceId, "licence id"));
  let stored;
  try {
    stored = await ctx.read(() => ctx.licences.licence(id));
  } catch (error) {
    if (isRevertOf(error, "LicenceRegistryUnknownLicence")) return undefined;
    throw error;
  }
  return licenceFrom(id, stored);
}

/**
 * What is left of a licence now. The one read that refuses a missing thing: an unknown licence
 * comes back as the registry's decoded `LicenceRegistryUnknownLicence` (read {@link getLicence}
 * first, which returns undefined).
 */
export async function getQuota(
  ctx: CircularContext,
  licenceId: IdParameter,
): Promise<LicenceQuota> {
  const id = forField("licenceId", () => toCircularId(licenceId, "licence id"));
  const [remaining, periodStart, nextPeriodStart] = await ctx.read(() => ctx.licences.quota(id));
  return { remaining: Number(remaining), periodStart, nextPeriodStart };
}

/**
 * The latest licence the owner of `spec` granted `remanufacturer` (live or not), or undefined
 * when none.
 */
export async function licenceOf(
  ctx: CircularContext,
  params: { spec: string; remanufacturer: string },
): Promise<bigint | undefined> {
  const spec = forField("spec", () => toDocumentHash(params.spec, "specification hash"));
  const remanufacturer = forField("remanufacturer", () =>
    toAddress(params.remanufacturer, "remanufacturer address"),
  );
  const id = await ctx.read(() => ctx.licences.licenceOf(spec, remanufacturer));
  return id === 0n ? undefined : id;
}

export async function existingLicence(ctx: CircularContext, id: bigint): Promise<Licence> {
  const licence = await getLicence(ctx, id);
  if (licence === undefined) {
    throw new InputError(InputErrorCode.InvalidId, `There is no licence ${id}.`);
  }
  return licence;
}

/** A licence as the registry stores it (or as `LicenceGranted` carries its terms). */
type StoredLicence = {
  specHash: string;
  oem: string;
  remanufacturer: string;
  unitsPerPeriod: bigint;
  periodLength: bigint;
  start: bigint;
  validUntil: bigint;
  revoked: boolean;
  feeToken: string;
  feePerUnit: bigint;
  dataHash: string;
};

/** The domain object of a stored licence. */
function licenceFrom(id: bigint, stored: StoredLicence): Licence {
  return {
    id,
    spec: stored.specHash.toLowerCase() as Hash,
    oem: stored.oem,
    remanufacturer: stored.remanufacturer,
    unitsPerPeriod: Number(stored.unitsPerPeriod),
    periodLength: stored.periodLength,
    start: stored.start,
    validUntil: stored.validUntil,
    revoked: stored.revoked,
    feeToken: stored.feeToken === ZeroAddress ? undefined : stored.feeToken,
    feePerUnit: stored.feePerUnit,
    dataHash: stored.dataHash.toLowerCase() as Hash,
  };
}
