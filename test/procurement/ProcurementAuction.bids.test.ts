import { expect } from "chai";
import { network } from "hardhat";
import { id, ZeroAddress, ZeroHash } from "ethers";
import {
  at,
  bidCommitment,
  BOND,
  BUDGET,
  commitBid,
  committer,
  deployAuctionFixture,
  expectAuctionHolds,
  fields,
  MAX_UNIT_PRICE,
  orderOf,
  OrderState,
  postOrder,
  Reason,
  revealBid,
  revealedCommitment,
  terms,
  USD,
  type AuctionFixture,
  type Bid,
} from "./fixture.js";
import { Role, roleSet } from "../helpers/roles.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture } = networkHelpers;

const ORDER_FIELDS = [
  "commitments",
  "revealed",
  "winner",
  "winnerSequence",
  "bestPrice",
  "secondPrice",
] as const;

/** Expects order `orderId`'s running auction to be `expected` (its phase as of now, and what is
 * stored). */
async function expectAuction(
  f: AuctionFixture,
  orderId: bigint,
  expected: {
    state: number;
    commitments: number;
    revealed: number;
    winner: string;
    winnerSequence: number;
    bestPrice: bigint;
    secondPrice: bigint;
  },
): Promise<void> {
  const o = await f.auction.orderRecord(orderId);
  expect(await f.auction.phase(orderId, await orderOf(f, orderId))).to.equal(
    BigInt(expected.state),
  );
  expect(fields(o, ORDER_FIELDS)).to.deep.equal({
    commitments: BigInt(expected.commitments),
    revealed: BigInt(expected.revealed),
    winner: expected.winner,
    winnerSequence: BigInt(expected.winnerSequence),
    bestPrice: expected.bestPrice,
    secondPrice: expected.secondPrice,
  });
}

/** The customer posts an order on the default terms with `overrides`. */
async function openOrder(f: AuctionFixture, overrides = {}) {
  return postOrder(f, await terms(f, overrides));
}

/** Expects a reveal to be refused with BadReveal(orderId, sequence). */
async function expectBadReveal(
  f: AuctionFixture,
  orderId: bigint,
  sequence: bigint,
  tx: Promise<unknown>,
): Promise<void> {
  await expect(tx)
    .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionBadReveal")
    .withArgs(orderId, sequence);
}

describe("ProcurementAuction: sealed bids", function () {
  describe("commit", function () {
    it("accepts a commitment from any address, numbers them 1, 2, 3 in arrival order and pulls the bond", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t, order } = await openOrder(f);
      const bidders = [f.supplierA, f.supplierB, f.supplierA];
      for (const [index, bidder] of bidders.entries()) {
        const from = committer(f, index);
        const hash = bidCommitment(
          f,
          orderId,
          bidder.address,
          USD(900n),
          t.deliveryBy,
          id(`s${index}`),
        );
        const sequence = BigInt(index + 1);
        expect(await f.auction.connect(from).commit.staticCall(orderId, order, hash)).to.equal(
          sequence,
        );
        const tx = f.auction.connect(from).commit(orderId, order, hash);
        await expect(tx).to.emit(f.auction, "BidCommitted").withArgs(orderId, sequence, hash);
        await expect(tx).to.changeTokenBalances(
          ethers,
          f.stable,
          [from, bidder, f.auction],
          [-BOND, 0n, BOND],
        );
        expect(
          fields(await f.auction.bid(orderId, hash), ["committer", "sequence", "revealed"]),
        ).to.deep.equal({ committer: from.address, sequence, revealed: false });
      }
      await expectAuction(f, orderId, {
        state: OrderState.Bidding,
        commitments: 3,
        revealed: 0,
        winner: ZeroAddress,
        winnerSequence: 0,
        bestPrice: 0n,
        secondPrice: 0n,
      });
      await expectAuctionHolds(f, f.stable, { budgets: BUDGET, bonds: 3n * BOND });
    });

    it("BidCommitted names neither the bidder nor the committer", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t } = await openOrder(f);
      const bid = await commitBid(f, orderId, {
        bidder: f.supplierA,
        price: USD(900n),
        date: t.deliveryBy,
        committer: committer(f, 0),
      });
      const event = f.auction.interface.getEvent("BidCommitted");
      expect(event.inputs.map((input) => input.type)).to.deep.equal([
        "uint256",
        "uint32",
        "bytes32",
      ]);
      const logs = await f.auction.queryFilter(f.auction.filters.BidCommitted(orderId));
      expect(logs).to.have.length(1);
      const log = logs[0];
      if (log === undefined) throw new Error("unreachable");
      const raw = [...log.topics, log.data].join("").toLowerCase();
      for (const address of [f.supplierA.address, committer(f, 0).address]) {
        expect(raw).to.not.include(address.slice(2).toLowerCase());
      }
      expect(log.args.commitment).to.equal(bid.hash);
    });

    it("numbers each order's commitments from 1", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const first = await openOrder(f);
      const second = await openOrder(f);
      const bid = { bidder: f.supplierA, price: USD(900n), date: first.t.deliveryBy };
      expect((await commitBid(f, first.orderId, bid)).sequence).to.equal(1n);
      expect((await commitBid(f, first.orderId, bid)).sequence).to.equal(2n);
      expect((await commitBid(f, second.orderId, bid)).sequence).to.equal(1n);
      await expectAuctionHolds(f, f.stable, { budgets: 2n * BUDGET, bonds: 3n * BOND });
    });

    it("refuses a zero commitment: ZeroCommitment(orderId)", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, order } = await openOrder(f);
      await expect(f.auction.connect(committer(f, 0)).commit(orderId, order, ZeroHash))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionZeroCommitment")
        .withArgs(orderId);
    });

    it("refuses a committer that has not approved the bond", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, order } = await openOrder(f);
      await expect(f.auction.connect(f.stranger).commit(orderId, order, id("bid")))
        .to.be.revertedWithCustomError(f.stable, "ERC20InsufficientAllowance")
        .withArgs(f.auctionAddress, 0n, BOND);
      expect((await f.auction.orderRecord(orderId)).commitments).to.equal(0n);
      expect((await f.auction.bid(orderId, id("bid"))).committer).to.equal(ZeroAddress);
    });

    it("refuses a commitment already committed to the order: DuplicateCommitment(orderId, commitment); another order takes it", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t, order } = await openOrder(f);
      const other = await openOrder(f);
      const bid = await commitBid(f, orderId, {
        bidder: f.supplierA,
        price: USD(900n),
        date: t.deliveryBy,
        committer: committer(f, 0),
      });
      // The same hash again, from the same committer or anyone else: refused, no bond taken.
      for (const from of [committer(f, 0), committer(f, 1), f.supplierA]) {
        await expect(f.auction.connect(from).commit(orderId, order, bid.hash))
          .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionDuplicateCommitment")
          .withArgs(orderId, bid.hash);
      }
      await expectAuction(f, orderId, {
        state: OrderState.Bidding,
        commitments: 1,
        revealed: 0,
        winner: ZeroAddress,
        winnerSequence: 0,
        bestPrice: 0n,
        secondPrice: 0n,
      });
      expect(
        fields(await f.auction.bid(orderId, bid.hash), ["committer", "sequence", "revealed"]),
      ).to.deep.equal({ committer: committer(f, 0).address, sequence: 1n, revealed: false });
      // The slot is the order's: the same hash on another order is another bid (that could never
      // be revealed there, as the order id is inside the hash).
      await expect(f.auction.connect(committer(f, 1)).commit(other.orderId, other.order, bid.hash))
        .to.emit(f.auction, "BidCommitted")
        .withArgs(other.orderId, 1n, bid.hash);
      await expectAuctionHolds(f, f.stable, { budgets: 2n * BUDGET, bonds: 2n * BOND });
    });
  });

  describe("reveal", function () {
    it("counts a valid bid revealed by the bidder named inside a commitment someone else posted", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t } = await openOrder(f);
      const bid = await commitBid(f, orderId, {
        bidder: f.supplierA,
        price: USD(900n),
        date: t.deliveryBy - 1n,
        committer: committer(f, 0),
      });
      await at(f, t.biddingEnds);
      const tx = revealBid(f, orderId, bid);
      await expect(tx)
        .to.emit(f.auction, "BidRevealed")
        .withArgs(
          orderId,
          1n,
          f.supplierA.address,
          USD(900n),
          t.deliveryBy - 1n,
          true,
          Reason.Valid,
        );
      // The best bid so far: its bond stays as security.
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [committer(f, 0), f.supplierA, f.auction],
        [0n, 0n, 0n],
      );
      await expect(tx).to.not.emit(f.auction, "PaymentDeferred");
      await expect(tx).to.not.emit(f.auction, "BondPaid");
      expect((await f.auction.bid(orderId, bid.hash)).revealed).to.equal(true);
      await expectAuction(f, orderId, {
        state: OrderState.Revealing,
        commitments: 1,
        revealed: 1,
        winner: f.supplierA.address,
        winnerSequence: 1,
        bestPrice: USD(900n),
        secondPrice: 0n,
      });
      await expectAuctionHolds(f, f.stable, { budgets: BUDGET, bonds: BOND });
    });

    it("refuses a wrong salt, price or date, another bidder, the committer and another order: UnknownBid(orderId, commitment)", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t } = await openOrder(f);
      const other = await openOrder(f);
      const bid = await commitBid(f, orderId, {
        bidder: f.supplierA,
        price: USD(900n),
        date: t.deliveryBy,
        salt: id("the secret"),
        committer: committer(f, 0),
      });
      await at(f, other.t.biddingEnds, true);
      const wrong: Bid[] = [
        { ...bid, salt: id("a guess") },
        { ...bid, price: bid.price - 1n },
        { ...bid, price: bid.price + 1n },
        { ...bid, date: bid.date - 1n },
        { ...bid, bidder: f.supplierB },
        { ...bid, bidder: committer(f, 0) },
      ];
      // A reveal looks its bid up by the commitment of what it reveals: none matches.
      for (const attempt of wrong) {
        const commitment = revealedCommitment(f, orderId, attempt);
        expect(commitment).to.not.equal(bid.hash);
        await expect(revealBid(f, orderId, attempt))
          .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionUnknownBid")
          .withArgs(orderId, commitment);
      }
      // The right contents on another order: the order's id is inside the commitment.
      await expect(revealBid(f, other.orderId, bid))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionUnknownBid")
        .withArgs(other.orderId, revealedCommitment(f, other.orderId, bid));
      expect((await f.auction.orderRecord(orderId)).revealed).to.equal(0n);
      await expect(revealBid(f, orderId, bid)).to.emit(f.auction, "BidRevealed");
    });

    it("refuses a double reveal: BadReveal", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t } = await openOrder(f);
      const valid = await commitBid(f, orderId, {
        bidder: f.supplierA,
        price: USD(900n),
        date: t.deliveryBy,
      });
      const invalid = await commitBid(f, orderId, {
        bidder: f.outsider,
        price: USD(800n),
        date: t.deliveryBy,
      });
      await at(f, t.biddingEnds);
      await revealBid(f, orderId, valid);
      await revealBid(f, orderId, invalid);
      await expectBadReveal(f, orderId, 1n, revealBid(f, orderId, valid));
      await expectBadReveal(f, orderId, 2n, revealBid(f, orderId, invalid));
      expect((await f.auction.orderRecord(orderId)).revealed).to.equal(2n);
      // The winner's bond is held once, the invalid one was refunded once.
      await expectAuctionHolds(f, f.stable, { budgets: BUDGET, bonds: BOND });
    });

    it("a front-run copy of a commitment gains nothing: the original is refused as a duplicate, the copier cannot reveal, the bidder inside reveals it on the copier's bond", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t, order } = await openOrder(f);
      const salt = id("supplier A's secret");
      const hash = bidCommitment(f, orderId, f.supplierA.address, USD(900n), t.deliveryBy, salt);
      // The copier sees A's commitment in the mempool and lands the same hash first, with its own bond.
      const copier = f.outsider;
      await expect(f.auction.connect(copier).commit(orderId, order, hash))
        .to.emit(f.auction, "BidCommitted")
        .withArgs(orderId, 1n, hash);
      // A's own commitment of it is refused (its bond stays with A): the bid is already sealed.
      await expect(
        commitBid(f, orderId, { bidder: f.supplierA, price: USD(900n), date: t.deliveryBy, salt }),
      )
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionDuplicateCommitment")
        .withArgs(orderId, hash);
      // Another supplier bids the same price later.
      const rival = await commitBid(f, orderId, {
        bidder: f.supplierB,
        price: USD(900n),
        date: t.deliveryBy,
      });
      expect(rival.sequence).to.equal(2n);
      await at(f, t.biddingEnds, true);

      // Even knowing the contents, the copier cannot reveal: the bidder inside the hash is A.
      const copierHash = bidCommitment(f, orderId, copier.address, USD(900n), t.deliveryBy, salt);
      await expect(f.auction.connect(copier).reveal(orderId, order, USD(900n), t.deliveryBy, salt))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionUnknownBid")
        .withArgs(orderId, copierHash);
      // A reveals its bid, sealed under the copy: the copier's bond now backs A's bid.
      const original: Bid = {
        bidder: f.supplierA,
        price: USD(900n),
        date: t.deliveryBy,
        salt,
        hash,
        committer: copier,
        sequence: 1n,
      };
      const reveal = revealBid(f, orderId, original);
      await expect(reveal)
        .to.emit(f.auction, "BidRevealed")
        .withArgs(orderId, 1n, f.supplierA.address, USD(900n), t.deliveryBy, true, Reason.Valid);
      await expect(reveal).to.changeTokenBalances(
        ethers,
        f.stable,
        [copier, f.supplierA, f.auction],
        [0n, 0n, 0n],
      );
      // Once: a second reveal of it is refused.
      await expectBadReveal(f, orderId, 1n, revealBid(f, orderId, original));
      await expect(revealBid(f, orderId, rival)).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.supplierB, f.auction],
        [BOND, -BOND],
      );
      // The copy's earlier number is A's: A ranks first among equal prices; the copier only
      // lent its bond as the winner's security.
      await expectAuction(f, orderId, {
        state: OrderState.Revealing,
        commitments: 2,
        revealed: 2,
        winner: f.supplierA.address,
        winnerSequence: 1,
        bestPrice: USD(900n),
        secondPrice: USD(900n),
      });
      expect((await f.auction.orderRecord(orderId)).winnerCommitter).to.equal(copier.address);
      await expectAuctionHolds(f, f.stable, { budgets: BUDGET, bonds: BOND });

      await at(f, t.revealEnds);
      const total = USD(900n) * 3n;
      const tx = f.auction.settle(orderId, order);
      await expect(tx)
        .to.emit(f.auction, "OrderAwarded")
        .withArgs(orderId, f.supplierA.address, USD(900n), 1n, total, BUDGET - total);
      // Nothing was left sealed: nothing forfeited.
      await expect(tx).to.not.emit(f.auction, "BondPaid");
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, copier, f.escrow, f.auction],
        [BUDGET - total, 0n, total, -BUDGET],
      );
      // Only the winner's bond remains.
      await expectAuctionHolds(f, f.stable, { bonds: BOND });
    });

    it("marks a bid by an unaccredited bidder invalid (reason 1) and refunds the bond to its committer", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t } = await openOrder(f);
      const bid = await commitBid(f, orderId, {
        bidder: f.outsider,
        price: USD(500n),
        date: t.deliveryBy,
        committer: committer(f, 2),
      });
      await at(f, t.biddingEnds);
      const tx = revealBid(f, orderId, bid);
      await expect(tx)
        .to.emit(f.auction, "BidRevealed")
        .withArgs(
          orderId,
          1n,
          f.outsider.address,
          USD(500n),
          t.deliveryBy,
          false,
          Reason.NotManufacturer,
        )
        .and.to.emit(f.auction, "BondPaid")
        .withArgs(orderId, committer(f, 2).address, BOND, false);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [committer(f, 2), f.outsider, f.auction],
        [BOND, 0n, -BOND],
      );
      await expectAuction(f, orderId, {
        state: OrderState.Revealing,
        commitments: 1,
        revealed: 1,
        winner: ZeroAddress,
        winnerSequence: 0,
        bestPrice: 0n,
        secondPrice: 0n,
      });
      await expectAuctionHolds(f, f.stable, { budgets: BUDGET });
    });

    it("marks a bid invalid (reason 1) when the bidder is accredited but not as a manufacturer, or suspended", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t } = await openOrder(f, { requiredScheme: ZeroHash });
      // A customer (of another order) is accredited, but not as a manufacturer.
      const customerBid = await commitBid(f, orderId, {
        bidder: f.financier,
        price: USD(500n),
        date: t.deliveryBy,
        committer: committer(f, 0),
      });
      const suspendedBid = await commitBid(f, orderId, {
        bidder: f.supplierB,
        price: USD(500n),
        date: t.deliveryBy,
      });
      await f.participantRegistry
        .connect(f.registrar)
        .suspend(f.supplierB.address, id("reason:audit"));
      await at(f, t.biddingEnds);
      await expect(revealBid(f, orderId, customerBid))
        .to.emit(f.auction, "BidRevealed")
        .withArgs(
          orderId,
          1n,
          f.financier.address,
          USD(500n),
          t.deliveryBy,
          false,
          Reason.NotManufacturer,
        );
      const tx = revealBid(f, orderId, suspendedBid);
      await expect(tx)
        .to.emit(f.auction, "BidRevealed")
        .withArgs(
          orderId,
          2n,
          f.supplierB.address,
          USD(500n),
          t.deliveryBy,
          false,
          Reason.NotManufacturer,
        );
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.supplierB, f.auction],
        [BOND, -BOND],
      );
      await expectAuctionHolds(f, f.stable, { budgets: BUDGET });
    });

    it("marks a bid by an uncertified manufacturer invalid (reason 2); an order without scheme accepts it", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t } = await openOrder(f);
      const open = await openOrder(f, { requiredScheme: ZeroHash });
      const bid = await commitBid(f, orderId, {
        bidder: f.supplierC,
        price: USD(500n),
        date: t.deliveryBy,
        committer: committer(f, 1),
      });
      const openBid = await commitBid(f, open.orderId, {
        bidder: f.supplierC,
        price: USD(500n),
        date: t.deliveryBy,
      });
      // A certified supplier whose certificate is under another scheme is no better.
      const other = await openOrder(f, { requiredScheme: f.uncertifiedScheme });
      const otherBid = await commitBid(f, other.orderId, {
        bidder: f.supplierA,
        price: USD(500n),
        date: t.deliveryBy,
      });
      await at(f, t.biddingEnds + 10n);
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
        );
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [committer(f, 1), f.supplierC, f.auction],
        [BOND, 0n, -BOND],
      );
      await expect(revealBid(f, open.orderId, openBid))
        .to.emit(f.auction, "BidRevealed")
        .withArgs(
          open.orderId,
          1n,
          f.supplierC.address,
          USD(500n),
          t.deliveryBy,
          true,
          Reason.Valid,
        );
      await expect(revealBid(f, other.orderId, otherBid))
        .to.emit(f.auction, "BidRevealed")
        .withArgs(
          other.orderId,
          1n,
          f.supplierA.address,
          USD(500n),
          t.deliveryBy,
          false,
          Reason.NotCertified,
        );
      // One winner's bond held (the order without scheme); three budgets locked.
      await expectAuctionHolds(f, f.stable, { budgets: 3n * BUDGET, bonds: BOND });
    });

    it("marks a bid above the maximum (or of zero) invalid (reason 3); the maximum itself is valid", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t } = await openOrder(f);
      const above = await commitBid(f, orderId, {
        bidder: f.supplierA,
        price: MAX_UNIT_PRICE + 1n,
        date: t.deliveryBy,
        committer: committer(f, 0),
      });
      const zero = await commitBid(f, orderId, {
        bidder: f.supplierB,
        price: 0n,
        date: t.deliveryBy,
      });
      const atMax = await commitBid(f, orderId, {
        bidder: f.supplierB,
        price: MAX_UNIT_PRICE,
        date: t.deliveryBy,
      });
      await at(f, t.biddingEnds);
      const tx = revealBid(f, orderId, above);
      await expect(tx)
        .to.emit(f.auction, "BidRevealed")
        .withArgs(
          orderId,
          1n,
          f.supplierA.address,
          MAX_UNIT_PRICE + 1n,
          t.deliveryBy,
          false,
          Reason.AboveMaximum,
        );
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [committer(f, 0), f.auction],
        [BOND, -BOND],
      );
      await expect(revealBid(f, orderId, zero))
        .to.emit(f.auction, "BidRevealed")
        .withArgs(orderId, 2n, f.supplierB.address, 0n, t.deliveryBy, false, Reason.AboveMaximum);
      await expect(revealBid(f, orderId, atMax))
        .to.emit(f.auction, "BidRevealed")
        .withArgs(
          orderId,
          3n,
          f.supplierB.address,
          MAX_UNIT_PRICE,
          t.deliveryBy,
          true,
          Reason.Valid,
        );
      expect((await f.auction.orderRecord(orderId)).winnerSequence).to.equal(3n);
      await expectAuctionHolds(f, f.stable, { budgets: BUDGET, bonds: BOND });
    });

    it("marks a delivery date after deliveryBy invalid (reason 4); deliveryBy itself is valid", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t } = await openOrder(f);
      const late = await commitBid(f, orderId, {
        bidder: f.supplierA,
        price: USD(100n),
        date: t.deliveryBy + 1n,
        committer: committer(f, 3),
      });
      const onTime = await commitBid(f, orderId, {
        bidder: f.supplierB,
        price: USD(200n),
        date: t.deliveryBy,
      });
      await at(f, t.biddingEnds);
      const tx = revealBid(f, orderId, late);
      await expect(tx)
        .to.emit(f.auction, "BidRevealed")
        .withArgs(
          orderId,
          1n,
          f.supplierA.address,
          USD(100n),
          t.deliveryBy + 1n,
          false,
          Reason.TooLate,
        );
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [committer(f, 3), f.auction],
        [BOND, -BOND],
      );
      await expect(revealBid(f, orderId, onTime))
        .to.emit(f.auction, "BidRevealed")
        .withArgs(orderId, 2n, f.supplierB.address, USD(200n), t.deliveryBy, true, Reason.Valid);
      await expectAuction(f, orderId, {
        state: OrderState.Revealing,
        commitments: 2,
        revealed: 2,
        winner: f.supplierB.address,
        winnerSequence: 2,
        bestPrice: USD(200n),
        secondPrice: 0n,
      });
      await expectAuctionHolds(f, f.stable, { budgets: BUDGET, bonds: BOND });
    });

    it("refunds the bond of a valid bid that is not the best at once, and records the second-best price", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t } = await openOrder(f);
      const best = await commitBid(f, orderId, {
        bidder: f.supplierA,
        price: USD(700n),
        date: t.deliveryBy,
      });
      const worse = await commitBid(f, orderId, {
        bidder: f.supplierB,
        price: USD(800n),
        date: t.deliveryBy,
        committer: committer(f, 0),
      });
      const between = await commitBid(f, orderId, {
        bidder: f.supplierB,
        price: USD(750n),
        date: t.deliveryBy,
      });
      const worst = await commitBid(f, orderId, {
        bidder: f.supplierB,
        price: USD(990n),
        date: t.deliveryBy,
      });
      await at(f, t.biddingEnds);
      await revealBid(f, orderId, best);
      const tx = revealBid(f, orderId, worse);
      await expect(tx)
        .to.emit(f.auction, "BidRevealed")
        .withArgs(orderId, 2n, f.supplierB.address, USD(800n), t.deliveryBy, true, Reason.Valid)
        .and.to.emit(f.auction, "BondPaid")
        .withArgs(orderId, committer(f, 0).address, BOND, false);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [committer(f, 0), f.supplierA, f.supplierB, f.auction],
        [BOND, 0n, 0n, -BOND],
      );
      expect((await f.auction.orderRecord(orderId)).secondPrice).to.equal(USD(800n));
      await revealBid(f, orderId, between);
      expect((await f.auction.orderRecord(orderId)).secondPrice).to.equal(USD(750n));
      await expect(revealBid(f, orderId, worst)).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.supplierB, f.auction],
        [BOND, -BOND],
      );
      await expectAuction(f, orderId, {
        state: OrderState.Revealing,
        commitments: 4,
        revealed: 4,
        winner: f.supplierA.address,
        winnerSequence: 1,
        bestPrice: USD(700n),
        secondPrice: USD(750n),
      });
      await expectAuctionHolds(f, f.stable, { budgets: BUDGET, bonds: BOND });
    });

    it("holds the best bid's bond until it is displaced, then refunds it to its committer", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t } = await openOrder(f);
      const first = await commitBid(f, orderId, {
        bidder: f.supplierA,
        price: USD(900n),
        date: t.deliveryBy,
        committer: committer(f, 0),
      });
      const second = await commitBid(f, orderId, {
        bidder: f.supplierB,
        price: USD(800n),
        date: t.deliveryBy,
        committer: committer(f, 1),
      });
      await at(f, t.biddingEnds);
      await expect(revealBid(f, orderId, first)).to.changeTokenBalances(
        ethers,
        f.stable,
        [committer(f, 0), f.auction],
        [0n, 0n],
      );
      const tx = revealBid(f, orderId, second);
      // The displaced best's bond goes back: a payment of this order, with an event.
      await expect(tx)
        .to.emit(f.auction, "BondPaid")
        .withArgs(orderId, committer(f, 0).address, BOND, false);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [committer(f, 0), committer(f, 1), f.supplierA, f.supplierB, f.auction],
        [BOND, 0n, 0n, 0n, -BOND],
      );
      await expectAuction(f, orderId, {
        state: OrderState.Revealing,
        commitments: 2,
        revealed: 2,
        winner: f.supplierB.address,
        winnerSequence: 2,
        bestPrice: USD(800n),
        secondPrice: USD(900n),
      });
      await expectAuctionHolds(f, f.stable, { budgets: BUDGET, bonds: BOND });
    });

    it("breaks a tie by the earliest commitment, even when it is revealed later", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t } = await openOrder(f);
      const early = await commitBid(f, orderId, {
        bidder: f.supplierB,
        price: USD(800n),
        date: t.deliveryBy,
        committer: committer(f, 0),
      });
      const late = await commitBid(f, orderId, {
        bidder: f.supplierA,
        price: USD(800n),
        date: t.deliveryBy - 100n,
        committer: committer(f, 1),
      });
      const later = await commitBid(f, orderId, {
        bidder: f.supplierA,
        price: USD(800n),
        date: t.deliveryBy - 200n,
        committer: committer(f, 2),
      });
      await at(f, t.biddingEnds);
      await revealBid(f, orderId, late);
      expect((await f.auction.orderRecord(orderId)).winnerSequence).to.equal(2n);
      // The earlier commitment takes over at the same price and the displaced bond goes back.
      await expect(revealBid(f, orderId, early)).to.changeTokenBalances(
        ethers,
        f.stable,
        [committer(f, 0), committer(f, 1), f.auction],
        [0n, BOND, -BOND],
      );
      // A later commitment at the same price does not take over: refunded at once.
      await expect(revealBid(f, orderId, later)).to.changeTokenBalances(
        ethers,
        f.stable,
        [committer(f, 0), committer(f, 2), f.auction],
        [0n, BOND, -BOND],
      );
      await expectAuction(f, orderId, {
        state: OrderState.Revealing,
        commitments: 3,
        revealed: 3,
        winner: f.supplierB.address,
        winnerSequence: 1,
        bestPrice: USD(800n),
        secondPrice: USD(800n),
      });
      await expectAuctionHolds(f, f.stable, { budgets: BUDGET, bonds: BOND });
    });
  });

  describe("conflicts of interest", function () {
    it("refuses a reveal by the order's customer, also a manufacturer: ConflictedBidder(orderId, customer); its bond is forfeited", async function () {
      const f = await loadFixture(deployAuctionFixture);
      await f.participantRegistry
        .connect(f.registrar)
        .setRoles(f.customer.address, roleSet(Role.Customer, Role.Manufacturer));
      expect(await f.participantRegistry.isActive(f.customer.address, Role.Manufacturer)).to.equal(
        true,
      );
      const { orderId, t, order } = await openOrder(f, { requiredScheme: ZeroHash });
      const own = await commitBid(f, orderId, {
        bidder: f.customer,
        price: USD(100n),
        date: t.deliveryBy,
        committer: committer(f, 0),
      });
      const rival = await commitBid(f, orderId, {
        bidder: f.supplierC,
        price: USD(900n),
        date: t.deliveryBy,
      });
      await at(f, t.biddingEnds);
      await expect(revealBid(f, orderId, own))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionConflictedBidder")
        .withArgs(orderId, f.customer.address);
      await revealBid(f, orderId, rival);
      await expectAuction(f, orderId, {
        state: OrderState.Revealing,
        commitments: 2,
        revealed: 1,
        winner: f.supplierC.address,
        winnerSequence: 2,
        bestPrice: USD(900n),
        secondPrice: 0n,
      });
      await at(f, t.revealEnds);
      const total = USD(900n) * 3n;
      const tx = f.auction.settle(orderId, order);
      await expect(tx)
        .to.emit(f.auction, "OrderAwarded")
        .withArgs(orderId, f.supplierC.address, USD(900n), 1n, total, BUDGET - total)
        .and.to.emit(f.auction, "BondPaid")
        .withArgs(orderId, f.customer.address, BOND, true);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, committer(f, 0), f.auction],
        [BUDGET - total + BOND, 0n, -(BUDGET + BOND)],
      );
      await expectAuctionHolds(f, f.stable, { bonds: BOND });
    });

    it("counts a bid whose bond the order's arbiter or customer posted, forfeiting that bond to the customer at the reveal: a copy cannot void a bid", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t } = await openOrder(f, { requiredScheme: ZeroHash });
      const auctionAddress = await f.auction.getAddress();
      const bids: Bid[] = [];
      for (const backer of [f.arbiter, f.customer]) {
        await f.stable.mint(backer.address, BOND);
        await f.stable.connect(backer).approve(auctionAddress, BOND);
        bids.push(
          await commitBid(f, orderId, {
            bidder: f.supplierC,
            price: USD(500n),
            date: t.deliveryBy,
            committer: backer,
          }),
        );
      }
      await at(f, t.biddingEnds);
      const arbiterBefore = await f.stable.balanceOf(f.arbiter.address);
      for (const [i, bid] of bids.entries()) {
        const customerBefore = await f.stable.balanceOf(f.customer.address);
        await expect(revealBid(f, orderId, bid))
          .to.emit(f.auction, "BidRevealed")
          .withArgs(orderId, BigInt(i + 1), f.supplierC.address, USD(500n), t.deliveryBy, true, 0)
          .and.to.emit(f.auction, "BondPaid")
          .withArgs(orderId, f.customer.address, BOND, true);
        expect(await f.stable.balanceOf(f.customer.address)).to.equal(customerBefore + BOND);
      }
      expect(await f.stable.balanceOf(f.arbiter.address)).to.equal(arbiterBefore);
      const record = await f.auction.orderRecord(orderId);
      expect(record.revealed).to.equal(2n);
      expect(record.winner).to.equal(f.supplierC.address);
      expect(record.winnerSequence).to.equal(1n);
      // The winning bid holds no bond: nothing is left to release after the award.
      expect(record.winnerCommitter).to.equal(ZeroAddress);
      await at(f, t.revealEnds);
      const order = await orderOf(f, orderId);
      await expect(f.auction.settle(orderId, order)).to.emit(f.auction, "OrderAwarded");
      expect((await f.auction.orderRecord(orderId)).bondReleased).to.equal(true);
      await expect(f.auction.releaseWinnerBond(orderId, order))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionBondReleased")
        .withArgs(orderId);
      await expectAuctionHolds(f, f.stable, {});
    });

    it("refuses a reveal by the order's arbiter, also a manufacturer: ConflictedBidder(orderId, arbiter); it may bid where it does not judge", async function () {
      const f = await loadFixture(deployAuctionFixture);
      await f.participantRegistry
        .connect(f.registrar)
        .setRoles(f.arbiter.address, roleSet(Role.Arbiter, Role.Manufacturer));
      const judged = await openOrder(f, { requiredScheme: ZeroHash });
      const elsewhere = await openOrder(f, {
        requiredScheme: ZeroHash,
        arbiter: f.otherArbiter.address,
      });
      const bids: Bid[] = [];
      for (const { orderId, t } of [judged, elsewhere]) {
        bids.push(
          await commitBid(f, orderId, {
            bidder: f.arbiter,
            price: USD(500n),
            date: t.deliveryBy,
            committer: committer(f, 1),
          }),
        );
      }
      const [onJudged, onElsewhere] = bids as [Bid, Bid];
      await at(f, judged.t.biddingEnds);
      await expect(revealBid(f, judged.orderId, onJudged))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionConflictedBidder")
        .withArgs(judged.orderId, f.arbiter.address);
      await at(f, elsewhere.t.biddingEnds);
      await expect(revealBid(f, elsewhere.orderId, onElsewhere))
        .to.emit(f.auction, "BidRevealed")
        .withArgs(
          elsewhere.orderId,
          1n,
          f.arbiter.address,
          USD(500n),
          elsewhere.t.deliveryBy,
          true,
          Reason.Valid,
        );
      expect((await f.auction.bid(judged.orderId, onJudged.hash)).revealed).to.equal(false);
      await at(f, judged.t.revealEnds);
      const tx = f.auction.settle(judged.orderId, judged.order);
      await expect(tx)
        .to.emit(f.auction, "OrderClosed")
        .withArgs(judged.orderId, BUDGET)
        .and.to.emit(f.auction, "BondPaid")
        .withArgs(judged.orderId, f.customer.address, BOND, true);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, committer(f, 1)],
        [BUDGET + BOND, 0n],
      );
    });
  });

  describe("reentrancy", function () {
    it("a token callback during a bond refund cannot enter the auction", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const token = await f.reentrant.getAddress();
      await f.reentrant.connect(f.customer).approve(f.auctionAddress, BUDGET);
      const { orderId, t, order } = await openOrder(f, { token });
      await f.reentrant.mint(f.supplierC.address, BOND);
      await f.reentrant.connect(f.supplierC).approve(f.auctionAddress, BOND);
      const bid = await commitBid(f, orderId, {
        bidder: f.supplierC,
        price: USD(500n),
        date: t.deliveryBy,
      });
      await at(f, t.biddingEnds);
      const nested = f.auction.interface.encodeFunctionData("reveal", [
        orderId,
        order,
        bid.price,
        bid.date,
        bid.salt,
      ]);
      await f.reentrant.arm(f.auctionAddress, nested);
      const guard = f.auction.interface.encodeErrorResult("ReentrancyGuardReentrantCall", []);
      const tx = revealBid(f, orderId, bid);
      await expect(tx)
        .to.emit(f.reentrant, "ReentryAttempted")
        .withArgs(f.auctionAddress, false, guard);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.reentrant,
        [f.supplierC, f.auction],
        [BOND, -BOND],
      );
      expect(await f.reentrant.balanceOf(f.auctionAddress)).to.equal(BUDGET);
    });
  });
});
