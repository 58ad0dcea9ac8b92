import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { parseRecordId } from "./args.js";
import { runTask } from "../shared/context.js";
import { formatChargeForfeited } from "./format.js";
import { tokenInfo } from "./common.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/** `charge:forfeit <charge>`: past the deadline with no core, anyone credits the deposit to the seller. */
export default function forfeitCharge(
  args: { charge: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const chargeId = parseRecordId(args.charge, "charge id");
    const { suite } = await connectAs(
      hre,
      args.from,
      "any account (anyone may forfeit a lapsed charge)",
    );
    const { tx, amount, seller, token } = await suite.circular.forfeitCharge(chargeId);
    const info = await tokenInfo(suite, token);
    printResult(args.json, { chargeId, amount, seller, token: info, tx }, () =>
      formatChargeForfeited(chargeId, amount, seller, info, tx),
    );
  }, CIRCULAR_FLAGS);
}
