import { Contract, type ContractRunner, type ContractTransactionResponse, Interface } from "ethers";

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
