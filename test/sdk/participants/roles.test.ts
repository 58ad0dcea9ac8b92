import { readFileSync } from "node:fs";
import { expect } from "chai";
import {
  ACCREDITATION_STATES,
  CERTIFICATE_STATES,
  InputErrorCode,
  maskToRoles,
  parseRole,
  parseRoles,
  ROLE_NAMES,
  type RoleName,
  rolesToMask,
} from "../../../src/index.js";
import { roleIndex, roleLabel, statesFromBitmap } from "../../../src/participants/roles.js";
import { expectInputError, thrown } from "../helpers.js";

/** The Solidity interface, read as text so that the enum order is checked against the source. */
const INTERFACE_SOURCE = readFileSync(
  new URL("../../../contracts/interfaces/IParticipantRegistry.sol", import.meta.url),
  "utf8",
);

/** The members of `enum <name>` in the interface, as the SDK spells them (`TestLab` -> `test-lab`). */
function solidityEnum(name: string): string[] {
  const body = new RegExp(`enum\\s+${name}\\s*\\{([^}]*)\\}`).exec(INTERFACE_SOURCE)?.[1];
  if (body === undefined) throw new Error(`enum ${name} not found in IParticipantRegistry.sol`);
  return body
    .split(",")
    .map((member) => member.trim())
    .filter((member) => member !== "")
    .map((member) => member.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase());
}

/** The contract's `Role` enum, written out by hand: bit `1 << value`. */
const SOLIDITY_ROLE_BITS: [RoleName, number][] = [
  ["producer", 0],
  ["manufacturer", 1],
  ["customer", 2],
  ["service-provider", 3],
  ["test-lab", 4],
  ["inspector", 5],
  ["remanufacturer", 6],
  ["auditor", 7],
  ["standards-body", 8],
  ["arbiter", 9],
  ["device", 10],
  ["recycler", 11],
];

describe("SDK roles", function () {
  describe("parseRole", function () {
    for (const input of ["test-lab", "test_lab", "TestLab", " testlab ", "TEST LAB", "Test-Lab"]) {
      it(`reads ${JSON.stringify(input)} as test-lab`, function () {
        expect(parseRole(input)).to.equal("test-lab");
      });
    }

    it("reads every role name, and its PascalCase and snake_case spellings", function () {
      for (const role of ROLE_NAMES) {
        const pascal = role.replace(/(^|-)([a-z])/g, (_, __, letter: string) =>
          letter.toUpperCase(),
        );
        expect(parseRole(role)).to.equal(role);
        expect(parseRole(pascal)).to.equal(role);
        expect(parseRole(role.replace(/-/g, "_"))).to.equal(role);
      }
    });

    for (const input of ["wizard", "", "   ", "test-labs", "producer,auditor"]) {
      it(`refuses ${JSON.stringify(input)} with SC101, listing the roles`, function () {
        expectInputError(
          thrown(() => parseRole(input)),
          InputErrorCode.InvalidRole,
          `"${input}"`,
          ROLE_NAMES.join(", "),
        );
      });
    }
  });

  describe("parseRoles", function () {
    it("reads a comma-separated list, in the order given", function () {
      expect(parseRoles("Manufacturer, test_lab,producer")).to.deep.equal([
        "manufacturer",
        "test-lab",
        "producer",
      ]);
    });

    it("reads an array of names", function () {
      expect(parseRoles(["StandardsBody", "auditor"])).to.deep.equal(["standards-body", "auditor"]);
    });

    it("drops duplicates, however they are spelled", function () {
      expect(parseRoles("producer,Producer, producer")).to.deep.equal(["producer"]);
      expect(parseRoles(["TestLab", "test-lab", "test_lab", "device"])).to.deep.equal([
        "test-lab",
        "device",
      ]);
    });

    it("ignores empty items between commas", function () {
      expect(parseRoles("producer,, ,auditor,")).to.deep.equal(["producer", "auditor"]);
    });

    for (const input of ["", " , ", [], [" "]] as (string | string[])[]) {
      it(`refuses the empty list ${JSON.stringify(input)} with SC101`, function () {
        expectInputError(
          thrown(() => parseRoles(input)),
          InputErrorCode.InvalidRole,
          "No role given",
          ROLE_NAMES.join(", "),
        );
      });
    }

    it("refuses a list with one unknown role with SC101, naming it", function () {
      expectInputError(
        thrown(() => parseRoles("producer,wizard")),
        InputErrorCode.InvalidRole,
        '"wizard"',
      );
    });
  });

  describe("role bitmasks", function () {
    it("follows the Solidity Role enum: producer is bit 0 ... recycler is bit 11", function () {
      expect(ROLE_NAMES).to.have.length(SOLIDITY_ROLE_BITS.length);
      for (const [role, bit] of SOLIDITY_ROLE_BITS) {
        expect(roleIndex(role), role).to.equal(bit);
        expect(rolesToMask([role]), role).to.equal(1 << bit);
      }
    });

    it("has the roles of the enum in IParticipantRegistry.sol, in its order", function () {
      expect([...ROLE_NAMES]).to.deep.equal(solidityEnum("Role"));
    });

    it("round-trips every single role", function () {
      for (const role of ROLE_NAMES) {
        expect(maskToRoles(rolesToMask([role]))).to.deep.equal([role]);
        expect(maskToRoles(BigInt(rolesToMask([role])))).to.deep.equal([role]);
      }
    });

    it("round-trips every role at once, and a mixed set in enum order", function () {
      expect(rolesToMask(ROLE_NAMES)).to.equal(0xfff);
      expect(maskToRoles(0xfff)).to.deep.equal([...ROLE_NAMES]);
      const mask = rolesToMask(["device", "producer", "auditor"]);
      expect(mask).to.equal((1 << 10) | 1 | (1 << 7));
      expect(maskToRoles(mask)).to.deep.equal(["producer", "auditor", "device"]);
    });

    it("maps the empty set to zero and back", function () {
      expect(rolesToMask([])).to.equal(0);
      expect(maskToRoles(0)).to.deep.equal([]);
      expect(maskToRoles(0n)).to.deep.equal([]);
    });

    it("counts a role given twice once", function () {
      expect(rolesToMask(["producer", "producer"])).to.equal(1);
    });

    it("ignores bits that name no role", function () {
      expect(maskToRoles((1 << 12) | (1 << 31) | 1)).to.deep.equal(["producer"]);
    });
  });

  describe("state names", function () {
    it("follow the AccreditationState and CertificateState enums of the interface", function () {
      expect([...ACCREDITATION_STATES]).to.deep.equal(solidityEnum("AccreditationState"));
      expect([...CERTIFICATE_STATES]).to.deep.equal(solidityEnum("CertificateState"));
    });
  });

  describe("statesFromBitmap", function () {
    const sentences: [number | bigint, readonly string[], string][] = [
      [0, ACCREDITATION_STATES, "none"],
      [1 << 1, ACCREDITATION_STATES, "active"],
      [(1 << 0) | (1 << 4), ACCREDITATION_STATES, "none or revoked"],
      [(1 << 1) | (1 << 3), ACCREDITATION_STATES, "active or expired"],
      [(1 << 1) | (1 << 2) | (1 << 3), ACCREDITATION_STATES, "active, suspended or expired"],
      [6n, CERTIFICATE_STATES, "pending or valid"],
      [4n, CERTIFICATE_STATES, "valid"],
      [0x1f, CERTIFICATE_STATES, "none, pending, valid, expired or revoked"],
    ];
    for (const [bitmap, names, sentence] of sentences) {
      it(`reads ${bitmap} as "${sentence}"`, function () {
        expect(statesFromBitmap(bitmap, names)).to.equal(sentence);
      });
    }
  });

  describe("roleLabel", function () {
    it("spells a role for sentences, and an unknown one by number", function () {
      expect(roleLabel(8)).to.equal("standards body");
      expect(roleLabel(4n)).to.equal("test lab");
      expect(roleLabel(0)).to.equal("producer");
      expect(roleLabel(11n)).to.equal("recycler");
      expect(roleLabel(12n)).to.equal("role #12");
    });
  });
});
