/** Assertion helpers shared by the tests of tasks/. */
import { expect } from "chai";
import { InputError } from "../../../src/index.js";

/** Runs `fn` and returns the InputError it throws (failing when it throws none or another). */
export async function inputError(fn: () => unknown): Promise<InputError> {
  try {
    await fn();
  } catch (error) {
    expect(error).to.be.instanceOf(InputError);
    return error as InputError;
  }
  expect.fail("expected an InputError");
}
