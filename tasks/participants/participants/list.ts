import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { formatTime, listParticipants } from "../../../src/index.js";
import { connect, runTask } from "../../shared/context.js";
import { given, PAGE_FLAGS, printPage } from "../../shared/pages.js";

/** `participant:list [--role R] [--limit N] [--after ADDRESS] [--json]`. */
export default function listParticipantsTask(
  args: { role: string; limit: string; after: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(
    async () => {
      const { suite, signer } = await connect(hre);
      const page = await listParticipants(
        { address: suite.participants.address, runner: signer },
        {
          fromBlock: suite.addressBook.startBlock,
          role: given(args.role),
          limit: given(args.limit),
          after: given(args.after),
        },
      );
      await printPage(page, {
        json: args.json,
        cursor: (next) => next,
        line: (p) =>
          `${p.address}  ${p.state}  ${p.roles.join(", ") || "(no roles)"}  ` +
          `valid until ${formatTime(p.validUntil)}`,
        empty: "No participants match.",
      });
    },
    { ...PAGE_FLAGS, role: "--role" },
  );
}
