import { expect } from "chai";
import { given, printPage } from "../../../tasks/shared/pages.js";

/** What `print` wrote with console.log, as one string per call. */
async function printed(print: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => lines.push(args.map(String).join(" "));
  try {
    await print();
  } finally {
    console.log = log;
  }
  return lines;
}

const options = (json: boolean) => ({
  json,
  cursor: (next: bigint) => `#${next}`,
  line: (item: { id: bigint }) => `item ${item.id}`,
  empty: "No items match.",
});

describe("tasks/pages", function () {
  it("prints one line per item, then the --after of the next page", async function () {
    const out = await printed(() =>
      printPage({ items: [{ id: 1n }, { id: 2n }], next: 2n }, options(false)),
    );
    expect(out).to.deep.equal(["item 1\nitem 2\nnext page: --after #2"]);
  });

  it("prints no next-page line on the last page, and a sentence when there is nothing", async function () {
    expect(
      await printed(() => printPage({ items: [{ id: 3n }], next: undefined }, options(false))),
    ).to.deep.equal(["item 3"]);
    expect(
      await printed(() => printPage({ items: [], next: undefined }, options(false))),
    ).to.deep.equal(["No items match."]);
  });

  it("prints one JSON document with the items and the next cursor, or null", async function () {
    const [page] = await printed(() => printPage({ items: [{ id: 1n }], next: 1n }, options(true)));
    expect(JSON.parse(page!)).to.deep.equal({ items: [{ id: "1" }], next: "#1" });
    const [last] = await printed(() => printPage({ items: [], next: undefined }, options(true)));
    expect(JSON.parse(last!)).to.deep.equal({ items: [], next: null });
  });

  it("passes an option the SDK takes as given only when it is not empty", function () {
    expect(given("")).to.equal(undefined);
    expect(given("  ")).to.equal(undefined);
    expect(given("5")).to.equal("5");
  });
});
