import { expect } from "chai";
import {
  formatTokenAmount,
  InputErrorCode,
  invoiceStateName,
  milestoneKindName,
  milestoneStateName,
  parseMilestoneKind,
  parseTokenAmount,
  toInvoiceId,
  toMilestoneIndex,
} from "../../../src/index.js";
import { expectInputError, thrown } from "../helpers.js";

describe("SDK invoice values", function () {
  it("scales amounts in token units by the token's decimals", function () {
    expect(parseTokenAmount("12500.50", 6)).to.equal(12_500_500_000n);
    expect(parseTokenAmount(" 7 ", 6)).to.equal(7_000_000n);
    expect(parseTokenAmount("0.000001", 6)).to.equal(1n);
    expect(parseTokenAmount("1.5", 18)).to.equal(1_500_000_000_000_000_000n);
    expect(parseTokenAmount("42", 0)).to.equal(42n);
  });

  it("refuses more decimals than the token has, signs, exponents and separators", function () {
    expectInputError(
      thrown(() => parseTokenAmount("1.0000001", 6, "price")),
      InputErrorCode.InvalidAmount,
      "The price 1.0000001 has 7 decimals; the token has only 6.",
    );
    for (const bad of ["-1", "1e6", "1,000", "1.", ".5", "", "0x10", "five"]) {
      expectInputError(
        thrown(() => parseTokenAmount(bad, 6)),
        InputErrorCode.InvalidAmount,
        "is not an amount in token units",
      );
    }
  });

  it("writes amounts back in token units, with at least two decimals", function () {
    expect(formatTokenAmount(12_500_500_000n, 6)).to.equal("12500.50");
    expect(formatTokenAmount(5_000_000_000n, 6)).to.equal("5000.00");
    expect(formatTokenAmount(1n, 6)).to.equal("0.000001");
    expect(formatTokenAmount(1_500_000_000_000_000_000n, 18)).to.equal("1.50");
    expect(formatTokenAmount(42n, 0)).to.equal("42");
    expect(formatTokenAmount(5n, 1)).to.equal("0.5");
    for (const text of ["12500.50", "0.000001", "1.25"]) {
      expect(formatTokenAmount(parseTokenAmount(text, 6), 6)).to.equal(text);
    }
  });

  it("names states and kinds, and reads milestone kinds in any case", function () {
    expect([invoiceStateName(2), milestoneStateName(5n), milestoneKindName(1)]).to.deep.equal([
      "funded",
      "resolved",
      "delivery",
    ]);
    expect([invoiceStateName(9), milestoneStateName(9), milestoneKindName(7)]).to.deep.equal([
      "state #9",
      "state #9",
      "kind #7",
    ]);
    expect(parseMilestoneKind(" Approval ")).to.equal("approval");
    expectInputError(
      thrown(() => parseMilestoneKind("bonus")),
      InputErrorCode.InvalidKind,
      '"bonus" is not a milestone kind',
    );
  });

  it("checks invoice ids (from 1) and milestone indexes (0 to 7)", function () {
    expect([toInvoiceId("3"), toInvoiceId(4), toInvoiceId(5n)]).to.deep.equal([3n, 4n, 5n]);
    expect([toMilestoneIndex("0"), toMilestoneIndex(7n)]).to.deep.equal([0, 7]);
    for (const bad of [0, -1, 1.5, "0x1", "one"]) {
      expectInputError(
        thrown(() => toInvoiceId(bad)),
        InputErrorCode.InvalidId,
        "invoice id",
      );
    }
    for (const bad of [-1, 8, "8", 0.5]) {
      expectInputError(
        thrown(() => toMilestoneIndex(bad)),
        InputErrorCode.InvalidId,
        "not a milestone index",
      );
    }
  });
});
