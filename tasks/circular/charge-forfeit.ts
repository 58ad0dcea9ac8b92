import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom } from "../shared/args.js";
import { parseRecordId } from "./args.js";
import { connect, runTask } from "../shared/context.js";
import { formatChargeForfeited } from "./format.js";
import { tokenInfo } from "./common.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/** `charge:forfeit <charge>`: past the deadline with no core, anyone credits the deposit to the seller. */
export default function forfeitCharge(
  args: { charge: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const chargeId = parseRecordId(args.charge, "charge id");
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const { tx, amount, seller, token } = await suite.circular.forfeitCharge(chargeId);
    console.log(formatChargeForfeited(chargeId, amount, seller, await tokenInfo(suite, token), tx));
  }, CIRCULAR_FLAGS);
}
