import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { toAddress } from "../../src/index.js";
import { parseFrom } from "../args.js";
import { connect, runTask } from "../context.js";
import { formatRegistrarAppointed } from "../format.js";

/** `registrar:appoint <account>`: governance appoints a registrar. */
export default function appointRegistrar(
  args: { account: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const account = toAddress(args.account, "registrar address");
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const tx = await suite.participants.appointRegistrar(account);
    console.log(formatRegistrarAppointed(account, tx));
  });
}
