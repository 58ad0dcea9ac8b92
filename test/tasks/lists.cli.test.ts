import { expect } from "chai";
import { childEnv, compileForCli } from "./shared/cli-env.js";
import {
  type CliNode,
  cliRunner,
  freePort,
  nodeUrl,
  removeDeployment,
  startNode,
} from "./shared/cli-harness.js";
import { stopAtFirstFailure } from "./shared/ordered.js";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { JsonRpcProvider } from "ethers";
import {
  AuctionsClient,
  formatPartId,
  formatTime,
  hashDocument,
  hashJson,
  InvoicesClient,
  parseAddressBook,
  ParticipantsClient,
  partIdOf,
  PartsClient,
} from "../../src/index.js";
import { StablecoinMock__factory } from "../../src/typechain/index.js";

/**
 * End-to-end test of the list commands: a real `hardhat node`, the suite deployed with
 * `suite:deploy`, then, through the SDK from this process, the cast accredited, a certificate,
 * two batches, a specification, three parts, an invoice and an order; then each list command
 * run once as text and once as JSON through `node_modules/.bin/hardhat`, one page followed to
 * the next, an empty list, and a refused page size.
 */

// Its own Ignition journal, so that the test never touches a developer's chain-31337 journal.
const DEPLOYMENT_ID = `lists-cli-test-${process.pid}`;

const SCHEME = "CF-TI";
const DAY = 86_400;
const USD = 1_000_000n;

describe("command line: lists (end to end)", function () {
  stopAtFirstFailure();

  this.timeout(300_000);

  let node: CliNode | undefined;
  let provider: JsonRpcProvider;
  let env: NodeJS.ProcessEnv;
  let workDir: string;
  let specFile: string;
  let token: string;
  let book: ReturnType<typeof parseAddressBook>;

  // Accounts: #1 governance, #2 registrar, #3 standards body, #4 auditor, #5 producer,
  // #6 manufacturer, #7 test lab, #8 customer, #9 arbiter.
  let accounts: string[];
  const at = (i: number) => accounts[i]!;
  const specText = "Bracket A7 rev C: Ti-6Al-4V, machined, tested under load.\n";
  const specHash = hashDocument(specText);
  let validUntil: number;
  let dueDate: bigint;
  let biddingEnds: bigint;

  const { hardhat, succeeds, refused } = cliRunner({
    env: () => env,
    provider: () => provider,
  });

  /** Runs a list command with `--json` and parses its one document. */
  async function json(args: readonly string[]): Promise<{ items: any[]; next: string | null }> {
    return JSON.parse(await succeeds([...args, "--json"]));
  }

  before(async function () {
    const port = await freePort();
    workDir = await mkdtemp(path.join(os.tmpdir(), "lists-cli-"));
    specFile = path.join(workDir, "bracket-spec.txt");
    await writeFile(specFile, specText);
    env = childEnv({ LOCALHOST_RPC_URL: nodeUrl(port), SUITE_DEPLOYMENTS_DIR: workDir });
    await compileForCli();
    node = await startNode(port, env);
    provider = node.provider;
    accounts = await node.accounts();
    if (accounts.length < 10) throw new Error("the node has too few accounts");
  });

  after(async function () {
    await node?.stop();
    await removeDeployment(DEPLOYMENT_ID);
    await rm(workDir, { recursive: true, force: true });
  });

  it("deploys the suite, and builds a little of everything through the SDK", async function () {
    await succeeds(["suite:deploy", "--deployment-id", DEPLOYMENT_ID, "--reset"]);
    book = parseAddressBook(
      JSON.parse(await readFile(path.join(workDir, "chain-31337.json"), "utf8")),
    );
    const signer = (i: number) => provider.getSigner(i);
    const as = async (i: number) => ParticipantsClient.fromAddressBook(book, await signer(i));
    const partsAs = async (i: number) => PartsClient.fromAddressBook(book, await signer(i));
    await (await as(1)).appointRegistrar(at(2));
    const asRegistrar = await as(2);
    const now = (await provider.getBlock("latest"))!.timestamp;
    validUntil = now + 365 * DAY;
    const roles: [number, string][] = [
      [3, "standards-body"],
      [4, "auditor"],
      [5, "producer"],
      [6, "manufacturer"],
      [7, "test-lab"],
      [8, "customer"],
      [9, "arbiter"],
    ];
    for (const [i, role] of roles) {
      await asRegistrar.accredit({
        participant: at(i),
        roles: role,
        validUntil,
        evidenceHash: hashJson({ accreditation: at(i) }),
      });
    }
    const asStandardsBody = await as(3);
    await asStandardsBody.defineScheme({
      scheme: SCHEME,
      documentHash: hashJson({ scheme: SCHEME }),
      defaultValidity: 365 * DAY,
    });
    await asStandardsBody.authorizeAuditor({ scheme: SCHEME, auditor: at(4) });
    await (await as(5)).requestCertificate({ scheme: SCHEME, auditor: at(4) });
    await (
      await as(4)
    ).grantCertificate({
      participant: at(5),
      scheme: SCHEME,
      evidenceHash: hashJson({ audit: "producer" }),
    });

    const asProducer = await partsAs(5);
    const { batchId } = await asProducer.registerBatch({
      materialSpec: hashJson({ alloy: "Ti-6Al-4V" }),
      quantity: 100n,
      unit: "kg",
      schemes: [SCHEME],
      evidenceHash: hashJson({ mill: "certificate" }),
    });
    const portion = await asProducer.transferBatch({ batchId, to: at(6), quantity: 50n });
    const asManufacturer = await partsAs(6);
    await asManufacturer.defineSpecification({ spec: specHash, requiredKinds: ["test"] });
    await asManufacturer.makeParts({
      spec: specHash,
      serials: ["SN-1", "SN-2", "SN-3"],
      inputs: [{ batchId: portion.batchId, quantity: 1n }],
    });
    await asManufacturer.quarantine({ partId: partIdOf(at(6), "SN-2") });

    const stable = await new StablecoinMock__factory(await signer(0)).deploy("Test USD", "TUSD");
    await stable.waitForDeployment();
    token = await stable.getAddress();
    await (await stable.mint(at(8), 10_000n * USD)).wait();
    dueDate = BigInt(now + 30 * DAY);
    await InvoicesClient.fromAddressBook(book, await signer(6)).proposeInvoice({
      payer: at(8),
      token,
      dueDate,
      acceptanceWindow: 2 * DAY,
      gracePeriod: 5 * DAY,
      rulingPeriod: 7 * DAY,
      arbiter: at(9),
      milestones: [{ kind: "approval", amount: "1250.50" }],
    });
    biddingEnds = BigInt(now + DAY);
    await AuctionsClient.fromAddressBook(book, await signer(8)).postOrder({
      spec: specHash,
      quantity: 3,
      maxUnitPrice: "100",
      token,
      biddingEnds,
      revealEnds: biddingEnds + BigInt(DAY),
      deliveryBy: BigInt(now + 30 * DAY),
      bond: "50",
      arbiter: at(9),
      rulingPeriod: 7 * DAY,
    });
  });

  it("lists participants by role, and pages through them in JSON then text", async function () {
    const until = formatTime(BigInt(validUntil));
    expect(await succeeds(["participant:list", "--role", "manufacturer"])).to.equal(
      `${at(6)}  active  manufacturer  valid until ${until}`,
    );
    const first = await json(["participant:list", "--limit", "2"]);
    expect(first.items.map((p) => [p.address, p.state, p.roles])).to.deep.equal([
      [at(3), "active", ["standards-body"]],
      [at(4), "active", ["auditor"]],
    ]);
    expect(first.items[0].validUntil).to.equal(String(validUntil));
    expect(first.next).to.equal(at(4));
    expect(await succeeds(["participant:list", "--limit", "2", "--after", first.next!])).to.equal(
      [
        `${at(5)}  active  producer  valid until ${until}`,
        `${at(6)}  active  manufacturer  valid until ${until}`,
        `next page: --after ${at(6)}`,
      ].join("\n"),
    );
  });

  it("lists certificates", async function () {
    const cert = await json(["certificate:list", "--holder", at(5)]);
    expect(cert.next).to.equal(null);
    expect(cert.items.map((c) => [c.participant, c.schemeName, c.state, c.auditor])).to.deep.equal([
      [at(5), SCHEME, "valid", at(4)],
    ]);
    const from = formatTime(BigInt(cert.items[0].validFrom));
    const to = formatTime(BigInt(cert.items[0].validUntil));
    expect(await succeeds(["certificate:list", "--scheme", SCHEME])).to.equal(
      `${at(5)}  ${SCHEME}  valid  ${from} to ${to}  by auditor ${at(4)}`,
    );
  });

  it("lists specifications and batches", async function () {
    expect(await succeeds(["spec:list", "--maker", at(6)])).to.equal(
      `1  ${specHash}  by ${at(6)}  requires test`,
    );
    const specs = await json(["spec:list"]);
    expect(specs).to.deep.equal({
      items: [{ spec: specHash, id: "1", owner: at(6), requiredKinds: ["test"] }],
      next: null,
    });
    expect(await succeeds(["batch:list", "--owner", at(6)])).to.equal(
      `2  47 kg left of 50 kg  held by ${at(6)}  material ${hashJson({ alloy: "Ti-6Al-4V" })}`,
    );
    const batches = await json(["batch:list", "--limit", "1"]);
    expect(batches.items.map((b) => [b.id, b.owner, b.remaining, b.unit])).to.deep.equal([
      ["1", at(5), "50", "kg"],
    ]);
    expect(batches.next).to.equal("1");
  });

  it("lists parts by maker:serial, by specification file and status", async function () {
    const line = (serial: string, status: string) =>
      `${at(6)}:${serial}  ${status}  held by ${at(6)}  spec ${specHash}  not conforming`;
    expect(await succeeds(["part:list", "--spec", specFile, "--limit", "2"])).to.equal(
      [
        line("SN-1", "made"),
        line("SN-2", "quarantined"),
        `next page: --after ${formatPartId(partIdOf(at(6), "SN-2"))}`,
      ].join("\n"),
    );
    const made = await json(["part:list", "--maker", at(6), "--status", "made"]);
    expect(made.items.map((p) => [p.serial, p.id, p.status, p.owner])).to.deep.equal([
      ["SN-1", partIdOf(at(6), "SN-1").toString(), "made", at(6)],
      ["SN-3", partIdOf(at(6), "SN-3").toString(), "made", at(6)],
    ]);
    expect(made.next).to.equal(null);
    expect(await succeeds(["part:list", "--status", "recycled"])).to.equal("No parts match.");
  });

  it("lists invoices and orders, with amounts in token units", async function () {
    expect(await succeeds(["invoice:list", "--party", at(9), "--state", "proposed"])).to.equal(
      `1  proposed  1250.50 TUSD  supplier ${at(6)}  payer ${at(8)}  due ${formatTime(dueDate)}`,
    );
    const invoices = await json(["invoice:list", "--party", at(8)]);
    expect(invoices.next).to.equal(null);
    expect(invoices.items).to.have.length(1);
    const invoice = invoices.items[0];
    expect([invoice.id, invoice.state, invoice.funds.total]).to.deep.equal([
      "1",
      "proposed",
      "1250500000",
    ]);
    expect(invoice.token).to.deep.include({ address: token, symbol: "TUSD", decimals: 6 });

    expect(await succeeds(["auction:list", "--state", "bidding"])).to.equal(
      `1  bidding  3 parts of ${specHash}  at most 100.00 TUSD each  customer ${at(8)}  ` +
        `bids sealed until ${formatTime(biddingEnds)}`,
    );
    const orders = await json(["auction:list"]);
    expect(orders.items.map((o) => [o.id, o.phase, o.maxUnitPrice, o.token.symbol])).to.deep.equal([
      ["1", "bidding", "100000000", "TUSD"],
    ]);
    expect(orders.next).to.equal(null);
  });

  it("refuses a page size of 0, naming --limit, and an unknown state with the states", async function () {
    await refused(
      ["invoice:list", "--limit", "0"],
      'Error SC106: --limit: The page size "0" is not a whole number from 1 to 1000.',
    );
    const run = await hardhat(["auction:list", "--state", "open"]);
    expect(run.code).to.equal(1);
    expect(run.stdout).to.equal("");
    expect(run.stderr.trim()).to.equal(
      'Error SC114: --state: "open" is not an order state; the states are bidding, revealing, ' +
        "settling, awarded, closed, cancelled.",
    );
  });
});
