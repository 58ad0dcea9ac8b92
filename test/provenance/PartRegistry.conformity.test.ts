import { expect } from "chai";
import { network } from "hardhat";
import {
  chip,
  chipAnswer,
  conform,
  deployPartsFixture,
  docHash,
  input,
  Kind,
  kindSet,
  make,
  PartStatus,
  SPEC,
  type PartsFixture,
} from "./fixture.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture } = networkHelpers;

const REASON = docHash("reason:crack-indication");
const CLEARED = docHash("finding:heat-4711-retested-ok");
const SPEC_FREE = ethers.id("spec:washer-M8"); // requires no attestation
const CHALLENGE = ethers.id("challenge:conformity-test");
const SEVERAL = "0x0000000000000000000000000000000000000001";

/**
 * A two-level tree, every part conforming: `leaf` (made from batch 2, the recallable material)
 * inside `sub` (no material) inside `top`. The manufacturer holds `top`.
 */
async function treeFixture(connection: Parameters<typeof deployPartsFixture>[0]) {
  const f = await deployPartsFixture(connection);
  await f.parts.connect(f.manufacturer).defineSpecification(SPEC_FREE, 0);
  const leaf = await make(f.parts, f.manufacturer, "LEAF", { inputs: [input(2, 5n)] });
  await conform(f, leaf);
  const sub = await make(f.parts, f.manufacturer, "SUB", { spec: SPEC_FREE, children: [leaf] });
  const top = await make(f.parts, f.manufacturer, "TOP", {
    spec: SPEC_FREE,
    children: [sub],
    chipKey: chip("top").address,
  });
  return { ...f, leaf, sub, top };
}

async function expectFit(f: PartsFixture, ids: bigint[], fit: boolean): Promise<void> {
  for (const id of ids) expect(await f.parts.isConforming(id), `part ${id}`).to.equal(fit);
}

/** Sells `id` to the customer with a fresh chip answer; returns the activation call. */
async function sellAndActivate(f: PartsFixture, id: bigint, label: string) {
  await f.parts
    .connect(f.manufacturer)
    .transferFrom(f.manufacturer.address, f.customer.address, id);
  const { blockNumber, signature } = await chipAnswer(f.parts, chip(label), id, CHALLENGE);
  return f.parts.connect(f.customer).activate(id, CHALLENGE, blockNumber, signature);
}

describe("PartRegistry: conformity through the bill of materials", function () {
  describe("isConforming and isRecalled at any depth", function () {
    it("reports a conforming tree as conforming and recall-free", async function () {
      const f = await loadFixture(treeFixture);
      await expectFit(f, [f.leaf, f.sub, f.top], true);
      expect(await f.parts.isRecalled(f.top)).to.equal(false);
    });

    it("makes every assembly above material that is recalled report recalled and not conforming", async function () {
      const f = await loadFixture(treeFixture);
      await f.parts.connect(f.producer).recallBatch(1, REASON);
      for (const id of [f.leaf, f.sub, f.top]) {
        expect(await f.parts.isRecalled(id)).to.equal(true);
      }
      await expectFit(f, [f.leaf, f.sub, f.top], false);
    });

    it("counts the tree again once a registrar lifts the recall", async function () {
      const f = await loadFixture(treeFixture);
      await f.parts.connect(f.producer).recallBatch(2, REASON);
      await expect(f.parts.connect(f.registrar).liftRecall(2, CLEARED))
        .to.emit(f.parts, "BatchRecallLifted")
        .withArgs(1n, f.registrar.address, CLEARED);
      expect((await f.parts.batch(1)).recalled).to.equal(false);
      expect(await f.parts.isRecalled(f.top)).to.equal(false);
      await expectFit(f, [f.leaf, f.sub, f.top], true);
    });

    it("stops an assembly conforming while a part deep inside it is quarantined", async function () {
      const f = await loadFixture(treeFixture);
      await f.parts.connect(f.manufacturer).quarantine(f.leaf, REASON);
      await expectFit(f, [f.leaf, f.sub, f.top], false);
      expect(await f.parts.isRecalled(f.top)).to.equal(false);
      await f.parts.connect(f.manufacturer).release(f.leaf, REASON);
      await expectFit(f, [f.leaf, f.sub, f.top], true);
    });

    it("stops an assembly conforming while attesters disagree about a part inside it", async function () {
      const f = await loadFixture(treeFixture);
      await f.parts.connect(f.serviceProvider).attest(f.leaf, Kind.Test, REASON, false);
      await expectFit(f, [f.leaf, f.sub, f.top], false);
      await f.parts.connect(f.registrar).resolveAttestation(f.leaf, Kind.Test, true, CLEARED);
      await expectFit(f, [f.leaf, f.sub, f.top], true);
    });

    it("answers isRecalled for an unknown part with UnknownPart", async function () {
      const { parts } = await loadFixture(treeFixture);
      await expect(parts.isRecalled(7n))
        .to.be.revertedWithCustomError(parts, "PartRegistryUnknownPart")
        .withArgs(7n);
      expect(await parts.isConforming(7n)).to.equal(false);
    });
  });

  describe("building assemblies", function () {
    it("refuses a child made from recalled material with NonConforming", async function () {
      const f = await loadFixture(treeFixture);
      const child = await make(f.parts, f.manufacturer, "K-1", { inputs: [input(2, 1n)] });
      await conform(f, child);
      await f.parts.connect(f.producer).recallBatch(1, REASON);
      await expect(make(f.parts, f.manufacturer, "ASM-K", { spec: SPEC_FREE, children: [child] }))
        .to.be.revertedWithCustomError(f.parts, "PartRegistryNonConforming")
        .withArgs(child);
    });

    it("refuses a child that lacks a required pass, or holds a recalled part inside it", async function () {
      const f = await loadFixture(treeFixture);
      const untested = await make(f.parts, f.manufacturer, "UNTESTED");
      await expect(
        make(f.parts, f.manufacturer, "ASM-U", { spec: SPEC_FREE, children: [untested] }),
      )
        .to.be.revertedWithCustomError(f.parts, "PartRegistryNonConforming")
        .withArgs(untested);

      await f.parts.connect(f.producer).recallBatch(1, REASON);
      await expect(make(f.parts, f.manufacturer, "ASM-T", { spec: SPEC_FREE, children: [f.top] }))
        .to.be.revertedWithCustomError(f.parts, "PartRegistryNonConforming")
        .withArgs(f.top);
    });

    it("accepts a tree of exactly MAX_TREE_PARTS parts and refuses one more", async function () {
      const f = await loadFixture(treeFixture);
      expect(await f.parts.MAX_TREE_PARTS()).to.equal(64n);
      const leaves = async (prefix: string, count: number) => {
        const ids: bigint[] = [];
        for (let i = 0; i < count; i++) {
          ids.push(await make(f.parts, f.manufacturer, `${prefix}-${i}`, { spec: SPEC_FREE }));
        }
        return ids;
      };
      // 1 + 32 and 1 + 29 parts, then 1 + 33 + 30 = 64 with the new root.
      const a = await make(f.parts, f.manufacturer, "A", {
        spec: SPEC_FREE,
        children: await leaves("A", 32),
      });
      const b = await make(f.parts, f.manufacturer, "B", {
        spec: SPEC_FREE,
        children: await leaves("B", 29),
      });
      const extra = await make(f.parts, f.manufacturer, "EXTRA", { spec: SPEC_FREE });
      await expect(
        make(f.parts, f.manufacturer, "ROOT-65", { spec: SPEC_FREE, children: [a, b, extra] }),
      )
        .to.be.revertedWithCustomError(f.parts, "PartRegistryTreeTooLarge")
        .withArgs(65n, 64n);
      const root = await make(f.parts, f.manufacturer, "ROOT-64", {
        spec: SPEC_FREE,
        children: [a, b],
      });
      expect(await f.parts.isConforming(root)).to.equal(true);
    });
  });

  describe("taking children out", function () {
    it("refuses the owner while a registrar holds the assembly", async function () {
      const f = await loadFixture(treeFixture);
      await f.parts.connect(f.registrar).quarantine(f.top, REASON);
      await expect(f.parts.connect(f.manufacturer).disassemble(f.sub, REASON))
        .to.be.revertedWithCustomError(f.parts, "PartRegistryRegistrarHold")
        .withArgs(f.top);
    });

    it("takes a child out of a maker-quarantined assembly quarantined", async function () {
      const f = await loadFixture(treeFixture);
      await f.parts.connect(f.manufacturer).quarantine(f.top, REASON);
      await expect(f.parts.connect(f.manufacturer).disassemble(f.sub, REASON))
        .to.emit(f.parts, "PartStatusChanged")
        .withArgs(f.sub, PartStatus.Made, PartStatus.Quarantined, f.manufacturer.address, REASON);
      const sub = await f.parts.part(f.sub);
      expect(sub.status).to.equal(PartStatus.Quarantined);
      expect(sub.parent).to.equal(0n);
      await expectFit(f, [f.sub], false);
    });

    it("takes a child out of an activated assembly activated and in service, never as new", async function () {
      const f = await loadFixture(treeFixture);
      await sellAndActivate(f, f.top, "top");
      // The customer sends the unit in for service; the service provider takes a child out.
      await f.parts
        .connect(f.customer)
        .transferFrom(f.customer.address, f.serviceProvider.address, f.top);
      await expect(f.parts.connect(f.serviceProvider).disassemble(f.sub, REASON))
        .to.emit(f.parts, "PartStatusChanged")
        .withArgs(f.sub, PartStatus.Made, PartStatus.InService, f.serviceProvider.address, REASON);
      const sub = await f.parts.part(f.sub);
      expect(sub.status).to.equal(PartStatus.InService);
      expect(sub.activated).to.equal(true);
      expect(sub.owner).to.equal(f.serviceProvider.address);
      // And so on down: the grandchild comes out used as well.
      await f.parts.connect(f.serviceProvider).disassemble(f.leaf, REASON);
      expect((await f.parts.part(f.leaf)).activated).to.equal(true);
      expect((await f.parts.part(f.leaf)).status).to.equal(PartStatus.InService);
    });

    it("refuses to take children out of a recycled or destroyed assembly", async function () {
      const f = await loadFixture(treeFixture);
      const byMfg = f.parts.connect(f.manufacturer);
      await byMfg.retire(f.top, PartStatus.Returned, REASON);
      await byMfg.retire(f.top, PartStatus.Recycled, REASON);
      await expect(byMfg.disassemble(f.sub, REASON))
        .to.be.revertedWithCustomError(f.parts, "PartRegistryUnusablePart")
        .withArgs(f.top, PartStatus.Recycled);
    });

    it("lets a child out of a returned assembly returned too, never as a working part", async function () {
      const f = await loadFixture(treeFixture);
      const byMfg = f.parts.connect(f.manufacturer);
      await byMfg.retire(f.top, PartStatus.Returned, REASON);
      await expect(byMfg.disassemble(f.sub, CLEARED))
        .to.emit(f.parts, "PartStatusChanged")
        .withArgs(f.sub, PartStatus.Made, PartStatus.Returned, f.manufacturer.address, CLEARED);
      expect((await f.parts.part(f.sub)).status).to.equal(PartStatus.Returned);
      expect(await f.parts.isConforming(f.sub)).to.equal(false);
      // The leaf inside it is still in service as far as its own record goes.
      expect((await f.parts.part(f.leaf)).status).to.equal(PartStatus.Made);
    });

    it("refuses to retire a part a registrar holds", async function () {
      const f = await loadFixture(treeFixture);
      await f.parts.connect(f.registrar).quarantine(f.top, REASON);
      await expect(f.parts.connect(f.manufacturer).retire(f.top, PartStatus.Destroyed, REASON))
        .to.be.revertedWithCustomError(f.parts, "PartRegistryRegistrarHold")
        .withArgs(f.top);
      await f.parts.connect(f.registrar).release(f.top, CLEARED);
      await f.parts.connect(f.manufacturer).quarantine(f.top, REASON);
      await expect(f.parts.connect(f.manufacturer).retire(f.top, PartStatus.Destroyed, REASON))
        .to.emit(f.parts, "PartStatusChanged")
        .withArgs(
          f.top,
          PartStatus.Quarantined,
          PartStatus.Destroyed,
          f.manufacturer.address,
          REASON,
        );
    });
  });

  describe("registrar holds", function () {
    it("puts a registrar's hold on a part its maker quarantined first, visible in the view", async function () {
      const f = await loadFixture(treeFixture);
      await f.parts.connect(f.manufacturer).quarantine(f.top, REASON);
      expect((await f.parts.part(f.top)).registrarHold).to.equal(false);
      await expect(f.parts.connect(f.registrar).quarantine(f.top, CLEARED))
        .to.emit(f.parts, "RegistrarHold")
        .withArgs(f.top, f.registrar.address, true, CLEARED)
        .and.not.to.emit(f.parts, "PartStatusChanged");
      const p = await f.parts.part(f.top);
      expect(p.registrarHold).to.equal(true);
      expect(p.status).to.equal(PartStatus.Quarantined);

      await expect(f.parts.connect(f.manufacturer).release(f.top, REASON))
        .to.be.revertedWithCustomError(f.parts, "PartRegistryRegistrarHold")
        .withArgs(f.top);
      await expect(f.parts.connect(f.registrar).quarantine(f.top, CLEARED))
        .to.be.revertedWithCustomError(f.parts, "PartRegistryInvalidTransition")
        .withArgs(f.top, PartStatus.Quarantined, PartStatus.Quarantined);

      await expect(f.parts.connect(f.registrar).release(f.top, CLEARED))
        .to.emit(f.parts, "RegistrarHold")
        .withArgs(f.top, f.registrar.address, false, CLEARED)
        .and.to.emit(f.parts, "PartStatusChanged")
        .withArgs(f.top, PartStatus.Quarantined, PartStatus.Made, f.registrar.address, CLEARED);
      expect((await f.parts.part(f.top)).registrarHold).to.equal(false);
    });

    it("announces a registrar's own quarantine as a hold", async function () {
      const f = await loadFixture(treeFixture);
      await expect(f.parts.connect(f.registrar).quarantine(f.leaf, REASON))
        .to.emit(f.parts, "RegistrarHold")
        .withArgs(f.leaf, f.registrar.address, true, REASON);
      expect((await f.parts.part(f.leaf)).registrarHold).to.equal(true);
    });
  });

  describe("activation", function () {
    it("refuses to activate a part made from recalled material", async function () {
      const f = await loadFixture(treeFixture);
      const id = await make(f.parts, f.manufacturer, "R-1", {
        inputs: [input(2, 1n)],
        chipKey: chip("r-1").address,
      });
      await conform(f, id);
      await f.parts.connect(f.producer).recallBatch(1, REASON);
      await expect(sellAndActivate(f, id, "r-1"))
        .to.be.revertedWithCustomError(f.parts, "PartRegistryNonConforming")
        .withArgs(id);
    });

    it("refuses to activate an assembly holding recalled material at depth two", async function () {
      const f = await loadFixture(treeFixture);
      await f.parts.connect(f.producer).recallBatch(1, REASON);
      await expect(sellAndActivate(f, f.top, "top"))
        .to.be.revertedWithCustomError(f.parts, "PartRegistryNonConforming")
        .withArgs(f.top);
    });
  });

  describe("only active parties act", function () {
    it("refuses a suspended maker's quarantine and release, but not a registrar's", async function () {
      const f = await loadFixture(treeFixture);
      await f.parts.connect(f.manufacturer).quarantine(f.leaf, REASON);
      await f.participantRegistry.connect(f.registrar).suspend(f.manufacturer.address, REASON);
      await expect(f.parts.connect(f.manufacturer).release(f.leaf, REASON))
        .to.be.revertedWithCustomError(f.parts, "PartRegistryNotAccredited")
        .withArgs(f.manufacturer.address);
      await expect(f.parts.connect(f.manufacturer).quarantine(f.top, REASON))
        .to.be.revertedWithCustomError(f.parts, "PartRegistryNotAccredited")
        .withArgs(f.manufacturer.address);
      await expect(f.parts.connect(f.registrar).release(f.leaf, CLEARED)).to.emit(
        f.parts,
        "PartStatusChanged",
      );
    });

    it("refuses a revoked producer's recall; a registrar can still recall", async function () {
      const f = await loadFixture(treeFixture);
      await f.participantRegistry.connect(f.registrar).revoke(f.producer.address, REASON);
      await expect(f.parts.connect(f.producer).recallBatch(1, REASON))
        .to.be.revertedWithCustomError(f.parts, "PartRegistryNotAccredited")
        .withArgs(f.producer.address);
      await expect(f.parts.connect(f.registrar).recallBatch(1, REASON))
        .to.emit(f.parts, "BatchRecalled")
        .withArgs(1n, f.registrar.address, REASON);
    });

    it("lets only a registrar lift a recall, with a reason, and only a recalled one", async function () {
      const f = await loadFixture(treeFixture);
      await expect(f.parts.connect(f.registrar).liftRecall(2, CLEARED))
        .to.be.revertedWithCustomError(f.parts, "PartRegistryBatchNotRecalled")
        .withArgs(2n, 1n);
      await f.parts.connect(f.producer).recallBatch(1, REASON);
      for (const caller of [f.producer, f.manufacturer, f.governance, f.stranger]) {
        await expect(f.parts.connect(caller).liftRecall(1, CLEARED))
          .to.be.revertedWithCustomError(f.parts, "PartRegistryNotRegistrar")
          .withArgs(caller.address);
      }
      await expect(
        f.parts.connect(f.registrar).liftRecall(1, ethers.ZeroHash),
      ).to.be.revertedWithCustomError(f.parts, "PartRegistryMissingInput");
      await expect(f.parts.connect(f.registrar).liftRecall(99, CLEARED))
        .to.be.revertedWithCustomError(f.parts, "PartRegistryUnknownBatch")
        .withArgs(99n);
      expect((await f.parts.batch(1)).recalled).to.equal(true);
    });
  });

  describe("attestations nobody can overwrite", function () {
    it("refuses the maker's attestation of its own part", async function () {
      const f = await loadFixture(treeFixture);
      // The manufacturer is also accredited as a test lab for this test.
      await f.participantRegistry
        .connect(f.registrar)
        .setRoles(f.manufacturer.address, (1 << 3) | (1 << 6));
      await expect(f.parts.connect(f.manufacturer).attest(f.leaf, Kind.Test, REASON, true))
        .to.be.revertedWithCustomError(f.parts, "PartRegistrySelfAttestation")
        .withArgs(f.leaf, f.manufacturer.address);
    });

    it("puts a kind in conflict when a second attester disagrees, whichever way", async function () {
      const f = await loadFixture(treeFixture);
      // leaf: Test passed by the lab. A service provider's fail does not replace it.
      await expect(f.parts.connect(f.serviceProvider).attest(f.leaf, Kind.Test, REASON, false))
        .to.emit(f.parts, "AttestationConflict")
        .withArgs(f.leaf, Kind.Test, f.testLab.address, f.serviceProvider.address);
      let p = await f.parts.part(f.leaf);
      expect(p.conflictKinds).to.equal(kindSet(Kind.Test));
      expect(p.passedKinds).to.equal(kindSet(Kind.Inspection));

      // A fail first, then another's pass: a conflict too.
      const other = await make(f.parts, f.manufacturer, "OTHER");
      await f.parts.connect(f.testLab).attest(other, Kind.Inspection, REASON, false);
      await expect(f.parts.connect(f.inspector).attest(other, Kind.Inspection, CLEARED, true))
        .to.emit(f.parts, "AttestationConflict")
        .withArgs(other, Kind.Inspection, f.testLab.address, f.inspector.address);
      p = await f.parts.part(other);
      expect(p.conflictKinds).to.equal(kindSet(Kind.Inspection));
      expect(p.passedKinds).to.equal(0n);
    });

    it("records further results during a conflict without changing it", async function () {
      const f = await loadFixture(treeFixture);
      await f.parts.connect(f.serviceProvider).attest(f.leaf, Kind.Test, REASON, false);
      await expect(f.parts.connect(f.testLab).attest(f.leaf, Kind.Test, CLEARED, true))
        .to.emit(f.parts, "Attested")
        .withArgs(f.leaf, f.testLab.address, Kind.Test, true, CLEARED)
        .and.not.to.emit(f.parts, "AttestationConflict");
      const p = await f.parts.part(f.leaf);
      expect(p.conflictKinds).to.equal(kindSet(Kind.Test));
      expect(await f.parts.isConforming(f.leaf)).to.equal(false);
    });

    it("lets the sole attester revise its own result", async function () {
      const f = await loadFixture(treeFixture);
      const id = await make(f.parts, f.manufacturer, "RETEST");
      await f.parts.connect(f.testLab).attest(id, Kind.Test, REASON, false);
      await expect(f.parts.connect(f.testLab).attest(id, Kind.Test, CLEARED, true)).to.not.emit(
        f.parts,
        "AttestationConflict",
      );
      expect((await f.parts.part(id)).passedKinds).to.equal(kindSet(Kind.Test));
    });

    it("counts agreeing attesters, after which nobody can revise alone", async function () {
      const f = await loadFixture(treeFixture);
      await expect(
        f.parts.connect(f.serviceProvider).attest(f.leaf, Kind.Test, CLEARED, true),
      ).to.not.emit(f.parts, "AttestationConflict");
      await expect(f.parts.connect(f.testLab).attest(f.leaf, Kind.Test, REASON, false))
        .to.emit(f.parts, "AttestationConflict")
        .withArgs(f.leaf, Kind.Test, SEVERAL, f.testLab.address);
    });

    it("lets only a registrar rule a conflict, and only an open one", async function () {
      const f = await loadFixture(treeFixture);
      await expect(
        f.parts.connect(f.registrar).resolveAttestation(f.leaf, Kind.Test, true, CLEARED),
      )
        .to.be.revertedWithCustomError(f.parts, "PartRegistryNoConflict")
        .withArgs(f.leaf, Kind.Test);
      await f.parts.connect(f.serviceProvider).attest(f.leaf, Kind.Test, REASON, false);
      for (const caller of [f.testLab, f.manufacturer, f.governance]) {
        await expect(f.parts.connect(caller).resolveAttestation(f.leaf, Kind.Test, true, CLEARED))
          .to.be.revertedWithCustomError(f.parts, "PartRegistryNotRegistrar")
          .withArgs(caller.address);
      }
      await expect(
        f.parts.connect(f.registrar).resolveAttestation(f.leaf, Kind.Test, false, CLEARED),
      )
        .to.emit(f.parts, "AttestationResolved")
        .withArgs(f.leaf, Kind.Test, f.registrar.address, false, CLEARED);
      const p = await f.parts.part(f.leaf);
      expect(p.conflictKinds).to.equal(0n);
      expect(p.passedKinds).to.equal(kindSet(Kind.Inspection));
      expect(await f.parts.isConforming(f.leaf)).to.equal(false);
    });

    it("keeps a ruling standing: later results are recorded, a registrar may rule again", async function () {
      const f = await loadFixture(treeFixture);
      await f.parts.connect(f.serviceProvider).attest(f.leaf, Kind.Test, REASON, false);
      const byRegistrar = f.parts.connect(f.registrar);
      await expect(
        byRegistrar.resolveAttestation(f.leaf, Kind.Test, false, ethers.ZeroHash),
      ).to.be.revertedWithCustomError(f.parts, "PartRegistryMissingInput");
      await byRegistrar.resolveAttestation(f.leaf, Kind.Test, false, CLEARED);
      // The overruled lab insists: recorded, no new conflict, the ruling stands.
      await expect(f.parts.connect(f.testLab).attest(f.leaf, Kind.Test, CLEARED, true))
        .to.emit(f.parts, "Attested")
        .withArgs(f.leaf, f.testLab.address, Kind.Test, true, CLEARED)
        .and.not.to.emit(f.parts, "AttestationConflict");
      let p = await f.parts.part(f.leaf);
      expect([p.passedKinds, p.conflictKinds]).to.deep.equal([kindSet(Kind.Inspection), 0n]);
      // A retest the registrar ordered: it rules again.
      await expect(byRegistrar.resolveAttestation(f.leaf, Kind.Test, true, REASON))
        .to.emit(f.parts, "AttestationResolved")
        .withArgs(f.leaf, Kind.Test, f.registrar.address, true, REASON);
      p = await f.parts.part(f.leaf);
      expect(p.passedKinds).to.equal(kindSet(Kind.Test, Kind.Inspection));
      expect(await f.parts.isConforming(f.leaf)).to.equal(true);
    });
  });

  describe("specifications", function () {
    it("refuses requiredKinds naming a bit that is no attestation kind", async function () {
      const f = await loadFixture(treeFixture);
      for (const bits of [1 << 6, 1 << 15, kindSet(Kind.Test) | (1 << 7)]) {
        await expect(
          f.parts.connect(f.manufacturer).defineSpecification(ethers.id(`s${bits}`), bits),
        )
          .to.be.revertedWithCustomError(f.parts, "PartRegistryUnknownAttestationKinds")
          .withArgs(bits);
      }
      const all = kindSet(
        Kind.Test,
        Kind.Measurement,
        Kind.Inspection,
        Kind.Calibration,
        Kind.Service,
        Kind.Repair,
      );
      await expect(f.parts.connect(f.manufacturer).defineSpecification(ethers.id("all"), all))
        .to.emit(f.parts, "SpecificationDefined")
        .withArgs(ethers.id("all"), 3n, f.manufacturer.address, all);
      expect(SPEC).to.not.equal(ethers.id("all"));
    });
  });
});
