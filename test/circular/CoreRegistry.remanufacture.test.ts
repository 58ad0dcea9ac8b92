import { expect } from "chai";
import { network } from "hardhat";
import { Role, roleSet } from "../helpers/roles.js";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import {
  conform,
  CoreState,
  DAY,
  deployCircularFixture,
  docHash,
  gradedCore,
  input,
  KG,
  make,
  NEW_PART_WARRANTY,
  OTHER_SPEC,
  Outcome,
  PartStatus,
  RECYCLED_MATERIAL,
  returnAsCore,
  SCHEME,
  soldPart,
  SPEC,
  USDC,
  YEAR,
  type CircularFixture,
} from "./fixture.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

const ZERO_ADDRESS = ethers.ZeroAddress;
const ZERO_HASH = ethers.ZeroHash;
const TERMS = docHash("warranty-terms");
const DATA = docHash("data-package:bracket-A7");
const FEE = 40n * USDC;
const PERIOD = 30 * DAY;
const EVIDENCE = docHash("recycling:certificate");

/** The manufacturer (OEM of {SPEC}) licenses the remanufacturer: `units` per 30 days, {FEE} each. */
async function license(f: CircularFixture, units = 2, fee = FEE): Promise<bigint> {
  const validUntil = (await time.latest()) + YEAR;
  await f.licences
    .connect(f.manufacturer)
    .grantLicence(
      SPEC,
      f.remanufacturer.address,
      units,
      PERIOD,
      validUntil,
      fee === 0n ? ZERO_ADDRESS : f.usdcAddress,
      fee,
      DATA,
    );
  return f.licences.licenceOf(SPEC, f.remanufacturer.address);
}

/** A graded core held by the remanufacturer and a new part it made to turn the core into. */
async function coreAndNewPart(
  f: CircularFixture,
  label: string,
  outcome: Outcome = Outcome.Remanufacture,
) {
  const coreId = await gradedCore(f, label, { holder: f.remanufacturer, outcome });
  const newPartId = await make(f.parts, f.remanufacturer, `RM-${label}`);
  return { coreId, newPartId };
}

/** The circular fixture with a licence of 2 units a period and a core ready to remanufacture. */
async function licensedFixture(connection: Parameters<typeof deployCircularFixture>[0]) {
  const f = await deployCircularFixture(connection);
  const licenceId = await license(f);
  await f.usdc.connect(f.remanufacturer).approve(f.licencesAddress, 10n * FEE);
  const { coreId, newPartId } = await coreAndNewPart(f, "SN-1");
  return { ...f, licenceId, coreId, newPartId };
}

/** The recycler's batch of `quantity` kg of recycled titanium; returns its id. */
async function recycledBatch(f: CircularFixture, quantity = 100n): Promise<number> {
  await f.parts
    .connect(f.recycler)
    .registerBatch(RECYCLED_MATERIAL, quantity, KG, [SCHEME], docHash(`batch:${quantity}`));
  const registered = await f.parts.queryFilter(f.parts.filters.BatchRegistered());
  return Number(registered[registered.length - 1]!.args.batchId);
}

/** `holder` returns a part it holds as a core, which the inspector grades `outcome`. */
async function returnAndGrade(
  f: CircularFixture,
  partId: bigint,
  holder: HardhatEthersSigner,
  outcome: Outcome = Outcome.Remanufacture,
) {
  await returnAsCore(f, partId, holder);
  await f.cores.connect(f.inspector).grade(partId, outcome, 2, docHash(`grade:${partId}`));
}

describe("CoreRegistry: remanufacture and recycling", function () {
  describe("remanufacture", function () {
    it("burns the core, links the new part, draws the licence with its fee, opens the warranty", async function () {
      const f = await loadFixture(licensedFixture);
      const { coreId, newPartId, licenceId } = f;
      const byReman = f.cores.connect(f.remanufacturer);
      expect(
        await byReman.remanufacture.staticCall(coreId, newPartId, NEW_PART_WARRANTY, TERMS),
      ).to.equal(licenceId);

      const tx = byReman.remanufacture(coreId, newPartId, NEW_PART_WARRANTY, TERMS);
      await expect(tx)
        .to.emit(f.cores, "CoreRemanufactured")
        .withArgs(coreId, newPartId, f.remanufacturer.address, Outcome.Remanufacture, 1, licenceId);
      await expect(tx)
        .to.emit(f.cores, "Transfer")
        .withArgs(f.remanufacturer.address, ZERO_ADDRESS, coreId);
      await expect(tx).to.emit(f.licences, "LicenceDrawn").withArgs(licenceId, 0, 1, FEE);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.remanufacturer, f.manufacturer, f.cores, f.licences],
        [-FEE, FEE, 0n, 0n],
      );
      const start = await time.latest();
      await expect(tx)
        .to.emit(f.warranties, "WarrantyIssued")
        .withArgs(
          newPartId,
          f.remanufacturer.address,
          Outcome.Remanufacture,
          start,
          NEW_PART_WARRANTY,
          TERMS,
        );

      const v = await f.cores.core(coreId);
      expect(v.state).to.equal(CoreState.Remanufactured);
      expect(v.holder).to.equal(ZERO_ADDRESS);
      expect(v.successor).to.equal(newPartId);
      expect(v.outcome).to.equal(Outcome.Remanufacture);
      expect(await f.cores.balanceOf(f.remanufacturer.address)).to.equal(0n);
      await expect(f.cores.ownerOf(coreId))
        .to.be.revertedWithCustomError(f.cores, "ERC721NonexistentToken")
        .withArgs(coreId);
      // The old part stays in custody for good; the new one stays with its maker.
      expect(await f.parts.ownerOf(coreId)).to.equal(f.coresAddress);
      expect(await f.parts.ownerOf(newPartId)).to.equal(f.remanufacturer.address);

      expect(await f.cores.linkOf(newPartId)).to.deep.equal([
        coreId,
        1n,
        BigInt(Outcome.Remanufacture),
      ]);
      expect(await f.cores.lineage(newPartId)).to.deep.equal([coreId]);
      expect(await f.cores.lineage(coreId)).to.deep.equal([]);
      const w = await f.warranties.warranty(newPartId);
      expect([w.issuer, w.start, w.duration, w.outcome, w.termsHash]).to.deep.equal([
        f.remanufacturer.address,
        BigInt(start),
        BigInt(NEW_PART_WARRANTY),
        BigInt(Outcome.Remanufacture),
        TERMS,
      ]);
      expect((await f.licences.quota(licenceId))[0]).to.equal(1n);
    });

    it("lets the specification's owner remanufacture without a licence (licence id 0)", async function () {
      const f = await loadFixture(deployCircularFixture);
      const partId = await make(f.parts, f.manufacturer, "SN-1");
      await conform(f, partId);
      await returnAndGrade(f, partId, f.manufacturer);
      const newPartId = await make(f.parts, f.manufacturer, "SN-1-R");
      const tx = f.cores
        .connect(f.manufacturer)
        .remanufacture(partId, newPartId, NEW_PART_WARRANTY, TERMS);
      await expect(tx)
        .to.emit(f.cores, "CoreRemanufactured")
        .withArgs(partId, newPartId, f.manufacturer.address, Outcome.Remanufacture, 1, 0);
      await expect(tx).not.to.emit(f.licences, "LicenceDrawn");
      await expect(tx).to.changeTokenBalances(ethers, f.usdc, [f.manufacturer], [0n]);
      expect((await f.cores.linkOf(newPartId)).predecessor).to.equal(partId);
    });

    it("refuses the owner of the specification once it is no longer an active manufacturer", async function () {
      const f = await loadFixture(deployCircularFixture);
      const partId = await make(f.parts, f.manufacturer, "SN-1");
      await returnAndGrade(f, partId, f.manufacturer);
      const newPartId = await make(f.parts, f.manufacturer, "SN-1-R");
      await f.participantRegistry.connect(f.registrar).suspend(f.manufacturer.address, ZERO_HASH);
      await expect(
        f.cores.connect(f.manufacturer).remanufacture(partId, newPartId, NEW_PART_WARRANTY, TERMS),
      )
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotAccredited")
        .withArgs(f.manufacturer.address);
    });

    it("refuses a third party without a licence, with the licence registry's error", async function () {
      const f = await loadFixture(deployCircularFixture);
      const { coreId, newPartId } = await coreAndNewPart(f, "SN-1");
      await expect(
        f.cores
          .connect(f.remanufacturer)
          .remanufacture(coreId, newPartId, NEW_PART_WARRANTY, TERMS),
      )
        .to.be.revertedWithCustomError(f.licences, "LicenceRegistryNoLicence")
        .withArgs(SPEC, f.remanufacturer.address);
      expect((await f.cores.core(coreId)).state).to.equal(CoreState.Held);
    });

    it("refuses a third party that is not an active remanufacturer", async function () {
      const f = await loadFixture(deployCircularFixture);
      // The second manufacturer holds a core of SPEC and made a part of SPEC, but owns no SPEC.
      const coreId = await gradedCore(f, "SN-1", { holder: f.manufacturer2 });
      const newPartId = await make(f.parts, f.manufacturer2, "SN-1-R");
      await expect(
        f.cores.connect(f.manufacturer2).remanufacture(coreId, newPartId, NEW_PART_WARRANTY, TERMS),
      )
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotAccredited")
        .withArgs(f.manufacturer2.address);
    });

    it("refuses a unit beyond the licence's quota until the next period", async function () {
      const f = await loadFixture(licensedFixture);
      const byReman = f.cores.connect(f.remanufacturer);
      const second = await coreAndNewPart(f, "SN-2");
      const third = await coreAndNewPart(f, "SN-3");
      await byReman.remanufacture(f.coreId, f.newPartId, NEW_PART_WARRANTY, TERMS);
      await byReman.remanufacture(second.coreId, second.newPartId, NEW_PART_WARRANTY, TERMS);
      const start = (await f.licences.licence(f.licenceId)).start;
      await expect(byReman.remanufacture(third.coreId, third.newPartId, NEW_PART_WARRANTY, TERMS))
        .to.be.revertedWithCustomError(f.licences, "LicenceRegistryQuotaExhausted")
        .withArgs(f.licenceId, 0, start + BigInt(PERIOD));
      await time.increaseTo(start + BigInt(PERIOD));
      await expect(byReman.remanufacture(third.coreId, third.newPartId, NEW_PART_WARRANTY, TERMS))
        .to.emit(f.licences, "LicenceDrawn")
        .withArgs(f.licenceId, 1, 1, FEE);
    });

    it("refuses a revoked or expired licence, with the licence registry's errors", async function () {
      const f = await loadFixture(licensedFixture);
      const byReman = f.cores.connect(f.remanufacturer);
      await f.licences.connect(f.manufacturer).revokeLicence(f.licenceId, docHash("breach"));
      await expect(byReman.remanufacture(f.coreId, f.newPartId, NEW_PART_WARRANTY, TERMS))
        .to.be.revertedWithCustomError(f.licences, "LicenceRegistryRevoked")
        .withArgs(f.licenceId);

      // A new licence, valid for two periods only (the accreditations run for a year).
      const validUntil = (await time.latest()) + 2 * PERIOD;
      await f.licences
        .connect(f.manufacturer)
        .grantLicence(
          SPEC,
          f.remanufacturer.address,
          2,
          PERIOD,
          validUntil,
          ZERO_ADDRESS,
          0n,
          DATA,
        );
      const renewed = await f.licences.licenceOf(SPEC, f.remanufacturer.address);
      expect(renewed).to.equal(f.licenceId + 1n);
      await time.increaseTo(validUntil);
      await expect(byReman.remanufacture(f.coreId, f.newPartId, NEW_PART_WARRANTY, TERMS))
        .to.be.revertedWithCustomError(f.licences, "LicenceRegistryExpired")
        .withArgs(renewed, validUntil);
      expect((await f.cores.core(f.coreId)).state).to.equal(CoreState.Held);
      expect((await f.cores.linkOf(f.newPartId)).generation).to.equal(0n);
    });

    it("refuses anyone but the core's holder", async function () {
      const f = await loadFixture(licensedFixture);
      await f.cores
        .connect(f.remanufacturer)
        .transferFrom(f.remanufacturer.address, f.customer.address, f.coreId);
      await expect(
        f.cores
          .connect(f.remanufacturer)
          .remanufacture(f.coreId, f.newPartId, NEW_PART_WARRANTY, TERMS),
      )
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotCoreHolder")
        .withArgs(f.coreId, f.remanufacturer.address);
    });

    it("refuses a core that is not held", async function () {
      const f = await loadFixture(licensedFixture);
      await expect(
        f.cores
          .connect(f.remanufacturer)
          .remanufacture(f.newPartId, f.newPartId, NEW_PART_WARRANTY, TERMS),
      )
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotHeld")
        .withArgs(f.newPartId, CoreState.None);
      await f.cores
        .connect(f.remanufacturer)
        .remanufacture(f.coreId, f.newPartId, NEW_PART_WARRANTY, TERMS);
      const other = await make(f.parts, f.remanufacturer, "RM-again");
      await expect(
        f.cores.connect(f.remanufacturer).remanufacture(f.coreId, other, NEW_PART_WARRANTY, TERMS),
      )
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotHeld")
        .withArgs(f.coreId, CoreState.Remanufactured);
    });

    it("refuses an ungraded core and one graded recycle-only", async function () {
      const f = await loadFixture(licensedFixture);
      const ungraded = await returnAsCore(
        f,
        await soldPart(f, "SN-U", f.remanufacturer),
        f.remanufacturer,
      );
      await expect(
        f.cores
          .connect(f.remanufacturer)
          .remanufacture(ungraded, f.newPartId, NEW_PART_WARRANTY, TERMS),
      )
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotGraded")
        .withArgs(ungraded);
      await f.cores.connect(f.inspector).grade(f.coreId, Outcome.RecycleOnly, 5, docHash("scrap"));
      await expect(
        f.cores
          .connect(f.remanufacturer)
          .remanufacture(f.coreId, f.newPartId, NEW_PART_WARRANTY, TERMS),
      )
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotRemanufacturable")
        .withArgs(f.coreId, Outcome.RecycleOnly);
    });

    it("waits while a registrar holds the core's part, then goes ahead", async function () {
      const f = await loadFixture(licensedFixture);
      await f.parts.connect(f.registrar).quarantine(f.coreId, docHash("hold"));
      await expect(
        f.cores
          .connect(f.remanufacturer)
          .remanufacture(f.coreId, f.newPartId, NEW_PART_WARRANTY, TERMS),
      )
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryRegistrarHold")
        .withArgs(f.coreId);
      expect((await f.licences.quota(f.licenceId)).remaining).to.equal(2n);
      await f.parts.connect(f.registrar).release(f.coreId, docHash("release"));
      await expect(
        f.cores
          .connect(f.remanufacturer)
          .remanufacture(f.coreId, f.newPartId, NEW_PART_WARRANTY, TERMS),
      ).to.emit(f.cores, "CoreRemanufactured");
    });

    it("refuses a remanufacturer that gave the core's latest grade, until another grades it", async function () {
      const f = await loadFixture(licensedFixture);
      // The remanufacturer is also an accredited inspector, and graded the core before buying it.
      await f.participantRegistry
        .connect(f.registrar)
        .setRoles(f.remanufacturer.address, roleSet(Role.Remanufacturer, Role.Inspector));
      const coreId = await returnAsCore(f, await soldPart(f, "SN-SELF"));
      await f.cores
        .connect(f.remanufacturer)
        .grade(coreId, Outcome.Remanufacture, 1, docHash("own grade"));
      await f.cores
        .connect(f.customer)
        .transferFrom(f.customer.address, f.remanufacturer.address, coreId);
      await expect(
        f.cores
          .connect(f.remanufacturer)
          .remanufacture(coreId, f.newPartId, NEW_PART_WARRANTY, TERMS),
      )
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryConflictedGrader")
        .withArgs(coreId, f.remanufacturer.address);
      await f.cores.connect(f.inspector).grade(coreId, Outcome.Remanufacture, 2, docHash("second"));
      await expect(
        f.cores
          .connect(f.remanufacturer)
          .remanufacture(coreId, f.newPartId, NEW_PART_WARRANTY, TERMS),
      ).to.emit(f.cores, "CoreRemanufactured");
    });

    it("refuses a core recalled after its grade", async function () {
      const f = await loadFixture(licensedFixture);
      const partId = await make(f.parts, f.manufacturer, "SN-R", {
        inputs: [input(f.mfgBatch, 1)],
      });
      await conform(f, partId);
      await f.parts
        .connect(f.manufacturer)
        .transferFrom(f.manufacturer.address, f.remanufacturer.address, partId);
      await returnAndGrade(f, partId, f.remanufacturer);
      await f.parts.connect(f.producer).recallBatch(Number(f.rootBatch), docHash("recall"));
      await expect(
        f.cores
          .connect(f.remanufacturer)
          .remanufacture(partId, f.newPartId, NEW_PART_WARRANTY, TERMS),
      )
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryRecalled")
        .withArgs(partId);
    });

    it("refuses a new part not made by the caller, not Made, or no longer with it", async function () {
      const f = await loadFixture(licensedFixture);
      const byReman = f.cores.connect(f.remanufacturer);
      // Made by someone else, and sold to the remanufacturer.
      const bought = await soldPart(f, "SN-X", f.remanufacturer);
      await expect(byReman.remanufacture(f.coreId, bought, NEW_PART_WARRANTY, TERMS))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotNewPart")
        .withArgs(bought, f.remanufacturer.address);
      // Made by the remanufacturer, but retired.
      const retired = await make(f.parts, f.remanufacturer, "RM-retired");
      await f.parts
        .connect(f.remanufacturer)
        .retire(retired, PartStatus.Returned, docHash("retired"));
      await expect(byReman.remanufacture(f.coreId, retired, NEW_PART_WARRANTY, TERMS))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotNewPart")
        .withArgs(retired, f.remanufacturer.address);
      // Made by the remanufacturer, but already sold.
      await f.parts
        .connect(f.remanufacturer)
        .transferFrom(f.remanufacturer.address, f.customer.address, f.newPartId);
      await expect(byReman.remanufacture(f.coreId, f.newPartId, NEW_PART_WARRANTY, TERMS))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotNewPart")
        .withArgs(f.newPartId, f.remanufacturer.address);
    });

    it("refuses a new part of another specification", async function () {
      const f = await loadFixture(licensedFixture);
      const other = await make(f.parts, f.remanufacturer, "RM-other", { spec: OTHER_SPEC });
      await expect(
        f.cores.connect(f.remanufacturer).remanufacture(f.coreId, other, NEW_PART_WARRANTY, TERMS),
      )
        .to.be.revertedWithCustomError(f.cores, "CoreRegistrySpecMismatch")
        .withArgs(other, SPEC, OTHER_SPEC);
    });

    it("refuses a new part already linked to a predecessor", async function () {
      const f = await loadFixture(licensedFixture);
      const second = await coreAndNewPart(f, "SN-2");
      const byReman = f.cores.connect(f.remanufacturer);
      await byReman.remanufacture(f.coreId, f.newPartId, NEW_PART_WARRANTY, TERMS);
      await expect(byReman.remanufacture(second.coreId, f.newPartId, NEW_PART_WARRANTY, TERMS))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryAlreadyLinked")
        .withArgs(f.newPartId);
      expect((await f.cores.linkOf(f.newPartId)).predecessor).to.equal(f.coreId);
    });

    it("refuses a warranty below the outcome's minimum", async function () {
      const f = await loadFixture(licensedFixture);
      const byReman = f.cores.connect(f.remanufacturer);
      await expect(byReman.remanufacture(f.coreId, f.newPartId, NEW_PART_WARRANTY - 1, TERMS))
        .to.be.revertedWithCustomError(f.warranties, "WarrantyRegistryTooShort")
        .withArgs(NEW_PART_WARRANTY - 1, NEW_PART_WARRANTY);
      // A reconditioned unit needs half the new part's warranty.
      const half = NEW_PART_WARRANTY / 2;
      const reconditioned = await coreAndNewPart(f, "SN-2", Outcome.Recondition);
      await expect(
        byReman.remanufacture(reconditioned.coreId, reconditioned.newPartId, half - 1, TERMS),
      )
        .to.be.revertedWithCustomError(f.warranties, "WarrantyRegistryTooShort")
        .withArgs(half - 1, half);
      await expect(
        byReman.remanufacture(reconditioned.coreId, reconditioned.newPartId, half, TERMS),
      )
        .to.emit(f.cores, "CoreRemanufactured")
        .withArgs(
          reconditioned.coreId,
          reconditioned.newPartId,
          f.remanufacturer.address,
          Outcome.Recondition,
          1,
          f.licenceId,
        );
      expect((await f.cores.linkOf(reconditioned.newPartId)).outcome).to.equal(Outcome.Recondition);
    });

    it("a core bought on the market is remanufactured by its buyer", async function () {
      const f = await loadFixture(licensedFixture);
      const coreId = await gradedCore(f, "SN-M");
      await f.cores.connect(f.customer).list(coreId, f.usdcAddress, 100n * USDC);
      await f.usdc.connect(f.remanufacturer).approve(f.coresAddress, 100n * USDC);
      await f.cores.connect(f.remanufacturer).buy(coreId, f.usdcAddress, 100n * USDC, DAY);
      await expect(
        f.cores
          .connect(f.remanufacturer)
          .remanufacture(coreId, f.newPartId, NEW_PART_WARRANTY, TERMS),
      )
        .to.emit(f.cores, "CoreRemanufactured")
        .withArgs(coreId, f.newPartId, f.remanufacturer.address, Outcome.Remanufacture, 1, 1);
    });
  });

  describe("lineage", function () {
    it("chains a second-generation part back to the first, and a recall of its material reaches it", async function () {
      const f = await loadFixture(licensedFixture);
      const original = await make(f.parts, f.manufacturer, "SN-O", {
        inputs: [input(f.mfgBatch, 1)],
      });
      await conform(f, original);
      await f.parts
        .connect(f.manufacturer)
        .transferFrom(f.manufacturer.address, f.remanufacturer.address, original);
      await returnAndGrade(f, original, f.remanufacturer);
      const byReman = f.cores.connect(f.remanufacturer);
      const gen1 = f.newPartId;
      await byReman.remanufacture(original, gen1, NEW_PART_WARRANTY, TERMS);
      await conform(f, gen1);

      // The first remanufactured part returns as a core of generation 1.
      await f.parts.connect(f.remanufacturer).approve(f.coresAddress, gen1);
      await expect(byReman.returnCore(gen1, docHash("return:gen1")))
        .to.emit(f.cores, "CoreReturned")
        .withArgs(gen1, f.remanufacturer.address, SPEC, 1, false, docHash("return:gen1"));
      expect((await f.cores.core(gen1)).generation).to.equal(1n);
      await f.cores.connect(f.testLab).grade(gen1, Outcome.Repair, 3, docHash("grade:gen1"));
      const gen2 = await make(f.parts, f.remanufacturer, "RM-gen2");
      await expect(byReman.remanufacture(gen1, gen2, NEW_PART_WARRANTY / 4, TERMS))
        .to.emit(f.cores, "CoreRemanufactured")
        .withArgs(gen1, gen2, f.remanufacturer.address, Outcome.Repair, 2, f.licenceId);
      await conform(f, gen2);

      expect(await f.cores.linkOf(gen2)).to.deep.equal([gen1, 2n, BigInt(Outcome.Repair)]);
      expect(await f.cores.lineage(gen2)).to.deep.equal([gen1, original]);
      expect(await f.parts.partInputs(original)).to.deep.equal([[f.mfgBatch, 1n]]);
      expect(await f.cores.isLineageRecalled(gen2)).to.equal(false);
      expect(await f.cores.isFit(gen2)).to.equal(true);

      await f.parts.connect(f.producer).recallBatch(Number(f.rootBatch), docHash("recall"));
      // The part registry sees nothing wrong with gen2 itself; its lineage does.
      expect(await f.parts.isRecalled(gen2)).to.equal(false);
      expect(await f.parts.isConforming(gen2)).to.equal(true);
      expect(await f.cores.isLineageRecalled(gen2)).to.equal(true);
      expect(await f.cores.isFit(gen2)).to.equal(false);
      expect(await f.cores.isLineageRecalled(gen1)).to.equal(true);
    });

    it("bounds a line at MAX_GENERATION remanufactures", async function () {
      const f = await loadFixture(deployCircularFixture);
      const maxGeneration = Number(await f.cores.MAX_GENERATION());
      // The OEM remanufactures its own line: no licence quota to wait for.
      const byOem = f.cores.connect(f.manufacturer);
      const line = [
        await make(f.parts, f.manufacturer, "GEN-0", { inputs: [input(f.mfgBatch, 1)] }),
      ];
      for (let generation = 1; generation <= maxGeneration + 1; ++generation) {
        const coreId = line[line.length - 1]!;
        await returnAndGrade(f, coreId, f.manufacturer);
        const next = await make(f.parts, f.manufacturer, `GEN-${generation}`);
        const remanufacture = byOem.remanufacture(coreId, next, NEW_PART_WARRANTY, TERMS);
        if (generation <= maxGeneration) {
          await expect(remanufacture)
            .to.emit(f.cores, "CoreRemanufactured")
            .withArgs(coreId, next, f.manufacturer.address, Outcome.Remanufacture, generation, 0);
          line.push(next);
        } else {
          await expect(remanufacture)
            .to.be.revertedWithCustomError(f.cores, "CoreRegistryGenerationLimit")
            .withArgs(maxGeneration + 1, maxGeneration);
        }
      }
      const last = line[maxGeneration]!;
      expect((await f.cores.linkOf(last)).generation).to.equal(BigInt(maxGeneration));
      expect((await f.cores.core(last)).generation).to.equal(BigInt(maxGeneration));
      expect(await f.cores.lineage(last)).to.deep.equal(line.slice(0, maxGeneration).reverse());
      // A recall of the first part's material reaches the end of the longest line.
      expect(await f.cores.isLineageRecalled(last)).to.equal(false);
      await f.parts.connect(f.producer).recallBatch(Number(f.rootBatch), docHash("recall"));
      expect(await f.cores.isLineageRecalled(last)).to.equal(true);
      expect((await f.cores.core(last)).recalled).to.equal(true);
    });
  });

  describe("recycle", function () {
    it("burns the core into the recycler's batch, whose origin links back to it", async function () {
      const f = await loadFixture(deployCircularFixture);
      const coreId = await gradedCore(f, "SN-1", {
        holder: f.recycler,
        outcome: Outcome.RecycleOnly,
        grade: 5,
      });
      const batchId = await recycledBatch(f);
      const tx = f.cores.connect(f.recycler).recycle(coreId, batchId, EVIDENCE);
      await expect(tx)
        .to.emit(f.cores, "CoreRecycled")
        .withArgs(coreId, batchId, f.recycler.address, EVIDENCE);
      await expect(tx)
        .to.emit(f.cores, "Transfer")
        .withArgs(f.recycler.address, ZERO_ADDRESS, coreId);
      const v = await f.cores.core(coreId);
      expect(v.state).to.equal(CoreState.Recycled);
      expect(v.successor).to.equal(BigInt(batchId));
      expect(v.holder).to.equal(ZERO_ADDRESS);
      expect(await f.cores.originOf(batchId)).to.equal(coreId);
      expect(await f.cores.balanceOf(f.recycler.address)).to.equal(0n);
    });

    it("waits while a registrar holds the core's part, then goes ahead", async function () {
      const f = await loadFixture(deployCircularFixture);
      const coreId = await gradedCore(f, "SN-H", {
        holder: f.recycler,
        outcome: Outcome.RecycleOnly,
        grade: 5,
      });
      const batchId = await recycledBatch(f);
      await f.parts.connect(f.registrar).quarantine(coreId, docHash("hold"));
      await expect(f.cores.connect(f.recycler).recycle(coreId, batchId, EVIDENCE))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryRegistrarHold")
        .withArgs(coreId);
      expect(await f.cores.originOf(batchId)).to.equal(0n);
      await f.parts.connect(f.registrar).release(coreId, docHash("release"));
      await expect(f.cores.connect(f.recycler).recycle(coreId, batchId, EVIDENCE))
        .to.emit(f.cores, "CoreRecycled")
        .withArgs(coreId, batchId, f.recycler.address, EVIDENCE);
    });

    it("closes the loop: the recycled batch feeds a new part", async function () {
      const f = await loadFixture(deployCircularFixture);
      // The recycler buys a scrap core on the market.
      const coreId = await gradedCore(f, "SN-1", { outcome: Outcome.RecycleOnly, grade: 5 });
      await f.cores.connect(f.customer).list(coreId, f.usdcAddress, 5n * USDC);
      await f.usdc.connect(f.recycler).approve(f.coresAddress, 5n * USDC);
      await f.cores.connect(f.recycler).buy(coreId, f.usdcAddress, 5n * USDC, DAY);
      const batchId = await recycledBatch(f, 40n);
      await f.cores.connect(f.recycler).recycle(coreId, batchId, EVIDENCE);

      await f.parts.connect(f.recycler).transferBatch(batchId, f.manufacturer.address, 40n);
      const portion = batchId + 1;
      expect((await f.parts.batch(portion)).root).to.equal(BigInt(batchId));
      const bracket = await make(f.parts, f.manufacturer, "SN-loop", {
        inputs: [input(portion, 4)],
      });
      await conform(f, bracket);
      expect(await f.parts.partInputs(bracket)).to.deep.equal([[BigInt(portion), 4n]]);
      expect(await f.cores.originOf((await f.parts.batch(portion)).root)).to.equal(coreId);
      expect(await f.cores.isFit(bracket)).to.equal(true);
    });

    it("refuses anyone but the core's holder, and a holder that is no active recycler", async function () {
      const f = await loadFixture(deployCircularFixture);
      const coreId = await gradedCore(f, "SN-1", { holder: f.remanufacturer });
      const batchId = await recycledBatch(f);
      await expect(f.cores.connect(f.recycler).recycle(coreId, batchId, EVIDENCE))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotCoreHolder")
        .withArgs(coreId, f.recycler.address);
      await expect(f.cores.connect(f.remanufacturer).recycle(coreId, batchId, EVIDENCE))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotAccredited")
        .withArgs(f.remanufacturer.address);
      await f.cores
        .connect(f.remanufacturer)
        .transferFrom(f.remanufacturer.address, f.recycler.address, coreId);
      await f.participantRegistry.connect(f.registrar).suspend(f.recycler.address, ZERO_HASH);
      await expect(f.cores.connect(f.recycler).recycle(coreId, batchId, EVIDENCE))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotAccredited")
        .withArgs(f.recycler.address);
    });

    it("requires evidence", async function () {
      const f = await loadFixture(deployCircularFixture);
      const coreId = await gradedCore(f, "SN-1", { holder: f.recycler });
      const batchId = await recycledBatch(f);
      await expect(
        f.cores.connect(f.recycler).recycle(coreId, batchId, ZERO_HASH),
      ).to.be.revertedWithCustomError(f.cores, "CoreRegistryMissingInput");
    });

    it("refuses a batch the recycler did not register, not whole, or not a root", async function () {
      const f = await loadFixture(deployCircularFixture);
      const coreId = await gradedCore(f, "SN-1", { holder: f.recycler });
      const byRecycler = f.cores.connect(f.recycler);
      // The producer's batch and the manufacturer's portion of it.
      for (const batchId of [Number(f.rootBatch), Number(f.mfgBatch)]) {
        await expect(byRecycler.recycle(coreId, batchId, EVIDENCE))
          .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotRecycledBatch")
          .withArgs(batchId, f.recycler.address);
      }
      // A batch the recycler registered, then passed part of on: no longer whole, and the
      // portion it passed back to itself is no root.
      const batchId = await recycledBatch(f);
      await f.parts.connect(f.recycler).transferBatch(batchId, f.recycler.address, 10n);
      const portion = batchId + 1;
      expect((await f.parts.batch(portion)).owner).to.equal(f.recycler.address);
      for (const id of [batchId, portion]) {
        await expect(byRecycler.recycle(coreId, id, EVIDENCE))
          .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotRecycledBatch")
          .withArgs(id, f.recycler.address);
      }
      // A whole batch registered by the recycler but given away.
      const given = await recycledBatch(f, 20n);
      await f.parts.connect(f.recycler).transferBatch(given, f.manufacturer.address, 20n);
      await expect(byRecycler.recycle(coreId, given, EVIDENCE))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotRecycledBatch")
        .withArgs(given, f.recycler.address);
      // An unknown batch fails in the part registry.
      await expect(byRecycler.recycle(coreId, 99, EVIDENCE))
        .to.be.revertedWithCustomError(f.parts, "PartRegistryUnknownBatch")
        .withArgs(99);
      expect((await f.cores.core(coreId)).state).to.equal(CoreState.Held);
    });

    it("links a batch to one core only, and recycles a core once", async function () {
      const f = await loadFixture(deployCircularFixture);
      const first = await gradedCore(f, "SN-1", { holder: f.recycler });
      const second = await gradedCore(f, "SN-2", { holder: f.recycler });
      const byRecycler = f.cores.connect(f.recycler);
      const batchId = await recycledBatch(f);
      await byRecycler.recycle(first, batchId, EVIDENCE);
      await expect(byRecycler.recycle(second, batchId, EVIDENCE))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotRecycledBatch")
        .withArgs(batchId, f.recycler.address);
      const another = await recycledBatch(f, 50n);
      await expect(byRecycler.recycle(first, another, EVIDENCE))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotHeld")
        .withArgs(first, CoreState.Recycled);
      await expect(byRecycler.recycle(second, another, EVIDENCE))
        .to.emit(f.cores, "CoreRecycled")
        .withArgs(second, another, f.recycler.address, EVIDENCE);
      expect(await f.cores.originOf(batchId)).to.equal(first);
      expect(await f.cores.originOf(another)).to.equal(second);
    });

    it("refuses to grade or list a recycled core", async function () {
      const f = await loadFixture(deployCircularFixture);
      const coreId = await gradedCore(f, "SN-1", { holder: f.recycler });
      await f.cores.connect(f.recycler).recycle(coreId, await recycledBatch(f), EVIDENCE);
      await expect(f.cores.connect(f.inspector).grade(coreId, Outcome.Repair, 3, EVIDENCE))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotHeld")
        .withArgs(coreId, CoreState.Recycled);
      await expect(f.cores.connect(f.recycler).list(coreId, f.usdcAddress, 1n))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotCoreHolder")
        .withArgs(coreId, f.recycler.address);
    });
  });
});
