import { expect } from "chai";
import { ZeroHash } from "ethers";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { hashDocument, hashJson } from "../../../src/index.js";
import {
  optionalDate,
  parseFrom,
  requireDate,
  requireDays,
  requireDocumentHash,
  requireEvidenceHash,
  resolveReasonHash,
  wholeNumber,
} from "../../../tasks/shared/args.js";
import { inputError } from "./helpers.js";

const DAY = 86_400n;
const NO_DOCUMENT = { file: "", json: "", hash: "" };
const NO_EVIDENCE = { evidenceFile: "", evidenceJson: "", evidenceHash: "" };
const NO_REASON = { reason: "", reasonFile: "", reasonHash: "" };

describe("tasks/shared/args", function () {
  it("parseFrom accepts nothing, an index or an address, and refuses anything else", async function () {
    expect(parseFrom("")).to.equal("");
    expect(parseFrom(" 3 ")).to.equal("3");
    expect(parseFrom("0x70997970c51812dc3a010c7d01b50e0d17dc79c8")).to.equal(
      "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    );
    const error = await inputError(() => parseFrom("alice"));
    expect(error.code).to.equal("SC100");
    expect(error.shortMessage).to.include('The --from address "alice" is not an Ethereum address');
  });

  it("requireDate reads dates and names the option when it is missing", async function () {
    expect(requireDate("2027-12-31", "--until", "expiry").toISOString()).to.equal(
      "2027-12-31T00:00:00.000Z",
    );
    expect(requireDate("1830211200", "--until", "expiry").toISOString()).to.equal(
      "2027-12-31T00:00:00.000Z",
    );
    const missing = await inputError(() => requireDate(" ", "--until", "expiry"));
    expect(missing.code).to.equal("SC102");
    expect(missing.shortMessage).to.equal(
      "The expiry is missing: pass --until (e.g. --until 2027-12-31).",
    );
    const bad = await inputError(() => requireDate("next year", "--until", "expiry"));
    expect(bad.code).to.equal("SC102");
    expect(bad.shortMessage).to.include('The expiry "next year" is not a date');
  });

  it("optionalDate is undefined when not given", function () {
    expect(optionalDate("", "start")).to.equal(undefined);
    expect(optionalDate("2027-01-01T12:00:00Z", "start")?.getTime()).to.equal(
      Date.UTC(2027, 0, 1, 12),
    );
  });

  it("wholeNumber and requireDays accept positive whole numbers only", async function () {
    expect(wholeNumber(" 1000 ", "capacity")).to.equal(1000n);
    expect(requireDays("365", "--validity-days", "default validity")).to.equal(365n * DAY);
    const fraction = await inputError(() => wholeNumber("0.5", "capacity"));
    expect(fraction.code).to.equal("SC106");
    expect(fraction.shortMessage).to.equal('The capacity "0.5" is not a whole number.');
    const zero = await inputError(() => requireDays("0", "--validity-days", "default validity"));
    expect(zero.shortMessage).to.equal(
      "The default validity (--validity-days) must be above zero.",
    );
    const missing = await inputError(() => requireDays("", "--validity-days", "default validity"));
    expect(missing.shortMessage).to.equal(
      "The default validity is missing: pass --validity-days <days>.",
    );
  });

  describe("documents and reasons", function () {
    let dir: string;

    before(async function () {
      dir = await mkdtemp(path.join(os.tmpdir(), "args-test-"));
    });

    after(async function () {
      await rm(dir, { recursive: true, force: true });
    });

    it("requireDocumentHash takes exactly one of the three options, naming them", async function () {
      expect(
        await requireDocumentHash("evidence", "evidence", { ...NO_DOCUMENT, json: '{"x":1}' }),
      ).to.equal(hashJson({ x: 1 }));
      const missing = await inputError(() =>
        requireDocumentHash("scheme document", "document", NO_DOCUMENT),
      );
      expect(missing.code).to.equal("SC104");
      expect(missing.shortMessage).to.equal(
        "The scheme document is missing: pass --document-file <path>, --document-json '<json>' " +
          "or --document-hash 0x….",
      );
      const twice = await inputError(() =>
        requireDocumentHash("evidence", "evidence", { file: "a.pdf", json: "{}", hash: "" }),
      );
      expect(twice.shortMessage).to.match(/^Give the evidence one way only: --evidence-file/);
    });

    it("requireEvidenceHash reads the --evidence-* options, naming what is missing", async function () {
      const file = path.join(dir, "audit.txt");
      await writeFile(file, "audit report");
      expect(
        await requireEvidenceHash("evidence", { ...NO_EVIDENCE, evidenceFile: file }),
      ).to.equal(hashDocument("audit report"));
      expect(
        await requireEvidenceHash("evidence", { ...NO_EVIDENCE, evidenceJson: '{"b":2,"a":1}' }),
      ).to.equal(hashJson({ a: 1, b: 2 }));
      const hash = `0x${"AB".repeat(32)}`;
      expect(
        await requireEvidenceHash("evidence", { ...NO_EVIDENCE, evidenceHash: hash }),
      ).to.equal(hash.toLowerCase());
      const missing = await inputError(() => requireEvidenceHash("audit evidence", NO_EVIDENCE));
      expect(missing.code).to.equal("SC104");
      expect(missing.shortMessage).to.equal(
        "The audit evidence is missing: pass --evidence-file <path>, --evidence-json '<json>' " +
          "or --evidence-hash 0x….",
      );
      const twice = await inputError(() =>
        requireEvidenceHash("evidence", { ...NO_EVIDENCE, evidenceFile: file, evidenceHash: hash }),
      );
      expect(twice.shortMessage).to.match(/^Give the evidence one way only: --evidence-file/);
      const bad = await inputError(() =>
        requireEvidenceHash("audit evidence", { ...NO_EVIDENCE, evidenceHash: "0x1" }),
      );
      expect(bad.shortMessage).to.include('The audit evidence hash "0x1" is not a 32-byte hash');
    });

    it("resolveReasonHash hashes text, reads files, takes hashes, and is zero when absent", async function () {
      expect(await resolveReasonHash(NO_REASON)).to.equal(ZeroHash);
      expect(await resolveReasonHash({ ...NO_REASON, reason: "failed audit" })).to.equal(
        hashDocument("failed audit"),
      );
      const file = path.join(dir, "reason.txt");
      await writeFile(file, "nonconformity report");
      expect(await resolveReasonHash({ ...NO_REASON, reasonFile: file })).to.equal(
        hashDocument("nonconformity report"),
      );
      expect(
        await resolveReasonHash({ ...NO_REASON, reasonJson: '{"finding": 3, "clause": "8.5"}' }),
      ).to.equal(hashJson({ clause: "8.5", finding: 3 }));
      const hash = `0x${"ef".repeat(32)}`;
      expect(await resolveReasonHash({ ...NO_REASON, reasonHash: hash })).to.equal(hash);
      const twice = await inputError(() =>
        resolveReasonHash({ ...NO_REASON, reason: "x", reasonHash: hash }),
      );
      expect(twice.code).to.equal("SC104");
      expect(twice.shortMessage).to.equal(
        "Give the reason one way only: --reason <text>, --reason-file <path>, --reason-json " +
          "'<json>' or --reason-hash 0x….",
      );
      const bad = await inputError(() => resolveReasonHash({ ...NO_REASON, reasonHash: "0x1" }));
      expect(bad.shortMessage).to.include('The reason hash "0x1" is not a 32-byte hash');
    });
  });
});
