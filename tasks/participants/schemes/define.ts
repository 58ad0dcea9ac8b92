import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { schemeName, toSchemeId } from "../../../src/index.js";
import { parseFrom, requireDays, requireDocumentHash } from "../../shared/args.js";
import { connect, runTask } from "../../shared/context.js";
import { formatSchemeDefined } from "../format.js";
import { PARTICIPANTS_FLAGS } from "../flags.js";

/** `scheme:define <scheme> --validity-days <n>` + document: a standards body defines a scheme. */
export default function defineScheme(
  args: {
    scheme: string;
    documentFile: string;
    documentJson: string;
    documentHash: string;
    validityDays: string;
    from: string;
  },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const scheme = toSchemeId(args.scheme);
    const documentHash = await requireDocumentHash("scheme document", "document", {
      file: args.documentFile,
      json: args.documentJson,
      hash: args.documentHash,
    });
    const defaultValidity = requireDays(args.validityDays, "--validity-days", "default validity");
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const tx = await suite.participants.defineScheme({ scheme, documentHash, defaultValidity });
    console.log(formatSchemeDefined(schemeName(scheme), documentHash, defaultValidity, tx));
  }, PARTICIPANTS_FLAGS);
}
