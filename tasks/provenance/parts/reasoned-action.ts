import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { partSigner } from "../args.js";
import { printResult } from "../../shared/output.js";
import { connectAs } from "../../shared/signer.js";
import type { TxResult } from "../../../src/index.js";
import { type ReasonOptions, resolveReasonHash } from "../../shared/args.js";
import { parsePartRef } from "../args.js";
import { runTask } from "../../shared/context.js";
import { PROVENANCE_FLAGS } from "../flags.js";

type ReasonedArgs = ReasonOptions & { part: string; from: string; json: boolean };

/**
 * The action of `part:quarantine`, `part:release` and `part:disassemble <part>`, each with an
 * optional reason (`--reason`, `--reason-file` or `--reason-hash`): the SDK method `operation`
 * acts on the part; `describe` says what it did.
 */
export function reasonedPartAction(
  operation: "quarantine" | "release" | "disassemble",
  describe: (partId: bigint, reasonHash: string, tx: TxResult) => string,
): (args: ReasonedArgs, hre: HardhatRuntimeEnvironment) => Promise<void> {
  return (args, hre) =>
    runTask(async () => {
      const partId = parsePartRef(args.part, operation === "disassemble" ? "child part" : "part");
      const reasonHash = await resolveReasonHash(args);
      const need =
        operation === "disassemble"
          ? "the assembly's owner"
          : partSigner(partId, "maker", "the part's maker (or a registrar)");
      const { suite } = await connectAs(hre, args.from, need);
      const tx = await suite.parts[operation]({ partId, reasonHash });
      printResult(args.json, { partId, reasonHash, tx }, () => describe(partId, reasonHash, tx));
    }, PROVENANCE_FLAGS);
}
