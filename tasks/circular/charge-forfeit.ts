import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom } from "../shared/args.js";
import { parseRecordId } from "./args.js";
import { connect, runTask } from "../shared/context.js";
import { formatChargeForfeited } from "./format.js";
import { chargeAfter, tokenInfo } from "./common.js";
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
    const { tx, amount } = await suite.circular.forfeitCharge(chargeId);
    const charge = await chargeAfter(suite, chargeId);
    console.log(
      formatChargeForfeited(
        chargeId,
        amount,
        charge.seller,
        await tokenInfo(suite, charge.token),
        tx,
      ),
    );
  }, CIRCULAR_FLAGS);
}
