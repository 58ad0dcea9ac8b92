import { expect } from "chai";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { keccak256, Signature, VoidSigner, Wallet, ZeroHash } from "ethers";
import {
  type AddressBook,
  type AuctionOrder,
  AuctionsClient,
  auctionDomain,
  BID_SALT_TYPES,
  bidCommitment,
  type BidRecord,
  bidRecordToJson,
  connectSuite,
  type ContractRevertedError,
  decodeError,
  deriveBidSalt,
  type Hash,
  hashOrder,
  InputError,
  InputErrorCode,
  parseBidRecord,
  type PostedOrder,
  type TypedDataSigner,
  TransactionFailedError,
} from "../../../src/index.js";
import { bidFilePath, bidFileStore, loadBids, saveBid } from "../../../src/node/index.js";
import {
  auctionsFixture,
  BIDDER_FUNDS,
  biddingFixture,
  BOND,
  BUDGET,
  DAY,
  GRACE,
  MAX_UNIT_PRICE,
  memoryStore,
  postedFixture,
  QUANTITY,
  revealingFixture,
  RULING,
  settlingFixture,
  USD,
} from "./fixture.js";
import { expectInputError, rejection, thrown } from "../helpers.js";
import { postedOrder as agreedOrder, escrowOwes } from "../../helpers/agreements.js";
import { PartRegistry__factory } from "../../../src/contracts.js";
import { PAYER_FUNDS } from "../invoicing/fixture.js";
import {
  docHash,
  ethers,
  expectContractRefusal,
  expectRefusedBeforeSending,
  expectTxResult,
  loadFixture,
  SCHEME,
  SPEC,
  time,
} from "../provenance/fixture.js";

type Fixture = Awaited<ReturnType<typeof auctionsFixture>>;

/** A committer whose every transaction fails on the way out, as if the network were down. */
class OfflineSigner extends VoidSigner {
  override async sendTransaction(): Promise<never> {
    throw new Error("the network is down");
  }
}

async function balance(f: Fixture, account: string): Promise<bigint> {
  return f.stable.balanceOf(account);
}

/**
 * Runs `action` counting the event-log queries it makes through the test's provider (every
 * client and signer of these tests reads through it), to show what a client reads from events.
 */
async function countingLogQueries<T>(
  action: () => Promise<T>,
): Promise<{ result: T; queries: number }> {
  const provider = ethers.provider as unknown as {
    getLogs: (...args: unknown[]) => Promise<unknown>;
  };
  const own = Object.prototype.hasOwnProperty.call(provider, "getLogs");
  const original = provider.getLogs;
  let queries = 0;
  provider.getLogs = function (this: unknown, ...args: unknown[]) {
    queries += 1;
    return original.apply(this, args);
  };
  try {
    const result = await action();
    return { result, queries };
  } finally {
    if (own) provider.getLogs = original;
    else delete (provider as { getLogs?: unknown }).getLogs;
  }
}

/**
 * Invoice `invoiceId` as agreed, straight from its `InvoiceProposed` event (the decoded struct,
 * which a call of the escrow takes back as it is).
 */
async function proposedInvoice(f: Fixture, invoiceId: bigint) {
  const [event] = await f.escrow.queryFilter(f.escrow.filters.InvoiceProposed(invoiceId));
  if (event === undefined) throw new Error(`no invoice ${invoiceId} was proposed`);
  return event.args.invoice;
}

/** A decoded struct as plain nested arrays (a decoded Result is read-only), to send it back. */
function positional(value: unknown): unknown {
  return Array.isArray(value) ? Array.from(value, positional) : value;
}

/** A temporary folder for bid files, removed by the caller. */
function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), "auction-bids-"));
}

/** Order 1 as the fixture's customer posts it, before any bid. */
function postedOrder(f: Fixture): AuctionOrder {
  return {
    id: 1n,
    phase: "bidding",
    customer: f.customer.address,
    spec: SPEC,
    quantity: QUANTITY,
    requiredScheme: undefined,
    token: f.tokenAddress,
    maxUnitPrice: MAX_UNIT_PRICE,
    budget: BUDGET,
    bond: BOND,
    pricing: "first-price",
    biddingEnds: f.biddingEnds,
    revealEnds: f.revealEnds,
    deliveryBy: f.deliveryBy,
    arbiter: f.arbiter.address,
    acceptanceWindow: 0n,
    gracePeriod: GRACE,
    rulingPeriod: RULING,
    sealedBids: 0,
    revealedBids: undefined,
    best: undefined,
    award: undefined,
  };
}

describe("SDK: procurement auctions", function () {
  describe("commitments and salts, off chain", function () {
    it("computes a commitment exactly as the contract's commitmentOf", async function () {
      const f = await loadFixture(auctionsFixture);
      const { chainId } = await ethers.provider.getNetwork();
      const bids = [
        { orderId: 1n, unitPrice: 80n * USD, deliveryDate: f.deliveryDate, salt: docHash("a") },
        { orderId: 7n, unitPrice: 1n, deliveryDate: 0n, salt: docHash("b") },
        {
          orderId: 2n ** 200n,
          unitPrice: 2n ** 128n - 1n,
          deliveryDate: 2n ** 48n - 1n,
          salt: ZeroHash,
        },
      ];
      for (const bid of bids) {
        const onChain = await f.auction.commitmentOf(
          bid.orderId,
          f.bidder.address,
          bid.unitPrice,
          bid.deliveryDate,
          bid.salt,
        );
        expect(
          bidCommitment({ chainId, auction: f.auctionAddress, bidder: f.bidder.address, ...bid }),
        ).to.equal(onChain.toLowerCase());
      }
      expect(await f.auctions.domain()).to.deep.equal(auctionDomain(chainId, f.auctionAddress));
      expect(auctionDomain(chainId, f.auctionAddress)).to.deep.include({
        name: "ProcurementAuction",
        version: "1",
      });
    });

    it("derives the salt from the bidder's EIP-712 signature over BidSalt(orderId), the same every time", async function () {
      const f = await loadFixture(auctionsFixture);
      const { chainId } = await ethers.provider.getNetwork();
      const context = { chainId, auction: f.auctionAddress, orderId: 1n };
      const salt = await deriveBidSalt(f.bidder, context);
      const signature = await f.bidder.signTypedData(
        auctionDomain(chainId, f.auctionAddress),
        BID_SALT_TYPES,
        { orderId: 1n },
      );
      expect(salt).to.equal(keccak256(Signature.from(signature).serialized));
      // Deterministic (RFC 6979): the same key re-derives it, through any client.
      expect(await deriveBidSalt(f.bidder, context)).to.equal(salt);
      expect(await new AuctionsClient(f.auctionAddress, f.bidder).deriveSalt(1n)).to.equal(salt);
      // Another order, bidder or auction gives another salt.
      const others = await Promise.all([
        deriveBidSalt(f.bidder, { ...context, orderId: 2n }),
        deriveBidSalt(f.bidder2, context),
        deriveBidSalt(f.bidder, { ...context, auction: f.escrowAddress }),
        deriveBidSalt(f.bidder, { ...context, chainId: 1n }),
      ]);
      expect(new Set([salt, ...others]).size).to.equal(5);
      // A software wallet of the same key signs the same way.
      const wallet = Wallet.createRandom();
      expect(await deriveBidSalt(wallet, context)).to.equal(
        await deriveBidSalt(new Wallet(wallet.privateKey), context),
      );
    });

    it("refuses a malformed salt, a signer that cannot sign, and a malformed signature", async function () {
      const f = await loadFixture(auctionsFixture);
      expectInputError(
        thrown(() =>
          bidCommitment({
            chainId: 1n,
            auction: f.auctionAddress,
            orderId: 1n,
            bidder: f.bidder.address,
            unitPrice: 1n,
            deliveryDate: 1n,
            salt: "0x1234",
          }),
        ),
        InputErrorCode.InvalidHash,
        'The salt "0x1234" is not a 32-byte hash',
      );
      const context = { chainId: 1n, auction: f.auctionAddress, orderId: 1n };
      expectInputError(
        await rejection(() => deriveBidSalt({} as TypedDataSigner, context)),
        InputErrorCode.MissingSigner,
        "needs the bidder's signer",
      );
      const broken: TypedDataSigner = { signTypedData: async () => "0x1234" };
      expectInputError(
        await rejection(() => deriveBidSalt(broken, context)),
        InputErrorCode.InvalidSignature,
        "malformed signature",
      );
    });

    it("writes reveal data to JSON and reads it back, catching a changed record", async function () {
      const record: BidRecord = {
        chainId: 31337n,
        auction: "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9",
        orderId: 3n,
        bidder: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
        committer: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
        unitPrice: 80n * USD,
        deliveryDate: 1_830_000_000n,
        salt: docHash("salt"),
        saltDerived: true,
        commitment: ZeroHash as Hash,
        sequence: undefined,
      };
      record.commitment = bidCommitment(record);
      const json = JSON.parse(JSON.stringify(bidRecordToJson(record))) as Record<string, unknown>;
      expect(json).to.deep.include({ version: 1, unitPrice: "80000000", sequence: null });
      expect(parseBidRecord(json)).to.deep.equal(record);
      expect(parseBidRecord({ ...json, sequence: 4 })).to.deep.equal({ ...record, sequence: 4 });
      expectInputError(
        thrown(() => parseBidRecord({ ...json, unitPrice: "79000000" }, "bid.json")),
        InputErrorCode.BidStoreFailure,
        "bid.json is not valid",
        "the file was changed",
      );
      expectInputError(
        thrown(() => parseBidRecord({ ...json, salt: "0x12" })),
        InputErrorCode.BidStoreFailure,
        "salt is not a 32-byte hash",
      );
      expectInputError(
        thrown(() => parseBidRecord([])),
        InputErrorCode.BidStoreFailure,
        "not a JSON object",
      );
    });
  });

  describe("postOrder", function () {
    it("posts an order, approving exactly the budget first, and locks the budget", async function () {
      const f = await loadFixture(auctionsFixture);
      const before = await balance(f, f.customer.address);
      const posted = await f.asCustomer.postOrder(f.order);
      const { tx, orderId, approval, budget, token } = posted;
      expect(orderId).to.equal(1n);
      await expectTxResult(tx);
      // From the receipt's OrderPosted event: the caller need not read the order again.
      expect([budget, token]).to.deep.equal([BUDGET, f.tokenAddress]);
      const { spec, quantity, requiredScheme, maxUnitPrice, bond, pricing } = posted;
      expect([spec, quantity, requiredScheme, maxUnitPrice, bond, pricing]).to.deep.equal([
        SPEC,
        QUANTITY,
        undefined,
        MAX_UNIT_PRICE,
        BOND,
        "first-price",
      ]);
      expect([posted.biddingEnds, posted.revealEnds, posted.deliveryBy]).to.deep.equal([
        f.biddingEnds,
        f.revealEnds,
        f.deliveryBy,
      ]);
      expect(approval).to.not.equal(undefined);
      await expectTxResult(approval!);
      expect(await balance(f, f.customer.address)).to.equal(before - BUDGET);
      expect(await balance(f, f.auctionAddress)).to.equal(BUDGET);
      expect(await f.stable.allowance(f.customer.address, f.auctionAddress)).to.equal(0n);
      expect(await f.auctions.getOrder(orderId)).to.deep.equal(postedOrder(f));
      // The order as posted, from the receipt: what every later call passes back.
      expect(posted.order).to.deep.equal(await agreedOrder(f.auction, orderId));
      expect(posted.order).to.deep.equal({
        customer: f.customer.address,
        terms: {
          specHash: SPEC,
          requiredScheme: ZeroHash,
          token: f.tokenAddress,
          biddingEnds: f.biddingEnds,
          revealEnds: f.revealEnds,
          deliveryBy: f.deliveryBy,
          quantity: QUANTITY,
          secondPrice: false,
          maxUnitPrice: MAX_UNIT_PRICE,
          bond: BOND,
          arbiter: f.arbiter.address,
          acceptanceWindow: 0n,
          gracePeriod: GRACE,
          rulingPeriod: RULING,
        },
      });
      // The SDK hashes it as the auction does, to what the auction stores.
      expect(hashOrder(posted.order)).to.equal(await f.auction.hashOrder(posted.order));
      expect(hashOrder(posted.order)).to.equal((await f.auction.orderRecord(orderId)).termsHash);
    });

    it("posts and seals bonds in a token that refuses to change one non-zero allowance to another", async function () {
      const f = await loadFixture(auctionsFixture);
      const race = await ethers.deployContract("ApprovalRaceTokenMock", [], f.deployer);
      const raceAddress = await race.getAddress();
      await race.mint(f.customer.address, 10n * BUDGET);
      await race.mint(f.committer.address, 10n * BOND);
      // Partial allowances left over: a plain approval of the budget or the bond is refused.
      await race.connect(f.customer).approve(f.auctionAddress, 1n);
      await race.connect(f.committer).approve(f.auctionAddress, 2n);
      await expect(race.connect(f.customer).approve(f.auctionAddress, BUDGET))
        .to.be.revertedWithCustomError(race, "ApprovalRaceTokenMockNonZeroAllowance")
        .withArgs(f.auctionAddress, 1n, BUDGET);

      const posted = await f.asCustomer.postOrder({ ...f.order, token: raceAddress });
      await expectTxResult(posted.allowanceReset!);
      await expectTxResult(posted.approval!);
      expect(await race.balanceOf(f.auctionAddress)).to.equal(BUDGET);
      expect(await race.allowance(f.customer.address, f.auctionAddress)).to.equal(0n);

      const sealed = await f.asBidder.commitBid({
        orderId: posted.orderId,
        unitPrice: "80",
        deliveryDate: f.deliveryDate,
        committer: f.committer,
      });
      await expectTxResult(sealed.allowanceReset!);
      await expectTxResult(sealed.approval!);
      expect(await race.balanceOf(f.auctionAddress)).to.equal(BUDGET + BOND);

      // A second order from a zero allowance: an approval, no reset.
      const again = await f.asCustomer.postOrder({ ...f.order, token: raceAddress });
      expect(again.allowanceReset).to.equal(undefined);
      await expectTxResult(again.approval!);
      expect(await race.balanceOf(f.auctionAddress)).to.equal(2n * BUDGET + BOND);
    });

    it("sends no approval when the allowance covers the budget; takes bigints and a scheme", async function () {
      const f = await loadFixture(auctionsFixture);
      await f.stable.connect(f.customer).approve(f.auctionAddress, 10n * BUDGET);
      const { orderId, approval } = await f.asCustomer.postOrder({
        ...f.order,
        maxUnitPrice: MAX_UNIT_PRICE,
        bond: BOND,
        requiredScheme: SCHEME,
        secondPrice: true,
        arbiter: undefined,
        acceptanceWindow: 2 * DAY,
      });
      expect(approval).to.equal(undefined);
      const order = await f.auctions.getOrder(orderId);
      expect(order).to.deep.include({
        pricing: "second-price",
        arbiter: undefined,
        acceptanceWindow: BigInt(2 * DAY),
        budget: BUDGET,
      });
      expect(order?.requiredScheme).to.equal(
        "0x4153393130304400000000000000000000000000000000000000000000000000",
      );
    });

    const refusals: [string, (f: Fixture) => Record<string, unknown>, InputErrorCode, string][] = [
      ["no parts", () => ({ quantity: 0 }), InputErrorCode.InvalidAmount, "from 1 to 100"],
      ["101 parts", () => ({ quantity: 101 }), InputErrorCode.InvalidAmount, "from 1 to 100"],
      ["a zero specification", () => ({ spec: ZeroHash }), InputErrorCode.InvalidHash, "zero"],
      [
        "a bidding end in the past",
        (f) => ({ biddingEnds: f.biddingEnds - 2n * BigInt(DAY) }),
        InputErrorCode.TimeInPast,
        "The end of bidding",
      ],
      [
        "revealing shorter than an hour",
        (f) => ({ revealEnds: f.biddingEnds + 3_599n }),
        InputErrorCode.InvalidTime,
        "Revealing must end at least one hour after bidding ends",
      ],
      [
        "a delivery date less than an hour after revealing",
        (f) => ({ deliveryBy: f.revealEnds + 60n }),
        InputErrorCode.InvalidTime,
        "at least one hour after revealing ends",
      ],
      [
        "a price with more decimals than the token",
        () => ({ maxUnitPrice: "1.0000001" }),
        InputErrorCode.InvalidAmount,
        "has 7 decimals; the token has only 6",
      ],
      [
        "a maximum price of zero",
        () => ({ maxUnitPrice: "0" }),
        InputErrorCode.InvalidAmount,
        "The maximum unit price must be above zero",
      ],
      ["a bond of zero", () => ({ bond: 0n }), InputErrorCode.InvalidAmount, "bond must be above"],
      [
        "a number as an amount",
        () => ({ bond: 50 }),
        InputErrorCode.InvalidAmount,
        "got the number 50",
      ],
      [
        "a budget the invoice cannot hold",
        () => ({ maxUnitPrice: 2n ** 127n }),
        InputErrorCode.InvalidAmount,
        "more than the invoice the award opens can hold",
      ],
      [
        "a ruling period under an hour",
        () => ({ rulingPeriod: 60 }),
        InputErrorCode.InvalidTime,
        "too short",
      ],
      [
        "an arbiter that is not an accredited arbiter",
        (f) => ({ arbiter: f.stranger.address }),
        InputErrorCode.WrongAccount,
        "is not an active accredited arbiter",
      ],
      [
        "the customer as arbiter",
        (f) => ({ arbiter: f.customer.address }),
        InputErrorCode.InvalidAddress,
        "the arbiter must be neither party",
      ],
      [
        "an undefined scheme",
        () => ({ requiredScheme: "NOPE-1" }),
        InputErrorCode.InvalidScheme,
        "No scheme NOPE-1 has been defined",
      ],
      [
        "a token address without a contract",
        (f) => ({ token: f.stranger.address }),
        InputErrorCode.UnsupportedToken,
        "holds no contract",
      ],
      [
        "a budget above the customer's funds",
        () => ({ maxUnitPrice: String(PAYER_FUNDS / USD) }),
        InputErrorCode.InsufficientFunds,
        "the order's budget is 300000.00 TUSD",
      ],
    ];
    for (const [what, change, code, fragment] of refusals) {
      it(`refuses ${what} before sending (${code})`, async function () {
        const f = await loadFixture(auctionsFixture);
        await expectRefusedBeforeSending(
          f.customer,
          () => f.asCustomer.postOrder({ ...f.order, ...change(f) }),
          code,
          fragment,
        );
      });
    }

    it("names the parameter at fault, for a command line to map onto its flag", async function () {
      const f = await loadFixture(auctionsFixture);
      const cases: [Record<string, unknown>, string][] = [
        [{ quantity: 0 }, "quantity"],
        [{ spec: ZeroHash }, "spec"],
        [{ token: ZeroHash.slice(0, 42) }, "token"],
        [{ biddingEnds: f.biddingEnds - 2n * BigInt(DAY) }, "biddingEnds"],
        [{ revealEnds: f.biddingEnds + 3_599n }, "revealEnds"],
        [{ deliveryBy: f.revealEnds + 60n }, "deliveryBy"],
        [{ maxUnitPrice: "1.0000001" }, "maxUnitPrice"],
        [{ bond: 50 }, "bond"],
        [{ rulingPeriod: 60 }, "rulingPeriod"],
        [{ arbiter: f.customer.address }, "arbiter"],
        [{ arbiter: f.stranger.address }, "arbiter"],
        [{ requiredScheme: "NOPE-1" }, "requiredScheme"],
        [{ secondPrice: "yes" }, "secondPrice"],
      ];
      for (const [change, field] of cases) {
        const error = await rejection(() => f.asCustomer.postOrder({ ...f.order, ...change }));
        expect(error, field).to.be.an.instanceOf(InputError);
        expect(
          (error as InputError).field,
          JSON.stringify(change, (_k, v: unknown) => String(v)),
        ).to.equal(field);
      }
    });

    it("refuses a zero price or bond before reading the chain, as the command line did", async function () {
      const f = await loadFixture(auctionsFixture);
      // A read-only client: any chain read or send would be refused for want of a signer
      // (SC112) first; the zero amount is refused before that.
      for (const [change, field, sentence] of [
        [{ maxUnitPrice: "0.00" }, "maxUnitPrice", "The maximum unit price must be above zero."],
        [{ bond: 0n }, "bond", "The bond must be above zero."],
      ] as const) {
        const error = expectInputError(
          await rejection(() => f.auctions.postOrder({ ...f.order, ...change })),
          InputErrorCode.InvalidAmount,
          sentence,
        );
        expect(error.field).to.equal(field);
      }
      const error = expectInputError(
        await rejection(() =>
          f.auctions.commitBid({ orderId: 1n, unitPrice: "0", deliveryDate: f.deliveryDate }),
        ),
        InputErrorCode.InvalidAmount,
        "The unit price must be above zero.",
      );
      expect(error.field).to.equal("unitPrice");
    });

    it("refuses a signer that is not an active customer, and a read-only client", async function () {
      const f = await loadFixture(auctionsFixture);
      await expectRefusedBeforeSending(
        f.bidder,
        () => f.asBidder.postOrder(f.order),
        InputErrorCode.WrongAccount,
        `The signer ${f.bidder.address} is not an active accredited customer`,
      );
      expectInputError(
        await rejection(() => f.auctions.postOrder(f.order)),
        InputErrorCode.MissingSigner,
        "connected read-only",
      );
    });
  });

  describe("cancel", function () {
    it("lets the customer cancel before the first bid: the budget goes back", async function () {
      const f = await loadFixture(postedFixture);
      const before = await balance(f, f.customer.address);
      const { tx: cancelled, ...receipt } = await f.asCustomer.cancel(f.orderId);
      await expectTxResult(cancelled);
      expect(receipt).to.deep.equal({
        refund: BUDGET,
        customer: f.customer.address,
        token: f.tokenAddress,
      });
      expect(await balance(f, f.customer.address)).to.equal(before + BUDGET);
      expect((await f.auctions.getOrder(f.orderId))?.phase).to.equal("cancelled");
      expect(await f.auctions.payments({ orderId: f.orderId, fromBlock: 0 })).to.deep.equal([
        {
          kind: "refund",
          to: f.customer.address,
          amount: BUDGET,
          blockNumber: cancelled.blockNumber,
          transactionHash: cancelled.hash,
        },
      ]);
    });

    it("cancels despite sealed bids: they reveal for their bonds, and settling forfeits the rest", async function () {
      const f = await loadFixture(biddingFixture);
      const { orderId, deliveryDate } = f;
      const before = await balance(f, f.customer.address);
      await expectTxResult((await f.asCustomer.cancel(orderId)).tx);
      expect(await balance(f, f.customer.address)).to.equal(before + BUDGET);
      await expectRefusedBeforeSending(
        f.bidder,
        () => f.asBidder.reveal({ orderId, sequence: 1, unitPrice: "80", deliveryDate }),
        InputErrorCode.WrongState,
        "Order 1 is cancelled; bids are revealed from",
      );
      await time.increaseTo(f.biddingEnds);
      await expectRefusedBeforeSending(
        f.stranger,
        () => f.asStranger.settle(orderId),
        InputErrorCode.WrongState,
        "its sealed bids are revealed for their bonds until",
      );
      const committerBefore = await balance(f, f.committer.address);
      const { outcome } = await f.asBidder.reveal({
        orderId,
        sequence: 1,
        unitPrice: "80",
        deliveryDate,
      });
      expect([outcome.valid, outcome.reason]).to.deep.equal([false, "order-cancelled"]);
      expect(await balance(f, f.committer.address)).to.equal(committerBefore + BOND);
      await time.increaseTo(f.revealEnds);
      const customerBefore = await balance(f, f.customer.address);
      const { settlement } = await f.asStranger.settle(orderId);
      expect(settlement).to.deep.equal({ kind: "cancelled", forfeited: 2n * BOND });
      expect(await balance(f, f.customer.address)).to.equal(customerBefore + 2n * BOND);
      // Once: the contract refuses a second settlement, in a sentence.
      const again = await expectContractRefusal(
        f.stranger,
        () => f.asStranger.settle(orderId),
        "ProcurementAuctionWrongPhase",
        [orderId, 6n, 8n],
      );
      expect(again.shortMessage).to.equal(
        "The order 1 is cancelled; this needs it to be past revealing, waiting to be settled.",
      );
    });

    it("refuses to settle a cancelled order with no sealed bid left unrevealed, before sending", async function () {
      const f = await loadFixture(postedFixture);
      await f.asCustomer.cancel(f.orderId);
      await time.increaseTo(f.revealEnds);
      await expectRefusedBeforeSending(
        f.stranger,
        () => f.asStranger.settle(f.orderId),
        InputErrorCode.WrongState,
        "Order 1 is cancelled; no sealed bid of it is left unrevealed: no bond is left to settle.",
      );
    });

    it("refuses another signer, an unknown order, before sending", async function () {
      const f = await loadFixture(biddingFixture);
      await expectRefusedBeforeSending(
        f.stranger,
        () => f.asStranger.cancel(f.orderId),
        InputErrorCode.WrongAccount,
        `Only the customer ${f.customer.address} can cancel order 1`,
      );
      await expectRefusedBeforeSending(
        f.customer,
        () => f.asCustomer.cancel(2),
        InputErrorCode.InvalidId,
        "There is no order 2.",
      );
      expectInputError(
        await rejection(() => f.asCustomer.cancel("first")),
        InputErrorCode.InvalidId,
        'The order id "first" is not an order id',
      );
    });
  });

  describe("commitBid", function () {
    it("refuses a bid of the order's customer or arbiter before sending", async function () {
      const f = await loadFixture(postedFixture);
      const bid = { orderId: f.orderId, unitPrice: "80", deliveryDate: f.deliveryDate };
      await expectRefusedBeforeSending(
        f.customer,
        () => f.asCustomer.commitBid(bid),
        InputErrorCode.WrongAccount,
        `The bidder ${f.customer.address} is order 1's customer, so it may not bid on it: the ` +
          "auction refuses its reveal, and the bond would go to the customer.",
      );
      await expectRefusedBeforeSending(
        f.arbiter,
        () => f.auctions.connect(f.arbiter).commitBid(bid),
        InputErrorCode.WrongAccount,
        `The bidder ${f.arbiter.address} is order 1's arbiter`,
      );
    });

    it("refuses a bond the order's customer or arbiter would post before sending: the auction would forfeit it at the reveal", async function () {
      const f = await loadFixture(postedFixture);
      const bid = { orderId: f.orderId, unitPrice: "80", deliveryDate: f.deliveryDate };
      await expectRefusedBeforeSending(
        f.customer,
        () => f.asBidder.commitBid({ ...bid, committer: f.customer }),
        InputErrorCode.WrongAccount,
        `The committer ${f.customer.address} is order 1's customer, so it may not back a bid ` +
          "with its bond: the auction would forfeit the bond to the customer at the reveal. " +
          "Commit from another account.",
      );
      await expectRefusedBeforeSending(
        f.arbiter,
        () => f.asBidder.commitBid({ ...bid, committer: f.arbiter }),
        InputErrorCode.WrongAccount,
        `The committer ${f.arbiter.address} is order 1's arbiter`,
      );
    });

    it("seals a bid sent by another committer: the commitment binds the bidder, the committer pays the bond", async function () {
      const f = await loadFixture(postedFixture);
      const [bidderBefore, committerBefore] = await Promise.all([
        balance(f, f.bidder.address),
        balance(f, f.committer.address),
      ]);
      const { chainId } = await ethers.provider.getNetwork();
      const result = await f.asBidder.commitBid({
        orderId: f.orderId,
        unitPrice: "80.5",
        deliveryDate: f.deliveryDate,
        committer: f.committer,
      });
      await expectTxResult(result.tx);
      await expectTxResult(result.approval!);
      expect(result.sequence).to.equal(1);
      expect([result.bond, result.token]).to.deep.equal([BOND, f.tokenAddress]);
      expect([result.biddingEnds, result.revealEnds]).to.deep.equal([f.biddingEnds, f.revealEnds]);
      const salt = await deriveBidSalt(f.bidder, {
        chainId,
        auction: f.auctionAddress,
        orderId: f.orderId,
      });
      expect(result.salt).to.equal(salt);
      const expected = bidCommitment({
        chainId,
        auction: f.auctionAddress,
        orderId: f.orderId,
        bidder: f.bidder.address,
        unitPrice: 80_500_000n,
        deliveryDate: f.deliveryDate,
        salt,
      });
      expect(result.commitment).to.equal(expected);
      expect(result.record).to.deep.equal({
        chainId,
        auction: f.auctionAddress,
        orderId: f.orderId,
        bidder: f.bidder.address,
        committer: f.committer.address,
        unitPrice: 80_500_000n,
        deliveryDate: f.deliveryDate,
        salt,
        saltDerived: true,
        commitment: expected,
        sequence: 1,
      });
      // On chain: only the committer and the hash; nothing names the bidder.
      expect(await f.auctions.commitmentAt({ orderId: f.orderId, sequence: 1 })).to.deep.equal({
        orderId: f.orderId,
        sequence: 1,
        committer: f.committer.address,
        revealed: false,
        commitment: expected,
      });
      expect(await balance(f, f.bidder.address)).to.equal(bidderBefore);
      expect(await balance(f, f.committer.address)).to.equal(committerBefore - BOND);
      // While bidding is open the order shows only the count of sealed bids.
      expect(await f.auctions.getOrder(f.orderId)).to.deep.equal({
        ...postedOrder(f),
        sealedBids: 1,
      });
    });

    it("saves the reveal data before sending, then again with the sequence number", async function () {
      const f = await loadFixture(postedFixture);
      const store = memoryStore();
      const { record } = await f.asBidder.commitBid({
        orderId: f.orderId,
        unitPrice: "80",
        deliveryDate: f.deliveryDate,
        store,
      });
      expect(store.saved).to.deep.equal([{ ...record, sequence: undefined }, record]);
      expect(record.committer).to.equal(f.bidder.address);
    });

    it("writes the bid's file before the commitment is sent: a failed send leaves the file", async function () {
      const f = await loadFixture(postedFixture);
      const dir = await tempDir();
      try {
        const offline = new OfflineSigner(f.committer.address, ethers.provider);
        await f.stable.connect(f.committer).approve(f.auctionAddress, BOND);
        const nonce = await ethers.provider.getTransactionCount(f.committer.address);
        const error = await rejection(() =>
          f.asBidder.commitBid({
            orderId: f.orderId,
            unitPrice: "80",
            deliveryDate: f.deliveryDate,
            committer: offline,
            store: bidFileStore(dir),
          }),
        );
        expect(error).to.be.an.instanceOf(TransactionFailedError);
        expect((error as Error).message).to.include("the network is down");
        expect(await ethers.provider.getTransactionCount(f.committer.address)).to.equal(nonce);
        expect((await f.auctions.getOrder(f.orderId))?.sealedBids).to.equal(0);
        const [saved, ...rest] = await loadBids(dir);
        expect(rest).to.deep.equal([]);
        expect(saved).to.deep.include({
          orderId: f.orderId,
          bidder: f.bidder.address,
          committer: f.committer.address,
          unitPrice: 80n * USD,
          sequence: undefined,
        });
        expect(await readdir(dir)).to.deep.equal([path.basename(bidFilePath(dir, saved!))]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it("sends nothing when the reveal data cannot be saved", async function () {
      const f = await loadFixture(postedFixture);
      const store = {
        save: async () => {
          throw new Error("disk full");
        },
      };
      await expectRefusedBeforeSending(
        f.bidder,
        () =>
          f.asBidder.commitBid({
            orderId: f.orderId,
            unitPrice: "80",
            deliveryDate: f.deliveryDate,
            store,
          }),
        InputErrorCode.BidStoreFailure,
        "could not be saved, so the commitment was not sent: disk full.",
      );
    });

    it("keeps the bid in a file that the bidder finds again", async function () {
      const f = await loadFixture(postedFixture);
      const dir = await tempDir();
      try {
        const { record } = await f.asBidder.commitBid({
          orderId: f.orderId,
          unitPrice: "80",
          deliveryDate: f.deliveryDate,
          committer: f.committer,
          store: bidFileStore(dir),
        });
        const { chainId } = await ethers.provider.getNetwork();
        const filter = { chainId, auction: f.auctionAddress, orderId: 1n };
        expect(await loadBids(dir, { ...filter, bidder: f.bidder.address })).to.deep.equal([
          record,
        ]);
        expect(await loadBids(dir, { ...filter, bidder: f.bidder2.address })).to.deep.equal([]);
        expect(await loadBids(dir, { ...filter, orderId: 2n })).to.deep.equal([]);
        const file = bidFilePath(dir, record);
        expect(path.basename(file)).to.equal(
          `bid-${chainId}-${f.auctionAddress.toLowerCase()}-1-${record.commitment}.json`,
        );
        expect((await stat(file)).mode & 0o777).to.equal(0o600);
        expect(await readdir(dir)).to.deep.equal([path.basename(file)]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it("takes an explicit salt, and a bidder other than the signer with it", async function () {
      const f = await loadFixture(postedFixture);
      const salt = docHash("my own salt");
      const mine = await f.asBidder.commitBid({
        orderId: f.orderId,
        unitPrice: 80n * USD,
        deliveryDate: f.deliveryDate,
        salt,
      });
      expect(mine.salt).to.equal(salt);
      expect(mine.record.saltDerived).to.equal(false);
      // The committer's client seals for the bidder, who gave it the salt.
      const forOther = await f.auctions.connect(f.committer).commitBid({
        orderId: f.orderId,
        bidder: f.bidder.address,
        unitPrice: 81n * USD,
        deliveryDate: f.deliveryDate,
        salt,
      });
      expect(forOther.record).to.deep.include({
        bidder: f.bidder.address,
        committer: f.committer.address,
        sequence: 2,
      });
    });

    const refusals: [
      string,
      (f: Awaited<ReturnType<typeof postedFixture>>) => Record<string, unknown>,
      InputErrorCode,
      string,
    ][] = [
      [
        "a price above the order's maximum",
        () => ({ unitPrice: "100.01" }),
        InputErrorCode.InvalidAmount,
        "The unit price 100.01 TUSD is above order 1's maximum of 100.00 TUSD; the bid would not count.",
      ],
      [
        "a price of zero",
        () => ({ unitPrice: "0" }),
        InputErrorCode.InvalidAmount,
        "The unit price must be above zero",
      ],
      [
        "a delivery after the order's latest date",
        (f) => ({ deliveryDate: f.deliveryBy + 1n }),
        InputErrorCode.InvalidTime,
        "is after order 1's latest delivery date",
      ],
      [
        "a delivery date in the past",
        (f) => ({ deliveryDate: f.biddingEnds - 5n * BigInt(DAY) }),
        InputErrorCode.TimeInPast,
        "The delivery date",
      ],
      [
        "a zero salt",
        () => ({ salt: ZeroHash }),
        InputErrorCode.InvalidHash,
        "The salt is zero, which hides nothing",
      ],
      [
        "a bidder other than the signer without a salt",
        (f) => ({ bidder: f.bidder2.address }),
        InputErrorCode.MissingSigner,
        "so its salt cannot be derived here",
      ],
      [
        "a committer without the bond",
        (f) => ({ committer: f.financier }),
        InputErrorCode.InsufficientFunds,
        "the bond is 50.00 TUSD",
      ],
      [
        "a committer that cannot sign",
        () => ({ committer: ethers.provider }),
        InputErrorCode.MissingSigner,
        "The committer is not a signer",
      ],
      [
        "an unknown order",
        () => ({ orderId: 9 }),
        InputErrorCode.InvalidId,
        "There is no order 9.",
      ],
    ];
    for (const [what, change, code, fragment] of refusals) {
      it(`refuses ${what} before sending (${code})`, async function () {
        const f = await loadFixture(postedFixture);
        await expectRefusedBeforeSending(
          f.bidder,
          () =>
            f.asBidder.commitBid({
              orderId: f.orderId,
              unitPrice: "80",
              deliveryDate: f.deliveryDate,
              ...change(f),
            }),
          code,
          fragment,
        );
      });
    }

    it("refuses a bidder whose bid would not count: not a manufacturer, or not certified", async function () {
      const f = await loadFixture(auctionsFixture);
      const { orderId } = await f.asCustomer.postOrder({ ...f.order, requiredScheme: SCHEME });
      const bid = { orderId, unitPrice: "80", deliveryDate: f.deliveryDate };
      await expectRefusedBeforeSending(
        f.bidder2,
        () => f.asBidder2.commitBid(bid),
        InputErrorCode.WrongAccount,
        `The bidder ${f.bidder2.address} holds no valid certificate under scheme AS9100D, which ` +
          "order 1 requires; its bid would not count.",
      );
      await f.stable.mint(f.stranger.address, BOND);
      await expectRefusedBeforeSending(
        f.stranger,
        () => f.asStranger.commitBid(bid),
        InputErrorCode.WrongAccount,
        `The bidder ${f.stranger.address} is not an active accredited manufacturer`,
      );
      // The certified manufacturer may bid.
      expect((await f.asBidder.commitBid(bid)).sequence).to.equal(1);
    });

    it("refuses the same bid twice, with or without a block to search from (the auction refuses a copy)", async function () {
      const f = await loadFixture(postedFixture);
      const bid = { orderId: f.orderId, unitPrice: "80", deliveryDate: f.deliveryDate };
      const first = await f.asBidder.commitBid({ ...bid, fromBlock: 0 });
      await expectRefusedBeforeSending(
        f.bidder,
        () => f.asBidder.commitBid({ ...bid, fromBlock: 0 }),
        InputErrorCode.WrongState,
        "This exact bid is already sealed in order 1 as bid 1",
      );
      // The block is no longer needed: the auction keeps each sealed bid under its commitment.
      await expectRefusedBeforeSending(
        f.committer,
        () => f.asBidder.commitBid({ ...bid, committer: f.committer }),
        InputErrorCode.WrongState,
        "This exact bid is already sealed in order 1 as bid 1; the auction refuses a commitment " +
          "sealed twice (each sealed bid is committed once).",
      );
      // Sent straight to the auction, the copy is refused, in a sentence.
      await f.stable.connect(f.committer).approve(f.auctionAddress, BOND);
      const refusal = decodeError(
        await rejection(async () =>
          f.auction
            .connect(f.committer)
            .commit(f.orderId, await agreedOrder(f.auction, f.orderId), first.commitment),
        ),
        f.auction.interface,
      ) as ContractRevertedError;
      expect([refusal.errorName, refusal.args]).to.deep.equal([
        "ProcurementAuctionDuplicateCommitment",
        [f.orderId, first.commitment],
      ]);
      expect(refusal.shortMessage).to.equal(
        `The sealed bid ${first.commitment} is already committed to order 1: each sealed bid is ` +
          "committed once. If someone committed a copy of yours first, your bid still stands: " +
          "reveal it as usual (the copier's bond stands behind it), or seal a new bid with a new " +
          "salt.",
      );
      // Another price is another commitment.
      expect(
        (await f.asBidder.commitBid({ ...bid, unitPrice: "79", fromBlock: 0 })).sequence,
      ).to.equal(2);
    });

    it("refuses to seal once bidding is over", async function () {
      const f = await loadFixture(postedFixture);
      await time.increaseTo(f.biddingEnds);
      await expectRefusedBeforeSending(
        f.bidder,
        () =>
          f.asBidder.commitBid({
            orderId: f.orderId,
            unitPrice: "80",
            deliveryDate: f.deliveryDate,
          }),
        InputErrorCode.WrongState,
        "Order 1 is revealing bids; bids are sealed only while bidding is open",
      );
    });
  });

  describe("reveal", function () {
    it("refuses the reveal of the order's customer before sending; decodes the contract's refusal", async function () {
      const f = await loadFixture(postedFixture);
      const { chainId } = await ethers.provider.getNetwork();
      const salt = keccak256("0x01");
      const unitPrice = 80n * USD;
      const commitment = bidCommitment({
        chainId,
        auction: f.auctionAddress,
        orderId: f.orderId,
        bidder: f.customer.address,
        unitPrice,
        deliveryDate: f.deliveryDate,
        salt,
      });
      // Sealed past the client, straight at the contract.
      await f.stable.connect(f.customer).approve(f.auctionAddress, BOND);
      const order = await agreedOrder(f.auction, f.orderId);
      await f.auction.connect(f.customer).commit(f.orderId, order, commitment);
      await time.increaseTo(f.biddingEnds);
      await expectRefusedBeforeSending(
        f.customer,
        () =>
          f.asCustomer.reveal({
            orderId: f.orderId,
            sequence: 1,
            unitPrice: "80",
            deliveryDate: f.deliveryDate,
            salt,
          }),
        InputErrorCode.WrongAccount,
        `The bidder ${f.customer.address} is order 1's customer`,
      );
      const refusal = decodeError(
        await rejection(() =>
          f.auction.connect(f.customer).reveal(f.orderId, order, unitPrice, f.deliveryDate, salt),
        ),
        f.auction.interface,
      ) as ContractRevertedError;
      expect([refusal.errorName, refusal.args]).to.deep.equal([
        "ProcurementAuctionConflictedBidder",
        [f.orderId, f.customer.address],
      ]);
      expect(refusal.shortMessage).to.equal(
        `${f.customer.address} is the customer or the arbiter of order 1, so it may not bid on ` +
          "it: the reveal is refused, and the bond of the sealed bid goes to the customer at " +
          "settlement.",
      );
    });

    it("reveals with no local file at all: the salt is re-derived from the bidder's key", async function () {
      const f = await loadFixture(revealingFixture);
      // A client built from scratch, as on a new machine: nothing but the key.
      const fresh = new AuctionsClient(f.auctionAddress, f.bidder);
      const committerBefore = await balance(f, f.committer.address);
      const { tx, outcome } = await fresh.reveal({
        orderId: f.orderId,
        sequence: 1,
        unitPrice: "80",
        deliveryDate: f.deliveryDate,
      });
      await expectTxResult(tx);
      expect(outcome).to.deep.equal({
        sequence: 1,
        bidder: f.bidder.address,
        unitPrice: 80n * USD,
        deliveryDate: f.deliveryDate,
        valid: true,
        reason: "valid",
      });
      // The best bid so far keeps its bond as performance security.
      expect(await balance(f, f.committer.address)).to.equal(committerBefore);
      const order = await f.auctions.getOrder(f.orderId);
      expect(order).to.deep.include({ phase: "revealing", sealedBids: 3, revealedBids: 1 });
      expect(order?.best).to.deep.equal({
        bidder: f.bidder.address,
        sequence: 1,
        unitPrice: 80n * USD,
        runnerUpPrice: undefined,
        pricePaid: 80n * USD,
      });
    });

    it("finds the sealed bid among the order's bids when no sequence is given", async function () {
      const f = await loadFixture(revealingFixture);
      const before = await balance(f, f.bidder2.address);
      const { outcome } = await f.asBidder2.reveal({
        orderId: f.orderId,
        unitPrice: "90",
        deliveryDate: f.deliveryDate,
        fromBlock: 0,
      });
      expect(outcome).to.deep.include({ sequence: 2, valid: true });
      // Bid 1 is not revealed yet, so bid 2 is the best so far and keeps its bond.
      expect(await balance(f, f.bidder2.address)).to.equal(before);
      await f.asBidder.reveal({
        orderId: f.orderId,
        sequence: 1,
        unitPrice: "80",
        deliveryDate: f.deliveryDate,
      });
      // Outbid: bid 2's bond went back to its committer.
      expect(await balance(f, f.bidder2.address)).to.equal(before + BOND);
      expect((await f.auctions.getOrder(f.orderId))?.best).to.deep.include({
        sequence: 1,
        runnerUpPrice: 90n * USD,
      });
    });

    it("reveals a bid named neither by sequence nor by a block: it is found by its commitment", async function () {
      const f = await loadFixture(revealingFixture);
      const { tx, outcome } = await f.asBidder2.reveal({
        orderId: f.orderId,
        unitPrice: "90",
        deliveryDate: f.deliveryDate,
      });
      await expectTxResult(tx);
      expect(outcome).to.deep.equal({
        sequence: 2,
        bidder: f.bidder2.address,
        unitPrice: 90n * USD,
        deliveryDate: f.deliveryDate,
        valid: true,
        reason: "valid",
      });
      // Without a sequence, a bid that matches no commitment is refused before sending.
      await expectRefusedBeforeSending(
        f.bidder2,
        () =>
          f.asBidder2.reveal({ orderId: f.orderId, unitPrice: "91", deliveryDate: f.deliveryDate }),
        InputErrorCode.BidNotFound,
        "No sealed bid of order 1 carries this bid",
      );
    });

    const refusals: [string, Record<string, unknown>, InputErrorCode, string][] = [
      [
        "another price than sealed",
        { sequence: 1, unitPrice: "81" },
        InputErrorCode.BidMismatch,
        "Sealed bid 1 of order 1 is not this bid",
      ],
      [
        "another sealed bid's number",
        { sequence: 2 },
        InputErrorCode.BidMismatch,
        "Sealed bid 2 of order 1 is not this bid",
      ],
      [
        "a bid that does not exist",
        { sequence: 9 },
        InputErrorCode.BidNotFound,
        "Order 1 has no sealed bid 9.",
      ],
      [
        "a bid not found among the order's bids",
        { unitPrice: "81", fromBlock: 0 },
        InputErrorCode.BidNotFound,
        "No sealed bid of order 1 carries this bid",
      ],
      [
        "a salt other than the derived one",
        { sequence: 1, salt: docHash("guess") },
        InputErrorCode.BidMismatch,
        "Sealed bid 1 of order 1 is not this bid",
      ],
    ];
    for (const [what, change, code, fragment] of refusals) {
      it(`refuses ${what} before sending (${code})`, async function () {
        const f = await loadFixture(revealingFixture);
        await expectRefusedBeforeSending(
          f.bidder,
          () =>
            f.asBidder.reveal({
              orderId: f.orderId,
              unitPrice: "80",
              deliveryDate: f.deliveryDate,
              ...change,
            }),
          code,
          fragment,
        );
      });
    }

    it("refuses a reveal while bidding is open, twice, or after revealing ends", async function () {
      const f = await loadFixture(biddingFixture);
      const bid = {
        orderId: f.orderId,
        sequence: 1,
        unitPrice: "80",
        deliveryDate: f.deliveryDate,
      };
      await expectRefusedBeforeSending(
        f.bidder,
        () => f.asBidder.reveal(bid),
        InputErrorCode.WrongState,
        "Order 1 is open for bids; bids are revealed from",
      );
      await time.increaseTo(f.biddingEnds);
      await f.asBidder.reveal(bid);
      await expectRefusedBeforeSending(
        f.bidder,
        () => f.asBidder.reveal(bid),
        InputErrorCode.WrongState,
        "Sealed bid 1 of order 1 is already revealed.",
      );
      await expectRefusedBeforeSending(
        f.bidder,
        () => f.asBidder.reveal({ ...bid, sequence: undefined, fromBlock: 0 }),
        InputErrorCode.WrongState,
        "is already revealed (bid 1)",
      );
      // Another bidder cannot open it: the commitment binds the bidder.
      await expectRefusedBeforeSending(
        f.bidder2,
        () => f.asBidder2.reveal({ ...bid, salt: f.bid1.salt }),
        InputErrorCode.BidMismatch,
        "is not this bid",
      );
      await time.increaseTo(f.revealEnds);
      await expectRefusedBeforeSending(
        f.bidder,
        () => f.asBidder.reveal({ ...bid, sequence: 3, unitPrice: "95" }),
        InputErrorCode.WrongState,
        "Order 1 is past revealing, waiting to be settled",
      );
    });

    it("decodes the contract's refusals: a front-run copy, an unknown commitment, a second reveal, the wrong order", async function () {
      const f = await loadFixture(biddingFixture);
      const order = await agreedOrder(f.auction, f.orderId);
      const refusalOf = async (action: () => Promise<unknown>) =>
        decodeError(await rejection(action), f.auction.interface) as ContractRevertedError;
      // A stranger copies bid 1's commitment, with a bond of its own: the auction refuses it.
      await f.stable.mint(f.stranger.address, BOND);
      await f.stable.connect(f.stranger).approve(f.auctionAddress, BOND);
      const copied = await refusalOf(() =>
        f.auction.connect(f.stranger).commit(f.orderId, order, f.bid1.commitment),
      );
      expect([copied.errorName, copied.args]).to.deep.equal([
        "ProcurementAuctionDuplicateCommitment",
        [f.orderId, f.bid1.commitment],
      ]);
      await time.increaseTo(f.biddingEnds);
      // A reveal that matches no commitment names the commitment it computed.
      const { chainId } = await ethers.provider.getNetwork();
      const unknown = bidCommitment({
        chainId,
        auction: f.auctionAddress,
        orderId: f.orderId,
        bidder: f.bidder.address,
        unitPrice: 81n * USD,
        deliveryDate: f.deliveryDate,
        salt: f.bid1.salt,
      });
      const notFound = await refusalOf(() =>
        f.auction
          .connect(f.bidder)
          .reveal(f.orderId, order, 81n * USD, f.deliveryDate, f.bid1.salt),
      );
      expect([notFound.errorName, notFound.args]).to.deep.equal([
        "ProcurementAuctionUnknownBid",
        [f.orderId, unknown],
      ]);
      expect(notFound.shortMessage).to.equal(
        `No sealed bid of order 1 has the commitment ${unknown}: the reveal's bidder, price, ` +
          "delivery date or salt differ from what was sealed.",
      );
      // A sealed bid opens once.
      await f.asBidder.reveal({
        orderId: f.orderId,
        unitPrice: "80",
        deliveryDate: f.deliveryDate,
      });
      const twice = await refusalOf(() =>
        f.auction
          .connect(f.bidder)
          .reveal(f.orderId, order, 80n * USD, f.deliveryDate, f.bid1.salt),
      );
      expect([twice.errorName, twice.args]).to.deep.equal([
        "ProcurementAuctionBadReveal",
        [1n, 1n],
      ]);
      expect(twice.shortMessage).to.equal(
        "Sealed bid 1 of order 1 is already revealed: a sealed bid opens once.",
      );
      // An order that is not the one posted: the stored hash and the one given.
      const wrong = { ...order, terms: { ...order.terms, bond: BOND + 1n } };
      const wrongTerms = await refusalOf(() =>
        f.auction
          .connect(f.bidder2)
          .reveal(f.orderId, wrong, 90n * USD, f.deliveryDate, f.bid2.salt),
      );
      const stored = (await f.auction.orderRecord(f.orderId)).termsHash;
      const given = await f.auction.hashOrder(wrong);
      expect([wrongTerms.errorName, wrongTerms.args]).to.deep.equal([
        "ProcurementAuctionWrongTerms",
        [f.orderId, stored, given],
      ]);
      expect(wrongTerms.shortMessage).to.equal(
        `The order passed for order 1 hashes to ${given}, not to ${stored}, the hash of what ` +
          "was posted: pass its customer and terms exactly as its OrderPosted event carries them.",
      );
    });
  });

  describe("settle and the winner's bond", function () {
    it("refuses to settle before revealing ends", async function () {
      const f = await loadFixture(revealingFixture);
      await expectRefusedBeforeSending(
        f.customer,
        () => f.asCustomer.settle(f.orderId),
        InputErrorCode.WrongState,
        "Order 1 is revealing bids; an order is settled once revealing ends",
      );
    });

    it("awards the lowest valid bid: its invoice opens, the rest and forfeited bonds go to the customer", async function () {
      const f = await loadFixture(settlingFixture);
      const before = await balance(f, f.customer.address);
      const { tx, settlement, customer, token } = await f.asStranger.settle(f.orderId);
      await expectTxResult(tx);
      expect([customer, token]).to.deep.equal([f.customer.address, f.tokenAddress]);
      expect(settlement).to.deep.equal({
        kind: "awarded",
        winner: f.bidder.address,
        unitPrice: 80n * USD,
        invoiceId: 1n,
        total: 240n * USD,
        refund: 60n * USD,
        forfeited: BOND,
      });
      // The refund of the budget, and bid 3's bond (never revealed).
      expect(await balance(f, f.customer.address)).to.equal(before + 60n * USD + BOND);
      const order = await f.auctions.getOrder(f.orderId);
      expect(order).to.deep.include({ phase: "awarded", sealedBids: 3, revealedBids: 2 });
      expect(order?.award).to.deep.equal({
        winner: f.bidder.address,
        unitPrice: 80n * USD,
        invoiceId: 1n,
        total: 240n * USD,
        refund: 60n * USD,
      });
      // The invoice, in the escrow's hash form: its record, and its terms from its event.
      const record = await f.escrow.invoiceRecord(1n);
      expect([record.state, record.supplier]).to.deep.equal([2n, f.bidder.address]); // funded
      const invoice = await proposedInvoice(f, 1n);
      expect(invoice.supplier).to.equal(f.bidder.address);
      const { payer, dueDate, arbiter } = invoice.terms;
      expect([payer, dueDate, arbiter]).to.deep.equal([
        f.customer.address,
        f.deliveryBy,
        f.arbiter.address,
      ]);
      // Held: the escrow owes the whole total (its only invoice, nothing paid yet).
      expect(await escrowOwes(f.escrow, f.tokenAddress)).to.equal(240n * USD);
      const [milestone] = invoice.milestones;
      expect(invoice.milestones.length).to.equal(1);
      // A delivery milestone (MilestoneKind 1) of the order's parts.
      expect([milestone?.kind, milestone?.quantity, milestone?.specHash]).to.deep.equal([
        1n,
        3n,
        SPEC,
      ]);
    });

    it("pays the second-best price on a second-price order", async function () {
      const f = await loadFixture(auctionsFixture);
      const { orderId } = await f.asCustomer.postOrder({ ...f.order, secondPrice: true });
      const bid = { orderId, deliveryDate: f.deliveryDate };
      await f.asBidder.commitBid({ ...bid, unitPrice: "70" });
      await f.asBidder2.commitBid({ ...bid, unitPrice: "85" });
      await time.increaseTo(f.biddingEnds);
      await f.asBidder.reveal({ ...bid, sequence: 1, unitPrice: "70" });
      await f.asBidder2.reveal({ ...bid, sequence: 2, unitPrice: "85" });
      expect((await f.auctions.getOrder(orderId))?.best).to.deep.include({
        unitPrice: 70n * USD,
        pricePaid: 85n * USD,
      });
      await time.increaseTo(f.revealEnds);
      const { settlement } = await f.asCustomer.settle(orderId);
      expect(settlement).to.deep.include({
        kind: "awarded",
        unitPrice: 85n * USD,
        total: 255n * USD,
      });
    });

    it("closes an order without a valid bid: the whole budget goes back", async function () {
      const f = await loadFixture(postedFixture);
      await time.increaseTo(f.revealEnds);
      const before = await balance(f, f.customer.address);
      const { tx, settlement } = await f.asCustomer.settle(f.orderId);
      expect(settlement).to.deep.equal({ kind: "closed", refund: BUDGET, forfeited: 0n });
      expect(await f.auctions.payments({ orderId: f.orderId, fromBlock: 0 })).to.deep.equal([
        {
          kind: "refund",
          to: f.customer.address,
          amount: BUDGET,
          blockNumber: tx.blockNumber,
          transactionHash: tx.hash,
        },
      ]);
      expect(await balance(f, f.customer.address)).to.equal(before + BUDGET);
      const order = await f.auctions.getOrder(f.orderId);
      expect(order).to.deep.include({ phase: "closed", best: undefined, award: undefined });
    });

    it("releases the winner's bond once it delivered, and decodes a second release's refusal", async function () {
      const f = await loadFixture(settlingFixture);
      await f.asCustomer.settle(f.orderId);
      await expectRefusedBeforeSending(
        f.stranger,
        () => f.asStranger.releaseWinnerBond(f.orderId),
        InputErrorCode.WrongState,
        "The winner's invoice 1 is not settled yet",
      );
      // The winner delivers, straight at the escrow: it approves each part, then delivers.
      const partIds = f.partIds.slice(0, 3);
      const parts = PartRegistry__factory.connect(f.registryAddress, f.bidder);
      for (const partId of partIds) await parts.approve(f.escrowAddress, partId);
      const invoice = positional(await proposedInvoice(f, 1n)) as Parameters<
        typeof f.escrow.deliver
      >[1];
      await f.escrow.connect(f.bidder).deliver(1n, invoice, 0, partIds);
      const before = await balance(f, f.committer.address);
      const { tx, release, token } = await f.asStranger.releaseWinnerBond(f.orderId);
      await expectTxResult(tx);
      expect(token).to.equal(f.tokenAddress);
      expect(release).to.deep.equal({ to: f.committer.address, amount: BOND, forfeited: false });
      expect(await balance(f, f.committer.address)).to.equal(before + BOND);
      const refusal = await expectContractRefusal(
        f.stranger,
        () => f.asStranger.releaseWinnerBond(f.orderId),
        "ProcurementAuctionBondReleased",
        [1n],
      );
      expect(refusal.shortMessage).to.equal("The winner's bond of order 1 was already released.");
    });

    it("refuses to release a bond of an order that was not awarded", async function () {
      const f = await loadFixture(postedFixture);
      await expectRefusedBeforeSending(
        f.stranger,
        () => f.asStranger.releaseWinnerBond(f.orderId),
        InputErrorCode.WrongState,
        "Order 1 is open for bids; only an awarded order holds a winner's bond.",
      );
    });
  });

  describe("withdraw", function () {
    it("refuses a withdrawal with nothing credited before sending; decodes the contract's refusal", async function () {
      const f = await loadFixture(postedFixture);
      await expectRefusedBeforeSending(
        f.bidder,
        () => f.asBidder.withdraw({ orderId: f.orderId, to: f.bidder.address }),
        InputErrorCode.WrongState,
        `The auction credits nothing to ${f.bidder.address} under order 1: only payments the ` +
          "token refused are credited, and a credit is withdrawn once.",
      );
      await expectRefusedBeforeSending(
        f.bidder,
        () => f.asBidder.withdraw({ orderId: 2, to: f.bidder.address }),
        InputErrorCode.InvalidId,
        "There is no order 2.",
      );
      const refusal = decodeError(
        await rejection(async () =>
          f.auction
            .connect(f.bidder)
            .withdraw(f.orderId, await agreedOrder(f.auction, f.orderId), f.bidder.address),
        ),
        f.auction.interface,
      ) as ContractRevertedError;
      expect([refusal.errorName, refusal.args]).to.deep.equal([
        "ProcurementAuctionNothingToWithdraw",
        [f.orderId, f.bidder.address],
      ]);
      expect(refusal.shortMessage).to.equal(
        `The auction credits nothing to ${f.bidder.address} under order 1: only payments the ` +
          "token refused are credited, each account withdraws only its own, and once.",
      );
      expectInputError(
        await rejection(() => f.asBidder.withdraw({ orderId: f.orderId, to: NO_ADDRESS })),
        InputErrorCode.InvalidAddress,
        "The recipient address is the zero address.",
      );
    });

    it("withdraws a bond refund the token refused to deliver", async function () {
      const f = await loadFixture(auctionsFixture);
      const token = await ethers.deployContract("BlocklistTokenMock", [], f.deployer);
      const tokenAddress = await token.getAddress();
      for (const who of [f.customer, f.bidder, f.bidder2, f.committer]) {
        await token.mint(who.address, BIDDER_FUNDS);
      }
      const { orderId } = await f.asCustomer.postOrder({ ...f.order, token: tokenAddress });
      const bid = { orderId, deliveryDate: f.deliveryDate };
      await f.asBidder.commitBid({ ...bid, unitPrice: "90", committer: f.committer });
      await f.asBidder2.commitBid({ ...bid, unitPrice: "80" });
      await time.increaseTo(f.biddingEnds);
      await f.asBidder.reveal({ ...bid, sequence: 1, unitPrice: "90" });
      await token.blocklist(f.committer.address);
      // Bid 2 displaces bid 1, whose committer cannot receive its bond back: it is credited.
      const { tx: revealed } = await f.asBidder2.reveal({ ...bid, sequence: 2, unitPrice: "80" });
      expect(await f.auctions.owed({ orderId, account: f.committer.address })).to.equal(BOND);
      expect(
        await f.auctions.owed({ orderId: orderId + 1n, account: f.committer.address }),
      ).to.equal(0n);
      const at = { blockNumber: revealed.blockNumber, transactionHash: revealed.hash };
      // The listing shows the bond paid back at the reveal, then that it was credited instead.
      expect(await f.auctions.payments({ orderId, fromBlock: 0 })).to.deep.equal([
        { kind: "bond", to: f.committer.address, amount: BOND, forfeited: false, ...at },
        { kind: "deferred", account: f.committer.address, amount: BOND, ...at },
      ]);
      // After settlement: the unspent budget back to the customer, in chain order.
      await time.increaseTo(f.revealEnds);
      const { tx: settled } = await f.auctions.connect(f.stranger).settle(orderId);
      const listed = await f.auctions.payments({ orderId, fromBlock: 0 });
      expect(listed.slice(2)).to.deep.equal([
        {
          kind: "refund",
          to: f.customer.address,
          amount: BUDGET - 80n * USD * BigInt(QUANTITY),
          blockNumber: settled.blockNumber,
          transactionHash: settled.hash,
        },
      ]);
      expectInputError(
        await rejection(() => f.auctions.payments({ orderId, fromBlock: -1 })),
        InputErrorCode.InvalidAmount,
        "block",
      );
      const asCommitter = f.auctions.connect(f.committer);
      const { tx: withdrawn, ...receipt } = await asCommitter.withdraw({
        orderId,
        to: f.stranger.address,
      });
      await expectTxResult(withdrawn);
      expect(receipt).to.deep.equal({ amount: BOND, token: await token.getAddress() });
      expect(await token.balanceOf(f.stranger.address)).to.equal(BOND);
      // The withdrawal names the order, so the order's listing shows it last.
      expect((await f.auctions.payments({ orderId, fromBlock: 0 })).slice(3)).to.deep.equal([
        {
          kind: "withdrawn",
          account: f.committer.address,
          to: f.stranger.address,
          amount: BOND,
          blockNumber: withdrawn.blockNumber,
          transactionHash: withdrawn.hash,
        },
      ]);
      expect(await f.auctions.owed({ orderId, account: f.committer.address })).to.equal(0n);
    });
  });

  describe("orders as posted", function () {
    it("reads an order from its OrderPosted event once, then from the client's cache, shared by connect", async function () {
      const f = await loadFixture(postedFixture);
      const fresh = new AuctionsClient(f.auctionAddress, ethers.provider);
      const first = await countingLogQueries(() => fresh.getOrder(f.orderId));
      expect(first.result).to.deep.equal(postedOrder(f));
      expect(first.queries).to.equal(1);
      const second = await countingLogQueries(() => fresh.getOrder(f.orderId));
      expect(second.result).to.deep.equal(postedOrder(f));
      expect(second.queries).to.equal(0);
      // A connected client shares the cache: sealing a bid reads no event.
      const sealed = await countingLogQueries(() =>
        fresh.connect(f.bidder).commitBid({
          orderId: f.orderId,
          unitPrice: "80",
          deliveryDate: f.deliveryDate,
        }),
      );
      expect([sealed.result.sequence, sealed.queries]).to.deep.equal([1, 0]);
      expect(await fresh.postedOrder(f.orderId)).to.deep.equal(f.posted.order);
      // The client that posted the order kept it from the receipt.
      const poster = await countingLogQueries(() => f.asCustomer.getOrder(f.orderId));
      expect([poster.result?.sealedBids, poster.queries]).to.deep.equal([1, 0]);
      // Unknown orders are not cached, and read nothing from events.
      const unknown = await countingLogQueries(() => fresh.getOrder(2));
      expect([unknown.result, unknown.queries]).to.deep.equal([undefined, 0]);
      expect(await fresh.postedOrder(2)).to.equal(undefined);
    });

    it("uses the caller's order without reading events, and refuses one that is not the order posted", async function () {
      const f = await loadFixture(postedFixture);
      const given: PostedOrder = f.posted.order;
      const fresh = new AuctionsClient(f.auctionAddress, f.customer);
      const read = await countingLogQueries(() => fresh.getOrder(f.orderId, given));
      expect([read.result, read.queries]).to.deep.equal([postedOrder(f), 0]);
      const wrong: PostedOrder = { ...given, terms: { ...given.terms, bond: BOND + 1n } };
      const other = new AuctionsClient(f.auctionAddress, f.customer);
      const stored = (await f.auction.orderRecord(f.orderId)).termsHash;
      const refused = await rejection(() => other.cancel(f.orderId, wrong));
      const error = expectInputError(
        refused,
        InputErrorCode.InvalidHash,
        `The order given for order 1 hashes to ${hashOrder(wrong)}, not to ${stored}, the hash ` +
          "of what was posted",
      );
      expect(error.field).to.equal("order");
      await expectRefusedBeforeSending(
        f.customer,
        () => other.cancel(f.orderId, wrong),
        InputErrorCode.InvalidHash,
        "The order given for order 1",
      );
      expectInputError(
        await rejection(() =>
          other.getOrder(f.orderId, { ...given, customer: "0x1234" } as PostedOrder),
        ),
        InputErrorCode.InvalidKind,
        "The order given for order 1 is not an order as posted",
      );
      // The right order is used as given: the cancellation sends it and reads no event.
      const cancelled = await countingLogQueries(() => other.cancel(f.orderId, given));
      expect([cancelled.result.refund, cancelled.queries]).to.deep.equal([BUDGET, 0]);
      expect((await other.getOrder(f.orderId))?.phase).to.equal("cancelled");
    });

    it("says when the OrderPosted event is not where the client searches", async function () {
      const f = await loadFixture(postedFixture);
      const late = new AuctionsClient(f.auctionAddress, ethers.provider, {
        fromBlock: (await ethers.provider.getBlockNumber()) + 1,
      });
      expectInputError(
        await rejection(() => late.getOrder(f.orderId)),
        InputErrorCode.InvalidBlock,
        "Order 1 exists, but no OrderPosted event of it was found from block",
      );
      // Given the order, the client needs no event.
      expect(await late.getOrder(f.orderId, f.posted.order)).to.deep.equal(postedOrder(f));
    });
  });

  describe("queries and construction", function () {
    it("answers undefined for an unknown order or bid", async function () {
      const f = await loadFixture(biddingFixture);
      expect(await f.auctions.getOrder(2)).to.equal(undefined);
      // A listing of a missing order is empty, as an invoice's is: not an error.
      expect(await f.auctions.payments({ orderId: 2, fromBlock: 0 })).to.deep.equal([]);
      expect(await f.auctions.commitmentAt({ orderId: 1, sequence: 4 })).to.equal(undefined);
      expect(await f.auctions.commitmentAt({ orderId: 2, sequence: 1 })).to.equal(undefined);
      expect(
        await f.auctions.findBids({ orderId: 1, commitment: f.bid2.commitment, fromBlock: 0 }),
      ).to.deep.equal([
        {
          orderId: 1n,
          sequence: 2,
          committer: f.bidder2.address,
          revealed: false,
          commitment: f.bid2.commitment,
        },
      ]);
      expectInputError(
        await rejection(() => f.auctions.commitmentAt({ orderId: 1, sequence: 0 })),
        InputErrorCode.InvalidId,
        "is not a bid's sequence number",
      );
    });

    it("builds from an address book, and connectSuite gives one", async function () {
      const f = await loadFixture(auctionsFixture);
      const book: AddressBook = {
        chainId: 31337,
        network: "default",
        governance: f.governance.address,
        startBlock: 0,
        deployedAt: "",
        contracts: {
          ParticipantRegistry: f.participantsAddress,
          PartRegistry: f.registryAddress,
          InvoiceEscrow: f.escrowAddress,
          ProcurementAuction: f.auctionAddress,
          CoreRegistry: f.auctionAddress,
          LicenceRegistry: f.auctionAddress,
          WarrantyRegistry: f.auctionAddress,
          CoreCharges: f.auctionAddress,
        },
      };
      expect(AuctionsClient.fromAddressBook(book, ethers.provider).address).to.equal(
        f.auctionAddress,
      );
      // Its event reads start at the book's startBlock, also through another signer.
      const fromBook = AuctionsClient.fromAddressBook({ ...book, startBlock: 5 }, ethers.provider);
      expect(fromBook.fromBlock).to.equal(5);
      expect(fromBook.connect(f.bidder).fromBlock).to.equal(5);
      expect(f.auctions.fromBlock).to.equal(0);
      expectInputError(
        thrown(() => new AuctionsClient(f.auctionAddress, ethers.provider, { fromBlock: -1 })),
        InputErrorCode.InvalidAmount,
        "The block to search from must be a block number",
      );
      const suite = await connectSuite({ addressBook: book, runner: ethers.provider });
      expect(suite.auctions.address).to.equal(f.auctionAddress);
      expect(f.auctions.connect(f.bidder).runner).to.equal(f.bidder);
      expectInputError(
        thrown(() => new AuctionsClient("0x1234", ethers.provider)),
        InputErrorCode.InvalidAddress,
        'The procurement auction address "0x1234"',
      );
      expect(await f.auctions.tokenInfo(f.tokenAddress)).to.deep.equal({
        address: f.tokenAddress,
        name: "Test USD",
        symbol: "TUSD",
        decimals: 6,
      });
    });
  });

  describe("bid files (node)", function () {
    async function sampleRecord(): Promise<BidRecord> {
      const record: BidRecord = {
        chainId: 31337n,
        auction: "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9",
        orderId: 2n,
        bidder: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
        committer: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
        unitPrice: 5n,
        deliveryDate: 1_830_000_000n,
        salt: docHash("s"),
        saltDerived: false,
        commitment: ZeroHash as Hash,
        sequence: undefined,
      };
      return { ...record, commitment: bidCommitment(record) };
    }

    it("replaces a bid's file atomically, leaving no temporary file", async function () {
      const dir = await tempDir();
      try {
        const record = await sampleRecord();
        const file = await saveBid(dir, record);
        expect(file).to.equal(bidFilePath(dir, record));
        await saveBid(dir, { ...record, sequence: 3 });
        expect(await readdir(dir)).to.deep.equal([path.basename(file)]);
        expect(await loadBids(dir)).to.deep.equal([{ ...record, sequence: 3 }]);
        expect(JSON.parse(await readFile(file, "utf8"))).to.deep.include({ sequence: 3 });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it("reads nothing from a missing folder, and refuses a damaged or renamed file", async function () {
      const dir = await tempDir();
      try {
        expect(await loadBids(path.join(dir, "none"))).to.deep.equal([]);
        const record = await sampleRecord();
        const file = await saveBid(dir, record);
        const json = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
        await writeFile(file, JSON.stringify({ ...json, unitPrice: "6" }));
        expectInputError(
          await rejection(() => loadBids(dir)),
          InputErrorCode.BidStoreFailure,
          "the file was changed",
        );
        await writeFile(file, "{");
        expectInputError(
          await rejection(() => loadBids(dir)),
          InputErrorCode.BidStoreFailure,
          "cannot be read as JSON",
        );
        await rm(file);
        await writeFile(path.join(dir, "bid-31337-other.json"), JSON.stringify(json));
        expectInputError(
          await rejection(() => loadBids(dir)),
          InputErrorCode.BidStoreFailure,
          "records another bid than its name says",
        );
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it("says so when the file cannot be written", async function () {
      const dir = await tempDir();
      try {
        const blocker = path.join(dir, "not-a-folder");
        await writeFile(blocker, "");
        expectInputError(
          await rejection(async () => saveBid(blocker, await sampleRecord())),
          InputErrorCode.BidStoreFailure,
          "could not be written to",
        );
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});

const NO_ADDRESS = "0x0000000000000000000000000000000000000000";
