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
  InvoicesClient,
  parseAddressBook,
  ParticipantsClient,
  partIdOf,
  PartsClient,
} from "../../../src/index.js";
import {
  BlocklistTokenMock__factory,
  StablecoinMock__factory,
} from "../../../src/typechain/index.js";

/**
 * End-to-end test of the invoice commands: a real `hardhat node`, the suite deployed with
 * `suite:deploy`, the cast, three conforming parts and a 6-decimal stablecoin set up directly
 * through the SDK from this process, then an invoice proposed, funded, approved, delivered
 * against, rejected and ruled on through `node_modules/.bin/hardhat` as a user would. The `it`s
 * build on each other in order; the refusals check that bad input never reaches the chain.
 */

// Its own Ignition journal, so that the test never touches a developer's chain-31337 journal.
const DEPLOYMENT_ID = `invoices-cli-test-${process.pid}`;

const SCHEME = "CF-TI";
const DAY = 86_400;
const USD = 1_000_000n;
const TX = /\(tx 0x[0-9a-f]{64}, block \d+, gas \d+\)\.$/;

describe("command line: escrowed invoices (end to end)", function () {
  stopAtFirstFailure();

  this.timeout(300_000);

  let node: CliNode | undefined;
  let provider: JsonRpcProvider;
  let env: NodeJS.ProcessEnv;
  let workDir: string;

  let supplier: string;
  let payer: string;
  let arbiter: string;
  let token: string;
  let escrow: string;
  let book: ReturnType<typeof parseAddressBook>;
  let partIds: bigint[];

  const specText = "Turbine blade, rev C: Ti-6Al-4V, 112 mm, tested under load.\n";
  const specHash = hashDocument(specText);
  let specFile: string;
  // Midnight UTC, 30 days from now: the chain of a fresh node runs on the wall clock.
  const dueDay = new Date(Date.now() + 30 * DAY * 1000).toISOString().slice(0, 10);
  const due = `${dueDay}T00:00:00Z`;
  const lastDelivery = new Date(Date.parse(due) + 5 * DAY * 1000)
    .toISOString()
    .replace(".000Z", "Z");

  /** The options of the standard invoice, with its milestones given as `milestones`. */
  function createArgs(milestones: readonly string[], dueDate = due): string[] {
    return [
      "invoice:create",
      "--payer",
      payer,
      "--token",
      token,
      "--due",
      dueDate,
      "--window-days",
      "2",
      "--grace-days",
      "5",
      "--ruling-days",
      "7",
      "--arbiter",
      arbiter,
      "--penalty-per-day",
      "10",
      "--penalty-cap",
      "100",
      ...milestones,
      "--from",
      "6",
    ];
  }

  const { succeeds, refused } = cliRunner({
    env: () => env,
    provider: () => provider,
  });

  before(async function () {
    const port = await freePort();
    const url = nodeUrl(port);
    workDir = await mkdtemp(path.join(os.tmpdir(), "invoices-cli-"));
    specFile = path.join(workDir, "blade-spec.txt");
    await writeFile(specFile, specText);
    env = childEnv({ LOCALHOST_RPC_URL: url, SUITE_DEPLOYMENTS_DIR: workDir });
    await compileForCli();

    node = await startNode(port, env);
    provider = node.provider;
    const accounts = await node.accounts();
    if (accounts.length < 10) throw new Error("the node has too few accounts");
    [supplier, payer, arbiter] = [6, 8, 9].map((i) => accounts[i]!) as [string, string, string];
  });

  after(async function () {
    await node?.stop();
    await removeDeployment(DEPLOYMENT_ID);
    await rm(workDir, { recursive: true, force: true });
  });

  describe("an invoice from proposal to ruling", function () {
    it("deploys the suite, and sets up the cast, parts and a stablecoin through the SDK", async function () {
      const out = await succeeds(["suite:deploy", "--deployment-id", DEPLOYMENT_ID, "--reset"]);
      expect(out).to.include("InvoiceEscrow:");
      book = parseAddressBook(
        JSON.parse(await readFile(path.join(workDir, "chain-31337.json"), "utf8")),
      );
      escrow = book.contracts.InvoiceEscrow;

      // Accounts: #1 governance, #2 registrar, #3 standards body, #4 auditor, #5 producer,
      // #6 manufacturer (the supplier), #7 test lab, #8 customer (the payer), #9 arbiter.
      const signer = (i: number) => provider.getSigner(i);
      const as = async (i: number) => ParticipantsClient.fromAddressBook(book, await signer(i));
      const partsAs = async (i: number) => PartsClient.fromAddressBook(book, await signer(i));
      await (await as(1)).appointRegistrar((await signer(2)).address);
      const asRegistrar = await as(2);
      const validUntil = Math.floor(Date.now() / 1000) + 365 * DAY;
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
      await asStandardsBody.authorizeAuditor({
        scheme: SCHEME,
        auditor: (await signer(4)).address,
      });
      await (
        await as(5)
      ).requestCertificate({ scheme: SCHEME, auditor: (await signer(4)).address });
      await (
        await as(4)
      ).grantCertificate({
        participant: (await signer(5)).address,
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
      const portion = await asProducer.transferBatch({ batchId, to: supplier, quantity: 50n });
      const asManufacturer = await partsAs(6);
      await asManufacturer.defineSpecification({ spec: specHash, requiredKinds: ["test"] });
      ({ partIds } = await asManufacturer.makeParts({
        spec: specHash,
        serials: ["SN-1", "SN-2", "SN-3"],
        inputs: [{ batchId: portion.batchId, quantity: 1n }],
      }));
      const asTestLab = await partsAs(7);
      for (const partId of partIds) {
        await asTestLab.attest({
          partId,
          kind: "test",
          dataHash: hashJson({ load: "120%" }),
          passed: true,
        });
      }

      const stable = await new StablecoinMock__factory(await signer(0)).deploy("Test USD", "TUSD");
      await stable.waitForDeployment();
      token = await stable.getAddress();
      await (await stable.mint(payer, 20_000n * USD)).wait();
    });

    it("proposes an invoice in two milestones as the supplier", async function () {
      const out = await succeeds(
        createArgs(["--milestones", `approval:5000,delivery:7500.50:3:${specFile}`]),
      );
      expect(out).to.match(
        new RegExp(
          `^Proposed invoice 1 to ${payer}: 12500\\.50 TUSD in 2 milestones, due ${dueDay}` +
            `T00:00:00Z, arbiter ${arbiter}; the payer agrees by funding it `,
        ),
      );
      expect(out).to.match(TX);
    });

    it("funds it as the payer, approving exactly the total first", async function () {
      const out = await succeeds(["invoice:fund", "1", "--from", payer]);
      const lines = out.split("\n");
      expect(lines).to.have.length(2);
      expect(lines[0]).to.match(
        new RegExp(`^Approved the escrow ${escrow} to take exactly 12500\\.50 TUSD `),
      );
      expect(lines[1]).to.match(
        new RegExp(
          "^Funded invoice 1: 12500\\.50 TUSD locked in escrow; payments go to the supplier " +
            `${supplier} until it assigns the receivable `,
        ),
      );
      lines.forEach((line) => expect(line).to.match(TX));
    });

    it("refuses to transfer the receivable before the supplier assigns it, then assigns it", async function () {
      await refused(
        ["invoice:transfer", "1", arbiter, "--from", "6"],
        `Error SC119: The receivable of invoice 1 is not assigned yet, so there is none to ` +
          `transfer: the supplier ${supplier} assigns it first (assignReceivable, or ` +
          "invoice:assign) to the holder it names, once the invoice is funded; until then " +
          "payments go to the supplier.",
      );
      await refused(
        ["invoice:assign", "1", arbiter, "--from", "6"],
        `Error: The receivable of invoice 1 cannot go to ${arbiter}, the invoice's arbiter: an ` +
          "arbiter is never paid by its own ruling.",
      );
      await refused(
        ["invoice:assign", "1", "0x12", "--from", "6"],
        'Error SC100: The holder address "0x12" is not an Ethereum address',
      );
      const out = await succeeds(["invoice:assign", "1", supplier, "--from", "6"]);
      expect(out).to.match(
        new RegExp(
          `^Assigned the receivable of invoice 1 to ${supplier}, who is paid from now on \\(tx `,
        ),
      );
      expect(out).to.match(TX);
      await refused(
        ["invoice:assign", "1", payer, "--from", "6"],
        `Error: The receivable of invoice 1 is already assigned, to ${supplier}: it is assigned ` +
          "once; its holder can transfer it.",
      );
    });

    it("approves the first milestone as the payer", async function () {
      const out = await succeeds(["invoice:approve", "1", "0", "--from", "8"]);
      expect(out).to.match(
        new RegExp(
          `^Approved milestone 0 of invoice 1: 5000\\.00 TUSD released to ${supplier} \\(tx `,
        ),
      );
    });

    it("delivers the parts against the second milestone, approving the escrow on the registry", async function () {
      const refs = [`${supplier}:SN-1`, formatPartId(partIds[1]!), partIds[2]!.toString()];
      // A refused part is named as it was typed, by serial, with its id.
      const unknown = partIdOf(supplier, "SN-404");
      await refused(
        [
          "invoice:deliver",
          "1",
          "1",
          "--parts",
          [`${supplier}:SN-404`, ...refs.slice(1)].join(","),
        ].concat(["--from", "6"]),
        `Error SC122: --parts[0]: The part ${supplier}:SN-404 (id ${formatPartId(unknown)}) ` +
          "cannot be delivered: no such part has been made.",
      );
      const out = await succeeds([
        "invoice:deliver",
        "1",
        "1",
        "--parts",
        refs.join(","),
        "--from",
        "6",
      ]);
      const lines = out.split("\n");
      // One approval per part, never an operator approval over all the supplier's parts.
      expect(lines).to.have.length(4);
      for (const [i, partId] of partIds.slice(0, 3).entries()) {
        expect(lines[i]).to.match(
          new RegExp(
            `^Approved the escrow ${escrow} to move part ${formatPartId(partId)} on the parts ` +
              "registry \\(this part only; the approval lapses when it moves\\) ",
          ),
        );
      }
      expect(lines[3]).to.match(
        new RegExp(
          `^Delivered 3 parts against milestone 1 of invoice 1 to the payer ${payer}; ` +
            "7500\\.50 TUSD is held until \\S+Z for the payer to accept or reject ",
        ),
      );
      expect(partIds[0]).to.equal(partIdOf(supplier, "SN-1"));
    });

    it("rejects the delivery as the payer, and the arbiter splits it", async function () {
      const reason = "Two blades out of tolerance.";
      const rejected = await succeeds([
        "invoice:reject",
        "1",
        "1",
        "--reason",
        reason,
        "--from",
        "8",
      ]);
      expect(rejected).to.match(
        new RegExp(
          "^Rejected the delivery against milestone 1 of invoice 1 for the reason hashed " +
            `${hashDocument(reason)}; the arbiter ${arbiter} can rule until \\S+Z `,
        ),
      );
      const ruled = await succeeds(["invoice:rule", "1", "1", "--to-payee", "5000", "--from", "9"]);
      expect(ruled).to.match(
        new RegExp(
          `^Ruled on milestone 1 of invoice 1: 5000\\.00 TUSD to ${supplier} and 2500\\.50 TUSD ` +
            `back to the payer ${payer} `,
        ),
      );
    });

    it("refuses a withdrawal the invoice credited nothing for, and one without --to", async function () {
      await refused(
        ["invoice:withdraw", "1", "--to", supplier, "--from", "6"],
        `Error: The invoice 1 credits nothing to ${supplier}: only payments the token refused ` +
          "are credited, each account withdraws only its own, and once.",
      );
      await refused(
        ["invoice:withdraw", "1", "--from", "6"],
        "The recipient is missing: pass --to <address>.",
      );
    });

    it("shows the invoice and where every token of it is, as text and as JSON", async function () {
      const [text, json] = await Promise.all([
        succeeds(["invoice:show", "1"]),
        succeeds(["invoice:show", "1", "--json"]),
      ]);
      expect(text.split("\n")).to.deep.equal([
        "Invoice       1 (settled)",
        `Supplier      ${supplier}`,
        `Payer         ${payer}`,
        `Receivable    held by ${supplier}, who is paid`,
        `Token         TUSD ${token} (6 decimals)`,
        "Total         12500.50 TUSD in 2 milestones",
        `Due           ${due}; deliveries taken until ${lastDelivery}`,
        "Acceptance    2 days to accept or reject a delivery",
        `Arbiter       ${arbiter}; a dispute lapses after 7 days without a ruling`,
        "Late penalty  10.00 TUSD per day late, at most 100.00 TUSD per delivery",
        "",
        "Milestones",
        "  #0  5000.00 TUSD  approval  released",
        `  #1  7500.50 TUSD  delivery of 3 parts of ${specHash}  resolved`,
        "",
        "Where the 12500.50 TUSD are",
        "  Held in escrow    0.00 TUSD",
        `  Released          10000.00 TUSD: 10000.00 TUSD to ${supplier}`,
        `  Refunded          2500.50 TUSD to the payer ${payer}`,
        "  Deferred          none",
        "  Credited, unsent  none",
      ]);

      const shown = JSON.parse(json) as Record<string, unknown> & {
        payments: Record<string, unknown>[];
      };
      expect(shown).to.deep.include({
        id: "1",
        state: "settled",
        supplier,
        payer,
        receivableHolder: supplier,
        receivableAssigned: true,
        arbiter,
        token: { address: token, symbol: "TUSD", decimals: 6 },
        dueDate: due,
        funds: { total: "12500500000", held: "0", released: "10000000000", refunded: "2500500000" },
      });
      expect(
        shown.payments.map(({ kind, index, toPayee, toPayer, ruled }) => ({
          kind,
          index,
          toPayee,
          toPayer,
          ruled,
        })),
      ).to.deep.equal([
        { kind: "release", index: 0, toPayee: "5000000000", toPayer: "0", ruled: false },
        { kind: "release", index: 1, toPayee: "5000000000", toPayer: "2500500000", ruled: true },
      ]);
    });

    it("takes milestones one argument each, and funds with a permit in one transaction", async function () {
      const created = parseJson(
        await succeeds([
          ...createArgs(["approval:250.25", `delivery:100:1:${specHash}`]),
          "--json",
        ]),
      );
      // The SDK's result: ids and amounts in the smallest unit, the token's units, the tx.
      expect(Object.keys(created).sort()).to.deep.equal(
        ["agreement", "dueDate", "invoiceId", "milestoneCount", "token", "total", "tx"].sort(),
      );
      expect(created).to.deep.include({
        invoiceId: "2",
        total: "350250000",
        milestoneCount: 2,
        dueDate: String(Date.parse(due) / 1000),
        token: { address: token, name: "Test USD", symbol: "TUSD", decimals: 6 },
      });
      expect((created.agreement as { supplier: string }).supplier).to.equal(supplier);
      await expectMinedTx(provider, created.tx);
      // Without --from the payer is named, read from the invoice; nothing is sent.
      await refused(
        ["invoice:fund", "2", "--permit"],
        "Error SC112: No account was chosen to sign: pass --from with the invoice's payer " +
          `${payer}, as an address or an account index.`,
      );
      const funded = await succeeds(["invoice:fund", "2", "--permit", "--from", "8"]);
      expect(funded).to.match(
        new RegExp(`^Funded invoice 2 with a permit: 350\\.25 TUSD locked in escrow; `),
      );
      expect(funded.split("\n")).to.have.length(1);
    });
  });

  describe("credits", function () {
    it("withdraws what an invoice credited to a blocklisted supplier, to another address", async function () {
      const busd = await new BlocklistTokenMock__factory(await provider.getSigner(0)).deploy();
      await busd.waitForDeployment();
      const busdAddress = await busd.getAddress();
      await (await busd.mint(payer, 1_000n * USD)).wait();
      const asSupplier = InvoicesClient.fromAddressBook(book, await provider.getSigner(6));
      const asPayer = InvoicesClient.fromAddressBook(book, await provider.getSigner(8));
      const { invoiceId } = await asSupplier.proposeInvoice({
        payer,
        token: busdAddress,
        dueDate: Math.floor(Date.now() / 1000) + 30 * DAY,
        acceptanceWindow: 0,
        gracePeriod: 0,
        rulingPeriod: DAY,
        milestones: [{ kind: "approval", amount: "12.50" }],
      });
      await asPayer.fund(invoiceId);
      await (await busd.blocklist(supplier)).wait();
      await asPayer.approveMilestone({ invoiceId, index: 0 });
      const out = await succeeds([
        "invoice:withdraw",
        invoiceId.toString(),
        "--to",
        arbiter,
        "--from",
        "6",
      ]);
      expect(out).to.match(
        new RegExp(
          `^Withdrew 12\\.50 BUSD credited to you by invoice ${invoiceId}, to ${arbiter} `,
        ),
      );
      expect(out).to.match(TX);
      expect(await busd.balanceOf(arbiter)).to.equal(12_500_000n);
    });
  });

  describe("refusals, before any transaction is sent", function () {
    it("exits 1 with a sentence for an invoice that does not exist", async function () {
      await refused(["invoice:show", "99", "--json"], "Error SC116: There is no invoice 99.");
    });

    it("refuses an amount that is not an amount", async function () {
      await refused(
        createArgs(["--milestones", "approval:12.5.0"]),
        'Error SC106: The amount of milestone 0 "12.5.0" is not an amount in token units',
      );
    });

    it("refuses a due date in the past, by the chain's clock", async function () {
      await refused(
        createArgs(["--milestones", "approval:5000"], "2020-01-01"),
        "Error SC103: --due: The due date 2020-01-01T00:00:00Z is not in the future",
      );
    });

    it("refuses an unknown milestone kind", async function () {
      await refused(
        createArgs(["--milestones", "bonus:5000"]),
        'Error SC114: "bonus" is not a milestone kind; the kinds are approval',
      );
    });
  });
});
