/**
 * Ordered steps: the end-to-end CLI tests run their steps in order against one node, each step
 * building on the ones before, so after a failure the later steps would only fail for the same
 * reason. Mocha has no bail per describe; this is one.
 */

/**
 * Called inside a `describe`: once a test of it (nested ones included) fails, the rest of it is
 * skipped, each skipped test saying which step failed first.
 *
 * @example
 * describe("command line (end to end)", function () {
 *   stopAtFirstFailure();
 *   it("deploys", async function () { ... });
 *   it("uses the deployment", async function () { ... }); // skipped if deploying failed
 * });
 */
export function stopAtFirstFailure(): void {
  let failed: string | undefined;
  beforeEach(function () {
    if (failed === undefined) return;
    const test = this.currentTest;
    if (test !== undefined) test.title += ` (skipped: the earlier step "${failed}" failed)`;
    this.skip();
  });
  afterEach(function () {
    if (failed === undefined && this.currentTest?.state === "failed") {
      failed = this.currentTest.title;
    }
  });
}
