import { expect } from "chai";
import { Wallet, ZeroHash } from "ethers";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { formatPartId, hashDocument, hashJson, PartsClient, partIdOf } from "../../../src/index.js";
import {
  optionalChipAddress,
  parseBatchId,
  parseBatchInputs,
  parseChildren,
  parseChipAddresses,
  parsePartRef,
  parseRequiredKinds,
  parseResult,
  parseSchemes,
  parseSerials,
  requireAttestationKind,
  requireChipKey,
  requireQuantity,
  requireReasonHash,
  requireRetireTarget,
  requireSerial,
  requireSpecDefinition,
  requireUnit,
  resolveSpecHash,
  type SerialOptions,
} from "../../../tasks/provenance/args.js";
import {
  optionalEvidenceHash,
  parseList,
  parseNonZeroAddress,
} from "../../../tasks/shared/args.js";
import { inputError } from "../shared/helpers.js";

const MAKER = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const OTHER = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
const HASH = `0x${"ab".repeat(32)}`;
const NO_SERIALS: SerialOptions = {
  serials: "",
  serialPrefix: "",
  count: "",
  start: "",
  digits: "",
};
const NO_REASON = { reason: "", reasonFile: "", reasonHash: "" };
const NO_EVIDENCE = { evidenceFile: "", evidenceJson: "", evidenceHash: "" };

/**
 * A parts client that sends nothing: the rules these tests name live in the SDK, which refuses
 * before it sends, and the tasks only convert the strings they pass it.
 */
const SDK = new PartsClient(OTHER, Wallet.createRandom());
const BATCH = { materialSpec: HASH, quantity: 10n, unit: "kg", evidenceHash: HASH };

/** Expects `fn` to throw an InputError with `code` and exactly `message`. */
async function refuses(fn: () => unknown, code: string, message: string): Promise<void> {
  const error = await inputError(fn);
  expect(error.shortMessage).to.equal(message);
  expect(error.code).to.equal(code);
}

describe("tasks/args: parts and provenance", function () {
  it("parseList trims and drops empty items", function () {
    expect(parseList(" a, b ,,c ")).to.deep.equal(["a", "b", "c"]);
    expect(parseList("")).to.deep.equal([]);
  });

  describe("parsePartRef", function () {
    it("reads a token id in decimal or 0x hex", function () {
      expect(parsePartRef("12345")).to.equal(12345n);
      expect(parsePartRef(" 0xff ")).to.equal(255n);
    });

    it("reads <maker>:<serial> and computes the id off chain", function () {
      const id = partIdOf(MAKER, "SN-000123");
      expect(parsePartRef(`${MAKER}:SN-000123`)).to.equal(id);
      expect(parsePartRef(`${MAKER.toLowerCase()}:SN-000123`)).to.equal(id);
      // Everything after the maker's colon is the serial, colons included.
      expect(parsePartRef(`${MAKER}:LOT:7`)).to.equal(partIdOf(MAKER, "LOT:7"));
    });

    it("refuses anything else with a sentence", async function () {
      await refuses(
        () => parsePartRef("SN-1"),
        "SC116",
        'The part "SN-1" is neither a token id (decimal or 0x hex) nor <maker address>:<serial>.',
      );
      await refuses(
        () => parsePartRef("0xZZ", "child part"),
        "SC116",
        'The child part "0xZZ" is neither a token id (decimal or 0x hex) nor <maker address>:<serial>.',
      );
      await refuses(
        () => parsePartRef("0"),
        "SC116",
        'The part id "0" is not an id: a whole number from 1 to 2^256 - 1.',
      );
      const maker = await inputError(() => parsePartRef("acme:SN-1"));
      expect(maker.code).to.equal("SC100");
      expect(maker.shortMessage).to.match(
        /^The part "acme:SN-1" names its maker as "acme", which is not an Ethereum address; write <maker address>:<serial>/,
      );
      await refuses(() => parsePartRef(`${MAKER}:`), "SC108", "The serial is empty.");
    });
  });

  it("parseBatchId reads a batch id from 1 to 2^32 - 1", async function () {
    expect(parseBatchId(" 7 ")).to.equal(7n);
    await refuses(
      () => parseBatchId("4294967296"),
      "SC116",
      'The batch id "4294967296" is not an id: a whole number from 1 to 4294967295.',
    );
  });

  it("requireQuantity reads a positive whole number of at most 64 bits", async function () {
    expect(requireQuantity("200", "--quantity", "batch quantity")).to.equal(200n);
    await refuses(
      () => requireQuantity("0", "--quantity", "quantity to transfer"),
      "SC106",
      "The quantity to transfer (--quantity) must be above zero.",
    );
    await refuses(
      () => requireQuantity("", "--quantity", "batch quantity"),
      "SC106",
      "The batch quantity is missing: pass --quantity <n>.",
    );
    await refuses(
      () => requireQuantity("1.5", "--quantity", "batch quantity"),
      "SC106",
      'The batch quantity (--quantity) "1.5" is not a whole number.',
    );
    const tooLarge = await inputError(() =>
      requireQuantity(String(2n ** 64n), "--quantity", "batch quantity"),
    );
    expect(tooLarge.shortMessage).to.include("is too large: the contract holds at most");
  });

  it("requireUnit takes 1 to 8 ASCII characters", async function () {
    expect(requireUnit(" kg ")).to.equal("kg");
    await refuses(
      () => requireUnit(""),
      "SC109",
      "The unit is missing: pass --unit with a short unit name, such as kg, m or pcs.",
    );
    const long = await inputError(() => requireUnit("kilograms"));
    expect(long.code).to.equal("SC109");
  });

  it("parseSchemes takes scheme names; the SDK wants one to four, distinct", async function () {
    expect(parseSchemes("AS9100D, CF-TI")).to.deep.equal(["AS9100D", "CF-TI"]);
    await refuses(
      () => parseSchemes(" "),
      "SC105",
      "The certification schemes are missing: pass --schemes with one to 4 scheme names, e.g. --schemes AS9100D,CF-TI.",
    );
    await refuses(
      () => SDK.registerBatch({ ...BATCH, schemes: parseSchemes("A,B,C,D,E") }),
      "SC113",
      "At most 4 certification schemes are allowed; got 5.",
    );
    await refuses(
      () => SDK.registerBatch({ ...BATCH, schemes: parseSchemes("AS9100D,CF-TI,AS9100D") }),
      "SC105",
      "A scheme is named twice; name each certification scheme once.",
    );
  });

  describe("parseBatchInputs", function () {
    it("reads batch:quantity pairs", function () {
      expect(parseBatchInputs("")).to.deep.equal([]);
      expect(parseBatchInputs("2:3, 5 : 1")).to.deep.equal([
        { batchId: 2n, quantity: 3n },
        { batchId: 5n, quantity: 1n },
      ]);
    });

    it("refuses what does not parse, zero, repeats and too many", async function () {
      await refuses(
        () => parseBatchInputs("2-3"),
        "SC113",
        'The --inputs entry "2-3" is not <batch id>:<quantity per part>; write e.g. --inputs 2:3,5:1.',
      );
      await refuses(
        () => parseBatchInputs("2:3,"),
        "SC113",
        'The --inputs entry "" is not <batch id>:<quantity per part>; write e.g. --inputs 2:3,5:1.',
      );
      // The rules are the SDK's (toBatchInputs), in its sentences; the task prints them after
      // the flag of the field at fault (--inputs[0].quantity).
      await refuses(
        () => parseBatchInputs("2:0"),
        "SC106",
        "The quantity of input 1 must be above zero.",
      );
      await refuses(
        () => parseBatchInputs("2:x"),
        "SC106",
        'The quantity of batch 2 in --inputs "x" is not a whole number.',
      );
      await refuses(
        () => parseBatchInputs("2:0x10"),
        "SC106",
        'The quantity of batch 2 in --inputs "0x10" is not a whole number.',
      );
      await refuses(
        () => parseBatchInputs("0:3"),
        "SC116",
        'The batch id of input 1 "0" is not an id: a whole number from 1 to 4294967295.',
      );
      await refuses(
        () => parseBatchInputs("2:3,2:1"),
        "SC113",
        "The batch 2 is named twice in the inputs; give its total quantity per part once.",
      );
      await refuses(
        () => parseBatchInputs("1:1,2:1,3:1,4:1,5:1,6:1,7:1,8:1,9:1"),
        "SC113",
        "At most 8 input batches are allowed; got 9.",
      );
    });
  });

  it("parseChildren reads part references; the SDK wants them distinct, at most 32", async function () {
    expect(parseChildren(`7, ${MAKER}:C-1`)).to.deep.equal([7n, partIdOf(MAKER, "C-1")]);
    expect(parseChildren("")).to.deep.equal([]);
    const make = (children: string) =>
      SDK.makePart({ spec: HASH, serial: "SN-1", inputs: [], children: parseChildren(children) });
    await refuses(
      () => make("7,0x7"),
      "SC113",
      `The child part ${formatPartId(7n)} is given twice.`,
    );
    const many = Array.from({ length: 33 }, (_, i) => String(i + 1)).join(",");
    await refuses(() => make(many), "SC113", "At most 32 child parts are allowed; got 33.");
  });

  it("parseNonZeroAddress refuses the zero address; optionalChipAddress leaves it to the SDK", async function () {
    expect(parseNonZeroAddress(MAKER.toLowerCase(), "recipient address")).to.equal(MAKER);
    expect(optionalChipAddress("")).to.equal(undefined);
    expect(optionalChipAddress(OTHER)).to.equal(OTHER);
    const zero = optionalChipAddress(`0x${"0".repeat(40)}`);
    await refuses(
      () => SDK.makePart({ spec: HASH, serial: "SN-1", inputs: [], chipKey: zero }),
      "SC100",
      "The chip key is the zero address.",
    );
  });

  describe("parseSerials", function () {
    it("reads a list, or generates serials from a prefix and a count", function () {
      expect(parseSerials({ ...NO_SERIALS, serials: "SN-1, SN-2" })).to.deep.equal([
        "SN-1",
        "SN-2",
      ]);
      expect(parseSerials({ ...NO_SERIALS, serialPrefix: "SN-", count: "3" })).to.deep.equal([
        "SN-1",
        "SN-2",
        "SN-3",
      ]);
      expect(
        parseSerials({ ...NO_SERIALS, serialPrefix: "B", count: "2", start: "0", digits: "4" }),
      ).to.deep.equal(["B0000", "B0001"]);
    });

    it("refuses two ways at once, a missing half, too many, repeats and long serials", async function () {
      const how = "--serials SN-1,SN-2 or --serial-prefix SN- --count <n>";
      await refuses(
        () => parseSerials({ ...NO_SERIALS, serials: "A", count: "2" }),
        "SC108",
        `Give the serials one way only: ${how}.`,
      );
      await refuses(
        () => parseSerials(NO_SERIALS),
        "SC108",
        `The serials are missing: pass ${how}.`,
      );
      await refuses(
        () => parseSerials({ ...NO_SERIALS, count: "5" }),
        "SC108",
        "Generated serials need both --serial-prefix <prefix> and --count <n>.",
      );
      await refuses(
        () => parseSerials({ ...NO_SERIALS, serialPrefix: "SN-", count: "501" }),
        "SC113",
        "A production run makes at most 500 parts; --count is 501.",
      );
      const run = (serials: string) =>
        SDK.makeParts({
          spec: HASH,
          serials: parseSerials({ ...NO_SERIALS, serials }),
          inputs: [],
        });
      await refuses(() => run("SN-1,SN-2,SN-1"), "SC113", "The serial SN-1 is given twice.");
      const long = await inputError(() => run(`SN-${"9".repeat(40)}`));
      expect(long.code).to.equal("SC108");
      expect(long.shortMessage).to.include("the registry holds serials of at most 31 bytes");
    });
  });

  it("parseChipAddresses reads addresses; the SDK wants one chip per serial or none", async function () {
    expect(parseChipAddresses("")).to.deep.equal([]);
    expect(parseChipAddresses(`${MAKER},${OTHER}`)).to.deep.equal([MAKER, OTHER]);
    await refuses(
      () =>
        SDK.makeParts({
          spec: HASH,
          serials: ["SN-1", "SN-2"],
          chipKeys: parseChipAddresses(MAKER),
          inputs: [],
        }),
      "SC113",
      "Give one chip key per serial (2), or none; got 1.",
    );
  });

  it("reads attestation kinds, results and end-of-life statuses", async function () {
    expect(requireAttestationKind(" Test ")).to.equal("test");
    expect(parseRequiredKinds("inspection, test")).to.deep.equal(["test", "inspection"]);
    expect(parseRequiredKinds("")).to.deep.equal([]);
    expect(parseResult("pass")).to.equal(true);
    expect(parseResult("FAIL")).to.equal(false);
    expect(requireRetireTarget("Recycled")).to.equal("recycled");
    await refuses(
      () => requireAttestationKind("baking"),
      "SC114",
      '"baking" is not an attestation kind; the kinds are test, measurement, inspection, calibration, service, repair.',
    );
    await refuses(
      () => requireAttestationKind(""),
      "SC114",
      "The attestation kind is missing: pass --kind test (or measurement, inspection, calibration, service, repair).",
    );
    await refuses(
      () => parseResult(""),
      "SC114",
      "Say whether the part passed: pass --result pass or --result fail.",
    );
    await refuses(() => parseResult("ok"), "SC114", 'The result "ok" is neither pass nor fail.');
    await refuses(
      () => requireRetireTarget(""),
      "SC114",
      "The end-of-life status is missing: pass --to returned, --to recycled or --to destroyed.",
    );
  });

  it("requireSerial checks the serial", async function () {
    expect(requireSerial("SN-000123")).to.equal("SN-000123");
    await refuses(
      () => requireSerial(""),
      "SC108",
      "The serial is missing: pass --serial with the serial marked on the part, e.g. --serial SN-000123.",
    );
    const spaced = await inputError(() => requireSerial(" SN-1"));
    expect(spaced.code).to.equal("SC108");
  });

  it("requireChipKey simulates a chip from its private key", async function () {
    const key = `0x${"11".repeat(32)}`;
    expect(requireChipKey(key).address).to.equal(new Wallet(key).address);
    await refuses(
      () => requireChipKey(""),
      "SC115",
      "The chip key is missing: pass --chip-key with the tag chip's private key (0x followed by 64 hex digits).",
    );
    const bad = await inputError(() => requireChipKey("0x1234"));
    expect(bad.code).to.equal("SC115");
  });

  describe("documents: specifications, reasons, evidence", function () {
    let dir: string;
    let specFile: string;
    const specText = "Turbine blade, rev C: Ti-6Al-4V, 112 mm.\n";

    before(async function () {
      dir = await mkdtemp(path.join(os.tmpdir(), "parts-args-"));
      specFile = path.join(dir, "blade.txt");
      await writeFile(specFile, specText);
    });

    after(async function () {
      await rm(dir, { recursive: true, force: true });
    });

    it("resolveSpecHash takes a hash or a file", async function () {
      expect(await resolveSpecHash(HASH.toUpperCase().replace("0X", "0x"))).to.equal(HASH);
      expect(await resolveSpecHash(specFile)).to.equal(hashDocument(specText));
      await refuses(
        () => resolveSpecHash(ZeroHash),
        "SC104",
        "The specification hash is zero: hash the document (hashDocument, hashFile or hashJson) and pass that.",
      );
      await refuses(
        () => resolveSpecHash("0x1234"),
        "SC104",
        'The specification hash "0x1234" is not a 32-byte hash (0x followed by 64 hex digits).',
      );
      await refuses(
        () => resolveSpecHash(path.join(dir, "missing.txt")),
        "SC104",
        `The specification "${path.join(dir, "missing.txt")}" is neither a hash (0x followed by ` +
          "64 hex digits) nor a file that can be read.",
      );
      await refuses(
        () => resolveSpecHash(""),
        "SC104",
        "The specification is missing: pass --spec with its hash (0x…) or its document file.",
      );
    });

    it("requireSpecDefinition takes the argument, a file or JSON, exactly one", async function () {
      const none = { spec: "", specFile: "", specJson: "" };
      expect(await requireSpecDefinition({ ...none, spec: HASH })).to.equal(HASH);
      expect(await requireSpecDefinition({ ...none, specFile })).to.equal(hashDocument(specText));
      expect(await requireSpecDefinition({ ...none, specJson: '{"b": 1, "a": 2}' })).to.equal(
        hashJson({ a: 2, b: 1 }),
      );
      const how =
        "pass its hash (0x…) or document file as the argument, --spec-file <path> or --spec-json '<json>'";
      await refuses(
        () => requireSpecDefinition(none),
        "SC104",
        `The specification is missing: ${how}.`,
      );
      await refuses(
        () => requireSpecDefinition({ ...none, spec: HASH, specJson: "{}" }),
        "SC104",
        `Give the specification one way only: ${how}.`,
      );
    });

    it("requireReasonHash insists on a reason; optionalEvidenceHash defaults to zero", async function () {
      expect(await requireReasonHash({ ...NO_REASON, reason: "tag cracked" })).to.equal(
        hashDocument("tag cracked"),
      );
      await refuses(
        () => requireReasonHash(NO_REASON),
        "SC104",
        "The reason is missing: pass --reason <text>, --reason-file <path>, --reason-json " +
          "'<json>' or --reason-hash 0x…; it stays in the part's history.",
      );
      expect(await optionalEvidenceHash(NO_EVIDENCE)).to.equal(ZeroHash);
      expect(await optionalEvidenceHash({ ...NO_EVIDENCE, evidenceJson: '{"x":1}' })).to.equal(
        hashJson({ x: 1 }),
      );
    });
  });
});
