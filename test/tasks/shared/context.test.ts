import { expect } from "chai";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { hashDocument, hashJson } from "../../../src/index.js";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { confirmationsOption, pickSigner } from "../../../tasks/shared/context.js";
import { resolveDocumentHash } from "../../../tasks/shared/args.js";
import { inputError } from "./helpers.js";

const SIGNERS = [
  { address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266" },
  { address: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" },
  { address: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" },
] as const;

describe("tasks/context", function () {
  describe("pickSigner", function () {
    it("picks the first account when --from is empty", function () {
      expect(pickSigner(SIGNERS, "", "localhost")).to.equal(SIGNERS[0]);
      expect(pickSigner(SIGNERS, "  ", "localhost")).to.equal(SIGNERS[0]);
    });

    it("picks an account by index", function () {
      expect(pickSigner(SIGNERS, "2", "localhost")).to.equal(SIGNERS[2]);
      expect(pickSigner(SIGNERS, " 1 ", "localhost")).to.equal(SIGNERS[1]);
    });

    it("picks an account by address, whatever its case", function () {
      expect(pickSigner(SIGNERS, SIGNERS[1].address.toLowerCase(), "localhost")).to.equal(
        SIGNERS[1],
      );
    });

    it("refuses an index beyond the accounts", async function () {
      const error = await inputError(() => pickSigner(SIGNERS, "3", "localhost"));
      expect(error.code).to.equal("SC112");
      expect(error.shortMessage).to.equal(
        "The network localhost has 3 accounts; there is no account #3.",
      );
    });

    it("refuses an address the network cannot sign for", async function () {
      const stranger = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
      const error = await inputError(() => pickSigner(SIGNERS, stranger, "testnet"));
      expect(error.code).to.equal("SC112");
      expect(error.shortMessage).to.equal(
        `The network testnet cannot sign for ${stranger}: it is not one of its accounts.`,
      );
    });

    it("refuses a malformed address", async function () {
      const error = await inputError(() => pickSigner(SIGNERS, "0xabc", "localhost"));
      expect(error.code).to.equal("SC100");
      expect(error.shortMessage).to.include(
        'The --from address "0xabc" is not an Ethereum address',
      );
    });

    it("refuses a network without accounts", async function () {
      const error = await inputError(() => pickSigner([], "", "testnet"));
      expect(error.code).to.equal("SC112");
      expect(error.shortMessage).to.include("has no accounts to sign with");
    });
  });

  describe("confirmationsOption", function () {
    const given = (confirmations: string) =>
      ({ globalOptions: { confirmations } }) as unknown as HardhatRuntimeEnvironment;

    it("is undefined when --confirmations is not given, so that each tool keeps its default", function () {
      expect(confirmationsOption(given(""))).to.equal(undefined);
      expect(confirmationsOption(given("  "))).to.equal(undefined);
    });

    it("reads a whole number of at least 1", function () {
      expect(confirmationsOption(given("1"))).to.equal(1);
      expect(confirmationsOption(given(" 12 "))).to.equal(12);
    });

    it("refuses anything else, naming the option", async function () {
      for (const text of ["0", "-1", "1.5", "3e2", "0x5", "many"]) {
        const error = await inputError(async () => confirmationsOption(given(text)));
        expect(error.code).to.equal("SC129");
        expect(error.field).to.equal("confirmations");
        expect(error.shortMessage).to.equal(
          `The number of confirmations "${text}" is not a whole number of at least 1: pass ` +
            "--confirmations (or set HARDHAT_CONFIRMATIONS) with one.",
        );
      }
    });
  });

  describe("resolveDocumentHash", function () {
    let dir: string;

    before(async function () {
      dir = await mkdtemp(path.join(os.tmpdir(), "context-test-"));
    });

    after(async function () {
      await rm(dir, { recursive: true, force: true });
    });

    it("hashes a file's bytes", async function () {
      const file = path.join(dir, "report.txt");
      await writeFile(file, "audit report\n");
      expect(await resolveDocumentHash("evidence", { file }, true)).to.equal(
        hashDocument("audit report\n"),
      );
    });

    it("hashes JSON canonically, so that key order does not matter", async function () {
      const a = await resolveDocumentHash("evidence", { json: '{"b": 1, "a": [2, 3]}' }, true);
      const b = await resolveDocumentHash("evidence", { json: '{"a":[2,3],"b":1}' }, true);
      expect(a).to.equal(b);
      expect(a).to.equal(hashJson({ a: [2, 3], b: 1 }));
    });

    it("takes a hash as given, lowercased", async function () {
      const hash = `0x${"AB".repeat(32)}`;
      expect(await resolveDocumentHash("evidence", { hash }, true)).to.equal(hash.toLowerCase());
    });

    it("ignores empty strings, as the CLI's option defaults are", async function () {
      const hash = `0x${"cd".repeat(32)}`;
      expect(await resolveDocumentHash("evidence", { file: "", json: "", hash }, true)).to.equal(
        hash,
      );
      expect(await resolveDocumentHash("reason", { file: "", hash: "" }, false)).to.equal(
        undefined,
      );
    });

    it("refuses a document given two ways", async function () {
      const error = await inputError(() =>
        resolveDocumentHash("evidence", { json: "{}", hash: `0x${"cd".repeat(32)}` }, true),
      );
      expect(error.code).to.equal("SC104");
      expect(error.shortMessage).to.equal(
        "Give the evidence one way only: as a file, as JSON, or as a hash.",
      );
    });

    it("refuses a missing required document", async function () {
      const error = await inputError(() => resolveDocumentHash("evidence", {}, true));
      expect(error.code).to.equal("SC104");
      expect(error.shortMessage).to.equal(
        "The evidence is missing: give a file, a JSON document or its hash.",
      );
    });

    it("refuses invalid JSON, a malformed hash and an unreadable file", async function () {
      const json = await inputError(() => resolveDocumentHash("evidence", { json: "{a:" }, true));
      expect(json.code).to.equal("SC107");
      expect(json.shortMessage).to.equal("The evidence is not valid JSON.");

      const hash = await inputError(() => resolveDocumentHash("evidence", { hash: "0x12" }, true));
      expect(hash.code).to.equal("SC104");
      expect(hash.shortMessage).to.include('The evidence hash "0x12" is not a 32-byte hash');

      const missing = path.join(dir, "missing.pdf");
      const file = await inputError(() => resolveDocumentHash("evidence", { file: missing }, true));
      expect(file.code).to.equal("SC104");
      expect(file.shortMessage).to.equal(`Cannot read the document ${missing}.`);
    });
  });
});
