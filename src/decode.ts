import {
  ErrorDescription,
  Interface,
  type InterfaceAbi,
  isHexString,
  keccak256,
  toUtf8Bytes,
} from "ethers";
import { ContractRevertedError, SupplyChainError, TransactionFailedError } from "./errors.js";
import { ACCREDITATION_STATES, CERTIFICATE_STATES, roleLabel, statesFromBitmap } from "./roles.js";
import { formatTime, schemeName } from "./validate.js";

/** Names of the access-control roles, by their hash, for sentences. */
const ACCESS_ROLES: Record<string, string> = {
  [`0x${"0".repeat(64)}`]: "governance",
  [keccak256(toUtf8Bytes("REGISTRAR_ROLE"))]: "registrar",
  [keccak256(toUtf8Bytes("CAPACITY_CONSUMER_ROLE"))]: "capacity consumer",
};

type Sentence = (args: readonly unknown[]) => string;
const s = (value: unknown) => String(value);
const when = (value: unknown) => formatTime(BigInt(value as bigint));
const accState = (value: unknown) => ACCREDITATION_STATES[Number(value)] ?? s(value);
const certState = (value: unknown) => CERTIFICATE_STATES[Number(value)] ?? s(value);
const scheme = (value: unknown) => `scheme ${schemeName(s(value))}`;

/**
 * A sentence for every custom error of the suite. A sentence names who, what and why, so that
 * a person can act on it without reading the contract.
 */
export const ERROR_SENTENCES: Record<string, Sentence> = {
  AccessControlUnauthorizedAccount: ([account, role]) =>
    `${s(account)} is not allowed to do this: it needs the ${ACCESS_ROLES[s(role)] ?? s(role)} role.`,
  AccessControlBadConfirmation: () => "An account can only renounce its own role.",
  ParticipantRegistryZeroAddress: () => "The zero address cannot be used here.",
  ParticipantRegistryInvalidRoles: ([roles]) =>
    `The role set ${s(roles)} is empty or names a role that does not exist.`,
  ParticipantRegistryMissingEvidence: () =>
    "The evidence or document hash is missing; hash the document and pass its hash.",
  ParticipantRegistryExpiryNotInFuture: ([until, now]) =>
    `The expiry ${when(until)} is not in the future (the chain's time is ${when(now)}).`,
  ParticipantRegistrySelfAccreditation: ([registrar]) =>
    `Registrar ${s(registrar)} cannot accredit itself or change its own accreditation; ` +
    "another registrar must do it.",
  ParticipantRegistrySelfCertification: ([account]) =>
    `${s(account)} cannot certify itself or authorise itself as an auditor; another must do it.`,
  ParticipantRegistryUnexpectedAccreditationState: ([participant, current, allowed]) =>
    `The accreditation of ${s(participant)} is ${accState(current)}, but this needs it to be ` +
    `${statesFromBitmap(allowed as bigint, ACCREDITATION_STATES)}.`,
  ParticipantRegistryNotActive: ([account, role]) =>
    `${s(account)} is not an active accredited ${roleLabel(role as bigint)} ` +
    "(never accredited in that role, suspended, lapsed or revoked).",
  ParticipantRegistryUnknownScheme: ([id]) => `No ${scheme(id)} has been defined.`,
  ParticipantRegistrySchemeAlreadyDefined: ([id]) => `The ${scheme(id)} is already defined.`,
  ParticipantRegistryInvalidScheme: ([id, validity]) =>
    `A scheme needs a non-zero id and a default validity above zero (got ${scheme(id)}, ` +
    `validity ${s(validity)} s).`,
  ParticipantRegistryNotSchemeOwner: ([id, caller, owner]) =>
    `${s(caller)} did not define ${scheme(id)}; only its standards body ${s(owner)} can do this.`,
  ParticipantRegistryAuditorAuthorization: ([id, auditor, authorized]) =>
    `Auditor ${s(auditor)} is ${authorized ? "already" : "not"} authorised under ${scheme(id)}.`,
  ParticipantRegistryAuditorNotAuthorized: ([id, auditor]) =>
    `Auditor ${s(auditor)} is not authorised to certify under ${scheme(id)}.`,
  ParticipantRegistryInvalidValidity: ([from, until]) =>
    `The validity window ${when(from)} to ${when(until)} is empty or already over.`,
  ParticipantRegistryInvalidPeriod: ([length]) =>
    `The capacity period of ${s(length)} s is too short (at least 3600 s) or too many periods ` +
    "fit in the validity window.",
  ParticipantRegistryUnexpectedCertificateState: ([participant, id, current, allowed]) =>
    `The certificate of ${s(participant)} under ${scheme(id)} is ${certState(current)}, but this ` +
    `needs it to be ${statesFromBitmap(allowed as bigint, CERTIFICATE_STATES)}.`,
  ParticipantRegistryNotCertificateIssuer: ([participant, id, caller]) =>
    `${s(caller)} neither granted the certificate of ${s(participant)} under ${scheme(id)} nor ` +
    "owns the scheme.",
  ParticipantRegistryCapacityExceeded: ([participant, id, requested, remaining]) =>
    `${s(participant)} may produce only ${s(remaining)} more units under ${scheme(id)} this ` +
    `period; ${s(requested)} were asked for.`,
  ParticipantRegistryZeroAmount: () => "The amount must be above zero.",
  SafeCastOverflowedUintDowncast: ([bits, value]) =>
    `The value ${s(value)} is too large: it must fit in ${s(bits)} bits.`,
  Error: ([reason]) => `The contract refused: ${s(reason)}.`,
  Panic: ([code]) => `The contract hit an internal fault (panic code ${s(code)}).`,
};

/** Finds revert data (0x-prefixed hex) anywhere in an error thrown by ethers or a provider. */
export function findRevertData(error: unknown, depth = 0): string | undefined {
  if (depth > 6 || error === null || typeof error !== "object") return undefined;
  const record = error as Record<string, unknown>;
  const data = record.data;
  if (typeof data === "string" && isHexString(data) && data.length >= 10) return data;
  for (const key of ["data", "error", "info", "cause", "revert"]) {
    const found = findRevertData(record[key], depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Turns whatever a contract call threw into a {@link SupplyChainError}: a decoded
 * {@link ContractRevertedError} with a sentence when the revert data is a known custom error,
 * a {@link TransactionFailedError} otherwise. Errors of the SDK itself pass through.
 */
export function decodeError(error: unknown, abi: Interface | InterfaceAbi): SupplyChainError {
  if (error instanceof SupplyChainError) return error;
  const iface = abi instanceof Interface ? abi : new Interface(abi);
  const data = findRevertData(error);
  let parsed: ErrorDescription | null = null;
  if (data !== undefined) {
    try {
      parsed = iface.parseError(data);
    } catch {
      parsed = null;
    }
  }
  if (parsed !== null) {
    const args = [...parsed.args];
    const sentence =
      ERROR_SENTENCES[parsed.name]?.(args) ?? `The contract refused: ${parsed.name}.`;
    return new ContractRevertedError(parsed.name, args, parsed.selector, sentence, {
      details: `${parsed.signature} ${JSON.stringify(args, (_, v) => (typeof v === "bigint" ? v.toString() : v))}`,
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  const short =
    (error as { shortMessage?: string } | null)?.shortMessage ?? message.split("\n")[0] ?? message;
  return new TransactionFailedError(`The transaction failed: ${short}`, {
    details: data === undefined ? undefined : `unrecognised revert data ${data}`,
    cause: error,
  });
}
