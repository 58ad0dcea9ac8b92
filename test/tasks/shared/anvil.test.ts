import { expect } from "chai";
import { existsSync } from "node:fs";
import { anvilArgs, anvilExecutable, anvilHardfork, DEV_MNEMONIC, testNodeKind } from "./anvil.js";

describe("the end-to-end tests' node kind (SUITE_TEST_NODE)", function () {
  it("is hardhat unless anvil is asked for", function () {
    expect(testNodeKind({})).to.equal("hardhat");
    expect(testNodeKind({ SUITE_TEST_NODE: "" })).to.equal("hardhat");
    expect(testNodeKind({ SUITE_TEST_NODE: "hardhat" })).to.equal("hardhat");
    expect(testNodeKind({ SUITE_TEST_NODE: "anvil" })).to.equal("anvil");
  });

  it("refuses any other value rather than silently testing Hardhat", function () {
    expect(() => testNodeKind({ SUITE_TEST_NODE: "Anvil" })).to.throw(
      'SUITE_TEST_NODE is "Anvil": it must be "hardhat" or "anvil".',
    );
  });
});

describe("anvil, started as hardhat node is", function () {
  it("runs Cancun unless SUITE_ANVIL_HARDFORK names another hardfork", function () {
    expect(anvilHardfork({})).to.equal("cancun");
    expect(anvilHardfork({ SUITE_ANVIL_HARDFORK: "prague" })).to.equal("prague");
  });

  it("gets hardhat node's accounts, chain id, block gas limit, code size limit and base fee", function () {
    const args = anvilArgs(8545, "cancun");
    const option = (name: string) => args[args.indexOf(name) + 1];
    expect(option("--host")).to.equal("127.0.0.1");
    expect(option("--port")).to.equal("8545");
    expect(option("--chain-id")).to.equal("31337");
    expect(option("--mnemonic")).to.equal(DEV_MNEMONIC);
    expect(option("--accounts")).to.equal("20");
    expect(option("--balance")).to.equal("10000");
    expect(option("--hardfork")).to.equal("cancun");
    expect(option("--gas-limit")).to.equal("60000000");
    expect(option("--code-size-limit")).to.equal("24576");
    expect(option("--base-fee")).to.equal("1000000000");
  });

  it("runs the installed binary, with no download", function () {
    expect(existsSync(anvilExecutable()), anvilExecutable()).to.equal(true);
  });
});
