import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../../shared/output.js";
import { connectAs } from "../../shared/signer.js";
import { toAddress, type TxResult } from "../../../src/index.js";
import { runTask } from "../../shared/context.js";
import { PARTICIPANTS_FLAGS } from "../flags.js";

type RegistrarArgs = { registrar: string; from: string; json: boolean };

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
      const account = toAddress(args.registrar, "registrar address");
      const { suite } = await connectAs(hre, args.from, "a governance account");
      const tx = await suite.participants[operation](account);
      printResult(args.json, { account, tx }, () => describe(account, tx));
    }, PARTICIPANTS_FLAGS);
}
