import { expect } from "chai";
import { network } from "hardhat";
import {
  deployCircularFixture,
  RECYCLED_MATERIAL,
  RECYCLER_CAPACITY,
} from "../circular/fixture.js";
import {
  docHash,
  expectedPartId,
  input,
  KG,
  make,
  SCHEME,
  serial,
  SPEC,
  UNCERTIFIED_SCHEME,
} from "./fixture.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture } = networkHelpers;

const ZERO_ADDRESS = ethers.ZeroAddress;
const CERTIFICATE = docHash("recycling-certificate:lot-1");

describe("PartRegistry: circular-economy roles", function () {
  describe("makePart and makeParts", function () {
    it("accept an active remanufacturer, which makes and holds the part", async function () {
      const f = await loadFixture(deployCircularFixture);
      const s = serial("RM-1");
      const partId = expectedPartId(f.remanufacturer.address, s);
      await expect(f.parts.connect(f.remanufacturer).makePart(SPEC, s, ZERO_ADDRESS, [], []))
        .to.emit(f.parts, "PartMade")
        .withArgs(partId, 1, s, ZERO_ADDRESS);
      const p = await f.parts.part(partId);
      expect(p.maker).to.equal(f.remanufacturer.address);
      expect(p.owner).to.equal(f.remanufacturer.address);
      expect(p.specHash).to.equal(SPEC);
      expect(await f.parts.ownerOf(partId)).to.equal(f.remanufacturer.address);

      const serials = [serial("RM-2"), serial("RM-3")];
      await f.parts.connect(f.remanufacturer).makeParts(SPEC, serials, [], []);
      for (const s2 of serials) {
        const id = expectedPartId(f.remanufacturer.address, s2);
        expect((await f.parts.part(id)).maker).to.equal(f.remanufacturer.address);
      }
      expect(await f.parts.balanceOf(f.remanufacturer.address)).to.equal(3n);
    });

    it("let a remanufacturer build new material in, from a batch it holds", async function () {
      const f = await loadFixture(deployCircularFixture);
      await f.parts
        .connect(f.manufacturer)
        .transferBatch(Number(f.mfgBatch), f.remanufacturer.address, 10n);
      const portion = 3;
      const partId = await make(f.parts, f.remanufacturer, "RM-1", {
        inputs: [input(portion, 2)],
      });
      expect(await f.parts.partInputs(partId)).to.deep.equal([[BigInt(portion), 2n]]);
      expect((await f.parts.batch(portion)).remaining).to.equal(8n);
    });

    it("still refuse anyone else, and a suspended remanufacturer", async function () {
      const f = await loadFixture(deployCircularFixture);
      const s = serial("X-1");
      for (const caller of [f.recycler, f.customer, f.producer, f.inspector, f.stranger]) {
        await expect(f.parts.connect(caller).makePart(SPEC, s, ZERO_ADDRESS, [], []))
          .to.be.revertedWithCustomError(f.parts, "PartRegistryNotAccredited")
          .withArgs(caller.address);
        await expect(f.parts.connect(caller).makeParts(SPEC, [s], [], []))
          .to.be.revertedWithCustomError(f.parts, "PartRegistryNotAccredited")
          .withArgs(caller.address);
      }
      await f.participantRegistry
        .connect(f.registrar)
        .suspend(f.remanufacturer.address, ethers.ZeroHash);
      await expect(f.parts.connect(f.remanufacturer).makePart(SPEC, s, ZERO_ADDRESS, [], []))
        .to.be.revertedWithCustomError(f.parts, "PartRegistryNotAccredited")
        .withArgs(f.remanufacturer.address);
      await expect(f.parts.connect(f.remanufacturer).makeParts(SPEC, [s], [], []))
        .to.be.revertedWithCustomError(f.parts, "PartRegistryNotAccredited")
        .withArgs(f.remanufacturer.address);
    });
  });

  describe("registerBatch", function () {
    it("accepts an active recycler, drawing its certified capacity", async function () {
      const f = await loadFixture(deployCircularFixture);
      const quantity = 120n;
      await expect(
        f.parts
          .connect(f.recycler)
          .registerBatch(RECYCLED_MATERIAL, quantity, KG, [SCHEME], CERTIFICATE),
      )
        .to.emit(f.parts, "BatchRegistered")
        .withArgs(3, f.recycler.address, RECYCLED_MATERIAL, quantity, KG, [SCHEME], CERTIFICATE);
      const b = await f.parts.batch(3);
      expect(b.owner).to.equal(f.recycler.address);
      expect(b.producer).to.equal(f.recycler.address);
      expect(b.root).to.equal(3n);
      expect(b.quantity).to.equal(quantity);
      expect(b.remaining).to.equal(quantity);
      expect(b.materialSpec).to.equal(RECYCLED_MATERIAL);
      const [remaining] = await f.participantRegistry.remainingCapacity(f.recycler.address, SCHEME);
      expect(remaining).to.equal(RECYCLER_CAPACITY - quantity);
    });

    it("refuses a recycler's batch beyond its capacity or under a scheme it is not certified for", async function () {
      const f = await loadFixture(deployCircularFixture);
      const byRecycler = f.parts.connect(f.recycler);
      await expect(
        byRecycler.registerBatch(
          RECYCLED_MATERIAL,
          RECYCLER_CAPACITY + 1n,
          KG,
          [SCHEME],
          CERTIFICATE,
        ),
      )
        .to.be.revertedWithCustomError(f.participantRegistry, "ParticipantRegistryCapacityExceeded")
        .withArgs(f.recycler.address, SCHEME, RECYCLER_CAPACITY + 1n, RECYCLER_CAPACITY);
      await expect(
        byRecycler.registerBatch(RECYCLED_MATERIAL, 1n, KG, [UNCERTIFIED_SCHEME], CERTIFICATE),
      )
        .to.be.revertedWithCustomError(f.parts, "PartRegistryNotCertified")
        .withArgs(f.recycler.address, UNCERTIFIED_SCHEME);
    });

    it("still refuses anyone else, and a suspended recycler", async function () {
      const f = await loadFixture(deployCircularFixture);
      for (const caller of [f.remanufacturer, f.manufacturer, f.customer, f.stranger]) {
        await expect(
          f.parts.connect(caller).registerBatch(RECYCLED_MATERIAL, 1n, KG, [SCHEME], CERTIFICATE),
        )
          .to.be.revertedWithCustomError(f.parts, "PartRegistryNotAccredited")
          .withArgs(caller.address);
      }
      await f.participantRegistry.connect(f.registrar).suspend(f.recycler.address, ethers.ZeroHash);
      await expect(
        f.parts.connect(f.recycler).registerBatch(RECYCLED_MATERIAL, 1n, KG, [SCHEME], CERTIFICATE),
      )
        .to.be.revertedWithCustomError(f.parts, "PartRegistryNotAccredited")
        .withArgs(f.recycler.address);
    });
  });
});
