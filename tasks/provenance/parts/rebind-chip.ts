import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { toAddress } from "../../../src/index.js";
import { parseFrom, type ReasonOptions } from "../../shared/args.js";
import { parsePartRef, requireReasonHash } from "../args.js";
import { connect, runTask } from "../../shared/context.js";
import { formatChipRebound } from "../format.js";
import { PROVENANCE_FLAGS } from "../flags.js";

/**
 * `part:rebind-chip <part> --chip <address> --reason …`: the maker binds a part to a new tag chip
 * after the old one was damaged; the reason is required and stays in the part's history.
 */
export default function rebindChip(
  args: ReasonOptions & { part: string; chip: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const partId = parsePartRef(args.part);
    // The SDK refuses the zero address, as it does for every chip key.
    const newChipKey = toAddress(args.chip, "new chip key address (--chip)");
    const reasonHash = await requireReasonHash(args);
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const tx = await suite.parts.rebindChip({ partId, newChipKey, reasonHash });
    console.log(formatChipRebound(partId, newChipKey, reasonHash, tx));
  }, PROVENANCE_FLAGS);
}
