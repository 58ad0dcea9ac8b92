/**
 * The whole supply chain on the built-in simulated chain: `npm start`
 * (or `npx hardhat run scripts/scenario.ts`). Each chapter is one subsystem of the suite.
 *
 * It runs on a development node too (`npx hardhat node` or anvil): `npx hardhat run
 * scripts/scenario.ts --network localhost`, with LOCALHOST_RPC_URL when the node is not on port
 * 8545. It then deploys a fresh copy of the suite (its Ignition journal is removed once deployed,
 * so no developer's journal is touched) and moves time with `evm_setNextBlockTimestamp` and
 * `evm_mine`, which both nodes serve.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import hre, { network } from "hardhat";
import SuiteModule from "../ignition/modules/Suite.js";
import {
  AuctionsClient,
  CircularClient,
  InvoicesClient,
  ParticipantsClient,
  PartsClient,
} from "../src/index.js";
import { assignCast } from "./scenario/cast.js";
import { participantsChapter } from "./scenario/participants.js";
import { auctionChapter } from "./scenario/procurement.js";
import { circularChapter } from "./scenario/circular.js";
import { invoicingChapter } from "./scenario/invoicing.js";
import { provenanceChapter } from "./scenario/provenance.js";
import { Story } from "./scenario/story.js";

const connection = await network.getOrCreate();
const { ethers, ignition } = connection;
const simulated = connection.networkConfig.type === "edr-simulated";
const [deployer, ...others] = await ethers.getSigners();
if (deployer === undefined)
  throw new Error(`The network ${connection.networkName} has no accounts.`);
const cast = assignCast([deployer, ...others]);

console.log(
  "Trusted manufacturing supply chain: the scenario on " +
    (simulated
      ? "the built-in simulated chain"
      : `the node of network ${connection.networkName} (${await ethers.provider.send("web3_clientVersion", [])})`),
);
// On a node, a journal of its own, removed once deployed: a fresh copy every run.
const deploymentId = simulated ? undefined : `scenario-${process.pid}-${Date.now()}`;
const {
  participantRegistry,
  partRegistry,
  invoiceEscrow,
  procurementAuction,
  coreRegistry,
  licenceRegistry,
  warrantyRegistry,
  coreCharges,
} = await ignition
  .deploy(SuiteModule, {
    parameters: { SupplyChainSuite: { governance: cast.governance.address } },
    ...(deploymentId !== undefined && { deploymentId, displayUi: false }),
  })
  .finally(async () => {
    if (deploymentId !== undefined) {
      await rm(path.join(hre.config.paths.ignition, "deployments", deploymentId), {
        recursive: true,
        force: true,
      });
    }
  });
const participants = new ParticipantsClient(await participantRegistry.getAddress(), deployer);
const parts = new PartsClient(await partRegistry.getAddress(), deployer);
const invoices = new InvoicesClient(await invoiceEscrow.getAddress(), deployer);
const auctions = new AuctionsClient(await procurementAuction.getAddress(), deployer);
const circular = new CircularClient(
  {
    coreRegistry: await coreRegistry.getAddress(),
    licenceRegistry: await licenceRegistry.getAddress(),
    warrantyRegistry: await warrantyRegistry.getAddress(),
    coreCharges: await coreCharges.getAddress(),
    partRegistry: await partRegistry.getAddress(),
  },
  deployer,
);
// A simulated 6-decimal stablecoin for the story (test-only mock, open mint).
const usdc = await ethers.deployContract("StablecoinMock", ["USD Coin (simulated)", "USDC"]);
await usdc.mint(cast.customer.address, 100_000n * 1_000_000n);
for (const bidder of [cast.manufacturer, cast.apex, cast.coastal]) {
  await usdc.mint(bidder.address, 10_000n * 1_000_000n); // for bid bonds
}
for (const buyer of [cast.remanufacturer, cast.recycler]) {
  await usdc.mint(buyer.address, 10_000n * 1_000_000n); // for cores and licence fees
}
console.log(
  `Suite deployed; ${cast.governance.name} (${cast.governance.address}) is admin from the ` +
    "start, the deployer never is, and handing the admin power over takes two steps and two days.",
);

const story = new Story(
  new Map(Object.values(cast).map((actor) => [actor.address.toLowerCase(), actor.name])),
);
const latest = await ethers.provider.getBlock("latest");
await participantsChapter(story, participants, cast, latest?.timestamp ?? 0);
const chainTime = async () => BigInt((await ethers.provider.getBlock("latest"))?.timestamp ?? 0);
const chainHeight = async () => BigInt(await ethers.provider.getBlockNumber());
const provenance = await provenanceChapter(story, parts, cast, chainHeight);
const clock = {
  now: chainTime,
  // The next block `seconds` after the latest, as networkHelpers.time.increase does, through
  // methods both Hardhat's node and anvil serve.
  advance: async (seconds: number) => {
    await ethers.provider.send("evm_setNextBlockTimestamp", [
      `0x${((await chainTime()) + BigInt(seconds)).toString(16)}`,
    ]);
    await ethers.provider.send("evm_mine", []);
  },
};
await invoicingChapter(story, invoices, parts, cast, provenance, await usdc.getAddress(), clock);
await auctionChapter(
  story,
  { auctions, invoices, parts, participants },
  cast,
  provenance,
  await usdc.getAddress(),
  clock,
);
await circularChapter(story, { circular, parts }, cast, provenance, await usdc.getAddress(), clock);
story.summary();
