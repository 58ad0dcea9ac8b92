import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { formatTime, listCertificates } from "../../../src/index.js";
import { connect, runTask } from "../../shared/context.js";
import { given, PAGE_FLAGS, printPage } from "../../shared/pages.js";

/** `certificate:list [--holder A] [--scheme S] [--limit N] [--after A:S] [--json]`. */
export default function listCertificatesTask(
  args: { holder: string; scheme: string; limit: string; after: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(
    async () => {
      const { suite, signer } = await connect(hre);
      const page = await listCertificates(
        { address: suite.participants.address, runner: signer },
        {
          fromBlock: suite.addressBook.startBlock,
          holder: given(args.holder),
          scheme: given(args.scheme),
          limit: given(args.limit),
          after: given(args.after),
        },
      );
      await printPage(page, {
        json: args.json,
        cursor: (next) => next,
        line: (c) =>
          `${c.participant}  ${c.schemeName}  ${c.state}  ` +
          `${formatTime(c.validFrom)} to ${formatTime(c.validUntil)}  by auditor ${c.auditor}`,
        empty: "No certificates match.",
      });
    },
    { ...PAGE_FLAGS, holder: "--holder", scheme: "--scheme" },
  );
}
