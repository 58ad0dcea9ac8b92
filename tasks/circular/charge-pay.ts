import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { parseRecordId } from "./args.js";
import { runTask } from "../shared/context.js";
import { formatChargePaid } from "./format.js";
import { tokenInfo } from "./common.js";
import { formatPaymentApprovals } from "../shared/format.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/**
 * `charge:pay <charge>`: the buyer pays the deposit in before the deadline; core charges is first
 * approved for exactly the deposit when the allowance is short.
 */
export default function payCharge(
  args: { charge: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const chargeId = parseRecordId(args.charge, "charge id");
    const { suite } = await connectAs(hre, args.from, "the charge's buyer");
    const { circular } = suite;
    const paid = await circular.payCharge(chargeId);
    const token = await tokenInfo(suite, paid.token);
    printResult(args.json, { chargeId, ...paid, token }, () => [
      ...formatPaymentApprovals(
        paid,
        { address: circular.addresses.coreCharges, name: "core charges contract" },
        paid.amount,
        token,
      ),
      formatChargePaid({ id: chargeId, ...paid }, token, paid.tx),
    ]);
  }, CIRCULAR_FLAGS);
}
