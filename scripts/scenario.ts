/**
 * The whole supply chain on the built-in simulated chain: `npm start`
 * (or `npx hardhat run scripts/scenario.ts`). Each chapter is one subsystem of the suite.
 */
import { network } from "hardhat";
import SuiteModule from "../ignition/modules/Suite.js";
import { ParticipantsClient, PartsClient } from "../src/index.js";
import { assignCast } from "./scenario/cast.js";
import { participantsChapter } from "./scenario/participants.js";
import { provenanceChapter } from "./scenario/provenance.js";
import { Story } from "./scenario/story.js";

const connection = await network.getOrCreate();
const { ethers, ignition } = connection;
const [deployer, ...others] = await ethers.getSigners();
if (deployer === undefined) throw new Error("The built-in chain has no accounts.");
const cast = assignCast([deployer, ...others]);

console.log("Trusted manufacturing supply chain: the scenario on the built-in simulated chain");
const { participantRegistry, partRegistry } = await ignition.deploy(SuiteModule, {
  parameters: { SupplyChainSuite: { governance: cast.governance.address } },
});
const participants = new ParticipantsClient(await participantRegistry.getAddress(), deployer);
const parts = new PartsClient(await partRegistry.getAddress(), deployer);
console.log(
  `Suite deployed; admin handed to ${cast.governance.name} (${cast.governance.address}).`,
);

const story = new Story(
  new Map(Object.values(cast).map((actor) => [actor.address.toLowerCase(), actor.name])),
);
const latest = await ethers.provider.getBlock("latest");
await participantsChapter(story, participants, cast, latest?.timestamp ?? 0);
const chainTime = async () => BigInt((await ethers.provider.getBlock("latest"))?.timestamp ?? 0);
await provenanceChapter(story, parts, cast, chainTime);
story.summary();
