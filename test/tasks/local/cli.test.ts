import { expect } from "chai";
import { childEnv, compileForCli } from "../shared/cli-env.js";
import { type CliNode, cliRunner, freePort, nodeUrl, startNode } from "../shared/cli-harness.js";
import { stopAtFirstFailure } from "../shared/ordered.js";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import os from "node:os";
import path from "node:path";
import type { JsonRpcProvider } from "ethers";
import { StablecoinMock__factory } from "../../../src/typechain/index.js";

/**
 * End-to-end test of the local helpers: a real node (`hardhat node`, or anvil with
 * `SUITE_TEST_NODE=anvil`), blocks mined, time moved and a test stablecoin minted through
 * `node_modules/.bin/hardhat` as a user would; and every helper refused, before it sends
 * anything, by a node that is not a development node (a stand-in JSON-RPC server that answers
 * only the methods of a production client). The `it`s build on each other in order.
 */

const TX = /\(tx 0x[0-9a-f]{64}, block \d+, gas \d+\)\.$/;

/** Methods a helper may ask a node before it decides that the node is not local. */
const READ_METHODS = new Set([
  "eth_chainId",
  "net_version",
  "eth_accounts",
  "eth_blockNumber",
  "hardhat_metadata",
  "anvil_nodeInfo",
]);

/**
 * A JSON-RPC server answering as a production client of chain 31337 would: the chain id, no
 * accounts, block 16, and "method not found" for anything else (the development methods
 * included); it records every method it was asked.
 */
async function startProductionLikeNode(): Promise<{
  url: string;
  asked: string[];
  server: Server;
}> {
  const asked: string[] = [];
  const answers: Record<string, unknown> = {
    eth_chainId: "0x7a69",
    net_version: "31337",
    eth_accounts: [],
    eth_blockNumber: "0x10",
  };
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const parsed = JSON.parse(body) as
        { id: number; method: string }[] | { id: number; method: string };
      const answer = (call: { id: number; method: string }) => {
        asked.push(call.method);
        return call.method in answers
          ? { jsonrpc: "2.0", id: call.id, result: answers[call.method] }
          : {
              jsonrpc: "2.0",
              id: call.id,
              error: { code: -32601, message: `the method ${call.method} does not exist` },
            };
      };
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify(Array.isArray(parsed) ? parsed.map(answer) : answer(parsed)));
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { url: nodeUrl(port), asked, server };
}

describe("command line: local helpers (end to end)", function () {
  stopAtFirstFailure();

  this.timeout(300_000);

  let node: CliNode | undefined;
  let provider: JsonRpcProvider;
  let env: NodeJS.ProcessEnv;
  let workDir: string;
  let holder: string;
  let token: string;

  const { hardhat, succeeds, refused } = cliRunner({
    env: () => env,
    provider: () => provider,
  });

  /** The latest block's number and timestamp, read afresh. */
  async function latest(): Promise<{ number: number; timestamp: number }> {
    const block = (await provider.send("eth_getBlockByNumber", ["latest", false])) as {
      number: string;
      timestamp: string;
    };
    return { number: Number(block.number), timestamp: Number(block.timestamp) };
  }

  before(async function () {
    const port = await freePort();
    workDir = await mkdtemp(path.join(os.tmpdir(), "local-cli-"));
    env = childEnv({ LOCALHOST_RPC_URL: nodeUrl(port), SUITE_DEPLOYMENTS_DIR: workDir });
    await compileForCli();
    node = await startNode(port, env);
    provider = node.provider;
    holder = (await node.accounts())[5]!;
  });

  after(async function () {
    await node?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  it("mines blocks, as text and as JSON", async function () {
    const before = await latest();
    expect(await succeeds(["local:mine"])).to.match(
      new RegExp(
        `^Mined 1 block: the chain is at block ${before.number + 1}, time \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\.$`,
      ),
    );
    const json = JSON.parse(await succeeds(["local:mine", "--blocks", "65", "--json"])) as {
      blocks: number;
      blockNumber: number;
      timestamp: string;
    };
    const after = await latest();
    expect(json).to.deep.equal({
      blocks: 65,
      blockNumber: before.number + 66,
      timestamp: new Date(after.timestamp * 1000).toISOString(),
    });
    expect(after.number).to.equal(before.number + 66);
  });

  it("moves time by days and hours, then to a date, mining one block each", async function () {
    const before = await latest();
    const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
    expect(await succeeds(["local:time", "--days", "2", "--hours", "3"])).to.equal(
      `The chain's time moved 2 days 3 hours forward, from ${iso(before.timestamp)} to ` +
        `${iso(before.timestamp + 183_600)} (block ${before.number + 1}).`,
    );
    const moved = await latest();
    expect(moved).to.deep.equal({
      number: before.number + 1,
      timestamp: before.timestamp + 183_600,
    });

    const target = Math.floor(moved.timestamp / 86_400) * 86_400 + 30 * 86_400; // a midnight
    const day = new Date(target * 1000).toISOString().slice(0, 10);
    const json = JSON.parse(await succeeds(["local:time", "--to", day, "--json"])) as unknown;
    expect(json).to.deep.equal({
      from: new Date(moved.timestamp * 1000).toISOString(),
      to: new Date(target * 1000).toISOString(),
      seconds: String(target - moved.timestamp),
      blockNumber: moved.number + 1,
    });
    expect(await latest()).to.deep.equal({ number: moved.number + 1, timestamp: target });
  });

  it("refuses to move time backwards, sending nothing", async function () {
    const now = (await latest()).timestamp;
    const iso = new Date(now * 1000).toISOString().replace(".000Z", "Z");
    await refused(
      ["local:time", "--to", "2020-01-01"],
      `Error SC103: The chain's time is already ${iso}, not before 2020-01-01T00:00:00Z: time ` +
        "only moves forward. Nothing was sent.",
    );
  });

  it("refuses an amount finer than the test stablecoin's 6 decimals before deploying it", async function () {
    await refused(
      ["local:token", "5", "--amount", "1.1234567"],
      "Error SC106: The amount to mint (--amount) 1.1234567 has 7 decimals; the token has only 6.",
    );
  });

  it("deploys the test stablecoin on first use, records it, and mints in token units", async function () {
    const run = await hardhat(["local:token", "5", "--amount", "1250.5"]);
    expect(run.code, run.stderr).to.equal(0);
    const out = run.stdout.trimEnd();
    const file = path.join(workDir, "local", "test-token-chain-31337.json");
    const record = JSON.parse(await readFile(file, "utf8")) as { address: string };
    token = record.address;
    const [deployLine, mintLine] = out.split("\n");
    expect(deployLine).to.match(
      new RegExp(
        `^Deployed the test stablecoin USD Coin \\(local test\\) \\(USDC, 6 decimals\\) at ${token}, recorded in ${file.replace(/[.]/g, "\\.")} \\(tx`,
      ),
    );
    expect(deployLine).to.match(TX);
    expect(mintLine).to.match(
      new RegExp(`^Minted 1250\\.50 USDC to ${holder}, which now holds 1250\\.50 USDC \\(tx `),
    );
    expect(mintLine).to.match(TX);
    // Each transaction's hash on stderr as it is sent, then its confirmation, as every task does.
    const hashIn = (line: string | undefined) => /tx (0x\w{64})/.exec(line ?? "")?.[1] ?? "";
    const [deployHash, mintHash] = [hashIn(deployLine), hashIn(mintLine)];
    const blockOf = async (hash: string) =>
      (await provider.getTransactionReceipt(hash))!.blockNumber;
    expect(run.stderr.trimEnd().split("\n")).to.deep.equal([
      `Sent ${deployHash} (new StablecoinMock); waiting for 1 confirmation...`,
      `Confirmed in block ${await blockOf(deployHash)} (1/1)`,
      `Sent ${mintHash} (StablecoinMock.mint); waiting for 1 confirmation...`,
      `Confirmed in block ${await blockOf(mintHash)} (1/1)`,
    ]);
    const usdc = StablecoinMock__factory.connect(token, provider);
    expect(await usdc.balanceOf(holder)).to.equal(1_250_500_000n);
    expect(await usdc.symbol()).to.equal("USDC");
  });

  it("mints more of the recorded stablecoin without deploying again, as JSON", async function () {
    const json = JSON.parse(
      await succeeds(["local:token", holder, "--amount", "10", "--json"]),
    ) as Record<string, unknown> & { tx: { hash: string } };
    expect(json).to.deep.include({
      token: { address: token, name: "USD Coin (local test)", symbol: "USDC", decimals: 6 },
      deployed: false,
      record: null,
      to: holder,
      amount: "10000000",
      balance: "1260500000",
    });
    expect(json).to.not.have.property("deployTx");
    expect(json.tx.hash).to.match(/^0x[0-9a-f]{64}$/);
    const receipt = await provider.getTransactionReceipt(json.tx.hash);
    expect(receipt?.to).to.equal(token);
    expect(await StablecoinMock__factory.connect(token, provider).balanceOf(holder)).to.equal(
      1_260_500_000n,
    );
  });

  it("refuses a token address with no contract, sending nothing", async function () {
    const empty = "0x000000000000000000000000000000000000dEaD";
    await refused(
      ["local:token", holder, "--amount", "1", "--token", empty],
      `Error SC110: No contract is at the token address ${empty} on chain 31337: pass the ` +
        "address of a test token, or leave --token out to use the test stablecoin.",
    );
  });

  it("refuses every helper on a node that is not a development node, sending nothing", async function () {
    const fake = await startProductionLikeNode();
    try {
      for (const [args, name] of [
        [["local:mine"], "local:mine"],
        [["local:time", "--days", "1"], "local:time"],
        [["local:token", holder, "--amount", "1"], "local:token"],
      ] as const) {
        const run = await hardhat(args, { LOCALHOST_RPC_URL: fake.url });
        expect(run.code, `exit code of ${name}`).to.equal(1);
        expect(run.stdout).to.equal("");
        expect(run.stderr.trim()).to.equal(
          `Error SC119: ${name} only runs on a local development node (\`npx hardhat node\` or ` +
            "anvil), and the network localhost (chain 31337) is not one: it answers neither " +
            "hardhat_metadata nor anvil_nodeInfo. Nothing was sent.",
        );
      }
      expect(fake.asked).to.include("hardhat_metadata");
      expect(fake.asked).to.include("anvil_nodeInfo");
      expect(fake.asked.filter((method) => !READ_METHODS.has(method))).to.deep.equal([]);
    } finally {
      await new Promise((resolve) => fake.server.close(resolve));
    }
  });
});
