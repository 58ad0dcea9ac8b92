/**
 * The invoices client: typed access to the invoice escrow. A thin class that builds the
 * {@link EscrowContext} and delegates each method to its action (`actions/`), its reads
 * (`reads.ts`) and its checks (`preflight.ts`).
 */
import { type ContractRunner, Interface } from "ethers";
import { type ClientClass, ContractClient, type ContractDescription } from "../core/client.js";
import { checkFromBlock } from "../core/events.js";
import { RECEIVABLE_SENTENCES } from "../core/decode.js";
import { ERC20_ERRORS, readTokenInfo, type TokenInfo } from "../core/erc20.js";
import { type Governance, readGovernance } from "../core/governance.js";
import { memoise, tokenReader } from "../core/token.js";
import type { AddressBook } from "../core/address-book.js";
import type { TxResult } from "../core/tx.js";
import { toAddress, forField } from "../core/validate.js";
import {
  type InvoiceEscrow,
  InvoiceEscrow__factory,
  PartRegistry__factory,
  ParticipantRegistry__factory,
} from "../contracts.js";
import { deliver } from "./actions/deliver.js";
import { fund, fundWithPermit } from "./actions/fund.js";
import {
  acceptDelivery,
  approveMilestone,
  claim,
  dispute,
  lapseDispute,
  rejectDelivery,
} from "./actions/milestones.js";
import { proposeInvoice } from "./actions/propose.js";
import { assignReceivable, transferReceivable, withdraw } from "./actions/receivable.js";
import { rule } from "./actions/rule.js";
import { cancel, reclaim } from "./actions/settle.js";
import type { EscrowContext } from "./context.js";
import { NOT_A_TOKEN } from "./preflight.js";
import type { KnownAgreement } from "./agreement.js";
import { agreement, getInvoice, liabilities, owed, payments, proposal } from "./reads.js";
import type {
  AssignReceivableParameters,
  AssignReceivableResult,
  DeliverParameters,
  DeliverResult,
  DisputeParameters,
  FundResult,
  FundWithPermitParameters,
  FundWithPermitResult,
  Invoice,
  InvoiceAgreement,
  InvoiceEventsParameters,
  InvoiceIdParameter,
  InvoiceOwedParameters,
  InvoicePayment,
  InvoiceProposal,
  InvoiceWithdrawResult,
  LapseResult,
  MilestoneRefParameters,
  ProposeInvoiceParameters,
  ProposeInvoiceResult,
  ReclaimResult,
  RuleResult,
  ReleaseResult,
  RuleParameters,
  TransferReceivableParameters,
  WithdrawParameters,
} from "./types.js";

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

/** How an invoices client finds an invoice's agreement. */
export type InvoicesClientOptions = {
  /**
   * The first block searched for an invoice's proposal (its `InvoiceProposed` event): the
   * address book's `startBlock`, which {@link InvoicesClient.fromAddressBook} passes; 0 (the
   * whole chain) when omitted.
   */
  fromBlock?: number;
};

/**
 * Typed access to the invoice escrow: invoices proposed by a supplier and funded by the payer up
 * front, milestones released by approval or by delivery of conforming parts
 * (delivery-versus-payment), disputes ruled by an arbiter, refunds after the due date, and the
 * receivable that can be sold. Every write checks its input first (addresses, amounts against the
 * token's decimals, dates against the chain's clock, milestone terms against the contract's
 * limits) and throws an `InputError` naming the parameter at fault (`field`) before anything is
 * sent; a contract refusal comes back as a decoded `ContractRevertedError` with a sentence.
 * Amounts are bigints in the token's smallest unit, or strings in token units. Every write
 * returns what its receipt says (ids, amounts), so a caller need not read the invoice again; a
 * read of an invoice that does not exist returns undefined.
 *
 * The escrow stores an invoice as the hash of its agreement, and every call after the proposal
 * passes the agreement back: the client finds it in the invoice's `InvoiceProposed` event (from
 * the address book's `startBlock`) and keeps it per invoice id, shared by every client
 * {@link connect} derives; a caller that holds it may pass it as `agreement` instead.
 *
 * @example
 * const invoices = InvoicesClient.fromAddressBook(book, supplierSigner);
 * const { invoiceId, total } = await invoices.proposeInvoice({
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
  readonly #ctx: EscrowContext;

  constructor(address: string, runner: ContractRunner, options: InvoicesClientOptions = {}) {
    super(address, runner, ESCROW);
    const fromBlock = options.fromBlock ?? 0;
    forField("fromBlock", () => checkFromBlock(fromBlock));
    const contract = InvoiceEscrow__factory.connect(this.address, runner);
    this.#contract = contract;
    this.#ctx = {
      fromBlock,
      agreements: new Map<bigint, KnownAgreement>(),
      address: this.address,
      runner,
      contract,
      send: (sendTx, sentences, token) => this.send(sendTx, sentences, token),
      sendForLogs: (sendTx, sentences, token) => this.sendForLogs(sendTx, sentences, token),
      read: (call) => this.read(call),
      readToken: tokenReader(NOT_A_TOKEN),
      findEvents: (logs, name) => this.findEvents(logs, name),
      signerAddress: () => this.signerAddress(),
      chainTime: () => this.chainTime(),
      provider: () => this.provider(),
      tokenInfo: (token) => this.tokenInfo(token),
      partsRegistry: memoise(async () =>
        PartRegistry__factory.connect(await this.read(() => contract.parts()), runner),
      ),
    };
  }

  /**
   * The client of the address book's escrow, searching for proposals from its `startBlock`.
   */
  static override fromAddressBook<C extends ContractClient>(
    this: ClientClass<C>,
    book: AddressBook,
    runner: ContractRunner,
  ): C {
    const client = new InvoicesClient(book.contracts.InvoiceEscrow, runner, {
      fromBlock: book.startBlock,
    });
    return client as unknown as C;
  }

  /**
   * A client for the same escrow acting through another runner (another signer), searching from
   * the same block, sharing the agreements found, and with the same transaction options.
   */
  override connect(runner: ContractRunner): this {
    const client = new InvoicesClient(this.address, runner, { fromBlock: this.#ctx.fromBlock });
    client.#ctx.agreements = this.#ctx.agreements;
    return this.keepOptions(client) as this;
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
    const who = forField("account", () => toAddress(account));
    return this.read(async () =>
      this.#contract.hasRole(await this.#contract.ORIGINATOR_ROLE(), who),
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Invoices
  // ---------------------------------------------------------------------------------------------

  /**
   * The supplier (the signer) proposes an invoice to the payer, who agrees by funding it; see
   * `actions/propose.ts`. Returns the new invoice's id, total, milestone count, due date, token
   * and agreement (which the client keeps for the later calls).
   *
   * @example
   * const { invoiceId } = await invoices.proposeInvoice({ payer, token, dueDate: 1_830_000_000,
   *   acceptanceWindow: 0, gracePeriod: 0, rulingPeriod: 86_400,
   *   milestones: [{ kind: "approval", amount: 12_500_500_000n }] });
   */
  proposeInvoice(params: ProposeInvoiceParameters): Promise<ProposeInvoiceResult> {
    return proposeInvoice(this.#ctx, params);
  }

  /**
   * The payer (the signer) locks a proposed invoice's total in escrow, approving the escrow for
   * exactly the total first when its allowance is short (`approval`, after `allowanceReset` to
   * zero for USDT-style tokens); see `actions/fund.ts`. Returns the amount locked, the token and
   * the supplier, who is paid until it assigns the receivable. `agreement`: the invoice as
   * agreed, when the caller holds it; found from its proposal otherwise.
   *
   * @example
   * const { tx, approval, amount } = await invoices.connect(payerSigner).fund(invoiceId);
   */
  fund(invoiceId: InvoiceIdParameter, agreement?: InvoiceAgreement): Promise<FundResult> {
    return fund(this.#ctx, invoiceId, agreement);
  }

  /**
   * {@link fund} with an EIP-2612 permit instead of an approval transaction, lasting until
   * `deadline` (one hour of the chain's time by default); see `actions/fund.ts`. Returns the
   * amount locked, the token, the supplier and the permit's deadline.
   *
   * @example
   * await invoices.connect(payerSigner).fundWithPermit({ invoiceId });
   */
  fundWithPermit(params: FundWithPermitParameters): Promise<FundWithPermitResult> {
    return fundWithPermit(this.#ctx, params);
  }

  /**
   * The supplier withdraws a proposed invoice, or the payer declines it. `agreement`: as for
   * {@link fund}.
   */
  cancel(invoiceId: InvoiceIdParameter, agreement?: InvoiceAgreement): Promise<TxResult> {
    return cancel(this.#ctx, invoiceId, agreement);
  }

  /**
   * The supplier (the signer) assigns its right to be paid: the receivable of a funded invoice is
   * minted to `holder` (itself, or a financier), who is paid from now on; once per invoice. Until
   * then payments go to the supplier, and there is no receivable to transfer; see
   * `actions/receivable.ts`. Returns the holder.
   *
   * @example
   * await invoices.connect(supplierSigner).assignReceivable({ invoiceId, holder: financier });
   */
  assignReceivable(params: AssignReceivableParameters): Promise<AssignReceivableResult> {
    return assignReceivable(this.#ctx, params);
  }

  // ---------------------------------------------------------------------------------------------
  // Milestones
  // ---------------------------------------------------------------------------------------------

  /**
   * The payer approves an approval milestone: it is paid to the receivable holder. Returns the
   * payment, whether it settled the invoice and the token.
   */
  approveMilestone(params: MilestoneRefParameters): Promise<ReleaseResult> {
    return approveMilestone(this.#ctx, params);
  }

  /**
   * Delivery versus payment: the supplier (the signer) delivers parts against a delivery
   * milestone, approving the escrow for each part it may not move yet (`approvals`, one per
   * part, never an operator approval); see `actions/deliver.ts`. Returns the lateness penalty,
   * how long the payment is held, the payment when released at once, and the payer, the
   * milestone's amount and the token.
   *
   * @example
   * const { tx, approvals } = await invoices
   *   .connect(supplierSigner)
   *   .deliver({ invoiceId, index: 1, partIds });
   */
  deliver(params: DeliverParameters): Promise<DeliverResult> {
    return deliver(this.#ctx, params);
  }

  /**
   * The payer accepts a held delivery before its window ends: it is paid at once. Returns the
   * payment, whether it settled the invoice and the token.
   */
  acceptDelivery(params: MilestoneRefParameters): Promise<ReleaseResult> {
    return acceptDelivery(this.#ctx, params);
  }

  /**
   * The payer rejects a held delivery within its acceptance window, for a reason (the hash of the
   * rejection report), which opens a dispute for the arbiter.
   */
  rejectDelivery(params: DisputeParameters): Promise<TxResult> {
    return rejectDelivery(this.#ctx, params);
  }

  /**
   * After a delivery's acceptance window lapses, anyone releases its payment. Returns the
   * payment, whether it settled the invoice and the token.
   */
  claim(params: MilestoneRefParameters): Promise<ReleaseResult> {
    return claim(this.#ctx, params);
  }

  /**
   * A party disputes a milestone whose money is still held, for a reason (the hash of the
   * document that says why): the payer a delivery within its acceptance window, the supplier a
   * pending milestone before the due date plus grace period. A delivery back from a lapsed
   * dispute cannot be disputed again.
   */
  dispute(params: DisputeParameters): Promise<TxResult> {
    return dispute(this.#ctx, params);
  }

  /**
   * The invoice's arbiter rules on a disputed milestone: `toPayee` to the receivable holder, the
   * rest back to the payer. A string amount is in token units of the invoice's token; see
   * `actions/rule.ts`. Returns the split as paid, the payer and the token.
   *
   * @example
   * await invoices.connect(arbiterSigner).rule({ invoiceId, index: 1, toPayee: "5000" });
   */
  rule(params: RuleParameters): Promise<RuleResult> {
    return rule(this.#ctx, params);
  }

  /**
   * After the ruling period passes with no ruling, anyone lets the dispute lapse. Returns where
   * the milestone went back to.
   */
  lapseDispute(params: MilestoneRefParameters): Promise<LapseResult> {
    return lapseDispute(this.#ctx, params);
  }

  /**
   * After the due date plus grace period, anyone refunds the payer every pending milestone; see
   * `actions/settle.ts`. Returns what went back, which milestones, the payer and the token.
   * `agreement`: as for {@link fund}.
   */
  reclaim(invoiceId: InvoiceIdParameter, agreement?: InvoiceAgreement): Promise<ReclaimResult> {
    return reclaim(this.#ctx, invoiceId, agreement);
  }

  /**
   * Sends what an invoice credited to the signer (payments the token refused to deliver to it),
   * in the invoice's token, to `to`. Returns the amount sent and the token.
   */
  withdraw(params: WithdrawParameters): Promise<InvoiceWithdrawResult> {
    return withdraw(this.#ctx, params);
  }

  /**
   * The receivable's holder sells it (invoice factoring): an ERC-721 safe transfer of the token
   * whose id is the invoice id. Every later payment of the invoice goes to the new holder. A
   * receivable the supplier has not assigned yet ({@link assignReceivable}) is refused with a
   * sentence saying so.
   */
  transferReceivable(params: TransferReceivableParameters): Promise<TxResult> {
    return transferReceivable(this.#ctx, params);
  }

  // ---------------------------------------------------------------------------------------------
  // Queries
  // ---------------------------------------------------------------------------------------------

  /**
   * An invoice as it stands now, with its milestones, who is paid and where every token of it
   * is, rebuilt from its agreement, the escrow's record and its events; undefined when no invoice
   * has this id.
   */
  getInvoice(invoiceId: InvoiceIdParameter): Promise<Invoice | undefined> {
    return getInvoice(this.#ctx, invoiceId);
  }

  /**
   * The payments of an invoice since `fromBlock` (use the address book's `startBlock`), in chain
   * order: releases, refunds, and the payments the token refused that the escrow credited
   * instead (`deferred`, right after the release or refund it belongs to). Empty for an
   * invoice that does not exist.
   */
  payments(params: InvoiceEventsParameters): Promise<InvoicePayment[]> {
    return payments(this.#ctx, params);
  }

  /**
   * An invoice's terms rebuilt from its proposal's events since `fromBlock`, without reading the
   * invoice's storage; undefined when no such proposal was found.
   */
  proposal(params: InvoiceEventsParameters): Promise<InvoiceProposal | undefined> {
    return proposal(this.#ctx, params);
  }

  /**
   * The agreement of an invoice, which every call after its proposal passes back: the one the
   * client keeps, or the one its `InvoiceProposed` event gives (from the client's start block);
   * undefined when no invoice has this id.
   */
  agreement(invoiceId: InvoiceIdParameter): Promise<InvoiceAgreement | undefined> {
    return agreement(this.#ctx, invoiceId);
  }

  /**
   * What an invoice credited to `account`, in the invoice's token: payments the token refused to
   * deliver.
   */
  owed(params: InvoiceOwedParameters): Promise<bigint> {
    return owed(this.#ctx, params);
  }

  /**
   * How much of `token` the escrow owes in all: held for invoices plus credited, reckoned from
   * the escrow's events since the client's start block (the escrow keeps no running total).
   */
  liabilities(token: string): Promise<bigint> {
    return liabilities(this.#ctx, token);
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
    return (await this.#ctx.partsRegistry()).getAddress();
  }
}
