import { expect } from "chai";
import type { ContractFactory } from "ethers";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import SuiteModule, { DEFAULT_ADMIN_DELAY } from "../../ignition/modules/Suite.js";
import type { ParticipantRegistry } from "../../src/typechain/index.js";
import { ADMIN_DELAY, MAX_ADMIN_DELAY, MIN_ADMIN_DELAY } from "../helpers/governance.js";

const connection = await network.create();
const { ethers, networkHelpers, ignition } = connection;
const { loadFixture, time } = networkHelpers;

const ADMIN = ethers.ZeroHash;
const DAY = 24 * 3600;

/**
 * The two contracts with an admin, deployed as a deployment does: account #0 deploys, account #1
 * is governance. `wired` is the contract each one's `completeSetup` is meant for.
 */
async function suiteFixture() {
  const [deployer, governance, newAdmin, stranger] = (await ethers.getSigners()) as [
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
  ];
  const registry = await ethers.deployContract(
    "ParticipantRegistry",
    [governance.address, ADMIN_DELAY],
    deployer,
  );
  const registryAddress = await registry.getAddress();
  const parts = await ethers.deployContract("PartRegistry", [registryAddress], deployer);
  const partsAddress = await parts.getAddress();
  const escrow = await ethers.deployContract(
    "InvoiceEscrow",
    [registryAddress, partsAddress, governance.address, ADMIN_DELAY],
    deployer,
  );
  const escrowAddress = await escrow.getAddress();
  const auction = await ethers.deployContract(
    "ProcurementAuction",
    [registryAddress, escrowAddress],
    deployer,
  );
  const subjects = [
    {
      name: "ParticipantRegistry",
      prefix: "ParticipantRegistry",
      contract: registry,
      factory: await ethers.getContractFactory("ParticipantRegistry", deployer),
      args: (governanceAddress: string, delay: number) => [governanceAddress, delay],
      setupRole: await registry.CAPACITY_CONSUMER_ROLE(),
      otherRole: await registry.REGISTRAR_ROLE(),
      wired: partsAddress,
      otherContract: escrowAddress,
    },
    {
      name: "InvoiceEscrow",
      prefix: "InvoiceEscrow",
      contract: escrow,
      factory: await ethers.getContractFactory("InvoiceEscrow", deployer),
      args: (governanceAddress: string, delay: number) => [
        registryAddress,
        partsAddress,
        governanceAddress,
        delay,
      ],
      setupRole: await escrow.ORIGINATOR_ROLE(),
      otherRole: await escrow.ORIGINATOR_ROLE(),
      wired: await auction.getAddress(),
      otherContract: partsAddress,
    },
  ];
  return { deployer, governance, newAdmin, stranger, subjects };
}

type Subject = Awaited<ReturnType<typeof suiteFixture>>["subjects"][number];

/**
 * What both contracts share: the admin-rules API and the one-shot setup. Typed as the registry;
 * at run time each contract keeps its own ABI, so errors and events decode by its own names.
 */
type AdminRules = ParticipantRegistry;

/** The subject's contract, typed by what both share. */
function adminRules(subject: Subject): AdminRules {
  return subject.contract as unknown as AdminRules;
}

async function subject(index: number) {
  const fixture = await loadFixture(suiteFixture);
  const found = fixture.subjects[index];
  if (found === undefined) throw new Error("unreachable");
  return { ...fixture, s: found, c: adminRules(found) };
}

/** Begins a hand-over to `to` and returns when it can be accepted. */
async function begin(c: AdminRules, from: HardhatEthersSigner, to: string) {
  await c.connect(from).beginDefaultAdminTransfer(to);
  const [, schedule] = await c.pendingDefaultAdmin();
  return Number(schedule);
}

for (const [index, name] of ["ParticipantRegistry", "InvoiceEscrow"].entries()) {
  describe(`${name}: governance`, function () {
    describe("constructor", function () {
      it("refuses the zero address and the deployer as governance", async function () {
        const { s, deployer } = await subject(index);
        const factory: ContractFactory = s.factory;
        for (const refused of [ethers.ZeroAddress, deployer.address]) {
          await expect(factory.deploy(...s.args(refused, ADMIN_DELAY)))
            .to.be.revertedWithCustomError(factory, `${s.prefix}InvalidGovernance`)
            .withArgs(refused);
        }
      });

      it("refuses an admin delay under one day or over thirty days, and accepts both bounds", async function () {
        const { s, governance } = await subject(index);
        const factory: ContractFactory = s.factory;
        for (const delay of [0, MIN_ADMIN_DELAY - 1, MAX_ADMIN_DELAY + 1]) {
          await expect(factory.deploy(...s.args(governance.address, delay)))
            .to.be.revertedWithCustomError(factory, `${s.prefix}InvalidAdminDelay`)
            .withArgs(delay, MIN_ADMIN_DELAY, MAX_ADMIN_DELAY);
        }
        for (const delay of [MIN_ADMIN_DELAY, MAX_ADMIN_DELAY]) {
          const deployed = adminRules({
            ...s,
            contract: (await factory.deploy(...s.args(governance.address, delay))) as never,
          });
          expect(await deployed.defaultAdminDelay()).to.equal(BigInt(delay));
        }
      });

      it("declares IAccessControlDefaultAdminRules and IAccessControl through ERC-165", async function () {
        const { c } = await subject(index);
        const rules = [
          "defaultAdmin()",
          "pendingDefaultAdmin()",
          "defaultAdminDelay()",
          "pendingDefaultAdminDelay()",
          "beginDefaultAdminTransfer(address)",
          "cancelDefaultAdminTransfer()",
          "acceptDefaultAdminTransfer()",
          "changeDefaultAdminDelay(uint48)",
          "rollbackDefaultAdminDelay()",
          "defaultAdminDelayIncreaseWait()",
        ];
        const interfaceId = rules
          .map((signature) => BigInt(ethers.id(signature).slice(0, 10)))
          .reduce((id, selector) => id ^ selector, 0n);
        expect(await c.supportsInterface(ethers.toBeHex(interfaceId, 4))).to.equal(true);
        expect(await c.supportsInterface("0x7965db0b")).to.equal(true); // IAccessControl
      });

      it("makes governance the one admin and leaves the deployer nothing", async function () {
        const { c, governance, deployer, s } = await subject(index);
        expect(await c.defaultAdmin()).to.equal(governance.address);
        expect(await c.owner()).to.equal(governance.address);
        expect(await c.defaultAdminDelay()).to.equal(BigInt(ADMIN_DELAY));
        expect(await c.hasRole(ADMIN, governance.address)).to.equal(true);
        expect(await c.hasRole(ADMIN, deployer.address)).to.equal(false);
        expect(await c.hasRole(s.setupRole, deployer.address)).to.equal(false);
        expect(await c.setupAccount()).to.equal(ethers.ZeroAddress);
        await expect(c.connect(deployer).grantRole(s.otherRole, deployer.address))
          .to.be.revertedWithCustomError(c, "AccessControlUnauthorizedAccount")
          .withArgs(deployer.address, ADMIN);
        await expect(c.connect(deployer).beginDefaultAdminTransfer(deployer.address))
          .to.be.revertedWithCustomError(c, "AccessControlUnauthorizedAccount")
          .withArgs(deployer.address, ADMIN);
      });
    });

    describe("completeSetup", function () {
      it("lets the deployer wire the contract it is meant for, once", async function () {
        const { c, s, deployer } = await subject(index);
        await expect(c.connect(deployer).completeSetup(s.wired))
          .to.emit(c, "SetupCompleted")
          .withArgs(s.wired)
          .and.to.emit(c, "RoleGranted")
          .withArgs(s.setupRole, s.wired, deployer.address);
        expect(await c.hasRole(s.setupRole, s.wired)).to.equal(true);
        expect(await c.setupAccount()).to.equal(s.wired);
        expect(await c.hasRole(ADMIN, deployer.address)).to.equal(false);
        await expect(c.connect(deployer).completeSetup(s.otherContract))
          .to.be.revertedWithCustomError(c, `${s.prefix}SetupClosed`)
          .withArgs();
        expect(await c.hasRole(s.setupRole, s.otherContract)).to.equal(false);
      });

      it("refuses anyone but the deployer, governance included", async function () {
        const { c, s, governance, stranger } = await subject(index);
        for (const caller of [governance, stranger]) {
          await expect(c.connect(caller).completeSetup(s.wired))
            .to.be.revertedWithCustomError(c, `${s.prefix}NotDeployer`)
            .withArgs(caller.address);
        }
        expect(await c.setupAccount()).to.equal(ethers.ZeroAddress);
      });

      it("refuses the zero address, the deployer itself and an account without code", async function () {
        const { c, s, deployer, stranger } = await subject(index);
        for (const account of [ethers.ZeroAddress, deployer.address, stranger.address]) {
          await expect(c.connect(deployer).completeSetup(account))
            .to.be.revertedWithCustomError(c, `${s.prefix}InvalidSetupAccount`)
            .withArgs(account);
        }
        expect(await c.setupAccount()).to.equal(ethers.ZeroAddress);
      });

      it("leaves governance free to take the wired role back", async function () {
        const { c, s, deployer, governance } = await subject(index);
        await c.connect(deployer).completeSetup(s.wired);
        await expect(c.connect(governance).revokeRole(s.setupRole, s.wired))
          .to.emit(c, "RoleRevoked")
          .withArgs(s.setupRole, s.wired, governance.address);
        expect(await c.hasRole(s.setupRole, s.wired)).to.equal(false);
      });
    });

    describe("hand-over of the admin role", function () {
      it("refuses the one-step grant and revoke of the admin role", async function () {
        const { c, governance, newAdmin } = await subject(index);
        await expect(
          c.connect(governance).grantRole(ADMIN, newAdmin.address),
        ).to.be.revertedWithCustomError(c, "AccessControlEnforcedDefaultAdminRules");
        await expect(
          c.connect(governance).revokeRole(ADMIN, governance.address),
        ).to.be.revertedWithCustomError(c, "AccessControlEnforcedDefaultAdminRules");
        expect(await c.defaultAdmin()).to.equal(governance.address);
      });

      it("takes two steps and the delay; then the new admin acts and the old one cannot", async function () {
        const { c, s, governance, newAdmin, stranger } = await subject(index);
        await expect(c.connect(stranger).beginDefaultAdminTransfer(stranger.address))
          .to.be.revertedWithCustomError(c, "AccessControlUnauthorizedAccount")
          .withArgs(stranger.address, ADMIN);
        // Pinned, so that a slow machine cannot move the block's time past the expected second.
        const startedAt = (await time.latest()) + 1;
        await time.setNextBlockTimestamp(startedAt);
        await expect(c.connect(governance).beginDefaultAdminTransfer(newAdmin.address))
          .to.emit(c, "DefaultAdminTransferScheduled")
          .withArgs(newAdmin.address, startedAt + ADMIN_DELAY);
        const [pending, schedule] = await c.pendingDefaultAdmin();
        expect(pending).to.equal(newAdmin.address);
        expect(schedule).to.equal(BigInt(startedAt + ADMIN_DELAY));

        // Up to and including the scheduled second, the hand-over cannot be accepted.
        await time.increaseTo(Number(schedule) - 1);
        await expect(c.connect(newAdmin).acceptDefaultAdminTransfer())
          .to.be.revertedWithCustomError(c, "AccessControlEnforcedDefaultAdminDelay")
          .withArgs(schedule);
        await expect(c.connect(stranger).acceptDefaultAdminTransfer())
          .to.be.revertedWithCustomError(c, "AccessControlInvalidDefaultAdmin")
          .withArgs(stranger.address);
        expect(await c.defaultAdmin()).to.equal(governance.address);

        await time.increaseTo(Number(schedule));
        await expect(c.connect(newAdmin).acceptDefaultAdminTransfer())
          .to.emit(c, "RoleRevoked")
          .withArgs(ADMIN, governance.address, newAdmin.address)
          .and.to.emit(c, "RoleGranted")
          .withArgs(ADMIN, newAdmin.address, newAdmin.address);
        expect(await c.defaultAdmin()).to.equal(newAdmin.address);
        expect(await c.hasRole(ADMIN, governance.address)).to.equal(false);

        await expect(c.connect(newAdmin).grantRole(s.otherRole, stranger.address))
          .to.emit(c, "RoleGranted")
          .withArgs(s.otherRole, stranger.address, newAdmin.address);
        await expect(c.connect(governance).revokeRole(s.otherRole, stranger.address))
          .to.be.revertedWithCustomError(c, "AccessControlUnauthorizedAccount")
          .withArgs(governance.address, ADMIN);
      });

      it("lets governance renounce only after scheduling it and waiting the delay", async function () {
        const { c, governance } = await subject(index);
        await expect(c.connect(governance).renounceRole(ADMIN, governance.address))
          .to.be.revertedWithCustomError(c, "AccessControlEnforcedDefaultAdminDelay")
          .withArgs(0);
        const schedule = await begin(c, governance, ethers.ZeroAddress);
        await expect(c.connect(governance).renounceRole(ADMIN, governance.address))
          .to.be.revertedWithCustomError(c, "AccessControlEnforcedDefaultAdminDelay")
          .withArgs(schedule);
        expect(await c.defaultAdmin()).to.equal(governance.address);

        await time.increaseTo(schedule);
        await expect(c.connect(governance).renounceRole(ADMIN, governance.address))
          .to.emit(c, "RoleRevoked")
          .withArgs(ADMIN, governance.address, governance.address);
        expect(await c.defaultAdmin()).to.equal(ethers.ZeroAddress);
      });

      it("keeps a changed delay between one and thirty days", async function () {
        const { c, s, governance, stranger } = await subject(index);
        for (const delay of [0, MIN_ADMIN_DELAY - 1, MAX_ADMIN_DELAY + 1]) {
          await expect(c.connect(governance).changeDefaultAdminDelay(delay))
            .to.be.revertedWithCustomError(c, `${s.prefix}InvalidAdminDelay`)
            .withArgs(delay, MIN_ADMIN_DELAY, MAX_ADMIN_DELAY);
        }
        await expect(c.connect(stranger).changeDefaultAdminDelay(7 * DAY))
          .to.be.revertedWithCustomError(c, "AccessControlUnauthorizedAccount")
          .withArgs(stranger.address, ADMIN);
        // A longer delay takes effect after the shorter of the new delay and five days.
        const at = (await time.latest()) + 1;
        await time.setNextBlockTimestamp(at);
        await expect(c.connect(governance).changeDefaultAdminDelay(MAX_ADMIN_DELAY))
          .to.emit(c, "DefaultAdminDelayChangeScheduled")
          .withArgs(MAX_ADMIN_DELAY, at + 5 * DAY);
        await time.increaseTo(at + 5 * DAY + 1);
        expect(await c.defaultAdminDelay()).to.equal(BigInt(MAX_ADMIN_DELAY));
      });
    });
  });
}

describe("Ignition module SupplyChainSuite: governance", function () {
  it("leaves governance as the only admin and the deployer nothing, wired by completeSetup", async function () {
    const [deployer, governance] = await ethers.getSigners();
    if (deployer === undefined || governance === undefined) throw new Error("too few signers");
    const deployed = await ignition.deploy(SuiteModule, {
      parameters: { SupplyChainSuite: { governance: governance.address } },
      displayUi: false,
    });
    const participantRegistry = await ethers.getContractAt(
      "ParticipantRegistry",
      await deployed.participantRegistry.getAddress(),
    );
    const invoiceEscrow = await ethers.getContractAt(
      "InvoiceEscrow",
      await deployed.invoiceEscrow.getAddress(),
    );
    const partsAddress = await deployed.partRegistry.getAddress();
    const auctionAddress = await deployed.procurementAuction.getAddress();
    for (const contract of [participantRegistry, invoiceEscrow]) {
      expect(await contract.defaultAdmin()).to.equal(governance.address);
      expect(await contract.defaultAdminDelay()).to.equal(BigInt(DEFAULT_ADMIN_DELAY));
      expect(await contract.hasRole(ADMIN, deployer.address)).to.equal(false);
    }
    expect(await participantRegistry.setupAccount()).to.equal(partsAddress);
    expect(
      await participantRegistry.hasRole(
        await participantRegistry.CAPACITY_CONSUMER_ROLE(),
        partsAddress,
      ),
    ).to.equal(true);
    expect(await invoiceEscrow.setupAccount()).to.equal(auctionAddress);
    expect(
      await invoiceEscrow.hasRole(await invoiceEscrow.ORIGINATOR_ROLE(), auctionAddress),
    ).to.equal(true);
    expect(DEFAULT_ADMIN_DELAY).to.equal(ADMIN_DELAY);
    // The circular economy: the core registry is wired to the licence and warranty registries,
    // which only it may draw from and issue through, and core charges work over it.
    const coresAddress = await deployed.coreRegistry.getAddress();
    const cores = await ethers.getContractAt("CoreRegistry", coresAddress);
    const licences = await ethers.getContractAt(
      "LicenceRegistry",
      await deployed.licenceRegistry.getAddress(),
    );
    const warranties = await ethers.getContractAt(
      "WarrantyRegistry",
      await deployed.warrantyRegistry.getAddress(),
    );
    const charges = await ethers.getContractAt(
      "CoreCharges",
      await deployed.coreCharges.getAddress(),
    );
    expect(await cores.parts()).to.equal(partsAddress);
    expect(await cores.participants()).to.equal(await participantRegistry.getAddress());
    expect(await cores.licences()).to.equal(await licences.getAddress());
    expect(await cores.warranties()).to.equal(await warranties.getAddress());
    expect(await licences.coreRegistry()).to.equal(coresAddress);
    expect(await warranties.coreRegistry()).to.equal(coresAddress);
    expect(await charges.cores()).to.equal(coresAddress);
    await expect(
      licences.connect(deployer).completeSetup(coresAddress),
    ).to.be.revertedWithCustomError(licences, "LicenceRegistrySetupClosed");
    await expect(
      warranties.connect(deployer).completeSetup(coresAddress),
    ).to.be.revertedWithCustomError(warranties, "WarrantyRegistrySetupClosed");
  });

  it("fails, deploying nothing with an admin, when governance is the deployer", async function () {
    const [deployer] = await ethers.getSigners();
    if (deployer === undefined) throw new Error("too few signers");
    const before = await ethers.provider.getTransactionCount(deployer.address);
    const failure = await ignition
      .deploy(SuiteModule, {
        parameters: { SupplyChainSuite: { governance: deployer.address, adminDelay: 7 * DAY } },
        displayUi: false,
      })
      .then(
        () => new Error("deployed"),
        (error: unknown) => error,
      );
    expect(String(failure)).to.match(/ParticipantRegistryInvalidGovernance/);
    expect(await ethers.provider.getTransactionCount(deployer.address)).to.equal(before);
  });
});
