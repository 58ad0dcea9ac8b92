/**
 * The circular client's payments: amounts in a token's units, and a payment's balance check and
 * exact ERC-20 allowance through the core's plumbing (`src/core/token.ts`, `src/core/erc20.ts`)
 * in the circular wording; plus one-token ERC-721 approvals of parts and cores.
 */
import { type AmountFormat, CIRCULAR_SENTENCES, CORE_SENTENCES } from "../core/decode.js";
import { ensureAllowance, erc20, readTokenInfo, tokenUnitsOf } from "../core/erc20.js";
import { requireTokenBalance } from "../core/token.js";
import type { TxResult } from "../core/tx.js";
import { toTokenAmount } from "../invoicing/encodings.js";
import type { CoreRegistry, PartRegistry } from "../contracts.js";
import type { CircularContext, SendTx } from "./context.js";
import { CIRCULAR_LIMITS } from "./encodings.js";
import type { CircularTokenAmount, PaymentApprovals } from "./types.js";

/**
 * How to write amounts of `token` in a sentence: in its units (`12.50 USDC`) when it reports its
 * decimals and symbol, else as the chain has them (`12500000 (the smallest unit of 0x…)`).
 */
export async function amountsOf(ctx: CircularContext, token: string): Promise<AmountFormat> {
  const units = await tokenUnitsOf(token, {
    runner: ctx.runner,
    provider: ctx.provider(),
    read: (call) => ctx.read(call),
  });
  return units ?? ((value) => `${String(value)} (the smallest unit of ${token})`);
}

/** An amount of `token`, scaled by its decimals when given in token units. */
export async function tokenAmount(
  ctx: CircularContext,
  token: string,
  value: CircularTokenAmount,
  what: string,
  min: bigint,
): Promise<bigint> {
  const decimals =
    typeof value === "string"
      ? (
          await readTokenInfo(
            token,
            { runner: ctx.runner, provider: ctx.provider(), read: (call) => ctx.read(call) },
            `give the ${what} in the token's smallest unit (a bigint) instead.`,
          )
        ).decimals
      : 0;
  return toTokenAmount(value, decimals, what, { min, max: CIRCULAR_LIMITS.maxAmount });
}

/**
 * Refuses a payment the signer `owner` cannot make: it holds less than `amount` of `token`
 * (`what` names the payment: "the licence fee").
 */
export async function requireBalance(
  ctx: CircularContext,
  token: string,
  owner: string,
  amount: bigint,
  what: string,
): Promise<void> {
  await requireTokenBalance(
    erc20(token, ctx.runner),
    { holder: owner, amount },
    (call) => ctx.read(call),
    async (balance) => {
      const units = await amountsOf(ctx, token);
      return `The signer ${owner} holds ${units(balance)}; ${what} is ${units(amount)}.`;
    },
  );
}

/** Checks the balance, then makes sure `spender` may take exactly `amount`. */
export async function pay(
  ctx: CircularContext,
  token: string,
  owner: string,
  spender: string,
  amount: bigint,
): Promise<PaymentApprovals> {
  await requireBalance(ctx, token, owner, amount, "the payment");
  return allow(ctx, token, owner, spender, amount);
}

/**
 * Makes sure `spender` may take exactly `amount` of `owner`'s `token`, through the core's
 * {@link ensureAllowance} (zero first when a short allowance is non-zero).
 */
export async function allow(
  ctx: CircularContext,
  token: string,
  owner: string,
  spender: string,
  amount: bigint,
): Promise<PaymentApprovals> {
  const { reset, approval } = await ensureAllowance(
    erc20(token, ctx.runner),
    { owner, spender, amount },
    { read: (call) => ctx.read(call), send: (sendTx) => ctx.send(sendTx) },
  );
  return { approval, allowanceReset: reset };
}

/**
 * Approves `spender` for one ERC-721 token (a part or a core) unless it may move it already;
 * never an operator approval.
 */
export async function approveToken(
  ctx: CircularContext,
  token: PartRegistry | CoreRegistry,
  id: bigint,
  holder: string,
  spender: string,
): Promise<TxResult | undefined> {
  const [approved, operator] = await ctx.read(() =>
    Promise.all([token.getApproved(id), token.isApprovedForAll(holder, spender)]),
  );
  if (approved === spender || operator) return undefined;
  const sendTx: SendTx = () => token.approve(spender, id);
  return ctx.send(sendTx, token === ctx.cores ? CORE_SENTENCES : CIRCULAR_SENTENCES);
}
