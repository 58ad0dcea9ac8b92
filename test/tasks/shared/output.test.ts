import { expect } from "chai";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import {
  ContractRevertedError,
  formatPartId,
  InputError,
  InputErrorCode,
} from "../../../src/index.js";
import { namingParts, notFound, partNames, printResult } from "../../../tasks/shared/output.js";
import { connectAs, missingFromSentence } from "../../../tasks/shared/signer.js";
import { inputError } from "./helpers.js";

/** What `fn` printed with console.log, one entry per call. */
function captured(fn: () => void): string[] {
  const lines: string[] = [];
  const log = console.log;
  console.log = (line: string) => lines.push(line);
  try {
    fn();
  } finally {
    console.log = log;
  }
  return lines;
}

/** An environment whose network must not be touched: a write without --from stops before it. */
const NO_NETWORK = {
  network: {
    getOrCreate: () => {
      throw new Error("connected");
    },
  },
} as unknown as HardhatRuntimeEnvironment;

describe("tasks/output and tasks/signer", function () {
  describe("printResult", function () {
    it("prints the value as one JSON document with --json, and never computes the text", function () {
      const lines = captured(() =>
        printResult(true, { invoiceId: 7n, tx: { hash: "0x01", gasUsed: 21_000n } }, () => {
          throw new Error("the text was computed");
        }),
      );
      expect(lines).to.have.length(1);
      expect(JSON.parse(lines[0]!)).to.deep.equal({
        invoiceId: "7",
        tx: { hash: "0x01", gasUsed: "21000" },
      });
    });

    it("prints the text, a line or lines joined, without --json", function () {
      expect(captured(() => printResult(false, { a: 1 }, () => "Funded."))).to.deep.equal([
        "Funded.",
      ]);
      expect(captured(() => printResult(false, {}, () => ["Approved.", "Funded."]))).to.deep.equal([
        "Approved.\nFunded.",
      ]);
    });
  });

  describe("notFound", function () {
    it("is an input error (exit 1 through runTask) with the sentence as given", function () {
      const error = notFound("There is no invoice 9.");
      expect(error.code).to.equal(InputErrorCode.InvalidId);
      expect(error.shortMessage).to.equal("There is no invoice 9.");
    });
  });

  describe("namingParts", function () {
    const maker = "0x00000000000000000000000000000000000000A1";
    const names = partNames([`${maker}:SN-1`, "42"], [7n, 42n]);

    it("keeps only the parts typed as <maker>:<serial>", function () {
      expect([...names]).to.deep.equal([[7n, `${maker}:SN-1`]]);
    });

    it("names a part by serial in an input error, keeping its code and field", async function () {
      const hex = formatPartId(7n);
      const error = await inputError(() =>
        namingParts(names, () => {
          throw new InputError(
            InputErrorCode.UnacceptablePart,
            `The part ${hex} cannot be delivered: it is quarantined.`,
            { field: "partIds[0]" },
          );
        }),
      );
      expect(error.code).to.equal(InputErrorCode.UnacceptablePart);
      expect(error.field).to.equal("partIds[0]");
      expect(error.shortMessage).to.equal(
        `The part ${maker}:SN-1 (id ${hex}) cannot be delivered: it is quarantined.`,
      );
    });

    it("passes other errors, and the result, through unchanged", async function () {
      expect(await namingParts(names, () => Promise.resolve(5))).to.equal(5);
      const refusal = new ContractRevertedError("X", [], "0x12345678", "refused");
      let caught: unknown;
      try {
        await namingParts(names, () => Promise.reject(refusal));
      } catch (error) {
        caught = error;
      }
      expect(caught).to.equal(refusal);
    });
  });

  describe("connectAs", function () {
    it("refuses a write without --from before connecting, naming the role", async function () {
      const error = await inputError(() => connectAs(NO_NETWORK, "  ", "a registrar"));
      expect(error.code).to.equal(InputErrorCode.MissingSigner);
      expect(error.shortMessage).to.equal(
        "No account was chosen to sign: pass --from with a registrar, as an address or an " +
          "account index.",
      );
    });

    it("names the account holding the role when the task reads it", function () {
      expect(missingFromSentence("the invoice's payer", "0xAbC")).to.equal(
        "No account was chosen to sign: pass --from with the invoice's payer 0xAbC, as an " +
          "address or an account index.",
      );
    });

    it("checks --from before connecting", async function () {
      const error = await inputError(() => connectAs(NO_NETWORK, "0x12", "a registrar"));
      expect(error.code).to.equal(InputErrorCode.InvalidAddress);
    });
  });
});
