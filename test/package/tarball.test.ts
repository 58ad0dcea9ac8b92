/**
 * The package as a dApp uses it: the packed tarball installed into a throwaway project by the
 * machine's own Node and npm (not Hardhat's Node 22), with `engine-strict` on, and a plain ESM
 * script that imports the package by name, reads the address book that `suite:deploy` wrote,
 * connects to a real `hardhat node`, reads and writes. The tarball carries one address book of a
 * public chain more than the real package, to show that a shipped address book imports through the
 * exports map.
 */
import { expect } from "chai";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { getAddress } from "ethers";
import { SUITE_CONTRACTS } from "../../src/index.js";
import { childEnv, compileForCli } from "../tasks/shared/cli-env.js";
import {
  type CliNode,
  cliRunner,
  freePort,
  nodeUrl,
  removeDeployment,
  startNode,
} from "../tasks/shared/cli-harness.js";
import { pack, packedPackage, plainNodeEnv, ROOT, succeed } from "./packed.js";
import { runProcess } from "../helpers/process.js";

const DEPLOYMENT_ID = `package-test-${process.pid}`;
const SEPOLIA = 11155111;

/** A Sepolia address book, as the package would ship one (addresses made up). */
const SEPOLIA_BOOK = {
  chainId: SEPOLIA,
  network: "sepolia",
  governance: getAddress(`0x${"5e".repeat(20)}`),
  startBlock: 7_000_000,
  deployedAt: "2026-11-30T12:00:00.000Z",
  contracts: Object.fromEntries(
    SUITE_CONTRACTS.map((name, index) => [
      name,
      getAddress(`0x${String(index + 1).padStart(40, "0")}`),
    ]),
  ),
};

/** The dApp: plain ESM, no TypeScript, no Hardhat; the node's URL is its argument. */
const DAPP = `
import { JsonRpcProvider } from "ethers";
import {
  connectSuite,
  parseAddressBook,
  ParticipantRegistry__factory,
} from "@trustchain/supply-chain-suite";
import { ParticipantRegistry__factory as Deployable } from "@trustchain/supply-chain-suite/deploy";
import { readAddressBook } from "@trustchain/supply-chain-suite/node";
import sepolia from "@trustchain/supply-chain-suite/deployments/chain-${SEPOLIA}.json" with { type: "json" };

const provider = new JsonRpcProvider(process.argv[2], undefined, { staticNetwork: true });
const { chainId } = await provider.getNetwork();
const book = await readAddressBook("deployments", chainId);
const governance = await provider.getSigner(1);
const registrar = (await provider.getSigner(2)).address;

const reader = await connectSuite({ addressBook: book, runner: provider });
const before = await reader.participants.isRegistrar(registrar);
const { participants } = await connectSuite({ addressBook: book, runner: governance });
const tx = await participants.appointRegistrar(registrar);
const after = await reader.participants.isRegistrar(registrar);
const shipped = parseAddressBook(sepolia);

console.log(JSON.stringify({
  node: process.versions.node,
  chainId: book.chainId,
  governance: book.governance === governance.address,
  registrar,
  before,
  after,
  mined: (await provider.getTransactionReceipt(tx.hash))?.blockNumber === tx.blockNumber,
  shipped: { chainId: shipped.chainId, participants: shipped.contracts.ParticipantRegistry },
  browserFactoryHasBytecode: "bytecode" in ParticipantRegistry__factory,
  deployFactoryHasBytecode: Deployable.bytecode.startsWith("0x"),
}));
provider.destroy();
`;

describe("the packed package, installed by a dApp on the machine's Node", function () {
  this.timeout(600_000);

  let work: string;
  let dapp: string;
  let node: CliNode | undefined;
  let plainNode: string;

  before(async function () {
    work = await mkdtemp(path.join(os.tmpdir(), "suite-dapp-"));
    dapp = path.join(work, "dapp");
    const plain = plainNodeEnv();
    plainNode = (
      await succeed("node", ["-p", "process.versions.node"], { cwd: work, env: plain })
    ).trim();

    // The real tarball, unpacked, with a Sepolia address book added, packed again.
    const packed = await packedPackage();
    const stage = path.join(work, "stage");
    await mkdir(stage);
    await succeed("tar", ["-xzf", packed.tarball, "-C", stage], { cwd: stage });
    await mkdir(path.join(stage, "package", "deployments"), { recursive: true });
    await writeFile(
      path.join(stage, "package", "deployments", `chain-${SEPOLIA}.json`),
      `${JSON.stringify(SEPOLIA_BOOK, null, 2)}\n`,
    );
    const staged = await pack(path.join(stage, "package"), work);
    expect(
      staged.files
        .map((file) => file.path)
        .filter((file) => !packed.files.some((f) => f.path === file)),
    ).to.deep.equal([`deployments/chain-${SEPOLIA}.json`]);

    await mkdir(path.join(dapp, "deployments"), { recursive: true });
    await writeFile(
      path.join(dapp, "package.json"),
      JSON.stringify({ name: "suite-dapp", private: true, type: "module" }),
    );
    await writeFile(path.join(dapp, ".npmrc"), "engine-strict=true\n");
    await writeFile(path.join(dapp, "dapp.mjs"), DAPP);
    await succeed(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline", staged.tarball, "ethers@6"],
      { cwd: dapp, env: plain },
    );

    // A real node, and the suite deployed on it by the task, which writes the dApp's address book.
    const port = await freePort();
    const env = childEnv({
      LOCALHOST_RPC_URL: nodeUrl(port),
      SUITE_DEPLOYMENTS_DIR: path.join(dapp, "deployments"),
    });
    await compileForCli();
    node = await startNode(port, env);
    const governance = (await node.accounts())[1]!;
    const { hardhat } = cliRunner({ env: () => env, provider: () => node!.provider });
    const deploy = await hardhat([
      "suite:deploy",
      "--deployment-id",
      DEPLOYMENT_ID,
      "--reset",
      "--governance",
      governance,
    ]);
    expect(deploy.code, deploy.stderr).to.equal(0);
  });

  after(async function () {
    await node?.stop();
    await removeDeployment(DEPLOYMENT_ID);
    await rm(work, { recursive: true, force: true });
  });

  it("installs with engine-strict, and a plain ESM script reads, writes and imports a shipped address book", async function () {
    const [, governance, registrar] = await node!.accounts();
    const result = await runProcess("node", ["dapp.mjs", node!.url], {
      cwd: dapp,
      env: plainNodeEnv(),
    });
    // Node 20 warns that JSON modules are experimental; nothing else may reach stderr.
    const warnings = result.stderr
      .split("\n")
      .filter((line) => line !== "" && !/ExperimentalWarning|--trace-warnings/.test(line));
    expect(warnings, result.stderr).to.deep.equal([]);
    expect(result.code).to.equal(0);
    expect(JSON.parse(result.stdout)).to.deep.equal({
      node: plainNode,
      chainId: 31337,
      governance: true,
      registrar,
      before: false,
      after: true,
      mined: true,
      shipped: { chainId: SEPOLIA, participants: SEPOLIA_BOOK.contracts.ParticipantRegistry },
      browserFactoryHasBytecode: false,
      deployFactoryHasBytecode: true,
    });
    expect(governance).to.not.equal(registrar);
  });

  it("asks consumers for Node 20, and still refuses a plain install of the dev toolchain on older than 22", async function () {
    const manifest = JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")) as {
      engines: unknown;
      devEngines: unknown;
    };
    expect(manifest.engines).to.deep.equal({ node: ">=20" });
    // Documents the dev toolchain's need without warning on every npm command under Node 20.
    expect(manifest.devEngines).to.deep.equal({
      runtime: { name: "node", version: ">=22.13", onFail: "ignore" },
    });
    // The repository's own install, as a plain `npm install` would run it (dry: nothing written).
    const repo = path.join(work, "repo");
    await mkdir(repo);
    for (const file of ["package.json", "package-lock.json", ".npmrc"]) {
      await writeFile(path.join(repo, file), await readFile(path.join(ROOT, file)));
    }
    const install = await runProcess(
      "npm",
      ["install", "--dry-run", "--no-audit", "--no-fund", "--ignore-scripts", "--prefer-offline"],
      { cwd: repo, env: plainNodeEnv() },
    );
    if (Number(plainNode.split(".")[0]) < 22) {
      // engine-strict turns Hardhat's runtime (EDR, node >= 22) into a refusal, not a silent drop.
      expect(install.code, install.stdout).to.equal(1);
      expect(install.stderr).to.include("npm error code EBADENGINE");
      expect(install.stderr).to.match(
        /Not compatible with your version of node\/npm: @nomicfoundation\/edr@/,
      );
    } else {
      expect(install.code, install.stderr).to.equal(0);
    }
  });
});
