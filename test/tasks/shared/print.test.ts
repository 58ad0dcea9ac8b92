import { expect } from "chai";
import { ContractRevertedError, InputError, InputErrorCode } from "../../../src/index.js";
import { errorLine, flagOf, toJson } from "../../../tasks/shared/print.js";

describe("tasks/print", function () {
  describe("toJson", function () {
    it("prints bigints as decimal strings and dates as ISO date-times, nested too", function () {
      const value = {
        id: 7n,
        at: new Date(Date.UTC(2027, 11, 31)),
        list: [1n, { big: 2n ** 70n }],
      };
      expect(JSON.parse(toJson(value))).to.deep.equal({
        id: "7",
        at: "2027-12-31T00:00:00.000Z",
        list: ["1", { big: "1180591620717411303424" }],
      });
    });

    it("prints a top-level bigint or date, and null", function () {
      expect(toJson(5n)).to.equal('"5"');
      expect(toJson(new Date(0))).to.equal('"1970-01-01T00:00:00.000Z"');
      expect(toJson(null)).to.equal("null");
    });
  });

  describe("flagOf", function () {
    it("names a field by the task's map, keeping the path", function () {
      expect(flagOf("chipKey", { chipKey: "--chip" })).to.equal("--chip");
      expect(flagOf("milestones[1].amount", { milestones: "--milestones" })).to.equal(
        "--milestones[1].amount",
      );
      expect(flagOf("partId", { partId: "<part>" })).to.equal("<part>");
    });

    it("names no flag for a field the map does not name, rather than a guessed one", function () {
      expect(flagOf("chipKey")).to.equal(undefined);
      expect(flagOf("challenge", { chipKey: "--chip" })).to.equal(undefined);
      expect(flagOf("toString", {})).to.equal(undefined);
    });
  });

  describe("errorLine", function () {
    it("prefixes an input error with its code and the flag of its field", function () {
      const error = new InputError(
        InputErrorCode.InvalidAddress,
        "The chip key is the zero address.",
        {
          field: "chipKey",
        },
      );
      expect(errorLine(error, { chipKey: "--chip" })).to.equal(
        "Error SC100: --chip: The chip key is the zero address.",
      );
    });

    it("prints an input error whose field the map does not name without a flag", function () {
      const error = new InputError(InputErrorCode.InvalidHash, "The challenge is zero.", {
        field: "challenge",
      });
      expect(errorLine(error, { chipKey: "--chip" })).to.equal(
        "Error SC104: The challenge is zero.",
      );
    });

    it("prints an input error without a field, and a contract refusal, as their sentences", function () {
      const input = new InputError(InputErrorCode.InvalidId, "The part id is 0.");
      expect(errorLine(input)).to.equal("Error SC116: The part id is 0.");
      const reverted = new ContractRevertedError("X", [], "0x12345678", "The registry refused.");
      expect(errorLine(reverted)).to.equal("Error: The registry refused.");
    });
  });
});
