import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { partSigner } from "../args.js";
import { printResult } from "../../shared/output.js";
import { connectAs } from "../../shared/signer.js";
import { parseNonZeroAddress } from "../../shared/args.js";
import { parsePartRef } from "../args.js";
import { runTask } from "../../shared/context.js";
import { formatPartTransferred } from "../format.js";
import { PROVENANCE_FLAGS } from "../flags.js";

/** `part:transfer <part> <to>`: the part's holder hands it on (an ERC-721 safe transfer). */
export default function transferPart(
  args: { part: string; to: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const partId = parsePartRef(args.part);
    const to = parseNonZeroAddress(args.to, "recipient address");
    const { suite } = await connectAs(
      hre,
      args.from,
      partSigner(partId, "owner", "the part's owner"),
    );
    const tx = await suite.parts.transfer({ partId, to });
    printResult(args.json, { partId, to, tx }, () => formatPartTransferred(partId, to, tx));
  }, PROVENANCE_FLAGS);
}
