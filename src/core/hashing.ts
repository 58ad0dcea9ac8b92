import { sha256, toUtf8Bytes } from "ethers";
import { InputError, InputErrorCode } from "./errors.js";

/**
 * Documents (evidence, reports, specifications) never go on chain: only their SHA-256 hash does.
 * SHA-256 is used, rather than keccak-256, so that anyone can check a document with ordinary
 * tools (`sha256sum report.pdf`) without Ethereum software.
 */

/** A 32-byte hash as 0x-prefixed lowercase hex. */
export type Hash = `0x${string}`;

/** Hashes a document's bytes (a file's content, or a string taken as its UTF-8 bytes). */
export function hashDocument(content: Uint8Array | string): Hash {
  const bytes = typeof content === "string" ? toUtf8Bytes(content) : content;
  return sha256(bytes) as Hash;
}

/**
 * Serialises a JSON value canonically: object keys sorted by UTF-16 code unit (as RFC 8785 does), no white space, numbers
 * as JSON writes them, bigints as decimal strings. Two parties who hold the same data produce the
 * same bytes, so the same hash.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, "$");
}

/** Hashes a JSON value through {@link canonicalJson}. */
export function hashJson(value: unknown): Hash {
  return hashDocument(canonicalJson(value));
}

/** Whether `content` is the document whose hash is `expected`. */
export function verifyDocument(content: Uint8Array | string, expected: string): boolean {
  return hashDocument(content) === expected.toLowerCase();
}

function serialise(value: unknown, path: string): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "string":
      return JSON.stringify(value);
    case "bigint":
      return JSON.stringify(value.toString());
    case "number":
      if (!Number.isFinite(value)) {
        throw new InputError(
          InputErrorCode.InvalidJson,
          `The JSON document has a number that JSON cannot hold at ${path}.`,
        );
      }
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) {
        return `[${value.map((item, i) => serialise(item, `${path}[${i}]`)).join(",")}]`;
      }
      const withToJson = value as { toJSON?: () => unknown };
      if (typeof withToJson.toJSON === "function") return serialise(withToJson.toJSON(), path);
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort();
      const members = keys.map(
        (key) => `${JSON.stringify(key)}:${serialise(record[key], `${path}.${key}`)}`,
      );
      return `{${members.join(",")}}`;
    }
    default:
      throw new InputError(
        InputErrorCode.InvalidJson,
        `The JSON document has a value of type ${typeof value} at ${path}, which JSON cannot hold.`,
      );
  }
}
