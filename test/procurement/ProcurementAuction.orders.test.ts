import { expect } from "chai";
import { network } from "hardhat";
import { AbiCoder, id, keccak256, ZeroAddress, ZeroHash } from "ethers";
import {
  at,
  BID_TYPES,
  bidCommitment,
  BOND,
  BUDGET,
  commitBid,
  committer,
  DAY,
  deployAuctionFixture,
  expectAuctionHolds,
  expectWrongTerms,
  fields,
  HOUR,
  MAX_UNIT_PRICE,
  ORDER_QUANTITY,
  ORDER_SPEC,
  orderOf,
  OrderState,
  postOrder,
  Reason,
  revealBid,
  revealedCommitment,
  SCHEME,
  terms,
  USD,
  type AuctionFixture,
  type Order,
  type OrderTerms,
} from "./fixture.js";
import { stateBitmap } from "../helpers/roles.js";
import { ORDER_TERMS_KEYS, orderTermsTuple } from "./terms.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

/** Expects postOrder(`t`) from the customer to be refused with `error`(...`args`). */
async function expectInvalid(
  f: AuctionFixture,
  t: OrderTerms,
  error: string,
  ...args: unknown[]
): Promise<void> {
  await expect(f.auction.connect(f.customer).postOrder(t))
    .to.be.revertedWithCustomError(f.auction, error)
    .withArgs(...args);
}

/** Expects order `orderId` (as posted) to be in phase `state` as of the latest block. */
async function expectState(f: AuctionFixture, orderId: bigint, state: OrderState): Promise<void> {
  expect(await f.auction.phase(orderId, await orderOf(f, orderId))).to.equal(BigInt(state));
}

/** `keccak256(abi.encode(order))`, computed off chain with the ABI type of `hashOrder`'s input. */
function offChainHash(f: AuctionFixture, order: Order): string {
  const input = f.auction.interface.getFunction("hashOrder").inputs[0];
  if (input === undefined) throw new Error("hashOrder takes an order");
  return keccak256(AbiCoder.defaultAbiCoder().encode([input], [order]));
}

describe("ProcurementAuction: orders and phases", function () {
  describe("deployment", function () {
    it("refuses a zero participant registry or escrow", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const args: [string, string][] = [
        [ZeroAddress, f.escrowAddress],
        [f.participantsAddress, ZeroAddress],
        [ZeroAddress, ZeroAddress],
      ];
      for (const constructorArgs of args) {
        await expect(
          ethers.deployContract("ProcurementAuction", constructorArgs),
        ).to.be.revertedWithCustomError(f.auction, "ProcurementAuctionZeroAddress");
      }
    });

    it("wires the registry and the escrow, and exposes MIN_PHASE and its EIP-712 domain", async function () {
      const f = await loadFixture(deployAuctionFixture);
      expect(await f.auction.participants()).to.equal(f.participantsAddress);
      expect(await f.auction.escrow()).to.equal(f.escrowAddress);
      expect(await f.auction.MIN_PHASE()).to.equal(BigInt(HOUR));
      const domain = await f.auction.eip712Domain();
      expect(domain.name).to.equal("ProcurementAuction");
      expect(domain.version).to.equal("1");
      expect(domain.chainId).to.equal(f.bidDomain.chainId);
      expect(domain.verifyingContract).to.equal(f.auctionAddress);
      expect(await f.escrow.hasRole(f.ORIGINATOR_ROLE, f.auctionAddress)).to.equal(true);
    });
  });

  describe("commitmentOf", function () {
    it("equals the EIP-712 hash computed off chain, for any order, bidder, price, date and salt", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const cases: [bigint, string, bigint, bigint, string][] = [
        [1n, f.supplierA.address, MAX_UNIT_PRICE, 2_000_000_000n, id("salt-1")],
        [2n, f.supplierB.address, 1n, 0n, ZeroHash],
        [2n ** 200n, f.outsider.address, 2n ** 128n - 1n, 2n ** 48n - 1n, id("salt-2")],
      ];
      for (const [orderId, bidder, price, date, salt] of cases) {
        const offChain = bidCommitment(f, orderId, bidder, price, date, salt);
        expect(await f.auction.commitmentOf(orderId, bidder, price, date, salt)).to.equal(offChain);
        // The same value, hashed the long way: the typed-data encoder and the struct hash agree.
        const typed = ethers.TypedDataEncoder.from(BID_TYPES).hash({
          orderId,
          bidder,
          unitPrice: price,
          deliveryDate: date,
          salt,
        });
        const domainSeparator = ethers.TypedDataEncoder.hashDomain(f.bidDomain);
        expect(ethers.keccak256(ethers.concat(["0x1901", domainSeparator, typed]))).to.equal(
          offChain,
        );
      }
    });

    it("changes with every field, and with the contract (domain separation)", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const base = [1n, f.supplierA.address, USD(900n), 2_000_000_000n, id("salt")] as const;
      const reference = await f.auction.commitmentOf(...base);
      const variants: [bigint, string, bigint, bigint, string][] = [
        [2n, base[1], base[2], base[3], base[4]],
        [base[0], f.supplierB.address, base[2], base[3], base[4]],
        [base[0], base[1], base[2] + 1n, base[3], base[4]],
        [base[0], base[1], base[2], base[3] + 1n, base[4]],
        [base[0], base[1], base[2], base[3], id("salt2")],
      ];
      for (const variant of variants) {
        expect(await f.auction.commitmentOf(...variant)).to.not.equal(reference);
      }
      const other = await ethers.deployContract("ProcurementAuction", [
        f.participantsAddress,
        f.escrowAddress,
      ]);
      expect(await other.commitmentOf(...base)).to.not.equal(reference);
    });
  });

  describe("postOrder", function () {
    it("records the order, emits OrderPosted with the terms and locks the budget", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const t = await terms(f);
      const tx = f.auction.connect(f.customer).postOrder(t);
      await expect(tx)
        .to.emit(f.auction, "OrderPosted")
        .withArgs(1n, f.customer.address, orderTermsTuple(t), BUDGET);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, f.auction, f.escrow],
        [-BUDGET, BUDGET, 0n],
      );
      // The auction keeps the hash of the order (the customer and the terms) and its running
      // auction; the order itself is the event's.
      const posted = await orderOf(f, 1n);
      expect(posted.customer).to.equal(f.customer.address);
      const stored = fields(posted.terms, ORDER_TERMS_KEYS);
      expect(stored).to.deep.equal({
        ...t,
        quantity: BigInt(t.quantity),
      });
      const termsHash = offChainHash(f, { customer: f.customer.address, terms: t });
      expect(await f.auction.hashOrder(posted)).to.equal(termsHash);
      const o = await f.auction.orderRecord(1n);
      expect(
        fields(o, [
          "termsHash",
          "state",
          "commitments",
          "revealed",
          "bondReleased",
          "cancelledBondsPaid",
          "winnerCommitter",
          "winner",
          "winnerSequence",
          "bestPrice",
          "secondPrice",
          "invoiceId",
        ]),
      ).to.deep.equal({
        termsHash,
        state: BigInt(OrderState.Bidding),
        commitments: 0n,
        revealed: 0n,
        bondReleased: false,
        cancelledBondsPaid: false,
        winnerCommitter: ZeroAddress,
        winner: ZeroAddress,
        winnerSequence: 0n,
        bestPrice: 0n,
        secondPrice: 0n,
        invoiceId: 0n,
      });
      await expectAuctionHolds(f, f.stable, { budgets: BUDGET });
    });

    it("numbers orders 1, 2, 3 and locks each budget (max unit price x quantity)", async function () {
      const f = await loadFixture(deployAuctionFixture);
      expect((await postOrder(f)).orderId).to.equal(1n);
      const second = await terms(f, { quantity: 7, maxUnitPrice: 123_456n });
      const tx = f.auction.connect(f.customer).postOrder(second);
      await expect(tx)
        .to.emit(f.auction, "OrderPosted")
        .withArgs(2n, f.customer.address, orderTermsTuple(second), 7n * 123_456n);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, f.auction],
        [-7n * 123_456n, 7n * 123_456n],
      );
      expect((await postOrder(f, await terms(f, { secondPrice: true }))).orderId).to.equal(3n);
      await expectAuctionHolds(f, f.stable, { budgets: 2n * BUDGET + 7n * 123_456n });
    });

    it("accepts an order without scheme, without arbiter, and the limits of every term", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const now = BigInt(await time.latest()) + 1n;
      const biddingEnds = now + 1n;
      const edge = await terms(f, {
        requiredScheme: ZeroHash,
        arbiter: ZeroAddress,
        quantity: 100,
        maxUnitPrice: 1n,
        bond: 1n,
        biddingEnds,
        revealEnds: biddingEnds + BigInt(HOUR),
        deliveryBy: biddingEnds + 2n * BigInt(HOUR),
        rulingPeriod: BigInt(HOUR),
        acceptanceWindow: 0n,
        gracePeriod: 0n,
      });
      await at(f, now);
      await expect(f.auction.connect(f.customer).postOrder(edge))
        .to.emit(f.auction, "OrderPosted")
        .withArgs(1n, f.customer.address, orderTermsTuple(edge), 100n);
      await expectState(f, 1n, OrderState.Bidding);
    });

    it("refuses anyone but an active customer: NotAccredited(account, Customer)", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const t = await terms(f);
      for (const caller of [f.stranger, f.supplierA, f.arbiter, f.outsider]) {
        await expect(f.auction.connect(caller).postOrder(t))
          .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionNotAccredited")
          .withArgs(caller.address, 2);
      }
      await f.participantRegistry
        .connect(f.registrar)
        .suspend(f.customer.address, id("reason:suspended"));
      await expect(f.auction.connect(f.customer).postOrder(t))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionNotAccredited")
        .withArgs(f.customer.address, 2);
    });

    it("refuses a zero or non-contract token: TokenNotContract(token)", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const tokenError = "ProcurementAuctionTokenNotContract";
      await expectInvalid(f, await terms(f, { token: ZeroAddress }), tokenError, ZeroAddress);
      const stranger = f.stranger.address;
      await expectInvalid(f, await terms(f, { token: stranger }), tokenError, stranger);
    });

    it("refuses a zero spec, no parts or more than 100: InvalidParts(spec, quantity, 100)", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const partsError = "ProcurementAuctionInvalidParts";
      const quantity = BigInt(ORDER_QUANTITY);
      await expectInvalid(
        f,
        await terms(f, { specHash: ZeroHash }),
        partsError,
        ZeroHash,
        quantity,
        100n,
      );
      await expectInvalid(f, await terms(f, { quantity: 0 }), partsError, ORDER_SPEC, 0n, 100n);
      await expectInvalid(f, await terms(f, { quantity: 101 }), partsError, ORDER_SPEC, 101n, 100n);
    });

    it("refuses a zero maximum price or bond (ZeroAmount), or a budget above uint128 (BudgetTooLarge)", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const zero = "ProcurementAuctionZeroAmount";
      await expectInvalid(f, await terms(f, { maxUnitPrice: 0n }), zero, 0n, BOND);
      await expectInvalid(f, await terms(f, { bond: 0n }), zero, MAX_UNIT_PRICE, 0n);
      // The escrow holds an invoice total in a uint128: a budget beyond it is refused up front.
      const max = 2n ** 128n - 1n;
      const tooLarge = "ProcurementAuctionBudgetTooLarge";
      await f.stable.mint(f.customer.address, 4n * max);
      await expectInvalid(
        f,
        await terms(f, { maxUnitPrice: 2n ** 127n, quantity: 3 }),
        tooLarge,
        3n * 2n ** 127n,
        max,
      );
      await expectInvalid(
        f,
        await terms(f, { maxUnitPrice: max, quantity: 2 }),
        tooLarge,
        2n * max,
        max,
      );
      await expectInvalid(
        f,
        await terms(f, { maxUnitPrice: max / 3n + 1n, quantity: 3 }),
        tooLarge,
        3n * (max / 3n + 1n),
        max,
      );
      const atLimit = await terms(f, { maxUnitPrice: max / 3n, quantity: 3 });
      await expect(f.auction.connect(f.customer).postOrder(atLimit))
        .to.emit(f.auction, "OrderPosted")
        .withArgs(1n, f.customer.address, orderTermsTuple(atLimit), max);
    });

    it("refuses a timeline out of order: BiddingEndsNotFuture, WindowTooShort(start, end, 1 hour)", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const now = BigInt(await time.latest());
      // Bidding must end after the block that posts the order.
      const closing = await terms(f, {
        biddingEnds: now + 10n,
        revealEnds: now + 10n + BigInt(DAY),
      });
      await at(f, now + 10n);
      const notFuture = "ProcurementAuctionBiddingEndsNotFuture";
      await expectInvalid(f, closing, notFuture, now + 10n, now + 10n);
      const past = await terms(f, { biddingEnds: now - 1n, revealEnds: now + BigInt(DAY) });
      await at(f, now + 20n);
      await expectInvalid(f, past, notFuture, now - 1n, now + 20n);
      const t = await terms(f);
      // Revealing lasts at least an hour; delivery comes at least an hour after revealing.
      const short = "ProcurementAuctionWindowTooShort";
      const hour = BigInt(HOUR);
      const revealEnds = t.biddingEnds + hour - 1n;
      await expectInvalid(f, { ...t, revealEnds }, short, t.biddingEnds, revealEnds, hour);
      await expectInvalid(
        f,
        { ...t, revealEnds: t.biddingEnds },
        short,
        t.biddingEnds,
        t.biddingEnds,
        hour,
      );
      const deliveryBy = t.revealEnds + hour - 1n;
      await expectInvalid(f, { ...t, deliveryBy }, short, t.revealEnds, deliveryBy, hour);
      await expectInvalid(
        f,
        { ...t, deliveryBy: t.revealEnds },
        short,
        t.revealEnds,
        t.revealEnds,
        hour,
      );
    });

    it("refuses a ruling period under an hour: RulingPeriodTooShort(period, 1 hour)", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const short = "ProcurementAuctionRulingPeriodTooShort";
      const hour = BigInt(HOUR);
      await expectInvalid(f, await terms(f, { rulingPeriod: hour - 1n }), short, hour - 1n, hour);
      await expectInvalid(f, await terms(f, { rulingPeriod: 0n }), short, 0n, hour);
    });

    it("refuses the customer as its own arbiter: ArbiterIsCustomer(arbiter)", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const customer = f.customer.address;
      const arbiterError = "ProcurementAuctionArbiterIsCustomer";
      await expectInvalid(f, await terms(f, { arbiter: customer }), arbiterError, customer);
    });

    it("refuses a fee-on-transfer token: FundingShortfall(budget, received)", async function () {
      const f = await loadFixture(deployAuctionFixture);
      await f.feeToken.connect(f.customer).approve(f.auctionAddress, BUDGET);
      const fee = await f.feeToken.feeOf(BUDGET);
      expect(fee).to.be.greaterThan(0n);
      await expect(
        f.auction
          .connect(f.customer)
          .postOrder(await terms(f, { token: await f.feeToken.getAddress() })),
      )
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionFundingShortfall")
        .withArgs(BUDGET, BUDGET - fee);
    });

    it("refuses an order whose budget the customer has not approved", async function () {
      const f = await loadFixture(deployAuctionFixture);
      await f.stable.connect(f.customer).approve(f.auctionAddress, BUDGET - 1n);
      await expect(f.auction.connect(f.customer).postOrder(await terms(f)))
        .to.be.revertedWithCustomError(f.stable, "ERC20InsufficientAllowance")
        .withArgs(f.auctionAddress, BUDGET - 1n, BUDGET);
    });
  });

  describe("phases", function () {
    it("phase(id, order) reports Bidding before biddingEnds, Revealing from it, Settling from revealEnds; the stored state stays Bidding", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t } = await postOrder(f);
      /** The phase as of now, and the stored state, which the clock never moves. */
      const expectPhase = async (phase: OrderState) => {
        await expectState(f, orderId, phase);
        expect((await f.auction.orderRecord(orderId)).state).to.equal(BigInt(OrderState.Bidding));
      };
      await expectPhase(OrderState.Bidding);
      await at(f, t.biddingEnds - 1n, true);
      await expectPhase(OrderState.Bidding);
      await at(f, t.biddingEnds, true);
      await expectPhase(OrderState.Revealing);
      await at(f, t.revealEnds - 1n, true);
      await expectPhase(OrderState.Revealing);
      await at(f, t.revealEnds, true);
      await expectPhase(OrderState.Settling);
      // Settling lasts until someone settles, however long that takes.
      await at(f, t.deliveryBy + BigInt(365 * DAY), true);
      await expectPhase(OrderState.Settling);
    });

    it("phase(id, order) refuses a wrong order: WrongTerms(orderId, stored, given)", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, order } = await postOrder(f);
      await expectWrongTerms(f, orderId, order, (wrong) => f.auction.phase(orderId, wrong));
      await at(f, BigInt(order.terms.biddingEnds), true);
      await expectWrongTerms(f, orderId, order, (wrong) => f.auction.phase(orderId, wrong));
      await expectState(f, orderId, OrderState.Revealing);
    });

    it("refuses an unknown order everywhere, before looking at the order passed: UnknownOrder(orderId)", async function () {
      const f = await loadFixture(deployAuctionFixture);
      // An order that exists (order 1), passed for ids that do not.
      const { order } = await postOrder(f);
      const { auction } = f;
      for (const orderId of [0n, 2n]) {
        await expect(auction.orderRecord(orderId))
          .to.be.revertedWithCustomError(auction, "ProcurementAuctionUnknownOrder")
          .withArgs(orderId);
        await expect(auction.phase(orderId, order))
          .to.be.revertedWithCustomError(auction, "ProcurementAuctionUnknownOrder")
          .withArgs(orderId);
        await expect(auction.connect(f.customer).cancel(orderId, order))
          .to.be.revertedWithCustomError(auction, "ProcurementAuctionUnknownOrder")
          .withArgs(orderId);
        await expect(auction.connect(f.supplierA).commit(orderId, order, id("bid")))
          .to.be.revertedWithCustomError(auction, "ProcurementAuctionUnknownOrder")
          .withArgs(orderId);
        await expect(auction.connect(f.supplierA).reveal(orderId, order, 1n, 1n, id("salt")))
          .to.be.revertedWithCustomError(auction, "ProcurementAuctionUnknownOrder")
          .withArgs(orderId);
        await expect(auction.settle(orderId, order))
          .to.be.revertedWithCustomError(auction, "ProcurementAuctionUnknownOrder")
          .withArgs(orderId);
        await expect(auction.releaseWinnerBond(orderId, order))
          .to.be.revertedWithCustomError(auction, "ProcurementAuctionUnknownOrder")
          .withArgs(orderId);
      }
    });

    it("commit is open until the second before biddingEnds, then WrongPhase(id, current, Bidding)", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t, order } = await postOrder(f);
      await at(f, t.biddingEnds - 1n);
      const bid = await commitBid(f, orderId, {
        bidder: f.supplierA,
        price: MAX_UNIT_PRICE,
        date: t.deliveryBy,
      });
      expect(bid.sequence).to.equal(1n);
      await at(f, t.biddingEnds);
      await expect(f.auction.connect(f.supplierB).commit(orderId, order, id("late")))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionWrongPhase")
        .withArgs(orderId, OrderState.Revealing, stateBitmap(OrderState.Bidding));
      await at(f, t.revealEnds, true);
      await expect(f.auction.connect(f.supplierB).commit(orderId, order, id("late")))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionWrongPhase")
        .withArgs(orderId, OrderState.Settling, stateBitmap(OrderState.Bidding));
      await expectAuctionHolds(f, f.stable, { budgets: BUDGET, bonds: BOND });
    });

    it("reveal is open from biddingEnds to the second before revealEnds, then WrongPhase(id, current, Revealing)", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t } = await postOrder(f);
      const early = await commitBid(f, orderId, { bidder: f.supplierA, price: 900n, date: 1n });
      const late = await commitBid(f, orderId, { bidder: f.supplierB, price: 800n, date: 1n });
      const tooLate = await commitBid(f, orderId, { bidder: f.supplierC, price: 700n, date: 1n });
      await at(f, t.biddingEnds - 1n);
      await expect(revealBid(f, orderId, early))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionWrongPhase")
        .withArgs(orderId, OrderState.Bidding, stateBitmap(OrderState.Revealing));
      await at(f, t.biddingEnds);
      await expect(revealBid(f, orderId, early)).to.emit(f.auction, "BidRevealed");
      await at(f, t.revealEnds - 1n);
      await expect(revealBid(f, orderId, late)).to.emit(f.auction, "BidRevealed");
      // A reveal after the deadline.
      await at(f, t.revealEnds);
      await expect(revealBid(f, orderId, tooLate))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionWrongPhase")
        .withArgs(orderId, OrderState.Settling, stateBitmap(OrderState.Revealing));
      // Only the winner's bond and the unrevealed one are held.
      await expectAuctionHolds(f, f.stable, { budgets: BUDGET, bonds: 2n * BOND });
    });

    it("settle is refused before revealEnds (WrongPhase(id, current, Settling)) and open to anyone from it", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t, order } = await postOrder(f);
      await expect(f.auction.settle(orderId, order))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionWrongPhase")
        .withArgs(orderId, OrderState.Bidding, stateBitmap(OrderState.Settling));
      await at(f, t.revealEnds - 1n);
      await expect(f.auction.connect(f.stranger).settle(orderId, order))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionWrongPhase")
        .withArgs(orderId, OrderState.Revealing, stateBitmap(OrderState.Settling));
      await at(f, t.revealEnds);
      await expect(f.auction.connect(f.stranger).settle(orderId, order))
        .to.emit(f.auction, "OrderClosed")
        .withArgs(orderId, BUDGET);
      await expect(f.auction.settle(orderId, order))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionWrongPhase")
        .withArgs(orderId, OrderState.Closed, stateBitmap(OrderState.Settling));
      await expectAuctionHolds(f, f.stable, {});
    });
  });

  describe("cancel", function () {
    it("lets the customer cancel before the first bid: OrderCancelled, the budget goes back", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t, order } = await postOrder(f);
      await at(f, t.biddingEnds - 1n);
      const tx = f.auction.connect(f.customer).cancel(orderId, order);
      await expect(tx).to.emit(f.auction, "OrderCancelled").withArgs(orderId, BUDGET);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, f.auction],
        [BUDGET, -BUDGET],
      );
      await expectState(f, orderId, OrderState.Cancelled);
      await expectAuctionHolds(f, f.stable, {});
      // Cancelled for good: no bid, no second cancel, no settlement, even later.
      await expect(f.auction.connect(f.supplierA).commit(orderId, order, id("bid")))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionWrongPhase")
        .withArgs(orderId, OrderState.Cancelled, stateBitmap(OrderState.Bidding));
      await expect(f.auction.connect(f.customer).cancel(orderId, order))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionWrongPhase")
        .withArgs(orderId, OrderState.Cancelled, stateBitmap(OrderState.Bidding));
      await at(f, t.revealEnds, true);
      await expectState(f, orderId, OrderState.Cancelled);
      await expect(f.auction.settle(orderId, order))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionWrongPhase")
        .withArgs(orderId, OrderState.Cancelled, stateBitmap(OrderState.Settling));
      await expect(f.auction.releaseWinnerBond(orderId, order))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionWrongPhase")
        .withArgs(orderId, OrderState.Cancelled, stateBitmap(OrderState.Awarded));
    });

    it("refuses anyone but the customer: Unauthorized(orderId, caller)", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, order } = await postOrder(f);
      // Another customer's order: its customer cannot cancel this one either.
      await f.stable.mint(f.financier.address, BUDGET);
      await f.stable.connect(f.financier).approve(f.auctionAddress, BUDGET);
      await postOrder(f, undefined, f.financier);
      for (const caller of [f.stranger, f.financier, f.supplierA, f.arbiter]) {
        await expect(f.auction.connect(caller).cancel(orderId, order))
          .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionUnauthorized")
          .withArgs(orderId, caller.address);
      }
      await expectAuctionHolds(f, f.stable, { budgets: 2n * BUDGET });
    });

    it("lets the customer cancel despite commitments: a throwaway commitment blocks nothing and costs its bond", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t, order } = await postOrder(f);
      const honest = await commitBid(f, orderId, {
        bidder: f.supplierA,
        price: USD(700n),
        date: t.deliveryBy,
        committer: committer(f, 0),
      });
      // The blocker's commitment: a bid it never means to reveal.
      const blocker = await commitBid(f, orderId, {
        bidder: f.supplierB,
        price: MAX_UNIT_PRICE,
        date: t.deliveryBy,
        committer: committer(f, 1),
      });
      const tx = f.auction.connect(f.customer).cancel(orderId, order);
      await expect(tx).to.emit(f.auction, "OrderCancelled").withArgs(orderId, BUDGET);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, f.auction],
        [BUDGET, -BUDGET],
      );
      await expectState(f, orderId, OrderState.Cancelled);
      await expectAuctionHolds(f, f.stable, { bonds: 2n * BOND });
      await expect(
        commitBid(f, orderId, { bidder: f.supplierC, price: USD(1n), date: t.deliveryBy }),
      )
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionWrongPhase")
        .withArgs(orderId, OrderState.Cancelled, stateBitmap(OrderState.Bidding));
      // Bids reveal for their bonds in the revealing window only; settling waits for its end.
      await expect(revealBid(f, orderId, honest))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionWrongPhase")
        .withArgs(orderId, OrderState.Cancelled, stateBitmap(OrderState.Revealing));
      await at(f, t.biddingEnds, true);
      await expect(f.auction.settle(orderId, order))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionWrongPhase")
        .withArgs(orderId, OrderState.Cancelled, stateBitmap(OrderState.Settling));
      const reveal = revealBid(f, orderId, honest);
      await expect(reveal)
        .to.emit(f.auction, "BidRevealed")
        .withArgs(orderId, 1n, f.supplierA.address, USD(700n), t.deliveryBy, false, 5n)
        .and.to.emit(f.auction, "BondPaid")
        .withArgs(orderId, committer(f, 0).address, BOND, false);
      await expect(reveal).to.changeTokenBalances(
        ethers,
        f.stable,
        [committer(f, 0), f.auction],
        [BOND, -BOND],
      );
      const o = await f.auction.orderRecord(orderId);
      expect([o.winner, o.bestPrice, o.revealed]).to.deep.equal([ZeroAddress, 0n, 1n]);
      await at(f, t.revealEnds, true);
      await expect(revealBid(f, orderId, blocker))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionWrongPhase")
        .withArgs(orderId, OrderState.Cancelled, stateBitmap(OrderState.Revealing));
      // The blocker's bond, never revealed, goes to the customer, once.
      const settle = f.auction.connect(f.stranger).settle(orderId, order);
      await expect(settle)
        .to.emit(f.auction, "BondPaid")
        .withArgs(orderId, f.customer.address, BOND, true);
      await expect(settle).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, committer(f, 1), f.auction],
        [BOND, 0n, -BOND],
      );
      await expectAuctionHolds(f, f.stable, {});
      await expectState(f, orderId, OrderState.Cancelled);
      await expect(f.auction.settle(orderId, order))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionWrongPhase")
        .withArgs(orderId, OrderState.Cancelled, stateBitmap(OrderState.Settling));
    });

    it("settles nothing on a cancelled order whose bids were all revealed", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t, order } = await postOrder(f);
      const bid = await commitBid(f, orderId, {
        bidder: f.supplierA,
        price: USD(700n),
        date: t.deliveryBy,
      });
      await f.auction.connect(f.customer).cancel(orderId, order);
      await at(f, t.biddingEnds);
      await revealBid(f, orderId, bid);
      await at(f, t.revealEnds);
      await expect(f.auction.settle(orderId, order))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionWrongPhase")
        .withArgs(orderId, OrderState.Cancelled, stateBitmap(OrderState.Settling));
      await expectAuctionHolds(f, f.stable, {});
    });

    it("refuses a cancel once bidding ended, even without bids: settle closes it instead", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t, order } = await postOrder(f);
      await at(f, t.biddingEnds);
      await expect(f.auction.connect(f.customer).cancel(orderId, order))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionWrongPhase")
        .withArgs(orderId, OrderState.Revealing, stateBitmap(OrderState.Bidding));
      await at(f, t.revealEnds);
      const tx = f.auction.settle(orderId, order);
      await expect(tx).to.emit(f.auction, "OrderClosed").withArgs(orderId, BUDGET);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.stable,
        [f.customer, f.auction],
        [BUDGET, -BUDGET],
      );
      await expectAuctionHolds(f, f.stable, {});
    });
  });

  describe("the order passed back", function () {
    it("commit refuses a wrong order (bond, token, customer, timeline): WrongTerms(orderId, stored, given), no bond taken", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t, order } = await postOrder(f);
      const hash = bidCommitment(
        f,
        orderId,
        f.supplierA.address,
        USD(900n),
        t.deliveryBy,
        id("salt"),
      );
      const auction = f.auction.connect(f.supplierA);
      await expectWrongTerms(f, orderId, order, (wrong) => auction.commit(orderId, wrong, hash));
      await expectAuctionHolds(f, f.stable, { budgets: BUDGET });
      // The order as posted is taken.
      await expect(auction.commit(orderId, order, hash))
        .to.emit(f.auction, "BidCommitted")
        .withArgs(orderId, 1n, hash);
      await expectAuctionHolds(f, f.stable, { budgets: BUDGET, bonds: BOND });
    });

    it("reveal refuses a wrong order: WrongTerms(orderId, stored, given), the bid stays sealed", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t, order } = await postOrder(f);
      const bid = await commitBid(f, orderId, {
        bidder: f.supplierA,
        price: USD(900n),
        date: t.deliveryBy,
        committer: committer(f, 0),
      });
      await at(f, t.biddingEnds, true);
      const auction = f.auction.connect(f.supplierA);
      await expectWrongTerms(f, orderId, order, (wrong) =>
        auction.reveal(orderId, wrong, bid.price, bid.date, bid.salt),
      );
      expect((await f.auction.bid(orderId, bid.hash)).revealed).to.equal(false);
      expect((await f.auction.orderRecord(orderId)).revealed).to.equal(0n);
      await expect(revealBid(f, orderId, bid))
        .to.emit(f.auction, "BidRevealed")
        .withArgs(orderId, 1n, f.supplierA.address, USD(900n), t.deliveryBy, true, Reason.Valid);
    });

    it("cancel refuses a wrong order, also one naming the caller as its customer: WrongTerms(orderId, stored, given)", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, order } = await postOrder(f);
      const customer = f.auction.connect(f.customer);
      await expectWrongTerms(f, orderId, order, (wrong) => customer.cancel(orderId, wrong));
      // Naming oneself the customer does not make one the customer.
      const stranger = f.auction.connect(f.stranger);
      const claimed = { ...order, customer: f.stranger.address };
      await expect(stranger.cancel(orderId, claimed))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionWrongTerms")
        .withArgs(orderId, await f.auction.hashOrder(order), await f.auction.hashOrder(claimed));
      await expectState(f, orderId, OrderState.Bidding);
      await expectAuctionHolds(f, f.stable, { budgets: BUDGET });
      await expect(customer.cancel(orderId, order))
        .to.emit(f.auction, "OrderCancelled")
        .withArgs(orderId, BUDGET);
    });
  });

  describe("views", function () {
    it("bid(id, commitment) returns the committer, the sequence and whether it was revealed; an empty bid otherwise", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId, t } = await postOrder(f);
      const other = await postOrder(f);
      const bid = await commitBid(f, orderId, {
        bidder: f.supplierA,
        price: MAX_UNIT_PRICE,
        date: t.deliveryBy,
        committer: committer(f, 1),
      });
      const keys = ["committer", "sequence", "revealed"] as const;
      expect(fields(await f.auction.bid(orderId, bid.hash), keys)).to.deep.equal({
        committer: committer(f, 1).address,
        sequence: 1n,
        revealed: false,
      });
      // No bid under another commitment, nor under this one on another order (the slot is
      // keyed by both).
      const none = { committer: ZeroAddress, sequence: 0n, revealed: false };
      const unknown = revealedCommitment(f, orderId, { ...bid, salt: id("another salt") });
      for (const [id_, commitment] of [
        [orderId, unknown],
        [orderId, ZeroHash],
        [other.orderId, bid.hash],
        [other.orderId + 1n, bid.hash],
      ] as const) {
        expect(fields(await f.auction.bid(id_, commitment), keys)).to.deep.equal(none);
      }
      await at(f, t.biddingEnds);
      await revealBid(f, orderId, bid);
      expect(fields(await f.auction.bid(orderId, bid.hash), keys)).to.deep.equal({
        committer: committer(f, 1).address,
        sequence: 1n,
        revealed: true,
      });
      expect(fields(await f.auction.bid(other.orderId, bid.hash), keys)).to.deep.equal(none);
    });

    it("owed is zero for anyone nothing was credited to", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { orderId } = await postOrder(f);
      for (const id of [orderId, orderId + 1n]) {
        expect(await f.auction.owed(id, f.customer.address)).to.equal(0n);
      }
    });

    it("keeps each order's terms apart: each id stores its own order's hash, and takes no other order", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const first = await postOrder(f);
      const second = await postOrder(
        f,
        await terms(f, { specHash: id("spec:other"), quantity: 1, requiredScheme: SCHEME }),
      );
      expect((await orderOf(f, first.orderId)).terms.specHash).to.equal(ORDER_SPEC);
      expect((await orderOf(f, first.orderId)).terms.quantity).to.equal(BigInt(ORDER_QUANTITY));
      expect((await orderOf(f, second.orderId)).terms.specHash).to.equal(id("spec:other"));
      expect((await orderOf(f, second.orderId)).terms.quantity).to.equal(1n);
      const [firstHash, secondHash] = [
        await f.auction.hashOrder(first.order),
        await f.auction.hashOrder(second.order),
      ];
      expect(firstHash).to.not.equal(secondHash);
      expect((await f.auction.orderRecord(first.orderId)).termsHash).to.equal(firstHash);
      expect((await f.auction.orderRecord(second.orderId)).termsHash).to.equal(secondHash);
      // One order's terms do not open another's.
      await expect(f.auction.phase(first.orderId, second.order))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionWrongTerms")
        .withArgs(first.orderId, firstHash, secondHash);
      await expect(f.auction.connect(f.customer).cancel(second.orderId, first.order))
        .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionWrongTerms")
        .withArgs(second.orderId, secondHash, firstHash);
      await expectAuctionHolds(f, f.stable, { budgets: BUDGET + MAX_UNIT_PRICE });
    });

    it("hashOrder is keccak256(abi.encode(order)), computed off chain the same way, and changes with every field", async function () {
      const f = await loadFixture(deployAuctionFixture);
      const { t, order } = await postOrder(f);
      const reference = await f.auction.hashOrder(order);
      expect(reference).to.equal(offChainHash(f, order));
      for (const [what, wrong] of [
        ["customer", { ...order, customer: f.stranger.address }],
        ...ORDER_TERMS_KEYS.map((key): [string, Order] => {
          const value = t[key];
          const changed =
            typeof value === "boolean"
              ? !value
              : typeof value === "string"
                ? key === "token" || key === "arbiter"
                  ? f.stranger.address
                  : id(`changed:${key}`)
                : BigInt(value) + 1n;
          return [key, { ...order, terms: { ...order.terms, [key]: changed } }];
        }),
      ] as [string, Order][]) {
        const hash = await f.auction.hashOrder(wrong);
        expect(hash, what).to.not.equal(reference);
        expect(hash, what).to.equal(offChainHash(f, wrong));
      }
    });
  });
});
