import { expect } from "chai";
import { hashDocument, InputErrorCode, partIdOf } from "../../../src/index.js";
import {
  optionalLicenceFee,
  parseCoreRef,
  parseRecordId,
  requireCount,
  requireDecision,
  requireGrade,
  requireOutcome,
  requireReasonFor,
  requireRefundSchedule,
} from "../../../tasks/circular/args.js";
import { optionalDays } from "../../../tasks/shared/args.js";
import { inputError } from "../shared/helpers.js";

const MAKER = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

describe("task arguments of the circular-economy commands", function () {
  describe("cores, charges, licences and claims by id", function () {
    it("reads a core as its id or its part's maker:serial", function () {
      expect(parseCoreRef(" 42 ")).to.equal(42n);
      expect(parseCoreRef("0x2a")).to.equal(42n);
      expect(parseCoreRef(`${MAKER}:SN-7`)).to.equal(partIdOf(MAKER, "SN-7"));
    });

    it("refuses a core that is neither an id nor maker:serial, naming it a core", async function () {
      const error = await inputError(() => parseCoreRef("bracket-7"));
      expect(error.code).to.equal(InputErrorCode.InvalidId);
      expect(error.shortMessage).to.equal(
        'The core "bracket-7" is neither a token id (decimal or 0x hex) nor <maker address>:<serial>.',
      );
    });

    it("reads record ids as whole numbers (0 too: the SDK refuses it), and refuses anything else", async function () {
      expect(parseRecordId(" 3 ", "charge id")).to.equal(3n);
      expect(parseRecordId("0", "licence id")).to.equal(0n);
      const text = await inputError(() => parseRecordId("#2", "claim id"));
      expect(text.code).to.equal(InputErrorCode.InvalidId);
      expect(text.shortMessage).to.equal(
        'The claim id "#2" is not an id: write a whole number from 1, e.g. 3.',
      );
    });
  });

  describe("grading", function () {
    it("reads every outcome by name, in any spelling of its words", function () {
      expect(
        [
          "remanufacture",
          "Recondition",
          " REPAIR ",
          "recycle-only",
          "RecycleOnly",
          "recycle_only",
        ].map((name) => requireOutcome(name)),
      ).to.deep.equal([
        "remanufacture",
        "recondition",
        "repair",
        "recycle-only",
        "recycle-only",
        "recycle-only",
      ]);
    });

    it("refuses a missing or unknown outcome with the list of outcomes", async function () {
      const missing = await inputError(() => requireOutcome(""));
      expect(missing.code).to.equal(InputErrorCode.InvalidKind);
      expect(missing.shortMessage).to.equal(
        "The outcome is missing: pass --outcome with one of remanufacture, recondition, repair, recycle-only.",
      );
      const unknown = await inputError(() => requireOutcome("scrap"));
      expect(unknown.shortMessage).to.equal(
        '"scrap" is not an outcome; the outcomes are remanufacture, recondition, repair and recycle-only.',
      );
    });

    it("reads a grade as a whole number (the SDK checks 1 to 5), and refuses anything else", async function () {
      expect(["1", " 5 ", "0", "6"].map((g) => requireGrade(g))).to.deep.equal([1, 5, 0, 6]);
      for (const bad of ["2.5", "two", "-1", "1e3", "9999"]) {
        const error = await inputError(() => requireGrade(bad));
        expect(error.code).to.equal(InputErrorCode.InvalidAmount);
        expect(error.shortMessage).to.equal(
          `The grade (--grade) "${bad}" is not a whole number from 1 (as new) to 5 (scrap).`,
        );
      }
      expect((await inputError(() => requireGrade(""))).shortMessage).to.equal(
        "The grade is missing: pass --grade with 1 (as new) to 5 (scrap).",
      );
    });
  });

  describe("core charges", function () {
    it("reads a refund schedule in percent as basis points per grade", function () {
      expect(requireRefundSchedule("100, 80,50.5, 12.25%,0")).to.deep.equal([
        10_000, 8_000, 5_050, 1_225, 0,
      ]);
    });

    const refusals: [string, string, InputErrorCode, string][] = [
      [
        "a missing schedule",
        "",
        InputErrorCode.InvalidList,
        "The refund schedule is missing: pass --refunds 100,80,50,20,0 (the percentage refunded " +
          "for a core of grade 1 to 5).",
      ],
      [
        "four grades",
        "100,80,50,20",
        InputErrorCode.InvalidList,
        "The refund schedule (--refunds) gives 4 percentages; give one per grade, 5 in all, e.g. " +
          "--refunds 100,80,50,20,0.",
      ],
      [
        "more than 100%",
        "100,80,50,20,100.01",
        InputErrorCode.InvalidAmount,
        'The refund for grade 5 in --refunds, "100.01", is not a percentage from 0 to 100 with ' +
          "at most two decimals.",
      ],
      [
        "three decimals",
        "100,80.125,50,20,0",
        InputErrorCode.InvalidAmount,
        'The refund for grade 2 in --refunds, "80.125"',
      ],
      [
        "a negative share",
        "100,80,-5,20,0",
        InputErrorCode.InvalidAmount,
        'The refund for grade 3 in --refunds, "-5"',
      ],
      ["an empty entry", "100,,50,20,0", InputErrorCode.InvalidAmount, "grade 2"],
    ];
    for (const [what, value, code, fragment] of refusals) {
      it(`refuses ${what} (${code})`, async function () {
        const error = await inputError(() => requireRefundSchedule(value));
        expect(error.code).to.equal(code);
        expect(error.shortMessage).to.include(fragment);
      });
    }
  });

  describe("licences", function () {
    it("reads units per period as a whole number (the SDK checks its range), and refuses the rest", async function () {
      expect(requireCount("2", "--units", "units per period")).to.equal(2n);
      expect(requireCount("0", "--units", "units per period")).to.equal(0n);
      expect(
        (await inputError(() => requireCount("", "--units", "units per period"))).shortMessage,
      ).to.equal("The units per period is missing: pass --units <n>.");
      const words = await inputError(() => requireCount("two", "--units", "units per period"));
      expect(words.code).to.equal(InputErrorCode.InvalidAmount);
      expect(words.shortMessage).to.include('"two"');
    });

    it("reads a fee as both token and amount, or none", async function () {
      expect(optionalLicenceFee("", "")).to.equal(undefined);
      expect(optionalLicenceFee(TOKEN.toLowerCase(), " 12.50 ")).to.deep.equal({
        feeToken: TOKEN,
        feePerUnit: "12.50",
      });
      const half =
        "Give both --fee-token <address> and --fee <amount in token units> for a fee per unit, " +
        "or neither for a licence without a fee.";
      expect((await inputError(() => optionalLicenceFee(TOKEN, ""))).shortMessage).to.equal(half);
      expect((await inputError(() => optionalLicenceFee("", "5"))).shortMessage).to.equal(half);
      // A zero fee in a token is a licence without a fee, which the SDK and the registry accept.
      expect(optionalLicenceFee(TOKEN, "0")).to.deep.equal({ feeToken: TOKEN, feePerUnit: "0" });
      expect((await inputError(() => optionalLicenceFee("0x12", "5"))).code).to.equal(
        InputErrorCode.InvalidAddress,
      );
    });
  });

  describe("days, decisions and reasons", function () {
    it("reads an optional number of days as seconds, 0 when omitted", async function () {
      expect(optionalDays("", "--max-grade-age-days", "grade age")).to.equal(0n);
      expect(optionalDays("30", "--max-grade-age-days", "grade age")).to.equal(2_592_000n);
      expect(
        (await inputError(() => optionalDays("0", "--max-grade-age-days", "grade age")))
          .shortMessage,
      ).to.equal("The grade age (--max-grade-age-days) must be above zero.");
    });

    it("reads a decision as one of its two words", async function () {
      expect(requireDecision(" Accept ", "accept", "reject")).to.equal(true);
      expect(requireDecision("dismiss", "uphold", "dismiss")).to.equal(false);
      expect(
        (await inputError(() => requireDecision("", "accept", "reject"))).shortMessage,
      ).to.equal("The decision is missing: pass --decision accept or --decision reject.");
      const other = await inputError(() => requireDecision("maybe", "uphold", "dismiss"));
      expect(other.code).to.equal(InputErrorCode.InvalidKind);
      expect(other.shortMessage).to.equal(
        'The decision (--decision) "maybe" is neither uphold nor dismiss.',
      );
    });

    it("hashes a required reason, and refuses none", async function () {
      const none = { reason: "", reasonFile: "", reasonHash: "" };
      expect(
        await requireReasonFor({ ...none, reason: "Cracked flange." }, "the arbiter reads it"),
      ).to.equal(hashDocument("Cracked flange."));
      const missing = await inputError(() => requireReasonFor(none, "the claimant reads it"));
      expect(missing.code).to.equal(InputErrorCode.InvalidHash);
      expect(missing.shortMessage).to.equal(
        "The reason is missing: pass --reason <text>, --reason-file <path>, --reason-json " +
          "'<json>' or --reason-hash 0x…; " +
          "the claimant reads it.",
      );
      const zero = await inputError(() =>
        requireReasonFor({ ...none, reasonHash: `0x${"0".repeat(64)}` }, "x"),
      );
      expect(zero.code).to.equal(InputErrorCode.InvalidHash);
    });
  });
});
