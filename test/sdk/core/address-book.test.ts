import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import {
  type AddressBook,
  hashDocument,
  InputErrorCode,
  parseAddressBook,
} from "../../../src/index.js";
import {
  addressBookPath,
  hashFile,
  readAddressBook,
  writeAddressBook,
} from "../../../src/node/index.js";
import { expectInputError, rejection, thrown } from "../helpers.js";

const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const PARTS = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const ESCROW = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0";
const AUCTION = "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9";
const CORES = "0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9";
const LICENCES = "0x5FC8d32690cc91D4c39d9d3abcBD16989F875707";
const WARRANTIES = "0x0165878A594ca255338adfa4d48449f69242Eb8F";
const CHARGES = "0xa513E6E4b8f2a923D98304ec87F64353C4D5C853";
const GOVERNANCE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

/** A good address book as the deploy step writes it, with addresses in lower case. */
function goodJson(): Record<string, unknown> {
  return {
    chainId: 31337,
    network: "localhost",
    governance: GOVERNANCE.toLowerCase(),
    startBlock: 1,
    deployedAt: "2027-01-01T00:00:00.000Z",
    contracts: {
      ParticipantRegistry: REGISTRY.toLowerCase(),
      PartRegistry: PARTS.toLowerCase(),
      InvoiceEscrow: ESCROW.toLowerCase(),
      ProcurementAuction: AUCTION.toLowerCase(),
      CoreRegistry: CORES.toLowerCase(),
      LicenceRegistry: LICENCES.toLowerCase(),
      WarrantyRegistry: WARRANTIES.toLowerCase(),
      CoreCharges: CHARGES.toLowerCase(),
    },
  };
}

const GOOD_BOOK: AddressBook = {
  chainId: 31337,
  network: "localhost",
  governance: GOVERNANCE,
  startBlock: 1,
  deployedAt: "2027-01-01T00:00:00.000Z",
  contracts: {
    ParticipantRegistry: REGISTRY,
    PartRegistry: PARTS,
    InvoiceEscrow: ESCROW,
    ProcurementAuction: AUCTION,
    CoreRegistry: CORES,
    LicenceRegistry: LICENCES,
    WarrantyRegistry: WARRANTIES,
    CoreCharges: CHARGES,
  },
};

/** `goodJson()` with one member changed, or removed when `value` is undefined. */
function withMember(key: string, value: unknown): Record<string, unknown> {
  const json = goodJson();
  if (value === undefined) delete json[key];
  else json[key] = value;
  return json;
}

describe("SDK address books", function () {
  describe("parseAddressBook", function () {
    it("accepts a good book and checksums its addresses", function () {
      expect(parseAddressBook(goodJson())).to.deep.equal(GOOD_BOOK);
    });

    it("fills in the informational fields when they are missing", function () {
      const json = goodJson();
      delete json.network;
      delete json.deployedAt;
      expect(parseAddressBook(json)).to.deep.equal({
        ...GOOD_BOOK,
        network: "unknown",
        deployedAt: "",
      });
    });

    const notObjects: [string, unknown][] = [
      ["null", null],
      ["a string", "chain-31337"],
      ["a number", 31337],
    ];
    for (const [what, json] of notObjects) {
      it(`refuses ${what} with SC111`, function () {
        expectInputError(
          thrown(() => parseAddressBook(json, "deployments/chain-31337.json")),
          InputErrorCode.InvalidAddressBook,
          "deployments/chain-31337.json is not valid",
          "not a JSON object",
        );
      });
    }

    const badMembers: [string, string, unknown, string][] = [
      ["a missing chainId", "chainId", undefined, "chainId"],
      ["a chainId given as a string", "chainId", "31337", "chainId"],
      ["a fractional chainId", "chainId", 1.5, "chainId"],
      ["a missing startBlock", "startBlock", undefined, "startBlock"],
      ["a startBlock given as a string", "startBlock", "1", "startBlock"],
      ["a missing governance", "governance", undefined, "governance"],
      ["a governance given as a number", "governance", 42, "governance"],
      ["missing contracts", "contracts", undefined, "contracts"],
      ["null contracts", "contracts", null, "contracts"],
      ["contracts given as a string", "contracts", REGISTRY, "contracts"],
      ["a missing ParticipantRegistry address", "contracts", {}, "ParticipantRegistry"],
      [
        "a missing PartRegistry address",
        "contracts",
        { ParticipantRegistry: REGISTRY },
        "PartRegistry",
      ],
      [
        "a missing InvoiceEscrow address",
        "contracts",
        { ParticipantRegistry: REGISTRY, PartRegistry: PARTS },
        "InvoiceEscrow",
      ],
      [
        "a missing ProcurementAuction address",
        "contracts",
        { ParticipantRegistry: REGISTRY, PartRegistry: PARTS, InvoiceEscrow: ESCROW },
        "ProcurementAuction",
      ],
      [
        "a missing CoreRegistry address",
        "contracts",
        {
          ParticipantRegistry: REGISTRY,
          PartRegistry: PARTS,
          InvoiceEscrow: ESCROW,
          ProcurementAuction: AUCTION,
        },
        "CoreRegistry",
      ],
      [
        "a missing CoreCharges address",
        "contracts",
        {
          ParticipantRegistry: REGISTRY,
          PartRegistry: PARTS,
          InvoiceEscrow: ESCROW,
          ProcurementAuction: AUCTION,
          CoreRegistry: CORES,
          LicenceRegistry: LICENCES,
          WarrantyRegistry: WARRANTIES,
        },
        "CoreCharges",
      ],
      [
        "a ParticipantRegistry address given as a number",
        "contracts",
        {
          ParticipantRegistry: 1,
          PartRegistry: PARTS,
          InvoiceEscrow: ESCROW,
          ProcurementAuction: AUCTION,
          CoreRegistry: CORES,
          LicenceRegistry: LICENCES,
          WarrantyRegistry: WARRANTIES,
          CoreCharges: CHARGES,
        },
        "ParticipantRegistry",
      ],
    ];
    for (const [what, key, value, named] of badMembers) {
      it(`refuses ${what} with SC111, naming ${named}`, function () {
        expectInputError(
          thrown(() => parseAddressBook(withMember(key, value), "the test book")),
          InputErrorCode.InvalidAddressBook,
          "the test book is not valid",
          named,
        );
      });
    }

    // A hand-edited book with a mangled address is an invalid book (SC111), like any other bad
    // field: the caller should not get an "invalid address" error about an argument it never gave.
    const badAddresses: [string, string, unknown, string][] = [
      ["a governance that is not an address", "governance", "0x1234", "governance"],
      [
        "a ParticipantRegistry address that is not an address",
        "contracts",
        {
          ParticipantRegistry: "0xnot-an-address",
          PartRegistry: PARTS,
          InvoiceEscrow: ESCROW,
          ProcurementAuction: AUCTION,
          CoreRegistry: CORES,
          LicenceRegistry: LICENCES,
          WarrantyRegistry: WARRANTIES,
          CoreCharges: CHARGES,
        },
        "ParticipantRegistry",
      ],
    ];
    for (const [what, key, value, named] of badAddresses) {
      it(`refuses ${what} with SC111, naming ${named}`, function () {
        expectInputError(
          thrown(() => parseAddressBook(withMember(key, value), "the test book")),
          InputErrorCode.InvalidAddressBook,
          named,
        );
      });
    }

    // Chain ids are positive (EIP-155) and block numbers are not negative.
    const outOfRange: [string, string, number][] = [
      ["a chainId of zero", "chainId", 0],
      ["a negative chainId", "chainId", -1],
      ["a negative startBlock", "startBlock", -1],
    ];
    for (const [what, key, value] of outOfRange) {
      it(`refuses ${what} with SC111`, function () {
        expectInputError(
          thrown(() => parseAddressBook(withMember(key, value))),
          InputErrorCode.InvalidAddressBook,
          key,
        );
      });
    }
  });

  describe("on disk", function () {
    let dir: string;

    beforeEach(async function () {
      dir = await mkdtemp(path.join(tmpdir(), "sdk-address-book-"));
    });

    afterEach(async function () {
      await rm(dir, { recursive: true, force: true });
    });

    it("keeps one file per chain id, named chain-<id>.json", function () {
      expect(addressBookPath("deployments", 31337)).to.equal(
        path.join("deployments", "chain-31337.json"),
      );
      expect(addressBookPath("deployments", 11155111n)).to.equal(
        path.join("deployments", "chain-11155111.json"),
      );
    });

    it("round-trips a book through writeAddressBook and readAddressBook", async function () {
      const file = await writeAddressBook(dir, GOOD_BOOK);
      expect(file).to.equal(addressBookPath(dir, GOOD_BOOK.chainId));
      expect(await readAddressBook(dir, 31337)).to.deep.equal(GOOD_BOOK);
      expect(await readAddressBook(dir, 31337n)).to.deep.equal(GOOD_BOOK);
    });

    it("writes pretty JSON ending in a newline, leaving no temporary file", async function () {
      await writeAddressBook(dir, GOOD_BOOK);
      const text = await readFile(addressBookPath(dir, 31337), "utf8");
      expect(text).to.equal(`${JSON.stringify(GOOD_BOOK, null, 2)}\n`);
      expect(await readdir(dir)).to.deep.equal(["chain-31337.json"]);
    });

    it("creates the folder, and replaces an earlier book of the chain", async function () {
      const nested = path.join(dir, "deployments", "nested");
      await writeAddressBook(nested, GOOD_BOOK);
      const redeployed = { ...GOOD_BOOK, startBlock: 99, deployedAt: "2027-06-01T00:00:00.000Z" };
      await writeAddressBook(nested, redeployed);
      expect(await readAddressBook(nested, 31337)).to.deep.equal(redeployed);
    });

    it("says how to deploy (SC110) when the chain has no book", async function () {
      const error = await rejection(() => readAddressBook(dir, 11155111));
      const inputError = expectInputError(
        error,
        InputErrorCode.MissingDeployment,
        "not deployed on chain 11155111",
        addressBookPath(dir, 11155111),
        "npx hardhat suite:deploy --network <network>",
      );
      expect(inputError.cause).to.have.property("code", "ENOENT");
    });

    it("refuses a book that is not JSON with SC111, naming the file", async function () {
      const file = addressBookPath(dir, 31337);
      await writeFile(file, '{"chainId": 31337,');
      const error = await rejection(() => readAddressBook(dir, 31337));
      const inputError = expectInputError(
        error,
        InputErrorCode.InvalidAddressBook,
        file,
        "not valid JSON",
      );
      expect(inputError.cause).to.be.an.instanceOf(SyntaxError);
    });

    it("refuses a book with a bad field with SC111, naming the file", async function () {
      const file = addressBookPath(dir, 31337);
      await writeFile(file, JSON.stringify(withMember("startBlock", undefined)));
      const error = await rejection(() => readAddressBook(dir, 31337));
      expectInputError(
        error,
        InputErrorCode.InvalidAddressBook,
        `${file} is not valid`,
        "startBlock",
      );
    });

    it("refuses a book written for another chain with SC111", async function () {
      const file = addressBookPath(dir, 5);
      await writeFile(file, JSON.stringify(goodJson()));
      const error = await rejection(() => readAddressBook(dir, 5));
      expectInputError(
        error,
        InputErrorCode.InvalidAddressBook,
        file,
        "is for chain 31337, not chain 5",
      );
    });
  });

  describe("hashFile", function () {
    let dir: string;

    before(async function () {
      dir = await mkdtemp(path.join(tmpdir(), "sdk-hash-file-"));
    });

    after(async function () {
      await rm(dir, { recursive: true, force: true });
    });

    it("hashes a file's bytes as hashDocument hashes them", async function () {
      const bytes = new Uint8Array(4096).map((_, i) => (i * 31 + 7) % 256);
      const file = path.join(dir, "report.bin");
      await writeFile(file, bytes);
      const hash = await hashFile(file);
      expect(hash).to.equal(hashDocument(bytes));
      expect(hash).to.equal(`0x${createHash("sha256").update(bytes).digest("hex")}`);
    });

    it("hashes a text file as hashDocument hashes its string", async function () {
      const text = "Audit report: no findings.\nSigned: Prüfstelle Süd\n";
      const file = path.join(dir, "report.txt");
      await writeFile(file, text, "utf8");
      expect(await hashFile(file)).to.equal(hashDocument(text));
    });

    it("refuses a file it cannot read with an InputError naming it", async function () {
      const file = path.join(dir, "missing.pdf");
      const error = await rejection(() => hashFile(file));
      expectInputError(error, InputErrorCode.InvalidHash, file);
    });
  });
});
