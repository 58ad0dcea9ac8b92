import { expect } from "chai";
import { ZeroAddress } from "ethers";
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
  expectConserved,
  GRACE_PERIOD,
  InvoiceState,
  MilestoneKind,
  MilestoneState,
  PENALTY_CAP,
  PENALTY_PER_DAY,
  propose,
  proposeAndFund,
  QUANTITY,
  REASON,
  RULING_PERIOD,
  TOTAL,
  USD,
  type InvoiceFixture,
} from "./fixture.js";
import { stateBitmap } from "../helpers/roles.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

/** The fixture's default invoice, funded, with an acceptance window (id 1). */
async function fundedFixture(connection: Parameters<typeof deployInvoiceFixture>[0]) {
  const f = await deployInvoiceFixture(connection);
  const invoiceId = await proposeAndFund(f);
  return { ...f, invoiceId };
}

/** The same invoice without acceptance window: a delivery is paid at once. */
async function immediateFixture(connection: Parameters<typeof deployInvoiceFixture>[0]) {
  const f = await deployInvoiceFixture(connection);
  const invoiceId = await proposeAndFund(f, { acceptanceWindow: 0n });
  return { ...f, invoiceId };
}

/** The last moment a delivery is allowed: due date plus grace, less one second. */
function lastDay(f: InvoiceFixture): bigint {
  return f.dueDate + BigInt(GRACE_PERIOD);
}

/** Delivers the first QUANTITY conforming parts against milestone 1 at time `at` (if given). */
async function deliverAt(f: InvoiceFixture, invoiceId: bigint, at?: bigint): Promise<bigint[]> {
  const partIds = conformingParts(f);
  if (at !== undefined) await time.setNextBlockTimestamp(at);
  await f.escrow.connect(f.manufacturer).deliver(invoiceId, 1n, partIds);
  return partIds;
}

describe("InvoiceEscrow: milestones", function () {
  describe("approveMilestone", function () {
    it("pays the approval milestone to the receivable holder", async function () {
      const f = await loadFixture(fundedFixture);
      const tx = f.escrow.connect(f.customer).approveMilestone(f.invoiceId, 0n);
      await expect(tx)
        .to.emit(f.escrow, "MilestoneReleased")
        .withArgs(f.invoiceId, 0n, f.manufacturer.address, APPROVAL_AMOUNT, 0n);
      await expect(tx).not.to.emit(f.escrow, "InvoiceSettled");
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.manufacturer, f.customer, f.escrow],
        [APPROVAL_AMOUNT, 0n, -APPROVAL_AMOUNT],
      );
      const m = await f.escrow.milestone(f.invoiceId, 0n);
      expect(m.state).to.equal(BigInt(MilestoneState.Released));
      const inv = await f.escrow.invoice(f.invoiceId);
      expect(inv.released).to.equal(APPROVAL_AMOUNT);
      expect(inv.openMilestones).to.equal(1n);
      expect(inv.state).to.equal(BigInt(InvoiceState.Funded));
      expect(await f.escrow.liabilities(await f.stable.getAddress())).to.equal(DELIVERY_AMOUNT);
      await expectConserved(f.escrow, f.stable);
    });

    it("refuses anyone but the payer", async function () {
      const f = await loadFixture(fundedFixture);
      for (const caller of [f.manufacturer, f.arbiter, f.stranger]) {
        await expect(f.escrow.connect(caller).approveMilestone(f.invoiceId, 0n))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnauthorized")
          .withArgs(f.invoiceId, caller.address);
      }
    });

    it("refuses a delivery milestone, a milestone out of range, an unfunded or unknown invoice", async function () {
      const f = await loadFixture(fundedFixture);
      const byPayer = f.escrow.connect(f.customer);
      await expect(byPayer.approveMilestone(f.invoiceId, 1n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneKind")
        .withArgs(f.invoiceId, 1n, MilestoneKind.Delivery);
      await expect(byPayer.approveMilestone(f.invoiceId, 2n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownMilestone")
        .withArgs(f.invoiceId, 2n, 2n);
      const proposed = await propose(f);
      await expect(byPayer.approveMilestone(proposed, 0n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongInvoiceState")
        .withArgs(proposed, InvoiceState.Proposed, stateBitmap(InvoiceState.Funded));
      await expect(byPayer.approveMilestone(99n, 0n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownInvoice")
        .withArgs(99n);
    });

    it("settles the invoice when the last milestone is approved", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await proposeAndFund(f, {}, [approvalMilestone()]);
      await expect(f.escrow.connect(f.customer).approveMilestone(invoiceId, 0n))
        .to.emit(f.escrow, "InvoiceSettled")
        .withArgs(invoiceId, APPROVAL_AMOUNT, 0n);
      expect((await f.escrow.invoice(invoiceId)).state).to.equal(BigInt(InvoiceState.Settled));
      await expect(f.escrow.connect(f.customer).approveMilestone(invoiceId, 0n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongInvoiceState")
        .withArgs(invoiceId, InvoiceState.Settled, stateBitmap(InvoiceState.Funded));
      expect(await f.escrow.liabilities(await f.stable.getAddress())).to.equal(0n);
      await expectConserved(f.escrow, f.stable);
    });
  });

  describe("deliver (delivery versus payment)", function () {
    it("without window: moves the parts to the payer and pays the supplier in one transaction", async function () {
      const f = await loadFixture(immediateFixture);
      await f.escrow.connect(f.customer).approveMilestone(f.invoiceId, 0n);
      const partIds = conformingParts(f);
      const tx = f.escrow.connect(f.manufacturer).deliver(f.invoiceId, 1n, partIds);
      await expect(tx)
        .to.emit(f.escrow, "Delivered")
        .withArgs(f.invoiceId, 1n, partIds, 0n, 0n)
        .and.to.emit(f.escrow, "MilestoneReleased")
        .withArgs(f.invoiceId, 1n, f.manufacturer.address, DELIVERY_AMOUNT, 0n)
        .and.to.emit(f.escrow, "InvoiceSettled")
        .withArgs(f.invoiceId, TOTAL, 0n);
      for (const partId of partIds) {
        await expect(tx)
          .to.emit(f.parts, "Transfer")
          .withArgs(f.manufacturer.address, f.customer.address, partId);
      }
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.manufacturer, f.customer, f.escrow],
        [DELIVERY_AMOUNT, 0n, -DELIVERY_AMOUNT],
      );
      for (const partId of partIds) {
        expect(await f.parts.ownerOf(partId)).to.equal(f.customer.address);
      }
      const m = await f.escrow.milestone(f.invoiceId, 1n);
      expect(m.state).to.equal(BigInt(MilestoneState.Released));
      expect(m.deadline).to.equal(0n);
      expect(m.penalty).to.equal(0n);
      expect((await f.escrow.invoice(f.invoiceId)).state).to.equal(BigInt(InvoiceState.Settled));
      await expectConserved(f.escrow, f.stable);
    });

    it("with a window: moves the parts and holds the payment until the deadline", async function () {
      const f = await loadFixture(fundedFixture);
      const partIds = conformingParts(f);
      const at = f.start + BigInt(DAY);
      await time.setNextBlockTimestamp(at);
      const tx = f.escrow.connect(f.manufacturer).deliver(f.invoiceId, 1n, partIds);
      const deadline = at + BigInt(ACCEPTANCE_WINDOW);
      await expect(tx)
        .to.emit(f.escrow, "Delivered")
        .withArgs(f.invoiceId, 1n, partIds, 0n, deadline);
      await expect(tx).not.to.emit(f.escrow, "MilestoneReleased");
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.manufacturer, f.customer, f.escrow],
        [0n, 0n, 0n],
      );
      for (const partId of partIds) {
        expect(await f.parts.ownerOf(partId)).to.equal(f.customer.address);
      }
      const m = await f.escrow.milestone(f.invoiceId, 1n);
      expect(m.state).to.equal(BigInt(MilestoneState.Delivered));
      expect(m.deadline).to.equal(deadline);
      expect(m.penalty).to.equal(0n);
      expect(await f.escrow.liabilities(await f.stable.getAddress())).to.equal(TOTAL);
      await expectConserved(f.escrow, f.stable);
    });

    it("moves nothing when one part of the delivery is not acceptable (all or nothing)", async function () {
      const f = await loadFixture(fundedFixture);
      const partIds = [...conformingParts(f, QUANTITY - 1), f.nonConformingPart];
      await expect(f.escrow.connect(f.manufacturer).deliver(f.invoiceId, 1n, partIds))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowPartNotAcceptable")
        .withArgs(f.nonConformingPart);
      for (const partId of partIds) {
        expect(await f.parts.ownerOf(partId)).to.equal(f.manufacturer.address);
      }
      expect((await f.escrow.milestone(f.invoiceId, 1n)).state).to.equal(
        BigInt(MilestoneState.Pending),
      );
    });

    it("refuses a part that is not conforming, of another spec, held by someone else or already delivered", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await proposeAndFund(f, {}, [
        deliveryMilestone(USD(1_000n), 1),
        deliveryMilestone(USD(1_000n), 1),
      ]);
      const byMaker = f.escrow.connect(f.manufacturer);
      for (const partId of [f.nonConformingPart, f.otherSpecPart, f.foreignPart]) {
        await expect(byMaker.deliver(invoiceId, 0n, [partId]))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowPartNotAcceptable")
          .withArgs(partId);
      }
      const [first] = conformingParts(f, 1);
      if (first === undefined) throw new Error("unreachable");
      await byMaker.deliver(invoiceId, 0n, [first]);
      await expect(byMaker.deliver(invoiceId, 1n, [first]))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowPartNotAcceptable")
        .withArgs(first);
    });

    it("refuses the same part twice in one delivery", async function () {
      const f = await loadFixture(fundedFixture);
      const [a, b] = conformingParts(f, 2);
      if (a === undefined || b === undefined) throw new Error("unreachable");
      await expect(f.escrow.connect(f.manufacturer).deliver(f.invoiceId, 1n, [a, b, a]))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowPartNotAcceptable")
        .withArgs(a);
    });

    it("refuses a part that stopped conforming (quarantined, or a failed test)", async function () {
      const f = await loadFixture(fundedFixture);
      const [a, b, c] = conformingParts(f);
      if (a === undefined || b === undefined || c === undefined) throw new Error("unreachable");
      await f.parts.connect(f.manufacturer).quarantine(b, REASON);
      await expect(f.escrow.connect(f.manufacturer).deliver(f.invoiceId, 1n, [a, b, c]))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowPartNotAcceptable")
        .withArgs(b);
      await f.parts.connect(f.testLab).attest(c, 0, REASON, false);
      await expect(f.escrow.connect(f.manufacturer).deliver(f.invoiceId, 1n, [a, c, b]))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowPartNotAcceptable")
        .withArgs(c);
    });

    it("refuses the wrong number of parts", async function () {
      const f = await loadFixture(fundedFixture);
      const byMaker = f.escrow.connect(f.manufacturer);
      for (const count of [0, QUANTITY - 1, QUANTITY + 1]) {
        await expect(byMaker.deliver(f.invoiceId, 1n, conformingParts(f, count)))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongQuantity")
          .withArgs(count, QUANTITY);
      }
    });

    it("refuses anyone but the supplier, an approval milestone and a second delivery", async function () {
      const f = await loadFixture(fundedFixture);
      const partIds = conformingParts(f);
      for (const caller of [f.customer, f.manufacturer2, f.stranger]) {
        await expect(f.escrow.connect(caller).deliver(f.invoiceId, 1n, partIds))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnauthorized")
          .withArgs(f.invoiceId, caller.address);
      }
      const byMaker = f.escrow.connect(f.manufacturer);
      await expect(byMaker.deliver(f.invoiceId, 0n, []))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneKind")
        .withArgs(f.invoiceId, 0n, MilestoneKind.Approval);
      await byMaker.deliver(f.invoiceId, 1n, partIds);
      await expect(byMaker.deliver(f.invoiceId, 1n, conformingParts(f, QUANTITY, QUANTITY)))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(f.invoiceId, 1n, MilestoneState.Delivered, stateBitmap(MilestoneState.Pending));
    });

    it("refuses an unfunded invoice and a milestone out of range", async function () {
      const f = await loadFixture(fundedFixture);
      const proposed = await propose(f);
      const byMaker = f.escrow.connect(f.manufacturer);
      await expect(byMaker.deliver(proposed, 1n, conformingParts(f)))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongInvoiceState")
        .withArgs(proposed, InvoiceState.Proposed, stateBitmap(InvoiceState.Funded));
      await expect(byMaker.deliver(f.invoiceId, 5n, conformingParts(f)))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownMilestone")
        .withArgs(f.invoiceId, 5n, 2n);
    });

    it("bubbles the part registry's error when the escrow is not approved for a part", async function () {
      const f = await loadFixture(fundedFixture);
      const partIds = conformingParts(f);
      const last = partIds[partIds.length - 1]!;
      await f.parts.connect(f.manufacturer).approve(ZeroAddress, last);
      await expect(f.escrow.connect(f.manufacturer).deliver(f.invoiceId, 1n, partIds))
        .to.be.revertedWithCustomError(f.parts, "ERC721InsufficientApproval")
        .withArgs(f.escrowAddress, last);
    });

    it("takes per-part approvals alone: the supplier grants no operator approval", async function () {
      const f = await loadFixture(fundedFixture);
      const partIds = conformingParts(f);
      expect(await f.parts.isApprovedForAll(f.manufacturer.address, f.escrowAddress)).to.equal(
        false,
      );
      for (const partId of partIds) {
        expect(await f.parts.getApproved(partId)).to.equal(f.escrowAddress);
      }
      await expect(f.escrow.connect(f.manufacturer).deliver(f.invoiceId, 1n, partIds))
        .to.emit(f.escrow, "Delivered")
        .withArgs(f.invoiceId, 1n, partIds, 0n, (deadline: bigint) => deadline > 0n);
      for (const partId of partIds) {
        expect(await f.parts.ownerOf(partId)).to.equal(f.customer.address);
        // The approval lapsed with the transfer: nothing is left standing.
        expect(await f.parts.getApproved(partId)).to.equal(ZeroAddress);
      }
      expect(await f.parts.isApprovedForAll(f.manufacturer.address, f.escrowAddress)).to.equal(
        false,
      );
    });

    it("is refused from the due date plus grace period on", async function () {
      const f = await loadFixture(fundedFixture);
      const end = lastDay(f);
      await time.setNextBlockTimestamp(end);
      await expect(f.escrow.connect(f.manufacturer).deliver(f.invoiceId, 1n, conformingParts(f)))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowDeadline")
        .withArgs(end, end, false);
    });

    describe("late delivery penalty, per started day after the due date", function () {
      const cases: { title: string; lateBy: bigint; penalty: bigint }[] = [
        { title: "on the due date: none", lateBy: 0n, penalty: 0n },
        { title: "one second late: one day", lateBy: 1n, penalty: PENALTY_PER_DAY },
        { title: "exactly one day late: one day", lateBy: BigInt(DAY), penalty: PENALTY_PER_DAY },
        {
          title: "a day and a second late: two days",
          lateBy: BigInt(DAY) + 1n,
          penalty: 2n * PENALTY_PER_DAY,
        },
        {
          title: "six days late: capped by penaltyCap",
          lateBy: 6n * BigInt(DAY),
          penalty: PENALTY_CAP,
        },
        {
          title: "on the last second of grace: capped by penaltyCap",
          lateBy: BigInt(GRACE_PERIOD) - 1n,
          penalty: PENALTY_CAP,
        },
      ];
      for (const { title, lateBy, penalty } of cases) {
        it(`${title}, returned to the payer`, async function () {
          const f = await loadFixture(immediateFixture);
          await time.setNextBlockTimestamp(f.dueDate + lateBy);
          const partIds = conformingParts(f);
          const tx = f.escrow.connect(f.manufacturer).deliver(f.invoiceId, 1n, partIds);
          await expect(tx)
            .to.emit(f.escrow, "Delivered")
            .withArgs(f.invoiceId, 1n, partIds, penalty, 0n)
            .and.to.emit(f.escrow, "MilestoneReleased")
            .withArgs(f.invoiceId, 1n, f.manufacturer.address, DELIVERY_AMOUNT - penalty, penalty);
          await expect(tx).to.changeTokenBalances(
            ethers,
            f.stable,
            [f.manufacturer, f.customer, f.escrow],
            [DELIVERY_AMOUNT - penalty, penalty, -DELIVERY_AMOUNT],
          );
          expect((await f.escrow.milestone(f.invoiceId, 1n)).penalty).to.equal(penalty);
          const inv = await f.escrow.invoice(f.invoiceId);
          expect(inv.released).to.equal(DELIVERY_AMOUNT - penalty);
          expect(inv.refunded).to.equal(penalty);
          await expectConserved(f.escrow, f.stable);
        });
      }

      it("is capped by the milestone's amount", async function () {
        const f = await loadFixture(deployInvoiceFixture);
        const amount = USD(250n);
        const invoiceId = await proposeAndFund(
          f,
          { acceptanceWindow: 0n, penaltyPerDay: USD(100n), penaltyCap: USD(10_000n) },
          [deliveryMilestone(amount)],
        );
        await time.setNextBlockTimestamp(f.dueDate + 3n * BigInt(DAY)); // 300 due, 250 at stake
        const partIds = conformingParts(f);
        const tx = f.escrow.connect(f.manufacturer).deliver(invoiceId, 0n, partIds);
        await expect(tx)
          .to.emit(f.escrow, "Delivered")
          .withArgs(invoiceId, 0n, partIds, amount, 0n)
          .and.to.emit(f.escrow, "MilestoneReleased")
          .withArgs(invoiceId, 0n, f.manufacturer.address, 0n, amount)
          .and.to.emit(f.escrow, "InvoiceSettled")
          .withArgs(invoiceId, 0n, amount);
        await expect(tx).to.changeTokenBalances(
          ethers,
          f.stable,
          [f.manufacturer, f.customer, f.escrow],
          [0n, amount, -amount],
        );
        expect(await f.parts.ownerOf(partIds[0] ?? 0n)).to.equal(f.customer.address);
        await expectConserved(f.escrow, f.stable);
      });

      it("is none when the invoice sets no penalty per day", async function () {
        const f = await loadFixture(deployInvoiceFixture);
        const invoiceId = await proposeAndFund(f, { acceptanceWindow: 0n, penaltyPerDay: 0n });
        await time.setNextBlockTimestamp(f.dueDate + 5n * BigInt(DAY));
        const tx = f.escrow.connect(f.manufacturer).deliver(invoiceId, 1n, conformingParts(f));
        await expect(tx)
          .to.emit(f.escrow, "MilestoneReleased")
          .withArgs(invoiceId, 1n, f.manufacturer.address, DELIVERY_AMOUNT, 0n);
        await expectConserved(f.escrow, f.stable);
      });

      it("is none when the payer funded after the due date, however late the delivery", async function () {
        const f = await loadFixture(deployInvoiceFixture);
        const invoiceId = await propose(f, { acceptanceWindow: 0n });
        await f.stable.connect(f.customer).approve(f.escrowAddress, TOTAL);
        const fundedAt = f.dueDate + 2n * BigInt(DAY);
        await time.setNextBlockTimestamp(fundedAt);
        await f.escrow.connect(f.customer).fund(invoiceId);
        expect((await f.escrow.invoice(invoiceId)).fundedAt).to.equal(fundedAt);
        // Delivered days after funding (six days past the due date): no lateness is charged.
        await time.setNextBlockTimestamp(fundedAt + 4n * BigInt(DAY));
        const partIds = conformingParts(f);
        const tx = f.escrow.connect(f.manufacturer).deliver(invoiceId, 1n, partIds);
        await expect(tx)
          .to.emit(f.escrow, "Delivered")
          .withArgs(invoiceId, 1n, partIds, 0n, 0n)
          .and.to.emit(f.escrow, "MilestoneReleased")
          .withArgs(invoiceId, 1n, f.manufacturer.address, DELIVERY_AMOUNT, 0n);
        await expect(tx).to.changeTokenBalances(
          ethers,
          f.stable,
          [f.manufacturer, f.customer, f.escrow],
          [DELIVERY_AMOUNT, 0n, -DELIVERY_AMOUNT],
        );
        await expectConserved(f.escrow, f.stable);
      });

      it("is none when the payer funded on the due date itself", async function () {
        const f = await loadFixture(deployInvoiceFixture);
        const invoiceId = await propose(f, { acceptanceWindow: 0n });
        await f.stable.connect(f.customer).approve(f.escrowAddress, TOTAL);
        await time.setNextBlockTimestamp(f.dueDate);
        await f.escrow.connect(f.customer).fund(invoiceId);
        await time.setNextBlockTimestamp(f.dueDate + 1n);
        await expect(f.escrow.connect(f.manufacturer).deliver(invoiceId, 1n, conformingParts(f)))
          .to.emit(f.escrow, "MilestoneReleased")
          .withArgs(invoiceId, 1n, f.manufacturer.address, DELIVERY_AMOUNT, 0n);
      });

      it("still runs when the payer funded a second before the due date", async function () {
        const f = await loadFixture(deployInvoiceFixture);
        const invoiceId = await propose(f, { acceptanceWindow: 0n });
        await f.stable.connect(f.customer).approve(f.escrowAddress, TOTAL);
        await time.setNextBlockTimestamp(f.dueDate - 1n);
        await f.escrow.connect(f.customer).fund(invoiceId);
        await time.setNextBlockTimestamp(f.dueDate + 1n);
        await expect(f.escrow.connect(f.manufacturer).deliver(invoiceId, 1n, conformingParts(f)))
          .to.emit(f.escrow, "MilestoneReleased")
          .withArgs(
            invoiceId,
            1n,
            f.manufacturer.address,
            DELIVERY_AMOUNT - PENALTY_PER_DAY,
            PENALTY_PER_DAY,
          );
      });

      it("is fixed at delivery and deducted when a held delivery is accepted later", async function () {
        const f = await loadFixture(fundedFixture);
        const at = f.dueDate + 2n * BigInt(DAY); // two days late
        const partIds = conformingParts(f);
        await time.setNextBlockTimestamp(at);
        await expect(f.escrow.connect(f.manufacturer).deliver(f.invoiceId, 1n, partIds))
          .to.emit(f.escrow, "Delivered")
          .withArgs(f.invoiceId, 1n, partIds, 2n * PENALTY_PER_DAY, at + BigInt(ACCEPTANCE_WINDOW));
        await time.increase(DAY);
        const penalty = 2n * PENALTY_PER_DAY;
        const tx = f.escrow.connect(f.customer).acceptDelivery(f.invoiceId, 1n);
        await expect(tx)
          .to.emit(f.escrow, "MilestoneReleased")
          .withArgs(f.invoiceId, 1n, f.manufacturer.address, DELIVERY_AMOUNT - penalty, penalty);
        await expect(tx).to.changeTokenBalances(
          ethers,
          f.stable,
          [f.manufacturer, f.customer, f.escrow],
          [DELIVERY_AMOUNT - penalty, penalty, -DELIVERY_AMOUNT],
        );
        await expectConserved(f.escrow, f.stable);
      });
    });
  });

  describe("acceptDelivery", function () {
    it("pays a held delivery at once", async function () {
      const f = await loadFixture(fundedFixture);
      await deliverAt(f, f.invoiceId);
      const tx = f.escrow.connect(f.customer).acceptDelivery(f.invoiceId, 1n);
      await expect(tx)
        .to.emit(f.escrow, "MilestoneReleased")
        .withArgs(f.invoiceId, 1n, f.manufacturer.address, DELIVERY_AMOUNT, 0n);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.manufacturer, f.customer, f.escrow],
        [DELIVERY_AMOUNT, 0n, -DELIVERY_AMOUNT],
      );
      expect((await f.escrow.milestone(f.invoiceId, 1n)).state).to.equal(
        BigInt(MilestoneState.Released),
      );
      await expectConserved(f.escrow, f.stable);
    });

    it("refuses anyone but the payer, and a milestone not delivered", async function () {
      const f = await loadFixture(fundedFixture);
      await expect(f.escrow.connect(f.customer).acceptDelivery(f.invoiceId, 1n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(f.invoiceId, 1n, MilestoneState.Pending, stateBitmap(MilestoneState.Delivered));
      await expect(f.escrow.connect(f.customer).acceptDelivery(f.invoiceId, 0n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(f.invoiceId, 0n, MilestoneState.Pending, stateBitmap(MilestoneState.Delivered));
      await deliverAt(f, f.invoiceId);
      for (const caller of [f.manufacturer, f.arbiter, f.stranger]) {
        await expect(f.escrow.connect(caller).acceptDelivery(f.invoiceId, 1n))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnauthorized")
          .withArgs(f.invoiceId, caller.address);
      }
      await f.escrow.connect(f.customer).acceptDelivery(f.invoiceId, 1n);
      await expect(f.escrow.connect(f.customer).acceptDelivery(f.invoiceId, 1n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(f.invoiceId, 1n, MilestoneState.Released, stateBitmap(MilestoneState.Delivered));
    });
  });

  describe("rejectDelivery", function () {
    it("opens a dispute within the window", async function () {
      const f = await loadFixture(fundedFixture);
      const deliveredAt = f.start + BigInt(DAY);
      await deliverAt(f, f.invoiceId, deliveredAt);
      const at = deliveredAt + BigInt(ACCEPTANCE_WINDOW) - 1n; // the window's last second
      await time.setNextBlockTimestamp(at);
      const tx = f.escrow.connect(f.customer).rejectDelivery(f.invoiceId, 1n, REASON);
      await expect(tx)
        .to.emit(f.escrow, "Disputed")
        .withArgs(f.invoiceId, 1n, f.customer.address, REASON);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.manufacturer, f.customer, f.escrow],
        [0n, 0n, 0n],
      );
      const m = await f.escrow.milestone(f.invoiceId, 1n);
      expect(m.state).to.equal(BigInt(MilestoneState.Disputed));
      expect(m.disputedFrom).to.equal(BigInt(MilestoneState.Delivered));
      expect(m.deadline).to.equal(at + BigInt(RULING_PERIOD));
      await expectConserved(f.escrow, f.stable);
    });

    it("is refused once the window is over", async function () {
      const f = await loadFixture(fundedFixture);
      const deliveredAt = f.start + BigInt(DAY);
      await deliverAt(f, f.invoiceId, deliveredAt);
      const deadline = deliveredAt + BigInt(ACCEPTANCE_WINDOW);
      await time.setNextBlockTimestamp(deadline);
      await expect(f.escrow.connect(f.customer).rejectDelivery(f.invoiceId, 1n, REASON))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowDeadline")
        .withArgs(deadline, deadline, false);
    });

    it("refuses anyone but the payer, and a milestone not delivered", async function () {
      const f = await loadFixture(fundedFixture);
      await expect(f.escrow.connect(f.customer).rejectDelivery(f.invoiceId, 1n, REASON))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(f.invoiceId, 1n, MilestoneState.Pending, stateBitmap(MilestoneState.Delivered));
      await deliverAt(f, f.invoiceId);
      for (const caller of [f.manufacturer, f.arbiter, f.stranger]) {
        await expect(f.escrow.connect(caller).rejectDelivery(f.invoiceId, 1n, REASON))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnauthorized")
          .withArgs(f.invoiceId, caller.address);
      }
    });
  });

  describe("claim", function () {
    it("lets anyone release a held delivery once the window is over", async function () {
      const f = await loadFixture(fundedFixture);
      await f.escrow.connect(f.customer).approveMilestone(f.invoiceId, 0n);
      const deliveredAt = f.start + BigInt(DAY);
      await deliverAt(f, f.invoiceId, deliveredAt);
      const deadline = deliveredAt + BigInt(ACCEPTANCE_WINDOW);
      await time.setNextBlockTimestamp(deadline);
      const tx = f.escrow.connect(f.stranger).claim(f.invoiceId, 1n);
      await expect(tx)
        .to.emit(f.escrow, "MilestoneReleased")
        .withArgs(f.invoiceId, 1n, f.manufacturer.address, DELIVERY_AMOUNT, 0n)
        .and.to.emit(f.escrow, "InvoiceSettled")
        .withArgs(f.invoiceId, TOTAL, 0n);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.manufacturer, f.customer, f.stranger, f.escrow],
        [DELIVERY_AMOUNT, 0n, 0n, -DELIVERY_AMOUNT],
      );
      expect(await f.escrow.liabilities(await f.stable.getAddress())).to.equal(0n);
      await expectConserved(f.escrow, f.stable);
    });

    it("is refused before the window is over", async function () {
      const f = await loadFixture(fundedFixture);
      const deliveredAt = f.start + BigInt(DAY);
      await deliverAt(f, f.invoiceId, deliveredAt);
      const deadline = deliveredAt + BigInt(ACCEPTANCE_WINDOW);
      await time.setNextBlockTimestamp(deadline - 1n);
      await expect(f.escrow.connect(f.manufacturer).claim(f.invoiceId, 1n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowDeadline")
        .withArgs(deadline, deadline - 1n, true);
    });

    it("is refused for a milestone not delivered", async function () {
      const f = await loadFixture(fundedFixture);
      for (const index of [0n, 1n]) {
        await expect(f.escrow.connect(f.manufacturer).claim(f.invoiceId, index))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
          .withArgs(
            f.invoiceId,
            index,
            MilestoneState.Pending,
            stateBitmap(MilestoneState.Delivered),
          );
      }
    });
  });

  describe("reclaim", function () {
    it("after due date plus grace, refunds the pending milestones and settles the invoice", async function () {
      const f = await loadFixture(fundedFixture);
      await f.escrow.connect(f.customer).approveMilestone(f.invoiceId, 0n);
      await time.setNextBlockTimestamp(lastDay(f));
      const tx = f.escrow.connect(f.stranger).reclaim(f.invoiceId);
      await expect(tx)
        .to.emit(f.escrow, "MilestoneRefunded")
        .withArgs(f.invoiceId, 1n, DELIVERY_AMOUNT)
        .and.to.emit(f.escrow, "InvoiceSettled")
        .withArgs(f.invoiceId, APPROVAL_AMOUNT, DELIVERY_AMOUNT);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, f.manufacturer, f.escrow],
        [DELIVERY_AMOUNT, 0n, -DELIVERY_AMOUNT],
      );
      const m = await f.escrow.milestone(f.invoiceId, 1n);
      expect(m.state).to.equal(BigInt(MilestoneState.Refunded));
      const inv = await f.escrow.invoice(f.invoiceId);
      expect(inv.state).to.equal(BigInt(InvoiceState.Settled));
      expect(inv.refunded).to.equal(DELIVERY_AMOUNT);
      expect(inv.openMilestones).to.equal(0n);
      await expectConserved(f.escrow, f.stable);
      await expect(f.escrow.reclaim(f.invoiceId))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongInvoiceState")
        .withArgs(f.invoiceId, InvoiceState.Settled, stateBitmap(InvoiceState.Funded));
    });

    it("refunds every pending milestone in one go", async function () {
      const f = await loadFixture(fundedFixture);
      await time.increaseTo(lastDay(f) + BigInt(DAY));
      const tx = f.escrow.connect(f.customer).reclaim(f.invoiceId);
      await expect(tx)
        .to.emit(f.escrow, "MilestoneRefunded")
        .withArgs(f.invoiceId, 0n, APPROVAL_AMOUNT)
        .and.to.emit(f.escrow, "MilestoneRefunded")
        .withArgs(f.invoiceId, 1n, DELIVERY_AMOUNT)
        .and.to.emit(f.escrow, "InvoiceSettled")
        .withArgs(f.invoiceId, 0n, TOTAL);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, f.escrow],
        [TOTAL, -TOTAL],
      );
      await expectConserved(f.escrow, f.stable);
    });

    it("is refused before the due date plus grace period", async function () {
      const f = await loadFixture(fundedFixture);
      const end = lastDay(f);
      await time.setNextBlockTimestamp(end - 1n);
      await expect(f.escrow.reclaim(f.invoiceId))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowDeadline")
        .withArgs(end, end - 1n, true);
    });

    it("leaves a held delivery and a disputed milestone alone", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await proposeAndFund(f, {}, [
        approvalMilestone(USD(1_000n)),
        deliveryMilestone(USD(2_000n)),
        approvalMilestone(USD(3_000n)),
      ]);
      await f.escrow.connect(f.manufacturer).dispute(invoiceId, 0n, REASON);
      // Delivered on the last second of grace: held for three days beyond it.
      await deliverAt(f, invoiceId, lastDay(f) - 1n);
      const tx = f.escrow.reclaim(invoiceId);
      await expect(tx).to.emit(f.escrow, "MilestoneRefunded").withArgs(invoiceId, 2n, USD(3_000n));
      await expect(tx).not.to.emit(f.escrow, "InvoiceSettled");
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, f.escrow],
        [USD(3_000n), -USD(3_000n)],
      );
      expect((await f.escrow.milestone(invoiceId, 0n)).state).to.equal(
        BigInt(MilestoneState.Disputed),
      );
      expect((await f.escrow.milestone(invoiceId, 1n)).state).to.equal(
        BigInt(MilestoneState.Delivered),
      );
      const inv = await f.escrow.invoice(invoiceId);
      expect(inv.state).to.equal(BigInt(InvoiceState.Funded));
      expect(inv.openMilestones).to.equal(2n);
      expect(await f.escrow.liabilities(await f.stable.getAddress())).to.equal(USD(3_000n));
      await expectConserved(f.escrow, f.stable);
      await expect(f.escrow.reclaim(invoiceId))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowNothingToReclaim")
        .withArgs(invoiceId);
    });

    it("does not refund a released milestone: NothingToReclaim", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await proposeAndFund(f, {}, [approvalMilestone(), deliveryMilestone()]);
      await f.escrow.connect(f.customer).approveMilestone(invoiceId, 0n);
      await deliverAt(f, invoiceId);
      await time.increaseTo(lastDay(f));
      await expect(f.escrow.reclaim(invoiceId))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowNothingToReclaim")
        .withArgs(invoiceId);
      await f.escrow.claim(invoiceId, 1n);
      await expectConserved(f.escrow, f.stable);
    });

    it("refuses an invoice not funded and an unknown one", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await propose(f);
      await time.increaseTo(lastDay(f));
      await expect(f.escrow.reclaim(invoiceId))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongInvoiceState")
        .withArgs(invoiceId, InvoiceState.Proposed, stateBitmap(InvoiceState.Funded));
      await expect(f.escrow.reclaim(invoiceId + 1n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownInvoice")
        .withArgs(invoiceId + 1n);
    });
  });

  describe("the receivable", function () {
    it("once sold to a financier, pays the financier and not the supplier", async function () {
      const f = await loadFixture(fundedFixture);
      await expect(
        f.escrow
          .connect(f.manufacturer)
          .transferFrom(f.manufacturer.address, f.financier.address, f.invoiceId),
      )
        .to.emit(f.escrow, "Transfer")
        .withArgs(f.manufacturer.address, f.financier.address, f.invoiceId);
      expect(await f.escrow.ownerOf(f.invoiceId)).to.equal(f.financier.address);

      const approval = f.escrow.connect(f.customer).approveMilestone(f.invoiceId, 0n);
      await expect(approval)
        .to.emit(f.escrow, "MilestoneReleased")
        .withArgs(f.invoiceId, 0n, f.financier.address, APPROVAL_AMOUNT, 0n);
      await expect(approval).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.financier, f.manufacturer, f.escrow],
        [APPROVAL_AMOUNT, 0n, -APPROVAL_AMOUNT],
      );

      // The supplier still delivers; the parts go to the payer, the money to the financier.
      const partIds = conformingParts(f);
      await f.escrow.connect(f.manufacturer).deliver(f.invoiceId, 1n, partIds);
      await time.increase(ACCEPTANCE_WINDOW);
      const claim = f.escrow.connect(f.financier).claim(f.invoiceId, 1n);
      await expect(claim)
        .to.emit(f.escrow, "MilestoneReleased")
        .withArgs(f.invoiceId, 1n, f.financier.address, DELIVERY_AMOUNT, 0n);
      await expect(claim).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.financier, f.manufacturer, f.escrow],
        [DELIVERY_AMOUNT, 0n, -DELIVERY_AMOUNT],
      );
      for (const partId of partIds) {
        expect(await f.parts.ownerOf(partId)).to.equal(f.customer.address);
      }
      await expectConserved(f.escrow, f.stable);
    });

    it("is never sent to the invoice's arbiter, after funding or mid-dispute", async function () {
      const f = await loadFixture(fundedFixture);
      const byMaker = f.escrow.connect(f.manufacturer);
      await expect(byMaker.transferFrom(f.manufacturer.address, f.arbiter.address, f.invoiceId))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowReceivableToArbiter")
        .withArgs(f.invoiceId, f.arbiter.address);
      // Sold to a financier while a milestone is in dispute: the financier cannot pass it on
      // to the arbiter either, by plain or safe transfer.
      await byMaker.dispute(f.invoiceId, 0n, REASON);
      await byMaker.transferFrom(f.manufacturer.address, f.financier.address, f.invoiceId);
      const byFinancier = f.escrow.connect(f.financier);
      await expect(byFinancier.transferFrom(f.financier.address, f.arbiter.address, f.invoiceId))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowReceivableToArbiter")
        .withArgs(f.invoiceId, f.arbiter.address);
      await expect(
        byFinancier["safeTransferFrom(address,address,uint256)"](
          f.financier.address,
          f.arbiter.address,
          f.invoiceId,
        ),
      )
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowReceivableToArbiter")
        .withArgs(f.invoiceId, f.arbiter.address);
      // The ruling pays the financier, the holder.
      const toPayee = USD(1_000n);
      await expect(f.escrow.connect(f.arbiter).rule(f.invoiceId, 0n, toPayee))
        .to.emit(f.escrow, "MilestoneReleased")
        .withArgs(f.invoiceId, 0n, f.financier.address, toPayee, APPROVAL_AMOUNT - toPayee);
      expect(await f.escrow.ownerOf(f.invoiceId)).to.equal(f.financier.address);
      await expectConserved(f.escrow, f.stable);
    });

    it("may go to an arbiter of another invoice, and anywhere on an invoice without arbiter", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const withArbiter = await proposeAndFund(f);
      const without = await proposeAndFund(f, { arbiter: ZeroAddress });
      const byMaker = f.escrow.connect(f.manufacturer);
      await expect(
        byMaker.transferFrom(f.manufacturer.address, f.otherArbiter.address, withArbiter),
      )
        .to.emit(f.escrow, "Transfer")
        .withArgs(f.manufacturer.address, f.otherArbiter.address, withArbiter);
      await expect(byMaker.transferFrom(f.manufacturer.address, f.arbiter.address, without))
        .to.emit(f.escrow, "Transfer")
        .withArgs(f.manufacturer.address, f.arbiter.address, without);
    });

    it("pays whoever holds it at the time of each release", async function () {
      const f = await loadFixture(immediateFixture);
      await f.escrow.connect(f.customer).approveMilestone(f.invoiceId, 0n);
      await f.escrow
        .connect(f.manufacturer)
        .transferFrom(f.manufacturer.address, f.financier.address, f.invoiceId);
      const tx = f.escrow.connect(f.manufacturer).deliver(f.invoiceId, 1n, conformingParts(f));
      await expect(tx)
        .to.emit(f.escrow, "MilestoneReleased")
        .withArgs(f.invoiceId, 1n, f.financier.address, DELIVERY_AMOUNT, 0n);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.financier, f.manufacturer],
        [DELIVERY_AMOUNT, 0n],
      );
      await expectConserved(f.escrow, f.stable);
    });
  });
});
