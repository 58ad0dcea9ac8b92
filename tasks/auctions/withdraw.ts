import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom, requireAddressOption } from "../args.js";
import { connect, runTask } from "../context.js";
import { formatWithdrawn } from "../format.js";
import { tokenOf } from "./common.js";

/**
 * `auction:withdraw --token <address> --to <address>`: sends what the auction credited to the
 * signer in a token (bond refunds the token refused to deliver) to any address.
 */
export default function withdraw(
  args: { token: string; to: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const token = requireAddressOption(args.token, "--token", "token");
    const to = requireAddressOption(args.to, "--to", "recipient");
    const from = parseFrom(args.from);
    const { suite, signer } = await connect(hre, from);
    const { auctions } = suite;
    const amount = await auctions.owed(token, signer.address);
    const tx = await auctions.withdraw({ token, to });
    console.log(formatWithdrawn(amount, to, await tokenOf(auctions, token), tx));
  });
}
