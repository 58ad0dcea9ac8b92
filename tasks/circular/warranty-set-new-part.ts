import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { resolveSpecHash } from "../provenance/args.js";
import { parseFrom, requireDays } from "../shared/args.js";
import { connect, runTask } from "../shared/context.js";
import { formatNewPartWarrantySet } from "./format.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/**
 * `warranty:set-new-part --spec <hash|file> --days N`: the owner of a specification sets the
 * warranty of a new part of it, the floor of a remanufactured unit's warranty.
 */
export default function setNewPartWarranty(
  args: { spec: string; days: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const spec = await resolveSpecHash(args.spec);
    const duration = requireDays(args.days, "--days", "warranty");
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const tx = await suite.circular.setNewPartWarranty({ spec, duration });
    console.log(formatNewPartWarrantySet(spec, duration, tx));
  }, CIRCULAR_FLAGS);
}
