/**
 * The names of the circular-economy contracts' enums and the limits the SDK checks input against,
 * shared by the client (`circular.ts`) and the error sentences (`decode.ts`).
 */
import { InputError, InputErrorCode } from "../core/errors.js";

/** What an inspection finds a core fit for, in the order of `ICoreRegistry.Outcome` (from 1). */
export const CORE_OUTCOMES = ["remanufacture", "recondition", "repair", "recycle-only"] as const;
export type CoreOutcomeName = (typeof CORE_OUTCOMES)[number];

/** Where a core stands, in the order of `ICoreRegistry.CoreState`. */
export const CORE_STATES = ["none", "held", "remanufactured", "recycled"] as const;
export type CoreStateName = (typeof CORE_STATES)[number];

/** Where a warranty claim stands, in the order of `IWarrantyRegistry.ClaimState`. */
export const CLAIM_STATES = [
  "none",
  "filed",
  "accepted",
  "rejected",
  "escalated",
  "upheld",
  "dismissed",
] as const;
export type ClaimStateName = (typeof CLAIM_STATES)[number];

/** Where a core charge stands, in the order of `ICoreCharges.ChargeState`. */
export const CHARGE_STATES = [
  "none",
  "required",
  "held",
  "settled",
  "forfeited",
  "cancelled",
] as const;
export type ChargeStateName = (typeof CHARGE_STATES)[number];

/** The contracts' limits that the client checks input against. */
export const CIRCULAR_LIMITS = {
  /** Grades run from 1 (as new) to this (scrap): `CoreRegistry.MAX_GRADE`. */
  maxGrade: 5,
  /** The most times one line of parts can be remanufactured: `CoreRegistry.MAX_GENERATION`. */
  maxGeneration: 16,
  /** A refund share of 100%, in basis points. */
  maxBps: 10_000,
  /** A refund schedule has one share per grade. */
  scheduleLength: 5,
  /** Prices, deposits and fees are uint96. */
  maxAmount: 2n ** 96n - 1n,
  /** Durations, units per period and period lengths are uint32. */
  maxUint32: 2n ** 32n - 1n,
} as const;

/** The enum value of an outcome: 1 (remanufacture) to 4 (recycle only). */
export function outcomeIndex(outcome: CoreOutcomeName): number {
  return CORE_OUTCOMES.indexOf(outcome) + 1;
}

/** The name of an outcome enum value; undefined for `None`. */
export function outcomeName(value: number | bigint): CoreOutcomeName | undefined {
  return CORE_OUTCOMES[Number(value) - 1];
}

/**
 * Reads an outcome, in any case and with `-`, `_` or spaces alike: `remanufacture`,
 * `recondition`, `repair` or `recycle-only` (`RecycleOnly` too).
 */
export function parseOutcome(input: string): CoreOutcomeName {
  const key = String(input)
    .trim()
    .toLowerCase()
    .replace(/[\s_-]/g, "");
  const outcome = CORE_OUTCOMES.find((name) => name.replace(/-/g, "") === key);
  if (outcome === undefined) {
    throw new InputError(
      InputErrorCode.InvalidKind,
      `"${String(input).trim() || input}" is not an outcome; the outcomes are remanufacture, ` +
        "recondition, repair and recycle-only.",
    );
  }
  return outcome;
}
