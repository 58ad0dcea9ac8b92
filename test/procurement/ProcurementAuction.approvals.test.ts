import { expect } from "chai";
import { id, MaxUint256, ZeroAddress, ZeroHash } from "ethers";
import { network } from "hardhat";
import { agreedInvoice, DAY, totalOf, USD } from "../invoicing/fixture.js";
import { deployWiredAuctionFixture } from "./fixture.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

const QUANTITY = 2;
const MAX_UNIT_PRICE = USD(100n);
const BUDGET = MAX_UNIT_PRICE * BigInt(QUANTITY);
const BOND = USD(5n);
const PRICE = USD(80n);

/**
 * The auction approves the escrow once per token, for good. A token that refuses so large an
 * approval (allowances kept in 96 bits) is approved for the invoice's total instead; one that
 * refuses every approval closes the order, as an invoice the escrow refuses does: nothing stays
 * locked.
 */
describe("ProcurementAuction: approving the escrow in tokens that cap approvals", function () {
  /** The auction wired into the escrow, and the capped-approval token. */
  async function auctionFixture() {
    const f = await loadFixture(deployWiredAuctionFixture);
    const token = await ethers.deployContract("CappedApprovalTokenMock", [], f.deployer);
    return { ...f, token };
  }
  type Suite = Awaited<ReturnType<typeof auctionFixture>>;

  /**
   * Order `orderId` for `quantity` parts in the capped-approval token, with one valid bid of the
   * manufacturer at {PRICE} revealed; the clock at the end of revealing, ready to settle.
   */
  async function revealedOrder(f: Suite, orderId: bigint, quantity: number) {
    const budget = MAX_UNIT_PRICE * BigInt(quantity);
    for (const [who, amount] of [
      [f.customer, budget],
      [f.manufacturer, BOND],
    ] as const) {
      await f.token.mint(who.address, amount);
      await f.token.connect(who).approve(f.auctionAddress, amount);
    }
    const start = BigInt(await time.latest());
    const terms = {
      specHash: id("spec:shaft"),
      quantity,
      requiredScheme: ZeroHash,
      maxUnitPrice: MAX_UNIT_PRICE,
      token: await f.token.getAddress(),
      biddingEnds: start + BigInt(DAY),
      revealEnds: start + BigInt(2 * DAY),
      deliveryBy: start + BigInt(30 * DAY),
      bond: BOND,
      secondPrice: false,
      arbiter: ZeroAddress,
      acceptanceWindow: 0,
      gracePeriod: DAY,
      rulingPeriod: DAY,
    };
    await f.auction.connect(f.customer).postOrder(terms);
    const order = { customer: f.customer.address, terms };
    const salt = id(`salt-${orderId}`);
    const deliveryDate = start + BigInt(20 * DAY);
    const sealed = await f.auction.commitmentOf(
      orderId,
      f.manufacturer.address,
      PRICE,
      deliveryDate,
      salt,
    );
    await f.auction.connect(f.manufacturer).commit(orderId, order, sealed);
    await time.increaseTo(terms.biddingEnds);
    await f.auction.connect(f.manufacturer).reveal(orderId, order, PRICE, deliveryDate, salt);
    await time.increaseTo(terms.revealEnds);
    return order;
  }

  /** An order in the capped-approval token with one valid bid revealed, ready to settle. */
  async function revealedOrderFixture() {
    const f = await auctionFixture();
    return { ...f, order: await revealedOrder(f, 1n, QUANTITY) };
  }

  it("approves the invoice's total when the token refuses an approval for good, and awards", async function () {
    const f = await loadFixture(revealedOrderFixture);
    const total = PRICE * BigInt(QUANTITY);
    await expect(f.auction.settle(1n, f.order))
      .to.emit(f.auction, "OrderAwarded")
      .withArgs(1n, f.manufacturer.address, PRICE, 1n, total, BUDGET - total)
      .and.to.emit(f.token, "Approval")
      .withArgs(f.auctionAddress, f.escrowAddress, total);
    expect(totalOf(await agreedInvoice(f.escrow, 1n))).to.equal(total);
    // The exact approval was spent by the funding: nothing is left for the escrow to pull.
    expect(await f.token.allowance(f.auctionAddress, f.escrowAddress)).to.equal(0n);
    expect(await f.token.balanceOf(f.escrowAddress)).to.equal(total);
    expect(await f.token.balanceOf(f.customer.address)).to.equal(BUDGET - total);
    expect(await f.token.balanceOf(f.auctionAddress)).to.equal(BOND);
  });

  it("approves for good when the token allows it: the allowance stays at its maximum", async function () {
    const f = await loadFixture(revealedOrderFixture);
    await f.token.setApprovalCap(MaxUint256);
    await expect(f.auction.settle(1n, f.order))
      .to.emit(f.token, "Approval")
      .withArgs(f.auctionAddress, f.escrowAddress, MaxUint256);
    expect(await f.token.allowance(f.auctionAddress, f.escrowAddress)).to.equal(MaxUint256);
  });

  it("closes the order when the token refuses every approval: the budget and the bond go back", async function () {
    const f = await loadFixture(revealedOrderFixture);
    await f.token.setApprovalCap(0n);
    await expect(f.auction.settle(1n, f.order))
      .to.emit(f.auction, "OrderClosed")
      .withArgs(1n, BUDGET)
      .and.to.emit(f.auction, "BondPaid")
      .withArgs(1n, f.manufacturer.address, BOND, false)
      .and.not.to.emit(f.escrow, "InvoiceProposed");
    expect((await f.auction.orderRecord(1n)).state).to.equal(5n);
    expect(await f.token.balanceOf(f.customer.address)).to.equal(BUDGET);
    expect(await f.token.balanceOf(f.manufacturer.address)).to.equal(BOND);
    expect(await f.token.balanceOf(f.auctionAddress)).to.equal(0n);
    expect(await f.token.allowance(f.auctionAddress, f.escrowAddress)).to.equal(0n);
  });

  it("sets a leftover allowance too small for the next invoice to zero before approving its total", async function () {
    const f = await loadFixture(revealedOrderFixture);
    // The escrow refuses the first award (the winner was suspended): its approval is left over.
    await f.participantRegistry.connect(f.registrar).suspend(f.manufacturer.address, id("audit"));
    await expect(f.auction.settle(1n, f.order))
      .to.emit(f.auction, "OrderClosed")
      .withArgs(1n, BUDGET);
    const first = PRICE * BigInt(QUANTITY);
    expect(await f.token.allowance(f.auctionAddress, f.escrowAddress)).to.equal(first);
    await f.participantRegistry.connect(f.registrar).reinstate(f.manufacturer.address);
    // A larger order: the leftover is short of its total, so it goes to zero, then the total.
    const order = await revealedOrder(f, 2n, QUANTITY + 1);
    const total = PRICE * BigInt(QUANTITY + 1);
    const settled = f.auction.settle(2n, order);
    await expect(settled)
      .to.emit(f.auction, "OrderAwarded")
      .withArgs(
        2n,
        f.manufacturer.address,
        PRICE,
        1n,
        total,
        MAX_UNIT_PRICE * BigInt(QUANTITY + 1) - total,
      );
    const approvals = (await (await settled).wait())!.logs
      .map((log) => f.token.interface.parseLog(log))
      .filter((event) => event?.name === "Approval")
      .map((event) => [event!.args.owner, event!.args.spender, event!.args.value]);
    expect(approvals).to.deep.equal([
      [f.auctionAddress, f.escrowAddress, 0n],
      [f.auctionAddress, f.escrowAddress, total],
    ]);
    expect(await f.token.allowance(f.auctionAddress, f.escrowAddress)).to.equal(0n);
  });
});
