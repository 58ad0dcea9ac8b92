import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { InputError, InputErrorCode } from "../../src/index.js";
import { parseCoreRef, parseRecordId } from "./args.js";
import { runTask } from "../shared/context.js";
import { formatChargeSettled, formatTokenMoveApproved } from "./format.js";
import { tokenInfo } from "./common.js";
import { CHARGE_SETTLE_FLAGS } from "./flags.js";

/**
 * `charge:settle <charge> --core <core>`: the buyer hands in a graded core of the unit's
 * specification by the deadline. Core charges is first approved for this one core when it may not
 * take it yet; the refund by the core's grade is credited to the buyer, the rest to the seller,
 * and the core goes to the seller.
 */
export default function settleCharge(
  args: { charge: string; core: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const chargeId = parseRecordId(args.charge, "charge id");
    if (args.core.trim() === "") {
      throw new InputError(
        InputErrorCode.InvalidId,
        "The core is missing: pass --core with the core you hand in (its id or the part's " +
          "<maker address>:<serial>).",
      );
    }
    const coreId = parseCoreRef(args.core);
    const { suite } = await connectAs(hre, args.from, "the charge's buyer");
    const { circular } = suite;
    const settled = await circular.settleCharge({ chargeId, coreId });
    const token = await tokenInfo(suite, settled.token);
    printResult(args.json, { chargeId, coreId, ...settled, token }, () => [
      ...(settled.approval === undefined
        ? []
        : [
            formatTokenMoveApproved(
              circular.addresses.coreCharges,
              "core charges contract",
              "core",
              coreId,
              settled.approval,
            ),
          ]),
      formatChargeSettled({ chargeId, coreId, ...settled }, settled.seller, token, settled.tx),
    ]);
  }, CHARGE_SETTLE_FLAGS);
}
