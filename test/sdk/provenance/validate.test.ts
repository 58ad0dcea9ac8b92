import { expect } from "chai";
import { ZeroAddress } from "ethers";
import {
  InputErrorCode,
  PART_LIMITS,
  toBatchInputs,
  toChildren,
  toChipKey,
  toChipKeys,
  toSchemeId,
  toSchemeIds,
  toSerials,
  serialToBytes32,
} from "../../../src/index.js";
import { expectInputError, thrown } from "../helpers.js";

const KEY = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

describe("provenance input rules", function () {
  describe("toBatchInputs", function () {
    it("reads ids and quantities given as numbers or strings", function () {
      expect(toBatchInputs([{ batchId: "2", quantity: 3 }])).to.deep.equal([
        { batchId: 2n, quantity: 3n },
      ]);
      expect(toBatchInputs([])).to.deep.equal([]);
    });

    it("keeps a batch named twice (the registry adds it up), or refuses it when distinct", function () {
      const twice = [
        { batchId: 2n, quantity: 1n },
        { batchId: 2n, quantity: 4n },
      ];
      expect(toBatchInputs(twice)).to.deep.equal(twice);
      const error = expectInputError(
        thrown(() => toBatchInputs(twice, "inputs", { distinct: true })),
        InputErrorCode.InvalidList,
        "The batch 2 is named twice in the inputs",
      );
      expect(error.field).to.equal("inputs[1].batchId");
    });

    it("refuses more batches than the registry takes, a zero quantity and a bad id", function () {
      const many = Array.from({ length: PART_LIMITS.maxInputs + 1 }, (_, i) => ({
        batchId: BigInt(i + 1),
        quantity: 1n,
      }));
      expect(
        expectInputError(
          thrown(() => toBatchInputs(many)),
          InputErrorCode.InvalidList,
          "At most 8",
        ).field,
      ).to.equal("inputs");
      expect(
        expectInputError(
          thrown(() => toBatchInputs([{ batchId: 1n, quantity: 0n }])),
          InputErrorCode.InvalidAmount,
          "quantity of input 1",
        ).field,
      ).to.equal("inputs[0].quantity");
      expect(
        expectInputError(
          thrown(() => toBatchInputs([{ batchId: -1, quantity: 1n }], "material")),
          InputErrorCode.InvalidId,
          "batch id of input 1",
        ).field,
      ).to.equal("material[0].batchId");
    });
  });

  describe("toChildren", function () {
    it("reads part ids and refuses a repeat, a zero id and too many", function () {
      expect(toChildren([1, "2"])).to.deep.equal([1n, 2n]);
      expect(
        expectInputError(
          thrown(() => toChildren([3n, 3n])),
          InputErrorCode.InvalidList,
          "twice",
        ).field,
      ).to.equal("children[1]");
      expect(
        expectInputError(
          thrown(() => toChildren([0n])),
          InputErrorCode.InvalidId,
          "child part id",
        ).field,
      ).to.equal("children[0]");
      const many = Array.from({ length: PART_LIMITS.maxChildren + 1 }, (_, i) => BigInt(i + 1));
      expectInputError(
        thrown(() => toChildren(many)),
        InputErrorCode.InvalidList,
        "At most 32",
      );
    });
  });

  describe("toChipKey and toChipKeys", function () {
    it("checksums a key and refuses the zero address and junk", function () {
      expect(toChipKey(KEY.toLowerCase())).to.equal(KEY);
      expect(
        expectInputError(
          thrown(() => toChipKey(ZeroAddress)),
          InputErrorCode.InvalidAddress,
          "The chip key is the zero address.",
        ).field,
      ).to.equal("chipKey");
      expectInputError(
        thrown(() => toChipKey("0xabc")),
        InputErrorCode.InvalidAddress,
        "chip key",
      );
    });

    it("takes one key per serial or none", function () {
      expect(toChipKeys([], 3)).to.deep.equal([]);
      expect(toChipKeys([KEY], 1)).to.deep.equal([KEY]);
      const error = expectInputError(
        thrown(() => toChipKeys([KEY], 2)),
        InputErrorCode.InvalidList,
        "Give one chip key per serial (2), or none; got 1.",
      );
      expect(error.field).to.equal("chipKeys");
      expect(
        expectInputError(
          thrown(() => toChipKeys([KEY, ZeroAddress], 2)),
          InputErrorCode.InvalidAddress,
        ).field,
      ).to.equal("chipKeys[1]");
    });
  });

  describe("toSchemeIds", function () {
    it("reads one to four schemes, each once", function () {
      expect(toSchemeIds(["AS9100D"])).to.deep.equal([toSchemeId("AS9100D")]);
      expectInputError(
        thrown(() => toSchemeIds([])),
        InputErrorCode.InvalidList,
        "Give at least 1 of the certification schemes (at most 4); got none.",
      );
      expectInputError(
        thrown(() => toSchemeIds(["A", "B", "C", "D", "E"])),
        InputErrorCode.InvalidList,
        "At most 4 certification schemes are allowed; got 5.",
      );
      expect(
        expectInputError(
          thrown(() => toSchemeIds(["A", "A"])),
          InputErrorCode.InvalidScheme,
          "twice",
        ).field,
      ).to.equal("schemes");
      expect(
        expectInputError(
          thrown(() => toSchemeIds(["ok", ""])),
          InputErrorCode.InvalidScheme,
          "empty",
        ).field,
      ).to.equal("schemes[1]");
    });
  });

  describe("toSerials", function () {
    it("encodes a run's serials and refuses none, too many, a bad serial and a repeat", function () {
      expect(toSerials(["A", "B"])).to.deep.equal([serialToBytes32("A"), serialToBytes32("B")]);
      expect(
        expectInputError(
          thrown(() => toSerials([])),
          InputErrorCode.InvalidList,
          "at least 1",
        ).field,
      ).to.equal("serials");
      const many = Array.from({ length: PART_LIMITS.maxRun + 1 }, (_, i) => `S${i}`);
      expectInputError(
        thrown(() => toSerials(many)),
        InputErrorCode.InvalidList,
        "At most 500",
      );
      expect(
        expectInputError(
          thrown(() => toSerials(["A", ""])),
          InputErrorCode.InvalidSerial,
          "empty",
        ).field,
      ).to.equal("serials[1]");
      expect(
        expectInputError(
          thrown(() => toSerials(["A", "B", "A"])),
          InputErrorCode.InvalidList,
          "The serial A is given twice.",
        ).field,
      ).to.equal("serials[2]");
    });
  });
});
