import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { notFound } from "../shared/output.js";
import { parseRecordId } from "./args.js";
import { connect, runTask } from "../shared/context.js";
import { printJson } from "../shared/print.js";
import { type Credit } from "../shared/format.js";
import { chargeToJson, formatCharge } from "./format.js";
import { tokenInfo } from "./common.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/**
 * `charge:show <charge> [--json]`: a core charge: its parties, deposit, deadline, refund schedule,
 * state, the core handed in, and what it still owes the seller and the buyer.
 */
export default function showCharge(
  args: { charge: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const chargeId = parseRecordId(args.charge, "charge id");
    const { suite } = await connect(hre);
    const { circular } = suite;
    const charge = await circular.charge(chargeId);
    if (charge === undefined) throw notFound(`There is no core charge ${chargeId}.`);
    const [token, credits] = await Promise.all([
      tokenInfo(suite, charge.token),
      Promise.all(
        [charge.seller, charge.buyer].map(async (account): Promise<Credit> => ({
          account,
          amount: await circular.owed({ chargeId, account }),
        })),
      ),
    ]);
    if (args.json) printJson(chargeToJson(charge, token, credits));
    else console.log(formatCharge(charge, token, credits));
  }, CIRCULAR_FLAGS);
}
