/**
 * The signer of a write task: `--from` has no default (account #0 is the deployer, which holds no
 * role once the suite is deployed), so a write without it is refused with a sentence naming the
 * account it needs, read from the chain when that is cheap.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { InputError, InputErrorCode, type Suite } from "../../src/index.js";
import { parseFrom } from "./args.js";
import { connect, type TaskContext } from "./context.js";

/**
 * Who signs a write task. `role` names the account in a sentence (`a registrar`, `the invoice's
 * payer`); `holder`, when given, reads the address that holds the role (undefined when it cannot
 * tell, for instance the invoice does not exist).
 */
export type SignerNeed = {
  role: string;
  holder?: (suite: Suite) => Promise<string | undefined>;
};

/**
 * The sentence refusing a write without `--from`: `pass --from with the invoice's payer 0x…`
 * when the holder is known, else `pass --from with a registrar`.
 */
export function missingFromSentence(role: string, holder?: string): string {
  const whom = holder === undefined ? role : `${role} ${holder}`;
  return `No account was chosen to sign: pass --from with ${whom}, as an address or an account index.`;
}

/**
 * Connects as the account `--from` names; refuses, sending nothing, when `--from` is empty, with
 * the sentence of {@link missingFromSentence} (the holder is read through a connection as
 * account #0, which only reads).
 *
 * @example
 * const { suite } = await connectAs(hre, args.from, { role: "a registrar" });
 */
export async function connectAs(
  hre: HardhatRuntimeEnvironment,
  from: string,
  need: string | SignerNeed,
): Promise<TaskContext> {
  const choice = parseFrom(from);
  if (choice !== "") return connect(hre, choice);
  const { role, holder } = typeof need === "string" ? { role: need, holder: undefined } : need;
  let address: string | undefined;
  if (holder !== undefined) {
    const { suite } = await connect(hre);
    address = await holder(suite).catch(() => undefined);
  }
  throw new InputError(InputErrorCode.MissingSigner, missingFromSentence(role, address));
}
