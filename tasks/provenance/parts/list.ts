import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { formatPartId, InputError, InputErrorCode, listParts } from "../../../src/index.js";
import { hashFile } from "../../../src/node/index.js";
import { connect, runTask } from "../../shared/context.js";
import { given, PAGE_FLAGS, printPage } from "../../shared/pages.js";

/**
 * `part:list [--owner A] [--maker A] [--spec HASH|FILE] [--status S] [--limit N] [--after ID]
 * [--json]`: parts named by maker:serial; the cursor is the last part's id.
 */
export default function listPartsTask(
  args: {
    owner: string;
    maker: string;
    spec: string;
    status: string;
    limit: string;
    after: string;
    json: boolean;
  },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(
    async () => {
      const spec = await specOption(args.spec);
      const { suite } = await connect(hre);
      const page = await listParts(suite.parts, {
        fromBlock: suite.addressBook.startBlock,
        owner: given(args.owner),
        maker: given(args.maker),
        spec,
        status: given(args.status),
        limit: given(args.limit),
        after: given(args.after),
      });
      await printPage(page, {
        json: args.json,
        cursor: (next) => formatPartId(next),
        line: (p) =>
          `${p.maker}:${p.serial}  ${p.status}  ` +
          `${p.parent === undefined ? `held by ${p.owner}` : `in assembly ${formatPartId(p.parent)}`}` +
          `  spec ${p.spec}  ${p.conforming ? "conforming" : "not conforming"}`,
        empty: "No parts match.",
      });
    },
    { ...PAGE_FLAGS, owner: "--owner", maker: "--maker", spec: "--spec", status: "--status" },
  );
}

/** `--spec`: a hash (0x…, which the SDK checks) or a document file, hashed here. */
async function specOption(value: string): Promise<string | undefined> {
  const text = value.trim();
  if (text === "" || /^0x/i.test(text)) return given(text);
  try {
    return await hashFile(text);
  } catch (cause) {
    throw new InputError(
      InputErrorCode.InvalidHash,
      `The specification "${text}" is neither a hash (0x followed by 64 hex digits) nor a file ` +
        "that can be read.",
      { cause, field: "spec" },
    );
  }
}
