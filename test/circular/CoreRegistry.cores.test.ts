import { expect } from "chai";
import { id } from "ethers";
import { network } from "hardhat";
import { Role, roleSet } from "../helpers/roles.js";
import {
  conform,
  CoreState,
  DAY,
  deployCircularFixture,
  docHash,
  gradedCore,
  input,
  Kind,
  KG,
  make,
  Outcome,
  PartStatus,
  returnAsCore,
  SCHEME,
  soldPart,
  SPEC,
  type CircularFixture,
} from "./fixture.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

const ZERO_ADDRESS = ethers.ZeroAddress;
const ZERO_HASH = ethers.ZeroHash;
const EVIDENCE = docHash("return:paperwork");
const INSPECTION = docHash("inspection:data");
/** {SPEC} requires a test and an inspection: bits 1 << 0 and 1 << 2. */
const SPEC_KINDS = (1 << Kind.Test) | (1 << Kind.Inspection);

/** A conforming part of {SPEC} made from the manufacturer's batch 2, sold to the customer. */
async function partOfBatch(f: CircularFixture, label: string): Promise<bigint> {
  const partId = await make(f.parts, f.manufacturer, label, { inputs: [input(f.mfgBatch, 1)] });
  await conform(f, partId);
  await f.parts
    .connect(f.manufacturer)
    .transferFrom(f.manufacturer.address, f.customer.address, partId);
  return partId;
}

/** An assembly of {SPEC} holding one child, both conforming, left with the manufacturer. */
async function assembly(f: CircularFixture, label: string) {
  const childId = await make(f.parts, f.manufacturer, `${label}/child`);
  await conform(f, childId);
  const parentId = await make(f.parts, f.manufacturer, label, { children: [childId] });
  await conform(f, parentId);
  return { parentId, childId };
}

describe("CoreRegistry: cores", function () {
  describe("deployment", function () {
    it("wires its registries and names the token", async function () {
      const f = await loadFixture(deployCircularFixture);
      expect(await f.cores.participants()).to.equal(f.participantsAddress);
      expect(await f.cores.parts()).to.equal(f.partsAddress);
      expect(await f.cores.licences()).to.equal(f.licencesAddress);
      expect(await f.cores.warranties()).to.equal(f.warrantiesAddress);
      expect(await f.cores.name()).to.equal("Remanufacture Core");
      expect(await f.cores.symbol()).to.equal("CORE");
      expect(await f.cores.MAX_GRADE()).to.equal(5n);
      expect(await f.cores.MAX_GENERATION()).to.equal(16n);
    });

    it("refuses a zero address for any registry", async function () {
      const f = await loadFixture(deployCircularFixture);
      const factory = await ethers.getContractFactory("CoreRegistry");
      const wired = [f.participantsAddress, f.partsAddress, f.licencesAddress, f.warrantiesAddress];
      for (let i = 0; i < wired.length; ++i) {
        const args = wired.map((address, j) => (j === i ? ZERO_ADDRESS : address));
        await expect(
          factory.deploy(args[0]!, args[1]!, args[2]!, args[3]!),
        ).to.be.revertedWithCustomError(f.cores, "CoreRegistryMissingInput");
      }
    });
  });

  describe("returnCore", function () {
    it("takes the part into custody and mints the core to its holder", async function () {
      const f = await loadFixture(deployCircularFixture);
      const partId = await soldPart(f, "SN-1");
      await f.parts.connect(f.customer).approve(f.coresAddress, partId);
      expect(await f.cores.connect(f.customer).returnCore.staticCall(partId, EVIDENCE)).to.equal(
        partId,
      );

      const tx = f.cores.connect(f.customer).returnCore(partId, EVIDENCE);
      await expect(tx)
        .to.emit(f.cores, "CoreReturned")
        .withArgs(partId, f.customer.address, SPEC, 0, false, EVIDENCE);
      await expect(tx)
        .to.emit(f.cores, "Transfer")
        .withArgs(ZERO_ADDRESS, f.customer.address, partId);
      await expect(tx)
        .to.emit(f.parts, "Transfer")
        .withArgs(f.customer.address, f.coresAddress, partId);
      const returnedAt = await time.latest();

      expect(await f.parts.ownerOf(partId)).to.equal(f.coresAddress);
      expect(await f.cores.ownerOf(partId)).to.equal(f.customer.address);
      expect(await f.cores.balanceOf(f.customer.address)).to.equal(1n);
      const v = await f.cores.core(partId);
      expect(v.partId).to.equal(partId);
      expect(v.state).to.equal(CoreState.Held);
      expect(v.holder).to.equal(f.customer.address);
      expect(v.specHash).to.equal(SPEC);
      expect(v.maker).to.equal(f.manufacturer.address);
      expect(v.generation).to.equal(0n);
      expect(v.recalled).to.equal(false);
      expect(v.passedKinds).to.equal(BigInt(SPEC_KINDS));
      expect(v.conflictKinds).to.equal(0n);
      expect(v.children).to.equal(0n);
      expect(v.returnedAt).to.equal(BigInt(returnedAt));
      expect(v.outcome).to.equal(Outcome.None);
      expect(v.grade).to.equal(0n);
      expect(v.grader).to.equal(ZERO_ADDRESS);
      expect(v.gradedAt).to.equal(0n);
      expect(v.gradeCount).to.equal(0n);
      expect(v.successor).to.equal(0n);
      expect(await f.cores.listing(partId)).to.deep.equal([ZERO_ADDRESS, 0n]);
    });

    it("refuses anyone but the part's holder", async function () {
      const f = await loadFixture(deployCircularFixture);
      const partId = await soldPart(f, "SN-1");
      await f.parts.connect(f.customer).approve(f.coresAddress, partId);
      for (const caller of [f.manufacturer, f.customer2, f.stranger]) {
        await expect(f.cores.connect(caller).returnCore(partId, EVIDENCE))
          .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotPartHolder")
          .withArgs(partId, caller.address);
      }
    });

    it("refuses an unknown part with the part registry's error", async function () {
      const f = await loadFixture(deployCircularFixture);
      await expect(f.cores.connect(f.customer).returnCore(42n, EVIDENCE))
        .to.be.revertedWithCustomError(f.parts, "PartRegistryUnknownPart")
        .withArgs(42n);
    });

    it("needs the holder's approval of this one part", async function () {
      const f = await loadFixture(deployCircularFixture);
      const partId = await soldPart(f, "SN-1");
      await expect(f.cores.connect(f.customer).returnCore(partId, EVIDENCE))
        .to.be.revertedWithCustomError(f.parts, "ERC721InsufficientApproval")
        .withArgs(f.coresAddress, partId);
      // An approval of another part does not do.
      const other = await soldPart(f, "SN-2");
      await f.parts.connect(f.customer).approve(f.coresAddress, other);
      await expect(f.cores.connect(f.customer).returnCore(partId, EVIDENCE))
        .to.be.revertedWithCustomError(f.parts, "ERC721InsufficientApproval")
        .withArgs(f.coresAddress, partId);
      expect(await f.parts.ownerOf(partId)).to.equal(f.customer.address);
      await expect(f.cores.core(partId))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotHeld")
        .withArgs(partId, CoreState.None);
    });

    it("requires evidence", async function () {
      const f = await loadFixture(deployCircularFixture);
      const partId = await soldPart(f, "SN-1");
      await f.parts.connect(f.customer).approve(f.coresAddress, partId);
      await expect(
        f.cores.connect(f.customer).returnCore(partId, ZERO_HASH),
      ).to.be.revertedWithCustomError(f.cores, "CoreRegistryMissingInput");
    });

    it("requires an active holder", async function () {
      const f = await loadFixture(deployCircularFixture);
      // A stranger (never accredited) holding a part.
      const partId = await soldPart(f, "SN-1", f.stranger);
      await f.parts.connect(f.stranger).approve(f.coresAddress, partId);
      await expect(f.cores.connect(f.stranger).returnCore(partId, EVIDENCE))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotAccredited")
        .withArgs(f.stranger.address);
      // A suspended customer.
      const other = await soldPart(f, "SN-2");
      await f.parts.connect(f.customer).approve(f.coresAddress, other);
      await f.participantRegistry.connect(f.registrar).suspend(f.customer.address, ZERO_HASH);
      await expect(f.cores.connect(f.customer).returnCore(other, EVIDENCE))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotAccredited")
        .withArgs(f.customer.address);
      await f.participantRegistry.connect(f.registrar).reinstate(f.customer.address);
      await expect(f.cores.connect(f.customer).returnCore(other, EVIDENCE)).to.emit(
        f.cores,
        "CoreReturned",
      );
    });

    it("refuses a part under a registrar's hold until the registrar releases it", async function () {
      const f = await loadFixture(deployCircularFixture);
      const partId = await soldPart(f, "SN-1");
      await f.parts.connect(f.customer).approve(f.coresAddress, partId);
      await f.parts.connect(f.registrar).quarantine(partId, docHash("hold"));
      await expect(f.cores.connect(f.customer).returnCore(partId, EVIDENCE))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryRegistrarHold")
        .withArgs(partId);
      await f.parts.connect(f.registrar).release(partId, docHash("release"));
      await expect(f.cores.connect(f.customer).returnCore(partId, EVIDENCE))
        .to.emit(f.cores, "CoreReturned")
        .withArgs(partId, f.customer.address, SPEC, 0, false, EVIDENCE);
    });

    it("accepts a part retired as Returned, refuses a recycled or destroyed one", async function () {
      const f = await loadFixture(deployCircularFixture);
      const returned = await soldPart(f, "SN-1");
      const recycled = await soldPart(f, "SN-2");
      const destroyed = await soldPart(f, "SN-3");
      const byCustomer = f.parts.connect(f.customer);
      for (const id of [returned, recycled, destroyed]) {
        await byCustomer.retire(id, PartStatus.Returned, docHash(`retire:${id}`));
        await byCustomer.approve(f.coresAddress, id);
      }
      await byCustomer.retire(recycled, PartStatus.Recycled, docHash("recycled"));
      await byCustomer.retire(destroyed, PartStatus.Destroyed, docHash("destroyed"));

      await expect(f.cores.connect(f.customer).returnCore(recycled, EVIDENCE))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryUnusablePart")
        .withArgs(recycled, PartStatus.Recycled);
      await expect(f.cores.connect(f.customer).returnCore(destroyed, EVIDENCE))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryUnusablePart")
        .withArgs(destroyed, PartStatus.Destroyed);
      await expect(f.cores.connect(f.customer).returnCore(returned, EVIDENCE)).to.emit(
        f.cores,
        "CoreReturned",
      );
      expect(await f.cores.ownerOf(returned)).to.equal(f.customer.address);
    });

    it("accepts a part of recalled material and flags it recalled", async function () {
      const f = await loadFixture(deployCircularFixture);
      const partId = await partOfBatch(f, "SN-1");
      await f.parts.connect(f.producer).recallBatch(Number(f.rootBatch), docHash("recall"));
      await f.parts.connect(f.customer).approve(f.coresAddress, partId);
      await expect(f.cores.connect(f.customer).returnCore(partId, EVIDENCE))
        .to.emit(f.cores, "CoreReturned")
        .withArgs(partId, f.customer.address, SPEC, 0, true, EVIDENCE);
      expect((await f.cores.core(partId)).recalled).to.equal(true);
      expect(await f.cores.isLineageRecalled(partId)).to.equal(true);
      expect(await f.cores.isFit(partId)).to.equal(false);

      // Lifting the recall clears the flag: it is read live, never stored.
      await f.parts.connect(f.registrar).liftRecall(Number(f.rootBatch), docHash("cleared"));
      expect((await f.cores.core(partId)).recalled).to.equal(false);
      expect(await f.cores.isLineageRecalled(partId)).to.equal(false);
    });

    it("takes an assembly whole, its children inside it", async function () {
      const f = await loadFixture(deployCircularFixture);
      const { parentId, childId } = await assembly(f, "ASM-1");
      await f.parts
        .connect(f.manufacturer)
        .transferFrom(f.manufacturer.address, f.customer.address, parentId);
      await returnAsCore(f, parentId);

      expect((await f.cores.core(parentId)).children).to.equal(1n);
      expect(await f.parts.childrenOf(parentId)).to.deep.equal([childId]);
      expect(await f.parts.parentOf(childId)).to.equal(parentId);
      expect(await f.parts.ownerOf(parentId)).to.equal(f.coresAddress);
      // The child stays inside: it is no core of its own, and nobody can return it.
      await expect(f.cores.core(childId))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotHeld")
        .withArgs(childId, CoreState.None);
      await expect(f.cores.connect(f.customer).returnCore(childId, EVIDENCE))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotPartHolder")
        .withArgs(childId, f.customer.address);
    });

    it("flags an assembly recalled when a part inside it is of recalled material", async function () {
      const f = await loadFixture(deployCircularFixture);
      const childId = await make(f.parts, f.manufacturer, "ASM-1/child", {
        inputs: [input(f.mfgBatch, 1)],
      });
      await conform(f, childId);
      const parentId = await make(f.parts, f.manufacturer, "ASM-1", { children: [childId] });
      await conform(f, parentId);
      await f.parts
        .connect(f.manufacturer)
        .transferFrom(f.manufacturer.address, f.customer.address, parentId);
      await f.parts.connect(f.producer).recallBatch(Number(f.rootBatch), docHash("recall"));
      await f.parts.connect(f.customer).approve(f.coresAddress, parentId);
      await expect(f.cores.connect(f.customer).returnCore(parentId, EVIDENCE))
        .to.emit(f.cores, "CoreReturned")
        .withArgs(parentId, f.customer.address, SPEC, 0, true, EVIDENCE);
      const v = await f.cores.core(parentId);
      expect([v.recalled, v.children]).to.deep.equal([true, 1n]);
      await expect(f.cores.connect(f.inspector).grade(parentId, Outcome.Repair, 3, INSPECTION))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryRecalled")
        .withArgs(parentId);
    });

    it("harvests an assembly: disassembled first, each part returns as its own core", async function () {
      const f = await loadFixture(deployCircularFixture);
      const { parentId, childId } = await assembly(f, "ASM-1");
      await f.parts
        .connect(f.manufacturer)
        .transferFrom(f.manufacturer.address, f.remanufacturer.address, parentId);
      await f.parts.connect(f.remanufacturer).disassemble(childId, docHash("harvest"));
      expect(await f.parts.ownerOf(childId)).to.equal(f.remanufacturer.address);

      await returnAsCore(f, parentId, f.remanufacturer);
      await returnAsCore(f, childId, f.remanufacturer);
      expect(await f.cores.balanceOf(f.remanufacturer.address)).to.equal(2n);
      expect((await f.cores.core(parentId)).children).to.equal(0n);
      expect((await f.cores.core(childId)).children).to.equal(0n);
      expect((await f.cores.core(childId)).holder).to.equal(f.remanufacturer.address);
      expect(await f.parts.ownerOf(childId)).to.equal(f.coresAddress);
    });

    it("yields one core per part life: the part stays in custody", async function () {
      const f = await loadFixture(deployCircularFixture);
      const partId = await returnAsCore(f, await soldPart(f, "SN-1"));
      await expect(f.cores.connect(f.customer).returnCore(partId, EVIDENCE))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotPartHolder")
        .withArgs(partId, f.customer.address);
      // Selling the core does not give the part back either.
      await f.cores
        .connect(f.customer)
        .transferFrom(f.customer.address, f.customer2.address, partId);
      await expect(f.cores.connect(f.customer2).returnCore(partId, EVIDENCE))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotPartHolder")
        .withArgs(partId, f.customer2.address);
      await expect(
        f.parts.connect(f.customer).transferFrom(f.coresAddress, f.customer.address, partId),
      )
        .to.be.revertedWithCustomError(f.parts, "ERC721InsufficientApproval")
        .withArgs(f.customer.address, partId);
      expect(await f.parts.ownerOf(partId)).to.equal(f.coresAddress);
    });
  });

  describe("grade", function () {
    it("records an inspector's grade", async function () {
      const f = await loadFixture(deployCircularFixture);
      const coreId = await returnAsCore(f, await soldPart(f, "SN-1"));
      await expect(f.cores.connect(f.inspector).grade(coreId, Outcome.Remanufacture, 2, INSPECTION))
        .to.emit(f.cores, "CoreGraded")
        .withArgs(coreId, f.inspector.address, Outcome.Remanufacture, 2, INSPECTION, 1);
      const gradedAt = await time.latest();
      const v = await f.cores.core(coreId);
      expect(v.outcome).to.equal(Outcome.Remanufacture);
      expect(v.grade).to.equal(2n);
      expect(v.grader).to.equal(f.inspector.address);
      expect(v.gradedAt).to.equal(BigInt(gradedAt));
      expect(v.gradeCount).to.equal(1n);
    });

    it("accepts a test lab, every outcome and the whole grade range", async function () {
      const f = await loadFixture(deployCircularFixture);
      const coreId = await returnAsCore(f, await soldPart(f, "SN-1"));
      const outcomes = [
        Outcome.Remanufacture,
        Outcome.Recondition,
        Outcome.Repair,
        Outcome.RecycleOnly,
      ];
      for (let value = 1; value <= 5; ++value) {
        const outcome = outcomes[(value - 1) % outcomes.length]!;
        await expect(f.cores.connect(f.testLab).grade(coreId, outcome, value, INSPECTION))
          .to.emit(f.cores, "CoreGraded")
          .withArgs(coreId, f.testLab.address, outcome, value, INSPECTION, value);
      }
    });

    it("refuses anyone but an active inspector or test lab", async function () {
      const f = await loadFixture(deployCircularFixture);
      const coreId = await returnAsCore(f, await soldPart(f, "SN-1"));
      for (const caller of [
        f.customer,
        f.stranger,
        f.remanufacturer,
        f.recycler,
        f.serviceProvider,
        f.registrar,
      ]) {
        await expect(f.cores.connect(caller).grade(coreId, Outcome.Repair, 3, INSPECTION))
          .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotAccredited")
          .withArgs(caller.address);
      }
      await f.participantRegistry.connect(f.registrar).suspend(f.inspector.address, ZERO_HASH);
      await expect(f.cores.connect(f.inspector).grade(coreId, Outcome.Repair, 3, INSPECTION))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotAccredited")
        .withArgs(f.inspector.address);
    });

    it("refuses the core's holder", async function () {
      const f = await loadFixture(deployCircularFixture);
      const coreId = await returnAsCore(f, await soldPart(f, "SN-1"));
      await f.cores
        .connect(f.customer)
        .transferFrom(f.customer.address, f.inspector.address, coreId);
      await expect(f.cores.connect(f.inspector).grade(coreId, Outcome.Repair, 3, INSPECTION))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryConflictedGrader")
        .withArgs(coreId, f.inspector.address);
    });

    it("refuses the part's maker, even accredited as an inspector", async function () {
      const f = await loadFixture(deployCircularFixture);
      const coreId = await returnAsCore(f, await soldPart(f, "SN-1"));
      await f.participantRegistry
        .connect(f.registrar)
        .setRoles(f.manufacturer.address, roleSet(Role.Manufacturer, Role.Inspector));
      await expect(f.cores.connect(f.manufacturer).grade(coreId, Outcome.Repair, 3, INSPECTION))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryConflictedGrader")
        .withArgs(coreId, f.manufacturer.address);
    });

    it("refuses a grade out of range, outcome None and missing evidence", async function () {
      const f = await loadFixture(deployCircularFixture);
      const coreId = await returnAsCore(f, await soldPart(f, "SN-1"));
      const byInspector = f.cores.connect(f.inspector);
      for (const value of [0, 6, 255]) {
        await expect(byInspector.grade(coreId, Outcome.Repair, value, INSPECTION))
          .to.be.revertedWithCustomError(f.cores, "CoreRegistryInvalidGrade")
          .withArgs(value, 5);
      }
      await expect(
        byInspector.grade(coreId, Outcome.None, 3, INSPECTION),
      ).to.be.revertedWithCustomError(f.cores, "CoreRegistryMissingInput");
      await expect(
        byInspector.grade(coreId, Outcome.Repair, 3, ZERO_HASH),
      ).to.be.revertedWithCustomError(f.cores, "CoreRegistryMissingInput");
      expect((await f.cores.core(coreId)).gradeCount).to.equal(0n);
    });

    it("refuses a core that is not held", async function () {
      const f = await loadFixture(deployCircularFixture);
      const partId = await soldPart(f, "SN-1");
      await expect(f.cores.connect(f.inspector).grade(partId, Outcome.Repair, 3, INSPECTION))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotHeld")
        .withArgs(partId, CoreState.None);
    });

    it("grades a recalled core recycle-only, nothing else", async function () {
      const f = await loadFixture(deployCircularFixture);
      const coreId = await returnAsCore(f, await partOfBatch(f, "SN-1"));
      await f.parts.connect(f.producer).recallBatch(Number(f.mfgBatch), docHash("recall"));
      for (const outcome of [Outcome.Remanufacture, Outcome.Recondition, Outcome.Repair]) {
        await expect(f.cores.connect(f.inspector).grade(coreId, outcome, 2, INSPECTION))
          .to.be.revertedWithCustomError(f.cores, "CoreRegistryRecalled")
          .withArgs(coreId);
      }
      await expect(f.cores.connect(f.inspector).grade(coreId, Outcome.RecycleOnly, 5, INSPECTION))
        .to.emit(f.cores, "CoreGraded")
        .withArgs(coreId, f.inspector.address, Outcome.RecycleOnly, 5, INSPECTION, 1);
    });

    it("lets a second inspector re-grade: the latest counts, every grade stays in the events", async function () {
      const f = await loadFixture(deployCircularFixture);
      const coreId = await gradedCore(f, "SN-1", { outcome: Outcome.Remanufacture, grade: 2 });
      const first = await f.cores.core(coreId);
      await time.increase(3 * DAY);
      const regrade = docHash("inspection:second");
      await expect(f.cores.connect(f.testLab).grade(coreId, Outcome.Repair, 4, regrade))
        .to.emit(f.cores, "CoreGraded")
        .withArgs(coreId, f.testLab.address, Outcome.Repair, 4, regrade, 2);
      const regradedAt = await time.latest();

      const v = await f.cores.core(coreId);
      expect(v.outcome).to.equal(Outcome.Repair);
      expect(v.grade).to.equal(4n);
      expect(v.grader).to.equal(f.testLab.address);
      expect(v.gradedAt).to.equal(BigInt(regradedAt));
      expect(v.gradedAt).to.be.greaterThan(first.gradedAt);
      expect(v.gradeCount).to.equal(2n);

      const history = await f.cores.queryFilter(f.cores.filters.CoreGraded(coreId));
      expect(
        history.map((e) => [e.args.grader, e.args.outcome, e.args.grade, e.args.gradeCount]),
      ).to.deep.equal([
        [f.inspector.address, BigInt(Outcome.Remanufacture), 2n, 1n],
        [f.testLab.address, BigInt(Outcome.Repair), 4n, 2n],
      ]);
    });
  });

  describe("views", function () {
    it("reports a part never returned as no core", async function () {
      const f = await loadFixture(deployCircularFixture);
      const partId = await soldPart(f, "SN-1");
      await expect(f.cores.core(partId))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotHeld")
        .withArgs(partId, CoreState.None);
      expect(await f.cores.linkOf(partId)).to.deep.equal([0n, 0n, 0n]);
      expect(await f.cores.lineage(partId)).to.deep.equal([]);
      expect(await f.cores.isLineageRecalled(partId)).to.equal(false);
      expect(await f.cores.isFit(partId)).to.equal(true);
      expect(await f.cores.originOf(1)).to.equal(0n);
    });

    it("isFit follows the part registry's conformity", async function () {
      const f = await loadFixture(deployCircularFixture);
      const partId = await make(f.parts, f.manufacturer, "SN-1");
      expect(await f.cores.isFit(partId)).to.equal(false);
      await conform(f, partId);
      expect(await f.cores.isFit(partId)).to.equal(true);
    });

    it("isFit is false for a part returned as a core, which the part registry still calls conforming", async function () {
      const f = await loadFixture(deployCircularFixture);
      const held = await soldPart(f, "SN-1");
      expect(await f.cores.isFit(held)).to.equal(true);
      await returnAsCore(f, held);
      expect(await f.parts.isConforming(held)).to.equal(true);
      expect(await f.cores.isFit(held)).to.equal(false);

      // Nor once the core is recycled: the part stays Made or InService in the part registry.
      const recycled = await gradedCore(f, "SN-2", { holder: f.recycler });
      await f.parts
        .connect(f.recycler)
        .registerBatch(id("material:recycled"), 10n, KG, [SCHEME], docHash("batch"));
      await f.cores.connect(f.recycler).recycle(recycled, 3, docHash("recycled"));
      expect((await f.parts.part(recycled)).status).to.equal(PartStatus.Made);
      expect(await f.parts.isConforming(recycled)).to.equal(true);
      expect(await f.cores.isFit(recycled)).to.equal(false);
    });

    it("isFit is false for a child built into an assembly returned as a core", async function () {
      const f = await loadFixture(deployCircularFixture);
      const { parentId, childId } = await assembly(f, "ASM-FIT");
      await f.parts
        .connect(f.manufacturer)
        .transferFrom(f.manufacturer.address, f.customer.address, parentId);
      expect(await f.cores.isFit(childId)).to.equal(true);
      await returnAsCore(f, parentId);
      expect(await f.parts.isConforming(childId)).to.equal(true);
      expect(await f.cores.isFit(childId)).to.equal(false);
    });

    it("a registrar's hold stops a core changing hands, and lifting it lets it go", async function () {
      const f = await loadFixture(deployCircularFixture);
      const coreId = await gradedCore(f, "SN-HOLD");
      await f.parts.connect(f.registrar).quarantine(coreId, docHash("hold"));
      await expect(
        f.cores.connect(f.customer).transferFrom(f.customer.address, f.customer2.address, coreId),
      )
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryRegistrarHold")
        .withArgs(coreId);
      // Grading records the investigation and goes on.
      await expect(
        f.cores.connect(f.testLab).grade(coreId, Outcome.Repair, 4, docHash("investigation")),
      ).to.emit(f.cores, "CoreGraded");
      await f.parts.connect(f.registrar).release(coreId, docHash("released"));
      await f.cores
        .connect(f.customer)
        .transferFrom(f.customer.address, f.customer2.address, coreId);
      expect(await f.cores.ownerOf(coreId)).to.equal(f.customer2.address);
    });

    it("supports the ERC-721 interface", async function () {
      const f = await loadFixture(deployCircularFixture);
      expect(await f.cores.supportsInterface("0x80ac58cd")).to.equal(true);
    });
  });
});
