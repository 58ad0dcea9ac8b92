import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { InputError, InputErrorCode } from "../../src/index.js";
import { parsePartRef } from "../provenance/args.js";
import { parseRecordId } from "./args.js";
import { connect, runTask } from "../shared/context.js";
import { notFound } from "../shared/output.js";
import { printJson } from "../shared/print.js";
import { formatWarranty, warrantyToJson } from "./format.js";
import { WARRANTY_SHOW_FLAGS } from "./flags.js";

/**
 * `warranty:show [<part>] [--claim <id>] [--json]`: a part's warranty (issuer, outcome, term,
 * terms hash) and every claim filed against it since the address book's start block, as each
 * stands now; with `--claim`, that claim alone, and its part's warranty when no part is named.
 * A part with neither a warranty nor a claim exits 1.
 */
export default function showWarranty(
  args: { part: string; claim: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    if (args.part.trim() === "" && args.claim.trim() === "") {
      throw new InputError(
        InputErrorCode.InvalidId,
        "Name a part (its id or <maker address>:<serial>), a claim (--claim <id>), or both.",
      );
    }
    const named = args.part.trim() === "" ? undefined : parsePartRef(args.part);
    const claimId = args.claim.trim() === "" ? undefined : parseRecordId(args.claim, "claim id");
    const { suite } = await connect(hre);
    const { circular } = suite;
    const claim = claimId === undefined ? undefined : await circular.claim(claimId);
    if (claimId !== undefined && claim === undefined) {
      throw new InputError(InputErrorCode.InvalidId, `There is no warranty claim ${claimId}.`);
    }
    if (named !== undefined && claim !== undefined && claim.partId !== named) {
      throw new InputError(
        InputErrorCode.InvalidId,
        `The claim ${claimId} is against another part's warranty; drop the part to see it.`,
      );
    }
    const partId = named ?? claim?.partId;
    if (partId === undefined) return;
    const [warranty, claims] = await Promise.all([
      circular.warranty(partId),
      claim === undefined ? circular.claimsOf(partId) : [claim],
    ]);
    // A part without a warranty is a missing thing: exit 1, as a show of anything missing does.
    if (warranty === undefined && claims.length === 0) {
      throw notFound(formatWarranty(partId, warranty, claims));
    }
    if (args.json) printJson(warrantyToJson(partId, warranty, claims));
    else console.log(formatWarranty(partId, warranty, claims));
  }, WARRANTY_SHOW_FLAGS);
}
