/**
 * The setup every mocha run shares, loaded through `test.mocha.rootHooks` in hardhat.config.ts
 * (Hardhat runs mocha in-process and serially, where mocha ignores its `require` option, so root
 * hooks are how a setup reaches every run without each test file importing it).
 */

let installed = false;

/**
 * Makes an unhandled promise rejection fail the run: an assertion that nobody awaited rejects
 * after its test has passed, and without this the run would still pass. Rethrowing turns it into
 * an uncaught exception, which mocha reports as a failure of the test or hook that is running.
 */
export function failOnUnhandledRejection(): void {
  if (installed) return;
  installed = true;
  process.on("unhandledRejection", (reason) => {
    throw reason;
  });
}

/** The root hooks mocha runs once around the whole run. */
export const mochaHooks = {
  beforeAll(): void {
    failOnUnhandledRejection();
  },
};
