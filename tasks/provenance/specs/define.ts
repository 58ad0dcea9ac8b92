import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom } from "../../shared/args.js";
import { parseRequiredKinds, requireSpecDefinition } from "../args.js";
import { connect, runTask } from "../../shared/context.js";
import { formatSpecDefined } from "../format.js";
import { SPEC_FLAGS } from "../flags.js";

/**
 * `spec:define [<hash|file>] [--spec-file|--spec-json] --required test,inspection`: a
 * manufacturer defines a part type and the attestation kinds its parts must pass.
 */
export default function defineSpecification(
  args: { spec: string; specFile: string; specJson: string; required: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const spec = await requireSpecDefinition(args);
    const requiredKinds = parseRequiredKinds(args.required);
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const tx = await suite.parts.defineSpecification({ spec, requiredKinds });
    console.log(formatSpecDefined(spec, requiredKinds, tx));
  }, SPEC_FLAGS);
}
