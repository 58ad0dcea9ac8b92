import { type ContractRunner, keccak256, toUtf8Bytes, ZeroAddress, ZeroHash } from "ethers";
import { type Governance, readGovernance } from "../core/governance.js";
import { ContractClient, type ContractDescription } from "../core/client.js";
import { checkFromBlock, queryInPages } from "../core/events.js";
import { assertInvariant, InputError, InputErrorCode } from "../core/errors.js";
import type { Hash } from "../core/hashing.js";
import { unitFromBytes8, unitToBytes8 } from "../provenance/encodings.js";
import {
  ACCREDITATION_STATES,
  type AccreditationState,
  CERTIFICATE_STATES,
  type CertificateState,
  maskToRoles,
  parseRole,
  parseRoles,
  roleIndex,
  type RoleName,
  rolesToMask,
} from "./roles.js";
import type { TxResult } from "../core/tx.js";
import { type ParticipantRegistry, ParticipantRegistry__factory } from "../contracts.js";
import {
  requireFuture,
  schemeName,
  type Timestamp,
  toAddress,
  toDocumentHash,
  toHash,
  toPositiveAmount,
  toSchemeId,
  toUnixSeconds,
  forField,
} from "../core/validate.js";

/** The participant registry, for {@link ContractClient}. */
const REGISTRY: ContractDescription = {
  addressLabel: "participant registry address",
  iface: ParticipantRegistry__factory.createInterface(),
};

/** The access-control role of registrars. */
export const REGISTRAR_ROLE = keccak256(toUtf8Bytes("REGISTRAR_ROLE"));
/** The access-control role of contracts that draw certified capacity. */
export const CAPACITY_CONSUMER_ROLE = keccak256(toUtf8Bytes("CAPACITY_CONSUMER_ROLE"));
/** The access-control role of governance. */
export const GOVERNANCE_ROLE = ZeroHash;

/** A certificate's capacity unit when it names none. */
const NO_UNIT = "0x0000000000000000";

/** A participant as the registry sees it now. */
export type Participant = {
  address: string;
  state: AccreditationState;
  roles: RoleName[];
  /** Unix seconds; zero when never accredited. */
  validUntil: bigint;
  /** The registrar that accredited it; undefined when never accredited. */
  registrar: string | undefined;
  evidenceHash: Hash | undefined;
};

/** A certification scheme. */
export type Scheme = {
  id: Hash;
  /** The readable name, when the id is a short string. */
  name: string;
  standardsBody: string;
  documentHash: Hash;
  /** Seconds. */
  defaultValidity: bigint;
};

/** What a certificate allows per period. */
export type Capacity = {
  perPeriod: bigint;
  /** The unit the capacity counts, such as `kg`; draws must be made in it. */
  unit: string;
  /** Seconds. */
  periodLength: bigint;
  /** Left this period (zero when the certificate is not valid now). */
  remaining: bigint;
  /** When this period ends, unix seconds (zero when not valid now). */
  periodEnd: bigint;
};

/** A participant's certificate under one scheme. */
export type Certificate = {
  participant: string;
  schemeId: Hash;
  schemeName: string;
  state: CertificateState;
  auditor: string;
  validFrom: bigint;
  validUntil: bigint;
  /** Undefined when the certificate sets no capacity limit. */
  capacity: Capacity | undefined;
  /**
   * The unit draws must be made in; undefined when the certificate names none (it then sets no
   * capacity limit, and draws in any unit count).
   */
  capacityUnit: string | undefined;
  evidenceHash: Hash;
};

export type AccreditParameters = {
  participant: string;
  /** Role names, or a comma-separated list. */
  roles: readonly string[] | string;
  validUntil: Timestamp;
  evidenceHash: string;
};

export type RenewParameters = {
  participant: string;
  validUntil: Timestamp;
  evidenceHash: string;
};

export type DefineSchemeParameters = {
  /** A short name such as `AS9100D` (up to 31 bytes), or a bytes32 id. */
  scheme: string;
  documentHash: string;
  /** How long certificates last by default, in seconds. */
  defaultValidity: bigint | number;
};

export type GrantCertificateParameters = {
  participant: string;
  scheme: string;
  /** Start of validity; now when omitted. */
  validFrom?: Timestamp;
  /** End of validity; the scheme's default validity after the start when omitted. */
  validUntil?: Timestamp;
  /**
   * Units per period, their unit (1 to 8 ASCII characters, such as `kg`: the parts registry draws
   * a batch's quantity in the batch's unit) and the period in seconds; no limit when omitted.
   */
  capacity?: { perPeriod: bigint | number; unit: string; periodLength: bigint | number };
  evidenceHash: string;
};

/** A participant and an optional reason: for suspend and revoke. */
export type ReasonedParticipantParameters = {
  participant: string;
  /** The hash of the reason; none when omitted. */
  reasonHash?: string;
};

export type SetRolesParameters = {
  participant: string;
  /** The roles, as a list or comma-separated. */
  roles: readonly string[] | string;
};

export type TransferSchemeParameters = {
  scheme: string;
  /** The active standards body that takes the scheme over. */
  newBody: string;
  /** The hash of the reason; none when omitted. */
  reasonHash?: string;
};

/** A scheme and an auditor: to authorise, deauthorise, ask or check an auditor. */
export type SchemeAuditorParameters = {
  scheme: string;
  auditor: string;
};

/** A participant and a scheme: a certificate, its request, whether it is certified. */
export type ParticipantSchemeParameters = {
  participant: string;
  scheme: string;
};

export type RevokeCertificateParameters = {
  participant: string;
  scheme: string;
  /** The hash of the reason; none when omitted. */
  reasonHash?: string;
};

export type IsActiveParameters = {
  account: string;
  role: RoleName;
};

export type CertificateSchemesOfParameters = {
  participant: string;
  /** Where the event query starts (an address book's `startBlock`). */
  fromBlock: number;
};

/**
 * Typed access to the participant registry: accreditation, schemes, auditors, certificates.
 * Every write checks its input first (addresses, roles, dates against the chain's clock, hashes)
 * and throws an {@link InputError} before anything is sent; a contract refusal comes back as a
 * decoded `ContractRevertedError` with a sentence.
 *
 * @example
 * const participants = ParticipantsClient.fromAddressBook(book, registrarSigner);
 * await participants.accredit({ participant, roles: ["producer"], validUntil: new Date("2027-12-31"),
 *   evidenceHash: hashDocument(pdfBytes) });
 */
export class ParticipantsClient extends ContractClient {
  protected static override readonly bookEntry = "ParticipantRegistry";
  readonly #contract: ParticipantRegistry;

  constructor(address: string, runner: ContractRunner) {
    super(address, runner, REGISTRY);
    this.#contract = ParticipantRegistry__factory.connect(this.address, runner);
  }

  // ---------------------------------------------------------------------------------------------
  // Governance
  // ---------------------------------------------------------------------------------------------

  /** Governance appoints a registrar. */
  async appointRegistrar(account: string): Promise<TxResult> {
    const who = forField("account", () => toAddress(account, "registrar address"));
    return this.send(() => this.#contract.grantRole(REGISTRAR_ROLE, who));
  }

  /** Governance removes a registrar. */
  async removeRegistrar(account: string): Promise<TxResult> {
    const who = forField("account", () => toAddress(account, "registrar address"));
    return this.send(() => this.#contract.revokeRole(REGISTRAR_ROLE, who));
  }

  /** Governance lets a contract draw certified capacity (the parts registry). */
  async authorizeCapacityConsumer(account: string): Promise<TxResult> {
    const who = forField("account", () => toAddress(account, "consumer address"));
    return this.send(() => this.#contract.grantRole(CAPACITY_CONSUMER_ROLE, who));
  }

  /** Whether `account` is a registrar. */
  async isRegistrar(account: string): Promise<boolean> {
    const who = forField("account", () => toAddress(account));
    return this.read(() => this.#contract.hasRole(REGISTRAR_ROLE, who));
  }

  /** Whether `account` holds the governance (admin) power. */
  async isGovernance(account: string): Promise<boolean> {
    const who = forField("account", () => toAddress(account));
    return this.read(() => this.#contract.hasRole(GOVERNANCE_ROLE, who));
  }

  /** Who governs the registry, its hand-over delay, and any hand-over under way. */
  async governance(): Promise<Governance> {
    return this.read(() => readGovernance(this.#contract));
  }

  /** The contract the deployer wired at setup (the part registry); undefined while open. */
  async setupAccount(): Promise<string | undefined> {
    const account = await this.read(() => this.#contract.setupAccount());
    return account === ZeroAddress ? undefined : account;
  }

  // ---------------------------------------------------------------------------------------------
  // Registrars
  // ---------------------------------------------------------------------------------------------

  /** A registrar accredits a participant with roles until a date, on hashed evidence. */
  async accredit(params: AccreditParameters): Promise<TxResult> {
    const participant = forField("participant", () =>
      toAddress(params.participant, "participant address"),
    );
    const mask = rolesToMask(parseRoles(params.roles));
    const validUntil = await this.#futureTime(params.validUntil, "expiry");
    const evidence = forField("evidenceHash", () =>
      toDocumentHash(params.evidenceHash, "evidence hash"),
    );
    return this.send(() => this.#contract.accredit(participant, mask, validUntil, evidence));
  }

  /** A registrar replaces a participant's roles without re-accrediting it. */
  async setRoles(params: SetRolesParameters): Promise<TxResult> {
    const who = forField("participant", () => toAddress(params.participant, "participant address"));
    const mask = rolesToMask(parseRoles(params.roles));
    return this.send(() => this.#contract.setRoles(who, mask));
  }

  /** A registrar suspends a participant; it stops counting at once. */
  async suspend(params: ReasonedParticipantParameters): Promise<TxResult> {
    const who = forField("participant", () => toAddress(params.participant, "participant address"));
    const reason = forField("reasonHash", () =>
      toHash(params.reasonHash ?? ZeroHash, "reason hash"),
    );
    return this.send(() => this.#contract.suspend(who, reason));
  }

  /** A registrar lifts a suspension. */
  async reinstate(participant: string): Promise<TxResult> {
    const who = forField("participant", () => toAddress(participant, "participant address"));
    return this.send(() => this.#contract.reinstate(who));
  }

  /** A registrar extends an accreditation on new evidence. */
  async renew(params: RenewParameters): Promise<TxResult> {
    const who = forField("participant", () => toAddress(params.participant, "participant address"));
    const validUntil = await this.#futureTime(params.validUntil, "new expiry");
    const evidence = forField("evidenceHash", () =>
      toDocumentHash(params.evidenceHash, "evidence hash"),
    );
    return this.send(() => this.#contract.renew(who, validUntil, evidence));
  }

  /** A registrar ends an accreditation for good. */
  async revoke(params: ReasonedParticipantParameters): Promise<TxResult> {
    const who = forField("participant", () => toAddress(params.participant, "participant address"));
    const reason = forField("reasonHash", () =>
      toHash(params.reasonHash ?? ZeroHash, "reason hash"),
    );
    return this.send(() => this.#contract.revoke(who, reason));
  }

  // ---------------------------------------------------------------------------------------------
  // Standards bodies and auditors
  // ---------------------------------------------------------------------------------------------

  /** A standards body defines a certification scheme. */
  async defineScheme(params: DefineSchemeParameters): Promise<TxResult> {
    const id = forField("scheme", () => toSchemeId(params.scheme));
    const documentHash = forField("documentHash", () =>
      toDocumentHash(params.documentHash, "scheme document hash"),
    );
    const validity = forField("defaultValidity", () =>
      toPositiveAmount(params.defaultValidity, "default validity", 48),
    );
    return this.send(() => this.#contract.defineScheme(id, documentHash, validity));
  }

  /**
   * Governance hands a scheme to another active standards body, typically because its body lost
   * its accreditation (which stops the scheme's grants until then).
   */
  async transferScheme(params: TransferSchemeParameters): Promise<TxResult> {
    const id = forField("scheme", () => toSchemeId(params.scheme));
    const body = forField("newBody", () => toAddress(params.newBody, "new standards body address"));
    if (body === ZeroAddress) {
      throw new InputError(
        InputErrorCode.InvalidAddress,
        "The new standards body cannot be the zero address.",
        { field: "newBody" },
      );
    }
    const reason = forField("reasonHash", () =>
      toHash(params.reasonHash ?? ZeroHash, "reason hash"),
    );
    return this.send(() => this.#contract.transferScheme(id, body, reason));
  }

  /** A standards body authorises an auditor under its scheme. */
  async authorizeAuditor(params: SchemeAuditorParameters): Promise<TxResult> {
    const id = forField("scheme", () => toSchemeId(params.scheme));
    const who = forField("auditor", () => toAddress(params.auditor, "auditor address"));
    return this.send(() => this.#contract.authorizeAuditor(id, who));
  }

  /** A standards body withdraws an auditor's authorisation under its scheme. */
  async deauthorizeAuditor(params: SchemeAuditorParameters): Promise<TxResult> {
    const id = forField("scheme", () => toSchemeId(params.scheme));
    const who = forField("auditor", () => toAddress(params.auditor, "auditor address"));
    return this.send(() => this.#contract.deauthorizeAuditor(id, who));
  }

  /**
   * The signer asks `auditor` to certify it under `scheme`: only that auditor may then grant (or
   * renew) its certificate, once. A new request replaces the previous one.
   */
  async requestCertificate(params: SchemeAuditorParameters): Promise<TxResult> {
    const id = forField("scheme", () => toSchemeId(params.scheme));
    const who = forField("auditor", () => toAddress(params.auditor, "auditor address"));
    if (who === ZeroAddress) {
      throw new InputError(
        InputErrorCode.InvalidAddress,
        "The auditor cannot be the zero address; use withdrawCertificateRequest to withdraw a request.",
      );
    }
    return this.send(() => this.#contract.requestCertificate(id, who));
  }

  /** The signer withdraws its request for a certificate under `scheme`. */
  async withdrawCertificateRequest(scheme: string): Promise<TxResult> {
    const id = forField("scheme", () => toSchemeId(scheme));
    return this.send(() => this.#contract.requestCertificate(id, ZeroAddress));
  }

  /** The auditor `participant` asked to certify it under `scheme`, or undefined when none. */
  async requestedAuditor(params: ParticipantSchemeParameters): Promise<string | undefined> {
    const who = forField("participant", () => toAddress(params.participant, "participant address"));
    const id = forField("scheme", () => toSchemeId(params.scheme));
    const auditor = await this.read(() => this.#contract.requestedAuditor(who, id));
    return auditor === ZeroAddress ? undefined : auditor;
  }

  /**
   * An authorised auditor certifies a participant under a scheme; the participant must have asked
   * it first ({@link requestCertificate}). Returns the certificate as the registry now holds it
   * (its defaults resolved: the start, the end, this period's capacity).
   */
  async grantCertificate(
    params: GrantCertificateParameters,
  ): Promise<{ tx: TxResult; certificate: Certificate }> {
    const participant = forField("participant", () =>
      toAddress(params.participant, "participant address"),
    );
    const id = forField("scheme", () => toSchemeId(params.scheme));
    const now = await this.chainTime();
    const validFrom =
      params.validFrom === undefined ? 0n : toUnixSeconds(params.validFrom, "start of validity");
    let validUntil = 0n;
    if (params.validUntil !== undefined) {
      validUntil = toUnixSeconds(params.validUntil, "end of validity");
      requireFuture(validUntil, now, "end of validity");
      if (validUntil <= validFrom) {
        throw new InputError(
          InputErrorCode.InvalidTime,
          "The end of validity must come after its start.",
        );
      }
    }
    let perPeriod = 0n;
    let periodLength = 0n;
    let unit = NO_UNIT;
    if (params.capacity !== undefined) {
      perPeriod = toPositiveAmount(params.capacity.perPeriod, "capacity per period", 96);
      unit = unitToBytes8(params.capacity.unit);
      periodLength = toPositiveAmount(params.capacity.periodLength, "capacity period", 32);
      if (periodLength < 3600n) {
        throw new InputError(
          InputErrorCode.InvalidAmount,
          `The capacity period must be at least one hour (3600 s); got ${periodLength} s.`,
        );
      }
    }
    const evidence = forField("evidenceHash", () =>
      toDocumentHash(params.evidenceHash, "audit evidence hash"),
    );
    const tx = await this.send(() =>
      this.#contract.grantCertificate(
        participant,
        id,
        validFrom,
        validUntil,
        perPeriod,
        unit,
        periodLength,
        evidence,
      ),
    );
    const certificate = await this.getCertificate({ participant, scheme: id });
    assertInvariant(certificate !== undefined, "a granted certificate reads back as missing");
    return { tx, certificate };
  }

  /** The granting auditor or the scheme's standards body revokes a certificate. */
  async revokeCertificate(params: RevokeCertificateParameters): Promise<TxResult> {
    const who = forField("participant", () => toAddress(params.participant, "participant address"));
    const id = forField("scheme", () => toSchemeId(params.scheme));
    const reason = forField("reasonHash", () =>
      toHash(params.reasonHash ?? ZeroHash, "reason hash"),
    );
    return this.send(() => this.#contract.revokeCertificate(who, id, reason));
  }

  // ---------------------------------------------------------------------------------------------
  // Queries
  // ---------------------------------------------------------------------------------------------

  /** A participant's accreditation, as it stands now. */
  async getParticipant(address: string): Promise<Participant> {
    const who = toAddress(address, "participant address");
    const [stored, state] = await this.read(() =>
      Promise.all([this.#contract.accreditation(who), this.#contract.accreditationState(who)]),
    );
    const never = stored.registrar === "0x0000000000000000000000000000000000000000";
    return {
      address: who,
      state: ACCREDITATION_STATES[Number(state)] ?? "none",
      roles: maskToRoles(stored.roles),
      validUntil: stored.validUntil,
      registrar: never ? undefined : stored.registrar,
      evidenceHash: never ? undefined : (stored.evidenceHash as Hash),
    };
  }

  /** Whether `account` is active in `role` now. */
  async isActive(params: IsActiveParameters): Promise<boolean> {
    const who = forField("account", () => toAddress(params.account));
    const index = roleIndex(parseRole(params.role));
    return this.read(() => this.#contract.isActive(who, index));
  }

  /** A scheme, or undefined when it is not defined. */
  async getScheme(scheme: string): Promise<Scheme | undefined> {
    const id = forField("scheme", () => toSchemeId(scheme));
    const stored = await this.read(() => this.#contract.scheme(id));
    if (stored.standardsBody === "0x0000000000000000000000000000000000000000") return undefined;
    return {
      id,
      name: schemeName(id),
      standardsBody: stored.standardsBody,
      documentHash: stored.documentHash as Hash,
      defaultValidity: stored.defaultValidity,
    };
  }

  /** Whether `auditor` may certify under `scheme`. */
  async isAuthorizedAuditor(params: SchemeAuditorParameters): Promise<boolean> {
    const id = forField("scheme", () => toSchemeId(params.scheme));
    const who = forField("auditor", () => toAddress(params.auditor, "auditor address"));
    return this.read(() => this.#contract.isAuthorizedAuditor(id, who));
  }

  /** A participant's certificate under a scheme, or undefined when it never had one. */
  async getCertificate(params: ParticipantSchemeParameters): Promise<Certificate | undefined> {
    const who = forField("participant", () => toAddress(params.participant, "participant address"));
    const id = forField("scheme", () => toSchemeId(params.scheme));
    const [stored, state, [remaining, periodEnd]] = await this.read(() =>
      Promise.all([
        this.#contract.certificate(who, id),
        this.#contract.certificateState(who, id),
        this.#contract.remainingCapacity(who, id),
      ]),
    );
    if (stored.auditor === "0x0000000000000000000000000000000000000000") return undefined;
    return {
      participant: who,
      schemeId: id,
      schemeName: schemeName(id),
      state: CERTIFICATE_STATES[Number(state)] ?? "none",
      auditor: stored.auditor,
      validFrom: stored.validFrom,
      validUntil: stored.validUntil,
      capacity:
        stored.capacityPerPeriod === 0n
          ? undefined
          : {
              perPeriod: stored.capacityPerPeriod,
              unit: unitFromBytes8(stored.capacityUnit),
              periodLength: stored.periodLength,
              remaining,
              periodEnd,
            },
      capacityUnit:
        stored.capacityUnit === NO_UNIT ? undefined : unitFromBytes8(stored.capacityUnit),
      evidenceHash: stored.evidenceHash as Hash,
    };
  }

  /**
   * The schemes under which `participant` was ever certified, from its `CertificateGranted`
   * events since `fromBlock` (use the address book's `startBlock`), each once, in order of first
   * grant. Read each one with {@link getCertificate}.
   */
  async certificateSchemesOf(params: CertificateSchemesOfParameters): Promise<Hash[]> {
    const who = forField("participant", () => toAddress(params.participant, "participant address"));
    checkFromBlock(params.fromBlock);
    const filter = this.#contract.filters.CertificateGranted(who);
    const events = await this.read(async () =>
      queryInPages(
        (from, to) => this.#contract.queryFilter(filter, from, to),
        params.fromBlock,
        await this.provider().getBlockNumber(),
      ),
    );
    const schemes = new Set<Hash>();
    for (const event of events) schemes.add(event.args.schemeId.toLowerCase() as Hash);
    return [...schemes];
  }

  /** Whether `participant` holds a valid certificate under `scheme` now. */
  async isCertified(params: ParticipantSchemeParameters): Promise<boolean> {
    const who = forField("participant", () => toAddress(params.participant, "participant address"));
    const id = forField("scheme", () => toSchemeId(params.scheme));
    return this.read(() => this.#contract.isCertified(who, id));
  }

  // ---------------------------------------------------------------------------------------------

  async #futureTime(value: Timestamp, what: string): Promise<bigint> {
    const seconds = toUnixSeconds(value, what);
    requireFuture(seconds, await this.chainTime(), what);
    return seconds;
  }
}
