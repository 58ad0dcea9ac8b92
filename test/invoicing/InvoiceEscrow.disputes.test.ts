import { expect } from "chai";
import { network } from "hardhat";
import {
  ACCEPTANCE_WINDOW,
  APPROVAL_AMOUNT,
  conformingParts,
  DAY,
  DELIVERY_AMOUNT,
  deployInvoiceFixture,
  expectConserved,
  GRACE_PERIOD,
  InvoiceState,
  MilestoneState,
  PENALTY_CAP,
  PENALTY_PER_DAY,
  propose,
  proposeAndFund,
  REASON,
  Role,
  RULING_PERIOD,
  TOTAL,
  USD,
  ZERO_ADDRESS,
  type InvoiceFixture,
} from "./fixture.js";
import { agreedInvoice } from "../helpers/agreements.js";
import { stateBitmap } from "../helpers/roles.js";
import type { IInvoiceEscrow, InvoiceEscrow } from "../../src/typechain/index.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

/** The default invoice (id 1), funded; the delivery of milestone 1 is held three days. */
async function fundedFixture(connection: Parameters<typeof deployInvoiceFixture>[0]) {
  const f = await deployInvoiceFixture(connection);
  const invoiceId = await proposeAndFund(f);
  return { ...f, invoiceId, invoice: await agreedInvoice(f.escrow, invoiceId) };
}

/**
 * What invoice `invoiceId` paid its payee (`released`) and gave back to its payer (`refunded`:
 * rulings' and penalties' shares and refunds), summed from its events: the escrow stores
 * neither.
 */
async function settlement(
  escrow: InvoiceEscrow,
  invoiceId: bigint,
): Promise<{ released: bigint; refunded: bigint }> {
  const releases = await escrow.queryFilter(escrow.filters.MilestoneReleased(invoiceId));
  const refunds = await escrow.queryFilter(escrow.filters.MilestoneRefunded(invoiceId));
  let released = 0n;
  let refunded = 0n;
  for (const e of releases) {
    released += e.args.toPayee;
    refunded += e.args.toPayer;
  }
  for (const e of refunds) refunded += e.args.amount;
  return { released, refunded };
}

/**
 * Delivers milestone 1 at `deliveredAt` (default: a day after the start) and has the payer
 * reject it at `rejectedAt` (default: a second later); returns when the ruling period ends.
 */
async function deliverAndReject(
  f: InvoiceFixture & { invoiceId: bigint; invoice: IInvoiceEscrow.InvoiceStruct },
  deliveredAt: bigint = f.start + BigInt(DAY),
): Promise<bigint> {
  await time.setNextBlockTimestamp(deliveredAt);
  await f.escrow.connect(f.manufacturer).deliver(f.invoiceId, f.invoice, 1n, conformingParts(f));
  const rejectedAt = deliveredAt + 1n;
  await time.setNextBlockTimestamp(rejectedAt);
  await f.escrow.connect(f.customer).rejectDelivery(f.invoiceId, f.invoice, 1n, REASON);
  return rejectedAt + BigInt(RULING_PERIOD);
}

describe("InvoiceEscrow: disputes", function () {
  describe("dispute windows (no dispute once the money would move anyway)", function () {
    it("refuses a dispute of a delivery after its acceptance window, by either side", async function () {
      const f = await loadFixture(fundedFixture);
      const deliveredAt = f.start + BigInt(DAY);
      await time.setNextBlockTimestamp(deliveredAt);
      await f.escrow
        .connect(f.manufacturer)
        .deliver(f.invoiceId, f.invoice, 1n, conformingParts(f));
      const deadline = deliveredAt + BigInt(ACCEPTANCE_WINDOW);
      await time.setNextBlockTimestamp(deadline);
      await expect(f.escrow.connect(f.customer).dispute(f.invoiceId, f.invoice, 1n, REASON))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowDeadline")
        .withArgs(deadline, deadline, false);
    });

    it("refuses a second dispute of a delivery once the first lapsed: it can only be claimed", async function () {
      const f = await loadFixture(fundedFixture);
      const rulingEnds = await deliverAndReject(f);
      await time.setNextBlockTimestamp(rulingEnds);
      await f.escrow.lapseDispute(f.invoiceId, 1n);
      await expect(f.escrow.connect(f.customer).dispute(f.invoiceId, f.invoice, 1n, REASON))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowDeadline")
        .withArgs(rulingEnds, rulingEnds + 1n, false);
      await expect(f.escrow.claim(f.invoiceId, f.invoice, 1n)).to.emit(
        f.escrow,
        "MilestoneReleased",
      );
      await expectConserved(f.escrow, f.stable);
    });

    it("refuses a dispute of a pending milestone once the payer may reclaim it", async function () {
      const f = await loadFixture(fundedFixture);
      const lastDay = f.dueDate + BigInt(GRACE_PERIOD);
      await time.setNextBlockTimestamp(lastDay);
      await expect(f.escrow.connect(f.manufacturer).dispute(f.invoiceId, f.invoice, 0n, REASON))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowDeadline")
        .withArgs(lastDay, lastDay, false);
      await expect(f.escrow.reclaim(f.invoiceId, f.invoice)).to.emit(f.escrow, "InvoiceSettled");
      await expectConserved(f.escrow, f.stable);
    });
  });

  describe("dispute", function () {
    it("lets the supplier dispute a pending milestone: held until the ruling period ends", async function () {
      const f = await loadFixture(fundedFixture);
      const at = f.start + BigInt(DAY);
      await time.setNextBlockTimestamp(at);
      const tx = f.escrow.connect(f.manufacturer).dispute(f.invoiceId, f.invoice, 0n, REASON);
      await expect(tx)
        .to.emit(f.escrow, "Disputed")
        .withArgs(f.invoiceId, 0n, f.manufacturer.address, REASON);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, f.manufacturer, f.escrow],
        [0n, 0n, 0n],
      );
      const m = await f.escrow.milestone(f.invoiceId, 0n);
      expect(m.state).to.equal(BigInt(MilestoneState.Disputed));
      expect(m.disputedFrom).to.equal(BigInt(MilestoneState.Pending));
      expect(m.deadline).to.equal(at + BigInt(RULING_PERIOD));
      // A disputed milestone can no longer be approved.
      await expect(f.escrow.connect(f.customer).approveMilestone(f.invoiceId, f.invoice, 0n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(f.invoiceId, 0n, MilestoneState.Disputed, stateBitmap(MilestoneState.Pending));
      await expectConserved(f.escrow, f.stable);
    });

    it("refuses the payer's dispute of a pending milestone: its remedy for non-delivery is reclaim", async function () {
      const f = await loadFixture(fundedFixture);
      for (const index of [0n, 1n]) {
        await expect(f.escrow.connect(f.customer).dispute(f.invoiceId, f.invoice, index, REASON))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnauthorized")
          .withArgs(f.invoiceId, f.customer.address);
      }
    });

    it("a payer's dispute timed to outlast the due date plus grace never turns a delivery into a refund", async function () {
      const f = await loadFixture(fundedFixture);
      const lastDay = f.dueDate + BigInt(GRACE_PERIOD);
      // The attack: dispute the pending delivery just before the last day, let it lapse after
      // it, and reclaim. The first step is refused, so the supplier can still deliver.
      await time.setNextBlockTimestamp(lastDay - 2n);
      await expect(f.escrow.connect(f.customer).dispute(f.invoiceId, f.invoice, 1n, REASON))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnauthorized")
        .withArgs(f.invoiceId, f.customer.address);
      const penalty = PENALTY_CAP;
      await time.setNextBlockTimestamp(lastDay - 1n);
      await expect(
        f.escrow.connect(f.manufacturer).deliver(f.invoiceId, f.invoice, 1n, conformingParts(f)),
      )
        .to.emit(f.escrow, "Delivered")
        .withArgs(
          f.invoiceId,
          1n,
          conformingParts(f),
          penalty,
          lastDay - 1n + BigInt(ACCEPTANCE_WINDOW),
        );
      // After the last day only the undelivered approval milestone is refunded.
      await time.setNextBlockTimestamp(lastDay + BigInt(DAY));
      const reclaim = f.escrow.connect(f.customer).reclaim(f.invoiceId, f.invoice);
      await expect(reclaim)
        .to.emit(f.escrow, "MilestoneRefunded")
        .withArgs(f.invoiceId, 0n, APPROVAL_AMOUNT);
      await expect(reclaim).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, f.manufacturer, f.escrow],
        [APPROVAL_AMOUNT, 0n, -APPROVAL_AMOUNT],
      );
      expect((await f.escrow.milestone(f.invoiceId, 1n)).state).to.equal(
        BigInt(MilestoneState.Delivered),
      );
      await expectConserved(f.escrow, f.stable);
    });

    it("a lapsed delivery dispute is claimable at once, and cannot be disputed or rejected again", async function () {
      const f = await loadFixture(fundedFixture);
      const rulingEnds = await deliverAndReject(f);
      await time.setNextBlockTimestamp(rulingEnds);
      await expect(f.escrow.lapseDispute(f.invoiceId, 1n))
        .to.emit(f.escrow, "DisputeLapsed")
        .withArgs(f.invoiceId, 1n, MilestoneState.Delivered);
      await time.setNextBlockTimestamp(rulingEnds + 1n);
      await expect(f.escrow.connect(f.customer).dispute(f.invoiceId, f.invoice, 1n, REASON))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowDeadline")
        .withArgs(rulingEnds, rulingEnds + 1n, false);
      await time.setNextBlockTimestamp(rulingEnds + 2n);
      await expect(f.escrow.connect(f.customer).rejectDelivery(f.invoiceId, f.invoice, 1n, REASON))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowDeadline")
        .withArgs(rulingEnds, rulingEnds + 2n, false);
      await time.setNextBlockTimestamp(rulingEnds + 3n);
      const claim = f.escrow.connect(f.stranger).claim(f.invoiceId, f.invoice, 1n);
      await expect(claim)
        .to.emit(f.escrow, "MilestoneReleased")
        .withArgs(f.invoiceId, 1n, f.manufacturer.address, DELIVERY_AMOUNT, 0n);
      await expect(claim).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.manufacturer, f.customer, f.escrow],
        [DELIVERY_AMOUNT, 0n, -DELIVERY_AMOUNT],
      );
      await expectConserved(f.escrow, f.stable);
    });

    it("lets the payer dispute a held delivery, which then cannot be claimed", async function () {
      const f = await loadFixture(fundedFixture);
      await f.escrow
        .connect(f.manufacturer)
        .deliver(f.invoiceId, f.invoice, 1n, conformingParts(f));
      await expect(f.escrow.connect(f.customer).dispute(f.invoiceId, f.invoice, 1n, REASON))
        .to.emit(f.escrow, "Disputed")
        .withArgs(f.invoiceId, 1n, f.customer.address, REASON);
      const m = await f.escrow.milestone(f.invoiceId, 1n);
      expect(m.disputedFrom).to.equal(BigInt(MilestoneState.Delivered));
      await time.increase(ACCEPTANCE_WINDOW);
      await expect(f.escrow.claim(f.invoiceId, f.invoice, 1n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(f.invoiceId, 1n, MilestoneState.Disputed, stateBitmap(MilestoneState.Delivered));
    });

    it("refuses the supplier's dispute of its own delivery: the payer keeps its whole acceptance window", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      // A ruling period (1 day) shorter than the acceptance window (10 days).
      const window = 10n * BigInt(DAY);
      const invoiceId = await proposeAndFund(f, {
        acceptanceWindow: window,
        rulingPeriod: BigInt(DAY),
      });
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      const deliveredAt = f.start + BigInt(DAY);
      await time.setNextBlockTimestamp(deliveredAt);
      await f.escrow.connect(f.manufacturer).deliver(invoiceId, invoice, 1n, conformingParts(f));
      // The attack: dispute it and let the dispute lapse after a day, making it claimable.
      await expect(f.escrow.connect(f.manufacturer).dispute(invoiceId, invoice, 1n, REASON))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnauthorized")
        .withArgs(invoiceId, f.manufacturer.address);
      const deadline = deliveredAt + window;
      const later = deliveredAt + 2n * BigInt(DAY);
      await time.setNextBlockTimestamp(later);
      await expect(f.escrow.claim(invoiceId, invoice, 1n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowDeadline")
        .withArgs(deadline, later, true);
      // The payer can still reject it on the ninth day.
      await time.setNextBlockTimestamp(deadline - 1n);
      await expect(f.escrow.connect(f.customer).rejectDelivery(invoiceId, invoice, 1n, REASON))
        .to.emit(f.escrow, "Disputed")
        .withArgs(invoiceId, 1n, f.customer.address, REASON);
      await expectConserved(f.escrow, f.stable);
    });

    it("refuses anyone but the two parties, even the receivable's holder", async function () {
      const f = await loadFixture(fundedFixture);
      await f.escrow
        .connect(f.manufacturer)
        .assignReceivable(f.invoiceId, f.invoice, f.financier.address);
      expect(await f.escrow.payee(f.invoiceId)).to.equal(f.financier.address);
      for (const caller of [f.arbiter, f.financier, f.stranger]) {
        await expect(f.escrow.connect(caller).dispute(f.invoiceId, f.invoice, 0n, REASON))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnauthorized")
          .withArgs(f.invoiceId, caller.address);
      }
    });

    it("refuses a milestone whose money is no longer held, or already disputed", async function () {
      const f = await loadFixture(fundedFixture);
      await f.escrow.connect(f.customer).approveMilestone(f.invoiceId, f.invoice, 0n);
      await expect(f.escrow.connect(f.manufacturer).dispute(f.invoiceId, f.invoice, 0n, REASON))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(
          f.invoiceId,
          0n,
          MilestoneState.Released,
          stateBitmap(MilestoneState.Pending, MilestoneState.Delivered),
        );
      await f.escrow.connect(f.manufacturer).dispute(f.invoiceId, f.invoice, 1n, REASON);
      await expect(f.escrow.connect(f.manufacturer).dispute(f.invoiceId, f.invoice, 1n, REASON))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(
          f.invoiceId,
          1n,
          MilestoneState.Disputed,
          stateBitmap(MilestoneState.Pending, MilestoneState.Delivered),
        );
    });

    it("refuses an unfunded invoice and a milestone out of range", async function () {
      const f = await loadFixture(fundedFixture);
      const proposed = await propose(f);
      const proposedInvoice = await agreedInvoice(f.escrow, proposed);
      await expect(f.escrow.connect(f.customer).dispute(proposed, proposedInvoice, 0n, REASON))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongInvoiceState")
        .withArgs(proposed, InvoiceState.Proposed, stateBitmap(InvoiceState.Funded));
      await expect(f.escrow.connect(f.customer).dispute(f.invoiceId, f.invoice, 2n, REASON))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownMilestone")
        .withArgs(f.invoiceId, 2n, 2n);
    });
  });

  describe("rule", function () {
    it("splits a rejected delivery as the arbiter rules, paying the exact amounts", async function () {
      const f = await loadFixture(fundedFixture);
      await deliverAndReject(f);
      const toPayee = USD(3_600n);
      const toPayer = DELIVERY_AMOUNT - toPayee;
      const tx = f.escrow.connect(f.arbiter).rule(f.invoiceId, f.invoice, 1n, toPayee);
      await expect(tx)
        .to.emit(f.escrow, "Ruled")
        .withArgs(f.invoiceId, 1n, f.arbiter.address, toPayee)
        .and.to.emit(f.escrow, "MilestoneReleased")
        .withArgs(f.invoiceId, 1n, f.manufacturer.address, toPayee, toPayer);
      await expect(tx).not.to.emit(f.escrow, "InvoiceSettled");
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.manufacturer, f.customer, f.arbiter, f.escrow],
        [toPayee, toPayer, 0n, -DELIVERY_AMOUNT],
      );
      const m = await f.escrow.milestone(f.invoiceId, 1n);
      expect(m.state).to.equal(BigInt(MilestoneState.Resolved));
      expect(await settlement(f.escrow, f.invoiceId)).to.deep.equal({
        released: toPayee,
        refunded: toPayer,
      });
      expect((await f.escrow.invoiceRecord(f.invoiceId)).openMilestones).to.equal(1n);
      await expectConserved(f.escrow, f.stable);
    });

    it("can give everything to either side; the last ruling settles the invoice", async function () {
      const f = await loadFixture(fundedFixture);
      await f.escrow.connect(f.manufacturer).dispute(f.invoiceId, f.invoice, 0n, REASON);
      const all = f.escrow.connect(f.arbiter).rule(f.invoiceId, f.invoice, 0n, APPROVAL_AMOUNT);
      await expect(all)
        .to.emit(f.escrow, "MilestoneReleased")
        .withArgs(f.invoiceId, 0n, f.manufacturer.address, APPROVAL_AMOUNT, 0n);
      await expect(all).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.manufacturer, f.customer],
        [APPROVAL_AMOUNT, 0n],
      );
      await deliverAndReject(f);
      const none = f.escrow.connect(f.arbiter).rule(f.invoiceId, f.invoice, 1n, 0n);
      await expect(none)
        .to.emit(f.escrow, "MilestoneReleased")
        .withArgs(f.invoiceId, 1n, f.manufacturer.address, 0n, DELIVERY_AMOUNT)
        .and.to.emit(f.escrow, "InvoiceSettled")
        .withArgs(f.invoiceId);
      await expect(none).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.manufacturer, f.customer],
        [0n, DELIVERY_AMOUNT],
      );
      expect(await settlement(f.escrow, f.invoiceId)).to.deep.equal({
        released: APPROVAL_AMOUNT,
        refunded: DELIVERY_AMOUNT,
      });
      expect((await f.escrow.invoiceRecord(f.invoiceId)).state).to.equal(
        BigInt(InvoiceState.Settled),
      );
      await expectConserved(f.escrow, f.stable);
    });

    it("keeps the lateness penalty with the payer: toPayee at most amount - penalty", async function () {
      const f = await loadFixture(fundedFixture);
      await deliverAndReject(f, f.dueDate + 2n * BigInt(DAY)); // two days late
      const penalty = 2n * PENALTY_PER_DAY;
      const atStake = DELIVERY_AMOUNT - penalty;
      await expect(f.escrow.connect(f.arbiter).rule(f.invoiceId, f.invoice, 1n, atStake + 1n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowRulingTooLarge")
        .withArgs(atStake + 1n, atStake);
      const tx = f.escrow.connect(f.arbiter).rule(f.invoiceId, f.invoice, 1n, atStake);
      await expect(tx)
        .to.emit(f.escrow, "MilestoneReleased")
        .withArgs(f.invoiceId, 1n, f.manufacturer.address, atStake, penalty);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.manufacturer, f.customer, f.escrow],
        [atStake, penalty, -DELIVERY_AMOUNT],
      );
      await expectConserved(f.escrow, f.stable);
    });

    it("refuses a ruling larger than the disputed amount", async function () {
      const f = await loadFixture(fundedFixture);
      await f.escrow.connect(f.manufacturer).dispute(f.invoiceId, f.invoice, 0n, REASON);
      await expect(
        f.escrow.connect(f.arbiter).rule(f.invoiceId, f.invoice, 0n, APPROVAL_AMOUNT + 1n),
      )
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowRulingTooLarge")
        .withArgs(APPROVAL_AMOUNT + 1n, APPROVAL_AMOUNT);
    });

    it("pays the payee's share to the receivable's holder", async function () {
      const f = await loadFixture(fundedFixture);
      expect(await f.escrow.payee(f.invoiceId)).to.equal(f.manufacturer.address);
      await f.escrow
        .connect(f.manufacturer)
        .assignReceivable(f.invoiceId, f.invoice, f.financier.address);
      expect(await f.escrow.payee(f.invoiceId)).to.equal(f.financier.address);
      await deliverAndReject(f);
      const toPayee = USD(5_000n);
      const tx = f.escrow.connect(f.arbiter).rule(f.invoiceId, f.invoice, 1n, toPayee);
      await expect(tx)
        .to.emit(f.escrow, "MilestoneReleased")
        .withArgs(f.invoiceId, 1n, f.financier.address, toPayee, DELIVERY_AMOUNT - toPayee);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.financier, f.manufacturer, f.customer],
        [toPayee, 0n, DELIVERY_AMOUNT - toPayee],
      );
      await expectConserved(f.escrow, f.stable);
    });

    it("is allowed until the last second of the ruling period, refused from its end", async function () {
      const f = await loadFixture(fundedFixture);
      const end = await deliverAndReject(f);
      await time.setNextBlockTimestamp(end);
      await expect(f.escrow.connect(f.arbiter).rule(f.invoiceId, f.invoice, 1n, 0n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowDeadline")
        .withArgs(end, end, false);

      const g = await loadFixture(fundedFixture);
      const gEnd = await deliverAndReject(g);
      await time.setNextBlockTimestamp(gEnd - 1n);
      await expect(g.escrow.connect(g.arbiter).rule(g.invoiceId, g.invoice, 1n, 0n))
        .to.emit(g.escrow, "Ruled")
        .withArgs(g.invoiceId, 1n, g.arbiter.address, 0n);
      await expectConserved(g.escrow, g.stable);
    });

    it("refuses an arbiter who is no longer active: NotAccredited(arbiter, Arbiter)", async function () {
      const f = await loadFixture(fundedFixture);
      await deliverAndReject(f);
      await f.participantRegistry.connect(f.registrar).suspend(f.arbiter.address, REASON);
      await expect(f.escrow.connect(f.arbiter).rule(f.invoiceId, f.invoice, 1n, 0n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowNotAccredited")
        .withArgs(f.arbiter.address, Role.Arbiter);
      await f.participantRegistry.connect(f.registrar).reinstate(f.arbiter.address);
      await expect(f.escrow.connect(f.arbiter).rule(f.invoiceId, f.invoice, 1n, 0n)).to.emit(
        f.escrow,
        "Ruled",
      );
    });

    it("refuses a milestone that is not disputed", async function () {
      const f = await loadFixture(fundedFixture);
      await expect(f.escrow.connect(f.arbiter).rule(f.invoiceId, f.invoice, 1n, 0n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(f.invoiceId, 1n, MilestoneState.Pending, stateBitmap(MilestoneState.Disputed));
      await f.escrow
        .connect(f.manufacturer)
        .deliver(f.invoiceId, f.invoice, 1n, conformingParts(f));
      await expect(f.escrow.connect(f.arbiter).rule(f.invoiceId, f.invoice, 1n, 0n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(f.invoiceId, 1n, MilestoneState.Delivered, stateBitmap(MilestoneState.Disputed));
    });

    it("is refused to everyone on an invoice without arbiter", async function () {
      const f = await loadFixture(deployInvoiceFixture);
      const invoiceId = await proposeAndFund(f, { arbiter: ZERO_ADDRESS });
      const invoice = await agreedInvoice(f.escrow, invoiceId);
      await f.escrow.connect(f.manufacturer).dispute(invoiceId, invoice, 0n, REASON);
      for (const caller of [f.arbiter, f.customer, f.manufacturer, f.stranger]) {
        await expect(f.escrow.connect(caller).rule(invoiceId, invoice, 0n, 0n))
          .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnauthorized")
          .withArgs(invoiceId, caller.address);
      }
    });
  });

  describe("lapseDispute", function () {
    it("after the ruling period, lets anyone restore a disputed pending milestone", async function () {
      const f = await loadFixture(fundedFixture);
      const at = f.start + BigInt(DAY);
      await time.setNextBlockTimestamp(at);
      await f.escrow.connect(f.manufacturer).dispute(f.invoiceId, f.invoice, 0n, REASON);
      const end = at + BigInt(RULING_PERIOD);
      await time.setNextBlockTimestamp(end);
      const tx = f.escrow.connect(f.stranger).lapseDispute(f.invoiceId, 0n);
      await expect(tx)
        .to.emit(f.escrow, "DisputeLapsed")
        .withArgs(f.invoiceId, 0n, MilestoneState.Pending);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, f.manufacturer, f.escrow],
        [0n, 0n, 0n],
      );
      const m = await f.escrow.milestone(f.invoiceId, 0n);
      expect(m.state).to.equal(BigInt(MilestoneState.Pending));
      expect(m.deadline).to.equal(0n);
      // Pending again: the payer can approve it, and the arbiter can no longer rule.
      await expect(f.escrow.connect(f.arbiter).rule(f.invoiceId, f.invoice, 0n, 0n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(f.invoiceId, 0n, MilestoneState.Pending, stateBitmap(MilestoneState.Disputed));
      await expect(f.escrow.connect(f.customer).approveMilestone(f.invoiceId, f.invoice, 0n))
        .to.emit(f.escrow, "MilestoneReleased")
        .withArgs(f.invoiceId, 0n, f.manufacturer.address, APPROVAL_AMOUNT, 0n);
      await expectConserved(f.escrow, f.stable);
    });

    it("restores a rejected delivery, claimable at once", async function () {
      const f = await loadFixture(fundedFixture);
      const end = await deliverAndReject(f);
      await time.setNextBlockTimestamp(end);
      await expect(f.escrow.connect(f.manufacturer).lapseDispute(f.invoiceId, 1n))
        .to.emit(f.escrow, "DisputeLapsed")
        .withArgs(f.invoiceId, 1n, MilestoneState.Delivered);
      const m = await f.escrow.milestone(f.invoiceId, 1n);
      expect(m.state).to.equal(BigInt(MilestoneState.Delivered));
      expect(m.deadline).to.equal(end);
      // The acceptance window is over: the payer cannot reject it again.
      await time.setNextBlockTimestamp(end + 1n);
      await expect(f.escrow.connect(f.customer).rejectDelivery(f.invoiceId, f.invoice, 1n, REASON))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowDeadline")
        .withArgs(end, end + 1n, false);
      const tx = f.escrow.connect(f.stranger).claim(f.invoiceId, f.invoice, 1n);
      await expect(tx)
        .to.emit(f.escrow, "MilestoneReleased")
        .withArgs(f.invoiceId, 1n, f.manufacturer.address, DELIVERY_AMOUNT, 0n);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.manufacturer, f.customer, f.escrow],
        [DELIVERY_AMOUNT, 0n, -DELIVERY_AMOUNT],
      );
      await expectConserved(f.escrow, f.stable);
    });

    it("is refused before the ruling period ends", async function () {
      const f = await loadFixture(fundedFixture);
      const end = await deliverAndReject(f);
      await time.setNextBlockTimestamp(end - 1n);
      await expect(f.escrow.lapseDispute(f.invoiceId, 1n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowDeadline")
        .withArgs(end, end - 1n, true);
    });

    it("is refused for a milestone that is not disputed, or already ruled", async function () {
      const f = await loadFixture(fundedFixture);
      await expect(f.escrow.lapseDispute(f.invoiceId, 1n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(f.invoiceId, 1n, MilestoneState.Pending, stateBitmap(MilestoneState.Disputed));
      await deliverAndReject(f);
      await f.escrow.connect(f.arbiter).rule(f.invoiceId, f.invoice, 1n, USD(1n));
      await time.increase(RULING_PERIOD);
      await expect(f.escrow.lapseDispute(f.invoiceId, 1n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongMilestoneState")
        .withArgs(f.invoiceId, 1n, MilestoneState.Resolved, stateBitmap(MilestoneState.Disputed));
    });

    it("lets a lapsed pending milestone be reclaimed after the due date plus grace", async function () {
      const f = await loadFixture(fundedFixture);
      const lastDay = f.dueDate + BigInt(GRACE_PERIOD);
      // Disputes of pending milestones are taken until the last second of grace.
      await time.setNextBlockTimestamp(lastDay - 2n);
      await f.escrow.connect(f.manufacturer).dispute(f.invoiceId, f.invoice, 0n, REASON);
      await f.escrow.connect(f.manufacturer).dispute(f.invoiceId, f.invoice, 1n, REASON);
      // Both disputed: nothing pending to refund.
      await expect(f.escrow.reclaim(f.invoiceId, f.invoice))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowNothingToReclaim")
        .withArgs(f.invoiceId);
      await time.increase(RULING_PERIOD);
      await f.escrow.lapseDispute(f.invoiceId, 0n);
      await f.escrow.lapseDispute(f.invoiceId, 1n);
      const tx = f.escrow.reclaim(f.invoiceId, f.invoice);
      await expect(tx).to.emit(f.escrow, "InvoiceSettled").withArgs(f.invoiceId);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, f.escrow],
        [TOTAL, -TOTAL],
      );
      expect(await settlement(f.escrow, f.invoiceId)).to.deep.equal({
        released: 0n,
        refunded: TOTAL,
      });
      await expectConserved(f.escrow, f.stable);
    });
  });
});
