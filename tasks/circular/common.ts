import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { assertInvariant, type Suite, type TokenInfo } from "../../src/index.js";
import { tokenOf } from "../shared/context.js";

/**
 * A token's symbol and decimals, to print amounts in token units; a token that does not report
 * its metadata is printed in its smallest unit, under its address.
 */
export function tokenInfo(suite: Suite, token: string): Promise<TokenInfo> {
  return tokenOf(suite.invoices, token);
}

/** The chain's time now (the latest block's timestamp), in unix seconds. */
export async function chainTime(signer: HardhatEthersSigner): Promise<bigint> {
  assertInvariant(signer.provider !== null, "the signer has no provider");
  const block = await signer.provider.getBlock("latest");
  assertInvariant(block !== null, "the chain has no latest block");
  return BigInt(block.timestamp);
}
