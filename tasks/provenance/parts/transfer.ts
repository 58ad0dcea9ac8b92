import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom, parseNonZeroAddress } from "../../shared/args.js";
import { parsePartRef } from "../args.js";
import { connect, runTask } from "../../shared/context.js";
import { formatPartTransferred } from "../format.js";
import { PROVENANCE_FLAGS } from "../flags.js";

/** `part:transfer <part> <to>`: the part's holder hands it on (an ERC-721 safe transfer). */
export default function transferPart(
  args: { part: string; to: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const partId = parsePartRef(args.part);
    const to = parseNonZeroAddress(args.to, "recipient address");
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const tx = await suite.parts.transfer({ partId, to });
    console.log(formatPartTransferred(partId, to, tx));
  }, PROVENANCE_FLAGS);
}
