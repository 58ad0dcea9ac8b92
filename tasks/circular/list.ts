import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom, requireAddressOption, requireTokenUnits } from "../shared/args.js";
import { parseCoreRef } from "./args.js";
import { connect, runTask } from "../shared/context.js";
import { formatCoreListed } from "./format.js";
import { tokenInfo } from "./common.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/**
 * `core:list <core> --token <address> --price <amount>`: the holder offers a core at a price in
 * token units, replacing any earlier offer; the core stays with the holder until it is bought.
 */
export default function listCore(
  args: { core: string; token: string; price: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const coreId = parseCoreRef(args.core);
    const token = requireAddressOption(args.token, "--token", "token");
    const price = requireTokenUnits(args.price, "--price", "price");
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const listed = await suite.circular.list({ coreId, token, price });
    console.log(
      formatCoreListed(coreId, listed.price, await tokenInfo(suite, listed.token), listed.tx),
    );
  }, CIRCULAR_FLAGS);
}
