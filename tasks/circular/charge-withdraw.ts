import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { parseNonZeroAddress } from "../shared/args.js";
import { parseRecordId } from "./args.js";
import { runTask } from "../shared/context.js";
import { formatChargeWithdrawn } from "./format.js";
import { tokenInfo } from "./common.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/**
 * `charge:withdraw <charge> [--to <address>]`: sends what the charge credited to the signer (a
 * refund, or a kept or forfeited deposit), in the charge's token, to `--to` or to the signer.
 */
export default function withdrawCharge(
  args: { charge: string; to: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const chargeId = parseRecordId(args.charge, "charge id");
    const given =
      args.to.trim() === "" ? undefined : parseNonZeroAddress(args.to, "recipient address (--to)");
    const { suite, signer } = await connectAs(hre, args.from, "the account the charge credited");
    const to = given ?? signer.address;
    const { tx, amount, token } = await suite.circular.withdraw({ chargeId, to });
    const info = await tokenInfo(suite, token);
    printResult(args.json, { chargeId, amount, to, token: info, tx }, () =>
      formatChargeWithdrawn(chargeId, amount, to, info, tx),
    );
  }, CIRCULAR_FLAGS);
}
