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
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { JsonRpcProvider } from "ethers";
import {
  hashJson,
  parseAddressBook,
  parseBidRecord,
  ParticipantsClient,
} from "../../../src/index.js";
import { StablecoinMock__factory } from "../../../src/typechain/index.js";

/**
 * End-to-end test of the auction commands: a real `hardhat node`, the suite deployed with
 * `suite:deploy`, the cast and a 6-decimal stablecoin set up directly through the SDK from this
 * process, then an order posted, two sealed bids (one sent by a separate committer), the order
 * shown while bidding (only the count), both bids revealed (one after its file is deleted, from
 * the salt re-derived from the bidder's key), the order settled and shown, through
 * `node_modules/.bin/hardhat` as a user would. Time moves with `evm_increaseTime`. The `it`s
 * build on each other in order; the refusals check that bad input never reaches the chain.
 */

// Its own Ignition journal, so that the test never touches a developer's chain-31337 journal.
const DEPLOYMENT_ID = `auctions-cli-test-${process.pid}`;

const DAY = 86_400;
const USD = 1_000_000n;
const TX = /\(tx 0x[0-9a-f]{64}, block \d+, gas \d+\)\.$/;

/** Unix seconds as the tasks print them. */
function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
}

describe("command line: procurement auctions (end to end)", function () {
  stopAtFirstFailure();

  this.timeout(300_000);

  let node: CliNode | undefined;
  let provider: JsonRpcProvider;
  let env: NodeJS.ProcessEnv;
  let workDir: string;
  let bidsDir: string;

  let bidderA: string;
  let bidderB: string;
  let customer: string;
  let arbiter: string;
  let committer: string;
  let token: string;
  let auction: string;

  const spec = hashJson({ part: "turbine blade", revision: "C" });
  // The timeline, in the chain's seconds, fixed once the node runs.
  let biddingEnds: number;
  let revealEnds: number;
  let deliverBy: number;
  let delivery: number;

  async function bidFiles(): Promise<string[]> {
    try {
      return (await readdir(bidsDir)).sort();
    } catch {
      return [];
    }
  }

  /** Moves the node's clock to `seconds` (unix) and mines a block there. */
  async function travelTo(seconds: number): Promise<void> {
    await provider.send("evm_setNextBlockTimestamp", [seconds]);
    await provider.send("evm_mine", []);
  }

  function postArgs(overrides: Record<string, string> = {}): string[] {
    const options: Record<string, string> = {
      "--spec": spec,
      "--quantity": "3",
      "--max-price": "100",
      "--token": token,
      "--bidding-ends": iso(biddingEnds),
      "--reveal-ends": iso(revealEnds),
      "--deliver-by": iso(deliverBy),
      "--bond": "50",
      "--arbiter": arbiter,
      "--ruling-days": "7",
      "--from": "8",
      ...overrides,
    };
    return ["auction:post", ...Object.entries(options).flat()];
  }

  const { succeeds, refused } = cliRunner({
    env: () => env,
    provider: () => provider,
    unchanged: { read: bidFiles, message: "no bid file was written" },
  });

  before(async function () {
    const port = await freePort();
    const url = nodeUrl(port);
    workDir = await mkdtemp(path.join(os.tmpdir(), "auctions-cli-"));
    bidsDir = path.join(workDir, "bids");
    env = childEnv({
      LOCALHOST_RPC_URL: url,
      SUITE_DEPLOYMENTS_DIR: workDir,
      SUITE_BIDS_DIR: bidsDir,
    });
    await compileForCli();

    node = await startNode(port, env);
    provider = node.provider;
    const accounts = await node.accounts();
    if (accounts.length < 12) throw new Error("the node has too few accounts");
    [bidderA, bidderB, customer, arbiter, committer] = [6, 7, 8, 9, 11].map(
      (i) => accounts[i]!,
    ) as [string, string, string, string, string];
  });

  after(async function () {
    await node?.stop();
    await removeDeployment(DEPLOYMENT_ID);
    await rm(workDir, { recursive: true, force: true });
  });

  describe("an order from posting to award", function () {
    it("deploys the suite with the auction, and sets up the cast and a stablecoin through the SDK", async function () {
      const out = await succeeds(["suite:deploy", "--deployment-id", DEPLOYMENT_ID, "--reset"]);
      expect(out).to.include("ProcurementAuction:");
      const book = parseAddressBook(
        JSON.parse(await readFile(path.join(workDir, "chain-31337.json"), "utf8")),
      );
      auction = book.contracts.ProcurementAuction;
      expect(out).to.include(`ProcurementAuction:  ${auction}`);

      // Accounts: #1 governance, #2 registrar, #6 and #7 manufacturers (the bidders), #8 the
      // customer, #9 the arbiter, #11 a committer with no accreditation.
      const signer = (i: number) => provider.getSigner(i);
      await ParticipantsClient.fromAddressBook(book, await signer(1)).appointRegistrar(
        (await signer(2)).address,
      );
      const asRegistrar = ParticipantsClient.fromAddressBook(book, await signer(2));
      const validUntil = Math.floor(Date.now() / 1000) + 365 * DAY;
      const roles: [string, string][] = [
        [bidderA, "manufacturer"],
        [bidderB, "manufacturer"],
        [customer, "customer"],
        [arbiter, "arbiter"],
      ];
      for (const [participant, role] of roles) {
        await asRegistrar.accredit({
          participant,
          roles: role,
          validUntil,
          evidenceHash: hashJson({ accreditation: participant }),
        });
      }
      const stable = await new StablecoinMock__factory(await signer(0)).deploy("Test USD", "TUSD");
      await stable.waitForDeployment();
      token = await stable.getAddress();
      for (const holder of [customer, bidderA, bidderB, committer]) {
        await (await stable.mint(holder, 1_000n * USD)).wait();
      }

      const latest = await provider.getBlock("latest");
      const now = latest!.timestamp;
      biddingEnds = now + DAY;
      revealEnds = biddingEnds + DAY;
      deliverBy = now + 30 * DAY;
      delivery = now + 10 * DAY;
    });

    it("posts an order as the customer, approving exactly the budget first", async function () {
      const lines = (await succeeds(postArgs())).split("\n");
      expect(lines).to.have.length(2);
      expect(lines[0]).to.match(
        new RegExp(
          `^Approved the auction ${auction} to take exactly 300\\.00 TUSD for the order's budget `,
        ),
      );
      expect(lines[1]).to.match(
        new RegExp(
          `^Posted order 1: 3 parts of ${spec}, at most 100\\.00 TUSD each; 300\\.00 TUSD ` +
            `locked; bids sealed until ${iso(biddingEnds)} with a bond of 50\\.00 TUSD, ` +
            `revealed until ${iso(revealEnds)}; first-price; delivery by ${iso(deliverBy)} `,
        ),
      );
      lines.forEach((line) => expect(line).to.match(TX));
    });

    it("seals two bids: one sent by a separate committer, one by its bidder; each saved first", async function () {
      const sentByCommitter = (
        await succeeds([
          "auction:commit",
          "1",
          "--price",
          "80",
          "--delivery",
          iso(delivery),
          "--committer",
          "11",
          "--from",
          "6",
        ])
      ).split("\n");
      expect(sentByCommitter).to.have.length(2);
      expect(sentByCommitter[0]).to.match(
        new RegExp(`^Approved the auction ${auction} to take exactly 50\\.00 TUSD for the bond `),
      );
      const [fileA] = await bidFiles();
      expect(sentByCommitter[1]).to.match(
        new RegExp(
          `^Sealed bid 1 on order 1 for ${bidderA}: 80\\.00 TUSD per part, delivery by ` +
            `${iso(delivery)}; bond of 50\\.00 TUSD posted by the committer ${committer}; ` +
            `reveal data saved to ${path.join(bidsDir, fileA!).replace(/[.]/g, "\\.")}; reveal ` +
            `it from ${iso(biddingEnds)} until ${iso(revealEnds)} `,
        ),
      );
      const saved = parseBidRecord(JSON.parse(await readFile(path.join(bidsDir, fileA!), "utf8")));
      expect(saved).to.deep.include({
        bidder: bidderA,
        committer,
        unitPrice: 80n * USD,
        saltDerived: true,
        sequence: 1,
      });

      const sentByBidder = await succeeds([
        "auction:commit",
        "1",
        "--price",
        "90.50",
        "--delivery",
        iso(delivery),
        "--from",
        bidderB,
      ]);
      expect(sentByBidder.split("\n")[1]).to.match(
        /^Sealed bid 2 on order 1 for \S+: 90\.50 TUSD per part, .* posted by the bidder; /,
      );
      expect(await bidFiles()).to.have.length(2);
    });

    it("shows only how many bids are sealed while bidding is open", async function () {
      const [text, json] = await Promise.all([
        succeeds(["auction:show", "1"]),
        succeeds(["auction:show", "1", "--json"]),
      ]);
      expect(text.split("\n")).to.deep.equal([
        "Order         1 (open for bids)",
        `Customer      ${customer}`,
        `Parts         3 parts of ${spec}`,
        "Certificate   none required",
        `Token         TUSD ${token} (6 decimals)`,
        "Max price     100.00 TUSD per part; budget 300.00 TUSD",
        "Pricing       first price (the winner is paid its own price)",
        "Bond          50.00 TUSD per sealed bid",
        `Bidding       until ${iso(biddingEnds)}`,
        `Revealing     until ${iso(revealEnds)}`,
        `Delivery      by ${iso(deliverBy)}`,
        `Invoice       arbiter ${arbiter}; paid at delivery; grace none; ruling within 7 days`,
        "",
        "Sealed bids   2 (who bids, and at what price, stays sealed until bidding ends)",
      ]);
      const shown = JSON.parse(json) as Record<string, unknown>;
      expect(shown).to.deep.include({ id: "1", phase: "bidding", sealedBids: 2 });
      expect(shown).to.not.have.any.keys("revealedBids", "best", "award");
      for (const secret of [bidderA, bidderB, "80000000", "90500000"]) {
        expect(text + json).to.not.include(secret);
      }
    });

    it("refuses, before anything is sent or saved: a bid above the maximum, a short revealing, a reveal while bidding", async function () {
      await refused(
        ["auction:commit", "1", "--price", "100.01", "--delivery", iso(delivery), "--from", "6"],
        "Error SC106: --price: The unit price 100.01 TUSD is above order 1's maximum of 100.00 TUSD; " +
          "the bid would not count.",
      );
      await refused(
        postArgs({ "--reveal-ends": iso(biddingEnds + 600) }),
        // The SDK's rule and sentence, after the flag of the SDK field at fault.
        "Error SC102: --reveal-ends: Revealing must end at least one hour after bidding ends (",
      );
      await refused(
        ["auction:reveal", "1", "--from", "6"],
        "Error SC119: Order 1 is open for bids; bids are revealed from",
      );
    });

    it("reveals both bids: one from its saved file, one from the salt re-derived after its file is lost", async function () {
      await travelTo(biddingEnds + 60);
      const files = await bidFiles();
      for (const file of files) {
        const record = parseBidRecord(JSON.parse(await readFile(path.join(bidsDir, file), "utf8")));
        if (record.bidder === bidderB) await rm(path.join(bidsDir, file));
      }
      expect(await bidFiles()).to.have.length(1);

      const fromFile = await succeeds(["auction:reveal", "1", "--from", "6"]);
      expect(fromFile).to.match(
        new RegExp(
          `^Revealed bid 1 on order 1 of ${bidderA}: 80\\.00 TUSD per part, delivery by ` +
            `${iso(delivery)}; it counts `,
        ),
      );
      expect(fromFile).to.match(TX);

      await refused(
        ["auction:reveal", "1", "--from", "7"],
        `Error SC123: No bid of ${bidderB} on order 1 is saved in ${bidsDir}. If its file is ` +
          "lost, pass --price and --delivery exactly as sealed",
      );
      const reDerived = parseJson(
        await succeeds([
          "auction:reveal",
          "1",
          "--price",
          "90.50",
          "--delivery",
          iso(delivery),
          "--sequence",
          "2",
          "--from",
          "7",
          "--json",
        ]),
      );
      const [revealed] = reDerived.reveals as { tx: unknown }[];
      expect(reDerived).to.deep.equal({
        orderId: "1",
        token: { address: token, name: "Test USD", symbol: "TUSD", decimals: 6 },
        reveals: [
          {
            outcome: {
              sequence: 2,
              bidder: bidderB,
              unitPrice: "90500000",
              deliveryDate: String(delivery),
              valid: true,
              reason: "valid",
            },
            tx: revealed!.tx,
          },
        ],
        transactions: [revealed!.tx],
      });
      await expectMinedTx(provider, revealed!.tx);
      await refused(
        ["auction:reveal", "1", "--from", "6"],
        `Error SC119: Every bid of ${bidderA} on order 1 saved in ${bidsDir} is already revealed.`,
      );
    });

    it("settles the order: the lowest bid wins, its invoice opens, the rest goes back", async function () {
      await refused(
        ["auction:settle", "1"],
        "Error SC112: No account was chosen to sign: pass --from with any account (anyone may " +
          "settle once the reveal period is over), as an address or an account index.",
      );
      await travelTo(revealEnds + 60);
      const out = await succeeds(["auction:settle", "1", "--from", "0"]);
      expect(out).to.match(
        new RegExp(
          `^Settled order 1: awarded to ${bidderA} at 80\\.00 TUSD per part; invoice 1 opened ` +
            `and funded with 240\\.00 TUSD; 60\\.00 TUSD went back to the customer ${customer} `,
        ),
      );
      expect(out).to.match(TX);
    });

    it("exits 1 with a sentence for an order that does not exist", async function () {
      await refused(["auction:show", "99"], "Error SC116: There is no order 99.");
    });

    it("refuses a withdrawal under the order when nothing is credited, sending nothing", async function () {
      await refused(
        ["auction:withdraw", "1", "--to", customer, "--from", "8"],
        `Error SC119: The auction credits nothing to ${customer} under order 1: only payments ` +
          "the token refused are credited, and a credit is withdrawn once.",
      );
    });

    it("shows the award after settlement, as text and as JSON", async function () {
      const [text, json] = await Promise.all([
        succeeds(["auction:show", "1"]),
        succeeds(["auction:show", "1", "--json"]),
      ]);
      const lines = text.split("\n");
      expect(lines[0]).to.equal("Order         1 (awarded)");
      const payments = lines.indexOf("Payments");
      expect(lines.slice(payments - 4, payments)).to.deep.equal([
        "Bids          2 sealed, 2 revealed",
        `Winner        ${bidderA} (bid 1, asked 80.00 TUSD)`,
        "Paid          80.00 TUSD per part: invoice 1 for 240.00 TUSD; 60.00 TUSD went back to " +
          "the customer",
        "",
      ]);
      // The losing bid's bond went back at its reveal; the unspent budget at settlement.
      expect(lines.slice(payments + 1)).to.have.length(2);
      expect(lines[payments + 1]).to.match(/^ {2}50\.00 TUSD bond back to 0x[0-9a-fA-F]{40}$/);
      expect(lines[payments + 2]).to.equal(
        `  60.00 TUSD of the budget back to the customer ${customer}`,
      );
      const shown = JSON.parse(json) as Record<string, unknown>;
      expect(shown).to.deep.include({
        phase: "awarded",
        sealedBids: 2,
        revealedBids: 2,
        best: {
          bidder: bidderA,
          sequence: 1,
          unitPrice: "80000000",
          runnerUpPrice: "90500000",
          pricePaid: "80000000",
        },
        award: {
          winner: bidderA,
          unitPrice: "80000000",
          invoiceId: "1",
          total: "240000000",
          refund: "60000000",
        },
      });
    });
  });
});
