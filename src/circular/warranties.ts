/** Warranties of new and remanufactured parts, and claims against them. */
import { ZeroAddress } from "ethers";
import { assertInvariant, InputError, InputErrorCode, isRevertOf } from "../core/errors.js";
import { checkFromBlock, queryInPages } from "../core/events.js";
import type { Hash } from "../core/hashing.js";
import { eventsIn, type TxResult } from "../core/tx.js";
import { formatTime, nonZeroAddress, toDocumentHash, forField } from "../core/validate.js";
import { roleIndex } from "../participants/roles.js";
import { formatPartId, toPartId } from "../provenance/encodings.js";
import { partView, requireSpecOwner } from "./checks.js";
import { type CircularContext, enumName, wrongAccount, wrongState } from "./context.js";
import { CLAIM_STATES, outcomeIndex, outcomeName, parseOutcome } from "./encodings.js";
import type {
  AnswerClaimParameters,
  CircularRange,
  EscalateClaimParameters,
  FileClaimParameters,
  IdParameter,
  RuleClaimParameters,
  SetNewPartWarrantyParameters,
  Warranty,
  WarrantyClaim,
  MinimumWarrantyParameters,
} from "./types.js";
import { toCircularId, toUint32 } from "./validate.js";

/** The owner of a specification (the signer) sets the warranty of a new part of it, in seconds. */
export async function setNewPartWarranty(
  ctx: CircularContext,
  params: SetNewPartWarrantyParameters,
): Promise<TxResult> {
  const spec = forField("spec", () => toDocumentHash(params.spec, "specification hash"));
  const duration = forField("duration", () => toUint32(params.duration, "warranty duration", 1n));
  const owner = await ctx.signerAddress();
  await requireSpecOwner(ctx, spec, owner, "sets its warranty");
  return ctx.send(() => ctx.warranties.setNewPartWarranty(spec, duration));
}

/** The warranty of a new part of `spec`, in seconds (zero when not set). */
export async function newPartWarranty(ctx: CircularContext, spec: string): Promise<bigint> {
  const specHash = forField("spec", () => toDocumentHash(spec, "specification hash"));
  return ctx.read(() => ctx.warranties.newPartWarranty(specHash));
}

/** The shortest warranty a part of `spec` remanufactured with `outcome` may carry, in seconds. */
export async function minimumWarranty(
  ctx: CircularContext,
  params: MinimumWarrantyParameters,
): Promise<bigint> {
  const specHash = forField("spec", () => toDocumentHash(params.spec, "specification hash"));
  const name = forField("outcome", () => parseOutcome(params.outcome));
  if (name === "recycle-only") {
    throw new InputError(
      InputErrorCode.InvalidKind,
      "A recycle-only core gives no part, so no warranty.",
    );
  }
  return ctx.read(() => ctx.warranties.minimumWarranty(specHash, outcomeIndex(name)));
}

/** A part's warranty, or undefined when it has none. */
export async function getWarranty(
  ctx: CircularContext,
  partId: IdParameter,
): Promise<Warranty | undefined> {
  const id = forField("partId", () => toPartId(partId));
  const stored = await ctx.read(() => ctx.warranties.warranty(id));
  if (stored.start === 0n) return undefined;
  return warrantyFrom(id, stored);
}

/** A warranty claim, or undefined when there is none with this id. */
export async function getClaim(
  ctx: CircularContext,
  claimId: IdParameter,
): Promise<WarrantyClaim | undefined> {
  const id = forField("claimId", () => toCircularId(claimId, "claim id"));
  let stored;
  try {
    stored = await ctx.read(() => ctx.warranties.claim(id));
  } catch (error) {
    if (isRevertOf(error, "WarrantyRegistryUnknownClaim")) return undefined;
    throw error;
  }
  return {
    id,
    partId: stored.partId,
    claimant: stored.claimant,
    filedAt: stored.filedAt,
    state: enumName(CLAIM_STATES, stored.state, "claim state"),
    arbiter: stored.arbiter === ZeroAddress ? undefined : stored.arbiter,
  };
}

/**
 * Every claim filed against a part's warranty, oldest first, as each stands now: found from the
 * warranty registry's `ClaimFiled` events from `fromBlock` (the address book's start block by
 * default).
 */
export async function claimsOf(
  ctx: CircularContext,
  partId: IdParameter,
  range: CircularRange = {},
): Promise<WarrantyClaim[]> {
  const id = forField("partId", () => toPartId(partId));
  const fromBlock = range.fromBlock ?? ctx.addresses.startBlock ?? 0;
  checkFromBlock(fromBlock);
  const provider = ctx.provider();
  const toBlock = await ctx.read(() => provider.getBlockNumber());
  const filter = ctx.warranties.filters.ClaimFiled(undefined, id);
  const events = await ctx.read(() =>
    queryInPages((from, to) => ctx.warranties.queryFilter(filter, from, to), fromBlock, toBlock),
  );
  const claims: WarrantyClaim[] = [];
  for (const event of events) {
    const claim = await getClaim(ctx, event.args.claimId);
    assertInvariant(claim !== undefined, `claim ${event.args.claimId} was filed but is unknown`);
    claims.push(claim);
  }
  return claims;
}

/** The owner of a part (the signer) files a claim against its warranty within the term. */
export async function fileClaim(
  ctx: CircularContext,
  params: FileClaimParameters,
): Promise<{ tx: TxResult; claimId: bigint; issuer: string }> {
  const partId = forField("partId", () => toPartId(params.partId));
  const evidence = forField("evidenceHash", () =>
    toDocumentHash(params.evidenceHash, "evidence hash"),
  );
  const claimant = await ctx.signerAddress();
  const warranty = await getWarranty(ctx, partId);
  if (warranty === undefined) {
    throw wrongState(`The part ${formatPartId(partId)} has no warranty.`);
  }
  const part = await partView(ctx, await ctx.partRegistry(), partId);
  if (part.owner !== claimant) {
    throw wrongAccount(`Only the part's owner ${part.owner} claims on its warranty`, claimant);
  }
  const now = await ctx.chainTime();
  if (now >= warranty.end) {
    throw new InputError(
      InputErrorCode.TimeInPast,
      `The warranty of part ${formatPartId(partId)} ended at ${formatTime(warranty.end)}; the ` +
        `chain's time is ${formatTime(now)}.`,
    );
  }
  const { tx, logs } = await ctx.sendForLogs(() => ctx.warranties.fileClaim(partId, evidence));
  const [event] = eventsIn(ctx.warranties, logs, "ClaimFiled");
  assertInvariant(event !== undefined, "fileClaim emitted no ClaimFiled event");
  return { tx, claimId: event.args.claimId as bigint, issuer: warranty.issuer };
}

/** The warranty's issuer (the signer) accepts or rejects a filed claim. */
export async function answerClaim(
  ctx: CircularContext,
  params: AnswerClaimParameters,
): Promise<TxResult> {
  const id = forField("claimId", () => toCircularId(params.claimId, "claim id"));
  const reason = forField("reasonHash", () => toDocumentHash(params.reasonHash, "reason hash"));
  const issuer = await ctx.signerAddress();
  const claim = await existingClaim(ctx, id);
  const warranty = await getWarranty(ctx, claim.partId);
  if (warranty?.issuer !== issuer) {
    throw wrongAccount(
      `Only the warranty's issuer ${warranty?.issuer} answers claim ${id}`,
      issuer,
    );
  }
  if (claim.state !== "filed") {
    throw wrongState(`The claim ${id} is ${claim.state}; only a filed claim is answered.`);
  }
  return ctx.send(() => ctx.warranties.answerClaim(id, params.accepted, reason));
}

/**
 * The claimant (the signer) takes a rejected claim, or one unanswered past the issuer's response
 * time, to an arbiter who is neither party.
 */
export async function escalateClaim(
  ctx: CircularContext,
  params: EscalateClaimParameters,
): Promise<TxResult> {
  const id = forField("claimId", () => toCircularId(params.claimId, "claim id"));
  const arbiter = forField("arbiter", () => nonZeroAddress(params.arbiter, "arbiter address"));
  const claimant = await ctx.signerAddress();
  const claim = await existingClaim(ctx, id);
  if (claim.claimant !== claimant) {
    throw wrongAccount(`Only the claimant ${claim.claimant} escalates claim ${id}`, claimant);
  }
  if (claim.state === "filed") {
    const answerBy = claim.filedAt + (await ctx.read(() => ctx.warranties.RESPONSE_TIME()));
    const now = await ctx.chainTime();
    if (now < answerBy) {
      throw wrongState(
        `The issuer may answer claim ${id} until ${formatTime(answerBy)}; it can be escalated ` +
          `after that (the chain's time is ${formatTime(now)}).`,
      );
    }
  } else if (claim.state === "escalated") {
    // Another arbiter only once the one named can no longer rule.
    const registry = await ctx.participantRegistry();
    const named = claim.arbiter ?? ZeroAddress;
    if (await ctx.read(() => registry.isActive(named, roleIndex("arbiter")))) {
      throw wrongState(
        `The claim ${id} is escalated to ${named}, an active arbiter; only a claim whose ` +
          "arbiter can no longer rule is taken to another.",
      );
    }
  } else if (claim.state !== "rejected") {
    throw wrongState(
      `The claim ${id} is ${claim.state}; only a rejected or unanswered claim is escalated.`,
    );
  }
  const warranty = await getWarranty(ctx, claim.partId);
  if (arbiter === claimant || arbiter === warranty?.issuer) {
    throw new InputError(
      InputErrorCode.InvalidAddress,
      `The arbiter ${arbiter} is a party to claim ${id}; name an arbiter who is neither the ` +
        "claimant nor the issuer.",
    );
  }
  return ctx.send(() => ctx.warranties.escalateClaim(id, arbiter));
}

/** The arbiter named (the signer) rules on an escalated claim, finally. */
export async function ruleClaim(
  ctx: CircularContext,
  params: RuleClaimParameters,
): Promise<TxResult> {
  const id = forField("claimId", () => toCircularId(params.claimId, "claim id"));
  const reason = forField("reasonHash", () => toDocumentHash(params.reasonHash, "reason hash"));
  const arbiter = await ctx.signerAddress();
  const claim = await existingClaim(ctx, id);
  if (claim.state !== "escalated") {
    throw wrongState(`The claim ${id} is ${claim.state}; only an escalated claim is ruled on.`);
  }
  if (claim.arbiter !== arbiter) {
    throw wrongAccount(`Only the arbiter ${claim.arbiter} rules on claim ${id}`, arbiter);
  }
  return ctx.send(() => ctx.warranties.ruleClaim(id, params.upheld, reason));
}

export async function existingClaim(ctx: CircularContext, id: bigint): Promise<WarrantyClaim> {
  const claim = await getClaim(ctx, id);
  if (claim === undefined)
    throw new InputError(InputErrorCode.InvalidId, `There is no claim ${id}.`);
  return claim;
}

/** The domain object of a stored warranty (or of a `WarrantyIssued` event). */
export function warrantyFrom(
  partId: bigint,
  stored: { issuer: string; start: bigint; duration: bigint; outcome: bigint; termsHash: string },
): Warranty {
  return {
    partId,
    issuer: stored.issuer,
    start: stored.start,
    duration: stored.duration,
    end: stored.start + stored.duration,
    outcome: outcomeName(stored.outcome) ?? "remanufacture",
    termsHash: stored.termsHash.toLowerCase() as Hash,
  };
}
