import { expect } from "chai";
import { network } from "hardhat";
import { Role, roleSet } from "../helpers/roles.js";
import {
  CAPACITY,
  DAY,
  CAPACITY_PERIOD,
  deployPartsFixture,
  docHash,
  input,
  Kind,
  KG,
  conform,
  make,
  MATERIAL,
  MILL_CERTIFICATE,
  REQUIRED_KINDS,
  ROOT_QUANTITY,
  SCHEME,
  SCHEME_DOCUMENT,
  SCHEME_VALIDITY,
  serial,
  SPEC,
  TO_MANUFACTURER,
  UNCERTIFIED_SCHEME,
  unit,
  type PartsFixture,
} from "./fixture.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

const ZERO_HASH = ethers.ZeroHash;
const ZERO_ADDRESS = ethers.ZeroAddress;
const MATERIAL_2 = ethers.id("material:Inconel 718");
const EVIDENCE = docHash("mill-certificate:heat-4712");
const REASON = docHash("recall:porosity-found");
const SPEC_2 = ethers.id("spec:housing-B2");
const NI_SCHEME = ethers.encodeBytes32String("CF-NI");

/** What is left of the producer's capacity under {SCHEME} this period. */
async function capacityLeft(f: PartsFixture): Promise<bigint> {
  const [remaining] = await f.participantRegistry.remainingCapacity(f.producer.address, SCHEME);
  return remaining;
}

describe("PartRegistry: specifications, batches and recall", function () {
  describe("constructor", function () {
    it("refuses the zero address as participant registry", async function () {
      const { parts } = await loadFixture(deployPartsFixture);
      const factory = await ethers.getContractFactory("PartRegistry");
      await expect(factory.deploy(ZERO_ADDRESS)).to.be.revertedWithCustomError(
        parts,
        "PartRegistryMissingInput",
      );
    });

    it("remembers the participant registry and exposes its name, symbol and limits", async function () {
      const { parts, participantsAddress } = await loadFixture(deployPartsFixture);
      expect(await parts.participants()).to.equal(participantsAddress);
      expect(await parts.name()).to.equal("Supply Chain Part");
      expect(await parts.symbol()).to.equal("PART");
      expect(await parts.MAX_CHALLENGE_AGE()).to.equal(64n);
      expect(await parts.MAX_INPUTS()).to.equal(8n);
      expect(await parts.MAX_SCHEMES()).to.equal(4n);
      expect(await parts.MAX_CHILDREN()).to.equal(32n);
      expect(await parts.MAX_RUN()).to.equal(500n);
    });

    it("supports the ERC-165 and ERC-721 interfaces", async function () {
      const { parts } = await loadFixture(deployPartsFixture);
      expect(await parts.supportsInterface("0x01ffc9a7")).to.equal(true);
      expect(await parts.supportsInterface("0x80ac58cd")).to.equal(true);
      expect(await parts.supportsInterface("0x5b5e139f")).to.equal(true);
      expect(await parts.supportsInterface("0xffffffff")).to.equal(false);
    });
  });

  describe("defineSpecification", function () {
    it("lets an active manufacturer define a part type, which it then owns", async function () {
      const { parts, manufacturer2 } = await loadFixture(deployPartsFixture);
      const kinds = (1 << Kind.Measurement) | (1 << Kind.Calibration);
      await expect(parts.connect(manufacturer2).defineSpecification(SPEC_2, kinds))
        .to.emit(parts, "SpecificationDefined")
        .withArgs(SPEC_2, 2n, manufacturer2.address, kinds);
      const spec = await parts.specification(SPEC_2);
      expect(spec.owner).to.equal(manufacturer2.address);
      expect(spec.id).to.equal(2n);
      expect(spec.requiredKinds).to.equal(BigInt(kinds));
    });

    it("reports the fixture's specification with id 1 and its required kinds", async function () {
      const { parts, manufacturer } = await loadFixture(deployPartsFixture);
      const spec = await parts.specification(SPEC);
      expect(spec.owner).to.equal(manufacturer.address);
      expect(spec.id).to.equal(1n);
      expect(spec.requiredKinds).to.equal(BigInt(REQUIRED_KINDS));
    });

    it("reports an undefined specification as all zero", async function () {
      const { parts } = await loadFixture(deployPartsFixture);
      const spec = await parts.specification(SPEC_2);
      expect(spec.owner).to.equal(ZERO_ADDRESS);
      expect(spec.id).to.equal(0n);
      expect(spec.requiredKinds).to.equal(0n);
    });

    it("accepts a specification that requires no attestation", async function () {
      const { parts, manufacturer } = await loadFixture(deployPartsFixture);
      await expect(parts.connect(manufacturer).defineSpecification(SPEC_2, 0))
        .to.emit(parts, "SpecificationDefined")
        .withArgs(SPEC_2, 2n, manufacturer.address, 0);
    });

    it("refuses callers that are not active manufacturers", async function () {
      const f = await loadFixture(deployPartsFixture);
      for (const caller of [
        f.producer,
        f.customer,
        f.testLab,
        f.serviceProvider,
        f.remanufacturer,
        f.registrar,
        f.governance,
        f.stranger,
      ]) {
        await expect(f.parts.connect(caller).defineSpecification(SPEC_2, 0))
          .to.be.revertedWithCustomError(f.parts, "PartRegistryNotAccredited")
          .withArgs(caller.address);
      }
    });

    it("refuses a suspended manufacturer", async function () {
      const { parts, participantRegistry, registrar, manufacturer2 } =
        await loadFixture(deployPartsFixture);
      await participantRegistry.connect(registrar).suspend(manufacturer2.address, REASON);
      await expect(parts.connect(manufacturer2).defineSpecification(SPEC_2, 0))
        .to.be.revertedWithCustomError(parts, "PartRegistryNotAccredited")
        .withArgs(manufacturer2.address);
    });

    it("refuses a zero specification hash", async function () {
      const { parts, manufacturer } = await loadFixture(deployPartsFixture);
      await expect(
        parts.connect(manufacturer).defineSpecification(ZERO_HASH, 0),
      ).to.be.revertedWithCustomError(parts, "PartRegistryMissingInput");
    });

    it("refuses to define a specification twice, even by another manufacturer", async function () {
      const { parts, manufacturer, manufacturer2 } = await loadFixture(deployPartsFixture);
      for (const caller of [manufacturer, manufacturer2]) {
        await expect(parts.connect(caller).defineSpecification(SPEC, 0))
          .to.be.revertedWithCustomError(parts, "PartRegistrySpecificationExists")
          .withArgs(SPEC);
      }
      expect((await parts.specification(SPEC)).owner).to.equal(manufacturer.address);
    });
  });

  describe("registerBatch", function () {
    it("refuses a scheme named twice, which would draw its capacity twice", async function () {
      const { parts, producer, participantRegistry } = await loadFixture(deployPartsFixture);
      const [before] = await participantRegistry.remainingCapacity(producer.address, SCHEME);
      await expect(
        parts.connect(producer).registerBatch(MATERIAL_2, 100n, KG, [SCHEME, SCHEME], EVIDENCE),
      )
        .to.be.revertedWithCustomError(parts, "PartRegistryDuplicateScheme")
        .withArgs(SCHEME);
      const [after] = await participantRegistry.remainingCapacity(producer.address, SCHEME);
      expect(after).to.equal(before);
    });

    it("registers a batch held by the producer and emits BatchRegistered with every argument", async function () {
      const { parts, producer } = await loadFixture(deployPartsFixture);
      const byProducer = parts.connect(producer);
      expect(
        await byProducer.registerBatch.staticCall(MATERIAL_2, 250n, KG, [SCHEME], EVIDENCE),
      ).to.equal(3n);
      await expect(byProducer.registerBatch(MATERIAL_2, 250n, KG, [SCHEME], EVIDENCE))
        .to.emit(parts, "BatchRegistered")
        .withArgs(3n, producer.address, MATERIAL_2, 250n, KG, [SCHEME], EVIDENCE);

      const b = await parts.batch(3);
      expect(b.owner).to.equal(producer.address);
      expect(b.remaining).to.equal(250n);
      expect(b.quantity).to.equal(250n);
      expect(b.transferredOut).to.equal(0n);
      expect(b.root).to.equal(3n);
      expect(b.parent).to.equal(0n);
      expect(b.producer).to.equal(producer.address);
      expect(b.recalled).to.equal(false);
      expect(b.unit).to.equal(KG);
      expect(b.materialSpec).to.equal(MATERIAL_2);
      expect(await parts.consumed(3)).to.equal(0n);
    });

    it("draws the quantity from the producer's certified capacity", async function () {
      const f = await loadFixture(deployPartsFixture);
      expect(await capacityLeft(f)).to.equal(CAPACITY - ROOT_QUANTITY);
      await expect(
        f.parts.connect(f.producer).registerBatch(MATERIAL_2, 250n, KG, [SCHEME], EVIDENCE),
      )
        .to.emit(f.participantRegistry, "CapacityConsumed")
        .withArgs(
          f.producer.address,
          SCHEME,
          f.partsAddress,
          0n,
          250n,
          CAPACITY - ROOT_QUANTITY - 250n,
        );
      expect(await capacityLeft(f)).to.equal(CAPACITY - ROOT_QUANTITY - 250n);
    });

    it("gives batch ids in sequence", async function () {
      const { parts, producer } = await loadFixture(deployPartsFixture);
      const byProducer = parts.connect(producer);
      await byProducer.registerBatch(MATERIAL_2, 1n, KG, [SCHEME], EVIDENCE);
      await expect(byProducer.registerBatch(MATERIAL_2, 2n, KG, [SCHEME], EVIDENCE))
        .to.emit(parts, "BatchRegistered")
        .withArgs(4n, producer.address, MATERIAL_2, 2n, KG, [SCHEME], EVIDENCE);
      expect((await parts.batch(4)).unit).to.equal(KG);
    });

    it("refuses a batch in a unit other than its certificate's capacity", async function () {
      const f = await loadFixture(deployPartsFixture);
      await expect(
        f.parts.connect(f.producer).registerBatch(MATERIAL_2, 2n, unit("g"), [SCHEME], EVIDENCE),
      )
        .to.be.revertedWithCustomError(
          f.participantRegistry,
          "ParticipantRegistryWrongCapacityUnit",
        )
        .withArgs(KG, unit("g"));
      expect(await capacityLeft(f)).to.equal(CAPACITY - ROOT_QUANTITY);
    });

    it("accepts a batch carrying several schemes and draws capacity under each", async function () {
      const f = await loadFixture(deployPartsFixture);
      await f.participantRegistry
        .connect(f.standardsBody)
        .defineScheme(NI_SCHEME, docHash("scheme:CF-NI"), SCHEME_VALIDITY);
      await f.participantRegistry
        .connect(f.standardsBody)
        .authorizeAuditor(NI_SCHEME, f.auditor.address);
      await f.participantRegistry
        .connect(f.producer)
        .requestCertificate(NI_SCHEME, f.auditor.address);
      await f.participantRegistry
        .connect(f.auditor)
        .grantCertificate(f.producer.address, NI_SCHEME, 0, 0, 500n, KG, CAPACITY_PERIOD, EVIDENCE);

      await expect(
        f.parts
          .connect(f.producer)
          .registerBatch(MATERIAL_2, 300n, KG, [SCHEME, NI_SCHEME], EVIDENCE),
      )
        .to.emit(f.parts, "BatchRegistered")
        .withArgs(3n, f.producer.address, MATERIAL_2, 300n, KG, [SCHEME, NI_SCHEME], EVIDENCE);
      expect(await capacityLeft(f)).to.equal(CAPACITY - ROOT_QUANTITY - 300n);
      const [niLeft] = await f.participantRegistry.remainingCapacity(f.producer.address, NI_SCHEME);
      expect(niLeft).to.equal(200n);
    });

    it("refuses callers that are not active producers", async function () {
      const f = await loadFixture(deployPartsFixture);
      for (const caller of [f.manufacturer, f.customer, f.testLab, f.registrar, f.stranger]) {
        await expect(f.parts.connect(caller).registerBatch(MATERIAL_2, 1n, KG, [SCHEME], EVIDENCE))
          .to.be.revertedWithCustomError(f.parts, "PartRegistryNotAccredited")
          .withArgs(caller.address);
      }
    });

    it("refuses a suspended producer, even a certified one", async function () {
      const { parts, participantRegistry, registrar, producer } =
        await loadFixture(deployPartsFixture);
      await participantRegistry.connect(registrar).suspend(producer.address, REASON);
      await expect(parts.connect(producer).registerBatch(MATERIAL_2, 1n, KG, [SCHEME], EVIDENCE))
        .to.be.revertedWithCustomError(parts, "PartRegistryNotAccredited")
        .withArgs(producer.address);
    });

    it("refuses an accredited producer without a certificate under the scheme", async function () {
      const { parts, producer2 } = await loadFixture(deployPartsFixture);
      await expect(parts.connect(producer2).registerBatch(MATERIAL_2, 1n, KG, [SCHEME], EVIDENCE))
        .to.be.revertedWithCustomError(parts, "PartRegistryNotCertified")
        .withArgs(producer2.address, SCHEME);
    });

    it("refuses a batch naming one scheme the producer is not certified under, drawing nothing", async function () {
      const f = await loadFixture(deployPartsFixture);
      await expect(
        f.parts
          .connect(f.producer)
          .registerBatch(MATERIAL_2, 10n, KG, [SCHEME, UNCERTIFIED_SCHEME], EVIDENCE),
      )
        .to.be.revertedWithCustomError(f.parts, "PartRegistryNotCertified")
        .withArgs(f.producer.address, UNCERTIFIED_SCHEME);
      expect(await capacityLeft(f)).to.equal(CAPACITY - ROOT_QUANTITY);
    });

    it("refuses a producer whose certificate was revoked", async function () {
      const { parts, participantRegistry, auditor, producer } =
        await loadFixture(deployPartsFixture);
      await participantRegistry
        .connect(auditor)
        .revokeCertificate(producer.address, SCHEME, REASON);
      await expect(parts.connect(producer).registerBatch(MATERIAL_2, 1n, KG, [SCHEME], EVIDENCE))
        .to.be.revertedWithCustomError(parts, "PartRegistryNotCertified")
        .withArgs(producer.address, SCHEME);
    });

    for (const [label, args] of [
      ["a zero material specification", [ZERO_HASH, 1n, KG, [SCHEME], EVIDENCE]],
      ["a zero quantity", [MATERIAL_2, 0n, KG, [SCHEME], EVIDENCE]],
      ["a zero unit", [MATERIAL_2, 1n, "0x0000000000000000", [SCHEME], EVIDENCE]],
      ["a zero evidence hash", [MATERIAL_2, 1n, KG, [SCHEME], ZERO_HASH]],
      ["an empty scheme list", [MATERIAL_2, 1n, KG, [], EVIDENCE]],
    ] as const) {
      it(`refuses ${label} with MissingInput`, async function () {
        const { parts, producer } = await loadFixture(deployPartsFixture);
        const [materialSpec, quantity, batchUnit, schemes, evidence] = args;
        await expect(
          parts
            .connect(producer)
            .registerBatch(materialSpec, quantity, batchUnit, [...schemes], evidence),
        ).to.be.revertedWithCustomError(parts, "PartRegistryMissingInput");
      });
    }

    it("refuses more than four schemes with TooMany(5, 4)", async function () {
      const { parts, producer } = await loadFixture(deployPartsFixture);
      const schemes = [SCHEME, SCHEME, SCHEME, SCHEME, SCHEME];
      await expect(parts.connect(producer).registerBatch(MATERIAL_2, 1n, KG, schemes, EVIDENCE))
        .to.be.revertedWithCustomError(parts, "PartRegistryTooMany")
        .withArgs(5n, 4n);
    });

    it("refuses a batch beyond the certified capacity with the participant registry's error", async function () {
      const f = await loadFixture(deployPartsFixture);
      const left = CAPACITY - ROOT_QUANTITY;
      await expect(
        f.parts.connect(f.producer).registerBatch(MATERIAL_2, left + 1n, KG, [SCHEME], EVIDENCE),
      )
        .to.be.revertedWithCustomError(f.participantRegistry, "ParticipantRegistryCapacityExceeded")
        .withArgs(f.producer.address, SCHEME, left + 1n, left);

      await f.parts.connect(f.producer).registerBatch(MATERIAL_2, left, KG, [SCHEME], EVIDENCE);
      expect(await capacityLeft(f)).to.equal(0n);
      await expect(
        f.parts.connect(f.producer).registerBatch(MATERIAL_2, 1n, KG, [SCHEME], EVIDENCE),
      )
        .to.be.revertedWithCustomError(f.participantRegistry, "ParticipantRegistryCapacityExceeded")
        .withArgs(f.producer.address, SCHEME, 1n, 0n);
    });

    it("accepts new batches once the next capacity period starts", async function () {
      const f = await loadFixture(deployPartsFixture);
      const left = CAPACITY - ROOT_QUANTITY;
      await f.parts.connect(f.producer).registerBatch(MATERIAL_2, left, KG, [SCHEME], EVIDENCE);
      await time.increase(CAPACITY_PERIOD);
      await expect(
        f.parts.connect(f.producer).registerBatch(MATERIAL_2, CAPACITY, KG, [SCHEME], EVIDENCE),
      ).to.emit(f.parts, "BatchRegistered");
    });

    it("refuses to register when the part registry lacks CAPACITY_CONSUMER_ROLE", async function () {
      const f = await loadFixture(deployPartsFixture);
      const unauthorised = await ethers.deployContract("PartRegistry", [f.participantsAddress]);
      await expect(
        unauthorised.connect(f.producer).registerBatch(MATERIAL_2, 1n, KG, [SCHEME], EVIDENCE),
      )
        .to.be.revertedWithCustomError(f.participantRegistry, "AccessControlUnauthorizedAccount")
        .withArgs(await unauthorised.getAddress(), f.CAPACITY_CONSUMER_ROLE);
    });
  });

  describe("transferBatch", function () {
    it("leaves the fixture's root batch and its first portion as expected", async function () {
      const { parts, producer, manufacturer } = await loadFixture(deployPartsFixture);
      const root = await parts.batch(1);
      expect(root.owner).to.equal(producer.address);
      expect(root.quantity).to.equal(ROOT_QUANTITY);
      expect(root.remaining).to.equal(ROOT_QUANTITY - TO_MANUFACTURER);
      expect(root.transferredOut).to.equal(TO_MANUFACTURER);
      expect(root.unit).to.equal(KG);
      expect(root.materialSpec).to.equal(MATERIAL);
      const portion = await parts.batch(2);
      expect(portion.owner).to.equal(manufacturer.address);
      expect(portion.quantity).to.equal(TO_MANUFACTURER);
      expect(portion.remaining).to.equal(TO_MANUFACTURER);
      expect(portion.root).to.equal(1n);
      expect(portion.parent).to.equal(1n);
      expect(await parts.consumed(1)).to.equal(0n);
      expect(await parts.consumed(2)).to.equal(0n);
    });

    it("moves a quantity into a new child batch and emits BatchTransferred", async function () {
      const { parts, producer, manufacturer, manufacturer2 } =
        await loadFixture(deployPartsFixture);
      const byMfg = parts.connect(manufacturer);
      expect(await byMfg.transferBatch.staticCall(2, manufacturer2.address, 100n)).to.equal(3n);
      await expect(byMfg.transferBatch(2, manufacturer2.address, 100n))
        .to.emit(parts, "BatchTransferred")
        .withArgs(2n, 3n, manufacturer2.address, 100n);

      const source = await parts.batch(2);
      expect(source.remaining).to.equal(TO_MANUFACTURER - 100n);
      expect(source.transferredOut).to.equal(100n);
      expect(source.quantity).to.equal(TO_MANUFACTURER);

      const child = await parts.batch(3);
      expect(child.owner).to.equal(manufacturer2.address);
      expect(child.remaining).to.equal(100n);
      expect(child.quantity).to.equal(100n);
      expect(child.transferredOut).to.equal(0n);
      expect(child.root).to.equal(1n);
      expect(child.parent).to.equal(2n);
      expect(child.producer).to.equal(producer.address);
      expect(child.recalled).to.equal(false);
      expect(child.unit).to.equal(KG);
      expect(child.materialSpec).to.equal(MATERIAL);
      expect(await parts.consumed(2)).to.equal(0n);
    });

    it("gives child batch ids in sequence and lets a portion be split again", async function () {
      const { parts, manufacturer, manufacturer2, producer } =
        await loadFixture(deployPartsFixture);
      await parts.connect(manufacturer).transferBatch(2, manufacturer2.address, 100n);
      await expect(parts.connect(producer).transferBatch(1, manufacturer2.address, 50n))
        .to.emit(parts, "BatchTransferred")
        .withArgs(1n, 4n, manufacturer2.address, 50n);
      await expect(parts.connect(manufacturer2).transferBatch(3, manufacturer.address, 40n))
        .to.emit(parts, "BatchTransferred")
        .withArgs(3n, 5n, manufacturer.address, 40n);
      const grandchild = await parts.batch(5);
      expect(grandchild.root).to.equal(1n);
      expect(grandchild.parent).to.equal(3n);
      expect(grandchild.owner).to.equal(manufacturer.address);
      expect((await parts.batch(3)).remaining).to.equal(60n);
    });

    it("transfers to any active participant and accepts the whole remainder", async function () {
      const { parts, manufacturer, testLab } = await loadFixture(deployPartsFixture);
      await expect(parts.connect(manufacturer).transferBatch(2, testLab.address, TO_MANUFACTURER))
        .to.emit(parts, "BatchTransferred")
        .withArgs(2n, 3n, testLab.address, TO_MANUFACTURER);
      expect((await parts.batch(2)).remaining).to.equal(0n);
      await expect(parts.connect(manufacturer).transferBatch(2, testLab.address, 1n))
        .to.be.revertedWithCustomError(parts, "PartRegistryInsufficientBatch")
        .withArgs(2n, 1n, 0n);
    });

    it("refuses an unknown batch", async function () {
      const { parts, manufacturer, manufacturer2 } = await loadFixture(deployPartsFixture);
      for (const id of [0n, 3n, 4_000_000_000n]) {
        await expect(parts.connect(manufacturer).transferBatch(id, manufacturer2.address, 1n))
          .to.be.revertedWithCustomError(parts, "PartRegistryUnknownBatch")
          .withArgs(id);
      }
    });

    it("refuses a caller that does not hold the batch", async function () {
      const { parts, producer, manufacturer, manufacturer2, stranger } =
        await loadFixture(deployPartsFixture);
      await expect(parts.connect(producer).transferBatch(2, manufacturer2.address, 1n))
        .to.be.revertedWithCustomError(parts, "PartRegistryNotBatchOwner")
        .withArgs(2n, producer.address, manufacturer.address);
      await expect(parts.connect(manufacturer).transferBatch(1, manufacturer2.address, 1n))
        .to.be.revertedWithCustomError(parts, "PartRegistryNotBatchOwner")
        .withArgs(1n, manufacturer.address, producer.address);
      await expect(parts.connect(stranger).transferBatch(2, stranger.address, 1n))
        .to.be.revertedWithCustomError(parts, "PartRegistryNotBatchOwner")
        .withArgs(2n, stranger.address, manufacturer.address);
    });

    it("refuses the zero address as recipient and a zero quantity", async function () {
      const { parts, manufacturer, manufacturer2 } = await loadFixture(deployPartsFixture);
      await expect(
        parts.connect(manufacturer).transferBatch(2, ZERO_ADDRESS, 1n),
      ).to.be.revertedWithCustomError(parts, "PartRegistryMissingInput");
      await expect(
        parts.connect(manufacturer).transferBatch(2, manufacturer2.address, 0n),
      ).to.be.revertedWithCustomError(parts, "PartRegistryMissingInput");
    });

    it("refuses a recipient that is not an active participant", async function () {
      const { parts, participantRegistry, registrar, manufacturer, manufacturer2, stranger } =
        await loadFixture(deployPartsFixture);
      await expect(parts.connect(manufacturer).transferBatch(2, stranger.address, 1n))
        .to.be.revertedWithCustomError(parts, "PartRegistryNotAccredited")
        .withArgs(stranger.address);
      await participantRegistry.connect(registrar).suspend(manufacturer2.address, REASON);
      await expect(parts.connect(manufacturer).transferBatch(2, manufacturer2.address, 1n))
        .to.be.revertedWithCustomError(parts, "PartRegistryNotAccredited")
        .withArgs(manufacturer2.address);
    });

    it("refuses a recipient whose accreditation has expired", async function () {
      const {
        parts,
        participantRegistry,
        registrar,
        manufacturer,
        manufacturer2,
        accreditedUntil,
      } = await loadFixture(deployPartsFixture);
      // The sender is renewed; only the recipient lapses.
      await participantRegistry
        .connect(registrar)
        .renew(manufacturer.address, accreditedUntil + 30 * DAY, EVIDENCE);
      await time.increaseTo(accreditedUntil);
      await expect(parts.connect(manufacturer).transferBatch(2, manufacturer2.address, 1n))
        .to.be.revertedWithCustomError(parts, "PartRegistryNotAccredited")
        .withArgs(manufacturer2.address);
    });

    it("refuses a holder whose own accreditation was revoked", async function () {
      const { parts, participantRegistry, registrar, manufacturer, manufacturer2 } =
        await loadFixture(deployPartsFixture);
      await participantRegistry.connect(registrar).revoke(manufacturer.address, EVIDENCE);
      await expect(parts.connect(manufacturer).transferBatch(2, manufacturer2.address, 1n))
        .to.be.revertedWithCustomError(parts, "PartRegistryNotAccredited")
        .withArgs(manufacturer.address);
    });

    it("refuses more than remains, with the requested and remaining quantities", async function () {
      const { parts, manufacturer, manufacturer2 } = await loadFixture(deployPartsFixture);
      await expect(
        parts.connect(manufacturer).transferBatch(2, manufacturer2.address, TO_MANUFACTURER + 1n),
      )
        .to.be.revertedWithCustomError(parts, "PartRegistryInsufficientBatch")
        .withArgs(2n, TO_MANUFACTURER + 1n, TO_MANUFACTURER);
    });

    it("counts consumed material out of what can be transferred", async function () {
      const { parts, manufacturer, manufacturer2 } = await loadFixture(deployPartsFixture);
      await make(parts, manufacturer, "B-1", { inputs: [input(2, 550n)] });
      await expect(parts.connect(manufacturer).transferBatch(2, manufacturer2.address, 51n))
        .to.be.revertedWithCustomError(parts, "PartRegistryInsufficientBatch")
        .withArgs(2n, 51n, 50n);
      await parts.connect(manufacturer).transferBatch(2, manufacturer2.address, 50n);
      const b = await parts.batch(2);
      expect(b.remaining).to.equal(0n);
      expect(b.transferredOut).to.equal(50n);
      expect(await parts.consumed(2)).to.equal(550n);
    });

    it("refuses to transfer any portion of recalled material", async function () {
      const { parts, producer, manufacturer, manufacturer2 } =
        await loadFixture(deployPartsFixture);
      await parts.connect(manufacturer).transferBatch(2, manufacturer2.address, 10n); // batch 3
      await parts.connect(producer).recallBatch(1, REASON);
      await expect(parts.connect(producer).transferBatch(1, manufacturer2.address, 1n))
        .to.be.revertedWithCustomError(parts, "PartRegistryBatchRecalled")
        .withArgs(1n, 1n);
      await expect(parts.connect(manufacturer).transferBatch(2, manufacturer2.address, 1n))
        .to.be.revertedWithCustomError(parts, "PartRegistryBatchRecalled")
        .withArgs(2n, 1n);
      await expect(parts.connect(manufacturer2).transferBatch(3, manufacturer.address, 1n))
        .to.be.revertedWithCustomError(parts, "PartRegistryBatchRecalled")
        .withArgs(3n, 1n);
    });
  });

  describe("recallBatch", function () {
    it("lets the producer recall its root batch and emits BatchRecalled", async function () {
      const { parts, producer } = await loadFixture(deployPartsFixture);
      await expect(parts.connect(producer).recallBatch(1, REASON))
        .to.emit(parts, "BatchRecalled")
        .withArgs(1n, producer.address, REASON);
      expect((await parts.batch(1)).recalled).to.equal(true);
      expect((await parts.batch(2)).recalled).to.equal(true);
    });

    it("lets a registrar recall the root through a portion's id, and reports the root", async function () {
      const { parts, registrar, manufacturer, manufacturer2 } =
        await loadFixture(deployPartsFixture);
      await parts.connect(manufacturer).transferBatch(2, manufacturer2.address, 10n); // batch 3
      await expect(parts.connect(registrar).recallBatch(3, REASON))
        .to.emit(parts, "BatchRecalled")
        .withArgs(1n, registrar.address, REASON);
      for (const id of [1, 2, 3]) expect((await parts.batch(id)).recalled).to.equal(true);
    });

    it("lets the producer recall through a portion it no longer holds", async function () {
      const { parts, producer } = await loadFixture(deployPartsFixture);
      await expect(parts.connect(producer).recallBatch(2, ZERO_HASH))
        .to.emit(parts, "BatchRecalled")
        .withArgs(1n, producer.address, ZERO_HASH);
    });

    it("recalls only the material named, not other root batches", async function () {
      const { parts, producer } = await loadFixture(deployPartsFixture);
      await parts.connect(producer).registerBatch(MATERIAL_2, 10n, KG, [SCHEME], EVIDENCE);
      await parts.connect(producer).recallBatch(3, REASON);
      expect((await parts.batch(3)).recalled).to.equal(true);
      expect((await parts.batch(1)).recalled).to.equal(false);
      expect((await parts.batch(2)).recalled).to.equal(false);
    });

    it("refuses anyone but the producer of the material or a registrar", async function () {
      const f = await loadFixture(deployPartsFixture);
      for (const caller of [f.manufacturer, f.producer2, f.governance, f.auditor, f.stranger]) {
        for (const id of [1n, 2n]) {
          await expect(f.parts.connect(caller).recallBatch(id, REASON))
            .to.be.revertedWithCustomError(f.parts, "PartRegistryNotRecaller")
            .withArgs(id, caller.address);
        }
      }
    });

    it("refuses to recall material twice, through any of its batches", async function () {
      const { parts, producer, registrar } = await loadFixture(deployPartsFixture);
      await parts.connect(producer).recallBatch(1, REASON);
      await expect(parts.connect(producer).recallBatch(1, REASON))
        .to.be.revertedWithCustomError(parts, "PartRegistryBatchRecalled")
        .withArgs(1n, 1n);
      await expect(parts.connect(registrar).recallBatch(2, REASON))
        .to.be.revertedWithCustomError(parts, "PartRegistryBatchRecalled")
        .withArgs(2n, 1n);
    });

    it("refuses an unknown batch", async function () {
      const { parts, registrar } = await loadFixture(deployPartsFixture);
      await expect(parts.connect(registrar).recallBatch(7, REASON))
        .to.be.revertedWithCustomError(parts, "PartRegistryUnknownBatch")
        .withArgs(7n);
    });

    it("makes every part that consumed any portion report itself recalled and not conforming", async function () {
      const f = await loadFixture(deployPartsFixture);
      const { parts, producer, manufacturer, manufacturer2, testLab, inspector } = f;
      await parts.connect(producer).registerBatch(MATERIAL_2, 100n, KG, [SCHEME], EVIDENCE); // 3
      await parts.connect(producer).transferBatch(3, manufacturer.address, 100n); // 4
      await parts.connect(manufacturer).transferBatch(2, manufacturer2.address, 100n); // 5

      const direct = await make(parts, manufacturer, "R-1", { inputs: [input(2, 5n)] });
      const mixed = await make(parts, manufacturer, "R-2", {
        inputs: [input(4, 1n), input(2, 1n)],
      });
      const viaPortion = await make(parts, manufacturer2, "R-3", { inputs: [input(5, 1n)] });
      const clean = await make(parts, manufacturer, "R-4", { inputs: [input(4, 1n)] });
      const noMaterial = await make(parts, manufacturer, "R-5");
      const all = [direct, mixed, viaPortion, clean, noMaterial];
      for (const id of all) {
        await parts.connect(testLab).attest(id, Kind.Test, docHash(`test:${id}`), true);
        await parts.connect(inspector).attest(id, Kind.Inspection, docHash(`insp:${id}`), true);
        expect(await parts.isRecalled(id)).to.equal(false);
        expect(await parts.isConforming(id)).to.equal(true);
      }

      await parts.connect(producer).recallBatch(5, REASON);
      for (const id of [direct, mixed, viaPortion]) {
        expect(await parts.isRecalled(id)).to.equal(true);
        expect(await parts.isConforming(id)).to.equal(false);
      }
      for (const id of [clean, noMaterial]) {
        expect(await parts.isRecalled(id)).to.equal(false);
        expect(await parts.isConforming(id)).to.equal(true);
      }
    });

    it("makes a child that consumed recalled material report itself recalled inside its assembly", async function () {
      const f = await loadFixture(deployPartsFixture);
      const { parts, producer, manufacturer } = f;
      const child = await make(parts, manufacturer, "K-1", { inputs: [input(2, 3n)] });
      await conform(f, child);
      const assembly = await make(parts, manufacturer, "ASM-K", { children: [child] });
      await parts.connect(producer).recallBatch(1, REASON);
      expect(await parts.parentOf(child)).to.equal(assembly);
      expect(await parts.isRecalled(child)).to.equal(true);
      expect(await parts.isConforming(child)).to.equal(false);
      // The assembly holding it is recalled too, whatever its own material.
      expect(await parts.isRecalled(assembly)).to.equal(true);
      expect(await parts.isConforming(assembly)).to.equal(false);
    });

    it("refuses any further consumption of any portion of recalled material", async function () {
      const { parts, producer, manufacturer, manufacturer2 } =
        await loadFixture(deployPartsFixture);
      await parts.connect(manufacturer).transferBatch(2, manufacturer2.address, 100n); // 3
      await make(parts, manufacturer, "C-1", { inputs: [input(2, 1n)] });
      await parts.connect(producer).recallBatch(1, REASON);

      // The lot of C-1 already exists: the recall is still enforced.
      await expect(
        parts.connect(manufacturer).makePart(SPEC, serial("C-2"), ZERO_ADDRESS, [input(2, 1n)], []),
      )
        .to.be.revertedWithCustomError(parts, "PartRegistryBatchRecalled")
        .withArgs(2n, 1n);
      await expect(
        parts
          .connect(manufacturer2)
          .makeParts(SPEC, [serial("C-3"), serial("C-4")], [], [input(3, 2n)]),
      )
        .to.be.revertedWithCustomError(parts, "PartRegistryBatchRecalled")
        .withArgs(3n, 1n);
      expect((await parts.batch(2)).remaining).to.equal(TO_MANUFACTURER - 100n - 1n);
      expect((await parts.batch(3)).remaining).to.equal(100n);
    });
  });

  describe("batch views", function () {
    it("reports consumed = quantity - transferredOut - remaining for every batch", async function () {
      const { parts, manufacturer, manufacturer2 } = await loadFixture(deployPartsFixture);
      await parts
        .connect(manufacturer)
        .makeParts(SPEC, [serial("V-1"), serial("V-2"), serial("V-3")], [], [input(2, 10n)]);
      await parts.connect(manufacturer).transferBatch(2, manufacturer2.address, 100n); // 3
      await make(parts, manufacturer2, "V-4", { inputs: [input(3, 7n)] });
      for (const id of [1n, 2n, 3n]) {
        const b = await parts.batch(id);
        expect(await parts.consumed(id)).to.equal(b.quantity - b.transferredOut - b.remaining);
      }
      expect(await parts.consumed(1)).to.equal(0n);
      expect(await parts.consumed(2)).to.equal(30n);
      expect(await parts.consumed(3)).to.equal(7n);
      expect((await parts.batch(2)).remaining).to.equal(TO_MANUFACTURER - 30n - 100n);
    });

    it("refuses unknown batches in batch() and consumed()", async function () {
      const { parts } = await loadFixture(deployPartsFixture);
      await expect(parts.batch(0)).to.be.revertedWithCustomError(parts, "PartRegistryUnknownBatch");
      await expect(parts.batch(3))
        .to.be.revertedWithCustomError(parts, "PartRegistryUnknownBatch")
        .withArgs(3n);
      await expect(parts.consumed(3))
        .to.be.revertedWithCustomError(parts, "PartRegistryUnknownBatch")
        .withArgs(3n);
    });

    it("reads the fixture's root batch registration from its event", async function () {
      const { parts, producer } = await loadFixture(deployPartsFixture);
      const [event] = await parts.queryFilter(parts.filters.BatchRegistered(1n));
      expect(event).to.not.equal(undefined);
      expect(event?.args.producer).to.equal(producer.address);
      expect(event?.args.materialSpec).to.equal(MATERIAL);
      expect(event?.args.quantity).to.equal(ROOT_QUANTITY);
      expect(event?.args.evidenceHash).to.equal(MILL_CERTIFICATE);
      expect([...(event?.args.schemeIds ?? [])]).to.deep.equal([SCHEME]);
    });
  });

  describe("accreditation of the fixture", function () {
    it("gives each participant exactly the role it plays", async function () {
      const f = await loadFixture(deployPartsFixture);
      expect(await f.participantRegistry.isActive(f.producer.address, Role.Producer)).to.equal(
        true,
      );
      expect(await f.participantRegistry.isActive(f.producer.address, Role.Manufacturer)).to.equal(
        false,
      );
      expect((await f.participantRegistry.accreditation(f.customer.address)).roles).to.equal(
        BigInt(roleSet(Role.Customer)),
      );
      expect((await f.participantRegistry.scheme(SCHEME)).documentHash).to.equal(SCHEME_DOCUMENT);
    });
  });
});
