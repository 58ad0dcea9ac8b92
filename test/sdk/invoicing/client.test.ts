import { expect } from "chai";
import { id, ZeroAddress, ZeroHash } from "ethers";
import {
  type AddressBook,
  connectSuite,
  ContractRevertedError,
  DEFAULT_PERMIT_VALIDITY,
  formatPartId,
  hashAgreement,
  type Invoice,
  InputError,
  InputErrorCode,
  InvoicesClient,
  type MilestoneParameter,
  type ProposeInvoiceParameters,
} from "../../../src/index.js";
import {
  APPROVAL_AMOUNT,
  DAY,
  DELIVERY_AMOUNT,
  fundedFixture,
  GRACE,
  invoicesFixture,
  PAYER_FUNDS,
  PENALTY_CAP,
  PENALTY_PER_DAY,
  proposedFixture,
  RULING,
  TOTAL,
  USD,
  WINDOW,
} from "./fixture.js";
import {
  ethers,
  expectContractRefusal,
  networkHelpers,
  expectRefusedBeforeSending,
  expectTxResult,
  loadFixture,
  minedAt,
  SPEC,
  time,
} from "../provenance/fixture.js";
import { expectInputError, rejection, thrown } from "../helpers.js";

const REASON = id("reason:two blades out of tolerance");

type Fixture = Awaited<ReturnType<typeof invoicesFixture>>;

/** Invoice 1 as proposed on the fixture's standard terms. */
function proposedInvoice(f: Fixture): Invoice {
  return {
    id: 1n,
    state: "proposed",
    supplier: f.supplier.address,
    payer: f.payer.address,
    token: f.tokenAddress,
    arbiter: f.arbiter.address,
    dueDate: f.dueDate,
    acceptanceWindow: WINDOW,
    gracePeriod: GRACE,
    rulingPeriod: RULING,
    penaltyPerDay: PENALTY_PER_DAY,
    penaltyCap: PENALTY_CAP,
    receivableHolder: undefined,
    receivableAssigned: false,
    fundedAt: undefined,
    openMilestones: 2,
    milestones: [
      {
        index: 0,
        kind: "approval",
        state: "pending",
        amount: APPROVAL_AMOUNT,
        quantity: 0n,
        spec: undefined,
        deadline: undefined,
        penalty: 0n,
        disputedFrom: undefined,
      },
      {
        index: 1,
        kind: "delivery",
        state: "pending",
        amount: DELIVERY_AMOUNT,
        quantity: 3n,
        spec: SPEC,
        deadline: undefined,
        penalty: 0n,
        disputedFrom: undefined,
      },
    ],
    funds: { total: TOTAL, released: 0n, refunded: 0n, held: 0n },
  };
}

/**
 * Invoice 1 once funded: the supplier is paid (the receivable is not assigned), the total is
 * held, and it was funded when its `InvoiceFunded` event was mined.
 */
async function fundedInvoice(f: Fixture): Promise<Invoice> {
  const [funded] = await f.escrow.queryFilter(f.escrow.filters.InvoiceFunded(1n));
  return {
    ...proposedInvoice(f),
    state: "funded",
    receivableHolder: f.supplier.address,
    fundedAt: BigInt((await funded!.getBlock()).timestamp),
    funds: { total: TOTAL, released: 0n, refunded: 0n, held: TOTAL },
  };
}

/** The fixture's terms with some members replaced. */
function withTerms(
  f: Fixture,
  changes: Partial<ProposeInvoiceParameters>,
): ProposeInvoiceParameters {
  return { ...f.terms, ...changes };
}

async function balances(f: Fixture, ...accounts: string[]): Promise<bigint[]> {
  return Promise.all(accounts.map((account) => f.stable.balanceOf(account)));
}

/** The contract refused with `errorName`; the arguments after `known` are the chain's clock. */
async function expectTimedRefusal(
  signer: { address: string },
  action: () => Promise<unknown>,
  errorName: string,
  known: unknown[],
): Promise<ContractRevertedError> {
  const nonce = await ethers.provider.getTransactionCount(signer.address);
  const error = await rejection(action);
  expect(error, String(error)).to.be.an.instanceOf(ContractRevertedError);
  const reverted = error as ContractRevertedError;
  expect(reverted.errorName).to.equal(errorName);
  expect(reverted.args.slice(0, known.length)).to.deep.equal(known);
  expect(await ethers.provider.getTransactionCount(signer.address)).to.equal(nonce);
  return reverted;
}

/** An address book of the fixture's registries and escrow (the escrow standing for the rest). */
function escrowBook(
  f: Pick<Fixture, "governance" | "participantsAddress" | "registryAddress" | "escrowAddress">,
  startBlock: number,
): AddressBook {
  return {
    chainId: 31337,
    network: "default",
    governance: f.governance.address,
    startBlock,
    deployedAt: "",
    contracts: {
      ParticipantRegistry: f.participantsAddress,
      PartRegistry: f.registryAddress,
      InvoiceEscrow: f.escrowAddress,
      ProcurementAuction: f.escrowAddress,
      CoreRegistry: f.escrowAddress,
      LicenceRegistry: f.escrowAddress,
      WarrantyRegistry: f.escrowAddress,
      CoreCharges: f.escrowAddress,
    },
  };
}

describe("InvoicesClient", function () {
  describe("construction", function () {
    it("checksums the escrow address, keeps it across connect(), and builds from an address book", async function () {
      const f = await loadFixture(invoicesFixture);
      const client = new InvoicesClient(f.escrowAddress.toLowerCase(), ethers.provider);
      expect(client.address).to.equal(f.escrowAddress);
      expect(client.connect(f.payer).address).to.equal(f.escrowAddress);
      const book = escrowBook(f, 0);
      expect(InvoicesClient.fromAddressBook(book, ethers.provider).address).to.equal(
        f.escrowAddress,
      );
      const suite = await connectSuite({ addressBook: book, runner: ethers.provider });
      expect(suite.invoices.address).to.equal(f.escrowAddress);
      expect(await suite.invoices.partsRegistryAddress()).to.equal(f.registryAddress);
    });

    it("refuses an escrow address that is not an address with SC100", function () {
      expectInputError(
        thrown(() => new InvoicesClient("0x1234", ethers.provider)),
        InputErrorCode.InvalidAddress,
        "invoice escrow address",
      );
    });

    it("refuses to send from a read-only client with SC112", async function () {
      const f = await loadFixture(proposedFixture);
      expectInputError(
        await rejection(() => f.invoices.cancel(f.invoiceId)),
        InputErrorCode.MissingSigner,
        "read-only",
      );
    });
  });

  describe("proposal (an invoice rebuilt from its events)", function () {
    it("rebuilds every stored term from the proposal's events, equal to the invoice view", async function () {
      const f = await loadFixture(invoicesFixture);
      const { tx, invoiceId } = await f.asSupplier.proposeInvoice(f.terms);
      const proposal = await f.invoices.proposal({ invoiceId, fromBlock: 0 });
      const stored = proposedInvoice(f);
      expect(proposal).to.deep.equal({
        id: invoiceId,
        supplier: stored.supplier,
        payer: stored.payer,
        token: stored.token,
        arbiter: stored.arbiter,
        dueDate: stored.dueDate,
        acceptanceWindow: stored.acceptanceWindow,
        gracePeriod: stored.gracePeriod,
        rulingPeriod: stored.rulingPeriod,
        penaltyPerDay: stored.penaltyPerDay,
        penaltyCap: stored.penaltyCap,
        total: stored.funds.total,
        milestones: stored.milestones.map((m) => ({
          index: m.index,
          kind: m.kind,
          amount: m.amount,
          quantity: m.quantity,
          spec: m.spec,
        })),
        blockNumber: tx.blockNumber,
        transactionHash: tx.hash,
      });
      expect(await f.invoices.getInvoice(invoiceId)).to.deep.equal(stored);
      // No arbiter: undefined, as in the view.
      const second = await f.asSupplier.proposeInvoice(withTerms(f, { arbiter: undefined }));
      expect(
        (await f.invoices.proposal({ invoiceId: second.invoiceId, fromBlock: 0 }))?.arbiter,
      ).to.equal(undefined);
    });

    it("gives undefined for an invoice never proposed, and refuses a bad block number", async function () {
      const f = await loadFixture(invoicesFixture);
      expect(await f.invoices.proposal({ invoiceId: 1n, fromBlock: 0 })).to.equal(undefined);
      expectInputError(
        await rejection(() => f.invoices.proposal({ invoiceId: 1n, fromBlock: -1 })),
        InputErrorCode.InvalidAmount,
        "The block to search from must be a block number; got -1.",
      );
    });
  });

  describe("agreements (the escrow stores their hash; the client passes them back)", function () {
    /** Runs `action`, counting the log queries for `InvoiceProposed` it makes. */
    async function proposalLookups<T>(f: Fixture, action: () => Promise<T>): Promise<[T, number]> {
      const topic = f.escrow.interface.getEvent("InvoiceProposed").topicHash;
      const provider = ethers.provider;
      const original = provider.getLogs;
      let count = 0;
      provider.getLogs = async function (filter) {
        if (JSON.stringify(filter).includes(topic)) count += 1;
        return original.call(provider, filter);
      };
      try {
        return [await action(), count];
      } finally {
        provider.getLogs = original;
      }
    }

    it("looks an invoice's agreement up once, and shares it with every connected client", async function () {
      const f = await loadFixture(proposedFixture);
      const client = new InvoicesClient(f.escrowAddress, f.payer);
      const [funded, first] = await proposalLookups(f, () => client.fund(f.invoiceId));
      expect([funded.amount, first]).to.deep.equal([TOTAL, 1]);
      const [invoice, second] = await proposalLookups(f, () => client.getInvoice(f.invoiceId));
      expect([invoice, second]).to.deep.equal([await fundedInvoice(f), 0]);
      const [agreement, third] = await proposalLookups(f, () =>
        client.connect(f.supplier).agreement(f.invoiceId),
      );
      expect([agreement, third]).to.deep.equal([f.proposed.agreement, 0]);
      // The client that proposed kept the agreement from its receipt: no lookup at all.
      const [, approving] = await proposalLookups(f, () =>
        f.asPayer.approveMilestone({ invoiceId: f.invoiceId, index: 0 }),
      );
      expect(approving).to.equal(0);
    });

    it("passes the caller's agreement without looking it up", async function () {
      const f = await loadFixture(proposedFixture);
      const client = new InvoicesClient(f.escrowAddress, f.payer);
      // Addresses in any case: the client checksums them, as the escrow's events give them.
      const { agreement } = f.proposed;
      const lowercase = {
        ...agreement,
        supplier: agreement.supplier.toLowerCase(),
        terms: {
          ...agreement.terms,
          payer: agreement.terms.payer.toLowerCase(),
          token: agreement.terms.token.toLowerCase(),
        },
      };
      const [funded, lookups] = await proposalLookups(f, () => client.fund(f.invoiceId, lowercase));
      expect([funded.amount, funded.supplier, lookups]).to.deep.equal([
        TOTAL,
        f.supplier.address,
        0,
      ]);
      const [approved, again] = await proposalLookups(f, () =>
        client.approveMilestone({
          invoiceId: f.invoiceId,
          index: 0,
          agreement: f.proposed.agreement,
        }),
      );
      expect([approved.release.toPayee, again]).to.deep.equal([APPROVAL_AMOUNT, 0]);
    });

    it("refuses a caller's agreement that is not the one stored: before funding, and by the escrow", async function () {
      const f = await loadFixture(proposedFixture);
      const agreement = f.proposed.agreement;
      const wrong = { ...agreement, milestones: agreement.milestones.slice(0, 1) };
      const stored = hashAgreement(agreement);
      const given = hashAgreement(wrong);
      await expectRefusedBeforeSending(
        f.payer,
        () => f.asPayer.fund(f.invoiceId, wrong),
        InputErrorCode.InvalidHash,
        `The agreement given for invoice 1 hashes to ${given}, not to the ${stored} the escrow ` +
          "stored: take it from the invoice's InvoiceProposed event (or omit it, and the client " +
          "finds it).",
      );
      const error = await rejection(() => f.asPayer.fund(f.invoiceId, wrong));
      expect((error as InputError).field).to.equal("agreement");
      await f.asPayer.fund(f.invoiceId);
      const refused = await expectContractRefusal(
        f.payer,
        () => f.asPayer.approveMilestone({ invoiceId: f.invoiceId, index: 0, agreement: wrong }),
        "InvoiceEscrowWrongTerms",
        [1n, stored, given],
      );
      expect(refused.shortMessage).to.equal(
        `The agreement passed for invoice 1 hashes to ${given}, not to the ${stored} the escrow ` +
          "stored: pass the invoice as agreed, from its InvoiceProposed event.",
      );
      expectInputError(
        await rejection(() =>
          f.asPayer.cancel(f.invoiceId, { supplier: f.supplier.address } as typeof agreement),
        ),
        InputErrorCode.InvalidList,
        "The agreement given is not an invoice agreement",
      );
    });

    it("looks an agreement up again when the one kept is no longer the one stored", async function () {
      const f = await loadFixture(invoicesFixture);
      const other = withTerms(f, { milestones: [{ kind: "approval", amount: "1" }] });
      const snapshot = await networkHelpers.takeSnapshot();
      /** Invoice 1 proposed by `f.asSupplier` (which keeps it), then forgotten by the chain and
       * proposed again on other terms by another client, as after a reorganisation. */
      const replaced = async () => {
        const kept = await f.asSupplier.proposeInvoice(f.terms);
        await snapshot.restore();
        const now = await new InvoicesClient(f.escrowAddress, f.supplier).proposeInvoice(other);
        return [kept.agreement, now.agreement] as const;
      };
      await replaced();
      // A check of the escrow's record finds the kept agreement stale and looks it up again.
      expect((await f.asPayer.getInvoice(1n))?.funds.total).to.equal(USD);
      await snapshot.restore();
      const [kept, now] = await replaced();
      // A call that checks nothing first is refused by the escrow once, then looks it up again.
      await expectContractRefusal(
        f.supplier,
        () => f.asSupplier.cancel(1n),
        "InvoiceEscrowWrongTerms",
        [1n, hashAgreement(now), hashAgreement(kept)],
      );
      await expectTxResult(await f.asSupplier.cancel(1n));
      expect((await f.invoices.getInvoice(1n))?.state).to.equal("cancelled");
    });

    it("refuses, with a sentence, an invoice whose proposal is before the blocks searched", async function () {
      const f = await loadFixture(proposedFixture);
      const after = (await ethers.provider.getBlockNumber()) + 1;
      const client = new InvoicesClient(f.escrowAddress, f.payer, { fromBlock: after });
      expectInputError(
        await rejection(() => client.fund(f.invoiceId)),
        InputErrorCode.InvalidBlock,
        `Invoice 1 exists, but its InvoiceProposed event is not in the blocks searched (from ` +
          `block ${after}): build the client from the address book (its startBlock), or pass ` +
          "the invoice's agreement.",
      );
      // The address book's startBlock is where a client built from it searches, and so does
      // every client it connects.
      const book = escrowBook(f, after);
      for (const fromBook of [
        InvoicesClient.fromAddressBook(book, f.supplier).connect(f.payer),
        (await connectSuite({ addressBook: book, runner: f.payer })).invoices,
      ]) {
        expectInputError(
          await rejection(() => fromBook.fund(f.invoiceId)),
          InputErrorCode.InvalidBlock,
          `(from block ${after})`,
        );
      }
      expect((await client.fund(f.invoiceId, f.proposed.agreement)).amount).to.equal(TOTAL);
      await expectContractRefusal(
        f.payer,
        () => f.asPayer.approveMilestone({ invoiceId: 9n, index: 0 }),
        "InvoiceEscrowUnknownInvoice",
        [9n],
      );
      expect(await f.invoices.agreement(9n)).to.equal(undefined);
      expectInputError(
        thrown(() => new InvoicesClient(f.escrowAddress, f.payer, { fromBlock: -1 })),
        InputErrorCode.InvalidAmount,
        "The block to search from must be a block number; got -1.",
      );
    });
  });

  describe("proposeInvoice", function () {
    it("proposes with amounts in token units scaled by the token's decimals", async function () {
      const f = await loadFixture(invoicesFixture);
      const { tx, invoiceId, agreement, ...receipt } = await f.asSupplier.proposeInvoice(f.terms);
      await expectTxResult(tx);
      expect(invoiceId).to.equal(1n);
      // The agreement, as the escrow stored its hash and as the proposal's event carries it.
      expect(agreement).to.deep.equal({
        supplier: f.supplier.address,
        terms: {
          payer: f.payer.address,
          token: f.tokenAddress,
          dueDate: f.dueDate,
          acceptanceWindow: WINDOW,
          gracePeriod: GRACE,
          rulingPeriod: RULING,
          arbiter: f.arbiter.address,
          penaltyPerDay: PENALTY_PER_DAY,
          penaltyCap: PENALTY_CAP,
        },
        milestones: [
          { amount: APPROVAL_AMOUNT, kind: 0, quantity: 0n, specHash: ZeroHash },
          { amount: DELIVERY_AMOUNT, kind: 1, quantity: 3n, specHash: SPEC },
        ],
      });
      const stored = hashAgreement(agreement);
      expect((await f.escrow.invoiceRecord(invoiceId)).termsHash).to.equal(stored);
      expect(await f.escrow.hashInvoice(agreement)).to.equal(stored);
      expect(await f.invoices.agreement(invoiceId)).to.deep.equal(agreement);
      // What the receipt's InvoiceProposed event says, so the caller need not read the invoice.
      expect(receipt).to.deep.equal({
        total: TOTAL,
        milestoneCount: 2,
        dueDate: f.dueDate,
        token: f.tokenAddress,
      });
      expect(await f.invoices.getInvoice(invoiceId)).to.deep.equal(proposedInvoice(f));
      // Bigints are the smallest unit; no arbiter and no penalty; the next id.
      const second = await f.asSupplier.proposeInvoice(
        withTerms(f, {
          arbiter: undefined,
          penaltyPerDay: undefined,
          penaltyCap: undefined,
          acceptanceWindow: 0,
          milestones: [{ kind: "approval", amount: 1n }],
        }),
      );
      expect(second.invoiceId).to.equal(2n);
      const invoice = await f.invoices.getInvoice(2n);
      expect([invoice?.arbiter, invoice?.penaltyPerDay, invoice?.funds.total]).to.deep.equal([
        undefined,
        0n,
        1n,
      ]);
    });

    const refusals: [string, (f: Fixture) => ProposeInvoiceParameters, string, string][] = [
      [
        "an amount with more decimals than the token has",
        (f) => withTerms(f, { milestones: [{ kind: "approval", amount: "5000.1234567" }] }),
        InputErrorCode.InvalidAmount,
        "5000.1234567 has 7 decimals; the token has only 6",
      ],
      [
        "an amount with a thousands separator",
        (f) => withTerms(f, { milestones: [{ kind: "approval", amount: "12,500" }] }),
        InputErrorCode.InvalidAmount,
        'The amount of milestone 0 "12,500" is not an amount in token units',
      ],
      [
        "an amount given as a JavaScript number",
        (f) =>
          withTerms(f, {
            milestones: [{ kind: "approval", amount: 5000 as unknown as bigint }],
          }),
        InputErrorCode.InvalidAmount,
        "got the number 5000",
      ],
      [
        "a milestone of zero",
        (f) => withTerms(f, { milestones: [{ kind: "approval", amount: "0.00" }] }),
        InputErrorCode.InvalidAmount,
        "The amount of milestone 0 must be above zero",
      ],
      [
        "a due date in the past",
        (f) => withTerms(f, { dueDate: new Date("2020-01-01T00:00:00Z") }),
        InputErrorCode.TimeInPast,
        "The due date 2020-01-01T00:00:00Z is not in the future",
      ],
      [
        "a ruling period under an hour",
        (f) => withTerms(f, { rulingPeriod: 600 }),
        InputErrorCode.InvalidTime,
        "The ruling period of 600 s is too short",
      ],
      [
        "no milestones",
        (f) => withTerms(f, { milestones: [] }),
        InputErrorCode.InvalidList,
        "An invoice needs 1 to 8 milestones; got none",
      ],
      [
        "nine milestones",
        (f) =>
          withTerms(f, {
            milestones: Array.from({ length: 9 }, () => ({ kind: "approval", amount: "1" })),
          }),
        InputErrorCode.InvalidList,
        "at most 8 milestones; got 9",
      ],
      [
        "an unknown milestone kind",
        (f) =>
          withTerms(f, {
            milestones: [{ kind: "bonus", amount: "1" } as unknown as MilestoneParameter],
          }),
        InputErrorCode.InvalidKind,
        '"bonus" is not a milestone kind',
      ],
      [
        "a delivery of no parts",
        (f) =>
          withTerms(f, {
            milestones: [{ kind: "delivery", amount: "1", quantity: 0, spec: SPEC }],
          }),
        InputErrorCode.InvalidAmount,
        'The quantity of milestone 0 "0" is not a number of parts from 1 to 100',
      ],
      [
        "a delivery of 101 parts",
        (f) =>
          withTerms(f, {
            milestones: [{ kind: "delivery", amount: "1", quantity: 101n, spec: SPEC }],
          }),
        InputErrorCode.InvalidAmount,
        "from 1 to 100",
      ],
      [
        "a delivery without a specification",
        (f) =>
          withTerms(f, {
            milestones: [{ kind: "delivery", amount: "1", quantity: 1, spec: ZeroHash }],
          }),
        InputErrorCode.InvalidHash,
        "The specification hash of milestone 0 is zero",
      ],
      [
        "an approval milestone with a quantity",
        (f) =>
          withTerms(f, {
            milestones: [
              { kind: "approval", amount: "1", quantity: 2 } as unknown as MilestoneParameter,
            ],
          }),
        InputErrorCode.InvalidList,
        "Milestone 0 is an approval milestone, which takes no quantity",
      ],
      [
        "the supplier as the payer",
        (f) => withTerms(f, { payer: f.supplier.address }),
        InputErrorCode.InvalidAddress,
        "a supplier cannot invoice itself",
      ],
      [
        "the payer as the arbiter",
        (f) => withTerms(f, { arbiter: f.payer.address }),
        InputErrorCode.InvalidAddress,
        "is the payer; the arbiter must be neither party",
      ],
      [
        "a token address that holds no contract",
        (f) => withTerms(f, { token: f.stranger.address }),
        InputErrorCode.UnsupportedToken,
        "holds no contract",
      ],
      [
        "a penalty per day without a cap",
        (f) => withTerms(f, { penaltyCap: undefined }),
        InputErrorCode.InvalidAmount,
        "A penalty per day needs a penalty cap above zero",
      ],
      [
        "a penalty cap without a penalty per day",
        (f) => withTerms(f, { penaltyPerDay: undefined }),
        InputErrorCode.InvalidAmount,
        "A penalty cap was given without a penalty per day",
      ],
      [
        "a payer that is not an address",
        (f) => withTerms(f, { payer: "0x12" }),
        InputErrorCode.InvalidAddress,
        'The payer address "0x12" is not an Ethereum address',
      ],
    ];
    for (const [what, terms, code, fragment] of refusals) {
      it(`refuses ${what} before sending (${code})`, async function () {
        const f = await loadFixture(invoicesFixture);
        await expectRefusedBeforeSending(
          f.supplier,
          () => f.asSupplier.proposeInvoice(terms(f)),
          code as InputErrorCode,
          fragment,
        );
      });
    }

    it("decodes the escrow's refusal of a payer who is not an accredited customer", async function () {
      const f = await loadFixture(invoicesFixture);
      const error = await expectContractRefusal(
        f.supplier,
        () => f.asSupplier.proposeInvoice(withTerms(f, { payer: f.testLab.address })),
        "InvoiceEscrowNotAccredited",
        [f.testLab.address, 2n],
      );
      expect(error.shortMessage).to.equal(
        `${f.testLab.address} is not an active accredited customer (never accredited in that ` +
          "role, suspended, lapsed or revoked).",
      );
    });

    it("decodes the escrow's refusal of a supplier with no accreditation at all", async function () {
      const f = await loadFixture(invoicesFixture);
      const error = await expectContractRefusal(
        f.stranger,
        () => f.asOutsider.proposeInvoice(f.terms),
        "InvoiceEscrowNotAccredited",
        [f.stranger.address, 255n],
      );
      expect(error.shortMessage).to.equal(
        `${f.stranger.address} is not an active accredited participant in any role (never ` +
          "accredited, suspended, lapsed or revoked).",
      );
    });
  });

  describe("input errors name their parameter", function () {
    it("names the field at fault, for a command line to map onto its flag", async function () {
      const f = await loadFixture(fundedFixture);
      const field = async (action: () => Promise<unknown>) =>
        expectInputError(await rejection(action), InputErrorCode.InvalidAmount).field;
      const fieldOf = async (action: () => Promise<unknown>) => {
        const error = await rejection(action);
        expect(error).to.be.an.instanceOf(InputError);
        return (error as InputError).field;
      };
      const propose = (terms: Partial<ProposeInvoiceParameters>) => () =>
        f.asSupplier.proposeInvoice(withTerms(f, terms));
      expect(await fieldOf(propose({ payer: ZeroAddress }))).to.equal("payer");
      expect(await fieldOf(propose({ arbiter: f.payer.address }))).to.equal("arbiter");
      expect(await fieldOf(propose({ dueDate: 1_000_000_000 }))).to.equal("dueDate");
      expect(await fieldOf(propose({ rulingPeriod: 60 }))).to.equal("rulingPeriod");
      expect(await fieldOf(propose({ penaltyCap: undefined }))).to.equal("penaltyCap");
      expect(
        await fieldOf(
          propose({
            milestones: [
              { kind: "approval", amount: "1" },
              { kind: "delivery", amount: "1", quantity: 101, spec: SPEC },
            ],
          }),
        ),
      ).to.equal("milestones[1].quantity");
      expect(await field(propose({ milestones: [{ kind: "approval", amount: "1.5x" }] }))).to.equal(
        "milestones[0].amount",
      );
      expect(
        await fieldOf(() =>
          f.asSupplier.deliver({
            invoiceId: f.invoiceId,
            index: 1,
            partIds: [f.partIds[0]!, f.partIds[0]!],
          }),
        ),
      ).to.equal("partIds[1]");
      expect(
        await fieldOf(() =>
          f.asSupplier.deliver({ invoiceId: f.invoiceId, index: 5, partIds: [1n] }),
        ),
      ).to.equal("index");
      expect(
        await field(() => f.asArbiter.rule({ invoiceId: f.invoiceId, index: 1, toPayee: "-1" })),
      ).to.equal("toPayee");
      expect(await fieldOf(() => f.asPayer.approveMilestone({ invoiceId: 0, index: 0 }))).to.equal(
        "invoiceId",
      );
      expect(
        await fieldOf(() =>
          f.asPayer.dispute({ invoiceId: f.invoiceId, index: 1, reasonHash: ZeroHash }),
        ),
      ).to.equal("reasonHash");
      expect(
        await fieldOf(() => f.asSupplier.withdraw({ invoiceId: f.invoiceId, to: ZeroAddress })),
      ).to.equal("to");
    });

    it("refuses a zero milestone amount before reading the chain, as the command line did", async function () {
      const f = await loadFixture(invoicesFixture);
      // A read-only client: any chain read or send would be refused for want of a signer
      // (SC112) first; the zero amount is refused before that.
      for (const amount of [0n, "0", "0.000"]) {
        const error = expectInputError(
          await rejection(() =>
            f.invoices.proposeInvoice(withTerms(f, { milestones: [{ kind: "approval", amount }] })),
          ),
          InputErrorCode.InvalidAmount,
          "The amount of milestone 0 must be above zero.",
        );
        expect(error.field).to.equal("milestones[0].amount");
      }
    });
  });

  describe("fund", function () {
    it("approves exactly the total when the allowance is short (zero first), then funds", async function () {
      const f = await loadFixture(proposedFixture);
      await f.stable.connect(f.payer).approve(f.escrowAddress, 1n);
      const nonce = await ethers.provider.getTransactionCount(f.payer.address);
      const { tx, approval, allowanceReset, amount, token, supplier } = await f.asPayer.fund(
        f.invoiceId,
      );
      await expectTxResult(tx);
      expect([amount, token, supplier]).to.deep.equal([TOTAL, f.tokenAddress, f.supplier.address]);
      expect(approval).not.to.equal(undefined);
      await expectTxResult(approval!);
      // The short allowance was not zero: it was set to zero before the new approval.
      await expectTxResult(allowanceReset!);
      expect(await ethers.provider.getTransactionCount(f.payer.address)).to.equal(nonce + 3);
      expect(await balances(f, f.payer.address, f.escrowAddress)).to.deep.equal([
        PAYER_FUNDS - TOTAL,
        TOTAL,
      ]);
      // The approval was for exactly the total, which funding used up.
      expect(await f.stable.allowance(f.payer.address, f.escrowAddress)).to.equal(0n);
      expect(await f.invoices.getInvoice(f.invoiceId)).to.deep.equal(await fundedInvoice(f));
      expect(await f.invoices.liabilities(f.tokenAddress)).to.equal(TOTAL);
    });

    it("sends no approval when the allowance already covers the total", async function () {
      const f = await loadFixture(proposedFixture);
      await f.stable.connect(f.payer).approve(f.escrowAddress, TOTAL);
      const nonce = await ethers.provider.getTransactionCount(f.payer.address);
      const { approval, allowanceReset } = await f.asPayer.fund(f.invoiceId);
      expect(approval).to.equal(undefined);
      expect(allowanceReset).to.equal(undefined);
      expect(await ethers.provider.getTransactionCount(f.payer.address)).to.equal(nonce + 1);
      expect((await f.invoices.getInvoice(f.invoiceId))?.state).to.equal("funded");
    });

    it("funds in a token that refuses to change one non-zero allowance to another (USDT style)", async function () {
      const f = await loadFixture(proposedFixture);
      const race = await ethers.deployContract("ApprovalRaceTokenMock", [], f.deployer);
      const raceAddress = await race.getAddress();
      await race.mint(f.payer.address, PAYER_FUNDS);
      const terms = withTerms(f, { token: raceAddress });
      const first = await f.asSupplier.proposeInvoice(terms);
      const second = await f.asSupplier.proposeInvoice(terms);
      // A partial allowance left over: the token would refuse a plain approval of the total.
      await race.connect(f.payer).approve(f.escrowAddress, 7n);
      await expect(race.connect(f.payer).approve(f.escrowAddress, TOTAL))
        .to.be.revertedWithCustomError(race, "ApprovalRaceTokenMockNonZeroAllowance")
        .withArgs(f.escrowAddress, 7n, TOTAL);

      const funded = await f.asPayer.fund(first.invoiceId);
      await expectTxResult(funded.allowanceReset!);
      await expectTxResult(funded.approval!);
      expect((await f.invoices.getInvoice(first.invoiceId))?.state).to.equal("funded");
      expect(await race.allowance(f.payer.address, f.escrowAddress)).to.equal(0n);

      // Funding again from a zero allowance needs no reset.
      const again = await f.asPayer.fund(second.invoiceId);
      expect(again.allowanceReset).to.equal(undefined);
      await expectTxResult(again.approval!);
      expect((await f.invoices.getInvoice(second.invoiceId))?.state).to.equal("funded");
      expect(await race.balanceOf(f.escrowAddress)).to.equal(2n * TOTAL);
      expect(await f.invoices.liabilities(raceAddress)).to.equal(2n * TOTAL);
    });

    it("refuses a payer who holds too little, in token units, before any approval (SC117)", async function () {
      const f = await loadFixture(proposedFixture);
      await f.stable.connect(f.payer).transfer(f.stranger.address, PAYER_FUNDS - 10n * USD);
      await expectRefusedBeforeSending(
        f.payer,
        () => f.asPayer.fund(f.invoiceId),
        InputErrorCode.InsufficientFunds,
        `The payer ${f.payer.address} holds 10.00 TUSD; invoice 1 needs 12500.50 TUSD.`,
      );
    });

    it("refuses a signer who is not the payer, and an invoice already funded", async function () {
      const f = await loadFixture(fundedFixture);
      await expectRefusedBeforeSending(
        f.payer,
        () => f.asPayer.fund(f.invoiceId),
        InputErrorCode.WrongState,
        "The invoice 1 is funded; only a proposed invoice can be funded.",
      );
      const second = await f.asSupplier.proposeInvoice(f.terms);
      await expectRefusedBeforeSending(
        f.supplier,
        () => f.asSupplier.fund(second.invoiceId),
        InputErrorCode.WrongAccount,
        `Only the payer ${f.payer.address} can fund invoice 2; the signer is ${f.supplier.address}.`,
      );
    });

    it("refuses an invoice id of zero, and decodes an unknown invoice", async function () {
      const f = await loadFixture(proposedFixture);
      await expectRefusedBeforeSending(
        f.payer,
        () => f.asPayer.fund(0),
        InputErrorCode.InvalidId,
        'The invoice id "0" is not an invoice id',
      );
      const error = await expectContractRefusal(
        f.payer,
        () => f.asPayer.fund(9n),
        "InvoiceEscrowUnknownInvoice",
        [9n],
      );
      expect(error.shortMessage).to.equal("There is no invoice 9.");
    });

    it("decodes the escrow's refusal of a fee-on-transfer token", async function () {
      const f = await loadFixture(invoicesFixture);
      const fot = await ethers.deployContract("FeeOnTransferTokenMock", [100n]);
      const total = 1_000n * 10n ** 18n;
      await fot.mint(f.payer.address, total);
      const { invoiceId } = await f.asSupplier.proposeInvoice(
        withTerms(f, {
          token: await fot.getAddress(),
          penaltyPerDay: undefined,
          penaltyCap: undefined,
          milestones: [{ kind: "approval", amount: total }],
        }),
      );
      await fot.connect(f.payer).approve(f.escrowAddress, total);
      const error = await expectContractRefusal(
        f.payer,
        () => f.asPayer.fund(invoiceId),
        "InvoiceEscrowFundingShortfall",
        [total, (total * 99n) / 100n],
      );
      // In the token's units: the SDK reads the token's decimals and symbol to word the refusal.
      expect(error.shortMessage).to.equal(
        "The escrow received 990.00 FOT of the 1000.00 FOT it asked for: the token takes a fee " +
          "on transfer, which the escrow refuses.",
      );
    });
  });

  describe("fundWithPermit", function () {
    it("funds in one transaction with a permit signed on the token's domain", async function () {
      const f = await loadFixture(proposedFixture);
      const nonce = await ethers.provider.getTransactionCount(f.payer.address);
      const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
      const { tx, amount, token, supplier, deadline } = await f.asPayer.fundWithPermit({
        invoiceId: f.invoiceId,
      });
      await expectTxResult(tx);
      expect([amount, token, supplier]).to.deep.equal([TOTAL, f.tokenAddress, f.supplier.address]);
      expect(deadline).to.equal(now + DEFAULT_PERMIT_VALIDITY);
      expect(await ethers.provider.getTransactionCount(f.payer.address)).to.equal(nonce + 1);
      expect(await f.stable.nonces(f.payer.address)).to.equal(1n);
      expect(await f.stable.allowance(f.payer.address, f.escrowAddress)).to.equal(0n);
      expect(await f.invoices.getInvoice(f.invoiceId)).to.deep.equal(await fundedInvoice(f));
    });

    it("refuses a token without a permit, and a deadline in the past", async function () {
      const f = await loadFixture(invoicesFixture);
      const fot = await ethers.deployContract("FeeOnTransferTokenMock", [0n]);
      await fot.mint(f.payer.address, 10n);
      const { invoiceId } = await f.asSupplier.proposeInvoice(
        withTerms(f, {
          token: await fot.getAddress(),
          penaltyPerDay: undefined,
          penaltyCap: undefined,
          milestones: [{ kind: "approval", amount: 10n }],
        }),
      );
      await expectRefusedBeforeSending(
        f.payer,
        () => f.asPayer.fundWithPermit({ invoiceId }),
        InputErrorCode.UnsupportedToken,
        "has no EIP-2612 permit",
      );
      await expectRefusedBeforeSending(
        f.payer,
        () => f.asPayer.fundWithPermit({ invoiceId, deadline: 1_000_000_000 }),
        InputErrorCode.TimeInPast,
        "The permit deadline 2001-09-09T01:46:40Z is not in the future",
      );
      const late = await rejection(() =>
        f.asPayer.fundWithPermit({ invoiceId, deadline: 1_000_000_000 }),
      );
      expect((late as InputError).field).to.equal("deadline");
    });
  });

  describe("cancel", function () {
    it("lets the supplier withdraw and the payer decline a proposed invoice", async function () {
      const f = await loadFixture(proposedFixture);
      await expectTxResult(await f.asSupplier.cancel(f.invoiceId));
      expect(await f.invoices.getInvoice(f.invoiceId)).to.deep.equal({
        ...proposedInvoice(f),
        state: "cancelled",
      });
      const second = await f.asSupplier.proposeInvoice(f.terms);
      await f.asPayer.cancel(second.invoiceId);
      expect((await f.invoices.getInvoice(second.invoiceId))?.state).to.equal("cancelled");
    });

    it("decodes a cancellation by an outsider, and of a funded invoice", async function () {
      const f = await loadFixture(fundedFixture);
      const error = await expectContractRefusal(
        f.supplier,
        () => f.asSupplier.cancel(f.invoiceId),
        "InvoiceEscrowWrongInvoiceState",
        [1n, 2n, 2n],
      );
      expect(error.shortMessage).to.equal("The invoice 1 is funded; this needs it to be proposed.");
      const second = await f.asSupplier.proposeInvoice(f.terms);
      const outsider = await expectContractRefusal(
        f.stranger,
        () => f.asOutsider.cancel(second.invoiceId),
        "InvoiceEscrowUnauthorized",
        [2n, f.stranger.address],
      );
      expect(outsider.shortMessage).to.equal(
        `${f.stranger.address} may not do this to invoice 2: it is not the party (payer, ` +
          "supplier or arbiter) the action needs.",
      );
    });
  });

  describe("approveMilestone", function () {
    it("pays the approval milestone to the receivable holder", async function () {
      const f = await loadFixture(fundedFixture);
      const before = await balances(f, f.supplier.address);
      const approved = await f.asPayer.approveMilestone({ invoiceId: f.invoiceId, index: 0 });
      await expectTxResult(approved.tx);
      expect([approved.release, approved.settled, approved.token]).to.deep.equal([
        { index: 0, payee: f.supplier.address, toPayee: APPROVAL_AMOUNT, toPayer: 0n },
        false,
        f.tokenAddress,
      ]);
      expect(await balances(f, f.supplier.address)).to.deep.equal([
        (before[0] ?? 0n) + APPROVAL_AMOUNT,
      ]);
      const expected = await fundedInvoice(f);
      expect(await f.invoices.getInvoice(f.invoiceId)).to.deep.equal({
        ...expected,
        openMilestones: 1,
        milestones: [{ ...expected.milestones[0]!, state: "released" }, expected.milestones[1]!],
        funds: { total: TOTAL, released: APPROVAL_AMOUNT, refunded: 0n, held: DELIVERY_AMOUNT },
      });
    });

    it("decodes an approval by the supplier, of a delivery milestone, of a missing milestone", async function () {
      const f = await loadFixture(fundedFixture);
      await expectContractRefusal(
        f.supplier,
        () => f.asSupplier.approveMilestone({ invoiceId: f.invoiceId, index: 0 }),
        "InvoiceEscrowUnauthorized",
        [1n, f.supplier.address],
      );
      const kind = await expectContractRefusal(
        f.payer,
        () => f.asPayer.approveMilestone({ invoiceId: f.invoiceId, index: 1 }),
        "InvoiceEscrowWrongMilestoneKind",
        [1n, 1n, 1n],
      );
      expect(kind.shortMessage).to.equal(
        "The milestone 1 of invoice 1 is a delivery milestone, which does not allow this.",
      );
      const missing = await expectContractRefusal(
        f.payer,
        () => f.asPayer.approveMilestone({ invoiceId: f.invoiceId, index: 5 }),
        "InvoiceEscrowUnknownMilestone",
        [1n, 5n, 2n],
      );
      expect(missing.shortMessage).to.equal(
        "The invoice 1 has no milestone 5: it has 2, numbered from 0.",
      );
      await expectRefusedBeforeSending(
        f.payer,
        () => f.asPayer.approveMilestone({ invoiceId: f.invoiceId, index: 8 }),
        InputErrorCode.InvalidId,
        'The milestone index "8" is not a milestone index: a whole number from 0 to 7',
      );
    });
  });

  describe("deliver, accept and claim", function () {
    it("approves the escrow part by part, never as operator, moves the parts and holds the payment", async function () {
      const f = await loadFixture(fundedFixture);
      const parts = f.partIds.slice(0, 3);
      // One part is already approved: the client skips it.
      await f.partRegistry.connect(f.supplier).approve(f.escrowAddress, parts[1]!);
      const nonce = await ethers.provider.getTransactionCount(f.supplier.address);
      const { tx, approvals, ...receipt } = await f.asSupplier.deliver({
        invoiceId: f.invoiceId,
        index: 1,
        partIds: parts,
      });
      await expectTxResult(tx);
      // Held for the acceptance window, on time: no penalty, nothing released yet.
      expect(receipt).to.deep.equal({
        penalty: 0n,
        heldUntil: (await minedAt(tx)) + WINDOW,
        release: undefined,
        settled: false,
        payer: f.payer.address,
        amount: DELIVERY_AMOUNT,
        token: f.tokenAddress,
      });
      expect(approvals.map((a) => a.partId)).to.deep.equal([parts[0], parts[2]]);
      for (const approval of approvals) await expectTxResult(approval.tx);
      expect(await ethers.provider.getTransactionCount(f.supplier.address)).to.equal(nonce + 3);
      // Each approval named the escrow for its part alone, and no operator approval was granted.
      for (const approval of approvals) {
        const receipt = await ethers.provider.getTransactionReceipt(approval.tx.hash);
        const events = receipt!.logs.map((log) => f.partRegistry.interface.parseLog(log));
        expect(events.map((e) => [e?.name, ...(e?.args ?? [])])).to.deep.equal([
          ["Approval", f.supplier.address, f.escrowAddress, approval.partId],
        ]);
      }
      expect(await f.partRegistry.isApprovedForAll(f.supplier.address, f.escrowAddress)).to.equal(
        false,
      );
      for (const partId of parts) {
        expect(await f.partRegistry.ownerOf(partId)).to.equal(f.payer.address);
        expect(await f.partRegistry.getApproved(partId)).to.equal(ZeroAddress);
      }
      const expected = await fundedInvoice(f);
      expect((await f.invoices.getInvoice(f.invoiceId))?.milestones[1]).to.deep.equal({
        ...expected.milestones[1]!,
        state: "delivered",
        deadline: (await minedAt(tx)) + WINDOW,
      });

      // The payer accepts: paid at once; the next delivery approves its own parts again.
      const before = await balances(f, f.supplier.address);
      const accepted = await f.asPayer.acceptDelivery({ invoiceId: f.invoiceId, index: 1 });
      expect([accepted.release, accepted.settled, accepted.token]).to.deep.equal([
        { index: 1, payee: f.supplier.address, toPayee: DELIVERY_AMOUNT, toPayer: 0n },
        false,
        f.tokenAddress,
      ]);
      expect(await balances(f, f.supplier.address)).to.deep.equal([
        (before[0] ?? 0n) + DELIVERY_AMOUNT,
      ]);
      const second = await f.asSupplier.proposeInvoice(
        withTerms(f, {
          milestones: [{ kind: "delivery", amount: "1", quantity: 2, spec: SPEC }],
        }),
      );
      await f.asPayer.fund(second.invoiceId);
      const again = await f.asSupplier.deliver({
        invoiceId: second.invoiceId,
        index: 0,
        partIds: f.partIds.slice(3, 5).map((partId) => formatPartId(partId)),
      });
      expect(again.approvals.map((a) => a.partId)).to.deep.equal(f.partIds.slice(3, 5));
      expect(await f.partRegistry.isApprovedForAll(f.supplier.address, f.escrowAddress)).to.equal(
        false,
      );
    });

    it("sends no approval when the supplier already made the escrow its operator", async function () {
      const f = await loadFixture(fundedFixture);
      await f.partRegistry.connect(f.supplier).setApprovalForAll(f.escrowAddress, true);
      const { approvals } = await f.asSupplier.deliver({
        invoiceId: f.invoiceId,
        index: 1,
        partIds: f.partIds.slice(0, 3),
      });
      expect(approvals).to.deep.equal([]);
      expect(await f.partRegistry.ownerOf(f.partIds[0]!)).to.equal(f.payer.address);
    });

    it("refuses a bad delivery before sending anything, approval included", async function () {
      const f = await loadFixture(fundedFixture);
      const [a, b, c, d] = f.partIds as [bigint, bigint, bigint, bigint];
      const deliver =
        (partIds: bigint[], index = 1) =>
        () =>
          f.asSupplier.deliver({ invoiceId: f.invoiceId, index, partIds });
      await expectRefusedBeforeSending(
        f.supplier,
        deliver([a, b]),
        InputErrorCode.InvalidList,
        "Milestone 1 of invoice 1 needs exactly 3 parts; 2 were given.",
      );
      await expectRefusedBeforeSending(
        f.supplier,
        deliver([a, b, a]),
        InputErrorCode.InvalidList,
        `The part ${formatPartId(a)} is given twice.`,
      );
      await expectRefusedBeforeSending(
        f.supplier,
        deliver([a, b, f.badPart]),
        InputErrorCode.UnacceptablePart,
        `The part ${formatPartId(f.badPart)} cannot be delivered: it does not conform now`,
      );
      await f.asManufacturer.transfer({ partId: d, to: f.stranger.address });
      await expectRefusedBeforeSending(
        f.supplier,
        deliver([a, b, d]),
        InputErrorCode.UnacceptablePart,
        `it is held by ${f.stranger.address}, not by the supplier`,
      );
      await expectRefusedBeforeSending(
        f.supplier,
        deliver([a, b, c], 0),
        InputErrorCode.WrongState,
        "Milestone 0 of invoice 1 is an approval milestone",
      );
      await expectRefusedBeforeSending(
        f.payer,
        () => f.asPayer.deliver({ invoiceId: f.invoiceId, index: 1, partIds: [a, b, c] }),
        InputErrorCode.WrongAccount,
        `Only the supplier ${f.supplier.address} delivers against invoice 1`,
      );
      await time.increaseTo(f.dueDate + GRACE);
      await expectRefusedBeforeSending(
        f.supplier,
        deliver([a, b, c]),
        InputErrorCode.TimeInPast,
        "Deliveries against invoice 1 were taken until",
      );
      expect(await f.partRegistry.isApprovedForAll(f.supplier.address, f.escrowAddress)).to.equal(
        false,
      );
    });

    it("deducts the lateness penalty, and lets anyone claim once the window is over", async function () {
      const f = await loadFixture(fundedFixture);
      // Two days and a bit late: three started days at 10 TUSD.
      await time.increaseTo(f.dueDate + 2n * BigInt(DAY) + 100n);
      const { tx, penalty, heldUntil } = await f.asSupplier.deliver({
        invoiceId: f.invoiceId,
        index: 1,
        partIds: f.partIds.slice(0, 3),
      });
      const deadline = (await minedAt(tx)) + WINDOW;
      expect([penalty, heldUntil]).to.deep.equal([30n * USD, deadline]);
      const milestone = (await f.invoices.getInvoice(f.invoiceId))?.milestones[1];
      expect([milestone?.penalty, milestone?.deadline]).to.deep.equal([30n * USD, deadline]);
      const early = await expectTimedRefusal(
        f.stranger,
        () => f.asOutsider.claim({ invoiceId: f.invoiceId, index: 1 }),
        "InvoiceEscrowDeadline",
        [deadline],
      );
      expect(early.shortMessage).to.match(
        /^This can be done only from \S+Z; the chain's time is \S+Z\.$/,
      );
      await time.increaseTo(deadline);
      const before = await balances(f, f.supplier.address, f.payer.address);
      const claimed = await f.asOutsider.claim({ invoiceId: f.invoiceId, index: 1 });
      expect(claimed.release).to.deep.equal({
        index: 1,
        payee: f.supplier.address,
        toPayee: DELIVERY_AMOUNT - 30n * USD,
        toPayer: 30n * USD,
      });
      expect(claimed.token).to.equal(f.tokenAddress);
      expect(await balances(f, f.supplier.address, f.payer.address)).to.deep.equal([
        before[0]! + DELIVERY_AMOUNT - 30n * USD,
        before[1]! + 30n * USD,
      ]);
      const invoice = await f.invoices.getInvoice(f.invoiceId);
      expect(invoice?.funds).to.deep.equal({
        total: TOTAL,
        released: DELIVERY_AMOUNT - 30n * USD,
        refunded: 30n * USD,
        held: APPROVAL_AMOUNT,
      });
      expect(invoice?.milestones[1]?.state).to.equal("released");
      // The penalty stays on the released milestone: from its Delivered event.
      expect(invoice?.milestones[1]?.penalty).to.equal(30n * USD);
    });
  });

  describe("rejection, dispute and ruling", function () {
    async function deliveredFixture() {
      const f = await fundedFixture();
      const delivered = await f.asSupplier.deliver({
        invoiceId: f.invoiceId,
        index: 1,
        partIds: f.partIds.slice(0, 3),
      });
      return { ...f, delivered };
    }

    it("opens a dispute on rejection, and executes the arbiter's ruling", async function () {
      const f = await loadFixture(deliveredFixture);
      const rejected = await f.asPayer.rejectDelivery({
        invoiceId: f.invoiceId,
        index: 1,
        reasonHash: REASON,
      });
      const disputed = (await f.invoices.getInvoice(f.invoiceId))?.milestones[1];
      expect(disputed).to.deep.include({
        state: "disputed",
        disputedFrom: "delivered",
        deadline: (await minedAt(rejected)) + RULING,
      });
      const before = await balances(f, f.supplier.address, f.payer.address);
      const ruled = await f.asArbiter.rule({ invoiceId: f.invoiceId, index: 1, toPayee: "5000" });
      await expectTxResult(ruled.tx);
      expect(ruled.release).to.deep.equal({
        index: 1,
        payee: f.supplier.address,
        toPayee: 5_000n * USD,
        toPayer: DELIVERY_AMOUNT - 5_000n * USD,
      });
      expect([ruled.payer, ruled.token]).to.deep.equal([f.payer.address, f.tokenAddress]);
      expect(await balances(f, f.supplier.address, f.payer.address)).to.deep.equal([
        before[0]! + 5_000n * USD,
        before[1]! + DELIVERY_AMOUNT - 5_000n * USD,
      ]);
      const invoice = await f.invoices.getInvoice(f.invoiceId);
      expect(invoice?.milestones[1]?.state).to.equal("resolved");
      expect(invoice?.funds).to.deep.equal({
        total: TOTAL,
        released: 5_000n * USD,
        refunded: DELIVERY_AMOUNT - 5_000n * USD,
        held: APPROVAL_AMOUNT,
      });
      const payments = await f.invoices.payments({ invoiceId: f.invoiceId, fromBlock: 0 });
      expect(
        payments.map(({ blockNumber: _b, transactionHash: _t, ...rest }) => rest),
      ).to.deep.equal([
        {
          kind: "release",
          index: 1,
          payee: f.supplier.address,
          toPayee: 5_000n * USD,
          toPayer: DELIVERY_AMOUNT - 5_000n * USD,
          ruled: true,
        },
      ]);
    });

    it("decodes a ruling by someone else, a ruling too large, and refuses a rejection without a reason", async function () {
      const f = await loadFixture(deliveredFixture);
      await expectRefusedBeforeSending(
        f.payer,
        () => f.asPayer.rejectDelivery({ invoiceId: f.invoiceId, index: 1, reasonHash: ZeroHash }),
        InputErrorCode.InvalidHash,
        "The reason hash is zero",
      );
      await f.asPayer.rejectDelivery({ invoiceId: f.invoiceId, index: 1, reasonHash: REASON });
      await expectContractRefusal(
        f.supplier,
        () => f.asSupplier.rule({ invoiceId: f.invoiceId, index: 1, toPayee: 0n }),
        "InvoiceEscrowUnauthorized",
        [1n, f.supplier.address],
      );
      const large = await expectContractRefusal(
        f.arbiter,
        () => f.asArbiter.rule({ invoiceId: f.invoiceId, index: 1, toPayee: DELIVERY_AMOUNT + 1n }),
        "InvoiceEscrowRulingTooLarge",
        [DELIVERY_AMOUNT + 1n, DELIVERY_AMOUNT],
      );
      expect(large.shortMessage).to.equal(
        "A ruling of 7500.500001 TUSD to the payee exceeds the 7500.50 TUSD at stake in the " +
          "dispute.",
      );
      await expectRefusedBeforeSending(
        f.arbiter,
        () => f.asArbiter.rule({ invoiceId: f.invoiceId, index: 1, toPayee: "-1" }),
        InputErrorCode.InvalidAmount,
        'The ruling to the payee "-1" is not an amount in token units',
      );
    });

    it("lets a dispute lapse back to where it was when nobody rules in time", async function () {
      const f = await loadFixture(fundedFixture);
      const disputed = await f.asSupplier.dispute({
        invoiceId: f.invoiceId,
        index: 0,
        reasonHash: REASON,
      });
      const deadline = (await minedAt(disputed)) + RULING;
      await expectTimedRefusal(
        f.stranger,
        () => f.asOutsider.lapseDispute({ invoiceId: f.invoiceId, index: 0 }),
        "InvoiceEscrowDeadline",
        [deadline],
      );
      await time.increaseTo(deadline);
      const lapsed = await f.asOutsider.lapseDispute({ invoiceId: f.invoiceId, index: 0 });
      await expectTxResult(lapsed.tx);
      expect(lapsed.restored).to.equal("pending");
      expect((await f.invoices.getInvoice(f.invoiceId))?.milestones[0]).to.deep.equal(
        (await fundedInvoice(f)).milestones[0],
      );
    });
  });

  describe("reclaim", function () {
    it("refunds the payer every pending milestone after the due date and grace period", async function () {
      const f = await loadFixture(fundedFixture);
      await f.asPayer.approveMilestone({ invoiceId: f.invoiceId, index: 0 });
      await expectTimedRefusal(
        f.payer,
        () => f.asPayer.reclaim(f.invoiceId),
        "InvoiceEscrowDeadline",
        [f.dueDate + GRACE],
      );
      await time.increaseTo(f.dueDate + GRACE);
      const before = await balances(f, f.payer.address);
      const reclaimed = await f.asOutsider.reclaim(f.invoiceId);
      await expectTxResult(reclaimed.tx);
      expect([reclaimed.refunded, reclaimed.indexes, reclaimed.settled]).to.deep.equal([
        DELIVERY_AMOUNT,
        [1],
        true,
      ]);
      expect([reclaimed.payer, reclaimed.token]).to.deep.equal([f.payer.address, f.tokenAddress]);
      expect(await balances(f, f.payer.address)).to.deep.equal([before[0]! + DELIVERY_AMOUNT]);
      const invoice = await f.invoices.getInvoice(f.invoiceId);
      expect([invoice?.state, invoice?.openMilestones, invoice?.funds]).to.deep.equal([
        "settled",
        0,
        { total: TOTAL, released: APPROVAL_AMOUNT, refunded: DELIVERY_AMOUNT, held: 0n },
      ]);
      const payments = await f.invoices.payments({ invoiceId: f.invoiceId, fromBlock: 0 });
      expect(
        payments.map((p) => (p.kind === "deferred" ? [p.kind] : [p.kind, p.index, p.toPayer])),
      ).to.deep.equal([
        ["release", 0, 0n],
        ["refund", 1, DELIVERY_AMOUNT],
      ]);
    });
  });

  describe("receivables and withdrawals", function () {
    it("pays whoever holds the receivable once it is sold", async function () {
      const f = await loadFixture(fundedFixture);
      // The supplier assigns the receivable to itself first: funding no longer mints it.
      await f.asSupplier.assignReceivable({ invoiceId: f.invoiceId, holder: f.supplier.address });
      await expectTxResult(
        await f.asSupplier.transferReceivable({ invoiceId: f.invoiceId, to: f.financier.address }),
      );
      expect((await f.invoices.getInvoice(f.invoiceId))?.receivableHolder).to.equal(
        f.financier.address,
      );
      await f.asPayer.approveMilestone({ invoiceId: f.invoiceId, index: 0 });
      expect(await f.stable.balanceOf(f.financier.address)).to.equal(APPROVAL_AMOUNT);
      const [payment] = await f.invoices.payments({ invoiceId: f.invoiceId, fromBlock: 0 });
      expect(payment).to.deep.include({ kind: "release", payee: f.financier.address });
    });

    it("decodes a sale by someone who does not hold the receivable, in receivable words", async function () {
      const f = await loadFixture(fundedFixture);
      await f.asSupplier.assignReceivable({ invoiceId: f.invoiceId, holder: f.supplier.address });
      const error = await expectContractRefusal(
        f.stranger,
        () => f.asOutsider.transferReceivable({ invoiceId: f.invoiceId, to: f.stranger.address }),
        "ERC721InsufficientApproval",
        [f.stranger.address, 1n],
      );
      expect(error.shortMessage).to.equal(
        `${f.stranger.address} may not move the receivable of invoice 1: it neither holds it ` +
          "nor is approved for it.",
      );
      await expectRefusedBeforeSending(
        f.supplier,
        () => f.asSupplier.transferReceivable({ invoiceId: f.invoiceId, to: f.escrowAddress }),
        InputErrorCode.InvalidAddress,
        "cannot be sent to the escrow itself",
      );
    });

    it("refuses to transfer a receivable not assigned yet, saying to assign it first (SC119)", async function () {
      const f = await loadFixture(fundedFixture);
      await expectRefusedBeforeSending(
        f.supplier,
        () => f.asSupplier.transferReceivable({ invoiceId: f.invoiceId, to: f.financier.address }),
        InputErrorCode.WrongState,
        `The receivable of invoice 1 is not assigned yet, so there is none to transfer: the ` +
          `supplier ${f.supplier.address} assigns it first (assignReceivable, or invoice:assign) ` +
          "to the holder it names, once the invoice is funded; until then payments go to the " +
          "supplier.",
      );
    });

    it("assigns the receivable to a financier, who is paid from then on", async function () {
      const f = await loadFixture(fundedFixture);
      expect(await f.escrow.payee(f.invoiceId)).to.equal(f.supplier.address);
      const assigned = await f.asSupplier.assignReceivable({
        invoiceId: f.invoiceId,
        holder: f.financier.address,
      });
      await expectTxResult(assigned.tx);
      expect(assigned.holder).to.equal(f.financier.address);
      expect(await f.escrow.ownerOf(f.invoiceId)).to.equal(f.financier.address);
      expect(await f.escrow.payee(f.invoiceId)).to.equal(f.financier.address);
      expect(await f.invoices.getInvoice(f.invoiceId)).to.deep.equal({
        ...(await fundedInvoice(f)),
        receivableHolder: f.financier.address,
        receivableAssigned: true,
      });
      const approved = await f.asPayer.approveMilestone({ invoiceId: f.invoiceId, index: 0 });
      expect(approved.release.payee).to.equal(f.financier.address);
      expect(await f.stable.balanceOf(f.financier.address)).to.equal(APPROVAL_AMOUNT);
    });

    it("decodes a second assignment, one by the payer, one to the arbiter; refuses the escrow", async function () {
      const f = await loadFixture(fundedFixture);
      const arbiter = await expectContractRefusal(
        f.supplier,
        () => f.asSupplier.assignReceivable({ invoiceId: f.invoiceId, holder: f.arbiter.address }),
        "InvoiceEscrowReceivableToArbiter",
        [1n, f.arbiter.address],
      );
      expect(arbiter.shortMessage).to.equal(
        `The receivable of invoice 1 cannot go to ${f.arbiter.address}, the invoice's arbiter: ` +
          "an arbiter is never paid by its own ruling.",
      );
      await expectContractRefusal(
        f.payer,
        () => f.asPayer.assignReceivable({ invoiceId: f.invoiceId, holder: f.payer.address }),
        "InvoiceEscrowUnauthorized",
        [1n, f.payer.address],
      );
      await expectRefusedBeforeSending(
        f.supplier,
        () => f.asSupplier.assignReceivable({ invoiceId: f.invoiceId, holder: f.escrowAddress }),
        InputErrorCode.InvalidAddress,
        "A receivable cannot be sent to the escrow itself.",
      );
      await f.asSupplier.assignReceivable({ invoiceId: f.invoiceId, holder: f.supplier.address });
      const twice = await expectContractRefusal(
        f.supplier,
        () =>
          f.asSupplier.assignReceivable({ invoiceId: f.invoiceId, holder: f.financier.address }),
        "InvoiceEscrowReceivableAssigned",
        [1n, f.supplier.address],
      );
      expect(twice.shortMessage).to.equal(
        `The receivable of invoice 1 is already assigned, to ${f.supplier.address}: it is ` +
          "assigned once; its holder can transfer it.",
      );
    });

    it("credits a payment the token refuses to deliver, and lets the receiver withdraw it anywhere", async function () {
      const f = await loadFixture(invoicesFixture);
      const busd = await ethers.deployContract("BlocklistTokenMock");
      const token = await busd.getAddress();
      await busd.mint(f.payer.address, 1_000n * USD);
      const { invoiceId } = await f.asSupplier.proposeInvoice(
        withTerms(f, { token, milestones: [{ kind: "approval", amount: "250.75" }] }),
      );
      await f.asPayer.fund(invoiceId);
      await busd.blocklist(f.supplier.address);
      const approved = await f.asPayer.approveMilestone({ invoiceId, index: 0 });
      // The token of a payment the token refused comes from the credit's PaymentDeferred event.
      expect(approved.token).to.equal(token);
      expect(await f.invoices.owed({ invoiceId, account: f.supplier.address })).to.equal(
        250_750_000n,
      );
      // The listing shows the release and, right after it, that it was credited, not sent.
      expect(await f.invoices.payments({ invoiceId, fromBlock: 0 })).to.deep.equal([
        {
          kind: "release",
          index: 0,
          payee: f.supplier.address,
          toPayee: 250_750_000n,
          toPayer: 0n,
          ruled: false,
          blockNumber: approved.tx.blockNumber,
          transactionHash: approved.tx.hash,
        },
        {
          kind: "deferred",
          account: f.supplier.address,
          amount: 250_750_000n,
          blockNumber: approved.tx.blockNumber,
          transactionHash: approved.tx.hash,
        },
      ]);
      expect(await f.invoices.liabilities(token)).to.equal(250_750_000n);
      const withdrawn = await f.asSupplier.withdraw({ invoiceId, to: f.financier.address });
      await expectTxResult(withdrawn.tx);
      expect(withdrawn.amount).to.equal(250_750_000n);
      expect(await busd.balanceOf(f.financier.address)).to.equal(250_750_000n);
      expect(await f.invoices.owed({ invoiceId, account: f.supplier.address })).to.equal(0n);
      expect(await f.invoices.liabilities(token)).to.equal(0n);
      const error = await expectContractRefusal(
        f.supplier,
        () => f.asSupplier.withdraw({ invoiceId, to: f.financier.address }),
        "InvoiceEscrowNothingToWithdraw",
        [invoiceId, f.supplier.address],
      );
      expect(error.shortMessage).to.equal(
        `The invoice ${invoiceId} credits nothing to ${f.supplier.address}: only payments the ` +
          "token refused are credited, each account withdraws only its own, and once.",
      );
      expectInputError(
        await rejection(() => f.asSupplier.withdraw({ invoiceId: "x", to: f.financier.address })),
        InputErrorCode.InvalidId,
        'The invoice id "x" is not an invoice id: a whole number from 1.',
      );
    });
  });

  describe("queries", function () {
    it("gives undefined for an unknown invoice, and reads token metadata", async function () {
      const f = await loadFixture(invoicesFixture);
      expect(await f.invoices.getInvoice(1n)).to.equal(undefined);
      expect(await f.invoices.proposal({ invoiceId: 1n, fromBlock: 0 })).to.equal(undefined);
      expect(await f.invoices.payments({ invoiceId: 1n, fromBlock: 0 })).to.deep.equal([]);
      expect(await f.invoices.tokenInfo(f.tokenAddress.toLowerCase())).to.deep.equal({
        address: f.tokenAddress,
        name: "Test USD",
        symbol: "TUSD",
        decimals: 6,
      });
      expectInputError(
        await rejection(() => f.invoices.tokenInfo(f.stranger.address)),
        InputErrorCode.UnsupportedToken,
        "holds no contract",
      );
      expect(await f.invoices.owed({ invoiceId: 1n, account: f.supplier.address })).to.equal(0n);
      expect(await f.invoices.liabilities(f.tokenAddress)).to.equal(0n);
      expect(await f.invoices.payments({ invoiceId: 1n, fromBlock: 0 })).to.deep.equal([]);
    });
  });
});
