import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { partSigner } from "../args.js";
import { printResult } from "../../shared/output.js";
import { connectAs } from "../../shared/signer.js";
import { toAddress } from "../../../src/index.js";
import { type ReasonOptions } from "../../shared/args.js";
import { parsePartRef, requireReasonHash } from "../args.js";
import { runTask } from "../../shared/context.js";
import { formatChipRebound } from "../format.js";
import { PROVENANCE_FLAGS } from "../flags.js";

/**
 * `part:rebind-chip <part> --chip <address> --reason …`: the maker binds a part to a new tag chip
 * after the old one was damaged; the reason is required and stays in the part's history.
 */
export default function rebindChip(
  args: ReasonOptions & { part: string; chip: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const partId = parsePartRef(args.part);
    // The SDK refuses the zero address, as it does for every chip key.
    const newChipKey = toAddress(args.chip, "new chip key address (--chip)");
    const reasonHash = await requireReasonHash(args);
    const { suite } = await connectAs(
      hre,
      args.from,
      partSigner(partId, "maker", "the part's maker"),
    );
    const tx = await suite.parts.rebindChip({ partId, newChipKey, reasonHash });
    printResult(args.json, { partId, newChipKey, reasonHash, tx }, () =>
      formatChipRebound(partId, newChipKey, reasonHash, tx),
    );
  }, PROVENANCE_FLAGS);
}
