import { expect } from "chai";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkConnection } from "hardhat/types/network";
import { Role, roleSet, stateBitmap } from "../helpers/roles.js";
import {
  ClaimState,
  DAY,
  deployCircularFixture,
  docHash,
  gradedCore,
  make,
  NEW_PART_WARRANTY,
  OTHER_SPEC,
  Outcome,
  soldPart,
  SPEC,
} from "./fixture.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

const ZERO_HASH = ethers.ZeroHash;
const ZERO_ADDRESS = ethers.ZeroAddress;
const RESPONSE_TIME = 30 * DAY;
const TERMS = docHash("warranty-terms:reman-bracket");
const EVIDENCE = docHash("claim-evidence:crack-photos");
const REASON = docHash("claim-answer:inspection-report");
const RULING = docHash("claim-ruling:arbiter-report");
/** The warranty the fixture's stand-in issues on a repaired part: 180 days. */
const DURATION = 180 * DAY;

/**
 * The circular fixture plus a second active arbiter and a second warranty registry (`direct`)
 * whose "core registry" is a plain account (`coreStandIn`), so that warranties can be issued on
 * any part directly (its new-part warranty of {SPEC} set as in the fixture). The remanufacturer is
 * the issuer of `direct`'s warranties.
 */
async function warrantiesFixture(connection: NetworkConnection) {
  const f = await deployCircularFixture(connection);
  const signers = await ethers.getSigners();
  const arbiter2 = signers[18];
  const coreStandIn = signers[19];
  if (arbiter2 === undefined || coreStandIn === undefined) {
    throw new Error("the fixture needs 20 signers");
  }
  await f.participantRegistry
    .connect(f.registrar)
    .accredit(
      arbiter2.address,
      roleSet(Role.Arbiter),
      f.accreditedUntil,
      docHash("accreditation:arbiter2"),
    );
  const direct = await ethers.deployContract(
    "WarrantyRegistry",
    [f.participantsAddress, f.partsAddress],
    f.deployer,
  );
  await direct.connect(f.deployer).completeSetup(coreStandIn.address);
  await direct.connect(f.manufacturer).setNewPartWarranty(SPEC, NEW_PART_WARRANTY);
  return { ...f, arbiter2, coreStandIn, direct };
}

type Fixture = Awaited<ReturnType<typeof warrantiesFixture>>;

/**
 * A part of {SPEC} sold to the customer, with a {DURATION} repair warranty issued by the
 * remanufacturer through `direct`. Returns the part id and the warranty's end.
 */
async function warrantedPart(f: Fixture, label: string): Promise<{ partId: bigint; end: number }> {
  const partId = await soldPart(f, label);
  await f.direct
    .connect(f.coreStandIn)
    .issue(partId, SPEC, f.remanufacturer.address, Outcome.Repair, DURATION, TERMS);
  const w = await f.direct.warranty(partId);
  return { partId, end: Number(w.start) + Number(w.duration) };
}

/** The customer files a claim on a warranted part; returns its id, part and filing time. */
async function filedClaim(
  f: Fixture,
  label: string,
): Promise<{ claimId: bigint; partId: bigint; filedAt: number }> {
  const { partId } = await warrantedPart(f, label);
  const claimId = await f.direct.connect(f.customer).fileClaim.staticCall(partId, EVIDENCE);
  await f.direct.connect(f.customer).fileClaim(partId, EVIDENCE);
  return { claimId, partId, filedAt: Number((await f.direct.claim(claimId)).filedAt) };
}

/** A claim the issuer rejected and the customer took to the arbiter. */
async function escalatedClaim(f: Fixture, label: string) {
  const c = await filedClaim(f, label);
  await f.direct.connect(f.remanufacturer).answerClaim(c.claimId, false, REASON);
  await f.direct.connect(f.customer).escalateClaim(c.claimId, f.arbiter.address);
  return c;
}

async function expectState(f: Fixture, claimId: bigint, state: number): Promise<void> {
  expect((await f.direct.claim(claimId)).state).to.equal(BigInt(state));
}

async function suspend(f: Fixture, account: HardhatEthersSigner): Promise<void> {
  await f.participantRegistry.connect(f.registrar).suspend(account.address, docHash("suspension"));
}

describe("WarrantyRegistry", function () {
  describe("deployment and setup", function () {
    it("refuses a zero participant or part registry", async function () {
      const f = await loadFixture(warrantiesFixture);
      const factory = await ethers.getContractFactory("WarrantyRegistry");
      await expect(factory.deploy(ZERO_ADDRESS, f.partsAddress)).to.be.revertedWithCustomError(
        f.warranties,
        "WarrantyRegistryMissingInput",
      );
      await expect(
        factory.deploy(f.participantsAddress, ZERO_ADDRESS),
      ).to.be.revertedWithCustomError(f.warranties, "WarrantyRegistryMissingInput");
    });

    it("is wired to the core registry, with a 30-day response time", async function () {
      const f = await loadFixture(warrantiesFixture);
      expect(await f.warranties.coreRegistry()).to.equal(f.coresAddress);
      expect(await f.warranties.participants()).to.equal(f.participantsAddress);
      expect(await f.warranties.parts()).to.equal(f.partsAddress);
      expect(await f.warranties.RESPONSE_TIME()).to.equal(BigInt(RESPONSE_TIME));
    });

    it("lets only the deployer complete setup, once, with a non-zero address", async function () {
      const f = await loadFixture(warrantiesFixture);
      await expect(
        f.warranties.connect(f.deployer).completeSetup(f.stranger.address),
      ).to.be.revertedWithCustomError(f.warranties, "WarrantyRegistrySetupClosed");

      const fresh = await ethers.deployContract(
        "WarrantyRegistry",
        [f.participantsAddress, f.partsAddress],
        f.deployer,
      );
      expect(await fresh.coreRegistry()).to.equal(ZERO_ADDRESS);
      await expect(
        fresh.connect(f.stranger).completeSetup(f.coresAddress),
      ).to.be.revertedWithCustomError(fresh, "WarrantyRegistrySetupClosed");
      await expect(
        fresh.connect(f.deployer).completeSetup(ZERO_ADDRESS),
      ).to.be.revertedWithCustomError(fresh, "WarrantyRegistryMissingInput");
      await fresh.connect(f.deployer).completeSetup(f.coresAddress);
      expect(await fresh.coreRegistry()).to.equal(f.coresAddress);
      await expect(
        fresh.connect(f.deployer).completeSetup(f.stranger.address),
      ).to.be.revertedWithCustomError(fresh, "WarrantyRegistrySetupClosed");
    });
  });

  describe("setNewPartWarranty and minimumWarranty", function () {
    it("lets the specification's owner set it", async function () {
      const f = await loadFixture(warrantiesFixture);
      expect(await f.warranties.newPartWarranty(SPEC)).to.equal(BigInt(NEW_PART_WARRANTY));
      await expect(
        f.warranties.connect(f.manufacturer).setNewPartWarranty(SPEC, 2 * NEW_PART_WARRANTY),
      )
        .to.emit(f.warranties, "NewPartWarrantySet")
        .withArgs(SPEC, f.manufacturer.address, 2 * NEW_PART_WARRANTY);
      expect(await f.warranties.newPartWarranty(SPEC)).to.equal(BigInt(2 * NEW_PART_WARRANTY));

      expect(await f.warranties.newPartWarranty(OTHER_SPEC)).to.equal(0n);
      await expect(f.warranties.connect(f.manufacturer2).setNewPartWarranty(OTHER_SPEC, DAY))
        .to.emit(f.warranties, "NewPartWarrantySet")
        .withArgs(OTHER_SPEC, f.manufacturer2.address, DAY);
      expect(await f.warranties.newPartWarranty(OTHER_SPEC)).to.equal(BigInt(DAY));
    });

    it("refuses anyone but the owner, a zero or unknown specification", async function () {
      const f = await loadFixture(warrantiesFixture);
      for (const caller of [f.manufacturer2, f.remanufacturer, f.deployer, f.stranger]) {
        await expect(f.warranties.connect(caller).setNewPartWarranty(SPEC, DAY))
          .to.be.revertedWithCustomError(f.warranties, "WarrantyRegistryNotSpecOwner")
          .withArgs(SPEC, caller.address);
      }
      for (const spec of [ZERO_HASH, docHash("spec:unknown")]) {
        await expect(f.warranties.connect(f.manufacturer).setNewPartWarranty(spec, DAY))
          .to.be.revertedWithCustomError(f.warranties, "WarrantyRegistryNotSpecOwner")
          .withArgs(spec, f.manufacturer.address);
      }
      expect(await f.warranties.newPartWarranty(SPEC)).to.equal(BigInt(NEW_PART_WARRANTY));
    });

    it("refuses an owner that is not an active manufacturer, and a zero duration", async function () {
      const f = await loadFixture(warrantiesFixture);
      await expect(
        f.warranties.connect(f.manufacturer).setNewPartWarranty(SPEC, 0),
      ).to.be.revertedWithCustomError(f.warranties, "WarrantyRegistryMissingInput");
      await suspend(f, f.manufacturer);
      await expect(f.warranties.connect(f.manufacturer).setNewPartWarranty(SPEC, DAY))
        .to.be.revertedWithCustomError(f.warranties, "WarrantyRegistryNotAccredited")
        .withArgs(f.manufacturer.address);
    });

    it("gives the full warranty to a remanufactured unit, a half and a quarter to the others", async function () {
      const f = await loadFixture(warrantiesFixture);
      const full = NEW_PART_WARRANTY + 3; // rounding down: 3/2 and 3/4 of a second are lost
      await f.warranties.connect(f.manufacturer).setNewPartWarranty(SPEC, full);
      expect(await f.warranties.minimumWarranty(SPEC, Outcome.Remanufacture)).to.equal(
        BigInt(full),
      );
      expect(await f.warranties.minimumWarranty(SPEC, Outcome.Recondition)).to.equal(
        BigInt(NEW_PART_WARRANTY / 2 + 1),
      );
      expect(await f.warranties.minimumWarranty(SPEC, Outcome.Repair)).to.equal(
        BigInt(NEW_PART_WARRANTY / 4),
      );
      // No new-part warranty set: no floor to measure against, so no remanufactured warranty.
      for (const outcome of [Outcome.Remanufacture, Outcome.Repair]) {
        await expect(f.warranties.minimumWarranty(OTHER_SPEC, outcome))
          .to.be.revertedWithCustomError(f.warranties, "WarrantyRegistryNoNewPartWarranty")
          .withArgs(OTHER_SPEC);
      }
      for (const outcome of [Outcome.RecycleOnly, Outcome.None]) {
        await expect(f.warranties.minimumWarranty(SPEC, outcome))
          .to.be.revertedWithCustomError(f.warranties, "WarrantyRegistryNoWarrantyFor")
          .withArgs(outcome);
      }
    });
  });

  describe("issue", function () {
    it("refuses every caller but the core registry", async function () {
      const f = await loadFixture(warrantiesFixture);
      const partId = await soldPart(f, "not-core");
      for (const caller of [f.remanufacturer, f.manufacturer, f.deployer, f.stranger]) {
        await expect(
          f.warranties
            .connect(caller)
            .issue(partId, SPEC, caller.address, Outcome.Remanufacture, NEW_PART_WARRANTY, TERMS),
        )
          .to.be.revertedWithCustomError(f.warranties, "WarrantyRegistryNotCoreRegistry")
          .withArgs(caller.address);
      }
      expect((await f.warranties.warranty(partId)).start).to.equal(0n);
    });

    it("is issued at remanufacture, at least the outcome's minimum", async function () {
      const f = await loadFixture(warrantiesFixture);
      await f.licences
        .connect(f.manufacturer)
        .grantLicence(
          SPEC,
          f.remanufacturer.address,
          10,
          90 * DAY,
          (await time.latest()) + 300 * DAY,
          ZERO_ADDRESS,
          0,
          docHash("data-package"),
        );
      const minimum = NEW_PART_WARRANTY / 2;
      const coreId = await gradedCore(f, "recondition", { outcome: Outcome.Recondition });
      await f.cores
        .connect(f.customer)
        .transferFrom(f.customer.address, f.remanufacturer.address, coreId);
      const newPartId = await make(f.parts, f.remanufacturer, "reconditioned");
      const byReman = f.cores.connect(f.remanufacturer);
      await expect(byReman.remanufacture(coreId, newPartId, minimum - 1, TERMS))
        .to.be.revertedWithCustomError(f.warranties, "WarrantyRegistryTooShort")
        .withArgs(minimum - 1, minimum);
      await expect(
        byReman.remanufacture(coreId, newPartId, minimum, ZERO_HASH),
      ).to.be.revertedWithCustomError(f.warranties, "WarrantyRegistryMissingInput");

      const start = (await time.latest()) + 10;
      await time.setNextBlockTimestamp(start);
      await expect(byReman.remanufacture(coreId, newPartId, minimum, TERMS))
        .to.emit(f.warranties, "WarrantyIssued")
        .withArgs(newPartId, f.remanufacturer.address, Outcome.Recondition, start, minimum, TERMS);
      expect([...(await f.warranties.warranty(newPartId))]).to.deep.equal([
        f.remanufacturer.address,
        BigInt(start),
        BigInt(minimum),
        BigInt(Outcome.Recondition),
        TERMS,
      ]);
    });

    it("refuses an outcome without a warranty, a zero duration or terms, and a second warranty", async function () {
      const f = await loadFixture(warrantiesFixture);
      const partId = await soldPart(f, "direct");
      const byCore = f.direct.connect(f.coreStandIn);
      const reman = f.remanufacturer.address;
      for (const outcome of [Outcome.RecycleOnly, Outcome.None]) {
        await expect(byCore.issue(partId, SPEC, reman, outcome, DURATION, TERMS))
          .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryNoWarrantyFor")
          .withArgs(outcome);
      }
      await expect(
        byCore.issue(partId, SPEC, reman, Outcome.Repair, NEW_PART_WARRANTY / 4 - 1, TERMS),
      )
        .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryTooShort")
        .withArgs(NEW_PART_WARRANTY / 4 - 1, NEW_PART_WARRANTY / 4);
      await expect(
        byCore.issue(partId, SPEC, reman, Outcome.Repair, 0, TERMS),
      ).to.be.revertedWithCustomError(f.direct, "WarrantyRegistryMissingInput");
      // OTHER_SPEC's owner never set a new part's warranty: there is no floor to issue against.
      await expect(byCore.issue(partId, OTHER_SPEC, reman, Outcome.Repair, DURATION, TERMS))
        .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryNoNewPartWarranty")
        .withArgs(OTHER_SPEC);
      await expect(
        byCore.issue(partId, SPEC, reman, Outcome.Repair, DURATION, ZERO_HASH),
      ).to.be.revertedWithCustomError(f.direct, "WarrantyRegistryMissingInput");

      await expect(byCore.issue(partId, SPEC, reman, Outcome.Repair, NEW_PART_WARRANTY / 4, TERMS))
        .to.emit(f.direct, "WarrantyIssued")
        .withArgs(
          partId,
          reman,
          Outcome.Repair,
          (await time.latest()) + 1,
          NEW_PART_WARRANTY / 4,
          TERMS,
        );
      await expect(
        byCore.issue(partId, SPEC, reman, Outcome.Remanufacture, NEW_PART_WARRANTY, TERMS),
      )
        .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryExists")
        .withArgs(partId);
      expect((await f.direct.warranty(partId)).outcome).to.equal(BigInt(Outcome.Repair));
    });

    it("reads a zero warranty for a part without one", async function () {
      const f = await loadFixture(warrantiesFixture);
      expect([...(await f.direct.warranty(12345n))]).to.deep.equal([
        ZERO_ADDRESS,
        0n,
        0n,
        0n,
        ZERO_HASH,
      ]);
    });
  });

  describe("fileClaim", function () {
    it("lets the part's owner file a claim with evidence", async function () {
      const f = await loadFixture(warrantiesFixture);
      const { partId } = await warrantedPart(f, "claim");
      const filedAt = (await time.latest()) + 10;
      await time.setNextBlockTimestamp(filedAt);
      await expect(f.direct.connect(f.customer).fileClaim(partId, EVIDENCE))
        .to.emit(f.direct, "ClaimFiled")
        .withArgs(1n, partId, f.customer.address, EVIDENCE);
      expect([...(await f.direct.claim(1n))]).to.deep.equal([
        partId,
        f.customer.address,
        BigInt(filedAt),
        BigInt(ClaimState.Filed),
        ZERO_ADDRESS,
      ]);
      // A second claim on the same part gets the next id.
      await expect(f.direct.connect(f.customer).fileClaim(partId, EVIDENCE))
        .to.emit(f.direct, "ClaimFiled")
        .withArgs(2n, partId, f.customer.address, EVIDENCE);
    });

    it("refuses a part without a warranty, anyone but its owner, and no evidence", async function () {
      const f = await loadFixture(warrantiesFixture);
      const bare = await soldPart(f, "bare");
      await expect(f.direct.connect(f.customer).fileClaim(bare, EVIDENCE))
        .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryNoWarranty")
        .withArgs(bare);
      const { partId } = await warrantedPart(f, "owned");
      for (const caller of [f.remanufacturer, f.manufacturer, f.stranger]) {
        await expect(f.direct.connect(caller).fileClaim(partId, EVIDENCE))
          .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryNotPartOwner")
          .withArgs(partId, caller.address);
      }
      await expect(
        f.direct.connect(f.customer).fileClaim(partId, ZERO_HASH),
      ).to.be.revertedWithCustomError(f.direct, "WarrantyRegistryMissingInput");
    });

    it("follows the part: its next owner files, the previous one no longer", async function () {
      const f = await loadFixture(warrantiesFixture);
      const { partId } = await warrantedPart(f, "resold");
      await f.parts
        .connect(f.customer)
        .transferFrom(f.customer.address, f.customer2.address, partId);
      await expect(f.direct.connect(f.customer).fileClaim(partId, EVIDENCE))
        .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryNotPartOwner")
        .withArgs(partId, f.customer.address);
      await expect(f.direct.connect(f.customer2).fileClaim(partId, EVIDENCE))
        .to.emit(f.direct, "ClaimFiled")
        .withArgs(1n, partId, f.customer2.address, EVIDENCE);
    });

    it("takes a claim at the term's last second and refuses one a second later", async function () {
      const f = await loadFixture(warrantiesFixture);
      const { partId, end } = await warrantedPart(f, "term");
      await time.setNextBlockTimestamp(end);
      await expect(f.direct.connect(f.customer).fileClaim(partId, EVIDENCE))
        .to.emit(f.direct, "ClaimFiled")
        .withArgs(1n, partId, f.customer.address, EVIDENCE);
      await time.setNextBlockTimestamp(end + 1);
      // A gas limit, so that the transaction is mined at that second rather than only estimated.
      await expect(f.direct.connect(f.customer).fileClaim(partId, EVIDENCE, { gasLimit: 500_000 }))
        .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryExpired")
        .withArgs(partId, end);
      expect(await time.latest()).to.equal(end + 1);
    });
  });

  describe("answerClaim", function () {
    it("lets the issuer accept or reject a filed claim, once", async function () {
      const f = await loadFixture(warrantiesFixture);
      const a = await filedClaim(f, "accept");
      const r = await filedClaim(f, "reject");
      const byIssuer = f.direct.connect(f.remanufacturer);
      await expect(byIssuer.answerClaim(a.claimId, true, REASON))
        .to.emit(f.direct, "ClaimAnswered")
        .withArgs(a.claimId, a.partId, true, REASON);
      await expectState(f, a.claimId, ClaimState.Accepted);
      await expect(byIssuer.answerClaim(r.claimId, false, REASON))
        .to.emit(f.direct, "ClaimAnswered")
        .withArgs(r.claimId, r.partId, false, REASON);
      await expectState(f, r.claimId, ClaimState.Rejected);
      for (const [c, state] of [
        [a, ClaimState.Accepted],
        [r, ClaimState.Rejected],
      ] as const) {
        await expect(byIssuer.answerClaim(c.claimId, true, REASON))
          .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryInvalidClaimState")
          .withArgs(c.claimId, state, stateBitmap(ClaimState.Filed));
      }
    });

    it("lets the issuer answer late, while nobody has escalated", async function () {
      const f = await loadFixture(warrantiesFixture);
      const c = await filedClaim(f, "late");
      await time.increase(RESPONSE_TIME + DAY);
      await expect(f.direct.connect(f.remanufacturer).answerClaim(c.claimId, true, REASON))
        .to.emit(f.direct, "ClaimAnswered")
        .withArgs(c.claimId, c.partId, true, REASON);
    });

    it("refuses anyone but the issuer, a suspended issuer, no reason and an escalated claim", async function () {
      const f = await loadFixture(warrantiesFixture);
      const c = await filedClaim(f, "answer");
      for (const caller of [f.customer, f.arbiter, f.manufacturer, f.coreStandIn]) {
        await expect(f.direct.connect(caller).answerClaim(c.claimId, true, REASON))
          .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryNotAllowed")
          .withArgs(c.claimId, caller.address);
      }
      await expect(
        f.direct.connect(f.remanufacturer).answerClaim(c.claimId, true, ZERO_HASH),
      ).to.be.revertedWithCustomError(f.direct, "WarrantyRegistryMissingInput");
      await expect(f.direct.connect(f.remanufacturer).answerClaim(99n, true, REASON))
        .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryUnknownClaim")
        .withArgs(99n);

      await suspend(f, f.remanufacturer);
      await expect(f.direct.connect(f.remanufacturer).answerClaim(c.claimId, true, REASON))
        .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryNotAccredited")
        .withArgs(f.remanufacturer.address);
      await f.participantRegistry.connect(f.registrar).reinstate(f.remanufacturer.address);

      const e = await escalatedClaim(f, "escalated");
      await expect(f.direct.connect(f.remanufacturer).answerClaim(e.claimId, true, REASON))
        .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryInvalidClaimState")
        .withArgs(e.claimId, ClaimState.Escalated, stateBitmap(ClaimState.Filed));
    });
  });

  describe("escalateClaim", function () {
    it("takes a rejected claim to an arbiter at once", async function () {
      const f = await loadFixture(warrantiesFixture);
      const c = await filedClaim(f, "rejected");
      await f.direct.connect(f.remanufacturer).answerClaim(c.claimId, false, REASON);
      await expect(f.direct.connect(f.customer).escalateClaim(c.claimId, f.arbiter.address))
        .to.emit(f.direct, "ClaimEscalated")
        .withArgs(c.claimId, c.partId, f.arbiter.address);
      const claim = await f.direct.claim(c.claimId);
      expect([claim.state, claim.arbiter]).to.deep.equal([
        BigInt(ClaimState.Escalated),
        f.arbiter.address,
      ]);
      await expect(f.direct.connect(f.customer).escalateClaim(c.claimId, f.arbiter2.address))
        .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryInvalidClaimState")
        .withArgs(
          c.claimId,
          ClaimState.Escalated,
          stateBitmap(ClaimState.Filed, ClaimState.Rejected),
        );
    });

    it("takes a rejected claim even after the warranty's term", async function () {
      const f = await loadFixture(warrantiesFixture);
      const c = await filedClaim(f, "rejected-late");
      await f.direct.connect(f.remanufacturer).answerClaim(c.claimId, false, REASON);
      await time.increase(DURATION + RESPONSE_TIME);
      await expect(f.direct.connect(f.customer).escalateClaim(c.claimId, f.arbiter2.address))
        .to.emit(f.direct, "ClaimEscalated")
        .withArgs(c.claimId, c.partId, f.arbiter2.address);
    });

    it("takes an unanswered claim only once the response time has passed", async function () {
      const f = await loadFixture(warrantiesFixture);
      const c = await filedClaim(f, "unanswered");
      const answerBy = c.filedAt + RESPONSE_TIME;
      await expect(f.direct.connect(f.customer).escalateClaim(c.claimId, f.arbiter.address))
        .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryAwaitingAnswer")
        .withArgs(c.claimId, answerBy);
      await time.setNextBlockTimestamp(answerBy);
      // A gas limit, so that the transaction is mined at that second rather than only estimated.
      await expect(
        f.direct
          .connect(f.customer)
          .escalateClaim(c.claimId, f.arbiter.address, { gasLimit: 500_000 }),
      )
        .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryAwaitingAnswer")
        .withArgs(c.claimId, answerBy);
      expect(await time.latest()).to.equal(answerBy);
      await expect(f.direct.connect(f.customer).escalateClaim(c.claimId, f.arbiter.address))
        .to.emit(f.direct, "ClaimEscalated")
        .withArgs(c.claimId, c.partId, f.arbiter.address);
      await expectState(f, c.claimId, ClaimState.Escalated);
    });

    it("refuses anyone but the claimant, an accepted claim and an unknown one", async function () {
      const f = await loadFixture(warrantiesFixture);
      const c = await filedClaim(f, "claimant");
      await f.direct.connect(f.remanufacturer).answerClaim(c.claimId, false, REASON);
      for (const caller of [f.remanufacturer, f.arbiter, f.customer2, f.stranger]) {
        await expect(f.direct.connect(caller).escalateClaim(c.claimId, f.arbiter.address))
          .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryNotAllowed")
          .withArgs(c.claimId, caller.address);
      }
      const a = await filedClaim(f, "accepted");
      await f.direct.connect(f.remanufacturer).answerClaim(a.claimId, true, REASON);
      await expect(f.direct.connect(f.customer).escalateClaim(a.claimId, f.arbiter.address))
        .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryInvalidClaimState")
        .withArgs(
          a.claimId,
          ClaimState.Accepted,
          stateBitmap(ClaimState.Filed, ClaimState.Rejected, ClaimState.Escalated),
        );
      await expect(f.direct.connect(f.customer).escalateClaim(0n, f.arbiter.address))
        .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryUnknownClaim")
        .withArgs(0n);
    });

    it("refuses an arbiter that is not active, or is the claimant or the issuer", async function () {
      const f = await loadFixture(warrantiesFixture);
      const c = await filedClaim(f, "arbiters");
      await f.direct.connect(f.remanufacturer).answerClaim(c.claimId, false, REASON);
      // The claimant and the issuer are accredited arbiters too, and still refused.
      await f.participantRegistry
        .connect(f.registrar)
        .setRoles(f.customer.address, roleSet(Role.Customer, Role.Arbiter));
      await f.participantRegistry
        .connect(f.registrar)
        .setRoles(f.remanufacturer.address, roleSet(Role.Remanufacturer, Role.Arbiter));
      await suspend(f, f.arbiter2);
      for (const arbiter of [
        f.customer.address,
        f.remanufacturer.address,
        f.arbiter2.address,
        f.stranger.address,
        f.inspector.address,
        ZERO_ADDRESS,
      ]) {
        await expect(f.direct.connect(f.customer).escalateClaim(c.claimId, arbiter))
          .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryInvalidArbiter")
          .withArgs(arbiter);
      }
      await expectState(f, c.claimId, ClaimState.Rejected);
    });
  });

  describe("ruleClaim", function () {
    it("lets the named arbiter uphold or dismiss, finally", async function () {
      const f = await loadFixture(warrantiesFixture);
      const u = await escalatedClaim(f, "upheld");
      const d = await escalatedClaim(f, "dismissed");
      const byArbiter = f.direct.connect(f.arbiter);
      await expect(byArbiter.ruleClaim(u.claimId, true, RULING))
        .to.emit(f.direct, "ClaimRuled")
        .withArgs(u.claimId, u.partId, f.arbiter.address, true, RULING);
      await expectState(f, u.claimId, ClaimState.Upheld);
      await expect(byArbiter.ruleClaim(d.claimId, false, RULING))
        .to.emit(f.direct, "ClaimRuled")
        .withArgs(d.claimId, d.partId, f.arbiter.address, false, RULING);
      await expectState(f, d.claimId, ClaimState.Dismissed);

      for (const [c, state] of [
        [u, ClaimState.Upheld],
        [d, ClaimState.Dismissed],
      ] as const) {
        await expect(byArbiter.ruleClaim(c.claimId, false, RULING))
          .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryInvalidClaimState")
          .withArgs(c.claimId, state, stateBitmap(ClaimState.Escalated));
        await expect(f.direct.connect(f.customer).escalateClaim(c.claimId, f.arbiter2.address))
          .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryInvalidClaimState")
          .withArgs(
            c.claimId,
            state,
            stateBitmap(ClaimState.Filed, ClaimState.Rejected, ClaimState.Escalated),
          );
        await expect(f.direct.connect(f.remanufacturer).answerClaim(c.claimId, true, REASON))
          .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryInvalidClaimState")
          .withArgs(c.claimId, state, stateBitmap(ClaimState.Filed));
      }
    });

    it("refuses a claim not escalated, and an unknown one", async function () {
      const f = await loadFixture(warrantiesFixture);
      const c = await filedClaim(f, "filed");
      await expect(f.direct.connect(f.arbiter).ruleClaim(c.claimId, true, RULING))
        .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryInvalidClaimState")
        .withArgs(c.claimId, ClaimState.Filed, stateBitmap(ClaimState.Escalated));
      await f.direct.connect(f.remanufacturer).answerClaim(c.claimId, false, REASON);
      await expect(f.direct.connect(f.arbiter).ruleClaim(c.claimId, true, RULING))
        .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryInvalidClaimState")
        .withArgs(c.claimId, ClaimState.Rejected, stateBitmap(ClaimState.Escalated));
      await expect(f.direct.connect(f.arbiter).ruleClaim(3n, true, RULING))
        .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryUnknownClaim")
        .withArgs(3n);
    });

    it("refuses anyone but the named arbiter, a suspended arbiter and no reason", async function () {
      const f = await loadFixture(warrantiesFixture);
      const c = await escalatedClaim(f, "rule");
      for (const caller of [f.arbiter2, f.customer, f.remanufacturer, f.stranger]) {
        await expect(f.direct.connect(caller).ruleClaim(c.claimId, true, RULING))
          .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryNotAllowed")
          .withArgs(c.claimId, caller.address);
      }
      await expect(
        f.direct.connect(f.arbiter).ruleClaim(c.claimId, true, ZERO_HASH),
      ).to.be.revertedWithCustomError(f.direct, "WarrantyRegistryMissingInput");
      await suspend(f, f.arbiter);
      await expect(f.direct.connect(f.arbiter).ruleClaim(c.claimId, true, RULING))
        .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryNotAccredited")
        .withArgs(f.arbiter.address);
      await expectState(f, c.claimId, ClaimState.Escalated);
    });
  });

  describe("an arbiter that can no longer rule", function () {
    it("lets the claimant take the claim to another arbiter", async function () {
      const f = await loadFixture(warrantiesFixture);
      const c = await escalatedClaim(f, "stuck");
      await suspend(f, f.arbiter);
      await expect(f.direct.connect(f.arbiter).ruleClaim(c.claimId, true, RULING))
        .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryNotAccredited")
        .withArgs(f.arbiter.address);
      // Without this the claim would stay Escalated for ever, with nobody able to rule.
      await expect(f.direct.connect(f.customer).escalateClaim(c.claimId, f.arbiter2.address))
        .to.emit(f.direct, "ClaimEscalated")
        .withArgs(c.claimId, c.partId, f.arbiter2.address);
      const claim = await f.direct.claim(c.claimId);
      expect([claim.state, claim.arbiter]).to.deep.equal([
        BigInt(ClaimState.Escalated),
        f.arbiter2.address,
      ]);
      // The first arbiter, reinstated, is no longer the one named.
      await f.participantRegistry.connect(f.registrar).reinstate(f.arbiter.address);
      await expect(f.direct.connect(f.arbiter).ruleClaim(c.claimId, true, RULING))
        .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryNotAllowed")
        .withArgs(c.claimId, f.arbiter.address);
      await expect(f.direct.connect(f.arbiter2).ruleClaim(c.claimId, true, RULING))
        .to.emit(f.direct, "ClaimRuled")
        .withArgs(c.claimId, c.partId, f.arbiter2.address, true, RULING);
    });

    it("still refuses anyone but the claimant, and an inactive or conflicted new arbiter", async function () {
      const f = await loadFixture(warrantiesFixture);
      const c = await escalatedClaim(f, "stuck-refusals");
      await f.participantRegistry
        .connect(f.registrar)
        .revoke(f.arbiter.address, docHash("revoked"));
      await expect(f.direct.connect(f.remanufacturer).escalateClaim(c.claimId, f.arbiter2.address))
        .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryNotAllowed")
        .withArgs(c.claimId, f.remanufacturer.address);
      for (const arbiter of [f.arbiter.address, f.stranger.address]) {
        await expect(f.direct.connect(f.customer).escalateClaim(c.claimId, arbiter))
          .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryInvalidArbiter")
          .withArgs(arbiter);
      }
      expect((await f.direct.claim(c.claimId)).arbiter).to.equal(f.arbiter.address);
    });
  });

  describe("claim", function () {
    it("refuses an unknown id", async function () {
      const f = await loadFixture(warrantiesFixture);
      for (const claimId of [0n, 1n]) {
        await expect(f.direct.claim(claimId))
          .to.be.revertedWithCustomError(f.direct, "WarrantyRegistryUnknownClaim")
          .withArgs(claimId);
      }
    });
  });
});
