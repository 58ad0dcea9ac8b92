import { expect } from "chai";
import { network } from "hardhat";
import {
  ALL_STATUSES,
  chip,
  chipAnswer,
  conform,
  deployPartsFixture,
  docHash,
  expectedPartId,
  input,
  Kind,
  make,
  PartStatus,
  serial,
  SPEC,
  TO_MANUFACTURER,
  type PartsFixture,
} from "./fixture.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

const ZERO_HASH = ethers.ZeroHash;
const ZERO_ADDRESS = ethers.ZeroAddress;
const REASON = docHash("reason:crack-indication");
const EVIDENCE = docHash("evidence:return-note");
const SPEC_FREE = ethers.id("spec:washer-M8"); // requires no attestation
const CHALLENGE = ethers.id("challenge:parts-test");

/** The fixture plus a second specification with no required attestation kinds. */
async function partsFixture(connection: Parameters<typeof deployPartsFixture>[0]) {
  const f = await deployPartsFixture(connection);
  await f.parts.connect(f.manufacturer).defineSpecification(SPEC_FREE, 0);
  return f;
}

/** `count` serials `<prefix>-0` ... */
function serials(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => serial(`${prefix}-${i}`));
}

/** Sells part `id` (made by the manufacturer with chip `label`) to the customer and activates it. */
async function sellAndActivate(f: PartsFixture, id: bigint, label: string): Promise<void> {
  await conform(f, id);
  await f.parts
    .connect(f.manufacturer)
    .transferFrom(f.manufacturer.address, f.customer.address, id);
  const { blockNumber, signature } = await chipAnswer(f.parts, chip(label), id, CHALLENGE);
  await f.parts.connect(f.customer).activate(id, CHALLENGE, blockNumber, signature);
}

/**
 * Puts a fresh part into `status` and returns it with the signer that owns it: the manufacturer,
 * or the customer for a part in service.
 */
async function partIn(f: PartsFixture, status: PartStatus) {
  const label = `status-${status}`;
  const id = await make(f.parts, f.manufacturer, label, { chipKey: chip(label).address });
  const byMfg = f.parts.connect(f.manufacturer);
  switch (status) {
    case PartStatus.Made:
      return { id, owner: f.manufacturer };
    case PartStatus.InService:
      await sellAndActivate(f, id, label);
      return { id, owner: f.customer };
    case PartStatus.Quarantined:
      await byMfg.quarantine(id, REASON);
      return { id, owner: f.manufacturer };
    case PartStatus.Returned:
      await byMfg.retire(id, PartStatus.Returned, EVIDENCE);
      return { id, owner: f.manufacturer };
    case PartStatus.Recycled:
      await byMfg.retire(id, PartStatus.Returned, EVIDENCE);
      await byMfg.retire(id, PartStatus.Recycled, EVIDENCE);
      return { id, owner: f.manufacturer };
    case PartStatus.Destroyed:
      await byMfg.retire(id, PartStatus.Returned, EVIDENCE);
      await byMfg.retire(id, PartStatus.Destroyed, EVIDENCE);
      return { id, owner: f.manufacturer };
  }
}

/** The moves `retire` allows, from the interface's state machine. */
const RETIRE_MOVES: Record<PartStatus, PartStatus[]> = {
  [PartStatus.Made]: [PartStatus.Returned],
  [PartStatus.InService]: [PartStatus.Returned],
  [PartStatus.Quarantined]: [PartStatus.Destroyed],
  [PartStatus.Returned]: [PartStatus.Recycled, PartStatus.Destroyed],
  [PartStatus.Recycled]: [],
  [PartStatus.Destroyed]: [],
};

const STATUS_NAMES = Object.keys(PartStatus) as (keyof typeof PartStatus)[];
function statusName(status: PartStatus): string {
  return STATUS_NAMES[status] ?? String(status);
}

describe("PartRegistry: parts", function () {
  describe("makePart", function () {
    it("mints the part to its maker, records it and emits Transfer, LotOpened and PartMade", async function () {
      const { parts, manufacturer } = await loadFixture(partsFixture);
      const s = serial("SN-0001");
      const key = chip("one").address;
      const id = expectedPartId(manufacturer.address, s);
      expect(await parts.partIdOf(manufacturer.address, s)).to.equal(id);
      const byMfg = parts.connect(manufacturer);
      expect(await byMfg.makePart.staticCall(SPEC, s, key, [input(2, 10n)], [])).to.equal(id);

      const tx = byMfg.makePart(SPEC, s, key, [input(2, 10n)], []);
      await expect(tx).to.emit(parts, "Transfer").withArgs(ZERO_ADDRESS, manufacturer.address, id);
      await expect(tx)
        .to.emit(parts, "LotOpened")
        .withArgs(1n, manufacturer.address, SPEC, [[2n, 10n]]);
      await expect(tx).to.emit(parts, "PartMade").withArgs(id, 1n, s, key);

      const p = await parts.part(id);
      expect(p.maker).to.equal(manufacturer.address);
      expect(p.owner).to.equal(manufacturer.address);
      expect(p.specHash).to.equal(SPEC);
      expect(p.lot).to.equal(1n);
      expect(p.status).to.equal(BigInt(PartStatus.Made));
      expect(p.chipKey).to.equal(key);
      expect(p.activated).to.equal(false);
      expect(p.passedKinds).to.equal(0n);
      expect(p.parent).to.equal(0n);

      expect(await parts.ownerOf(id)).to.equal(manufacturer.address);
      expect(await parts.balanceOf(manufacturer.address)).to.equal(1n);
      expect((await parts.batch(2)).remaining).to.equal(TO_MANUFACTURER - 10n);
      expect(await parts.consumed(2)).to.equal(10n);
      expect((await parts.partInputs(id)).map((i) => [i.batchId, i.quantity])).to.deep.equal([
        [2n, 10n],
      ]);
      expect(await parts.childrenOf(id)).to.deep.equal([]);
      expect(await parts.isRecalled(id)).to.equal(false);
    });

    it("derives the token id as keccak256(abi.encode(maker, serial))", async function () {
      const { parts, manufacturer, manufacturer2 } = await loadFixture(partsFixture);
      const s = serial("SN-0001");
      const coder = ethers.AbiCoder.defaultAbiCoder();
      for (const maker of [manufacturer.address, manufacturer2.address]) {
        const expected = BigInt(ethers.keccak256(coder.encode(["address", "bytes32"], [maker, s])));
        expect(await parts.partIdOf(maker, s)).to.equal(expected);
      }
      expect(await parts.partIdOf(manufacturer.address, s)).to.not.equal(
        await parts.partIdOf(manufacturer2.address, s),
      );
    });

    it("consumes from several batches and records every input", async function () {
      const { parts, producer, manufacturer } = await loadFixture(partsFixture);
      await parts.connect(producer).transferBatch(1, manufacturer.address, 100n); // batch 3
      const id = await make(parts, manufacturer, "SN-M", {
        inputs: [input(2, 12n), input(3, 3n)],
      });
      expect((await parts.partInputs(id)).map((i) => [i.batchId, i.quantity])).to.deep.equal([
        [2n, 12n],
        [3n, 3n],
      ]);
      expect(await parts.consumed(2)).to.equal(12n);
      expect(await parts.consumed(3)).to.equal(3n);
    });

    it("makes a part with no material inputs and no chip", async function () {
      const { parts, manufacturer } = await loadFixture(partsFixture);
      const s = serial("SN-BARE");
      const id = expectedPartId(manufacturer.address, s);
      await expect(parts.connect(manufacturer).makePart(SPEC, s, ZERO_ADDRESS, [], []))
        .to.emit(parts, "PartMade")
        .withArgs(id, 1n, s, ZERO_ADDRESS);
      expect(await parts.partInputs(id)).to.deep.equal([]);
      expect((await parts.part(id)).chipKey).to.equal(ZERO_ADDRESS);
      expect(await parts.isRecalled(id)).to.equal(false);
    });

    it("reuses the lot for a second identical make, without a second LotOpened", async function () {
      const { parts, manufacturer } = await loadFixture(partsFixture);
      await make(parts, manufacturer, "SN-1", { inputs: [input(2, 10n)] });
      const s2 = serial("SN-2");
      const id2 = expectedPartId(manufacturer.address, s2);
      const tx = parts.connect(manufacturer).makePart(SPEC, s2, ZERO_ADDRESS, [input(2, 10n)], []);
      await expect(tx).to.not.emit(parts, "LotOpened");
      await expect(tx).to.emit(parts, "PartMade").withArgs(id2, 1n, s2, ZERO_ADDRESS);
      expect((await parts.part(id2)).lot).to.equal(1n);
      expect(await parts.consumed(2)).to.equal(20n);
      expect(await parts.balanceOf(manufacturer.address)).to.equal(2n);
    });

    it("opens a new lot for other inputs, another quantity or another specification", async function () {
      const { parts, producer, manufacturer } = await loadFixture(partsFixture);
      await parts.connect(producer).transferBatch(1, manufacturer.address, 100n); // batch 3
      await make(parts, manufacturer, "L-1", { inputs: [input(2, 10n)] }); // lot 1
      const byMfg = parts.connect(manufacturer);
      const cases: [string, string, { batchId: bigint; quantity: bigint }[], bigint][] = [
        ["L-2", SPEC, [input(3, 10n)], 2n],
        ["L-3", SPEC, [input(2, 11n)], 3n],
        ["L-4", SPEC_FREE, [input(2, 10n)], 4n],
        ["L-5", SPEC, [input(2, 10n), input(3, 1n)], 5n],
        ["L-6", SPEC, [], 6n],
      ];
      for (const [label, spec, inputs, lot] of cases) {
        const s = serial(label);
        const tx = byMfg.makePart(spec, s, ZERO_ADDRESS, inputs, []);
        await expect(tx)
          .to.emit(parts, "LotOpened")
          .withArgs(
            lot,
            manufacturer.address,
            spec,
            inputs.map((i) => [i.batchId, i.quantity]),
          );
        await expect(tx)
          .to.emit(parts, "PartMade")
          .withArgs(expectedPartId(manufacturer.address, s), lot, s, ZERO_ADDRESS);
      }
    });

    it("opens separate lots for two makers using the same specification and inputs", async function () {
      const { parts, manufacturer, manufacturer2 } = await loadFixture(partsFixture);
      await make(parts, manufacturer, "SAME");
      const s = serial("SAME");
      await expect(parts.connect(manufacturer2).makePart(SPEC, s, ZERO_ADDRESS, [], []))
        .to.emit(parts, "LotOpened")
        .withArgs(2n, manufacturer2.address, SPEC, []);
      expect((await parts.part(expectedPartId(manufacturer2.address, s))).maker).to.equal(
        manufacturer2.address,
      );
    });

    it("accepts eight inputs, even from the same batch, and consumes their sum", async function () {
      const { parts, manufacturer } = await loadFixture(partsFixture);
      const inputs = Array.from({ length: 8 }, () => input(2, 5n));
      await make(parts, manufacturer, "EIGHT", { inputs });
      expect(await parts.consumed(2)).to.equal(40n);
    });

    it("refuses callers that are not active manufacturers or remanufacturers (a non-accredited maker)", async function () {
      const f = await loadFixture(partsFixture);
      for (const caller of [f.producer, f.customer, f.testLab, f.inspector, f.stranger]) {
        await expect(f.parts.connect(caller).makePart(SPEC, serial("X"), ZERO_ADDRESS, [], []))
          .to.be.revertedWithCustomError(f.parts, "PartRegistryNotAccredited")
          .withArgs(caller.address);
      }
    });

    it("refuses a suspended manufacturer", async function () {
      const { parts, participantRegistry, registrar, manufacturer } =
        await loadFixture(partsFixture);
      await participantRegistry.connect(registrar).suspend(manufacturer.address, REASON);
      await expect(
        parts.connect(manufacturer).makePart(SPEC, serial("X"), ZERO_ADDRESS, [input(2, 1n)], []),
      )
        .to.be.revertedWithCustomError(parts, "PartRegistryNotAccredited")
        .withArgs(manufacturer.address);
      await expect(parts.connect(manufacturer).makeParts(SPEC, [serial("X")], [], []))
        .to.be.revertedWithCustomError(parts, "PartRegistryNotAccredited")
        .withArgs(manufacturer.address);
    });

    it("refuses a manufacturer whose accreditation has expired or was revoked", async function () {
      const {
        parts,
        participantRegistry,
        registrar,
        manufacturer,
        manufacturer2,
        accreditedUntil,
      } = await loadFixture(partsFixture);
      await participantRegistry.connect(registrar).revoke(manufacturer2.address, REASON);
      await expect(parts.connect(manufacturer2).makePart(SPEC, serial("X"), ZERO_ADDRESS, [], []))
        .to.be.revertedWithCustomError(parts, "PartRegistryNotAccredited")
        .withArgs(manufacturer2.address);
      await time.increaseTo(accreditedUntil);
      await expect(parts.connect(manufacturer).makePart(SPEC, serial("X"), ZERO_ADDRESS, [], []))
        .to.be.revertedWithCustomError(parts, "PartRegistryNotAccredited")
        .withArgs(manufacturer.address);
    });

    it("refuses an unknown specification", async function () {
      const { parts, manufacturer } = await loadFixture(partsFixture);
      const unknown = ethers.id("spec:unknown");
      await expect(parts.connect(manufacturer).makePart(unknown, serial("X"), ZERO_ADDRESS, [], []))
        .to.be.revertedWithCustomError(parts, "PartRegistryUnknownSpecification")
        .withArgs(unknown);
      await expect(
        parts.connect(manufacturer).makePart(ZERO_HASH, serial("X"), ZERO_ADDRESS, [], []),
      )
        .to.be.revertedWithCustomError(parts, "PartRegistryUnknownSpecification")
        .withArgs(ZERO_HASH);
    });

    it("refuses more than eight inputs with TooMany(9, 8)", async function () {
      const { parts, manufacturer } = await loadFixture(partsFixture);
      const inputs = Array.from({ length: 9 }, () => input(2, 1n));
      await expect(
        parts.connect(manufacturer).makePart(SPEC, serial("X"), ZERO_ADDRESS, inputs, []),
      )
        .to.be.revertedWithCustomError(parts, "PartRegistryTooMany")
        .withArgs(9n, 8n);
    });

    it("refuses an input with a zero quantity", async function () {
      const { parts, manufacturer } = await loadFixture(partsFixture);
      await expect(
        parts
          .connect(manufacturer)
          .makePart(SPEC, serial("X"), ZERO_ADDRESS, [input(2, 1n), input(2, 0n)], []),
      ).to.be.revertedWithCustomError(parts, "PartRegistryMissingInput");
    });

    it("refuses an unknown batch", async function () {
      const { parts, manufacturer } = await loadFixture(partsFixture);
      await expect(
        parts.connect(manufacturer).makePart(SPEC, serial("X"), ZERO_ADDRESS, [input(99, 1n)], []),
      )
        .to.be.revertedWithCustomError(parts, "PartRegistryUnknownBatch")
        .withArgs(99n);
    });

    it("refuses a batch the maker does not hold", async function () {
      const { parts, producer, manufacturer, manufacturer2 } = await loadFixture(partsFixture);
      await expect(
        parts.connect(manufacturer).makePart(SPEC, serial("X"), ZERO_ADDRESS, [input(1, 1n)], []),
      )
        .to.be.revertedWithCustomError(parts, "PartRegistryNotBatchOwner")
        .withArgs(1n, manufacturer.address, producer.address);
      await expect(
        parts.connect(manufacturer2).makePart(SPEC, serial("X"), ZERO_ADDRESS, [input(2, 1n)], []),
      )
        .to.be.revertedWithCustomError(parts, "PartRegistryNotBatchOwner")
        .withArgs(2n, manufacturer2.address, manufacturer.address);
    });

    it("refuses consumption beyond a batch, with the exact quantities", async function () {
      const { parts, manufacturer } = await loadFixture(partsFixture);
      const byMfg = parts.connect(manufacturer);
      await expect(
        byMfg.makePart(SPEC, serial("X"), ZERO_ADDRESS, [input(2, TO_MANUFACTURER + 1n)], []),
      )
        .to.be.revertedWithCustomError(parts, "PartRegistryInsufficientBatch")
        .withArgs(2n, TO_MANUFACTURER + 1n, TO_MANUFACTURER);

      await make(parts, manufacturer, "BIG", { inputs: [input(2, 590n)] });
      await expect(byMfg.makePart(SPEC, serial("X"), ZERO_ADDRESS, [input(2, 11n)], []))
        .to.be.revertedWithCustomError(parts, "PartRegistryInsufficientBatch")
        .withArgs(2n, 11n, 10n);
      await make(parts, manufacturer, "LAST", { inputs: [input(2, 10n)] });
      expect((await parts.batch(2)).remaining).to.equal(0n);
      await expect(byMfg.makePart(SPEC, serial("Y"), ZERO_ADDRESS, [input(2, 1n)], []))
        .to.be.revertedWithCustomError(parts, "PartRegistryInsufficientBatch")
        .withArgs(2n, 1n, 0n);
    });

    it("refuses two inputs from one batch that together exceed it", async function () {
      const { parts, manufacturer } = await loadFixture(partsFixture);
      await expect(
        parts
          .connect(manufacturer)
          .makePart(SPEC, serial("X"), ZERO_ADDRESS, [input(2, 400n), input(2, 300n)], []),
      )
        .to.be.revertedWithCustomError(parts, "PartRegistryInsufficientBatch")
        .withArgs(2n, 300n, 200n);
      expect((await parts.batch(2)).remaining).to.equal(TO_MANUFACTURER);
    });

    it("refuses a serial the maker already used", async function () {
      const { parts, manufacturer } = await loadFixture(partsFixture);
      const id = await make(parts, manufacturer, "DUP", { inputs: [input(2, 1n)] });
      await expect(
        parts.connect(manufacturer).makePart(SPEC_FREE, serial("DUP"), ZERO_ADDRESS, [], []),
      )
        .to.be.revertedWithCustomError(parts, "PartRegistryPartExists")
        .withArgs(id);
      expect(await parts.consumed(2)).to.equal(1n);
    });

    it("refuses more than 32 children with TooMany(33, 32)", async function () {
      const { parts, manufacturer } = await loadFixture(partsFixture);
      const children = Array.from({ length: 33 }, (_, i) => BigInt(i + 1));
      await expect(
        parts.connect(manufacturer).makePart(SPEC, serial("X"), ZERO_ADDRESS, [], children),
      )
        .to.be.revertedWithCustomError(parts, "PartRegistryTooMany")
        .withArgs(33n, 32n);
    });
  });

  describe("makeParts", function () {
    it("makes a run without chips: one lot, consumption times count, a Transfer and PartMade per part", async function () {
      const { parts, manufacturer } = await loadFixture(partsFixture);
      const run = serials("RUN", 10);
      const ids = run.map((s) => expectedPartId(manufacturer.address, s));
      const byMfg = parts.connect(manufacturer);
      expect(await byMfg.makeParts.staticCall(SPEC, run, [], [input(2, 5n)])).to.equal(ids[0]);

      const tx = await byMfg.makeParts(SPEC, run, [], [input(2, 5n)]);
      const receipt = await tx.wait();
      await expect(tx)
        .to.emit(parts, "LotOpened")
        .withArgs(1n, manufacturer.address, SPEC, [[2n, 5n]]);
      for (const [i, s] of run.entries()) {
        const id = ids[i];
        await expect(tx)
          .to.emit(parts, "Transfer")
          .withArgs(ZERO_ADDRESS, manufacturer.address, id);
        await expect(tx).to.emit(parts, "PartMade").withArgs(id, 1n, s, ZERO_ADDRESS);
      }
      const names = (receipt?.logs ?? []).map((log) => parts.interface.parseLog(log)?.name);
      expect(names.filter((n) => n === "LotOpened")).to.have.length(1);
      expect(names.filter((n) => n === "Transfer")).to.have.length(10);
      expect(names.filter((n) => n === "PartMade")).to.have.length(10);

      expect(await parts.balanceOf(manufacturer.address)).to.equal(10n);
      expect((await parts.batch(2)).remaining).to.equal(TO_MANUFACTURER - 50n);
      expect(await parts.consumed(2)).to.equal(50n);
      for (const id of ids) {
        expect(await parts.ownerOf(id)).to.equal(manufacturer.address);
        const p = await parts.part(id);
        expect(p.lot).to.equal(1n);
        expect(p.chipKey).to.equal(ZERO_ADDRESS);
        expect(p.status).to.equal(BigInt(PartStatus.Made));
        expect((await parts.partInputs(id)).map((i) => [i.batchId, i.quantity])).to.deep.equal([
          [2n, 5n],
        ]);
      }
    });

    it("makes a run with one chip key per part", async function () {
      const { parts, manufacturer } = await loadFixture(partsFixture);
      const run = serials("CHIP", 10);
      const keys = run.map((_, i) => chip(`run-${i}`).address);
      const tx = await parts.connect(manufacturer).makeParts(SPEC, run, keys, [input(2, 3n)]);
      for (const [i, s] of run.entries()) {
        const id = expectedPartId(manufacturer.address, s);
        await expect(tx).to.emit(parts, "PartMade").withArgs(id, 1n, s, keys[i]);
        expect((await parts.part(id)).chipKey).to.equal(keys[i]);
      }
      expect(await parts.consumed(2)).to.equal(30n);
    });

    it("adds to the balance of a maker that already holds parts, and shares the lot with makePart", async function () {
      const { parts, manufacturer } = await loadFixture(partsFixture);
      await make(parts, manufacturer, "SOLO", { inputs: [input(2, 2n)] });
      const tx = parts.connect(manufacturer).makeParts(SPEC, serials("R", 3), [], [input(2, 2n)]);
      await expect(tx).to.not.emit(parts, "LotOpened");
      await expect(tx).to.changeTokenBalance(ethers, parts, manufacturer, 3n);
      expect(await parts.balanceOf(manufacturer.address)).to.equal(4n);
      expect(await parts.consumed(2)).to.equal(8n);
    });

    it("makes a run of one part with no material", async function () {
      const { parts, manufacturer } = await loadFixture(partsFixture);
      const [one] = serials("ONE", 1);
      await expect(parts.connect(manufacturer).makeParts(SPEC, [one ?? ZERO_HASH], [], []))
        .to.emit(parts, "PartMade")
        .withArgs(expectedPartId(manufacturer.address, one ?? ZERO_HASH), 1n, one, ZERO_ADDRESS);
      expect(await parts.balanceOf(manufacturer.address)).to.equal(1n);
    });

    it("accepts a run of exactly 500 parts", async function () {
      const { parts, manufacturer } = await loadFixture(partsFixture);
      const run = serials("MAX", 500);
      await parts.connect(manufacturer).makeParts(SPEC_FREE, run, [], [input(2, 1n)]);
      expect(await parts.balanceOf(manufacturer.address)).to.equal(500n);
      expect(await parts.consumed(2)).to.equal(500n);
      const last = run[499] ?? ZERO_HASH;
      expect(await parts.ownerOf(expectedPartId(manufacturer.address, last))).to.equal(
        manufacturer.address,
      );
    });

    it("refuses an empty run", async function () {
      const { parts, manufacturer } = await loadFixture(partsFixture);
      await expect(
        parts.connect(manufacturer).makeParts(SPEC, [], [], [input(2, 1n)]),
      ).to.be.revertedWithCustomError(parts, "PartRegistryMissingInput");
    });

    it("refuses a run of more than 500 with TooMany(501, 500)", async function () {
      const { parts, manufacturer } = await loadFixture(partsFixture);
      await expect(parts.connect(manufacturer).makeParts(SPEC, serials("OVER", 501), [], []))
        .to.be.revertedWithCustomError(parts, "PartRegistryTooMany")
        .withArgs(501n, 500n);
    });

    it("refuses chip keys that are not one per serial", async function () {
      const { parts, manufacturer } = await loadFixture(partsFixture);
      const keys = [chip("a").address, chip("b").address];
      await expect(parts.connect(manufacturer).makeParts(SPEC, serials("LM", 3), keys, []))
        .to.be.revertedWithCustomError(parts, "PartRegistryLengthMismatch")
        .withArgs(3n, 2n);
      const more = [...keys, chip("c").address, chip("d").address];
      await expect(parts.connect(manufacturer).makeParts(SPEC, serials("LM", 3), more, []))
        .to.be.revertedWithCustomError(parts, "PartRegistryLengthMismatch")
        .withArgs(3n, 4n);
    });

    it("refuses a serial repeated inside the run, or already used", async function () {
      const { parts, manufacturer } = await loadFixture(partsFixture);
      const [a, b] = serials("D", 2) as [string, string];
      await expect(parts.connect(manufacturer).makeParts(SPEC, [a, b, a], [], [input(2, 1n)]))
        .to.be.revertedWithCustomError(parts, "PartRegistryPartExists")
        .withArgs(expectedPartId(manufacturer.address, a));
      expect(await parts.balanceOf(manufacturer.address)).to.equal(0n);
      expect(await parts.consumed(2)).to.equal(0n);

      await parts.connect(manufacturer).makeParts(SPEC, [a], [], []);
      await expect(parts.connect(manufacturer).makeParts(SPEC, [b, a], [], []))
        .to.be.revertedWithCustomError(parts, "PartRegistryPartExists")
        .withArgs(expectedPartId(manufacturer.address, a));
    });

    it("refuses a run that would consume beyond a batch, with quantity times count", async function () {
      const { parts, manufacturer } = await loadFixture(partsFixture);
      await expect(
        parts.connect(manufacturer).makeParts(SPEC, serials("C", 10), [], [input(2, 61n)]),
      )
        .to.be.revertedWithCustomError(parts, "PartRegistryInsufficientBatch")
        .withArgs(2n, 610n, TO_MANUFACTURER);
      await parts.connect(manufacturer).makeParts(SPEC, serials("C", 10), [], [input(2, 60n)]);
      expect((await parts.batch(2)).remaining).to.equal(0n);
    });

    it("refuses the other make refusals too: unknown specification, too many inputs, foreign batch", async function () {
      const { parts, manufacturer, producer } = await loadFixture(partsFixture);
      const byMfg = parts.connect(manufacturer);
      const unknown = ethers.id("spec:unknown");
      await expect(byMfg.makeParts(unknown, serials("U", 2), [], []))
        .to.be.revertedWithCustomError(parts, "PartRegistryUnknownSpecification")
        .withArgs(unknown);
      const nine = Array.from({ length: 9 }, () => input(2, 1n));
      await expect(byMfg.makeParts(SPEC, serials("U", 2), [], nine))
        .to.be.revertedWithCustomError(parts, "PartRegistryTooMany")
        .withArgs(9n, 8n);
      await expect(byMfg.makeParts(SPEC, serials("U", 2), [], [input(1, 1n)]))
        .to.be.revertedWithCustomError(parts, "PartRegistryNotBatchOwner")
        .withArgs(1n, manufacturer.address, producer.address);
      await expect(
        byMfg.makeParts(SPEC, serials("U", 2), [], [input(2, 0n)]),
      ).to.be.revertedWithCustomError(parts, "PartRegistryMissingInput");
    });
  });

  describe("assemblies", function () {
    /** The manufacturer makes three children and an assembly holding them. */
    async function assemblyFixture(connection: Parameters<typeof deployPartsFixture>[0]) {
      const f = await partsFixture(connection);
      const c1 = await make(f.parts, f.manufacturer, "C-1", { spec: SPEC_FREE });
      const c2 = await make(f.parts, f.manufacturer, "C-2", { spec: SPEC_FREE });
      const c3 = await make(f.parts, f.manufacturer, "C-3", { spec: SPEC_FREE });
      const parent = await make(f.parts, f.manufacturer, "ASM-1", {
        inputs: [input(2, 4n)],
        children: [c1, c2, c3],
      });
      return { ...f, c1, c2, c3, parent };
    }

    for (const [label, status] of [
      ["quarantined", PartStatus.Quarantined],
      ["returned", PartStatus.Returned],
    ] as const) {
      it(`refuses to build in a ${label} part`, async function () {
        const { parts, manufacturer } = await loadFixture(partsFixture);
        const child = await make(parts, manufacturer, `C-${label}`, { spec: SPEC_FREE });
        if (status === PartStatus.Quarantined) {
          await parts.connect(manufacturer).quarantine(child, REASON);
        } else {
          await parts.connect(manufacturer).retire(child, PartStatus.Returned, EVIDENCE);
        }
        await expect(
          parts
            .connect(manufacturer)
            .makePart(SPEC, serial(`ASM-${label}`), ZERO_ADDRESS, [], [child]),
        )
          .to.be.revertedWithCustomError(parts, "PartRegistryUnusablePart")
          .withArgs(child, status);
      });
    }

    it("takes the children into the registry's custody and links them both ways", async function () {
      const { parts, partsAddress, manufacturer } = await loadFixture(partsFixture);
      const c1 = await make(parts, manufacturer, "C-1", { spec: SPEC_FREE });
      const c2 = await make(parts, manufacturer, "C-2", { spec: SPEC_FREE });
      const s = serial("ASM-1");
      const parent = expectedPartId(manufacturer.address, s);
      const tx = parts.connect(manufacturer).makePart(SPEC, s, ZERO_ADDRESS, [], [c1, c2]);
      await expect(tx).to.emit(parts, "PartAssembled").withArgs(parent, c1);
      await expect(tx).to.emit(parts, "PartAssembled").withArgs(parent, c2);
      await expect(tx).to.emit(parts, "Transfer").withArgs(manufacturer.address, partsAddress, c1);
      await expect(tx).to.emit(parts, "Transfer").withArgs(manufacturer.address, partsAddress, c2);
      await expect(tx)
        .to.emit(parts, "Transfer")
        .withArgs(ZERO_ADDRESS, manufacturer.address, parent);

      for (const child of [c1, c2]) {
        expect(await parts.ownerOf(child)).to.equal(partsAddress);
        expect(await parts.parentOf(child)).to.equal(parent);
        const p = await parts.part(child);
        expect(p.parent).to.equal(parent);
        expect(p.owner).to.equal(partsAddress);
        expect(p.maker).to.equal(manufacturer.address);
      }
      expect(await parts.childrenOf(parent)).to.deep.equal([c1, c2]);
      expect(await parts.parentOf(parent)).to.equal(0n);
      expect(await parts.ownerOf(parent)).to.equal(manufacturer.address);
      expect(await parts.balanceOf(manufacturer.address)).to.equal(1n);
      expect(await parts.balanceOf(partsAddress)).to.equal(2n);
    });

    it("assembles a child made by another maker and bought by the assembler", async function () {
      const { parts, partsAddress, manufacturer, manufacturer2 } = await loadFixture(partsFixture);
      const bought = await make(parts, manufacturer2, "SUP-1", { spec: SPEC_FREE });
      await parts
        .connect(manufacturer2)
        .transferFrom(manufacturer2.address, manufacturer.address, bought);
      const parent = await make(parts, manufacturer, "ASM-B", { children: [bought] });
      expect(await parts.ownerOf(bought)).to.equal(partsAddress);
      expect(await parts.parentOf(bought)).to.equal(parent);
      expect(await parts.balanceOf(manufacturer2.address)).to.equal(0n);
    });

    it("accepts exactly 32 children", async function () {
      const { parts, partsAddress, manufacturer } = await loadFixture(partsFixture);
      const run = serials("K", 32);
      await parts.connect(manufacturer).makeParts(SPEC_FREE, run, [], []);
      const children = run.map((s) => expectedPartId(manufacturer.address, s));
      const parent = await make(parts, manufacturer, "BIG-ASM", { children });
      expect(await parts.childrenOf(parent)).to.deep.equal(children);
      expect(await parts.balanceOf(partsAddress)).to.equal(32n);
      expect(await parts.balanceOf(manufacturer.address)).to.equal(1n);
    });

    it("refuses a child the maker does not hold", async function () {
      const { parts, manufacturer, manufacturer2 } = await loadFixture(partsFixture);
      const foreign = await make(parts, manufacturer2, "F-1", { spec: SPEC_FREE });
      await expect(
        parts.connect(manufacturer).makePart(SPEC, serial("A"), ZERO_ADDRESS, [], [foreign]),
      )
        .to.be.revertedWithCustomError(parts, "PartRegistryNotPartOwner")
        .withArgs(foreign, manufacturer.address);
    });

    it("refuses a child already built into another assembly, and a child listed twice", async function () {
      const { parts, manufacturer, c1, c2 } = await loadFixture(assemblyFixture);
      await expect(parts.connect(manufacturer).makePart(SPEC, serial("A"), ZERO_ADDRESS, [], [c1]))
        .to.be.revertedWithCustomError(parts, "PartRegistryNotPartOwner")
        .withArgs(c1, manufacturer.address);
      const free = await make(parts, manufacturer, "FREE", { spec: SPEC_FREE });
      await expect(
        parts.connect(manufacturer).makePart(SPEC, serial("B"), ZERO_ADDRESS, [], [free, free]),
      )
        .to.be.revertedWithCustomError(parts, "PartRegistryNotPartOwner")
        .withArgs(free, manufacturer.address);
      expect(await parts.parentOf(c2)).to.not.equal(0n);
    });

    it("refuses an unknown child", async function () {
      const { parts, manufacturer } = await loadFixture(partsFixture);
      const unknown = expectedPartId(manufacturer.address, serial("NEVER-MADE"));
      await expect(
        parts.connect(manufacturer).makePart(SPEC, serial("A"), ZERO_ADDRESS, [], [unknown]),
      )
        .to.be.revertedWithCustomError(parts, "PartRegistryUnknownPart")
        .withArgs(unknown);
    });

    it("refuses to build a part into itself", async function () {
      const { parts, manufacturer } = await loadFixture(partsFixture);
      const s = serial("SELF");
      const self = await parts.partIdOf(manufacturer.address, s);
      await expect(parts.connect(manufacturer).makePart(SPEC, s, ZERO_ADDRESS, [], [self]))
        .to.be.revertedWithCustomError(parts, "PartRegistrySelfAssembly")
        .withArgs(self);
    });

    it("refuses any transfer of an assembled child, by its former owner or anyone", async function () {
      const f = await loadFixture(assemblyFixture);
      const { parts, partsAddress, manufacturer, stranger, c1, parent } = f;
      for (const caller of [manufacturer, stranger]) {
        await expect(parts.connect(caller).transferFrom(partsAddress, caller.address, c1))
          .to.be.revertedWithCustomError(parts, "PartRegistryPartAssembled")
          .withArgs(c1, parent);
        await expect(parts.connect(caller).transferFrom(manufacturer.address, stranger.address, c1))
          .to.be.revertedWithCustomError(parts, "PartRegistryPartAssembled")
          .withArgs(c1, parent);
        await expect(
          parts
            .connect(caller)
            ["safeTransferFrom(address,address,uint256)"](partsAddress, caller.address, c1),
        )
          .to.be.revertedWithCustomError(parts, "PartRegistryPartAssembled")
          .withArgs(c1, parent);
      }
      expect(await parts.ownerOf(c1)).to.equal(partsAddress);
    });

    it("refuses to let anyone approve an assembled child", async function () {
      const { parts, manufacturer, stranger, c1 } = await loadFixture(assemblyFixture);
      await expect(parts.connect(manufacturer).approve(stranger.address, c1))
        .to.be.revertedWithCustomError(parts, "ERC721InvalidApprover")
        .withArgs(manufacturer.address);
    });

    it("refuses a part sent into the registry by transfer", async function () {
      const { parts, partsAddress, manufacturer } = await loadFixture(partsFixture);
      const id = await make(parts, manufacturer, "IN");
      await expect(parts.connect(manufacturer).transferFrom(manufacturer.address, partsAddress, id))
        .to.be.revertedWithCustomError(parts, "ERC721InvalidReceiver")
        .withArgs(partsAddress);
      await expect(
        parts
          .connect(manufacturer)
          ["safeTransferFrom(address,address,uint256)"](manufacturer.address, partsAddress, id),
      )
        .to.be.revertedWithCustomError(parts, "ERC721InvalidReceiver")
        .withArgs(partsAddress);
      expect(await parts.ownerOf(id)).to.equal(manufacturer.address);
    });

    it("moves the whole tree with the assembly when the assembly is sold", async function () {
      const { parts, partsAddress, manufacturer, customer, c1, parent } =
        await loadFixture(assemblyFixture);
      await parts
        .connect(manufacturer)
        .transferFrom(manufacturer.address, customer.address, parent);
      expect(await parts.ownerOf(parent)).to.equal(customer.address);
      expect(await parts.ownerOf(c1)).to.equal(partsAddress);
      expect(await parts.parentOf(c1)).to.equal(parent);
    });

    describe("disassemble", function () {
      it("gives the child back to the assembly's owner and emits PartDisassembled", async function () {
        const { parts, partsAddress, manufacturer, c1, c2, c3, parent } =
          await loadFixture(assemblyFixture);
        const tx = parts.connect(manufacturer).disassemble(c1, REASON);
        await expect(tx)
          .to.emit(parts, "PartDisassembled")
          .withArgs(parent, c1, manufacturer.address, REASON);
        await expect(tx)
          .to.emit(parts, "Transfer")
          .withArgs(partsAddress, manufacturer.address, c1);
        expect(await parts.ownerOf(c1)).to.equal(manufacturer.address);
        expect(await parts.parentOf(c1)).to.equal(0n);
        expect((await parts.part(c1)).parent).to.equal(0n);
        expect(await parts.childrenOf(parent)).to.deep.equal([c3, c2]);
        expect(await parts.balanceOf(manufacturer.address)).to.equal(2n);
        expect(await parts.balanceOf(partsAddress)).to.equal(2n);
      });

      it("shrinks the children list down to empty, whichever child goes first", async function () {
        const { parts, manufacturer, c1, c2, c3, parent } = await loadFixture(assemblyFixture);
        const byMfg = parts.connect(manufacturer);
        await byMfg.disassemble(c3, REASON); // the last one
        expect(await parts.childrenOf(parent)).to.deep.equal([c1, c2]);
        await byMfg.disassemble(c1, REASON); // the first one
        expect(await parts.childrenOf(parent)).to.deep.equal([c2]);
        await byMfg.disassemble(c2, REASON); // the only one
        expect(await parts.childrenOf(parent)).to.deep.equal([]);
        await expect(byMfg.disassemble(c2, REASON))
          .to.be.revertedWithCustomError(parts, "PartRegistryNotAssembled")
          .withArgs(c2);
      });

      it("lets a freed child be transferred and assembled again", async function () {
        const { parts, partsAddress, manufacturer, customer, c1, c2 } =
          await loadFixture(assemblyFixture);
        await parts.connect(manufacturer).disassemble(c1, REASON);
        await parts.connect(manufacturer).transferFrom(manufacturer.address, customer.address, c1);
        expect(await parts.ownerOf(c1)).to.equal(customer.address);
        await parts.connect(manufacturer).disassemble(c2, REASON);
        const again = await make(parts, manufacturer, "ASM-2", { children: [c2] });
        expect(await parts.parentOf(c2)).to.equal(again);
        expect(await parts.ownerOf(c2)).to.equal(partsAddress);
      });

      it("lets a service provider or remanufacturer that owns the assembly take a child out", async function () {
        const f = await loadFixture(assemblyFixture);
        const { parts, manufacturer, serviceProvider, remanufacturer, c1, c2, parent } = f;
        await parts
          .connect(manufacturer)
          .transferFrom(manufacturer.address, serviceProvider.address, parent);
        await expect(parts.connect(serviceProvider).disassemble(c1, REASON))
          .to.emit(parts, "PartDisassembled")
          .withArgs(parent, c1, serviceProvider.address, REASON);
        expect(await parts.ownerOf(c1)).to.equal(serviceProvider.address);

        await parts
          .connect(serviceProvider)
          .transferFrom(serviceProvider.address, remanufacturer.address, parent);
        await expect(parts.connect(remanufacturer).disassemble(c2, ZERO_HASH))
          .to.emit(parts, "PartDisassembled")
          .withArgs(parent, c2, remanufacturer.address, ZERO_HASH);
        expect(await parts.ownerOf(c2)).to.equal(remanufacturer.address);
      });

      it("refuses callers that do not own the assembly", async function () {
        const { parts, manufacturer, manufacturer2, serviceProvider, registrar, c1, parent } =
          await loadFixture(assemblyFixture);
        for (const caller of [manufacturer2, serviceProvider, registrar]) {
          await expect(parts.connect(caller).disassemble(c1, REASON))
            .to.be.revertedWithCustomError(parts, "PartRegistryNotPartOwner")
            .withArgs(parent, caller.address);
        }
        expect(await parts.ownerOf(parent)).to.equal(manufacturer.address);
      });

      it("refuses an owner that is not an active manufacturer, service provider or remanufacturer", async function () {
        const { parts, participantRegistry, registrar, manufacturer, customer, c1, parent } =
          await loadFixture(assemblyFixture);
        await participantRegistry.connect(registrar).suspend(manufacturer.address, REASON);
        await expect(parts.connect(manufacturer).disassemble(c1, REASON))
          .to.be.revertedWithCustomError(parts, "PartRegistryNotAccredited")
          .withArgs(manufacturer.address);
        await participantRegistry.connect(registrar).reinstate(manufacturer.address);

        await parts
          .connect(manufacturer)
          .transferFrom(manufacturer.address, customer.address, parent);
        await expect(parts.connect(customer).disassemble(c1, REASON))
          .to.be.revertedWithCustomError(parts, "PartRegistryNotAccredited")
          .withArgs(customer.address);
      });

      it("refuses a part that is not in an assembly", async function () {
        const { parts, manufacturer, parent } = await loadFixture(assemblyFixture);
        const unknown = expectedPartId(manufacturer.address, serial("NEVER-MADE"));
        for (const id of [parent, unknown, 0n]) {
          await expect(parts.connect(manufacturer).disassemble(id, REASON))
            .to.be.revertedWithCustomError(parts, "PartRegistryNotAssembled")
            .withArgs(id);
        }
      });

      it("keeps a nested assembly closed while its parent is built into another", async function () {
        const f = await loadFixture(assemblyFixture);
        const { parts, partsAddress, manufacturer, c1, parent } = f;
        await conform(f, parent);
        const outer = await make(parts, manufacturer, "OUTER", { children: [parent] });
        expect(await parts.parentOf(parent)).to.equal(outer);
        expect(await parts.childrenOf(outer)).to.deep.equal([parent]);
        expect(await parts.ownerOf(parent)).to.equal(partsAddress);

        await expect(parts.connect(manufacturer).disassemble(c1, REASON))
          .to.be.revertedWithCustomError(parts, "PartRegistryNotPartOwner")
          .withArgs(parent, manufacturer.address);
        await expect(
          parts.connect(manufacturer).transferFrom(partsAddress, manufacturer.address, parent),
        )
          .to.be.revertedWithCustomError(parts, "PartRegistryPartAssembled")
          .withArgs(parent, outer);

        await expect(parts.connect(manufacturer).disassemble(parent, REASON))
          .to.emit(parts, "PartDisassembled")
          .withArgs(outer, parent, manufacturer.address, REASON);
        await expect(parts.connect(manufacturer).disassemble(c1, REASON))
          .to.emit(parts, "PartDisassembled")
          .withArgs(parent, c1, manufacturer.address, REASON);
      });
    });
  });

  describe("attest and isConforming", function () {
    it("lets a test lab, an inspector and a service provider attest, and emits Attested", async function () {
      const { parts, manufacturer, testLab, inspector, serviceProvider } =
        await loadFixture(partsFixture);
      const id = await make(parts, manufacturer, "A-1");
      const cases = [
        [testLab, Kind.Test, true],
        [inspector, Kind.Inspection, true],
        [serviceProvider, Kind.Service, false],
        [testLab, Kind.Measurement, true],
        [inspector, Kind.Calibration, true],
        [serviceProvider, Kind.Repair, true],
      ] as const;
      for (const [attester, kind, passed] of cases) {
        const data = docHash(`report:${kind}`);
        await expect(parts.connect(attester).attest(id, kind, data, passed))
          .to.emit(parts, "Attested")
          .withArgs(id, attester.address, kind, passed, data);
      }
      const expected =
        (1 << Kind.Test) |
        (1 << Kind.Inspection) |
        (1 << Kind.Measurement) |
        (1 << Kind.Calibration) |
        (1 << Kind.Repair);
      expect((await parts.part(id)).passedKinds).to.equal(BigInt(expected));
    });

    it("refuses attesters that are not active test labs, inspectors or service providers", async function () {
      const f = await loadFixture(partsFixture);
      const id = await make(f.parts, f.manufacturer, "A-1");
      for (const caller of [
        f.manufacturer,
        f.customer,
        f.producer,
        f.remanufacturer,
        f.auditor,
        f.registrar,
        f.stranger,
      ]) {
        await expect(f.parts.connect(caller).attest(id, Kind.Test, docHash("r"), true))
          .to.be.revertedWithCustomError(f.parts, "PartRegistryNotAccredited")
          .withArgs(caller.address);
      }
      await f.participantRegistry.connect(f.registrar).suspend(f.testLab.address, REASON);
      await expect(f.parts.connect(f.testLab).attest(id, Kind.Test, docHash("r"), true))
        .to.be.revertedWithCustomError(f.parts, "PartRegistryNotAccredited")
        .withArgs(f.testLab.address);
    });

    it("refuses a zero data hash and an unknown part", async function () {
      const { parts, manufacturer, testLab } = await loadFixture(partsFixture);
      const id = await make(parts, manufacturer, "A-1");
      await expect(
        parts.connect(testLab).attest(id, Kind.Test, ZERO_HASH, true),
      ).to.be.revertedWithCustomError(parts, "PartRegistryMissingInput");
      const unknown = expectedPartId(manufacturer.address, serial("NEVER-MADE"));
      await expect(parts.connect(testLab).attest(unknown, Kind.Test, docHash("r"), true))
        .to.be.revertedWithCustomError(parts, "PartRegistryUnknownPart")
        .withArgs(unknown);
    });

    it("counts the latest result of each kind: a pass sets the bit, a later fail clears it", async function () {
      const { parts, manufacturer, testLab, inspector } = await loadFixture(partsFixture);
      const id = await make(parts, manufacturer, "A-1", { inputs: [input(2, 1n)] });
      const passed = async () => (await parts.part(id)).passedKinds;
      expect(await parts.isConforming(id)).to.equal(false);

      await parts.connect(testLab).attest(id, Kind.Test, docHash("t1"), true);
      expect(await passed()).to.equal(1n);
      expect(await parts.isConforming(id)).to.equal(false); // inspection still missing

      await parts.connect(inspector).attest(id, Kind.Inspection, docHash("i1"), true);
      expect(await passed()).to.equal(5n);
      expect(await parts.isConforming(id)).to.equal(true);

      await parts.connect(testLab).attest(id, Kind.Test, docHash("t2"), false);
      expect(await passed()).to.equal(4n);
      expect(await parts.isConforming(id)).to.equal(false);

      await parts.connect(testLab).attest(id, Kind.Test, docHash("t3"), true);
      expect(await parts.isConforming(id)).to.equal(true);

      // A kind the specification does not require changes nothing.
      await parts.connect(testLab).attest(id, Kind.Measurement, docHash("m1"), false);
      expect(await parts.isConforming(id)).to.equal(true);
      // A failure on a kind that never passed leaves the bit clear.
      await parts.connect(testLab).attest(id, Kind.Calibration, docHash("c1"), false);
      expect(await passed()).to.equal(5n);
    });

    it("treats a part whose specification requires nothing as conforming at once", async function () {
      const { parts, manufacturer } = await loadFixture(partsFixture);
      const id = await make(parts, manufacturer, "FREE", { spec: SPEC_FREE });
      expect(await parts.isConforming(id)).to.equal(true);
    });

    it("answers false for an unknown part, and for a part that is not Made or InService", async function () {
      const f = await loadFixture(partsFixture);
      const unknown = expectedPartId(f.manufacturer.address, serial("NEVER-MADE"));
      expect(await f.parts.isConforming(unknown)).to.equal(false);
      expect(await f.parts.isConforming(0n)).to.equal(false);
      for (const status of ALL_STATUSES) {
        const { id } = await partIn(f, status);
        await f.parts.connect(f.testLab).attest(id, Kind.Test, docHash("t"), true);
        await f.parts.connect(f.inspector).attest(id, Kind.Inspection, docHash("i"), true);
        const live = status === PartStatus.Made || status === PartStatus.InService;
        expect(await f.parts.isConforming(id), statusName(status)).to.equal(live);
      }
    });

    it("stops counting a quarantined part and counts it again once released", async function () {
      const { parts, manufacturer, testLab, inspector } = await loadFixture(partsFixture);
      const id = await make(parts, manufacturer, "Q-1");
      await parts.connect(testLab).attest(id, Kind.Test, docHash("t"), true);
      await parts.connect(inspector).attest(id, Kind.Inspection, docHash("i"), true);
      await parts.connect(manufacturer).quarantine(id, REASON);
      expect(await parts.isConforming(id)).to.equal(false);
      await parts.connect(manufacturer).release(id, REASON);
      expect(await parts.isConforming(id)).to.equal(true);
    });
  });

  describe("status", function () {
    describe("quarantine", function () {
      it("lets the maker quarantine a made part and emits PartStatusChanged", async function () {
        const { parts, manufacturer } = await loadFixture(partsFixture);
        const id = await make(parts, manufacturer, "Q-1");
        await expect(parts.connect(manufacturer).quarantine(id, REASON))
          .to.emit(parts, "PartStatusChanged")
          .withArgs(id, PartStatus.Made, PartStatus.Quarantined, manufacturer.address, REASON);
        expect((await parts.part(id)).status).to.equal(BigInt(PartStatus.Quarantined));
      });

      it("lets a registrar quarantine a part in service, and the maker after the part was sold", async function () {
        const f = await loadFixture(partsFixture);
        const { id } = await partIn(f, PartStatus.InService);
        await expect(f.parts.connect(f.registrar).quarantine(id, REASON))
          .to.emit(f.parts, "PartStatusChanged")
          .withArgs(id, PartStatus.InService, PartStatus.Quarantined, f.registrar.address, REASON);
        await f.parts.connect(f.registrar).release(id, REASON);
        await expect(f.parts.connect(f.manufacturer).quarantine(id, ZERO_HASH))
          .to.emit(f.parts, "PartStatusChanged")
          .withArgs(
            id,
            PartStatus.InService,
            PartStatus.Quarantined,
            f.manufacturer.address,
            ZERO_HASH,
          );
      });

      it("refuses anyone but the maker or a registrar, the owner included", async function () {
        const f = await loadFixture(partsFixture);
        const { id, owner } = await partIn(f, PartStatus.InService);
        for (const caller of [owner, f.manufacturer2, f.governance, f.testLab, f.stranger]) {
          await expect(f.parts.connect(caller).quarantine(id, REASON))
            .to.be.revertedWithCustomError(f.parts, "PartRegistryNotMakerOrRegistrar")
            .withArgs(id, caller.address);
        }
      });

      it("refuses an unknown part", async function () {
        const { parts, manufacturer, registrar } = await loadFixture(partsFixture);
        const unknown = expectedPartId(manufacturer.address, serial("NEVER-MADE"));
        await expect(parts.connect(registrar).quarantine(unknown, REASON))
          .to.be.revertedWithCustomError(parts, "PartRegistryUnknownPart")
          .withArgs(unknown);
      });

      for (const status of [
        PartStatus.Quarantined,
        PartStatus.Returned,
        PartStatus.Recycled,
        PartStatus.Destroyed,
      ]) {
        it(`refuses to quarantine a ${statusName(status)} part`, async function () {
          const f = await loadFixture(partsFixture);
          const { id } = await partIn(f, status);
          await expect(f.parts.connect(f.manufacturer).quarantine(id, REASON))
            .to.be.revertedWithCustomError(f.parts, "PartRegistryInvalidTransition")
            .withArgs(id, status, PartStatus.Quarantined);
        });
      }
    });

    describe("release", function () {
      it("keeps a registrar's quarantine until a registrar releases it", async function () {
        const { parts, manufacturer, registrar } = await loadFixture(partsFixture);
        const id = await make(parts, manufacturer, "R-H");
        await parts.connect(registrar).quarantine(id, REASON);
        await expect(parts.connect(manufacturer).release(id, EVIDENCE))
          .to.be.revertedWithCustomError(parts, "PartRegistryRegistrarHold")
          .withArgs(id);
        await expect(parts.connect(registrar).release(id, EVIDENCE))
          .to.emit(parts, "PartStatusChanged")
          .withArgs(id, PartStatus.Quarantined, PartStatus.Made, registrar.address, EVIDENCE);
        // The hold ends with the release: a later quarantine by the maker is the maker's to lift.
        await parts.connect(manufacturer).quarantine(id, REASON);
        await expect(parts.connect(manufacturer).release(id, EVIDENCE)).to.emit(
          parts,
          "PartStatusChanged",
        );
      });

      it("returns a part quarantined before activation to Made", async function () {
        const { parts, manufacturer } = await loadFixture(partsFixture);
        const id = await make(parts, manufacturer, "R-1");
        await parts.connect(manufacturer).quarantine(id, REASON);
        await expect(parts.connect(manufacturer).release(id, EVIDENCE))
          .to.emit(parts, "PartStatusChanged")
          .withArgs(id, PartStatus.Quarantined, PartStatus.Made, manufacturer.address, EVIDENCE);
        expect((await parts.part(id)).status).to.equal(BigInt(PartStatus.Made));
      });

      it("returns an activated part to InService, by a registrar", async function () {
        const f = await loadFixture(partsFixture);
        const { id } = await partIn(f, PartStatus.InService);
        await f.parts.connect(f.manufacturer).quarantine(id, REASON);
        await expect(f.parts.connect(f.registrar).release(id, EVIDENCE))
          .to.emit(f.parts, "PartStatusChanged")
          .withArgs(
            id,
            PartStatus.Quarantined,
            PartStatus.InService,
            f.registrar.address,
            EVIDENCE,
          );
        const p = await f.parts.part(id);
        expect(p.status).to.equal(BigInt(PartStatus.InService));
        expect(p.activated).to.equal(true);
      });

      it("refuses anyone but the maker or a registrar", async function () {
        const f = await loadFixture(partsFixture);
        const { id } = await partIn(f, PartStatus.Quarantined);
        for (const caller of [f.manufacturer2, f.customer, f.stranger]) {
          await expect(f.parts.connect(caller).release(id, REASON))
            .to.be.revertedWithCustomError(f.parts, "PartRegistryNotMakerOrRegistrar")
            .withArgs(id, caller.address);
        }
      });

      it("refuses an unknown part", async function () {
        const { parts, manufacturer } = await loadFixture(partsFixture);
        const unknown = expectedPartId(manufacturer.address, serial("NEVER-MADE"));
        await expect(parts.connect(manufacturer).release(unknown, REASON))
          .to.be.revertedWithCustomError(parts, "PartRegistryUnknownPart")
          .withArgs(unknown);
      });

      for (const [status, target] of [
        [PartStatus.Made, PartStatus.Made],
        [PartStatus.InService, PartStatus.InService],
        [PartStatus.Returned, PartStatus.Made],
        [PartStatus.Recycled, PartStatus.Made],
        [PartStatus.Destroyed, PartStatus.Made],
      ] as const) {
        it(`refuses to release a ${statusName(status)} part`, async function () {
          const f = await loadFixture(partsFixture);
          const { id } = await partIn(f, status);
          await expect(f.parts.connect(f.manufacturer).release(id, REASON))
            .to.be.revertedWithCustomError(f.parts, "PartRegistryInvalidTransition")
            .withArgs(id, status, target);
        });
      }

      it("refuses to release an activated part that was returned, naming InService", async function () {
        const f = await loadFixture(partsFixture);
        const { id } = await partIn(f, PartStatus.InService);
        await f.parts.connect(f.customer).retire(id, PartStatus.Returned, EVIDENCE);
        await expect(f.parts.connect(f.manufacturer).release(id, REASON))
          .to.be.revertedWithCustomError(f.parts, "PartRegistryInvalidTransition")
          .withArgs(id, PartStatus.Returned, PartStatus.InService);
      });
    });

    describe("retire", function () {
      it("walks a part from Made to Returned to Recycled, emitting each change", async function () {
        const { parts, manufacturer } = await loadFixture(partsFixture);
        const id = await make(parts, manufacturer, "W-1");
        const byMfg = parts.connect(manufacturer);
        await expect(byMfg.retire(id, PartStatus.Returned, EVIDENCE))
          .to.emit(parts, "PartStatusChanged")
          .withArgs(id, PartStatus.Made, PartStatus.Returned, manufacturer.address, EVIDENCE);
        await expect(byMfg.retire(id, PartStatus.Recycled, REASON))
          .to.emit(parts, "PartStatusChanged")
          .withArgs(id, PartStatus.Returned, PartStatus.Recycled, manufacturer.address, REASON);
        expect((await parts.part(id)).status).to.equal(BigInt(PartStatus.Recycled));
      });

      it("lets the customer return a part in service, and destroys a quarantined part", async function () {
        const f = await loadFixture(partsFixture);
        const inService = await partIn(f, PartStatus.InService);
        await expect(
          f.parts.connect(f.customer).retire(inService.id, PartStatus.Returned, EVIDENCE),
        )
          .to.emit(f.parts, "PartStatusChanged")
          .withArgs(
            inService.id,
            PartStatus.InService,
            PartStatus.Returned,
            f.customer.address,
            EVIDENCE,
          );
        const quarantined = await partIn(f, PartStatus.Quarantined);
        await expect(
          f.parts.connect(f.manufacturer).retire(quarantined.id, PartStatus.Destroyed, EVIDENCE),
        )
          .to.emit(f.parts, "PartStatusChanged")
          .withArgs(
            quarantined.id,
            PartStatus.Quarantined,
            PartStatus.Destroyed,
            f.manufacturer.address,
            EVIDENCE,
          );
      });

      it("refuses anyone but the owner, the maker of a sold part included", async function () {
        const f = await loadFixture(partsFixture);
        const { id } = await partIn(f, PartStatus.InService);
        for (const caller of [f.manufacturer, f.registrar, f.stranger]) {
          await expect(f.parts.connect(caller).retire(id, PartStatus.Returned, EVIDENCE))
            .to.be.revertedWithCustomError(f.parts, "PartRegistryNotPartOwner")
            .withArgs(id, caller.address);
        }
      });

      it("refuses an owner that is not an active participant", async function () {
        const f = await loadFixture(partsFixture);
        const id = await make(f.parts, f.manufacturer, "NA-1");
        await f.parts
          .connect(f.manufacturer)
          .transferFrom(f.manufacturer.address, f.stranger.address, id);
        await expect(f.parts.connect(f.stranger).retire(id, PartStatus.Returned, EVIDENCE))
          .to.be.revertedWithCustomError(f.parts, "PartRegistryNotAccredited")
          .withArgs(f.stranger.address);

        const { id: sold } = await partIn(f, PartStatus.InService);
        await f.participantRegistry.connect(f.registrar).suspend(f.customer.address, REASON);
        await expect(f.parts.connect(f.customer).retire(sold, PartStatus.Returned, EVIDENCE))
          .to.be.revertedWithCustomError(f.parts, "PartRegistryNotAccredited")
          .withArgs(f.customer.address);
      });

      it("refuses an unknown part", async function () {
        const { parts, manufacturer } = await loadFixture(partsFixture);
        const unknown = expectedPartId(manufacturer.address, serial("NEVER-MADE"));
        await expect(parts.connect(manufacturer).retire(unknown, PartStatus.Returned, EVIDENCE))
          .to.be.revertedWithCustomError(parts, "PartRegistryUnknownPart")
          .withArgs(unknown);
      });

      it("refuses an assembled child: nobody but the registry holds it", async function () {
        const { parts, manufacturer } = await loadFixture(partsFixture);
        const child = await make(parts, manufacturer, "CH", { spec: SPEC_FREE });
        await make(parts, manufacturer, "PA", { children: [child] });
        await expect(parts.connect(manufacturer).retire(child, PartStatus.Returned, EVIDENCE))
          .to.be.revertedWithCustomError(parts, "PartRegistryNotPartOwner")
          .withArgs(child, manufacturer.address);
      });

      for (const from of ALL_STATUSES) {
        it(`from ${statusName(from)}, refuses every move the state machine does not allow`, async function () {
          const f = await loadFixture(partsFixture);
          const { id, owner } = await partIn(f, from);
          const allowed = RETIRE_MOVES[from];
          for (const target of ALL_STATUSES) {
            if (allowed.includes(target)) continue;
            await expect(f.parts.connect(owner).retire(id, target, EVIDENCE), statusName(target))
              .to.be.revertedWithCustomError(f.parts, "PartRegistryInvalidTransition")
              .withArgs(id, from, target);
          }
          expect((await f.parts.part(id)).status).to.equal(BigInt(from));
        });
      }

      for (const [from, target] of [
        [PartStatus.Made, PartStatus.Returned],
        [PartStatus.InService, PartStatus.Returned],
        [PartStatus.Quarantined, PartStatus.Destroyed],
        [PartStatus.Returned, PartStatus.Recycled],
        [PartStatus.Returned, PartStatus.Destroyed],
      ] as const) {
        it(`moves ${statusName(from)} to ${statusName(target)}`, async function () {
          const f = await loadFixture(partsFixture);
          const { id, owner } = await partIn(f, from);
          await expect(f.parts.connect(owner).retire(id, target, EVIDENCE))
            .to.emit(f.parts, "PartStatusChanged")
            .withArgs(id, from, target, owner.address, EVIDENCE);
          expect((await f.parts.part(id)).status).to.equal(BigInt(target));
        });
      }
    });
  });

  describe("views", function () {
    it("refuses an unknown part in part(), partInputs() and isRecalled()", async function () {
      const { parts, manufacturer } = await loadFixture(partsFixture);
      const unknown = expectedPartId(manufacturer.address, serial("NEVER-MADE"));
      for (const id of [unknown, 0n]) {
        await expect(parts.part(id))
          .to.be.revertedWithCustomError(parts, "PartRegistryUnknownPart")
          .withArgs(id);
        await expect(parts.partInputs(id))
          .to.be.revertedWithCustomError(parts, "PartRegistryUnknownPart")
          .withArgs(id);
        await expect(parts.isRecalled(id))
          .to.be.revertedWithCustomError(parts, "PartRegistryUnknownPart")
          .withArgs(id);
        expect(await parts.childrenOf(id)).to.deep.equal([]);
        expect(await parts.parentOf(id)).to.equal(0n);
      }
    });

    it("reports the inputs of the part's lot, in order", async function () {
      const { parts, producer, manufacturer } = await loadFixture(partsFixture);
      await parts.connect(producer).transferBatch(1, manufacturer.address, 50n); // 3
      const inputs = [input(3, 2n), input(2, 7n), input(3, 1n)];
      await parts.connect(manufacturer).makeParts(SPEC, serials("PI", 2), [], inputs);
      for (const s of serials("PI", 2)) {
        const got = await parts.partInputs(expectedPartId(manufacturer.address, s));
        expect(got.map((i) => [i.batchId, i.quantity])).to.deep.equal([
          [3n, 2n],
          [2n, 7n],
          [3n, 1n],
        ]);
      }
      expect(await parts.consumed(3)).to.equal(6n);
      expect(await parts.consumed(2)).to.equal(14n);
    });
  });

  describe("ERC-721 behaviour of made parts", function () {
    it("reports owner, balance and approval of a part that never moved", async function () {
      const { parts, manufacturer, stranger } = await loadFixture(partsFixture);
      const id = await make(parts, manufacturer, "E-1");
      expect(await parts.ownerOf(id)).to.equal(manufacturer.address);
      expect(await parts.balanceOf(manufacturer.address)).to.equal(1n);
      expect(await parts.balanceOf(stranger.address)).to.equal(0n);
      expect(await parts.getApproved(id)).to.equal(ZERO_ADDRESS);
      expect(await parts.tokenURI(id)).to.equal("");
    });

    it("lets the maker approve before the first transfer, and the approved account transfer", async function () {
      const { parts, manufacturer, customer, serviceProvider } = await loadFixture(partsFixture);
      const id = await make(parts, manufacturer, "E-1");
      await expect(parts.connect(manufacturer).approve(serviceProvider.address, id))
        .to.emit(parts, "Approval")
        .withArgs(manufacturer.address, serviceProvider.address, id);
      expect(await parts.getApproved(id)).to.equal(serviceProvider.address);

      const tx = parts
        .connect(serviceProvider)
        .transferFrom(manufacturer.address, customer.address, id);
      await expect(tx)
        .to.emit(parts, "Transfer")
        .withArgs(manufacturer.address, customer.address, id);
      await expect(tx).to.changeTokenBalances(ethers, parts, [manufacturer, customer], [-1n, 1n]);
      expect(await parts.ownerOf(id)).to.equal(customer.address);
      expect((await parts.part(id)).owner).to.equal(customer.address);
      expect((await parts.part(id)).maker).to.equal(manufacturer.address);
      expect(await parts.getApproved(id)).to.equal(ZERO_ADDRESS);
    });

    it("lets an operator approved for all transfer parts of a run, one by one", async function () {
      const { parts, manufacturer, customer, serviceProvider } = await loadFixture(partsFixture);
      const run = serials("OP", 3);
      await parts.connect(manufacturer).makeParts(SPEC, run, [], []);
      await expect(parts.connect(manufacturer).setApprovalForAll(serviceProvider.address, true))
        .to.emit(parts, "ApprovalForAll")
        .withArgs(manufacturer.address, serviceProvider.address, true);
      for (const s of run.slice(0, 2)) {
        await parts
          .connect(serviceProvider)
          .transferFrom(
            manufacturer.address,
            customer.address,
            expectedPartId(manufacturer.address, s),
          );
      }
      expect(await parts.balanceOf(manufacturer.address)).to.equal(1n);
      expect(await parts.balanceOf(customer.address)).to.equal(2n);
    });

    it("keeps behaving after the first transfer: back to the maker, approvals, balances", async function () {
      const { parts, manufacturer, customer, serviceProvider } = await loadFixture(partsFixture);
      const id = await make(parts, manufacturer, "E-1");
      await parts.connect(manufacturer).transferFrom(manufacturer.address, customer.address, id);
      await expect(
        parts.connect(manufacturer).transferFrom(customer.address, manufacturer.address, id),
      )
        .to.be.revertedWithCustomError(parts, "ERC721InsufficientApproval")
        .withArgs(manufacturer.address, id);
      await parts.connect(customer).approve(serviceProvider.address, id);
      await parts.connect(serviceProvider).transferFrom(customer.address, manufacturer.address, id);
      expect(await parts.ownerOf(id)).to.equal(manufacturer.address);
      expect(await parts.balanceOf(manufacturer.address)).to.equal(1n);
      expect(await parts.balanceOf(customer.address)).to.equal(0n);
      expect(await parts.getApproved(id)).to.equal(ZERO_ADDRESS);
      await expect(
        parts
          .connect(manufacturer)
          ["safeTransferFrom(address,address,uint256)"](manufacturer.address, customer.address, id),
      )
        .to.emit(parts, "Transfer")
        .withArgs(manufacturer.address, customer.address, id);
      expect(await parts.balanceOf(customer.address)).to.equal(1n);
    });

    it("refuses unauthorised transfers and approvals exactly like OpenZeppelin's ERC-721", async function () {
      const { parts, participantsAddress, manufacturer, customer, stranger } =
        await loadFixture(partsFixture);
      const id = await make(parts, manufacturer, "E-1");
      await expect(parts.connect(stranger).transferFrom(manufacturer.address, stranger.address, id))
        .to.be.revertedWithCustomError(parts, "ERC721InsufficientApproval")
        .withArgs(stranger.address, id);
      await expect(parts.connect(stranger).approve(stranger.address, id))
        .to.be.revertedWithCustomError(parts, "ERC721InvalidApprover")
        .withArgs(stranger.address);
      await expect(parts.connect(manufacturer).transferFrom(customer.address, stranger.address, id))
        .to.be.revertedWithCustomError(parts, "ERC721IncorrectOwner")
        .withArgs(customer.address, id, manufacturer.address);
      await expect(parts.connect(manufacturer).transferFrom(manufacturer.address, ZERO_ADDRESS, id))
        .to.be.revertedWithCustomError(parts, "ERC721InvalidReceiver")
        .withArgs(ZERO_ADDRESS);
      await expect(
        parts
          .connect(manufacturer)
          ["safeTransferFrom(address,address,uint256)"](
            manufacturer.address,
            participantsAddress,
            id,
          ),
      )
        .to.be.revertedWithCustomError(parts, "ERC721InvalidReceiver")
        .withArgs(participantsAddress);
      expect(await parts.ownerOf(id)).to.equal(manufacturer.address);
      expect(await parts.balanceOf(manufacturer.address)).to.equal(1n);
    });

    it("refuses queries about tokens that do not exist and the zero owner", async function () {
      const { parts, manufacturer } = await loadFixture(partsFixture);
      const unknown = expectedPartId(manufacturer.address, serial("NEVER-MADE"));
      await expect(parts.ownerOf(unknown))
        .to.be.revertedWithCustomError(parts, "ERC721NonexistentToken")
        .withArgs(unknown);
      await expect(parts.getApproved(unknown))
        .to.be.revertedWithCustomError(parts, "ERC721NonexistentToken")
        .withArgs(unknown);
      await expect(parts.tokenURI(unknown))
        .to.be.revertedWithCustomError(parts, "ERC721NonexistentToken")
        .withArgs(unknown);
      await expect(parts.connect(manufacturer).approve(manufacturer.address, unknown))
        .to.be.revertedWithCustomError(parts, "ERC721NonexistentToken")
        .withArgs(unknown);
      await expect(parts.balanceOf(ZERO_ADDRESS))
        .to.be.revertedWithCustomError(parts, "ERC721InvalidOwner")
        .withArgs(ZERO_ADDRESS);
    });

    it("matches a plain OpenZeppelin ERC-721 step by step", async function () {
      const { parts, manufacturer, customer, serviceProvider } = await loadFixture(partsFixture);
      const plain = await ethers.deployContract("PlainERC721Mock");
      const run = serials("CMP", 4);
      await parts.connect(manufacturer).makeParts(SPEC, run, [], []);
      const ids = run.map((s) => expectedPartId(manufacturer.address, s));
      for (const id of ids) await plain.mint(manufacturer.address, id);

      const holders = [manufacturer, customer, serviceProvider];
      const compare = async () => {
        for (const h of holders) {
          expect(await parts.balanceOf(h.address)).to.equal(await plain.balanceOf(h.address));
        }
        for (const id of ids) {
          expect(await parts.ownerOf(id)).to.equal(await plain.ownerOf(id));
          expect(await parts.getApproved(id)).to.equal(await plain.getApproved(id));
        }
      };
      const [a, b, c] = ids as [bigint, bigint, bigint];
      const steps: [typeof manufacturer, (t: typeof parts | typeof plain) => Promise<unknown>][] = [
        [manufacturer, (t) => t.approve(serviceProvider.address, a)],
        [serviceProvider, (t) => t.transferFrom(manufacturer.address, customer.address, a)],
        [manufacturer, (t) => t.transferFrom(manufacturer.address, customer.address, b)],
        [customer, (t) => t.transferFrom(customer.address, manufacturer.address, a)],
        [manufacturer, (t) => t.approve(customer.address, c)],
        [customer, (t) => t.transferFrom(manufacturer.address, serviceProvider.address, c)],
        [customer, (t) => t.setApprovalForAll(manufacturer.address, true)],
        [manufacturer, (t) => t.transferFrom(customer.address, serviceProvider.address, b)],
      ];
      await compare();
      for (const [caller, step] of steps) {
        await step(parts.connect(caller));
        await step(plain.connect(caller));
        await compare();
      }
    });
  });
});
