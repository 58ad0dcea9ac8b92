/**
 * The circular economy (white paper 6.1): remanufacture cores, their grading and market, core
 * charges, OEM licences, remanufacture with lineage and warranty, and recycling into new material.
 */
import {
  type BaseContract,
  type ContractRunner,
  type ContractTransactionResponse,
  Interface,
  type Log,
  type LogDescription,
  ZeroAddress,
} from "ethers";
import type { AddressBook } from "../core/address-book.js";
import { type ClientClass, ContractClient, type ContractDescription } from "../core/client.js";
import { CIRCULAR_SENTENCES, CORE_SENTENCES } from "../core/decode.js";
import {
  type AllowanceApprovals,
  ensureAllowance,
  erc20,
  ERC20_ERRORS,
  readTokenInfo,
} from "../core/erc20.js";
import {
  CHARGE_STATES,
  type ChargeStateName,
  CIRCULAR_LIMITS,
  CLAIM_STATES,
  type ClaimStateName,
  CORE_STATES,
  type CoreOutcomeName,
  type CoreStateName,
  outcomeIndex,
  outcomeName,
  parseOutcome,
} from "./encodings.js";
import {
  assertInvariant,
  ContractRevertedError,
  InputError,
  InputErrorCode,
} from "../core/errors.js";
import { checkFromBlock, inLogOrder, queryInPages } from "../core/events.js";
import { checkAmountShape, toTokenAmount } from "../invoicing/encodings.js";
import type { Hash } from "../core/hashing.js";
import {
  type AttestationConflictEntry,
  type AttestationResolvedEntry,
  type AttestedEntry,
  type MadeEntry,
  partHistory,
  type StatusChangedEntry,
  type TimelineEntry,
} from "../provenance/history.js";
import type { BatchInput, BatchInputParameter } from "../provenance/client.js";
import {
  type AttestationKindName,
  formatPartId,
  maskToKinds,
  PART_LIMITS,
  PART_STATUSES,
  partIdOf,
  serialToBytes32,
  toBatchId,
  toPartId,
  unitToBytes8,
} from "../provenance/encodings.js";
import { ACCREDITATION_STATES, roleIndex, type RoleName } from "../participants/roles.js";
import type { TxResult } from "../core/tx.js";
import {
  type CoreCharges,
  CoreCharges__factory,
  type CoreRegistry,
  CoreRegistry__factory,
  type LicenceRegistry,
  LicenceRegistry__factory,
  type PartRegistry,
  PartRegistry__factory,
  type ParticipantRegistry,
  ParticipantRegistry__factory,
  type WarrantyRegistry,
  WarrantyRegistry__factory,
} from "../typechain/index.js";
import {
  formatDuration,
  formatTime,
  nonZeroAddress,
  requireFuture,
  type Timestamp,
  toAddress,
  toDocumentHash,
  toPositiveAmount,
  toSchemeId,
  toUnixSeconds,
  wholeOrUndefined,
} from "../core/validate.js";

export {
  CHARGE_STATES,
  type ChargeStateName,
  CIRCULAR_LIMITS,
  CLAIM_STATES,
  type ClaimStateName,
  CORE_OUTCOMES,
  CORE_STATES,
  type CoreOutcomeName,
  type CoreStateName,
  outcomeIndex,
  outcomeName,
  parseOutcome,
} from "./encodings.js";

// -------------------------------------------------------------------------------------------------
// Parameters
// -------------------------------------------------------------------------------------------------

/** An id of a core (the part's id), a part, a licence, a claim or a charge, as callers give it. */
export type IdParameter = bigint | number | string;

/**
 * An amount of a token: a bigint in the token's smallest unit, or a string in token units
 * (`"12.50"`), which the client scales by the token's `decimals()`.
 */
export type CircularTokenAmount = bigint | string;

/** The addresses of the circular-economy contracts (the part registry's is read when omitted). */
export type CircularAddresses = {
  coreRegistry: string;
  licenceRegistry: string;
  warrantyRegistry: string;
  coreCharges: string;
  /** The part registry; read from the core registry (`parts()`) when omitted. */
  partRegistry?: string;
  /** Where event queries start by default (an address book's `startBlock`); 0 when omitted. */
  startBlock?: number;
};

export type ReturnCoreParameters = {
  /** The part at end of life, held by the signer. */
  partId: IdParameter;
  /** The hash of the return paperwork (removal record, condition photos). */
  evidenceHash: string;
};

export type GradeParameters = {
  coreId: IdParameter;
  outcome: CoreOutcomeName | string;
  /** 1 (as new) to 5 (scrap). */
  grade: bigint | number | string;
  /** The hash of the inspection data. */
  evidenceHash: string;
};

export type ListParameters = {
  coreId: IdParameter;
  /** The ERC-20 token the price is in. */
  token: string;
  /** Above zero; a string is in token units. */
  price: CircularTokenAmount;
};

export type BuyParameters = {
  coreId: IdParameter;
  /**
   * The offer the buyer accepts: when given, the client refuses a listing in another token or at
   * another price (in the token's smallest unit, or a string in token units). When omitted, the
   * listing as it stands is bought; the contract still refuses one that changes before the
   * transaction is mined.
   */
  token?: string;
  price?: CircularTokenAmount;
  /** Seconds: the core must carry a grade no older than this; no requirement when omitted. */
  maxGradeAge?: bigint | number;
};

export type RequireChargeParameters = {
  /** Who pays the deposit: an accredited participant other than the signer (the seller). */
  buyer: string;
  /** The unit sold, whose specification the returned core must share. */
  unitPartId: IdParameter;
  token: string;
  /** The deposit, above zero; a string is in token units. */
  amount: CircularTokenAmount;
  /** When the core must be returned by: in the future. */
  returnBy: Timestamp;
  /** The share refunded for a core of grade 1..5, in basis points (0..10,000): five entries. */
  refundBps: readonly (number | bigint)[];
};

export type SettleChargeParameters = {
  chargeId: IdParameter;
  /** A graded core of the unit's specification, held by the signer (the buyer). */
  coreId: IdParameter;
};

export type WithdrawChargeParameters = {
  chargeId: IdParameter;
  /** Where to send the credit; the signer when omitted. */
  to?: string;
};

export type GrantLicenceParameters = {
  /** The specification, owned by the signer. */
  spec: string;
  /** An active remanufacturer other than the signer. */
  remanufacturer: string;
  /** Units per period, from 1. */
  unitsPerPeriod: bigint | number;
  /** Seconds, at least the registry's `MIN_PERIOD` (one day). */
  periodLength: bigint | number;
  /** When the licence ends: in the future. */
  validUntil: Timestamp;
  /** The token the fee is paid in; required with a fee. */
  feeToken?: string;
  /** The fee per unit, paid by the remanufacturer to the OEM at remanufacture; none when omitted. */
  feePerUnit?: CircularTokenAmount;
  /** The hash of the data package (specification and performance data) licensed. */
  dataHash: string;
};

export type RevokeLicenceParameters = {
  licenceId: IdParameter;
  reasonHash: string;
};

export type SetNewPartWarrantyParameters = {
  /** The specification, owned by the signer. */
  spec: string;
  /** Seconds, above zero. */
  duration: bigint | number;
};

export type RemanufactureParameters = {
  /** A graded core held by the signer, fit for remanufacture, recondition or repair. */
  coreId: IdParameter;
  /** The new part's serial (up to 31 bytes), new for the signer. */
  serial: string;
  /** The address of the new part's tag chip key; no chip when omitted. */
  chipKey?: string;
  /** New material the new part consumes, from batches the signer holds (at most 8). */
  inputs?: readonly BatchInputParameter[];
  /** Seconds, at least the minimum for the core's outcome (`minimumWarranty`). */
  warrantyDuration: bigint | number;
  /** The hash of the warranty's terms. */
  warrantyTermsHash: string;
};

export type RecycleParameters = {
  /** A core held by the signer, an accredited recycler. */
  coreId: IdParameter;
  /** The recycled material's specification hash. */
  materialSpec: string;
  /** The batch's quantity, drawn from the signer's certified capacity under every scheme. */
  quantity: bigint | number | string;
  /** Up to 8 ASCII characters: `kg`. */
  unit: string;
  /** The certification schemes the batch carries, by name or id; one to four. */
  schemes: readonly string[];
  /** The hash of the material certificate of the batch. */
  batchEvidenceHash: string;
  /** The hash of the recycling record. */
  evidenceHash: string;
};

export type FileClaimParameters = {
  /** A part with a warranty, owned by the signer. */
  partId: IdParameter;
  evidenceHash: string;
};

export type AnswerClaimParameters = {
  claimId: IdParameter;
  accepted: boolean;
  reasonHash: string;
};

export type EscalateClaimParameters = {
  claimId: IdParameter;
  /** An active arbiter, neither the claimant nor the issuer. */
  arbiter: string;
};

export type RuleClaimParameters = {
  claimId: IdParameter;
  /** For the claimant. */
  upheld: boolean;
  reasonHash: string;
};

/** Where event queries start: a block number (an address book's `startBlock`). */
export type CircularRange = { fromBlock?: number };

// -------------------------------------------------------------------------------------------------
// Results
// -------------------------------------------------------------------------------------------------

/** A core's latest grade. */
export type CoreGrade = {
  outcome: CoreOutcomeName;
  /** 1 (as new) to 5 (scrap). */
  grade: number;
  grader: string;
  /** Unix seconds. */
  gradedAt: bigint;
};

/** A core offered for sale. */
export type CoreListing = {
  token: string;
  /** In the token's smallest unit. */
  price: bigint;
};

/** A core as the core registry reports it now. */
export type Core = {
  id: bigint;
  state: CoreStateName;
  /** The core's holder while held; undefined after. */
  holder: string | undefined;
  spec: Hash;
  maker: string;
  /** How many times the part's line was remanufactured before this part. */
  generation: number;
  /** Whether the part, anything inside it or any predecessor is made of recalled material. */
  recalled: boolean;
  passedKinds: AttestationKindName[];
  conflictKinds: AttestationKindName[];
  /** Parts built into it (an assembly returned whole). */
  children: bigint;
  /** Unix seconds. */
  returnedAt: bigint;
  /** Undefined before the first grade. */
  grade: CoreGrade | undefined;
  gradeCount: number;
  /** What the core became: the new part's id, or the recycled batch's id; undefined while held. */
  successor: bigint | undefined;
  /** Undefined when not listed. */
  listing: CoreListing | undefined;
};

/** One grade of a core, from its `CoreGraded` event. */
export type CoreGradeEntry = CoreGrade & {
  evidenceHash: Hash;
  blockNumber: number;
  transactionHash: string;
};

/** A core with what a buyer prices it on from the part registry's and the core registry's events. */
export type CoreDetails = Core & {
  /** When the part was made (unix seconds); undefined when made before the range searched. */
  madeAt: bigint | undefined;
  made: MadeEntry | undefined;
  /** Attestations, conflicts and rulings, in chain order. */
  attestations: (AttestedEntry | AttestationConflictEntry | AttestationResolvedEntry)[];
  /** Every status change of the part, in chain order. */
  statusHistory: StatusChangedEntry[];
  /** Every grade, oldest first (the latest counts). */
  grades: CoreGradeEntry[];
  /** The part's whole timeline: the part registry's events, and its life as a core and its warranty. */
  history: TimelineEntry[];
};

/** An OEM licence to remanufacture. */
export type Licence = {
  id: bigint;
  spec: Hash;
  oem: string;
  remanufacturer: string;
  unitsPerPeriod: number;
  /** Seconds. */
  periodLength: bigint;
  /** Unix seconds. */
  start: bigint;
  validUntil: bigint;
  revoked: boolean;
  /** Undefined without a fee. */
  feeToken: string | undefined;
  feePerUnit: bigint;
  dataHash: Hash;
};

/** What is left of a licence now. */
export type LicenceQuota = {
  /** Units left in the current period (zero when revoked or expired). */
  remaining: number;
  /** Unix seconds. */
  periodStart: bigint;
  /** Unix seconds; 0 when the licence ends before another period starts. */
  nextPeriodStart: bigint;
};

/** A remanufactured part's warranty. */
export type Warranty = {
  partId: bigint;
  issuer: string;
  /** Unix seconds. */
  start: bigint;
  /** Seconds. */
  duration: bigint;
  /** Unix seconds: claims are filed until then. */
  end: bigint;
  outcome: CoreOutcomeName;
  termsHash: Hash;
};

/** A warranty claim. */
export type WarrantyClaim = {
  id: bigint;
  partId: bigint;
  claimant: string;
  /** Unix seconds. */
  filedAt: bigint;
  state: ClaimStateName;
  /** Undefined until escalated. */
  arbiter: string | undefined;
};

/** A core charge. */
export type CoreCharge = {
  id: bigint;
  seller: string;
  buyer: string;
  token: string;
  amount: bigint;
  spec: Hash;
  unitPartId: bigint;
  /** Unix seconds. */
  returnBy: bigint;
  state: ChargeStateName;
  /** Basis points refunded for a core of grade 1..5. */
  refundBps: number[];
  /** The core handed in; undefined before settlement. */
  coreId: bigint | undefined;
};

/** One step back in a part's lineage. */
export type LineageStep = {
  partId: bigint;
  /** How many remanufactures led to it (0 for the first part). */
  generation: number;
  /** The outcome it was remanufactured with; undefined for the first part. */
  outcome: CoreOutcomeName | undefined;
};

/** A material batch the first part of a line consumed. */
export type LineageInput = BatchInput & {
  /** The core the batch's material was recycled from; undefined for virgin material. */
  recycledFrom: bigint | undefined;
};

/** A part's line: back to the first part and that part's material batches. */
export type Lineage = {
  partId: bigint;
  generation: number;
  outcome: CoreOutcomeName | undefined;
  /** The predecessors, newest first, ending with the first part of the line. */
  predecessors: LineageStep[];
  firstPart: bigint;
  /** The batches the first part's lot consumed. */
  inputs: LineageInput[];
  /** Whether the part or any predecessor is made of recalled material. */
  recalled: boolean;
  /** Conforming, and no recalled material anywhere in its lineage. */
  fit: boolean;
};

/** Approvals a payment sent first (see `ensureAllowance`); both undefined when none was needed. */
export type PaymentApprovals = {
  approval: TxResult | undefined;
  allowanceReset: TxResult | undefined;
};

// -------------------------------------------------------------------------------------------------
// The client
// -------------------------------------------------------------------------------------------------

/** The core registry, for {@link ContractClient}, with the errors of every contract it calls. */
const CIRCULAR: ContractDescription = {
  addressLabel: "core registry address",
  iface: CoreRegistry__factory.createInterface(),
  calledErrors: [
    new Interface(LicenceRegistry__factory.abi),
    new Interface(WarrantyRegistry__factory.abi),
    new Interface(CoreCharges__factory.abi),
    new Interface(PartRegistry__factory.abi),
    new Interface(ParticipantRegistry__factory.abi),
    ERC20_ERRORS,
  ],
  sentences: CIRCULAR_SENTENCES,
};

type SendTx = () => Promise<ContractTransactionResponse>;

/**
 * Typed access to the circular economy: one client over the core registry, the licence registry,
 * the warranty registry and core charges (and the part registry underneath). Every write checks
 * its input and the chain's state first (ids, hashes, amounts against the token's decimals,
 * deadlines against the chain's clock, who the signer is, what the core or charge allows) and
 * throws an {@link InputError} before anything is sent; a contract refusal comes back as a
 * decoded `ContractRevertedError` with a sentence. Approvals are exact: one ERC-721 `approve`
 * per core or part (never `setApprovalForAll`), and an ERC-20 allowance of exactly the amount
 * due (reset to zero first when it was non-zero and short).
 *
 * @example
 * const circular = CircularClient.fromAddressBook(book, holderSigner);
 * const { coreId } = await circular.returnCore({ partId, evidenceHash });
 * await circular.connect(inspector).grade({ coreId, outcome: "remanufacture", grade: 2,
 *   evidenceHash });
 */
export class CircularClient extends ContractClient {
  protected static override readonly bookEntry = "CoreRegistry";
  /** The runner the client acts through (a signer to send, a provider to read). */
  declare readonly runner: ContractRunner;
  /** The contracts' addresses. */
  readonly addresses: Readonly<CircularAddresses>;
  readonly #cores: CoreRegistry;
  readonly #licences: LicenceRegistry;
  readonly #warranties: WarrantyRegistry;
  readonly #charges: CoreCharges;
  #parts: PartRegistry | undefined;
  #participants: ParticipantRegistry | undefined;

  constructor(addresses: CircularAddresses, runner: ContractRunner) {
    super(addresses.coreRegistry, runner, CIRCULAR);
    const checked: CircularAddresses = {
      coreRegistry: this.address,
      licenceRegistry: toAddress(addresses.licenceRegistry, "licence registry address"),
      warrantyRegistry: toAddress(addresses.warrantyRegistry, "warranty registry address"),
      coreCharges: toAddress(addresses.coreCharges, "core charges address"),
    };
    if (addresses.partRegistry !== undefined) {
      checked.partRegistry = toAddress(addresses.partRegistry, "parts registry address");
    }
    if (addresses.startBlock !== undefined) {
      checkFromBlock(addresses.startBlock);
      checked.startBlock = addresses.startBlock;
    }
    this.addresses = Object.freeze(checked);
    this.#cores = CoreRegistry__factory.connect(this.address, runner);
    this.#licences = LicenceRegistry__factory.connect(checked.licenceRegistry, runner);
    this.#warranties = WarrantyRegistry__factory.connect(checked.warrantyRegistry, runner);
    this.#charges = CoreCharges__factory.connect(checked.coreCharges, runner);
    this.#parts =
      checked.partRegistry === undefined
        ? undefined
        : PartRegistry__factory.connect(checked.partRegistry, runner);
  }

  /** A client for the circular-economy contracts of an address book (its start block included). */
  static override fromAddressBook(
    this: typeof CircularClient,
    book: AddressBook,
    runner: ContractRunner,
  ): CircularClient;
  /** As the base class's, for the signature every client class shares. */
  static override fromAddressBook<C extends ContractClient>(
    this: ClientClass<C>,
    book: AddressBook,
    runner: ContractRunner,
  ): C;
  static override fromAddressBook(book: AddressBook, runner: ContractRunner): ContractClient {
    return new CircularClient(
      {
        coreRegistry: book.contracts.CoreRegistry,
        licenceRegistry: book.contracts.LicenceRegistry,
        warrantyRegistry: book.contracts.WarrantyRegistry,
        coreCharges: book.contracts.CoreCharges,
        partRegistry: book.contracts.PartRegistry,
        startBlock: book.startBlock,
      },
      runner,
    );
  }

  /** A client for the same contracts acting through another runner (another signer). */
  override connect(runner: ContractRunner): this {
    return new CircularClient(this.addresses, runner) as this;
  }

  // ---------------------------------------------------------------------------------------------
  // Cores
  // ---------------------------------------------------------------------------------------------

  /**
   * The holder (the signer) returns a part at end of life: the client checks the part (held by
   * the signer, under no registrar's hold, not recycled or destroyed), approves the core registry
   * for that one part when it may not move it yet (`approval`), and returns it. The core's id is
   * the part's id.
   */
  async returnCore(params: ReturnCoreParameters): Promise<{
    tx: TxResult;
    coreId: bigint;
    generation: number;
    recalled: boolean;
    approval: TxResult | undefined;
  }> {
    const partId = toPartId(params.partId);
    const evidence = toDocumentHash(params.evidenceHash, "evidence hash");
    const holder = await this.signerAddress();
    const parts = await this.#partRegistry();
    const part = await this.#partView(parts, partId);
    if (part.owner !== holder) {
      throw new InputError(
        InputErrorCode.WrongAccount,
        `The part ${formatPartId(partId)} is held by ${part.owner}, not by the signer ${holder}; ` +
          "only its holder returns it as a core.",
      );
    }
    if (part.registrarHold) {
      throw wrongState(
        `The part ${formatPartId(partId)} is under a registrar's hold; it cannot be returned ` +
          "until a registrar releases it.",
      );
    }
    const status = PART_STATUSES[Number(part.status)];
    if (status === "recycled" || status === "destroyed") {
      throw wrongState(
        `The part ${formatPartId(partId)} is ${status}; only a part still in existence becomes a core.`,
      );
    }
    await this.#requireAccredited(holder, "returns cores");
    const approval = await this.#approveToken(parts, partId, holder, this.address);
    const { tx, logs } = await this.sendForLogs(() => this.#cores.returnCore(partId, evidence));
    const [event] = this.findEvents(logs, "CoreReturned");
    assertInvariant(event !== undefined, "returnCore emitted no CoreReturned event");
    return {
      tx,
      coreId: event.args.coreId as bigint,
      generation: Number(event.args.generation),
      recalled: event.args.recalled as boolean,
      approval,
    };
  }

  /**
   * An accredited inspector or test lab (the signer, neither the core's holder nor its part's
   * maker) grades a held core. A recalled core can only be graded `recycle-only`. Returns how many
   * grades the core has now.
   */
  async grade(params: GradeParameters): Promise<{ tx: TxResult; gradeCount: number }> {
    const coreId = toPartId(params.coreId, "core id");
    const outcome = parseOutcome(params.outcome);
    const grade = toGrade(params.grade);
    const evidence = toDocumentHash(params.evidenceHash, "evidence hash");
    const grader = await this.signerAddress();
    const core = await this.#heldCore(coreId);
    if (core.holder === grader || core.maker === grader) {
      throw new InputError(
        InputErrorCode.WrongAccount,
        `The signer ${grader} ${core.holder === grader ? "holds" : "made"} core ` +
          `${formatPartId(coreId)} and may not grade it; another inspector must.`,
      );
    }
    if (core.recalled && outcome !== "recycle-only") {
      throw wrongState(
        `The core ${formatPartId(coreId)} is of recalled material: it can only be graded ` +
          "recycle-only.",
      );
    }
    const { tx, logs } = await this.sendForLogs(() =>
      this.#cores.grade(coreId, outcomeIndex(outcome), grade, evidence),
    );
    const [event] = this.findEvents(logs, "CoreGraded");
    assertInvariant(event !== undefined, "grade emitted no CoreGraded event");
    return { tx, gradeCount: Number(event.args.gradeCount) };
  }

  // ---------------------------------------------------------------------------------------------
  // Market
  // ---------------------------------------------------------------------------------------------

  /** The holder (the signer) offers a held core at a price above zero, replacing any offer. */
  async list(params: ListParameters): Promise<{ tx: TxResult; token: string; price: bigint }> {
    const coreId = toPartId(params.coreId, "core id");
    const token = nonZeroAddress(params.token, "token address");
    checkAmountShape(params.price, "price", "12.50");
    const seller = await this.signerAddress();
    const core = await this.#heldCore(coreId);
    requireCoreHolder(core, coreId, seller, "lists it");
    const price = await this.#amount(token, params.price, "price", 1n);
    const tx = await this.send(() => this.#cores.list(coreId, token, price), CORE_SENTENCES);
    return { tx, token, price };
  }

  /** The holder (the signer) withdraws a core's offer. */
  async delist(coreId: IdParameter): Promise<TxResult> {
    const id = toPartId(coreId, "core id");
    const seller = await this.signerAddress();
    const core = await this.#heldCore(id);
    requireCoreHolder(core, id, seller, "delists it");
    if (core.listing === undefined) {
      throw wrongState(`The core ${formatPartId(id)} is not listed.`);
    }
    return this.send(() => this.#cores.delist(id), CORE_SENTENCES);
  }

  /**
   * An accredited remanufacturer or recycler (the signer) buys a listed core: the client checks
   * the listing (and that it is the offer given, when `token` and `price` are), the grade's age,
   * and the signer's balance, approves the core registry for exactly the price when the allowance
   * is short, and buys with the listing's token and price, so that a changed offer is refused.
   */
  async buy(params: BuyParameters): Promise<
    {
      tx: TxResult;
      seller: string;
      token: string;
      price: bigint;
    } & PaymentApprovals
  > {
    const coreId = toPartId(params.coreId, "core id");
    const expectedToken =
      params.token === undefined ? undefined : nonZeroAddress(params.token, "token address");
    if (params.price !== undefined) checkAmountShape(params.price, "price", "12.50");
    const maxGradeAge =
      params.maxGradeAge === undefined ? 0n : toSeconds(params.maxGradeAge, "maximum grade age");
    const buyer = await this.signerAddress();
    const core = await this.#heldCore(coreId);
    if (!(await this.#isOem(buyer, core.spec))) {
      await this.#requireRole(
        buyer,
        ["remanufacturer", "recycler"],
        "buys cores (or the OEM of the core's specification)",
      );
    }
    await this.#requireNoHold(coreId);
    const listing = core.listing;
    if (listing === undefined) {
      throw wrongState(`The core ${formatPartId(coreId)} is not listed.`);
    }
    const seller = core.holder ?? ZeroAddress;
    if (seller === buyer) {
      throw new InputError(
        InputErrorCode.WrongAccount,
        `The signer ${buyer} is the seller of core ${formatPartId(coreId)}; it cannot buy its own core.`,
      );
    }
    if (expectedToken !== undefined && expectedToken !== listing.token) {
      throw wrongState(
        `The core ${formatPartId(coreId)} is listed in the token ${listing.token}, not in ${expectedToken}.`,
      );
    }
    if (params.price !== undefined) {
      const expected = await this.#amount(listing.token, params.price, "price", 1n);
      if (expected !== listing.price) {
        throw wrongState(
          `The core ${formatPartId(coreId)} is listed at ${listing.price}, not at ${expected} ` +
            "(in the token's smallest unit).",
        );
      }
    }
    if (maxGradeAge > 0n) {
      if (core.grade === undefined) {
        throw wrongState(`The core ${formatPartId(coreId)} has no grade yet.`);
      }
      const now = await this.chainTime();
      if (core.grade.gradedAt + maxGradeAge <= now) {
        throw wrongState(
          `The core ${formatPartId(coreId)} was last graded at ${formatTime(core.grade.gradedAt)}, ` +
            `more than ${formatDuration(maxGradeAge)} before the chain's time ${formatTime(now)}.`,
        );
      }
    }
    const approvals = await this.#pay(listing.token, buyer, this.address, listing.price);
    const tx = await this.send(
      () => this.#cores.buy(coreId, listing.token, listing.price, maxGradeAge),
      CORE_SENTENCES,
    );
    return { tx, seller, token: listing.token, price: listing.price, ...approvals };
  }

  // ---------------------------------------------------------------------------------------------
  // Core charges
  // ---------------------------------------------------------------------------------------------

  /**
   * The seller (the signer) requires a core deposit from the buyer of a unit: a deadline in the
   * future and five refund shares (grades 1..5) of 0 to 10,000 basis points. Returns its id.
   */
  async requireCharge(
    params: RequireChargeParameters,
  ): Promise<{ tx: TxResult; chargeId: bigint; amount: bigint }> {
    const buyer = nonZeroAddress(params.buyer, "buyer address");
    const unitPartId = toPartId(params.unitPartId, "unit part id");
    const token = nonZeroAddress(params.token, "token address");
    checkAmountShape(params.amount, "deposit", "25.00");
    const returnBy = toUnixSeconds(params.returnBy, "return deadline");
    const schedule = toSchedule(params.refundBps);
    const seller = await this.signerAddress();
    if (buyer === seller) {
      throw new InputError(
        InputErrorCode.WrongAccount,
        `The buyer ${buyer} is the signer, the seller; a seller cannot require a deposit from itself.`,
      );
    }
    requireFuture(returnBy, await this.chainTime(), "return deadline");
    await this.#partView(await this.#partRegistry(), unitPartId);
    const amount = await this.#amount(token, params.amount, "deposit", 1n);
    const { tx, logs } = await this.sendForLogs(() =>
      this.#charges.requireCharge(buyer, unitPartId, token, amount, returnBy, schedule),
    );
    const [event] = eventsOf(this.#charges, logs, "CoreChargeRequired");
    assertInvariant(event !== undefined, "requireCharge emitted no CoreChargeRequired event");
    return { tx, chargeId: event.args.chargeId as bigint, amount };
  }

  /** The seller (the signer) withdraws a charge not yet paid. */
  async cancelCharge(chargeId: IdParameter): Promise<TxResult> {
    const id = toCircularId(chargeId, "charge id");
    const seller = await this.signerAddress();
    const charge = await this.#existingCharge(id);
    if (charge.seller !== seller) {
      throw wrongAccount(`Only the seller ${charge.seller} cancels charge ${id}`, seller);
    }
    if (charge.state !== "required") {
      throw wrongState(
        `The charge ${id} is ${charge.state}; only a charge not yet paid is cancelled.`,
      );
    }
    return this.send(() => this.#charges.cancelCharge(id));
  }

  /**
   * The buyer (the signer) pays a charge's deposit in before its deadline: the client checks the
   * charge and the buyer's balance, and approves core charges for exactly the deposit when the
   * allowance is short.
   */
  async payCharge(chargeId: IdParameter): Promise<{ tx: TxResult } & PaymentApprovals> {
    const id = toCircularId(chargeId, "charge id");
    const buyer = await this.signerAddress();
    const charge = await this.#existingCharge(id);
    if (charge.buyer !== buyer) {
      throw wrongAccount(`Only the buyer ${charge.buyer} pays charge ${id}`, buyer);
    }
    if (charge.state !== "required") {
      throw wrongState(`The charge ${id} is ${charge.state}; only a required charge is paid.`);
    }
    await this.#requireBefore(charge.returnBy, `The deadline of charge ${id}`);
    const approvals = await this.#pay(
      charge.token,
      buyer,
      this.addresses.coreCharges,
      charge.amount,
    );
    const tx = await this.send(() => this.#charges.payCharge(id));
    return { tx, ...approvals };
  }

  /**
   * The buyer (the signer) hands in a graded core of the unit's specification against a paid
   * charge by its deadline: the client checks both, approves core charges for that one core when
   * it may not move it yet, and settles. Returns the grade and the split of the deposit.
   */
  async settleCharge(params: SettleChargeParameters): Promise<{
    tx: TxResult;
    grade: number;
    refund: bigint;
    kept: bigint;
    approval: TxResult | undefined;
  }> {
    const id = toCircularId(params.chargeId, "charge id");
    const coreId = toPartId(params.coreId, "core id");
    const buyer = await this.signerAddress();
    const charge = await this.#existingCharge(id);
    if (charge.buyer !== buyer) {
      throw wrongAccount(`Only the buyer ${charge.buyer} settles charge ${id}`, buyer);
    }
    if (charge.state !== "held") {
      throw wrongState(`The charge ${id} is ${charge.state}; only a paid charge is settled.`);
    }
    await this.#requireBefore(charge.returnBy, `The deadline of charge ${id}`);
    const core = await this.#heldCore(coreId);
    requireCoreHolder(core, coreId, buyer, "hands it in");
    if (core.spec !== charge.spec) {
      throw new InputError(
        InputErrorCode.UnacceptablePart,
        `The core ${formatPartId(coreId)} is of the specification ${core.spec}, not of the unit's ` +
          `${charge.spec}.`,
      );
    }
    if (core.grade === undefined) {
      throw wrongState(
        `The core ${formatPartId(coreId)} has no grade yet, so its refund cannot be set; have it graded.`,
      );
    }
    const grader = core.grade.grader;
    if (grader === charge.seller || grader === buyer) {
      throw wrongState(
        `The latest grade of core ${formatPartId(coreId)} was given by ${grader}, a party to ` +
          `charge ${id}; another inspector must re-grade it before it is handed in.`,
      );
    }
    const approval = await this.#approveToken(
      this.#cores,
      coreId,
      buyer,
      this.addresses.coreCharges,
    );
    const { tx, logs } = await this.sendForLogs(
      () => this.#charges.settleCharge(id, coreId),
      CORE_SENTENCES,
    );
    const [event] = eventsOf(this.#charges, logs, "CoreChargeSettled");
    assertInvariant(event !== undefined, "settleCharge emitted no CoreChargeSettled event");
    return {
      tx,
      grade: Number(event.args.grade),
      refund: event.args.refund as bigint,
      kept: event.args.kept as bigint,
      approval,
    };
  }

  /** Anyone credits a paid deposit to the seller once the charge's deadline has passed. */
  async forfeitCharge(chargeId: IdParameter): Promise<{ tx: TxResult; amount: bigint }> {
    const id = toCircularId(chargeId, "charge id");
    this.requireSigner();
    const charge = await this.#existingCharge(id);
    if (charge.state !== "held") {
      throw wrongState(`The charge ${id} is ${charge.state}; only a paid charge is forfeited.`);
    }
    const now = await this.chainTime();
    if (now < charge.returnBy) {
      throw wrongState(
        `The charge ${id} is due back by ${formatTime(charge.returnBy)}; it is forfeited only ` +
          `after that (the chain's time is ${formatTime(now)}).`,
      );
    }
    const { tx, logs } = await this.sendForLogs(() => this.#charges.forfeitCharge(id));
    const [event] = eventsOf(this.#charges, logs, "CoreChargeForfeited");
    assertInvariant(event !== undefined, "forfeitCharge emitted no CoreChargeForfeited event");
    return { tx, amount: event.args.amount as bigint };
  }

  /** The signer withdraws what a charge owes it, to `to` (itself by default). */
  async withdraw(params: WithdrawChargeParameters): Promise<{ tx: TxResult; amount: bigint }> {
    const id = toCircularId(params.chargeId, "charge id");
    const given =
      params.to === undefined ? undefined : nonZeroAddress(params.to, "recipient address");
    const account = await this.signerAddress();
    const to = given ?? account;
    await this.#existingCharge(id);
    const owed = await this.read(() => this.#charges.owed(id, account));
    if (owed === 0n) {
      throw wrongState(`Charge ${id} owes nothing to the signer ${account}.`);
    }
    const { tx, logs } = await this.sendForLogs(() => this.#charges.withdraw(id, to));
    const [event] = eventsOf(this.#charges, logs, "Withdrawn");
    assertInvariant(event !== undefined, "withdraw emitted no Withdrawn event");
    return { tx, amount: event.args.amount as bigint };
  }

  /** What a charge owes `account` (the signer by default), to withdraw. */
  async owed(chargeId: IdParameter, account?: string): Promise<bigint> {
    const id = toCircularId(chargeId, "charge id");
    const who = account === undefined ? await this.signerAddress() : toAddress(account);
    return this.read(() => this.#charges.owed(id, who));
  }

  /**
   * What core charges hold in `token`: deposits held plus credits not yet withdrawn, which equals
   * the contract's balance of it.
   */
  async liabilities(token: string): Promise<bigint> {
    const address = toAddress(token, "token address");
    return this.read(() => this.#charges.liabilities(address));
  }

  /** A core charge, or undefined when there is none with this id. */
  async charge(chargeId: IdParameter): Promise<CoreCharge | undefined> {
    const id = toCircularId(chargeId, "charge id");
    let stored;
    try {
      stored = await this.read(() => this.#charges.charge(id));
    } catch (error) {
      if (isRevert(error, "CoreChargesUnknownCharge")) return undefined;
      throw error;
    }
    return {
      id,
      seller: stored.seller,
      buyer: stored.buyer,
      token: stored.token,
      amount: stored.amount,
      spec: stored.specHash.toLowerCase() as Hash,
      unitPartId: stored.unitPartId,
      returnBy: stored.returnBy,
      state: enumName(CHARGE_STATES, stored.state, "charge state"),
      refundBps: stored.refundBps.map(Number),
      coreId: stored.coreId === 0n ? undefined : stored.coreId,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Licences
  // ---------------------------------------------------------------------------------------------

  /**
   * The owner of a specification (the signer, an OEM) licenses a remanufacturer: units per
   * period, period length (at least the registry's minimum), expiry in the future, an optional fee
   * per unit and the data package's hash. Returns the licence's id.
   */
  async grantLicence(
    params: GrantLicenceParameters,
  ): Promise<{ tx: TxResult; licenceId: bigint; feePerUnit: bigint }> {
    const spec = toDocumentHash(params.spec, "specification hash");
    const remanufacturer = nonZeroAddress(params.remanufacturer, "remanufacturer address");
    const units = toUint32(params.unitsPerPeriod, "units per period", 1n);
    const periodLength = toUint32(params.periodLength, "period length", 1n);
    const validUntil = toUnixSeconds(params.validUntil, "licence expiry");
    const dataHash = toDocumentHash(params.dataHash, "data package hash");
    const feeToken =
      params.feeToken === undefined ? ZeroAddress : nonZeroAddress(params.feeToken, "fee token");
    if (params.feePerUnit !== undefined)
      checkAmountShape(params.feePerUnit, "fee per unit", "5.00");
    const oem = await this.signerAddress();
    if (remanufacturer === oem) {
      throw new InputError(
        InputErrorCode.WrongAccount,
        `The remanufacturer ${remanufacturer} is the signer, the OEM, which needs no licence.`,
      );
    }
    await this.#requireSpecOwner(spec, oem, "licenses it");
    const minPeriod = await this.read(() => this.#licences.MIN_PERIOD());
    if (periodLength < minPeriod) {
      throw new InputError(
        InputErrorCode.InvalidTime,
        `A licence period is at least ${formatDuration(minPeriod)}; got ${formatDuration(periodLength)}.`,
      );
    }
    requireFuture(validUntil, await this.chainTime(), "licence expiry");
    let feePerUnit = 0n;
    if (params.feePerUnit !== undefined) {
      if (feeToken === ZeroAddress && params.feePerUnit !== 0n && params.feePerUnit !== "0") {
        throw new InputError(
          InputErrorCode.InvalidAddress,
          "A fee per unit needs the token it is paid in: give feeToken.",
        );
      }
      feePerUnit =
        feeToken === ZeroAddress ? 0n : await this.#amount(feeToken, params.feePerUnit, "fee", 0n);
    }
    const { tx, logs } = await this.sendForLogs(() =>
      this.#licences.grantLicence(
        spec,
        remanufacturer,
        units,
        periodLength,
        validUntil,
        feeToken,
        feePerUnit,
        dataHash,
      ),
    );
    const [event] = eventsOf(this.#licences, logs, "LicenceGranted");
    assertInvariant(event !== undefined, "grantLicence emitted no LicenceGranted event");
    return { tx, licenceId: event.args.licenceId as bigint, feePerUnit };
  }

  /** The OEM (the signer) revokes a licence from now on. */
  async revokeLicence(params: RevokeLicenceParameters): Promise<TxResult> {
    const id = toCircularId(params.licenceId, "licence id");
    const reason = toDocumentHash(params.reasonHash, "reason hash");
    const oem = await this.signerAddress();
    const licence = await this.#existingLicence(id);
    if (licence.oem !== oem) {
      throw wrongAccount(`Only the OEM ${licence.oem} revokes licence ${id}`, oem);
    }
    if (licence.revoked) throw wrongState(`The licence ${id} is already revoked.`);
    return this.send(() => this.#licences.revokeLicence(id, reason));
  }

  /** A licence, or undefined when there is none with this id. */
  async licence(licenceId: IdParameter): Promise<Licence | undefined> {
    const id = toCircularId(licenceId, "licence id");
    let stored;
    try {
      stored = await this.read(() => this.#licences.licence(id));
    } catch (error) {
      if (isRevert(error, "LicenceRegistryUnknownLicence")) return undefined;
      throw error;
    }
    return {
      id,
      spec: stored.specHash.toLowerCase() as Hash,
      oem: stored.oem,
      remanufacturer: stored.remanufacturer,
      unitsPerPeriod: Number(stored.unitsPerPeriod),
      periodLength: stored.periodLength,
      start: stored.start,
      validUntil: stored.validUntil,
      revoked: stored.revoked,
      feeToken: stored.feeToken === ZeroAddress ? undefined : stored.feeToken,
      feePerUnit: stored.feePerUnit,
      dataHash: stored.dataHash.toLowerCase() as Hash,
    };
  }

  /** What is left of a licence now; refuses an unknown licence with a decoded error. */
  async quota(licenceId: IdParameter): Promise<LicenceQuota> {
    const id = toCircularId(licenceId, "licence id");
    const [remaining, periodStart, nextPeriodStart] = await this.read(() =>
      this.#licences.quota(id),
    );
    return { remaining: Number(remaining), periodStart, nextPeriodStart };
  }

  /**
   * The latest licence the owner of `spec` granted `remanufacturer` (live or not), or undefined
   * when none.
   */
  async licenceOf(params: { spec: string; remanufacturer: string }): Promise<bigint | undefined> {
    const spec = toDocumentHash(params.spec, "specification hash");
    const remanufacturer = toAddress(params.remanufacturer, "remanufacturer address");
    const id = await this.read(() => this.#licences.licenceOf(spec, remanufacturer));
    return id === 0n ? undefined : id;
  }

  // ---------------------------------------------------------------------------------------------
  // Warranties
  // ---------------------------------------------------------------------------------------------

  /** The owner of a specification (the signer) sets the warranty of a new part of it, in seconds. */
  async setNewPartWarranty(params: SetNewPartWarrantyParameters): Promise<TxResult> {
    const spec = toDocumentHash(params.spec, "specification hash");
    const duration = toUint32(params.duration, "warranty duration", 1n);
    const owner = await this.signerAddress();
    await this.#requireSpecOwner(spec, owner, "sets its warranty");
    return this.send(() => this.#warranties.setNewPartWarranty(spec, duration));
  }

  /** The warranty of a new part of `spec`, in seconds (zero when not set). */
  async newPartWarranty(spec: string): Promise<bigint> {
    const specHash = toDocumentHash(spec, "specification hash");
    return this.read(() => this.#warranties.newPartWarranty(specHash));
  }

  /** The shortest warranty a part of `spec` remanufactured with `outcome` may carry, in seconds. */
  async minimumWarranty(spec: string, outcome: CoreOutcomeName | string): Promise<bigint> {
    const specHash = toDocumentHash(spec, "specification hash");
    const name = parseOutcome(outcome);
    if (name === "recycle-only") {
      throw new InputError(
        InputErrorCode.InvalidKind,
        "A recycle-only core gives no part, so no warranty.",
      );
    }
    return this.read(() => this.#warranties.minimumWarranty(specHash, outcomeIndex(name)));
  }

  /** A part's warranty, or undefined when it has none. */
  async warranty(partId: IdParameter): Promise<Warranty | undefined> {
    const id = toPartId(partId);
    const stored = await this.read(() => this.#warranties.warranty(id));
    if (stored.start === 0n) return undefined;
    return {
      partId: id,
      issuer: stored.issuer,
      start: stored.start,
      duration: stored.duration,
      end: stored.start + stored.duration,
      outcome: outcomeName(stored.outcome) ?? "remanufacture",
      termsHash: stored.termsHash.toLowerCase() as Hash,
    };
  }

  /** A warranty claim, or undefined when there is none with this id. */
  async claim(claimId: IdParameter): Promise<WarrantyClaim | undefined> {
    const id = toCircularId(claimId, "claim id");
    let stored;
    try {
      stored = await this.read(() => this.#warranties.claim(id));
    } catch (error) {
      if (isRevert(error, "WarrantyRegistryUnknownClaim")) return undefined;
      throw error;
    }
    return {
      id,
      partId: stored.partId,
      claimant: stored.claimant,
      filedAt: stored.filedAt,
      state: enumName(CLAIM_STATES, stored.state, "claim state"),
      arbiter: stored.arbiter === ZeroAddress ? undefined : stored.arbiter,
    };
  }

  /**
   * Every claim filed against a part's warranty, oldest first, as each stands now: found from the
   * warranty registry's `ClaimFiled` events from `fromBlock` (the address book's start block by
   * default).
   */
  async claimsOf(partId: IdParameter, range: CircularRange = {}): Promise<WarrantyClaim[]> {
    const id = toPartId(partId);
    const fromBlock = range.fromBlock ?? this.addresses.startBlock ?? 0;
    checkFromBlock(fromBlock);
    const provider = this.provider();
    const toBlock = await this.read(() => provider.getBlockNumber());
    const filter = this.#warranties.filters.ClaimFiled(undefined, id);
    const events = await this.read(() =>
      queryInPages(
        (from, to) => this.#warranties.queryFilter(filter, from, to),
        fromBlock,
        toBlock,
      ),
    );
    const claims: WarrantyClaim[] = [];
    for (const event of events) {
      const claim = await this.claim(event.args.claimId);
      assertInvariant(claim !== undefined, `claim ${event.args.claimId} was filed but is unknown`);
      claims.push(claim);
    }
    return claims;
  }

  /** The owner of a part (the signer) files a claim against its warranty within the term. */
  async fileClaim(params: FileClaimParameters): Promise<{ tx: TxResult; claimId: bigint }> {
    const partId = toPartId(params.partId);
    const evidence = toDocumentHash(params.evidenceHash, "evidence hash");
    const claimant = await this.signerAddress();
    const warranty = await this.warranty(partId);
    if (warranty === undefined) {
      throw wrongState(`The part ${formatPartId(partId)} has no warranty.`);
    }
    const part = await this.#partView(await this.#partRegistry(), partId);
    if (part.owner !== claimant) {
      throw wrongAccount(`Only the part's owner ${part.owner} claims on its warranty`, claimant);
    }
    const now = await this.chainTime();
    if (now >= warranty.end) {
      throw new InputError(
        InputErrorCode.TimeInPast,
        `The warranty of part ${formatPartId(partId)} ended at ${formatTime(warranty.end)}; the ` +
          `chain's time is ${formatTime(now)}.`,
      );
    }
    const { tx, logs } = await this.sendForLogs(() => this.#warranties.fileClaim(partId, evidence));
    const [event] = eventsOf(this.#warranties, logs, "ClaimFiled");
    assertInvariant(event !== undefined, "fileClaim emitted no ClaimFiled event");
    return { tx, claimId: event.args.claimId as bigint };
  }

  /** The warranty's issuer (the signer) accepts or rejects a filed claim. */
  async answerClaim(params: AnswerClaimParameters): Promise<TxResult> {
    const id = toCircularId(params.claimId, "claim id");
    const reason = toDocumentHash(params.reasonHash, "reason hash");
    const issuer = await this.signerAddress();
    const claim = await this.#existingClaim(id);
    const warranty = await this.warranty(claim.partId);
    if (warranty?.issuer !== issuer) {
      throw wrongAccount(
        `Only the warranty's issuer ${warranty?.issuer} answers claim ${id}`,
        issuer,
      );
    }
    if (claim.state !== "filed") {
      throw wrongState(`The claim ${id} is ${claim.state}; only a filed claim is answered.`);
    }
    return this.send(() => this.#warranties.answerClaim(id, params.accepted, reason));
  }

  /**
   * The claimant (the signer) takes a rejected claim, or one unanswered past the issuer's response
   * time, to an arbiter who is neither party.
   */
  async escalateClaim(params: EscalateClaimParameters): Promise<TxResult> {
    const id = toCircularId(params.claimId, "claim id");
    const arbiter = nonZeroAddress(params.arbiter, "arbiter address");
    const claimant = await this.signerAddress();
    const claim = await this.#existingClaim(id);
    if (claim.claimant !== claimant) {
      throw wrongAccount(`Only the claimant ${claim.claimant} escalates claim ${id}`, claimant);
    }
    if (claim.state === "filed") {
      const answerBy = claim.filedAt + (await this.read(() => this.#warranties.RESPONSE_TIME()));
      const now = await this.chainTime();
      if (now < answerBy) {
        throw wrongState(
          `The issuer may answer claim ${id} until ${formatTime(answerBy)}; it can be escalated ` +
            `after that (the chain's time is ${formatTime(now)}).`,
        );
      }
    } else if (claim.state === "escalated") {
      // Another arbiter only once the one named can no longer rule.
      const registry = await this.#participantRegistry();
      const named = claim.arbiter ?? ZeroAddress;
      if (await this.read(() => registry.isActive(named, roleIndex("arbiter")))) {
        throw wrongState(
          `The claim ${id} is escalated to ${named}, an active arbiter; only a claim whose ` +
            "arbiter can no longer rule is taken to another.",
        );
      }
    } else if (claim.state !== "rejected") {
      throw wrongState(
        `The claim ${id} is ${claim.state}; only a rejected or unanswered claim is escalated.`,
      );
    }
    const warranty = await this.warranty(claim.partId);
    if (arbiter === claimant || arbiter === warranty?.issuer) {
      throw new InputError(
        InputErrorCode.InvalidAddress,
        `The arbiter ${arbiter} is a party to claim ${id}; name an arbiter who is neither the ` +
          "claimant nor the issuer.",
      );
    }
    return this.send(() => this.#warranties.escalateClaim(id, arbiter));
  }

  /** The arbiter named (the signer) rules on an escalated claim, finally. */
  async ruleClaim(params: RuleClaimParameters): Promise<TxResult> {
    const id = toCircularId(params.claimId, "claim id");
    const reason = toDocumentHash(params.reasonHash, "reason hash");
    const arbiter = await this.signerAddress();
    const claim = await this.#existingClaim(id);
    if (claim.state !== "escalated") {
      throw wrongState(`The claim ${id} is ${claim.state}; only an escalated claim is ruled on.`);
    }
    if (claim.arbiter !== arbiter) {
      throw wrongAccount(`Only the arbiter ${claim.arbiter} rules on claim ${id}`, arbiter);
    }
    return this.send(() => this.#warranties.ruleClaim(id, params.upheld, reason));
  }

  // ---------------------------------------------------------------------------------------------
  // Remanufacture and recycling
  // ---------------------------------------------------------------------------------------------

  /**
   * A remanufacturer under the OEM's licence, or the OEM itself (the signer), turns a core it
   * holds into a new part. Everything is checked before anything is sent: the core (held by the
   * signer, graded remanufacture, recondition or repair, no recalled material, below the
   * generation limit), the new serial (new for the signer), the new material (batches the signer
   * holds, with enough left), the warranty (at least the minimum for the core's outcome), and for
   * a licensee the live licence, the quota left this period and the fee (balance). Then, as the
   * signer: the fee's exact allowance to the licence registry when short, `makePart` of the new
   * part, and `remanufacture`, which burns the core, links the lineage, draws the licence and
   * opens the warranty.
   */
  async remanufacture(params: RemanufactureParameters): Promise<
    {
      tx: TxResult;
      makeTx: TxResult;
      newPartId: bigint;
      /** Undefined when the OEM remanufactures (no licence needed). */
      licenceId: bigint | undefined;
      generation: number;
      outcome: CoreOutcomeName;
      /** The licence fee paid to the OEM (zero without a fee). */
      fee: bigint;
    } & PaymentApprovals
  > {
    const coreId = toPartId(params.coreId, "core id");
    const serial = serialToBytes32(params.serial);
    const chipKey =
      params.chipKey === undefined ? ZeroAddress : nonZeroAddress(params.chipKey, "chip key");
    const inputs = toInputs(params.inputs ?? []);
    const duration = toUint32(params.warrantyDuration, "warranty duration", 1n);
    const terms = toDocumentHash(params.warrantyTermsHash, "warranty terms hash");
    const maker = await this.signerAddress();

    const core = await this.#heldCore(coreId);
    requireCoreHolder(core, coreId, maker, "remanufactures it");
    if (core.grade === undefined) {
      throw wrongState(`The core ${formatPartId(coreId)} has no grade yet; have it graded first.`);
    }
    const outcome = core.grade.outcome;
    if (outcome === "recycle-only") {
      throw wrongState(
        `The core ${formatPartId(coreId)} was graded recycle-only; it can only be recycled.`,
      );
    }
    if (core.recalled) {
      throw wrongState(
        `The core ${formatPartId(coreId)} is of recalled material; it can never be remanufactured.`,
      );
    }
    if (core.grade.grader === maker) {
      throw wrongState(
        `The signer ${maker} gave core ${formatPartId(coreId)} its latest grade; another ` +
          "inspector must grade it before the signer remanufactures it.",
      );
    }
    await this.#requireNoHold(coreId);
    if (core.generation + 1 > CIRCULAR_LIMITS.maxGeneration) {
      throw wrongState(
        `Remanufacturing core ${formatPartId(coreId)} would make generation ${core.generation + 1}, ` +
          `past the limit of ${CIRCULAR_LIMITS.maxGeneration}.`,
      );
    }
    const parts = await this.#partRegistry();
    const newPartId = partIdOf(maker, params.serial);
    if (await this.#partExists(parts, newPartId)) {
      throw new InputError(
        InputErrorCode.InvalidSerial,
        `The signer ${maker} already made a part with the serial "${params.serial}"; give a new serial.`,
      );
    }
    await this.#requireInputs(parts, inputs, maker);
    const minimum = await this.read(() =>
      this.#warranties.minimumWarranty(core.spec, outcomeIndex(outcome)),
    );
    if (duration < minimum) {
      throw new InputError(
        InputErrorCode.InvalidTime,
        `A core graded ${outcome} carries a warranty of at least ${formatDuration(minimum)} for ` +
          `its specification; got ${formatDuration(duration)}.`,
      );
    }
    const spec = await this.read(() => parts.specification(core.spec));
    const isOem = spec.owner === maker;
    await this.#requireRole(
      maker,
      [isOem ? "manufacturer" : "remanufacturer"],
      isOem ? "remanufactures as the OEM" : "remanufactures",
    );
    let fee = 0n;
    let feeToken = ZeroAddress;
    if (!isOem) {
      const licenceId = await this.read(() => this.#licences.licenceOf(core.spec, maker));
      if (licenceId === 0n) {
        throw new InputError(
          InputErrorCode.WrongAccount,
          `The signer ${maker} holds no licence of the OEM ${spec.owner} to remanufacture parts ` +
            `of ${core.spec}.`,
        );
      }
      const licence = await this.#existingLicence(licenceId);
      const now = await this.chainTime();
      if (licence.revoked) throw wrongState(`The licence ${licenceId} was revoked.`);
      // The transaction lands in a later block than the chain's time now.
      if (now + 1n >= licence.validUntil) {
        throw wrongState(
          `The licence ${licenceId} is valid only until ${formatTime(licence.validUntil)}; the ` +
            `chain's time is ${formatTime(now)}.`,
        );
      }
      const quota = await this.quota(licenceId);
      const lastPeriod = quota.nextPeriodStart === 0n;
      if (quota.remaining === 0 && (lastPeriod || now + 1n < quota.nextPeriodStart)) {
        throw wrongState(
          `The licence ${licenceId} has no units left this period (${licence.unitsPerPeriod} per ` +
            `${formatDuration(licence.periodLength)}); ` +
            (lastPeriod
              ? `it ends at ${formatTime(licence.validUntil)}, before another period starts.`
              : `the next period starts at ${formatTime(quota.nextPeriodStart)}.`),
        );
      }
      fee = licence.feePerUnit;
      feeToken = licence.feeToken ?? ZeroAddress;
      if (fee > 0n) await this.#requireBalance(feeToken, maker, fee, "the licence fee");
    }

    const approvals =
      fee > 0n
        ? await this.#allow(feeToken, maker, this.addresses.licenceRegistry, fee)
        : { approval: undefined, allowanceReset: undefined };
    const made = await this.sendForLogs(() =>
      parts.makePart(core.spec, serial, chipKey, inputs, []),
    );
    const [partMade] = eventsOf(parts, made.logs, "PartMade");
    assertInvariant(partMade !== undefined, "makePart emitted no PartMade event");
    const madeId = partMade.args.partId as bigint;
    const { tx, logs } = await this.sendForLogs(() =>
      this.#cores.remanufacture(coreId, madeId, duration, terms),
    );
    const [event] = this.findEvents(logs, "CoreRemanufactured");
    assertInvariant(event !== undefined, "remanufacture emitted no CoreRemanufactured event");
    const licenceId = event.args.licenceId as bigint;
    return {
      tx,
      makeTx: made.tx,
      newPartId: madeId,
      licenceId: licenceId === 0n ? undefined : licenceId,
      generation: Number(event.args.generation),
      outcome,
      fee,
      ...approvals,
    };
  }

  /**
   * An accredited recycler (the signer) recycles a core it holds: it registers a batch of the
   * recycled material in the part registry (drawing its certified capacity under `schemes`), then
   * links the batch to the core, which is burned. Returns the batch's id.
   */
  async recycle(
    params: RecycleParameters,
  ): Promise<{ tx: TxResult; batchTx: TxResult; batchId: bigint }> {
    const coreId = toPartId(params.coreId, "core id");
    const materialSpec = toDocumentHash(params.materialSpec, "material specification hash");
    const quantity = toPositiveAmount(params.quantity, "batch quantity", 64);
    const unit = unitToBytes8(params.unit);
    const schemes = params.schemes.map((scheme) => toSchemeId(scheme));
    if (schemes.length < 1 || schemes.length > PART_LIMITS.maxSchemes) {
      throw new InputError(
        InputErrorCode.InvalidList,
        `A batch carries 1 to ${PART_LIMITS.maxSchemes} certification schemes; got ${schemes.length}.`,
      );
    }
    if (new Set(schemes).size !== schemes.length) {
      throw new InputError(
        InputErrorCode.InvalidScheme,
        "A scheme is named twice; name each certification scheme once.",
      );
    }
    const batchEvidence = toDocumentHash(params.batchEvidenceHash, "batch evidence hash");
    const evidence = toDocumentHash(params.evidenceHash, "evidence hash");
    const recycler = await this.signerAddress();
    const core = await this.#heldCore(coreId);
    requireCoreHolder(core, coreId, recycler, "recycles it");
    await this.#requireRole(recycler, ["recycler"], "recycles cores");
    await this.#requireNoHold(coreId);
    const parts = await this.#partRegistry();
    const registered = await this.sendForLogs(() =>
      parts.registerBatch(materialSpec, quantity, unit, schemes, batchEvidence),
    );
    const [batchEvent] = eventsOf(parts, registered.logs, "BatchRegistered");
    assertInvariant(batchEvent !== undefined, "registerBatch emitted no BatchRegistered event");
    const batchId = batchEvent.args.batchId as bigint;
    const tx = await this.send(() => this.#cores.recycle(coreId, batchId, evidence));
    return { tx, batchTx: registered.tx, batchId };
  }

  // ---------------------------------------------------------------------------------------------
  // Views
  // ---------------------------------------------------------------------------------------------

  /**
   * A core as it stands, with what a buyer prices it on from events: when its part was made, its
   * attestations and status history (the part registry's events) and every grade (the core
   * registry's `CoreGraded` events), searched from `fromBlock` (the address book's start block by
   * default). Undefined for a part that never became a core.
   */
  async core(coreId: IdParameter, range: CircularRange = {}): Promise<CoreDetails | undefined> {
    const id = toPartId(coreId, "core id");
    const fromBlock = range.fromBlock ?? this.addresses.startBlock ?? 0;
    checkFromBlock(fromBlock);
    const core = await this.#coreView(id);
    if (core === undefined) return undefined;
    const parts = await this.#partRegistry();
    const provider = this.provider();
    const [history, grades] = await Promise.all([
      partHistory({ registry: await parts.getAddress(), provider }, id, fromBlock, {
        coreRegistry: this.addresses.coreRegistry,
        warrantyRegistry: this.addresses.warrantyRegistry,
      }),
      this.#grades(id, fromBlock),
    ]);
    const made = history.find((entry): entry is MadeEntry => entry.kind === "made");
    return {
      ...core,
      madeAt: made?.timestamp,
      made,
      attestations: history.filter(
        (entry): entry is AttestedEntry | AttestationConflictEntry | AttestationResolvedEntry =>
          entry.kind === "attested" ||
          entry.kind === "attestation-conflict" ||
          entry.kind === "attestation-resolved",
      ),
      statusHistory: history.filter(
        (entry): entry is StatusChangedEntry => entry.kind === "status-changed",
      ),
      grades,
      history,
    };
  }

  /**
   * A part's line: its predecessors back to the first part (bounded by the generation limit) and
   * the material batches the first part consumed, each with the core its material was recycled
   * from, if any; whether recalled material is anywhere in it, and whether the part is fit.
   */
  async lineage(partId: IdParameter): Promise<Lineage> {
    const id = toPartId(partId);
    const parts = await this.#partRegistry();
    await this.#partView(parts, id);
    const [link, predecessorIds, recalled, fit] = await this.read(() =>
      Promise.all([
        this.#cores.linkOf(id),
        this.#cores.lineage(id),
        this.#cores.isLineageRecalled(id),
        this.#cores.isFit(id),
      ]),
    );
    const predecessors: LineageStep[] = [];
    for (const predecessor of predecessorIds) {
      const step = await this.read(() => this.#cores.linkOf(predecessor));
      predecessors.push({
        partId: predecessor,
        generation: Number(step.generation),
        outcome: outcomeName(step.outcome),
      });
    }
    const firstPart = predecessorIds.at(-1) ?? id;
    const lotInputs = await this.read(() => parts.partInputs(firstPart));
    const inputs: LineageInput[] = [];
    for (const input of lotInputs) {
      const batch = await this.read(() => parts.batch(input.batchId));
      const origin = await this.read(() => this.#cores.originOf(batch.root));
      inputs.push({
        batchId: input.batchId,
        quantity: input.quantity,
        recycledFrom: origin === 0n ? undefined : origin,
      });
    }
    return {
      partId: id,
      generation: Number(link.generation),
      outcome: outcomeName(link.outcome),
      predecessors,
      firstPart,
      inputs,
      recalled,
      fit,
    };
  }

  /** Whether a part is fit to use: conforming and no recalled material anywhere in its lineage. */
  async isFit(partId: IdParameter): Promise<boolean> {
    const id = toPartId(partId);
    return this.read(() => this.#cores.isFit(id));
  }

  /** The core a recycled batch came from; undefined for other batches. */
  async originOf(batchId: IdParameter): Promise<bigint | undefined> {
    const id = toBatchId(batchId);
    const origin = await this.read(() => this.#cores.originOf(id));
    return origin === 0n ? undefined : origin;
  }

  // ---------------------------------------------------------------------------------------------
  // Internals
  // ---------------------------------------------------------------------------------------------

  /** The part registry: given, or read from the core registry once. */
  async #partRegistry(): Promise<PartRegistry> {
    if (this.#parts === undefined) {
      const address = await this.read(() => this.#cores.parts());
      this.#parts = PartRegistry__factory.connect(address, this.runner);
    }
    return this.#parts;
  }

  /** The participant registry, read from the core registry once. */
  async #participantRegistry(): Promise<ParticipantRegistry> {
    if (this.#participants === undefined) {
      const address = await this.read(() => this.#cores.participants());
      this.#participants = ParticipantRegistry__factory.connect(address, this.runner);
    }
    return this.#participants;
  }

  /** Refuses an account whose accreditation is not active. */
  async #requireAccredited(account: string, doing: string): Promise<void> {
    const registry = await this.#participantRegistry();
    const state = await this.read(() => registry.accreditationState(account));
    if (ACCREDITATION_STATES[Number(state)] !== "active") {
      throw new InputError(
        InputErrorCode.WrongAccount,
        `The signer ${account} is not an active participant; only one ${doing}.`,
      );
    }
  }

  /** Refuses an account that is active in none of `roles`. */
  /** Whether `account` owns `spec` and is an active manufacturer: the OEM. */
  async #isOem(account: string, spec: string): Promise<boolean> {
    const parts = await this.#partRegistry();
    const registry = await this.#participantRegistry();
    const [specification, active] = await this.read(() =>
      Promise.all([
        parts.specification(spec),
        registry.isActive(account, roleIndex("manufacturer")),
      ]),
    );
    return specification.owner === account && active;
  }

  /** Refuses a core whose part a registrar holds: it neither changes hands nor is used up. */
  async #requireNoHold(coreId: bigint): Promise<void> {
    const parts = await this.#partRegistry();
    if ((await this.#partView(parts, coreId)).registrarHold) {
      throw wrongState(
        `The core ${formatPartId(coreId)} is under a registrar's hold; it is not sold, ` +
          "transferred, remanufactured or recycled until a registrar releases it.",
      );
    }
  }

  async #requireRole(account: string, roles: readonly RoleName[], doing: string): Promise<void> {
    const registry = await this.#participantRegistry();
    const active = await this.read(() =>
      Promise.all(roles.map((role) => registry.isActive(account, roleIndex(role)))),
    );
    if (!active.includes(true)) {
      throw new InputError(
        InputErrorCode.WrongAccount,
        `The signer ${account} is not an active ${roles.join(" or ")}; only one ${doing}.`,
      );
    }
  }

  /** The core as the registry reports it, or undefined for a part that never became a core. */
  async #coreView(id: bigint): Promise<Core | undefined> {
    let stored;
    let listing;
    try {
      [stored, listing] = await this.read(() =>
        Promise.all([this.#cores.core(id), this.#cores.listing(id)]),
      );
    } catch (error) {
      if (isRevert(error, "CoreRegistryNotHeld")) return undefined;
      throw error;
    }
    const outcome = outcomeName(stored.outcome);
    return {
      id,
      state: enumName(CORE_STATES, stored.state, "core state"),
      holder: stored.holder === ZeroAddress ? undefined : stored.holder,
      spec: stored.specHash.toLowerCase() as Hash,
      maker: stored.maker,
      generation: Number(stored.generation),
      recalled: stored.recalled,
      passedKinds: maskToKinds(stored.passedKinds),
      conflictKinds: maskToKinds(stored.conflictKinds),
      children: stored.children,
      returnedAt: stored.returnedAt,
      grade:
        stored.gradeCount === 0n || outcome === undefined
          ? undefined
          : {
              outcome,
              grade: Number(stored.grade),
              grader: stored.grader,
              gradedAt: stored.gradedAt,
            },
      gradeCount: Number(stored.gradeCount),
      successor: stored.successor === 0n ? undefined : stored.successor,
      listing:
        listing.token === ZeroAddress ? undefined : { token: listing.token, price: listing.price },
    };
  }

  /** A core that is held now; refuses any other. */
  async #heldCore(id: bigint): Promise<Core> {
    const core = await this.#coreView(id);
    if (core === undefined) {
      throw wrongState(`The part ${formatPartId(id)} was never returned as a core.`);
    }
    if (core.state !== "held") {
      throw wrongState(`The core ${formatPartId(id)} was ${core.state}; it is no longer held.`);
    }
    return core;
  }

  /** Every grade of a core, oldest first, from its `CoreGraded` events. */
  async #grades(id: bigint, fromBlock: number): Promise<CoreGradeEntry[]> {
    const provider = this.provider();
    const toBlock = await this.read(() => provider.getBlockNumber());
    const filter = this.#cores.filters.CoreGraded(id);
    const events = await this.read(() =>
      queryInPages((from, to) => this.#cores.queryFilter(filter, from, to), fromBlock, toBlock),
    );
    const times = new Map<number, bigint>();
    for (const blockNumber of new Set(events.map((event) => event.blockNumber))) {
      const block = await this.read(() => provider.getBlock(blockNumber));
      assertInvariant(block !== null, `the chain has no block ${blockNumber}`);
      times.set(blockNumber, BigInt(block.timestamp));
    }
    return inLogOrder(
      events.map((event) => ({
        outcome: outcomeName(event.args.outcome) ?? "remanufacture",
        grade: Number(event.args.grade),
        grader: event.args.grader,
        gradedAt: times.get(event.blockNumber) ?? 0n,
        evidenceHash: event.args.evidenceHash.toLowerCase() as Hash,
        blockNumber: event.blockNumber,
        transactionHash: event.transactionHash,
        position: { blockNumber: event.blockNumber, index: event.index },
      })),
    );
  }

  async #partView(parts: PartRegistry, id: bigint) {
    try {
      return await this.read(() => parts.part(id));
    } catch (error) {
      if (isRevert(error, "PartRegistryUnknownPart")) {
        throw new InputError(InputErrorCode.InvalidId, `There is no part ${formatPartId(id)}.`);
      }
      throw error;
    }
  }

  async #partExists(parts: PartRegistry, id: bigint): Promise<boolean> {
    try {
      await this.read(() => parts.part(id));
      return true;
    } catch (error) {
      if (isRevert(error, "PartRegistryUnknownPart")) return false;
      throw error;
    }
  }

  /** Refuses new material the signer does not hold, or of which too little is left. */
  async #requireInputs(parts: PartRegistry, inputs: BatchInput[], holder: string): Promise<void> {
    const needed = new Map<bigint, bigint>();
    for (const { batchId, quantity } of inputs) {
      needed.set(batchId, (needed.get(batchId) ?? 0n) + quantity);
    }
    for (const [batchId, quantity] of needed) {
      let batch;
      try {
        batch = await this.read(() => parts.batch(batchId));
      } catch (error) {
        if (isRevert(error, "PartRegistryUnknownBatch")) {
          throw new InputError(InputErrorCode.InvalidId, `There is no batch ${batchId}.`);
        }
        throw error;
      }
      if (batch.owner !== holder) {
        throw wrongAccount(`The batch ${batchId} is held by ${batch.owner}`, holder);
      }
      if (batch.remaining < quantity) {
        throw new InputError(
          InputErrorCode.InvalidAmount,
          `The batch ${batchId} has ${batch.remaining} left; the new part needs ${quantity}.`,
        );
      }
    }
  }

  async #requireSpecOwner(spec: Hash, account: string, doing: string): Promise<void> {
    const parts = await this.#partRegistry();
    const stored = await this.read(() => parts.specification(spec));
    if (stored.owner === ZeroAddress) {
      throw new InputError(InputErrorCode.InvalidHash, `No specification ${spec} is defined.`);
    }
    if (stored.owner !== account) {
      throw wrongAccount(
        `Only the owner ${stored.owner} of the specification ${spec} ${doing}`,
        account,
      );
    }
  }

  async #existingCharge(id: bigint): Promise<CoreCharge> {
    const charge = await this.charge(id);
    if (charge === undefined)
      throw new InputError(InputErrorCode.InvalidId, `There is no charge ${id}.`);
    return charge;
  }

  async #existingLicence(id: bigint): Promise<Licence> {
    const licence = await this.licence(id);
    if (licence === undefined) {
      throw new InputError(InputErrorCode.InvalidId, `There is no licence ${id}.`);
    }
    return licence;
  }

  async #existingClaim(id: bigint): Promise<WarrantyClaim> {
    const claim = await this.claim(id);
    if (claim === undefined)
      throw new InputError(InputErrorCode.InvalidId, `There is no claim ${id}.`);
    return claim;
  }

  /** Refuses when the chain's time is past `deadline`. */
  async #requireBefore(deadline: bigint, what: string): Promise<void> {
    const now = await this.chainTime();
    if (now >= deadline) {
      throw new InputError(
        InputErrorCode.TimeInPast,
        `${what} was ${formatTime(deadline)}; the chain's time is ${formatTime(now)}.`,
      );
    }
  }

  /** An amount of `token`, scaled by its decimals when given in token units. */
  async #amount(
    token: string,
    value: CircularTokenAmount,
    what: string,
    min: bigint,
  ): Promise<bigint> {
    const decimals =
      typeof value === "string"
        ? (
            await readTokenInfo(
              token,
              { runner: this.runner, provider: this.provider(), read: (call) => this.read(call) },
              `give the ${what} in the token's smallest unit (a bigint) instead.`,
            )
          ).decimals
        : 0;
    return toTokenAmount(value, decimals, what, { min, max: CIRCULAR_LIMITS.maxAmount });
  }

  async #requireBalance(token: string, owner: string, amount: bigint, what: string): Promise<void> {
    const balance = await this.read(() => erc20(token, this.runner).balanceOf(owner));
    if (balance < amount) {
      throw new InputError(
        InputErrorCode.InsufficientFunds,
        `The signer ${owner} holds ${balance} of the token ${token}; ${what} is ${amount} (in the ` +
          "token's smallest unit).",
      );
    }
  }

  /** Checks the balance, then makes sure `spender` may take exactly `amount`. */
  async #pay(
    token: string,
    owner: string,
    spender: string,
    amount: bigint,
  ): Promise<PaymentApprovals> {
    await this.#requireBalance(token, owner, amount, "the payment");
    return this.#allow(token, owner, spender, amount);
  }

  async #allow(
    token: string,
    owner: string,
    spender: string,
    amount: bigint,
  ): Promise<PaymentApprovals> {
    const { reset, approval }: AllowanceApprovals = await ensureAllowance(
      erc20(token, this.runner),
      { owner, spender, amount },
      { read: (call) => this.read(call), send: (sendTx) => this.send(sendTx) },
    );
    return { approval, allowanceReset: reset };
  }

  /**
   * Approves `spender` for one ERC-721 token (a part or a core) unless it may move it already;
   * never an operator approval.
   */
  async #approveToken(
    token: PartRegistry | CoreRegistry,
    id: bigint,
    holder: string,
    spender: string,
  ): Promise<TxResult | undefined> {
    const [approved, operator] = await this.read(() =>
      Promise.all([token.getApproved(id), token.isApprovedForAll(holder, spender)]),
    );
    if (approved === spender || operator) return undefined;
    const sendTx: SendTx = () => token.approve(spender, id);
    return this.send(sendTx, token === this.#cores ? CORE_SENTENCES : CIRCULAR_SENTENCES);
  }
}

// -------------------------------------------------------------------------------------------------
// Helpers
// -------------------------------------------------------------------------------------------------

/** The events `name` that `contract` emitted in `logs`, in order. */
function eventsOf(
  contract: BaseContract & { interface: Interface },
  logs: readonly Log[],
  name: string,
): LogDescription[] {
  const address = String(contract.target).toLowerCase();
  const found: LogDescription[] = [];
  for (const log of logs) {
    if (log.address.toLowerCase() !== address) continue;
    const parsed = contract.interface.parseLog({ topics: [...log.topics], data: log.data });
    if (parsed?.name === name) found.push(parsed);
  }
  return found;
}

function isRevert(error: unknown, name: string): boolean {
  return error instanceof ContractRevertedError && error.errorName === name;
}

function wrongState(message: string): InputError {
  return new InputError(InputErrorCode.WrongState, message);
}

function wrongAccount(who: string, signer: string): InputError {
  return new InputError(InputErrorCode.WrongAccount, `${who}; the signer is ${signer}.`);
}

function requireCoreHolder(core: Core, id: bigint, signer: string, doing: string): void {
  if (core.holder !== signer) {
    throw wrongAccount(
      `Only the holder ${core.holder} of core ${formatPartId(id)} ${doing}`,
      signer,
    );
  }
}

function enumName<T extends string>(names: readonly T[], value: bigint | number, what: string): T {
  const name = names[Number(value)];
  assertInvariant(name !== undefined, `the contract reports an unknown ${what} ${value}`);
  return name;
}

/** Checks a licence, claim or charge id: a whole number from 1. */
export function toCircularId(value: IdParameter, what = "id"): bigint {
  const id = wholeOrUndefined(value);
  if (id === undefined || id <= 0n || id >= 2n ** 256n) {
    throw new InputError(
      InputErrorCode.InvalidId,
      `The ${what} "${String(value)}" is not an id: a whole number from 1.`,
    );
  }
  return id;
}

/** Checks a grade: a whole number from 1 (as new) to 5 (scrap). */
export function toGrade(value: bigint | number | string): number {
  const grade = wholeOrUndefined(value);
  if (grade === undefined || grade < 1n || grade > BigInt(CIRCULAR_LIMITS.maxGrade)) {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The grade "${String(value)}" is not a grade: a whole number from 1 (as new) to ` +
        `${CIRCULAR_LIMITS.maxGrade} (scrap).`,
    );
  }
  return Number(grade);
}

/** Checks a refund schedule: five shares (grades 1..5) of 0 to 10,000 basis points. */
export function toSchedule(
  values: readonly (number | bigint)[],
): [number, number, number, number, number] {
  if (values.length !== CIRCULAR_LIMITS.scheduleLength) {
    throw new InputError(
      InputErrorCode.InvalidList,
      `A refund schedule has ${CIRCULAR_LIMITS.scheduleLength} shares, one per grade 1..5; got ` +
        `${values.length}.`,
    );
  }
  const shares = values.map((value, i) => {
    const bps = wholeOrUndefined(value);
    if (bps === undefined || bps < 0n || bps > BigInt(CIRCULAR_LIMITS.maxBps)) {
      throw new InputError(
        InputErrorCode.InvalidAmount,
        `The refund share for grade ${i + 1} is ${String(value)}; a share is a whole number of ` +
          "basis points from 0 to 10,000 (100%).",
      );
    }
    return Number(bps);
  });
  return shares as [number, number, number, number, number];
}

function toUint32(value: bigint | number, what: string, min: bigint): bigint {
  const amount =
    typeof value === "bigint" || typeof value === "number" ? wholeOrUndefined(value) : undefined;
  if (amount === undefined || amount < min || amount > CIRCULAR_LIMITS.maxUint32) {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The ${what} ${String(value)} is not a whole number from ${min} to ${CIRCULAR_LIMITS.maxUint32}.`,
    );
  }
  return amount;
}

function toSeconds(value: bigint | number, what: string): bigint {
  const seconds = wholeOrUndefined(value);
  if (seconds === undefined || seconds < 0n) {
    throw new InputError(
      InputErrorCode.InvalidTime,
      `The ${what} ${String(value)} is not a whole number of seconds.`,
    );
  }
  return seconds;
}

function toInputs(inputs: readonly BatchInputParameter[]): BatchInput[] {
  if (inputs.length > PART_LIMITS.maxInputs) {
    throw new InputError(
      InputErrorCode.InvalidList,
      `At most ${PART_LIMITS.maxInputs} input batches are allowed; got ${inputs.length}.`,
    );
  }
  return inputs.map((input, i) => ({
    batchId: toBatchId(input.batchId, `batch id of input ${i + 1}`),
    quantity: toPositiveAmount(input.quantity, `quantity of input ${i + 1}`, 64),
  }));
}
