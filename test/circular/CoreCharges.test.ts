import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import {
  ChargeState,
  conform,
  DAY,
  deployCircularFixture,
  docHash,
  gradedCore,
  make,
  OTHER_SPEC,
  Outcome,
  returnAsCore,
  SCHEDULE,
  soldPart,
  SPEC,
  USDC,
} from "./fixture.js";
import { stateBitmap } from "../helpers/roles.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

const ZERO_ADDRESS = ethers.ZeroAddress;
const AMOUNT = 150n * USDC;
const RETURN_WINDOW = 90 * DAY;
type Schedule = [number, number, number, number, number];
/** Counts the units {chargeArgs} sells, for their serials. */
let units = 0;

/**
 * The circular fixture plus three hostile tokens, each minted to the customer and approved by it
 * to the core charges: a 1% fee-on-transfer token, a blocklist token and a reentrant token. The
 * customer (the buyer of every charge here) also approves its USDC.
 */
async function chargesFixture(connection: NetworkConnection) {
  const f = await deployCircularFixture(connection);
  const fot = await ethers.deployContract("FeeOnTransferTokenMock", [100]);
  const busd = await ethers.deployContract("BlocklistTokenMock");
  const reentrant = await ethers.deployContract("ReentrantTokenMock");
  for (const token of [fot, busd, reentrant]) {
    await token.mint(f.customer.address, 10_000n * USDC);
    await token.connect(f.customer).approve(f.chargesAddress, ethers.MaxUint256);
  }
  await f.usdc.connect(f.customer).approve(f.chargesAddress, ethers.MaxUint256);
  return { ...f, fot, busd, reentrant };
}

type Fixture = Awaited<ReturnType<typeof chargesFixture>>;
type Token = Fixture["usdc"] | Fixture["fot"] | Fixture["busd"] | Fixture["reentrant"];

type ChargeTerms = {
  buyer?: string;
  unitPartId?: bigint;
  token?: string;
  amount?: bigint;
  returnBy?: number;
  schedule?: Schedule;
};

/** The arguments of `requireCharge`: by default {AMOUNT} USDC from the customer, {SCHEDULE}. */
async function chargeArgs(f: Fixture, terms: ChargeTerms = {}) {
  return [
    terms.buyer ?? f.customer.address,
    terms.unitPartId ?? (await soldPart(f, `unit-${++units}`)),
    terms.token ?? f.usdcAddress,
    terms.amount ?? AMOUNT,
    terms.returnBy ?? (await time.latest()) + RETURN_WINDOW,
    terms.schedule ?? SCHEDULE,
  ] as const;
}

/** The manufacturer (the seller) requires a charge; returns its id and deadline. */
async function requiredCharge(
  f: Fixture,
  terms: ChargeTerms = {},
): Promise<{ chargeId: bigint; returnBy: number }> {
  const args = await chargeArgs(f, terms);
  const receipt = await (await f.charges.connect(f.manufacturer).requireCharge(...args)).wait();
  const [event] = await f.charges.queryFilter(
    f.charges.filters.CoreChargeRequired(),
    receipt?.blockNumber,
    receipt?.blockNumber,
  );
  if (event === undefined) throw new Error("no CoreChargeRequired event");
  return { chargeId: event.args.chargeId, returnBy: Number(args[4]) };
}

/** A charge required and paid in by the customer. */
async function heldCharge(f: Fixture, terms: ChargeTerms = {}) {
  const c = await requiredCharge(f, terms);
  await f.charges.connect(f.customer).payCharge(c.chargeId);
  return c;
}

/** The customer approves core `coreId` to the core charges and hands it in. */
async function handIn(f: Fixture, chargeId: bigint, coreId: bigint) {
  await f.cores.connect(f.customer).approve(f.chargesAddress, coreId);
  return f.charges.connect(f.customer).settleCharge(chargeId, coreId);
}

/** The core charges' liabilities in `token` equal its balance of it. */
async function expectConserved(f: Fixture, ...tokens: Token[]): Promise<void> {
  for (const token of tokens.length === 0 ? [f.usdc] : tokens) {
    expect(await f.charges.liabilities(await token.getAddress())).to.equal(
      await token.balanceOf(f.chargesAddress),
    );
  }
}

async function expectState(f: Fixture, chargeId: bigint, state: number): Promise<void> {
  expect((await f.charges.charge(chargeId)).state).to.equal(BigInt(state));
}

/** A graded core of {OTHER_SPEC} (made by the second manufacturer) held by the customer. */
async function otherSpecCore(f: Fixture, label: string): Promise<bigint> {
  const partId = await make(f.parts, f.manufacturer2, label, { spec: OTHER_SPEC });
  await f.parts
    .connect(f.manufacturer2)
    .transferFrom(f.manufacturer2.address, f.customer.address, partId);
  await returnAsCore(f, partId);
  await f.cores
    .connect(f.inspector)
    .grade(partId, Outcome.Remanufacture, 1, docHash(`grade:${partId}`));
  return partId;
}

/** What the reentrancy guard answers a nested call. */
function reentrantCallError(f: Fixture): string {
  return f.charges.interface.encodeErrorResult("ReentrancyGuardReentrantCall", []);
}

async function expectGuardRefused(f: Fixture): Promise<void> {
  expect(await f.reentrant.lastCallSucceeded()).to.equal(false);
  expect(await f.reentrant.lastReturnData()).to.equal(reentrantCallError(f));
  expect(await f.reentrant.armed()).to.equal(false);
}

describe("CoreCharges", function () {
  describe("deployment", function () {
    it("refuses a zero participant or core registry", async function () {
      const f = await loadFixture(chargesFixture);
      const factory = await ethers.getContractFactory("CoreCharges");
      await expect(factory.deploy(ZERO_ADDRESS, f.coresAddress)).to.be.revertedWithCustomError(
        f.charges,
        "CoreChargesMissingInput",
      );
      await expect(
        factory.deploy(f.participantsAddress, ZERO_ADDRESS),
      ).to.be.revertedWithCustomError(f.charges, "CoreChargesMissingInput");
      expect(await f.charges.participants()).to.equal(f.participantsAddress);
      expect(await f.charges.cores()).to.equal(f.coresAddress);
    });
  });

  describe("requireCharge", function () {
    it("records the charge and emits its terms", async function () {
      const f = await loadFixture(chargesFixture);
      const unitPartId = await soldPart(f, "unit");
      const returnBy = (await time.latest()) + RETURN_WINDOW;
      const args = await chargeArgs(f, { unitPartId, returnBy });
      await expect(f.charges.connect(f.manufacturer).requireCharge(...args))
        .to.emit(f.charges, "CoreChargeRequired")
        .withArgs(
          1n,
          f.manufacturer.address,
          f.customer.address,
          unitPartId,
          SPEC,
          f.usdcAddress,
          AMOUNT,
          returnBy,
          SCHEDULE,
        );
      const c = await f.charges.charge(1n);
      expect([...c].map((v) => (typeof v === "object" ? [...v] : v))).to.deep.equal([
        f.manufacturer.address,
        f.customer.address,
        f.usdcAddress,
        AMOUNT,
        SPEC,
        unitPartId,
        BigInt(returnBy),
        BigInt(ChargeState.Required),
        SCHEDULE.map(BigInt),
        0n,
      ]);
      expect(await f.charges.owed(1n, f.manufacturer.address)).to.equal(0n);
      // The next charge gets the next id, and the schedule's 100% ceiling is allowed.
      await f.charges
        .connect(f.manufacturer)
        .requireCharge(
          ...(await chargeArgs(f, { schedule: [10_000, 10_000, 10_000, 10_000, 10_000] })),
        );
      expect((await f.charges.charge(2n)).refundBps[4]).to.equal(10_000n);
      await expectConserved(f);
    });

    it("refuses a seller that is not an active participant", async function () {
      const f = await loadFixture(chargesFixture);
      const args = await chargeArgs(f);
      await expect(f.charges.connect(f.stranger).requireCharge(...args))
        .to.be.revertedWithCustomError(f.charges, "CoreChargesNotAccredited")
        .withArgs(f.stranger.address);
      await f.participantRegistry
        .connect(f.registrar)
        .suspend(f.manufacturer.address, docHash("suspension"));
      await expect(f.charges.connect(f.manufacturer).requireCharge(...args))
        .to.be.revertedWithCustomError(f.charges, "CoreChargesNotAccredited")
        .withArgs(f.manufacturer.address);
    });

    it("refuses a zero buyer, token or amount, and a charge on oneself", async function () {
      const f = await loadFixture(chargesFixture);
      const unitPartId = await soldPart(f, "unit");
      for (const terms of [
        { buyer: ZERO_ADDRESS },
        { token: ZERO_ADDRESS },
        { amount: 0n },
      ] satisfies ChargeTerms[]) {
        await expect(
          f.charges
            .connect(f.manufacturer)
            .requireCharge(...(await chargeArgs(f, { unitPartId, ...terms }))),
        ).to.be.revertedWithCustomError(f.charges, "CoreChargesMissingInput");
      }
      await expect(
        f.charges
          .connect(f.manufacturer)
          .requireCharge(...(await chargeArgs(f, { unitPartId, buyer: f.manufacturer.address }))),
      )
        .to.be.revertedWithCustomError(f.charges, "CoreChargesSelfCharge")
        .withArgs(f.manufacturer.address);
    });

    it("refuses a deadline that is not in the future", async function () {
      const f = await loadFixture(chargesFixture);
      const unitPartId = await soldPart(f, "unit");
      const now = (await time.latest()) + 10;
      const past = await chargeArgs(f, { unitPartId, returnBy: now - DAY });
      await expect(f.charges.connect(f.manufacturer).requireCharge(...past))
        .to.be.revertedWithCustomError(f.charges, "CoreChargesDeadlineNotFuture")
        .withArgs(now - DAY);
      const present = await chargeArgs(f, { unitPartId, returnBy: now });
      await time.setNextBlockTimestamp(now);
      // A gas limit, so that the transaction is mined at that second rather than only estimated.
      await expect(
        f.charges.connect(f.manufacturer).requireCharge(...present, { gasLimit: 1_000_000 }),
      )
        .to.be.revertedWithCustomError(f.charges, "CoreChargesDeadlineNotFuture")
        .withArgs(now);
      expect(await time.latest()).to.equal(now);
      await f.charges
        .connect(f.manufacturer)
        .requireCharge(
          ...(await chargeArgs(f, { unitPartId, returnBy: (await time.latest()) + 2 })),
        );
      expect((await f.charges.charge(1n)).unitPartId).to.equal(unitPartId);
    });

    it("refuses a refund share above 100% at any grade", async function () {
      const f = await loadFixture(chargesFixture);
      const unitPartId = await soldPart(f, "unit");
      for (let i = 0; i < 5; i++) {
        const schedule: Schedule = [...SCHEDULE];
        schedule[i] = 10_001 + i;
        await expect(
          f.charges
            .connect(f.manufacturer)
            .requireCharge(...(await chargeArgs(f, { unitPartId, schedule }))),
        )
          .to.be.revertedWithCustomError(f.charges, "CoreChargesInvalidSchedule")
          .withArgs(10_001 + i);
      }
    });

    it("refuses an unknown unit part", async function () {
      const f = await loadFixture(chargesFixture);
      await expect(
        f.charges
          .connect(f.manufacturer)
          .requireCharge(...(await chargeArgs(f, { unitPartId: 42n }))),
      )
        .to.be.revertedWithCustomError(f.parts, "PartRegistryUnknownPart")
        .withArgs(42n);
    });
  });

  describe("cancelCharge", function () {
    it("lets the seller cancel a charge not yet paid, once", async function () {
      const f = await loadFixture(chargesFixture);
      const { chargeId } = await requiredCharge(f);
      for (const caller of [f.customer, f.stranger]) {
        await expect(f.charges.connect(caller).cancelCharge(chargeId))
          .to.be.revertedWithCustomError(f.charges, "CoreChargesNotParty")
          .withArgs(chargeId, caller.address);
      }
      await expect(f.charges.connect(f.manufacturer).cancelCharge(chargeId))
        .to.emit(f.charges, "CoreChargeCancelled")
        .withArgs(chargeId);
      await expectState(f, chargeId, ChargeState.Cancelled);
      await expect(f.charges.connect(f.manufacturer).cancelCharge(chargeId))
        .to.be.revertedWithCustomError(f.charges, "CoreChargesInvalidState")
        .withArgs(chargeId, ChargeState.Cancelled, stateBitmap(ChargeState.Required));
      await expect(f.charges.connect(f.customer).payCharge(chargeId))
        .to.be.revertedWithCustomError(f.charges, "CoreChargesInvalidState")
        .withArgs(chargeId, ChargeState.Cancelled, stateBitmap(ChargeState.Required));
      await expectConserved(f);
    });

    it("refuses a paid charge and an unknown one", async function () {
      const f = await loadFixture(chargesFixture);
      const { chargeId } = await heldCharge(f);
      await expect(f.charges.connect(f.manufacturer).cancelCharge(chargeId))
        .to.be.revertedWithCustomError(f.charges, "CoreChargesInvalidState")
        .withArgs(chargeId, ChargeState.Held, stateBitmap(ChargeState.Required));
      await expect(f.charges.connect(f.manufacturer).cancelCharge(9n))
        .to.be.revertedWithCustomError(f.charges, "CoreChargesUnknownCharge")
        .withArgs(9n);
      await expect(f.charges.charge(9n))
        .to.be.revertedWithCustomError(f.charges, "CoreChargesUnknownCharge")
        .withArgs(9n);
    });
  });

  describe("payCharge", function () {
    it("pulls exactly the deposit from the buyer", async function () {
      const f = await loadFixture(chargesFixture);
      const { chargeId } = await requiredCharge(f);
      const tx = f.charges.connect(f.customer).payCharge(chargeId);
      await expect(tx)
        .to.emit(f.charges, "CoreChargePaid")
        .withArgs(chargeId, f.customer.address, AMOUNT);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.customer, f.charges, f.manufacturer],
        [-AMOUNT, AMOUNT, 0n],
      );
      await expectState(f, chargeId, ChargeState.Held);
      expect(await f.charges.liabilities(f.usdcAddress)).to.equal(AMOUNT);
      await expectConserved(f);
      await expect(f.charges.connect(f.customer).payCharge(chargeId))
        .to.be.revertedWithCustomError(f.charges, "CoreChargesInvalidState")
        .withArgs(chargeId, ChargeState.Held, stateBitmap(ChargeState.Required));
    });

    it("refuses anyone but the buyer, an unknown charge and a missing approval", async function () {
      const f = await loadFixture(chargesFixture);
      const { chargeId } = await requiredCharge(f, { buyer: f.customer2.address });
      for (const caller of [f.manufacturer, f.customer, f.stranger]) {
        await expect(f.charges.connect(caller).payCharge(chargeId))
          .to.be.revertedWithCustomError(f.charges, "CoreChargesNotParty")
          .withArgs(chargeId, caller.address);
      }
      await expect(f.charges.connect(f.customer2).payCharge(chargeId))
        .to.be.revertedWithCustomError(f.usdc, "ERC20InsufficientAllowance")
        .withArgs(f.chargesAddress, 0n, AMOUNT);
      await expect(f.charges.connect(f.customer2).payCharge(5n))
        .to.be.revertedWithCustomError(f.charges, "CoreChargesUnknownCharge")
        .withArgs(5n);
      await expectState(f, chargeId, ChargeState.Required);
      await expectConserved(f);
    });

    it("refuses a fee-on-transfer token that delivers short", async function () {
      const f = await loadFixture(chargesFixture);
      const { chargeId } = await requiredCharge(f, { token: await f.fot.getAddress() });
      await expect(f.charges.connect(f.customer).payCharge(chargeId))
        .to.be.revertedWithCustomError(f.charges, "CoreChargesShortPayment")
        .withArgs(AMOUNT, AMOUNT - AMOUNT / 100n);
      await expectState(f, chargeId, ChargeState.Required);
      expect(await f.charges.liabilities(await f.fot.getAddress())).to.equal(0n);
      await expectConserved(f, f.fot);
    });

    it("takes the deposit until returnBy and refuses it a second later", async function () {
      const f = await loadFixture(chargesFixture);
      const first = await requiredCharge(f);
      const second = await requiredCharge(f, { returnBy: first.returnBy });
      await time.setNextBlockTimestamp(first.returnBy);
      await expect(f.charges.connect(f.customer).payCharge(first.chargeId))
        .to.emit(f.charges, "CoreChargePaid")
        .withArgs(first.chargeId, f.customer.address, AMOUNT);
      await time.setNextBlockTimestamp(first.returnBy + 1);
      await expect(f.charges.connect(f.customer).payCharge(second.chargeId, { gasLimit: 500_000 }))
        .to.be.revertedWithCustomError(f.charges, "CoreChargesDeadlinePassed")
        .withArgs(second.chargeId, first.returnBy);
      expect(await time.latest()).to.equal(first.returnBy + 1);
      await expectConserved(f);
    });
  });

  describe("settleCharge", function () {
    it("refunds by the returned core's grade exactly per the schedule and gives the core to the seller", async function () {
      const f = await loadFixture(chargesFixture);
      const schedule: Schedule = [10_000, 7_500, 3_333, 1, 0];
      const amount = 1_000_003n; // odd, so that the rounding shows
      for (let grade = 1; grade <= 5; grade++) {
        const coreId = await gradedCore(f, `grade-${grade}`, { grade });
        const { chargeId } = await heldCharge(f, { amount, schedule });
        const refund = (amount * BigInt(schedule[grade - 1] ?? 0)) / 10_000n;
        const kept = amount - refund;
        const tx = handIn(f, chargeId, coreId);
        await expect(tx)
          .to.emit(f.charges, "CoreChargeSettled")
          .withArgs(chargeId, coreId, grade, refund, kept)
          .and.to.emit(f.cores, "Transfer")
          .withArgs(f.customer.address, f.manufacturer.address, coreId);
        // Nothing moves but the core: both sides are credited.
        await expect(tx).to.changeTokenBalances(ethers, f.usdc, [f.customer, f.charges], [0n, 0n]);
        expect(await f.cores.ownerOf(coreId)).to.equal(f.manufacturer.address);
        expect(await f.charges.owed(chargeId, f.customer.address)).to.equal(refund);
        expect(await f.charges.owed(chargeId, f.manufacturer.address)).to.equal(kept);
        const c = await f.charges.charge(chargeId);
        expect([c.state, c.coreId]).to.deep.equal([BigInt(ChargeState.Settled), coreId]);
        await expectConserved(f);
      }
      expect(await f.charges.liabilities(f.usdcAddress)).to.equal(5n * amount);
    });

    it("counts the latest grade of a re-graded core", async function () {
      const f = await loadFixture(chargesFixture);
      const coreId = await gradedCore(f, "regraded", { grade: 1 });
      await f.cores
        .connect(f.testLab)
        .grade(coreId, Outcome.Recondition, 4, docHash(`regrade:${coreId}`));
      const { chargeId } = await heldCharge(f);
      const refund = (AMOUNT * BigInt(SCHEDULE[3])) / 10_000n;
      await expect(handIn(f, chargeId, coreId))
        .to.emit(f.charges, "CoreChargeSettled")
        .withArgs(chargeId, coreId, 4, refund, AMOUNT - refund);
    });

    it("refuses anyone but the buyer, an unpaid charge and an unknown one", async function () {
      const f = await loadFixture(chargesFixture);
      const coreId = await gradedCore(f, "core");
      const { chargeId } = await requiredCharge(f);
      await f.cores.connect(f.customer).approve(f.chargesAddress, coreId);
      await expect(f.charges.connect(f.customer).settleCharge(chargeId, coreId))
        .to.be.revertedWithCustomError(f.charges, "CoreChargesInvalidState")
        .withArgs(chargeId, ChargeState.Required, stateBitmap(ChargeState.Held));
      await f.charges.connect(f.customer).payCharge(chargeId);
      for (const caller of [f.manufacturer, f.customer2, f.stranger]) {
        await expect(f.charges.connect(caller).settleCharge(chargeId, coreId))
          .to.be.revertedWithCustomError(f.charges, "CoreChargesNotParty")
          .withArgs(chargeId, caller.address);
      }
      await expect(f.charges.connect(f.customer).settleCharge(77n, coreId))
        .to.be.revertedWithCustomError(f.charges, "CoreChargesUnknownCharge")
        .withArgs(77n);
      await expectState(f, chargeId, ChargeState.Held);
    });

    it("refuses a core the buyer does not hold, has not approved, or that does not exist", async function () {
      const f = await loadFixture(chargesFixture);
      const theirs = await gradedCore(f, "theirs", { holder: f.customer2 });
      const mine = await gradedCore(f, "mine");
      const { chargeId } = await heldCharge(f);
      await f.cores.connect(f.customer2).approve(f.chargesAddress, theirs);
      await expect(f.charges.connect(f.customer).settleCharge(chargeId, theirs))
        .to.be.revertedWithCustomError(f.charges, "CoreChargesNotCoreHolder")
        .withArgs(theirs, f.customer.address);
      await expect(f.charges.connect(f.customer).settleCharge(chargeId, mine))
        .to.be.revertedWithCustomError(f.cores, "ERC721InsufficientApproval")
        .withArgs(f.chargesAddress, mine);
      const unknown = 1234n;
      await expect(f.charges.connect(f.customer).settleCharge(chargeId, unknown))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotHeld")
        .withArgs(unknown, 0);
      await expectState(f, chargeId, ChargeState.Held);
      expect(await f.cores.ownerOf(mine)).to.equal(f.customer.address);
    });

    it("refuses a core of another specification and an ungraded core", async function () {
      const f = await loadFixture(chargesFixture);
      const other = await otherSpecCore(f, "other-spec");
      const ungraded = await returnAsCore(f, await soldPart(f, "ungraded"));
      const { chargeId } = await heldCharge(f);
      await f.cores.connect(f.customer).setApprovalForAll(f.chargesAddress, true);
      await expect(f.charges.connect(f.customer).settleCharge(chargeId, other))
        .to.be.revertedWithCustomError(f.charges, "CoreChargesSpecMismatch")
        .withArgs(other, SPEC, OTHER_SPEC);
      await expect(f.charges.connect(f.customer).settleCharge(chargeId, ungraded))
        .to.be.revertedWithCustomError(f.charges, "CoreChargesNotGraded")
        .withArgs(ungraded);
      await expectState(f, chargeId, ChargeState.Held);
      // A charge on a unit of OTHER_SPEC takes that core.
      const otherUnit = await make(f.parts, f.manufacturer2, "other-unit", { spec: OTHER_SPEC });
      const { chargeId: otherCharge } = await heldCharge(f, { unitPartId: otherUnit });
      await expect(f.charges.connect(f.customer).settleCharge(otherCharge, other))
        .to.emit(f.charges, "CoreChargeSettled")
        .withArgs(otherCharge, other, 1, AMOUNT, 0n);
    });

    it("takes the core until returnBy, refuses it a second later, and settles once", async function () {
      const f = await loadFixture(chargesFixture);
      const [a, b] = [await gradedCore(f, "on-time"), await gradedCore(f, "late")];
      const first = await heldCharge(f);
      const second = await heldCharge(f, { returnBy: first.returnBy });
      await f.cores.connect(f.customer).setApprovalForAll(f.chargesAddress, true);
      await time.setNextBlockTimestamp(first.returnBy);
      await expect(f.charges.connect(f.customer).settleCharge(first.chargeId, a)).to.emit(
        f.charges,
        "CoreChargeSettled",
      );
      await time.setNextBlockTimestamp(first.returnBy + 1);
      await expect(
        f.charges.connect(f.customer).settleCharge(second.chargeId, b, { gasLimit: 1_000_000 }),
      )
        .to.be.revertedWithCustomError(f.charges, "CoreChargesDeadlinePassed")
        .withArgs(second.chargeId, first.returnBy);
      expect(await time.latest()).to.equal(first.returnBy + 1);
      await expect(f.charges.connect(f.customer).settleCharge(first.chargeId, b))
        .to.be.revertedWithCustomError(f.charges, "CoreChargesInvalidState")
        .withArgs(first.chargeId, ChargeState.Settled, stateBitmap(ChargeState.Held));
      await expectConserved(f);
    });

    it("refuses a grade given by the seller or by the buyer, and takes a re-grade by another inspector", async function () {
      const f = await loadFixture(chargesFixture);
      // The inspector sells a unit and requires the deposit; it graded the customer's core.
      const coreId = await gradedCore(f, "graded-by-seller");
      const unitPartId = await soldPart(f, "inspector-unit");
      const returnBy = (await time.latest()) + RETURN_WINDOW;
      await f.charges
        .connect(f.inspector)
        .requireCharge(f.customer.address, unitPartId, f.usdcAddress, AMOUNT, returnBy, SCHEDULE);
      const sellerCharge = 1n;
      await f.charges.connect(f.customer).payCharge(sellerCharge);
      await f.cores.connect(f.customer).setApprovalForAll(f.chargesAddress, true);
      await expect(f.charges.connect(f.customer).settleCharge(sellerCharge, coreId))
        .to.be.revertedWithCustomError(f.charges, "CoreChargesConflictedGrader")
        .withArgs(coreId, f.inspector.address);
      // Another inspector's grade (the test lab's) counts instead.
      await f.cores.connect(f.testLab).grade(coreId, Outcome.Remanufacture, 3, docHash("regrade"));
      await expect(f.charges.connect(f.customer).settleCharge(sellerCharge, coreId))
        .to.emit(f.charges, "CoreChargeSettled")
        .withArgs(
          sellerCharge,
          coreId,
          3,
          (AMOUNT * 5_000n) / 10_000n,
          (AMOUNT * 5_000n) / 10_000n,
        );

      // The test lab graded a core, then holds it as the buyer of a charge.
      const labCore = await gradedCore(f, "graded-by-buyer");
      await f.cores.connect(f.testLab).grade(labCore, Outcome.Remanufacture, 1, docHash("lab"));
      await f.cores
        .connect(f.customer)
        .transferFrom(f.customer.address, f.testLab.address, labCore);
      await f.usdc.mint(f.testLab.address, AMOUNT);
      await f.usdc.connect(f.testLab).approve(f.chargesAddress, AMOUNT);
      const { chargeId } = await requiredCharge(f, { buyer: f.testLab.address });
      await f.charges.connect(f.testLab).payCharge(chargeId);
      await f.cores.connect(f.testLab).approve(f.chargesAddress, labCore);
      await expect(f.charges.connect(f.testLab).settleCharge(chargeId, labCore))
        .to.be.revertedWithCustomError(f.charges, "CoreChargesConflictedGrader")
        .withArgs(labCore, f.testLab.address);
      await expectState(f, chargeId, ChargeState.Held);
      await expectConserved(f);
    });

    it("refunds a core of recalled material as scrap, whatever grade it was given", async function () {
      const f = await loadFixture(chargesFixture);
      const partId = await make(f.parts, f.manufacturer, "recalled-core", {
        inputs: [{ batchId: f.mfgBatch, quantity: 1n }],
      });
      await conform(f, partId);
      await f.parts
        .connect(f.manufacturer)
        .transferFrom(f.manufacturer.address, f.customer.address, partId);
      await returnAsCore(f, partId);
      await f.cores.connect(f.inspector).grade(partId, Outcome.Remanufacture, 1, docHash("g1"));
      await f.parts.connect(f.producer).recallBatch(Number(f.rootBatch), docHash("recall"));
      const { chargeId } = await heldCharge(f);
      await expect(handIn(f, chargeId, partId))
        .to.emit(f.charges, "CoreChargeSettled")
        .withArgs(chargeId, partId, 5, 0n, AMOUNT);
      expect(await f.charges.owed(chargeId, f.manufacturer.address)).to.equal(AMOUNT);
      await expectConserved(f);
    });

    it("refuses a core already handed in against another charge", async function () {
      const f = await loadFixture(chargesFixture);
      const coreId = await gradedCore(f, "once");
      const first = await heldCharge(f);
      const second = await heldCharge(f);
      await handIn(f, first.chargeId, coreId);
      await expect(f.charges.connect(f.customer).settleCharge(second.chargeId, coreId))
        .to.be.revertedWithCustomError(f.charges, "CoreChargesNotCoreHolder")
        .withArgs(coreId, f.customer.address);
    });
  });

  describe("forfeitCharge", function () {
    it("lets anyone credit the seller once returnBy has passed", async function () {
      const f = await loadFixture(chargesFixture);
      const { chargeId, returnBy } = await heldCharge(f);
      await time.setNextBlockTimestamp(returnBy);
      await expect(f.charges.connect(f.stranger).forfeitCharge(chargeId, { gasLimit: 500_000 }))
        .to.be.revertedWithCustomError(f.charges, "CoreChargesNotYetDue")
        .withArgs(chargeId, returnBy);
      expect(await time.latest()).to.equal(returnBy);
      const tx = f.charges.connect(f.stranger).forfeitCharge(chargeId);
      await expect(tx).to.emit(f.charges, "CoreChargeForfeited").withArgs(chargeId, AMOUNT);
      await expect(tx).to.changeTokenBalances(ethers, f.usdc, [f.charges], [0n]);
      expect(await f.charges.owed(chargeId, f.manufacturer.address)).to.equal(AMOUNT);
      expect(await f.charges.owed(chargeId, f.customer.address)).to.equal(0n);
      await expectState(f, chargeId, ChargeState.Forfeited);
      await expectConserved(f);
      await expect(f.charges.connect(f.stranger).forfeitCharge(chargeId))
        .to.be.revertedWithCustomError(f.charges, "CoreChargesInvalidState")
        .withArgs(chargeId, ChargeState.Forfeited, stateBitmap(ChargeState.Held));
      const coreId = await gradedCore(f, "too-late");
      await f.cores.connect(f.customer).approve(f.chargesAddress, coreId);
      await expect(f.charges.connect(f.customer).settleCharge(chargeId, coreId))
        .to.be.revertedWithCustomError(f.charges, "CoreChargesInvalidState")
        .withArgs(chargeId, ChargeState.Forfeited, stateBitmap(ChargeState.Held));
    });

    it("refuses an unpaid, a settled and an unknown charge", async function () {
      const f = await loadFixture(chargesFixture);
      const unpaid = await requiredCharge(f);
      const settled = await heldCharge(f, { returnBy: unpaid.returnBy });
      await handIn(f, settled.chargeId, await gradedCore(f, "settled"));
      await time.increaseTo(unpaid.returnBy + 1);
      for (const [chargeId, state] of [
        [unpaid.chargeId, ChargeState.Required],
        [settled.chargeId, ChargeState.Settled],
      ] as const) {
        await expect(f.charges.connect(f.stranger).forfeitCharge(chargeId))
          .to.be.revertedWithCustomError(f.charges, "CoreChargesInvalidState")
          .withArgs(chargeId, state, stateBitmap(ChargeState.Held));
      }
      await expect(f.charges.connect(f.stranger).forfeitCharge(3n))
        .to.be.revertedWithCustomError(f.charges, "CoreChargesUnknownCharge")
        .withArgs(3n);
    });
  });

  describe("withdraw", function () {
    it("pays each side its credit on a charge, once", async function () {
      const f = await loadFixture(chargesFixture);
      const coreId = await gradedCore(f, "withdraw", { grade: 2 });
      const { chargeId } = await heldCharge(f);
      await handIn(f, chargeId, coreId);
      const refund = (AMOUNT * BigInt(SCHEDULE[1])) / 10_000n;
      const kept = AMOUNT - refund;

      const byBuyer = f.charges.connect(f.customer).withdraw(chargeId, f.customer.address);
      await expect(byBuyer)
        .to.emit(f.charges, "Withdrawn")
        .withArgs(chargeId, f.customer.address, f.customer.address, f.usdcAddress, refund);
      await expect(byBuyer).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.customer, f.charges],
        [refund, -refund],
      );
      expect(await f.charges.owed(chargeId, f.customer.address)).to.equal(0n);
      expect(await f.charges.liabilities(f.usdcAddress)).to.equal(kept);
      await expectConserved(f);

      // The seller sends its credit elsewhere.
      const bySeller = f.charges.connect(f.manufacturer).withdraw(chargeId, f.stranger.address);
      await expect(bySeller)
        .to.emit(f.charges, "Withdrawn")
        .withArgs(chargeId, f.manufacturer.address, f.stranger.address, f.usdcAddress, kept);
      await expect(bySeller).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.stranger, f.manufacturer, f.charges],
        [kept, 0n, -kept],
      );
      expect(await f.charges.liabilities(f.usdcAddress)).to.equal(0n);
      await expectConserved(f);

      for (const account of [f.customer, f.manufacturer]) {
        await expect(f.charges.connect(account).withdraw(chargeId, account.address))
          .to.be.revertedWithCustomError(f.charges, "CoreChargesNothingOwed")
          .withArgs(chargeId, account.address);
      }
    });

    it("keeps credits per charge", async function () {
      const f = await loadFixture(chargesFixture);
      const first = await heldCharge(f);
      const second = await heldCharge(f, { returnBy: first.returnBy });
      await time.increaseTo(first.returnBy + 1);
      await f.charges.forfeitCharge(first.chargeId);
      await f.charges.forfeitCharge(second.chargeId);
      await expect(
        f.charges.connect(f.manufacturer).withdraw(first.chargeId, f.manufacturer.address),
      ).to.changeTokenBalances(ethers, f.usdc, [f.manufacturer], [AMOUNT]);
      await expect(
        f.charges.connect(f.manufacturer).withdraw(first.chargeId, f.manufacturer.address),
      )
        .to.be.revertedWithCustomError(f.charges, "CoreChargesNothingOwed")
        .withArgs(first.chargeId, f.manufacturer.address);
      expect(await f.charges.owed(second.chargeId, f.manufacturer.address)).to.equal(AMOUNT);
      expect(await f.charges.liabilities(f.usdcAddress)).to.equal(AMOUNT);
      await expectConserved(f);
    });

    it("refuses nothing owed, a zero recipient and an unknown charge", async function () {
      const f = await loadFixture(chargesFixture);
      const { chargeId } = await heldCharge(f);
      // A held deposit is owed to nobody yet.
      for (const account of [f.customer, f.manufacturer, f.stranger]) {
        await expect(f.charges.connect(account).withdraw(chargeId, account.address))
          .to.be.revertedWithCustomError(f.charges, "CoreChargesNothingOwed")
          .withArgs(chargeId, account.address);
      }
      await handIn(f, chargeId, await gradedCore(f, "zero-to"));
      await expect(
        f.charges.connect(f.customer).withdraw(chargeId, ZERO_ADDRESS),
      ).to.be.revertedWithCustomError(f.charges, "CoreChargesMissingInput");
      await expect(f.charges.connect(f.customer).withdraw(2n, f.customer.address))
        .to.be.revertedWithCustomError(f.charges, "CoreChargesUnknownCharge")
        .withArgs(2n);
      await expectConserved(f);
    });

    it("a blocklisted seller does not block the buyer's refund", async function () {
      const f = await loadFixture(chargesFixture);
      const busdAddress = await f.busd.getAddress();
      const { chargeId } = await heldCharge(f, { token: busdAddress });
      await handIn(f, chargeId, await gradedCore(f, "blocklist", { grade: 3 }));
      const refund = (AMOUNT * BigInt(SCHEDULE[2])) / 10_000n;
      await f.busd.blocklist(f.manufacturer.address);

      await expect(f.charges.connect(f.manufacturer).withdraw(chargeId, f.manufacturer.address))
        .to.be.revertedWithCustomError(f.busd, "BlocklistTokenMockBlocked")
        .withArgs(f.manufacturer.address);
      await expect(
        f.charges.connect(f.customer).withdraw(chargeId, f.customer.address),
      ).to.changeTokenBalances(ethers, f.busd, [f.customer, f.charges], [refund, -refund]);
      // The seller's credit stays held, and conserved, until it can receive.
      expect(await f.charges.owed(chargeId, f.manufacturer.address)).to.equal(AMOUNT - refund);
      expect(await f.charges.liabilities(busdAddress)).to.equal(AMOUNT - refund);
      await expectConserved(f, f.busd);
      // Or it sends the credit to an account that can receive it.
      await expect(f.charges.connect(f.manufacturer).withdraw(chargeId, f.stranger.address))
        .to.emit(f.charges, "Withdrawn")
        .withArgs(
          chargeId,
          f.manufacturer.address,
          f.stranger.address,
          busdAddress,
          AMOUNT - refund,
        );
      expect(await f.busd.balanceOf(f.stranger.address)).to.equal(AMOUNT - refund);
      expect(await f.charges.liabilities(busdAddress)).to.equal(0n);
      await expectConserved(f, f.busd);
    });
  });

  describe("conservation and reentrancy", function () {
    it("liabilities equal the balance after every step, per token", async function () {
      const f = await loadFixture(chargesFixture);
      const busdAddress = await f.busd.getAddress();
      const step = async () => expectConserved(f, f.usdc, f.busd);
      const a = await heldCharge(f);
      await step();
      const b = await heldCharge(f, { token: busdAddress, returnBy: a.returnBy });
      await step();
      const c = await requiredCharge(f, { returnBy: a.returnBy });
      await f.charges.connect(f.customer).payCharge(c.chargeId);
      await step();
      await handIn(f, a.chargeId, await gradedCore(f, "conserve", { grade: 4 }));
      await step();
      await f.charges.connect(f.customer).withdraw(a.chargeId, f.customer.address);
      await step();
      await time.increaseTo(a.returnBy + 1);
      await f.charges.forfeitCharge(b.chargeId);
      await step();
      await f.charges.forfeitCharge(c.chargeId);
      await step();
      await f.charges.connect(f.manufacturer).withdraw(b.chargeId, f.manufacturer.address);
      await step();
      await f.charges.connect(f.manufacturer).withdraw(a.chargeId, f.manufacturer.address);
      await step();
      expect(await f.charges.liabilities(f.usdcAddress)).to.equal(AMOUNT);
      expect(await f.charges.liabilities(busdAddress)).to.equal(0n);
      await f.charges.connect(f.manufacturer).withdraw(c.chargeId, f.manufacturer.address);
      await step();
      expect(await f.charges.liabilities(f.usdcAddress)).to.equal(0n);
    });

    it("a reentrant token cannot enter withdraw or settle while a deposit is paid in", async function () {
      const f = await loadFixture(chargesFixture);
      const token = await f.reentrant.getAddress();
      const coreId = await gradedCore(f, "reentrant-pay");
      const settled = await heldCharge(f, { token });
      await handIn(f, settled.chargeId, coreId);
      const other = await heldCharge(f, { token });
      const spare = await gradedCore(f, "spare");
      await f.cores.connect(f.customer).approve(f.chargesAddress, spare);
      const attacks = [
        f.charges.interface.encodeFunctionData("withdraw", [settled.chargeId, f.stranger.address]),
        f.charges.interface.encodeFunctionData("settleCharge", [other.chargeId, spare]),
        f.charges.interface.encodeFunctionData("payCharge", [other.chargeId]),
      ];
      for (const data of attacks) {
        const { chargeId } = await requiredCharge(f, { token });
        await f.reentrant.arm(f.chargesAddress, data);
        await expect(f.charges.connect(f.customer).payCharge(chargeId))
          .to.emit(f.charges, "CoreChargePaid")
          .withArgs(chargeId, f.customer.address, AMOUNT);
        await expectGuardRefused(f);
        await expectConserved(f, f.reentrant);
      }
      expect(await f.charges.owed(settled.chargeId, f.customer.address)).to.equal(
        (AMOUNT * BigInt(SCHEDULE[1])) / 10_000n,
      );
      await expectState(f, other.chargeId, ChargeState.Held);
    });

    it("a reentrant token cannot enter withdraw, pay or settle during a withdrawal", async function () {
      const f = await loadFixture(chargesFixture);
      const token = await f.reentrant.getAddress();
      const coreId = await gradedCore(f, "reentrant-withdraw", { grade: 1 });
      const settled = await heldCharge(f, { token });
      await handIn(f, settled.chargeId, coreId);
      const unpaid = await requiredCharge(f, { token });
      const held = await heldCharge(f, { token });
      const spare = await gradedCore(f, "spare");
      await f.cores.connect(f.customer).approve(f.chargesAddress, spare);
      const attacks = [
        f.charges.interface.encodeFunctionData("withdraw", [settled.chargeId, f.stranger.address]),
        f.charges.interface.encodeFunctionData("payCharge", [unpaid.chargeId]),
        f.charges.interface.encodeFunctionData("settleCharge", [held.chargeId, spare]),
      ];
      // Grade 1 refunds the whole deposit to the buyer; the attack rides on its withdrawal.
      await f.reentrant.arm(f.chargesAddress, attacks[0] ?? "0x");
      await expect(f.charges.connect(f.customer).withdraw(settled.chargeId, f.customer.address))
        .to.emit(f.charges, "Withdrawn")
        .withArgs(settled.chargeId, f.customer.address, f.customer.address, token, AMOUNT);
      await expectGuardRefused(f);
      await expectConserved(f, f.reentrant);
      // The other two ride on withdrawals of forfeited deposits.
      await time.increaseTo(held.returnBy + 1);
      for (const data of attacks.slice(1)) {
        const extra = await heldCharge(f, { token, returnBy: (await time.latest()) + DAY });
        await time.increase(DAY + 1);
        await f.charges.forfeitCharge(extra.chargeId);
        await f.reentrant.arm(f.chargesAddress, data);
        await expect(
          f.charges.connect(f.manufacturer).withdraw(extra.chargeId, f.manufacturer.address),
        ).to.emit(f.charges, "Withdrawn");
        await expectGuardRefused(f);
        await expectConserved(f, f.reentrant);
      }
      await expectState(f, unpaid.chargeId, ChargeState.Required);
      await expectState(f, held.chargeId, ChargeState.Held);
    });
  });
});
