import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom } from "../shared/args.js";
import { parseRecordId } from "./args.js";
import { connect, runTask } from "../shared/context.js";
import { formatChargePaid } from "./format.js";
import { printPaymentApprovals, tokenInfo } from "./common.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/**
 * `charge:pay <charge>`: the buyer pays the deposit in before the deadline; core charges is first
 * approved for exactly the deposit when the allowance is short.
 */
export default function payCharge(
  args: { charge: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const chargeId = parseRecordId(args.charge, "charge id");
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const { circular } = suite;
    const paid = await circular.payCharge(chargeId);
    const token = await tokenInfo(suite, paid.token);
    printPaymentApprovals(
      paid,
      { address: circular.addresses.coreCharges, name: "core charges contract" },
      paid.amount,
      token,
    );
    console.log(formatChargePaid({ id: chargeId, ...paid }, token, paid.tx));
  }, CIRCULAR_FLAGS);
}
