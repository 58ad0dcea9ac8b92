import { expect } from "chai";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkConnection } from "hardhat/types/network";
import { Role, roleSet } from "../helpers/roles.js";
import {
  DAY,
  deployCircularFixture,
  docHash,
  gradedCore,
  make,
  NEW_PART_WARRANTY,
  OTHER_SPEC,
  SPEC,
  USDC,
  YEAR,
} from "./fixture.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

const ZERO_HASH = ethers.ZeroHash;
const ZERO_ADDRESS = ethers.ZeroAddress;
const QUARTER = 90 * DAY;
const UNITS = 2;
const FEE = 25n * USDC;
const DATA = docHash("data-package:bracket-A7");
const REASON = docHash("licence-revocation:audit-failed");
const TERMS = docHash("warranty-terms:reman-bracket");

/**
 * The circular fixture plus a second accredited remanufacturer holding 10,000 USDC, both
 * remanufacturers having approved the licence registry for their fees.
 */
async function licencesFixture(connection: NetworkConnection) {
  const f = await deployCircularFixture(connection);
  const [, , , , , , , , , , , , , , , , , , remanufacturer2] = await ethers.getSigners();
  if (remanufacturer2 === undefined) throw new Error("the fixture needs 19 signers");
  await f.participantRegistry
    .connect(f.registrar)
    .accredit(
      remanufacturer2.address,
      roleSet(Role.Remanufacturer),
      f.accreditedUntil,
      docHash("accreditation:remanufacturer2"),
    );
  await f.usdc.mint(remanufacturer2.address, 10_000n * USDC);
  for (const reman of [f.remanufacturer, remanufacturer2]) {
    await f.usdc.connect(reman).approve(f.licencesAddress, ethers.MaxUint256);
  }
  return { ...f, remanufacturer2 };
}

type Fixture = Awaited<ReturnType<typeof licencesFixture>>;

type Terms = {
  spec?: string;
  remanufacturer?: string;
  units?: number;
  period?: number;
  validUntil?: number;
  token?: string;
  fee?: bigint;
  data?: string;
};

/** The default terms: two units a quarter for a year, {FEE} USDC a unit, to the remanufacturer. */
async function termsOf(f: Fixture, terms: Terms = {}) {
  return [
    terms.spec ?? SPEC,
    terms.remanufacturer ?? f.remanufacturer.address,
    terms.units ?? UNITS,
    terms.period ?? QUARTER,
    terms.validUntil ?? (await time.latest()) + YEAR - 30 * DAY,
    terms.token ?? f.usdcAddress,
    terms.fee ?? FEE,
    terms.data ?? DATA,
  ] as const;
}

/** The OEM (the manufacturer) grants a licence on `terms` and returns its id and its start. */
async function grant(
  f: Fixture,
  terms: Terms = {},
  oem: HardhatEthersSigner = f.manufacturer,
): Promise<{ licenceId: bigint; start: number; validUntil: number }> {
  const args = await termsOf(f, terms);
  await f.licences.connect(oem).grantLicence(...args);
  const licenceId = await f.licences.licenceOf(args[0], args[1]);
  const lic = await f.licences.licence(licenceId);
  return { licenceId, start: Number(lic.start), validUntil: Number(lic.validUntil) };
}

/**
 * A graded core of {SPEC} moved from the customer to `reman`, and a new part of {SPEC} `reman`
 * made, ready for {remanufacture}.
 */
async function prepare(
  f: Fixture,
  label: string,
  reman: HardhatEthersSigner = f.remanufacturer,
): Promise<{ coreId: bigint; newPartId: bigint; reman: HardhatEthersSigner }> {
  const coreId = await gradedCore(f, label);
  await f.cores.connect(f.customer).transferFrom(f.customer.address, reman.address, coreId);
  const newPartId = await make(f.parts, reman, `reman:${label}`);
  return { coreId, newPartId, reman };
}

/** Remanufactures a prepared core (the transaction, not awaited for its outcome). */
function remanufacture(
  f: Fixture,
  p: { coreId: bigint; newPartId: bigint; reman: HardhatEthersSigner },
  gasLimit?: number,
) {
  return f.cores
    .connect(p.reman)
    .remanufacture(p.coreId, p.newPartId, NEW_PART_WARRANTY, TERMS, { gasLimit });
}

/** Expects `quota(licenceId)` to be exactly these. */
async function expectQuota(
  f: Fixture,
  licenceId: bigint,
  remaining: number,
  periodStart: number,
  nextPeriodStart: number,
): Promise<void> {
  const [r, s, n] = await f.licences.quota(licenceId);
  expect([r, s, n]).to.deep.equal([
    BigInt(remaining),
    BigInt(periodStart),
    BigInt(nextPeriodStart),
  ]);
}

describe("LicenceRegistry", function () {
  describe("deployment and setup", function () {
    it("refuses a zero participant or part registry", async function () {
      const f = await loadFixture(licencesFixture);
      const factory = await ethers.getContractFactory("LicenceRegistry");
      await expect(factory.deploy(ZERO_ADDRESS, f.partsAddress)).to.be.revertedWithCustomError(
        f.licences,
        "LicenceRegistryMissingInput",
      );
      await expect(
        factory.deploy(f.participantsAddress, ZERO_ADDRESS),
      ).to.be.revertedWithCustomError(f.licences, "LicenceRegistryMissingInput");
    });

    it("is wired to the core registry, with a one-day minimum period", async function () {
      const f = await loadFixture(licencesFixture);
      expect(await f.licences.coreRegistry()).to.equal(f.coresAddress);
      expect(await f.licences.participants()).to.equal(f.participantsAddress);
      expect(await f.licences.parts()).to.equal(f.partsAddress);
      expect(await f.licences.MIN_PERIOD()).to.equal(BigInt(DAY));
    });

    it("lets only the deployer complete setup, once, with a non-zero address", async function () {
      const f = await loadFixture(licencesFixture);
      // The fixture's registry is already wired: even its deployer cannot rewire it.
      await expect(
        f.licences.connect(f.deployer).completeSetup(f.stranger.address),
      ).to.be.revertedWithCustomError(f.licences, "LicenceRegistrySetupClosed");

      const fresh = await ethers.deployContract(
        "LicenceRegistry",
        [f.participantsAddress, f.partsAddress],
        f.deployer,
      );
      expect(await fresh.coreRegistry()).to.equal(ZERO_ADDRESS);
      await expect(
        fresh.connect(f.stranger).completeSetup(f.coresAddress),
      ).to.be.revertedWithCustomError(fresh, "LicenceRegistrySetupClosed");
      await expect(
        fresh.connect(f.deployer).completeSetup(ZERO_ADDRESS),
      ).to.be.revertedWithCustomError(fresh, "LicenceRegistryMissingInput");
      await fresh.connect(f.deployer).completeSetup(f.coresAddress);
      expect(await fresh.coreRegistry()).to.equal(f.coresAddress);
      await expect(
        fresh.connect(f.deployer).completeSetup(f.stranger.address),
      ).to.be.revertedWithCustomError(fresh, "LicenceRegistrySetupClosed");
      expect(await fresh.coreRegistry()).to.equal(f.coresAddress);
    });
  });

  describe("grantLicence", function () {
    it("records the terms, emits them and opens the first period", async function () {
      const f = await loadFixture(licencesFixture);
      const start = (await time.latest()) + 100;
      const validUntil = start + 300 * DAY;
      await time.setNextBlockTimestamp(start);
      const args = await termsOf(f, { validUntil });
      const expected = [
        SPEC,
        f.manufacturer.address,
        f.remanufacturer.address,
        BigInt(UNITS),
        BigInt(QUARTER),
        BigInt(start),
        BigInt(validUntil),
        false,
        f.usdcAddress,
        FEE,
        DATA,
        0n,
        0n,
      ];
      await expect(f.licences.connect(f.manufacturer).grantLicence(...args))
        .to.emit(f.licences, "LicenceGranted")
        .withArgs(1n, SPEC, f.remanufacturer.address, expected);
      const lic = await f.licences.licence(1n);
      expect([...lic]).to.deep.equal(expected);
      expect(await f.licences.licenceOf(SPEC, f.remanufacturer.address)).to.equal(1n);
      expect(await f.licences.licenceOf(SPEC, f.remanufacturer2.address)).to.equal(0n);
      await expectQuota(f, 1n, UNITS, start, start + QUARTER);
    });

    it("grants a free licence without a token, and one with a token but no fee", async function () {
      const f = await loadFixture(licencesFixture);
      const free = await grant(f, { token: ZERO_ADDRESS, fee: 0n });
      const zeroFee = await grant(f, { remanufacturer: f.remanufacturer2.address, fee: 0n });
      expect((await f.licences.licence(free.licenceId)).feeToken).to.equal(ZERO_ADDRESS);
      expect((await f.licences.licence(zeroFee.licenceId)).feePerUnit).to.equal(0n);
      expect(zeroFee.licenceId).to.equal(free.licenceId + 1n);
    });

    it("refuses anyone but the specification's owner", async function () {
      const f = await loadFixture(licencesFixture);
      for (const caller of [f.manufacturer2, f.remanufacturer, f.stranger]) {
        await expect(f.licences.connect(caller).grantLicence(...(await termsOf(f))))
          .to.be.revertedWithCustomError(f.licences, "LicenceRegistryNotSpecOwner")
          .withArgs(SPEC, caller.address);
      }
      // The owner of another specification cannot license this one, nor an unknown or zero one.
      for (const spec of [docHash("spec:unknown"), ZERO_HASH]) {
        await expect(
          f.licences.connect(f.manufacturer).grantLicence(...(await termsOf(f, { spec }))),
        )
          .to.be.revertedWithCustomError(f.licences, "LicenceRegistryNotSpecOwner")
          .withArgs(spec, f.manufacturer.address);
      }
      // manufacturer2 owns OTHER_SPEC and may license it.
      await grant(f, { spec: OTHER_SPEC }, f.manufacturer2);
      expect(await f.licences.licenceOf(OTHER_SPEC, f.remanufacturer.address)).to.equal(1n);
    });

    it("refuses a specification owner that is not an active manufacturer", async function () {
      const f = await loadFixture(licencesFixture);
      await f.participantRegistry.connect(f.registrar).suspend(f.manufacturer.address, REASON);
      await expect(f.licences.connect(f.manufacturer).grantLicence(...(await termsOf(f))))
        .to.be.revertedWithCustomError(f.licences, "LicenceRegistryNotAccredited")
        .withArgs(f.manufacturer.address);
    });

    it("refuses the OEM itself and anyone not an active remanufacturer", async function () {
      const f = await loadFixture(licencesFixture);
      // The OEM, even when also accredited as a remanufacturer.
      await f.participantRegistry
        .connect(f.registrar)
        .setRoles(f.manufacturer.address, roleSet(Role.Manufacturer, Role.Remanufacturer));
      await expect(
        f.licences
          .connect(f.manufacturer)
          .grantLicence(...(await termsOf(f, { remanufacturer: f.manufacturer.address }))),
      )
        .to.be.revertedWithCustomError(f.licences, "LicenceRegistryNotAccredited")
        .withArgs(f.manufacturer.address);
      for (const account of [f.customer.address, f.stranger.address, ZERO_ADDRESS]) {
        await expect(
          f.licences
            .connect(f.manufacturer)
            .grantLicence(...(await termsOf(f, { remanufacturer: account }))),
        )
          .to.be.revertedWithCustomError(f.licences, "LicenceRegistryNotAccredited")
          .withArgs(account);
      }
      await f.participantRegistry.connect(f.registrar).suspend(f.remanufacturer.address, REASON);
      await expect(f.licences.connect(f.manufacturer).grantLicence(...(await termsOf(f))))
        .to.be.revertedWithCustomError(f.licences, "LicenceRegistryNotAccredited")
        .withArgs(f.remanufacturer.address);
    });

    it("refuses zero units, a zero data hash and a fee without a token", async function () {
      const f = await loadFixture(licencesFixture);
      for (const terms of [
        { units: 0 },
        { data: ZERO_HASH },
        { token: ZERO_ADDRESS, fee: 1n },
      ] satisfies Terms[]) {
        await expect(
          f.licences.connect(f.manufacturer).grantLicence(...(await termsOf(f, terms))),
        ).to.be.revertedWithCustomError(f.licences, "LicenceRegistryMissingInput");
      }
    });

    it("refuses a period shorter than a day, and takes exactly a day", async function () {
      const f = await loadFixture(licencesFixture);
      await expect(
        f.licences.connect(f.manufacturer).grantLicence(...(await termsOf(f, { period: DAY - 1 }))),
      )
        .to.be.revertedWithCustomError(f.licences, "LicenceRegistryPeriodTooShort")
        .withArgs(DAY - 1, DAY);
      const { licenceId } = await grant(f, { period: DAY });
      expect((await f.licences.licence(licenceId)).periodLength).to.equal(BigInt(DAY));
    });

    it("refuses a validUntil that is not in the future", async function () {
      const f = await loadFixture(licencesFixture);
      let now = await time.latest();
      for (const behind of [1000, 0]) {
        now += 10;
        const validUntil = now - behind;
        await time.setNextBlockTimestamp(now);
        // A gas limit, so that the transaction is mined (at `now`) rather than only estimated.
        const args = await termsOf(f, { validUntil });
        await expect(
          f.licences.connect(f.manufacturer).grantLicence(...args, { gasLimit: 1_000_000 }),
        )
          .to.be.revertedWithCustomError(f.licences, "LicenceRegistryExpiryPassed")
          .withArgs(validUntil);
        expect(await time.latest()).to.equal(now);
      }
      await time.setNextBlockTimestamp(now + 1);
      const { validUntil } = await grant(f, { validUntil: now + 2 });
      expect(validUntil).to.equal(now + 2);
    });

    it("refuses a second live licence for the same specification and remanufacturer", async function () {
      const f = await loadFixture(licencesFixture);
      const { licenceId } = await grant(f);
      await expect(f.licences.connect(f.manufacturer).grantLicence(...(await termsOf(f))))
        .to.be.revertedWithCustomError(f.licences, "LicenceRegistryLicenceExists")
        .withArgs(licenceId);
      // Another remanufacturer, or another specification, is a separate licence.
      const second = await grant(f, { remanufacturer: f.remanufacturer2.address });
      const third = await grant(f, { spec: OTHER_SPEC }, f.manufacturer2);
      expect([second.licenceId, third.licenceId]).to.deep.equal([2n, 3n]);
    });

    it("grants a new licence after a revocation", async function () {
      const f = await loadFixture(licencesFixture);
      const first = await grant(f);
      await f.licences.connect(f.manufacturer).revokeLicence(first.licenceId, REASON);
      const second = await grant(f, { units: 5 });
      expect(second.licenceId).to.equal(2n);
      expect(await f.licences.licenceOf(SPEC, f.remanufacturer.address)).to.equal(2n);
      expect((await f.licences.licence(first.licenceId)).revoked).to.equal(true);
      await expectQuota(f, 2n, 5, second.start, second.start + QUARTER);
    });

    it("grants a new licence after an expiry, at validUntil exactly", async function () {
      const f = await loadFixture(licencesFixture);
      const first = await grant(f, { validUntil: (await time.latest()) + 10 * DAY });
      await time.setNextBlockTimestamp(first.validUntil - 1);
      const args = await termsOf(f);
      await expect(
        f.licences.connect(f.manufacturer).grantLicence(...args, { gasLimit: 1_000_000 }),
      )
        .to.be.revertedWithCustomError(f.licences, "LicenceRegistryLicenceExists")
        .withArgs(first.licenceId);
      expect(await time.latest()).to.equal(first.validUntil - 1);
      await time.setNextBlockTimestamp(first.validUntil);
      const second = await grant(f);
      expect(second.start).to.equal(first.validUntil);
      expect(await f.licences.licenceOf(SPEC, f.remanufacturer.address)).to.equal(2n);
      await expectQuota(f, second.licenceId, UNITS, second.start, second.start + QUARTER);
      // The expired licence has no next period: it ended within its first.
      await expectQuota(f, first.licenceId, 0, first.start, 0);
    });
  });

  describe("revokeLicence", function () {
    it("lets the OEM revoke with a reason, once", async function () {
      const f = await loadFixture(licencesFixture);
      const { licenceId, start } = await grant(f);
      await expect(f.licences.connect(f.manufacturer).revokeLicence(licenceId, REASON))
        .to.emit(f.licences, "LicenceRevoked")
        .withArgs(licenceId, f.manufacturer.address, REASON);
      expect((await f.licences.licence(licenceId)).revoked).to.equal(true);
      // A revoked licence has nothing left, though its periods still count.
      await expectQuota(f, licenceId, 0, start, start + QUARTER);
      await expect(f.licences.connect(f.manufacturer).revokeLicence(licenceId, REASON))
        .to.be.revertedWithCustomError(f.licences, "LicenceRegistryRevoked")
        .withArgs(licenceId);
    });

    it("refuses anyone but the OEM, a missing reason and an unknown licence", async function () {
      const f = await loadFixture(licencesFixture);
      const { licenceId } = await grant(f);
      for (const caller of [f.remanufacturer, f.manufacturer2, f.deployer, f.stranger]) {
        await expect(f.licences.connect(caller).revokeLicence(licenceId, REASON))
          .to.be.revertedWithCustomError(f.licences, "LicenceRegistryNotOem")
          .withArgs(licenceId, caller.address);
      }
      await expect(
        f.licences.connect(f.manufacturer).revokeLicence(licenceId, ZERO_HASH),
      ).to.be.revertedWithCustomError(f.licences, "LicenceRegistryMissingInput");
      await expect(f.licences.connect(f.manufacturer).revokeLicence(99n, REASON))
        .to.be.revertedWithCustomError(f.licences, "LicenceRegistryUnknownLicence")
        .withArgs(99n);
      expect((await f.licences.licence(licenceId)).revoked).to.equal(false);
    });

    it("lets a suspended OEM still revoke", async function () {
      const f = await loadFixture(licencesFixture);
      const { licenceId } = await grant(f);
      await f.participantRegistry.connect(f.registrar).suspend(f.manufacturer.address, REASON);
      await expect(f.licences.connect(f.manufacturer).revokeLicence(licenceId, REASON))
        .to.emit(f.licences, "LicenceRevoked")
        .withArgs(licenceId, f.manufacturer.address, REASON);
    });
  });

  describe("views", function () {
    it("refuse an unknown licence", async function () {
      const f = await loadFixture(licencesFixture);
      await expect(f.licences.licence(0n))
        .to.be.revertedWithCustomError(f.licences, "LicenceRegistryUnknownLicence")
        .withArgs(0n);
      await expect(f.licences.quota(7n))
        .to.be.revertedWithCustomError(f.licences, "LicenceRegistryUnknownLicence")
        .withArgs(7n);
    });

    it("quota has nothing left once expired, and keeps counting periods, with no next one", async function () {
      const f = await loadFixture(licencesFixture);
      const { licenceId, start, validUntil } = await grant(f, {
        validUntil: (await time.latest()) + 100 * DAY,
      });
      await time.increaseTo(start + QUARTER - 1);
      await expectQuota(f, licenceId, UNITS, start, start + QUARTER);
      // The second quarter is the last: the licence ends within it.
      await time.increaseTo(validUntil - 1);
      await expectQuota(f, licenceId, UNITS, start + QUARTER, 0);
      await time.increaseTo(validUntil);
      await expectQuota(f, licenceId, 0, start + QUARTER, 0);
    });
  });

  describe("draw", function () {
    it("refuses every caller but the core registry", async function () {
      const f = await loadFixture(licencesFixture);
      await grant(f);
      for (const caller of [f.remanufacturer, f.manufacturer, f.deployer, f.stranger]) {
        await expect(f.licences.connect(caller).draw(SPEC, f.remanufacturer.address))
          .to.be.revertedWithCustomError(f.licences, "LicenceRegistryNotCoreRegistry")
          .withArgs(caller.address);
      }
      expect((await f.licences.licence(1n)).used).to.equal(0n);
    });

    it("refuses a remanufacturer without a licence for the specification", async function () {
      const f = await loadFixture(licencesFixture);
      // A licence for another remanufacturer does not count.
      await grant(f, { remanufacturer: f.remanufacturer2.address });
      const p = await prepare(f, "no-licence");
      await expect(remanufacture(f, p))
        .to.be.revertedWithCustomError(f.licences, "LicenceRegistryNoLicence")
        .withArgs(SPEC, f.remanufacturer.address);
      expect((await f.cores.core(p.coreId)).holder).to.equal(f.remanufacturer.address);
    });

    it("draws a unit, moves the fee from the remanufacturer to the OEM exactly", async function () {
      const f = await loadFixture(licencesFixture);
      const { licenceId, start } = await grant(f);
      const p = await prepare(f, "first");
      const tx = remanufacture(f, p);
      await expect(tx)
        .to.emit(f.licences, "LicenceDrawn")
        .withArgs(licenceId, 0, 1, FEE)
        .and.to.emit(f.cores, "CoreRemanufactured")
        .withArgs(p.coreId, p.newPartId, f.remanufacturer.address, 1, 1, licenceId);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.remanufacturer, f.manufacturer, f.licences],
        [-FEE, FEE, 0n],
      );
      const lic = await f.licences.licence(licenceId);
      expect([lic.period, lic.used]).to.deep.equal([0n, 1n]);
      await expectQuota(f, licenceId, UNITS - 1, start, start + QUARTER);
    });

    it("draws nothing and charges nothing when the OEM remanufactures its own specification", async function () {
      const f = await loadFixture(licencesFixture);
      const { licenceId } = await grant(f);
      const p = await prepare(f, "oem", f.manufacturer);
      await expect(remanufacture(f, p))
        .to.emit(f.cores, "CoreRemanufactured")
        .withArgs(p.coreId, p.newPartId, f.manufacturer.address, 1, 1, 0n)
        .and.not.to.emit(f.licences, "LicenceDrawn");
      expect((await f.licences.licence(licenceId)).used).to.equal(0n);
    });

    it("takes two units a quarter: the third waits until the next period starts, to the second", async function () {
      const f = await loadFixture(licencesFixture);
      const { licenceId, start } = await grant(f);
      const next = start + QUARTER;
      const [p1, p2, p3, p4] = [
        await prepare(f, "q1-a"),
        await prepare(f, "q1-b"),
        await prepare(f, "q1-c"),
        await prepare(f, "q2-a"),
      ];
      await expect(remanufacture(f, p1))
        .to.emit(f.licences, "LicenceDrawn")
        .withArgs(licenceId, 0, 1, FEE);
      await expect(remanufacture(f, p2))
        .to.emit(f.licences, "LicenceDrawn")
        .withArgs(licenceId, 0, 2, FEE);
      await expectQuota(f, licenceId, 0, start, next);

      await expect(remanufacture(f, p3))
        .to.be.revertedWithCustomError(f.licences, "LicenceRegistryQuotaExhausted")
        .withArgs(licenceId, 0, next);
      // One second before the next period: still refused (a gas limit, so that the transaction
      // is mined at that second rather than only estimated).
      await time.setNextBlockTimestamp(next - 1);
      await expect(remanufacture(f, p3, 3_000_000))
        .to.be.revertedWithCustomError(f.licences, "LicenceRegistryQuotaExhausted")
        .withArgs(licenceId, 0, next);
      expect(await time.latest()).to.equal(next - 1);
      expect((await f.cores.core(p3.coreId)).holder).to.equal(f.remanufacturer.address);

      // At the next period's first second: allowed, counting period 1 from one.
      await time.setNextBlockTimestamp(next);
      const tx = remanufacture(f, p3);
      await expect(tx).to.emit(f.licences, "LicenceDrawn").withArgs(licenceId, 1, 1, FEE);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.remanufacturer, f.manufacturer],
        [-FEE, FEE],
      );
      await expectQuota(f, licenceId, 1, next, next + QUARTER);
      await expect(remanufacture(f, p4))
        .to.emit(f.licences, "LicenceDrawn")
        .withArgs(licenceId, 1, 2, FEE);
      await expectQuota(f, licenceId, 0, next, next + QUARTER);
      const p5 = await prepare(f, "q2-b");
      await expect(remanufacture(f, p5))
        .to.be.revertedWithCustomError(f.licences, "LicenceRegistryQuotaExhausted")
        .withArgs(licenceId, 0, next + QUARTER);
    });

    it("names no next period when the licence ends before another starts", async function () {
      const f = await loadFixture(licencesFixture);
      // One unit a week, for ten days: the second week is cut short by the expiry.
      const { licenceId, start, validUntil } = await grant(f, {
        units: 1,
        period: 7 * DAY,
        validUntil: (await time.latest()) + 10 * DAY,
      });
      await expectQuota(f, licenceId, 1, start, start + 7 * DAY);
      await time.increaseTo(start + 8 * DAY);
      await remanufacture(f, await prepare(f, "last-week-a"));
      await expectQuota(f, licenceId, 0, start + 7 * DAY, 0);
      await expect(remanufacture(f, await prepare(f, "last-week-b")))
        .to.be.revertedWithCustomError(f.licences, "LicenceRegistryQuotaExhausted")
        .withArgs(licenceId, 0, 0);
      expect(validUntil).to.be.lessThan(start + 14 * DAY);
    });

    it("starts a skipped-to period afresh", async function () {
      const f = await loadFixture(licencesFixture);
      const { licenceId, start } = await grant(f);
      await remanufacture(f, await prepare(f, "skip-a"));
      await remanufacture(f, await prepare(f, "skip-b"));
      const p = await prepare(f, "skip-c");
      const third = start + 2 * QUARTER;
      await time.increaseTo(third + 5 * DAY);
      await expectQuota(f, licenceId, UNITS, third, third + QUARTER);
      await expect(remanufacture(f, p))
        .to.emit(f.licences, "LicenceDrawn")
        .withArgs(licenceId, 2, 1, FEE);
      const lic = await f.licences.licence(licenceId);
      expect([lic.period, lic.used]).to.deep.equal([2n, 1n]);
    });

    it("refuses a revoked licence", async function () {
      const f = await loadFixture(licencesFixture);
      const { licenceId } = await grant(f);
      const p = await prepare(f, "revoked");
      await f.licences.connect(f.manufacturer).revokeLicence(licenceId, REASON);
      await expect(remanufacture(f, p))
        .to.be.revertedWithCustomError(f.licences, "LicenceRegistryRevoked")
        .withArgs(licenceId);
    });

    it("refuses an expired licence from validUntil on, and draws the second before", async function () {
      const f = await loadFixture(licencesFixture);
      const { licenceId, validUntil } = await grant(f, {
        validUntil: (await time.latest()) + 30 * DAY,
      });
      const [p1, p2] = [await prepare(f, "exp-a"), await prepare(f, "exp-b")];
      await time.setNextBlockTimestamp(validUntil - 1);
      await expect(remanufacture(f, p1))
        .to.emit(f.licences, "LicenceDrawn")
        .withArgs(licenceId, 0, 1, FEE);
      await time.setNextBlockTimestamp(validUntil);
      await expect(remanufacture(f, p2, 3_000_000))
        .to.be.revertedWithCustomError(f.licences, "LicenceRegistryExpired")
        .withArgs(licenceId, validUntil);
      expect(await time.latest()).to.equal(validUntil);
    });

    it("counts a new licence's own periods after a revocation", async function () {
      const f = await loadFixture(licencesFixture);
      const first = await grant(f);
      await remanufacture(f, await prepare(f, "old-a"));
      await remanufacture(f, await prepare(f, "old-b"));
      await time.increase(10 * DAY);
      await f.licences.connect(f.manufacturer).revokeLicence(first.licenceId, REASON);
      const second = await grant(f, { fee: 0n });
      expect(second.start).to.be.greaterThan(first.start);
      await expectQuota(f, second.licenceId, UNITS, second.start, second.start + QUARTER);

      // Two more units within the first licence's exhausted quarter, under the new one, free.
      const [p1, p2, p3] = [
        await prepare(f, "new-a"),
        await prepare(f, "new-b"),
        await prepare(f, "new-c"),
      ];
      const tx = remanufacture(f, p1);
      await expect(tx).to.emit(f.licences, "LicenceDrawn").withArgs(second.licenceId, 0, 1, 0n);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.remanufacturer, f.manufacturer],
        [0n, 0n],
      );
      await expect(remanufacture(f, p2))
        .to.emit(f.licences, "LicenceDrawn")
        .withArgs(second.licenceId, 0, 2, 0n);
      await expect(remanufacture(f, p3))
        .to.be.revertedWithCustomError(f.licences, "LicenceRegistryQuotaExhausted")
        .withArgs(second.licenceId, 0, second.start + QUARTER);
      // The old licence keeps its own record.
      const old = await f.licences.licence(first.licenceId);
      expect([old.period, old.used, old.revoked]).to.deep.equal([0n, 2n, true]);
    });

    it("refuses a draw whose fee the remanufacturer has not approved", async function () {
      const f = await loadFixture(licencesFixture);
      await grant(f);
      await f.usdc.connect(f.remanufacturer).approve(f.licencesAddress, FEE - 1n);
      const p = await prepare(f, "no-allowance");
      await expect(remanufacture(f, p))
        .to.be.revertedWithCustomError(f.usdc, "ERC20InsufficientAllowance")
        .withArgs(f.licencesAddress, FEE - 1n, FEE);
      expect((await f.licences.licence(1n)).used).to.equal(0n);
    });

    it("a fee-on-transfer fee token only affects the remanufacturer licensed in it", async function () {
      const f = await loadFixture(licencesFixture);
      const fot = await ethers.deployContract("FeeOnTransferTokenMock", [100]); // 1%
      await fot.mint(f.remanufacturer2.address, 1_000n * USDC);
      await fot.connect(f.remanufacturer2).approve(f.licencesAddress, ethers.MaxUint256);
      const usdcLicence = await grant(f);
      const fotLicence = await grant(f, {
        remanufacturer: f.remanufacturer2.address,
        token: await fot.getAddress(),
      });

      const p2 = await prepare(f, "fot", f.remanufacturer2);
      const tx2 = remanufacture(f, p2);
      await expect(tx2)
        .to.emit(f.licences, "LicenceDrawn")
        .withArgs(fotLicence.licenceId, 0, 1, FEE);
      // The remanufacturer pays the fee; the OEM, having chosen the token, receives it net of the
      // token's own burn.
      await expect(tx2).to.changeTokenBalances(
        ethers,
        fot,
        [f.remanufacturer2, f.manufacturer],
        [-FEE, FEE - FEE / 100n],
      );

      const p1 = await prepare(f, "usdc");
      const tx1 = remanufacture(f, p1);
      await expect(tx1)
        .to.emit(f.licences, "LicenceDrawn")
        .withArgs(usdcLicence.licenceId, 0, 1, FEE);
      await expect(tx1).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.remanufacturer, f.manufacturer],
        [-FEE, FEE],
      );
    });

    it("a blocklisted remanufacturer is refused alone, and its unit is not drawn", async function () {
      const f = await loadFixture(licencesFixture);
      const busd = await ethers.deployContract("BlocklistTokenMock");
      await busd.mint(f.remanufacturer2.address, 1_000n * USDC);
      await busd.connect(f.remanufacturer2).approve(f.licencesAddress, ethers.MaxUint256);
      const usdcLicence = await grant(f);
      const busdLicence = await grant(f, {
        remanufacturer: f.remanufacturer2.address,
        token: await busd.getAddress(),
      });
      await busd.blocklist(f.remanufacturer2.address);

      const blocked = await prepare(f, "blocked", f.remanufacturer2);
      await expect(remanufacture(f, blocked))
        .to.be.revertedWithCustomError(busd, "BlocklistTokenMockBlocked")
        .withArgs(f.remanufacturer2.address);
      expect((await f.licences.licence(busdLicence.licenceId)).used).to.equal(0n);
      expect((await f.cores.core(blocked.coreId)).holder).to.equal(f.remanufacturer2.address);

      const p1 = await prepare(f, "unblocked");
      await expect(remanufacture(f, p1))
        .to.emit(f.licences, "LicenceDrawn")
        .withArgs(usdcLicence.licenceId, 0, 1, FEE);

      // Once off the blocklist, the same remanufacturer draws normally.
      await busd.unblocklist(f.remanufacturer2.address);
      await expect(remanufacture(f, blocked))
        .to.emit(f.licences, "LicenceDrawn")
        .withArgs(busdLicence.licenceId, 0, 1, FEE);
    });
  });
});
