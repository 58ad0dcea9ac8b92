/**
 * Small assertion helpers shared by the SDK tests. They catch what a call threw or rejected with,
 * so that a test can check the SDK error's class, code and sentence one by one.
 */
import { inspect } from "node:util";
import { expect } from "chai";
import { InputError, type InputErrorCode } from "../../src/index.js";

/** What `action` threw; fails the test when it returns normally. */
export function thrown(action: () => unknown): unknown {
  let result: unknown;
  try {
    result = action();
  } catch (error) {
    return error;
  }
  return expect.fail(`expected the call to throw, but it returned ${inspect(result)}`);
}

/** What `action` threw or rejected with; fails the test when it resolves. */
export async function rejection(action: () => Promise<unknown>): Promise<unknown> {
  let result: unknown;
  try {
    result = await action();
  } catch (error) {
    return error;
  }
  return expect.fail(`expected the call to reject, but it resolved to ${inspect(result)}`);
}

/** Asserts that `error` is an {@link InputError} of `code` whose message names every `parts`. */
export function expectInputError(
  error: unknown,
  code: InputErrorCode,
  ...parts: string[]
): InputError {
  expect(error, `expected an InputError ${code}, got ${String(error)}`).to.be.an.instanceOf(
    InputError,
  );
  const inputError = error as InputError;
  expect(inputError.code).to.equal(code);
  for (const part of parts) expect(inputError.message).to.include(part);
  return inputError;
}
