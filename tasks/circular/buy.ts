import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { optionalDays, requireTokenUnits } from "../shared/args.js";
import { parseCoreRef } from "./args.js";
import { runTask } from "../shared/context.js";
import { formatCoreBought } from "./format.js";
import { tokenInfo } from "./common.js";
import { formatPaymentApprovals } from "../shared/format.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/**
 * `core:buy <core> [--price <amount>] [--max-grade-age-days <n>]`: an accredited remanufacturer
 * or recycler buys a listed core. With `--price`, an offer at another price is refused before
 * anything is sent; either way the transaction carries the offer's token and price, so an offer
 * changed before it is mined is refused too. The core registry is first approved for exactly the
 * price when the allowance is short.
 */
export default function buyCore(
  args: { core: string; price: string; maxGradeAgeDays: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const coreId = parseCoreRef(args.core);
    const price =
      args.price.trim() === "" ? undefined : requireTokenUnits(args.price, "--price", "price");
    const maxGradeAge = optionalDays(
      args.maxGradeAgeDays,
      "--max-grade-age-days",
      "maximum age of the grade",
    );
    const { suite } = await connectAs(hre, args.from, "a remanufacturer or recycler");
    const { circular } = suite;
    const bought = await circular.buy({
      coreId,
      ...(price === undefined ? {} : { price }),
      ...(maxGradeAge === 0n ? {} : { maxGradeAge }),
    });
    const token = await tokenInfo(suite, bought.token);
    printResult(args.json, { coreId, ...bought, token }, () => [
      ...formatPaymentApprovals(
        bought,
        { address: circular.address, name: "core registry" },
        bought.price,
        token,
      ),
      formatCoreBought(coreId, bought.seller, bought.price, token, bought.tx),
    ]);
  }, CIRCULAR_FLAGS);
}
