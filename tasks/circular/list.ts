import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { requireAddressOption, requireTokenUnits } from "../shared/args.js";
import { parseCoreRef } from "./args.js";
import { runTask } from "../shared/context.js";
import { formatCoreListed } from "./format.js";
import { tokenInfo } from "./common.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/**
 * `core:list <core> --token <address> --price <amount>`: the holder offers a core at a price in
 * token units, replacing any earlier offer; the core stays with the holder until it is bought.
 */
export default function listCore(
  args: { core: string; token: string; price: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const coreId = parseCoreRef(args.core);
    const token = requireAddressOption(args.token, "--token", "token");
    const price = requireTokenUnits(args.price, "--price", "price");
    const { suite } = await connectAs(hre, args.from, "the core's holder");
    const listed = await suite.circular.list({ coreId, token, price });
    const info = await tokenInfo(suite, listed.token);
    printResult(args.json, { coreId, ...listed, token: info }, () =>
      formatCoreListed(coreId, listed.price, info, listed.tx),
    );
  }, CIRCULAR_FLAGS);
}
