import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../../shared/output.js";
import { connectAs } from "../../shared/signer.js";
import { parseRequiredKinds, requireSpecDefinition } from "../args.js";
import { runTask } from "../../shared/context.js";
import { formatSpecDefined } from "../format.js";
import { SPEC_FLAGS } from "../flags.js";

/**
 * `spec:define [<hash|file>] [--spec-file|--spec-json] --required test,inspection`: a
 * manufacturer defines a part type and the attestation kinds its parts must pass.
 */
export default function defineSpecification(
  args: {
    spec: string;
    specFile: string;
    specJson: string;
    required: string;
    from: string;
    json: boolean;
  },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const spec = await requireSpecDefinition(args);
    const requiredKinds = parseRequiredKinds(args.required);
    const { suite } = await connectAs(hre, args.from, "a manufacturer");
    const tx = await suite.parts.defineSpecification({ spec, requiredKinds });
    printResult(args.json, { spec, requiredKinds, tx }, () =>
      formatSpecDefined(spec, requiredKinds, tx),
    );
  }, SPEC_FLAGS);
}
