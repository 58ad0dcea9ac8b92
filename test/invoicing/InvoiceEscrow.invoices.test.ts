import { expect } from "chai";
import type { ContractTransactionResponse } from "ethers";
import { network } from "hardhat";
import {
  ANY_ROLE,
  APPROVAL_AMOUNT,
  approvalMilestone,
  DAY,
  DELIVERY_AMOUNT,
  deliveryMilestone,
  deployInvoiceFixture,
  expectConserved,
  FEE_BPS,
  fundedAt,
  HOUR,
  INVOICE_SPEC,
  invoiceOf,
  invoiceTerms,
  InvoiceState,
  invoiceTuple,
  MilestoneKind,
  MilestoneState,
  packedStates,
  PERMIT_TYPES,
  propose,
  proposeAndFund,
  QUANTITY,
  Role,
  STABLE_NAME,
  tamperedInvoices,
  TOTAL,
  totalOf,
  twoMilestones,
  USD,
  ZERO_ADDRESS,
  type InvoiceFixture,
  type InvoiceTerms,
  type MilestoneTerms,
  agreedInvoice,
} from "./fixture.js";
import { escrowOwes } from "../helpers/agreements.js";
import { ADMIN_DELAY } from "../helpers/governance.js";
import { stateBitmap } from "../helpers/roles.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

/** The named fields of a struct returned by a view. */
function fields(result: object, keys: string[]): Record<string, unknown> {
  const record = result as Record<string, unknown>;
  return Object.fromEntries(keys.map((key) => [key, record[key]]));
}

/** Expects `escrow.invoiceRecord(invoiceId)` to hold exactly `expected`. */
async function expectRecord(
  f: InvoiceFixture,
  invoiceId: bigint,
  expected: Record<string, unknown>,
): Promise<void> {
  const stored = await f.escrow.invoiceRecord(invoiceId);
  expect(fields(stored, Object.keys(expected))).to.deep.equal(expected);
}

/** The total announced by invoice `invoiceId`'s `InvoiceProposed` event. */
async function proposedTotal(f: InvoiceFixture, invoiceId: bigint): Promise<bigint> {
  const [event] = await f.escrow.queryFilter(f.escrow.filters.InvoiceProposed(invoiceId));
  if (event === undefined) throw new Error(`no invoice ${invoiceId} was proposed`);
  return event.args.total;
}

/** What the escrow owes in `token`, reckoned from its events (it keeps no total). */
async function owes(f: InvoiceFixture, token: { getAddress(): Promise<string> }): Promise<bigint> {
  return escrowOwes(f.escrow, await token.getAddress());
}

/** The time of the block that included `tx`. */
async function minedAt(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("the transaction was not mined");
  return BigInt((await receipt.getBlock()).timestamp);
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

/** The state of a milestone nothing has happened to yet. */
const UNTOUCHED = {
  state: BigInt(MilestoneState.Pending),
  disputedFrom: BigInt(MilestoneState.None),
  deadline: 0n,
  penalty: 0n,
};
const STATUS_KEYS = Object.keys(UNTOUCHED);

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
    it("stores the invoice's hash and one record, and emits the whole invoice", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoice = await invoiceOf(f);
      const tx = f.escrow.connect(f.manufacturer).proposeInvoice(invoice);
      await expect(tx)
        .to.emit(f.escrow, "InvoiceProposed")
        .withArgs(1n, f.manufacturer.address, f.customer.address, invoiceTuple(invoice), TOTAL);

      await expectRecord(f, 1n, {
        termsHash: await f.escrow.hashInvoice(invoice),
        supplier: f.manufacturer.address,
        state: BigInt(InvoiceState.Proposed),
        openMilestones: 2n,
        fundedLate: false,
        payeePaid: false,
        assigned: false,
        milestoneStates: packedStates(MilestoneState.Pending, MilestoneState.Pending),
      });
      // The terms and milestones travel in the event: every one of them, as proposed.
      const agreed = await agreedInvoice(f.escrow, 1n);
      expect(invoiceTuple(agreed)).to.deep.equal(invoiceTuple(invoice));
      const mkeys = ["amount", "kind", "quantity", "specHash"];
      expect(fields(agreed.milestones[0]!, mkeys)).to.deep.equal({
        amount: APPROVAL_AMOUNT,
        kind: BigInt(MilestoneKind.Approval),
        quantity: 0n,
        specHash: ethers.ZeroHash,
      });
      expect(fields(agreed.milestones[1]!, mkeys)).to.deep.equal({
        amount: DELIVERY_AMOUNT,
        kind: BigInt(MilestoneKind.Delivery),
        quantity: BigInt(QUANTITY),
        specHash: INVOICE_SPEC,
      });
      for (const index of [0n, 1n]) {
        expect(fields(await f.escrow.milestone(1n, index), STATUS_KEYS)).to.deep.equal(UNTOUCHED);
      }
      // Proposed, not funded: no receivable, nothing held; the supplier is the payee.
      await expect(f.escrow.ownerOf(1n))
        .to.be.revertedWithCustomError(f.escrow, "ERC721NonexistentToken")
        .withArgs(1n);
      expect(await f.escrow.payee(1n)).to.equal(f.manufacturer.address);
      expect(await owes(f, f.stable)).to.equal(0n);
      expect(await f.stable.balanceOf(f.escrowAddress)).to.equal(0n);
    });

    it("announces every term: the invoice is rebuilt from its event alone and hashes as stored", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoice = await invoiceOf(f, {
        acceptanceWindow: 5n * BigInt(DAY),
        gracePeriod: 11n * BigInt(DAY),
        rulingPeriod: 2n * BigInt(DAY),
        penaltyPerDay: USD(7n),
        penaltyCap: USD(90n),
      });
      await f.escrow.connect(f.manufacturer).proposeInvoice(invoice);
      const [proposed] = await f.escrow.queryFilter(f.escrow.filters.InvoiceProposed(1n));
      const rebuilt = await agreedInvoice(f.escrow, 1n);
      expect(invoiceTuple(rebuilt)).to.deep.equal(invoiceTuple(invoice));
      expect(proposed!.args.supplier).to.equal(rebuilt.supplier);
      expect(proposed!.args.payer).to.equal(rebuilt.terms.payer);
      expect(proposed!.args.total).to.equal(totalOf(rebuilt));
      expect(rebuilt.terms.penaltyCap).to.equal(USD(90n));
      expect(rebuilt.milestones.length).to.equal(2);
      // hashInvoice is keccak256(abi.encode(invoice)), and the record holds it.
      const [param] = f.escrow.interface.getFunction("hashInvoice").inputs;
      const encoded = ethers.AbiCoder.defaultAbiCoder().encode([param!], [rebuilt]);
      const stored = (await f.escrow.invoiceRecord(1n)).termsHash;
      expect(ethers.keccak256(encoded)).to.equal(stored);
      expect(await f.escrow.hashInvoice(rebuilt)).to.equal(stored);
      // The rebuilt invoice is accepted by the next call.
      await expect(f.escrow.connect(f.manufacturer).cancel(1n, rebuilt))
        .to.emit(f.escrow, "InvoiceCancelled")
        .withArgs(1n, f.manufacturer.address);
    });

    it("numbers invoices 1, 2, 3... and accepts an invoice without arbiter", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      expect(await propose(f)).to.equal(1n);
      expect(await propose(f, { arbiter: ZERO_ADDRESS })).to.equal(2n);
      expect(await propose(f, {}, [approvalMilestone(USD(1n))], f.manufacturer2)).to.equal(3n);
      const second = await agreedInvoice(f.escrow, 2n);
      expect(second.terms.arbiter).to.equal(ZERO_ADDRESS);
      expect(totalOf(second)).to.equal(TOTAL);
      expect(await proposedTotal(f, 2n)).to.equal(TOTAL);
      await expectRecord(f, 3n, { supplier: f.manufacturer2.address });
      expect(totalOf(await agreedInvoice(f.escrow, 3n))).to.equal(USD(1n));
      expect(await proposedTotal(f, 3n)).to.equal(USD(1n));
    });

    it("accepts eight milestones and a delivery of 100 parts (the limits)", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const eight = Array.from({ length: 8 }, (_, i) =>
        i === 0 ? deliveryMilestone(USD(1n), 100) : approvalMilestone(USD(1n)),
      );
      const invoiceId = await propose(f, {}, eight);
      const agreed = await agreedInvoice(f.escrow, invoiceId);
      await expectRecord(f, invoiceId, {
        openMilestones: 8n,
        milestoneStates: packedStates(...eight.map(() => MilestoneState.Pending)),
      });
      expect(agreed.milestones.length).to.equal(8);
      expect(await proposedTotal(f, invoiceId)).to.equal(USD(8n));
      expect(agreed.milestones[0]!.quantity).to.equal(100n);
      expect((await f.escrow.milestone(invoiceId, 7n)).state).to.equal(
        BigInt(MilestoneState.Pending),
      );
      await expect(f.escrow.milestone(invoiceId, 8n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownMilestone")
        .withArgs(invoiceId, 8n, 8n);
    });

    it("refuses an unknown invoice and a milestone out of range in the views", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      await expect(f.escrow.invoiceRecord(0n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownInvoice")
        .withArgs(0n);
      const invoiceId = await propose(f);
      await expect(f.escrow.invoiceRecord(invoiceId + 1n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownInvoice")
        .withArgs(invoiceId + 1n);
      await expect(f.escrow.milestone(invoiceId + 1n, 0n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownInvoice")
        .withArgs(invoiceId + 1n);
      await expect(f.escrow.payee(invoiceId + 1n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownInvoice")
        .withArgs(invoiceId + 1n);
      await expect(f.escrow.milestone(invoiceId, 2n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownMilestone")
        .withArgs(invoiceId, 2n, 2n);
    });

    it("milestone(id, i) past the last milestone: InvoiceEscrowUnknownMilestone with the count", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const three = await propose(f, {}, [
        approvalMilestone(USD(1n)),
        approvalMilestone(USD(2n)),
        deliveryMilestone(USD(3n)),
      ]);
      expect((await f.escrow.milestone(three, 2n)).state).to.equal(BigInt(MilestoneState.Pending));
      for (const index of [3n, 7n, 8n, 2n ** 256n - 1n]) {
        await expect(f.escrow.milestone(three, index))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownMilestone")
          .withArgs(three, index, 3n);
      }
      const one = await propose(f, {}, [approvalMilestone()]);
      await expect(f.escrow.milestone(one, 1n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownMilestone")
        .withArgs(one, 1n, 1n);
    });

    it("refuses an invoice naming another supplier: InvoiceEscrowSupplierNotCaller", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const byMaker = f.escrow.connect(f.manufacturer);
      // Another accredited supplier, the zero address, the payer itself.
      for (const supplier of [f.manufacturer2.address, ZERO_ADDRESS, f.customer.address]) {
        const invoice = { ...(await invoiceOf(f)), supplier };
        await expect(byMaker.proposeInvoice(invoice))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowSupplierNotCaller")
          .withArgs(supplier, f.manufacturer.address);
      }
      // Nor can anyone propose in a supplier's name: checked before the caller's accreditation.
      await expect(f.escrow.connect(f.stranger).proposeInvoice(await invoiceOf(f)))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowSupplierNotCaller")
        .withArgs(f.manufacturer.address, f.stranger.address);
      await expect(f.escrow.connect(f.originator).proposeInvoice(await invoiceOf(f)))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowSupplierNotCaller")
        .withArgs(f.manufacturer.address, f.originator.address);
      await expect(f.escrow.invoiceRecord(1n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownInvoice")
        .withArgs(1n);
    });

    it("refuses a supplier that is not an active participant", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const byStranger = await invoiceOf(f, {}, twoMilestones(), f.stranger);
      await expect(f.escrow.connect(f.stranger).proposeInvoice(byStranger))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowNotAccredited")
        .withArgs(f.stranger.address, ANY_ROLE);
      await f.participantRegistry
        .connect(f.registrar)
        .suspend(f.manufacturer.address, ethers.ZeroHash);
      await expect(f.escrow.connect(f.manufacturer).proposeInvoice(await invoiceOf(f)))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowNotAccredited")
        .withArgs(f.manufacturer.address, ANY_ROLE);
    });

    it("refuses a payer that is not an active customer and an arbiter that is not an active arbiter", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const byMaker = f.escrow.connect(f.manufacturer);
      await expect(byMaker.proposeInvoice(await invoiceOf(f, { payer: f.manufacturer2.address })))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowNotAccredited")
        .withArgs(f.manufacturer2.address, Role.Customer);
      await expect(byMaker.proposeInvoice(await invoiceOf(f, { payer: f.stranger.address })))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowNotAccredited")
        .withArgs(f.stranger.address, Role.Customer);
      await expect(byMaker.proposeInvoice(await invoiceOf(f, { arbiter: f.testLab.address })))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowNotAccredited")
        .withArgs(f.testLab.address, Role.Arbiter);
      await f.participantRegistry.connect(f.registrar).suspend(f.arbiter.address, ethers.ZeroHash);
      await expect(byMaker.proposeInvoice(await invoiceOf(f)))
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
          const invoice = {
            supplier: f.manufacturer.address,
            terms: full,
            milestones: milestones ?? twoMilestones(),
          };
          await expect(f.escrow.connect(f.manufacturer).proposeInvoice(invoice))
            .to.be.revertedWithCustomError(f.escrow, error)
            .withArgs(...args(f, full, now));
        });
      }

      it("a due date of now: InvoiceEscrowDueDateNotFuture", async function () {
        const f = await loadFixture(deployInvoiceFixture);
        const now = BigInt(await time.latest()) + 10n;
        await time.setNextBlockTimestamp(now);
        await expect(
          f.escrow.connect(f.manufacturer).proposeInvoice(await invoiceOf(f, { dueDate: now })),
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
        expect(await proposedTotal(f, invoiceId)).to.equal(max);
        expect(totalOf(await agreedInvoice(f.escrow, invoiceId))).to.equal(max);
      });
    });
  });

  describe("openFundedInvoice", function () {
    it("opens and funds an invoice from the originator's tokens; no receivable, the supplier is paid", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoice = await invoiceOf(f);
      await f.stable.connect(f.originator).approve(f.escrowAddress, TOTAL);
      const byOriginator = f.escrow.connect(f.originator);
      const tx = byOriginator.openFundedInvoice(invoice);
      await expect(tx)
        .to.emit(f.escrow, "InvoiceProposed")
        .withArgs(1n, f.manufacturer.address, f.customer.address, invoiceTuple(invoice), TOTAL)
        .and.to.emit(f.escrow, "InvoiceFunded")
        .withArgs(1n, f.originator.address, TOTAL);
      await expect(tx).not.to.emit(f.escrow, "Transfer");
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.originator, f.customer, f.escrow],
        [-TOTAL, 0n, TOTAL],
      );
      await expect(f.escrow.ownerOf(1n))
        .to.be.revertedWithCustomError(f.escrow, "ERC721NonexistentToken")
        .withArgs(1n);
      expect(await f.escrow.payee(1n)).to.equal(f.manufacturer.address);
      await expectRecord(f, 1n, {
        termsHash: await f.escrow.hashInvoice(invoice),
        state: BigInt(InvoiceState.Funded),
        supplier: f.manufacturer.address,
        fundedLate: false,
        assigned: false,
      });
      expect((await agreedInvoice(f.escrow, 1n)).terms.payer).to.equal(f.customer.address);
      expect(await fundedAt(f.escrow, 1n)).to.equal(await minedAt(tx));
      expect(await owes(f, f.stable)).to.equal(TOTAL);
      await expectConserved(f.escrow, f.stable);
    });

    it("refuses a caller without ORIGINATOR_ROLE", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoice = await invoiceOf(f);
      for (const caller of [f.manufacturer, f.customer, f.governance]) {
        await expect(f.escrow.connect(caller).openFundedInvoice(invoice))
          .to.be.revertedWithCustomError(f.escrow, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, f.ORIGINATOR_ROLE);
      }
    });

    it("refuses a supplier that is not an active participant", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoice = await invoiceOf(f, {}, twoMilestones(), f.stranger);
      await expect(f.escrow.connect(f.originator).openFundedInvoice(invoice))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowNotAccredited")
        .withArgs(f.stranger.address, 255);
    });

    it("refuses a penalty per day without a cap", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoice = await invoiceOf(f, { penaltyCap: 0n });
      await expect(f.escrow.connect(f.manufacturer).proposeInvoice(invoice))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowPenaltyWithoutCap")
        .withArgs(invoice.terms.penaltyPerDay);
    });

    it("refuses the invoice's arbiter as the supplier or the payer (no party in any role)", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const byOriginator = f.escrow.connect(f.originator);
      const arbiterSupplies = await invoiceOf(f, {}, twoMilestones(), f.arbiter);
      await expect(byOriginator.openFundedInvoice(arbiterSupplies))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowArbiterIsParty")
        .withArgs(f.arbiter.address);
      const payerArbiter = await invoiceOf(f, { arbiter: f.customer.address });
      await expect(byOriginator.openFundedInvoice(payerArbiter))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowArbiterIsParty")
        .withArgs(f.customer.address);
    });

    it("checks the terms: a zero supplier, the payer as supplier", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoice = await invoiceOf(f);
      const byOriginator = f.escrow.connect(f.originator);
      // The zero address is no accredited participant: refused before the terms are read.
      await expect(byOriginator.openFundedInvoice({ ...invoice, supplier: ZERO_ADDRESS }))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowNotAccredited")
        .withArgs(ZERO_ADDRESS, 255);
      await expect(byOriginator.openFundedInvoice({ ...invoice, supplier: f.customer.address }))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowPayerIsSupplier")
        .withArgs(f.customer.address);
    });

    it("reverts as a whole when the originator has not approved the tokens", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      await expect(f.escrow.connect(f.originator).openFundedInvoice(await invoiceOf(f)))
        .to.be.revertedWithCustomError(f.stable, "ERC20InsufficientAllowance")
        .withArgs(f.escrowAddress, 0n, TOTAL);
      await expect(f.escrow.invoiceRecord(1n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownInvoice")
        .withArgs(1n);
    });
  });

  describe("fund", function () {
    it("locks the total and emits InvoiceFunded; mints no receivable", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await propose(f);
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      await f.stable.connect(f.customer).approve(f.escrowAddress, TOTAL);
      const tx = f.escrow.connect(f.customer).fund(invoiceId, invoice);
      await expect(tx)
        .to.emit(f.escrow, "InvoiceFunded")
        .withArgs(invoiceId, f.customer.address, TOTAL);
      await expect(tx).not.to.emit(f.escrow, "Transfer");
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, f.escrow, f.manufacturer],
        [-TOTAL, TOTAL, 0n],
      );
      await expect(f.escrow.ownerOf(invoiceId))
        .to.be.revertedWithCustomError(f.escrow, "ERC721NonexistentToken")
        .withArgs(invoiceId);
      expect(await f.escrow.balanceOf(f.manufacturer.address)).to.equal(0n);
      expect(await f.escrow.payee(invoiceId)).to.equal(f.manufacturer.address);
      expect(await owes(f, f.stable)).to.equal(TOTAL);
      await expectRecord(f, invoiceId, {
        state: BigInt(InvoiceState.Funded),
        openMilestones: 2n,
        fundedLate: false,
        payeePaid: false,
        assigned: false,
        milestoneStates: packedStates(MilestoneState.Pending, MilestoneState.Pending),
      });
      // Nothing released or refunded yet; funded in the block of the transaction.
      expect(await f.escrow.queryFilter(f.escrow.filters.MilestoneReleased(invoiceId))).to.be.empty;
      expect(await f.escrow.queryFilter(f.escrow.filters.MilestoneRefunded(invoiceId))).to.be.empty;
      expect(await fundedAt(f.escrow, invoiceId)).to.equal(await minedAt(tx));
      await expectConserved(f.escrow, f.stable);
    });

    it("adds up what the escrow owes over several invoices of the same token", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      await proposeAndFund(f);
      await proposeAndFund(f, {}, [approvalMilestone(USD(7n))]);
      expect(await owes(f, f.stable)).to.equal(TOTAL + USD(7n));
      expect(await f.stable.balanceOf(f.escrowAddress)).to.equal(TOTAL + USD(7n));
      await expectConserved(f.escrow, f.stable);
    });

    it("refuses anyone but the payer", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await propose(f);
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      for (const caller of [f.manufacturer, f.stranger, f.arbiter, f.financier]) {
        await expect(f.escrow.connect(caller).fund(invoiceId, invoice))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnauthorized")
          .withArgs(invoiceId, caller.address);
      }
    });

    it("refuses an unknown invoice and one already funded", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      await expect(f.escrow.connect(f.customer).fund(1n, await invoiceOf(f)))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownInvoice")
        .withArgs(1n);
      const invoiceId = await proposeAndFund(f);
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      await f.stable.connect(f.customer).approve(f.escrowAddress, TOTAL);
      await expect(f.escrow.connect(f.customer).fund(invoiceId, invoice))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongInvoiceState")
        .withArgs(invoiceId, InvoiceState.Funded, stateBitmap(InvoiceState.Proposed));
    });

    it("reverts without an allowance", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await propose(f);
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      await expect(f.escrow.connect(f.customer).fund(invoiceId, invoice))
        .to.be.revertedWithCustomError(f.stable, "ERC20InsufficientAllowance")
        .withArgs(f.escrowAddress, 0n, TOTAL);
    });

    it("refuses a fee-on-transfer token: InvoiceEscrowFundingShortfall(expected, received)", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await propose(f, { token: await f.feeToken.getAddress() });
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      await f.feeToken.connect(f.customer).approve(f.escrowAddress, TOTAL);
      const received = TOTAL - (TOTAL * FEE_BPS) / 10_000n;
      await expect(f.escrow.connect(f.customer).fund(invoiceId, invoice))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowFundingShortfall")
        .withArgs(TOTAL, received);
      await expectRecord(f, invoiceId, { state: BigInt(InvoiceState.Proposed) });
      expect(await owes(f, f.feeToken)).to.equal(0n);
      expect(await f.feeToken.balanceOf(f.escrowAddress)).to.equal(0n);
      await expectConserved(f.escrow, f.feeToken);
    });
  });

  describe("fundWithPermit", function () {
    /** A proposed invoice (the fixture's default) and its agreement. */
    async function proposed(f: InvoiceFixture) {
      const invoiceId = await propose(f);
      return { invoiceId, invoice: await agreedInvoice(f.escrow, invoiceId) };
    }

    it("funds with a signed EIP-2612 permit and no prior approval", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const { invoiceId, invoice } = await proposed(f);
      const deadline = f.start + BigInt(DAY);
      const { v, r, s } = await signPermit(f, TOTAL, deadline);
      expect(await f.stable.allowance(f.customer.address, f.escrowAddress)).to.equal(0n);
      const tx = f.escrow.connect(f.customer).fundWithPermit(invoiceId, invoice, deadline, v, r, s);
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
      expect(await f.escrow.payee(invoiceId)).to.equal(f.manufacturer.address);
      await expect(f.escrow.ownerOf(invoiceId))
        .to.be.revertedWithCustomError(f.escrow, "ERC721NonexistentToken")
        .withArgs(invoiceId);
      await expectConserved(f.escrow, f.stable);
    });

    it("still funds when someone else submitted the permit first (front-run)", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const { invoiceId, invoice } = await proposed(f);
      const deadline = f.start + BigInt(DAY);
      const { v, r, s } = await signPermit(f, TOTAL, deadline);
      await f.stable
        .connect(f.stranger)
        .permit(f.customer.address, f.escrowAddress, TOTAL, deadline, v, r, s);
      const tx = f.escrow.connect(f.customer).fundWithPermit(invoiceId, invoice, deadline, v, r, s);
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
      const { invoiceId, invoice } = await proposed(f);
      const deadline = f.start + BigInt(DAY);
      const { v, r, s } = await signPermit(f, TOTAL - 1n, deadline); // signed for another value
      await expect(
        f.escrow.connect(f.customer).fundWithPermit(invoiceId, invoice, deadline, v, r, s),
      )
        .to.be.revertedWithCustomError(f.stable, "ERC20InsufficientAllowance")
        .withArgs(f.escrowAddress, 0n, TOTAL);
    });

    it("refuses anyone but the payer, and an invoice not proposed", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const { invoiceId, invoice } = await proposed(f);
      const deadline = f.start + BigInt(DAY);
      const { v, r, s } = await signPermit(f, TOTAL, deadline);
      await expect(
        f.escrow.connect(f.stranger).fundWithPermit(invoiceId, invoice, deadline, v, r, s),
      )
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnauthorized")
        .withArgs(invoiceId, f.stranger.address);
      await f.escrow.connect(f.customer).cancel(invoiceId, invoice);
      await expect(
        f.escrow.connect(f.customer).fundWithPermit(invoiceId, invoice, deadline, v, r, s),
      )
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongInvoiceState")
        .withArgs(invoiceId, InvoiceState.Cancelled, stateBitmap(InvoiceState.Proposed));
    });
  });

  describe("cancel", function () {
    it("lets the supplier withdraw a proposed invoice", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await propose(f);
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      await expect(f.escrow.connect(f.manufacturer).cancel(invoiceId, invoice))
        .to.emit(f.escrow, "InvoiceCancelled")
        .withArgs(invoiceId, f.manufacturer.address);
      await expectRecord(f, invoiceId, { state: BigInt(InvoiceState.Cancelled) });
    });

    it("lets the payer decline a proposed invoice, which then cannot be funded", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await propose(f);
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      await expect(f.escrow.connect(f.customer).cancel(invoiceId, invoice))
        .to.emit(f.escrow, "InvoiceCancelled")
        .withArgs(invoiceId, f.customer.address);
      await f.stable.connect(f.customer).approve(f.escrowAddress, TOTAL);
      await expect(f.escrow.connect(f.customer).fund(invoiceId, invoice))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongInvoiceState")
        .withArgs(invoiceId, InvoiceState.Cancelled, stateBitmap(InvoiceState.Proposed));
      await expect(f.escrow.connect(f.manufacturer).cancel(invoiceId, invoice))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongInvoiceState")
        .withArgs(invoiceId, InvoiceState.Cancelled, stateBitmap(InvoiceState.Proposed));
    });

    it("refuses anyone else, a funded invoice and an unknown one", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await propose(f);
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      for (const caller of [f.stranger, f.arbiter, f.manufacturer2]) {
        await expect(f.escrow.connect(caller).cancel(invoiceId, invoice))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnauthorized")
          .withArgs(invoiceId, caller.address);
      }
      const funded = await proposeAndFund(f);
      const fundedInvoice = await agreedInvoice(f.escrow, funded);
      for (const caller of [f.customer, f.manufacturer]) {
        await expect(f.escrow.connect(caller).cancel(funded, fundedInvoice))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongInvoiceState")
          .withArgs(funded, InvoiceState.Funded, stateBitmap(InvoiceState.Proposed));
      }
      await expect(f.escrow.connect(f.customer).cancel(99n, invoice))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownInvoice")
        .withArgs(99n);
    });
  });

  describe("assignReceivable", function () {
    /** The fixture's default invoice, funded, and its agreement. */
    async function funded(f: InvoiceFixture) {
      const invoiceId = await proposeAndFund(f);
      return { invoiceId, invoice: await agreedInvoice(f.escrow, invoiceId) };
    }

    it("mints the receivable to the holder, who is paid from then on", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const { invoiceId, invoice } = await funded(f);
      const tx = f.escrow
        .connect(f.manufacturer)
        .assignReceivable(invoiceId, invoice, f.financier.address);
      await expect(tx)
        .to.emit(f.escrow, "ReceivableAssigned")
        .withArgs(invoiceId, f.financier.address)
        .and.to.emit(f.escrow, "Transfer")
        .withArgs(ZERO_ADDRESS, f.financier.address, invoiceId);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.manufacturer, f.financier, f.escrow],
        [0n, 0n, 0n],
      );
      expect(await f.escrow.ownerOf(invoiceId)).to.equal(f.financier.address);
      expect(await f.escrow.balanceOf(f.financier.address)).to.equal(1n);
      expect(await f.escrow.payee(invoiceId)).to.equal(f.financier.address);
      await expectRecord(f, invoiceId, {
        state: BigInt(InvoiceState.Funded),
        supplier: f.manufacturer.address,
        assigned: true,
        payeePaid: false,
      });
      const approval = f.escrow.connect(f.customer).approveMilestone(invoiceId, invoice, 0n);
      await expect(approval)
        .to.emit(f.escrow, "MilestoneReleased")
        .withArgs(invoiceId, 0n, f.financier.address, APPROVAL_AMOUNT, 0n);
      await expect(approval).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.financier, f.manufacturer, f.escrow],
        [APPROVAL_AMOUNT, 0n, -APPROVAL_AMOUNT],
      );
      await expectConserved(f.escrow, f.stable);
    });

    it("lets the supplier assign it to itself, the payer's side unchanged", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const { invoiceId, invoice } = await funded(f);
      await expect(
        f.escrow
          .connect(f.manufacturer)
          .assignReceivable(invoiceId, invoice, f.manufacturer.address),
      )
        .to.emit(f.escrow, "ReceivableAssigned")
        .withArgs(invoiceId, f.manufacturer.address);
      expect(await f.escrow.ownerOf(invoiceId)).to.equal(f.manufacturer.address);
      expect(await f.escrow.payee(invoiceId)).to.equal(f.manufacturer.address);
    });

    it("refuses anyone but the supplier: InvoiceEscrowUnauthorized", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const { invoiceId, invoice } = await funded(f);
      for (const caller of [f.customer, f.financier, f.arbiter, f.manufacturer2, f.originator]) {
        await expect(f.escrow.connect(caller).assignReceivable(invoiceId, invoice, caller.address))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnauthorized")
          .withArgs(invoiceId, caller.address);
      }
      expect(await f.escrow.payee(invoiceId)).to.equal(f.manufacturer.address);
    });

    it("assigns once: a second assignment names the holder (InvoiceEscrowReceivableAssigned)", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const { invoiceId, invoice } = await funded(f);
      const byMaker = f.escrow.connect(f.manufacturer);
      await byMaker.assignReceivable(invoiceId, invoice, f.financier.address);
      for (const holder of [f.financier.address, f.manufacturer.address, f.stranger.address]) {
        await expect(byMaker.assignReceivable(invoiceId, invoice, holder))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowReceivableAssigned")
          .withArgs(invoiceId, f.financier.address);
      }
      // Sold on: the error names whoever holds it now.
      await f.escrow
        .connect(f.financier)
        .transferFrom(f.financier.address, f.stranger.address, invoiceId);
      await expect(byMaker.assignReceivable(invoiceId, invoice, f.manufacturer.address))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowReceivableAssigned")
        .withArgs(invoiceId, f.stranger.address);
    });

    it("refuses the invoice's arbiter as holder: InvoiceEscrowReceivableToArbiter", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const { invoiceId, invoice } = await funded(f);
      await expect(
        f.escrow.connect(f.manufacturer).assignReceivable(invoiceId, invoice, f.arbiter.address),
      )
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowReceivableToArbiter")
        .withArgs(invoiceId, f.arbiter.address);
      await expectRecord(f, invoiceId, { assigned: false });
      expect(await f.escrow.payee(invoiceId)).to.equal(f.manufacturer.address);
    });

    it("refuses the escrow itself, where payments would be lost, at assignment and after", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const { invoiceId, invoice } = await funded(f);
      const byMaker = f.escrow.connect(f.manufacturer);
      await expect(byMaker.assignReceivable(invoiceId, invoice, f.escrowAddress))
        .to.be.revertedWithCustomError(f.escrow, "ERC721InvalidReceiver")
        .withArgs(f.escrowAddress);
      await byMaker.assignReceivable(invoiceId, invoice, f.manufacturer.address);
      await expect(byMaker.transferFrom(f.manufacturer.address, f.escrowAddress, invoiceId))
        .to.be.revertedWithCustomError(f.escrow, "ERC721InvalidReceiver")
        .withArgs(f.escrowAddress);
    });

    it("refuses the zero address and a contract that does not take ERC-721 tokens", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const { invoiceId, invoice } = await funded(f);
      const byMaker = f.escrow.connect(f.manufacturer);
      await expect(byMaker.assignReceivable(invoiceId, invoice, ZERO_ADDRESS))
        .to.be.revertedWithCustomError(f.escrow, "ERC721InvalidReceiver")
        .withArgs(ZERO_ADDRESS);
      const token = await f.stable.getAddress();
      await expect(byMaker.assignReceivable(invoiceId, invoice, token))
        .to.be.revertedWithCustomError(f.escrow, "ERC721InvalidReceiver")
        .withArgs(token);
      await expectRecord(f, invoiceId, { assigned: false });
    });

    it("refuses an invoice that is not funded: proposed, cancelled or settled", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const byMaker = f.escrow.connect(f.manufacturer);
      const proposedId = await propose(f);
      const proposedInvoice = await agreedInvoice(f.escrow, proposedId);
      await expect(byMaker.assignReceivable(proposedId, proposedInvoice, f.financier.address))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongInvoiceState")
        .withArgs(proposedId, InvoiceState.Proposed, stateBitmap(InvoiceState.Funded));
      await byMaker.cancel(proposedId, proposedInvoice);
      await expect(byMaker.assignReceivable(proposedId, proposedInvoice, f.financier.address))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongInvoiceState")
        .withArgs(proposedId, InvoiceState.Cancelled, stateBitmap(InvoiceState.Funded));
      const settledId = await proposeAndFund(f, {}, [approvalMilestone()]);
      const settled = await agreedInvoice(f.escrow, settledId);
      await f.escrow.connect(f.customer).approveMilestone(settledId, settled, 0n);
      await expect(byMaker.assignReceivable(settledId, settled, f.financier.address))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongInvoiceState")
        .withArgs(settledId, InvoiceState.Settled, stateBitmap(InvoiceState.Funded));
      await expect(byMaker.assignReceivable(99n, settled, f.financier.address))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownInvoice")
        .withArgs(99n);
    });
  });

  describe("payee", function () {
    it("is the supplier until the receivable is assigned, then whoever holds it", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await propose(f);
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      expect(await f.escrow.payee(invoiceId)).to.equal(f.manufacturer.address);
      await f.stable.connect(f.customer).approve(f.escrowAddress, TOTAL);
      await f.escrow.connect(f.customer).fund(invoiceId, invoice);
      expect(await f.escrow.payee(invoiceId)).to.equal(f.manufacturer.address);
      // A part-paid invoice: still the supplier until assigned.
      await f.escrow.connect(f.customer).approveMilestone(invoiceId, invoice, 0n);
      expect(await f.escrow.payee(invoiceId)).to.equal(f.manufacturer.address);
      await f.escrow
        .connect(f.manufacturer)
        .assignReceivable(invoiceId, invoice, f.financier.address);
      expect(await f.escrow.payee(invoiceId)).to.equal(f.financier.address);
      await f.escrow
        .connect(f.financier)
        .transferFrom(f.financier.address, f.otherArbiter.address, invoiceId);
      expect(await f.escrow.payee(invoiceId)).to.equal(f.otherArbiter.address);
      expect(await f.escrow.ownerOf(invoiceId)).to.equal(f.otherArbiter.address);
    });

    it("is the supplier of an invoice opened funded by the originator", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoice = await invoiceOf(f, {}, twoMilestones(), f.manufacturer2);
      await f.stable.connect(f.originator).approve(f.escrowAddress, TOTAL);
      await f.escrow.connect(f.originator).openFundedInvoice(invoice);
      expect(await f.escrow.payee(1n)).to.equal(f.manufacturer2.address);
    });
  });

  describe("the agreement passed back", function () {
    /** The calls before milestones, each with `passed` in place of the agreed invoice. */
    const actions: {
      name: string;
      /** Proposed (default) or funded: the state in which the right call would pass. */
      funded?: boolean;
      call: (
        f: InvoiceFixture,
        invoiceId: bigint,
        passed: Awaited<ReturnType<typeof agreedInvoice>>,
      ) => Promise<unknown>;
    }[] = [
      {
        name: "fund",
        call: async (f, invoiceId, passed) => {
          await f.stable.connect(f.customer).approve(f.escrowAddress, TOTAL);
          return f.escrow.connect(f.customer).fund(invoiceId, passed);
        },
      },
      {
        name: "fundWithPermit",
        call: async (f, invoiceId, passed) => {
          const deadline = f.start + BigInt(DAY);
          const { v, r, s } = await signPermit(f, TOTAL, deadline);
          return f.escrow.connect(f.customer).fundWithPermit(invoiceId, passed, deadline, v, r, s);
        },
      },
      {
        name: "cancel",
        call: (f, invoiceId, passed) => f.escrow.connect(f.manufacturer).cancel(invoiceId, passed),
      },
      {
        name: "assignReceivable",
        funded: true,
        call: (f, invoiceId, passed) =>
          f.escrow.connect(f.manufacturer).assignReceivable(invoiceId, passed, f.financier.address),
      },
    ];
    for (const { name, funded, call } of actions) {
      it(`${name} refuses an invoice that is not the agreed one: InvoiceEscrowWrongTerms(id, stored, given)`, async function () {
        const f = await loadFixture(deployInvoiceFixture);
        const invoiceId = funded === true ? await proposeAndFund(f) : await propose(f);
        const agreed = await agreedInvoice(f.escrow, invoiceId);
        const stored = await f.escrow.hashInvoice(agreed);
        expect((await f.escrow.invoiceRecord(invoiceId)).termsHash).to.equal(stored);
        for (const [what, passed] of tamperedInvoices(agreed, f.stranger.address)) {
          const given = await f.escrow.hashInvoice(passed);
          expect(given, what).not.to.equal(stored);
          await expect(call(f, invoiceId, passed), what)
            .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongTerms")
            .withArgs(invoiceId, stored, given);
        }
        // The agreed invoice goes through: only the terms were wrong.
        await expect(call(f, invoiceId, agreed)).not.to.revert(ethers);
      });
    }

    it("refuses another invoice's agreement, and checks the terms before the caller", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const first = await propose(f);
      const second = await propose(f, {}, [approvalMilestone(USD(5n))]);
      const firstInvoice = await agreedInvoice(f.escrow, first);
      const secondInvoice = await agreedInvoice(f.escrow, second);
      // A stranger with the wrong terms hears about the terms, not about who may call.
      await expect(f.escrow.connect(f.stranger).cancel(first, secondInvoice))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongTerms")
        .withArgs(
          first,
          await f.escrow.hashInvoice(firstInvoice),
          await f.escrow.hashInvoice(secondInvoice),
        );
      await expect(f.escrow.connect(f.customer).fund(second, firstInvoice))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongTerms")
        .withArgs(
          second,
          await f.escrow.hashInvoice(secondInvoice),
          await f.escrow.hashInvoice(firstInvoice),
        );
    });
  });
});
