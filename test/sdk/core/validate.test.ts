import { expect } from "chai";
import { encodeBytes32String, keccak256, toUtf8Bytes, ZeroHash } from "ethers";
import {
  formatDuration,
  formatTime,
  InputErrorCode,
  parseDate,
  schemeName,
  toAddress,
  toHash,
  toSchemeId,
} from "../../../src/index.js";
import {
  forField,
  MAX_TIME,
  parseName,
  requireFuture,
  toPositiveAmount,
  toUnixSeconds,
} from "../../../src/core/validate.js";
import { InputError } from "../../../src/core/errors.js";
import { expectInputError, thrown } from "../helpers.js";

/** An address in its checksummed form, and the same digits in lower case. */
const CHECKSUMMED = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
const LOWER = CHECKSUMMED.toLowerCase();

const DOC_HASH = keccak256(toUtf8Bytes("document"));

/** Unix seconds of a UTC calendar time. */
function utc(year: number, month: number, day: number, hour = 0, minute = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute) / 1000;
}

describe("SDK input validation", function () {
  describe("toAddress", function () {
    it("checksums an address given in lower case, or with white space around it", function () {
      expect(toAddress(LOWER)).to.equal(CHECKSUMMED);
      expect(toAddress(`  ${LOWER}\n`)).to.equal(CHECKSUMMED);
      expect(toAddress(LOWER.toUpperCase().replace("0X", "0x"))).to.equal(CHECKSUMMED);
    });

    it("keeps an address that is already checksummed", function () {
      expect(toAddress(CHECKSUMMED)).to.equal(CHECKSUMMED);
    });

    const junk = [
      "",
      "0x",
      "0x123",
      "hello",
      `${LOWER}00`,
      LOWER.slice(2, 41),
      "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", // one letter of the checksum flipped
      "0xZZAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    ];
    for (const value of junk) {
      it(`refuses ${JSON.stringify(value)} with SC100, naming what it is`, function () {
        const error = expectInputError(
          thrown(() => toAddress(value, "auditor address")),
          InputErrorCode.InvalidAddress,
          "auditor address",
          `"${value}"`,
        );
        expect(error.cause).to.be.an.instanceOf(Error);
      });
    }
  });

  describe("parseDate", function () {
    it("reads 2027-12-31 as midnight UTC", function () {
      expect(parseDate("2027-12-31").getTime()).to.equal(utc(2027, 12, 31) * 1000);
      expect(parseDate(" 2027-12-31 ").getTime()).to.equal(utc(2027, 12, 31) * 1000);
    });

    it("reads an ISO 8601 date-time with a zone", function () {
      expect(parseDate("2027-12-31T12:00:00Z").getTime()).to.equal(utc(2027, 12, 31, 12) * 1000);
      expect(parseDate("2027-12-31T12:00:00.000+02:00").getTime()).to.equal(
        utc(2027, 12, 31, 10) * 1000,
      );
    });

    it("reads a whole number as unix seconds", function () {
      const seconds = utc(2028, 1, 1);
      expect(parseDate(String(seconds)).getTime()).to.equal(seconds * 1000);
      expect(parseDate("0").getTime()).to.equal(0);
    });

    const junk = [
      "",
      "   ",
      "not a date",
      "tomorrow",
      "2027-13-01",
      "2027-12-31T25:00:00Z",
      "31.12.2027",
      "2027-12-31 garbage",
    ];
    for (const input of junk) {
      it(`refuses ${JSON.stringify(input)} with SC102, showing the accepted forms`, function () {
        expectInputError(
          thrown(() => parseDate(input, "expiry")),
          InputErrorCode.InvalidTime,
          "expiry",
          `"${input}"`,
          "2027-12-31",
          "unix seconds",
        );
      });
    }

    // The engine's Date parser rolls impossible days over into the next month; a person who
    // typed 2027-06-31 did not mean 1 July.
    for (const input of ["2027-02-30", "2027-06-31"]) {
      it(`refuses the impossible calendar day ${input} with SC102 instead of rolling it over`, function () {
        expectInputError(
          thrown(() => parseDate(input)),
          InputErrorCode.InvalidTime,
          `"${input}"`,
        );
      });
    }

    // The engine's legacy Date parser reads free text that ends in a number as a date
    // ("ISO 9001" is 1 January 9001); none of these is one of the documented forms.
    for (const input of ["ISO 9001", "batch 7"]) {
      it(`refuses the free text ${JSON.stringify(input)} with SC102`, function () {
        expectInputError(
          thrown(() => parseDate(input)),
          InputErrorCode.InvalidTime,
          `"${input}"`,
        );
      });
    }
  });

  describe("toUnixSeconds", function () {
    it("takes unix seconds as a number or a bigint", function () {
      expect(toUnixSeconds(1_830_297_600)).to.equal(1_830_297_600n);
      expect(toUnixSeconds(1_830_297_600n)).to.equal(1_830_297_600n);
    });

    it("takes a Date, dropping the milliseconds", function () {
      expect(toUnixSeconds(new Date(1_830_297_600_999))).to.equal(1_830_297_600n);
    });

    it("accepts every time from 1970 to the last second of 9999", function () {
      expect(toUnixSeconds(0)).to.equal(0n);
      expect(MAX_TIME).to.equal(BigInt(Date.UTC(9999, 11, 31, 23, 59, 59) / 1000));
      expect(toUnixSeconds(MAX_TIME)).to.equal(MAX_TIME);
    });

    const outOfRange: [string, bigint | number | Date, string][] = [
      ["the first second of 10000", MAX_TIME + 1n, "after the year 9999"],
      ["milliseconds taken for seconds", 1_830_297_600_000, "not milliseconds"],
      ["2^48 (does not fit uint48)", 2n ** 48n, "after the year 9999"],
      ["a negative bigint", -1n, "before 1970"],
      ["a negative number", -1, "before 1970"],
      ["a date before 1970", new Date(Date.UTC(1969, 11, 31)), "before 1970"],
    ];
    for (const [what, value, fragment] of outOfRange) {
      it(`refuses ${what} with SC102`, function () {
        expectInputError(
          thrown(() => toUnixSeconds(value, "expiry")),
          InputErrorCode.InvalidTime,
          "expiry",
          fragment,
        );
      });
    }

    const notWhole: [string, number | Date][] = [
      ["a fraction", 1.5],
      ["NaN", Number.NaN],
      ["Infinity", Number.POSITIVE_INFINITY],
      ["an unsafe integer", Number.MAX_SAFE_INTEGER + 2],
      ["an invalid Date", new Date("not a date")],
    ];
    for (const [what, value] of notWhole) {
      it(`refuses ${what} with SC102`, function () {
        expectInputError(
          thrown(() => toUnixSeconds(value, "expiry")),
          InputErrorCode.InvalidTime,
        );
      });
    }
  });

  describe("requireFuture", function () {
    it("accepts a time after now", function () {
      expect(() => requireFuture(1001n, 1000n)).not.to.throw();
    });

    it("refuses a time equal to now with SC103", function () {
      expectInputError(
        thrown(() => requireFuture(1000n, 1000n, "expiry")),
        InputErrorCode.TimeInPast,
        "expiry",
      );
    });

    it("refuses a time before now with SC103, showing both times", function () {
      const now = BigInt(utc(2030, 1, 1));
      const past = BigInt(utc(2029, 12, 31));
      expectInputError(
        thrown(() => requireFuture(past, now, "new expiry")),
        InputErrorCode.TimeInPast,
        "new expiry 2029-12-31T00:00:00Z",
        "2030-01-01T00:00:00Z",
      );
    });
  });

  describe("toHash", function () {
    it("accepts 0x and 64 hex digits, in lower case", function () {
      expect(toHash(DOC_HASH)).to.equal(DOC_HASH);
      expect(toHash(`0x${DOC_HASH.slice(2).toUpperCase()}`)).to.equal(DOC_HASH);
      expect(toHash(ZeroHash)).to.equal(ZeroHash);
    });

    const junk = [
      "",
      "0x",
      DOC_HASH.slice(2),
      DOC_HASH.slice(0, 64),
      `${DOC_HASH}00`,
      `0x${"zz".repeat(32)}`,
      "report.pdf",
    ];
    for (const value of junk) {
      it(`refuses ${JSON.stringify(value)} with SC104`, function () {
        expectInputError(
          thrown(() => toHash(value, "evidence hash")),
          InputErrorCode.InvalidHash,
          "evidence hash",
          `"${value}"`,
        );
      });
    }
  });

  describe("toSchemeId and schemeName", function () {
    it("stores a short name as a bytes32 string", function () {
      expect(toSchemeId("AS9100D")).to.equal(encodeBytes32String("AS9100D"));
      expect(toSchemeId("  AS9100D ")).to.equal(encodeBytes32String("AS9100D"));
    });

    it("round-trips a name through its id", function () {
      for (const name of ["AS9100D", "ISO-9001:2015", "x", "A".repeat(31)]) {
        expect(schemeName(toSchemeId(name))).to.equal(name);
      }
    });

    it("refuses a name longer than 31 bytes with SC105", function () {
      expectInputError(
        thrown(() => toSchemeId("A".repeat(32))),
        InputErrorCode.InvalidScheme,
        "longer than 31 bytes",
      );
      // 16 two-byte characters: 16 characters but 32 UTF-8 bytes.
      expectInputError(
        thrown(() => toSchemeId("é".repeat(16))),
        InputErrorCode.InvalidScheme,
      );
    });

    it("refuses an empty name with SC105", function () {
      expectInputError(
        thrown(() => toSchemeId("")),
        InputErrorCode.InvalidScheme,
        "empty",
      );
      expectInputError(
        thrown(() => toSchemeId("   ")),
        InputErrorCode.InvalidScheme,
        "empty",
      );
    });

    it("passes a bytes32 id given as hex through, in lower case", function () {
      expect(toSchemeId(DOC_HASH)).to.equal(DOC_HASH);
      expect(toSchemeId(DOC_HASH.toUpperCase().replace("0X", "0x"))).to.equal(DOC_HASH);
      const id = encodeBytes32String("AS9100D");
      expect(toSchemeId(id)).to.equal(id);
    });

    it("names an id that is not a readable string by its hex", function () {
      expect(schemeName(DOC_HASH)).to.equal(DOC_HASH);
      expect(schemeName(ZeroHash)).to.equal(ZeroHash);
      expect(schemeName("0x1234")).to.equal("0x1234");
    });
  });

  describe("toPositiveAmount", function () {
    it("accepts a positive bigint, number or decimal string", function () {
      expect(toPositiveAmount(1n)).to.equal(1n);
      expect(toPositiveAmount(100)).to.equal(100n);
      expect(toPositiveAmount("42")).to.equal(42n);
      expect(toPositiveAmount(2n ** 96n)).to.equal(2n ** 96n);
    });

    it("refuses zero and negative amounts with SC106", function () {
      for (const value of [0, 0n, "0", -1, -1n, "-5"]) {
        expectInputError(
          thrown(() => toPositiveAmount(value, "capacity per period")),
          InputErrorCode.InvalidAmount,
          "capacity per period must be above zero",
        );
      }
    });

    it("refuses what is not a whole number with SC106", function () {
      for (const value of ["abc", "1.5", 1.5, Number.NaN]) {
        expectInputError(
          thrown(() => toPositiveAmount(value, "capacity per period")),
          InputErrorCode.InvalidAmount,
          "capacity per period",
        );
      }
    });
  });

  describe("formatTime", function () {
    it("writes unix seconds as an ISO date-time in UTC without milliseconds", function () {
      expect(formatTime(0)).to.equal("1970-01-01T00:00:00Z");
      expect(formatTime(BigInt(utc(2027, 12, 31, 12, 30)))).to.equal("2027-12-31T12:30:00Z");
      expect(formatTime(utc(2028, 2, 29) + 1)).to.equal("2028-02-29T00:00:01Z");
    });
  });

  describe("formatDuration", function () {
    const durations: [bigint | number, string][] = [
      [86_400, "1 day"],
      [365 * 86_400, "365 days"],
      [180n * 86_400n, "180 days"],
      [3600, "1 hour"],
      [8 * 3600, "8 hours"],
      [90, "90 seconds"],
      [90_000n, "25 hours"],
    ];
    for (const [seconds, words] of durations) {
      it(`says ${seconds} s is "${words}"`, function () {
        expect(formatDuration(seconds)).to.equal(words);
      });
    }

    it('says 1 s is "1 second", as it says "1 day" and "1 hour"', function () {
      expect(formatDuration(1)).to.equal("1 second");
    });
  });

  describe("forField", function () {
    it("returns the check's value", function () {
      expect(forField("amount", () => toPositiveAmount(5))).to.equal(5n);
    });

    it("names the field of an input error that names none, keeping code, sentence and cause", function () {
      const error = expectInputError(
        thrown(() => forField("auditor", () => toAddress("0x123", "auditor address"))),
        InputErrorCode.InvalidAddress,
        'The auditor address "0x123" is not an Ethereum address',
      );
      expect(error.field).to.equal("auditor");
      expect(error.cause).to.be.an.instanceOf(Error);
    });

    it("keeps the field an inner check named, and passes other errors through", function () {
      const inner = new InputError(InputErrorCode.InvalidList, "inner", { field: "inputs[1]" });
      expect(
        thrown(() =>
          forField("inputs", () => {
            throw inner;
          }),
        ),
      ).to.equal(inner);
      const other = new Error("not input");
      expect(
        thrown(() =>
          forField("x", () => {
            throw other;
          }),
        ),
      ).to.equal(other);
    });
  });

  describe("parseName", function () {
    const STATUSES = ["made", "in-service", "retired"] as const;
    const WHAT = { one: "a part status", many: "statuses" };

    it("reads a name in any case, with spaces, _ or - where the name has a -", function () {
      for (const input of ["in-service", "In Service", "IN_SERVICE", " inservice "]) {
        expect(parseName(input, STATUSES, WHAT), input).to.equal("in-service");
      }
      expect(parseName("Made", STATUSES, WHAT)).to.equal("made");
    });

    it("refuses anything else with a sentence listing the names", function () {
      const error = expectInputError(
        thrown(() => parseName(" lost ", STATUSES, WHAT)),
        InputErrorCode.InvalidKind,
      );
      expect(error.shortMessage).to.equal(
        '"lost" is not a part status; the statuses are made, in-service, retired.',
      );
      expectInputError(
        thrown(() => parseName("", STATUSES, WHAT)),
        InputErrorCode.InvalidKind,
      );
    });
  });
});
