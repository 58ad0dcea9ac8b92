/**
 * Naming the parameter an input error is about: the SDK's checks (addresses, amounts, periods)
 * word the value, and the action wraps them with the parameter's name in its parameters object,
 * which a command line maps onto its flag. Used by the invoices and auctions clients.
 */
import { InputError } from "../core/errors.js";

/** `error`, naming `field` when it is an {@link InputError} that names no parameter yet. */
export function withField(error: unknown, field: string): unknown {
  if (!(error instanceof InputError) || error.field !== undefined) return error;
  return new InputError(error.code, error.shortMessage, {
    details: error.details,
    cause: error.cause,
    field,
  });
}

/**
 * Runs a check of one parameter; an {@link InputError} it throws names `field`.
 *
 * @example
 * const payer = atField("payer", () => nonZeroAddress(params.payer, "payer address"));
 */
export function atField<T>(field: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw withField(error, field);
  }
}

/** As {@link atField}, for a check that reads the chain. */
export async function atFieldAsync<T>(field: string, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    throw withField(error, field);
  }
}
