import {
  ErrorDescription,
  Interface,
  type InterfaceAbi,
  isHexString,
  keccak256,
  toUtf8Bytes,
} from "ethers";
import { CHARGE_STATES, CLAIM_STATES, CORE_STATES, outcomeName } from "../circular/encodings.js";
import { ContractRevertedError, SupplyChainError, TransactionFailedError } from "./errors.js";
import { INVOICING_ERROR_SENTENCES } from "../invoicing/errors.js";
import { PROCUREMENT_ERROR_SENTENCES } from "../procurement/errors.js";
import {
  attestationKindName,
  formatPartId,
  statusName,
  unitFromBytes8,
} from "../provenance/encodings.js";
import {
  ACCREDITATION_STATES,
  CERTIFICATE_STATES,
  roleLabel,
  statesFromBitmap,
} from "../participants/roles.js";
import { formatTime, schemeName } from "./validate.js";
import { formatTokenAmount } from "../invoicing/encodings.js";

/** Names of the access-control roles, by their hash, for sentences. */
const ACCESS_ROLES: Record<string, string> = {
  [`0x${"0".repeat(64)}`]: "governance",
  [keccak256(toUtf8Bytes("REGISTRAR_ROLE"))]: "registrar",
  [keccak256(toUtf8Bytes("CAPACITY_CONSUMER_ROLE"))]: "capacity consumer",
  [keccak256(toUtf8Bytes("ORIGINATOR_ROLE"))]: "invoice originator",
};

/**
 * How a sentence writes an amount of the token the refused transaction moves: in the token's
 * units (`12.50 USDC`, {@link tokenAmounts}) when the caller knows the token, else as the chain
 * has it ({@link SMALLEST_UNITS}).
 */
export type AmountFormat = ((value: unknown) => string) & {
  /**
   * The token whose amounts this writes in its units, when known: a sentence about another
   * token's amount writes it as the chain has it.
   */
  readonly token?: string;
};

/** An amount as the chain has it, in the token's smallest unit: what a sentence says by default. */
export const SMALLEST_UNITS: AmountFormat = (value) => String(value);

/** Amounts of `token` in its units, with its symbol: `12.50 USDC`. */
export function tokenAmounts(token: {
  address?: string;
  decimals: number;
  symbol: string;
}): AmountFormat {
  const format = (value: unknown) =>
    `${formatTokenAmount(BigInt(value as bigint), token.decimals)} ${token.symbol}`;
  return token.address === undefined ? format : Object.assign(format, { token: token.address });
}

/**
 * Turns a custom error's arguments into one sentence; `amount` writes the amounts of the token
 * the transaction moves.
 */
export type ErrorSentence = (args: readonly unknown[], amount?: AmountFormat) => string;
type Sentence = ErrorSentence;
const s = (value: unknown) => String(value);
/** What an ERC-20 sentence adds when it could not write its amounts in the token's units. */
const unitNote = (amount: AmountFormat) =>
  amount === SMALLEST_UNITS ? " (in the token's smallest unit)" : "";
const when = (value: unknown) => formatTime(BigInt(value as bigint));
const accState = (value: unknown) => ACCREDITATION_STATES[Number(value)] ?? s(value);
const certState = (value: unknown) => CERTIFICATE_STATES[Number(value)] ?? s(value);
const scheme = (value: unknown) => `scheme ${schemeName(s(value))}`;
const part = (value: unknown) => `part ${formatPartId(value as bigint)}`;
const batch = (value: unknown) => `batch ${s(value)}`;
const status = (value: unknown) => statusName(value as bigint);
const ZERO_ADDRESS = `0x${"0".repeat(40)}`;
const unit = (value: unknown) =>
  /^0x0{16}$/.test(s(value)) ? "no unit" : `"${unitFromBytes8(s(value))}"`;

/** The sentences of the governance and setup errors every contract with an admin declares. */
function governanceSentences(prefix: string, wired: string): Record<string, Sentence> {
  return {
    [`${prefix}InvalidGovernance`]: ([governance]) =>
      `${s(governance)} cannot be governance: it is the zero address or the deployer, and the ` +
      "deployer is never admin. Name a multisig or timelock.",
    [`${prefix}InvalidAdminDelay`]: ([delay, min, max]) =>
      `The admin hand-over delay of ${s(delay)} s is outside ${s(min)} to ${s(max)} s ` +
      "(1 to 30 days).",
    [`${prefix}NotDeployer`]: ([caller]) =>
      `${s(caller)} did not deploy the contract; only the deployer can complete its setup.`,
    [`${prefix}SetupClosed`]: () =>
      "The setup was already completed; it happens once. Governance grants any further role.",
    [`${prefix}InvalidSetupAccount`]: ([account]) =>
      `${s(account)} cannot be made ${wired} at setup: it is the zero address, the deployer ` +
      "or an account without code.",
  };
}

const core = (value: unknown) => `core ${formatPartId(value as bigint)}`;
const outcome = (value: unknown) => outcomeName(value as bigint) ?? "no outcome";
const coreState = (value: unknown) => CORE_STATES[Number(value)] ?? s(value);
const claimState = (value: unknown) => CLAIM_STATES[Number(value)] ?? s(value);
const chargeState = (value: unknown) => CHARGE_STATES[Number(value)] ?? s(value);
const days = (value: unknown) => {
  const seconds = BigInt(value as bigint);
  return seconds % 86_400n === 0n ? `${seconds / 86_400n} days` : `${seconds} seconds`;
};

/** The sentences of the circular-economy contracts' errors. */
const CIRCULAR_ERROR_SENTENCES: Record<string, Sentence> = {
  CoreRegistryMissingInput: () =>
    "A required address, hash or amount is zero: give the token, a price above zero and the " +
    "evidence hash.",
  CoreRegistryNotAccredited: ([account]) =>
    `${s(account)} is not an active participant in a role this needs (an inspector or test lab ` +
    "to grade, a remanufacturer or recycler to buy, a remanufacturer or the specification's " +
    "manufacturer to remanufacture, a recycler to recycle).",
  CoreRegistryNotPartHolder: ([id, caller]) =>
    `${s(caller)} does not hold ${part(id)}; only its holder returns it as a core.`,
  CoreRegistryRegistrarHold: ([id]) =>
    `The ${part(id)} is under a registrar's hold; it cannot be returned until a registrar releases it.`,
  CoreRegistryUnusablePart: ([id, current]) =>
    `The ${part(id)} is ${status(current)}; a recycled or destroyed part cannot become a core.`,
  CoreRegistryNotHeld: ([id, state]) =>
    Number(state) === 0
      ? `The ${part(id)} was never returned as a core.`
      : `The ${core(id)} was ${coreState(state)}; it is no longer held.`,
  CoreRegistryNotCoreHolder: ([id, caller]) =>
    `${s(caller)} does not hold ${core(id)}; only its holder does this.`,
  CoreRegistryConflictedGrader: ([id, grader]) =>
    `${s(grader)} holds ${core(id)} or made its part, so it may not grade it; another inspector must.`,
  CoreRegistryInvalidGrade: ([grade, max]) =>
    `The grade ${s(grade)} is not a grade: grades run from 1 (as new) to ${s(max)} (scrap).`,
  CoreRegistryRecalled: ([id]) =>
    `The ${core(id)} is of recalled material: it can only be graded recycle-only, never remanufactured.`,
  CoreRegistryNotGraded: ([id]) => `The ${core(id)} has no grade yet; have it graded first.`,
  CoreRegistryGradeTooOld: ([id, gradedAt, maxAge]) =>
    `The ${core(id)} was last graded at ${when(gradedAt)}, longer ago than the ${days(maxAge)} ` +
    "the buyer accepts; have it graded again.",
  CoreRegistryNotListed: ([id]) => `The ${core(id)} is not listed for sale.`,
  CoreRegistryListingChanged: ([id, token, price], amount = SMALLEST_UNITS) =>
    `The ${core(id)} is listed at ${
      amount.token !== undefined && amount.token.toLowerCase() === s(token).toLowerCase()
        ? amount(price)
        : `${s(price)} (in the token's smallest unit)`
    } of the token ${s(token)}, not at the offer the buyer accepted; look at the listing again.`,
  CoreRegistrySelfPurchase: ([id]) => `The seller of ${core(id)} cannot buy its own core.`,
  CoreRegistryNotRemanufacturable: ([id, graded]) =>
    `The ${core(id)} was graded ${outcome(graded)}, which allows no remanufacture; it can only be recycled.`,
  CoreRegistryNotNewPart: ([id, caller]) =>
    `The ${part(id)} is not a new part of ${s(caller)}: it must be made by it, still held by it ` +
    "and not yet in service.",
  CoreRegistrySpecMismatch: ([id, expected, actual]) =>
    `The ${part(id)} is of the specification ${s(actual)}, not of the core's ${s(expected)}.`,
  CoreRegistryAlreadyLinked: ([id]) =>
    `The ${part(id)} already has a predecessor, or is itself a core; make a new part.`,
  CoreRegistryGenerationLimit: ([generation, max]) =>
    `Remanufacturing would make generation ${s(generation)}, past the limit of ${s(max)}; the ` +
    "core can only be recycled.",
  CoreRegistryNotRecycledBatch: ([id, caller]) =>
    `The ${batch(id)} is not a whole batch that ${s(caller)} registered, or is already linked to a core.`,

  LicenceRegistryMissingInput: () =>
    "A required address, hash or amount is zero: give units per period above zero, the data " +
    "package's hash, a reason hash, and the fee token with a fee.",
  LicenceRegistryNotAccredited: ([account]) =>
    `${s(account)} is not an active participant in the role this needs (the OEM a manufacturer, ` +
    "the licensee a remanufacturer other than the OEM).",
  LicenceRegistryNotSpecOwner: ([spec, caller]) =>
    `${s(caller)} does not own the specification ${s(spec)}; only its owner grants licences for it.`,
  LicenceRegistryPeriodTooShort: ([length, min]) =>
    `A licence period of ${days(length)} is too short; a period is at least ${days(min)}.`,
  LicenceRegistryExpiryPassed: ([until]) =>
    `The licence expiry ${when(until)} is not in the future.`,
  LicenceRegistryLicenceExists: ([id]) =>
    `Licence ${s(id)} for this specification and remanufacturer is still live; revoke it first.`,
  LicenceRegistryUnknownLicence: ([id]) => `There is no licence ${s(id)}.`,
  LicenceRegistryNotOem: ([id, caller]) =>
    `${s(caller)} is not the OEM of licence ${s(id)}; only the OEM revokes it.`,
  LicenceRegistryNoLicence: ([spec, remanufacturer]) =>
    `${s(remanufacturer)} holds no licence of the OEM to remanufacture parts of ${s(spec)}.`,
  LicenceRegistryRevoked: ([id]) => `The licence ${s(id)} was revoked.`,
  LicenceRegistryExpired: ([id, until]) => `The licence ${s(id)} expired at ${when(until)}.`,
  LicenceRegistryQuotaExhausted: ([id, remaining, next]) =>
    `The licence ${s(id)} has ${s(remaining)} units left this period; ` +
    (next === 0n
      ? "it ends before another period starts."
      : `the next period starts at ${when(next)}.`),
  LicenceRegistryNotCoreRegistry: ([caller]) =>
    `${s(caller)} is not the core registry; only the core registry draws licences.`,
  LicenceRegistrySetupClosed: () =>
    "The licence registry's setup is closed: it was completed, or the caller is not the deployer.",

  WarrantyRegistryMissingInput: () =>
    "A required hash or duration is zero: give a duration above zero and the terms, evidence or " +
    "reason hash.",
  WarrantyRegistryNotAccredited: ([account]) =>
    `${s(account)} is not an active participant in the role this needs.`,
  WarrantyRegistryNotSpecOwner: ([spec, caller]) =>
    `${s(caller)} does not own the specification ${s(spec)}; only its owner sets its warranty.`,
  WarrantyRegistryNoNewPartWarranty: ([spec]) =>
    `The owner of the specification ${s(spec)} has not set the warranty of a new part of it, ` +
    "the floor a remanufactured unit's warranty is measured against; nothing of it is " +
    "remanufactured until it does.",
  WarrantyRegistryNoWarrantyFor: ([graded]) =>
    `A part graded ${outcome(graded)} gives no warranty.`,
  WarrantyRegistryTooShort: ([duration, minimum]) =>
    `A warranty of ${days(duration)} is shorter than the ${days(minimum)} its outcome needs.`,
  WarrantyRegistryExists: ([id]) => `The ${part(id)} already has a warranty.`,
  WarrantyRegistryNoWarranty: ([id]) => `The ${part(id)} has no warranty.`,
  WarrantyRegistryExpired: ([id, end]) =>
    `The warranty of ${part(id)} ended at ${when(end)}; claims are no longer filed.`,
  WarrantyRegistryNotPartOwner: ([id, caller]) =>
    `${s(caller)} does not own ${part(id)}; only its owner files a claim.`,
  WarrantyRegistryUnknownClaim: ([id]) => `There is no warranty claim ${s(id)}.`,
  WarrantyRegistryNotAllowed: ([id, caller]) =>
    `${s(caller)} may not act on claim ${s(id)}: the issuer answers it, the claimant escalates ` +
    "it, the arbiter named rules on it.",
  WarrantyRegistryInvalidClaimState: ([id, state, allowed]) =>
    `The claim ${s(id)} is ${claimState(state)}; this needs it to be ` +
    `${statesFromBitmap(allowed as bigint, CLAIM_STATES)}.`,
  WarrantyRegistryAwaitingAnswer: ([id, answerBy]) =>
    `The issuer may answer claim ${s(id)} until ${when(answerBy)}; it can be escalated after that.`,
  WarrantyRegistryInvalidArbiter: ([arbiter]) =>
    `${s(arbiter)} may not rule on this claim: it is not an active arbiter, or it is a party to it.`,
  WarrantyRegistryNotCoreRegistry: ([caller]) =>
    `${s(caller)} is not the core registry; only the core registry issues warranties.`,
  WarrantyRegistrySetupClosed: () =>
    "The warranty registry's setup is closed: it was completed, or the caller is not the deployer.",

  CoreChargesMissingInput: () =>
    "A required address or amount is zero: give the buyer, the token, a deposit above zero and " +
    "the recipient.",
  CoreChargesNotAccredited: ([account]) => `${s(account)} is not an active participant.`,
  CoreChargesSelfCharge: ([seller]) =>
    `The seller ${s(seller)} cannot require a core deposit from itself.`,
  CoreChargesDeadlineNotFuture: ([returnBy]) =>
    `The return deadline ${when(returnBy)} is not in the future.`,
  CoreChargesDeadlinePassed: ([id, returnBy]) =>
    `The deadline of charge ${s(id)} passed at ${when(returnBy)}.`,
  CoreChargesNotCoreHolder: ([id, caller]) =>
    `${s(caller)} does not hold ${core(id)}; the buyer hands in a core it holds.`,
  CoreChargesInvalidSchedule: ([bps]) =>
    `A refund share of ${s(bps)} basis points is above 100% (10,000).`,
  CoreChargesUnknownCharge: ([id]) => `There is no core charge ${s(id)}.`,
  CoreChargesNotParty: ([id, caller]) =>
    `${s(caller)} may not do this to charge ${s(id)}: the seller cancels it, the buyer pays and ` +
    "settles it.",
  CoreChargesInvalidState: ([id, state, allowed]) =>
    `The charge ${s(id)} is ${chargeState(state)}; this needs it to be ` +
    `${statesFromBitmap(allowed as bigint, CHARGE_STATES)}.`,
  CoreChargesShortPayment: ([due, received], amount = SMALLEST_UNITS) =>
    `Core charges received ${amount(received)} of the ${amount(due)} due: the token takes a fee ` +
    "on transfer, which core charges refuse.",
  CoreChargesNotYetDue: ([id, returnBy]) =>
    `The charge ${s(id)} can be forfeited only after its deadline ${when(returnBy)}.`,
  CoreChargesSpecMismatch: ([id, expected, actual]) =>
    `The ${core(id)} is of the specification ${s(actual)}, not of the unit's ${s(expected)}.`,
  CoreChargesNotGraded: ([id]) =>
    `The ${core(id)} has no grade, so its refund cannot be set; have it graded first.`,
  CoreChargesConflictedGrader: ([id, grader]) =>
    `The latest grade of ${core(id)} was given by ${s(grader)}, a party to the charge; another ` +
    "inspector must re-grade it before it is handed in.",
  CoreChargesNothingOwed: ([id, account]) => `Charge ${s(id)} owes nothing to ${s(account)}.`,
};

/**
 * Sentences for the circular-economy contracts' calls, over `ERROR_SENTENCES`: their reentrancy
 * guard is not the escrow's.
 */
export const CIRCULAR_SENTENCES: Record<string, Sentence> = {
  ReentrancyGuardReentrantCall: () =>
    "The contract refused a call made from inside one of its own calls (reentrancy).",
};

/**
 * Sentences for the ERC-721 errors of the core registry, whose tokens are cores (token id = the
 * part's id), over {@link CIRCULAR_SENTENCES}. Pass them to {@link decodeError} for a call that
 * can only fail on a core, not on a part.
 */
export const CORE_SENTENCES: Record<string, Sentence> = {
  ...CIRCULAR_SENTENCES,
  ERC721IncorrectOwner: ([sender, id, owner]) =>
    `${s(sender)} does not hold ${core(id)}; ${s(owner)} does.`,
  ERC721InsufficientApproval: ([operator, id]) =>
    `${s(operator)} may not move ${core(id)}: it neither holds it nor is approved for it.`,
  ERC721InvalidApprover: ([approver]) =>
    `${s(approver)} cannot approve anyone for this core: it does not hold it.`,
  ERC721InvalidOperator: ([operator]) => `${s(operator)} cannot be made an operator.`,
  ERC721InvalidOwner: ([owner]) => `${s(owner)} cannot own cores.`,
  ERC721InvalidReceiver: ([receiver]) =>
    `${s(receiver)} cannot receive the core (the zero address, or a contract that does not ` +
    "accept ERC-721 tokens).",
  ERC721InvalidSender: ([sender]) => `${s(sender)} cannot send this core.`,
  ERC721NonexistentToken: ([id]) => `There is no ${core(id)}: it was never returned, or is gone.`,
};

/**
 * A sentence for every custom error of the suite. A sentence names who, what and why, so that
 * a person can act on it without reading the contract.
 */
export const ERROR_SENTENCES: Record<string, Sentence> = {
  AccessControlUnauthorizedAccount: ([account, role]) =>
    `${s(account)} is not allowed to do this: it needs the ${ACCESS_ROLES[s(role)] ?? s(role)} role.`,
  AccessControlBadConfirmation: () => "An account can only renounce its own role.",
  AccessControlEnforcedDefaultAdminRules: () =>
    "The governance role cannot be granted or revoked directly: hand it over in two steps " +
    "(beginDefaultAdminTransfer, then acceptDefaultAdminTransfer after the delay).",
  AccessControlEnforcedDefaultAdminDelay: ([schedule]) =>
    BigInt(schedule as bigint) === 0n
      ? "Governance can renounce its role only after scheduling it with " +
        "beginDefaultAdminTransfer to the zero address and waiting the delay."
      : `The governance hand-over cannot complete yet: it can from just after ${when(schedule)}.`,
  AccessControlInvalidDefaultAdmin: ([account]) =>
    `${s(account)} is not the pending governance address, so it cannot accept the hand-over ` +
    "(or the zero address was given as governance).",
  ...governanceSentences("ParticipantRegistry", "capacity consumer (the part registry)"),
  ...governanceSentences("InvoiceEscrow", "invoice originator (the procurement auction)"),
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
  ParticipantRegistrySchemeBodyInactive: ([id, body]) =>
    `The ${scheme(id)} grants no certificates: its standards body ${s(body)} is not an active ` +
    "accredited standards body (suspended, lapsed or revoked); governance must hand the scheme " +
    "to another body first.",
  ParticipantRegistrySameStandardsBody: ([id, body]) =>
    `The ${scheme(id)} already belongs to standards body ${s(body)}.`,
  ParticipantRegistryCertificateNotRequested: ([participant, id, auditor, requested]) =>
    `Auditor ${s(auditor)} may not certify ${s(participant)} under ${scheme(id)}: ` +
    (s(requested) === ZERO_ADDRESS
      ? "the participant has not asked for a certificate (it must request one first)."
      : `the participant asked auditor ${s(requested)} instead.`),
  ParticipantRegistryRegrantAfterRevocation: ([participant, id, auditor]) =>
    `Auditor ${s(auditor)} granted the revoked certificate of ${s(participant)} under ` +
    `${scheme(id)}, so it cannot grant it again; another authorised auditor must audit anew.`,
  ParticipantRegistryMissingCapacityUnit: ([capacity]) =>
    `A capacity of ${s(capacity)} units per period needs its unit (such as kg or pcs).`,
  ParticipantRegistryWrongCapacityUnit: ([expected, given]) =>
    `The capacity counts ${unit(expected)}, but ${unit(given)} was given.`,
  PartRegistryNotAccredited: ([account]) =>
    `${s(account)} is not an active accredited participant in a role that may do this ` +
    "(never accredited in that role, suspended, lapsed or revoked).",
  PartRegistryNotCertified: ([producer, id]) =>
    `Producer ${s(producer)} holds no valid certificate under ${scheme(id)}.`,
  PartRegistryMissingInput: () =>
    "A required hash, quantity, unit, list, chip key or address was zero or empty.",
  PartRegistryTooMany: ([length, max]) =>
    `The list has ${s(length)} entries; the registry takes at most ${s(max)}.`,
  PartRegistryLengthMismatch: ([expected, actual]) =>
    `The lists must match one to one: ${s(expected)} entries were expected, ${s(actual)} were given.`,
  PartRegistryDuplicateScheme: ([id]) =>
    `The ${scheme(id)} is named twice; name each certification scheme once.`,
  PartRegistryUnusablePart: ([id, current]) =>
    `The ${part(id)} is ${status(current)}; only a part that is made or in service can be built ` +
    "into an assembly, and nothing can be taken out of a recycled or destroyed one.",
  PartRegistryTreeTooLarge: ([parts, max]) =>
    `The assembly would hold ${s(parts)} parts counting everything inside it at any depth; at ` +
    `most ${s(max)} keep its fit-to-use check bounded. Build it from fewer or smaller sub-assemblies.`,
  PartRegistryRegistrarHold: ([id]) =>
    `A registrar holds ${part(id)}; only a registrar can release it, and it cannot be taken ` +
    "apart or retired meanwhile.",
  PartRegistryNonConforming: ([id]) =>
    `The ${part(id)} is not fit to use: it, or a part inside it, is recalled, made from recalled ` +
    "material, quarantined, retired, missing a required pass or under an attestation conflict.",
  PartRegistrySelfAttestation: ([id, maker]) =>
    `${s(maker)} made ${part(id)}; a maker never attests its own part.`,
  PartRegistryUnknownAttestationKinds: ([kinds]) =>
    `The required kinds ${s(kinds)} name a bit that is no attestation kind (bits 0 to 5: test, ` +
    "measurement, inspection, calibration, service, repair).",
  PartRegistryNoConflict: ([id, kind]) =>
    `Attesters do not disagree on the ${attestationKindName(kind as bigint)} of ${part(id)}; ` +
    "there is no conflict to rule.",
  PartRegistryNotRegistrar: ([caller]) =>
    `${s(caller)} is not a registrar; only a registrar can do this.`,
  PartRegistryBatchNotRecalled: ([id, root]) =>
    `The material of ${batch(id)} (root ${batch(root)}) is not recalled; there is no recall to ` +
    "lift.",
  PartRegistrySpecificationExists: ([spec]) => `The specification ${s(spec)} is already defined.`,
  PartRegistryUnknownSpecification: ([spec]) =>
    `No specification ${s(spec)} has been defined; a manufacturer must define it first.`,
  PartRegistryUnknownBatch: ([id]) => `There is no ${batch(id)}.`,
  PartRegistryNotBatchOwner: ([id, caller, owner]) =>
    `${s(caller)} does not hold ${batch(id)}; ${s(owner)} does.`,
  PartRegistryInsufficientBatch: ([id, requested, remaining]) =>
    `Only ${s(remaining)} of ${batch(id)} remain; ${s(requested)} were asked for.`,
  PartRegistryBatchRecalled: ([id, root]) =>
    `The material of ${batch(id)} is recalled (recall of ${batch(root)}); it cannot be used or ` +
    "recalled again.",
  PartRegistryNotRecaller: ([id, caller]) =>
    `${s(caller)} neither produced the material of ${batch(id)} nor is a registrar, so it cannot ` +
    "recall it.",
  PartRegistryPartExists: ([id]) =>
    `The ${part(id)} already exists: its maker has already used this serial.`,
  PartRegistryUnknownPart: ([id]) => `There is no ${part(id)}.`,
  PartRegistryNotPartOwner: ([id, caller]) => `${s(caller)} does not hold ${part(id)}.`,
  PartRegistryNotMakerOrRegistrar: ([id, caller]) =>
    `${s(caller)} is not the maker of ${part(id)} (nor, where a registrar may act, a registrar).`,
  PartRegistryPartAssembled: ([id, parent]) =>
    `The ${part(id)} is built into assembly ${formatPartId(parent as bigint)}; it must be ` +
    "disassembled first.",
  PartRegistrySelfAssembly: ([id]) => `The ${part(id)} cannot be built into itself.`,
  PartRegistryNotAssembled: ([id]) => `The ${part(id)} is not built into any assembly.`,
  PartRegistryInvalidTransition: ([id, current, target]) =>
    `The ${part(id)} is ${status(current)}; it cannot move to ${status(target)}.`,
  PartRegistryNoChip: ([id]) =>
    `The ${part(id)} has no tag chip, so no chip signature can verify or activate it.`,
  PartRegistryStaleChallenge: ([bound, current, maxAge]) =>
    BigInt(bound as bigint) >= BigInt(current as bigint)
      ? `The chip's answer is bound to block ${s(bound)}, which is not before the block ` +
        `${s(current)} that checks it: an answer can only be bound to a block that already exists.`
      : `The chip's answer is bound to block ${s(bound)}, more than ${s(maxAge)} blocks before ` +
        `block ${s(current)}; ask the chip to sign a fresh challenge.`,
  PartRegistryBadChipSignature: ([id, signer, chipKey]) =>
    s(signer) === ZERO_ADDRESS
      ? `The chip signature for ${part(id)} is malformed (not a 65-byte low-s signature).`
      : `The signature is from ${s(signer)}, not from the tag chip ${s(chipKey)} of ${part(id)} ` +
        "(another chip, or signed for another challenge, block, part, registry or chain).",
  ERC721IncorrectOwner: ([sender, id, owner]) =>
    `${s(sender)} does not hold ${part(id)}; ${s(owner)} does.`,
  ERC721InsufficientApproval: ([operator, id]) =>
    `${s(operator)} may not move ${part(id)}: it neither holds it nor is approved for it.`,
  ERC721InvalidApprover: ([approver]) =>
    `${s(approver)} cannot approve anyone for this part: it does not hold it.`,
  ERC721InvalidOperator: ([operator]) => `${s(operator)} cannot be made an operator.`,
  ERC721InvalidOwner: ([owner]) => `${s(owner)} cannot own parts.`,
  ERC721InvalidReceiver: ([receiver]) =>
    `${s(receiver)} cannot receive parts (the zero address, the registry itself, or a contract ` +
    "that does not accept ERC-721 tokens).",
  ERC721InvalidSender: ([sender]) => `${s(sender)} cannot send this part.`,
  ERC721NonexistentToken: ([id]) => `There is no ${part(id)}.`,
  ReentrancyGuardReentrantCall: () =>
    "The escrow refused a call made from inside one of its own calls (reentrancy).",
  SafeERC20FailedOperation: ([token]) =>
    `The token ${s(token)} refused the transfer (it returned false, or is not an ERC-20 token).`,
  ERC20InsufficientBalance: ([sender, balance, needed], amount = SMALLEST_UNITS) =>
    `${s(sender)} holds ${amount(balance)}${unitNote(amount)}; ${amount(needed)} are needed.`,
  ERC20InsufficientAllowance: ([spender, allowance, needed], amount = SMALLEST_UNITS) =>
    `${s(spender)} may spend only ${amount(allowance)}${unitNote(amount)} for its holder; ` +
    `${amount(needed)} are needed: approve it, or fund with a permit.`,
  ERC20InvalidApprover: ([approver]) => `${s(approver)} cannot approve a spender of the token.`,
  ERC20InvalidReceiver: ([receiver]) => `${s(receiver)} cannot receive the token.`,
  ERC20InvalidSender: ([sender]) => `${s(sender)} cannot send the token.`,
  ERC20InvalidSpender: ([spender]) => `${s(spender)} cannot be approved to spend the token.`,
  ERC2612ExpiredSignature: ([deadline]) =>
    `The permit expired at ${when(deadline)}; sign a new one.`,
  ERC2612InvalidSigner: ([signer, owner]) =>
    `The permit is signed by ${s(signer)}, not by the token holder ${s(owner)}.`,
  InvalidAccountNonce: ([account, nonce]) =>
    `The permit of ${s(account)} uses a stale nonce; the current one is ${s(nonce)}.`,
  ECDSAInvalidSignature: () => "The signature is not valid.",
  ECDSAInvalidSignatureLength: ([length]) =>
    `The signature is ${s(length)} bytes long; a signature has 65 bytes.`,
  ECDSAInvalidSignatureS: ([value]) =>
    `The signature's s value ${s(value)} is not in the lower half.`,
  InvalidShortString: () => "The contract met a malformed short string.",
  StringTooLong: ([text]) => `The text "${s(text)}" is too long for the contract.`,
  SafeCastOverflowedUintDowncast: ([bits, value]) =>
    `The value ${s(value)} is too large: it must fit in ${s(bits)} bits.`,
  Error: ([reason]) => `The contract refused: ${s(reason)}.`,
  Panic: ([code]) => `The contract hit an internal fault (panic code ${s(code)}).`,
  ...CIRCULAR_ERROR_SENTENCES,
  ...INVOICING_ERROR_SENTENCES,
  ...PROCUREMENT_ERROR_SENTENCES,
};

const receivable = (value: unknown) => `the receivable of invoice ${s(value)}`;

/**
 * Sentences for the ERC-721 errors of the invoice escrow, whose tokens are receivables (token id =
 * invoice id), not parts. Pass them to {@link decodeError} when decoding a call to the escrow that
 * can only fail on a receivable (anything but a delivery, where the parts registry's errors come
 * up).
 */
export const RECEIVABLE_SENTENCES: Record<string, Sentence> = {
  ERC721IncorrectOwner: ([sender, id, owner]) =>
    `${s(sender)} does not hold ${receivable(id)}; ${s(owner)} does.`,
  ERC721InsufficientApproval: ([operator, id]) =>
    `${s(operator)} may not move ${receivable(id)}: it neither holds it nor is approved for it.`,
  ERC721InvalidApprover: ([approver]) =>
    `${s(approver)} cannot approve anyone for this receivable: it does not hold it.`,
  ERC721InvalidOperator: ([operator]) => `${s(operator)} cannot be made an operator.`,
  ERC721InvalidOwner: ([owner]) => `${s(owner)} cannot own receivables.`,
  ERC721InvalidReceiver: ([receiver]) =>
    `${s(receiver)} cannot receive the receivable (the zero address, or a contract that does not ` +
    "accept ERC-721 tokens).",
  ERC721InvalidSender: ([sender]) => `${s(sender)} cannot send this receivable.`,
  ERC721NonexistentToken: ([id]) =>
    `There is no ${receivable(id)}: it is minted when the supplier assigns it, once the ` +
    "invoice is funded.",
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

/** The ABIs to decode errors against: one, or several (a contract and those it calls). */
export type ErrorAbis = Interface | InterfaceAbi | readonly (Interface | InterfaceAbi)[];

/** Whether `abi` is a list of ABIs rather than one ABI given as a list of fragments. */
function isAbiList(abi: ErrorAbis): abi is readonly (Interface | InterfaceAbi)[] {
  return (
    Array.isArray(abi) &&
    abi.length > 0 &&
    abi.every((item: unknown) => item instanceof Interface || Array.isArray(item))
  );
}

/**
 * Turns whatever a contract call threw into a {@link SupplyChainError}: a decoded
 * {@link ContractRevertedError} with a sentence when the revert data is a known custom error,
 * a {@link TransactionFailedError} otherwise. Errors of the SDK itself pass through. Pass a list
 * of ABIs when the contract bubbles up errors of the contracts it calls; the first that knows
 * the error decodes it. `sentences` overrides {@link ERROR_SENTENCES} for errors whose meaning
 * depends on the contract (such as {@link RECEIVABLE_SENTENCES}); `amount` writes the amounts of
 * the token the transaction moves, in its smallest unit unless the caller knows the token.
 */
export function decodeError(
  error: unknown,
  abi: ErrorAbis,
  sentences: Readonly<Record<string, Sentence>> = {},
  amount: AmountFormat = SMALLEST_UNITS,
): SupplyChainError {
  if (error instanceof SupplyChainError) return error;
  const ifaces = (isAbiList(abi) ? abi : [abi as Interface | InterfaceAbi]).map((item) =>
    item instanceof Interface ? item : new Interface(item),
  );
  const data = findRevertData(error);
  let parsed: ErrorDescription | null = null;
  if (data !== undefined) {
    for (const iface of ifaces) {
      try {
        parsed = iface.parseError(data);
      } catch {
        parsed = null;
      }
      if (parsed !== null) break;
    }
  }
  if (parsed !== null) {
    const args = [...parsed.args];
    const sentence =
      (sentences[parsed.name] ?? ERROR_SENTENCES[parsed.name])?.(args, amount) ??
      `The contract refused: ${parsed.name}.`;
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
