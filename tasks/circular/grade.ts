import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { type EvidenceOptions, requireEvidenceHash } from "../shared/args.js";
import { parseCoreRef, requireGrade, requireOutcome } from "./args.js";
import { runTask } from "../shared/context.js";
import { formatCoreGraded } from "./format.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/**
 * `core:grade <core> --outcome <name> --grade <1..5> --evidence-…`: an accredited inspector or
 * test lab, neither the core's holder nor its part's maker, grades a core on its inspection data.
 */
export default function gradeCore(
  args: EvidenceOptions & {
    core: string;
    outcome: string;
    grade: string;
    from: string;
    json: boolean;
  },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const coreId = parseCoreRef(args.core);
    const outcome = requireOutcome(args.outcome);
    const grade = requireGrade(args.grade);
    const evidenceHash = await requireEvidenceHash("inspection data (evidence)", args);
    const { suite } = await connectAs(
      hre,
      args.from,
      "an accredited inspector or test lab that neither holds the core nor made its part",
    );
    const { tx, gradeCount } = await suite.circular.grade({
      coreId,
      outcome,
      grade,
      evidenceHash,
    });
    const graded = { outcome, grade, evidenceHash, gradeCount };
    printResult(args.json, { coreId, ...graded, tx }, () => formatCoreGraded(coreId, graded, tx));
  }, CIRCULAR_FLAGS);
}
