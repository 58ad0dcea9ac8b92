import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { pickSigner } from "../shared/context.js";

/**
 * The folder of saved bids: `--bids-dir` when given, else `SUITE_BIDS_DIR` when set, else
 * `bids/` in the project (git-ignored: the files hold the bids' secret salts).
 */
export function bidsDir(hre: HardhatRuntimeEnvironment, option: string): string {
  const given = option.trim();
  if (given !== "") return path.resolve(given);
  return process.env.SUITE_BIDS_DIR ?? path.join(hre.config.paths.root, "bids");
}

/** Another of the network's accounts (an index or an address), as a signer. */
export async function accountSigner(hre: HardhatRuntimeEnvironment, choice: string) {
  const connection = await hre.network.getOrCreate();
  return pickSigner(await connection.ethers.getSigners(), choice, connection.networkName);
}
