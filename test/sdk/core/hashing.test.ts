import { createHash } from "node:crypto";
import { expect } from "chai";
import {
  canonicalJson,
  hashDocument,
  hashJson,
  InputErrorCode,
  SupplyChainError,
  verifyDocument,
} from "../../../src/index.js";
import { expectInputError, thrown } from "../helpers.js";

/** The reference: SHA-256 as `sha256sum` computes it, from Node's own crypto. */
function sha256Hex(content: Uint8Array | string): string {
  return `0x${createHash("sha256").update(content).digest("hex")}`;
}

const REPORT_TEXT = "Prüfbericht Nr. 42 – Zugfestigkeit 520 MPa ✓";
const REPORT_BYTES = new Uint8Array([
  0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x00, 0xff,
]);

describe("SDK hashing", function () {
  describe("hashDocument", function () {
    it("is the SHA-256 of the bytes of a Uint8Array", function () {
      expect(hashDocument(REPORT_BYTES)).to.equal(sha256Hex(REPORT_BYTES));
      expect(hashDocument(Buffer.from(REPORT_BYTES))).to.equal(sha256Hex(REPORT_BYTES));
    });

    it("is the SHA-256 of the UTF-8 bytes of a string", function () {
      expect(hashDocument(REPORT_TEXT)).to.equal(sha256Hex(Buffer.from(REPORT_TEXT, "utf8")));
      expect(hashDocument(REPORT_TEXT)).to.equal(
        hashDocument(new TextEncoder().encode(REPORT_TEXT)),
      );
    });

    it("hashes the empty document to the well-known empty SHA-256", function () {
      const empty = "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
      expect(hashDocument("")).to.equal(empty);
      expect(hashDocument(new Uint8Array())).to.equal(empty);
    });

    it("returns 0x and 64 lowercase hex digits", function () {
      expect(hashDocument(REPORT_TEXT)).to.match(/^0x[0-9a-f]{64}$/);
    });
  });

  describe("canonicalJson", function () {
    it("sorts object keys recursively, inside arrays too, without white space", function () {
      const value = { b: 1, a: { d: [3, { z: true, y: "y" }], c: null } };
      expect(canonicalJson(value)).to.equal('{"a":{"c":null,"d":[3,{"y":"y","z":true}]},"b":1}');
    });

    it("sorts keys by UTF-16 code unit, as RFC 8785 does", function () {
      // The key set of the sorting example of RFC 8785, section 3.2.3.
      const value = {
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\ud83d\ude00": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis",
      };
      const sortedKeys = ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\ud83d\ude00", "\ufb33"];
      const expected = sortedKeys
        .map((key) => `${JSON.stringify(key)}:${JSON.stringify(value[key as keyof typeof value])}`)
        .join(",");
      expect(canonicalJson(value)).to.equal(`{${expected}}`);
    });

    it("drops object members whose value is undefined", function () {
      expect(canonicalJson({ b: undefined, a: 1, c: { d: undefined } })).to.equal('{"a":1,"c":{}}');
    });

    it("keeps the order of arrays", function () {
      expect(canonicalJson([3, 1, 2, "b", "a"])).to.equal('[3,1,2,"b","a"]');
    });

    it("serialises a bigint as its decimal string", function () {
      expect(canonicalJson({ units: 123456789012345678901234567890n, delta: -5n })).to.equal(
        '{"delta":"-5","units":"123456789012345678901234567890"}',
      );
    });

    it("serialises a Date through its toJSON", function () {
      const at = new Date(Date.UTC(2027, 11, 31, 12, 30, 0));
      expect(canonicalJson({ at })).to.equal('{"at":"2027-12-31T12:30:00.000Z"}');
      expect(canonicalJson({ at: { toJSON: () => ({ y: 2, x: 1 }) } })).to.equal(
        '{"at":{"x":1,"y":2}}',
      );
    });

    it("writes numbers, strings and booleans as JSON does", function () {
      const value = {
        n: [0, -0, 1.5, -2, 1e21, 5e-7],
        s: 'quote " and \\ and\nline',
        t: true,
        f: false,
      };
      expect(canonicalJson(value)).to.equal(
        `{"f":false,"n":[0,0,1.5,-2,1e+21,5e-7],"s":${JSON.stringify(value.s)},"t":true}`,
      );
    });

    it("reads back as the same data", function () {
      const value = {
        lot: "L-0042",
        parts: [
          { qty: 3, sn: "A1" },
          { qty: 1, sn: "B7" },
        ],
        ok: true,
      };
      expect(JSON.parse(canonicalJson(value))).to.deep.equal(value);
    });

    const refused: [string, unknown, string][] = [
      ["NaN", { a: [1, Number.NaN] }, "$.a[1]"],
      ["Infinity", { spec: { max: Number.POSITIVE_INFINITY } }, "$.spec.max"],
      ["-Infinity", [0, [1, Number.NEGATIVE_INFINITY]], "$[1][1]"],
      ["a function", { a: { f: () => 1 } }, "$.a.f"],
      ["a symbol", { tags: ["x", Symbol("y")] }, "$.tags[1]"],
    ];
    for (const [what, value, path] of refused) {
      it(`refuses ${what} with SC107, naming the path ${path}`, function () {
        const error = expectInputError(
          thrown(() => canonicalJson(value)),
          InputErrorCode.InvalidJson,
          path,
        );
        expect(error).to.be.an.instanceOf(SupplyChainError);
        expect(error.shortMessage).to.include(path);
      });
    }
  });

  describe("hashJson", function () {
    it("hashes the same content in a different key order to the same hash", function () {
      const a = { lot: "L-0042", spec: { grade: "A", mpa: 520 }, parts: ["x", "y"] };
      const b = { parts: ["x", "y"], spec: { mpa: 520, grade: "A" }, lot: "L-0042" };
      expect(hashJson(a)).to.equal(hashJson(b));
      expect(hashJson(a)).to.equal(sha256Hex(canonicalJson(a)));
    });

    it("hashes different content, or a different array order, differently", function () {
      expect(hashJson({ parts: ["x", "y"] })).not.to.equal(hashJson({ parts: ["y", "x"] }));
      expect(hashJson({ mpa: 520 })).not.to.equal(hashJson({ mpa: "520" }));
    });
  });

  describe("verifyDocument", function () {
    const expected = sha256Hex(REPORT_TEXT);

    it("is true for the document whose hash is given", function () {
      expect(verifyDocument(REPORT_TEXT, expected)).to.equal(true);
      expect(verifyDocument(Buffer.from(REPORT_TEXT, "utf8"), expected)).to.equal(true);
    });

    it("is false for any other document", function () {
      expect(verifyDocument(`${REPORT_TEXT} `, expected)).to.equal(false);
      expect(verifyDocument(REPORT_BYTES, expected)).to.equal(false);
    });

    it("ignores the case of the expected hash", function () {
      expect(verifyDocument(REPORT_TEXT, expected.toUpperCase())).to.equal(true);
      expect(verifyDocument(REPORT_TEXT, `0x${expected.slice(2).toUpperCase()}`)).to.equal(true);
    });

    it("is false, not an error, for an expected value that is not a hash", function () {
      expect(verifyDocument(REPORT_TEXT, "not a hash")).to.equal(false);
      expect(verifyDocument(REPORT_TEXT, "")).to.equal(false);
    });
  });
});
