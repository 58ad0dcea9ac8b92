import { expect } from "chai";
import {
  inLogOrder,
  LOG_PAGE_BLOCKS,
  queryInPages,
  queryToLatest,
} from "../../../src/core/events.js";

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

describe("SDK queryToLatest", function () {
  it("searches logs in pages up to a known height, and the last page up to the latest block", async function () {
    const pages = async (fromBlock: number, height: number) => {
      const asked: [number, number | "latest"][] = [];
      const found = await queryToLatest(
        async (from, to) => {
          asked.push([from, to]);
          return [from];
        },
        fromBlock,
        height,
      );
      expect(found).to.deep.equal(asked.map(([from]) => from));
      return asked;
    };
    expect(await pages(0, 25_000)).to.deep.equal([
      [0, 9_999],
      [10_000, 19_999],
      [20_000, "latest"],
    ]);
    expect(await pages(7, 7)).to.deep.equal([[7, "latest"]]);
    expect(await pages(5, 10_004)).to.deep.equal([[5, "latest"]]);
    expect(await pages(5, 10_005)).to.deep.equal([
      [5, 10_004],
      [10_005, "latest"],
    ]);
    expect(await pages(8, 7)).to.deep.equal([]);
  });
});
