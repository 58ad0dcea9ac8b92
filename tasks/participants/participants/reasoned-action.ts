import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { toAddress, type TxResult } from "../../../src/index.js";
import { parseFrom, type ReasonOptions, resolveReasonHash } from "../../shared/args.js";
import { connect, runTask } from "../../shared/context.js";
import { PARTICIPANTS_FLAGS } from "../flags.js";

type ReasonedArgs = ReasonOptions & { address: string; from: string };

/**
 * The action of `participant:suspend <address>` and `participant:revoke <address>`, each with an
 * optional reason (`--reason`, `--reason-file` or `--reason-hash`): a registrar acts on an
 * accreditation through the SDK method `operation`; `describe` says what it did.
 */
export function reasonedAction(
  operation: "suspend" | "revoke",
  describe: (participant: string, reasonHash: string, tx: TxResult) => string,
): (args: ReasonedArgs, hre: HardhatRuntimeEnvironment) => Promise<void> {
  return (args, hre) =>
    runTask(async () => {
      const participant = toAddress(args.address, "participant address");
      const reasonHash = await resolveReasonHash(args);
      const from = parseFrom(args.from);
      const { suite } = await connect(hre, from);
      const tx = await suite.participants[operation]({ participant, reasonHash });
      console.log(describe(participant, reasonHash, tx));
    }, PARTICIPANTS_FLAGS);
}
