import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom } from "../shared/args.js";
import { parseRecordId } from "./args.js";
import { connect, runTask } from "../shared/context.js";
import { formatChargeCancelled } from "./format.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/** `charge:cancel <charge>`: the seller withdraws a charge its buyer has not paid yet. */
export default function cancelCharge(
  args: { charge: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const chargeId = parseRecordId(args.charge, "charge id");
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const tx = await suite.circular.cancelCharge(chargeId);
    console.log(formatChargeCancelled(chargeId, tx));
  }, CIRCULAR_FLAGS);
}
