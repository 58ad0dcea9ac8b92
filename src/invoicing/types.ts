/**
 * The invoicing module's types: what the invoices client's methods take (one parameters object
 * each) and return (what the receipt's events say, so that a caller need not read the invoice
 * again), and an invoice as the escrow reports it.
 */
import type { Hash } from "../core/hashing.js";
import type { TokenInfo } from "../core/erc20.js";
import type { TxResult } from "../core/tx.js";
import type { Timestamp } from "../core/validate.js";
import type { InvoiceStateName, MilestoneKindName, MilestoneStateName } from "./encodings.js";

/** How long a permit signed by `InvoicesClient.fundWithPermit` lasts by default: one hour. */
export { DEFAULT_PERMIT_VALIDITY } from "../core/token.js";

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

/**
 * An invoice as agreed, in the form the escrow hashes and stores (`IInvoiceEscrow.Invoice`): who
 * supplies, on what terms, in which milestones. The escrow keeps only its hash; every call after
 * the proposal passes it back, and the escrow refuses one that does not hash to what it stored
 * (`InvoiceEscrowWrongTerms`). The client finds it in the invoice's `InvoiceProposed` event
 * (and keeps it); a caller that already holds it (from `proposeInvoice` or `agreement`) may pass
 * it to any write as `agreement`, which saves the event lookup.
 */
export type InvoiceAgreement = {
  supplier: string;
  terms: {
    payer: string;
    token: string;
    /** Unix seconds. */
    dueDate: bigint;
    acceptanceWindow: bigint;
    gracePeriod: bigint;
    rulingPeriod: bigint;
    /** The zero address when the invoice has no arbiter. */
    arbiter: string;
    penaltyPerDay: bigint;
    penaltyCap: bigint;
  };
  milestones: {
    amount: bigint;
    /** The contract's `MilestoneKind`: 0 approval, 1 delivery. */
    kind: number;
    quantity: bigint;
    /** Zero for an approval milestone. */
    specHash: string;
  }[];
};

/** The agreement of an invoice, when the caller holds it; found from the events otherwise. */
export type AgreementParameter = {
  /** The invoice as agreed (see {@link InvoiceAgreement}); read from its proposal when omitted. */
  agreement?: InvoiceAgreement;
};

export type DeliverParameters = AgreementParameter & {
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

export type RuleParameters = AgreementParameter & {
  invoiceId: bigint | number | string;
  index: bigint | number | string;
  /** What the receivable holder gets; the rest goes back to the payer. May be zero. */
  toPayee: TokenAmount;
};

export type WithdrawParameters = AgreementParameter & {
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

export type AssignReceivableParameters = AgreementParameter & {
  /** A funded invoice whose receivable is not assigned yet. */
  invoiceId: bigint | number | string;
  /**
   * Who gets the receivable (the supplier itself, or a financier it sells it to), and is paid
   * from now on; neither the escrow nor the invoice's arbiter.
   */
  holder: string;
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

/**
 * Where every token of an invoice is, in the token's smallest unit: the total from its proposal,
 * the rest summed from its `MilestoneReleased` and `MilestoneRefunded` events.
 */
export type InvoiceFunds = {
  total: bigint;
  /** Paid (or credited) to receivable holders. */
  released: bigint;
  /** Paid (or credited) back to the payer: refunds, rulings and lateness penalties. */
  refunded: bigint;
  /** In escrow for the invoice now: total − released − refunded once funded; zero before. */
  held: bigint;
};

/**
 * An invoice as it stands now: its agreement (from its `InvoiceProposed` event), its state and
 * milestones' states (the escrow's record), and what its events say (funding time, amounts paid,
 * lateness penalties).
 */
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
  /**
   * Who is paid (`payee`): the receivable's holder once the supplier assigned it, the supplier
   * until then; undefined before funding.
   */
  receivableHolder: string | undefined;
  /**
   * Whether the supplier assigned the receivable (minted it, `assignReceivable`); until then
   * there is no receivable to transfer, and payments go to the supplier.
   */
  receivableAssigned: boolean;
  /**
   * When the invoice was funded (unix seconds, the time of the block of its `InvoiceFunded`
   * event); undefined before. Funded at or after the due date,
   * its deliveries carry no lateness penalty.
   */
  fundedAt: bigint | undefined;
  /** Milestones not yet settled. */
  openMilestones: number;
  milestones: InvoiceMilestone[];
  funds: InvoiceFunds;
};

/**
 * An invoice's terms as its proposal's event (`InvoiceProposed`) announced them: every term
 * agreed, so that an invoice can be rebuilt from events alone.
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

// -----------------------------------------------------------------------------------------------
// Parameters
// -----------------------------------------------------------------------------------------------

/** An invoice id: a whole number from 1. */
export type InvoiceIdParameter = bigint | number | string;

/** One milestone of an invoice. */
export type MilestoneRefParameters = AgreementParameter & {
  invoiceId: InvoiceIdParameter;
  /** The milestone's index, from 0. */
  index: bigint | number | string;
};

export type FundWithPermitParameters = AgreementParameter & {
  invoiceId: InvoiceIdParameter;
  /** When the permit lapses; one hour of the chain's time by default. */
  deadline?: Timestamp;
};

/** A rejection or a dispute of a milestone, for a reason the arbiter reads. */
export type DisputeParameters = MilestoneRefParameters & {
  /** The hash of the document that says why; not zero. */
  reasonHash: string;
};

/** Where to read an invoice's events from. */
export type InvoiceEventsParameters = {
  invoiceId: InvoiceIdParameter;
  /** The first block searched (use the address book's `startBlock`). */
  fromBlock: number;
};

export type InvoiceOwedParameters = {
  invoiceId: InvoiceIdParameter;
  /** Whose credit. */
  account: string;
};

// -----------------------------------------------------------------------------------------------
// Results: what the receipt says
// -----------------------------------------------------------------------------------------------

export type ProposeInvoiceResult = {
  tx: TxResult;
  invoiceId: bigint;
  /** The sum of the milestones' amounts, in the token's smallest unit. */
  total: bigint;
  milestoneCount: number;
  /** Unix seconds. */
  dueDate: bigint;
  token: string;
  /** The invoice as agreed, which every later call passes back (the client keeps it too). */
  agreement: InvoiceAgreement;
};

export type FundResult = {
  tx: TxResult;
  /** The ERC-20 approval of the escrow sent first; undefined when the allowance was enough. */
  approval: TxResult | undefined;
  /** The approval of zero sent before `approval` (USDT-style tokens); usually undefined. */
  allowanceReset: TxResult | undefined;
  /** What was locked in escrow: the invoice's total, in the token's smallest unit. */
  amount: bigint;
  token: string;
  /** The invoice's supplier, who is paid until it assigns the receivable. */
  supplier: string;
};

export type FundWithPermitResult = {
  tx: TxResult;
  /** What was locked in escrow: the invoice's total, in the token's smallest unit. */
  amount: bigint;
  token: string;
  /** The invoice's supplier, who is paid until it assigns the receivable. */
  supplier: string;
  /** When the signed permit lapsed (unix seconds). */
  deadline: bigint;
};

/** A milestone's payment, from its `MilestoneReleased` event. */
export type MilestoneRelease = {
  index: number;
  /** The receivable holder paid. */
  payee: string;
  toPayee: bigint;
  /** Back to the payer: a lateness penalty, or the payer's share of a ruling. */
  toPayer: bigint;
};

/** What releasing a milestone paid (`approveMilestone`, `acceptDelivery`, `claim`, `rule`). */
export type ReleaseResult = {
  tx: TxResult;
  release: MilestoneRelease;
  /** Whether it was the invoice's last open milestone (`InvoiceSettled`). */
  settled: boolean;
  /** The invoice's token. */
  token: string;
};

/** What the arbiter's ruling paid, and to whom the rest went back. */
export type RuleResult = ReleaseResult & {
  /** The payer, who got `release.toPayer` back. */
  payer: string;
};

export type LapseResult = {
  tx: TxResult;
  /** Where the milestone went back to (`delivered` or `pending`). */
  restored: MilestoneStateName;
};

export type DeliverResult = {
  tx: TxResult;
  /** The per-part approvals of the escrow sent first, in the order of the parts. */
  approvals: PartApproval[];
  /** The lateness penalty deducted, which goes back to the payer. */
  penalty: bigint;
  /** Until when the payment is held for the payer's acceptance; undefined when paid at once. */
  heldUntil: bigint | undefined;
  /** The payment, when it was released at once; undefined while held. */
  release: MilestoneRelease | undefined;
  settled: boolean;
  /** The payer, to whom the parts moved. */
  payer: string;
  /** The milestone's amount, before the penalty; what is held is `amount - penalty`. */
  amount: bigint;
  /** The invoice's token. */
  token: string;
};

export type ReclaimResult = {
  tx: TxResult;
  /** What went back to the payer, in the token's smallest unit. */
  refunded: bigint;
  /** The milestones refunded. */
  indexes: number[];
  settled: boolean;
  /** The payer refunded (paid, or credited when the token refused). */
  payer: string;
  /** The invoice's token. */
  token: string;
};

export type AssignReceivableResult = {
  tx: TxResult;
  /** Who holds the receivable now, and is paid from now on (`ReceivableAssigned`). */
  holder: string;
};

export type InvoiceWithdrawResult = {
  tx: TxResult;
  /** What was sent, in the invoice's token's smallest unit. */
  amount: bigint;
  token: string;
};
