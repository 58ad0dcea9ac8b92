import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { toAddress } from "../../src/index.js";
import { parseFrom } from "../args.js";
import { connect, runTask } from "../context.js";
import { formatRegistrarRemoved } from "../format.js";

/** `registrar:remove <account>`: governance removes a registrar. */
export default function removeRegistrar(
  args: { account: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const account = toAddress(args.account, "registrar address");
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const tx = await suite.participants.removeRegistrar(account);
    console.log(formatRegistrarRemoved(account, tx));
  });
}
