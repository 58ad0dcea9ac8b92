import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../../shared/output.js";
import { connectAs } from "../../shared/signer.js";
import { toAddress, type TxResult } from "../../../src/index.js";
import { type ReasonOptions, resolveReasonHash } from "../../shared/args.js";
import { runTask } from "../../shared/context.js";
import { PARTICIPANTS_FLAGS } from "../flags.js";

type ReasonedArgs = ReasonOptions & { participant: string; from: string; json: boolean };

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
      const participant = toAddress(args.participant, "participant address");
      const reasonHash = await resolveReasonHash(args);
      const { suite } = await connectAs(hre, args.from, "a registrar");
      const tx = await suite.participants[operation]({ participant, reasonHash });
      printResult(args.json, { participant, reasonHash, tx }, () =>
        describe(participant, reasonHash, tx),
      );
    }, PARTICIPANTS_FLAGS);
}
