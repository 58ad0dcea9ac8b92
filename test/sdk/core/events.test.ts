import { expect } from "chai";
import { inLogOrder, LOG_PAGE_BLOCKS, queryInPages } from "../../../src/core/events.js";

describe("SDK queryInPages", function () {
  it("asks for consecutive pages covering the range exactly, and concatenates in order", async function () {
    const asked: [number, number][] = [];
    const result = await queryInPages(
      async (from, to) => {
        asked.push([from, to]);
        return [`${from}-${to}`];
      },
      5,
      27,
      10,
    );
    expect(asked).to.deep.equal([
      [5, 14],
      [15, 24],
      [25, 27],
    ]);
    expect(result).to.deep.equal(["5-14", "15-24", "25-27"]);
  });

  it("asks once for a range within one page, and not at all for an empty range", async function () {
    const asked: [number, number][] = [];
    const query = async (from: number, to: number) => {
      asked.push([from, to]);
      return [];
    };
    await queryInPages(query, 0, LOG_PAGE_BLOCKS - 1);
    await queryInPages(query, 10, 9);
    expect(asked).to.deep.equal([[0, LOG_PAGE_BLOCKS - 1]]);
  });
});

describe("SDK inLogOrder", function () {
  it("orders items from several queries by block, then log index, and drops their position", function () {
    const at = (blockNumber: number, index: number) => ({ blockNumber, index });
    expect(
      inLogOrder<{ name: string }>([
        { name: "c", position: at(8, 0) },
        { name: "b", position: at(7, 3) },
        { name: "a", position: at(7, 1) },
      ]),
    ).to.deep.equal([{ name: "a" }, { name: "b" }, { name: "c" }]);
  });
});
