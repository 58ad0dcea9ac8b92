import { expect } from "chai";
import {
  InputErrorCode,
  listBatches,
  listParts,
  listSpecifications,
  type ListSource,
  partIdOf,
  parsePartStatus,
} from "../../../src/index.js";
import { expectInputError, rejection, thrown } from "../helpers.js";
import { CHILD_SPEC, docHash, ethers, loadFixture, materialFixture, SPEC } from "./fixture.js";

const THIRD_SPEC = docHash("spec:fan-disc-rev-A");

/**
 * The material fixture (batch 1 of the producer, batch 2 of the manufacturer; {SPEC} and
 * {CHILD_SPEC} defined by the manufacturer), plus: the second manufacturer defines {THIRD_SPEC};
 * the manufacturer passes 50 kg of batch 2 to the second manufacturer (batch 3) and makes L-1,
 * L-2, L-3 of {SPEC} and L-4 of {CHILD_SPEC} from batch 2; L-2 goes to the customer and L-3 is
 * quarantined.
 */
async function listsFixture() {
  const base = await materialFixture();
  await base.asManufacturer2.defineSpecification({ spec: THIRD_SPEC, requiredKinds: [] });
  await base.asManufacturer.transferBatch({
    batchId: base.batch,
    to: base.manufacturer2.address,
    quantity: 50n,
  });
  const inputs = [{ batchId: base.batch, quantity: 1n }];
  await base.asManufacturer.makeParts({ spec: SPEC, serials: ["L-1", "L-2", "L-3"], inputs });
  await base.asManufacturer.makeParts({ spec: CHILD_SPEC, serials: ["L-4"], inputs });
  const id = (serial: string) => partIdOf(base.manufacturer.address, serial);
  await base.asManufacturer.transfer({ partId: id("L-2"), to: base.customer.address });
  await base.asManufacturer.quarantine({ partId: id("L-3"), reasonHash: docHash("reason:dent") });
  const source: ListSource = { address: base.registryAddress, runner: ethers.provider };
  return { ...base, source, id };
}

describe("SDK parts registry lists", function () {
  describe("listSpecifications", function () {
    it("pages through the specifications in the order of their ids", async function () {
      const f = await loadFixture(listsFixture);
      const first = await listSpecifications(f.source, { fromBlock: 0, limit: 2 });
      expect(first.items).to.deep.equal([
        await f.parts.getSpecification(SPEC),
        await f.parts.getSpecification(CHILD_SPEC),
      ]);
      expect(first.items.map((s) => s.id)).to.deep.equal([1n, 2n]);
      expect(first.next).to.equal(2n);
      const second = await listSpecifications(f.source, { fromBlock: 0, limit: 2, after: "2" });
      expect(second.items.map((s) => [s.id, s.spec, s.owner])).to.deep.equal([
        [3n, THIRD_SPEC, f.manufacturer2.address],
      ]);
      expect(second.next).to.equal(undefined);
    });

    it("keeps the specifications of a maker", async function () {
      const f = await loadFixture(listsFixture);
      const page = await listSpecifications(f.source, {
        fromBlock: 0,
        maker: f.manufacturer2.address.toLowerCase(),
      });
      expect(page.items.map((s) => s.spec)).to.deep.equal([THIRD_SPEC]);
      expect(page.next).to.equal(undefined);
      const none = await listSpecifications(f.source, { fromBlock: 0, maker: f.producer.address });
      expect(none).to.deep.equal({ items: [], next: undefined });
    });
  });

  describe("listBatches", function () {
    it("pages through the batches, registered and transferred, in the order of their ids", async function () {
      const f = await loadFixture(listsFixture);
      const first = await listBatches(f.source, { fromBlock: 0, limit: 2 });
      expect(first.items).to.deep.equal([await f.parts.getBatch(1n), await f.parts.getBatch(2n)]);
      expect(first.next).to.equal(2n);
      const second = await listBatches(f.source, { fromBlock: 0, limit: 2, after: first.next });
      expect(second.items.map((b) => [b.id, b.owner, b.quantity])).to.deep.equal([
        [3n, f.manufacturer2.address, 50n],
      ]);
      expect(second.next).to.equal(undefined);
    });

    it("keeps the batches an account holds", async function () {
      const f = await loadFixture(listsFixture);
      const held = await listBatches(f.source, { fromBlock: 0, owner: f.manufacturer.address });
      expect(held.items.map((b) => [b.id, b.remaining])).to.deep.equal([[2n, 146n]]);
      const producer = await listBatches(f.source, { fromBlock: 0, owner: f.producer.address });
      expect(producer.items.map((b) => b.id)).to.deep.equal([1n]);
      expect(
        await listBatches(f.source, { fromBlock: 0, owner: f.customer.address }),
      ).to.deep.equal({ items: [], next: undefined });
    });
  });

  describe("listParts", function () {
    it("pages through the parts in the order they were made, each with its serial", async function () {
      const f = await loadFixture(listsFixture);
      const first = await listParts(f.source, { fromBlock: 0, limit: 3 });
      expect(first.items.map((p) => p.serial)).to.deep.equal(["L-1", "L-2", "L-3"]);
      expect(first.items[0]).to.deep.equal({
        ...(await f.parts.getPart(f.id("L-1"))),
        serial: "L-1",
      });
      expect(first.next).to.equal(f.id("L-3"));
      const second = await listParts(f.source, { fromBlock: 0, limit: 3, after: first.next });
      expect(second.items.map((p) => [p.serial, p.spec])).to.deep.equal([["L-4", CHILD_SPEC]]);
      expect(second.next).to.equal(undefined);
      // The cursor may be given in hex, as parts are printed.
      const hex = `0x${f.id("L-3").toString(16)}`;
      expect((await listParts(f.source, { fromBlock: 0, after: hex })).items.length).to.equal(1);
    });

    it("keeps the parts of a holder, a maker, a specification and a status", async function () {
      const f = await loadFixture(listsFixture);
      const serials = async (params: Parameters<typeof listParts>[1]) =>
        (await listParts(f.source, params)).items.map((p) => `${p.serial}:${p.status}`);
      expect(await serials({ fromBlock: 0, owner: f.customer.address })).to.deep.equal([
        "L-2:made",
      ]);
      expect(await serials({ fromBlock: 0, owner: f.manufacturer.address })).to.deep.equal([
        "L-1:made",
        "L-3:quarantined",
        "L-4:made",
      ]);
      expect(
        await serials({ fromBlock: 0, maker: f.manufacturer.address, spec: SPEC }),
      ).to.deep.equal(["L-1:made", "L-2:made", "L-3:quarantined"]);
      expect(await serials({ fromBlock: 0, status: "Quarantined" })).to.deep.equal([
        "L-3:quarantined",
      ]);
      expect(
        await serials({ fromBlock: 0, owner: f.manufacturer.address, spec: SPEC, status: "made" }),
      ).to.deep.equal(["L-1:made"]);
      expect(await serials({ fromBlock: 0, maker: f.manufacturer2.address })).to.deep.equal([]);
    });

    it("pages through a filtered list with the cursor of its last item", async function () {
      const f = await loadFixture(listsFixture);
      const first = await listParts(f.source, {
        fromBlock: 0,
        owner: f.manufacturer.address,
        limit: 2,
      });
      expect(first.items.map((p) => p.serial)).to.deep.equal(["L-1", "L-3"]);
      expect(first.next).to.equal(f.id("L-3"));
      const second = await listParts(f.source, {
        fromBlock: 0,
        owner: f.manufacturer.address,
        limit: 2,
        after: first.next,
      });
      expect(second.items.map((p) => p.serial)).to.deep.equal(["L-4"]);
      expect(second.next).to.equal(undefined);
    });

    it("refuses an unknown status with the list of statuses, and bad filters and cursors", async function () {
      const f = await loadFixture(listsFixture);
      const status = expectInputError(
        await rejection(() => listParts(f.source, { fromBlock: 0, status: "broken" })),
        InputErrorCode.InvalidKind,
      );
      expect(status.field).to.equal("status");
      expect(status.shortMessage).to.equal(
        '"broken" is not a part status; the statuses are made, in-service, quarantined, ' +
          "returned, recycled, destroyed.",
      );
      expect(parsePartStatus("in_service")).to.equal("in-service");
      expectInputError(
        thrown(() => parsePartStatus("")),
        InputErrorCode.InvalidKind,
      );
      const spec = expectInputError(
        await rejection(() => listParts(f.source, { fromBlock: 0, spec: "0x12" })),
        InputErrorCode.InvalidHash,
      );
      expect(spec.field).to.equal("spec");
      const owner = expectInputError(
        await rejection(() => listParts(f.source, { fromBlock: 0, owner: "0x0" })),
        InputErrorCode.InvalidAddress,
      );
      expect(owner.field).to.equal("owner");
      const unknown = expectInputError(
        await rejection(() => listParts(f.source, { fromBlock: 0, after: 7n })),
        InputErrorCode.InvalidId,
      );
      expect(unknown.field).to.equal("after");
      expect(unknown.shortMessage).to.equal(
        `No page starts after part 0x${"0".repeat(63)}7: it is not in the list. Pass the ` +
          "`next` of the previous page.",
      );
      for (const list of [listParts, listBatches, listSpecifications]) {
        for (const limit of [0, 1001]) {
          const error = expectInputError(
            await rejection(() => list(f.source, { fromBlock: 0, limit })),
            InputErrorCode.InvalidAmount,
          );
          expect(error.field).to.equal("limit");
          expect(error.shortMessage).to.equal(
            `The page size "${limit}" is not a whole number from 1 to 1000.`,
          );
        }
      }
      const batch = expectInputError(
        await rejection(() => listBatches(f.source, { fromBlock: 0, after: "first" })),
        InputErrorCode.InvalidId,
      );
      expect(batch.field).to.equal("after");
      const block = expectInputError(
        await rejection(() => listBatches(f.source, { fromBlock: -1 })),
        InputErrorCode.InvalidAmount,
      );
      expect(block.field).to.equal("fromBlock");
    });
  });
});
