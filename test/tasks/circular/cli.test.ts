import { expect } from "chai";
import { childEnv, compileForCli } from "../shared/cli-env.js";
import {
  type CliNode,
  cliRunner,
  freePort,
  nodeUrl,
  removeDeployment,
  startNode,
} from "../shared/cli-harness.js";
import { expectMinedTx, parseJson } from "../shared/json.js";
import { stopAtFirstFailure } from "../shared/ordered.js";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { JsonRpcProvider } from "ethers";
import {
  CircularClient,
  formatPartId,
  hashDocument,
  hashJson,
  parseAddressBook,
  ParticipantsClient,
  partIdOf,
  PartsClient,
} from "../../../src/index.js";
import { StablecoinMock__factory } from "../../../src/typechain/index.js";

/**
 * End-to-end test of the circular-economy commands: a real `hardhat node`, the suite deployed
 * with `suite:deploy`, the cast, three conforming brackets sold to an airline and a 6-decimal
 * stablecoin set up directly through the SDK from this process; then, through
 * `node_modules/.bin/hardhat` as a user would: a core charge required, paid and settled by a
 * returned and graded core, the core listed and bought, a licence granted, the core
 * remanufactured, a warranty claim filed, rejected, escalated and ruled, a scrap core bought and
 * recycled, and every show with --json. The `it`s build on each other in order; the refusals
 * check that bad input never reaches the chain.
 */

// Its own Ignition journal, so that the test never touches a developer's chain-31337 journal.
const DEPLOYMENT_ID = `circular-cli-test-${process.pid}`;

const SCHEME = "CF-TI";
const DAY = 86_400;
const USD = 1_000_000n;
const TX = /\(tx 0x[0-9a-f]{64}, block \d+, gas \d+\)\.$/;

describe("command line: the circular economy (end to end)", function () {
  stopAtFirstFailure();

  this.timeout(600_000);

  let node: CliNode | undefined;
  let provider: JsonRpcProvider;
  let env: NodeJS.ProcessEnv;
  let workDir: string;
  let book: ReturnType<typeof parseAddressBook>;

  // Accounts: #1 governance, #2 registrar, #3 standards body, #4 auditor, #5 producer,
  // #6 manufacturer (the OEM, which sells the brackets), #7 test lab, #8 customer (the airline),
  // #9 arbiter, #10 inspector, #11 remanufacturer, #12 recycler, #13 a second customer.
  let manufacturer: string;
  let customer: string;
  let arbiter: string;
  let remanufacturer: string;
  let recycler: string;
  let token: string;

  const specText = "Bracket, rev B: Ti-6Al-4V, 84 mm, tested under load.\n";
  const specHash = hashDocument(specText);
  let specFile: string;
  let inspectionFile: string;
  const inspectionText = "Inspection 17: light wear, no cracks; fit for remanufacture.\n";
  let portionBatch: bigint;
  // The three brackets the airline bought, by their maker and serial.
  let unit: string;
  let coreRef: string;
  let scrapRef: string;
  let coreId: bigint;
  let scrapId: bigint;
  let remadeId: bigint;
  let returnBy: string;

  const { succeeds, refused } = cliRunner({
    env: () => env,
    provider: () => provider,
  });

  /** A date `days` from now, as an ISO date-time (the node's chain runs on the wall clock). */
  function inDays(days: number): string {
    return new Date(Date.now() + days * DAY * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  before(async function () {
    const port = await freePort();
    const url = nodeUrl(port);
    workDir = await mkdtemp(path.join(os.tmpdir(), "circular-cli-"));
    specFile = path.join(workDir, "bracket-spec.txt");
    inspectionFile = path.join(workDir, "inspection.txt");
    await writeFile(specFile, specText);
    await writeFile(inspectionFile, inspectionText);
    env = childEnv({ LOCALHOST_RPC_URL: url, SUITE_DEPLOYMENTS_DIR: workDir });
    await compileForCli();

    node = await startNode(port, env);
    provider = node.provider;
    const accounts = await node.accounts();
    if (accounts.length < 14) throw new Error("the node has too few accounts");
    [manufacturer, customer, arbiter, remanufacturer, recycler] = [6, 8, 9, 11, 12].map(
      (i) => accounts[i]!,
    ) as [string, string, string, string, string];
    unit = `${manufacturer}:SN-1`;
    coreRef = `${manufacturer}:SN-2`;
    scrapRef = `${manufacturer}:SN-3`;
    coreId = partIdOf(manufacturer, "SN-2");
    scrapId = partIdOf(manufacturer, "SN-3");
    remadeId = partIdOf(remanufacturer, "SN-R1");
  });

  after(async function () {
    await node?.stop();
    await removeDeployment(DEPLOYMENT_ID);
    await rm(workDir, { recursive: true, force: true });
  });

  describe("from a core charge to a remanufactured part with its warranty", function () {
    it("deploys the suite, and sets up the cast, the brackets and a stablecoin through the SDK", async function () {
      const out = await succeeds(["suite:deploy", "--deployment-id", DEPLOYMENT_ID, "--reset"]);
      expect(out).to.include("CoreRegistry:");
      book = parseAddressBook(
        JSON.parse(await readFile(path.join(workDir, "chain-31337.json"), "utf8")),
      );

      const signer = (i: number) => provider.getSigner(i);
      const as = async (i: number) => ParticipantsClient.fromAddressBook(book, await signer(i));
      const partsAs = async (i: number) => PartsClient.fromAddressBook(book, await signer(i));
      await (await as(1)).appointRegistrar((await signer(2)).address);
      const asRegistrar = await as(2);
      const validUntil = Math.floor(Date.now() / 1000) + 2 * 365 * DAY;
      const roles: [number, string][] = [
        [3, "standards-body"],
        [4, "auditor"],
        [5, "producer"],
        [6, "manufacturer"],
        [7, "test-lab"],
        [8, "customer"],
        [9, "arbiter"],
        [10, "inspector"],
        [11, "remanufacturer"],
        [12, "recycler"],
        [13, "customer"],
      ];
      for (const [i, role] of roles) {
        const participant = (await signer(i)).address;
        await asRegistrar.accredit({
          participant,
          roles: role,
          validUntil,
          evidenceHash: hashJson({ accreditation: participant }),
        });
      }
      const asStandardsBody = await as(3);
      await asStandardsBody.defineScheme({
        scheme: SCHEME,
        documentHash: hashJson({ scheme: SCHEME }),
        defaultValidity: 365 * DAY,
      });
      const auditor = (await signer(4)).address;
      await asStandardsBody.authorizeAuditor({ scheme: SCHEME, auditor });
      for (const [i, capacity] of [
        [5, 1000n],
        [12, 500n],
      ] as const) {
        await (await as(i)).requestCertificate({ scheme: SCHEME, auditor });
        await (
          await as(4)
        ).grantCertificate({
          participant: (await signer(i)).address,
          scheme: SCHEME,
          capacity: { perPeriod: capacity, unit: "kg", periodLength: 30 * DAY },
          evidenceHash: hashJson({ audit: i }),
        });
      }

      const asProducer = await partsAs(5);
      const { batchId } = await asProducer.registerBatch({
        materialSpec: hashJson({ alloy: "Ti-6Al-4V" }),
        quantity: 100n,
        unit: "kg",
        schemes: [SCHEME],
        evidenceHash: hashJson({ mill: "certificate" }),
      });
      ({ batchId: portionBatch } = await asProducer.transferBatch({
        batchId,
        to: manufacturer,
        quantity: 50n,
      }));
      const asManufacturer = await partsAs(6);
      await asManufacturer.defineSpecification({ spec: specHash, requiredKinds: ["test"] });
      const { partIds } = await asManufacturer.makeParts({
        spec: specHash,
        serials: ["SN-1", "SN-2", "SN-3"],
        inputs: [{ batchId: portionBatch, quantity: 1n }],
      });
      const asTestLab = await partsAs(7);
      for (const partId of partIds) {
        await asTestLab.attest({
          partId,
          kind: "test",
          dataHash: hashJson({ load: "120%" }),
          passed: true,
        });
        await asManufacturer.transfer({ partId, to: customer });
      }
      expect(partIds).to.deep.equal([partIdOf(manufacturer, "SN-1"), coreId, scrapId]);

      const stable = await new StablecoinMock__factory(await signer(0)).deploy("Test USD", "TUSD");
      await stable.waitForDeployment();
      token = await stable.getAddress();
      for (const holder of [customer, remanufacturer, recycler]) {
        await (await stable.mint(holder, 1_000n * USD)).wait();
      }
    });

    it("sets the warranty of a new bracket as the OEM", async function () {
      const out = await succeeds([
        "warranty:set-new-part",
        "--spec",
        specFile,
        "--days",
        "365",
        "--from",
        "6",
      ]);
      expect(out).to.match(
        new RegExp(
          `^Set the warranty of a new part of ${specHash} to 365 days: a remanufactured unit ` +
            "carries at least that, a reconditioned one at least half, a repaired one at least a " +
            "quarter \\(tx ",
        ),
      );
      expect(out).to.match(TX);
    });

    it("requires a core deposit from the airline for bracket SN-1, and the airline pays it", async function () {
      returnBy = inDays(30);
      const required = await succeeds([
        "charge:require",
        "--buyer",
        customer,
        "--unit",
        unit,
        "--token",
        token,
        "--amount",
        "300",
        "--return-by",
        returnBy,
        "--refunds",
        "100,80,50,20,0",
        "--from",
        "6",
      ]);
      expect(required).to.match(
        new RegExp(
          `^Required core charge 1 of 300\\.00 TUSD from ${customer} for unit ` +
            `${formatPartId(partIdOf(manufacturer, "SN-1"))}: refunded 100% / 80% / 50% / 20% / ` +
            `0% for a core of grade 1 to 5 of its specification returned by ${returnBy}; the ` +
            "buyer pays it in with charge:pay \\(tx ",
        ),
      );

      const paid = await succeeds(["charge:pay", "1", "--from", customer]);
      const lines = paid.split("\n");
      expect(lines).to.have.length(2);
      expect(lines[0]).to.match(
        new RegExp(
          `^Approved the core charges contract ${book.contracts.CoreCharges} to take exactly ` +
            "300\\.00 TUSD \\(tx ",
        ),
      );
      expect(lines[1]).to.match(
        new RegExp(
          "^Paid the deposit of charge 1: 300\\.00 TUSD held until a graded core of the unit's " +
            `specification is handed in by ${returnBy} \\(tx `,
        ),
      );
      lines.forEach((line) => expect(line).to.match(TX));
    });

    it("returns bracket SN-2 as a core, approving the registry for that part only", async function () {
      const out = await succeeds([
        "core:return",
        coreRef,
        "--evidence-json",
        JSON.stringify({ removal: "A320 MSN 4711", hours: 41_000 }),
        "--from",
        "8",
      ]);
      const lines = out.split("\n");
      expect(lines).to.have.length(2);
      expect(lines[0]).to.match(
        new RegExp(
          `^Approved the core registry ${book.contracts.CoreRegistry} to take part ` +
            `${formatPartId(coreId)} \\(this one only; the approval lapses when it moves\\) `,
        ),
      );
      expect(lines[1]).to.match(
        new RegExp(
          `^Returned part ${formatPartId(coreId)} as core ${formatPartId(coreId)} \\(a ` +
            "first-generation part\\): the part is in the core registry's custody for good and " +
            "the core token is yours \\(tx ",
        ),
      );
    });

    it("grades the core as the inspector, on the inspection data's file", async function () {
      const out = await succeeds([
        "core:grade",
        coreRef,
        "--outcome",
        "Remanufacture",
        "--grade",
        "2",
        "--evidence-file",
        inspectionFile,
        "--from",
        "10",
      ]);
      expect(out).to.match(
        new RegExp(
          `^Graded core ${formatPartId(coreId)} remanufacture, grade 2 of 5 \\(1 as new, 5 ` +
            `scrap\\), on the inspection data hashed ${hashDocument(inspectionText)}; 1 grade so ` +
            "far, the latest counts \\(tx ",
        ),
      );
    });

    it("settles the charge with the graded core: 80% back to the airline, withdrawn", async function () {
      const settled = await succeeds(["charge:settle", "1", "--core", coreRef, "--from", "8"]);
      const lines = settled.split("\n");
      expect(lines).to.have.length(2);
      expect(lines[0]).to.match(
        new RegExp(
          `^Approved the core charges contract ${book.contracts.CoreCharges} to take core ` +
            `${formatPartId(coreId)} \\(this one only; `,
        ),
      );
      expect(lines[1]).to.match(
        new RegExp(
          `^Settled charge 1 with core ${formatPartId(coreId)} of grade 2: 240\\.00 TUSD ` +
            `refunded to you and 60\\.00 TUSD kept by the seller ${manufacturer}, each to ` +
            "withdraw with charge:withdraw; the core went to the seller \\(tx ",
        ),
      );

      const withdrawn = parseJson(
        await succeeds(["charge:withdraw", "1", "--from", "8", "--json"]),
      );
      expect(withdrawn).to.deep.equal({
        chargeId: "1",
        amount: String(240n * USD),
        to: customer,
        token: { address: token, name: "Test USD", symbol: "TUSD", decimals: 6 },
        tx: withdrawn.tx,
      });
      await expectMinedTx(provider, withdrawn.tx);
      const stable = StablecoinMock__factory.connect(token, provider);
      expect(await stable.balanceOf(customer)).to.equal(940n * USD);

      const shown = JSON.parse(await succeeds(["charge:show", "1", "--json"])) as unknown;
      expect(shown).to.deep.equal({
        id: "1",
        state: "settled",
        seller: manufacturer,
        buyer: customer,
        unitPartId: formatPartId(partIdOf(manufacturer, "SN-1")),
        spec: specHash,
        token: { address: token, symbol: "TUSD", decimals: 6 },
        amount: "300000000",
        returnBy,
        refundBps: [10_000, 8_000, 5_000, 2_000, 0],
        coreId: formatPartId(coreId),
        owed: [
          { account: manufacturer, amount: "60000000" },
          { account: customer, amount: "0" },
        ],
      });
    });

    it("lists the core as the OEM, which now holds it, and licenses the remanufacturer", async function () {
      const listed = await succeeds([
        "core:list",
        coreRef,
        "--token",
        token,
        "--price",
        "250",
        "--from",
        "6",
      ]);
      expect(listed).to.match(
        new RegExp(
          `^Listed core ${formatPartId(coreId)} at 250\\.00 TUSD; any transfer of the core ` +
            "withdraws the offer \\(tx ",
        ),
      );

      const dataPackage = { drawings: "BR-84 rev B", performance: "fatigue curves" };
      const until = inDays(365);
      const granted = await succeeds([
        "licence:grant",
        "--spec",
        specHash,
        "--remanufacturer",
        remanufacturer,
        "--units",
        "2",
        "--period-days",
        "90",
        "--until",
        until,
        "--fee-token",
        token,
        "--fee",
        "50",
        "--data-json",
        JSON.stringify(dataPackage),
        "--from",
        "6",
      ]);
      expect(granted).to.match(
        new RegExp(
          `^Granted licence 1 to ${remanufacturer} for parts of ${specHash}: 2 units per 90 ` +
            `days until ${until}, a fee of 50\\.00 TUSD per unit, on the data package hashed ` +
            `${hashJson(dataPackage)} \\(tx `,
        ),
      );
    });

    it("buys the core as the remanufacturer at the listed price, approving exactly that", async function () {
      const out = await succeeds([
        "core:buy",
        coreRef,
        "--price",
        "250",
        "--max-grade-age-days",
        "30",
        "--from",
        remanufacturer,
      ]);
      const lines = out.split("\n");
      expect(lines).to.have.length(2);
      expect(lines[0]).to.match(
        new RegExp(
          `^Approved the core registry ${book.contracts.CoreRegistry} to take exactly 250\\.00 TUSD `,
        ),
      );
      expect(lines[1]).to.match(
        new RegExp(
          `^Bought core ${formatPartId(coreId)} from ${manufacturer} for 250\\.00 TUSD: the ` +
            "payment and the core crossed in one transaction \\(tx ",
        ),
      );
    });

    it("remanufactures the core into bracket SN-R1 under the licence, paying its fee", async function () {
      const out = await succeeds([
        "part:remanufacture",
        coreRef,
        "--serial",
        "SN-R1",
        "--warranty-days",
        "365",
        "--terms-json",
        JSON.stringify({ warranty: "365 days, parts and labour" }),
        "--from",
        "11",
      ]);
      const lines = out.split("\n");
      expect(lines).to.have.length(3);
      expect(lines[0]).to.match(
        new RegExp(
          `^Approved the licence registry ${book.contracts.LicenceRegistry} to take exactly ` +
            "50\\.00 TUSD \\(tx ",
        ),
      );
      expect(lines[1]).to.match(
        new RegExp(
          `^Made part ${formatPartId(remadeId)} \\(serial SN-R1\\) of the core's specification ` +
            `${specHash} \\(tx `,
        ),
      );
      expect(lines[2]).to.match(
        new RegExp(
          `^Remanufactured core ${formatPartId(coreId)} into part ${formatPartId(remadeId)} ` +
            "\\(remanufacture, generation 1\\) under licence 1, a fee of 50\\.00 TUSD paid to " +
            "the OEM; its warranty runs until \\S+Z; it conforms once its required attestations " +
            "pass \\(tx ",
        ),
      );
      lines.forEach((line) => expect(line).to.match(TX));
    });

    it("shows the licence with one unit left and the next quarter's start", async function () {
      const shown = JSON.parse(await succeeds(["licence:show", "1", "--json"])) as Record<
        string,
        unknown
      > & { start: string; nextPeriodStart: string; periodStart: string };
      expect(shown).to.deep.include({
        id: "1",
        state: "live",
        spec: specHash,
        oem: manufacturer,
        remanufacturer,
        unitsPerPeriod: 2,
        periodLength: String(90 * DAY),
        revoked: false,
        fee: { token, symbol: "TUSD", decimals: 6, perUnit: "50000000" },
        remaining: 1,
      });
      expect(shown.periodStart).to.equal(shown.start);
      expect(Date.parse(shown.nextPeriodStart) - Date.parse(shown.start)).to.equal(90 * DAY * 1000);
      const text = await succeeds(["licence:show", "1"]);
      expect(text.split("\n")).to.include.members([
        "Licence       1 (live)",
        `Left          1 of 2 this period (since ${shown.start})`,
        `Next period   ${shown.nextPeriodStart}`,
      ]);
    });

    it("files a claim on the remade bracket's warranty as its new owner; rejected, escalated, upheld", async function () {
      // The test lab attests the remade bracket and the remanufacturer sells it to the airline.
      const asTestLab = PartsClient.fromAddressBook(book, await provider.getSigner(7));
      await asTestLab.attest({
        partId: remadeId,
        kind: "test",
        dataHash: hashJson({ load: "125%" }),
        passed: true,
      });
      const asRemanufacturer = PartsClient.fromAddressBook(book, await provider.getSigner(11));
      await asRemanufacturer.transfer({ partId: remadeId, to: customer });

      const evidence = { fault: "hairline crack at the lug", hours: 310 };
      const filed = await succeeds([
        "warranty:claim",
        `${remanufacturer}:SN-R1`,
        "--evidence-json",
        JSON.stringify(evidence),
        "--from",
        "8",
      ]);
      expect(filed).to.match(
        new RegExp(
          `^Filed claim 1 against the warranty of part ${formatPartId(remadeId)} on the ` +
            `evidence hashed ${hashJson(evidence)}; the issuer ${remanufacturer} accepts or ` +
            "rejects it \\(tx ",
        ),
      );

      const rejection = "Crack from a bird strike, not a defect.";
      const rejected = await succeeds([
        "warranty:answer",
        "1",
        "--decision",
        "reject",
        "--reason",
        rejection,
        "--from",
        "11",
      ]);
      expect(rejected).to.match(
        new RegExp(
          `^Rejected claim 1 for the reason hashed ${hashDocument(rejection)}; the claimant ` +
            "may take it to an arbiter with warranty:escalate \\(tx ",
        ),
      );
      const escalated = await succeeds([
        "warranty:escalate",
        "1",
        "--arbiter",
        arbiter,
        "--from",
        "8",
      ]);
      expect(escalated).to.match(
        new RegExp(`^Took claim 1 to the arbiter ${arbiter}, whose ruling is final \\(tx `),
      );
      const ruling = "No impact marks; the crack is a fatigue defect.";
      const ruled = await succeeds([
        "warranty:rule",
        "1",
        "--decision",
        "uphold",
        "--reason",
        ruling,
        "--from",
        "9",
      ]);
      expect(ruled).to.match(
        new RegExp(
          `^Upheld claim 1 for the claimant, finally, for the reason hashed ` +
            `${hashDocument(ruling)} \\(tx `,
        ),
      );

      const shown = JSON.parse(
        await succeeds(["warranty:show", `${remanufacturer}:SN-R1`, "--json"]),
      ) as { warranty: Record<string, string>; claims: Record<string, string>[] };
      expect(shown.warranty).to.deep.include({
        issuer: remanufacturer,
        outcome: "remanufacture",
        duration: String(365 * DAY),
        termsHash: hashJson({ warranty: "365 days, parts and labour" }),
      });
      expect(Date.parse(shown.warranty.end!) - Date.parse(shown.warranty.start!)).to.equal(
        365 * DAY * 1000,
      );
      expect(shown.claims).to.have.length(1);
      expect(shown.claims[0]).to.deep.include({
        id: "1",
        state: "upheld",
        claimant: customer,
        arbiter,
      });
      const claimText = await succeeds(["warranty:show", "--claim", "1"]);
      expect(claimText.split("\n").slice(-2)).to.deep.equal([
        "Claims",
        `  #1  upheld  by ${customer}, filed ${shown.claims[0]!.filedAt}, arbiter ${arbiter}`,
      ]);
    });

    it("prints the remade bracket's lineage back to the first bracket and its batch", async function () {
      const shown = JSON.parse(
        await succeeds(["core:lineage", formatPartId(remadeId), "--json"]),
      ) as unknown;
      expect(shown).to.deep.equal({
        partId: formatPartId(remadeId),
        generation: 1,
        outcome: "remanufacture",
        recalled: false,
        fit: true,
        predecessors: [{ partId: formatPartId(coreId), generation: 0, outcome: null }],
        firstPart: formatPartId(coreId),
        inputs: [{ batchId: portionBatch.toString(), quantity: "1", recycledFrom: null }],
      });
      const text = await succeeds(["core:lineage", `${remanufacturer}:SN-R1`]);
      expect(text.split("\n")).to.deep.equal([
        `Part        ${formatPartId(remadeId)}`,
        "Generation  1 (remanufacture)",
        "Recalled    no",
        "Fit         yes",
        "",
        "Line, newest first",
        `  ${formatPartId(remadeId)}  generation 1  remanufacture`,
        `  ${formatPartId(coreId)}  generation 0  (first part of its line)`,
        "",
        `Material of the first part ${formatPartId(coreId)}, per part`,
        `  batch ${portionBatch} x 1`,
      ]);
    });
  });

  describe("a scrap core recycled into titanium", function () {
    it("buys a recycle-only core as the recycler and recycles it into a batch", async function () {
      const asCustomer = CircularClient.fromAddressBook(book, await provider.getSigner(8));
      await asCustomer.returnCore({ partId: scrapId, evidenceHash: hashJson({ scrap: 3 }) });
      await CircularClient.fromAddressBook(book, await provider.getSigner(10)).grade({
        coreId: scrapId,
        outcome: "recycle-only",
        grade: 5,
        evidenceHash: hashJson({ inspection: "cracked through" }),
      });
      // Offered at 12, withdrawn, then offered at 10.
      const listed = await succeeds([
        "core:list",
        scrapRef,
        "--token",
        token,
        "--price",
        "12",
        "--from",
        "8",
      ]);
      expect(listed).to.match(new RegExp(`^Listed core ${formatPartId(scrapId)} at 12\\.00 TUSD;`));
      const delisted = await succeeds(["core:delist", scrapRef, "--from", "8"]);
      expect(delisted).to.match(
        new RegExp(`^Withdrew the offer of core ${formatPartId(scrapId)} \\(tx `),
      );
      expect(delisted).to.match(TX);
      await asCustomer.list({ coreId: scrapId, token, price: "10" });

      const bought = await succeeds(["core:buy", scrapRef, "--from", "12"]);
      expect(bought.split("\n")[1]).to.match(
        new RegExp(`^Bought core ${formatPartId(scrapId)} from ${customer} for 10\\.00 TUSD: `),
      );

      const material = { alloy: "Ti-6Al-4V", origin: "recycled" };
      const out = await succeeds([
        "core:recycle",
        scrapRef,
        "--material-json",
        JSON.stringify(material),
        "--quantity",
        "40",
        "--unit",
        "kg",
        "--schemes",
        SCHEME,
        "--certificate-json",
        JSON.stringify({ certificate: "recycled titanium 0001" }),
        "--evidence-json",
        JSON.stringify({ melt: "heat 9001" }),
        "--from",
        "12",
      ]);
      const lines = out.split("\n");
      expect(lines).to.have.length(2);
      expect(lines[0]).to.match(
        new RegExp(
          `^Registered batch 3 of recycled material ${hashJson(material)}: 40 kg, drawn from ` +
            "your certified capacity \\(tx ",
        ),
      );
      expect(lines[1]).to.match(
        new RegExp(
          `^Recycled core ${formatPartId(scrapId)} into batch 3 on the record hashed ` +
            `${hashJson({ melt: "heat 9001" })}: the core is burned and the batch's origin ` +
            "links back to it \\(tx ",
        ),
      );
    });

    it("shows both cores, as text and as JSON", async function () {
      const scrap = JSON.parse(await succeeds(["core:show", scrapRef, "--json"])) as Record<
        string,
        unknown
      >;
      expect(scrap).to.deep.include({
        id: formatPartId(scrapId),
        state: "recycled",
        holder: null,
        spec: specHash,
        maker: manufacturer,
        generation: 0,
        recalled: false,
        passedKinds: ["test"],
        gradeCount: 1,
        listing: null,
        successor: { batchId: "3" },
      });
      expect(scrap.grade).to.deep.include({ outcome: "recycle-only", grade: 5 });

      const text = (await succeeds(["core:show", formatPartId(coreId)])).split("\n");
      expect(text.slice(0, 5)).to.deep.equal([
        `Core        ${formatPartId(coreId)}`,
        "State       remanufactured",
        "Holder      none",
        `Spec        ${specHash}`,
        `Maker       ${manufacturer}`,
      ]);
      expect(text).to.include.members([
        "Generation  0 (never remanufactured before)",
        "Recalled    no",
        "Passed      test",
        "Offer       not listed",
        `Successor   part ${formatPartId(remadeId)}`,
        "Grades",
        "History",
      ]);
    });
  });

  describe("refusals", function () {
    it("refuses an outcome that is not one, before any transaction", async function () {
      await refused(
        ["core:grade", scrapRef, "--outcome", "scrap", "--grade", "5", "--evidence-hash", specHash],
        'Error SC114: "scrap" is not an outcome; the outcomes are remanufacture, recondition, ' +
          "repair and recycle-only.",
      );
    });

    it("refuses a refund schedule without one share per grade", async function () {
      await refused(
        [
          "charge:require",
          "--buyer",
          customer,
          "--unit",
          unit,
          "--token",
          token,
          "--amount",
          "300",
          "--return-by",
          inDays(30),
          "--refunds",
          "100,80,50",
          "--from",
          "6",
        ],
        "Error SC113: The refund schedule (--refunds) gives 3 percentages; give one per grade, " +
          "5 in all, e.g. --refunds 100,80,50,20,0.",
      );
    });

    it("refuses what the SDK refuses, after the flag of the field at fault", async function () {
      await refused(
        ["core:list", scrapRef, "--token", token, "--price", "0", "--from", "6"],
        "Error SC106: --price: The price must be above zero.",
      );
      await refused(
        [
          "core:grade",
          scrapRef,
          "--outcome",
          "repair",
          "--grade",
          "6",
          "--evidence-hash",
          specHash,
          "--from",
          "6",
        ],
        'Error SC106: --grade: The grade "6" is not a grade: a whole number from 1 (as new) to 5 (scrap).',
      );
      await refused(
        ["warranty:show", "--claim", "0"],
        'Error SC116: --claim: The claim id "0" is not an id: a whole number from 1.',
      );
    });

    it("exits 1 with a sentence for a core, a charge or a licence that does not exist", async function () {
      await refused(["charge:show", "99", "--json"], "Error SC116: There is no core charge 99.");
      await refused(["licence:show", "99"], "Error SC116: There is no licence 99.");
    });

    it("refuses a warranty show that names neither a part nor a claim", async function () {
      await refused(
        ["warranty:show"],
        "Error SC116: Name a part (its id or <maker address>:<serial>), a claim (--claim <id>), " +
          "or both.",
      );
    });

    it("refuses a warranty answer without a reason", async function () {
      await refused(
        ["warranty:answer", "1", "--decision", "accept", "--from", "11"],
        "Error SC104: The reason is missing: pass --reason <text>, --reason-file <path>, " +
          "--reason-json '<json>' or --reason-hash 0x…; the claimant, and any arbiter, reads it.",
      );
    });

    it("prints the contract's refusal as the SDK's sentence: a second live licence", async function () {
      await refused(
        [
          "licence:grant",
          "--spec",
          specHash,
          "--remanufacturer",
          remanufacturer,
          "--units",
          "1",
          "--period-days",
          "30",
          "--until",
          inDays(100),
          "--data-hash",
          specHash,
          "--from",
          "6",
        ],
        "Error: Licence 1 for this specification and remanufacturer is still live; revoke it first.",
      );
    });
  });
  describe("a deposit cancelled, one forfeited, and a licence revoked", function () {
    it("cancels a charge not yet paid as its seller", async function () {
      // Refused before anything is read: the provider caches the block number it compares.
      await refused(
        ["charge:cancel", "2"],
        "Error SC112: No account was chosen to sign: pass --from with the charge's seller, as " +
          "an address or an account index.",
      );
      const asSeller = CircularClient.fromAddressBook(book, await provider.getSigner(6));
      const { chargeId } = await asSeller.requireCharge({
        buyer: customer,
        unitPartId: partIdOf(manufacturer, "SN-1"),
        token,
        amount: "100",
        returnBy: new Date(inDays(30)),
        refundBps: [10_000, 10_000, 5_000, 0, 0],
      });
      expect(chargeId).to.equal(2n);
      const out = await succeeds(["charge:cancel", "2", "--from", "6"]);
      expect(out).to.match(/^Cancelled charge 2 before it was paid \(tx /);
      expect(out).to.match(TX);
    });

    it("refuses to forfeit a deposit before its deadline, then forfeits it after", async function () {
      const asSeller = CircularClient.fromAddressBook(book, await provider.getSigner(6));
      const returnBy = inDays(2);
      const { chargeId } = await asSeller.requireCharge({
        buyer: customer,
        unitPartId: partIdOf(manufacturer, "SN-1"),
        token,
        amount: "100",
        returnBy: new Date(returnBy),
        refundBps: [10_000, 10_000, 5_000, 0, 0],
      });
      expect(chargeId).to.equal(3n);
      await CircularClient.fromAddressBook(book, await provider.getSigner(8)).payCharge(chargeId);
      // Also gives the payment's block time to leave the provider's block-number cache (ethers
      // shares a getBlockNumber answer for 250 ms), which the refusal below compares against.
      const held = JSON.parse(await succeeds(["charge:show", "3", "--json"])) as unknown;
      expect(held).to.deep.include({ state: "held", amount: "100000000", returnBy });
      await refused(
        ["charge:forfeit", "3", "--from", "13"],
        `Error SC119: The charge 3 is due back by ${returnBy}; it is forfeited only after that`,
      );

      await provider.send("evm_increaseTime", [3 * DAY]);
      await provider.send("evm_mine", []);
      const forfeited = await succeeds(["charge:forfeit", "3", "--from", "13"]);
      expect(forfeited).to.match(
        new RegExp(
          "^Forfeited charge 3: no core came back in time, so 100\\.00 TUSD is credited to the " +
            `seller ${manufacturer}, to withdraw with charge:withdraw \\(tx `,
        ),
      );
      const withdrawn = await succeeds(["charge:withdraw", "3", "--to", recycler, "--from", "6"]);
      expect(withdrawn).to.match(
        new RegExp(`^Withdrew 100\\.00 TUSD credited to you by charge 3, to ${recycler} \\(tx `),
      );
    });

    it("revokes the licence as the OEM, and shows it revoked", async function () {
      const reason = "Quality escape at the licensee's shop.";
      const out = await succeeds(["licence:revoke", "1", "--reason", reason, "--from", "6"]);
      expect(out).to.match(
        new RegExp(`^Revoked licence 1 for the reason hashed ${hashDocument(reason)} \\(tx `),
      );
      const shown = (await succeeds(["licence:show", "1"])).split("\n");
      expect(shown).to.include.members([
        "Licence       1 (revoked)",
        "Left          none (revoked)",
        "Next period   none",
      ]);
    });

    it("exits 1 saying a new bracket, named by serial, carries no warranty on chain, in text and with --json", async function () {
      const sentence =
        `Error SC116: Part ${unit} (id ${formatPartId(partIdOf(manufacturer, "SN-1"))}) has no ` +
        "warranty on chain (only remanufactured parts carry one).";
      await refused(["warranty:show", unit], sentence);
      await refused(["warranty:show", unit, "--json"], sentence);
    });
  });
});
