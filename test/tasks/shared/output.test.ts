import { expect } from "chai";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { formatPartId, InputErrorCode } from "../../../src/index.js";
import {
  forgetTypedParts,
  namingTypedParts,
  notFound,
  printResult,
  rememberTypedPart,
} from "../../../tasks/shared/output.js";
import { parsePartRef } from "../../../tasks/provenance/args.js";
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

  describe("namingTypedParts", function () {
    const maker = "0x00000000000000000000000000000000000000A1";
    const hex = formatPartId(7n);
    afterEach(forgetTypedParts);

    it("names a part the command named by serial as typed, in any error line", function () {
      rememberTypedPart(7n, ` ${maker}:SN-1 `);
      expect(
        namingTypedParts(`Error SC131: The part ${hex} cannot be delivered: it is quarantined.`),
      ).to.equal(
        `Error SC131: The part ${maker}:SN-1 (id ${hex}) cannot be delivered: it is quarantined.`,
      );
      expect(namingTypedParts(`Error: The part ${hex} is retired; ${hex} cannot move.`)).to.equal(
        `Error: The part ${maker}:SN-1 (id ${hex}) is retired; ${maker}:SN-1 (id ${hex}) cannot move.`,
      );
    });

    it("leaves an id already shown with its serial, another part's id, and other text alone", function () {
      rememberTypedPart(7n, `${maker}:SN-1`);
      const line = `No part ${maker}:SN-1 (id ${hex}) has been made; part ${formatPartId(8n)} has.`;
      expect(namingTypedParts(line)).to.equal(line);
    });

    it("names the id alone, not a longer hex string that starts with it, and keeps a $ in a serial", function () {
      rememberTypedPart(7n, `${maker}:SN-$&-1`);
      expect(namingTypedParts(`The part ${hex} and the hash ${hex}ab.`)).to.equal(
        `The part ${maker}:SN-$&-1 (id ${hex}) and the hash ${hex}ab.`,
      );
    });

    it("forgets the parts of the last command", function () {
      rememberTypedPart(7n, `${maker}:SN-1`);
      forgetTypedParts();
      expect(namingTypedParts(`The part ${hex} is retired.`)).to.equal(
        `The part ${hex} is retired.`,
      );
    });

    it("is what parsePartRef feeds: a part typed as <maker>:<serial>, not one typed as an id", function () {
      const id = parsePartRef(`${maker}:SN-9`);
      parsePartRef("42");
      expect(namingTypedParts(`The part ${formatPartId(id)} and ${formatPartId(42n)}.`)).to.equal(
        `The part ${maker}:SN-9 (id ${formatPartId(id)}) and ${formatPartId(42n)}.`,
      );
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
