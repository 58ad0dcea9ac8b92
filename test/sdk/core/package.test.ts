/**
 * The package's main entry exports the suite's contracts and the SDK, and nothing of the tests or
 * of the SDK's internals: one factory per contract and interface under `contracts/` (not the
 * mocks, not the libraries), so a new contract that the SDK forgets, or a mock that leaks into the
 * package, fails here.
 */
import { expect } from "chai";
import { readdirSync } from "node:fs";
import path from "node:path";
import * as sdk from "../../../src/index.js";

const CONTRACTS = path.resolve(import.meta.dirname, "..", "..", "..", "contracts");
const NOT_PUBLISHED = new Set(["mocks", "libraries"]);

/** The contract names of the `.sol` files the package publishes, sorted. */
function publishedContracts(): string[] {
  return readdirSync(CONTRACTS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !NOT_PUBLISHED.has(entry.name))
    .flatMap((folder) => readdirSync(path.join(CONTRACTS, folder.name)))
    .filter((file) => file.endsWith(".sol"))
    .map((file) => file.slice(0, -".sol".length))
    .sort();
}

describe("the package's main entry", function () {
  const names = Object.keys(sdk);

  it("exports a factory for every contract and interface of the suite, and for nothing else", function () {
    const factories = names
      .filter((name) => name.endsWith("__factory"))
      .map((name) => name.slice(0, -"__factory".length))
      .sort();
    expect(publishedContracts()).to.have.length(16);
    expect(factories).to.deep.equal(publishedContracts());
  });

  it("exports no test mock", function () {
    expect(names.filter((name) => /mock/i.test(name))).to.deep.equal([]);
  });

  it("keeps the SDK's internal helpers internal", function () {
    const internal = [
      "forField",
      "requireFuture",
      "findRevertData",
      "CORE_SENTENCES",
      "RECEIVABLE_SENTENCES",
      "CIRCULAR_SENTENCES",
    ];
    expect(internal.filter((name) => names.includes(name))).to.deep.equal([]);
  });
});
