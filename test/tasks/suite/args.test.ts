import { expect } from "chai";
import { DEFAULT_ADMIN_DELAY } from "../../../ignition/modules/Suite.js";
import { ADMIN_DELAY_DAYS, parseAdminDelayDays } from "../../../tasks/suite/deploy.js";
import { inputError } from "../shared/helpers.js";

describe("suite:deploy --admin-delay-days", function () {
  it("reads a whole number of days from 1 to 30 into seconds", function () {
    expect(parseAdminDelayDays("1")).to.equal(86_400);
    expect(parseAdminDelayDays(" 30 ")).to.equal(30 * 86_400);
    expect(parseAdminDelayDays(String(ADMIN_DELAY_DAYS.default))).to.equal(DEFAULT_ADMIN_DELAY);
  });

  it("refuses zero, more than thirty, fractions and words with one sentence", async function () {
    for (const input of ["0", "31", "1.5", "-2", "two", ""]) {
      const error = await inputError(() => parseAdminDelayDays(input));
      expect(error.code).to.equal("SC102");
      expect(error.shortMessage).to.equal(
        `The admin delay "${input}" is not a whole number of days from 1 to 30: pass ` +
          "--admin-delay-days with one.",
      );
    }
  });
});
