import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { ADMIN_DELAY } from "../helpers/governance.js";
import {
  AccreditationState,
  ALL_ROLES,
  CertificateState,
  Role,
  roleSet,
  stateBitmap,
} from "../helpers/roles.js";
import {
  DAY,
  DEFAULT_VALIDITY,
  deployRegistryFixture,
  docHash,
  HOUR,
  OTHER_SCHEME,
  SCHEME,
  SCHEME_DOCUMENT,
  YEAR,
} from "./fixture.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

const ZERO_HASH = ethers.ZeroHash;
const MAX_UINT256 = ethers.MaxUint256;
const EVIDENCE = docHash("evidence:new");
const REASON = docHash("reason:audit-finding");
/** The unit certificates in these tests count their capacity in, and the absent unit. */
const KG = ethers.encodeBytes32String("kg").slice(0, 18);
const NO_UNIT = "0x0000000000000000";

/** The allowed-state bitmaps the contract reports. */
const ACCREDITABLE = stateBitmap(AccreditationState.None, AccreditationState.Revoked); // 17
const LIVE = stateBitmap(
  AccreditationState.Active,
  AccreditationState.Suspended,
  AccreditationState.Expired,
); // 14
const SUSPENDABLE = stateBitmap(AccreditationState.Active, AccreditationState.Expired); // 10
const REINSTATABLE = stateBitmap(AccreditationState.Suspended); // 4
const ACTIVE_ONLY = stateBitmap(AccreditationState.Active); // 2
const REVOCABLE = stateBitmap(CertificateState.Pending, CertificateState.Valid); // 6
const VALID_ONLY = stateBitmap(CertificateState.Valid); // 4

/** The certificate the certified fixture grants: 100 units per day for 30 days. */
const CAPACITY = 100n;
const PERIOD = DAY;
const CERTIFICATE_LENGTH = 30 * DAY;
const AUDIT_REPORT = docHash("audit-report:producer");

/** Sets the timestamp of the next block to `offset` seconds after the latest one, and returns it. */
async function pinNextBlock(offset = 1): Promise<number> {
  const timestamp = (await time.latest()) + offset;
  await time.setNextBlockTimestamp(timestamp);
  return timestamp;
}

/** The base fixture plus a valid capacity-limited certificate of the producer under SCHEME. */
async function certifiedFixture(connection: NetworkConnection) {
  const base = await deployRegistryFixture(connection);
  await base.registry.connect(base.producer).requestCertificate(SCHEME, base.auditor.address);
  const certFrom = (await connection.networkHelpers.time.latest()) + 10;
  await connection.networkHelpers.time.setNextBlockTimestamp(certFrom);
  const certUntil = certFrom + CERTIFICATE_LENGTH;
  await base.registry
    .connect(base.auditor)
    .grantCertificate(
      base.producer.address,
      SCHEME,
      certFrom,
      certUntil,
      CAPACITY,
      KG,
      PERIOD,
      AUDIT_REPORT,
    );
  return { ...base, certFrom, certUntil };
}

/** The base fixture plus a certificate of the producer that starts in ten days. */
async function pendingFixture(connection: NetworkConnection) {
  const base = await deployRegistryFixture(connection);
  await base.registry.connect(base.producer).requestCertificate(SCHEME, base.auditor.address);
  const certFrom = (await connection.networkHelpers.time.latest()) + 10 * DAY;
  const certUntil = certFrom + CERTIFICATE_LENGTH;
  await base.registry
    .connect(base.auditor)
    .grantCertificate(
      base.producer.address,
      SCHEME,
      certFrom,
      certUntil,
      CAPACITY,
      KG,
      PERIOD,
      AUDIT_REPORT,
    );
  return { ...base, certFrom, certUntil };
}

describe("ParticipantRegistry", function () {
  describe("constructor", function () {
    it("refuses the zero address as governance", async function () {
      const { registry } = await loadFixture(deployRegistryFixture);
      const factory = await ethers.getContractFactory("ParticipantRegistry");
      await expect(factory.deploy(ethers.ZeroAddress, ADMIN_DELAY))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryInvalidGovernance")
        .withArgs(ethers.ZeroAddress);
    });

    it("gives DEFAULT_ADMIN_ROLE to the governance address and nothing to the deployer", async function () {
      const { registry, deployer, governance, DEFAULT_ADMIN_ROLE, REGISTRAR_ROLE } =
        await loadFixture(deployRegistryFixture);
      const fresh = await ethers.deployContract(
        "ParticipantRegistry",
        [governance.address, ADMIN_DELAY],
        deployer,
      );
      expect(await fresh.hasRole(DEFAULT_ADMIN_ROLE, governance.address)).to.equal(true);
      expect(await fresh.hasRole(DEFAULT_ADMIN_ROLE, deployer.address)).to.equal(false);
      expect(await fresh.hasRole(REGISTRAR_ROLE, governance.address)).to.equal(false);
      expect(await registry.hasRole(DEFAULT_ADMIN_ROLE, governance.address)).to.equal(true);
    });

    it("names its access-control roles after their keccak256 and lets governance administer them", async function () {
      const { registry, DEFAULT_ADMIN_ROLE, REGISTRAR_ROLE, CAPACITY_CONSUMER_ROLE } =
        await loadFixture(deployRegistryFixture);
      expect(REGISTRAR_ROLE).to.equal(ethers.id("REGISTRAR_ROLE"));
      expect(CAPACITY_CONSUMER_ROLE).to.equal(ethers.id("CAPACITY_CONSUMER_ROLE"));
      expect(await registry.getRoleAdmin(REGISTRAR_ROLE)).to.equal(DEFAULT_ADMIN_ROLE);
      expect(await registry.getRoleAdmin(CAPACITY_CONSUMER_ROLE)).to.equal(DEFAULT_ADMIN_ROLE);
    });
  });

  describe("governance of registrars and capacity consumers", function () {
    it("lets governance appoint a registrar, who can then accredit", async function () {
      const { accreditedUntil, registry, governance, registrar2, newcomer, REGISTRAR_ROLE } =
        await loadFixture(deployRegistryFixture);
      await expect(registry.connect(governance).grantRole(REGISTRAR_ROLE, registrar2.address))
        .to.emit(registry, "RoleGranted")
        .withArgs(REGISTRAR_ROLE, registrar2.address, governance.address);
      expect(await registry.hasRole(REGISTRAR_ROLE, registrar2.address)).to.equal(true);
      await expect(
        registry
          .connect(registrar2)
          .accredit(newcomer.address, roleSet(Role.Customer), accreditedUntil, EVIDENCE),
      )
        .to.emit(registry, "ParticipantAccredited")
        .withArgs(
          newcomer.address,
          registrar2.address,
          roleSet(Role.Customer),
          accreditedUntil,
          EVIDENCE,
        );
    });

    it("lets governance remove a registrar, who can then no longer accredit", async function () {
      const { accreditedUntil, registry, governance, registrar, newcomer, REGISTRAR_ROLE } =
        await loadFixture(deployRegistryFixture);
      await expect(registry.connect(governance).revokeRole(REGISTRAR_ROLE, registrar.address))
        .to.emit(registry, "RoleRevoked")
        .withArgs(REGISTRAR_ROLE, registrar.address, governance.address);
      expect(await registry.hasRole(REGISTRAR_ROLE, registrar.address)).to.equal(false);
      await expect(
        registry
          .connect(registrar)
          .accredit(newcomer.address, roleSet(Role.Customer), accreditedUntil, EVIDENCE),
      )
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(registrar.address, REGISTRAR_ROLE);
    });

    it("refuses to let anyone but governance appoint or remove a registrar", async function () {
      const { registry, registrar, stranger, standardsBody, REGISTRAR_ROLE, DEFAULT_ADMIN_ROLE } =
        await loadFixture(deployRegistryFixture);
      for (const caller of [stranger, registrar, standardsBody]) {
        await expect(registry.connect(caller).grantRole(REGISTRAR_ROLE, stranger.address))
          .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, DEFAULT_ADMIN_ROLE);
        await expect(registry.connect(caller).revokeRole(REGISTRAR_ROLE, registrar.address))
          .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, DEFAULT_ADMIN_ROLE);
      }
      expect(await registry.hasRole(REGISTRAR_ROLE, registrar.address)).to.equal(true);
    });

    it("lets governance grant the capacity consumer role to a contract, which can then draw", async function () {
      const { registry, consumerMock, governance, producer, CAPACITY_CONSUMER_ROLE } =
        await loadFixture(certifiedFixture);
      const mockAddress = await consumerMock.getAddress();
      await expect(registry.connect(governance).grantRole(CAPACITY_CONSUMER_ROLE, mockAddress))
        .to.emit(registry, "RoleGranted")
        .withArgs(CAPACITY_CONSUMER_ROLE, mockAddress, governance.address);
      await consumerMock.produce(producer.address, SCHEME, 1n, KG);
      expect(await consumerMock.lastRemaining()).to.equal(CAPACITY - 1n);
    });

    it("lets governance take the capacity consumer role away, after which drawing is refused", async function () {
      const { registry, governance, consumer, producer, CAPACITY_CONSUMER_ROLE } =
        await loadFixture(certifiedFixture);
      await expect(
        registry.connect(governance).revokeRole(CAPACITY_CONSUMER_ROLE, consumer.address),
      )
        .to.emit(registry, "RoleRevoked")
        .withArgs(CAPACITY_CONSUMER_ROLE, consumer.address, governance.address);
      await expect(registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 1n, KG))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(consumer.address, CAPACITY_CONSUMER_ROLE);
    });

    it("refuses to let anyone but governance grant or revoke the capacity consumer role", async function () {
      const {
        registry,
        consumer,
        stranger,
        registrar,
        CAPACITY_CONSUMER_ROLE,
        DEFAULT_ADMIN_ROLE,
      } = await loadFixture(deployRegistryFixture);
      for (const caller of [stranger, registrar, consumer]) {
        await expect(registry.connect(caller).grantRole(CAPACITY_CONSUMER_ROLE, stranger.address))
          .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, DEFAULT_ADMIN_ROLE);
        await expect(registry.connect(caller).revokeRole(CAPACITY_CONSUMER_ROLE, consumer.address))
          .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, DEFAULT_ADMIN_ROLE);
      }
    });
  });

  describe("registrar actions called by someone who is not a registrar", function () {
    it("refuses every registrar action to strangers, governance and accredited participants", async function () {
      const {
        accreditedUntil,
        registry,
        governance,
        stranger,
        standardsBody,
        producer,
        REGISTRAR_ROLE,
      } = await loadFixture(deployRegistryFixture);
      for (const caller of [stranger, governance, standardsBody]) {
        const r = registry.connect(caller);
        const calls = [
          r.accredit(stranger.address, roleSet(Role.Customer), accreditedUntil, EVIDENCE),
          r.setRoles(producer.address, roleSet(Role.Customer)),
          r.suspend(producer.address, REASON),
          r.reinstate(producer.address),
          r.renew(producer.address, accreditedUntil + DAY, EVIDENCE),
          r.revoke(producer.address, REASON),
        ];
        for (const call of calls) {
          await expect(call)
            .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
            .withArgs(caller.address, REGISTRAR_ROLE);
        }
      }
    });
  });

  describe("accredit", function () {
    it("accredits a participant, stores the accreditation and emits ParticipantAccredited", async function () {
      const { accreditedUntil, registry, registrar, newcomer } =
        await loadFixture(deployRegistryFixture);
      const roles = roleSet(Role.Manufacturer, Role.ServiceProvider);
      const until = accreditedUntil + 7 * DAY;
      await expect(registry.connect(registrar).accredit(newcomer.address, roles, until, EVIDENCE))
        .to.emit(registry, "ParticipantAccredited")
        .withArgs(newcomer.address, registrar.address, roles, until, EVIDENCE);

      const stored = await registry.accreditation(newcomer.address);
      expect(stored.registrar).to.equal(registrar.address);
      expect(stored.roles).to.equal(BigInt(roles));
      expect(stored.validUntil).to.equal(BigInt(until));
      expect(stored.suspended).to.equal(false);
      expect(stored.revoked).to.equal(false);
      expect(stored.evidenceHash).to.equal(EVIDENCE);
      expect(await registry.accreditationState(newcomer.address)).to.equal(
        AccreditationState.Active,
      );
    });

    it("makes the participant active in exactly the roles it was given", async function () {
      const { accreditedUntil, registry, registrar, newcomer } =
        await loadFixture(deployRegistryFixture);
      const held: Role[] = [Role.Manufacturer, Role.ServiceProvider, Role.Device];
      await registry
        .connect(registrar)
        .accredit(newcomer.address, roleSet(...held), accreditedUntil, EVIDENCE);
      for (const role of ALL_ROLES) {
        expect(await registry.isActive(newcomer.address, role)).to.equal(held.includes(role));
      }
    });

    it("accepts the full set of eleven roles", async function () {
      const { accreditedUntil, registry, registrar, newcomer } =
        await loadFixture(deployRegistryFixture);
      const all = roleSet(...ALL_ROLES);
      expect(all).to.equal(0xfff);
      await registry.connect(registrar).accredit(newcomer.address, all, accreditedUntil, EVIDENCE);
      for (const role of ALL_ROLES) {
        expect(await registry.isActive(newcomer.address, role)).to.equal(true);
      }
    });

    it("reports an unknown address as None and inactive in every role", async function () {
      const { registry, newcomer } = await loadFixture(deployRegistryFixture);
      expect(await registry.accreditationState(newcomer.address)).to.equal(AccreditationState.None);
      const stored = await registry.accreditation(newcomer.address);
      expect(stored.registrar).to.equal(ethers.ZeroAddress);
      expect(stored.roles).to.equal(0n);
      for (const role of ALL_ROLES) {
        expect(await registry.isActive(newcomer.address, role)).to.equal(false);
      }
    });

    it("refuses the zero address", async function () {
      const { accreditedUntil, registry, registrar } = await loadFixture(deployRegistryFixture);
      await expect(
        registry
          .connect(registrar)
          .accredit(ethers.ZeroAddress, roleSet(Role.Producer), accreditedUntil, EVIDENCE),
      ).to.be.revertedWithCustomError(registry, "ParticipantRegistryZeroAddress");
    });

    it("refuses a registrar accrediting itself", async function () {
      const { accreditedUntil, registry, registrar } = await loadFixture(deployRegistryFixture);
      await expect(
        registry
          .connect(registrar)
          .accredit(registrar.address, roleSet(Role.Producer), accreditedUntil, EVIDENCE),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistrySelfAccreditation")
        .withArgs(registrar.address);
    });

    for (const [label, roles] of [
      ["an empty role set", 0],
      ["the first bit after the last role (1 << 12)", 1 << 12],
      ["every role plus an unknown bit", 0xfff | (1 << 12)],
      ["the highest bit of the uint32", 0x80000000],
    ] as const) {
      it(`refuses ${label} with InvalidRoles`, async function () {
        const { accreditedUntil, registry, registrar, newcomer } =
          await loadFixture(deployRegistryFixture);
        await expect(
          registry.connect(registrar).accredit(newcomer.address, roles, accreditedUntil, EVIDENCE),
        )
          .to.be.revertedWithCustomError(registry, "ParticipantRegistryInvalidRoles")
          .withArgs(roles);
      });
    }

    it("refuses an expiry equal to the block time", async function () {
      const { registry, registrar, newcomer } = await loadFixture(deployRegistryFixture);
      const now = await pinNextBlock();
      await expect(
        registry
          .connect(registrar)
          .accredit(newcomer.address, roleSet(Role.Producer), now, EVIDENCE),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryExpiryNotInFuture")
        .withArgs(now, now);
    });

    it("refuses an expiry in the past", async function () {
      const { registry, registrar, newcomer } = await loadFixture(deployRegistryFixture);
      const now = await pinNextBlock();
      await expect(
        registry
          .connect(registrar)
          .accredit(newcomer.address, roleSet(Role.Producer), now - DAY, EVIDENCE),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryExpiryNotInFuture")
        .withArgs(now - DAY, now);
    });

    it("accepts an expiry one second after the block time", async function () {
      const { registry, registrar, newcomer } = await loadFixture(deployRegistryFixture);
      const now = await pinNextBlock();
      await registry
        .connect(registrar)
        .accredit(newcomer.address, roleSet(Role.Producer), now + 1, EVIDENCE);
      expect(await registry.accreditationState(newcomer.address)).to.equal(
        AccreditationState.Active,
      );
    });

    it("refuses a zero evidence hash", async function () {
      const { accreditedUntil, registry, registrar, newcomer } =
        await loadFixture(deployRegistryFixture);
      await expect(
        registry
          .connect(registrar)
          .accredit(newcomer.address, roleSet(Role.Producer), accreditedUntil, ZERO_HASH),
      ).to.be.revertedWithCustomError(registry, "ParticipantRegistryMissingEvidence");
    });

    it("refuses a participant whose accreditation is Active", async function () {
      const { accreditedUntil, registry, registrar, producer } =
        await loadFixture(deployRegistryFixture);
      await expect(
        registry
          .connect(registrar)
          .accredit(producer.address, roleSet(Role.Producer), accreditedUntil, EVIDENCE),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedAccreditationState")
        .withArgs(producer.address, AccreditationState.Active, ACCREDITABLE);
    });

    it("refuses a participant whose accreditation is Suspended", async function () {
      const { accreditedUntil, registry, registrar, producer } =
        await loadFixture(deployRegistryFixture);
      await registry.connect(registrar).suspend(producer.address, REASON);
      await expect(
        registry
          .connect(registrar)
          .accredit(producer.address, roleSet(Role.Producer), accreditedUntil + DAY, EVIDENCE),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedAccreditationState")
        .withArgs(producer.address, AccreditationState.Suspended, ACCREDITABLE);
    });

    it("refuses a participant whose accreditation is Expired", async function () {
      const { accreditedUntil, registry, registrar, producer } =
        await loadFixture(deployRegistryFixture);
      await time.increaseTo(accreditedUntil);
      await expect(
        registry
          .connect(registrar)
          .accredit(producer.address, roleSet(Role.Producer), accreditedUntil + DAY, EVIDENCE),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedAccreditationState")
        .withArgs(producer.address, AccreditationState.Expired, ACCREDITABLE);
    });

    it("accredits a revoked participant anew, clearing the revoked and suspended flags", async function () {
      const {
        accreditedUntil,
        registry,
        governance,
        registrar,
        registrar2,
        producer,
        REGISTRAR_ROLE,
      } = await loadFixture(deployRegistryFixture);
      await registry.connect(registrar).suspend(producer.address, REASON);
      await registry.connect(registrar).revoke(producer.address, REASON);
      await registry.connect(governance).grantRole(REGISTRAR_ROLE, registrar2.address);

      const roles = roleSet(Role.Customer);
      const until = accreditedUntil + 30 * DAY;
      await expect(registry.connect(registrar2).accredit(producer.address, roles, until, EVIDENCE))
        .to.emit(registry, "ParticipantAccredited")
        .withArgs(producer.address, registrar2.address, roles, until, EVIDENCE);

      const stored = await registry.accreditation(producer.address);
      expect(stored.registrar).to.equal(registrar2.address);
      expect(stored.roles).to.equal(BigInt(roles));
      expect(stored.validUntil).to.equal(BigInt(until));
      expect(stored.suspended).to.equal(false);
      expect(stored.revoked).to.equal(false);
      expect(stored.evidenceHash).to.equal(EVIDENCE);
      expect(await registry.accreditationState(producer.address)).to.equal(
        AccreditationState.Active,
      );
      expect(await registry.isActive(producer.address, Role.Customer)).to.equal(true);
      expect(await registry.isActive(producer.address, Role.Producer)).to.equal(false);
    });
  });

  describe("setRoles", function () {
    it("replaces the roles of an active participant and emits ParticipantRolesChanged", async function () {
      const { registry, registrar, producer } = await loadFixture(deployRegistryFixture);
      const previous = roleSet(Role.Producer, Role.Manufacturer);
      const roles = roleSet(Role.Remanufacturer, Role.Device);
      await expect(registry.connect(registrar).setRoles(producer.address, roles))
        .to.emit(registry, "ParticipantRolesChanged")
        .withArgs(producer.address, registrar.address, previous, roles);
      expect((await registry.accreditation(producer.address)).roles).to.equal(BigInt(roles));
      expect(await registry.isActive(producer.address, Role.Producer)).to.equal(false);
      expect(await registry.isActive(producer.address, Role.Manufacturer)).to.equal(false);
      expect(await registry.isActive(producer.address, Role.Remanufacturer)).to.equal(true);
      expect(await registry.isActive(producer.address, Role.Device)).to.equal(true);
    });

    it("changes the roles of a suspended participant without lifting the suspension", async function () {
      const { registry, registrar, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(registrar).suspend(producer.address, REASON);
      await expect(registry.connect(registrar).setRoles(producer.address, roleSet(Role.Customer)))
        .to.emit(registry, "ParticipantRolesChanged")
        .withArgs(
          producer.address,
          registrar.address,
          roleSet(Role.Producer, Role.Manufacturer),
          roleSet(Role.Customer),
        );
      expect(await registry.accreditationState(producer.address)).to.equal(
        AccreditationState.Suspended,
      );
      expect(await registry.isActive(producer.address, Role.Customer)).to.equal(false);
    });

    it("changes the roles of an expired participant, which stays expired", async function () {
      const { accreditedUntil, registry, registrar, producer } =
        await loadFixture(deployRegistryFixture);
      await time.increaseTo(accreditedUntil + DAY);
      await registry.connect(registrar).setRoles(producer.address, roleSet(Role.Customer));
      expect((await registry.accreditation(producer.address)).roles).to.equal(
        BigInt(roleSet(Role.Customer)),
      );
      expect(await registry.accreditationState(producer.address)).to.equal(
        AccreditationState.Expired,
      );
    });

    for (const roles of [0, 1 << 12]) {
      it(`refuses the role set ${roles} with InvalidRoles`, async function () {
        const { registry, registrar, producer } = await loadFixture(deployRegistryFixture);
        await expect(registry.connect(registrar).setRoles(producer.address, roles))
          .to.be.revertedWithCustomError(registry, "ParticipantRegistryInvalidRoles")
          .withArgs(roles);
      });
    }

    it("refuses a participant that was never accredited", async function () {
      const { registry, registrar, newcomer } = await loadFixture(deployRegistryFixture);
      await expect(registry.connect(registrar).setRoles(newcomer.address, roleSet(Role.Customer)))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedAccreditationState")
        .withArgs(newcomer.address, AccreditationState.None, LIVE);
    });

    it("refuses a revoked participant", async function () {
      const { registry, registrar, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(registrar).revoke(producer.address, REASON);
      await expect(registry.connect(registrar).setRoles(producer.address, roleSet(Role.Customer)))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedAccreditationState")
        .withArgs(producer.address, AccreditationState.Revoked, LIVE);
    });
  });

  describe("suspend", function () {
    it("suspends an active participant, which stops counting at once", async function () {
      const { registry, registrar, producer } = await loadFixture(deployRegistryFixture);
      await expect(registry.connect(registrar).suspend(producer.address, REASON))
        .to.emit(registry, "ParticipantSuspended")
        .withArgs(producer.address, registrar.address, REASON);
      expect((await registry.accreditation(producer.address)).suspended).to.equal(true);
      expect(await registry.accreditationState(producer.address)).to.equal(
        AccreditationState.Suspended,
      );
      expect(await registry.isActive(producer.address, Role.Producer)).to.equal(false);
      expect(await registry.isActive(producer.address, Role.Manufacturer)).to.equal(false);
    });

    it("accepts a zero reason hash", async function () {
      const { registry, registrar, producer } = await loadFixture(deployRegistryFixture);
      await expect(registry.connect(registrar).suspend(producer.address, ZERO_HASH))
        .to.emit(registry, "ParticipantSuspended")
        .withArgs(producer.address, registrar.address, ZERO_HASH);
    });

    it("suspends an expired participant, which then reports Suspended", async function () {
      const { accreditedUntil, registry, registrar, producer } =
        await loadFixture(deployRegistryFixture);
      await time.increaseTo(accreditedUntil);
      await expect(registry.connect(registrar).suspend(producer.address, REASON))
        .to.emit(registry, "ParticipantSuspended")
        .withArgs(producer.address, registrar.address, REASON);
      expect(await registry.accreditationState(producer.address)).to.equal(
        AccreditationState.Suspended,
      );
    });

    it("refuses a participant that was never accredited", async function () {
      const { registry, registrar, newcomer } = await loadFixture(deployRegistryFixture);
      await expect(registry.connect(registrar).suspend(newcomer.address, REASON))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedAccreditationState")
        .withArgs(newcomer.address, AccreditationState.None, SUSPENDABLE);
    });

    it("refuses a participant already suspended", async function () {
      const { registry, registrar, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(registrar).suspend(producer.address, REASON);
      await expect(registry.connect(registrar).suspend(producer.address, REASON))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedAccreditationState")
        .withArgs(producer.address, AccreditationState.Suspended, SUSPENDABLE);
    });

    it("refuses a revoked participant", async function () {
      const { registry, registrar, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(registrar).revoke(producer.address, REASON);
      await expect(registry.connect(registrar).suspend(producer.address, REASON))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedAccreditationState")
        .withArgs(producer.address, AccreditationState.Revoked, SUSPENDABLE);
    });
  });

  describe("reinstate", function () {
    it("lifts a suspension and emits ParticipantReinstated", async function () {
      const { registry, registrar, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(registrar).suspend(producer.address, REASON);
      await expect(registry.connect(registrar).reinstate(producer.address))
        .to.emit(registry, "ParticipantReinstated")
        .withArgs(producer.address, registrar.address);
      expect((await registry.accreditation(producer.address)).suspended).to.equal(false);
      expect(await registry.accreditationState(producer.address)).to.equal(
        AccreditationState.Active,
      );
      expect(await registry.isActive(producer.address, Role.Producer)).to.equal(true);
    });

    it("refuses a participant that was never accredited", async function () {
      const { registry, registrar, newcomer } = await loadFixture(deployRegistryFixture);
      await expect(registry.connect(registrar).reinstate(newcomer.address))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedAccreditationState")
        .withArgs(newcomer.address, AccreditationState.None, REINSTATABLE);
    });

    it("refuses an active participant", async function () {
      const { registry, registrar, producer } = await loadFixture(deployRegistryFixture);
      await expect(registry.connect(registrar).reinstate(producer.address))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedAccreditationState")
        .withArgs(producer.address, AccreditationState.Active, REINSTATABLE);
    });

    it("refuses an expired participant that is not suspended", async function () {
      const { accreditedUntil, registry, registrar, producer } =
        await loadFixture(deployRegistryFixture);
      await time.increaseTo(accreditedUntil);
      await expect(registry.connect(registrar).reinstate(producer.address))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedAccreditationState")
        .withArgs(producer.address, AccreditationState.Expired, REINSTATABLE);
    });

    it("refuses a revoked participant, even one revoked while suspended", async function () {
      const { registry, registrar, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(registrar).suspend(producer.address, REASON);
      await registry.connect(registrar).revoke(producer.address, REASON);
      await expect(registry.connect(registrar).reinstate(producer.address))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedAccreditationState")
        .withArgs(producer.address, AccreditationState.Revoked, REINSTATABLE);
    });
  });

  describe("renew", function () {
    it("sets a new expiry and evidence on an active accreditation and emits AccreditationRenewed", async function () {
      const { accreditedUntil, registry, registrar, producer } =
        await loadFixture(deployRegistryFixture);
      const until = accreditedUntil + 90 * DAY;
      await expect(registry.connect(registrar).renew(producer.address, until, EVIDENCE))
        .to.emit(registry, "AccreditationRenewed")
        .withArgs(producer.address, registrar.address, until, EVIDENCE);
      const stored = await registry.accreditation(producer.address);
      expect(stored.validUntil).to.equal(BigInt(until));
      expect(stored.evidenceHash).to.equal(EVIDENCE);
      expect(stored.roles).to.equal(BigInt(roleSet(Role.Producer, Role.Manufacturer)));
      expect(await registry.accreditationState(producer.address)).to.equal(
        AccreditationState.Active,
      );
    });

    it("may also shorten an accreditation, as long as the new expiry is in the future", async function () {
      const { registry, registrar, producer } = await loadFixture(deployRegistryFixture);
      const now = await pinNextBlock();
      await registry.connect(registrar).renew(producer.address, now + 1, EVIDENCE);
      expect((await registry.accreditation(producer.address)).validUntil).to.equal(BigInt(now + 1));
      await time.increaseTo(now + 1);
      expect(await registry.accreditationState(producer.address)).to.equal(
        AccreditationState.Expired,
      );
    });

    it("refuses an expiry equal to the block time", async function () {
      const { registry, registrar, producer } = await loadFixture(deployRegistryFixture);
      const now = await pinNextBlock();
      await expect(registry.connect(registrar).renew(producer.address, now, EVIDENCE))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryExpiryNotInFuture")
        .withArgs(now, now);
    });

    it("refuses an expiry in the past", async function () {
      const { registry, registrar, producer } = await loadFixture(deployRegistryFixture);
      const now = await pinNextBlock();
      await expect(registry.connect(registrar).renew(producer.address, now - 1, EVIDENCE))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryExpiryNotInFuture")
        .withArgs(now - 1, now);
    });

    it("refuses a zero evidence hash", async function () {
      const { accreditedUntil, registry, registrar, producer } =
        await loadFixture(deployRegistryFixture);
      await expect(
        registry.connect(registrar).renew(producer.address, accreditedUntil + DAY, ZERO_HASH),
      ).to.be.revertedWithCustomError(registry, "ParticipantRegistryMissingEvidence");
    });

    it("refuses a participant that was never accredited", async function () {
      const { accreditedUntil, registry, registrar, newcomer } =
        await loadFixture(deployRegistryFixture);
      await expect(
        registry.connect(registrar).renew(newcomer.address, accreditedUntil + DAY, EVIDENCE),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedAccreditationState")
        .withArgs(newcomer.address, AccreditationState.None, LIVE);
    });

    it("refuses a revoked participant", async function () {
      const { accreditedUntil, registry, registrar, producer } =
        await loadFixture(deployRegistryFixture);
      await registry.connect(registrar).revoke(producer.address, REASON);
      await expect(
        registry.connect(registrar).renew(producer.address, accreditedUntil + DAY, EVIDENCE),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedAccreditationState")
        .withArgs(producer.address, AccreditationState.Revoked, LIVE);
    });
  });

  describe("revoke", function () {
    it("revokes an active accreditation for good and emits ParticipantRevoked", async function () {
      const { registry, registrar, producer } = await loadFixture(deployRegistryFixture);
      await expect(registry.connect(registrar).revoke(producer.address, REASON))
        .to.emit(registry, "ParticipantRevoked")
        .withArgs(producer.address, registrar.address, REASON);
      expect((await registry.accreditation(producer.address)).revoked).to.equal(true);
      expect(await registry.accreditationState(producer.address)).to.equal(
        AccreditationState.Revoked,
      );
      for (const role of ALL_ROLES) {
        expect(await registry.isActive(producer.address, role)).to.equal(false);
      }
    });

    it("accepts a zero reason hash", async function () {
      const { registry, registrar, producer } = await loadFixture(deployRegistryFixture);
      await expect(registry.connect(registrar).revoke(producer.address, ZERO_HASH))
        .to.emit(registry, "ParticipantRevoked")
        .withArgs(producer.address, registrar.address, ZERO_HASH);
    });

    it("revokes a suspended accreditation, which then reports Revoked rather than Suspended", async function () {
      const { accreditedUntil, registry, registrar, producer } =
        await loadFixture(deployRegistryFixture);
      await registry.connect(registrar).suspend(producer.address, REASON);
      await registry.connect(registrar).revoke(producer.address, REASON);
      expect(await registry.accreditationState(producer.address)).to.equal(
        AccreditationState.Revoked,
      );
      await time.increaseTo(accreditedUntil + DAY);
      expect(await registry.accreditationState(producer.address)).to.equal(
        AccreditationState.Revoked,
      );
    });

    it("revokes an expired accreditation", async function () {
      const { accreditedUntil, registry, registrar, producer } =
        await loadFixture(deployRegistryFixture);
      await time.increaseTo(accreditedUntil);
      await expect(registry.connect(registrar).revoke(producer.address, REASON))
        .to.emit(registry, "ParticipantRevoked")
        .withArgs(producer.address, registrar.address, REASON);
      expect(await registry.accreditationState(producer.address)).to.equal(
        AccreditationState.Revoked,
      );
    });

    it("refuses a participant that was never accredited", async function () {
      const { registry, registrar, newcomer } = await loadFixture(deployRegistryFixture);
      await expect(registry.connect(registrar).revoke(newcomer.address, REASON))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedAccreditationState")
        .withArgs(newcomer.address, AccreditationState.None, LIVE);
    });

    it("refuses an accreditation already revoked", async function () {
      const { registry, registrar, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(registrar).revoke(producer.address, REASON);
      await expect(registry.connect(registrar).revoke(producer.address, REASON))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedAccreditationState")
        .withArgs(producer.address, AccreditationState.Revoked, LIVE);
    });
  });

  describe("accreditation expiry", function () {
    it("is still active one second before validUntil", async function () {
      const { accreditedUntil, registry, producer } = await loadFixture(deployRegistryFixture);
      await time.increaseTo(accreditedUntil - 1);
      expect(await registry.accreditationState(producer.address)).to.equal(
        AccreditationState.Active,
      );
      expect(await registry.isActive(producer.address, Role.Producer)).to.equal(true);
    });

    it("is expired at exactly validUntil, without anyone acting", async function () {
      const { accreditedUntil, registry, producer } = await loadFixture(deployRegistryFixture);
      await time.increaseTo(accreditedUntil);
      expect(await registry.accreditationState(producer.address)).to.equal(
        AccreditationState.Expired,
      );
      expect(await registry.isActive(producer.address, Role.Producer)).to.equal(false);
      const stored = await registry.accreditation(producer.address);
      expect(stored.suspended).to.equal(false);
      expect(stored.revoked).to.equal(false);
    });

    it("lets a standards body act in its last second and refuses it at validUntil", async function () {
      const { accreditedUntil, registry, standardsBody } = await loadFixture(deployRegistryFixture);
      await time.setNextBlockTimestamp(accreditedUntil - 1);
      await registry
        .connect(standardsBody)
        .defineScheme(OTHER_SCHEME, SCHEME_DOCUMENT, DEFAULT_VALIDITY);
      await time.setNextBlockTimestamp(accreditedUntil);
      await expect(
        registry
          .connect(standardsBody)
          .defineScheme(ethers.encodeBytes32String("late"), SCHEME_DOCUMENT, DEFAULT_VALIDITY),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryNotActive")
        .withArgs(standardsBody.address, Role.StandardsBody);
    });

    it("reports a suspended accreditation past its expiry as Suspended", async function () {
      const { accreditedUntil, registry, registrar, producer } =
        await loadFixture(deployRegistryFixture);
      await registry.connect(registrar).suspend(producer.address, REASON);
      await time.increaseTo(accreditedUntil + DAY);
      expect(await registry.accreditationState(producer.address)).to.equal(
        AccreditationState.Suspended,
      );
    });

    it("leaves an accreditation reinstated after its expiry Expired", async function () {
      const { accreditedUntil, registry, registrar, producer } =
        await loadFixture(deployRegistryFixture);
      await registry.connect(registrar).suspend(producer.address, REASON);
      await time.increaseTo(accreditedUntil + DAY);
      await expect(registry.connect(registrar).reinstate(producer.address))
        .to.emit(registry, "ParticipantReinstated")
        .withArgs(producer.address, registrar.address);
      expect(await registry.accreditationState(producer.address)).to.equal(
        AccreditationState.Expired,
      );
      expect(await registry.isActive(producer.address, Role.Producer)).to.equal(false);
    });

    it("makes an expired accreditation Active again when renewed", async function () {
      const { accreditedUntil, registry, registrar, producer } =
        await loadFixture(deployRegistryFixture);
      await time.increaseTo(accreditedUntil + DAY);
      const until = accreditedUntil + YEAR;
      await expect(registry.connect(registrar).renew(producer.address, until, EVIDENCE))
        .to.emit(registry, "AccreditationRenewed")
        .withArgs(producer.address, registrar.address, until, EVIDENCE);
      expect(await registry.accreditationState(producer.address)).to.equal(
        AccreditationState.Active,
      );
      expect(await registry.isActive(producer.address, Role.Producer)).to.equal(true);
    });

    it("keeps a suspended accreditation Suspended when renewed, and Active once reinstated", async function () {
      const { accreditedUntil, registry, registrar, producer } =
        await loadFixture(deployRegistryFixture);
      await registry.connect(registrar).suspend(producer.address, REASON);
      await time.increaseTo(accreditedUntil + DAY);
      const until = accreditedUntil + YEAR;
      await registry.connect(registrar).renew(producer.address, until, EVIDENCE);
      const stored = await registry.accreditation(producer.address);
      expect(stored.validUntil).to.equal(BigInt(until));
      expect(stored.suspended).to.equal(true);
      expect(await registry.accreditationState(producer.address)).to.equal(
        AccreditationState.Suspended,
      );
      await registry.connect(registrar).reinstate(producer.address);
      expect(await registry.accreditationState(producer.address)).to.equal(
        AccreditationState.Active,
      );
    });
  });

  describe("defineScheme", function () {
    it("lets an active standards body define a scheme and emits SchemeDefined", async function () {
      const { registry, otherStandardsBody } = await loadFixture(deployRegistryFixture);
      const document = docHash("scheme:EN-9100");
      await expect(registry.connect(otherStandardsBody).defineScheme(OTHER_SCHEME, document, DAY))
        .to.emit(registry, "SchemeDefined")
        .withArgs(OTHER_SCHEME, otherStandardsBody.address, document, DAY);
      const stored = await registry.scheme(OTHER_SCHEME);
      expect(stored.standardsBody).to.equal(otherStandardsBody.address);
      expect(stored.defaultValidity).to.equal(BigInt(DAY));
      expect(stored.documentHash).to.equal(document);
    });

    it("reports an undefined scheme as all zero", async function () {
      const { registry } = await loadFixture(deployRegistryFixture);
      const stored = await registry.scheme(OTHER_SCHEME);
      expect(stored.standardsBody).to.equal(ethers.ZeroAddress);
      expect(stored.defaultValidity).to.equal(0n);
      expect(stored.documentHash).to.equal(ZERO_HASH);
    });

    it("refuses a caller that is not accredited", async function () {
      const { registry, stranger } = await loadFixture(deployRegistryFixture);
      await expect(registry.connect(stranger).defineScheme(OTHER_SCHEME, SCHEME_DOCUMENT, DAY))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryNotActive")
        .withArgs(stranger.address, Role.StandardsBody);
    });

    it("refuses an active participant that is not a standards body", async function () {
      const { registry, auditor } = await loadFixture(deployRegistryFixture);
      await expect(registry.connect(auditor).defineScheme(OTHER_SCHEME, SCHEME_DOCUMENT, DAY))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryNotActive")
        .withArgs(auditor.address, Role.StandardsBody);
    });

    it("refuses a suspended standards body", async function () {
      const { registry, registrar, otherStandardsBody } = await loadFixture(deployRegistryFixture);
      await registry.connect(registrar).suspend(otherStandardsBody.address, REASON);
      await expect(
        registry.connect(otherStandardsBody).defineScheme(OTHER_SCHEME, SCHEME_DOCUMENT, DAY),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryNotActive")
        .withArgs(otherStandardsBody.address, Role.StandardsBody);
    });

    it("refuses a zero scheme id", async function () {
      const { registry, standardsBody } = await loadFixture(deployRegistryFixture);
      await expect(registry.connect(standardsBody).defineScheme(ZERO_HASH, SCHEME_DOCUMENT, DAY))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryInvalidScheme")
        .withArgs(ZERO_HASH, DAY);
    });

    it("refuses a zero default validity", async function () {
      const { registry, standardsBody } = await loadFixture(deployRegistryFixture);
      await expect(registry.connect(standardsBody).defineScheme(OTHER_SCHEME, SCHEME_DOCUMENT, 0))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryInvalidScheme")
        .withArgs(OTHER_SCHEME, 0);
    });

    it("refuses a zero document hash", async function () {
      const { registry, standardsBody } = await loadFixture(deployRegistryFixture);
      await expect(
        registry.connect(standardsBody).defineScheme(OTHER_SCHEME, ZERO_HASH, DAY),
      ).to.be.revertedWithCustomError(registry, "ParticipantRegistryMissingEvidence");
    });

    it("refuses a scheme id already defined, whoever defines it again", async function () {
      const { registry, standardsBody, otherStandardsBody } =
        await loadFixture(deployRegistryFixture);
      for (const body of [standardsBody, otherStandardsBody]) {
        await expect(registry.connect(body).defineScheme(SCHEME, SCHEME_DOCUMENT, DAY))
          .to.be.revertedWithCustomError(registry, "ParticipantRegistrySchemeAlreadyDefined")
          .withArgs(SCHEME);
      }
      expect((await registry.scheme(SCHEME)).standardsBody).to.equal(standardsBody.address);
    });
  });

  describe("authorizeAuditor", function () {
    it("authorises an active auditor under the caller's scheme and emits AuditorAuthorized", async function () {
      const { registry, standardsBody, auditor2 } = await loadFixture(deployRegistryFixture);
      expect(await registry.isAuthorizedAuditor(SCHEME, auditor2.address)).to.equal(false);
      await expect(registry.connect(standardsBody).authorizeAuditor(SCHEME, auditor2.address))
        .to.emit(registry, "AuditorAuthorized")
        .withArgs(SCHEME, auditor2.address, standardsBody.address);
      expect(await registry.isAuthorizedAuditor(SCHEME, auditor2.address)).to.equal(true);
      expect(await registry.isAuthorizedAuditor(OTHER_SCHEME, auditor2.address)).to.equal(false);
    });

    it("refuses an unknown scheme", async function () {
      const { registry, standardsBody, auditor } = await loadFixture(deployRegistryFixture);
      await expect(registry.connect(standardsBody).authorizeAuditor(OTHER_SCHEME, auditor.address))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnknownScheme")
        .withArgs(OTHER_SCHEME);
    });

    it("refuses anyone but the standards body that defined the scheme", async function () {
      const { registry, standardsBody, otherStandardsBody, stranger, auditor2 } =
        await loadFixture(deployRegistryFixture);
      for (const caller of [otherStandardsBody, stranger, auditor2]) {
        await expect(registry.connect(caller).authorizeAuditor(SCHEME, auditor2.address))
          .to.be.revertedWithCustomError(registry, "ParticipantRegistryNotSchemeOwner")
          .withArgs(SCHEME, caller.address, standardsBody.address);
      }
    });

    it("refuses the owner once it is suspended", async function () {
      const { registry, registrar, standardsBody, auditor2 } =
        await loadFixture(deployRegistryFixture);
      await registry.connect(registrar).suspend(standardsBody.address, REASON);
      await expect(registry.connect(standardsBody).authorizeAuditor(SCHEME, auditor2.address))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryNotActive")
        .withArgs(standardsBody.address, Role.StandardsBody);
    });

    it("refuses the owner once its accreditation has expired", async function () {
      const { accreditedUntil, registry, standardsBody, auditor2 } =
        await loadFixture(deployRegistryFixture);
      await time.setNextBlockTimestamp(accreditedUntil);
      await expect(registry.connect(standardsBody).authorizeAuditor(SCHEME, auditor2.address))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryNotActive")
        .withArgs(standardsBody.address, Role.StandardsBody);
    });

    it("refuses an auditor that is not accredited", async function () {
      const { registry, standardsBody, newcomer } = await loadFixture(deployRegistryFixture);
      await expect(registry.connect(standardsBody).authorizeAuditor(SCHEME, newcomer.address))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryNotActive")
        .withArgs(newcomer.address, Role.Auditor);
    });

    it("refuses an active participant that is not an auditor", async function () {
      const { registry, standardsBody, producer } = await loadFixture(deployRegistryFixture);
      await expect(registry.connect(standardsBody).authorizeAuditor(SCHEME, producer.address))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryNotActive")
        .withArgs(producer.address, Role.Auditor);
    });

    it("refuses a suspended auditor", async function () {
      const { registry, registrar, standardsBody, auditor2 } =
        await loadFixture(deployRegistryFixture);
      await registry.connect(registrar).suspend(auditor2.address, REASON);
      await expect(registry.connect(standardsBody).authorizeAuditor(SCHEME, auditor2.address))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryNotActive")
        .withArgs(auditor2.address, Role.Auditor);
    });

    it("refuses an auditor already authorised", async function () {
      const { registry, standardsBody, auditor } = await loadFixture(deployRegistryFixture);
      await expect(registry.connect(standardsBody).authorizeAuditor(SCHEME, auditor.address))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryAuditorAuthorization")
        .withArgs(SCHEME, auditor.address, true);
    });
  });

  describe("deauthorizeAuditor", function () {
    it("withdraws an authorisation and emits AuditorDeauthorized", async function () {
      const { registry, standardsBody, auditor } = await loadFixture(deployRegistryFixture);
      await expect(registry.connect(standardsBody).deauthorizeAuditor(SCHEME, auditor.address))
        .to.emit(registry, "AuditorDeauthorized")
        .withArgs(SCHEME, auditor.address, standardsBody.address);
      expect(await registry.isAuthorizedAuditor(SCHEME, auditor.address)).to.equal(false);
    });

    it("stops the auditor granting certificates under the scheme", async function () {
      const { registry, standardsBody, auditor, producer } =
        await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      await registry.connect(standardsBody).deauthorizeAuditor(SCHEME, auditor.address);
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(producer.address, SCHEME, 0, 0, 0, NO_UNIT, 0, AUDIT_REPORT),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryAuditorNotAuthorized")
        .withArgs(SCHEME, auditor.address);
    });

    it("keeps the certificates the auditor granted valid and drawable", async function () {
      const { registry, standardsBody, auditor, producer, consumer } =
        await loadFixture(certifiedFixture);
      await registry.connect(standardsBody).deauthorizeAuditor(SCHEME, auditor.address);
      expect(await registry.isCertified(producer.address, SCHEME)).to.equal(true);
      expect(await registry.certificateState(producer.address, SCHEME)).to.equal(
        CertificateState.Valid,
      );
      await expect(registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 5n, KG))
        .to.emit(registry, "CapacityConsumed")
        .withArgs(producer.address, SCHEME, consumer.address, 0n, 5n, CAPACITY - 5n);
    });

    it("leaves the deauthorised auditor able to revoke a certificate it granted", async function () {
      const { registry, standardsBody, auditor, producer } = await loadFixture(certifiedFixture);
      await registry.connect(standardsBody).deauthorizeAuditor(SCHEME, auditor.address);
      await expect(registry.connect(auditor).revokeCertificate(producer.address, SCHEME, REASON))
        .to.emit(registry, "CertificateRevoked")
        .withArgs(producer.address, SCHEME, auditor.address, REASON);
    });

    it("refuses the owner while its own accreditation is suspended", async function () {
      const { registry, registrar, standardsBody, auditor } =
        await loadFixture(deployRegistryFixture);
      await registry.connect(registrar).suspend(standardsBody.address, REASON);
      await expect(registry.connect(standardsBody).deauthorizeAuditor(SCHEME, auditor.address))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryNotActive")
        .withArgs(standardsBody.address, Role.StandardsBody);
    });

    it("allows the auditor to be authorised again afterwards", async function () {
      const { registry, standardsBody, auditor } = await loadFixture(deployRegistryFixture);
      await registry.connect(standardsBody).deauthorizeAuditor(SCHEME, auditor.address);
      await expect(registry.connect(standardsBody).authorizeAuditor(SCHEME, auditor.address))
        .to.emit(registry, "AuditorAuthorized")
        .withArgs(SCHEME, auditor.address, standardsBody.address);
      expect(await registry.isAuthorizedAuditor(SCHEME, auditor.address)).to.equal(true);
    });

    it("refuses an unknown scheme", async function () {
      const { registry, standardsBody, auditor } = await loadFixture(deployRegistryFixture);
      await expect(
        registry.connect(standardsBody).deauthorizeAuditor(OTHER_SCHEME, auditor.address),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnknownScheme")
        .withArgs(OTHER_SCHEME);
    });

    it("refuses anyone but the standards body that defined the scheme", async function () {
      const { registry, standardsBody, otherStandardsBody, stranger, auditor } =
        await loadFixture(deployRegistryFixture);
      for (const caller of [otherStandardsBody, stranger, auditor]) {
        await expect(registry.connect(caller).deauthorizeAuditor(SCHEME, auditor.address))
          .to.be.revertedWithCustomError(registry, "ParticipantRegistryNotSchemeOwner")
          .withArgs(SCHEME, caller.address, standardsBody.address);
      }
      expect(await registry.isAuthorizedAuditor(SCHEME, auditor.address)).to.equal(true);
    });

    it("refuses an auditor that is not authorised", async function () {
      const { registry, standardsBody, auditor2 } = await loadFixture(deployRegistryFixture);
      await expect(registry.connect(standardsBody).deauthorizeAuditor(SCHEME, auditor2.address))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryAuditorAuthorization")
        .withArgs(SCHEME, auditor2.address, false);
    });

    it("refuses to deauthorise the same auditor twice", async function () {
      const { registry, standardsBody, auditor } = await loadFixture(deployRegistryFixture);
      await registry.connect(standardsBody).deauthorizeAuditor(SCHEME, auditor.address);
      await expect(registry.connect(standardsBody).deauthorizeAuditor(SCHEME, auditor.address))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryAuditorAuthorization")
        .withArgs(SCHEME, auditor.address, false);
    });
  });

  describe("grantCertificate", function () {
    it("certifies with explicit terms, stores the certificate and emits CertificateGranted", async function () {
      const { registry, auditor, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      const now = await pinNextBlock();
      const from = now;
      const until = now + 60 * DAY;
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(producer.address, SCHEME, from, until, 500n, KG, 7 * DAY, AUDIT_REPORT),
      )
        .to.emit(registry, "CertificateGranted")
        .withArgs(
          producer.address,
          SCHEME,
          auditor.address,
          from,
          until,
          500n,
          KG,
          7 * DAY,
          AUDIT_REPORT,
        );

      const stored = await registry.certificate(producer.address, SCHEME);
      expect(stored.auditor).to.equal(auditor.address);
      expect(stored.validFrom).to.equal(BigInt(from));
      expect(stored.validUntil).to.equal(BigInt(until));
      expect(stored.capacityPerPeriod).to.equal(500n);
      expect(stored.capacityUnit).to.equal(KG);
      expect(stored.used).to.equal(0n);
      expect(stored.periodLength).to.equal(BigInt(7 * DAY));
      expect(stored.usagePeriod).to.equal(0n);
      expect(stored.revoked).to.equal(false);
      expect(stored.evidenceHash).to.equal(AUDIT_REPORT);
      expect(await registry.certificateState(producer.address, SCHEME)).to.equal(
        CertificateState.Valid,
      );
      expect(await registry.isCertified(producer.address, SCHEME)).to.equal(true);
    });

    it("starts now and lasts the scheme's default validity when both ends are zero", async function () {
      const { registry, auditor, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      const now = await pinNextBlock();
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(producer.address, SCHEME, 0, 0, 0, NO_UNIT, 0, AUDIT_REPORT),
      )
        .to.emit(registry, "CertificateGranted")
        .withArgs(
          producer.address,
          SCHEME,
          auditor.address,
          now,
          now + DEFAULT_VALIDITY,
          0n,
          NO_UNIT,
          0,
          AUDIT_REPORT,
        );
      const stored = await registry.certificate(producer.address, SCHEME);
      expect(stored.validFrom).to.equal(BigInt(now));
      expect(stored.validUntil).to.equal(BigInt(now + DEFAULT_VALIDITY));
    });

    it("ends a certificate with an explicit start the default validity after that start", async function () {
      const { registry, auditor, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      const from = (await time.latest()) + 5 * DAY;
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(producer.address, SCHEME, from, 0, 0, NO_UNIT, 0, AUDIT_REPORT),
      )
        .to.emit(registry, "CertificateGranted")
        .withArgs(
          producer.address,
          SCHEME,
          auditor.address,
          from,
          from + DEFAULT_VALIDITY,
          0n,
          NO_UNIT,
          0,
          AUDIT_REPORT,
        );
    });

    it("makes a certificate with a future start Pending until it starts", async function () {
      const { registry, producer, certFrom } = await loadFixture(pendingFixture);
      expect(await registry.certificateState(producer.address, SCHEME)).to.equal(
        CertificateState.Pending,
      );
      expect(await registry.isCertified(producer.address, SCHEME)).to.equal(false);
      await time.increaseTo(certFrom);
      expect(await registry.certificateState(producer.address, SCHEME)).to.equal(
        CertificateState.Valid,
      );
    });

    it("accepts a backdated start as long as the end is still ahead", async function () {
      const { registry, auditor, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      const now = await pinNextBlock();
      await registry
        .connect(auditor)
        .grantCertificate(
          producer.address,
          SCHEME,
          now - 10 * DAY,
          now + 1,
          0,
          NO_UNIT,
          0,
          AUDIT_REPORT,
        );
      expect(await registry.certificateState(producer.address, SCHEME)).to.equal(
        CertificateState.Valid,
      );
    });

    it("stores no period length when no capacity is given", async function () {
      const { registry, auditor, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      const now = await pinNextBlock();
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(producer.address, SCHEME, 0, now + DAY, 0, NO_UNIT, 7200, AUDIT_REPORT),
      )
        .to.emit(registry, "CertificateGranted")
        .withArgs(
          producer.address,
          SCHEME,
          auditor.address,
          now,
          now + DAY,
          0n,
          NO_UNIT,
          0,
          AUDIT_REPORT,
        );
      expect((await registry.certificate(producer.address, SCHEME)).periodLength).to.equal(0n);
    });

    it("refuses an unknown scheme, whoever calls", async function () {
      const { registry, auditor, stranger, producer } = await loadFixture(deployRegistryFixture);
      for (const caller of [auditor, stranger]) {
        await expect(
          registry
            .connect(caller)
            .grantCertificate(producer.address, OTHER_SCHEME, 0, 0, 0, NO_UNIT, 0, AUDIT_REPORT),
        )
          .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnknownScheme")
          .withArgs(OTHER_SCHEME);
      }
    });

    it("refuses a caller that is not an accredited auditor", async function () {
      const { registry, stranger, standardsBody, producer } =
        await loadFixture(deployRegistryFixture);
      for (const caller of [stranger, standardsBody]) {
        await expect(
          registry
            .connect(caller)
            .grantCertificate(producer.address, SCHEME, 0, 0, 0, NO_UNIT, 0, AUDIT_REPORT),
        )
          .to.be.revertedWithCustomError(registry, "ParticipantRegistryNotActive")
          .withArgs(caller.address, Role.Auditor);
      }
    });

    it("refuses an authorised auditor whose accreditation is suspended", async function () {
      const { registry, registrar, auditor, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      await registry.connect(registrar).suspend(auditor.address, REASON);
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(producer.address, SCHEME, 0, 0, 0, NO_UNIT, 0, AUDIT_REPORT),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryNotActive")
        .withArgs(auditor.address, Role.Auditor);
    });

    it("refuses an authorised auditor whose accreditation has expired", async function () {
      const { accreditedUntil, registry, registrar, standardsBody, auditor, producer } =
        await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      await time.increaseTo(accreditedUntil - DAY);
      await registry.connect(registrar).renew(producer.address, accreditedUntil + DAY, EVIDENCE);
      await registry
        .connect(registrar)
        .renew(standardsBody.address, accreditedUntil + DAY, EVIDENCE);
      await time.setNextBlockTimestamp(accreditedUntil);
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(producer.address, SCHEME, 0, 0, 0, NO_UNIT, 0, AUDIT_REPORT),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryNotActive")
        .withArgs(auditor.address, Role.Auditor);
    });

    it("refuses an active auditor not authorised under the scheme", async function () {
      const { registry, auditor2, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor2.address);
      await expect(
        registry
          .connect(auditor2)
          .grantCertificate(producer.address, SCHEME, 0, 0, 0, NO_UNIT, 0, AUDIT_REPORT),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryAuditorNotAuthorized")
        .withArgs(SCHEME, auditor2.address);
    });

    it("refuses a participant that was never accredited", async function () {
      const { registry, auditor, newcomer } = await loadFixture(deployRegistryFixture);
      await registry.connect(newcomer).requestCertificate(SCHEME, auditor.address);
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(newcomer.address, SCHEME, 0, 0, 0, NO_UNIT, 0, AUDIT_REPORT),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedAccreditationState")
        .withArgs(newcomer.address, AccreditationState.None, ACTIVE_ONLY);
    });

    it("refuses a suspended participant", async function () {
      const { registry, registrar, auditor, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      await registry.connect(registrar).suspend(producer.address, REASON);
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(producer.address, SCHEME, 0, 0, 0, NO_UNIT, 0, AUDIT_REPORT),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedAccreditationState")
        .withArgs(producer.address, AccreditationState.Suspended, ACTIVE_ONLY);
    });

    it("refuses an expired participant", async function () {
      const { accreditedUntil, registry, registrar, standardsBody, auditor, producer } =
        await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      await time.increaseTo(accreditedUntil - DAY);
      await registry.connect(registrar).renew(auditor.address, accreditedUntil + DAY, EVIDENCE);
      await registry
        .connect(registrar)
        .renew(standardsBody.address, accreditedUntil + DAY, EVIDENCE);
      await time.setNextBlockTimestamp(accreditedUntil);
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(producer.address, SCHEME, 0, 0, 0, NO_UNIT, 0, AUDIT_REPORT),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedAccreditationState")
        .withArgs(producer.address, AccreditationState.Expired, ACTIVE_ONLY);
    });

    it("refuses a revoked participant", async function () {
      const { registry, registrar, auditor, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      await registry.connect(registrar).revoke(producer.address, REASON);
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(producer.address, SCHEME, 0, 0, 0, NO_UNIT, 0, AUDIT_REPORT),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedAccreditationState")
        .withArgs(producer.address, AccreditationState.Revoked, ACTIVE_ONLY);
    });

    it("refuses a zero evidence hash", async function () {
      const { registry, auditor, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(producer.address, SCHEME, 0, 0, 0, NO_UNIT, 0, ZERO_HASH),
      ).to.be.revertedWithCustomError(registry, "ParticipantRegistryMissingEvidence");
    });

    it("refuses an empty window (validUntil equal to validFrom)", async function () {
      const { registry, auditor, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      const from = (await time.latest()) + DAY;
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(producer.address, SCHEME, from, from, 0, NO_UNIT, 0, AUDIT_REPORT),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryInvalidValidity")
        .withArgs(from, from);
    });

    it("refuses a window that ends before it starts", async function () {
      const { registry, auditor, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      const from = (await time.latest()) + 2 * DAY;
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(
            producer.address,
            SCHEME,
            from,
            from - DAY,
            0,
            NO_UNIT,
            0,
            AUDIT_REPORT,
          ),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryInvalidValidity")
        .withArgs(from, from - DAY);
    });

    it("refuses a window that ends at the block time", async function () {
      const { registry, auditor, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      const now = await pinNextBlock();
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(producer.address, SCHEME, now - DAY, now, 0, NO_UNIT, 0, AUDIT_REPORT),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryInvalidValidity")
        .withArgs(now - DAY, now);
    });

    it("refuses a window that is already over", async function () {
      const { registry, auditor, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      const now = await pinNextBlock();
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(
            producer.address,
            SCHEME,
            now - 2 * DAY,
            now - DAY,
            0,
            NO_UNIT,
            0,
            AUDIT_REPORT,
          ),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryInvalidValidity")
        .withArgs(now - 2 * DAY, now - DAY);
    });

    it("refuses an end that would be now when the start defaults to now", async function () {
      const { registry, auditor, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      const now = await pinNextBlock();
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(producer.address, SCHEME, 0, now, 0, NO_UNIT, 0, AUDIT_REPORT),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryInvalidValidity")
        .withArgs(now, now);
    });

    it("refuses a start so late that the default end does not fit in a uint48", async function () {
      const { registry, auditor, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      const from = 2n ** 48n - 1n;
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(producer.address, SCHEME, from, 0, 0, NO_UNIT, 0, AUDIT_REPORT),
      )
        .to.be.revertedWithCustomError(registry, "SafeCastOverflowedUintDowncast")
        .withArgs(48, from + BigInt(DEFAULT_VALIDITY));
    });

    for (const period of [0, HOUR - 1]) {
      it(`refuses a capacity with a period of ${period} seconds`, async function () {
        const { registry, auditor, producer } = await loadFixture(deployRegistryFixture);
        await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
        await expect(
          registry
            .connect(auditor)
            .grantCertificate(producer.address, SCHEME, 0, 0, CAPACITY, KG, period, AUDIT_REPORT),
        )
          .to.be.revertedWithCustomError(registry, "ParticipantRegistryInvalidPeriod")
          .withArgs(period);
      });
    }

    it("accepts a capacity with a period of exactly one hour", async function () {
      const { registry, auditor, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      await registry
        .connect(auditor)
        .grantCertificate(producer.address, SCHEME, 0, 0, CAPACITY, KG, HOUR, AUDIT_REPORT);
      expect((await registry.certificate(producer.address, SCHEME)).periodLength).to.equal(
        BigInt(HOUR),
      );
    });

    it("accepts a window of exactly 2**24 - 1 periods", async function () {
      const { registry, auditor, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      const now = await pinNextBlock();
      const until = now + (2 ** 24 - 1) * HOUR;
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(producer.address, SCHEME, now, until, CAPACITY, KG, HOUR, AUDIT_REPORT),
      )
        .to.emit(registry, "CertificateGranted")
        .withArgs(
          producer.address,
          SCHEME,
          auditor.address,
          now,
          until,
          CAPACITY,
          KG,
          HOUR,
          AUDIT_REPORT,
        );
    });

    for (const [label, extra] of [
      ["2**24 periods", 0],
      ["2**24 periods and one second", 1],
    ] as const) {
      it(`refuses a window that touches ${label}`, async function () {
        const { registry, auditor, producer } = await loadFixture(deployRegistryFixture);
        await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
        const now = await pinNextBlock();
        const until = now + 2 ** 24 * HOUR + extra;
        await expect(
          registry
            .connect(auditor)
            .grantCertificate(
              producer.address,
              SCHEME,
              now,
              until,
              CAPACITY,
              KG,
              HOUR,
              AUDIT_REPORT,
            ),
        )
          .to.be.revertedWithCustomError(registry, "ParticipantRegistryInvalidPeriod")
          .withArgs(HOUR);
      });
    }

    it("replaces an earlier certificate, keeping what was drawn this period", async function () {
      const { registry, auditor, consumer, producer } = await loadFixture(certifiedFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      await registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 60n, KG);
      expect((await registry.certificate(producer.address, SCHEME)).used).to.equal(60n);

      const now = await pinNextBlock();
      const report = docHash("audit-report:producer:2");
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(producer.address, SCHEME, 0, now + 90 * DAY, 50n, KG, HOUR, report),
      )
        .to.emit(registry, "CertificateGranted")
        .withArgs(
          producer.address,
          SCHEME,
          auditor.address,
          now,
          now + 90 * DAY,
          50n,
          KG,
          HOUR,
          report,
        );
      const stored = await registry.certificate(producer.address, SCHEME);
      expect(stored.validFrom).to.equal(BigInt(now));
      expect(stored.capacityPerPeriod).to.equal(50n);
      // 60 were drawn this period; the new capacity is 50, so nothing is left this period.
      expect(stored.used).to.equal(60n);
      expect(stored.usagePeriod).to.equal(0n);
      expect(stored.periodLength).to.equal(BigInt(HOUR));
      expect(stored.evidenceHash).to.equal(report);
      const [remaining] = await registry.remainingCapacity(producer.address, SCHEME);
      expect(remaining).to.equal(0n);
      await expect(registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 1n, KG))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryCapacityExceeded")
        .withArgs(producer.address, SCHEME, 1n, 0n);
      // The next period of the new certificate starts full.
      await time.increaseTo(now + HOUR);
      const [refilled] = await registry.remainingCapacity(producer.address, SCHEME);
      expect(refilled).to.equal(50n);
    });

    it("cannot be refilled by replacing a certificate twice in one period", async function () {
      const { registry, auditor, consumer, producer, certFrom, certUntil } =
        await loadFixture(certifiedFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      await registry.connect(consumer).consumeCapacity(producer.address, SCHEME, CAPACITY, KG);
      const asAuditor = registry.connect(auditor);
      await asAuditor.grantCertificate(
        producer.address,
        SCHEME,
        certFrom,
        certUntil,
        10n,
        KG,
        PERIOD,
        AUDIT_REPORT,
      );
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      await asAuditor.grantCertificate(
        producer.address,
        SCHEME,
        certFrom,
        certUntil,
        CAPACITY,
        KG,
        PERIOD,
        AUDIT_REPORT,
      );
      expect((await registry.certificate(producer.address, SCHEME)).used).to.equal(CAPACITY);
      await expect(registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 1n, KG))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryCapacityExceeded")
        .withArgs(producer.address, SCHEME, 1n, 0n);
    });

    it("carries a partial draw into the replacing certificate's current period", async function () {
      const { registry, auditor, consumer, producer } = await loadFixture(certifiedFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      await registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 30n, KG);
      const now = await pinNextBlock();
      // Backdated by 2.5 hours with 1-hour periods: now is in its period 2.
      await registry
        .connect(auditor)
        .grantCertificate(
          producer.address,
          SCHEME,
          now - 9000,
          now + DAY,
          80n,
          KG,
          HOUR,
          AUDIT_REPORT,
        );
      const stored = await registry.certificate(producer.address, SCHEME);
      expect(stored.used).to.equal(30n);
      expect(stored.usagePeriod).to.equal(2n);
      const [remaining] = await registry.remainingCapacity(producer.address, SCHEME);
      expect(remaining).to.equal(50n);
    });

    it("starts a replacing certificate that is not valid yet with nothing drawn", async function () {
      const { registry, auditor, consumer, producer } = await loadFixture(certifiedFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      await registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 30n, KG);
      const now = await pinNextBlock();
      await registry
        .connect(auditor)
        .grantCertificate(
          producer.address,
          SCHEME,
          now + DAY,
          now + 2 * DAY,
          80n,
          KG,
          HOUR,
          AUDIT_REPORT,
        );
      const stored = await registry.certificate(producer.address, SCHEME);
      expect(stored.used).to.equal(0n);
      expect(stored.usagePeriod).to.equal(0n);
    });

    it("refuses a participant that certifies itself", async function () {
      const { registry, registrar, auditor } = await loadFixture(certifiedFixture);
      // The auditor also holds the manufacturer role, and tries to certify itself.
      await registry
        .connect(registrar)
        .setRoles(auditor.address, roleSet(Role.Auditor, Role.Manufacturer));
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(auditor.address, SCHEME, 0, 0, 0, NO_UNIT, 0, AUDIT_REPORT),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistrySelfCertification")
        .withArgs(auditor.address);
    });

    for (const revoker of ["auditor", "standardsBody"] as const) {
      it(`refuses the auditor of a certificate its ${revoker} revoked granting it again`, async function () {
        const f = await loadFixture(certifiedFixture);
        const { registry, auditor, producer } = f;
        await registry.connect(f[revoker]).revokeCertificate(producer.address, SCHEME, REASON);
        await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
        await expect(
          registry
            .connect(auditor)
            .grantCertificate(producer.address, SCHEME, 0, 0, 0, NO_UNIT, 0, AUDIT_REPORT),
        )
          .to.be.revertedWithCustomError(registry, "ParticipantRegistryRegrantAfterRevocation")
          .withArgs(producer.address, SCHEME, auditor.address);
        // The request stays, and the certificate stays revoked.
        expect(await registry.requestedAuditor(producer.address, SCHEME)).to.equal(auditor.address);
        expect(await registry.certificateState(producer.address, SCHEME)).to.equal(
          CertificateState.Revoked,
        );
      });
    }

    it("refuses another auditor replacing a live certificate", async function () {
      const { registry, standardsBody, auditor2, producer } = await loadFixture(certifiedFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor2.address);
      await registry.connect(standardsBody).authorizeAuditor(SCHEME, auditor2.address);
      await expect(
        registry
          .connect(auditor2)
          .grantCertificate(producer.address, SCHEME, 0, 0, 0, NO_UNIT, 0, AUDIT_REPORT),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryNotCertificateIssuer")
        .withArgs(producer.address, SCHEME, auditor2.address);
    });

    it("makes the auditor of a replacing certificate its issuer", async function () {
      const { registry, standardsBody, auditor, auditor2, producer } =
        await loadFixture(certifiedFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor2.address);
      await registry.connect(standardsBody).authorizeAuditor(SCHEME, auditor2.address);
      // Once the first certificate is revoked, another auditor may certify anew.
      await registry.connect(auditor).revokeCertificate(producer.address, SCHEME, REASON);
      await registry
        .connect(auditor2)
        .grantCertificate(producer.address, SCHEME, 0, 0, 0, NO_UNIT, 0, AUDIT_REPORT);
      expect((await registry.certificate(producer.address, SCHEME)).auditor).to.equal(
        auditor2.address,
      );
      await expect(registry.connect(auditor).revokeCertificate(producer.address, SCHEME, REASON))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryNotCertificateIssuer")
        .withArgs(producer.address, SCHEME, auditor.address);
    });
  });

  describe("revokeCertificate", function () {
    it("lets the granting auditor revoke and emits CertificateRevoked", async function () {
      const { registry, auditor, producer } = await loadFixture(certifiedFixture);
      await expect(registry.connect(auditor).revokeCertificate(producer.address, SCHEME, REASON))
        .to.emit(registry, "CertificateRevoked")
        .withArgs(producer.address, SCHEME, auditor.address, REASON);
      expect((await registry.certificate(producer.address, SCHEME)).revoked).to.equal(true);
      expect(await registry.certificateState(producer.address, SCHEME)).to.equal(
        CertificateState.Revoked,
      );
      expect(await registry.isCertified(producer.address, SCHEME)).to.equal(false);
    });

    it("lets the scheme's standards body revoke", async function () {
      const { registry, standardsBody, producer } = await loadFixture(certifiedFixture);
      await expect(
        registry.connect(standardsBody).revokeCertificate(producer.address, SCHEME, ZERO_HASH),
      )
        .to.emit(registry, "CertificateRevoked")
        .withArgs(producer.address, SCHEME, standardsBody.address, ZERO_HASH);
      expect(await registry.isCertified(producer.address, SCHEME)).to.equal(false);
    });

    it("revokes a pending certificate, which never becomes valid", async function () {
      const { registry, auditor, producer, certFrom } = await loadFixture(pendingFixture);
      await expect(registry.connect(auditor).revokeCertificate(producer.address, SCHEME, REASON))
        .to.emit(registry, "CertificateRevoked")
        .withArgs(producer.address, SCHEME, auditor.address, REASON);
      await time.increaseTo(certFrom);
      expect(await registry.certificateState(producer.address, SCHEME)).to.equal(
        CertificateState.Revoked,
      );
    });

    it("refuses anyone who neither granted the certificate nor owns the scheme", async function () {
      const { registry, standardsBody, otherStandardsBody, auditor2, stranger, producer } =
        await loadFixture(certifiedFixture);
      await registry.connect(standardsBody).authorizeAuditor(SCHEME, auditor2.address);
      for (const caller of [stranger, auditor2, otherStandardsBody, producer]) {
        await expect(registry.connect(caller).revokeCertificate(producer.address, SCHEME, REASON))
          .to.be.revertedWithCustomError(registry, "ParticipantRegistryNotCertificateIssuer")
          .withArgs(producer.address, SCHEME, caller.address);
      }
      expect(await registry.isCertified(producer.address, SCHEME)).to.equal(true);
    });

    it("refuses a certificate that does not exist", async function () {
      const { registry, auditor, newcomer } = await loadFixture(certifiedFixture);
      await expect(registry.connect(auditor).revokeCertificate(newcomer.address, SCHEME, REASON))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedCertificateState")
        .withArgs(newcomer.address, SCHEME, CertificateState.None, REVOCABLE);
    });

    it("refuses an expired certificate", async function () {
      const { registry, auditor, producer, certUntil } = await loadFixture(certifiedFixture);
      await time.setNextBlockTimestamp(certUntil);
      await expect(registry.connect(auditor).revokeCertificate(producer.address, SCHEME, REASON))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedCertificateState")
        .withArgs(producer.address, SCHEME, CertificateState.Expired, REVOCABLE);
    });

    it("refuses a certificate already revoked", async function () {
      const { registry, auditor, standardsBody, producer } = await loadFixture(certifiedFixture);
      await registry.connect(auditor).revokeCertificate(producer.address, SCHEME, REASON);
      await expect(
        registry.connect(standardsBody).revokeCertificate(producer.address, SCHEME, REASON),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedCertificateState")
        .withArgs(producer.address, SCHEME, CertificateState.Revoked, REVOCABLE);
    });
  });

  describe("consumeCapacity", function () {
    it("refuses a caller without CAPACITY_CONSUMER_ROLE", async function () {
      const { registry, stranger, producer, CAPACITY_CONSUMER_ROLE } =
        await loadFixture(certifiedFixture);
      await expect(registry.connect(stranger).consumeCapacity(producer.address, SCHEME, 1n, KG))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, CAPACITY_CONSUMER_ROLE);
    });

    it("refuses a contract without CAPACITY_CONSUMER_ROLE", async function () {
      const { registry, consumerMock, producer, CAPACITY_CONSUMER_ROLE } =
        await loadFixture(certifiedFixture);
      await expect(consumerMock.produce(producer.address, SCHEME, 1n, KG))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(await consumerMock.getAddress(), CAPACITY_CONSUMER_ROLE);
    });

    it("lets an account holding the role draw, returning and emitting what is left", async function () {
      const { registry, consumer, producer } = await loadFixture(certifiedFixture);
      expect(
        await registry
          .connect(consumer)
          .consumeCapacity.staticCall(producer.address, SCHEME, 30n, KG),
      ).to.equal(CAPACITY - 30n);
      await expect(registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 30n, KG))
        .to.emit(registry, "CapacityConsumed")
        .withArgs(producer.address, SCHEME, consumer.address, 0n, 30n, CAPACITY - 30n);
      const stored = await registry.certificate(producer.address, SCHEME);
      expect(stored.used).to.equal(30n);
      expect(stored.usagePeriod).to.equal(0n);
    });

    it("lets a contract holding the role draw, naming the contract as consumer", async function () {
      const { registry, consumerMock, governance, producer, CAPACITY_CONSUMER_ROLE } =
        await loadFixture(certifiedFixture);
      const mockAddress = await consumerMock.getAddress();
      await registry.connect(governance).grantRole(CAPACITY_CONSUMER_ROLE, mockAddress);
      await expect(consumerMock.produce(producer.address, SCHEME, 30n, KG))
        .to.emit(registry, "CapacityConsumed")
        .withArgs(producer.address, SCHEME, mockAddress, 0n, 30n, CAPACITY - 30n);
      expect(await consumerMock.lastRemaining()).to.equal(CAPACITY - 30n);
      await consumerMock.produce(producer.address, SCHEME, 45n, KG);
      expect(await consumerMock.lastRemaining()).to.equal(CAPACITY - 75n);
    });

    it("refuses a zero amount", async function () {
      const { registry, consumer, producer } = await loadFixture(certifiedFixture);
      await expect(
        registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 0n, KG),
      ).to.be.revertedWithCustomError(registry, "ParticipantRegistryZeroAmount");
    });

    it("refuses when there is no certificate", async function () {
      const { registry, consumer, auditor2 } = await loadFixture(certifiedFixture);
      await expect(registry.connect(consumer).consumeCapacity(auditor2.address, SCHEME, 1n, KG))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedCertificateState")
        .withArgs(auditor2.address, SCHEME, CertificateState.None, VALID_ONLY);
    });

    it("refuses a participant that is not accredited", async function () {
      const { registry, consumer, newcomer } = await loadFixture(certifiedFixture);
      await expect(registry.connect(consumer).consumeCapacity(newcomer.address, SCHEME, 1n, KG))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedAccreditationState")
        .withArgs(newcomer.address, AccreditationState.None, ACTIVE_ONLY);
    });

    it("refuses a certified participant whose accreditation is revoked, and reports it uncertified", async function () {
      const { registry, registrar, consumer, producer } = await loadFixture(certifiedFixture);
      await registry.connect(registrar).revoke(producer.address, REASON);
      expect(await registry.certificateState(producer.address, SCHEME)).to.equal(
        CertificateState.Valid,
      );
      expect(await registry.isCertified(producer.address, SCHEME)).to.equal(false);
      const [remaining, periodEnd] = await registry.remainingCapacity(producer.address, SCHEME);
      expect([remaining, periodEnd]).to.deep.equal([0n, 0n]);
      await expect(registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 1n, KG))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedAccreditationState")
        .withArgs(producer.address, AccreditationState.Revoked, ACTIVE_ONLY);
    });

    it("refuses when the certificate is pending", async function () {
      const { registry, consumer, producer } = await loadFixture(pendingFixture);
      await expect(registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 1n, KG))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedCertificateState")
        .withArgs(producer.address, SCHEME, CertificateState.Pending, VALID_ONLY);
    });

    it("refuses when the certificate has expired", async function () {
      const { registry, consumer, producer, certUntil } = await loadFixture(certifiedFixture);
      await time.setNextBlockTimestamp(certUntil);
      await expect(registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 1n, KG))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedCertificateState")
        .withArgs(producer.address, SCHEME, CertificateState.Expired, VALID_ONLY);
    });

    it("refuses when the certificate is revoked", async function () {
      const { registry, auditor, consumer, producer } = await loadFixture(certifiedFixture);
      await registry.connect(auditor).revokeCertificate(producer.address, SCHEME, REASON);
      await expect(registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 1n, KG))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnexpectedCertificateState")
        .withArgs(producer.address, SCHEME, CertificateState.Revoked, VALID_ONLY);
    });

    it("refuses a first draw above the whole capacity", async function () {
      const { registry, consumer, producer } = await loadFixture(certifiedFixture);
      await expect(
        registry.connect(consumer).consumeCapacity(producer.address, SCHEME, CAPACITY + 1n, KG),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryCapacityExceeded")
        .withArgs(producer.address, SCHEME, CAPACITY + 1n, CAPACITY);
    });

    it("refuses a draw above what is left, reporting the exact figures", async function () {
      const { registry, consumer, producer } = await loadFixture(certifiedFixture);
      await registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 30n, KG);
      await expect(registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 71n, KG))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryCapacityExceeded")
        .withArgs(producer.address, SCHEME, 71n, 70n);
      expect((await registry.certificate(producer.address, SCHEME)).used).to.equal(30n);
    });

    it("allows drawing exactly to zero and refuses one unit more", async function () {
      const { registry, consumer, producer } = await loadFixture(certifiedFixture);
      await registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 30n, KG);
      await expect(registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 70n, KG))
        .to.emit(registry, "CapacityConsumed")
        .withArgs(producer.address, SCHEME, consumer.address, 0n, 70n, 0n);
      expect((await registry.certificate(producer.address, SCHEME)).used).to.equal(CAPACITY);
      await expect(registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 1n, KG))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryCapacityExceeded")
        .withArgs(producer.address, SCHEME, 1n, 0n);
    });

    it("counts the last second of a period in that period", async function () {
      const { registry, consumer, producer, certFrom } = await loadFixture(certifiedFixture);
      await registry.connect(consumer).consumeCapacity(producer.address, SCHEME, CAPACITY, KG);
      await time.setNextBlockTimestamp(certFrom + PERIOD - 1);
      await expect(registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 1n, KG))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryCapacityExceeded")
        .withArgs(producer.address, SCHEME, 1n, 0n);
    });

    it("restores the full capacity in the next period and reports period 1", async function () {
      const { registry, consumer, producer, certFrom } = await loadFixture(certifiedFixture);
      await registry.connect(consumer).consumeCapacity(producer.address, SCHEME, CAPACITY, KG);
      await time.setNextBlockTimestamp(certFrom + PERIOD);
      await expect(registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 10n, KG))
        .to.emit(registry, "CapacityConsumed")
        .withArgs(producer.address, SCHEME, consumer.address, 1n, 10n, CAPACITY - 10n);
      const stored = await registry.certificate(producer.address, SCHEME);
      expect(stored.used).to.equal(10n);
      expect(stored.usagePeriod).to.equal(1n);
    });

    it("does not count a draw of an earlier period against a later one several periods on", async function () {
      const { registry, consumer, producer, certFrom } = await loadFixture(certifiedFixture);
      await registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 90n, KG);
      await time.setNextBlockTimestamp(certFrom + 5 * PERIOD + 17);
      await expect(
        registry.connect(consumer).consumeCapacity(producer.address, SCHEME, CAPACITY, KG),
      )
        .to.emit(registry, "CapacityConsumed")
        .withArgs(producer.address, SCHEME, consumer.address, 5n, CAPACITY, 0n);
    });

    it("counts periods from a backdated start", async function () {
      const { registry, auditor, consumer, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      const now = await pinNextBlock();
      const from = now - 3 * DAY - HOUR;
      await registry
        .connect(auditor)
        .grantCertificate(producer.address, SCHEME, from, now + DAY, 10n, KG, DAY, AUDIT_REPORT);
      await time.setNextBlockTimestamp(now + 1);
      await expect(registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 4n, KG))
        .to.emit(registry, "CapacityConsumed")
        .withArgs(producer.address, SCHEME, consumer.address, 3n, 4n, 6n);
    });

    it("lets a certificate without capacity be drawn without limit, in period 0", async function () {
      const { registry, auditor, consumer, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      await registry
        .connect(auditor)
        .grantCertificate(producer.address, SCHEME, 0, 0, 0, NO_UNIT, 0, AUDIT_REPORT);
      const huge = 2n ** 200n;
      expect(
        await registry
          .connect(consumer)
          .consumeCapacity.staticCall(producer.address, SCHEME, huge, KG),
      ).to.equal(MAX_UINT256);
      await expect(registry.connect(consumer).consumeCapacity(producer.address, SCHEME, huge, KG))
        .to.emit(registry, "CapacityConsumed")
        .withArgs(producer.address, SCHEME, consumer.address, 0n, huge, MAX_UINT256);
      await time.increase(3 * DAY);
      await expect(registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 1n, KG))
        .to.emit(registry, "CapacityConsumed")
        .withArgs(producer.address, SCHEME, consumer.address, 0n, 1n, MAX_UINT256);
      expect((await registry.certificate(producer.address, SCHEME)).used).to.equal(0n);
    });
  });

  describe("remainingCapacity", function () {
    it("reports the full capacity and the end of the first period after the grant", async function () {
      const { registry, producer, certFrom } = await loadFixture(certifiedFixture);
      const [remaining, periodEnd] = await registry.remainingCapacity(producer.address, SCHEME);
      expect(remaining).to.equal(CAPACITY);
      expect(periodEnd).to.equal(BigInt(certFrom + PERIOD));
    });

    it("reports what is left after a draw", async function () {
      const { registry, consumer, producer, certFrom } = await loadFixture(certifiedFixture);
      await registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 30n, KG);
      const [remaining, periodEnd] = await registry.remainingCapacity(producer.address, SCHEME);
      expect(remaining).to.equal(70n);
      expect(periodEnd).to.equal(BigInt(certFrom + PERIOD));
    });

    it("reports the full capacity again in the next period, with that period's end", async function () {
      const { registry, consumer, producer, certFrom } = await loadFixture(certifiedFixture);
      await registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 30n, KG);
      await time.increaseTo(certFrom + PERIOD - 1);
      let [remaining, periodEnd] = await registry.remainingCapacity(producer.address, SCHEME);
      expect(remaining).to.equal(70n);
      expect(periodEnd).to.equal(BigInt(certFrom + PERIOD));
      await time.increaseTo(certFrom + PERIOD);
      [remaining, periodEnd] = await registry.remainingCapacity(producer.address, SCHEME);
      expect(remaining).to.equal(CAPACITY);
      expect(periodEnd).to.equal(BigInt(certFrom + 2 * PERIOD));
    });

    it("ends the last period with the certificate when the certificate ends first", async function () {
      const { registry, auditor, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      const start = (await time.latest()) + 10;
      // 30 days of validity in 7-day periods: the fifth period is cut short at day 30.
      await registry
        .connect(auditor)
        .grantCertificate(
          producer.address,
          SCHEME,
          start,
          start + 30 * DAY,
          10n,
          KG,
          7 * DAY,
          AUDIT_REPORT,
        );
      await time.increaseTo(start + 28 * DAY);
      const [remaining, periodEnd] = await registry.remainingCapacity(producer.address, SCHEME);
      expect(remaining).to.equal(10n);
      expect(periodEnd).to.equal(BigInt(start + 30 * DAY));
    });

    it("reports (0, 0) when there is no certificate", async function () {
      const { registry, newcomer } = await loadFixture(certifiedFixture);
      const [remaining, periodEnd] = await registry.remainingCapacity(newcomer.address, SCHEME);
      expect(remaining).to.equal(0n);
      expect(periodEnd).to.equal(0n);
    });

    it("reports (0, 0) while the certificate is pending", async function () {
      const { registry, producer } = await loadFixture(pendingFixture);
      const [remaining, periodEnd] = await registry.remainingCapacity(producer.address, SCHEME);
      expect(remaining).to.equal(0n);
      expect(periodEnd).to.equal(0n);
    });

    it("reports (0, 0) once the certificate has expired", async function () {
      const { registry, producer, certUntil } = await loadFixture(certifiedFixture);
      await time.increaseTo(certUntil);
      const [remaining, periodEnd] = await registry.remainingCapacity(producer.address, SCHEME);
      expect(remaining).to.equal(0n);
      expect(periodEnd).to.equal(0n);
    });

    it("reports (0, 0) once the certificate is revoked", async function () {
      const { registry, auditor, producer } = await loadFixture(certifiedFixture);
      await registry.connect(auditor).revokeCertificate(producer.address, SCHEME, REASON);
      const [remaining, periodEnd] = await registry.remainingCapacity(producer.address, SCHEME);
      expect(remaining).to.equal(0n);
      expect(periodEnd).to.equal(0n);
    });

    it("reports (max uint256, 0) for a certificate without capacity", async function () {
      const { registry, auditor, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      await registry
        .connect(auditor)
        .grantCertificate(producer.address, SCHEME, 0, 0, 0, NO_UNIT, 0, AUDIT_REPORT);
      const [remaining, periodEnd] = await registry.remainingCapacity(producer.address, SCHEME);
      expect(remaining).to.equal(MAX_UINT256);
      expect(periodEnd).to.equal(0n);
    });
  });

  describe("certificateState and isCertified", function () {
    it("report None and false for a pair that was never certified", async function () {
      const { registry, producer } = await loadFixture(deployRegistryFixture);
      expect(await registry.certificateState(producer.address, SCHEME)).to.equal(
        CertificateState.None,
      );
      expect(await registry.isCertified(producer.address, SCHEME)).to.equal(false);
      const stored = await registry.certificate(producer.address, SCHEME);
      expect(stored.auditor).to.equal(ethers.ZeroAddress);
    });

    it("report Pending one second before validFrom and Valid at validFrom", async function () {
      const { registry, producer, certFrom } = await loadFixture(pendingFixture);
      await time.increaseTo(certFrom - 1);
      expect(await registry.certificateState(producer.address, SCHEME)).to.equal(
        CertificateState.Pending,
      );
      expect(await registry.isCertified(producer.address, SCHEME)).to.equal(false);
      await time.increaseTo(certFrom);
      expect(await registry.certificateState(producer.address, SCHEME)).to.equal(
        CertificateState.Valid,
      );
      expect(await registry.isCertified(producer.address, SCHEME)).to.equal(true);
    });

    it("report Valid one second before validUntil and Expired at validUntil", async function () {
      const { registry, producer, certUntil } = await loadFixture(certifiedFixture);
      await time.increaseTo(certUntil - 1);
      expect(await registry.certificateState(producer.address, SCHEME)).to.equal(
        CertificateState.Valid,
      );
      expect(await registry.isCertified(producer.address, SCHEME)).to.equal(true);
      await time.increaseTo(certUntil);
      expect(await registry.certificateState(producer.address, SCHEME)).to.equal(
        CertificateState.Expired,
      );
      expect(await registry.isCertified(producer.address, SCHEME)).to.equal(false);
    });

    it("let capacity be drawn at validFrom and in the last second before validUntil", async function () {
      const { registry, consumer, producer, certFrom, certUntil } =
        await loadFixture(pendingFixture);
      await time.setNextBlockTimestamp(certFrom);
      await expect(registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 1n, KG))
        .to.emit(registry, "CapacityConsumed")
        .withArgs(producer.address, SCHEME, consumer.address, 0n, 1n, CAPACITY - 1n);
      await time.setNextBlockTimestamp(certUntil - 1);
      await expect(registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 1n, KG))
        .to.emit(registry, "CapacityConsumed")
        .withArgs(producer.address, SCHEME, consumer.address, 29n, 1n, CAPACITY - 1n);
    });

    it("report Revoked and false after revocation, also past validUntil", async function () {
      const { registry, auditor, producer, certUntil } = await loadFixture(certifiedFixture);
      await registry.connect(auditor).revokeCertificate(producer.address, SCHEME, REASON);
      expect(await registry.certificateState(producer.address, SCHEME)).to.equal(
        CertificateState.Revoked,
      );
      expect(await registry.isCertified(producer.address, SCHEME)).to.equal(false);
      await time.increaseTo(certUntil + DAY);
      expect(await registry.certificateState(producer.address, SCHEME)).to.equal(
        CertificateState.Revoked,
      );
    });

    it("keep certificates of one scheme apart from another scheme", async function () {
      const { registry, producer } = await loadFixture(certifiedFixture);
      expect(await registry.isCertified(producer.address, SCHEME)).to.equal(true);
      expect(await registry.isCertified(producer.address, OTHER_SCHEME)).to.equal(false);
      expect(await registry.certificateState(producer.address, OTHER_SCHEME)).to.equal(
        CertificateState.None,
      );
    });
  });
  describe("nobody acts on their own standing", function () {
    for (const action of ["setRoles", "suspend", "reinstate", "renew", "revoke"] as const) {
      it(`refuses a registrar that calls ${action} on itself`, async function () {
        const { registry, registrar, accreditedUntil } = await loadFixture(deployRegistryFixture);
        const self = registrar.address;
        const asRegistrar = registry.connect(registrar);
        const calls = {
          setRoles: () => asRegistrar.setRoles(self, roleSet(Role.StandardsBody)),
          suspend: () => asRegistrar.suspend(self, REASON),
          reinstate: () => asRegistrar.reinstate(self),
          renew: () => asRegistrar.renew(self, accreditedUntil + DAY, EVIDENCE),
          revoke: () => asRegistrar.revoke(self, REASON),
        };
        await expect(calls[action]())
          .to.be.revertedWithCustomError(registry, "ParticipantRegistrySelfAccreditation")
          .withArgs(self);
      });
    }

    it("refuses a registrar reinstating itself after another registrar suspended it", async function () {
      const { registry, governance, registrar, stranger, accreditedUntil } =
        await loadFixture(deployRegistryFixture);
      // A second registrar, itself accredited as a customer by the first.
      await registry
        .connect(governance)
        .grantRole(await registry.REGISTRAR_ROLE(), stranger.address);
      await registry
        .connect(registrar)
        .accredit(stranger.address, roleSet(Role.Customer), accreditedUntil, EVIDENCE);
      await registry.connect(registrar).suspend(stranger.address, REASON);
      await expect(registry.connect(stranger).reinstate(stranger.address))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistrySelfAccreditation")
        .withArgs(stranger.address);
      expect(await registry.accreditationState(stranger.address)).to.equal(
        AccreditationState.Suspended,
      );
    });

    it("refuses a standards body that authorises itself as an auditor", async function () {
      const { registry, registrar, standardsBody } = await loadFixture(deployRegistryFixture);
      await registry
        .connect(registrar)
        .setRoles(standardsBody.address, roleSet(Role.StandardsBody, Role.Auditor));
      await expect(registry.connect(standardsBody).authorizeAuditor(SCHEME, standardsBody.address))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistrySelfCertification")
        .withArgs(standardsBody.address);
    });

    it("refuses a suspended auditor revoking a certificate it granted", async function () {
      const { registry, registrar, auditor, producer } = await loadFixture(certifiedFixture);
      await registry.connect(registrar).suspend(auditor.address, REASON);
      await expect(registry.connect(auditor).revokeCertificate(producer.address, SCHEME, REASON))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryNotCertificateIssuer")
        .withArgs(producer.address, SCHEME, auditor.address);
    });

    it("refuses a revoked standards body revoking a certificate under its scheme", async function () {
      const { registry, registrar, standardsBody, producer } = await loadFixture(certifiedFixture);
      await registry.connect(registrar).revoke(standardsBody.address, REASON);
      await expect(
        registry.connect(standardsBody).revokeCertificate(producer.address, SCHEME, REASON),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryNotCertificateIssuer")
        .withArgs(producer.address, SCHEME, standardsBody.address);
    });
  });
});
