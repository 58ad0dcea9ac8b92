import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { CertificateState, Role } from "../helpers/roles.js";
import {
  DAY,
  deployRegistryFixture,
  docHash,
  HOUR,
  OTHER_SCHEME,
  type RegistryFixture,
  SCHEME,
} from "./fixture.js";

/**
 * The certification rules of issue 8: only active parties act, a scheme whose standards body
 * lost its accreditation grants nothing until governance hands it over, a participant chooses
 * its auditor, a revocation never refills capacity, and a capacity names its unit.
 */

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

const ZERO_ADDRESS = ethers.ZeroAddress;
const KG = ethers.encodeBytes32String("kg").slice(0, 18);
const PCS = ethers.encodeBytes32String("pcs").slice(0, 18);
const NO_UNIT = "0x0000000000000000";
const CAPACITY = 100n;
const AUDIT_REPORT = docHash("audit-report:producer");
const REASON = docHash("reason:body-lost-accreditation");

/** The base fixture, with the producer certified by the auditor: 100 kg per day for 30 days. */
async function certifiedFixture(connection: NetworkConnection) {
  const base = await deployRegistryFixture(connection);
  const { registry, producer, auditor } = base;
  await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
  const until = (await time.latest()) + 30 * DAY;
  await registry
    .connect(auditor)
    .grantCertificate(producer.address, SCHEME, 0, until, CAPACITY, KG, DAY, AUDIT_REPORT);
  return base;
}

type Loss = "suspended" | "lapsed" | "revoked";
const LOSSES: readonly Loss[] = ["suspended", "lapsed", "revoked"];

/**
 * Makes `who` lose its accreditation in the way `how` names; a lapse is a renewal to an hour from
 * now, followed by that hour.
 */
async function lose(f: RegistryFixture, who: string, how: Loss): Promise<void> {
  const { registry, registrar } = f;
  if (how === "suspended") await registry.connect(registrar).suspend(who, REASON);
  else if (how === "revoked") await registry.connect(registrar).revoke(who, REASON);
  else {
    const soon = (await time.latest()) + HOUR;
    await registry.connect(registrar).renew(who, soon, docHash(`short renewal:${who}`));
    await time.increaseTo(soon);
  }
}

describe("ParticipantRegistry: certification rules", function () {
  describe("only active parties act", function () {
    for (const how of LOSSES) {
      it(`refuses a ${how} auditor granting, renewing or revoking`, async function () {
        const f = await loadFixture(certifiedFixture);
        const { registry, auditor, producer } = f;
        await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
        await lose(f, auditor.address, how);
        await expect(
          registry
            .connect(auditor)
            .grantCertificate(producer.address, SCHEME, 0, 0, 0, NO_UNIT, 0, AUDIT_REPORT),
        )
          .to.be.revertedWithCustomError(registry, "ParticipantRegistryNotActive")
          .withArgs(auditor.address, Role.Auditor);
        await expect(registry.connect(auditor).revokeCertificate(producer.address, SCHEME, REASON))
          .to.be.revertedWithCustomError(registry, "ParticipantRegistryNotCertificateIssuer")
          .withArgs(producer.address, SCHEME, auditor.address);
      });

      it(`refuses a ${how} standards body authorising, deauthorising or revoking`, async function () {
        const f = await loadFixture(certifiedFixture);
        const { registry, standardsBody, auditor, auditor2, producer } = f;
        await lose(f, standardsBody.address, how);
        await expect(registry.connect(standardsBody).authorizeAuditor(SCHEME, auditor2.address))
          .to.be.revertedWithCustomError(registry, "ParticipantRegistryNotActive")
          .withArgs(standardsBody.address, Role.StandardsBody);
        await expect(registry.connect(standardsBody).deauthorizeAuditor(SCHEME, auditor.address))
          .to.be.revertedWithCustomError(registry, "ParticipantRegistryNotActive")
          .withArgs(standardsBody.address, Role.StandardsBody);
        await expect(
          registry.connect(standardsBody).revokeCertificate(producer.address, SCHEME, REASON),
        )
          .to.be.revertedWithCustomError(registry, "ParticipantRegistryNotCertificateIssuer")
          .withArgs(producer.address, SCHEME, standardsBody.address);
      });
    }
  });

  describe("a scheme whose standards body lost its accreditation", function () {
    for (const how of LOSSES) {
      it(`grants nothing while its body is ${how}, naming scheme and body`, async function () {
        const f = await loadFixture(certifiedFixture);
        const { registry, standardsBody, auditor, producer } = f;
        await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
        await lose(f, standardsBody.address, how);
        await expect(
          registry
            .connect(auditor)
            .grantCertificate(producer.address, SCHEME, 0, 0, 0, NO_UNIT, 0, AUDIT_REPORT),
        )
          .to.be.revertedWithCustomError(registry, "ParticipantRegistrySchemeBodyInactive")
          .withArgs(SCHEME, standardsBody.address);
        // The auditor may still revoke what it granted.
        await expect(registry.connect(auditor).revokeCertificate(producer.address, SCHEME, REASON))
          .to.emit(registry, "CertificateRevoked")
          .withArgs(producer.address, SCHEME, auditor.address, REASON);
      });
    }

    it("grants nothing when its body no longer holds the standards-body role", async function () {
      const { registry, registrar, standardsBody, auditor, producer } =
        await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      await registry.connect(registrar).setRoles(standardsBody.address, 1 << Role.Auditor);
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(producer.address, SCHEME, 0, 0, 0, NO_UNIT, 0, AUDIT_REPORT),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistrySchemeBodyInactive")
        .withArgs(SCHEME, standardsBody.address);
    });

    it("grants again once governance hands the scheme to an active body", async function () {
      const f = await loadFixture(deployRegistryFixture);
      const { registry, governance, standardsBody, otherStandardsBody, auditor, producer } = f;
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      await lose(f, standardsBody.address, "revoked");
      await registry.connect(governance).transferScheme(SCHEME, otherStandardsBody.address, REASON);
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(producer.address, SCHEME, 0, 0, 0, NO_UNIT, 0, AUDIT_REPORT),
      ).to.emit(registry, "CertificateGranted");
      expect(await registry.isCertified(producer.address, SCHEME)).to.equal(true);
    });
  });

  describe("transferScheme", function () {
    it("hands the scheme to another active body and emits SchemeTransferred", async function () {
      const { registry, governance, standardsBody, otherStandardsBody } =
        await loadFixture(deployRegistryFixture);
      const before = await registry.scheme(SCHEME);
      await expect(
        registry.connect(governance).transferScheme(SCHEME, otherStandardsBody.address, REASON),
      )
        .to.emit(registry, "SchemeTransferred")
        .withArgs(SCHEME, standardsBody.address, otherStandardsBody.address, REASON);
      const after = await registry.scheme(SCHEME);
      expect(after.standardsBody).to.equal(otherStandardsBody.address);
      expect(after.documentHash).to.equal(before.documentHash);
      expect(after.defaultValidity).to.equal(before.defaultValidity);
    });

    it("gives the new body the scheme's powers and takes them from the old one", async function () {
      const {
        registry,
        governance,
        standardsBody,
        otherStandardsBody,
        auditor,
        auditor2,
        producer,
      } = await loadFixture(certifiedFixture);
      await registry.connect(governance).transferScheme(SCHEME, otherStandardsBody.address, REASON);
      // Authorisations stay; the new body manages them.
      expect(await registry.isAuthorizedAuditor(SCHEME, auditor.address)).to.equal(true);
      await expect(registry.connect(standardsBody).authorizeAuditor(SCHEME, auditor2.address))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryNotSchemeOwner")
        .withArgs(SCHEME, standardsBody.address, otherStandardsBody.address);
      await expect(
        registry.connect(standardsBody).revokeCertificate(producer.address, SCHEME, REASON),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryNotCertificateIssuer")
        .withArgs(producer.address, SCHEME, standardsBody.address);
      await expect(registry.connect(otherStandardsBody).authorizeAuditor(SCHEME, auditor2.address))
        .to.emit(registry, "AuditorAuthorized")
        .withArgs(SCHEME, auditor2.address, otherStandardsBody.address);
      await expect(
        registry.connect(otherStandardsBody).revokeCertificate(producer.address, SCHEME, REASON),
      )
        .to.emit(registry, "CertificateRevoked")
        .withArgs(producer.address, SCHEME, otherStandardsBody.address, REASON);
    });

    it("refuses every caller but governance", async function () {
      const f = await loadFixture(deployRegistryFixture);
      const { registry, otherStandardsBody, DEFAULT_ADMIN_ROLE } = f;
      for (const caller of [
        f.deployer,
        f.registrar,
        f.standardsBody,
        otherStandardsBody,
        f.stranger,
      ]) {
        await expect(
          registry.connect(caller).transferScheme(SCHEME, otherStandardsBody.address, REASON),
        )
          .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, DEFAULT_ADMIN_ROLE);
      }
      expect((await registry.scheme(SCHEME)).standardsBody).to.equal(f.standardsBody.address);
    });

    it("refuses an unknown scheme", async function () {
      const { registry, governance, otherStandardsBody } = await loadFixture(deployRegistryFixture);
      await expect(
        registry
          .connect(governance)
          .transferScheme(OTHER_SCHEME, otherStandardsBody.address, REASON),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnknownScheme")
        .withArgs(OTHER_SCHEME);
    });

    it("refuses the scheme's own body", async function () {
      const { registry, governance, standardsBody } = await loadFixture(deployRegistryFixture);
      await expect(
        registry.connect(governance).transferScheme(SCHEME, standardsBody.address, REASON),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistrySameStandardsBody")
        .withArgs(SCHEME, standardsBody.address);
    });

    it("refuses a new body that is not an active standards body", async function () {
      const f = await loadFixture(deployRegistryFixture);
      const { registry, registrar, governance, otherStandardsBody, auditor } = f;
      await registry.connect(registrar).suspend(otherStandardsBody.address, REASON);
      for (const candidate of [otherStandardsBody.address, auditor.address, ZERO_ADDRESS]) {
        await expect(registry.connect(governance).transferScheme(SCHEME, candidate, REASON))
          .to.be.revertedWithCustomError(registry, "ParticipantRegistryNotActive")
          .withArgs(candidate, Role.StandardsBody);
      }
    });
  });

  describe("requestCertificate", function () {
    it("records the participant's chosen auditor and emits CertificateRequested", async function () {
      const { registry, auditor, producer } = await loadFixture(deployRegistryFixture);
      expect(await registry.requestedAuditor(producer.address, SCHEME)).to.equal(ZERO_ADDRESS);
      await expect(registry.connect(producer).requestCertificate(SCHEME, auditor.address))
        .to.emit(registry, "CertificateRequested")
        .withArgs(producer.address, SCHEME, auditor.address);
      expect(await registry.requestedAuditor(producer.address, SCHEME)).to.equal(auditor.address);
    });

    it("replaces an earlier request, and withdraws it with the zero address", async function () {
      const { registry, auditor, auditor2, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      await registry.connect(producer).requestCertificate(SCHEME, auditor2.address);
      expect(await registry.requestedAuditor(producer.address, SCHEME)).to.equal(auditor2.address);
      await expect(registry.connect(producer).requestCertificate(SCHEME, ZERO_ADDRESS))
        .to.emit(registry, "CertificateRequested")
        .withArgs(producer.address, SCHEME, ZERO_ADDRESS);
      expect(await registry.requestedAuditor(producer.address, SCHEME)).to.equal(ZERO_ADDRESS);
    });

    it("refuses an unknown scheme", async function () {
      const { registry, auditor, producer } = await loadFixture(deployRegistryFixture);
      await expect(registry.connect(producer).requestCertificate(OTHER_SCHEME, auditor.address))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnknownScheme")
        .withArgs(OTHER_SCHEME);
    });

    it("refuses a participant asking itself", async function () {
      const { registry, auditor } = await loadFixture(deployRegistryFixture);
      await expect(registry.connect(auditor).requestCertificate(SCHEME, auditor.address))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistrySelfCertification")
        .withArgs(auditor.address);
    });
  });

  describe("grantCertificate needs the participant's request", function () {
    it("refuses a grant nobody asked for", async function () {
      const { registry, auditor, producer } = await loadFixture(deployRegistryFixture);
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(producer.address, SCHEME, 0, 0, 0, NO_UNIT, 0, AUDIT_REPORT),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryCertificateNotRequested")
        .withArgs(producer.address, SCHEME, auditor.address, ZERO_ADDRESS);
      expect(await registry.certificateState(producer.address, SCHEME)).to.equal(
        CertificateState.None,
      );
    });

    it("refuses an auditor the participant did not ask for", async function () {
      const { registry, standardsBody, auditor, auditor2, producer } =
        await loadFixture(deployRegistryFixture);
      await registry.connect(standardsBody).authorizeAuditor(SCHEME, auditor2.address);
      await registry.connect(producer).requestCertificate(SCHEME, auditor2.address);
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(producer.address, SCHEME, 0, 0, 0, NO_UNIT, 0, AUDIT_REPORT),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryCertificateNotRequested")
        .withArgs(producer.address, SCHEME, auditor.address, auditor2.address);
    });

    it("consumes the request, so a renewal needs a new one", async function () {
      const { registry, auditor, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      await registry
        .connect(auditor)
        .grantCertificate(producer.address, SCHEME, 0, 0, 0, NO_UNIT, 0, AUDIT_REPORT);
      expect(await registry.requestedAuditor(producer.address, SCHEME)).to.equal(ZERO_ADDRESS);
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(producer.address, SCHEME, 0, 0, 0, NO_UNIT, 0, AUDIT_REPORT),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryCertificateNotRequested")
        .withArgs(producer.address, SCHEME, auditor.address, ZERO_ADDRESS);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(producer.address, SCHEME, 0, 0, 0, NO_UNIT, 0, AUDIT_REPORT),
      ).to.emit(registry, "CertificateGranted");
    });
  });

  describe("a revocation never refills capacity", function () {
    for (const revoker of ["auditor", "standardsBody"] as const) {
      it(`carries this period's draw into another auditor's grant after the ${revoker} revoked`, async function () {
        const f = await loadFixture(certifiedFixture);
        const { registry, standardsBody, auditor2, consumer, producer } = f;
        await registry.connect(standardsBody).authorizeAuditor(SCHEME, auditor2.address);
        await registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 70n, KG);
        await registry.connect(f[revoker]).revokeCertificate(producer.address, SCHEME, REASON);
        await registry.connect(producer).requestCertificate(SCHEME, auditor2.address);
        await registry
          .connect(auditor2)
          .grantCertificate(producer.address, SCHEME, 0, 0, CAPACITY, KG, DAY, AUDIT_REPORT);
        const stored = await registry.certificate(producer.address, SCHEME);
        expect(stored.auditor).to.equal(auditor2.address);
        expect(stored.used).to.equal(70n);
        expect((await registry.remainingCapacity(producer.address, SCHEME))[0]).to.equal(30n);
        await expect(registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 31n, KG))
          .to.be.revertedWithCustomError(registry, "ParticipantRegistryCapacityExceeded")
          .withArgs(producer.address, SCHEME, 31n, 30n);
      });
    }

    it("starts a grant after a revoked certificate's window ended with nothing drawn", async function () {
      const f = await loadFixture(certifiedFixture);
      const { registry, standardsBody, auditor, auditor2, consumer, producer } = f;
      await registry.connect(standardsBody).authorizeAuditor(SCHEME, auditor2.address);
      await registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 70n, KG);
      await registry.connect(auditor).revokeCertificate(producer.address, SCHEME, REASON);
      await time.increase(31 * DAY);
      await registry.connect(producer).requestCertificate(SCHEME, auditor2.address);
      await registry
        .connect(auditor2)
        .grantCertificate(producer.address, SCHEME, 0, 0, CAPACITY, KG, DAY, AUDIT_REPORT);
      expect((await registry.certificate(producer.address, SCHEME)).used).to.equal(0n);
    });
  });

  describe("capacity units", function () {
    it("refuses a capacity without a unit", async function () {
      const { registry, auditor, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(producer.address, SCHEME, 0, 0, CAPACITY, NO_UNIT, DAY, AUDIT_REPORT),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryMissingCapacityUnit")
        .withArgs(CAPACITY);
    });

    it("stores the unit and emits it with the grant", async function () {
      const { registry, auditor, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      const tx = registry
        .connect(auditor)
        .grantCertificate(producer.address, SCHEME, 0, 0, CAPACITY, KG, DAY, AUDIT_REPORT);
      await expect(tx).to.emit(registry, "CertificateGranted");
      const receipt = await (await tx).wait();
      const event = receipt!.logs
        .map((log) => registry.interface.parseLog(log))
        .find((parsed) => parsed?.name === "CertificateGranted");
      expect(event!.args.capacityUnit).to.equal(KG);
      expect((await registry.certificate(producer.address, SCHEME)).capacityUnit).to.equal(KG);
    });

    it("refuses a draw in another unit, or in none", async function () {
      const { registry, consumer, producer } = await loadFixture(certifiedFixture);
      for (const unit of [PCS, NO_UNIT]) {
        await expect(registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 1n, unit))
          .to.be.revertedWithCustomError(registry, "ParticipantRegistryWrongCapacityUnit")
          .withArgs(KG, unit);
      }
      expect((await registry.certificate(producer.address, SCHEME)).used).to.equal(0n);
    });

    it("holds a certificate without a capacity to the unit it names, if any", async function () {
      const { registry, auditor, consumer, producer } = await loadFixture(deployRegistryFixture);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      await registry
        .connect(auditor)
        .grantCertificate(producer.address, SCHEME, 0, 0, 0, NO_UNIT, 0, AUDIT_REPORT);
      for (const unit of [KG, PCS]) {
        await registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 5n, unit);
      }
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      await registry
        .connect(auditor)
        .grantCertificate(producer.address, SCHEME, 0, 0, 0, PCS, 0, AUDIT_REPORT);
      await registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 5n, PCS);
      await expect(registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 5n, KG))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryWrongCapacityUnit")
        .withArgs(PCS, KG);
    });

    it("refuses a replacement in another unit once capacity was drawn this period", async function () {
      const { registry, auditor, consumer, producer } = await loadFixture(certifiedFixture);
      await registry.connect(consumer).consumeCapacity(producer.address, SCHEME, 1n, KG);
      await registry.connect(producer).requestCertificate(SCHEME, auditor.address);
      await expect(
        registry
          .connect(auditor)
          .grantCertificate(producer.address, SCHEME, 0, 0, CAPACITY, PCS, DAY, AUDIT_REPORT),
      )
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryWrongCapacityUnit")
        .withArgs(KG, PCS);
      // With nothing drawn this period, the unit may change.
      await time.increase(DAY);
      await registry
        .connect(auditor)
        .grantCertificate(producer.address, SCHEME, 0, 0, CAPACITY, PCS, DAY, AUDIT_REPORT);
      expect((await registry.certificate(producer.address, SCHEME)).capacityUnit).to.equal(PCS);
    });
  });
});
