import {
  type ContractRunner,
  Interface,
  Signature,
  type TypedDataDomain,
  ZeroAddress,
} from "ethers";
import { type Governance, readGovernance } from "../core/governance.js";
import { ContractClient, type ContractDescription } from "../core/client.js";
import { RECEIVABLE_SENTENCES } from "../core/decode.js";
import {
  ensureAllowance,
  erc20,
  ERC20_ERRORS,
  type Erc20Contract,
  readTokenInfo,
  type TokenInfo,
} from "../core/erc20.js";
import {
  assertInvariant,
  ContractRevertedError,
  InputError,
  InputErrorCode,
} from "../core/errors.js";
import { checkFromBlock, inLogOrder, queryInPages } from "../core/events.js";
import {
  formatTokenAmount,
  INVOICE_LIMITS,
  INVOICE_STATES,
  type InvoiceStateName,
  MILESTONE_KINDS,
  MILESTONE_STATES,
  milestoneKindIndex,
  type MilestoneKindName,
  type MilestoneStateName,
  parseMilestoneKind,
  checkAmountShape,
  toInvoiceId,
  toMilestoneIndex,
  toPeriod,
  toTokenAmount,
} from "./encodings.js";
import type { Hash } from "../core/hashing.js";
import { formatPartId, toPartId } from "../provenance/encodings.js";
import type { TxResult } from "../core/tx.js";
import {
  type InvoiceEscrow,
  InvoiceEscrow__factory,
  type PartRegistry,
  PartRegistry__factory,
  ParticipantRegistry__factory,
} from "../typechain/index.js";
import {
  formatTime,
  nonZeroAddress,
  requireFuture,
  type Timestamp,
  toAddress,
  toDocumentHash,
  toUnixSeconds,
} from "../core/validate.js";

/**
 * The invoice escrow, for {@link ContractClient}, with the errors of the contracts it calls, which
 * it bubbles up, and of ERC-20 tokens. Its ERC-721 errors are about receivables.
 */
const ESCROW: ContractDescription = {
  addressLabel: "invoice escrow address",
  iface: InvoiceEscrow__factory.createInterface(),
  calledErrors: [
    new Interface(PartRegistry__factory.abi),
    new Interface(ParticipantRegistry__factory.abi),
    ERC20_ERRORS,
  ],
  sentences: RECEIVABLE_SENTENCES,
};

/**
 * The wording of a transaction whose ERC-721 errors are not about receivables: a delivery's come
 * from the parts registry, and approvals are not the escrow's.
 */
const NO_RECEIVABLE_SENTENCES = {};

/** The EIP-2612 `Permit` struct. */
const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** How long a permit signed by {@link InvoicesClient.fundWithPermit} lasts by default: one hour. */
export const DEFAULT_PERMIT_VALIDITY = 3_600n;

/**
 * An amount of a token: a bigint in the token's smallest unit (`12500500000n`), or a string in
 * token units (`"12500.50"`), which the client scales by the token's `decimals()`.
 */
export type TokenAmount = bigint | string;

/** A milestone as proposed: released by the payer's approval, or by a delivery of parts. */
export type MilestoneParameter =
  | { kind: "approval"; amount: TokenAmount }
  | {
      kind: "delivery";
      amount: TokenAmount;
      /** How many conforming parts release it: 1 to 100. */
      quantity: bigint | number | string;
      /** The hash of the parts' specification. */
      spec: string;
    };

export type ProposeInvoiceParameters = {
  /** The customer who pays: an active accredited customer. */
  payer: string;
  /** The ERC-20 token the invoice is paid in. */
  token: string;
  /** When the work is due; deliveries after it pay a lateness penalty, if the invoice sets one. */
  dueDate: Timestamp;
  /** Seconds the payer has to accept or reject a delivery; 0 pays at delivery. */
  acceptanceWindow: bigint | number;
  /** Seconds after the due date during which deliveries are still taken; then the payer reclaims. */
  gracePeriod: bigint | number;
  /** Seconds the arbiter has to rule on a dispute (at least one hour); then the dispute lapses. */
  rulingPeriod: bigint | number;
  /** An active accredited arbiter both sides agree to; none when omitted. */
  arbiter?: string;
  /** Deducted from a delivery's payment per started day late and returned to the payer. */
  penaltyPerDay?: TokenAmount;
  /** The largest penalty of one delivery milestone; required with a penalty per day. */
  penaltyCap?: TokenAmount;
  /** One to eight milestones; their amounts add up to the invoice's total. */
  milestones: readonly MilestoneParameter[];
};

export type DeliverParameters = {
  invoiceId: bigint | number | string;
  index: bigint | number | string;
  /** Exactly the milestone's quantity of parts, held by the supplier, of its specification, conforming. */
  partIds: readonly (bigint | number | string)[];
};

/** A per-part approval of the escrow on the parts registry, sent before a delivery. */
export type PartApproval = {
  partId: bigint;
  tx: TxResult;
};

export type RuleParameters = {
  invoiceId: bigint | number | string;
  index: bigint | number | string;
  /** What the receivable holder gets; the rest goes back to the payer. May be zero. */
  toPayee: TokenAmount;
};

export type WithdrawParameters = {
  /** The invoice that credited something to the signer; paid in that invoice's token. */
  invoiceId: bigint | number | string;
  /** Where to send it (any address: the credit was made because the signer could not receive). */
  to: string;
};

export type TransferReceivableParameters = {
  invoiceId: bigint | number | string;
  /** The new holder (a financier), who is paid from now on. */
  to: string;
};

/** An ERC-20 token's metadata. */
export type { TokenInfo };

/** A milestone as it stands now. */
export type InvoiceMilestone = {
  index: number;
  kind: MilestoneKindName;
  state: MilestoneStateName;
  /** Its share of the total, in the token's smallest unit. */
  amount: bigint;
  /** The parts a delivery milestone needs; zero for an approval milestone. */
  quantity: bigint;
  /** The specification of a delivery milestone's parts; undefined for an approval milestone. */
  spec: Hash | undefined;
  /**
   * The end of the acceptance window while delivered, of the ruling period while disputed (unix
   * seconds); undefined in every other state.
   */
  deadline: bigint | undefined;
  /** The lateness penalty fixed at delivery, which goes back to the payer. */
  penalty: bigint;
  /** Where a disputed milestone goes back to if nobody rules in time; undefined when not disputed. */
  disputedFrom: MilestoneStateName | undefined;
};

/** Where every token of an invoice is, in the token's smallest unit. */
export type InvoiceFunds = {
  total: bigint;
  /** Paid (or credited) to receivable holders. */
  released: bigint;
  /** Paid (or credited) back to the payer: refunds, rulings and lateness penalties. */
  refunded: bigint;
  /** In escrow for the invoice now: total − released − refunded once funded; zero before. */
  held: bigint;
};

/** An invoice as the escrow reports it now. */
export type Invoice = {
  id: bigint;
  state: InvoiceStateName;
  supplier: string;
  payer: string;
  token: string;
  /** Undefined when the invoice has no arbiter. */
  arbiter: string | undefined;
  /** Unix seconds. */
  dueDate: bigint;
  /** Seconds. */
  acceptanceWindow: bigint;
  gracePeriod: bigint;
  rulingPeriod: bigint;
  /** In the token's smallest unit; zero when the invoice has no lateness penalty. */
  penaltyPerDay: bigint;
  penaltyCap: bigint;
  /** Who is paid: the holder of the receivable (minted to the supplier at funding); undefined before. */
  receivableHolder: string | undefined;
  /**
   * When the invoice was funded (unix seconds); undefined before. Funded at or after the due date,
   * its deliveries carry no lateness penalty.
   */
  fundedAt: bigint | undefined;
  /** Milestones not yet settled. */
  openMilestones: number;
  milestones: InvoiceMilestone[];
  funds: InvoiceFunds;
};

/**
 * An invoice's terms as its proposal's events (`InvoiceProposed` and `MilestoneProposed`)
 * announced them: every term the escrow stores, so that an invoice can be rebuilt from events
 * alone.
 */
export type InvoiceProposal = Pick<
  Invoice,
  | "id"
  | "supplier"
  | "payer"
  | "token"
  | "arbiter"
  | "dueDate"
  | "acceptanceWindow"
  | "gracePeriod"
  | "rulingPeriod"
  | "penaltyPerDay"
  | "penaltyCap"
> & {
  total: bigint;
  milestones: {
    index: number;
    kind: MilestoneKindName;
    amount: bigint;
    quantity: bigint;
    spec: Hash | undefined;
  }[];
  blockNumber: number;
  transactionHash: string;
};

/** Money that left the escrow for an invoice (or was credited), from its events. */
export type InvoicePayment =
  | {
      kind: "release";
      index: number;
      /** The receivable holder at the time. */
      payee: string;
      toPayee: bigint;
      /** Back to the payer: a lateness penalty or the payer's share of a ruling. */
      toPayer: bigint;
      /** Whether the arbiter's ruling released it. */
      ruled: boolean;
      blockNumber: number;
      transactionHash: string;
    }
  | {
      kind: "refund";
      index: number;
      toPayer: bigint;
      blockNumber: number;
      transactionHash: string;
    }
  | {
      /**
       * A payment of this invoice (one side of a release, ruling or refund, listed above it) that
       * the token refused to deliver to `account`: credited to it instead, to withdraw.
       */
      kind: "deferred";
      account: string;
      amount: bigint;
      blockNumber: number;
      transactionHash: string;
    };

/**
 * Typed access to the invoice escrow: invoices proposed by a supplier and funded by the payer up
 * front, milestones released by approval or by delivery of conforming parts
 * (delivery-versus-payment), disputes ruled by an arbiter, refunds after the due date, and the
 * receivable that can be sold. Every write checks its input first (addresses, amounts against the
 * token's decimals, dates against the chain's clock, milestone terms against the contract's
 * limits) and throws an {@link InputError} before anything is sent; a contract refusal comes back
 * as a decoded `ContractRevertedError` with a sentence. Amounts are bigints in the token's
 * smallest unit, or strings in token units.
 *
 * @example
 * const invoices = InvoicesClient.fromAddressBook(book, supplierSigner);
 * const { invoiceId } = await invoices.proposeInvoice({
 *   payer, token: usdc, dueDate: new Date("2027-06-30"), acceptanceWindow: 3 * 86_400,
 *   gracePeriod: 7 * 86_400, rulingPeriod: 14 * 86_400, arbiter,
 *   milestones: [{ kind: "approval", amount: "5000" },
 *                { kind: "delivery", amount: "7500.50", quantity: 3, spec: specHash }],
 * });
 * await invoices.connect(payerSigner).fund(invoiceId);
 */
export class InvoicesClient extends ContractClient {
  protected static override readonly bookEntry = "InvoiceEscrow";
  /** The runner the client acts through (a signer to send, a provider to read). */
  declare readonly runner: ContractRunner;
  readonly #contract: InvoiceEscrow;

  constructor(address: string, runner: ContractRunner) {
    super(address, runner, ESCROW);
    this.#contract = InvoiceEscrow__factory.connect(this.address, runner);
  }

  // ---------------------------------------------------------------------------------------------
  // Governance
  // ---------------------------------------------------------------------------------------------

  /** Who governs the escrow, its hand-over delay, and any hand-over under way. */
  async governance(): Promise<Governance> {
    return this.read(() => readGovernance(this.#contract));
  }

  /** Whether `account` may open funded invoices (the procurement auction). */
  async isOriginator(account: string): Promise<boolean> {
    const who = toAddress(account);
    return this.read(async () =>
      this.#contract.hasRole(await this.#contract.ORIGINATOR_ROLE(), who),
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Invoices
  // ---------------------------------------------------------------------------------------------

  /**
   * The supplier (the signer, an active participant) proposes an invoice to the payer, who agrees
   * by funding it. Amounts given as strings are in token units and scaled by the token's
   * `decimals()`. A lateness penalty needs both a penalty per day and a cap; the cap applies to
   * each delivery milestone on its own. Returns the new invoice's id, read from its
   * `InvoiceProposed` event.
   *
   * @example
   * const { invoiceId } = await invoices.proposeInvoice({ payer, token, dueDate: 1_830_000_000,
   *   acceptanceWindow: 0, gracePeriod: 0, rulingPeriod: 86_400,
   *   milestones: [{ kind: "approval", amount: 12_500_500_000n }] });
   */
  async proposeInvoice(
    params: ProposeInvoiceParameters,
  ): Promise<{ tx: TxResult; invoiceId: bigint }> {
    const payer = nonZeroAddress(params.payer, "payer address");
    const token = nonZeroAddress(params.token, "token address");
    const arbiter =
      params.arbiter === undefined
        ? ZeroAddress
        : nonZeroAddress(params.arbiter, "arbiter address");
    if (arbiter === payer) {
      throw new InputError(
        InputErrorCode.InvalidAddress,
        `The arbiter ${arbiter} is the payer; the arbiter must be neither party.`,
      );
    }
    const dueDate = toUnixSeconds(params.dueDate, "due date");
    const acceptanceWindow = toPeriod(
      params.acceptanceWindow,
      "acceptance window",
      0n,
      INVOICE_LIMITS.maxPeriod,
    );
    const gracePeriod = toPeriod(params.gracePeriod, "grace period", 0n, INVOICE_LIMITS.maxPeriod);
    const rulingPeriod = toPeriod(
      params.rulingPeriod,
      "ruling period",
      INVOICE_LIMITS.minRulingPeriod,
      INVOICE_LIMITS.maxPeriod,
    );
    const milestones = checkMilestones(params.milestones);
    const amounts = [
      ...milestones.map((m, i) => ({ value: m.amount, what: `amount of milestone ${i}` })),
      ...(params.penaltyPerDay === undefined
        ? []
        : [{ value: params.penaltyPerDay, what: "penalty per day" }]),
      ...(params.penaltyCap === undefined
        ? []
        : [{ value: params.penaltyCap, what: "penalty cap" }]),
    ];
    for (const { value, what } of amounts) checkAmountShape(value, what);

    const supplier = await this.signerAddress();
    if (payer === supplier) {
      throw new InputError(
        InputErrorCode.InvalidAddress,
        `The payer ${payer} is the signer, who proposes as the supplier; a supplier cannot ` +
          "invoice itself.",
      );
    }
    if (arbiter === supplier) {
      throw new InputError(
        InputErrorCode.InvalidAddress,
        `The arbiter ${arbiter} is the signer, the supplier; the arbiter must be neither party.`,
      );
    }
    requireFuture(dueDate, await this.chainTime(), "due date");
    const needsDecimals = amounts.some(({ value }) => typeof value === "string");
    const decimals = needsDecimals ? (await this.tokenInfo(token)).decimals : 0;
    const scale = (value: TokenAmount, what: string, min: bigint, max: bigint) =>
      toTokenAmount(value, decimals, what, { min, max });

    const terms = milestones.map((m, i) => ({
      amount: scale(m.amount, `amount of milestone ${i}`, 1n, INVOICE_LIMITS.maxAmount),
      kind: milestoneKindIndex(m.kind),
      quantity: m.quantity,
      specHash: m.spec,
    }));
    const total = terms.reduce((sum, m) => sum + m.amount, 0n);
    if (total > INVOICE_LIMITS.maxAmount) {
      throw new InputError(
        InputErrorCode.InvalidAmount,
        `The milestones add up to ${total}, more than the escrow can hold (2^128 - 1).`,
      );
    }
    const penaltyPerDay =
      params.penaltyPerDay === undefined
        ? 0n
        : scale(params.penaltyPerDay, "penalty per day", 0n, INVOICE_LIMITS.maxPenalty);
    const penaltyCap =
      params.penaltyCap === undefined
        ? 0n
        : scale(params.penaltyCap, "penalty cap", 0n, INVOICE_LIMITS.maxPenalty);
    if (penaltyPerDay > 0n && penaltyCap === 0n) {
      throw new InputError(
        InputErrorCode.InvalidAmount,
        "A penalty per day needs a penalty cap above zero: the contract caps each late " +
          "delivery's penalty at it, so a cap of zero means no penalty at all.",
      );
    }
    if (penaltyCap > 0n && penaltyPerDay === 0n) {
      throw new InputError(
        InputErrorCode.InvalidAmount,
        "A penalty cap was given without a penalty per day; give both, or neither.",
      );
    }

    const { tx, logs } = await this.sendForLogs(() =>
      this.#contract.proposeInvoice(
        {
          payer,
          token,
          dueDate,
          acceptanceWindow,
          gracePeriod,
          rulingPeriod,
          arbiter,
          penaltyPerDay,
          penaltyCap,
        },
        terms,
      ),
    );
    const [event] = this.findEvents(logs, "InvoiceProposed");
    assertInvariant(event !== undefined, "proposeInvoice emitted no InvoiceProposed event");
    return { tx, invoiceId: event.args.invoiceId as bigint };
  }

  /**
   * The payer (the signer) agrees to a proposed invoice by locking its total in escrow. The
   * client first checks that the invoice is proposed, that the signer is its payer and that the
   * payer holds the total; when the escrow's allowance is short of the total, it sends an ERC-20
   * `approve` of the escrow for exactly the total (replacing the old allowance) before funding,
   * and returns that transaction as `approval` (undefined when none was needed). A non-zero
   * allowance that is short is first set to zero (`allowanceReset`), for tokens that refuse to
   * change one non-zero allowance to another (USDT style).
   *
   * @example
   * const { tx, approval } = await invoices.connect(payerSigner).fund(invoiceId);
   */
  async fund(invoiceId: bigint | number | string): Promise<{
    tx: TxResult;
    approval: TxResult | undefined;
    allowanceReset: TxResult | undefined;
  }> {
    const id = toInvoiceId(invoiceId);
    const payer = await this.signerAddress();
    const invoice = await this.#fundable(id, payer);
    const token = erc20(invoice.token, this.runner);
    await this.#requireBalance(token, invoice, payer);
    const { reset, approval } = await ensureAllowance(
      token,
      { owner: payer, spender: this.address, amount: invoice.funds.total },
      {
        read: (call) => this.#readToken(call),
        send: (sendTx) => this.send(sendTx, NO_RECEIVABLE_SENTENCES),
      },
    );
    const tx = await this.send(() => this.#contract.fund(id));
    return { tx, approval, allowanceReset: reset };
  }

  /**
   * {@link fund} without a prior approval transaction: the payer (the signer) signs an EIP-2612
   * permit of the escrow for exactly the total, on the token's EIP-712 domain (its
   * `eip712Domain()` when it has one, else its `name()` with its `version()` or "1"), and the
   * escrow uses it in the same transaction. The permit lasts `deadline` (one hour of the chain's
   * time by default). A token without `nonces()` has no permit: use {@link fund}.
   *
   * @example
   * await invoices.connect(payerSigner).fundWithPermit(invoiceId);
   */
  async fundWithPermit(
    invoiceId: bigint | number | string,
    options: { deadline?: Timestamp } = {},
  ): Promise<TxResult> {
    const id = toInvoiceId(invoiceId);
    const given =
      options.deadline === undefined
        ? undefined
        : toUnixSeconds(options.deadline, "permit deadline");
    const payer = await this.signerAddress();
    const signer = this.runner as {
      signTypedData?: (
        domain: TypedDataDomain,
        types: typeof PERMIT_TYPES,
        value: Record<string, unknown>,
      ) => Promise<string>;
    };
    if (typeof signer.signTypedData !== "function") {
      throw new InputError(
        InputErrorCode.MissingSigner,
        "This client's signer cannot sign typed data (EIP-712), so it cannot sign a permit; use fund.",
      );
    }
    const now = await this.chainTime();
    const deadline = given ?? now + DEFAULT_PERMIT_VALIDITY;
    requireFuture(deadline, now, "permit deadline");
    const invoice = await this.#fundable(id, payer);
    const token = erc20(invoice.token, this.runner);
    await this.#requireBalance(token, invoice, payer);
    let nonce: bigint;
    try {
      nonce = await token.nonces(payer);
    } catch (cause) {
      throw new InputError(
        InputErrorCode.UnsupportedToken,
        `The token ${invoice.token} has no EIP-2612 permit (no nonces()); fund the invoice with ` +
          "an approval instead.",
        { cause },
      );
    }
    const domain = await this.#permitDomain(token, invoice.token);
    const signature = Signature.from(
      await signer.signTypedData(domain, PERMIT_TYPES, {
        owner: payer,
        spender: this.address,
        value: invoice.funds.total,
        nonce,
        deadline,
      }),
    );
    return this.send(() =>
      this.#contract.fundWithPermit(id, deadline, signature.v, signature.r, signature.s),
    );
  }

  /** The supplier withdraws a proposed invoice, or the payer declines it. */
  async cancel(invoiceId: bigint | number | string): Promise<TxResult> {
    const id = toInvoiceId(invoiceId);
    return this.send(() => this.#contract.cancel(id));
  }

  // ---------------------------------------------------------------------------------------------
  // Milestones
  // ---------------------------------------------------------------------------------------------

  /** The payer approves an approval milestone: it is paid to the receivable holder. */
  async approveMilestone(
    invoiceId: bigint | number | string,
    index: bigint | number | string,
  ): Promise<TxResult> {
    const [id, i] = [toInvoiceId(invoiceId), toMilestoneIndex(index)];
    return this.send(() => this.#contract.approveMilestone(id, i));
  }

  /**
   * Delivery versus payment: the supplier (the signer) delivers parts against a delivery
   * milestone; in the same transaction the parts move to the payer and the payment is released
   * (or held for the acceptance window). The client first checks the invoice, the milestone, the
   * deadline (due date plus grace period) and every part (held by the supplier, of the
   * milestone's specification, conforming). It then approves the escrow on the parts registry
   * for each delivered part it may not move yet, one ERC-721 `approve(escrow, partId)` per part
   * (the approval lapses when the part moves), and returns those transactions as `approvals`, in
   * the order of the parts. It never grants an operator approval over all the supplier's parts
   * (`setApprovalForAll`); a part already approved (or covered by an operator approval the
   * supplier gave itself) is skipped.
   *
   * @example
   * const { tx, approvals } = await invoices
   *   .connect(supplierSigner)
   *   .deliver({ invoiceId, index: 1, partIds });
   */
  async deliver(params: DeliverParameters): Promise<{ tx: TxResult; approvals: PartApproval[] }> {
    const id = toInvoiceId(params.invoiceId);
    const index = toMilestoneIndex(params.index);
    const partIds = params.partIds.map((partId, i) => toPartId(partId, `part id ${i + 1}`));
    if (partIds.length === 0 || partIds.length > INVOICE_LIMITS.maxDelivery) {
      throw new InputError(
        InputErrorCode.InvalidList,
        `A delivery takes 1 to ${INVOICE_LIMITS.maxDelivery} parts; got ${partIds.length}.`,
      );
    }
    partIds.forEach((partId, i) => {
      if (partIds.indexOf(partId) !== i) {
        throw new InputError(
          InputErrorCode.InvalidList,
          `The part ${formatPartId(partId)} is given twice.`,
        );
      }
    });
    const supplier = await this.signerAddress();
    const invoice = await this.#loadInvoice(id);
    if (invoice.state !== "funded") {
      throw wrongState(
        `The invoice ${id} is ${invoice.state}; parts are delivered only against a funded invoice.`,
      );
    }
    if (invoice.supplier !== supplier) {
      throw new InputError(
        InputErrorCode.WrongAccount,
        `Only the supplier ${invoice.supplier} delivers against invoice ${id}; the signer is ${supplier}.`,
      );
    }
    const milestone = milestoneOf(invoice, index);
    if (milestone.kind !== "delivery") {
      throw wrongState(
        `Milestone ${index} of invoice ${id} is an approval milestone: the payer approves it, ` +
          "nothing is delivered against it.",
      );
    }
    if (milestone.state !== "pending") {
      throw wrongState(
        `Milestone ${index} of invoice ${id} is ${milestone.state}; parts are delivered only ` +
          "against a pending milestone.",
      );
    }
    const now = await this.chainTime();
    const lastMoment = invoice.dueDate + invoice.gracePeriod;
    if (now >= lastMoment) {
      throw new InputError(
        InputErrorCode.TimeInPast,
        `Deliveries against invoice ${id} were taken until ${formatTime(lastMoment)} (the due ` +
          `date plus the grace period); the chain's time is ${formatTime(now)}.`,
      );
    }
    if (BigInt(partIds.length) !== milestone.quantity) {
      throw new InputError(
        InputErrorCode.InvalidList,
        `Milestone ${index} of invoice ${id} needs exactly ${milestone.quantity} parts; ` +
          `${partIds.length} were given.`,
      );
    }
    const registry = await this.#partsRegistry();
    for (const partId of partIds) {
      await this.#requireDeliverable(registry, partId, supplier, milestone.spec);
    }
    const approvals: PartApproval[] = [];
    const operator = await this.read(() => registry.isApprovedForAll(supplier, this.address));
    for (const partId of operator ? [] : partIds) {
      const approved = await this.read(() => registry.getApproved(partId));
      if (approved === this.address) continue;
      const tx = await this.send(
        () => registry.approve(this.address, partId),
        NO_RECEIVABLE_SENTENCES,
      );
      approvals.push({ partId, tx });
    }
    const tx = await this.send(
      () => this.#contract.deliver(id, index, partIds),
      NO_RECEIVABLE_SENTENCES,
    );
    return { tx, approvals };
  }

  /** The payer accepts a held delivery before its window ends: it is paid at once. */
  async acceptDelivery(
    invoiceId: bigint | number | string,
    index: bigint | number | string,
  ): Promise<TxResult> {
    const [id, i] = [toInvoiceId(invoiceId), toMilestoneIndex(index)];
    return this.send(() => this.#contract.acceptDelivery(id, i));
  }

  /**
   * The payer rejects a held delivery within its acceptance window, for a reason (the hash of the
   * rejection report), which opens a dispute for the arbiter.
   */
  async rejectDelivery(
    invoiceId: bigint | number | string,
    index: bigint | number | string,
    reasonHash: string,
  ): Promise<TxResult> {
    const [id, i] = [toInvoiceId(invoiceId), toMilestoneIndex(index)];
    const reason = toDocumentHash(reasonHash, "reason hash");
    return this.send(() => this.#contract.rejectDelivery(id, i, reason));
  }

  /** After a delivery's acceptance window lapses, anyone releases its payment. */
  async claim(
    invoiceId: bigint | number | string,
    index: bigint | number | string,
  ): Promise<TxResult> {
    const [id, i] = [toInvoiceId(invoiceId), toMilestoneIndex(index)];
    return this.send(() => this.#contract.claim(id, i));
  }

  /**
   * A party disputes a milestone whose money is still held, for a reason (the hash of the
   * document that says why): the payer a delivery within its acceptance window, the supplier a
   * pending milestone before the due date plus grace period. A delivery back from a lapsed
   * dispute cannot be disputed again.
   */
  async dispute(
    invoiceId: bigint | number | string,
    index: bigint | number | string,
    reasonHash: string,
  ): Promise<TxResult> {
    const [id, i] = [toInvoiceId(invoiceId), toMilestoneIndex(index)];
    const reason = toDocumentHash(reasonHash, "reason hash");
    return this.send(() => this.#contract.dispute(id, i, reason));
  }

  /**
   * The invoice's arbiter rules on a disputed milestone: `toPayee` to the receivable holder, the
   * rest back to the payer. A string amount is in token units of the invoice's token.
   *
   * @example
   * await invoices.connect(arbiterSigner).rule({ invoiceId, index: 1, toPayee: "5000" });
   */
  async rule(params: RuleParameters): Promise<TxResult> {
    const id = toInvoiceId(params.invoiceId);
    const index = toMilestoneIndex(params.index);
    checkAmountShape(params.toPayee, "ruling to the payee");
    let decimals = 0;
    if (typeof params.toPayee === "string") {
      const invoice = await this.#loadInvoice(id);
      decimals = (await this.tokenInfo(invoice.token)).decimals;
    }
    const toPayee = toTokenAmount(params.toPayee, decimals, "ruling to the payee", {
      min: 0n,
      max: INVOICE_LIMITS.maxAmount,
    });
    return this.send(() => this.#contract.rule(id, index, toPayee));
  }

  /** After the ruling period passes with no ruling, anyone lets the dispute lapse. */
  async lapseDispute(
    invoiceId: bigint | number | string,
    index: bigint | number | string,
  ): Promise<TxResult> {
    const [id, i] = [toInvoiceId(invoiceId), toMilestoneIndex(index)];
    return this.send(() => this.#contract.lapseDispute(id, i));
  }

  /** After the due date plus grace period, anyone refunds the payer every pending milestone. */
  async reclaim(invoiceId: bigint | number | string): Promise<TxResult> {
    const id = toInvoiceId(invoiceId);
    return this.send(() => this.#contract.reclaim(id));
  }

  /**
   * Sends what an invoice credited to the signer (payments the token refused to deliver to it),
   * in the invoice's token, to `to`. Returns the amount sent, read from the `Withdrawn` event.
   */
  async withdraw(params: WithdrawParameters): Promise<{ tx: TxResult; amount: bigint }> {
    const id = toInvoiceId(params.invoiceId);
    const to = nonZeroAddress(params.to, "recipient address");
    const { tx, logs } = await this.sendForLogs(() => this.#contract.withdraw(id, to));
    const [event] = this.findEvents(logs, "Withdrawn");
    assertInvariant(event !== undefined, "withdraw emitted no Withdrawn event");
    return { tx, amount: event.args.amount as bigint };
  }

  /**
   * The receivable's holder sells it (invoice factoring): an ERC-721 safe transfer of the token
   * whose id is the invoice id. Every later payment of the invoice goes to the new holder.
   */
  async transferReceivable(params: TransferReceivableParameters): Promise<TxResult> {
    const id = toInvoiceId(params.invoiceId);
    const to = nonZeroAddress(params.to, "recipient address");
    if (to === this.address) {
      throw new InputError(
        InputErrorCode.InvalidAddress,
        "A receivable cannot be sent to the escrow itself.",
      );
    }
    const from = await this.signerAddress();
    return this.send(() =>
      this.#contract["safeTransferFrom(address,address,uint256)"](from, to, id),
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Queries
  // ---------------------------------------------------------------------------------------------

  /**
   * An invoice as it stands now, with its milestones, who holds its receivable and where every
   * token of it is; undefined when no invoice has this id.
   */
  async getInvoice(invoiceId: bigint | number | string): Promise<Invoice | undefined> {
    const id = toInvoiceId(invoiceId);
    try {
      return await this.#loadInvoice(id);
    } catch (error) {
      if (
        error instanceof ContractRevertedError &&
        error.errorName === "InvoiceEscrowUnknownInvoice"
      ) {
        return undefined;
      }
      throw error;
    }
  }

  /**
   * The payments of an invoice since `fromBlock` (use the address book's `startBlock`), from its
   * `MilestoneReleased`, `MilestoneRefunded` and `PaymentDeferred` events, in chain order: who
   * was paid what, and which of those payments the token refused and the escrow credited
   * instead (`deferred`, right after the release or refund it belongs to).
   */
  async payments(
    invoiceId: bigint | number | string,
    fromBlock: number,
  ): Promise<InvoicePayment[]> {
    const id = toInvoiceId(invoiceId);
    checkFromBlock(fromBlock);
    const provider = this.provider();
    const toBlock = await this.read(() => provider.getBlockNumber());
    const c = this.#contract;
    const [released, refunded, ruled, deferred] = await this.read(() =>
      Promise.all([
        queryInPages(
          (from, to) => c.queryFilter(c.filters.MilestoneReleased(id), from, to),
          fromBlock,
          toBlock,
        ),
        queryInPages(
          (from, to) => c.queryFilter(c.filters.MilestoneRefunded(id), from, to),
          fromBlock,
          toBlock,
        ),
        queryInPages(
          (from, to) => c.queryFilter(c.filters.Ruled(id), from, to),
          fromBlock,
          toBlock,
        ),
        queryInPages(
          (from, to) => c.queryFilter(c.filters.PaymentDeferred(id), from, to),
          fromBlock,
          toBlock,
        ),
      ]),
    );
    const rulings = new Set(ruled.map((e) => `${e.transactionHash}:${e.args.index}`));
    return inLogOrder<InvoicePayment>([
      ...released.map((e) => ({
        kind: "release" as const,
        index: Number(e.args.index),
        payee: e.args.payee,
        toPayee: e.args.toPayee,
        toPayer: e.args.toPayer,
        ruled: rulings.has(`${e.transactionHash}:${e.args.index}`),
        blockNumber: e.blockNumber,
        transactionHash: e.transactionHash,
        position: e,
      })),
      ...refunded.map((e) => ({
        kind: "refund" as const,
        index: Number(e.args.index),
        toPayer: e.args.amount,
        blockNumber: e.blockNumber,
        transactionHash: e.transactionHash,
        position: e,
      })),
      ...deferred.map((e) => ({
        kind: "deferred" as const,
        account: e.args.account,
        amount: e.args.amount,
        blockNumber: e.blockNumber,
        transactionHash: e.transactionHash,
        position: e,
      })),
    ]);
  }

  /**
   * An invoice's terms rebuilt from its proposal's events since `fromBlock` (use the address
   * book's `startBlock`), without reading the invoice's storage; undefined when no such
   * proposal was found.
   */
  async proposal(
    invoiceId: bigint | number | string,
    fromBlock: number,
  ): Promise<InvoiceProposal | undefined> {
    const id = toInvoiceId(invoiceId);
    checkFromBlock(fromBlock);
    const provider = this.provider();
    const toBlock = await this.read(() => provider.getBlockNumber());
    const c = this.#contract;
    const [proposed, milestones] = await this.read(() =>
      Promise.all([
        queryInPages(
          (from, to) => c.queryFilter(c.filters.InvoiceProposed(id), from, to),
          fromBlock,
          toBlock,
        ),
        queryInPages(
          (from, to) => c.queryFilter(c.filters.MilestoneProposed(id), from, to),
          fromBlock,
          toBlock,
        ),
      ]),
    );
    const [event] = proposed;
    if (event === undefined) return undefined;
    const { supplier, payer, terms, total } = event.args;
    return {
      id,
      supplier,
      payer,
      token: terms.token,
      arbiter: terms.arbiter === ZeroAddress ? undefined : terms.arbiter,
      dueDate: terms.dueDate,
      acceptanceWindow: terms.acceptanceWindow,
      gracePeriod: terms.gracePeriod,
      rulingPeriod: terms.rulingPeriod,
      penaltyPerDay: terms.penaltyPerDay,
      penaltyCap: terms.penaltyCap,
      total,
      milestones: milestones
        .filter((m) => m.transactionHash === event.transactionHash)
        .map((m) => {
          const kind = MILESTONE_KINDS[Number(m.args.kind)];
          assertInvariant(kind !== undefined, `unknown milestone kind ${m.args.kind}`);
          return {
            index: Number(m.args.index),
            kind,
            amount: m.args.amount,
            quantity: m.args.quantity,
            spec: kind === "delivery" ? (m.args.specHash.toLowerCase() as Hash) : undefined,
          };
        })
        .sort((a, b) => a.index - b.index),
      blockNumber: event.blockNumber,
      transactionHash: event.transactionHash,
    };
  }

  /**
   * What an invoice credited to `account`, in the invoice's token: payments the token refused to
   * deliver.
   */
  async owed(invoiceId: bigint | number | string, account: string): Promise<bigint> {
    const id = toInvoiceId(invoiceId);
    const who = toAddress(account, "account address");
    return this.read(() => this.#contract.owed(id, who));
  }

  /** How much of `token` the escrow owes in all: held for invoices plus credited. */
  async liabilities(token: string): Promise<bigint> {
    const t = toAddress(token, "token address");
    return this.read(() => this.#contract.liabilities(t));
  }

  /** A token's name, symbol and decimals; refuses an address that is not an ERC-20 token. */
  async tokenInfo(token: string): Promise<TokenInfo> {
    return readTokenInfo(
      token,
      { runner: this.runner, provider: this.provider(), read: (call) => this.read(call) },
      "give amounts as bigints in its smallest unit.",
    );
  }

  /** The parts registry the escrow checks deliveries against. */
  async partsRegistryAddress(): Promise<string> {
    return (await this.#partsRegistry()).getAddress();
  }

  // ---------------------------------------------------------------------------------------------

  async #loadInvoice(id: bigint): Promise<Invoice> {
    const stored = await this.read(() => this.#contract.invoice(id));
    const count = Number(stored.milestoneCount);
    const state = INVOICE_STATES[Number(stored.state)];
    assertInvariant(
      state !== undefined,
      `the escrow reports an unknown invoice state ${stored.state}`,
    );
    const minted = state === "funded" || state === "settled";
    const [milestones, holder] = await this.read(() =>
      Promise.all([
        Promise.all(Array.from({ length: count }, (_, i) => this.#contract.milestone(id, i))),
        minted ? this.#contract.ownerOf(id) : Promise.resolve(undefined),
      ]),
    );
    return {
      id,
      state,
      supplier: stored.supplier,
      payer: stored.payer,
      token: stored.token,
      arbiter: stored.arbiter === ZeroAddress ? undefined : stored.arbiter,
      dueDate: stored.dueDate,
      acceptanceWindow: stored.acceptanceWindow,
      gracePeriod: stored.gracePeriod,
      rulingPeriod: stored.rulingPeriod,
      penaltyPerDay: stored.penaltyPerDay,
      penaltyCap: stored.penaltyCap,
      receivableHolder: holder,
      fundedAt: minted ? stored.fundedAt : undefined,
      openMilestones: Number(stored.openMilestones),
      milestones: milestones.map((m, index) => toMilestone(m, index)),
      funds: {
        total: stored.total,
        released: stored.released,
        refunded: stored.refunded,
        held: minted ? stored.total - stored.released - stored.refunded : 0n,
      },
    };
  }

  /** The invoice, checked to be proposed and to have `payer` as its payer. */
  async #fundable(id: bigint, payer: string): Promise<Invoice> {
    const invoice = await this.#loadInvoice(id);
    if (invoice.state !== "proposed") {
      throw wrongState(
        `The invoice ${id} is ${invoice.state}; only a proposed invoice can be funded.`,
      );
    }
    if (invoice.payer !== payer) {
      throw new InputError(
        InputErrorCode.WrongAccount,
        `Only the payer ${invoice.payer} can fund invoice ${id}; the signer is ${payer}.`,
      );
    }
    return invoice;
  }

  async #requireBalance(token: Erc20Contract, invoice: Invoice, payer: string): Promise<void> {
    const balance = await this.#readToken(() => token.balanceOf(payer));
    if (balance >= invoice.funds.total) return;
    const info = await this.tokenInfo(invoice.token).catch(() => undefined);
    const amount = (value: bigint) =>
      info === undefined
        ? `${value} (smallest unit) of ${invoice.token}`
        : `${formatTokenAmount(value, info.decimals)} ${info.symbol || invoice.token}`;
    throw new InputError(
      InputErrorCode.InsufficientFunds,
      `The payer ${payer} holds ${amount(balance)}; invoice ${invoice.id} needs ` +
        `${amount(invoice.funds.total)}.`,
    );
  }

  async #permitDomain(token: Erc20Contract, address: string): Promise<TypedDataDomain> {
    try {
      const [fields, name, version, chainId, verifyingContract, salt] = await token.eip712Domain();
      const bits = Number.parseInt(fields.slice(2), 16);
      return {
        ...((bits & 0x01) !== 0 && { name }),
        ...((bits & 0x02) !== 0 && { version }),
        ...((bits & 0x04) !== 0 && { chainId }),
        ...((bits & 0x08) !== 0 && { verifyingContract }),
        ...((bits & 0x10) !== 0 && { salt }),
      };
    } catch {
      // No ERC-5267: the classic EIP-2612 domain.
    }
    const provider = this.provider();
    const [name, version, network] = await Promise.all([
      this.#readToken(() => token.name()),
      token.version().catch(() => "1"),
      this.read(() => provider.getNetwork()),
    ]);
    return { name, version, chainId: network.chainId, verifyingContract: address };
  }

  async #requireDeliverable(
    registry: PartRegistry,
    partId: bigint,
    supplier: string,
    spec: Hash | undefined,
  ): Promise<void> {
    const refuse = (why: string): never => {
      throw new InputError(
        InputErrorCode.UnacceptablePart,
        `The part ${formatPartId(partId)} cannot be delivered: ${why}.`,
      );
    };
    let stored;
    try {
      stored = await this.read(() => registry.part(partId));
    } catch (error) {
      if (error instanceof ContractRevertedError && error.errorName === "PartRegistryUnknownPart") {
        return refuse("no such part has been made");
      }
      throw error;
    }
    if (stored.owner !== supplier) refuse(`it is held by ${stored.owner}, not by the supplier`);
    if (stored.specHash.toLowerCase() !== spec) {
      refuse(
        `it is of specification ${stored.specHash.toLowerCase()}, not the milestone's ${spec}`,
      );
    }
    if (!(await this.read(() => registry.isConforming(partId)))) {
      refuse(
        "it does not conform now (an attestation its specification requires is missing or " +
          "failed, or it is quarantined, retired or recalled)",
      );
    }
  }

  #partsRegistryPromise: Promise<PartRegistry> | undefined;

  #partsRegistry(): Promise<PartRegistry> {
    this.#partsRegistryPromise ??= this.read(() => this.#contract.parts()).then(
      (address) => PartRegistry__factory.connect(address, this.runner),
      (error: unknown) => {
        // Not cached: the next call asks again.
        this.#partsRegistryPromise = undefined;
        throw error;
      },
    );
    return this.#partsRegistryPromise;
  }

  /** A token read: a token that is no ERC-20 token is refused with a sentence. */
  async #readToken<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (cause) {
      throw new InputError(
        InputErrorCode.UnsupportedToken,
        "The invoice's token did not answer a standard ERC-20 call (balanceOf, allowance or name).",
        { cause },
      );
    }
  }
}

// -----------------------------------------------------------------------------------------------

type CheckedMilestone = {
  kind: MilestoneKindName;
  amount: TokenAmount;
  quantity: bigint;
  spec: Hash;
};

const ZERO_HASH = `0x${"0".repeat(64)}` as Hash;

function checkMilestones(milestones: readonly MilestoneParameter[]): CheckedMilestone[] {
  if (!Array.isArray(milestones) || milestones.length === 0) {
    throw new InputError(
      InputErrorCode.InvalidList,
      `An invoice needs 1 to ${INVOICE_LIMITS.maxMilestones} milestones; got none.`,
    );
  }
  if (milestones.length > INVOICE_LIMITS.maxMilestones) {
    throw new InputError(
      InputErrorCode.InvalidList,
      `An invoice has at most ${INVOICE_LIMITS.maxMilestones} milestones; got ${milestones.length}.`,
    );
  }
  return milestones.map((m, i): CheckedMilestone => {
    const kind = parseMilestoneKind(String((m as { kind: unknown }).kind));
    const loose = m as { quantity?: unknown; spec?: unknown };
    if (kind === "approval") {
      if (loose.quantity !== undefined || loose.spec !== undefined) {
        throw new InputError(
          InputErrorCode.InvalidList,
          `Milestone ${i} is an approval milestone, which takes no quantity and no specification.`,
        );
      }
      return { kind, amount: m.amount, quantity: 0n, spec: ZERO_HASH };
    }
    const delivery = m as Extract<MilestoneParameter, { kind: "delivery" }>;
    const what = `quantity of milestone ${i}`;
    const given: unknown = delivery.quantity;
    let quantity: bigint | undefined;
    if (typeof given === "bigint") quantity = given;
    else if (typeof given === "number" && Number.isSafeInteger(given)) quantity = BigInt(given);
    else if (typeof given === "string" && /^\s*\d+\s*$/.test(given))
      quantity = BigInt(given.trim());
    if (quantity === undefined || quantity < 1n || quantity > BigInt(INVOICE_LIMITS.maxDelivery)) {
      throw new InputError(
        InputErrorCode.InvalidAmount,
        `The ${what} "${String(delivery.quantity)}" is not a number of parts from 1 to ` +
          `${INVOICE_LIMITS.maxDelivery}.`,
      );
    }
    if (delivery.spec === undefined) {
      throw new InputError(
        InputErrorCode.InvalidHash,
        `Milestone ${i} is a delivery milestone; give the hash of its parts' specification.`,
      );
    }
    const spec = toDocumentHash(delivery.spec, `specification hash of milestone ${i}`);
    return { kind, amount: delivery.amount, quantity, spec };
  });
}

function toMilestone(
  m: Awaited<ReturnType<InvoiceEscrow["milestone"]>>,
  index: number,
): InvoiceMilestone {
  const kind = MILESTONE_KINDS[Number(m.kind)];
  const state = MILESTONE_STATES[Number(m.state)];
  assertInvariant(kind !== undefined, `the escrow reports an unknown milestone kind ${m.kind}`);
  assertInvariant(state !== undefined, `the escrow reports an unknown milestone state ${m.state}`);
  const timed = state === "delivered" || state === "disputed";
  return {
    index,
    kind,
    state,
    amount: m.amount,
    quantity: m.quantity,
    spec: kind === "delivery" ? (m.specHash.toLowerCase() as Hash) : undefined,
    deadline: timed ? m.deadline : undefined,
    penalty: m.penalty,
    disputedFrom: state === "disputed" ? MILESTONE_STATES[Number(m.disputedFrom)] : undefined,
  };
}

function milestoneOf(invoice: Invoice, index: number): InvoiceMilestone {
  const milestone = invoice.milestones[index];
  if (milestone === undefined) {
    throw new InputError(
      InputErrorCode.InvalidId,
      `The invoice ${invoice.id} has no milestone ${index}; it has ${invoice.milestones.length} ` +
        `(numbered from 0).`,
    );
  }
  return milestone;
}

function wrongState(message: string): InputError {
  return new InputError(InputErrorCode.WrongState, message);
}
