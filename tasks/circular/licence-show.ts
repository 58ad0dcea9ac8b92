import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { notFound } from "../shared/output.js";
import { parseRecordId } from "./args.js";
import { connect, runTask } from "../shared/context.js";
import { printJson } from "../shared/print.js";
import { formatLicence, licenceToJson } from "./format.js";
import { chainTime, tokenInfo } from "./common.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/**
 * `licence:show <licence> [--json]`: a licence's terms, whether it is live, revoked or expired by
 * the chain's clock, the units left in the current period and when the next period starts.
 */
export default function showLicence(
  args: { licence: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const licenceId = parseRecordId(args.licence, "licence id");
    const { suite, signer } = await connect(hre);
    const { circular } = suite;
    const licence = await circular.licence(licenceId);
    if (licence === undefined) throw notFound(`There is no licence ${licenceId}.`);
    const [quota, now, feeToken] = await Promise.all([
      circular.quota(licenceId),
      chainTime(signer),
      licence.feeToken === undefined ? undefined : tokenInfo(suite, licence.feeToken),
    ]);
    if (args.json) printJson(licenceToJson(licence, quota, feeToken, now));
    else console.log(formatLicence(licence, quota, feeToken, now));
  }, CIRCULAR_FLAGS);
}
