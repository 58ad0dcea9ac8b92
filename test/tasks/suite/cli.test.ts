import { expect } from "chai";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { JsonRpcProvider } from "ethers";
import { BIN, childEnv, compileForCli } from "../shared/cli-env.js";
import {
  type CliNode,
  cliRunner,
  freePort,
  latestBlock,
  nodeUrl,
  removeDeployment,
  type Run,
  spawnHardhat,
  startNode,
} from "../shared/cli-harness.js";
import { stopAtFirstFailure } from "../shared/ordered.js";
import { findDeploymentBlock } from "../../../tasks/suite/deploy.js";

/**
 * End-to-end test of what every write task prints on stderr while it waits: the transaction's
 * hash as soon as it is sent, then each confirmation, the number of which `--confirmations` (or
 * `HARDHAT_CONFIRMATIONS`) sets. A real `hardhat node`, the suite deployed with `suite:deploy`.
 */

const DEPLOYMENT_ID = `cli-progress-test-${process.pid}`;
const PUBLIC_DEPLOYMENT_ID = `cli-progress-public-test-${process.pid}`;
/** Account #1 of the nodes' default mnemonic: governance, never the deployer (#0). */
const GOVERNANCE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const SENT =
  /^Sent (0x[0-9a-f]{64}) \(ParticipantRegistry\.grantRole\); waiting for (\d+) confirmations?\.\.\.$/;

describe("command line: transaction progress (end to end)", function () {
  stopAtFirstFailure();

  this.timeout(180_000);

  let node: CliNode | undefined;
  let provider: JsonRpcProvider;
  let env: NodeJS.ProcessEnv;
  let deploymentsDir: string;
  let accounts: string[];

  const { hardhat, succeeds, refused } = cliRunner({
    env: () => env,
    provider: () => provider,
  });

  /** Runs `args` while a block is mined every 200 ms, so that confirmations come. */
  async function whileMining(args: readonly string[], extraEnv?: Record<string, string>) {
    const timer = setInterval(() => void provider.send("evm_mine", []).catch(() => {}), 200);
    try {
      return await hardhat(args, extraEnv);
    } finally {
      clearInterval(timer);
    }
  }

  /**
   * Checks that `run` succeeded and printed on stderr the hash of the transaction it sent, then
   * `confirmations` confirmations of the block it was mined in; returns the hash.
   */
  async function expectProgress(run: Run, confirmations: number): Promise<string> {
    expect(run.code, run.stderr).to.equal(0);
    const lines = run.stderr.trimEnd().split("\n");
    const sent = SENT.exec(lines[0] ?? "");
    expect(sent, `first stderr line: ${lines[0]}`).to.not.equal(null);
    const hash = sent![1]!;
    expect(Number(sent![2])).to.equal(confirmations);
    const receipt = await provider.getTransactionReceipt(hash);
    expect(receipt, "the hash printed is a mined transaction").to.not.equal(null);
    expect(receipt!.status).to.equal(1);
    const block = receipt!.blockNumber;
    expect(lines.slice(1)).to.deep.equal(
      Array.from(
        { length: confirmations },
        (_, index) => `Confirmed in block ${block} (${index + 1}/${confirmations})`,
      ),
    );
    expect(run.stdout, "the result names the same transaction").to.include(`tx ${hash}`);
    return hash;
  }

  before(async function () {
    const port = await freePort();
    deploymentsDir = await mkdtemp(path.join(os.tmpdir(), "cli-progress-deployments-"));
    env = childEnv({ LOCALHOST_RPC_URL: nodeUrl(port), SUITE_DEPLOYMENTS_DIR: deploymentsDir });
    await compileForCli();
    node = await startNode(port, env);
    provider = node.provider;
    accounts = await node.accounts();
  });

  after(async function () {
    await node?.stop();
    await removeDeployment(DEPLOYMENT_ID);
    await removeDeployment(`${DEPLOYMENT_ID}-json`);
    await rm(deploymentsDir, { recursive: true, force: true });
  });

  it("deploys on the local chain with nothing on stderr, as before", async function () {
    const run = await hardhat(["suite:deploy", "--deployment-id", DEPLOYMENT_ID, "--reset"]);
    expect(run.stderr).to.equal("");
    expect(run.code).to.equal(0);
    expect(run.stdout).to.include("Address book written to");
  });

  it("prints the deployment as one JSON document with --json: the address book it wrote", async function () {
    const run = await hardhat([
      "suite:deploy",
      "--deployment-id",
      `${DEPLOYMENT_ID}-json`,
      "--reset",
      "--json",
    ]);
    expect(run.stderr).to.equal("");
    expect(run.code).to.equal(0);
    const printed = JSON.parse(run.stdout) as Record<string, unknown>;
    const file = path.join(deploymentsDir, "chain-31337.json");
    const written = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
    expect(printed).to.deep.equal({
      ...written,
      deployer: accounts[0],
      adminDelay: 2 * 86_400,
      addressBookFile: file,
    });
    expect(Object.keys(printed.contracts as object)).to.have.length(8);
    for (const address of Object.values(printed.contracts as Record<string, string>)) {
      expect(await provider.getCode(address), address).to.not.equal("0x");
    }
  });

  it("prints a write's hash on stderr as it is sent, the mined transaction's, then its confirmation", async function () {
    const run = await hardhat(["registrar:appoint", accounts[2]!, "--from", "1"]);
    const hash = await expectProgress(run, 1);
    const block = await provider.getBlock("latest");
    expect(block!.transactions).to.deep.equal([hash]);
  });

  it("waits for the confirmations of --confirmations, printing each", async function () {
    const run = await whileMining([
      "--confirmations",
      "3",
      "registrar:appoint",
      accounts[3]!,
      "--from",
      "1",
    ]);
    await expectProgress(run, 3);
  });

  it("takes the confirmations from HARDHAT_CONFIRMATIONS too", async function () {
    const run = await whileMining(["registrar:appoint", accounts[4]!, "--from", "1"], {
      HARDHAT_CONFIRMATIONS: "2",
    });
    await expectProgress(run, 2);
  });

  it("succeeds() accepts progress lines on stderr and nothing else", async function () {
    const out = await succeeds(["registrar:appoint", accounts[5]!, "--from", "1"]);
    expect(out).to.match(/tx 0x[0-9a-f]{64}/);
  });

  it("runs as a process of its own too, which exits once its transaction is mined", async function () {
    // Every other command of these tests runs in one long-lived `hardhat` (cli-harness.ts): this
    // one is the real binary, so a task that left a timer or a connection open would hang here.
    const run = await spawnHardhat(
      ["registrar:appoint", accounts[7]!, "--from", "1", "--network", "localhost"],
      env,
    );
    await expectProgress(run, 1);
  });

  it("refuses a number of confirmations below 1, naming the option, and sends nothing", async function () {
    await refused(
      ["--confirmations", "0", "registrar:appoint", accounts[6]!, "--from", "1"],
      'Error SC129: The number of confirmations "0" is not a whole number of at least 1: pass ' +
        "--confirmations (or set HARDHAT_CONFIRMATIONS) with one.",
    );
  });
  describe("suite:deploy on a chain that is not local (anvil as chain 1337)", function () {
    let anvil: ChildProcess | undefined;
    let anvilUrl: string;

    before(async function () {
      const port = await freePort();
      anvilUrl = `http://127.0.0.1:${port}`;
      anvil = spawn(path.join(BIN, "anvil"), ["--chain-id", "1337", "--port", `${port}`], {
        stdio: "ignore",
      });
      const probe = new JsonRpcProvider(anvilUrl, 1337, { staticNetwork: true });
      try {
        for (let tries = 0; ; tries++) {
          try {
            await probe.getBlockNumber();
            break;
          } catch (error) {
            if (tries > 100) throw error;
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
      } finally {
        probe.destroy();
      }
    });

    after(async function () {
      if (anvil !== undefined && anvil.exitCode === null) {
        anvil.kill();
        await once(anvil, "exit");
      }
      await removeDeployment(PUBLIC_DEPLOYMENT_ID);
      await removeDeployment(`${PUBLIC_DEPLOYMENT_ID}-confirmed`);
    });

    it("shows Ignition's progress on stderr, and stdout holds the result as on a local chain", async function () {
      const run = await hardhat(["suite:deploy", "--deployment-id", PUBLIC_DEPLOYMENT_ID], {
        LOCALHOST_RPC_URL: anvilUrl,
        GOVERNANCE_ADDRESS: GOVERNANCE,
      });
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stderr).to.include("Hardhat Ignition");
      expect(run.stderr).to.include("Executed SupplyChainSuite#ParticipantRegistry");
      const lines = run.stdout.trimEnd().split("\n");
      expect(lines[0]).to.equal(
        "Deploying the suite to localhost (chain 1337) from " +
          "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
      );
      expect(lines[1]).to.equal(`Governance: ${GOVERNANCE} (admin hand-over delay 2 days)`);
      expect(lines.slice(2, -1).map((line) => line.split(":")[0])).to.deep.equal([
        "ParticipantRegistry",
        "PartRegistry",
        "InvoiceEscrow",
        "ProcurementAuction",
        "CoreRegistry",
        "LicenceRegistry",
        "WarrantyRegistry",
        "CoreCharges",
      ]);
      expect(lines.at(-1)).to.equal(
        `Address book written to ${path.join(deploymentsDir, "chain-1337.json")}`,
      );
    });

    it("waits for --confirmations before it sends the next batch", async function () {
      const chain = new JsonRpcProvider(anvilUrl, 1337, { staticNetwork: true });
      try {
        // Ignition sends nothing while the deployer's last transactions (the deployment above)
        // lack the confirmations asked for: one more block gives them 2.
        await chain.send("evm_mine", []);
        const before = await latestBlock(chain);
        const deploying = hardhat(
          [
            "--confirmations",
            "2",
            "suite:deploy",
            "--deployment-id",
            `${PUBLIC_DEPLOYMENT_ID}-confirmed`,
            "--json",
          ],
          { LOCALHOST_RPC_URL: anvilUrl, GOVERNANCE_ADDRESS: GOVERNANCE },
        );
        let ended: Run | undefined;
        void deploying.then((run) => (ended = run));
        /** Waits until the chain is past `height`; fails if the deployment ends first. */
        const past = async (height: number, what: string) => {
          for (const deadline = Date.now() + 60_000; (await latestBlock(chain)) <= height;) {
            if (ended !== undefined)
              expect.fail(`the deployment ended before ${what}: ${ended.stderr}`);
            if (Date.now() > deadline) expect.fail(`${what} never came`);
            await sleep(100);
          }
        };
        // The first batch (the participant registry alone) is mined as it is sent; the next
        // waits for a second block, which only this test mines.
        await past(before, "the first batch");
        await sleep(3_000);
        expect(await latestBlock(chain), "a batch sent before its 2nd confirmation").to.equal(
          before + 1,
        );
        // One block, and no more: the first batch has its 2 confirmations, and the next is sent.
        await chain.send("evm_mine", []);
        await past(before + 2, "the second batch, once the first had 2 confirmations");
        const mining = setInterval(() => void chain.send("evm_mine", []).catch(() => {}), 200);
        const run = await deploying.finally(() => clearInterval(mining));
        expect(run.code, run.stderr).to.equal(0);
        const { contracts } = JSON.parse(run.stdout) as { contracts: Record<string, string> };
        const latest = await latestBlock(chain);
        const first = await findDeploymentBlock(chain, contracts.ParticipantRegistry!, latest);
        const second = await findDeploymentBlock(chain, contracts.PartRegistry!, latest);
        expect(first).to.equal(before + 1);
        expect(second).to.be.at.least(first + 2);
      } finally {
        chain.destroy();
      }
    });

    it("refuses a number of confirmations below 1 before it deploys anything", async function () {
      const chain = new JsonRpcProvider(anvilUrl, 1337, { staticNetwork: true });
      try {
        const before = await latestBlock(chain);
        const run = await hardhat(
          ["--confirmations", "0", "suite:deploy", "--deployment-id", "never-deployed"],
          { LOCALHOST_RPC_URL: anvilUrl, GOVERNANCE_ADDRESS: GOVERNANCE },
        );
        expect(run.code).to.equal(1);
        expect(run.stdout).to.equal("");
        expect(run.stderr).to.equal(
          'Error SC129: The number of confirmations "0" is not a whole number of at least 1: ' +
            "pass --confirmations (or set HARDHAT_CONFIRMATIONS) with one.\n",
        );
        expect(await latestBlock(chain)).to.equal(before);
      } finally {
        chain.destroy();
      }
    });
  });
});
