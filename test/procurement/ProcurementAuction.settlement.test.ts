import { expect } from "chai";
import { network } from "hardhat";
import { id, MaxUint256, ZeroAddress, type Signer } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";
import {
  agreedInvoice,
  at,
  BOND,
  BUDGET,
  commitBid,
  committer,
  deployAuctionFixture,
  expectAuctionHolds,
  expectWrongTerms,
  fields,
  fundedWallet,
  InvoiceState,
  MAX_UNIT_PRICE,
  MilestoneKind,
  MilestoneState,
  ORDER_QUANTITY,
  ORDER_SPEC,
  OrderState,
  partsOf,
  postOrder,
  Reason,
  revealBid,
  terms,
  totalOf,
  USD,
  type AuctionFixture,
  type Bid,
  type Order,
  type OrderTerms,
} from "./fixture.js";
import { stateBitmap } from "../helpers/roles.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

const QTY = BigInt(ORDER_QUANTITY);

/** A bid to place in {runAuction}: `reveal` false leaves it sealed. */
interface PlannedBid {
  bidder: Signer & { address: string };
  price: bigint;
  date?: bigint;
  committer?: Signer & { address: string };
  reveal?: boolean;
}

/**
 * Posts an order on the default terms with `overrides`, commits `planned` in order (sequence
 * 1, 2...), reveals those to be revealed in `revealOrder` (default: commitment order) once bidding
 * ends, and stops at the first second of settling (mined, nothing settled).
 */
async function runAuction(
  f: AuctionFixture,
  planned: PlannedBid[],
  overrides: Partial<OrderTerms> = {},
  revealOrder?: number[],
): Promise<{ orderId: bigint; t: OrderTerms; order: Order; bids: Bid[] }> {
  const { orderId, t, order } = await postOrder(f, await terms(f, overrides));
  const bids: Bid[] = [];
  for (const p of planned) {
    bids.push(
      await commitBid(f, orderId, {
        bidder: p.bidder,
        price: p.price,
        date: p.date ?? t.deliveryBy,
        ...(p.committer && { committer: p.committer }),
      }),
    );
  }
  await at(f, t.biddingEnds, true);
  for (const index of revealOrder ?? planned.map((_, i) => i)) {
    const bid = bids[index];
    if (bid === undefined) throw new Error(`no bid ${index}`);
    if (planned[index]?.reveal !== false) await revealBid(f, orderId, bid);
  }
  await at(f, t.revealEnds, true);
  return { orderId, t, order, bids };
}

/**
 * The auction fixture, plus an order won by supplier B at 800 USD a part (its bid posted by
 * committer 1), outbid A at 900 (committer 0) and a sealed bid never revealed (committer 2), settled:
 * invoice 1 is open in the escrow (`invoice`: as agreed, from its InvoiceProposed event).
 */
async function awardedFixture(connection: NetworkConnection) {
  const f = await deployAuctionFixture(connection);
  const run = await runAuction(f, [
    { bidder: f.supplierA, price: USD(900n), committer: committer(f, 0) },
    { bidder: f.supplierB, price: USD(800n), committer: committer(f, 1) },
    { bidder: f.supplierA, price: USD(500n), committer: committer(f, 2), reveal: false },
  ]);
  await f.auction.settle(run.orderId, run.order);
  const invoice = await agreedInvoice(f.escrow, 1n);
  return { ...f, ...run, invoiceId: 1n, invoice, total: USD(800n) * QTY };
}

/** The same, with no acceptance window: a delivery is paid at once. */
async function awardedNoWindowFixture(connection: NetworkConnection) {
  const f = await deployAuctionFixture(connection);
  const run = await runAuction(
    f,
    [{ bidder: f.supplierB, price: USD(800n), committer: committer(f, 1) }],
    { acceptanceWindow: 0n },
  );
  await f.auction.settle(run.orderId, run.order);
  const invoice = await agreedInvoice(f.escrow, 1n);
  return { ...f, ...run, invoiceId: 1n, invoice, total: USD(800n) * QTY };
}

/** Gas used by the transaction `tx`. */
async function gasOf(
  tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>,
): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("no receipt");
  return receipt.gasUsed;
}

describe("ProcurementAuction: settlement, bonds and withdrawals", function () {
  describe("settle: award", function () {
    it("awards the lowest price, opens the funded invoice, refunds the rest and forfeits sealed bonds", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t, order } = await runAuction(f, [
        { bidder: f.supplierA, price: USD(900n), committer: committer(f, 0) },
        { bidder: f.supplierB, price: USD(800n), committer: committer(f, 1) },
        { bidder: f.supplierA, price: USD(500n), committer: committer(f, 2), reveal: false },
      ]);
      const total = USD(800n) * QTY;
      const tx = f.auction.connect(f.stranger).settle(orderId, order);
      await expect(tx)
        .to.emit(f.auction, "OrderAwarded")
        .withArgs(orderId, f.supplierB.address, USD(800n), 1n, total, BUDGET - total)
        .and.to.emit(f.auction, "BondPaid")
        .withArgs(orderId, f.customer.address, BOND, true)
        .and.to.emit(f.escrow, "InvoiceFunded")
        .withArgs(1n, f.auctionAddress, total)
        .and.to.emit(f.escrow, "InvoiceProposed")
        .withArgs(
          1n,
          f.supplierB.address,
          f.customer.address,
          [
            f.supplierB.address,
            [
              f.customer.address,
              t.token,
              t.deliveryBy,
              t.acceptanceWindow,
              t.gracePeriod,
              t.rulingPeriod,
              f.arbiter.address,
              0n,
              0n,
            ],
            [[total, MilestoneKind.Delivery, ORDER_QUANTITY, ORDER_SPEC]],
          ],
          total,
        );
      await expect(tx).to.not.emit(f.auction, "OrderClosed");
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, f.escrow, f.auction, f.supplierB, committer(f, 1), committer(f, 2)],
        [BUDGET - total + BOND, total, -(BUDGET + BOND), 0n, 0n, 0n],
      );
      // The invoice as agreed (from its event): the winner supplies the order's parts to the
      // customer on the order's terms, in one delivery milestone of the whole total.
      const invoice = await agreedInvoice(f.escrow, 1n);
      expect(invoice).to.deep.equal({
        supplier: f.supplierB.address,
        terms: {
          payer: f.customer.address,
          token: t.token,
          dueDate: t.deliveryBy,
          acceptanceWindow: t.acceptanceWindow,
          gracePeriod: t.gracePeriod,
          rulingPeriod: t.rulingPeriod,
          arbiter: f.arbiter.address,
          penaltyPerDay: 0n,
          penaltyCap: 0n,
        },
        milestones: [
          {
            amount: total,
            kind: BigInt(MilestoneKind.Delivery),
            quantity: QTY,
            specHash: ORDER_SPEC,
          },
        ],
      });
      expect(totalOf(invoice)).to.equal(total);
      // As stored: its hash, funded, one milestone open and pending; nothing released or
      // refunded yet (no MilestoneReleased nor MilestoneRefunded).
      expect(
        fields(await f.escrow.invoiceRecord(1n), [
          "termsHash",
          "supplier",
          "state",
          "openMilestones",
          "fundedLate",
          "payeePaid",
          "assigned",
        ]),
      ).to.deep.equal({
        termsHash: await f.escrow.hashInvoice(invoice),
        supplier: f.supplierB.address,
        state: BigInt(InvoiceState.Funded),
        openMilestones: 1n,
        fundedLate: false,
        payeePaid: false,
        assigned: false,
      });
      await expect(tx).to.not.emit(f.escrow, "MilestoneReleased");
      await expect(tx).to.not.emit(f.escrow, "MilestoneRefunded");
      expect(
        fields(await f.escrow.milestone(1n, 0n), ["state", "disputedFrom", "deadline", "penalty"]),
      ).to.deep.equal({
        state: BigInt(MilestoneState.Pending),
        disputedFrom: BigInt(MilestoneState.None),
        deadline: 0n,
        penalty: 0n,
      });
      // The winner is paid (no receivable is minted until it assigns one); the escrow may pull
      // the auction's stablecoin for good (approved once per token), and holds exactly the total.
      await expect(tx).to.not.emit(f.escrow, "ReceivableAssigned");
      expect(await f.escrow.payee(1n)).to.equal(f.supplierB.address);
      await expect(f.escrow.ownerOf(1n))
        .to.be.revertedWithCustomError(f.escrow, "ERC721NonexistentToken")
        .withArgs(1n);
      expect(await f.stable.allowance(f.auctionAddress, f.escrowAddress)).to.equal(MaxUint256);
      expect(await f.stable.balanceOf(f.escrowAddress)).to.equal(total);
      const o = await f.auction.orderRecord(orderId);
      expect(
        fields(o, [
          "state",
          "winner",
          "winnerCommitter",
          "winnerSequence",
          "bestPrice",
          "secondPrice",
          "invoiceId",
          "bondReleased",
        ]),
      ).to.deep.equal({
        state: BigInt(OrderState.Awarded),
        winner: f.supplierB.address,
        winnerCommitter: committer(f, 1).address,
        winnerSequence: 2n,
        bestPrice: USD(800n),
        secondPrice: USD(900n),
        invoiceId: 1n,
        bondReleased: false,
      });
      expect(await f.auction.phase(orderId, order)).to.equal(BigInt(OrderState.Awarded));
      await expect(f.auction.settle(orderId, order))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionWrongPhase")
        .withArgs(orderId, OrderState.Awarded, stateBitmap(OrderState.Settling));
      // Held: the winner's bond only.
      await expectAuctionHolds(f, f.stable, { bonds: BOND });
    });

    it("awards the earliest commitment among equal prices, even when it was revealed last", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, order } = await runAuction(
        f,
        [
          { bidder: f.supplierB, price: USD(700n) },
          { bidder: f.supplierA, price: USD(700n) },
          { bidder: f.supplierA, price: USD(950n) },
        ],
        {},
        [1, 2, 0],
      );
      const total = USD(700n) * QTY;
      await expect(f.auction.settle(orderId, order))
        .to.emit(f.auction, "OrderAwarded")
        .withArgs(orderId, f.supplierB.address, USD(700n), 1n, total, BUDGET - total);
      expect((await agreedInvoice(f.escrow, 1n)).supplier).to.equal(f.supplierB.address);
      expect((await f.escrow.invoiceRecord(1n)).supplier).to.equal(f.supplierB.address);
      await expectAuctionHolds(f, f.stable, { bonds: BOND });
    });

    it("second price: pays the winner the second-best valid price", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, order } = await runAuction(
        f,
        [
          { bidder: f.supplierA, price: USD(900n) },
          { bidder: f.supplierB, price: USD(800n) },
          { bidder: f.supplierA, price: USD(850n) },
          // Invalid bids never set the second price.
          { bidder: f.outsider, price: USD(810n) },
          { bidder: f.supplierC, price: USD(820n) },
          { bidder: f.supplierA, price: MAX_UNIT_PRICE + 1n },
        ],
        { secondPrice: true },
      );
      const total = USD(850n) * QTY;
      const tx = f.auction.settle(orderId, order);
      await expect(tx)
        .to.emit(f.auction, "OrderAwarded")
        .withArgs(orderId, f.supplierB.address, USD(850n), 1n, total, BUDGET - total);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, f.escrow, f.auction],
        [BUDGET - total, total, -BUDGET],
      );
      expect(totalOf(await agreedInvoice(f.escrow, 1n))).to.equal(total);
      const o = await f.auction.orderRecord(orderId);
      expect([o.bestPrice, o.secondPrice]).to.deep.equal([USD(800n), USD(850n)]);
      await expectAuctionHolds(f, f.stable, { bonds: BOND });
    });

    it("second price: a displaced best becomes the second price", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, order } = await runAuction(
        f,
        [
          { bidder: f.supplierA, price: USD(900n) },
          { bidder: f.supplierB, price: USD(800n) },
        ],
        { secondPrice: true },
      );
      const total = USD(900n) * QTY;
      await expect(f.auction.settle(orderId, order))
        .to.emit(f.auction, "OrderAwarded")
        .withArgs(orderId, f.supplierB.address, USD(900n), 1n, total, BUDGET - total);
      await expectAuctionHolds(f, f.stable, { bonds: BOND });
    });

    it("second price: with a single valid bid the winner is paid its own price", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, order } = await runAuction(
        f,
        [
          { bidder: f.supplierB, price: USD(600n) },
          { bidder: f.outsider, price: USD(500n) },
        ],
        { secondPrice: true },
      );
      const total = USD(600n) * QTY;
      await expect(f.auction.settle(orderId, order))
        .to.emit(f.auction, "OrderAwarded")
        .withArgs(orderId, f.supplierB.address, USD(600n), 1n, total, BUDGET - total);
      await expectAuctionHolds(f, f.stable, { bonds: BOND });
    });

    it("second price: a lone bidder's several bids never set its price: it is paid its own best", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, order } = await runAuction(
        f,
        [
          { bidder: f.supplierB, price: USD(600n) },
          // B's shadow bids, revealed after and before its best one.
          { bidder: f.supplierB, price: USD(700n) },
          { bidder: f.supplierB, price: USD(950n) },
        ],
        { secondPrice: true },
        [2, 0, 1],
      );
      const o = await f.auction.orderRecord(orderId);
      expect([o.winner, o.bestPrice, o.secondPrice]).to.deep.equal([
        f.supplierB.address,
        USD(600n),
        0n,
      ]);
      const total = USD(600n) * QTY;
      const tx = f.auction.settle(orderId, order);
      await expect(tx)
        .to.emit(f.auction, "OrderAwarded")
        .withArgs(orderId, f.supplierB.address, USD(600n), 1n, total, BUDGET - total);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, f.escrow],
        [BUDGET - total, total],
      );
      await expectAuctionHolds(f, f.stable, { bonds: BOND });
    });

    it("second price: the winner's own other bids never lower its price; the best other bidder's sets it", async function () {
      const f = await loadFixture(deployAuctionFixture);
      // B's shadow bid at 800 is revealed after its best (not the best), then before it.
      for (const [invoiceId, revealOrder] of [
        [1n, [0, 1, 2]],
        [2n, [0, 2, 1]],
      ] as const) {
        const { orderId, order } = await runAuction(
          f,
          [
            { bidder: f.supplierA, price: USD(900n) },
            { bidder: f.supplierB, price: USD(700n) },
            { bidder: f.supplierB, price: USD(800n) },
          ],
          { secondPrice: true },
          [...revealOrder],
        );
        expect((await f.auction.orderRecord(orderId)).secondPrice).to.equal(USD(900n));
        const total = USD(900n) * QTY;
        await expect(f.auction.settle(orderId, order))
          .to.emit(f.auction, "OrderAwarded")
          .withArgs(orderId, f.supplierB.address, USD(900n), invoiceId, total, BUDGET - total);
      }
    });

    it("second price: a new leader's second is the displaced leader's best, whoever bid the rest", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, order } = await runAuction(
        f,
        [
          { bidder: f.supplierB, price: USD(700n) },
          { bidder: f.supplierB, price: USD(650n) },
          { bidder: f.supplierA, price: USD(600n) },
          { bidder: f.supplierA, price: USD(610n) },
        ],
        { secondPrice: true },
      );
      const total = USD(650n) * QTY;
      await expect(f.auction.settle(orderId, order))
        .to.emit(f.auction, "OrderAwarded")
        .withArgs(orderId, f.supplierA.address, USD(650n), 1n, total, BUDGET - total);
    });

    it("second price: equal best prices pay that price to the earliest", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, order } = await runAuction(
        f,
        [
          { bidder: f.supplierA, price: USD(750n) },
          { bidder: f.supplierB, price: USD(750n) },
        ],
        { secondPrice: true },
        [1, 0],
      );
      const total = USD(750n) * QTY;
      await expect(f.auction.settle(orderId, order))
        .to.emit(f.auction, "OrderAwarded")
        .withArgs(orderId, f.supplierA.address, USD(750n), 1n, total, BUDGET - total);
    });

    it("refuses a wrong order (bond, token, customer, timeline): WrongTerms(orderId, stored, given), nothing settled", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, order } = await runAuction(f, [
        { bidder: f.supplierB, price: USD(800n), committer: committer(f, 1) },
      ]);
      await expectWrongTerms(f, orderId, order, (wrong) => f.auction.settle(orderId, wrong));
      expect(await f.auction.phase(orderId, order)).to.equal(BigInt(OrderState.Settling));
      await expectAuctionHolds(f, f.stable, { budgets: BUDGET, bonds: BOND });
      const total = USD(800n) * QTY;
      await expect(f.auction.settle(orderId, order))
        .to.emit(f.auction, "OrderAwarded")
        .withArgs(orderId, f.supplierB.address, USD(800n), 1n, total, BUDGET - total);
    });

    it("approves the escrow once per token, for good: a second settle in the same token does not approve again", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const allowance = (token: typeof f.stable | typeof f.blocklistToken) =>
        token.allowance(f.auctionAddress, f.escrowAddress);
      expect(await allowance(f.stable)).to.equal(0n);
      const first = await runAuction(f, [{ bidder: f.supplierB, price: USD(800n) }]);
      const firstSettle = f.auction.settle(first.orderId, first.order);
      await expect(firstSettle)
        .to.emit(f.stable, "Approval")
        .withArgs(f.auctionAddress, f.escrowAddress, MaxUint256)
        .and.to.emit(f.auction, "OrderAwarded");
      // The escrow pulled the total; the allowance stays the maximum.
      expect(await allowance(f.stable)).to.equal(MaxUint256);
      expect(await f.stable.balanceOf(f.escrowAddress)).to.equal(USD(800n) * QTY);

      const second = await runAuction(f, [{ bidder: f.supplierA, price: USD(700n) }]);
      const secondSettle = f.auction.settle(second.orderId, second.order);
      const total = USD(700n) * QTY;
      await expect(secondSettle)
        .to.emit(f.auction, "OrderAwarded")
        .withArgs(second.orderId, f.supplierA.address, USD(700n), 2n, total, BUDGET - total);
      await expect(secondSettle).to.not.emit(f.stable, "Approval");
      await expect(secondSettle).to.changeTokenBalances(ethers, f.stable, [f.escrow], [total]);
      expect(await allowance(f.stable)).to.equal(MaxUint256);

      // Another token is approved on its own first settle, once.
      const token = f.blocklistToken;
      await token.mint(f.supplierB.address, BOND);
      await token.connect(f.supplierB).approve(f.auctionAddress, BOND);
      expect(await allowance(token)).to.equal(0n);
      const third = await runAuction(f, [{ bidder: f.supplierB, price: USD(600n) }], {
        token: await token.getAddress(),
      });
      await expect(f.auction.settle(third.orderId, third.order))
        .to.emit(token, "Approval")
        .withArgs(f.auctionAddress, f.escrowAddress, MaxUint256);
      expect(await allowance(token)).to.equal(MaxUint256);
      expect(await allowance(f.stable)).to.equal(MaxUint256);
    });

    it("settles at the second before deliveryBy: the invoice is due at deliveryBy", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t, order } = await runAuction(f, [
        { bidder: f.supplierB, price: USD(800n) },
      ]);
      await at(f, t.deliveryBy - 1n);
      await expect(f.auction.settle(orderId, order)).to.emit(f.auction, "OrderAwarded");
      expect((await agreedInvoice(f.escrow, 1n)).terms.dueDate).to.equal(t.deliveryBy);
    });
  });

  describe("settle: close", function () {
    it("closes an order without a valid bid: the whole budget back, sealed bonds to the customer", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, order } = await runAuction(f, [
        { bidder: f.outsider, price: USD(500n), committer: committer(f, 0) },
        { bidder: f.supplierC, price: USD(500n) },
        { bidder: f.supplierA, price: USD(500n), committer: committer(f, 1), reveal: false },
        { bidder: f.supplierB, price: USD(500n), committer: committer(f, 2), reveal: false },
      ]);
      const tx = f.auction.connect(f.stranger).settle(orderId, order);
      await expect(tx)
        .to.emit(f.auction, "OrderClosed")
        .withArgs(orderId, BUDGET)
        .and.to.emit(f.auction, "BondPaid")
        .withArgs(orderId, f.customer.address, 2n * BOND, true);
      await expect(tx).to.not.emit(f.auction, "OrderAwarded");
      await expect(tx).to.not.emit(f.escrow, "InvoiceFunded");
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, committer(f, 0), committer(f, 1), committer(f, 2), f.auction],
        [BUDGET + 2n * BOND, 0n, 0n, 0n, -(BUDGET + 2n * BOND)],
      );
      const o = await f.auction.orderRecord(orderId);
      expect([o.state, o.invoiceId]).to.deep.equal([BigInt(OrderState.Closed), 0n]);
      await expectAuctionHolds(f, f.stable, {});
    });

    it("closes an order nobody bid on without any BondPaid", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, order } = await runAuction(f, []);
      const tx = f.auction.settle(orderId, order);
      await expect(tx).to.emit(f.auction, "OrderClosed").withArgs(orderId, BUDGET);
      await expect(tx).to.not.emit(f.auction, "BondPaid");
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, f.auction],
        [BUDGET, -BUDGET],
      );
      await expectAuctionHolds(f, f.stable, {});
    });

    it("closes an order settled from deliveryBy on: no invoice, the winner's bond back to its committer", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t, order } = await runAuction(f, [
        { bidder: f.supplierB, price: USD(800n), committer: committer(f, 1) },
        { bidder: f.supplierA, price: USD(900n), committer: committer(f, 0), reveal: false },
      ]);
      await at(f, t.deliveryBy);
      const tx = f.auction.settle(orderId, order);
      await expect(tx)
        .to.emit(f.auction, "OrderClosed")
        .withArgs(orderId, BUDGET)
        .and.to.emit(f.auction, "BondPaid")
        .withArgs(orderId, f.customer.address, BOND, true)
        .and.to.emit(f.auction, "BondPaid")
        .withArgs(orderId, committer(f, 1).address, BOND, false);
      await expect(tx).to.not.emit(f.escrow, "InvoiceFunded");
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, committer(f, 1), f.supplierB, f.escrow, f.auction],
        [BUDGET + BOND, BOND, 0n, 0n, -(BUDGET + 2n * BOND)],
      );
      expect((await f.auction.orderRecord(orderId)).state).to.equal(BigInt(OrderState.Closed));
      await expect(f.auction.releaseWinnerBond(orderId, order))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionWrongPhase")
        .withArgs(orderId, OrderState.Closed, stateBitmap(OrderState.Awarded));
      await expectAuctionHolds(f, f.stable, {});
    });

    it("closes the order when the invoice cannot open (the customer suspended): everything back, nothing stuck", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, order } = await runAuction(f, [
        { bidder: f.supplierB, price: USD(800n), committer: committer(f, 1) },
        { bidder: f.supplierA, price: USD(900n), committer: committer(f, 0), reveal: false },
      ]);
      await f.participantRegistry
        .connect(f.registrar)
        .suspend(f.customer.address, id("reason:audit"));
      const tx = f.auction.settle(orderId, order);
      await expect(tx)
        .to.emit(f.auction, "OrderClosed")
        .withArgs(orderId, BUDGET)
        .and.to.emit(f.auction, "BondPaid")
        .withArgs(orderId, f.customer.address, BOND, true);
      await expect(tx).to.not.emit(f.auction, "OrderAwarded");
      await expect(tx).to.not.emit(f.escrow, "InvoiceFunded");
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, committer(f, 1), f.escrow, f.auction],
        [BUDGET + BOND, BOND, 0n, -(BUDGET + 2n * BOND)],
      );
      await expect(f.escrow.invoiceRecord(1n))
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnknownInvoice")
        .withArgs(1n);
      // The approval of the escrow (once per token, for good) outlives the refused invoice: the
      // escrow pulled nothing.
      expect(await f.stable.allowance(f.auctionAddress, f.escrowAddress)).to.equal(MaxUint256);
      const o = await f.auction.orderRecord(orderId);
      expect([o.state, o.invoiceId]).to.deep.equal([BigInt(OrderState.Closed), 0n]);
      await expectAuctionHolds(f, f.stable, {});
      expect(await f.stable.balanceOf(f.escrowAddress)).to.equal(0n);
    });

    it("closes the order when the winner lost its accreditation since revealing", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const suspended = await runAuction(f, [
        { bidder: f.supplierA, price: USD(800n), committer: committer(f, 0) },
      ]);
      await f.participantRegistry
        .connect(f.registrar)
        .suspend(f.supplierA.address, id("reason:audit"));
      const tx = f.auction.settle(suspended.orderId, suspended.order);
      await expect(tx).to.emit(f.auction, "OrderClosed").withArgs(suspended.orderId, BUDGET);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, committer(f, 0), f.escrow, f.auction],
        [BUDGET, BOND, 0n, -(BUDGET + BOND)],
      );
      expect(await f.stable.allowance(f.auctionAddress, f.escrowAddress)).to.equal(MaxUint256);
      expect(await f.stable.balanceOf(f.escrowAddress)).to.equal(0n);
      await expectAuctionHolds(f, f.stable, {});
    });

    it("refuses an order whose arbiter is not an active arbiter", async function () {
      const f = await loadFixture(deployAuctionFixture);
      await expect(
        f.auction.connect(f.customer).postOrder(await terms(f, { arbiter: f.supplierB.address })),
      )
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionNotAccredited")
        .withArgs(f.supplierB.address, 9);
    });

    it("opens the invoice at full value when the budget is the uint128 maximum", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const unitPrice = 2n ** 128n - 1n;
      await f.stable.mint(f.customer.address, unitPrice);
      const { orderId, t, order } = await postOrder(
        f,
        await terms(f, { maxUnitPrice: unitPrice, quantity: 1 }),
      );
      const bid = await commitBid(f, orderId, {
        bidder: f.supplierB,
        price: unitPrice,
        date: t.deliveryBy,
      });
      await at(f, t.biddingEnds);
      await revealBid(f, orderId, bid);
      await at(f, t.revealEnds);
      const tx = f.auction.settle(orderId, order);
      await expect(tx)
        .to.emit(f.auction, "OrderAwarded")
        .withArgs(orderId, f.supplierB.address, unitPrice, 1n, unitPrice, 0n);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, f.escrow, f.auction],
        [0n, unitPrice, -unitPrice],
      );
      const invoice = await agreedInvoice(f.escrow, 1n);
      expect(totalOf(invoice)).to.equal(unitPrice);
      expect(invoice.milestones[0]?.amount).to.equal(unitPrice);
      await expectAuctionHolds(f, f.stable, { bonds: BOND });
    });
  });

  describe("releaseWinnerBond", function () {
    it("is refused before the award: WrongPhase(orderId, current phase, Awarded)", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t, order } = await postOrder(f);
      const bid = await commitBid(f, orderId, {
        bidder: f.supplierB,
        price: USD(800n),
        date: t.deliveryBy,
      });
      await expect(f.auction.releaseWinnerBond(orderId, order))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionWrongPhase")
        .withArgs(orderId, OrderState.Bidding, stateBitmap(OrderState.Awarded));
      await at(f, t.biddingEnds);
      await revealBid(f, orderId, bid);
      await expect(f.auction.releaseWinnerBond(orderId, order))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionWrongPhase")
        .withArgs(orderId, OrderState.Revealing, stateBitmap(OrderState.Awarded));
      await at(f, t.revealEnds, true);
      await expect(f.auction.releaseWinnerBond(orderId, order))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionWrongPhase")
        .withArgs(orderId, OrderState.Settling, stateBitmap(OrderState.Awarded));
    });

    it("is refused while the invoice is open: InvoiceOpen(invoiceId), also after a held delivery", async function () {
      const f = await loadFixture(awardedFixture);
      await expect(f.auction.releaseWinnerBond(f.orderId, f.order))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionInvoiceOpen")
        .withArgs(f.invoiceId);
      await f.escrow
        .connect(f.supplierB)
        .deliver(f.invoiceId, f.invoice, 0n, partsOf(f, f.supplierB.address));
      expect((await f.escrow.milestone(f.invoiceId, 0n)).state).to.equal(
        BigInt(MilestoneState.Delivered),
      );
      await expect(f.auction.releaseWinnerBond(f.orderId, f.order))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionInvoiceOpen")
        .withArgs(f.invoiceId);
      await expectAuctionHolds(f, f.stable, { bonds: BOND });
    });

    it("returns the bond to the winner's committer once it delivered and the customer accepted", async function () {
      const f = await loadFixture(awardedFixture);
      const parts = partsOf(f, f.supplierB.address);
      await f.escrow.connect(f.supplierB).deliver(f.invoiceId, f.invoice, 0n, parts);
      await f.escrow.connect(f.customer).acceptDelivery(f.invoiceId, f.invoice, 0n);
      expect((await f.escrow.invoiceRecord(f.invoiceId)).state).to.equal(
        BigInt(InvoiceState.Settled),
      );
      for (const part of parts) expect(await f.parts.ownerOf(part)).to.equal(f.customer.address);
      const tx = f.auction.connect(f.stranger).releaseWinnerBond(f.orderId, f.order);
      await expect(tx)
        .to.emit(f.auction, "BondPaid")
        .withArgs(f.orderId, committer(f, 1).address, BOND, false);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [committer(f, 1), f.supplierB, f.customer, f.auction],
        [BOND, 0n, 0n, -BOND],
      );
      await expectAuctionHolds(f, f.stable, {});
      // Twice: nothing left to release.
      await expect(f.auction.releaseWinnerBond(f.orderId, f.order))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionBondReleased")
        .withArgs(f.orderId);
    });

    it("refuses a wrong order (bond, token, customer, timeline): WrongTerms(orderId, stored, given), the bond stays", async function () {
      const f = await loadFixture(awardedNoWindowFixture);
      await f.escrow
        .connect(f.supplierB)
        .deliver(f.invoiceId, f.invoice, 0n, partsOf(f, f.supplierB.address));
      expect((await f.escrow.invoiceRecord(f.invoiceId)).state).to.equal(
        BigInt(InvoiceState.Settled),
      );
      await expectWrongTerms(f, f.orderId, f.order, (wrong) =>
        f.auction.releaseWinnerBond(f.orderId, wrong),
      );
      expect((await f.auction.orderRecord(f.orderId)).bondReleased).to.equal(false);
      await expectAuctionHolds(f, f.stable, { bonds: BOND });
      await expect(f.auction.releaseWinnerBond(f.orderId, f.order))
        .to.emit(f.auction, "BondPaid")
        .withArgs(f.orderId, committer(f, 1).address, BOND, false);
      expect((await f.auction.orderRecord(f.orderId)).bondReleased).to.equal(true);
    });

    it("returns the bond to the winner after a delivery paid at once (no acceptance window)", async function () {
      const f = await loadFixture(awardedNoWindowFixture);
      const tx = f.escrow
        .connect(f.supplierB)
        .deliver(f.invoiceId, f.invoice, 0n, partsOf(f, f.supplierB.address));
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.supplierB, f.escrow],
        [f.total, -f.total],
      );
      await expect(f.auction.releaseWinnerBond(f.orderId, f.order))
        .to.emit(f.auction, "BondPaid")
        .withArgs(f.orderId, committer(f, 1).address, BOND, false);
      await expectAuctionHolds(f, f.stable, {});
    });

    it("returns the bond to the winner when the arbiter ruled it a share of the delivery milestone", async function () {
      const f = await loadFixture(awardedFixture);
      // Pending, the delivery milestone is disputed by the supplier (the payer disputes only a
      // delivery).
      await f.escrow.connect(f.supplierB).dispute(f.invoiceId, f.invoice, 0n, id("reason:quality"));
      await f.escrow.connect(f.arbiter).rule(f.invoiceId, f.invoice, 0n, 1n);
      expect((await f.escrow.milestone(f.invoiceId, 0n)).state).to.equal(
        BigInt(MilestoneState.Resolved),
      );
      await expect(f.auction.releaseWinnerBond(f.orderId, f.order))
        .to.emit(f.auction, "BondPaid")
        .withArgs(f.orderId, committer(f, 1).address, BOND, false);
      await expectAuctionHolds(f, f.stable, {});
    });

    it("gives the bond to the customer when the arbiter ruled the winner nothing, even on the winner's own dispute", async function () {
      const f = await loadFixture(awardedFixture);
      await f.escrow.connect(f.supplierB).dispute(f.invoiceId, f.invoice, 0n, id("reason:shield"));
      await f.escrow.connect(f.arbiter).rule(f.invoiceId, f.invoice, 0n, 0n);
      const tx = f.auction.releaseWinnerBond(f.orderId, f.order);
      await expect(tx)
        .to.emit(f.auction, "BondPaid")
        .withArgs(f.orderId, f.customer.address, BOND, true);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, committer(f, 1), f.auction],
        [BOND, 0n, -BOND],
      );
      await expectAuctionHolds(f, f.stable, {});
    });

    it("lets no customer's dispute keep the winner from delivering on time, and returns its bond", async function () {
      const f = await loadFixture(awardedFixture);
      const parts = partsOf(f, f.supplierB.address);
      // An hour before the delivery date, the customer tries to freeze the pending milestone.
      await at(f, f.t.deliveryBy - 3_600n);
      await expect(
        f.escrow.connect(f.customer).dispute(f.invoiceId, f.invoice, 0n, id("reason:none")),
      )
        .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowUnauthorized")
        .withArgs(f.invoiceId, f.customer.address);
      await f.escrow.connect(f.supplierB).deliver(f.invoiceId, f.invoice, 0n, parts);
      await at(f, (await f.escrow.milestone(f.invoiceId, 0n)).deadline);
      await f.escrow.claim(f.invoiceId, f.invoice, 0n);
      const tx = f.auction.connect(f.customer).releaseWinnerBond(f.orderId, f.order);
      await expect(tx)
        .to.emit(f.auction, "BondPaid")
        .withArgs(f.orderId, committer(f, 1).address, BOND, false);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [committer(f, 1), f.customer, f.auction],
        [BOND, 0n, -BOND],
      );
      await expectAuctionHolds(f, f.stable, {});
    });

    it("forfeits the bond of a winner whose own unpursued dispute lapsed into a refund", async function () {
      const f = await loadFixture(awardedFixture);
      await at(f, f.t.deliveryBy - 3_600n);
      await f.escrow.connect(f.supplierB).dispute(f.invoiceId, f.invoice, 0n, id("reason:shield"));
      const lapse = (await f.escrow.milestone(f.invoiceId, 0n)).deadline;
      await at(
        f,
        lapse > f.t.deliveryBy + f.t.gracePeriod ? lapse : f.t.deliveryBy + f.t.gracePeriod,
      );
      await f.escrow.lapseDispute(f.invoiceId, 0n);
      await f.escrow.connect(f.customer).reclaim(f.invoiceId, f.invoice);
      const tx = f.auction.releaseWinnerBond(f.orderId, f.order);
      await expect(tx)
        .to.emit(f.auction, "BondPaid")
        .withArgs(f.orderId, f.customer.address, BOND, true);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, committer(f, 1), f.auction],
        [BOND, 0n, -BOND],
      );
      await expectAuctionHolds(f, f.stable, {});
    });

    it("gives the bond to the customer when the winner never delivered and the customer reclaimed", async function () {
      const f = await loadFixture(awardedFixture);
      await time.increaseTo(f.t.deliveryBy + f.t.gracePeriod);
      await expect(f.auction.releaseWinnerBond(f.orderId, f.order))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionInvoiceOpen")
        .withArgs(f.invoiceId);
      await expect(
        f.escrow.connect(f.customer).reclaim(f.invoiceId, f.invoice),
      ).to.changeTokenBalances(ethers, f.stable, [f.customer, f.escrow], [f.total, -f.total]);
      expect((await f.escrow.milestone(f.invoiceId, 0n)).state).to.equal(
        BigInt(MilestoneState.Refunded),
      );
      const tx = f.auction.releaseWinnerBond(f.orderId, f.order);
      await expect(tx)
        .to.emit(f.auction, "BondPaid")
        .withArgs(f.orderId, f.customer.address, BOND, true);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, committer(f, 1), f.supplierB, f.auction],
        [BOND, 0n, 0n, -BOND],
      );
      await expectAuctionHolds(f, f.stable, {});
      await expect(f.auction.releaseWinnerBond(f.orderId, f.order))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionBondReleased")
        .withArgs(f.orderId);
    });
  });

  describe("withdraw", function () {
    it("credits a refund the token refuses (PaymentDeferred) and lets the committer withdraw it elsewhere", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const token = f.blocklistToken;
      const tokenAddress = await token.getAddress();
      const blocked = committer(f, 0);
      const rescue = committer(f, 1);
      await token.mint(blocked.address, BOND);
      await token.connect(blocked).approve(f.auctionAddress, BOND);
      const { orderId, t, order } = await postOrder(f, await terms(f, { token: tokenAddress }));
      const bid = await commitBid(f, orderId, {
        bidder: f.supplierC,
        price: USD(500n),
        date: t.deliveryBy,
        committer: blocked,
      });
      await token.blocklist(blocked.address);
      await at(f, t.biddingEnds);
      const tx = revealBid(f, orderId, bid);
      await expect(tx)
        .to.emit(f.auction, "BidRevealed")
        .withArgs(
          orderId,
          1n,
          f.supplierC.address,
          USD(500n),
          t.deliveryBy,
          false,
          Reason.NotCertified,
        )
        .and.to.emit(f.auction, "BondPaid")
        .withArgs(orderId, blocked.address, BOND, false)
        .and.to.emit(f.auction, "PaymentDeferred")
        .withArgs(orderId, tokenAddress, blocked.address, BOND);
      await expect(tx).to.changeTokenBalances(ethers, token, [blocked, f.auction], [0n, 0n]);
      expect(await f.auction.owed(orderId, blocked.address)).to.equal(BOND);
      await expectAuctionHolds(f, token, { budgets: BUDGET, owed: BOND });

      await expect(
        f.auction.connect(blocked).withdraw(orderId, order, ZeroAddress),
      ).to.be.revertedWithCustomError(f.auction, "ProcurementAuctionZeroRecipient");
      // The credit is kept under its order: none under another order of the same token.
      const other = await postOrder(f, await terms(f, { token: tokenAddress }));
      await expect(f.auction.connect(blocked).withdraw(other.orderId, other.order, rescue.address))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionNothingToWithdraw")
        .withArgs(other.orderId, blocked.address);
      const withdrawal = f.auction.connect(blocked).withdraw(orderId, order, rescue.address);
      await expect(withdrawal)
        .to.emit(f.auction, "Withdrawn")
        .withArgs(orderId, tokenAddress, blocked.address, rescue.address, BOND);
      await expect(withdrawal).to.changeTokenBalances(
        ethers,
        token,
        [blocked, rescue, f.auction],
        [0n, BOND, -BOND],
      );
      expect(await f.auction.owed(orderId, blocked.address)).to.equal(0n);
      await expect(f.auction.connect(blocked).withdraw(orderId, order, rescue.address))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionNothingToWithdraw")
        .withArgs(orderId, blocked.address);
      await f.auction.connect(f.customer).cancel(other.orderId, other.order);
      await expectAuctionHolds(f, token, { budgets: BUDGET });

      await at(f, t.revealEnds);
      await expect(f.auction.settle(orderId, order))
        .to.emit(f.auction, "OrderClosed")
        .withArgs(orderId, BUDGET);
      await expectAuctionHolds(f, token, {});
    });

    it("refuses a withdrawal with nothing credited: NothingToWithdraw(orderId, account); UnknownOrder(orderId)", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, order } = await postOrder(f);
      for (const caller of [f.stranger, f.customer]) {
        await expect(f.auction.connect(caller).withdraw(orderId, order, caller.address))
          .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionNothingToWithdraw")
          .withArgs(orderId, caller.address);
        // Nothing credited comes before the zero address.
        await expect(f.auction.connect(caller).withdraw(orderId, order, ZeroAddress))
          .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionNothingToWithdraw")
          .withArgs(orderId, caller.address);
        await expect(f.auction.connect(caller).withdraw(orderId + 1n, order, caller.address))
          .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionUnknownOrder")
          .withArgs(orderId + 1n);
      }
    });

    it("refuses a wrong order (bond, token, customer, timeline): WrongTerms(orderId, stored, given), the credit stays", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const token = f.blocklistToken;
      const tokenAddress = await token.getAddress();
      const { orderId, order } = await postOrder(f, await terms(f, { token: tokenAddress }));
      await token.blocklist(f.customer.address);
      await f.auction.connect(f.customer).cancel(orderId, order);
      expect(await f.auction.owed(orderId, f.customer.address)).to.equal(BUDGET);
      const customer = f.auction.connect(f.customer);
      await expectWrongTerms(f, orderId, order, (wrong) =>
        customer.withdraw(orderId, wrong, f.financier.address),
      );
      expect(await f.auction.owed(orderId, f.customer.address)).to.equal(BUDGET);
      await expectAuctionHolds(f, token, { owed: BUDGET });
      await expect(customer.withdraw(orderId, order, f.financier.address))
        .to.emit(f.auction, "Withdrawn")
        .withArgs(orderId, tokenAddress, f.customer.address, f.financier.address, BUDGET);
    });

    it("lets nobody else withdraw a credit: another caller has nothing to withdraw", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const token = f.blocklistToken;
      const tokenAddress = await token.getAddress();
      const { orderId, order } = await postOrder(f, await terms(f, { token: tokenAddress }));
      await token.blocklist(f.customer.address);
      await expect(f.auction.connect(f.customer).cancel(orderId, order))
        .to.emit(f.auction, "PaymentDeferred")
        .withArgs(orderId, tokenAddress, f.customer.address, BUDGET);
      expect(await f.auction.owed(orderId, f.customer.address)).to.equal(BUDGET);
      // The credit is the customer's alone: a stranger asking for it is refused, naming itself.
      await expect(f.auction.connect(f.stranger).withdraw(orderId, order, f.stranger.address))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionNothingToWithdraw")
        .withArgs(orderId, f.stranger.address);
      await expect(f.auction.connect(f.customer).withdraw(orderId, order, f.financier.address))
        .to.emit(f.auction, "Withdrawn")
        .withArgs(orderId, tokenAddress, f.customer.address, f.financier.address, BUDGET);
      await expectAuctionHolds(f, token, {});
    });

    it("credits a blocklisted customer's refund and forfeits at settlement; the award still goes through", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const token = f.blocklistToken;
      const tokenAddress = await token.getAddress();
      const [bidderCommitter, silent] = [committer(f, 0), committer(f, 1)];
      for (const from of [bidderCommitter, silent]) {
        await token.mint(from.address, BOND);
        await token.connect(from).approve(f.auctionAddress, BOND);
      }
      const { orderId, t, order } = await postOrder(f, await terms(f, { token: tokenAddress }));
      const winning = await commitBid(f, orderId, {
        bidder: f.supplierA,
        price: USD(600n),
        date: t.deliveryBy,
        committer: bidderCommitter,
      });
      await commitBid(f, orderId, {
        bidder: f.supplierB,
        price: USD(1n),
        date: 1n,
        committer: silent,
      });
      await at(f, t.biddingEnds);
      await revealBid(f, orderId, winning);
      await token.blocklist(f.customer.address);
      await at(f, t.revealEnds);
      const total = USD(600n) * QTY;
      const tx = f.auction.settle(orderId, order);
      await expect(tx)
        .to.emit(f.auction, "OrderAwarded")
        .withArgs(orderId, f.supplierA.address, USD(600n), 1n, total, BUDGET - total)
        .and.to.emit(f.auction, "PaymentDeferred")
        .withArgs(orderId, tokenAddress, f.customer.address, BOND)
        .and.to.emit(f.auction, "PaymentDeferred")
        .withArgs(orderId, tokenAddress, f.customer.address, BUDGET - total);
      await expect(tx).to.changeTokenBalances(
        ethers,
        token,
        [f.customer, f.escrow, f.auction],
        [0n, total, -total],
      );
      const owed = BUDGET - total + BOND;
      expect(await f.auction.owed(orderId, f.customer.address)).to.equal(owed);
      await expectAuctionHolds(f, token, { bonds: BOND, owed });
      const withdrawal = f.auction
        .connect(f.customer)
        .withdraw(orderId, order, f.financier.address);
      // One withdrawal of the credits of both payments of the order, announced once, naming it.
      await expect(withdrawal)
        .to.emit(f.auction, "Withdrawn")
        .withArgs(orderId, tokenAddress, f.customer.address, f.financier.address, owed);
      await expect(withdrawal).to.changeTokenBalances(
        ethers,
        token,
        [f.financier, f.auction],
        [owed, -owed],
      );
      await expectAuctionHolds(f, token, { bonds: BOND });
    });
  });

  describe("a flood of bids", function () {
    const FLOOD = 30;
    const REVEALED = [0, 4, 11, 19, 29];

    /** Settles a 1-bid order won by B and returns the gas used. */
    async function oneBidSettleGas(f: AuctionFixture): Promise<bigint> {
      const { orderId, order } = await runAuction(f, [{ bidder: f.supplierB, price: USD(800n) }]);
      return gasOf(f.auction.settle(orderId, order));
    }

    it("settles 30 commitments with a handful revealed, forfeits the rest exactly, at the cost of a 1-bid settle", async function () {
      const f = await loadFixture(deployAuctionFixture);
      // The first invoice ever pays for storage set from zero (counters, balances): warm up, so the
      // baseline and the flood are measured in the same conditions.
      await oneBidSettleGas(f);
      const baseline = await oneBidSettleGas(f);
      await expectAuctionHolds(f, f.stable, { bonds: 2n * BOND });

      const { orderId, t, order } = await postOrder(f);
      const bidders = [f.supplierA, f.supplierB, f.supplierC];
      const bids: Bid[] = [];
      for (let i = 0; i < FLOOD; i++) {
        const from = await fundedWallet(f, `flood-${i}`, BOND);
        const bidder = bidders[i % bidders.length];
        if (bidder === undefined) throw new Error("unreachable");
        bids.push(
          await commitBid(f, orderId, {
            bidder,
            price: USD(BigInt(990 - i * 7)),
            date: t.deliveryBy,
            committer: from,
          }),
        );
      }
      expect(bids.map((b) => b.sequence)).to.deep.equal(
        Array.from({ length: FLOOD }, (_, i) => BigInt(i + 1)),
      );
      await expectAuctionHolds(f, f.stable, { budgets: BUDGET, bonds: BigInt(FLOOD + 2) * BOND });

      await at(f, t.biddingEnds, true);
      for (const index of REVEALED) {
        const bid = bids[index];
        if (bid === undefined) throw new Error("unreachable");
        await revealBid(f, orderId, bid);
      }
      // Revealed: A at 990 (1), B at 962 (5), C at 913 (12, uncertified), B at 857 (20), C at 787 (30, uncertified).
      const winner = bids[19];
      if (winner === undefined) throw new Error("unreachable");
      const o = await f.auction.orderRecord(orderId);
      expect([o.commitments, o.revealed, o.winner, o.winnerSequence]).to.deep.equal([
        BigInt(FLOOD),
        BigInt(REVEALED.length),
        f.supplierB.address,
        20n,
      ]);
      const sealed = BigInt(FLOOD - REVEALED.length);
      await expectAuctionHolds(f, f.stable, { budgets: BUDGET, bonds: (sealed + 3n) * BOND });

      await at(f, t.revealEnds, true);
      const price = USD(857n);
      const total = price * QTY;
      const tx = f.auction.settle(orderId, order);
      await expect(tx)
        .to.emit(f.auction, "OrderAwarded")
        .withArgs(orderId, f.supplierB.address, price, 3n, total, BUDGET - total)
        .and.to.emit(f.auction, "BondPaid")
        .withArgs(orderId, f.customer.address, sealed * BOND, true);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, f.escrow, winner.committer, f.auction],
        [BUDGET - total + sealed * BOND, total, 0n, -(BUDGET + sealed * BOND)],
      );
      // The three winners' bonds remain.
      await expectAuctionHolds(f, f.stable, { bonds: 3n * BOND });

      const flooded = await gasOf(tx);
      const difference = flooded > baseline ? flooded - baseline : baseline - flooded;
      expect(difference * 100n).to.be.at.most(
        baseline * 5n,
        `settle after ${FLOOD} bids used ${flooded} gas, after 1 bid ${baseline}`,
      );
    });
  });
});
