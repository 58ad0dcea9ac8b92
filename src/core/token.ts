/**
 * The ERC-20 plumbing the payment clients share (invoices, auctions, the circular economy): token
 * reads that refuse a non-token with a sentence, balance checks before a payment, exact
 * approvals ({@link ensureAllowance} in `erc20.ts`), EIP-2612 permits, and a memoised lookup that
 * forgets its failures. Each client keeps only its own wording.
 */
import { type ContractRunner, type Provider, Signature, type TypedDataDomain } from "ethers";
import type { Erc20Contract } from "./erc20.js";
import { InputError, InputErrorCode } from "./errors.js";
import { requireFuture } from "./validate.js";

/** A read through a client, which decodes a contract's refusal. */
export type ChainRead = <T>(call: () => Promise<T>) => Promise<T>;

/**
 * A reader of token calls that refuses a token which does not answer a standard ERC-20 call with
 * an {@link InputError} (`UnsupportedToken`) saying `sentence`.
 *
 * @example
 * const readToken = tokenReader("The invoice's token did not answer a standard ERC-20 call.");
 * const balance = await readToken(() => token.balanceOf(payer));
 */
export function tokenReader(sentence: string): ChainRead {
  return async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (cause) {
      throw new InputError(InputErrorCode.UnsupportedToken, sentence, { cause });
    }
  };
}

/**
 * Refuses a payment that `holder` cannot make: reads its balance of `token` through `read`, and
 * when it is below `amount`, throws an {@link InputError} (`InsufficientFunds`) worded by
 * `shortfall` from the balance.
 */
export async function requireTokenBalance(
  token: Erc20Contract,
  { holder, amount }: { holder: string; amount: bigint },
  read: ChainRead,
  shortfall: (balance: bigint) => string | Promise<string>,
): Promise<void> {
  const balance = await read(() => token.balanceOf(holder));
  if (balance >= amount) return;
  throw new InputError(InputErrorCode.InsufficientFunds, await shortfall(balance));
}

/** The EIP-2612 `Permit` struct. */
export const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** How long a permit lasts when no deadline is given: one hour. */
export const DEFAULT_PERMIT_VALIDITY = 3_600n;

/** A signer that signs EIP-712 typed data. */
type TypedDataSigner = {
  signTypedData(
    domain: TypedDataDomain,
    types: typeof PERMIT_TYPES,
    value: Record<string, unknown>,
  ): Promise<string>;
};

/**
 * Refuses a runner that cannot sign typed data (EIP-712), so cannot sign a permit; `instead`
 * says what to do then ("use fund").
 */
export function requirePermitSigner(runner: ContractRunner, instead: string): TypedDataSigner {
  const signer = runner as Partial<TypedDataSigner>;
  if (typeof signer.signTypedData !== "function") {
    throw new InputError(
      InputErrorCode.MissingSigner,
      `This client's signer cannot sign typed data (EIP-712), so it cannot sign a permit; ${instead}.`,
    );
  }
  return signer as TypedDataSigner;
}

/**
 * A permit's deadline: `given` (unix seconds) when set, else `now` plus
 * {@link DEFAULT_PERMIT_VALIDITY}; refused unless it is after `now`, naming the parameter `field`.
 */
export function permitDeadline(given: bigint | undefined, now: bigint, field = "deadline"): bigint {
  const deadline = given ?? now + DEFAULT_PERMIT_VALIDITY;
  if (deadline <= now) {
    try {
      requireFuture(deadline, now, "permit deadline");
    } catch (error) {
      if (error instanceof InputError) {
        throw new InputError(error.code, error.shortMessage, { cause: error.cause, field });
      }
      throw error;
    }
  }
  return deadline;
}

/**
 * A token's EIP-712 domain for permits: its `eip712Domain()` (ERC-5267) when it has one, else
 * the classic EIP-2612 domain of its `name()`, its `version()` (or "1"), the chain's id and its
 * address.
 */
export async function permitDomain(
  token: Erc20Contract,
  address: string,
  chain: { read: ChainRead; readToken: ChainRead; provider: Provider },
): Promise<TypedDataDomain> {
  try {
    const [fields, name, version, chainId, verifyingContract, salt] = await token.eip712Domain();
    const bits = Number.parseInt(fields.slice(2), 16);
    return {
      ...((bits & 0x01) !== 0 && { name }),
      ...((bits & 0x02) !== 0 && { version }),
      ...((bits & 0x04) !== 0 && { chainId }),
      ...((bits & 0x08) !== 0 && { verifyingContract }),
      ...((bits & 0x10) !== 0 && { salt }),
    };
  } catch {
    // No ERC-5267: the classic EIP-2612 domain.
  }
  const [name, version, network] = await Promise.all([
    chain.readToken(() => token.name()),
    token.version().catch(() => "1"),
    chain.read(() => chain.provider.getNetwork()),
  ]);
  return { name, version, chainId: network.chainId, verifyingContract: address };
}

/**
 * Signs an EIP-2612 permit of `spender` for exactly `value` of `owner`'s tokens until
 * `deadline`, on the token's domain ({@link permitDomain}). A token without `nonces()` has no
 * permit: refused with an {@link InputError} (`UnsupportedToken`) saying `noPermit`.
 *
 * @example
 * const { v, r, s } = await signPermit(signer, erc20(usdc, signer), { token: usdc, owner,
 *   spender: escrow, value: total, deadline }, { read, readToken, provider }, "fund instead.");
 */
export async function signPermit(
  signer: TypedDataSigner,
  token: Erc20Contract,
  permit: { token: string; owner: string; spender: string; value: bigint; deadline: bigint },
  chain: { read: ChainRead; readToken: ChainRead; provider: Provider },
  noPermit: string,
): Promise<Signature> {
  let nonce: bigint;
  try {
    nonce = await token.nonces(permit.owner);
  } catch (cause) {
    throw new InputError(
      InputErrorCode.UnsupportedToken,
      `The token ${permit.token} has no EIP-2612 permit (no nonces()); ${noPermit}`,
      { cause },
    );
  }
  const domain = await permitDomain(token, permit.token, chain);
  return Signature.from(
    await signer.signTypedData(domain, PERMIT_TYPES, {
      owner: permit.owner,
      spender: permit.spender,
      value: permit.value,
      nonce,
      deadline: permit.deadline,
    }),
  );
}

/**
 * A lookup run once and kept (a contract's fixed address, the chain's id): the first call
 * starts `load`; later calls share its answer. A failure is not kept, so the next call asks
 * again.
 *
 * @example
 * const chainId = memoise(async () => (await provider.getNetwork()).chainId);
 */
export function memoise<T>(load: () => Promise<T>): () => Promise<T> {
  let kept: Promise<T> | undefined;
  return () => {
    kept ??= load().catch((error: unknown) => {
      kept = undefined;
      throw error;
    });
    return kept;
  };
}
