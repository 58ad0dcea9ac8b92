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

export function parts(count: bigint | number): string {
  return plural(Number(count), "part", "parts");
}

/** What the invoice credited to each account and it has not withdrawn. */
export type Credit = { account: string; amount: bigint };
