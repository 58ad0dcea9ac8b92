import { expect } from "chai";
import { network } from "hardhat";
import {
  ACCEPTANCE_WINDOW,
  ANY_ROLE,
  APPROVAL_AMOUNT,
  approvalMilestone,
  DAY,
  DELIVERY_AMOUNT,
  deliveryMilestone,
  deployInvoiceFixture,
  expectConserved,
  FEE_BPS,
  GRACE_PERIOD,
  HOUR,
  INVOICE_SPEC,
  invoiceTerms,
  InvoiceState,
  MilestoneKind,
  MilestoneState,
  PENALTY_CAP,
  PENALTY_PER_DAY,
  PERMIT_TYPES,
  propose,
  proposeAndFund,
  QUANTITY,
  Role,
  RULING_PERIOD,
  STABLE_NAME,
  TOTAL,
  twoMilestones,
  USD,
  ZERO_ADDRESS,
  type InvoiceFixture,
  type InvoiceTerms,
  type MilestoneTerms,
} from "./fixture.js";
import { ADMIN_DELAY } from "../helpers/governance.js";
import { stateBitmap } from "../helpers/roles.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

/** Invoice terms in the order of the `InvoiceTerms` struct, as an event argument. */
function termsTuple(t: Awaited<ReturnType<typeof invoiceTerms>>): unknown[] {
  return [
    t.payer,
    t.token,
    t.dueDate,
    t.acceptanceWindow,
    t.gracePeriod,
    t.rulingPeriod,
    t.arbiter,
    t.penaltyPerDay,
    t.penaltyCap,
  ];
}

/** The named fields of a struct returned by a view. */
function fields(result: object, keys: string[]): Record<string, unknown> {
  const record = result as Record<string, unknown>;
  return Object.fromEntries(keys.map((key) => [key, record[key]]));
}

/** Expects `escrow.invoice(invoiceId)` to hold exactly `expected`. */
async function expectInvoice(
  f: InvoiceFixture,
  invoiceId: bigint,
  expected: Record<string, unknown>,
): Promise<void> {
  const stored = await f.escrow.invoice(invoiceId);
  expect(fields(stored, Object.keys(expected))).to.deep.equal(expected);
}

/** A customer's EIP-2612 permit for the escrow to spend `value` of the stablecoin. */
async function signPermit(f: InvoiceFixture, value: bigint, deadline: bigint) {
  const { chainId } = await ethers.provider.getNetwork();
  const domain = {
    name: STABLE_NAME,
    version: "1",
    chainId,
    verifyingContract: await f.stable.getAddress(),
  };
  const message = {
    owner: f.customer.address,
    spender: f.escrowAddress,
    value,
    nonce: await f.stable.nonces(f.customer.address),
    deadline,
  };
  return ethers.Signature.from(await f.customer.signTypedData(domain, PERMIT_TYPES, message));
}

describe("InvoiceEscrow: invoices", function () {
  describe("deployment", function () {
    it("refuses a zero participant registry or part registry, and a zero governance", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const args: [string, string, string, number][] = [
        [ZERO_ADDRESS, f.partsAddress, f.governance.address, ADMIN_DELAY],
        [f.participantsAddress, ZERO_ADDRESS, f.governance.address, ADMIN_DELAY],
      ];
      for (const constructorArgs of args) {
        await expect(
          ethers.deployContract("InvoiceEscrow", constructorArgs),
        ).to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowZeroAddress");
      }
      await expect(
        ethers.deployContract("InvoiceEscrow", [
          f.participantsAddress,
          f.partsAddress,
          ZERO_ADDRESS,
          ADMIN_DELAY,
        ]),
      )
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowInvalidGovernance")
        .withArgs(ZERO_ADDRESS);
    });

    it("wires the registries, names the receivable and makes governance the only admin", async function () {
      const { escrow, governance, deployer, participantsAddress, partsAddress } =
        await loadFixture(deployInvoiceFixture);
      expect(await escrow.participants()).to.equal(participantsAddress);
      expect(await escrow.parts()).to.equal(partsAddress);
      expect(await escrow.name()).to.equal("Supply Chain Receivable");
      expect(await escrow.symbol()).to.equal("RCV");
      const admin = await escrow.DEFAULT_ADMIN_ROLE();
      expect(await escrow.hasRole(admin, governance.address)).to.equal(true);
      expect(await escrow.hasRole(admin, deployer.address)).to.equal(false);
    });

    it("exposes ORIGINATOR_ROLE and the limits", async function () {
      const { escrow } = await loadFixture(deployInvoiceFixture);
      expect(await escrow.ORIGINATOR_ROLE()).to.equal(ethers.id("ORIGINATOR_ROLE"));
      expect(await escrow.MAX_MILESTONES()).to.equal(8n);
      expect(await escrow.MAX_DELIVERY()).to.equal(100n);
      expect(await escrow.MIN_RULING_PERIOD()).to.equal(BigInt(HOUR));
    });

    it("supports ERC-165, ERC-721, ERC-721 metadata and AccessControl, nothing else", async function () {
      const { escrow } = await loadFixture(deployInvoiceFixture);
      expect(await escrow.supportsInterface("0x01ffc9a7")).to.equal(true); // ERC-165
      expect(await escrow.supportsInterface("0x80ac58cd")).to.equal(true); // ERC-721
      expect(await escrow.supportsInterface("0x5b5e139f")).to.equal(true); // ERC-721 metadata
      expect(await escrow.supportsInterface("0x7965db0b")).to.equal(true); // IAccessControl
      expect(await escrow.supportsInterface("0xffffffff")).to.equal(false);
      expect(await escrow.supportsInterface("0x12345678")).to.equal(false);
    });
  });

  describe("proposeInvoice", function () {
    it("records the invoice and its milestones and emits every argument", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const terms = await invoiceTerms(f);
      const milestones = twoMilestones();
      const tx = f.escrow.connect(f.manufacturer).proposeInvoice(terms, milestones);
      await expect(tx)
        .to.emit(f.escrow, "InvoiceProposed")
        .withArgs(1n, f.manufacturer.address, f.customer.address, termsTuple(terms), TOTAL, 2n)
        .and.to.emit(f.escrow, "MilestoneProposed")
        .withArgs(1n, 0n, APPROVAL_AMOUNT, MilestoneKind.Approval, 0, ethers.ZeroHash)
        .and.to.emit(f.escrow, "MilestoneProposed")
        .withArgs(1n, 1n, DELIVERY_AMOUNT, MilestoneKind.Delivery, QUANTITY, INVOICE_SPEC);

      await expectInvoice(f, 1n, {
        payer: f.customer.address,
        dueDate: f.dueDate,
        state: BigInt(InvoiceState.Proposed),
        milestoneCount: 2n,
        acceptanceWindow: BigInt(ACCEPTANCE_WINDOW),
        supplier: f.manufacturer.address,
        gracePeriod: BigInt(GRACE_PERIOD),
        rulingPeriod: BigInt(RULING_PERIOD),
        openMilestones: 2n,
        token: terms.token,
        penaltyPerDay: PENALTY_PER_DAY,
        arbiter: f.arbiter.address,
        penaltyCap: PENALTY_CAP,
        total: TOTAL,
        released: 0n,
        refunded: 0n,
        fundedAt: 0n,
      });
      const keys = ["amount", "kind", "state", "disputedFrom", "quantity", "deadline", "penalty"];
      expect(fields(await f.escrow.milestone(1n, 0n), [...keys, "specHash"])).to.deep.equal({
        amount: APPROVAL_AMOUNT,
        kind: BigInt(MilestoneKind.Approval),
        state: BigInt(MilestoneState.Pending),
        disputedFrom: BigInt(MilestoneState.None),
        quantity: 0n,
        deadline: 0n,
        penalty: 0n,
        specHash: ethers.ZeroHash,
      });
      expect(fields(await f.escrow.milestone(1n, 1n), [...keys, "specHash"])).to.deep.equal({
        amount: DELIVERY_AMOUNT,
        kind: BigInt(MilestoneKind.Delivery),
        state: BigInt(MilestoneState.Pending),
        disputedFrom: BigInt(MilestoneState.None),
        quantity: BigInt(QUANTITY),
        deadline: 0n,
        penalty: 0n,
        specHash: INVOICE_SPEC,
      });
      // Proposed, not funded: no receivable, nothing held.
      await expect(f.escrow.ownerOf(1n))
        .to.be.revertedWithCustomError(f.escrow, "ERC721NonexistentToken")
        .withArgs(1n);
      expect(await f.escrow.liabilities(terms.token)).to.equal(0n);
    });

    it("announces every stored term: the invoice can be rebuilt from its events alone", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const terms = await invoiceTerms(f, {
        acceptanceWindow: 5n * BigInt(DAY),
        gracePeriod: 11n * BigInt(DAY),
        rulingPeriod: 2n * BigInt(DAY),
        penaltyPerDay: USD(7n),
        penaltyCap: USD(90n),
      });
      await f.escrow.connect(f.manufacturer).proposeInvoice(terms, twoMilestones());
      const [proposed] = await f.escrow.queryFilter(f.escrow.filters.InvoiceProposed(1n));
      const milestones = await f.escrow.queryFilter(f.escrow.filters.MilestoneProposed(1n));
      const t = proposed!.args.terms;
      const rebuilt = {
        payer: proposed!.args.payer,
        dueDate: t.dueDate,
        state: BigInt(InvoiceState.Proposed),
        milestoneCount: proposed!.args.milestones,
        acceptanceWindow: t.acceptanceWindow,
        supplier: proposed!.args.supplier,
        gracePeriod: t.gracePeriod,
        rulingPeriod: t.rulingPeriod,
        openMilestones: proposed!.args.milestones,
        token: t.token,
        penaltyPerDay: t.penaltyPerDay,
        arbiter: t.arbiter,
        penaltyCap: t.penaltyCap,
        total: proposed!.args.total,
        released: 0n,
        refunded: 0n,
        fundedAt: 0n,
      };
      expect(t.payer).to.equal(proposed!.args.payer);
      await expectInvoice(f, 1n, rebuilt);
      expect(rebuilt.penaltyCap).to.equal(USD(90n));
      expect(milestones.length).to.equal(2);
      for (const m of milestones) {
        const stored = await f.escrow.milestone(1n, m.args.index);
        expect([m.args.amount, m.args.kind, m.args.quantity, m.args.specHash]).to.deep.equal([
          stored.amount,
          stored.kind,
          stored.quantity,
          stored.specHash,
        ]);
      }
    });

    it("numbers invoices 1, 2, 3... and accepts an invoice without arbiter", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      expect(await propose(f)).to.equal(1n);
      expect(await propose(f, { arbiter: ZERO_ADDRESS })).to.equal(2n);
      expect(await propose(f, {}, [approvalMilestone(USD(1n))], f.manufacturer2)).to.equal(3n);
      await expectInvoice(f, 2n, { arbiter: ZERO_ADDRESS, total: TOTAL });
      await expectInvoice(f, 3n, { supplier: f.manufacturer2.address, total: USD(1n) });
    });

    it("accepts eight milestones and a delivery of 100 parts (the limits)", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const eight = Array.from({ length: 8 }, (_, i) =>
        i === 0 ? deliveryMilestone(USD(1n), 100) : approvalMilestone(USD(1n)),
      );
      const invoiceId = await propose(f, {}, eight);
      await expectInvoice(f, invoiceId, { milestoneCount: 8n, total: USD(8n) });
      expect((await f.escrow.milestone(invoiceId, 0n)).quantity).to.equal(100n);
    });

    it("refuses an unknown invoice and a milestone out of range in the views", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      await expect(f.escrow.invoice(0n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownInvoice")
        .withArgs(0n);
      const invoiceId = await propose(f);
      await expect(f.escrow.invoice(invoiceId + 1n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownInvoice")
        .withArgs(invoiceId + 1n);
      await expect(f.escrow.milestone(invoiceId + 1n, 0n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownInvoice")
        .withArgs(invoiceId + 1n);
      await expect(f.escrow.milestone(invoiceId, 2n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownMilestone")
        .withArgs(invoiceId, 2n, 2n);
    });

    it("refuses a supplier that is not an active participant", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const terms = await invoiceTerms(f);
      await expect(f.escrow.connect(f.stranger).proposeInvoice(terms, twoMilestones()))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowNotAccredited")
        .withArgs(f.stranger.address, ANY_ROLE);
      await f.participantRegistry
        .connect(f.registrar)
        .suspend(f.manufacturer.address, ethers.ZeroHash);
      await expect(f.escrow.connect(f.manufacturer).proposeInvoice(terms, twoMilestones()))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowNotAccredited")
        .withArgs(f.manufacturer.address, ANY_ROLE);
    });

    it("refuses a payer that is not an active customer and an arbiter that is not an active arbiter", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const byMaker = f.escrow.connect(f.manufacturer);
      const ms = twoMilestones();
      await expect(
        byMaker.proposeInvoice(await invoiceTerms(f, { payer: f.manufacturer2.address }), ms),
      )
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowNotAccredited")
        .withArgs(f.manufacturer2.address, Role.Customer);
      await expect(byMaker.proposeInvoice(await invoiceTerms(f, { payer: f.stranger.address }), ms))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowNotAccredited")
        .withArgs(f.stranger.address, Role.Customer);
      await expect(
        byMaker.proposeInvoice(await invoiceTerms(f, { arbiter: f.testLab.address }), ms),
      )
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowNotAccredited")
        .withArgs(f.testLab.address, Role.Arbiter);
      await f.participantRegistry.connect(f.registrar).suspend(f.arbiter.address, ethers.ZeroHash);
      await expect(byMaker.proposeInvoice(await invoiceTerms(f), ms))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowNotAccredited")
        .withArgs(f.arbiter.address, Role.Arbiter);
    });

    describe("refuses invalid terms, with the error of the rule broken", function () {
      const cases: {
        title: string;
        error: string;
        /** The error's arguments, from the fixture, the terms sent and the block's time. */
        args: (f: InvoiceFixture, t: InvoiceTerms, now: bigint) => unknown[];
        terms?: (f: InvoiceFixture) => Promise<Partial<InvoiceTerms>>;
        milestones?: MilestoneTerms[];
      }[] = [
        {
          title: "a zero payer",
          error: "InvoiceEscrowZeroParty",
          args: (f, t) => [f.manufacturer.address, ZERO_ADDRESS, t.token],
          terms: async () => ({ payer: ZERO_ADDRESS }),
        },
        {
          title: "a zero token",
          error: "InvoiceEscrowZeroParty",
          args: (f, t) => [f.manufacturer.address, t.payer, ZERO_ADDRESS],
          terms: async () => ({ token: ZERO_ADDRESS }),
        },
        {
          title: "the supplier as payer",
          error: "InvoiceEscrowPayerIsSupplier",
          args: (f) => [f.manufacturer.address],
          terms: async (f) => ({ payer: f.manufacturer.address }),
        },
        {
          title: "a token that is not a contract",
          error: "InvoiceEscrowTokenNotContract",
          args: (f) => [f.stranger.address],
          terms: async (f) => ({ token: f.stranger.address }),
        },
        {
          title: "a due date in the past",
          error: "InvoiceEscrowDueDateNotFuture",
          args: (f, _t, now) => [f.start - 1n, now],
          terms: async (f) => ({ dueDate: f.start - 1n }),
        },
        {
          title: "no milestone",
          error: "InvoiceEscrowMilestoneCount",
          args: () => [0n, 8n],
          milestones: [],
        },
        {
          title: "nine milestones",
          error: "InvoiceEscrowMilestoneCount",
          args: () => [9n, 8n],
          milestones: Array.from({ length: 9 }, () => approvalMilestone(USD(1n))),
        },
        {
          title: "a ruling period under an hour",
          error: "InvoiceEscrowRulingPeriodTooShort",
          args: () => [BigInt(HOUR - 1), BigInt(HOUR)],
          terms: async () => ({ rulingPeriod: BigInt(HOUR - 1) }),
        },
        {
          title: "the payer as arbiter",
          error: "InvoiceEscrowArbiterIsParty",
          args: (f) => [f.customer.address],
          terms: async (f) => ({ arbiter: f.customer.address }),
        },
        {
          title: "the supplier as arbiter",
          error: "InvoiceEscrowArbiterIsParty",
          args: (f) => [f.manufacturer.address],
          terms: async (f) => ({ arbiter: f.manufacturer.address }),
        },
        {
          title: "a milestone of zero",
          error: "InvoiceEscrowZeroMilestoneAmount",
          args: () => [1n],
          milestones: [approvalMilestone(), approvalMilestone(0n)],
        },
        {
          title: "a delivery of zero parts",
          error: "InvoiceEscrowInvalidDeliveryMilestone",
          args: () => [0n, 0n, 100n, INVOICE_SPEC],
          milestones: [deliveryMilestone(DELIVERY_AMOUNT, 0)],
        },
        {
          title: "a delivery of 101 parts",
          error: "InvoiceEscrowInvalidDeliveryMilestone",
          args: () => [0n, 101n, 100n, INVOICE_SPEC],
          milestones: [deliveryMilestone(DELIVERY_AMOUNT, 101)],
        },
        {
          title: "a delivery without specification",
          error: "InvoiceEscrowInvalidDeliveryMilestone",
          args: () => [0n, BigInt(QUANTITY), 100n, ethers.ZeroHash],
          milestones: [deliveryMilestone(DELIVERY_AMOUNT, QUANTITY, ethers.ZeroHash)],
        },
        {
          title: "an approval with a quantity",
          error: "InvoiceEscrowInvalidApprovalMilestone",
          args: () => [0n, 1n, ethers.ZeroHash],
          milestones: [{ ...approvalMilestone(), quantity: 1 }],
        },
        {
          title: "an approval with a specification",
          error: "InvoiceEscrowInvalidApprovalMilestone",
          args: () => [0n, 0n, INVOICE_SPEC],
          milestones: [{ ...approvalMilestone(), specHash: INVOICE_SPEC }],
        },
        {
          title: "milestones summing over 2**128 - 1",
          error: "InvoiceEscrowTotalTooLarge",
          args: () => [2n ** 128n, 2n ** 128n - 1n],
          milestones: [approvalMilestone(2n ** 127n), approvalMilestone(2n ** 127n)],
        },
      ];
      for (const { title, error, args, terms, milestones } of cases) {
        it(`${title}: ${error}`, async function () {
          const f = await loadFixture(deployInvoiceFixture);
          const full = await invoiceTerms(f, terms === undefined ? {} : await terms(f));
          const now = BigInt(await time.latest()) + 10n;
          await time.setNextBlockTimestamp(now);
          await expect(
            f.escrow.connect(f.manufacturer).proposeInvoice(full, milestones ?? twoMilestones()),
          )
            .to.be.revertedWithCustomError(f.escrow, error)
            .withArgs(...args(f, full, now));
        });
      }

      it("a due date of now: InvoiceEscrowDueDateNotFuture", async function () {
        const f = await loadFixture(deployInvoiceFixture);
        const now = BigInt(await time.latest()) + 10n;
        await time.setNextBlockTimestamp(now);
        await expect(
          f.escrow
            .connect(f.manufacturer)
            .proposeInvoice(await invoiceTerms(f, { dueDate: now }), twoMilestones()),
        )
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowDueDateNotFuture")
          .withArgs(now, now);
      });

      it("milestones summing to exactly 2**128 - 1 are accepted", async function () {
        const f = await loadFixture(deployInvoiceFixture);
        const max = 2n ** 128n - 1n;
        const invoiceId = await propose(f, {}, [
          approvalMilestone(2n ** 127n),
          approvalMilestone(max - 2n ** 127n),
        ]);
        await expectInvoice(f, invoiceId, { total: max });
      });
    });
  });

  describe("openFundedInvoice", function () {
    it("opens and funds an invoice from the originator's tokens; the receivable goes to the supplier", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const terms = await invoiceTerms(f);
      await f.stable.connect(f.originator).approve(f.escrowAddress, TOTAL);
      const byOriginator = f.escrow.connect(f.originator);
      const tx = byOriginator.openFundedInvoice(f.manufacturer.address, terms, twoMilestones());
      await expect(tx)
        .to.emit(f.escrow, "InvoiceProposed")
        .withArgs(1n, f.manufacturer.address, f.customer.address, termsTuple(terms), TOTAL, 2n)
        .and.to.emit(f.escrow, "MilestoneProposed")
        .withArgs(1n, 1n, DELIVERY_AMOUNT, MilestoneKind.Delivery, QUANTITY, INVOICE_SPEC)
        .and.to.emit(f.escrow, "InvoiceFunded")
        .withArgs(1n, f.originator.address, TOTAL)
        .and.to.emit(f.escrow, "Transfer")
        .withArgs(ZERO_ADDRESS, f.manufacturer.address, 1n);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.originator, f.customer, f.escrow],
        [-TOTAL, 0n, TOTAL],
      );
      expect(await f.escrow.ownerOf(1n)).to.equal(f.manufacturer.address);
      await expectInvoice(f, 1n, {
        state: BigInt(InvoiceState.Funded),
        payer: f.customer.address,
        supplier: f.manufacturer.address,
        fundedAt: BigInt((await (await (await tx).wait())!.getBlock()).timestamp),
      });
      expect(await f.escrow.liabilities(terms.token)).to.equal(TOTAL);
      await expectConserved(f.escrow, f.stable);
    });

    it("refuses a caller without ORIGINATOR_ROLE", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const terms = await invoiceTerms(f);
      for (const caller of [f.manufacturer, f.customer, f.governance]) {
        await expect(
          f.escrow
            .connect(caller)
            .openFundedInvoice(f.manufacturer.address, terms, twoMilestones()),
        )
          .to.be.revertedWithCustomError(f.escrow, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, f.ORIGINATOR_ROLE);
      }
    });

    it("refuses a supplier that is not an active participant", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const terms = await invoiceTerms(f);
      await expect(
        f.escrow
          .connect(f.originator)
          .openFundedInvoice(f.stranger.address, terms, twoMilestones()),
      )
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowNotAccredited")
        .withArgs(f.stranger.address, 255);
    });

    it("refuses a penalty per day without a cap", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const terms = { ...(await invoiceTerms(f)), penaltyCap: 0n };
      await expect(f.escrow.connect(f.manufacturer).proposeInvoice(terms, twoMilestones()))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowPenaltyWithoutCap")
        .withArgs(terms.penaltyPerDay);
    });

    it("refuses the receivable sent to the escrow itself, where payments would be lost", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await proposeAndFund(f);
      const escrowAddress = await f.escrow.getAddress();
      await expect(
        f.escrow
          .connect(f.manufacturer)
          .transferFrom(f.manufacturer.address, escrowAddress, invoiceId),
      )
        .to.be.revertedWithCustomError(f.escrow, "ERC721InvalidReceiver")
        .withArgs(escrowAddress);
    });

    it("refuses the invoice's arbiter as the supplier or the payer (no party in any role)", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const terms = await invoiceTerms(f);
      const byOriginator = f.escrow.connect(f.originator);
      await expect(byOriginator.openFundedInvoice(f.arbiter.address, terms, twoMilestones()))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowArbiterIsParty")
        .withArgs(f.arbiter.address);
      const payerArbiter = { ...terms, arbiter: f.customer.address };
      await expect(
        byOriginator.openFundedInvoice(f.manufacturer.address, payerArbiter, twoMilestones()),
      )
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowArbiterIsParty")
        .withArgs(f.customer.address);
    });

    it("checks the terms: a zero supplier, the payer as supplier", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const terms = await invoiceTerms(f);
      const byOriginator = f.escrow.connect(f.originator);
      // The zero address is no accredited participant: refused before the terms are read.
      await expect(byOriginator.openFundedInvoice(ZERO_ADDRESS, terms, twoMilestones()))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowNotAccredited")
        .withArgs(ZERO_ADDRESS, 255);
      await expect(byOriginator.openFundedInvoice(f.customer.address, terms, twoMilestones()))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowPayerIsSupplier")
        .withArgs(f.customer.address);
    });

    it("reverts as a whole when the originator has not approved the tokens", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const terms = await invoiceTerms(f);
      await expect(
        f.escrow
          .connect(f.originator)
          .openFundedInvoice(f.manufacturer.address, terms, twoMilestones()),
      )
        .to.be.revertedWithCustomError(f.stable, "ERC20InsufficientAllowance")
        .withArgs(f.escrowAddress, 0n, TOTAL);
      await expect(f.escrow.invoice(1n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownInvoice")
        .withArgs(1n);
    });
  });

  describe("fund", function () {
    it("locks the total, mints the receivable to the supplier and emits InvoiceFunded", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await propose(f);
      await f.stable.connect(f.customer).approve(f.escrowAddress, TOTAL);
      const tx = f.escrow.connect(f.customer).fund(invoiceId);
      await expect(tx)
        .to.emit(f.escrow, "InvoiceFunded")
        .withArgs(invoiceId, f.customer.address, TOTAL)
        .and.to.emit(f.escrow, "Transfer")
        .withArgs(ZERO_ADDRESS, f.manufacturer.address, invoiceId);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, f.escrow, f.manufacturer],
        [-TOTAL, TOTAL, 0n],
      );
      expect(await f.escrow.ownerOf(invoiceId)).to.equal(f.manufacturer.address);
      expect(await f.escrow.balanceOf(f.manufacturer.address)).to.equal(1n);
      expect(await f.escrow.liabilities(await f.stable.getAddress())).to.equal(TOTAL);
      await expectInvoice(f, invoiceId, {
        state: BigInt(InvoiceState.Funded),
        openMilestones: 2n,
        released: 0n,
        refunded: 0n,
        fundedAt: BigInt((await (await (await tx).wait())!.getBlock()).timestamp),
      });
      await expectConserved(f.escrow, f.stable);
    });

    it("adds up liabilities over several invoices of the same token", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      await proposeAndFund(f);
      await proposeAndFund(f, {}, [approvalMilestone(USD(7n))]);
      expect(await f.escrow.liabilities(await f.stable.getAddress())).to.equal(TOTAL + USD(7n));
      await expectConserved(f.escrow, f.stable);
    });

    it("refuses anyone but the payer", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await propose(f);
      for (const caller of [f.manufacturer, f.stranger, f.arbiter, f.financier]) {
        await expect(f.escrow.connect(caller).fund(invoiceId))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnauthorized")
          .withArgs(invoiceId, caller.address);
      }
    });

    it("refuses an unknown invoice and one already funded", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      await expect(f.escrow.connect(f.customer).fund(1n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownInvoice")
        .withArgs(1n);
      const invoiceId = await proposeAndFund(f);
      await f.stable.connect(f.customer).approve(f.escrowAddress, TOTAL);
      await expect(f.escrow.connect(f.customer).fund(invoiceId))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongInvoiceState")
        .withArgs(invoiceId, InvoiceState.Funded, stateBitmap(InvoiceState.Proposed));
    });

    it("reverts without an allowance", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await propose(f);
      await expect(f.escrow.connect(f.customer).fund(invoiceId))
        .to.be.revertedWithCustomError(f.stable, "ERC20InsufficientAllowance")
        .withArgs(f.escrowAddress, 0n, TOTAL);
    });

    it("refuses a fee-on-transfer token: InvoiceEscrowFundingShortfall(expected, received)", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await propose(f, { token: await f.feeToken.getAddress() });
      await f.feeToken.connect(f.customer).approve(f.escrowAddress, TOTAL);
      const received = TOTAL - (TOTAL * FEE_BPS) / 10_000n;
      await expect(f.escrow.connect(f.customer).fund(invoiceId))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowFundingShortfall")
        .withArgs(TOTAL, received);
      await expectInvoice(f, invoiceId, { state: BigInt(InvoiceState.Proposed) });
      expect(await f.escrow.liabilities(await f.feeToken.getAddress())).to.equal(0n);
      await expectConserved(f.escrow, f.feeToken);
    });
  });

  describe("fundWithPermit", function () {
    it("funds with a signed EIP-2612 permit and no prior approval", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await propose(f);
      const deadline = f.start + BigInt(DAY);
      const { v, r, s } = await signPermit(f, TOTAL, deadline);
      expect(await f.stable.allowance(f.customer.address, f.escrowAddress)).to.equal(0n);
      const tx = f.escrow.connect(f.customer).fundWithPermit(invoiceId, deadline, v, r, s);
      await expect(tx)
        .to.emit(f.escrow, "InvoiceFunded")
        .withArgs(invoiceId, f.customer.address, TOTAL)
        .and.to.emit(f.stable, "Approval")
        .withArgs(f.customer.address, f.escrowAddress, TOTAL);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, f.escrow],
        [-TOTAL, TOTAL],
      );
      expect(await f.stable.nonces(f.customer.address)).to.equal(1n);
      expect(await f.stable.allowance(f.customer.address, f.escrowAddress)).to.equal(0n);
      expect(await f.escrow.ownerOf(invoiceId)).to.equal(f.manufacturer.address);
      await expectConserved(f.escrow, f.stable);
    });

    it("still funds when someone else submitted the permit first (front-run)", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await propose(f);
      const deadline = f.start + BigInt(DAY);
      const { v, r, s } = await signPermit(f, TOTAL, deadline);
      await f.stable
        .connect(f.stranger)
        .permit(f.customer.address, f.escrowAddress, TOTAL, deadline, v, r, s);
      const tx = f.escrow.connect(f.customer).fundWithPermit(invoiceId, deadline, v, r, s);
      await expect(tx)
        .to.emit(f.escrow, "InvoiceFunded")
        .withArgs(invoiceId, f.customer.address, TOTAL);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, f.escrow],
        [-TOTAL, TOTAL],
      );
      await expectConserved(f.escrow, f.stable);
    });

    it("reverts when the permit is invalid and no allowance is in place", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await propose(f);
      const deadline = f.start + BigInt(DAY);
      const { v, r, s } = await signPermit(f, TOTAL - 1n, deadline); // signed for another value
      await expect(f.escrow.connect(f.customer).fundWithPermit(invoiceId, deadline, v, r, s))
        .to.be.revertedWithCustomError(f.stable, "ERC20InsufficientAllowance")
        .withArgs(f.escrowAddress, 0n, TOTAL);
    });

    it("refuses anyone but the payer, and an invoice not proposed", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await propose(f);
      const deadline = f.start + BigInt(DAY);
      const { v, r, s } = await signPermit(f, TOTAL, deadline);
      await expect(f.escrow.connect(f.stranger).fundWithPermit(invoiceId, deadline, v, r, s))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnauthorized")
        .withArgs(invoiceId, f.stranger.address);
      await f.escrow.connect(f.customer).cancel(invoiceId);
      await expect(f.escrow.connect(f.customer).fundWithPermit(invoiceId, deadline, v, r, s))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongInvoiceState")
        .withArgs(invoiceId, InvoiceState.Cancelled, stateBitmap(InvoiceState.Proposed));
    });
  });

  describe("cancel", function () {
    it("lets the supplier withdraw a proposed invoice", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await propose(f);
      await expect(f.escrow.connect(f.manufacturer).cancel(invoiceId))
        .to.emit(f.escrow, "InvoiceCancelled")
        .withArgs(invoiceId, f.manufacturer.address);
      await expectInvoice(f, invoiceId, { state: BigInt(InvoiceState.Cancelled) });
    });

    it("lets the payer decline a proposed invoice, which then cannot be funded", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await propose(f);
      await expect(f.escrow.connect(f.customer).cancel(invoiceId))
        .to.emit(f.escrow, "InvoiceCancelled")
        .withArgs(invoiceId, f.customer.address);
      await f.stable.connect(f.customer).approve(f.escrowAddress, TOTAL);
      await expect(f.escrow.connect(f.customer).fund(invoiceId))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongInvoiceState")
        .withArgs(invoiceId, InvoiceState.Cancelled, stateBitmap(InvoiceState.Proposed));
      await expect(f.escrow.connect(f.manufacturer).cancel(invoiceId))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongInvoiceState")
        .withArgs(invoiceId, InvoiceState.Cancelled, stateBitmap(InvoiceState.Proposed));
    });

    it("refuses anyone else, a funded invoice and an unknown one", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await propose(f);
      for (const caller of [f.stranger, f.arbiter, f.manufacturer2]) {
        await expect(f.escrow.connect(caller).cancel(invoiceId))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnauthorized")
          .withArgs(invoiceId, caller.address);
      }
      const funded = await proposeAndFund(f);
      for (const caller of [f.customer, f.manufacturer]) {
        await expect(f.escrow.connect(caller).cancel(funded))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongInvoiceState")
          .withArgs(funded, InvoiceState.Funded, stateBitmap(InvoiceState.Proposed));
      }
      await expect(f.escrow.connect(f.customer).cancel(99n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownInvoice")
        .withArgs(99n);
    });
  });
});
