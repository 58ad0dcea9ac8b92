/** Input rules of the circular economy: ids, grades, refund schedules, counts and durations. */
import { InputError, InputErrorCode } from "../core/errors.js";
import { wholeOrUndefined } from "../core/validate.js";
import { CIRCULAR_LIMITS } from "./encodings.js";
import type { IdParameter } from "./types.js";

/** Checks a licence, claim or charge id: a whole number from 1. */
export function toCircularId(value: IdParameter, what = "id"): bigint {
  const id = wholeOrUndefined(value);
  if (id === undefined || id <= 0n || id >= 2n ** 256n) {
    throw new InputError(
      InputErrorCode.InvalidId,
      `The ${what} "${String(value)}" is not an id: a whole number from 1.`,
    );
  }
  return id;
}

/** Checks a grade: a whole number from 1 (as new) to 5 (scrap). */
export function toGrade(value: bigint | number | string): number {
  const grade = wholeOrUndefined(value);
  if (grade === undefined || grade < 1n || grade > BigInt(CIRCULAR_LIMITS.maxGrade)) {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The grade "${String(value)}" is not a grade: a whole number from 1 (as new) to ` +
        `${CIRCULAR_LIMITS.maxGrade} (scrap).`,
    );
  }
  return Number(grade);
}

/** Checks a refund schedule: five shares (grades 1..5) of 0 to 10,000 basis points. */
export function toSchedule(
  values: readonly (number | bigint)[],
): [number, number, number, number, number] {
  if (values.length !== CIRCULAR_LIMITS.scheduleLength) {
    throw new InputError(
      InputErrorCode.InvalidList,
      `A refund schedule has ${CIRCULAR_LIMITS.scheduleLength} shares, one per grade 1..5; got ` +
        `${values.length}.`,
    );
  }
  const shares = values.map((value, i) => {
    const bps = wholeOrUndefined(value);
    if (bps === undefined || bps < 0n || bps > BigInt(CIRCULAR_LIMITS.maxBps)) {
      throw new InputError(
        InputErrorCode.InvalidAmount,
        `The refund share for grade ${i + 1} is ${String(value)}; a share is a whole number of ` +
          "basis points from 0 to 10,000 (100%).",
      );
    }
    return Number(bps);
  });
  return shares as [number, number, number, number, number];
}

/** Checks a count or duration the contract holds in 32 bits: a whole number from `min`. */
export function toUint32(value: bigint | number, what: string, min: bigint): bigint {
  const amount =
    typeof value === "bigint" || typeof value === "number" ? wholeOrUndefined(value) : undefined;
  if (amount === undefined || amount < min || amount > CIRCULAR_LIMITS.maxUint32) {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The ${what} ${String(value)} is not a whole number from ${min} to ${CIRCULAR_LIMITS.maxUint32}.`,
    );
  }
  return amount;
}

/** Checks a length of time in seconds: a whole number from 0. */
export function toSeconds(value: bigint | number, what: string): bigint {
  const seconds = wholeOrUndefined(value);
  if (seconds === undefined || seconds < 0n) {
    throw new InputError(
      InputErrorCode.InvalidTime,
      `The ${what} ${String(value)} is not a whole number of seconds.`,
    );
  }
  return seconds;
}
