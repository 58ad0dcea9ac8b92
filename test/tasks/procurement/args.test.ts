import { expect } from "chai";
import { Wallet, ZeroHash } from "ethers";
import {
  type AuctionOrder,
  type AuctionPayment,
  AuctionsClient,
  InputErrorCode,
  type TokenInfo,
} from "../../../src/index.js";
import {
  optionalBidValues,
  optionalSalt,
  optionalSequence,
  parseOrderId,
  requireOrderTimeline,
  requirePartCount,
} from "../../../tasks/procurement/args.js";
import { optionalAccount } from "../../../tasks/shared/args.js";
import {
  formatAuctionWithdrawn,
  formatBidRevealed,
  formatOrder,
  formatOrderSettled,
  formatWinnerBondReleased,
  orderToJson,
} from "../../../tasks/procurement/format.js";
import { inputError } from "../shared/helpers.js";

const TOKEN: TokenInfo = {
  address: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  name: "Test USD",
  symbol: "TUSD",
  decimals: 6,
};
const CUSTOMER = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
const BIDDER = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
/**
 * An auctions client that sends nothing: how an order's dates follow each other is the SDK's
 * rule, checked before it sends; the task only reads the dates.
 */
const SDK = new AuctionsClient(BIDDER, Wallet.createRandom());
const TX = { hash: `0x${"12".repeat(32)}`, blockNumber: 7, gasUsed: 21_000n };
const USD = 1_000_000n;

const BIDDING: AuctionOrder = {
  id: 4n,
  phase: "bidding",
  customer: CUSTOMER,
  spec: `0x${"ab".repeat(32)}`,
  quantity: 3,
  requiredScheme: undefined,
  token: TOKEN.address,
  maxUnitPrice: 100n * USD,
  budget: 300n * USD,
  bond: 50n * USD,
  pricing: "second-price",
  biddingEnds: 1_830_000_000n,
  revealEnds: 1_830_086_400n,
  deliveryBy: 1_832_000_000n,
  arbiter: undefined,
  acceptanceWindow: 172_800n,
  gracePeriod: 0n,
  rulingPeriod: 604_800n,
  sealedBids: 5,
  revealedBids: undefined,
  best: undefined,
  award: undefined,
};

describe("auction tasks: arguments and formatting", function () {
  it("reads order ids, sequences, part counts, salts and accounts", async function () {
    expect(parseOrderId(" 12 ")).to.equal(12n);
    expect((await inputError(() => parseOrderId("0"))).code).to.equal(InputErrorCode.InvalidId);
    expect(optionalSequence("")).to.equal(undefined);
    expect(optionalSequence("3")).to.equal(3);
    expect((await inputError(() => optionalSequence("x"))).message).to.include("--sequence");
    expect(requirePartCount("100")).to.equal(100);
    expect((await inputError(() => requirePartCount(""))).message).to.include("pass --quantity");
    expect((await inputError(() => requirePartCount("three"))).message).to.include("1 to 100");
    // The range and the zero salt are the SDK's rules: the task reads the strings and passes on
    // what the SDK refuses, in its sentence, before anything is sent.
    expect(requirePartCount("101")).to.equal(101);
    const tooMany = await inputError(() =>
      SDK.postOrder({
        spec: `0x${"ab".repeat(32)}`,
        quantity: requirePartCount("101"),
        maxUnitPrice: "100",
        token: BIDDER,
        bond: "10",
        rulingPeriod: 86_400,
        biddingEnds: new Date("2027-06-01"),
        revealEnds: new Date("2027-06-02"),
        deliveryBy: new Date("2027-07-01"),
      }),
    );
    expect(tooMany.field).to.equal("quantity");
    expect(tooMany.shortMessage).to.equal(
      'The quantity "101" is not a number of parts from 1 to 100.',
    );
    expect(optionalSalt("")).to.equal(undefined);
    expect(optionalSalt(`0x${"AB".repeat(32)}`)).to.equal(`0x${"ab".repeat(32)}`);
    expect(optionalSalt(`0x${"0".repeat(64)}`)).to.equal(ZeroHash);
    expect(optionalAccount("", "--committer")).to.equal(undefined);
    expect(optionalAccount("11", "--committer")).to.equal("11");
    expect(optionalAccount(BIDDER.toLowerCase(), "--committer")).to.equal(BIDDER);
    expect((await inputError(() => optionalAccount("bob", "--committer"))).code).to.equal(
      InputErrorCode.InvalidAddress,
    );
  });

  it("checks an order's timeline and a bid's values before connecting", async function () {
    const timeline = requireOrderTimeline({
      biddingEnds: "2027-06-01",
      revealEnds: "2027-06-01T01:00:00Z",
      deliverBy: "2027-07-01",
    });
    expect(timeline.revealEnds.toISOString()).to.equal("2027-06-01T01:00:00.000Z");
    const short = await inputError(() =>
      SDK.postOrder({
        spec: `0x${"ab".repeat(32)}`,
        quantity: 3,
        maxUnitPrice: "100",
        token: BIDDER,
        bond: "10",
        rulingPeriod: 86_400,
        ...requireOrderTimeline({
          biddingEnds: "2027-06-01",
          revealEnds: "2027-06-01T00:59:59Z",
          deliverBy: "2027-07-01",
        }),
      }),
    );
    expect(short.code).to.equal(InputErrorCode.InvalidTime);
    expect(short.message).to.include("at least one hour after bidding");
    const late = await inputError(() =>
      requireOrderTimeline({ biddingEnds: "2027-06-01", revealEnds: "2027-06-02", deliverBy: "" }),
    );
    expect(late.message).to.include("pass --deliver-by");
    expect(optionalBidValues("", "")).to.equal(undefined);
    expect(optionalBidValues("80.5", "2027-06-10")).to.deep.equal({
      unitPrice: "80.5",
      deliveryDate: new Date("2027-06-10T00:00:00Z"),
    });
    expect((await inputError(() => optionalBidValues("80", ""))).message).to.include(
      "Give both --price and --delivery",
    );
  });

  it("shows only the count of sealed bids while bidding is open", function () {
    const text = formatOrder(BIDDING, TOKEN);
    expect(text).to.include("Sealed bids   5 (who bids, and at what price, stays sealed");
    expect(text).to.include("Pricing       second price");
    expect(text).to.include(
      "Invoice       arbiter none; 2 days to accept or reject; grace none; ruling within 7 days",
    );
    expect(orderToJson(BIDDING, TOKEN)).to.not.have.any.keys("revealedBids", "best", "award");
    const revealing: AuctionOrder = {
      ...BIDDING,
      phase: "revealing",
      revealedBids: 2,
      best: {
        bidder: BIDDER,
        sequence: 2,
        unitPrice: 70n * USD,
        runnerUpPrice: 85n * USD,
        pricePaid: 85n * USD,
      },
    };
    expect(formatOrder(revealing, TOKEN).split("\n").slice(-2)).to.deep.equal([
      "Bids          5 sealed, 2 revealed",
      `Best so far   ${BIDDER} (bid 2) at 70.00 TUSD per part; would be paid 85.00 TUSD`,
    ]);
  });

  it("lists an order's payments, deferred ones included, as text and JSON", function () {
    const at = { blockNumber: 9, transactionHash: TX.hash };
    const payments: AuctionPayment[] = [
      { kind: "bond", to: BIDDER, amount: 50n * USD, forfeited: false, ...at },
      { kind: "deferred", account: BIDDER, amount: 50n * USD, ...at },
      { kind: "bond", to: CUSTOMER, amount: 100n * USD, forfeited: true, ...at },
      { kind: "refund", to: CUSTOMER, amount: 300n * USD, ...at },
      { kind: "withdrawn", account: BIDDER, to: CUSTOMER, amount: 50n * USD, ...at },
    ];
    expect(formatOrder(BIDDING, TOKEN, payments).split("\n").slice(-6)).to.deep.equal([
      "Payments",
      `  50.00 TUSD bond back to ${BIDDER}`,
      `  50.00 TUSD to ${BIDDER} deferred: refused by the token, credited (auction:withdraw)`,
      `  100.00 TUSD of forfeited bonds to ${CUSTOMER}`,
      `  300.00 TUSD of the budget back to the customer ${CUSTOMER}`,
      `  50.00 TUSD of credits withdrawn by ${BIDDER} to ${CUSTOMER}`,
    ]);
    expect(formatOrder(BIDDING, TOKEN)).to.not.include("Payments");
    expect(orderToJson(BIDDING, TOKEN, payments.slice(1, 2))).to.deep.include({
      payments: [{ kind: "deferred", account: BIDDER, amount: "50000000", ...at }],
    });
  });

  it("says why a revealed bid does not count, and what a settlement did", function () {
    expect(
      formatBidRevealed(
        4n,
        {
          sequence: 3,
          bidder: BIDDER,
          unitPrice: 90n * USD,
          deliveryDate: 1_833_000_000n,
          valid: false,
          reason: "too-late",
        },
        TOKEN,
        TX,
      ),
    ).to.match(
      /^Revealed bid 3 on order 4 of \S+: 90\.00 TUSD per part, delivery by \S+; it does not count \(it promises delivery after the order's latest delivery date\) and its bond went back \(tx /,
    );
    expect(
      formatOrderSettled(
        4n,
        { kind: "closed", refund: 300n * USD, forfeited: 100n * USD },
        CUSTOMER,
        TOKEN,
        TX,
      ),
    ).to.include(
      `300.00 TUSD went back to the customer ${CUSTOMER}; 100.00 TUSD of bonds of bids never revealed went to the customer`,
    );
    expect(
      formatOrderSettled(4n, { kind: "cancelled", forfeited: 50n * USD }, CUSTOMER, TOKEN, TX),
    ).to.match(
      new RegExp(
        `^Settled cancelled order 4: 50\\.00 TUSD of bonds of bids never revealed went to the customer ${CUSTOMER} \\(tx `,
      ),
    );
    expect(
      formatBidRevealed(
        4n,
        {
          sequence: 2,
          bidder: BIDDER,
          unitPrice: 90n * USD,
          deliveryDate: 1_833_000_000n,
          valid: false,
          reason: "order-cancelled",
        },
        TOKEN,
        TX,
      ),
    ).to.include("it does not count (the order was cancelled) and its bond went back");
  });

  it("says where the winner's bond went, and why", function () {
    const bond = { amount: 50n * USD };
    expect(
      formatWinnerBondReleased(4n, { ...bond, to: BIDDER, forfeited: false }, TOKEN, TX),
    ).to.match(
      new RegExp(
        `^Released the winner's bond of order 4: 50\\.00 TUSD to ${BIDDER}, as the winner ` +
          "was paid for its delivery \\(tx ",
      ),
    );
    expect(
      formatWinnerBondReleased(4n, { ...bond, to: CUSTOMER, forfeited: true }, TOKEN, TX),
    ).to.include(
      `50.00 TUSD to the customer ${CUSTOMER}, as the winner did not deliver (or was ruled nothing)`,
    );
  });

  it("says what a withdrawal sent, naming the order", function () {
    expect(formatAuctionWithdrawn(4n, 50n * USD, BIDDER, TOKEN, TX)).to.match(
      new RegExp(`^Withdrew 50\\.00 TUSD credited to you under order 4, to ${BIDDER} \\(tx `),
    );
  });
});
