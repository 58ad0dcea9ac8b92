import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { parsePartRef } from "../provenance/args.js";
import { requireAddressOption, requireDate, requireTokenUnits } from "../shared/args.js";
import { requireRefundSchedule } from "./args.js";
import { InputError, InputErrorCode } from "../../src/index.js";
import { runTask } from "../shared/context.js";
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
    json: boolean;
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
    const { suite } = await connectAs(hre, args.from, "the seller of the unit");
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
    const required = { chargeId, buyer, unitPartId, amount: units, returnBy, refundBps };
    const info = await tokenInfo(suite, token);
    printResult(args.json, { ...required, token: info, tx }, () =>
      formatChargeRequired(required, info, tx),
    );
  }, CIRCULAR_FLAGS);
}
