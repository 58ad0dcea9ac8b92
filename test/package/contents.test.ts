/**
 * The package's main entry exports the suite's contracts and the SDK, and nothing of the tests or
 * of the SDK's internals: one factory per contract and interface under `contracts/` (not the
 * mocks, not the libraries), so a new contract that the SDK forgets, or a mock that leaks into the
 * package, fails here. The package as `npm pack` makes it ships its entries, the interfaces and a
 * LICENSE, and no mock, test file or local address book; its browser entry loads no creation
 * bytecode (that is in `./deploy`).
 */
import { expect } from "chai";
import { readdirSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as sdk from "../../src/index.js";
import { DIST, pack, type Packed, packedPackage, reachableFiles, ROOT, succeed } from "./packed.js";

const CONTRACTS = path.resolve(import.meta.dirname, "..", "..", "contracts");
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

/**
 * A deployable contract's creation code, as solc starts it: the free-memory pointer set to 0x80,
 * or past its immutables (PUSH1 0xa0, PUSH2 0x0100, ...), then the code.
 */
const CREATION_CODE = /0x(60[0-9a-f]{2}|61[0-9a-f]{4})604052[0-9a-f]{200,}/i;
/** Any long hex string: code by another name. */
const LONG_HEX = /0x[0-9a-f]{1000,}/i;
/** An assignment of bytecode, as typechain's deployable factories have. */
const BYTECODE_FIELD = /\b_?bytecode\s*[=:]/;

/** The files among `files` whose text matches `pattern`, relative to `dist/`. */
async function matching(files: string[], pattern: RegExp): Promise<string[]> {
  const found: string[] = [];
  for (const file of files) {
    if (pattern.test(await readFile(file, "utf8"))) found.push(path.relative(DIST, file));
  }
  return found;
}

describe("the package as npm packs it", function () {
  this.timeout(300_000);

  let packed: Packed;
  let paths: string[];

  before(async function () {
    packed = await packedPackage();
    paths = packed.files.map((file) => file.path);
  });

  it("ships every entry of its exports map, its LICENSE and the contracts' interfaces", async function () {
    const manifest = JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")) as {
      exports: Record<string, string | Record<string, string>>;
      main: string;
      types: string;
    };
    const targets = Object.values(manifest.exports)
      .flatMap((target) => (typeof target === "string" ? [target] : Object.values(target)))
      .filter((target) => !target.includes("*"))
      .concat(manifest.main, manifest.types)
      .map((target) => path.posix.normalize(target));
    expect(targets.filter((target) => !paths.includes(target))).to.deep.equal([]);
    expect(paths).to.include.members(["LICENSE", "README.md", "package.json"]);
    const license = await readFile(path.join(ROOT, "LICENSE"), "utf8");
    expect(license).to.match(/^ {33}Apache License\n {27}Version 2\.0, January 2004\n/);
    expect(license).to.include("Copyright 2026 The TrustChain supply-chain suite contributors");
    expect(paths.filter((file) => file.startsWith("contracts/")).sort()).to.deep.equal(
      readdirSync(path.join(CONTRACTS, "interfaces"))
        .map((file) => `contracts/interfaces/${file}`)
        .sort(),
    );
  });

  it("ships no test mock, test file, local address book, deployment journal or source", function () {
    const unwanted = paths.filter(
      (file) =>
        /mock/i.test(file) ||
        /(^|\/)tests?\//.test(file) ||
        /\.(test|t)\.|\.t\.sol$/.test(file) ||
        file === "deployments/chain-31337.json" ||
        /^(ignition|src|artifacts|cache|scripts|tasks|coverage)\//.test(file) ||
        // The typechain barrels re-export the mocks.
        /^dist\/typechain\/(factories\/)?index\./.test(file),
    );
    expect(unwanted).to.deep.equal([]);
    expect(
      paths.filter((file) => !/^(dist|contracts|deployments)\//.test(file)).sort(),
    ).to.deep.equal(["LICENSE", "README.md", "package.json"]);
  });

  it("leaves a local address book out, and ships a public chain's", async function () {
    // The packed package, unpacked, with two address books added: a local node's and Sepolia's.
    const stage = await mkdtemp(path.join(os.tmpdir(), "suite-stage-"));
    try {
      await succeed("tar", ["-xzf", packed.tarball, "-C", stage], { cwd: stage });
      const books = path.join(stage, "package", "deployments");
      await mkdir(books, { recursive: true });
      for (const chainId of [31337, 11155111]) {
        await writeFile(path.join(books, `chain-${chainId}.json`), `{"chainId":${chainId}}\n`);
      }
      const restaged = await pack(path.join(stage, "package"), stage);
      const added = restaged.files.map((file) => file.path).filter((file) => !paths.includes(file));
      expect(added).to.deep.equal(["deployments/chain-11155111.json"]);
    } finally {
      await rm(stage, { recursive: true, force: true });
    }
  });

  it("loads no creation bytecode and no Node module from its browser entry", async function () {
    const browser = await reachableFiles(path.join(DIST, "index.js"));
    expect(browser).to.include(path.join(DIST, "contracts.js"));
    expect(await matching(browser, CREATION_CODE)).to.deep.equal([]);
    expect(await matching(browser, LONG_HEX)).to.deep.equal([]);
    expect(await matching(browser, BYTECODE_FIELD)).to.deep.equal([]);
    expect(await matching(browser, /from "node:/)).to.deep.equal([]);
    expect(browser.filter((file) => !paths.includes(path.relative(ROOT, file)))).to.deep.equal([]);
  });

  it("has the creation bytecode of the eight contracts in its ./deploy entry only", async function () {
    const deploy = await reachableFiles(path.join(DIST, "deploy", "index.js"));
    const withCode = await matching(deploy, CREATION_CODE);
    expect(withCode.map((file) => path.basename(file)).sort()).to.deep.equal(
      [
        "CoreCharges",
        "CoreRegistry",
        "InvoiceEscrow",
        "LicenceRegistry",
        "PartRegistry",
        "ParticipantRegistry",
        "ProcurementAuction",
        "WarrantyRegistry",
      ].map((name) => `${name}__factory.js`),
    );
  });
});
