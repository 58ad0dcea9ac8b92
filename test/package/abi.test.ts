/**
 * Drift test: the ABI modules of `src/abi/` (committed, so that the browser entry needs no
 * bytecode) equal the compiled contracts' ABIs. `ABI_SNAPSHOT=write` rewrites them first.
 */
import { expect } from "chai";
import { Interface } from "ethers";
import * as sdk from "../../src/index.js";
import { SUITE_CONTRACTS } from "../../src/core/address-book.js";
import { compiledAbi, writeAbiModules } from "./abi-modules.js";

describe("the ABI modules", function () {
  before(async function () {
    if (process.env.ABI_SNAPSHOT === "write") await writeAbiModules();
  });

  for (const name of SUITE_CONTRACTS) {
    it(`has the compiled ABI of ${name}, which the main entry's factory connects with`, async function () {
      const { [`${name}Abi`]: abi } = (await import(`../../src/abi/${name}.js`)) as Record<
        string,
        unknown
      >;
      expect(abi, "rewrite with ABI_SNAPSHOT=write").to.deep.equal(compiledAbi(name));
      const factory = sdk[`${name}__factory`];
      expect(factory.abi).to.equal(abi);
      expect(Object.keys(factory).sort()).to.deep.equal(["abi", "connect", "createInterface"]);
      expect(factory.createInterface().format()).to.deep.equal(
        new Interface(compiledAbi(name)).format(),
      );
      const address = "0x00000000000000000000000000000000000000A1";
      expect(await factory.connect(address).getAddress()).to.equal(address);
    });
  }
});
