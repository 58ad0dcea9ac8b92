import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom, parseNonZeroAddress } from "../shared/args.js";
import { parseRecordId } from "./args.js";
import { connect, runTask } from "../shared/context.js";
import { formatChargeWithdrawn } from "./format.js";
import { tokenInfo } from "./common.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/**
 * `charge:withdraw <charge> [--to <address>]`: sends what the charge credited to the signer (a
 * refund, or a kept or forfeited deposit), in the charge's token, to `--to` or to the signer.
 */
export default function withdrawCharge(
  args: { charge: string; to: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const chargeId = parseRecordId(args.charge, "charge id");
    const given =
      args.to.trim() === "" ? undefined : parseNonZeroAddress(args.to, "recipient address (--to)");
    const from = parseFrom(args.from);
    const { suite, signer } = await connect(hre, from);
    const to = given ?? signer.address;
    const { tx, amount, token } = await suite.circular.withdraw({ chargeId, to });
    console.log(formatChargeWithdrawn(chargeId, amount, to, await tokenInfo(suite, token), tx));
  }, CIRCULAR_FLAGS);
}
