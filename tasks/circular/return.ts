import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parsePartRef } from "../provenance/args.js";
import { type EvidenceOptions, parseFrom, requireEvidenceHash } from "../shared/args.js";
import { connect, runTask } from "../shared/context.js";
import { formatCoreReturned, formatTokenMoveApproved } from "./format.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/**
 * `core:return <part> --evidence-…`: the holder returns a part at end of life. The core registry
 * is first approved for this one part when it may not take it yet (never as operator of all the
 * holder's parts); the part stays in its custody for good and a core token (same id) is minted.
 */
export default function returnCore(
  args: EvidenceOptions & { part: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const partId = parsePartRef(args.part);
    const evidenceHash = await requireEvidenceHash("return paperwork (evidence)", args);
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const { circular } = suite;
    const { tx, coreId, generation, recalled, approval } = await circular.returnCore({
      partId,
      evidenceHash,
    });
    if (approval !== undefined) {
      console.log(
        formatTokenMoveApproved(circular.address, "core registry", "part", partId, approval),
      );
    }
    console.log(formatCoreReturned(coreId, generation, recalled, tx));
  }, CIRCULAR_FLAGS);
}
