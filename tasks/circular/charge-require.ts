import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parsePartRef } from "../provenance/args.js";
import { parseFrom, requireAddressOption, requireDate, requireTokenUnits } from "../shared/args.js";
import { requireRefundSchedule } from "./args.js";
import { InputError, InputErrorCode } from "../../src/index.js";
import { connect, runTask } from "../shared/context.js";
import { formatChargeRequired } from "./format.js";
import { tokenInfo } from "./common.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/**
 * `charge:require --buyer <address> --unit <part> --token <address> --amount <amount>
 * --return-by <date> --refunds 100,80,50,20,0`: the seller of a unit requires a core deposit
 * from its buyer, refunded by the grade of the core returned by the deadline (percentages per
 * grade 1 to 5, fixed now).
 */
export default function requireCharge(
  args: {
    buyer: string;
    unit: string;
    token: string;
    amount: string;
    returnBy: string;
    refunds: string;
    from: string;
  },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const buyer = requireAddressOption(args.buyer, "--buyer", "buyer");
    if (args.unit.trim() === "") {
      throw new InputError(
        InputErrorCode.InvalidId,
        "The unit is missing: pass --unit with the part sold (its id or <maker address>:<serial>).",
      );
    }
    const unitPartId = parsePartRef(args.unit, "unit");
    const token = requireAddressOption(args.token, "--token", "token");
    const amount = requireTokenUnits(args.amount, "--amount", "deposit");
    const returnBy = requireDate(args.returnBy, "--return-by", "return deadline");
    const refundBps = requireRefundSchedule(args.refunds);
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const {
      tx,
      chargeId,
      amount: units,
    } = await suite.circular.requireCharge({
      buyer,
      unitPartId,
      token,
      amount,
      returnBy,
      refundBps,
    });
    console.log(
      formatChargeRequired(
        { chargeId, buyer, unitPartId, amount: units, returnBy, refundBps },
        await tokenInfo(suite, token),
        tx,
      ),
    );
  }, CIRCULAR_FLAGS);
}
