/**
 * Reading the local helpers' command-line strings (how far to move time, how many blocks to
 * mine, whom to mint to) before anything connects to a chain; each function refuses bad input
 * with an `InputError` sentence that names the option.
 */
import { InputError, InputErrorCode, parseDate, parseTokenAmount } from "../../src/index.js";
import { DAY, HOUR, parseAccount } from "../shared/args.js";

/** What `local:time` is asked to do: move by a number of seconds, or to a point in time. */
export type TimeMove = { by: bigint } | { to: Date };

/** A whole number of `unit`s typed after `flag` (empty is zero). */
function count(value: string, flag: string, unit: string): bigint {
  const text = value.trim();
  if (text === "") return 0n;
  if (!/^\d+$/.test(text)) {
    throw new InputError(
      InputErrorCode.InvalidTime,
      `${flag} "${value}" is not a whole number of ${unit}.`,
    );
  }
  return BigInt(text);
}

/**
 * Reads `local:time`'s options: `--days` and/or `--hours` (whole numbers, added together, more
 * than zero in all) or `--to <date>` (a date or date-time, UTC unless it says otherwise), never
 * both ways.
 *
 * @example
 * parseTimeMove({ days: "3", hours: "4", to: "" }); // { by: 273600n }
 * parseTimeMove({ days: "", hours: "", to: "2030-01-01" }); // { to: 2030-01-01T00:00:00Z }
 */
export function parseTimeMove(given: { days: string; hours: string; to: string }): TimeMove {
  const relative = given.days.trim() !== "" || given.hours.trim() !== "";
  if (given.to.trim() !== "") {
    if (relative) {
      throw new InputError(
        InputErrorCode.InvalidTime,
        "Move time one way only: --days/--hours to move forward by a duration, or --to <date>.",
      );
    }
    return { to: parseDate(given.to, "target time (--to)") };
  }
  if (!relative) {
    throw new InputError(
      InputErrorCode.InvalidTime,
      "Say how far to move time: --days <n> and/or --hours <n>, or --to <date>.",
    );
  }
  const by =
    count(given.days, "--days", "days") * DAY + count(given.hours, "--hours", "hours") * HOUR;
  if (by === 0n) {
    throw new InputError(
      InputErrorCode.InvalidTime,
      "Moving time by zero does nothing: pass --days or --hours with more than zero.",
    );
  }
  return { by };
}

/** The most blocks `local:mine` mines at once (anvil mines them one by one). */
export const MAX_BLOCKS = 1_000_000;

/** Reads `local:mine --blocks`: a whole number from 1 to {@link MAX_BLOCKS}; empty is 1. */
export function parseBlocks(value: string): number {
  const text = value.trim();
  if (text === "") return 1;
  const blocks = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(blocks >= 1 && blocks <= MAX_BLOCKS)) {
    throw new InputError(
      InputErrorCode.InvalidBlock,
      `--blocks "${value}" is not a whole number of blocks from 1 to ${MAX_BLOCKS.toLocaleString("en-US")}.`,
    );
  }
  return blocks;
}

/**
 * Reads `local:token`'s `<to>`: an address (checksummed) or an account index of the node;
 * required.
 */
export function parseRecipient(value: string): string {
  if (value.trim() === "") {
    throw new InputError(
      InputErrorCode.InvalidAddress,
      "Name the account to mint to: an address or an account index of the node.",
    );
  }
  return parseAccount(value, "<to>");
}

/**
 * Reads `local:token --amount` in token units for a token of `decimals` decimals, into its
 * smallest unit: required and more than zero.
 *
 * @example
 * parseMintAmount("10000", 6); // 10000000000n
 */
export function parseMintAmount(value: string, decimals: number): bigint {
  if (value.trim() === "") {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      "The amount to mint is missing: pass --amount <token units> (e.g. --amount 10000).",
    );
  }
  const amount = parseTokenAmount(value, decimals, "amount to mint (--amount)");
  if (amount === 0n) {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      "Minting zero does nothing: pass --amount with more than zero.",
    );
  }
  return amount;
}
