import { expect } from "chai";
import { AbiCoder, keccak256, MaxUint256 } from "ethers";
import { network } from "hardhat";
import {
  ACCEPTANCE_WINDOW,
  APPROVAL_AMOUNT,
  approvalMilestone,
  conformingParts,
  DAY,
  DELIVERY_AMOUNT,
  deliveryMilestone,
  deployInvoiceFixture,
  encodedError,
  expectConserved,
  GRACE_PERIOD,
  INVOICE_SPEC,
  InvoiceState,
  MilestoneState,
  PENALTY_PER_DAY,
  propose,
  RULING_PERIOD,
  proposeAndFund,
  QUANTITY,
  REASON,
  TOTAL,
  USD,
  ZERO_ADDRESS,
  type InvoiceFixture,
} from "./fixture.js";
import { agreedInvoice, escrowOwes } from "../helpers/agreements.js";
import { docHash, input, KG, Kind, make, MATERIAL, SCHEME } from "../provenance/fixture.js";
import { stateBitmap } from "../helpers/roles.js";
import type { IInvoiceEscrow, InvoiceEscrow } from "../../src/typechain/index.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

type Invoice = IInvoiceEscrow.InvoiceStruct;

/** `IInvoiceEscrow.Invoice` as an ABI type: the escrow stores `keccak256(abi.encode(invoice))`. */
const INVOICE_ABI =
  "tuple(address supplier, tuple(address payer, address token, uint48 dueDate, " +
  "uint32 acceptanceWindow, uint32 gracePeriod, uint32 rulingPeriod, address arbiter, " +
  "uint96 penaltyPerDay, uint96 penaltyCap) terms, " +
  "tuple(uint128 amount, uint8 kind, uint16 quantity, bytes32 specHash)[] milestones)";

/** The hash of `invoice`, reckoned by the test (not by the escrow's `hashInvoice`). */
function hashOf(invoice: Invoice): string {
  return keccak256(AbiCoder.defaultAbiCoder().encode([INVOICE_ABI], [invoice]));
}

/** A deep copy of `invoice` with `change` applied to it. */
function doctored(invoice: Invoice, change: (copy: Invoice) => void): Invoice {
  const copy = structuredClone(invoice);
  change(copy);
  return copy;
}

/**
 * Expects `call` to be refused with `InvoiceEscrowWrongTerms(invoiceId, stored, given)`: the
 * stored hash of what was agreed, and the hash of the invoice the call passed.
 */
async function expectWrongTerms(
  escrow: InvoiceEscrow,
  call: Promise<unknown>,
  invoiceId: bigint,
  agreed: Invoice,
  given: Invoice,
): Promise<void> {
  expect(hashOf(given)).to.not.equal(hashOf(agreed));
  await expect(call)
    .to.be.revertedWithCustomError(escrow, "InvoiceEscrowWrongTerms")
    .withArgs(invoiceId, hashOf(agreed), hashOf(given));
}

/**
 * A conforming housing assembly (of the invoice's specification) holding a bracket holding an
 * insert, the grandchild, made from batch `insertBatch`; approved to the escrow.
 */
async function housingAssembly(
  f: InvoiceFixture,
  insertBatch: number | bigint,
): Promise<{ housing: bigint; insert: bigint }> {
  const byMaker = f.parts.connect(f.manufacturer);
  await byMaker.defineSpecification(docHash("spec:insert"), 0n);
  const insert = await make(f.parts, f.manufacturer, "insert-1", {
    spec: docHash("spec:insert"),
    inputs: [input(insertBatch, 1)],
  });
  const bracket = await make(f.parts, f.manufacturer, "bracket-1", {
    spec: docHash("spec:insert"),
    children: [insert],
  });
  const housing = await make(f.parts, f.manufacturer, "housing-H2-assy", {
    spec: INVOICE_SPEC,
    inputs: [input(f.mfgBatch, 1)],
    children: [bracket],
  });
  await f.parts.connect(f.testLab).attest(housing, Kind.Test, REASON, true);
  await byMaker.approve(f.escrowAddress, housing);
  expect(await f.parts.isConforming(housing)).to.equal(true);
  return { housing, insert };
}

/** What the reentrancy guard answers a nested call. */
function reentrantCallError(f: InvoiceFixture): string {
  return encodedError(f.escrow, "ReentrancyGuardReentrantCall");
}

/** Expects the reentrant token's last callback to have been refused by the escrow's guard. */
async function expectGuardRefused(f: InvoiceFixture): Promise<void> {
  expect(await f.reentrant.lastCallSucceeded()).to.equal(false);
  expect(await f.reentrant.lastReturnData()).to.equal(reentrantCallError(f));
  expect(await f.reentrant.armed()).to.equal(false);
}

describe("InvoiceEscrow: attacks", function () {
  describe("reentrancy through the token", function () {
    it("a callback during funding cannot enter the escrow", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const token = await f.reentrant.getAddress();
      const invoiceId = await propose(f, { token });
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      await f.reentrant.connect(f.customer).approve(f.escrowAddress, TOTAL);
      const nested = f.escrow.interface.encodeFunctionData("approveMilestone", [
        invoiceId,
        invoice,
        0n,
      ]);
      await f.reentrant.arm(f.escrowAddress, nested);
      const tx = f.escrow.connect(f.customer).fund(invoiceId, invoice);
      await expect(tx)
        .to.emit(f.reentrant, "ReentryAttempted")
        .withArgs(f.escrowAddress, false, reentrantCallError(f))
        .and.to.emit(f.escrow, "InvoiceFunded")
        .withArgs(invoiceId, f.customer.address, TOTAL);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.reentrant,
        [f.customer, f.manufacturer, f.escrow],
        [-TOTAL, 0n, TOTAL],
      );
      await expectGuardRefused(f);
      expect((await f.escrow.milestone(invoiceId, 0n)).state).to.equal(
        BigInt(MilestoneState.Pending),
      );
      expect(await escrowOwes(f.escrow, token)).to.equal(TOTAL);
      await expectConserved(f.escrow, f.reentrant);
    });

    it("a callback during a payout cannot claim another milestone in the same call", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const token = await f.reentrant.getAddress();
      const invoiceId = await proposeAndFund(f, { token }, [
        deliveryMilestone(USD(1_000n)),
        deliveryMilestone(USD(2_000n)),
        deliveryMilestone(USD(3_000n)),
      ]);
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      const byMaker = f.escrow.connect(f.manufacturer);
      await byMaker.deliver(invoiceId, invoice, 0n, conformingParts(f, QUANTITY, 0));
      await byMaker.deliver(invoiceId, invoice, 1n, conformingParts(f, QUANTITY, QUANTITY));
      await time.increase(ACCEPTANCE_WINDOW);
      // Without the guard the nested claim would succeed: anyone may claim milestone 1 now.
      const nested = f.escrow.interface.encodeFunctionData("claim", [invoiceId, invoice, 1n]);
      await f.reentrant.arm(f.escrowAddress, nested);
      const tx = f.escrow.connect(f.stranger).claim(invoiceId, invoice, 0n);
      await expect(tx)
        .to.emit(f.escrow, "MilestoneReleased")
        .withArgs(invoiceId, 0n, f.manufacturer.address, USD(1_000n), 0n);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.reentrant,
        [f.manufacturer, f.escrow],
        [USD(1_000n), -USD(1_000n)],
      );
      await expectGuardRefused(f);
      expect((await f.escrow.milestone(invoiceId, 1n)).state).to.equal(
        BigInt(MilestoneState.Delivered),
      );
      await expectConserved(f.escrow, f.reentrant);
      // Outside the payout, the same claim goes through once.
      await expect(
        f.escrow.connect(f.stranger).claim(invoiceId, invoice, 1n),
      ).to.changeTokenBalances(
        ethers,
        f.reentrant,
        [f.manufacturer, f.escrow],
        [USD(2_000n), -USD(2_000n)],
      );
      await expectConserved(f.escrow, f.reentrant);
    });

    for (const nestedCall of ["approveMilestone", "withdraw"] as const) {
      it(`a callback during an approval payout cannot call ${nestedCall}`, async function () {
        const f = await loadFixture(deployInvoiceFixture);
        const token = await f.reentrant.getAddress();
        const invoiceId = await proposeAndFund(f, { token });
        const invoice = await agreedInvoice(f.escrow, invoiceId);
        const nested =
          nestedCall === "approveMilestone"
            ? f.escrow.interface.encodeFunctionData("approveMilestone", [invoiceId, invoice, 0n])
            : f.escrow.interface.encodeFunctionData("withdraw", [
                invoiceId,
                invoice,
                f.stranger.address,
              ]);
        await f.reentrant.arm(f.escrowAddress, nested);
        const tx = f.escrow.connect(f.customer).approveMilestone(invoiceId, invoice, 0n);
        await expect(tx)
          .to.emit(f.escrow, "MilestoneReleased")
          .withArgs(invoiceId, 0n, f.manufacturer.address, APPROVAL_AMOUNT, 0n);
        await expect(tx).to.changeTokenBalances(
          ethers,
          f.reentrant,
          [f.manufacturer, f.customer, f.stranger, f.escrow],
          [APPROVAL_AMOUNT, 0n, 0n, -APPROVAL_AMOUNT],
        );
        await expectGuardRefused(f);
        expect(await escrowOwes(f.escrow, token)).to.equal(DELIVERY_AMOUNT);
        await expectConserved(f.escrow, f.reentrant);
      });
    }

    it("a callback during a refund cannot reclaim again", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const token = await f.reentrant.getAddress();
      const invoiceId = await proposeAndFund(f, { token });
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      await time.increaseTo(f.dueDate + BigInt(GRACE_PERIOD));
      await f.reentrant.arm(
        f.escrowAddress,
        f.escrow.interface.encodeFunctionData("reclaim", [invoiceId, invoice]),
      );
      const tx = f.escrow.connect(f.stranger).reclaim(invoiceId, invoice);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.reentrant,
        [f.customer, f.escrow],
        [TOTAL, -TOTAL],
      );
      await expectGuardRefused(f);
      expect(await escrowOwes(f.escrow, token)).to.equal(0n);
      await expectConserved(f.escrow, f.reentrant);
    });
  });

  describe("a blocklisted payee", function () {
    /** A blocklist-token invoice, paid at delivery, whose supplier is then blocklisted. */
    async function blocklistedPayeeFixture(connection: Parameters<typeof deployInvoiceFixture>[0]) {
      const f = await deployInvoiceFixture(connection);
      const token = await f.blocklistToken.getAddress();
      const invoiceId = await proposeAndFund(f, { token, acceptanceWindow: 0n });
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      await f.blocklistToken.blocklist(f.manufacturer.address);
      return { ...f, token, invoiceId, invoice };
    }

    it("does not block the payer's penalty refund: the payee's share is credited", async function () {
      const f = await loadFixture(blocklistedPayeeFixture);
      await time.setNextBlockTimestamp(f.dueDate + 2n * BigInt(DAY));
      const penalty = 2n * PENALTY_PER_DAY;
      const share = DELIVERY_AMOUNT - penalty;
      const tx = f.escrow
        .connect(f.manufacturer)
        .deliver(f.invoiceId, f.invoice, 1n, conformingParts(f));
      await expect(tx)
        .to.emit(f.escrow, "MilestoneReleased")
        .withArgs(f.invoiceId, 1n, f.manufacturer.address, share, penalty)
        .and.to.emit(f.escrow, "PaymentDeferred")
        .withArgs(f.invoiceId, f.token, f.manufacturer.address, share);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.blocklistToken,
        [f.manufacturer, f.customer, f.escrow],
        [0n, penalty, -penalty],
      );
      expect(await f.escrow.owed(f.invoiceId, f.manufacturer.address)).to.equal(share);
      expect(await f.escrow.owed(f.invoiceId, f.customer.address)).to.equal(0n);
      // The credit is still owed: liabilities only dropped by what was actually paid.
      expect(await escrowOwes(f.escrow, f.token)).to.equal(TOTAL - penalty);
      await expectConserved(f.escrow, f.blocklistToken);
    });

    it("does not block the payer's share of a ruling", async function () {
      const f = await loadFixture(blocklistedPayeeFixture);
      await f.escrow.connect(f.manufacturer).dispute(f.invoiceId, f.invoice, 0n, REASON);
      const toPayee = USD(1_500n);
      const toPayer = APPROVAL_AMOUNT - toPayee;
      const tx = f.escrow.connect(f.arbiter).rule(f.invoiceId, f.invoice, 0n, toPayee);
      await expect(tx)
        .to.emit(f.escrow, "PaymentDeferred")
        .withArgs(f.invoiceId, f.token, f.manufacturer.address, toPayee);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.blocklistToken,
        [f.manufacturer, f.customer, f.escrow],
        [0n, toPayer, -toPayer],
      );
      expect(await f.escrow.owed(f.invoiceId, f.manufacturer.address)).to.equal(toPayee);
      expect(await escrowOwes(f.escrow, f.token)).to.equal(TOTAL - toPayer);
      await expectConserved(f.escrow, f.blocklistToken);
    });

    it("withdraws the credit later to another address, once; never to zero", async function () {
      const f = await loadFixture(blocklistedPayeeFixture);
      await f.escrow.connect(f.customer).approveMilestone(f.invoiceId, f.invoice, 0n);
      expect(await f.escrow.owed(f.invoiceId, f.manufacturer.address)).to.equal(APPROVAL_AMOUNT);
      const byMaker = f.escrow.connect(f.manufacturer);
      // To itself it still cannot receive: the token's refusal bubbles, the credit stays.
      await expect(byMaker.withdraw(f.invoiceId, f.invoice, f.manufacturer.address))
        .to.be.revertedWithCustomError(f.blocklistToken, "BlocklistTokenMockBlocked")
        .withArgs(f.manufacturer.address);
      await expect(
        byMaker.withdraw(f.invoiceId, f.invoice, ZERO_ADDRESS),
      ).to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowZeroRecipient");
      const tx = byMaker.withdraw(f.invoiceId, f.invoice, f.manufacturer2.address);
      await expect(tx)
        .to.emit(f.escrow, "Withdrawn")
        .withArgs(
          f.invoiceId,
          f.token,
          f.manufacturer.address,
          f.manufacturer2.address,
          APPROVAL_AMOUNT,
        );
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.blocklistToken,
        [f.manufacturer2, f.escrow],
        [APPROVAL_AMOUNT, -APPROVAL_AMOUNT],
      );
      expect(await f.escrow.owed(f.invoiceId, f.manufacturer.address)).to.equal(0n);
      expect(await escrowOwes(f.escrow, f.token)).to.equal(DELIVERY_AMOUNT);
      await expectConserved(f.escrow, f.blocklistToken);
      await expect(byMaker.withdraw(f.invoiceId, f.invoice, f.manufacturer2.address))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowNothingToWithdraw")
        .withArgs(f.invoiceId, f.manufacturer.address);
    });

    it("withdraw with nothing credited is refused, whatever the destination", async function () {
      const f = await loadFixture(blocklistedPayeeFixture);
      for (const to of [f.stranger.address, ZERO_ADDRESS]) {
        await expect(f.escrow.connect(f.stranger).withdraw(f.invoiceId, f.invoice, to))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowNothingToWithdraw")
          .withArgs(f.invoiceId, f.stranger.address);
      }
      await expect(
        f.escrow.connect(f.stranger).withdraw(f.invoiceId + 1n, f.invoice, f.stranger.address),
      )
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownInvoice")
        .withArgs(f.invoiceId + 1n);
    });

    it("a blocklisted payer's refund is credited too, and the payee is still paid", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const token = await f.blocklistToken.getAddress();
      const invoiceId = await proposeAndFund(f, { token });
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      await f.blocklistToken.blocklist(f.customer.address);
      const approval = f.escrow.connect(f.customer).approveMilestone(invoiceId, invoice, 0n);
      await expect(approval)
        .to.emit(f.escrow, "MilestoneReleased")
        .withArgs(invoiceId, 0n, f.manufacturer.address, APPROVAL_AMOUNT, 0n);
      await expect(approval).to.changeTokenBalances(
        ethers,
        f.blocklistToken,
        [f.manufacturer, f.escrow],
        [APPROVAL_AMOUNT, -APPROVAL_AMOUNT],
      );
      await time.increaseTo(f.dueDate + BigInt(GRACE_PERIOD));
      const tx = f.escrow.connect(f.stranger).reclaim(invoiceId, invoice);
      await expect(tx)
        .to.emit(f.escrow, "PaymentDeferred")
        .withArgs(invoiceId, token, f.customer.address, DELIVERY_AMOUNT)
        .and.to.emit(f.escrow, "MilestoneRefunded")
        .withArgs(invoiceId, 1n, DELIVERY_AMOUNT)
        .and.to.emit(f.escrow, "InvoiceSettled")
        .withArgs(invoiceId);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.blocklistToken,
        [f.customer, f.escrow],
        [0n, 0n],
      );
      expect(await f.escrow.owed(invoiceId, f.customer.address)).to.equal(DELIVERY_AMOUNT);
      expect(await escrowOwes(f.escrow, token)).to.equal(DELIVERY_AMOUNT);
      await expectConserved(f.escrow, f.blocklistToken);
      await f.blocklistToken.unblocklist(f.customer.address);
      await expect(
        f.escrow.connect(f.customer).withdraw(invoiceId, invoice, f.customer.address),
      ).to.changeTokenBalances(
        ethers,
        f.blocklistToken,
        [f.customer, f.escrow],
        [DELIVERY_AMOUNT, -DELIVERY_AMOUNT],
      );
      expect(await escrowOwes(f.escrow, token)).to.equal(0n);
      await expectConserved(f.escrow, f.blocklistToken);
    });
  });

  describe("double release", function () {
    it("an approval cannot be paid twice", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await proposeAndFund(f);
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      await expect(
        f.escrow.connect(f.customer).approveMilestone(invoiceId, invoice, 0n),
      ).to.changeTokenBalances(ethers, f.stable, [f.manufacturer], [APPROVAL_AMOUNT]);
      await expect(f.escrow.connect(f.customer).approveMilestone(invoiceId, invoice, 0n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(invoiceId, 0n, MilestoneState.Released, stateBitmap(MilestoneState.Pending));
      await expect(f.escrow.connect(f.customer).dispute(invoiceId, invoice, 0n, REASON))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(
          invoiceId,
          0n,
          MilestoneState.Released,
          stateBitmap(MilestoneState.Pending, MilestoneState.Delivered),
        );
      expect(await escrowOwes(f.escrow, await f.stable.getAddress())).to.equal(DELIVERY_AMOUNT);
      await expectConserved(f.escrow, f.stable);
    });

    it("a held delivery cannot be claimed twice, nor accepted after a claim, nor delivered again", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await proposeAndFund(f);
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      await f.escrow.connect(f.manufacturer).deliver(invoiceId, invoice, 1n, conformingParts(f));
      await time.increase(ACCEPTANCE_WINDOW);
      await expect(f.escrow.claim(invoiceId, invoice, 1n)).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.manufacturer],
        [DELIVERY_AMOUNT],
      );
      await expect(f.escrow.claim(invoiceId, invoice, 1n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(invoiceId, 1n, MilestoneState.Released, stateBitmap(MilestoneState.Delivered));
      await expect(f.escrow.connect(f.customer).acceptDelivery(invoiceId, invoice, 1n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(invoiceId, 1n, MilestoneState.Released, stateBitmap(MilestoneState.Delivered));
      await expect(
        f.escrow
          .connect(f.manufacturer)
          .deliver(invoiceId, invoice, 1n, conformingParts(f, QUANTITY, QUANTITY)),
      )
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(invoiceId, 1n, MilestoneState.Released, stateBitmap(MilestoneState.Pending));
      expect(await escrowOwes(f.escrow, await f.stable.getAddress())).to.equal(APPROVAL_AMOUNT);
      await expectConserved(f.escrow, f.stable);
    });

    it("an accepted delivery cannot be claimed", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await proposeAndFund(f);
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      await f.escrow.connect(f.manufacturer).deliver(invoiceId, invoice, 1n, conformingParts(f));
      await f.escrow.connect(f.customer).acceptDelivery(invoiceId, invoice, 1n);
      await time.increase(ACCEPTANCE_WINDOW);
      await expect(f.escrow.claim(invoiceId, invoice, 1n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(invoiceId, 1n, MilestoneState.Released, stateBitmap(MilestoneState.Delivered));
      await expectConserved(f.escrow, f.stable);
    });
  });

  describe("a delivery of parts that are not the supplier's to deliver", function () {
    it("refuses someone else's part, even when its holder approved the escrow", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await proposeAndFund(f);
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      await f.parts.connect(f.manufacturer2).setApprovalForAll(f.escrowAddress, true);
      const partIds = [...conformingParts(f, QUANTITY - 1), f.foreignPart];
      await expect(f.escrow.connect(f.manufacturer).deliver(invoiceId, invoice, 1n, partIds))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowPartNotAcceptable")
        .withArgs(f.foreignPart);
      expect(await f.parts.ownerOf(f.foreignPart)).to.equal(f.manufacturer2.address);
      // Nor can the part's holder deliver against an invoice that is not theirs.
      await expect(f.escrow.connect(f.manufacturer2).deliver(invoiceId, invoice, 1n, partIds))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnauthorized")
        .withArgs(invoiceId, f.manufacturer2.address);
    });

    it("refuses a part the payer already holds", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await proposeAndFund(f, {}, [
        deliveryMilestone(USD(1_000n)),
        deliveryMilestone(USD(1_000n)),
      ]);
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      const first = conformingParts(f);
      await f.escrow.connect(f.manufacturer).deliver(invoiceId, invoice, 0n, first);
      await expect(f.escrow.connect(f.manufacturer).deliver(invoiceId, invoice, 1n, first))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowPartNotAcceptable")
        .withArgs(first[0]);
    });

    it("refuses a non-conforming part, a part of another spec and a recalled part", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await proposeAndFund(f);
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      const byMaker = f.escrow.connect(f.manufacturer);
      const good = conformingParts(f, QUANTITY - 1);
      for (const bad of [f.nonConformingPart, f.otherSpecPart]) {
        await expect(byMaker.deliver(invoiceId, invoice, 1n, [...good, bad]))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowPartNotAcceptable")
          .withArgs(bad);
      }
      await f.parts.connect(f.producer).recallBatch(f.rootBatch, REASON);
      await expect(byMaker.deliver(invoiceId, invoice, 1n, conformingParts(f)))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowPartNotAcceptable")
        .withArgs(good[0]);
      await expectConserved(f.escrow, f.stable);
    });

    it("refuses an assembly with recalled material two levels down, and pays once it is lifted", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await proposeAndFund(f);
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      // Other material (root batch 3, the manufacturer's portion batch 4) for the insert only.
      await f.parts
        .connect(f.producer)
        .registerBatch(MATERIAL, 100n, KG, [SCHEME], docHash("mill-certificate:heat-4712"));
      await f.parts.connect(f.producer).transferBatch(3, f.manufacturer.address, 10n);
      const { housing } = await housingAssembly(f, 4);

      await f.parts.connect(f.producer).recallBatch(3, REASON);
      expect([
        await f.parts.isConforming(housing),
        await f.parts.isRecalled(housing),
      ]).to.deep.equal([false, true]);
      const delivery = [...conformingParts(f, QUANTITY - 1), housing];
      await expect(f.escrow.connect(f.manufacturer).deliver(invoiceId, invoice, 1n, delivery))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowPartNotAcceptable")
        .withArgs(housing);
      expect(await f.parts.ownerOf(housing)).to.equal(f.manufacturer.address);

      await f.parts.connect(f.registrar).liftRecall(4, REASON);
      await expect(
        f.escrow.connect(f.manufacturer).deliver(invoiceId, invoice, 1n, delivery),
      ).to.emit(f.escrow, "Delivered");
      expect(await f.parts.ownerOf(housing)).to.equal(f.customer.address);
      await expectConserved(f.escrow, f.stable);
    });
  });

  describe("an assembly holding a quarantined part at any depth", function () {
    for (const window of [BigInt(ACCEPTANCE_WINDOW), 0n]) {
      const settlement = window === 0n ? "paid at delivery" : "held for acceptance";
      it(`is never paid for while a registrar quarantines a grandchild (${settlement})`, async function () {
        const f = await loadFixture(deployInvoiceFixture);
        const invoiceId = await proposeAndFund(f, { acceptanceWindow: window });
        const invoice = await agreedInvoice(f.escrow, invoiceId);
        const { housing, insert } = await housingAssembly(f, f.mfgBatch);
        await f.parts.connect(f.registrar).quarantine(insert, REASON);
        expect(await f.parts.isConforming(housing)).to.equal(false);
        const delivery = [...conformingParts(f, QUANTITY - 1), housing];
        await expect(f.escrow.connect(f.manufacturer).deliver(invoiceId, invoice, 1n, delivery))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowPartNotAcceptable")
          .withArgs(housing);
        expect(await f.parts.ownerOf(housing)).to.equal(f.manufacturer.address);
        expect(await escrowOwes(f.escrow, await f.stable.getAddress())).to.equal(TOTAL);

        // Released by the registrar, the same delivery goes through.
        await f.parts.connect(f.registrar).release(insert, REASON);
        const tx = f.escrow.connect(f.manufacturer).deliver(invoiceId, invoice, 1n, delivery);
        await expect(tx).to.emit(f.escrow, "Delivered");
        await expect(tx).to.changeTokenBalances(
          ethers,
          f.stable,
          [f.manufacturer, f.escrow],
          window === 0n ? [DELIVERY_AMOUNT, -DELIVERY_AMOUNT] : [0n, 0n],
        );
        expect(await f.parts.ownerOf(housing)).to.equal(f.customer.address);
        await expectConserved(f.escrow, f.stable);
      });
    }
  });

  describe("credits are kept per invoice", function () {
    it("each withdrawal pays only its invoice's credit and names the invoice", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const token = await f.blocklistToken.getAddress();
      const first = await proposeAndFund(f, { token });
      const firstInvoice = await agreedInvoice(f.escrow, first);
      const second = await proposeAndFund(f, { token });
      const secondInvoice = await agreedInvoice(f.escrow, second);
      await f.blocklistToken.blocklist(f.manufacturer.address);
      await expect(f.escrow.connect(f.customer).approveMilestone(first, firstInvoice, 0n))
        .to.emit(f.escrow, "PaymentDeferred")
        .withArgs(first, token, f.manufacturer.address, APPROVAL_AMOUNT);
      await f.escrow.connect(f.manufacturer).dispute(second, secondInvoice, 0n, REASON);
      const toPayee = USD(1_000n);
      await f.escrow.connect(f.arbiter).rule(second, secondInvoice, 0n, toPayee);
      expect(await f.escrow.owed(first, f.manufacturer.address)).to.equal(APPROVAL_AMOUNT);
      expect(await f.escrow.owed(second, f.manufacturer.address)).to.equal(toPayee);
      expect(await escrowOwes(f.escrow, token)).to.equal(2n * TOTAL - APPROVAL_AMOUNT + toPayee);

      const byMaker = f.escrow.connect(f.manufacturer);
      const tx = byMaker.withdraw(second, secondInvoice, f.manufacturer2.address);
      await expect(tx)
        .to.emit(f.escrow, "Withdrawn")
        .withArgs(second, token, f.manufacturer.address, f.manufacturer2.address, toPayee);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.blocklistToken,
        [f.manufacturer2, f.escrow],
        [toPayee, -toPayee],
      );
      expect(await f.escrow.owed(first, f.manufacturer.address)).to.equal(APPROVAL_AMOUNT);
      expect(await f.escrow.owed(second, f.manufacturer.address)).to.equal(0n);
      await expect(byMaker.withdraw(second, secondInvoice, f.manufacturer2.address))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowNothingToWithdraw")
        .withArgs(second, f.manufacturer.address);
      await expect(byMaker.withdraw(first, firstInvoice, f.manufacturer2.address))
        .to.emit(f.escrow, "Withdrawn")
        .withArgs(first, token, f.manufacturer.address, f.manufacturer2.address, APPROVAL_AMOUNT);
      expect(await escrowOwes(f.escrow, token)).to.equal(2n * TOTAL - APPROVAL_AMOUNT * 2n);
      await expectConserved(f.escrow, f.blocklistToken);
    });
  });

  describe("rulings", function () {
    it("a ruling by anyone but the invoice's arbiter is refused", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await proposeAndFund(f);
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      await f.escrow.connect(f.manufacturer).dispute(invoiceId, invoice, 0n, REASON);
      const callers = [f.customer, f.manufacturer, f.stranger, f.otherArbiter, f.financier];
      for (const caller of callers) {
        await expect(f.escrow.connect(caller).rule(invoiceId, invoice, 0n, 0n))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnauthorized")
          .withArgs(invoiceId, caller.address);
      }
      expect((await f.escrow.milestone(invoiceId, 0n)).state).to.equal(
        BigInt(MilestoneState.Disputed),
      );
      await expectConserved(f.escrow, f.stable);
    });

    it("a milestone cannot be ruled twice", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await proposeAndFund(f);
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      await f.escrow.connect(f.manufacturer).dispute(invoiceId, invoice, 0n, REASON);
      const byArbiter = f.escrow.connect(f.arbiter);
      await expect(byArbiter.rule(invoiceId, invoice, 0n, USD(1_000n))).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.manufacturer, f.customer],
        [USD(1_000n), APPROVAL_AMOUNT - USD(1_000n)],
      );
      await expect(byArbiter.rule(invoiceId, invoice, 0n, USD(4_000n)))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(invoiceId, 0n, MilestoneState.Resolved, stateBitmap(MilestoneState.Disputed));
      // Nor disputed again to be ruled anew.
      await expect(f.escrow.connect(f.manufacturer).dispute(invoiceId, invoice, 0n, REASON))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(
          invoiceId,
          0n,
          MilestoneState.Resolved,
          stateBitmap(MilestoneState.Pending, MilestoneState.Delivered),
        );
      expect(await escrowOwes(f.escrow, await f.stable.getAddress())).to.equal(DELIVERY_AMOUNT);
      await expectConserved(f.escrow, f.stable);
    });
  });

  describe("a doctored or foreign agreement", function () {
    /** Copies of an agreement, each changed in one way someone could profit from. */
    function doctorings(f: InvoiceFixture): [string, (copy: Invoice) => void][] {
      const milestones =
        (change: (m: IInvoiceEscrow.MilestoneTermsStruct, i: number) => object) =>
        (copy: Invoice) => {
          copy.milestones = copy.milestones.map((m, i) => ({ ...m, ...change(m, i) }));
        };
      return [
        ["a different supplier", (c) => void (c.supplier = f.stranger.address)],
        ["a different payer", (c) => void (c.terms.payer = f.stranger.address)],
        ["a different token", (c) => void (c.terms.token = String(f.blocklistToken.target))],
        ["another arbiter", (c) => void (c.terms.arbiter = f.otherArbiter.address)],
        ["an earlier due date", (c) => void (c.terms.dueDate = BigInt(c.terms.dueDate) - 1n)],
        [
          "no lateness penalty",
          (c) => void ((c.terms.penaltyPerDay = 0n), (c.terms.penaltyCap = 0n)),
        ],
        [
          "a larger amount",
          milestones((m, i) => (i === 0 ? { amount: BigInt(m.amount) + 1n } : {})),
        ],
        [
          "a smaller amount",
          milestones((m, i) => (i === 1 ? { amount: BigInt(m.amount) - 1n } : {})),
        ],
        ["another specification", milestones((m, i) => (i === 1 ? { specHash: REASON } : {}))],
        ["the milestones swapped", (c) => void c.milestones.reverse()],
        ["a milestone dropped", (c) => void c.milestones.pop()],
      ];
    }

    it("the escrow stores the hash of the agreement as reckoned off-chain; funding mints no receivable", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await proposeAndFund(f);
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      expect((await f.escrow.invoiceRecord(invoiceId)).termsHash).to.equal(hashOf(invoice));
      expect(await f.escrow.hashInvoice(invoice)).to.equal(hashOf(invoice));
      expect(await f.escrow.payee(invoiceId)).to.equal(f.manufacturer.address);
      expect(await f.escrow.balanceOf(f.manufacturer.address)).to.equal(0n);
      await expect(f.escrow.ownerOf(invoiceId))
        .to.be.revertedWithCustomError(f.escrow, "ERC721NonexistentToken")
        .withArgs(invoiceId);
    });

    it("every call on a funded invoice refuses a doctored copy: WrongTerms(id, stored, given)", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await proposeAndFund(f);
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      const before = await f.escrow.invoiceRecord(invoiceId);
      const escrow = f.escrow;
      const calls: [string, (given: Invoice) => Promise<unknown>][] = [
        ["approveMilestone", (g) => escrow.connect(f.customer).approveMilestone(invoiceId, g, 0n)],
        [
          "deliver",
          (g) => escrow.connect(f.manufacturer).deliver(invoiceId, g, 1n, conformingParts(f)),
        ],
        ["acceptDelivery", (g) => escrow.connect(f.customer).acceptDelivery(invoiceId, g, 1n)],
        [
          "rejectDelivery",
          (g) => escrow.connect(f.customer).rejectDelivery(invoiceId, g, 1n, REASON),
        ],
        ["claim", (g) => escrow.connect(f.stranger).claim(invoiceId, g, 1n)],
        ["dispute", (g) => escrow.connect(f.manufacturer).dispute(invoiceId, g, 0n, REASON)],
        ["rule", (g) => escrow.connect(f.arbiter).rule(invoiceId, g, 0n, 0n)],
        ["reclaim", (g) => escrow.connect(f.customer).reclaim(invoiceId, g)],
        [
          "withdraw",
          (g) => escrow.connect(f.manufacturer).withdraw(invoiceId, g, f.manufacturer.address),
        ],
        [
          "assignReceivable",
          (g) => escrow.connect(f.manufacturer).assignReceivable(invoiceId, g, f.financier.address),
        ],
      ];
      for (const [, change] of doctorings(f)) {
        const given = doctored(invoice, change);
        for (const [, call] of calls) {
          await expectWrongTerms(escrow, call(given), invoiceId, invoice, given);
        }
      }
      // Nothing moved; the agreement itself still works.
      expect(await f.escrow.invoiceRecord(invoiceId)).to.deep.equal(before);
      expect(await f.stable.balanceOf(f.escrowAddress)).to.equal(TOTAL);
      await expect(
        escrow.connect(f.customer).approveMilestone(invoiceId, invoice, 0n),
      ).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.manufacturer, f.escrow],
        [APPROVAL_AMOUNT, -APPROVAL_AMOUNT],
      );
      await expectConserved(f.escrow, f.stable);
    });

    it("every call on a proposed invoice refuses a doctored copy: no funding of a smaller total", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await propose(f);
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      await f.stable.connect(f.customer).approve(f.escrowAddress, TOTAL);
      const byPayer = f.escrow.connect(f.customer);
      const deadline = f.dueDate;
      const calls: ((given: Invoice) => Promise<unknown>)[] = [
        (g) => byPayer.fund(invoiceId, g),
        (g) => byPayer.fundWithPermit(invoiceId, g, deadline, 27, REASON, REASON),
        (g) => byPayer.cancel(invoiceId, g),
        (g) => f.escrow.connect(f.manufacturer).cancel(invoiceId, g),
      ];
      for (const [, change] of doctorings(f)) {
        const given = doctored(invoice, change);
        for (const call of calls) {
          await expectWrongTerms(f.escrow, call(given), invoiceId, invoice, given);
        }
      }
      expect((await f.escrow.invoiceRecord(invoiceId)).state).to.equal(
        BigInt(InvoiceState.Proposed),
      );
      expect(await f.stable.balanceOf(f.escrowAddress)).to.equal(0n);
      // An unknown invoice is refused as unknown, whatever the agreement passed.
      await expect(byPayer.fund(invoiceId + 1n, invoice))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownInvoice")
        .withArgs(invoiceId + 1n);
      await expect(byPayer.fund(invoiceId, invoice))
        .to.emit(f.escrow, "InvoiceFunded")
        .withArgs(invoiceId, f.customer.address, TOTAL);
      await expectConserved(f.escrow, f.stable);
    });

    it("someone else's invoice is refused on mine, both ways", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const mine = await proposeAndFund(f);
      const mineInvoice = await agreedInvoice(f.escrow, mine);
      // The second manufacturer's invoice to the same customer, for more money. (Two
      // milestones: agreedInvoice does not read a one-milestone agreement back as an array.)
      const big = USD(40_000n);
      const theirs = await propose(
        f,
        {},
        [approvalMilestone(big), approvalMilestone(big)],
        f.manufacturer2,
      );
      const theirsInvoice = await agreedInvoice(f.escrow, theirs);
      await f.stable.connect(f.customer).approve(f.escrowAddress, 2n * big);
      await f.escrow.connect(f.customer).fund(theirs, theirsInvoice);

      // Paying my milestone 0 as theirs would release 40,000 of the pooled money to them.
      await expectWrongTerms(
        f.escrow,
        f.escrow.connect(f.customer).approveMilestone(mine, theirsInvoice, 0n),
        mine,
        mineInvoice,
        theirsInvoice,
      );
      await expectWrongTerms(
        f.escrow,
        f.escrow.connect(f.manufacturer2).dispute(mine, theirsInvoice, 0n, REASON),
        mine,
        mineInvoice,
        theirsInvoice,
      );
      await expectWrongTerms(
        f.escrow,
        f.escrow
          .connect(f.manufacturer2)
          .assignReceivable(mine, theirsInvoice, f.manufacturer2.address),
        mine,
        mineInvoice,
        theirsInvoice,
      );
      await expectWrongTerms(
        f.escrow,
        f.escrow.connect(f.manufacturer).dispute(theirs, mineInvoice, 0n, REASON),
        theirs,
        theirsInvoice,
        mineInvoice,
      );
      await expectWrongTerms(
        f.escrow,
        f.escrow.connect(f.customer).approveMilestone(theirs, mineInvoice, 1n),
        theirs,
        theirsInvoice,
        mineInvoice,
      );
      expect(await f.stable.balanceOf(f.escrowAddress)).to.equal(TOTAL + 2n * big);
      for (const id of [mine, theirs]) {
        expect((await f.escrow.milestone(id, 0n)).state).to.equal(BigInt(MilestoneState.Pending));
      }
      // Each under its own agreement pays its own supplier its own amount.
      await expect(f.escrow.connect(f.customer).approveMilestone(mine, mineInvoice, 0n))
        .to.emit(f.escrow, "MilestoneReleased")
        .withArgs(mine, 0n, f.manufacturer.address, APPROVAL_AMOUNT, 0n);
      await expect(f.escrow.connect(f.customer).approveMilestone(theirs, theirsInvoice, 0n))
        .to.emit(f.escrow, "MilestoneReleased")
        .withArgs(theirs, 0n, f.manufacturer2.address, big, 0n);
      await expectConserved(f.escrow, f.stable);
    });

    it("a doctored copy that would favour its caller is refused, and the agreed one shows why", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await proposeAndFund(f, { acceptanceWindow: 0n });
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      const lastDay = f.dueDate + BigInt(GRACE_PERIOD);

      // The payer moves the due date back to reclaim early.
      const early = doctored(
        invoice,
        (c) => void (c.terms.dueDate = f.start - BigInt(GRACE_PERIOD)),
      );
      const now = f.start + BigInt(DAY);
      await time.setNextBlockTimestamp(now);
      await expectWrongTerms(
        f.escrow,
        f.escrow.connect(f.customer).reclaim(invoiceId, early),
        invoiceId,
        invoice,
        early,
      );
      await time.setNextBlockTimestamp(now + 1n);
      await expect(f.escrow.connect(f.customer).reclaim(invoiceId, invoice))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowDeadline")
        .withArgs(lastDay, now + 1n, true);

      // Another arbiter names itself to rule.
      await f.escrow.connect(f.manufacturer).dispute(invoiceId, invoice, 0n, REASON);
      const otherArbiter = doctored(
        invoice,
        (c) => void (c.terms.arbiter = f.otherArbiter.address),
      );
      const byOther = f.escrow.connect(f.otherArbiter);
      await expectWrongTerms(
        f.escrow,
        byOther.rule(invoiceId, otherArbiter, 0n, APPROVAL_AMOUNT),
        invoiceId,
        invoice,
        otherArbiter,
      );
      await expect(byOther.rule(invoiceId, invoice, 0n, APPROVAL_AMOUNT))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnauthorized")
        .withArgs(invoiceId, f.otherArbiter.address);

      // A stranger poses as the supplier to take the receivable.
      const posing = doctored(invoice, (c) => void (c.supplier = f.stranger.address));
      const byStranger = f.escrow.connect(f.stranger);
      await expectWrongTerms(
        f.escrow,
        byStranger.assignReceivable(invoiceId, posing, f.stranger.address),
        invoiceId,
        invoice,
        posing,
      );
      await expect(byStranger.assignReceivable(invoiceId, invoice, f.stranger.address))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnauthorized")
        .withArgs(invoiceId, f.stranger.address);

      // The supplier, two days late, doubles its amount or drops the penalty.
      await time.setNextBlockTimestamp(f.dueDate + 2n * BigInt(DAY));
      const byMaker = f.escrow.connect(f.manufacturer);
      for (const change of [
        (c: Invoice) =>
          void (c.milestones = c.milestones.map((m) => ({ ...m, amount: BigInt(m.amount) * 2n }))),
        (c: Invoice) => void (c.terms.penaltyPerDay = 0n),
      ]) {
        const given = doctored(invoice, change);
        await expectWrongTerms(
          f.escrow,
          byMaker.deliver(invoiceId, given, 1n, conformingParts(f)),
          invoiceId,
          invoice,
          given,
        );
      }
      const penalty = 2n * PENALTY_PER_DAY;
      const tx = byMaker.deliver(invoiceId, invoice, 1n, conformingParts(f));
      await expect(tx)
        .to.emit(f.escrow, "MilestoneReleased")
        .withArgs(invoiceId, 1n, f.manufacturer.address, DELIVERY_AMOUNT - penalty, penalty);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.manufacturer, f.customer],
        [DELIVERY_AMOUNT - penalty, penalty],
      );
      await expectConserved(f.escrow, f.stable);
    });

    it("a withdrawal cannot name another token to drain what other invoices hold", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const token = await f.blocklistToken.getAddress();
      const invoiceId = await proposeAndFund(f, { token });
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      await proposeAndFund(f); // the escrow now holds TOTAL of the stablecoin too
      await f.blocklistToken.blocklist(f.manufacturer.address);
      await f.escrow.connect(f.customer).approveMilestone(invoiceId, invoice, 0n);
      expect(await f.escrow.owed(invoiceId, f.manufacturer.address)).to.equal(APPROVAL_AMOUNT);

      const inStable = doctored(invoice, (c) => void (c.terms.token = String(f.stable.target)));
      const byMaker = f.escrow.connect(f.manufacturer);
      await expectWrongTerms(
        f.escrow,
        byMaker.withdraw(invoiceId, inStable, f.manufacturer2.address),
        invoiceId,
        invoice,
        inStable,
      );
      expect(await f.stable.balanceOf(f.escrowAddress)).to.equal(TOTAL);
      const tx = byMaker.withdraw(invoiceId, invoice, f.manufacturer2.address);
      await expect(tx)
        .to.emit(f.escrow, "Withdrawn")
        .withArgs(
          invoiceId,
          token,
          f.manufacturer.address,
          f.manufacturer2.address,
          APPROVAL_AMOUNT,
        );
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.blocklistToken,
        [f.manufacturer2],
        [APPROVAL_AMOUNT],
      );
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.manufacturer2, f.escrow],
        [0n, 0n],
      );
      await expectConserved(f.escrow, f.stable);
      await expectConserved(f.escrow, f.blocklistToken);
    });
  });

  describe("lapseDispute (which takes no agreement)", function () {
    it("is refused on an unknown invoice and on a milestone the invoice does not have", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await proposeAndFund(f);
      await expect(f.escrow.lapseDispute(invoiceId + 1n, 0n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownInvoice")
        .withArgs(invoiceId + 1n);
      for (const index of [2n, 7n, 8n, MaxUint256]) {
        await expect(f.escrow.connect(f.stranger).lapseDispute(invoiceId, index))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownMilestone")
          .withArgs(invoiceId, index, 2n);
      }
    });

    it("is refused on an invoice that is not funded: proposed, cancelled or settled", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const proposed = await propose(f);
      const cancelled = await propose(f);
      await f.escrow
        .connect(f.customer)
        .cancel(cancelled, await agreedInvoice(f.escrow, cancelled));
      const settled = await proposeAndFund(f, {}, [approvalMilestone(), approvalMilestone()]);
      const settledInvoice = await agreedInvoice(f.escrow, settled);
      for (const index of [0n, 1n]) {
        await f.escrow.connect(f.customer).approveMilestone(settled, settledInvoice, index);
      }
      for (const [id, state] of [
        [proposed, InvoiceState.Proposed],
        [cancelled, InvoiceState.Cancelled],
        [settled, InvoiceState.Settled],
      ] as const) {
        await expect(f.escrow.lapseDispute(id, 0n))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongInvoiceState")
          .withArgs(id, state, stateBitmap(InvoiceState.Funded));
      }
    });

    it("is refused on a milestone never disputed, whatever its state, and leaves it as it was", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await proposeAndFund(f);
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      const notDisputed = stateBitmap(MilestoneState.Disputed);
      await expect(f.escrow.lapseDispute(invoiceId, 0n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(invoiceId, 0n, MilestoneState.Pending, notDisputed);
      const deliveredAt = f.start + BigInt(DAY);
      await time.setNextBlockTimestamp(deliveredAt);
      await f.escrow.connect(f.manufacturer).deliver(invoiceId, invoice, 1n, conformingParts(f));
      // Long after the window and a ruling period: a held delivery is no lapsed dispute.
      await time.increase(ACCEPTANCE_WINDOW + RULING_PERIOD);
      await expect(f.escrow.connect(f.customer).lapseDispute(invoiceId, 1n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(invoiceId, 1n, MilestoneState.Delivered, notDisputed);
      const held = await f.escrow.milestone(invoiceId, 1n);
      expect([held.state, held.disputedFrom, held.deadline]).to.deep.equal([
        BigInt(MilestoneState.Delivered),
        BigInt(MilestoneState.None),
        deliveredAt + BigInt(ACCEPTANCE_WINDOW),
      ]);
      await f.escrow.connect(f.customer).approveMilestone(invoiceId, invoice, 0n);
      await expect(f.escrow.lapseDispute(invoiceId, 0n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(invoiceId, 0n, MilestoneState.Released, notDisputed);
      await expect(f.escrow.claim(invoiceId, invoice, 1n))
        .to.emit(f.escrow, "MilestoneReleased")
        .withArgs(invoiceId, 1n, f.manufacturer.address, DELIVERY_AMOUNT, 0n);
      await expectConserved(f.escrow, f.stable);
    });

    it("cannot lapse another invoice's dispute through its own id, nor one dispute twice", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const disputed = await proposeAndFund(f);
      const other = await proposeAndFund(f);
      const at = f.start + BigInt(DAY);
      await time.setNextBlockTimestamp(at);
      await f.escrow
        .connect(f.manufacturer)
        .dispute(disputed, await agreedInvoice(f.escrow, disputed), 0n, REASON);
      const end = at + BigInt(RULING_PERIOD);
      await time.setNextBlockTimestamp(end);
      await expect(f.escrow.connect(f.stranger).lapseDispute(other, 0n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(other, 0n, MilestoneState.Pending, stateBitmap(MilestoneState.Disputed));
      const still = await f.escrow.milestone(disputed, 0n);
      expect([still.state, still.disputedFrom, still.deadline]).to.deep.equal([
        BigInt(MilestoneState.Disputed),
        BigInt(MilestoneState.Pending),
        end,
      ]);
      const untouched = await f.escrow.milestone(other, 0n);
      expect([untouched.state, untouched.disputedFrom, untouched.deadline]).to.deep.equal([
        BigInt(MilestoneState.Pending),
        BigInt(MilestoneState.None),
        0n,
      ]);
      await expect(f.escrow.connect(f.stranger).lapseDispute(disputed, 0n))
        .to.emit(f.escrow, "DisputeLapsed")
        .withArgs(disputed, 0n, MilestoneState.Pending);
      await expect(f.escrow.connect(f.stranger).lapseDispute(disputed, 0n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(disputed, 0n, MilestoneState.Pending, stateBitmap(MilestoneState.Disputed));
      await expectConserved(f.escrow, f.stable);
    });
  });

  describe("the receivable", function () {
    it("is never assigned to the escrow nor to the invoice's arbiter", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await proposeAndFund(f);
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      const byMaker = f.escrow.connect(f.manufacturer);
      await expect(byMaker.assignReceivable(invoiceId, invoice, f.escrowAddress))
        .to.be.revertedWithCustomError(f.escrow, "ERC721InvalidReceiver")
        .withArgs(f.escrowAddress);
      await expect(byMaker.assignReceivable(invoiceId, invoice, f.arbiter.address))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowReceivableToArbiter")
        .withArgs(invoiceId, f.arbiter.address);
      expect((await f.escrow.invoiceRecord(invoiceId)).assigned).to.equal(false);
      expect(await f.escrow.payee(invoiceId)).to.equal(f.manufacturer.address);
    });

    it("once assigned, never moves to the escrow nor to the arbiter, and its holder is paid", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await proposeAndFund(f);
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      await expect(
        f.escrow.connect(f.manufacturer).assignReceivable(invoiceId, invoice, f.financier.address),
      )
        .to.emit(f.escrow, "ReceivableAssigned")
        .withArgs(invoiceId, f.financier.address);
      const byHolder = f.escrow.connect(f.financier);
      await expect(byHolder.transferFrom(f.financier.address, f.arbiter.address, invoiceId))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowReceivableToArbiter")
        .withArgs(invoiceId, f.arbiter.address);
      await expect(
        byHolder["safeTransferFrom(address,address,uint256)"](
          f.financier.address,
          f.escrowAddress,
          invoiceId,
        ),
      )
        .to.be.revertedWithCustomError(f.escrow, "ERC721InvalidReceiver")
        .withArgs(f.escrowAddress);
      expect(await f.escrow.ownerOf(invoiceId)).to.equal(f.financier.address);
      const tx = f.escrow.connect(f.customer).approveMilestone(invoiceId, invoice, 0n);
      await expect(tx)
        .to.emit(f.escrow, "MilestoneReleased")
        .withArgs(invoiceId, 0n, f.financier.address, APPROVAL_AMOUNT, 0n);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.financier, f.manufacturer],
        [APPROVAL_AMOUNT, 0n],
      );
      await expectConserved(f.escrow, f.stable);
    });

    it("is assigned by the supplier only, of a funded invoice only, and once", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const proposed = await propose(f);
      await expect(
        f.escrow
          .connect(f.manufacturer)
          .assignReceivable(proposed, await agreedInvoice(f.escrow, proposed), f.financier.address),
      )
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongInvoiceState")
        .withArgs(proposed, InvoiceState.Proposed, stateBitmap(InvoiceState.Funded));
      const invoiceId = await proposeAndFund(f);
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      for (const caller of [f.customer, f.financier, f.arbiter, f.stranger]) {
        await expect(f.escrow.connect(caller).assignReceivable(invoiceId, invoice, caller.address))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnauthorized")
          .withArgs(invoiceId, caller.address);
      }
      const byMaker = f.escrow.connect(f.manufacturer);
      await byMaker.assignReceivable(invoiceId, invoice, f.financier.address);
      await expect(byMaker.assignReceivable(invoiceId, invoice, f.manufacturer.address))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowReceivableAssigned")
        .withArgs(invoiceId, f.financier.address);
      // Sold on, it still cannot be assigned anew (to take it back from its holder).
      await f.escrow
        .connect(f.financier)
        .transferFrom(f.financier.address, f.manufacturer2.address, invoiceId);
      await expect(byMaker.assignReceivable(invoiceId, invoice, f.manufacturer.address))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowReceivableAssigned")
        .withArgs(invoiceId, f.manufacturer2.address);
      expect(await f.escrow.payee(invoiceId)).to.equal(f.manufacturer2.address);
    });
  });
});
