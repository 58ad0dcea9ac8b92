import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { parseRecordId } from "./args.js";
import { runTask } from "../shared/context.js";
import { formatChargeCancelled } from "./format.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/** `charge:cancel <charge>`: the seller withdraws a charge its buyer has not paid yet. */
export default function cancelCharge(
  args: { charge: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const chargeId = parseRecordId(args.charge, "charge id");
    const { suite } = await connectAs(hre, args.from, "the charge's seller");
    const tx = await suite.circular.cancelCharge(chargeId);
    printResult(args.json, { chargeId, tx }, () => formatChargeCancelled(chargeId, tx));
  }, CIRCULAR_FLAGS);
}
