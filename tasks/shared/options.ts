/**
 * The options several subsystems' tasks share: the signer (`--from`), `--json`, and the three
 * ways to give a document (evidence, a reason, a specification...). Option names are camelCase here
 * and kebab-case on the command line (`evidenceFile` is `--evidence-file`); a file option is typed
 * FILE, which `--help` shows.
 */
import { ArgumentType } from "hardhat/types/arguments";

export const FROM = {
  name: "from",
  description:
    "Required: the account that signs, an address or an account index (the task names the role " +
    "it needs when omitted)",
  defaultValue: "",
} as const;

export const JSON_FLAG = {
  name: "json",
  description: "Print one JSON document instead of text (a write prints its result and tx)",
} as const;

export const EVIDENCE_FILE = {
  name: "evidenceFile",
  type: ArgumentType.FILE,
  description: "The evidence document, as a file whose bytes are hashed (SHA-256)",
  defaultValue: "",
} as const;

export const EVIDENCE_JSON = {
  name: "evidenceJson",
  description: "The evidence document, as JSON hashed in canonical form",
  defaultValue: "",
} as const;

export const EVIDENCE_HASH = {
  name: "evidenceHash",
  description: "The evidence document's hash (0x + 64 hex digits)",
  defaultValue: "",
} as const;

export const REASON = {
  name: "reason",
  description: "The reason, as text (only its SHA-256 hash goes on chain); optional",
  defaultValue: "",
} as const;

export const REASON_FILE = {
  name: "reasonFile",
  type: ArgumentType.FILE,
  description: "The reason, as a document file whose bytes are hashed; optional",
  defaultValue: "",
} as const;

export const REASON_JSON = {
  name: "reasonJson",
  description: "The reason, as JSON hashed in canonical form; optional",
  defaultValue: "",
} as const;

export const REASON_HASH = {
  name: "reasonHash",
  description: "The reason document's hash (0x + 64 hex digits); optional",
  defaultValue: "",
} as const;

export const PART = {
  name: "part",
  description: "The part: its token id (decimal or 0x hex) or <maker address>:<serial>",
} as const;

export const INPUTS = {
  name: "inputs",
  description: "What each part consumes, as <batch id>:<quantity> pairs, e.g. 2:3,5:1",
  defaultValue: "",
} as const;

export const SPEC = {
  name: "spec",
  description: "The part's specification: its hash (0x + 64 hex digits) or its document file",
  defaultValue: "",
} as const;

export const LIMIT = {
  name: "limit",
  description: "At most this many items (1 to 1000); 20 when omitted",
  defaultValue: "",
} as const;

export const AFTER = {
  name: "after",
  description: "Start after this item: the `next page: --after` value the previous page printed",
  defaultValue: "",
} as const;
