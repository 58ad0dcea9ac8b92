import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { toAddress, type TxResult } from "../../../src/index.js";
import { parseFrom } from "../../shared/args.js";
import { connect, runTask } from "../../shared/context.js";
import { PARTICIPANTS_FLAGS } from "../flags.js";

type RegistrarArgs = { account: string; from: string };

/**
 * The action of `registrar:appoint <account>` and `registrar:remove <account>`: governance
 * changes who is a registrar through the SDK method `operation`; `describe` says what it did.
 */
export function registrarAction(
  operation: "appointRegistrar" | "removeRegistrar",
  describe: (account: string, tx: TxResult) => string,
): (args: RegistrarArgs, hre: HardhatRuntimeEnvironment) => Promise<void> {
  return (args, hre) =>
    runTask(async () => {
      const account = toAddress(args.account, "registrar address");
      const from = parseFrom(args.from);
      const { suite } = await connect(hre, from);
      const tx = await suite.participants[operation](account);
      console.log(describe(account, tx));
    }, PARTICIPANTS_FLAGS);
}
