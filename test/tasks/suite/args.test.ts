import { expect } from "chai";
import { DEFAULT_ADMIN_DELAY } from "../../../ignition/modules/Suite.js";
import {
  ADMIN_DELAY_DAYS,
  explainDeployFailure,
  parseAdminDelayDays,
} from "../../../tasks/suite/deploy.js";
import { InputError } from "../../../src/index.js";
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

describe("suite:deploy on a chain without Cancun", function () {
  it("turns a refused Cancun opcode into a sentence naming the EVM the chain must run", function () {
    for (const message of [
      "ProviderError: EVM error NotActivated",
      "VM Exception while processing transaction: invalid opcode",
      "opcode 0x5f not defined",
    ]) {
      const error = explainDeployFailure(new Error(message), 1337n);
      expect(error, message).to.be.an.instanceOf(InputError);
      expect((error as InputError).code).to.equal("SC119");
      expect((error as InputError).shortMessage).to.equal(
        "Chain 1337 refused an opcode of the Cancun EVM, which the contracts need (PUSH0, MCOPY, " +
          "TLOAD/TSTORE): the chain must run Cancun or later (see docs/evm.md).",
      );
    }
  });

  it("passes any other failure on as it is", function () {
    const other = new Error("insufficient funds for gas * price + value");
    expect(explainDeployFailure(other, 1n)).to.equal(other);
    expect(explainDeployFailure("not an error", 1n)).to.equal("not an error");
  });
});
