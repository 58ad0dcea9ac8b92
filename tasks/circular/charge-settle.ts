import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { InputError, InputErrorCode } from "../../src/index.js";
import { parseFrom } from "../shared/args.js";
import { parseCoreRef, parseRecordId } from "./args.js";
import { connect, runTask } from "../shared/context.js";
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
  args: { charge: string; core: string; from: string },
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
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const { circular } = suite;
    const settled = await circular.settleCharge({ chargeId, coreId });
    if (settled.approval !== undefined) {
      console.log(
        formatTokenMoveApproved(
          circular.addresses.coreCharges,
          "core charges contract",
          "core",
          coreId,
          settled.approval,
        ),
      );
    }
    console.log(
      formatChargeSettled(
        { chargeId, coreId, ...settled },
        settled.seller,
        await tokenInfo(suite, settled.token),
        settled.tx,
      ),
    );
  }, CHARGE_SETTLE_FLAGS);
}
