/** Formatting shared by every subsystem's tasks: transactions, times, reasons, amounts and money. */
import { formatTime, formatTokenAmount, type TokenInfo, type TxResult } from "../../src/index.js";

export const ZERO_HASH = `0x${"0".repeat(64)}`;

/** A point in time as an ISO date-time in UTC. */
export function when(time: Date | bigint): string {
  return formatTime(time instanceof Date ? BigInt(Math.floor(time.getTime() / 1000)) : time);
}

export function reasonClause(reasonHash: string): string {
  return reasonHash === ZERO_HASH ? "with no reason given" : `for the reason hashed ${reasonHash}`;
}

export function formatTx(what: string, tx: TxResult): string {
  return `${what} (tx ${tx.hash}, block ${tx.blockNumber}, gas ${tx.gasUsed}).`;
}

export function amount(quantity: bigint, unit: string | undefined): string {
  return unit === undefined || unit === "" ? `${quantity}` : `${quantity} ${unit}`;
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** An amount in the token's smallest unit, in token units with the token's symbol. */
export function formatMoney(amount: bigint, token: TokenInfo): string {
  return `${formatTokenAmount(amount, token.decimals)} ${token.symbol || token.address}`;
}

/**
 * The lines of the ERC-20 steps the SDK took before a payment: the allowance set to zero first
 * (some tokens, USDT, refuse to change one non-zero allowance to another), then the approval of
 * exactly `amount`, for `purpose` when given; none when the allowance already covered it.
 */
export function formatPaymentApprovals(
  steps: { allowanceReset?: TxResult | undefined; approval?: TxResult | undefined },
  spender: { address: string; name: string },
  amount: bigint,
  token: TokenInfo,
  purpose?: string,
): string[] {
  const lines: string[] = [];
  if (steps.allowanceReset !== undefined) {
    lines.push(
      formatTx(
        `Set the allowance of ${spender.address} to zero first (the token may refuse to change ` +
          "one non-zero allowance to another)",
        steps.allowanceReset,
      ),
    );
  }
  if (steps.approval !== undefined) {
    lines.push(
      formatTx(
        `Approved the ${spender.name} ${spender.address} to take exactly ` +
          `${formatMoney(amount, token)}${purpose === undefined ? "" : ` for ${purpose}`}`,
        steps.approval,
      ),
    );
  }
  return lines;
}

export function parts(count: bigint | number): string {
  return plural(Number(count), "part", "parts");
}

/** What the invoice credited to each account and it has not withdrawn. */
export type Credit = { account: string; amount: bigint };
