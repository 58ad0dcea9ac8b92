import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { notFound } from "../../shared/output.js";
import { resolveSpecHash } from "../args.js";
import { connect, runTask } from "../../shared/context.js";
import { printJson } from "../../shared/print.js";
import { formatSpecification, specificationToJson } from "../format.js";
import { SPEC_FLAGS } from "../flags.js";

/** `spec:show <hash|file> [--json]`: a part type and the attestation kinds it requires. */
export default function showSpecification(
  args: { spec: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const spec = await resolveSpecHash(args.spec, "the specification's hash or file");
    const { suite } = await connect(hre);
    const found = await suite.parts.getSpecification(spec);
    if (found === undefined) throw notFound(formatSpecification(found, spec));
    if (args.json) printJson(specificationToJson(found));
    else console.log(formatSpecification(found, spec));
  }, SPEC_FLAGS);
}
