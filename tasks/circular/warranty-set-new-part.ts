import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { resolveSpecHash } from "../provenance/args.js";
import { requireDays } from "../shared/args.js";
import { runTask } from "../shared/context.js";
import { formatNewPartWarrantySet } from "./format.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/**
 * `warranty:set-new-part --spec <hash|file> --days N`: the owner of a specification sets the
 * warranty of a new part of it, the floor of a remanufactured unit's warranty.
 */
export default function setNewPartWarranty(
  args: { spec: string; days: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const spec = await resolveSpecHash(args.spec);
    const duration = requireDays(args.days, "--days", "warranty");
    const { suite } = await connectAs(hre, args.from, "the specification's owner");
    const tx = await suite.circular.setNewPartWarranty({ spec, duration });
    printResult(args.json, { spec, duration, tx }, () =>
      formatNewPartWarrantySet(spec, duration, tx),
    );
  }, CIRCULAR_FLAGS);
}
