import {
  Contract,
  type ContractRunner,
  type ContractTransactionResponse,
  type EventFragment,
  Interface,
  type Provider,
} from "ethers";
import { type AmountFormat, tokenAmounts } from "./decode.js";
import { InputError, InputErrorCode } from "./errors.js";
import type { TxResult } from "./tx.js";
import { toAddress } from "./validate.js";

/**
 * The parts of ERC-20 (with metadata), EIP-2612 permit and ERC-5267 that the invoices client uses,
 * and OpenZeppelin's token errors, which the escrow bubbles up through SafeERC20. Any ERC-20 token
 * works: no generated binding is tied to one implementation.
 */
export const ERC20_ABI = [
  "function name() view returns (string)",
  "function symbol() view returns (string)",
  "function decimals() view returns (uint8)",
  "function balanceOf(address account) view returns (uint256)",
  "function allowance(address owner, address spender) view returns (uint256)",
  "function approve(address spender, uint256 value) returns (bool)",
  "function nonces(address owner) view returns (uint256)",
  "function version() view returns (string)",
  "event Transfer(address indexed from, address indexed to, uint256 value)",
  "function eip712Domain() view returns (bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)",
  "error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)",
  "error ERC20InvalidSender(address sender)",
  "error ERC20InvalidReceiver(address receiver)",
  "error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)",
  "error ERC20InvalidApprover(address approver)",
  "error ERC20InvalidSpender(address spender)",
  "error ERC2612ExpiredSignature(uint256 deadline)",
  "error ERC2612InvalidSigner(address signer, address owner)",
  "error InvalidAccountNonce(address account, uint256 currentNonce)",
] as const;

/** The errors of {@link ERC20_ABI}, to decode a token's refusals. */
export const ERC20_ERRORS = new Interface(ERC20_ABI);

/** ERC-20's `Transfer` event, to read from a receipt what a contract paid out. */
export const ERC20_TRANSFER = ERC20_ERRORS.getEvent("Transfer") as EventFragment;

/** A typed view of an ERC-20 token contract, internal to the SDK. */
export type Erc20Contract = {
  name(): Promise<string>;
  symbol(): Promise<string>;
  decimals(): Promise<bigint>;
  balanceOf(account: string): Promise<bigint>;
  allowance(owner: string, spender: string): Promise<bigint>;
  approve(spender: string, value: bigint): Promise<ContractTransactionResponse>;
  nonces(owner: string): Promise<bigint>;
  version(): Promise<string>;
  eip712Domain(): Promise<[string, string, string, bigint, string, string, bigint[]]>;
};

/** Connects to an ERC-20 token. */
export function erc20(address: string, runner: ContractRunner): Erc20Contract {
  return new Contract(address, ERC20_ABI, runner) as unknown as Erc20Contract;
}

/** The approvals {@link ensureAllowance} sent; both undefined when the allowance was enough. */
export type AllowanceApprovals = {
  /**
   * `approve(spender, 0)`, sent first when the allowance was non-zero but short: some tokens
   * (USDT) refuse to change one non-zero allowance to another.
   */
  reset: TxResult | undefined;
  /** `approve(spender, amount)`: exactly the amount needed, replacing the old allowance. */
  approval: TxResult | undefined;
};

/**
 * Makes sure `spender` may take `amount` of `owner`'s tokens: nothing is sent when the allowance
 * already covers it; otherwise `approve(spender, amount)`, preceded by `approve(spender, 0)` when
 * the allowance is non-zero, so that tokens which refuse to change one non-zero allowance to
 * another (USDT style) work too. `token` must be connected to `owner`'s signer; `chain.read`
 * runs the allowance read (to word a non-token's failure) and `chain.send` sends and waits (to
 * decode a refusal). Every place the SDK approves a token goes through here.
 *
 * @example
 * const { reset, approval } = await ensureAllowance(erc20(usdc, payer),
 *   { owner, spender: escrow, amount }, { read, send });
 */
export async function ensureAllowance(
  token: Erc20Contract,
  { owner, spender, amount }: { owner: string; spender: string; amount: bigint },
  chain: {
    read: (call: () => Promise<bigint>) => Promise<bigint>;
    send: (sendTx: () => Promise<ContractTransactionResponse>) => Promise<TxResult>;
  },
): Promise<AllowanceApprovals> {
  const allowance = await chain.read(() => token.allowance(owner, spender));
  if (allowance >= amount) return { reset: undefined, approval: undefined };
  const reset = allowance === 0n ? undefined : await chain.send(() => token.approve(spender, 0n));
  const approval = await chain.send(() => token.approve(spender, amount));
  return { reset, approval };
}

/** An ERC-20 token's metadata. */
export type TokenInfo = {
  address: string;
  name: string;
  symbol: string;
  decimals: number;
};

/**
 * A token's name, symbol and decimals, read through a client's `read` (which decodes failures);
 * refuses an address that holds no contract, or a token without `decimals()`, saying
 * `withoutDecimals` of the latter.
 */
export async function readTokenInfo(
  token: string,
  chain: {
    runner: ContractRunner;
    provider: Provider;
    read: <T>(call: () => Promise<T>) => Promise<T>;
  },
  withoutDecimals: string,
): Promise<TokenInfo> {
  const address = toAddress(token, "token address");
  const contract = erc20(address, chain.runner);
  const code = await chain.read(() => chain.provider.getCode(address));
  if (code === "0x") {
    throw new InputError(
      InputErrorCode.UnsupportedToken,
      `The token address ${address} holds no contract, so it is not an ERC-20 token.`,
    );
  }
  let decimals: bigint;
  try {
    decimals = await contract.decimals();
  } catch (cause) {
    throw new InputError(
      InputErrorCode.UnsupportedToken,
      `The token ${address} does not report its decimals(); ${withoutDecimals}`,
      { cause },
    );
  }
  const [name, symbol] = await Promise.all([
    contract.name().catch(() => ""),
    contract.symbol().catch(() => ""),
  ]);
  return { address, name, symbol, decimals: Number(decimals) };
}

/**
 * How a sentence writes amounts of `token` in its units (`12.50 USDC`, {@link tokenAmounts}), read
 * as {@link readTokenInfo} does; undefined when the token cannot be read or reports no decimals or
 * no symbol, for the caller to write them as the chain has them.
 */
export async function tokenUnitsOf(
  token: string,
  chain: Parameters<typeof readTokenInfo>[1],
): Promise<AmountFormat | undefined> {
  const info = await readTokenInfo(token, chain, "").catch(() => undefined);
  return info === undefined || info.symbol === "" ? undefined : tokenAmounts(info);
}
