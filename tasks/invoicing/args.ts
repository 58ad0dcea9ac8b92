/** Reading the invoice commands' strings (ids, milestones, deliveries, dispute reasons). */
import {
  type Hash,
  InputError,
  InputErrorCode,
  type MilestoneKindName,
  type MilestoneParameter,
  parseMilestoneKind,
  parseTokenAmount,
  toDocumentHash,
  toInvoiceId,
  toMilestoneIndex,
} from "../../src/index.js";
import { parsePartRef, resolveSpecHash } from "../provenance/args.js";
import {
  noReason,
  parseList,
  REASON_WAYS,
  type ReasonOptions,
  resolveReasonHash,
} from "../shared/args.js";

// -----------------------------------------------------------------------------------------------
// Invoices
// -----------------------------------------------------------------------------------------------

/** An invoice id typed on the command line: a whole number from 1. */
export function parseInvoiceId(value: string): bigint {
  return toInvoiceId(value.trim(), "invoice id");
}

/** A milestone index typed on the command line: a whole number from 0 to 7. */
export function parseMilestoneIndex(value: string): number {
  return toMilestoneIndex(value.trim(), "milestone index");
}

/** A milestone as typed on the command line, its specification still a hash or a file. */
export type MilestoneEntry =
  | { kind: "approval"; amount: string }
  | { kind: "delivery"; amount: string; quantity: bigint; spec: string };

const MILESTONE_FORMS =
  "approval:<amount> or delivery:<amount>:<quantity>:<specification hash or file>";

/**
 * The milestones of `invoice:create`, in order: as one compact option, `--milestones
 * "approval:5000,delivery:7500.50:3:<spec>"`, or as one argument each (`approval:5000
 * delivery:7500.50:3:<spec>`). Amounts are in token units; a delivery names how many conforming
 * parts of which specification (its hash, or its document's file) release it.
 *
 * @example
 * parseMilestoneEntries("approval:5000,delivery:7500.50:3:spec.pdf", []);
 */
export function parseMilestoneEntries(
  compact: string,
  repeated: readonly string[],
): MilestoneEntry[] {
  const listed = repeated.map((entry) => entry.trim()).filter((entry) => entry !== "");
  if (compact.trim() !== "" && listed.length > 0) {
    throw new InputError(
      InputErrorCode.InvalidList,
      "Give the milestones one way only: --milestones with a comma-separated list, or one " +
        "argument per milestone.",
    );
  }
  const entries = compact.trim() !== "" ? parseList(compact) : listed;
  if (entries.length === 0) {
    throw new InputError(
      InputErrorCode.InvalidList,
      `The milestones are missing: pass --milestones "${MILESTONE_FORMS.replace(" or ", ",")}" ` +
        "or one argument per milestone.",
    );
  }
  return entries.map((entry, i): MilestoneEntry => {
    const [kindText = "", amountText = "", ...rest] = entry.split(":");
    const kind: MilestoneKindName = parseMilestoneKind(kindText);
    const amount = amountText.trim();
    parseTokenAmount(amount, 255, `amount of milestone ${i}`);
    if (kind === "approval") {
      if (rest.length > 0) {
        throw new InputError(
          InputErrorCode.InvalidList,
          `The milestone "${entry}" is an approval milestone, which takes only an amount: write approval:<amount>.`,
        );
      }
      return { kind, amount };
    }
    const [quantityText = "", ...specParts] = rest;
    const spec = specParts.join(":").trim();
    if (!/^\d+$/.test(quantityText.trim()) || spec === "") {
      throw new InputError(
        InputErrorCode.InvalidList,
        `The milestone "${entry}" is not ${MILESTONE_FORMS.split(" or ")[1]}.`,
      );
    }
    const quantity = BigInt(quantityText.trim());
    return { kind, amount, quantity, spec };
  });
}

/** The milestones with each delivery's specification resolved to its hash (a file is hashed). */
export async function resolveMilestones(
  entries: readonly MilestoneEntry[],
): Promise<MilestoneParameter[]> {
  const resolved: MilestoneParameter[] = [];
  for (const [i, entry] of entries.entries()) {
    resolved.push(
      entry.kind === "approval"
        ? entry
        : { ...entry, spec: await resolveSpecHash(entry.spec, `milestone ${i}`) },
    );
  }
  return resolved;
}

/** The parts of a delivery, `--parts <part>,<part>`: token ids or maker:serial (the SDK wants each once, at most 100). */
export function parseDeliveryParts(value: string, flag = "--parts"): bigint[] {
  const refs = parseList(value);
  if (refs.length === 0) {
    throw new InputError(
      InputErrorCode.InvalidList,
      `The parts are missing: pass ${flag} with comma-separated token ids or <maker address>:<serial>.`,
    );
  }
  return refs.map((ref) => parsePartRef(ref));
}

/**
 * The reason of a rejection or dispute, which the arbiter reads: `--reason <text>`,
 * `--reason-file <path>` or `--reason-hash 0x…`; required.
 */
export async function requireDisputeReason(given: ReasonOptions): Promise<Hash> {
  if (noReason(given)) {
    throw new InputError(
      InputErrorCode.InvalidHash,
      `The reason is missing: pass ${REASON_WAYS}; the arbiter rules on it.`,
    );
  }
  return toDocumentHash(await resolveReasonHash(given), "reason hash");
}
