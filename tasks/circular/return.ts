import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { partSigner } from "../provenance/args.js";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { parsePartRef } from "../provenance/args.js";
import { type EvidenceOptions, requireEvidenceHash } from "../shared/args.js";
import { runTask } from "../shared/context.js";
import { formatCoreReturned, formatTokenMoveApproved } from "./format.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/**
 * `core:return <part> --evidence-…`: the holder returns a part at end of life. The core registry
 * is first approved for this one part when it may not take it yet (never as operator of all the
 * holder's parts); the part stays in its custody for good and a core token (same id) is minted.
 */
export default function returnCore(
  args: EvidenceOptions & { part: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const partId = parsePartRef(args.part);
    const evidenceHash = await requireEvidenceHash("return paperwork (evidence)", args);
    const { suite } = await connectAs(
      hre,
      args.from,
      partSigner(partId, "owner", "the part's owner"),
    );
    const { circular } = suite;
    const { tx, coreId, generation, recalled, approval } = await circular.returnCore({
      partId,
      evidenceHash,
    });
    const json = { coreId, partId, generation, recalled, evidenceHash, approval, tx };
    printResult(args.json, json, () => [
      ...(approval === undefined
        ? []
        : [formatTokenMoveApproved(circular.address, "core registry", "part", partId, approval)]),
      formatCoreReturned(coreId, generation, recalled, tx),
    ]);
  }, CIRCULAR_FLAGS);
}
