import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../../shared/output.js";
import { connectAs } from "../../shared/signer.js";
import { schemeName, toSchemeId } from "../../../src/index.js";
import { requireDays, requireDocumentHash } from "../../shared/args.js";
import { runTask } from "../../shared/context.js";
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
    json: boolean;
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
    const { suite } = await connectAs(hre, args.from, "a standards body");
    const tx = await suite.participants.defineScheme({ scheme, documentHash, defaultValidity });
    const json = { scheme: schemeName(scheme), documentHash, defaultValidity, tx };
    printResult(args.json, json, () =>
      formatSchemeDefined(schemeName(scheme), documentHash, defaultValidity, tx),
    );
  }, PARTICIPANTS_FLAGS);
}
