/**
 * Pure values and encodings of the invoice escrow: state and milestone-kind names, the contract's
 * limits, invoice ids and milestone indexes, and token amounts written in token units
 * (`"12500.50"`). No contract calls, so that sentences, tasks and off-chain checks share them.
 */
import { InputError, InputErrorCode } from "../core/errors.js";
import { wholeOrUndefined } from "../core/validate.js";

/** Where an invoice stands, in the order of the contract's `InvoiceState` enum. */
export const INVOICE_STATES = ["none", "proposed", "funded", "settled", "cancelled"] as const;
export type InvoiceStateName = (typeof INVOICE_STATES)[number];

/** Where a milestone stands, in the order of the contract's `MilestoneState` enum. */
export const MILESTONE_STATES = [
  "none",
  "pending",
  "delivered",
  "disputed",
  "released",
  "resolved",
  "refunded",
] as const;
export type MilestoneStateName = (typeof MILESTONE_STATES)[number];

/** What releases a milestone, in the order of the contract's `MilestoneKind` enum. */
export const MILESTONE_KINDS = ["approval", "delivery"] as const;
export type MilestoneKindName = (typeof MILESTONE_KINDS)[number];

/** Limits of the contract, mirrored so that the SDK refuses before sending. */
export const INVOICE_LIMITS = {
  /** Milestones of one invoice. */
  maxMilestones: 8,
  /** Parts of one delivery. */
  maxDelivery: 100,
  /** The shortest ruling period, in seconds. */
  minRulingPeriod: 3_600n,
  /** The largest milestone amount and invoice total (uint128). */
  maxAmount: 2n ** 128n - 1n,
  /** The largest penalty per day and penalty cap (uint96). */
  maxPenalty: 2n ** 96n - 1n,
  /** The longest acceptance window, grace period and ruling period, in seconds (uint32). */
  maxPeriod: 2n ** 32n - 1n,
} as const;

/** The name of an invoice state enum value, or `state #n` when unknown to the SDK. */
export function invoiceStateName(value: number | bigint): string {
  return INVOICE_STATES[Number(value)] ?? `state #${value}`;
}

/** The name of a milestone state enum value, or `state #n` when unknown to the SDK. */
export function milestoneStateName(value: number | bigint): string {
  return MILESTONE_STATES[Number(value)] ?? `state #${value}`;
}

/** The name of a milestone kind enum value, or `kind #n` when unknown to the SDK. */
export function milestoneKindName(value: number | bigint): string {
  return MILESTONE_KINDS[Number(value)] ?? `kind #${value}`;
}

/** Reads a milestone kind, in any case: `approval` or `delivery`. */
export function parseMilestoneKind(input: string): MilestoneKindName {
  const key = String(input).trim().toLowerCase();
  const kind = MILESTONE_KINDS.find((name) => name === key);
  if (kind === undefined) {
    throw new InputError(
      InputErrorCode.InvalidKind,
      `"${String(input).trim() || input}" is not a milestone kind; the kinds are approval (the ` +
        "payer approves it) and delivery (conforming parts delivered against it).",
    );
  }
  return kind;
}

/** The contract's enum value of a milestone kind. */
export function milestoneKindIndex(kind: MilestoneKindName): number {
  return MILESTONE_KINDS.indexOf(kind);
}

/** Checks an invoice id: a whole number from 1 (the escrow numbers invoices from 1). */
export function toInvoiceId(value: bigint | number | string, what = "invoice id"): bigint {
  const id = wholeOrUndefined(value);
  if (id === undefined || id <= 0n || id >= 2n ** 256n) {
    throw new InputError(
      InputErrorCode.InvalidId,
      `The ${what} "${String(value)}" is not an invoice id: a whole number from 1.`,
    );
  }
  return id;
}

/** Checks a milestone index: a whole number from 0 to 7 (an invoice has at most 8 milestones). */
export function toMilestoneIndex(
  value: bigint | number | string,
  what = "milestone index",
): number {
  const index = wholeOrUndefined(value);
  if (index === undefined || index < 0n || index >= BigInt(INVOICE_LIMITS.maxMilestones)) {
    throw new InputError(
      InputErrorCode.InvalidId,
      `The ${what} "${String(value)}" is not a milestone index: a whole number from 0 to ` +
        `${INVOICE_LIMITS.maxMilestones - 1} (the first milestone is 0).`,
    );
  }
  return Number(index);
}

/**
 * An amount written in token units, such as `"12500.50"` for a 6-decimal stablecoin, in the
 * token's smallest unit (`12500500000n`). Refuses anything but digits with an optional fraction,
 * and a fraction with more digits than the token has decimals.
 *
 * @example
 * parseTokenAmount("12500.50", 6); // 12500500000n
 */
export function parseTokenAmount(text: string, decimals: number, what = "amount"): bigint {
  const value = String(text).trim();
  const match = /^(\d+)(?:\.(\d+))?$/.exec(value);
  if (match === null) {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The ${what} "${text}" is not an amount in token units: write digits with an optional ` +
        "decimal point, such as 12500.50 (no sign, no thousands separators).",
    );
  }
  const whole = match[1] ?? "0";
  const fraction = match[2] ?? "";
  if (fraction.length > decimals) {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The ${what} ${value} has ${fraction.length} decimals; the token has only ${decimals}.`,
    );
  }
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
}

/**
 * An amount in the token's smallest unit written in token units, with at least two decimals
 * when the token has them: `formatTokenAmount(12500500000n, 6)` is `"12500.50"`. No thousands
 * separators, so that what is printed can be typed back.
 */
export function formatTokenAmount(amount: bigint, decimals: number): string {
  const negative = amount < 0n;
  const value = negative ? -amount : amount;
  const scale = 10n ** BigInt(decimals);
  const whole = value / scale;
  let fraction = decimals === 0 ? "" : (value % scale).toString().padStart(decimals, "0");
  fraction = fraction.replace(/0+$/, "");
  if (fraction.length < Math.min(2, decimals))
    fraction = fraction.padEnd(Math.min(2, decimals), "0");
  return `${negative ? "-" : ""}${whole}${fraction === "" ? "" : `.${fraction}`}`;
}

/**
 * Refuses an amount that is neither a bigint nor a string, before any chain read: the string's
 * decimals are checked once the token's are known. `example` shows a string in token units.
 * With `aboveZero`, a zero amount (`0n`, `"0"`, `"0.00"`) is refused too, with the sentence the
 * scaling would give later, so that it is refused before the client reads the chain.
 */
export function checkAmountShape(
  value: unknown,
  what: string,
  example = "12500.50",
  { aboveZero = false }: { aboveZero?: boolean } = {},
): void {
  let amount: bigint;
  if (typeof value === "bigint") amount = value;
  else if (typeof value === "string") amount = parseTokenAmount(value, 255, what);
  else {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The ${what} must be a bigint in the token's smallest unit or a string in token units ` +
        `(such as "${example}"); got ${typeof value === "number" ? `the number ${value}` : typeof value}.`,
    );
  }
  if (aboveZero && amount <= 0n) {
    throw new InputError(InputErrorCode.InvalidAmount, `The ${what} must be above zero.`);
  }
}

/**
 * An amount in the token's smallest unit, from a bigint or a string in token units, within
 * `[min, max]` (`min` is 1 or 0: "above zero" or "not negative").
 */
export function toTokenAmount(
  value: bigint | string,
  decimals: number,
  what: string,
  { min, max }: { min: bigint; max: bigint },
): bigint {
  const amount = typeof value === "string" ? parseTokenAmount(value, decimals, what) : value;
  if (amount < min) {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      min === 1n ? `The ${what} must be above zero.` : `The ${what} cannot be negative.`,
    );
  }
  if (amount > max) {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The ${what} ${amount} is too large: the contract holds at most ${max}.`,
    );
  }
  return amount;
}

/** A duration in whole seconds, from `min` to `max` (what the contract's field holds). */
export function toPeriod(value: bigint | number, what: string, min: bigint, max: bigint): bigint {
  let seconds: bigint | undefined;
  if (typeof value === "bigint") seconds = value;
  else if (typeof value === "number" && Number.isSafeInteger(value)) seconds = BigInt(value);
  if (seconds === undefined || seconds < 0n) {
    throw new InputError(
      InputErrorCode.InvalidTime,
      `The ${what} "${String(value)}" is not a whole number of seconds.`,
    );
  }
  if (seconds < min) {
    throw new InputError(
      InputErrorCode.InvalidTime,
      `The ${what} of ${seconds} s is too short: it must be at least ${min} s (one hour).`,
    );
  }
  if (seconds > max) {
    throw new InputError(
      InputErrorCode.InvalidTime,
      `The ${what} of ${seconds} s is too long: the contract holds at most ${max} s.`,
    );
  }
  return seconds;
}
