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
import { Contract, type JsonRpcProvider, ZeroHash } from "ethers";
import {
  hashDocument,
  hashJson,
  parseAddressBook,
  ParticipantsClient,
} from "../../../src/index.js";

/**
 * End-to-end test of the command line: a real `hardhat node`, the suite deployed with
 * `suite:deploy`, and every command run as a user would, through `node_modules/.bin/hardhat`.
 * The `it`s of the flow build on each other in order (a registrar before accreditation, a scheme
 * before a certificate); the refusals at the end check that bad input never reaches the chain.
 */

// Its own Ignition journal, so that the test never touches a developer's chain-31337 journal.
const DEPLOYMENT_ID = `cli-test-${process.pid}`;

const SCHEME = "AS9100D";
const DAY = 86_400;
const TX = /\(tx 0x[0-9a-f]{64}, block \d+, gas \d+\)\.$/;

describe("command line (end to end)", function () {
  stopAtFirstFailure();

  this.timeout(180_000);

  let node: CliNode | undefined;
  let provider: JsonRpcProvider;
  let env: NodeJS.ProcessEnv;
  let deploymentsDir: string;
  let emptyDir: string;

  let deployer: string;
  let registrar: string;
  let standardsBody: string;
  let auditor: string;
  let producer: string;
  let newcomer: string;

  /** Two years ahead, so that the date stays in the future whenever this runs. */
  const until = `${new Date().getUTCFullYear() + 2}-12-31`;
  const untilSeconds = Date.parse(until) / 1000;
  const evidenceText = "Accreditation audit of the producer: 14 clauses, no nonconformity.\n";
  let evidenceFile: string;

  const { succeeds, refused } = cliRunner({
    env: () => env,
    provider: () => provider,
  });

  before(async function () {
    const port = await freePort();
    const url = nodeUrl(port);
    deploymentsDir = await mkdtemp(path.join(os.tmpdir(), "cli-deployments-"));
    emptyDir = await mkdtemp(path.join(os.tmpdir(), "cli-empty-"));
    evidenceFile = path.join(deploymentsDir, "producer-audit.txt");
    await writeFile(evidenceFile, evidenceText);
    env = childEnv({ LOCALHOST_RPC_URL: url, SUITE_DEPLOYMENTS_DIR: deploymentsDir });
    await compileForCli();

    node = await startNode(port, env);
    provider = node.provider;
    const accounts = await node.accounts();
    const [a0, , a2, a3, a4, a5, a6] = accounts;
    if (a6 === undefined) throw new Error("the node has too few accounts");
    [deployer, registrar, standardsBody, auditor, producer, newcomer] = [
      a0!,
      a2!,
      a3!,
      a4!,
      a5!,
      a6,
    ];
  });

  after(async function () {
    await node?.stop();
    // The test journals its deployment under its own Ignition deployment id; remove it.
    await removeDeployment(DEPLOYMENT_ID);
    await rm(deploymentsDir, { recursive: true, force: true });
    await rm(emptyDir, { recursive: true, force: true });
  });

  describe("a registrar, a scheme and a certificate", function () {
    it("refuses to deploy with the deployer or no one as governance, or a delay out of range", async function () {
      const deploy = ["suite:deploy", "--deployment-id", DEPLOYMENT_ID, "--reset"];
      await refused(
        [...deploy, "--governance", deployer],
        `Error SC100: The governance address must differ from the deployer ${deployer}: the ` +
          "deployer is never admin. Pass --governance with a multisig or timelock.",
      );
      await refused(
        [...deploy, "--governance", `0x${"0".repeat(40)}`],
        "Error SC100: The governance address cannot be the zero address: the contracts would " +
          "have no admin. Pass --governance with a multisig or timelock.",
      );
      for (const days of ["0", "31", "1.5"]) {
        await refused(
          [...deploy, "--admin-delay-days", days],
          `Error SC102: The admin delay "${days}" is not a whole number of days from 1 to 30: ` +
            "pass --admin-delay-days with one.",
        );
      }
    });

    it("deploys the suite and writes the address book", async function () {
      const out = await succeeds([
        "suite:deploy",
        "--deployment-id",
        DEPLOYMENT_ID,
        "--reset",
        "--admin-delay-days",
        "3",
      ]);
      expect(out).to.include("(admin hand-over delay 3 days)");
      const file = path.join(deploymentsDir, "chain-31337.json");
      expect(out).to.include(`Address book written to ${file}`);
      const book = parseAddressBook(JSON.parse(await readFile(file, "utf8")));
      expect(book.startBlock).to.be.greaterThan(0);
      const [, governance] = await node!.accounts();
      const abi = [
        "function defaultAdmin() view returns (address)",
        "function defaultAdminDelay() view returns (uint48)",
        "function hasRole(bytes32, address) view returns (bool)",
      ];
      for (const name of ["ParticipantRegistry", "InvoiceEscrow"] as const) {
        const contract = new Contract(book.contracts[name], abi, provider) as Contract & {
          defaultAdmin(): Promise<string>;
          defaultAdminDelay(): Promise<bigint>;
          hasRole(role: string, account: string): Promise<boolean>;
        };
        expect(await contract.defaultAdmin(), name).to.equal(governance);
        expect(await contract.defaultAdminDelay(), name).to.equal(3n * BigInt(DAY));
        expect(await contract.hasRole(ZeroHash, deployer), name).to.equal(false);
      }
      // The circular economy is deployed with the suite, and the core registry is wired in.
      for (const name of ["CoreRegistry", "LicenceRegistry", "WarrantyRegistry", "CoreCharges"]) {
        expect(out).to.include(`${name}:`.padEnd(21) + book.contracts[name as "CoreRegistry"]);
      }
      const wired = ["function coreRegistry() view returns (address)"];
      for (const name of ["LicenceRegistry", "WarrantyRegistry"] as const) {
        const contract = new Contract(book.contracts[name], wired, provider) as Contract & {
          coreRegistry(): Promise<string>;
        };
        expect(await contract.coreRegistry(), name).to.equal(book.contracts.CoreRegistry);
      }
    });

    it("refuses a write without --from, naming the account it needs, and sends nothing", async function () {
      await refused(
        ["registrar:appoint", registrar],
        "Error SC112: No account was chosen to sign: pass --from with a governance " +
          "account, as an address or an account index.",
      );
    });

    it("appoints a registrar, as governance (account #1)", async function () {
      const out = await succeeds(["registrar:appoint", registrar, "--from", "1"]);
      expect(out).to.match(new RegExp(`^Appointed ${registrar} as a registrar `));
      expect(out).to.match(TX);
    });

    it("accredits a standards body, an auditor and a producer, with evidence given three ways", async function () {
      const common = ["--until", until, "--from", registrar];
      const body = await succeeds([
        "participant:accredit",
        standardsBody,
        "--roles",
        "standards-body",
        "--evidence-json",
        '{"body": "SAE", "charter": 2024}',
        ...common,
      ]);
      expect(body).to.match(
        new RegExp(`^Accredited ${standardsBody} as standards-body until ${until}T00:00:00Z `),
      );
      const audit = parseJson(
        await succeeds([
          "participant:accredit",
          auditor,
          "--roles",
          "Auditor",
          "--evidence-hash",
          `0x${"a1".repeat(32)}`,
          ...common,
          "--json",
        ]),
      );
      expect(audit).to.deep.equal({
        participant: auditor,
        roles: ["auditor"],
        validUntil: `${until}T00:00:00.000Z`,
        evidenceHash: `0x${"a1".repeat(32)}`,
        tx: audit.tx,
      });
      await expectMinedTx(provider, audit.tx);
      const maker = await succeeds([
        "participant:accredit",
        producer.toLowerCase(),
        "--roles",
        "producer, manufacturer",
        "--evidence-file",
        evidenceFile,
        ...common,
      ]);
      expect(maker).to.match(
        new RegExp(`^Accredited ${producer} as producer, manufacturer until ${until}T00:00:00Z `),
      );
      expect(maker).to.match(TX);
    });

    it("defines a scheme and authorises the auditor under it", async function () {
      const document = { title: "AS9100D", clauses: 10 };
      const defined = await succeeds([
        "scheme:define",
        SCHEME,
        "--document-json",
        JSON.stringify(document),
        "--validity-days",
        "365",
        "--from",
        "3",
      ]);
      expect(defined).to.match(
        new RegExp(
          `^Defined scheme AS9100D on the document hashed ${hashJson(document)}; its ` +
            "certificates last 365 days unless the auditor says otherwise ",
        ),
      );
      await refused(
        ["scheme:authorize-auditor", SCHEME, auditor],
        "Error SC112: No account was chosen to sign: pass --from with the scheme's standards " +
          `body ${standardsBody}, as an address or an account index.`,
      );
      const authorised = await succeeds([
        "scheme:authorize-auditor",
        SCHEME,
        auditor,
        "--from",
        standardsBody,
      ]);
      expect(authorised).to.match(
        new RegExp(`^Authorised auditor ${auditor} to certify under scheme AS9100D `),
      );

      const shown = JSON.parse(await succeeds(["scheme:show", SCHEME, "--json"])) as Record<
        string,
        unknown
      >;
      expect(shown).to.deep.include({
        name: "AS9100D",
        standardsBody,
        documentHash: hashJson(document),
        defaultValidity: String(365 * DAY),
      });
    });

    it("lets the producer ask the auditor for a certificate", async function () {
      const out = await succeeds(["certificate:request", SCHEME, auditor, "--from", "5"]);
      expect(out).to.match(
        new RegExp(
          `^${producer} asked auditor ${auditor} to certify it under scheme AS9100D; only that ` +
            "auditor may grant it, once ",
        ),
      );
      expect(out).to.match(TX);
    });

    it("refuses a capacity without its unit before sending", async function () {
      await refused(
        [
          "certificate:grant",
          producer,
          SCHEME,
          "--capacity",
          "1000",
          "--period-days",
          "30",
          "--evidence-hash",
          `0x${"d4".repeat(32)}`,
          "--from",
          "4",
        ],
        "Error SC109: A capacity was given without its unit: pass --capacity-unit <unit>, e.g. " +
          "kg or pcs.",
      );
    });

    it("grants the producer a certificate with a capacity per period", async function () {
      const out = await succeeds([
        "certificate:grant",
        producer,
        SCHEME,
        "--capacity",
        "1000",
        "--capacity-unit",
        "kg",
        "--period-days",
        "30",
        "--evidence-json",
        '{"report": "AS9100D initial audit"}',
        "--from",
        "4",
      ]);
      expect(out).to.match(new RegExp(`^Certified ${producer} under scheme AS9100D from `));
      expect(out).to.include("1000 kg per 30 days; 1000 left this period, which ends ");
      expect(out).to.match(TX);
    });

    it("refuses a second grant the producer did not ask for, in a sentence", async function () {
      await refused(
        [
          "certificate:grant",
          producer,
          SCHEME,
          "--evidence-hash",
          `0x${"d4".repeat(32)}`,
          "--from",
          "4",
        ],
        `Error: Auditor ${auditor} may not certify ${producer} under scheme AS9100D: the ` +
          "participant has not asked for a certificate (it must request one first).",
      );
    });

    it("shows the producer as text and as JSON", async function () {
      const text = await succeeds(["participant:show", producer]);
      expect(text).to.equal(
        [
          `Participant  ${producer}`,
          "State        active",
          "Roles        producer, manufacturer",
          `Valid until  ${until}T00:00:00Z`,
          `Registrar    ${registrar}`,
          `Evidence     ${hashDocument(evidenceText)}`,
        ].join("\n"),
      );
      const json: unknown = JSON.parse(await succeeds(["participant:show", producer, "--json"]));
      expect(json).to.deep.equal({
        address: producer,
        state: "active",
        roles: ["producer", "manufacturer"],
        validUntil: String(untilSeconds),
        registrar,
        evidenceHash: hashDocument(evidenceText),
      });
    });

    it("exits 1 with a sentence for a participant, a scheme or a certificate that does not exist", async function () {
      await refused(
        ["participant:show", newcomer],
        `Error SC116: ${newcomer} has never been accredited.`,
      );
      await refused(
        ["scheme:show", "NOPE-1", "--json"],
        "Error SC116: No scheme NOPE-1 has been defined.",
      );
      await refused(
        ["certificate:show", newcomer, "--scheme", SCHEME],
        `Error SC116: ${newcomer} has never been certified under scheme AS9100D.`,
      );
      await refused(
        ["certificate:show", newcomer, "--json"],
        `Error SC116: ${newcomer} has never been certified.`,
      );
    });

    it("shows every certificate of the producer, and one as JSON", async function () {
      const text = await succeeds(["certificate:show", producer]);
      const lines = text.split("\n");
      expect(lines[0]).to.equal(`${producer} has received 1 certificate:`);
      expect(lines.slice(2, 5)).to.deep.equal([
        `Certificate  ${producer} under AS9100D`,
        "State        valid",
        `Auditor      ${auditor}`,
      ]);
      expect(lines[5]).to.match(/^Valid {8}\S+Z to \S+Z$/);
      expect(lines[6]).to.match(
        /^Capacity {5}1000 kg per 30 days; 1000 left this period, which ends \S+Z$/,
      );
      expect(lines[7]).to.equal(`Evidence     ${hashJson({ report: "AS9100D initial audit" })}`);

      const json = JSON.parse(
        await succeeds(["certificate:show", producer, "--scheme", SCHEME, "--json"]),
      ) as {
        state: string;
        auditor: string;
        validFrom: string;
        validUntil: string;
        capacity: Record<string, string>;
      };
      expect(json).to.deep.include({
        state: "valid",
        auditor,
        schemeName: "AS9100D",
        capacityUnit: "kg",
      });
      expect(BigInt(json.validUntil) - BigInt(json.validFrom)).to.equal(BigInt(365 * DAY));
      expect(json.capacity).to.deep.equal({
        perPeriod: "1000",
        unit: "kg",
        periodLength: String(30 * DAY),
        remaining: "1000",
        periodEnd: String(BigInt(json.validFrom) + BigInt(30 * DAY)),
      });
    });

    it("suspends the producer with a hashed reason, and shows it suspended", async function () {
      const reason = "Surveillance audit found an uncontrolled process change.";
      const out = await succeeds([
        "participant:suspend",
        producer,
        "--reason",
        reason,
        "--from",
        "2",
      ]);
      expect(out).to.match(
        new RegExp(`^Suspended ${producer} for the reason hashed ${hashDocument(reason)} `),
      );
      const text = await succeeds(["participant:show", producer]);
      expect(text.split("\n")[1]).to.equal("State        suspended");
    });
  });

  describe("refusals, before any transaction is sent", function () {
    const evidence = ["--evidence-hash", `0x${"b2".repeat(32)}`];

    it("refuses a malformed address", async function () {
      await refused(
        ["participant:accredit", "0x1234", "--roles", "producer", "--until", until, ...evidence],
        'Error SC100: The participant address "0x1234" is not an Ethereum address',
      );
    });

    it("refuses an unknown role", async function () {
      await refused(
        [
          "participant:accredit",
          newcomer,
          "--roles",
          "producer,baker",
          "--until",
          until,
          ...evidence,
        ],
        'Error SC101: "baker" is not a role; the roles are producer, manufacturer,',
      );
    });

    it("refuses an expiry in the past, by the chain's clock", async function () {
      await refused(
        [
          "participant:accredit",
          newcomer,
          "--roles",
          "producer",
          "--until",
          "2020-01-01",
          ...evidence,
          "--from",
          "2",
        ],
        "Error SC103: The expiry 2020-01-01T00:00:00Z is not in the future (the chain's time is ",
      );
    });

    it("refuses missing evidence", async function () {
      await refused(
        ["participant:accredit", newcomer, "--roles", "producer", "--until", until, "--from", "2"],
        "Error SC104: The evidence is missing: pass --evidence-file <path>, --evidence-json " +
          "'<json>' or --evidence-hash 0x….",
      );
    });

    it("refuses to act without a deployment", async function () {
      await refused(
        ["participant:reinstate", producer, "--from", "2"],
        `Error SC110: The suite is not deployed on chain 31337: ${path.join(emptyDir, "chain-31337.json")} does not exist.`,
        { SUITE_DEPLOYMENTS_DIR: emptyDir },
      );
    });

    it("decodes a contract's refusal of the wrong caller into a sentence", async function () {
      await refused(
        [
          "participant:accredit",
          newcomer,
          "--roles",
          "producer",
          "--until",
          until,
          ...evidence,
          "--from",
          "0",
        ],
        `Error: ${deployer} is not allowed to do this: it needs the registrar role.`,
      );
    });

    it("decodes a contract's refusal of a state change into a sentence", async function () {
      await refused(
        ["participant:suspend", producer, "--from", "2"],
        `Error: The accreditation of ${producer} is suspended, but this needs it to be active ` +
          "or expired.",
      );
    });
  });

  describe("the rest of a participant's life", function () {
    const renewedUntil = `${new Date().getUTCFullYear() + 3}-06-30`;
    const certificateReason = `0x${"c3".repeat(32)}`;

    it("reinstates the producer, changes its roles and renews it", async function () {
      expect(await succeeds(["participant:reinstate", producer, "--from", "2"])).to.match(
        new RegExp(`^Lifted the suspension of ${producer} `),
      );
      expect(
        await succeeds([
          "participant:roles",
          producer,
          "--roles",
          "producer,customer",
          "--from",
          "2",
        ]),
      ).to.match(new RegExp(`^Set the roles of ${producer} to producer, customer `));
      expect(
        await succeeds([
          "participant:renew",
          producer,
          "--until",
          renewedUntil,
          "--evidence-json",
          '{"renewal": 1}',
          "--from",
          "2",
        ]),
      ).to.match(
        new RegExp(`^Renewed the accreditation of ${producer} until ${renewedUntil}T00:00:00Z `),
      );
    });

    it("revokes the certificate as the scheme's standards body, and withdraws the auditor", async function () {
      expect(
        await succeeds([
          "certificate:revoke",
          producer,
          SCHEME,
          "--reason-hash",
          certificateReason,
          "--from",
          "3",
        ]),
      ).to.match(
        new RegExp(
          `^Revoked the certificate of ${producer} under scheme AS9100D for the reason hashed ` +
            `${certificateReason} `,
        ),
      );
      expect(
        await succeeds(["scheme:deauthorize-auditor", SCHEME, auditor, "--from", "3"]),
      ).to.match(
        new RegExp(`^Withdrew the authorisation of auditor ${auditor} under scheme AS9100D`),
      );
    });

    it("hands the scheme to another standards body, as governance only", async function () {
      await succeeds([
        "participant:accredit",
        newcomer,
        "--roles",
        "standards-body",
        "--until",
        until,
        "--evidence-json",
        '{"body": "EASA-recognised", "charter": 2026}',
        "--from",
        "2",
      ]);
      await refused(
        ["scheme:transfer", SCHEME, newcomer, "--from", "3"],
        `Error: ${standardsBody} is not allowed to do this: it needs the governance role.`,
      );
      await refused(
        ["scheme:transfer", "EN9100", newcomer, "--from", "1"],
        "Error SC105: No scheme EN9100 has been defined, so there is nothing to hand over.",
      );
      const reason = "The standards body lost its accreditation.";
      expect(
        await succeeds(["scheme:transfer", SCHEME, newcomer, "--reason", reason, "--from", "1"]),
      ).to.match(
        new RegExp(
          `^Handed scheme AS9100D from standards body ${standardsBody} to ${newcomer} for the ` +
            `reason hashed ${hashDocument(reason)}; its auditors and certificates are unchanged `,
        ),
      );
    });

    it("revokes the producer and removes the registrar", async function () {
      expect(await succeeds(["participant:revoke", producer, "--from", "2"])).to.match(
        new RegExp(`^Revoked the accreditation of ${producer} with no reason given `),
      );
      expect(await succeeds(["registrar:remove", registrar, "--from", "1"])).to.match(
        new RegExp(`^Removed ${registrar} from the registrars `),
      );
    });

    it("left the chain as the commands said (read back through the SDK)", async function () {
      const book = parseAddressBook(
        JSON.parse(await readFile(path.join(deploymentsDir, "chain-31337.json"), "utf8")),
      );
      const participants = ParticipantsClient.fromAddressBook(book, provider);
      expect(await participants.getParticipant(producer)).to.deep.include({
        state: "revoked",
        roles: ["producer", "customer"],
        validUntil: BigInt(Date.parse(renewedUntil) / 1000),
      });
      const certificate = await participants.getCertificate({
        participant: producer,
        scheme: SCHEME,
      });
      expect(certificate?.state).to.equal("revoked");
      expect(await participants.isAuthorizedAuditor({ scheme: SCHEME, auditor })).to.equal(false);
      expect((await participants.getScheme(SCHEME))?.standardsBody).to.equal(newcomer);
      expect(
        await participants.requestedAuditor({ participant: producer, scheme: SCHEME }),
      ).to.equal(undefined);
      expect(await participants.isRegistrar(registrar)).to.equal(false);
    });
  });
});
