/** Reading the circular-economy commands' strings (cores, grades, refunds, licences, decisions). */
import {
  CIRCULAR_LIMITS,
  CORE_OUTCOMES,
  type CoreOutcomeName,
  type Hash,
  InputError,
  InputErrorCode,
  parseOutcome,
  toDocumentHash,
} from "../../src/index.js";
import { parsePartRef } from "../provenance/args.js";
import {
  noReason,
  REASON_WAYS,
  type ReasonOptions,
  requireAddressOption,
  requireTokenUnits,
  resolveReasonHash,
} from "../shared/args.js";

// -----------------------------------------------------------------------------------------------
// Circular economy
// -----------------------------------------------------------------------------------------------

/**
 * A core named on the command line: its id, which is its part's id (decimal or 0x hex), or the
 * part's `<maker address>:<serial>`.
 */
export function parseCoreRef(value: string): bigint {
  return parsePartRef(value, "core");
}

/**
 * An id of a charge, licence or claim typed on the command line: a whole number (the SDK refuses
 * 0, since ids start at 1).
 */
export function parseRecordId(value: string, what: string): bigint {
  const text = value.trim();
  if (!/^\d+$/.test(text)) {
    throw new InputError(
      InputErrorCode.InvalidId,
      `The ${what} "${value}" is not an id: write a whole number from 1, e.g. 3.`,
    );
  }
  return BigInt(text);
}

/**
 * What an inspection finds a core fit for, `--outcome remanufacture` (or recondition, repair,
 * recycle-only), read by the SDK's `parseOutcome`: `recycle_only` and `RecycleOnly` alike.
 */
export function requireOutcome(value: string, flag = "--outcome"): CoreOutcomeName {
  if (value.trim() === "") {
    throw new InputError(
      InputErrorCode.InvalidKind,
      `The outcome is missing: pass ${flag} with one of ${CORE_OUTCOMES.join(", ")}.`,
    );
  }
  return parseOutcome(value);
}

/** A core's grade, `--grade 2`: a whole number (the SDK checks it is 1, as new, to 5, scrap). */
export function requireGrade(value: string, flag = "--grade"): number {
  const text = value.trim();
  if (text === "") {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The grade is missing: pass ${flag} with 1 (as new) to ${CIRCULAR_LIMITS.maxGrade} (scrap).`,
    );
  }
  if (!/^\d{1,3}$/.test(text)) {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The grade (${flag}) "${value}" is not a whole number from 1 (as new) to ` +
        `${CIRCULAR_LIMITS.maxGrade} (scrap).`,
    );
  }
  return Number(text);
}

/** A required count, such as `--units 2` (the SDK checks it is positive and fits 32 bits). */
export function requireCount(value: string, flag: string, what: string): bigint {
  if (value.trim() === "") {
    throw new InputError(InputErrorCode.InvalidAmount, `The ${what} is missing: pass ${flag} <n>.`);
  }
  const text = value.trim();
  if (!/^\d+$/.test(text)) {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The ${what} (${flag}) "${value}" is not a whole number.`,
    );
  }
  return BigInt(text);
}

/** A refund schedule: the share of the deposit refunded for a core of grade 1 to 5, in basis points. */
export type RefundSchedule = [number, number, number, number, number];

/**
 * The refund schedule of a core charge, `--refunds 100,80,50,20,0`: the percentage of the
 * deposit refunded for a returned core of grade 1 (as new) to 5 (scrap), each from 0 to 100 with
 * at most two decimals; returned in basis points.
 */
export function requireRefundSchedule(value: string, flag = "--refunds"): RefundSchedule {
  const example = `${flag} 100,80,50,20,0`;
  if (value.trim() === "") {
    throw new InputError(
      InputErrorCode.InvalidList,
      `The refund schedule is missing: pass ${example} (the percentage refunded for a core of ` +
        `grade 1 to ${CIRCULAR_LIMITS.maxGrade}).`,
    );
  }
  const entries = value.split(",").map((entry) => entry.trim());
  if (entries.length !== CIRCULAR_LIMITS.maxGrade) {
    throw new InputError(
      InputErrorCode.InvalidList,
      `The refund schedule (${flag}) gives ${entries.length} percentages; give one per grade, ` +
        `${CIRCULAR_LIMITS.maxGrade} in all, e.g. ${example}.`,
    );
  }
  return entries.map((entry, i) => {
    const match = /^(\d{1,3})(?:\.(\d{1,2}))?%?$/.exec(entry);
    const bps =
      match === null ? NaN : Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
    if (!(bps <= 10_000)) {
      throw new InputError(
        InputErrorCode.InvalidAmount,
        `The refund for grade ${i + 1} in ${flag}, "${entry}", is not a percentage from 0 to 100 ` +
          "with at most two decimals.",
      );
    }
    return bps;
  }) as RefundSchedule;
}

/** A licence's fee per unit: both `--fee-token` and `--fee`, or neither (no fee). */
export function optionalLicenceFee(
  feeToken: string,
  fee: string,
): { feeToken: string; feePerUnit: string } | undefined {
  if (feeToken.trim() === "" && fee.trim() === "") return undefined;
  if (feeToken.trim() === "" || fee.trim() === "") {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      "Give both --fee-token <address> and --fee <amount in token units> for a fee per unit, " +
        "or neither for a licence without a fee.",
    );
  }
  return {
    feeToken: requireAddressOption(feeToken, "--fee-token", "fee token"),
    feePerUnit: requireTokenUnits(fee, "--fee", "fee per unit"),
  };
}

/** A reason that must be given, as text, a file or a hash; `where` says who reads it. */
export async function requireReasonFor(given: ReasonOptions, where: string): Promise<Hash> {
  if (noReason(given)) {
    throw new InputError(
      InputErrorCode.InvalidHash,
      `The reason is missing: pass ${REASON_WAYS}; ${where}.`,
    );
  }
  return toDocumentHash(await resolveReasonHash(given), "reason hash");
}

/**
 * A yes-or-no decision typed as one of two words, such as `--decision accept` or `--decision
 * reject`: true for `yes`, false for `no`.
 */
export function requireDecision(
  value: string,
  yes: string,
  no: string,
  flag = "--decision",
): boolean {
  const text = value.trim().toLowerCase();
  if (text === yes) return true;
  if (text === no) return false;
  throw new InputError(
    InputErrorCode.InvalidKind,
    text === ""
      ? `The decision is missing: pass ${flag} ${yes} or ${flag} ${no}.`
      : `The decision (${flag}) "${value.trim()}" is neither ${yes} nor ${no}.`,
  );
}
