/**
 * The circular economy (white paper 6.1): remanufacture cores, their grading and market, core
 * charges, OEM licences, remanufacture with lineage and warranty, and recycling into new material.
 *
 * A thin client: each method delegates to one action function in its own module (cores, market,
 * charges, licences, warranties, remanufacture, reads), which takes the client's
 * {@link CircularContext}.
 */
import { type ContractRunner, Interface, type Provider } from "ethers";
import type { AddressBook } from "../core/address-book.js";
import { type ClientClass, ContractClient, type ContractDescription } from "../core/client.js";
import { CIRCULAR_SENTENCES } from "../core/decode.js";
import { ERC20_ERRORS } from "../core/erc20.js";
import { checkFromBlock } from "../core/events.js";
import { toAddress } from "../core/validate.js";
import {
  CoreCharges__factory,
  type CoreRegistry,
  CoreRegistry__factory,
  LicenceRegistry__factory,
  type PartRegistry,
  PartRegistry__factory,
  type ParticipantRegistry,
  ParticipantRegistry__factory,
  WarrantyRegistry__factory,
} from "../contracts.js";
import type { CircularContext } from "./context.js";
import type {
  AnswerClaimParameters,
  BuyParameters,
  CircularAddresses,
  CircularRange,
  EscalateClaimParameters,
  FileClaimParameters,
  GradeParameters,
  GrantLicenceParameters,
  IdParameter,
  ListParameters,
  MinimumWarrantyParameters,
  OwedParameters,
  RecycleParameters,
  RemanufactureParameters,
  RequireChargeParameters,
  ReturnCoreParameters,
  RevokeLicenceParameters,
  RuleClaimParameters,
  SetNewPartWarrantyParameters,
  SettleChargeParameters,
  WithdrawChargeParameters,
} from "./types.js";
import {
  cancelCharge,
  forfeitCharge,
  getCharge,
  liabilities,
  owed,
  payCharge,
  requireCharge,
  settleCharge,
  withdraw,
} from "./charges.js";
import { grade, returnCore } from "./cores.js";
import { getLicence, getQuota, grantLicence, licenceOf, revokeLicence } from "./licences.js";
import { buy, delist, list } from "./market.js";
import { getCore, isFit, lineage, originOf } from "./reads.js";
import { recycle, remanufacture } from "./remanufacture.js";
import {
  answerClaim,
  claimsOf,
  escalateClaim,
  fileClaim,
  getClaim,
  getWarranty,
  minimumWarranty,
  newPartWarranty,
  ruleClaim,
  setNewPartWarranty,
} from "./warranties.js";

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
  #parts: PartRegistry | undefined;
  #participants: ParticipantRegistry | undefined;
  /** What the action modules act through. */
  readonly #ctx: CircularContext;

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
    this.#parts =
      checked.partRegistry === undefined
        ? undefined
        : PartRegistry__factory.connect(checked.partRegistry, runner);
    this.#ctx = {
      runner,
      addresses: this.addresses,
      cores: this.#cores,
      licences: LicenceRegistry__factory.connect(checked.licenceRegistry, runner),
      warranties: WarrantyRegistry__factory.connect(checked.warrantyRegistry, runner),
      charges: CoreCharges__factory.connect(checked.coreCharges, runner),
      partRegistry: () => this.#partRegistry(),
      participantRegistry: () => this.#participantRegistry(),
      send: (sendTx, sentences, token) => this.send(sendTx, sentences, token),
      sendForLogs: (sendTx, sentences, token) => this.sendForLogs(sendTx, sentences, token),
      read: (call) => this.read(call),
      signerAddress: () => this.signerAddress(),
      requireSigner: () => this.requireSigner(),
      chainTime: () => this.chainTime(),
      provider: (): Provider => this.provider(),
    };
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

  /**
   * A client for the same contracts acting through another runner (another signer), with the
   * same transaction options.
   */
  override connect(runner: ContractRunner): this {
    return this.keepOptions(new CircularClient(this.addresses, runner)) as this;
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The holder (the signer) returns a part at end of life: the client checks the part (held by
   * the signer, under no registrar's hold, not recycled or destroyed), approves the core registry
   * for that one part when it may not move it yet (`approval`), and returns it. The core's id is
   * the part's id.
   */
  returnCore(params: ReturnCoreParameters) {
    return returnCore(this.#ctx, params);
  }

  /**
   * An accredited inspector or test lab (the signer, neither the core's holder nor its part's
   * maker) grades a held core. A recalled core can only be graded `recycle-only`. Returns how many
   * grades the core has now.
   */
  grade(params: GradeParameters) {
    return grade(this.#ctx, params);
  }

  /** The holder (the signer) offers a held core at a price above zero, replacing any offer. */
  list(params: ListParameters) {
    return list(this.#ctx, params);
  }

  /** The holder (the signer) withdraws a core's offer. */
  delist(coreId: IdParameter) {
    return delist(this.#ctx, coreId);
  }

  /**
   * An accredited remanufacturer or recycler (the signer) buys a listed core: the client checks
   * the listing (and that it is the offer given, when `token` and `price` are), the grade's age,
   * and the signer's balance, approves the core registry for exactly the price when the allowance
   * is short, and buys with the listing's token and price, so that a changed offer is refused.
   */
  buy(params: BuyParameters) {
    return buy(this.#ctx, params);
  }

  /**
   * The seller (the signer) requires a core deposit from the buyer of a unit: a deadline in the
   * future and five refund shares (grades 1..5) of 0 to 10,000 basis points. Returns its id.
   */
  requireCharge(params: RequireChargeParameters) {
    return requireCharge(this.#ctx, params);
  }

  /** The seller (the signer) withdraws a charge not yet paid. */
  cancelCharge(chargeId: IdParameter) {
    return cancelCharge(this.#ctx, chargeId);
  }

  /**
   * The buyer (the signer) pays a charge's deposit in before its deadline: the client checks the
   * charge and the buyer's balance, and approves core charges for exactly the deposit when the
   * allowance is short. Returns the deposit paid, its token and the deadline to hand a core in.
   */
  payCharge(chargeId: IdParameter) {
    return payCharge(this.#ctx, chargeId);
  }

  /**
   * The buyer (the signer) hands in a graded core of the unit's specification against a paid
   * charge by its deadline: the client checks both, approves core charges for that one core when
   * it may not move it yet, and settles. Returns the grade, the split of the deposit, the seller
   * who keeps the rest and the deposit's token.
   */
  settleCharge(params: SettleChargeParameters) {
    return settleCharge(this.#ctx, params);
  }

  /**
   * Anyone credits a paid deposit to the seller once the charge's deadline has passed. Returns the
   * amount credited, the seller credited and the deposit's token.
   */
  forfeitCharge(chargeId: IdParameter) {
    return forfeitCharge(this.#ctx, chargeId);
  }

  /**
   * The signer withdraws what a charge owes it, to `to` (itself by default). Returns the amount
   * sent and its token.
   */
  withdraw(params: WithdrawChargeParameters) {
    return withdraw(this.#ctx, params);
  }

  /** What a charge owes `account` (the signer by default), to withdraw. */
  owed(params: OwedParameters) {
    return owed(this.#ctx, params);
  }

  /**
   * What core charges hold in `token`: deposits held plus credits not yet withdrawn, which equals
   * the contract's balance of it.
   */
  liabilities(token: string) {
    return liabilities(this.#ctx, token);
  }

  /** A core charge, or undefined when there is none with this id. */
  charge(chargeId: IdParameter) {
    return getCharge(this.#ctx, chargeId);
  }

  /**
   * The owner of a specification (the signer, an OEM) licenses a remanufacturer: units per
   * period, period length (at least the registry's minimum), expiry in the future, an optional fee
   * per unit and the data package's hash. Returns the licence's id.
   */
  grantLicence(params: GrantLicenceParameters) {
    return grantLicence(this.#ctx, params);
  }

  /** The OEM (the signer) revokes a licence from now on. */
  revokeLicence(params: RevokeLicenceParameters) {
    return revokeLicence(this.#ctx, params);
  }

  /** A licence, or undefined when there is none with this id. */
  licence(licenceId: IdParameter) {
    return getLicence(this.#ctx, licenceId);
  }

  /** What is left of a licence now; refuses an unknown licence with a decoded error. */
  quota(licenceId: IdParameter) {
    return getQuota(this.#ctx, licenceId);
  }

  /**
   * The latest licence the owner of `spec` granted `remanufacturer` (live or not), or undefined
   * when none.
   */
  licenceOf(params: { spec: string; remanufacturer: string }) {
    return licenceOf(this.#ctx, params);
  }

  /** The owner of a specification (the signer) sets the warranty of a new part of it, in seconds. */
  setNewPartWarranty(params: SetNewPartWarrantyParameters) {
    return setNewPartWarranty(this.#ctx, params);
  }

  /** The warranty of a new part of `spec`, in seconds (zero when not set). */
  newPartWarranty(spec: string) {
    return newPartWarranty(this.#ctx, spec);
  }

  /** The shortest warranty a part of `spec` remanufactured with `outcome` may carry, in seconds. */
  minimumWarranty(params: MinimumWarrantyParameters) {
    return minimumWarranty(this.#ctx, params);
  }

  /** A part's warranty, or undefined when it has none. */
  warranty(partId: IdParameter) {
    return getWarranty(this.#ctx, partId);
  }

  /** A warranty claim, or undefined when there is none with this id. */
  claim(claimId: IdParameter) {
    return getClaim(this.#ctx, claimId);
  }

  /**
   * Every claim filed against a part's warranty, oldest first, as each stands now: found from the
   * warranty registry's `ClaimFiled` events from `fromBlock` (the address book's start block by
   * default).
   */
  claimsOf(partId: IdParameter, range: CircularRange = {}) {
    return claimsOf(this.#ctx, partId, range);
  }

  /** The owner of a part (the signer) files a claim against its warranty within the term. */
  fileClaim(params: FileClaimParameters) {
    return fileClaim(this.#ctx, params);
  }

  /** The warranty's issuer (the signer) accepts or rejects a filed claim. */
  answerClaim(params: AnswerClaimParameters) {
    return answerClaim(this.#ctx, params);
  }

  /**
   * The claimant (the signer) takes a rejected claim, or one unanswered past the issuer's response
   * time, to an arbiter who is neither party.
   */
  escalateClaim(params: EscalateClaimParameters) {
    return escalateClaim(this.#ctx, params);
  }

  /** The arbiter named (the signer) rules on an escalated claim, finally. */
  ruleClaim(params: RuleClaimParameters) {
    return ruleClaim(this.#ctx, params);
  }

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
  remanufacture(params: RemanufactureParameters) {
    return remanufacture(this.#ctx, params);
  }

  /**
   * An accredited recycler (the signer) recycles a core it holds: it registers a batch of the
   * recycled material in the part registry (drawing its certified capacity under `schemes`), then
   * links the batch to the core, which is burned. Returns the batch's id.
   */
  recycle(params: RecycleParameters) {
    return recycle(this.#ctx, params);
  }

  /**
   * A core as it stands, with what a buyer prices it on from events: when its part was made, its
   * attestations and status history (the part registry's events) and every grade (the core
   * registry's `CoreGraded` events), searched from `fromBlock` (the address book's start block by
   * default). Undefined for a part that never became a core.
   */
  core(coreId: IdParameter, range: CircularRange = {}) {
    return getCore(this.#ctx, coreId, range);
  }

  /**
   * A part's line: its predecessors back to the first part (bounded by the generation limit) and
   * the material batches the first part consumed, each with the core its material was recycled
   * from, if any; whether recalled material is anywhere in it, and whether the part is fit.
   */
  lineage(partId: IdParameter) {
    return lineage(this.#ctx, partId);
  }

  /** Whether a part is fit to use: conforming and no recalled material anywhere in its lineage. */
  isFit(partId: IdParameter) {
    return isFit(this.#ctx, partId);
  }

  /** The core a recycled batch came from; undefined for other batches. */
  originOf(batchId: IdParameter) {
    return originOf(this.#ctx, batchId);
  }
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
}
