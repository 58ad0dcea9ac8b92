import { expect } from "chai";
import {
  fillPage,
  InputErrorCode,
  LIST_LIMITS,
  startAfter,
  startAfterId,
  toPageLimit,
} from "../../../src/index.js";
import { ascendingIds } from "../../../src/core/paging.js";
import { expectInputError, thrown } from "../helpers.js";

describe("SDK paging", function () {
  describe("ascendingIds", function () {
    it("keeps each id once, smallest first", function () {
      expect(ascendingIds([5n, 1n, 5n, 3n, 1n])).to.deep.equal([1n, 3n, 5n]);
      expect(ascendingIds([])).to.deep.equal([]);
    });
  });

  describe("toPageLimit", function () {
    it("takes 20 when no limit is given, and a whole number from 1 to 1000", function () {
      expect(LIST_LIMITS).to.deep.equal({ defaultLimit: 20, maxLimit: 1000 });
      expect(toPageLimit(undefined)).to.equal(20);
      expect(toPageLimit(" ")).to.equal(20);
      expect(toPageLimit(1)).to.equal(1);
      expect(toPageLimit(1000n)).to.equal(1000);
      expect(toPageLimit(" 50 ")).to.equal(50);
    });

    it("refuses 0, above 1000, fractions, signs and words, naming the limit", function () {
      for (const limit of [0, 1001, 2.5, -3, "1e3", "+5", "ten", 0n]) {
        const error = expectInputError(
          thrown(() => toPageLimit(limit)),
          InputErrorCode.InvalidAmount,
        );
        expect(error.field).to.equal("limit");
        expect(error.shortMessage).to.equal(
          `The page size "${String(limit)}" is not a whole number from 1 to 1000.`,
        );
      }
    });
  });

  describe("fillPage", function () {
    const keys = [1, 2, 3, 4, 5, 6, 7];
    const even = async (key: number) => (key % 2 === 0 ? `item ${key}` : undefined);
    const cursor = (item: string) => Number(item.slice(5));

    it("keeps the matching items, and names the last one as next when another match follows", async function () {
      expect(await fillPage(keys, 0, 2, even, cursor)).to.deep.equal({
        items: ["item 2", "item 4"],
        next: 4,
      });
      expect(await fillPage(keys, 4, 2, even, cursor)).to.deep.equal({
        items: ["item 6"],
        next: undefined,
      });
    });

    it("gives no next when the page holds exactly the last matches", async function () {
      expect(await fillPage(keys, 0, 3, even, cursor)).to.deep.equal({
        items: ["item 2", "item 4", "item 6"],
        next: undefined,
      });
      expect(await fillPage([], 0, 3, even, cursor)).to.deep.equal({
        items: [],
        next: undefined,
      });
    });

    it("reads no further than one match past the page", async function () {
      const read: number[] = [];
      const all = async (key: number) => {
        read.push(key);
        return `item ${key}`;
      };
      const page = await fillPage(keys, 0, 2, all, cursor);
      expect(page).to.deep.equal({ items: ["item 1", "item 2"], next: 2 });
      expect(read).to.deep.equal([1, 2, 3]);
    });
  });

  describe("startAfter and startAfterId", function () {
    it("starts after the cursor, and refuses a cursor that is not in the list", function () {
      const same = (a: string, b: string) => a === b;
      expect(startAfter(["a", "b", "c"], undefined, same, InputErrorCode.InvalidId, "x")).to.equal(
        0,
      );
      expect(startAfter(["a", "b", "c"], "b", same, InputErrorCode.InvalidId, "x")).to.equal(2);
      const error = expectInputError(
        thrown(() => startAfter(["a"], "z", same, InputErrorCode.InvalidId, "item z")),
        InputErrorCode.InvalidId,
      );
      expect(error.field).to.equal("after");
      expect(error.shortMessage).to.equal(
        "No page starts after item z: it is not in the list. Pass the `next` of the previous page.",
      );
    });

    it("starts at the first greater id, or at the end", function () {
      const ids = [2n, 5n, 9n];
      expect(startAfterId(ids, undefined, (id) => id)).to.equal(0);
      expect(startAfterId(ids, 1n, (id) => id)).to.equal(0);
      expect(startAfterId(ids, 5n, (id) => id)).to.equal(2);
      expect(startAfterId(ids, 6n, (id) => id)).to.equal(2);
      expect(startAfterId(ids, 9n, (id) => id)).to.equal(3);
    });
  });
});
