import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { type EvidenceOptions, parseFrom, requireEvidenceHash } from "../shared/args.js";
import { parseCoreRef, requireGrade, requireOutcome } from "./args.js";
import { connect, runTask } from "../shared/context.js";
import { formatCoreGraded } from "./format.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/**
 * `core:grade <core> --outcome <name> --grade <1..5> --evidence-…`: an accredited inspector or
 * test lab, neither the core's holder nor its part's maker, grades a core on its inspection data.
 */
export default function gradeCore(
  args: EvidenceOptions & { core: string; outcome: string; grade: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const coreId = parseCoreRef(args.core);
    const outcome = requireOutcome(args.outcome);
    const grade = requireGrade(args.grade);
    const evidenceHash = await requireEvidenceHash("inspection data (evidence)", args);
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const { tx, gradeCount } = await suite.circular.grade({
      coreId,
      outcome,
      grade,
      evidenceHash,
    });
    console.log(formatCoreGraded(coreId, { outcome, grade, evidenceHash, gradeCount }, tx));
  }, CIRCULAR_FLAGS);
}
