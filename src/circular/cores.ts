/** Cores: a holder returns a part at end of life, an inspector grades it. */
import { assertInvariant, InputError, InputErrorCode } from "../core/errors.js";
import { eventsIn, type TxResult } from "../core/tx.js";
import { toDocumentHash, forField } from "../core/validate.js";
import { formatPartId, PART_STATUSES, toPartId } from "../provenance/encodings.js";
import { heldCore, partView, requireAccredited } from "./checks.js";
import { type CircularContext, wrongState } from "./context.js";
import { outcomeIndex, parseOutcome } from "./encodings.js";
import { approveToken } from "./payments.js";
import type { GradeParameters, ReturnCoreParameters } from "./types.js";
import { toGrade } from "./validate.js";

/**
 * The holder (the signer) returns a part at end of life: the client checks the part (held by
 * the signer, under no registrar's hold, not recycled or destroyed), approves the core registry
 * for that one part when it may not move it yet (`approval`), and returns it. The core's id is
 * the part's id.
 */
export async function returnCore(
  ctx: CircularContext,
  params: ReturnCoreParameters,
): Promise<{
  tx: TxResult;
  coreId: bigint;
  generation: number;
  recalled: boolean;
  approval: TxResult | undefined;
}> {
  const partId = forField("partId", () => toPartId(params.partId));
  const evidence = forField("evidenceHash", () =>
    toDocumentHash(params.evidenceHash, "evidence hash"),
  );
  const holder = await ctx.signerAddress();
  const parts = await ctx.partRegistry();
  const part = await partView(ctx, parts, partId);
  if (part.owner !== holder) {
    throw new InputError(
      InputErrorCode.WrongAccount,
      `The part ${formatPartId(partId)} is held by ${part.owner}, not by the signer ${holder}; ` +
        "only its holder returns it as a core.",
    );
  }
  if (part.registrarHold) {
    throw wrongState(
      `The part ${formatPartId(partId)} is under a registrar's hold; it cannot be returned ` +
        "until a registrar releases it.",
    );
  }
  const status = PART_STATUSES[Number(part.status)];
  if (status === "recycled" || status === "destroyed") {
    throw wrongState(
      `The part ${formatPartId(partId)} is ${status}; only a part still in existence becomes a core.`,
    );
  }
  await requireAccredited(ctx, holder, "returns cores");
  const approval = await approveToken(ctx, parts, partId, holder, ctx.addresses.coreRegistry);
  const { tx, logs } = await ctx.sendForLogs(() => ctx.cores.returnCore(partId, evidence));
  const [event] = eventsIn(ctx.cores, logs, "CoreReturned");
  assertInvariant(event !== undefined, "returnCore emitted no CoreReturned event");
  return {
    tx,
    coreId: event.args.coreId as bigint,
    generation: Number(event.args.generation),
    recalled: event.args.recalled as boolean,
    approval,
  };
}

/**
 * An accredited inspector or test lab (the signer, neither the core's holder nor its part's
 * maker) grades a held core. A recalled core can only be graded `recycle-only`. Returns how many
 * grades the core has now.
 */
export async function grade(
  ctx: CircularContext,
  params: GradeParameters,
): Promise<{ tx: TxResult; gradeCount: number }> {
  const coreId = forField("coreId", () => toPartId(params.coreId, "core id"));
  const outcome = forField("outcome", () => parseOutcome(params.outcome));
  const grade = forField("grade", () => toGrade(params.grade));
  const evidence = forField("evidenceHash", () =>
    toDocumentHash(params.evidenceHash, "evidence hash"),
  );
  const grader = await ctx.signerAddress();
  const core = await heldCore(ctx, coreId);
  if (core.holder === grader || core.maker === grader) {
    throw new InputError(
      InputErrorCode.WrongAccount,
      `The signer ${grader} ${core.holder === grader ? "holds" : "made"} core ` +
        `${formatPartId(coreId)} and may not grade it; another inspector must.`,
    );
  }
  if (core.recalled && outcome !== "recycle-only") {
    throw wrongState(
      `The core ${formatPartId(coreId)} is of recalled material: it can only be graded ` +
        "recycle-only.",
    );
  }
  const { tx, logs } = await ctx.sendForLogs(() =>
    ctx.cores.grade(coreId, outcomeIndex(outcome), grade, evidence),
  );
  const [event] = eventsIn(ctx.cores, logs, "CoreGraded");
  assertInvariant(event !== undefined, "grade emitted no CoreGraded event");
  return { tx, gradeCount: Number(event.args.gradeCount) };
}
