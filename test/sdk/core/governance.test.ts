import { expect } from "chai";
import { network } from "hardhat";
import { InvoicesClient, ParticipantsClient } from "../../../src/index.js";
import { ADMIN_DELAY } from "../../helpers/governance.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

/** The registry and the escrow, deployed from account #0 with account #1 as governance. */
async function governedFixture() {
  const [deployer, governance, successor, stranger] = await ethers.getSigners();
  if (stranger === undefined) throw new Error("too few signers");
  const registry = await ethers.deployContract(
    "ParticipantRegistry",
    [governance!.address, ADMIN_DELAY],
    deployer,
  );
  const registryAddress = await registry.getAddress();
  const parts = await ethers.deployContract("PartRegistry", [registryAddress], deployer);
  const escrow = await ethers.deployContract(
    "InvoiceEscrow",
    [registryAddress, await parts.getAddress(), governance!.address, ADMIN_DELAY],
    deployer,
  );
  const auction = await ethers.deployContract(
    "ProcurementAuction",
    [registryAddress, await escrow.getAddress()],
    deployer,
  );
  return {
    registry,
    escrow,
    partsAddress: await parts.getAddress(),
    auctionAddress: await auction.getAddress(),
    participants: new ParticipantsClient(registryAddress, ethers.provider),
    invoices: new InvoicesClient(await escrow.getAddress(), ethers.provider),
    deployer: deployer!,
    governance: governance!,
    successor: successor!,
    stranger,
  };
}

describe("SDK governance reads", function () {
  it("reads the admin, the delay and no hand-over, then a hand-over under way", async function () {
    const f = await loadFixture(governedFixture);
    for (const client of [f.participants, f.invoices]) {
      expect(await client.governance()).to.deep.equal({
        admin: f.governance.address,
        delay: BigInt(ADMIN_DELAY),
        pending: undefined,
      });
    }
    await f.registry.connect(f.governance).beginDefaultAdminTransfer(f.successor.address);
    const begun = await time.latest();
    expect(await f.participants.governance()).to.deep.equal({
      admin: f.governance.address,
      delay: BigInt(ADMIN_DELAY),
      pending: { admin: f.successor.address, acceptableAfter: BigInt(begun + ADMIN_DELAY) },
    });
    expect((await f.invoices.governance()).pending).to.equal(undefined);
  });

  it("reads the setup account of the registry and the escrow's originators", async function () {
    const f = await loadFixture(governedFixture);
    expect(await f.participants.setupAccount()).to.equal(undefined);
    expect(await f.invoices.isOriginator(f.auctionAddress)).to.equal(false);
    await f.registry.connect(f.deployer).completeSetup(f.partsAddress);
    await f.escrow.connect(f.deployer).completeSetup(f.auctionAddress);
    expect(await f.participants.setupAccount()).to.equal(f.partsAddress);
    expect(await f.invoices.isOriginator(f.auctionAddress)).to.equal(true);
    expect(await f.invoices.isOriginator(f.deployer.address)).to.equal(false);
  });
});
