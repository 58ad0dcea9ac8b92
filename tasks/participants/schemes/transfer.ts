import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../../shared/output.js";
import { connectAs } from "../../shared/signer.js";
import {
  InputError,
  InputErrorCode,
  schemeName,
  toAddress,
  toSchemeId,
} from "../../../src/index.js";
import { type ReasonOptions, resolveReasonHash } from "../../shared/args.js";
import { runTask } from "../../shared/context.js";
import { formatSchemeTransferred } from "../format.js";
import { PARTICIPANTS_FLAGS } from "../flags.js";

/**
 * `scheme:transfer <scheme> <newBody> [--reason …]`: governance hands a scheme to another active
 * standards body (a scheme whose body lost its accreditation grants nothing until then).
 */
export default function transferScheme(
  args: ReasonOptions & { scheme: string; newBody: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const id = toSchemeId(args.scheme);
    const newBody = toAddress(args.newBody, "new standards body address");
    const reasonHash = await resolveReasonHash(args);
    const { suite } = await connectAs(hre, args.from, "a governance account");
    const scheme = await suite.participants.getScheme(id);
    if (scheme === undefined) {
      throw new InputError(
        InputErrorCode.InvalidScheme,
        `No scheme ${schemeName(id)} has been defined, so there is nothing to hand over.`,
      );
    }
    const tx = await suite.participants.transferScheme({ scheme: id, newBody, reasonHash });
    const json = {
      scheme: schemeName(id),
      previousBody: scheme.standardsBody,
      newBody,
      reasonHash,
      tx,
    };
    printResult(args.json, json, () =>
      formatSchemeTransferred(schemeName(id), scheme.standardsBody, newBody, reasonHash, tx),
    );
  }, PARTICIPANTS_FLAGS);
}
