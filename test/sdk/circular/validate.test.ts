/**
 * The circular economy's input rules, each with its sentence: the command line only reads the
 * strings (ids, grades, counts) and leaves these ranges to the SDK.
 */
import { expect } from "chai";
import {
  CIRCULAR_LIMITS,
  InputErrorCode,
  toCircularId,
  toGrade,
  toUint32,
} from "../../../src/index.js";
import { expectInputError, thrown } from "../helpers.js";

describe("circular input rules", function () {
  it("toCircularId takes a whole number from 1, and refuses 0 and what is not an id", function () {
    expect(toCircularId("3", "charge id")).to.equal(3n);
    expect(toCircularId(2n ** 256n - 1n)).to.equal(2n ** 256n - 1n);
    for (const bad of [0n, "0", "-1", "abc", 2n ** 256n]) {
      const error = expectInputError(
        thrown(() => toCircularId(bad, "licence id")),
        InputErrorCode.InvalidId,
      );
      expect(error.shortMessage).to.equal(
        `The licence id "${String(bad)}" is not an id: a whole number from 1.`,
      );
    }
  });

  it("toGrade takes 1 (as new) to 5 (scrap), and refuses the rest", function () {
    expect([1, "5", 3n].map(toGrade)).to.deep.equal([1, 5, 3]);
    for (const bad of [0, 6, "9999", "2.5"]) {
      const error = expectInputError(
        thrown(() => toGrade(bad)),
        InputErrorCode.InvalidAmount,
      );
      expect(error.shortMessage).to.equal(
        `The grade "${String(bad)}" is not a grade: a whole number from 1 (as new) to 5 (scrap).`,
      );
    }
  });

  it("toUint32 takes a whole number from its minimum to 2^32 - 1, and refuses the rest", function () {
    expect(toUint32(1n, "units per period", 1n)).to.equal(1n);
    expect(toUint32(CIRCULAR_LIMITS.maxUint32, "units per period", 1n)).to.equal(2n ** 32n - 1n);
    for (const bad of [0n, 2n ** 32n]) {
      const error = expectInputError(
        thrown(() => toUint32(bad, "units per period", 1n)),
        InputErrorCode.InvalidAmount,
      );
      expect(error.shortMessage).to.equal(
        `The units per period ${bad} is not a whole number from 1 to 4294967295.`,
      );
    }
  });
});
