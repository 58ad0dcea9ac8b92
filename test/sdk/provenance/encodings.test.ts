import { expect } from "chai";
import { AbiCoder, encodeBytes32String, keccak256 } from "ethers";
import {
  ATTESTATION_KINDS,
  attestationKindName,
  formatPartId,
  InputErrorCode,
  kindsToMask,
  maskToKinds,
  parseAttestationKind,
  parseAttestationKinds,
  parseRetireTarget,
  PART_STATUSES,
  partIdOf,
  serialFromBytes32,
  serialToBytes32,
  statusIndex,
  statusName,
  toBatchId,
  toPartId,
  unitFromBytes8,
  unitToBytes8,
} from "../../../src/index.js";
import { expectInputError, thrown } from "../helpers.js";

const MAKER = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

describe("SDK provenance values", function () {
  describe("serials", function () {
    it("encodes a serial as a bytes32 string and decodes it back", function () {
      for (const serial of ["SN-000123", "x", "S".repeat(31), "Ü-12"]) {
        const encoded = serialToBytes32(serial);
        expect(encoded).to.equal(encodeBytes32String(serial));
        expect(serialFromBytes32(encoded)).to.equal(serial);
      }
    });

    it("takes a bytes32 given as hex as it is, and shows unreadable bytes as hex", function () {
      const raw = `0x${"ff".repeat(32)}`;
      expect(serialToBytes32(raw.toUpperCase().replace("0X", "0x"))).to.equal(raw);
      expect(serialFromBytes32(raw)).to.equal(raw);
      expect(serialFromBytes32(`0x${"00".repeat(32)}`)).to.equal(`0x${"00".repeat(32)}`);
      expect(serialFromBytes32(`0x07${"00".repeat(31)}`)).to.equal(`0x07${"00".repeat(31)}`);
    });

    const refused: [string, string][] = [
      ["", "The serial is empty"],
      ["   ", "The serial is empty"],
      ["SN-1 ", "white space at its start or end"],
      ["S".repeat(32), "is 32 bytes long; the registry holds serials of at most 31 bytes"],
      ["€".repeat(11), "is 33 bytes long"],
    ];
    for (const [serial, words] of refused) {
      it(`refuses the serial ${JSON.stringify(serial)} with SC108`, function () {
        expectInputError(
          thrown(() => serialToBytes32(serial)),
          InputErrorCode.InvalidSerial,
          words,
        );
      });
    }
  });

  describe("units", function () {
    it("right-pads a unit into a bytes8, and reads it back", function () {
      expect(unitToBytes8("kg")).to.equal("0x6b67000000000000");
      expect(unitToBytes8(" pcs ")).to.equal(encodeBytes32String("pcs").slice(0, 18));
      expect(unitToBytes8("12345678")).to.equal("0x3132333435363738");
      for (const unit of ["kg", "m", "pcs", "12345678", "m^3"]) {
        expect(unitFromBytes8(unitToBytes8(unit))).to.equal(unit);
      }
    });

    for (const unit of ["", "123456789", "µg", "k g", "kg\n1"]) {
      it(`refuses the unit ${JSON.stringify(unit)} with SC109`, function () {
        expectInputError(
          thrown(() => unitToBytes8(unit)),
          InputErrorCode.InvalidUnit,
          "unit",
        );
      });
    }
  });

  describe("ids", function () {
    it("computes a part id as keccak256(abi.encode(maker, serial))", function () {
      const expected = BigInt(
        keccak256(
          AbiCoder.defaultAbiCoder().encode(
            ["address", "bytes32"],
            [MAKER, encodeBytes32String("SN-000123")],
          ),
        ),
      );
      expect(partIdOf(MAKER.toLowerCase(), "SN-000123")).to.equal(expected);
      expect(partIdOf(MAKER, encodeBytes32String("SN-000123"))).to.equal(expected);
      expectInputError(
        thrown(() => partIdOf("0x12", "SN-1")),
        InputErrorCode.InvalidAddress,
        "maker address",
      );
    });

    it("reads part ids as bigints, numbers, decimal or hex strings", function () {
      const id = 2n ** 255n + 1n;
      expect(toPartId(id)).to.equal(id);
      expect(toPartId(7)).to.equal(7n);
      expect(toPartId(` ${id.toString()} `)).to.equal(id);
      expect(toPartId(formatPartId(id))).to.equal(id);
      expect(formatPartId(255n)).to.equal(`0x${"0".repeat(62)}ff`);
    });

    for (const value of [0n, -1n, 2n ** 256n, 1.5, Number.MAX_SAFE_INTEGER + 2, "1e3", "0x", ""]) {
      it(`refuses the part id ${String(value)} with SC116`, function () {
        expectInputError(
          thrown(() => toPartId(value)),
          InputErrorCode.InvalidId,
          "part id",
        );
      });
    }

    it("reads batch ids from 1 to 2^32 - 1", function () {
      expect(toBatchId(1)).to.equal(1n);
      expect(toBatchId("4294967295")).to.equal(2n ** 32n - 1n);
      for (const value of [0, 2n ** 32n, "batch 1"]) {
        expectInputError(
          thrown(() => toBatchId(value)),
          InputErrorCode.InvalidId,
          "batch id",
        );
      }
    });
  });

  describe("names", function () {
    it("reads attestation kinds in any case, and lists them in enum order without repeats", function () {
      expect(parseAttestationKind(" Calibration ")).to.equal("calibration");
      expect(parseAttestationKinds("repair, TEST,test")).to.deep.equal(["test", "repair"]);
      expect(parseAttestationKinds([])).to.deep.equal([]);
      expectInputError(
        thrown(() => parseAttestationKind("x-ray")),
        InputErrorCode.InvalidKind,
        '"x-ray" is not an attestation kind; the kinds are test, measurement, inspection, ' +
          "calibration, service, repair.",
      );
    });

    it("turns attestation kinds into the contract's bitmask and back", function () {
      expect(kindsToMask(["test", "inspection"])).to.equal(0b101);
      expect(kindsToMask([...ATTESTATION_KINDS])).to.equal(0b111111);
      expect(maskToKinds(0b100101n)).to.deep.equal(["test", "inspection", "repair"]);
      expect(maskToKinds(1 << 10)).to.deep.equal([]);
      expect(attestationKindName(3)).to.equal("calibration");
      expect(attestationKindName(9)).to.equal("kind #9");
    });

    it("names statuses by the contract's enum, and reads retire targets", function () {
      expect(PART_STATUSES.map((_, i) => statusName(i))).to.deep.equal([...PART_STATUSES]);
      expect(statusName(6n)).to.equal("status #6");
      expect(statusIndex("destroyed")).to.equal(5);
      expect(parseRetireTarget("Returned")).to.equal("returned");
      expectInputError(
        thrown(() => parseRetireTarget("in-service")),
        InputErrorCode.InvalidKind,
        '"in-service" is not an end-of-life status; use returned, recycled, destroyed.',
      );
    });
  });
});
