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
  packedStates,
  paidOut,
  fundedAt as fundedAtOf,
  TOTAL,
  tamperedInvoices,
  USD,
  type InvoiceFixture,
  agreedInvoice,
} from "./fixture.js";
import { escrowOwes } from "../helpers/agreements.js";
import { stateBitmap } from "../helpers/roles.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

/** The fixture's default invoice, funded, with an acceptance window (id 1). */
async function fundedFixture(connection: Parameters<typeof deployInvoiceFixture>[0]) {
  const f = await deployInvoiceFixture(connection);
  const invoiceId = await proposeAndFund(f);
  return { ...f, invoiceId, invoice: await agreedInvoice(f.escrow, invoiceId) };
}

/** The same invoice without acceptance window: a delivery is paid at once. */
async function immediateFixture(connection: Parameters<typeof deployInvoiceFixture>[0]) {
  const f = await deployInvoiceFixture(connection);
  const invoiceId = await proposeAndFund(f, { acceptanceWindow: 0n });
  return { ...f, invoiceId, invoice: await agreedInvoice(f.escrow, invoiceId) };
}

/** The last moment a delivery is allowed: due date plus grace, less one second. */
function lastDay(f: InvoiceFixture): bigint {
  return f.dueDate + BigInt(GRACE_PERIOD);
}

/** Delivers the first QUANTITY conforming parts against milestone 1 at time `at` (if given). */
async function deliverAt(f: InvoiceFixture, invoiceId: bigint, at?: bigint): Promise<bigint[]> {
  const partIds = conformingParts(f);
  const invoice = await agreedInvoice(f.escrow, invoiceId);
  if (at !== undefined) await time.setNextBlockTimestamp(at);
  await f.escrow.connect(f.manufacturer).deliver(invoiceId, invoice, 1n, partIds);
  return partIds;
}

/** What the escrow owes in the stablecoin, reckoned from its events (it keeps no total). */
async function owesStable(f: InvoiceFixture): Promise<bigint> {
  return escrowOwes(f.escrow, await f.stable.getAddress());
}

describe("InvoiceEscrow: milestones", function () {
  describe("approveMilestone", function () {
    it("pays the approval milestone to the receivable holder", async function () {
      const f = await loadFixture(fundedFixture);
      const tx = f.escrow.connect(f.customer).approveMilestone(f.invoiceId, f.invoice, 0n);
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
      expect(await paidOut(f.escrow, f.invoiceId)).to.deep.equal({
        released: APPROVAL_AMOUNT,
        refunded: 0n,
      });
      const rec = await f.escrow.invoiceRecord(f.invoiceId);
      expect(rec.openMilestones).to.equal(1n);
      expect(rec.state).to.equal(BigInt(InvoiceState.Funded));
      expect(rec.payeePaid).to.equal(true);
      expect(rec.milestoneStates).to.equal(
        packedStates(MilestoneState.Released, MilestoneState.Pending),
      );
      expect(await owesStable(f)).to.equal(DELIVERY_AMOUNT);
      expect(await f.stable.balanceOf(f.escrowAddress)).to.equal(DELIVERY_AMOUNT);
      await expectConserved(f.escrow, f.stable);
    });

    it("refuses anyone but the payer", async function () {
      const f = await loadFixture(fundedFixture);
      for (const caller of [f.manufacturer, f.arbiter, f.stranger]) {
        await expect(f.escrow.connect(caller).approveMilestone(f.invoiceId, f.invoice, 0n))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnauthorized")
          .withArgs(f.invoiceId, caller.address);
      }
    });

    it("refuses a delivery milestone, a milestone out of range, an unfunded or unknown invoice", async function () {
      const f = await loadFixture(fundedFixture);
      const byPayer = f.escrow.connect(f.customer);
      await expect(byPayer.approveMilestone(f.invoiceId, f.invoice, 1n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneKind")
        .withArgs(f.invoiceId, 1n, MilestoneKind.Delivery);
      await expect(byPayer.approveMilestone(f.invoiceId, f.invoice, 2n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownMilestone")
        .withArgs(f.invoiceId, 2n, 2n);
      const proposed = await propose(f);
      const proposedInvoice = await agreedInvoice(f.escrow, proposed);
      await expect(byPayer.approveMilestone(proposed, proposedInvoice, 0n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongInvoiceState")
        .withArgs(proposed, InvoiceState.Proposed, stateBitmap(InvoiceState.Funded));
      await expect(byPayer.approveMilestone(99n, f.invoice, 0n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownInvoice")
        .withArgs(99n);
    });

    it("settles the invoice when the last milestone is approved", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await proposeAndFund(f, {}, [approvalMilestone()]);
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      await expect(f.escrow.connect(f.customer).approveMilestone(invoiceId, invoice, 0n))
        .to.emit(f.escrow, "InvoiceSettled")
        .withArgs(invoiceId);
      expect(await paidOut(f.escrow, invoiceId)).to.deep.equal({
        released: APPROVAL_AMOUNT,
        refunded: 0n,
      });
      expect((await f.escrow.invoiceRecord(invoiceId)).state).to.equal(
        BigInt(InvoiceState.Settled),
      );
      await expect(f.escrow.connect(f.customer).approveMilestone(invoiceId, invoice, 0n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongInvoiceState")
        .withArgs(invoiceId, InvoiceState.Settled, stateBitmap(InvoiceState.Funded));
      expect(await owesStable(f)).to.equal(0n);
      expect(await f.stable.balanceOf(f.escrowAddress)).to.equal(0n);
      await expectConserved(f.escrow, f.stable);
    });
  });

  describe("deliver (delivery versus payment)", function () {
    it("without window: moves the parts to the payer and pays the supplier in one transaction", async function () {
      const f = await loadFixture(immediateFixture);
      await f.escrow.connect(f.customer).approveMilestone(f.invoiceId, f.invoice, 0n);
      const partIds = conformingParts(f);
      const tx = f.escrow.connect(f.manufacturer).deliver(f.invoiceId, f.invoice, 1n, partIds);
      await expect(tx)
        .to.emit(f.escrow, "Delivered")
        .withArgs(f.invoiceId, 1n, partIds, 0n, 0n)
        .and.to.emit(f.escrow, "MilestoneReleased")
        .withArgs(f.invoiceId, 1n, f.manufacturer.address, DELIVERY_AMOUNT, 0n)
        .and.to.emit(f.escrow, "InvoiceSettled")
        .withArgs(f.invoiceId);
      expect(await paidOut(f.escrow, f.invoiceId)).to.deep.equal({ released: TOTAL, refunded: 0n });
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
      expect((await f.escrow.invoiceRecord(f.invoiceId)).state).to.equal(
        BigInt(InvoiceState.Settled),
      );
      await expectConserved(f.escrow, f.stable);
    });

    it("with a window: moves the parts and holds the payment until the deadline", async function () {
      const f = await loadFixture(fundedFixture);
      const partIds = conformingParts(f);
      const at = f.start + BigInt(DAY);
      await time.setNextBlockTimestamp(at);
      const tx = f.escrow.connect(f.manufacturer).deliver(f.invoiceId, f.invoice, 1n, partIds);
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
      expect(await owesStable(f)).to.equal(TOTAL);
      expect(await f.stable.balanceOf(f.escrowAddress)).to.equal(TOTAL);
      await expectConserved(f.escrow, f.stable);
    });

    it("moves nothing when one part of the delivery is not acceptable (all or nothing)", async function () {
      const f = await loadFixture(fundedFixture);
      const partIds = [...conformingParts(f, QUANTITY - 1), f.nonConformingPart];
      await expect(f.escrow.connect(f.manufacturer).deliver(f.invoiceId, f.invoice, 1n, partIds))
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
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      const byMaker = f.escrow.connect(f.manufacturer);
      for (const partId of [f.nonConformingPart, f.otherSpecPart, f.foreignPart]) {
        await expect(byMaker.deliver(invoiceId, invoice, 0n, [partId]))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowPartNotAcceptable")
          .withArgs(partId);
      }
      const [first] = conformingParts(f, 1);
      if (first === undefined) throw new Error("unreachable");
      await byMaker.deliver(invoiceId, invoice, 0n, [first]);
      await expect(byMaker.deliver(invoiceId, invoice, 1n, [first]))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowPartNotAcceptable")
        .withArgs(first);
    });

    it("refuses the same part twice in one delivery", async function () {
      const f = await loadFixture(fundedFixture);
      const [a, b] = conformingParts(f, 2);
      if (a === undefined || b === undefined) throw new Error("unreachable");
      await expect(f.escrow.connect(f.manufacturer).deliver(f.invoiceId, f.invoice, 1n, [a, b, a]))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowPartNotAcceptable")
        .withArgs(a);
    });

    it("refuses a part that stopped conforming (quarantined, or a failed test)", async function () {
      const f = await loadFixture(fundedFixture);
      const [a, b, c] = conformingParts(f);
      if (a === undefined || b === undefined || c === undefined) throw new Error("unreachable");
      await f.parts.connect(f.manufacturer).quarantine(b, REASON);
      await expect(f.escrow.connect(f.manufacturer).deliver(f.invoiceId, f.invoice, 1n, [a, b, c]))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowPartNotAcceptable")
        .withArgs(b);
      await f.parts.connect(f.testLab).attest(c, 0, REASON, false);
      await expect(f.escrow.connect(f.manufacturer).deliver(f.invoiceId, f.invoice, 1n, [a, c, b]))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowPartNotAcceptable")
        .withArgs(c);
    });

    it("refuses the wrong number of parts", async function () {
      const f = await loadFixture(fundedFixture);
      const byMaker = f.escrow.connect(f.manufacturer);
      for (const count of [0, QUANTITY - 1, QUANTITY + 1]) {
        await expect(byMaker.deliver(f.invoiceId, f.invoice, 1n, conformingParts(f, count)))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongQuantity")
          .withArgs(count, QUANTITY);
      }
    });

    it("refuses anyone but the supplier, an approval milestone and a second delivery", async function () {
      const f = await loadFixture(fundedFixture);
      const partIds = conformingParts(f);
      for (const caller of [f.customer, f.manufacturer2, f.stranger]) {
        await expect(f.escrow.connect(caller).deliver(f.invoiceId, f.invoice, 1n, partIds))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnauthorized")
          .withArgs(f.invoiceId, caller.address);
      }
      const byMaker = f.escrow.connect(f.manufacturer);
      await expect(byMaker.deliver(f.invoiceId, f.invoice, 0n, []))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneKind")
        .withArgs(f.invoiceId, 0n, MilestoneKind.Approval);
      await byMaker.deliver(f.invoiceId, f.invoice, 1n, partIds);
      await expect(
        byMaker.deliver(f.invoiceId, f.invoice, 1n, conformingParts(f, QUANTITY, QUANTITY)),
      )
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(f.invoiceId, 1n, MilestoneState.Delivered, stateBitmap(MilestoneState.Pending));
    });

    it("refuses an unfunded invoice and a milestone out of range", async function () {
      const f = await loadFixture(fundedFixture);
      const proposed = await propose(f);
      const proposedInvoice = await agreedInvoice(f.escrow, proposed);
      const byMaker = f.escrow.connect(f.manufacturer);
      await expect(byMaker.deliver(proposed, proposedInvoice, 1n, conformingParts(f)))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongInvoiceState")
        .withArgs(proposed, InvoiceState.Proposed, stateBitmap(InvoiceState.Funded));
      await expect(byMaker.deliver(f.invoiceId, f.invoice, 5n, conformingParts(f)))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownMilestone")
        .withArgs(f.invoiceId, 5n, 2n);
    });

    it("bubbles the part registry's error when the escrow is not approved for a part", async function () {
      const f = await loadFixture(fundedFixture);
      const partIds = conformingParts(f);
      const last = partIds[partIds.length - 1]!;
      await f.parts.connect(f.manufacturer).approve(ZeroAddress, last);
      await expect(f.escrow.connect(f.manufacturer).deliver(f.invoiceId, f.invoice, 1n, partIds))
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
      await expect(f.escrow.connect(f.manufacturer).deliver(f.invoiceId, f.invoice, 1n, partIds))
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
      await expect(
        f.escrow.connect(f.manufacturer).deliver(f.invoiceId, f.invoice, 1n, conformingParts(f)),
      )
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
          const tx = f.escrow.connect(f.manufacturer).deliver(f.invoiceId, f.invoice, 1n, partIds);
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
          // Paid at once: nothing is held, the penalty is the Delivered event's.
          expect((await f.escrow.milestone(f.invoiceId, 1n)).penalty).to.equal(0n);
          expect(await paidOut(f.escrow, f.invoiceId)).to.deep.equal({
            released: DELIVERY_AMOUNT - penalty,
            refunded: penalty,
          });
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
        const invoice = await agreedInvoice(f.escrow, invoiceId);
        await time.setNextBlockTimestamp(f.dueDate + 3n * BigInt(DAY)); // 300 due, 250 at stake
        const partIds = conformingParts(f);
        const tx = f.escrow.connect(f.manufacturer).deliver(invoiceId, invoice, 0n, partIds);
        await expect(tx)
          .to.emit(f.escrow, "Delivered")
          .withArgs(invoiceId, 0n, partIds, amount, 0n)
          .and.to.emit(f.escrow, "MilestoneReleased")
          .withArgs(invoiceId, 0n, f.manufacturer.address, 0n, amount)
          .and.to.emit(f.escrow, "InvoiceSettled")
          .withArgs(invoiceId);
        expect(await paidOut(f.escrow, invoiceId)).to.deep.equal({
          released: 0n,
          refunded: amount,
        });
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
        const invoice = await agreedInvoice(f.escrow, invoiceId);
        await time.setNextBlockTimestamp(f.dueDate + 5n * BigInt(DAY));
        const tx = f.escrow
          .connect(f.manufacturer)
          .deliver(invoiceId, invoice, 1n, conformingParts(f));
        await expect(tx)
          .to.emit(f.escrow, "MilestoneReleased")
          .withArgs(invoiceId, 1n, f.manufacturer.address, DELIVERY_AMOUNT, 0n);
        await expectConserved(f.escrow, f.stable);
      });

      it("is none when the payer funded after the due date, however late the delivery", async function () {
        const f = await loadFixture(deployInvoiceFixture);
        const invoiceId = await propose(f, { acceptanceWindow: 0n });
        const invoice = await agreedInvoice(f.escrow, invoiceId);
        await f.stable.connect(f.customer).approve(f.escrowAddress, TOTAL);
        const fundedAt = f.dueDate + 2n * BigInt(DAY);
        await time.setNextBlockTimestamp(fundedAt);
        await f.escrow.connect(f.customer).fund(invoiceId, invoice);
        expect(await fundedAtOf(f.escrow, invoiceId)).to.equal(fundedAt);
        expect((await f.escrow.invoiceRecord(invoiceId)).fundedLate).to.equal(true);
        // Delivered days after funding (six days past the due date): no lateness is charged.
        await time.setNextBlockTimestamp(fundedAt + 4n * BigInt(DAY));
        const partIds = conformingParts(f);
        const tx = f.escrow.connect(f.manufacturer).deliver(invoiceId, invoice, 1n, partIds);
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
        const invoice = await agreedInvoice(f.escrow, invoiceId);
        await f.stable.connect(f.customer).approve(f.escrowAddress, TOTAL);
        await time.setNextBlockTimestamp(f.dueDate);
        await f.escrow.connect(f.customer).fund(invoiceId, invoice);
        expect((await f.escrow.invoiceRecord(invoiceId)).fundedLate).to.equal(true);
        await time.setNextBlockTimestamp(f.dueDate + 1n);
        await expect(
          f.escrow.connect(f.manufacturer).deliver(invoiceId, invoice, 1n, conformingParts(f)),
        )
          .to.emit(f.escrow, "MilestoneReleased")
          .withArgs(invoiceId, 1n, f.manufacturer.address, DELIVERY_AMOUNT, 0n);
      });

      it("still runs when the payer funded a second before the due date", async function () {
        const f = await loadFixture(deployInvoiceFixture);
        const invoiceId = await propose(f, { acceptanceWindow: 0n });
        const invoice = await agreedInvoice(f.escrow, invoiceId);
        await f.stable.connect(f.customer).approve(f.escrowAddress, TOTAL);
        await time.setNextBlockTimestamp(f.dueDate - 1n);
        await f.escrow.connect(f.customer).fund(invoiceId, invoice);
        expect((await f.escrow.invoiceRecord(invoiceId)).fundedLate).to.equal(false);
        await time.setNextBlockTimestamp(f.dueDate + 1n);
        await expect(
          f.escrow.connect(f.manufacturer).deliver(invoiceId, invoice, 1n, conformingParts(f)),
        )
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
        await expect(f.escrow.connect(f.manufacturer).deliver(f.invoiceId, f.invoice, 1n, partIds))
          .to.emit(f.escrow, "Delivered")
          .withArgs(f.invoiceId, 1n, partIds, 2n * PENALTY_PER_DAY, at + BigInt(ACCEPTANCE_WINDOW));
        const penalty = 2n * PENALTY_PER_DAY;
        // Held: the penalty and the window's end are stored with the delivery.
        const held = await f.escrow.milestone(f.invoiceId, 1n);
        expect(held.state).to.equal(BigInt(MilestoneState.Delivered));
        expect(held.penalty).to.equal(penalty);
        expect(held.deadline).to.equal(at + BigInt(ACCEPTANCE_WINDOW));
        await time.increase(DAY);
        const tx = f.escrow.connect(f.customer).acceptDelivery(f.invoiceId, f.invoice, 1n);
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
      const tx = f.escrow.connect(f.customer).acceptDelivery(f.invoiceId, f.invoice, 1n);
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
      await expect(f.escrow.connect(f.customer).acceptDelivery(f.invoiceId, f.invoice, 1n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(f.invoiceId, 1n, MilestoneState.Pending, stateBitmap(MilestoneState.Delivered));
      await expect(f.escrow.connect(f.customer).acceptDelivery(f.invoiceId, f.invoice, 0n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(f.invoiceId, 0n, MilestoneState.Pending, stateBitmap(MilestoneState.Delivered));
      await deliverAt(f, f.invoiceId);
      for (const caller of [f.manufacturer, f.arbiter, f.stranger]) {
        await expect(f.escrow.connect(caller).acceptDelivery(f.invoiceId, f.invoice, 1n))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnauthorized")
          .withArgs(f.invoiceId, caller.address);
      }
      await f.escrow.connect(f.customer).acceptDelivery(f.invoiceId, f.invoice, 1n);
      await expect(f.escrow.connect(f.customer).acceptDelivery(f.invoiceId, f.invoice, 1n))
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
      const tx = f.escrow.connect(f.customer).rejectDelivery(f.invoiceId, f.invoice, 1n, REASON);
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
      await expect(f.escrow.connect(f.customer).rejectDelivery(f.invoiceId, f.invoice, 1n, REASON))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowDeadline")
        .withArgs(deadline, deadline, false);
    });

    it("refuses anyone but the payer, and a milestone not delivered", async function () {
      const f = await loadFixture(fundedFixture);
      await expect(f.escrow.connect(f.customer).rejectDelivery(f.invoiceId, f.invoice, 1n, REASON))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(f.invoiceId, 1n, MilestoneState.Pending, stateBitmap(MilestoneState.Delivered));
      await deliverAt(f, f.invoiceId);
      for (const caller of [f.manufacturer, f.arbiter, f.stranger]) {
        await expect(f.escrow.connect(caller).rejectDelivery(f.invoiceId, f.invoice, 1n, REASON))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnauthorized")
          .withArgs(f.invoiceId, caller.address);
      }
    });
  });

  describe("claim", function () {
    it("lets anyone release a held delivery once the window is over", async function () {
      const f = await loadFixture(fundedFixture);
      await f.escrow.connect(f.customer).approveMilestone(f.invoiceId, f.invoice, 0n);
      const deliveredAt = f.start + BigInt(DAY);
      await deliverAt(f, f.invoiceId, deliveredAt);
      const deadline = deliveredAt + BigInt(ACCEPTANCE_WINDOW);
      await time.setNextBlockTimestamp(deadline);
      const tx = f.escrow.connect(f.stranger).claim(f.invoiceId, f.invoice, 1n);
      await expect(tx)
        .to.emit(f.escrow, "MilestoneReleased")
        .withArgs(f.invoiceId, 1n, f.manufacturer.address, DELIVERY_AMOUNT, 0n)
        .and.to.emit(f.escrow, "InvoiceSettled")
        .withArgs(f.invoiceId);
      expect(await paidOut(f.escrow, f.invoiceId)).to.deep.equal({ released: TOTAL, refunded: 0n });
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.manufacturer, f.customer, f.stranger, f.escrow],
        [DELIVERY_AMOUNT, 0n, 0n, -DELIVERY_AMOUNT],
      );
      expect(await owesStable(f)).to.equal(0n);
      expect(await f.stable.balanceOf(f.escrowAddress)).to.equal(0n);
      await expectConserved(f.escrow, f.stable);
    });

    it("is refused before the window is over", async function () {
      const f = await loadFixture(fundedFixture);
      const deliveredAt = f.start + BigInt(DAY);
      await deliverAt(f, f.invoiceId, deliveredAt);
      const deadline = deliveredAt + BigInt(ACCEPTANCE_WINDOW);
      await time.setNextBlockTimestamp(deadline - 1n);
      await expect(f.escrow.connect(f.manufacturer).claim(f.invoiceId, f.invoice, 1n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowDeadline")
        .withArgs(deadline, deadline - 1n, true);
    });

    it("is refused for a milestone not delivered", async function () {
      const f = await loadFixture(fundedFixture);
      for (const index of [0n, 1n]) {
        await expect(f.escrow.connect(f.manufacturer).claim(f.invoiceId, f.invoice, index))
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
      await f.escrow.connect(f.customer).approveMilestone(f.invoiceId, f.invoice, 0n);
      await time.setNextBlockTimestamp(lastDay(f));
      const tx = f.escrow.connect(f.stranger).reclaim(f.invoiceId, f.invoice);
      await expect(tx)
        .to.emit(f.escrow, "MilestoneRefunded")
        .withArgs(f.invoiceId, 1n, DELIVERY_AMOUNT)
        .and.to.emit(f.escrow, "InvoiceSettled")
        .withArgs(f.invoiceId);
      expect(await paidOut(f.escrow, f.invoiceId)).to.deep.equal({
        released: APPROVAL_AMOUNT,
        refunded: DELIVERY_AMOUNT,
      });
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, f.manufacturer, f.escrow],
        [DELIVERY_AMOUNT, 0n, -DELIVERY_AMOUNT],
      );
      const m = await f.escrow.milestone(f.invoiceId, 1n);
      expect(m.state).to.equal(BigInt(MilestoneState.Refunded));
      const rec = await f.escrow.invoiceRecord(f.invoiceId);
      expect(rec.state).to.equal(BigInt(InvoiceState.Settled));
      expect(rec.milestoneStates).to.equal(
        packedStates(MilestoneState.Released, MilestoneState.Refunded),
      );
      expect(rec.openMilestones).to.equal(0n);
      await expectConserved(f.escrow, f.stable);
      await expect(f.escrow.reclaim(f.invoiceId, f.invoice))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongInvoiceState")
        .withArgs(f.invoiceId, InvoiceState.Settled, stateBitmap(InvoiceState.Funded));
    });

    it("refunds every pending milestone in one go", async function () {
      const f = await loadFixture(fundedFixture);
      await time.increaseTo(lastDay(f) + BigInt(DAY));
      const tx = f.escrow.connect(f.customer).reclaim(f.invoiceId, f.invoice);
      await expect(tx)
        .to.emit(f.escrow, "MilestoneRefunded")
        .withArgs(f.invoiceId, 0n, APPROVAL_AMOUNT)
        .and.to.emit(f.escrow, "MilestoneRefunded")
        .withArgs(f.invoiceId, 1n, DELIVERY_AMOUNT)
        .and.to.emit(f.escrow, "InvoiceSettled")
        .withArgs(f.invoiceId);
      expect(await paidOut(f.escrow, f.invoiceId)).to.deep.equal({ released: 0n, refunded: TOTAL });
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
      await expect(f.escrow.reclaim(f.invoiceId, f.invoice))
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
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      await f.escrow.connect(f.manufacturer).dispute(invoiceId, invoice, 0n, REASON);
      // Delivered on the last second of grace: held for three days beyond it.
      await deliverAt(f, invoiceId, lastDay(f) - 1n);
      const tx = f.escrow.reclaim(invoiceId, invoice);
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
      const rec = await f.escrow.invoiceRecord(invoiceId);
      expect(rec.state).to.equal(BigInt(InvoiceState.Funded));
      expect(rec.openMilestones).to.equal(2n);
      expect(rec.milestoneStates).to.equal(
        packedStates(MilestoneState.Disputed, MilestoneState.Delivered, MilestoneState.Refunded),
      );
      expect(await owesStable(f)).to.equal(USD(3_000n));
      expect(await f.stable.balanceOf(f.escrowAddress)).to.equal(USD(3_000n));
      await expectConserved(f.escrow, f.stable);
      await expect(f.escrow.reclaim(invoiceId, invoice))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowNothingToReclaim")
        .withArgs(invoiceId);
    });

    it("does not refund a released milestone: NothingToReclaim", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await proposeAndFund(f, {}, [approvalMilestone(), deliveryMilestone()]);
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      await f.escrow.connect(f.customer).approveMilestone(invoiceId, invoice, 0n);
      await deliverAt(f, invoiceId);
      await time.increaseTo(lastDay(f));
      await expect(f.escrow.reclaim(invoiceId, invoice))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowNothingToReclaim")
        .withArgs(invoiceId);
      await f.escrow.claim(invoiceId, invoice, 1n);
      await expectConserved(f.escrow, f.stable);
    });

    it("refuses an invoice not funded and an unknown one", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await propose(f);
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      await time.increaseTo(lastDay(f));
      await expect(f.escrow.reclaim(invoiceId, invoice))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongInvoiceState")
        .withArgs(invoiceId, InvoiceState.Proposed, stateBitmap(InvoiceState.Funded));
      await expect(f.escrow.reclaim(invoiceId + 1n, invoice))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownInvoice")
        .withArgs(invoiceId + 1n);
    });
  });

  describe("the receivable", function () {
    it("once assigned to a financier, pays the financier and not the supplier", async function () {
      const f = await loadFixture(fundedFixture);
      await expect(
        f.escrow
          .connect(f.manufacturer)
          .assignReceivable(f.invoiceId, f.invoice, f.financier.address),
      )
        .to.emit(f.escrow, "ReceivableAssigned")
        .withArgs(f.invoiceId, f.financier.address)
        .and.to.emit(f.escrow, "Transfer")
        .withArgs(ZeroAddress, f.financier.address, f.invoiceId);
      expect(await f.escrow.ownerOf(f.invoiceId)).to.equal(f.financier.address);
      expect(await f.escrow.payee(f.invoiceId)).to.equal(f.financier.address);

      const approval = f.escrow.connect(f.customer).approveMilestone(f.invoiceId, f.invoice, 0n);
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
      await f.escrow.connect(f.manufacturer).deliver(f.invoiceId, f.invoice, 1n, partIds);
      await time.increase(ACCEPTANCE_WINDOW);
      const claim = f.escrow.connect(f.financier).claim(f.invoiceId, f.invoice, 1n);
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

    it("is never sent to the invoice's arbiter, at assignment or mid-dispute", async function () {
      const f = await loadFixture(fundedFixture);
      const byMaker = f.escrow.connect(f.manufacturer);
      await expect(byMaker.assignReceivable(f.invoiceId, f.invoice, f.arbiter.address))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowReceivableToArbiter")
        .withArgs(f.invoiceId, f.arbiter.address);
      // Assigned to the supplier itself: it cannot pass it on to the arbiter either.
      await byMaker.assignReceivable(f.invoiceId, f.invoice, f.manufacturer.address);
      await expect(byMaker.transferFrom(f.manufacturer.address, f.arbiter.address, f.invoiceId))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowReceivableToArbiter")
        .withArgs(f.invoiceId, f.arbiter.address);
      // Sold to a financier while a milestone is in dispute: the financier cannot pass it on
      // to the arbiter, by plain or safe transfer.
      await byMaker.dispute(f.invoiceId, f.invoice, 0n, REASON);
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
      await expect(f.escrow.connect(f.arbiter).rule(f.invoiceId, f.invoice, 0n, toPayee))
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
        byMaker.assignReceivable(
          withArbiter,
          await agreedInvoice(f.escrow, withArbiter),
          f.otherArbiter.address,
        ),
      )
        .to.emit(f.escrow, "Transfer")
        .withArgs(ZeroAddress, f.otherArbiter.address, withArbiter);
      await expect(
        byMaker.assignReceivable(
          without,
          await agreedInvoice(f.escrow, without),
          f.arbiter.address,
        ),
      )
        .to.emit(f.escrow, "Transfer")
        .withArgs(ZeroAddress, f.arbiter.address, without);
      // And on from there: the arbiter of the first invoice may take the second's from anyone.
      await expect(
        f.escrow
          .connect(f.arbiter)
          .transferFrom(f.arbiter.address, f.otherArbiter.address, without),
      )
        .to.emit(f.escrow, "Transfer")
        .withArgs(f.arbiter.address, f.otherArbiter.address, without);
    });

    it("pays the supplier until assigned, then whoever holds it at the time of each release", async function () {
      const f = await loadFixture(immediateFixture);
      await expect(f.escrow.connect(f.customer).approveMilestone(f.invoiceId, f.invoice, 0n))
        .to.emit(f.escrow, "MilestoneReleased")
        .withArgs(f.invoiceId, 0n, f.manufacturer.address, APPROVAL_AMOUNT, 0n);
      await f.escrow
        .connect(f.manufacturer)
        .assignReceivable(f.invoiceId, f.invoice, f.financier.address);
      await f.escrow
        .connect(f.financier)
        .transferFrom(f.financier.address, f.stranger.address, f.invoiceId);
      expect(await f.escrow.payee(f.invoiceId)).to.equal(f.stranger.address);
      const tx = f.escrow
        .connect(f.manufacturer)
        .deliver(f.invoiceId, f.invoice, 1n, conformingParts(f));
      await expect(tx)
        .to.emit(f.escrow, "MilestoneReleased")
        .withArgs(f.invoiceId, 1n, f.stranger.address, DELIVERY_AMOUNT, 0n);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.stranger, f.financier, f.manufacturer],
        [DELIVERY_AMOUNT, 0n, 0n],
      );
      await expectConserved(f.escrow, f.stable);
    });
  });

  describe("the agreement passed back", function () {
    /** A call of each milestone action with `passed` in place of the agreed invoice. */
    const actions: {
      name: string;
      /** Sets the milestone up so that only the terms are wrong (the right call would pass). */
      setup?: (f: Awaited<ReturnType<typeof fundedFixture>>) => Promise<void>;
      call: (
        f: Awaited<ReturnType<typeof fundedFixture>>,
        passed: typeof f.invoice,
      ) => Promise<unknown>;
    }[] = [
      {
        name: "approveMilestone",
        call: (f, passed) => f.escrow.connect(f.customer).approveMilestone(f.invoiceId, passed, 0n),
      },
      {
        name: "deliver",
        call: (f, passed) =>
          f.escrow.connect(f.manufacturer).deliver(f.invoiceId, passed, 1n, conformingParts(f)),
      },
      {
        name: "acceptDelivery",
        setup: async (f) => void (await deliverAt(f, f.invoiceId)),
        call: (f, passed) => f.escrow.connect(f.customer).acceptDelivery(f.invoiceId, passed, 1n),
      },
      {
        name: "rejectDelivery",
        setup: async (f) => void (await deliverAt(f, f.invoiceId)),
        call: (f, passed) =>
          f.escrow.connect(f.customer).rejectDelivery(f.invoiceId, passed, 1n, REASON),
      },
      {
        name: "claim",
        setup: async (f) => {
          await deliverAt(f, f.invoiceId);
          await time.increase(ACCEPTANCE_WINDOW);
        },
        call: (f, passed) => f.escrow.connect(f.stranger).claim(f.invoiceId, passed, 1n),
      },
      {
        name: "dispute",
        call: (f, passed) =>
          f.escrow.connect(f.manufacturer).dispute(f.invoiceId, passed, 0n, REASON),
      },
      {
        name: "rule",
        setup: async (f) =>
          void (await f.escrow.connect(f.manufacturer).dispute(f.invoiceId, f.invoice, 0n, REASON)),
        call: (f, passed) => f.escrow.connect(f.arbiter).rule(f.invoiceId, passed, 0n, 0n),
      },
      {
        name: "reclaim",
        setup: async (f) => void (await time.increaseTo(lastDay(f))),
        call: (f, passed) => f.escrow.connect(f.customer).reclaim(f.invoiceId, passed),
      },
    ];
    for (const { name, setup, call } of actions) {
      it(`${name} refuses an invoice that is not the agreed one: InvoiceEscrowWrongTerms(id, stored, given)`, async function () {
        const f = await loadFixture(fundedFixture);
        await setup?.(f);
        const stored = await f.escrow.hashInvoice(f.invoice);
        expect((await f.escrow.invoiceRecord(f.invoiceId)).termsHash).to.equal(stored);
        for (const [what, passed] of tamperedInvoices(f.invoice, f.stranger.address)) {
          const given = await f.escrow.hashInvoice(passed);
          expect(given, what).not.to.equal(stored);
          await expect(call(f, passed), what)
            .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongTerms")
            .withArgs(f.invoiceId, stored, given);
        }
        // The agreed invoice goes through: only the terms were wrong.
        await expect(call(f, f.invoice)).not.to.revert(ethers);
        await expectConserved(f.escrow, f.stable);
      });
    }

    it("withdraw refuses an invoice that is not the agreed one: InvoiceEscrowWrongTerms", async function () {
      const f = await loadFixture(fundedFixture);
      const stored = await f.escrow.hashInvoice(f.invoice);
      for (const [what, passed] of tamperedInvoices(f.invoice, f.stranger.address)) {
        await expect(
          f.escrow.connect(f.manufacturer).withdraw(f.invoiceId, passed, f.manufacturer.address),
          what,
        )
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongTerms")
          .withArgs(f.invoiceId, stored, await f.escrow.hashInvoice(passed));
      }
      // With the agreed invoice the call gets as far as what is owed: nothing here.
      await expect(
        f.escrow.connect(f.manufacturer).withdraw(f.invoiceId, f.invoice, f.manufacturer.address),
      )
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowNothingToWithdraw")
        .withArgs(f.invoiceId, f.manufacturer.address);
    });
  });
});
