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
  formatPartId,
  hashDocument,
  hashJson,
  parseAddressBook,
  ParticipantsClient,
  partIdOf,
  SimulatedTagChip,
} from "../../../src/index.js";

/**
 * End-to-end test of the parts and provenance commands: a real `hardhat node`, the suite deployed
 * with `suite:deploy`, the cast (registrar, accreditations, a scheme, a certified producer) set up
 * directly through the SDK from this process, then material, parts, attestation, sale and
 * activation run through `node_modules/.bin/hardhat` as a user would. The `it`s build on each
 * other in order; the refusals check that bad input never reaches the chain.
 */

// Its own Ignition journal, so that the test never touches a developer's chain-31337 journal.
const DEPLOYMENT_ID = `parts-cli-test-${process.pid}`;

const SCHEME = "CF-TI";
const DAY = 86_400;
const TX = /\(tx 0x[0-9a-f]{64}, block \d+, gas \d+\)\.$/;
const LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ {2}block (\d+) {2}/;

/** Fixed tag chip keys: the part's own chip, and one that is not its chip. */
const CHIP_KEY = `0x${"11".repeat(32)}`;
const WRONG_KEY = `0x${"22".repeat(32)}`;
const CHIP = new SimulatedTagChip(CHIP_KEY);
const WRONG_CHIP = new SimulatedTagChip(WRONG_KEY);

describe("command line: parts and provenance (end to end)", function () {
  stopAtFirstFailure();

  this.timeout(300_000);

  let node: CliNode | undefined;
  let provider: JsonRpcProvider;
  let env: NodeJS.ProcessEnv;
  let workDir: string;

  let manufacturer: string;
  let producer: string;
  let testLab: string;
  let customer: string;

  const material = { alloy: "Ti-6Al-4V", standard: "AMS 4911" };
  const millCertificate = "Mill certificate 4711: heat 88213, tensile 950 MPa.\n";
  const specText = "Turbine blade, rev C: Ti-6Al-4V, 112 mm, tested under load.\n";
  const specHash = hashDocument(specText);
  let millFile: string;
  let specFile: string;
  let partId: bigint;
  let partRef: string;

  const { hardhat, succeeds, refused } = cliRunner({
    env: () => env,
    provider: () => provider,
  });

  before(async function () {
    const port = await freePort();
    const url = nodeUrl(port);
    workDir = await mkdtemp(path.join(os.tmpdir(), "parts-cli-"));
    millFile = path.join(workDir, "mill-certificate.txt");
    specFile = path.join(workDir, "blade-spec.txt");
    await writeFile(millFile, millCertificate);
    await writeFile(specFile, specText);
    env = childEnv({ LOCALHOST_RPC_URL: url, SUITE_DEPLOYMENTS_DIR: workDir });
    await compileForCli();

    node = await startNode(port, env);
    provider = node.provider;
    const accounts = await node.accounts();
    if (accounts.length < 9) throw new Error("the node has too few accounts");
    [producer, manufacturer, testLab, customer] = [5, 6, 7, 8].map((i) => accounts[i]!) as [
      string,
      string,
      string,
      string,
    ];
  });

  after(async function () {
    await node?.stop();
    await removeDeployment(DEPLOYMENT_ID);
    await rm(workDir, { recursive: true, force: true });
  });

  describe("material, parts, attestation, sale and activation", function () {
    it("deploys the suite, and sets up the cast through the SDK", async function () {
      const out = await succeeds(["suite:deploy", "--deployment-id", DEPLOYMENT_ID, "--reset"]);
      expect(out).to.include("PartRegistry:");
      const book = parseAddressBook(
        JSON.parse(await readFile(path.join(workDir, "chain-31337.json"), "utf8")),
      );
      expect(book.contracts.PartRegistry).to.match(/^0x[0-9a-fA-F]{40}$/);

      // Accounts: #1 governance, #2 registrar, #3 standards body, #4 auditor, #5 producer,
      // #6 manufacturer, #7 test lab, #8 customer.
      const as = async (i: number) =>
        ParticipantsClient.fromAddressBook(book, await provider.getSigner(i));
      const registrar = (await provider.getSigner(2)).address;
      await (await as(1)).appointRegistrar(registrar);
      const asRegistrar = await as(2);
      const validUntil = Math.floor(Date.now() / 1000) + 365 * DAY;
      const standardsBody = (await provider.getSigner(3)).address;
      const auditor = (await provider.getSigner(4)).address;
      for (const [participant, roles] of [
        [standardsBody, "standards-body"],
        [auditor, "auditor"],
        [producer, "producer"],
        [manufacturer, "manufacturer"],
        [testLab, "test-lab"],
        [customer, "customer"],
      ] as const) {
        await asRegistrar.accredit({
          participant,
          roles,
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
      await asStandardsBody.authorizeAuditor({ scheme: SCHEME, auditor });
      await (await as(5)).requestCertificate({ scheme: SCHEME, auditor });
      await (
        await as(4)
      ).grantCertificate({
        participant: producer,
        scheme: SCHEME,
        capacity: { perPeriod: 1000n, unit: "kg", periodLength: 30 * DAY },
        evidenceHash: hashJson({ audit: "producer" }),
      });
    });

    it("registers a batch as the certified producer and transfers part of it", async function () {
      const registered = await succeeds([
        "batch:register",
        "--material-json",
        JSON.stringify(material),
        "--quantity",
        "500",
        "--unit",
        "kg",
        "--schemes",
        SCHEME,
        "--evidence-file",
        millFile,
        "--from",
        "5",
      ]);
      expect(registered).to.match(
        new RegExp(
          `^Registered batch 1: 500 kg of the material specified by ${hashJson(material)}, ` +
            `certified under ${SCHEME} `,
        ),
      );
      expect(registered).to.match(TX);

      const transferred = await succeeds([
        "batch:transfer",
        "1",
        manufacturer,
        "--quantity",
        "200",
        "--from",
        producer,
      ]);
      expect(transferred).to.match(
        new RegExp(`^Transferred 200 kg of batch 1 to ${manufacturer} as batch 2 `),
      );
    });

    it("defines a specification and makes a part with a chip, then a run of five", async function () {
      const defined = await succeeds([
        "spec:define",
        "--spec-file",
        specFile,
        "--required",
        "test",
        "--from",
        "6",
      ]);
      expect(defined).to.match(
        new RegExp(`^Defined part specification ${specHash}, which requires a passed test `),
      );

      partId = partIdOf(manufacturer, "SN-1");
      partRef = `${manufacturer}:SN-1`;
      const made = await succeeds([
        "part:make",
        "--spec",
        specFile,
        "--serial",
        "SN-1",
        "--chip",
        CHIP.address,
        "--inputs",
        "2:3",
        "--from",
        "6",
      ]);
      expect(made).to.match(
        new RegExp(
          `^Made part ${formatPartId(partId)}: serial SN-1 by ${manufacturer}, tag chip ` +
            `${CHIP.address}, from batch 2 x 3 `,
        ),
      );

      const runArgs = ["part:make-run", "--spec", specHash, "--serial-prefix", "SN-R-"];
      // A write without --from is refused: the deployer holds no role after deployment.
      await refused(
        [...runArgs, "--count", "5", "--inputs", "2:1"],
        "Error SC112: No account was chosen to sign: pass --from with a manufacturer, as an " +
          "address or an account index.",
      );
      const run = await succeeds([...runArgs, "--count", "5", "--inputs", "2:1", "--from", "6"]);
      expect(run).to.match(
        new RegExp(
          "^Made 5 parts \\(serials SN-R-1 to SN-R-5\\), each from batch 2 x 1: first " +
            `${formatPartId(partIdOf(manufacturer, "SN-R-1"))}, last ` +
            `${formatPartId(partIdOf(manufacturer, "SN-R-5"))} `,
        ),
      );
      // The same run as JSON: its parts' ids, serials, inputs and transaction.
      const serials = ["SN-R2-1", "SN-R2-2"];
      const runJson = parseJson(
        await succeeds([
          "part:make-run",
          "--spec",
          specHash,
          "--serial-prefix",
          "SN-R2-",
          "--count",
          "2",
          "--inputs",
          "2:1",
          "--from",
          "6",
          "--json",
        ]),
      );
      expect(runJson).to.deep.equal({
        partIds: serials.map((serial) => partIdOf(manufacturer, serial).toString()),
        serials,
        chipKeys: [],
        inputs: [{ batchId: "2", quantity: "1" }],
        tx: runJson.tx,
      });
      await expectMinedTx(provider, runJson.tx);
    });

    it("records a passed test and sells the part to the customer", async function () {
      const attested = await succeeds([
        "part:attest",
        partRef,
        "--kind",
        "test",
        "--data-json",
        '{"load": "120%", "result": "no cracks"}',
        "--result",
        "pass",
        "--from",
        "7",
      ]);
      expect(attested).to.match(
        new RegExp(
          `^Recorded that part ${formatPartId(partId)} passed its test, data hashed ` +
            `${hashJson({ load: "120%", result: "no cracks" })} `,
        ),
      );
      const sold = await succeeds(["part:transfer", partRef, customer, "--from", "6"]);
      expect(sold).to.match(
        new RegExp(`^Transferred part ${formatPartId(partId)} to ${customer} `),
      );
    });

    it("refuses activation with another chip's key: the contract's refusal, decoded, naming the part as typed", async function () {
      await refused(
        ["part:activate", partRef, "--chip-key", WRONG_KEY, "--from", "8"],
        `Error: The signature is from ${WRONG_CHIP.address}, not from the tag chip ` +
          `${CHIP.address} of part ${partRef} (id ${formatPartId(partId)})`,
      );
    });

    it("refuses, before sending, an answer bound to a block not mined yet or more than 64 blocks old", async function () {
      // Read the height afresh: the provider caches its block number for a moment.
      const height = async () => Number(await provider.send("eth_blockNumber", []));
      const ahead = (await height()) + 5;
      await refused(
        ["part:activate", partRef, "--chip-key", CHIP_KEY, "--block", String(ahead), "--from", "8"],
        `Error SC126: The chain has no block ${ahead} yet: a chip's answer can only be bound to ` +
          "a block that exists.",
      );
      await provider.send("hardhat_mine", ["0x41"]);
      // Let the provider's 250 ms cache of the block number expire, for the checks that follow.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const latest = await height();
      // The activation would be mined in the next block, 65 blocks after this one.
      const old = latest - 64;
      await refused(
        ["part:activate", partRef, "--chip-key", CHIP_KEY, "--block", String(old), "--from", "8"],
        `Error SC127: The chip's answer is bound to block ${old}, more than 64 blocks before ` +
          `block ${latest + 1}; ask the chip to sign a fresh challenge.`,
      );
      // A check runs on the latest block.
      await refused(
        ["part:verify", partRef, "--chip-key", CHIP_KEY, "--block", String(old - 1)],
        `Error SC127: The chip's answer is bound to block ${old - 1}, more than 64 blocks ` +
          `before block ${latest}; ask the chip to sign a fresh challenge.`,
      );
    });

    it("activates the part with its chip, as the customer", async function () {
      const out = await succeeds([
        "part:activate",
        partId.toString(),
        "--chip-key",
        CHIP_KEY,
        "--from",
        customer,
      ]);
      const activated = new RegExp(
        `^Activated part ${formatPartId(partId)} for customer ${customer} with the signature ` +
          `of its tag chip ${CHIP.address}, bound to block (\\d+); it is now in service `,
      ).exec(out);
      expect(activated, out).to.not.equal(null);
      expect(out).to.match(TX);
      // Bound to the parent of the latest block when the command ran: mined one block later.
      const mined = Number(/block (\d+), gas/.exec(out)?.[1]);
      expect(Number(activated?.[1])).to.equal(mined - 2);
    });

    it("shows the part, its history and the batch, as text and as JSON", async function () {
      const hex = formatPartId(partId);
      const [text, json, history, historyJson, verified, batchText] = await Promise.all([
        succeeds(["part:show", partRef]),
        succeeds(["part:show", hex, "--json"]),
        succeeds(["part:history", partRef]),
        succeeds(["part:history", partId.toString(), "--json"]),
        succeeds(["part:verify", partRef, "--chip-key", CHIP_KEY, "--json"]),
        succeeds(["batch:show", "2"]),
      ]);

      const lines = text.split("\n");
      expect(lines.slice(0, 4)).to.deep.equal([
        `Part        ${hex}`,
        `Maker       ${manufacturer}`,
        `Owner       ${customer}`,
        `Spec        ${specHash}`,
      ]);
      expect(lines[4]).to.match(/^Lot {9}\d+$/);
      expect(lines.slice(5)).to.deep.equal([
        "Status      in-service",
        `Chip        ${CHIP.address}`,
        "Activated   yes",
        "Passed      test",
        "Conflicts   none",
        "Held        no",
        "Parent      none",
        "Children    none",
        "Inputs      batch 2 x 3 (per part of its lot)",
        "Conforming  yes",
        "Recalled    no",
      ]);

      expect(JSON.parse(json)).to.deep.include({
        id: hex,
        maker: manufacturer,
        owner: customer,
        spec: specHash,
        status: "in-service",
        chipKey: CHIP.address,
        activated: true,
        passedKinds: ["test"],
        conflictKinds: [],
        registrarHold: false,
        parent: null,
        children: [],
        inputs: [{ batchId: "2", quantity: "3" }],
        conforming: true,
        recalled: false,
      });

      const events = history.split("\n");
      expect(events).to.have.length(5);
      const patterns = [
        `made by ${manufacturer}: serial SN-1, lot \\d+, spec ${specHash}, chip ${CHIP.address}, ` +
          "inputs batch 2 x 3$",
        `test passed, attested by ${testLab}, data 0x[0-9a-f]{64}$`,
        `transferred from ${manufacturer} to ${customer}$`,
        `status made -> in-service by ${customer}`,
        `activated by customer ${customer} with its tag chip, answer bound to block \\d+$`,
      ];
      events.forEach((line, i) => {
        expect(line).to.match(LINE);
        expect(line.replace(LINE, "")).to.match(new RegExp(`^${patterns[i] ?? ""}`));
      });
      const blocks = events.map((line) => Number(LINE.exec(line)?.[1]));
      expect(blocks).to.deep.equal([...blocks].sort((a, b) => a - b));

      const timeline = JSON.parse(historyJson) as { kind: string; blockNumber: number }[];
      expect(timeline.map((entry) => entry.kind)).to.deep.equal([
        "made",
        "attested",
        "transferred",
        "status-changed",
        "activated",
      ]);
      expect(timeline.map((entry) => entry.blockNumber)).to.deep.equal(blocks);

      const check = JSON.parse(verified) as { blockNumber: string };
      expect(check).to.deep.equal({
        partId: hex,
        chip: CHIP.address,
        blockNumber: check.blockNumber,
        ok: true,
        conforming: true,
      });
      expect(Number(check.blockNumber)).to.be.greaterThan(0);

      expect(batchText.split("\n")).to.deep.equal([
        "Batch           2",
        `Holder          ${manufacturer}`,
        // 200 kg, less 3 kg for SN-1 and 1 kg for each of the seven parts of the two runs.
        "Remaining       190 kg",
        "Quantity        200 kg",
        "Transferred out 0 kg",
        "Consumed        10 kg",
        "Root batch      1",
        "Parent batch    1 (transferred out of batch 1)",
        `Producer        ${producer}`,
        "Recalled        no",
        "Unit            kg",
        `Material        ${hashJson(material)}`,
      ]);
    });
  });

  describe("conflicts and recalls, as a registrar rules them", function () {
    const fitness = async () =>
      (JSON.parse(await succeeds(["part:show", partRef, "--json"])) as Record<string, unknown>)
        .conforming;

    it("puts the part in conflict when a second attester disagrees; a registrar rules it", async function () {
      // Account #9 becomes an accredited inspector.
      const book = parseAddressBook(
        JSON.parse(await readFile(path.join(workDir, "chain-31337.json"), "utf8")),
      );
      const asRegistrar = ParticipantsClient.fromAddressBook(book, await provider.getSigner(2));
      const inspector = (await provider.getSigner(9)).address;
      await asRegistrar.accredit({
        participant: inspector,
        roles: "inspector",
        validUntil: Math.floor(Date.now() / 1000) + 365 * DAY,
        evidenceHash: hashJson({ accreditation: inspector }),
      });
      const attested = await succeeds([
        "part:attest",
        partRef,
        "--kind",
        "test",
        "--data-json",
        '{"load": "120%", "result": "crack at root"}',
        "--result",
        "fail",
        "--from",
        "9",
      ]);
      expect(attested).to.match(new RegExp(`^Recorded that part ${formatPartId(partId)} failed`));
      const shown = JSON.parse(await succeeds(["part:show", partRef, "--json"])) as object;
      expect(shown).to.deep.include({
        passedKinds: [],
        conflictKinds: ["test"],
        conforming: false,
      });
      // A failed check exits 1: the result on stdout, the failure in a sentence on stderr.
      const check = await hardhat(["part:verify", partRef, "--chip-key", CHIP_KEY]);
      expect(check.code).to.equal(1);
      expect(check.stderr.trim()).to.equal(
        `Error SC122: Verification failed: part ${partRef} (id ${formatPartId(partId)}) is not ` +
          "fit to use.",
      );
      const verified = check.stdout.trimEnd();
      expect(verified.split("\n")[1]).to.equal(
        `Part ${formatPartId(partId)} is not fit to use: it, or a part inside it, is recalled, ` +
          "made from recalled material, quarantined, retired, missing a required pass or under " +
          "an attestation conflict; it cannot be activated or delivered against payment.",
      );

      const ruling = ["part:resolve-attestation", partRef, "--kind", "test", "--result", "pass"];
      await refused([...ruling, "--from", "2"], "Error SC104: The reason is missing");
      await refused(
        [...ruling, "--reason", "retest passed", "--from", "7"],
        `Error: ${testLab} is not a registrar; only a registrar can do this.`,
      );
      const ruled = await succeeds([...ruling, "--reason", "retest passed", "--from", "2"]);
      expect(ruled).to.match(
        new RegExp(
          `^Ruled the test conflict of part ${formatPartId(partId)}: passed for the reason ` +
            `hashed ${hashDocument("retest passed")}; the ruling is now its standing test result `,
        ),
      );
      expect(await fitness()).to.equal(true);
    });

    it("lets only a registrar lift a recall, with a reason", async function () {
      await succeeds(["batch:recall", "1", "--reason", "mill certificate forged", "--from", "5"]);
      expect(await fitness()).to.equal(false);
      await refused(
        ["batch:lift-recall", "1", "--from", "2"],
        "Error SC104: The reason is missing",
      );
      await refused(
        ["batch:lift-recall", "1", "--reason", "certificate genuine", "--from", "5"],
        `Error: ${producer} is not a registrar; only a registrar can do this.`,
      );
      const lifted = await succeeds([
        "batch:lift-recall",
        "2",
        "--reason",
        "certificate genuine",
        "--from",
        "2",
      ]);
      expect(lifted).to.match(
        new RegExp(
          "^Lifted the recall of the material of batch 2 for the reason hashed " +
            `${hashDocument("certificate genuine")}; its parts count as they did before the recall `,
        ),
      );
      expect(await fitness()).to.equal(true);
    });
  });

  describe("refusals, before any transaction is sent", function () {
    it("refuses a malformed part id", async function () {
      await refused(
        ["part:show", "SN-1"],
        'Error SC116: The part "SN-1" is neither a token id (decimal or 0x hex) nor ' +
          "<maker address>:<serial>.",
      );
    });

    it("exits 1 with a sentence for a part or a batch that does not exist", async function () {
      const missing = `${manufacturer}:SN-404`;
      await refused(
        ["part:show", missing, "--json"],
        `Error SC116: No part ${missing} (id ${formatPartId(partIdOf(manufacturer, "SN-404"))}) ` +
          "has been made.",
      );
      await refused(["batch:show", "99"], "Error SC116: There is no batch 99.");
    });

    it("refuses an unknown attestation kind", async function () {
      await refused(
        [
          "part:attest",
          partRef,
          "--kind",
          "baking",
          "--data-hash",
          `0x${"d1".repeat(32)}`,
          "--result",
          "pass",
          "--from",
          "7",
        ],
        'Error SC114: "baking" is not an attestation kind; the kinds are test, measurement, ',
      );
    });

    it("refuses a quantity of zero", async function () {
      await refused(
        ["batch:transfer", "2", customer, "--quantity", "0", "--from", "6"],
        "Error SC106: The quantity to transfer (--quantity) must be above zero.",
      );
    });

    it("refuses --inputs that do not parse", async function () {
      await refused(
        ["part:make", "--spec", specHash, "--serial", "SN-2", "--inputs", "2-3", "--from", "6"],
        'Error SC113: The --inputs entry "2-3" is not <batch id>:<quantity per part>; write ' +
          "e.g. --inputs 2:3,5:1.",
      );
    });
  });
});
