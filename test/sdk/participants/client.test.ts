import { expect } from "chai";
import { encodeBytes32String, id, ZeroAddress, ZeroHash } from "ethers";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import {
  type Certificate,
  ContractRevertedError,
  decodeError,
  formatTime,
  type Hash,
  InputErrorCode,
  type Participant,
  type RoleName,
  ParticipantRegistry__factory,
  ParticipantsClient,
  type Scheme,
  type TxResult,
} from "../../../src/index.js";
import { expectInputError, rejection, thrown } from "../helpers.js";
import { ADMIN_DELAY } from "../../helpers/governance.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

const HOUR = 3600;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

/** A deterministic stand-in for the hash of an off-chain document, typed as the SDK types it. */
function docHash(label: string): Hash {
  return id(label) as Hash;
}

const REGISTRAR_ROLE = docHash("REGISTRAR_ROLE");
const SCHEME = "AS9100D";
const SCHEME_ID = encodeBytes32String(SCHEME) as Hash;
const OTHER_SCHEME = "ISO-9001:2015";
const SCHEME_DOCUMENT = docHash("scheme-document:AS9100D");
const DEFAULT_VALIDITY = 180 * DAY;

const EVIDENCE = docHash("evidence:accreditation");
const NEW_EVIDENCE = docHash("evidence:renewal");
const AUDIT_REPORT = docHash("audit-report:producer");
const REASON = docHash("reason:audit-finding");
const KG = encodeBytes32String("kg").slice(0, 18);

/** The bitmask states the contract reports in its `Unexpected*State` errors. */
const ACCREDITABLE = (1 << 0) | (1 << 4); // none or revoked
const SUSPENDED_ONLY = 1 << 2;
const ACTIVE_ONLY = 1 << 1;

function signerAt(signers: HardhatEthersSigner[], index: number): HardhatEthersSigner {
  const signer = signers[index];
  if (signer === undefined) throw new Error(`the fixture needs at least ${index + 1} signers`);
  return signer;
}

/**
 * Deploys the registry with a governance distinct from the deployer and, through the SDK, appoints
 * a registrar. `accreditedUntil` is a year after the chain's time at the start.
 */
async function registryFixture() {
  const signers = await ethers.getSigners();
  const signer = (index: number) => signerAt(signers, index);
  const deployer = signer(0);
  const governance = signer(1);
  const registrar = signer(2);
  const registrar2 = signer(3);
  const standardsBody = signer(4);
  const auditor = signer(5);
  const auditor2 = signer(6);
  const producer = signer(7);
  const newcomer = signer(8);
  const stranger = signer(9);
  const consumer = signer(10);

  const registry = await ethers.deployContract(
    "ParticipantRegistry",
    [governance.address, ADMIN_DELAY],
    deployer,
  );
  const address = await registry.getAddress();
  const asGovernance = new ParticipantsClient(address, governance);
  await asGovernance.appointRegistrar(registrar.address);
  const accreditedUntil = (await time.latest()) + YEAR;

  return {
    registry,
    address,
    accreditedUntil,
    asGovernance,
    asRegistrar: asGovernance.connect(registrar),
    deployer,
    governance,
    registrar,
    registrar2,
    standardsBody,
    auditor,
    auditor2,
    producer,
    newcomer,
    stranger,
    consumer,
  };
}

/**
 * The registry fixture plus, all through the SDK: a standards body, two auditors and a producer
 * (producer and manufacturer) accredited until `accreditedUntil`; the standards body defines
 * {SCHEME} and authorises the first auditor.
 */
async function schemeFixture() {
  const base = await registryFixture();
  const { asRegistrar, accreditedUntil } = base;
  const accredit = (participant: string, roles: string) =>
    asRegistrar.accredit({
      participant,
      roles,
      validUntil: accreditedUntil,
      evidenceHash: id(`evidence:${participant}`),
    });
  await accredit(base.standardsBody.address, "standards-body");
  await accredit(base.auditor.address, "auditor");
  await accredit(base.auditor2.address, "auditor");
  await accredit(base.producer.address, "producer,manufacturer");

  const asStandardsBody = asRegistrar.connect(base.standardsBody);
  await asStandardsBody.defineScheme({
    scheme: SCHEME,
    documentHash: SCHEME_DOCUMENT,
    defaultValidity: DEFAULT_VALIDITY,
  });
  await asStandardsBody.authorizeAuditor({ scheme: SCHEME, auditor: base.auditor.address });
  // The producer asks the auditor for a certificate, which the first grant of a test consumes.
  const asProducer = asRegistrar.connect(base.producer);
  await asProducer.requestCertificate({ scheme: SCHEME, auditor: base.auditor.address });
  return { ...base, asStandardsBody, asProducer, asAuditor: asRegistrar.connect(base.auditor) };
}

/** The timestamp of the block a transaction was mined in. */
async function minedAt(result: TxResult): Promise<number> {
  const block = await ethers.provider.getBlock(result.blockNumber);
  if (block === null) throw new Error(`block ${result.blockNumber} not found`);
  return block.timestamp;
}

/** What the chain shows of an account that could send: its nonce, and the chain's height. */
async function sendingState(account: string): Promise<[number, number]> {
  return [
    await ethers.provider.getTransactionCount(account),
    await ethers.provider.getBlockNumber(),
  ];
}

/**
 * Asserts that `action` is refused with an InputError of `code` naming `parts`, and that nothing
 * was sent: `signer`'s nonce and the chain's height are unchanged.
 */
async function expectRefusedBeforeSending(
  signer: { address: string },
  action: () => Promise<unknown>,
  code: InputErrorCode,
  ...parts: string[]
): Promise<void> {
  const before = await sendingState(signer.address);
  expectInputError(await rejection(action), code, ...parts);
  expect(await sendingState(signer.address)).to.deep.equal(before);
}

/**
 * Asserts that the contract refused `action` with `errorName(args)`, decoded to a sentence, and
 * that it was refused at gas estimation: `signer`'s nonce and the chain's height are unchanged.
 */
async function expectContractRefusal(
  signer: { address: string },
  action: () => Promise<unknown>,
  errorName: string,
  args: unknown[],
): Promise<ContractRevertedError> {
  const before = await sendingState(signer.address);
  const error = await rejection(action);
  expect(error).to.be.an.instanceOf(ContractRevertedError);
  const reverted = error as ContractRevertedError;
  expect(reverted.errorName).to.equal(errorName);
  expect(reverted.args).to.deep.equal(args);
  expect(reverted.shortMessage).to.match(/^\S.*\.$/s);
  expect(reverted.shortMessage).not.to.equal(`The contract refused: ${errorName}.`);
  expect(await sendingState(signer.address)).to.deep.equal(before);
  return reverted;
}

/** Asserts the plain shape of a TxResult and that it matches the chain's receipt. */
async function expectTxResult(result: TxResult): Promise<void> {
  expect(Object.keys(result).sort()).to.deep.equal(["blockNumber", "gasUsed", "hash"]);
  expect(result.hash).to.match(/^0x[0-9a-f]{64}$/);
  expect(result.blockNumber).to.be.a("number");
  expect(result.gasUsed > 0n).to.equal(true);
  const receipt = await ethers.provider.getTransactionReceipt(result.hash);
  expect(receipt?.status).to.equal(1);
  expect(receipt?.blockNumber).to.equal(result.blockNumber);
  expect(receipt?.gasUsed).to.equal(result.gasUsed);
}

describe("ParticipantsClient", function () {
  describe("construction", function () {
    it("checksums the registry address and keeps it across connect()", async function () {
      const { address, stranger } = await loadFixture(registryFixture);
      const client = new ParticipantsClient(address.toLowerCase(), ethers.provider);
      expect(client.address).to.equal(address);
      expect(client.connect(stranger).address).to.equal(address);
    });

    it("builds from an address book", async function () {
      const { address, governance } = await loadFixture(registryFixture);
      const book = {
        chainId: 31337,
        network: "default",
        governance: governance.address,
        startBlock: 0,
        deployedAt: "",
        contracts: {
          ParticipantRegistry: address,
          PartRegistry: address,
          InvoiceEscrow: address,
          ProcurementAuction: address,
          CoreRegistry: address,
          LicenceRegistry: address,
          WarrantyRegistry: address,
          CoreCharges: address,
        },
      };
      const client = ParticipantsClient.fromAddressBook(book, ethers.provider);
      expect(client.address).to.equal(address);
      expect(await client.isGovernance(governance.address)).to.equal(true);
    });

    it("refuses a registry address that is not an address with SC100", function () {
      expectInputError(
        thrown(() => new ParticipantsClient("0x1234", ethers.provider)),
        InputErrorCode.InvalidAddress,
        "participant registry address",
      );
    });
  });

  describe("governance", function () {
    it("appoints a registrar, returning a plain TxResult", async function () {
      const { asGovernance, registrar2 } = await loadFixture(registryFixture);
      expect(await asGovernance.isRegistrar(registrar2.address)).to.equal(false);
      const result = await asGovernance.appointRegistrar(registrar2.address);
      await expectTxResult(result);
      expect(result.blockNumber).to.equal(await ethers.provider.getBlockNumber());
      expect(await asGovernance.isRegistrar(registrar2.address)).to.equal(true);
    });

    it("removes a registrar", async function () {
      const { asGovernance, registrar } = await loadFixture(registryFixture);
      expect(await asGovernance.isRegistrar(registrar.address)).to.equal(true);
      await expectTxResult(await asGovernance.removeRegistrar(registrar.address));
      expect(await asGovernance.isRegistrar(registrar.address)).to.equal(false);
    });

    it("tells governance from other accounts", async function () {
      const { asGovernance, governance, deployer, registrar } = await loadFixture(registryFixture);
      expect(await asGovernance.isGovernance(governance.address)).to.equal(true);
      expect(await asGovernance.isGovernance(deployer.address)).to.equal(false);
      expect(await asGovernance.isGovernance(registrar.address)).to.equal(false);
    });

    it("accepts addresses in lower case", async function () {
      const { asGovernance, registrar2 } = await loadFixture(registryFixture);
      await asGovernance.appointRegistrar(registrar2.address.toLowerCase());
      expect(await asGovernance.isRegistrar(registrar2.address.toLowerCase())).to.equal(true);
    });
  });

  describe("accreditation", function () {
    it("accredits a participant, which getParticipant returns as a domain object", async function () {
      const { asRegistrar, registrar, newcomer, accreditedUntil } =
        await loadFixture(registryFixture);
      const result = await asRegistrar.accredit({
        participant: newcomer.address,
        roles: "Manufacturer, test_lab",
        validUntil: new Date(accreditedUntil * 1000),
        evidenceHash: EVIDENCE,
      });
      await expectTxResult(result);
      const expected: Participant = {
        address: newcomer.address,
        state: "active",
        roles: ["manufacturer", "test-lab"],
        validUntil: BigInt(accreditedUntil),
        registrar: registrar.address,
        evidenceHash: EVIDENCE,
      };
      expect(await asRegistrar.getParticipant(newcomer.address)).to.deep.equal(expected);
      expect(await asRegistrar.getParticipant(newcomer.address.toLowerCase())).to.deep.equal(
        expected,
      );
    });

    it("takes the expiry as a Date, unix seconds or a bigint, and the roles as a list", async function () {
      const { asRegistrar, newcomer, stranger, producer, accreditedUntil } =
        await loadFixture(registryFixture);
      const cases: [string, Date | number | bigint][] = [
        [newcomer.address, new Date(accreditedUntil * 1000 + 999)],
        [stranger.address, accreditedUntil],
        [producer.address, BigInt(accreditedUntil)],
      ];
      for (const [participant, validUntil] of cases) {
        await asRegistrar.accredit({
          participant,
          roles: ["device", "Producer"],
          validUntil,
          evidenceHash: EVIDENCE,
        });
        const stored = await asRegistrar.getParticipant(participant);
        expect(stored.validUntil).to.equal(BigInt(accreditedUntil));
        expect(stored.roles).to.deep.equal(["producer", "device"]);
      }
    });

    it("shows a never-accredited address as state none with nothing else", async function () {
      const { asRegistrar, stranger } = await loadFixture(registryFixture);
      const expected: Participant = {
        address: stranger.address,
        state: "none",
        roles: [],
        validUntil: 0n,
        registrar: undefined,
        evidenceHash: undefined,
      };
      expect(await asRegistrar.getParticipant(stranger.address)).to.deep.equal(expected);
    });

    it("replaces the roles with setRoles", async function () {
      const { asRegistrar, producer } = await loadFixture(schemeFixture);
      await expectTxResult(
        await asRegistrar.setRoles({
          participant: producer.address,
          roles: ["remanufacturer", "inspector"],
        }),
      );
      const stored = await asRegistrar.getParticipant(producer.address);
      expect(stored.roles).to.deep.equal(["inspector", "remanufacturer"]);
      expect(stored.state).to.equal("active");
      expect(await asRegistrar.isActive({ account: producer.address, role: "inspector" })).to.equal(
        true,
      );
      expect(await asRegistrar.isActive({ account: producer.address, role: "producer" })).to.equal(
        false,
      );
    });

    it("suspends and reinstates", async function () {
      const { asRegistrar, producer } = await loadFixture(schemeFixture);
      await expectTxResult(
        await asRegistrar.suspend({ participant: producer.address, reasonHash: REASON }),
      );
      expect((await asRegistrar.getParticipant(producer.address)).state).to.equal("suspended");
      expect(await asRegistrar.isActive({ account: producer.address, role: "producer" })).to.equal(
        false,
      );

      await expectTxResult(await asRegistrar.reinstate(producer.address));
      expect((await asRegistrar.getParticipant(producer.address)).state).to.equal("active");
      expect(await asRegistrar.isActive({ account: producer.address, role: "producer" })).to.equal(
        true,
      );
    });

    it("suspends without a reason hash", async function () {
      const { asRegistrar, producer } = await loadFixture(schemeFixture);
      await asRegistrar.suspend({ participant: producer.address });
      expect((await asRegistrar.getParticipant(producer.address)).state).to.equal("suspended");
    });

    it("renews on new evidence", async function () {
      const { asRegistrar, registrar, producer, accreditedUntil } =
        await loadFixture(schemeFixture);
      const newUntil = accreditedUntil + YEAR;
      await expectTxResult(
        await asRegistrar.renew({
          participant: producer.address,
          validUntil: newUntil,
          evidenceHash: NEW_EVIDENCE,
        }),
      );
      const expected: Participant = {
        address: producer.address,
        state: "active",
        roles: ["producer", "manufacturer"],
        validUntil: BigInt(newUntil),
        registrar: registrar.address,
        evidenceHash: NEW_EVIDENCE,
      };
      expect(await asRegistrar.getParticipant(producer.address)).to.deep.equal(expected);
    });

    it("shows an accreditation past its expiry as expired, and renewal makes it active", async function () {
      const { asRegistrar, producer, accreditedUntil } = await loadFixture(schemeFixture);
      await time.increaseTo(accreditedUntil);
      expect((await asRegistrar.getParticipant(producer.address)).state).to.equal("expired");
      expect(await asRegistrar.isActive({ account: producer.address, role: "producer" })).to.equal(
        false,
      );
      await asRegistrar.renew({
        participant: producer.address,
        validUntil: accreditedUntil + YEAR,
        evidenceHash: NEW_EVIDENCE,
      });
      expect((await asRegistrar.getParticipant(producer.address)).state).to.equal("active");
    });

    it("revokes, after which the participant can be accredited anew", async function () {
      const { asRegistrar, producer, accreditedUntil } = await loadFixture(schemeFixture);
      await expectTxResult(
        await asRegistrar.revoke({ participant: producer.address, reasonHash: REASON }),
      );
      const revoked = await asRegistrar.getParticipant(producer.address);
      expect(revoked.state).to.equal("revoked");
      expect(await asRegistrar.isActive({ account: producer.address, role: "producer" })).to.equal(
        false,
      );

      await asRegistrar.accredit({
        participant: producer.address,
        roles: "customer",
        validUntil: accreditedUntil,
        evidenceHash: NEW_EVIDENCE,
      });
      const again = await asRegistrar.getParticipant(producer.address);
      expect(again.state).to.equal("active");
      expect(again.roles).to.deep.equal(["customer"]);
      expect(again.evidenceHash).to.equal(NEW_EVIDENCE);
    });

    it("answers isActive per role", async function () {
      const { asRegistrar, producer, standardsBody, stranger } = await loadFixture(schemeFixture);
      expect(await asRegistrar.isActive({ account: producer.address, role: "producer" })).to.equal(
        true,
      );
      expect(
        await asRegistrar.isActive({ account: producer.address, role: "manufacturer" }),
      ).to.equal(true);
      expect(await asRegistrar.isActive({ account: producer.address, role: "device" })).to.equal(
        false,
      );
      expect(
        await asRegistrar.isActive({ account: standardsBody.address, role: "standards-body" }),
      ).to.equal(true);
      expect(await asRegistrar.isActive({ account: stranger.address, role: "producer" })).to.equal(
        false,
      );
    });
  });

  describe("schemes and auditors", function () {
    it("defines a scheme, which getScheme returns by name or by id", async function () {
      const { asStandardsBody, standardsBody } = await loadFixture(schemeFixture);
      const result = await asStandardsBody.defineScheme({
        scheme: OTHER_SCHEME,
        documentHash: SCHEME_DOCUMENT,
        defaultValidity: 3n * BigInt(YEAR),
      });
      await expectTxResult(result);
      const expected: Scheme = {
        id: encodeBytes32String(OTHER_SCHEME) as Hash,
        name: OTHER_SCHEME,
        standardsBody: standardsBody.address,
        documentHash: SCHEME_DOCUMENT,
        defaultValidity: 3n * BigInt(YEAR),
      };
      expect(await asStandardsBody.getScheme(OTHER_SCHEME)).to.deep.equal(expected);
      expect(await asStandardsBody.getScheme(encodeBytes32String(OTHER_SCHEME))).to.deep.equal(
        expected,
      );
    });

    it("returns undefined for a scheme nobody defined", async function () {
      const { asStandardsBody } = await loadFixture(schemeFixture);
      expect(await asStandardsBody.getScheme("EN-9100")).to.equal(undefined);
      expect(await asStandardsBody.getScheme(id("no such scheme"))).to.equal(undefined);
    });

    it("authorises and deauthorises an auditor", async function () {
      const { asStandardsBody, auditor2 } = await loadFixture(schemeFixture);
      expect(
        await asStandardsBody.isAuthorizedAuditor({ scheme: SCHEME, auditor: auditor2.address }),
      ).to.equal(false);
      await expectTxResult(
        await asStandardsBody.authorizeAuditor({ scheme: SCHEME, auditor: auditor2.address }),
      );
      expect(
        await asStandardsBody.isAuthorizedAuditor({ scheme: SCHEME, auditor: auditor2.address }),
      ).to.equal(true);
      expect(
        await asStandardsBody.isAuthorizedAuditor({ scheme: SCHEME_ID, auditor: auditor2.address }),
      ).to.equal(true);
      await expectTxResult(
        await asStandardsBody.deauthorizeAuditor({ scheme: SCHEME, auditor: auditor2.address }),
      );
      expect(
        await asStandardsBody.isAuthorizedAuditor({ scheme: SCHEME, auditor: auditor2.address }),
      ).to.equal(false);
    });
  });

  describe("certificates", function () {
    it("grants with the defaults: from now, for the scheme's validity, no capacity", async function () {
      const { asAuditor, auditor, producer } = await loadFixture(schemeFixture);
      const result = await asAuditor.grantCertificate({
        participant: producer.address,
        scheme: SCHEME,
        evidenceHash: AUDIT_REPORT,
      });
      await expectTxResult(result.tx);
      const grantedAt = await minedAt(result.tx);
      const expected: Certificate = {
        participant: producer.address,
        schemeId: SCHEME_ID,
        schemeName: SCHEME,
        state: "valid",
        auditor: auditor.address,
        validFrom: BigInt(grantedAt),
        validUntil: BigInt(grantedAt + DEFAULT_VALIDITY),
        capacity: undefined,
        capacityUnit: undefined,
        evidenceHash: AUDIT_REPORT,
      };
      expect(result.certificate).to.deep.equal(expected);
      expect(
        await asAuditor.getCertificate({ participant: producer.address, scheme: SCHEME }),
      ).to.deep.equal(expected);
      expect(
        await asAuditor.isCertified({ participant: producer.address, scheme: SCHEME }),
      ).to.equal(true);
    });

    it("grants with a window and a capacity, which getCertificate shows with this period", async function () {
      const { asAuditor, auditor, producer } = await loadFixture(schemeFixture);
      const validFrom = await time.latest();
      const validUntil = validFrom + 30 * DAY;
      await asAuditor.grantCertificate({
        participant: producer.address,
        scheme: SCHEME,
        validFrom: new Date(validFrom * 1000),
        validUntil,
        capacity: { perPeriod: 100, unit: "kg", periodLength: DAY },
        evidenceHash: AUDIT_REPORT,
      });
      const expected: Certificate = {
        participant: producer.address,
        schemeId: SCHEME_ID,
        schemeName: SCHEME,
        state: "valid",
        auditor: auditor.address,
        validFrom: BigInt(validFrom),
        validUntil: BigInt(validUntil),
        capacity: {
          perPeriod: 100n,
          unit: "kg",
          periodLength: BigInt(DAY),
          remaining: 100n,
          periodEnd: BigInt(validFrom + DAY),
        },
        capacityUnit: "kg",
        evidenceHash: AUDIT_REPORT,
      };
      expect(
        await asAuditor.getCertificate({ participant: producer.address, scheme: SCHEME }),
      ).to.deep.equal(expected);
    });

    it("shows capacity drawn by an authorised consumer, and a fresh period after it ends", async function () {
      const { asGovernance, asAuditor, registry, consumer, producer } =
        await loadFixture(schemeFixture);
      const validFrom = await time.latest();
      await asAuditor.grantCertificate({
        participant: producer.address,
        scheme: SCHEME,
        validFrom,
        validUntil: validFrom + 30 * DAY,
        capacity: { perPeriod: 100n, unit: "kg", periodLength: DAY },
        evidenceHash: AUDIT_REPORT,
      });
      await expectTxResult(await asGovernance.authorizeCapacityConsumer(consumer.address));

      await registry.connect(consumer).consumeCapacity(producer.address, SCHEME_ID, 30n, KG);
      await registry.connect(consumer).consumeCapacity(producer.address, SCHEME_ID, 25n, KG);
      expect(
        (await asAuditor.getCertificate({ participant: producer.address, scheme: SCHEME }))
          ?.capacity,
      ).to.deep.equal({
        perPeriod: 100n,
        unit: "kg",
        periodLength: BigInt(DAY),
        remaining: 45n,
        periodEnd: BigInt(validFrom + DAY),
      });

      await time.increaseTo(validFrom + DAY);
      expect(
        (await asAuditor.getCertificate({ participant: producer.address, scheme: SCHEME }))
          ?.capacity,
      ).to.deep.equal({
        perPeriod: 100n,
        unit: "kg",
        periodLength: BigInt(DAY),
        remaining: 100n,
        periodEnd: BigInt(validFrom + 2 * DAY),
      });
    });

    it("shows a certificate that starts later as pending", async function () {
      const { asAuditor, producer } = await loadFixture(schemeFixture);
      const validFrom = (await time.latest()) + 10 * DAY;
      await asAuditor.grantCertificate({
        participant: producer.address,
        scheme: SCHEME,
        validFrom,
        capacity: { perPeriod: 5, unit: "kg", periodLength: HOUR },
        evidenceHash: AUDIT_REPORT,
      });
      const certificate = await asAuditor.getCertificate({
        participant: producer.address,
        scheme: SCHEME,
      });
      expect(certificate?.state).to.equal("pending");
      expect(certificate?.validFrom).to.equal(BigInt(validFrom));
      expect(certificate?.validUntil).to.equal(BigInt(validFrom + DEFAULT_VALIDITY));
      expect(certificate?.capacity).to.deep.equal({
        perPeriod: 5n,
        unit: "kg",
        periodLength: BigInt(HOUR),
        remaining: 0n,
        periodEnd: 0n,
      });
      expect(
        await asAuditor.isCertified({ participant: producer.address, scheme: SCHEME }),
      ).to.equal(false);
    });

    it("revokes a certificate", async function () {
      const { asAuditor, producer } = await loadFixture(schemeFixture);
      await asAuditor.grantCertificate({
        participant: producer.address,
        scheme: SCHEME,
        capacity: { perPeriod: 10, unit: "kg", periodLength: DAY },
        evidenceHash: AUDIT_REPORT,
      });
      await expectTxResult(
        await asAuditor.revokeCertificate({
          participant: producer.address,
          scheme: SCHEME,
          reasonHash: REASON,
        }),
      );
      const certificate = await asAuditor.getCertificate({
        participant: producer.address,
        scheme: SCHEME,
      });
      expect(certificate?.state).to.equal("revoked");
      expect(certificate?.capacity?.remaining).to.equal(0n);
      expect(certificate?.capacity?.periodEnd).to.equal(0n);
      expect(
        await asAuditor.isCertified({ participant: producer.address, scheme: SCHEME }),
      ).to.equal(false);
    });

    it("lets the scheme's standards body revoke a certificate without a reason hash", async function () {
      const { asAuditor, asStandardsBody, producer } = await loadFixture(schemeFixture);
      await asAuditor.grantCertificate({
        participant: producer.address,
        scheme: SCHEME,
        evidenceHash: AUDIT_REPORT,
      });
      await asStandardsBody.revokeCertificate({ participant: producer.address, scheme: SCHEME_ID });
      expect(
        (await asAuditor.getCertificate({ participant: producer.address, scheme: SCHEME }))?.state,
      ).to.equal("revoked");
    });

    it("returns undefined and not certified when there is no certificate", async function () {
      const { asAuditor, producer } = await loadFixture(schemeFixture);
      expect(
        await asAuditor.getCertificate({ participant: producer.address, scheme: SCHEME }),
      ).to.equal(undefined);
      expect(
        await asAuditor.isCertified({ participant: producer.address, scheme: SCHEME }),
      ).to.equal(false);
      expect(
        await asAuditor.isCertified({ participant: producer.address, scheme: "EN-9100" }),
      ).to.equal(false);
    });

    it("lists the schemes a participant was certified under, once each", async function () {
      const { asAuditor, asStandardsBody, auditor, producer, standardsBody } =
        await loadFixture(schemeFixture);
      await asStandardsBody.defineScheme({
        scheme: OTHER_SCHEME,
        documentHash: SCHEME_DOCUMENT,
        defaultValidity: DEFAULT_VALIDITY,
      });
      await asStandardsBody.authorizeAuditor({ scheme: OTHER_SCHEME, auditor: auditor.address });
      const grant = async (scheme: string, participant = producer) => {
        await asAuditor
          .connect(participant)
          .requestCertificate({ scheme, auditor: auditor.address });
        await asAuditor.grantCertificate({
          participant: participant.address,
          scheme,
          evidenceHash: AUDIT_REPORT,
        });
      };
      await grant(OTHER_SCHEME);
      await grant(SCHEME);
      await grant(OTHER_SCHEME);
      await grant(SCHEME, standardsBody);
      expect(
        await asAuditor.certificateSchemesOf({ participant: producer.address, fromBlock: 0 }),
      ).to.deep.equal([encodeBytes32String(OTHER_SCHEME), SCHEME_ID]);
      expect(
        await asAuditor.certificateSchemesOf({ participant: auditor.address, fromBlock: 0 }),
      ).to.deep.equal([]);
    });
  });

  describe("certificate requests and scheme transfers", function () {
    it("records a request, reads it back, and withdraws it", async function () {
      const { asProducer, auditor, auditor2, producer } = await loadFixture(schemeFixture);
      expect(
        await asProducer.requestedAuditor({ participant: producer.address, scheme: SCHEME }),
      ).to.equal(auditor.address);
      await expectTxResult(
        await asProducer.requestCertificate({ scheme: SCHEME, auditor: auditor2.address }),
      );
      expect(
        await asProducer.requestedAuditor({ participant: producer.address, scheme: SCHEME_ID }),
      ).to.equal(auditor2.address);
      await expectTxResult(await asProducer.withdrawCertificateRequest(SCHEME));
      expect(
        await asProducer.requestedAuditor({ participant: producer.address, scheme: SCHEME }),
      ).to.equal(undefined);
    });

    it("consumes the request with the grant", async function () {
      const { asAuditor, producer } = await loadFixture(schemeFixture);
      await asAuditor.grantCertificate({
        participant: producer.address,
        scheme: SCHEME,
        evidenceHash: AUDIT_REPORT,
      });
      expect(
        await asAuditor.requestedAuditor({ participant: producer.address, scheme: SCHEME }),
      ).to.equal(undefined);
    });

    it("refuses a request of the zero address, or of a bad address, before sending", async function () {
      const { asProducer, producer } = await loadFixture(schemeFixture);
      await expectRefusedBeforeSending(
        producer,
        () => asProducer.requestCertificate({ scheme: SCHEME, auditor: ZeroAddress }),
        InputErrorCode.InvalidAddress,
        "withdrawCertificateRequest",
      );
      await expectRefusedBeforeSending(
        producer,
        () => asProducer.requestCertificate({ scheme: SCHEME, auditor: "0x1234" }),
        InputErrorCode.InvalidAddress,
        "auditor address",
      );
    });

    it("lets governance hand a scheme to another active standards body", async function () {
      const { asGovernance, asRegistrar, asAuditor, auditor, producer, standardsBody, newcomer } =
        await loadFixture(schemeFixture);
      await asRegistrar.accredit({
        participant: newcomer.address,
        roles: "standards-body",
        validUntil: (await time.latest()) + YEAR,
        evidenceHash: EVIDENCE,
      });
      await asRegistrar.revoke({ participant: standardsBody.address, reasonHash: REASON });
      await expectTxResult(
        await asGovernance.transferScheme({
          scheme: SCHEME,
          newBody: newcomer.address,
          reasonHash: REASON,
        }),
      );
      expect((await asGovernance.getScheme(SCHEME))?.standardsBody).to.equal(newcomer.address);
      expect(
        await asGovernance.isAuthorizedAuditor({ scheme: SCHEME, auditor: auditor.address }),
      ).to.equal(true);
      await expectTxResult(
        (
          await asAuditor.grantCertificate({
            participant: producer.address,
            scheme: SCHEME,
            evidenceHash: AUDIT_REPORT,
          })
        ).tx,
      );
    });

    it("refuses a scheme transfer by anyone but governance, or to the same body", async function () {
      const { asGovernance, asStandardsBody, governance, standardsBody } =
        await loadFixture(schemeFixture);
      const wrong = await expectContractRefusal(
        standardsBody,
        () => asStandardsBody.transferScheme({ scheme: SCHEME, newBody: standardsBody.address }),
        "AccessControlUnauthorizedAccount",
        [standardsBody.address, ZeroHash],
      );
      expect(wrong.shortMessage).to.equal(
        `${standardsBody.address} is not allowed to do this: it needs the governance role.`,
      );
      const same = await expectContractRefusal(
        governance,
        () => asGovernance.transferScheme({ scheme: SCHEME, newBody: standardsBody.address }),
        "ParticipantRegistrySameStandardsBody",
        [SCHEME_ID, standardsBody.address],
      );
      expect(same.shortMessage).to.equal(
        `The scheme ${SCHEME} already belongs to standards body ${standardsBody.address}.`,
      );
    });

    it("refuses a scheme transfer to the zero address or a bad reason before sending", async function () {
      const { asGovernance, governance, standardsBody } = await loadFixture(schemeFixture);
      await expectRefusedBeforeSending(
        governance,
        () => asGovernance.transferScheme({ scheme: SCHEME, newBody: ZeroAddress }),
        InputErrorCode.InvalidAddress,
        "The new standards body cannot be the zero address.",
      );
      await expectRefusedBeforeSending(
        governance,
        () =>
          asGovernance.transferScheme({
            scheme: SCHEME,
            newBody: standardsBody.address,
            reasonHash: "0x12",
          }),
        InputErrorCode.InvalidHash,
      );
    });

    it("refuses a capacity without a valid unit before sending (SC109)", async function () {
      const { asAuditor, auditor, producer } = await loadFixture(schemeFixture);
      for (const unit of ["", "kilograms"]) {
        await expectRefusedBeforeSending(
          auditor,
          () =>
            asAuditor.grantCertificate({
              participant: producer.address,
              scheme: SCHEME,
              capacity: { perPeriod: 10n, unit, periodLength: DAY },
              evidenceHash: AUDIT_REPORT,
            }),
          InputErrorCode.InvalidUnit,
        );
      }
    });
  });

  describe("input refusals before sending", function () {
    it("refuses a bad participant address (SC100)", async function () {
      const { asRegistrar, registrar, accreditedUntil } = await loadFixture(registryFixture);
      await expectRefusedBeforeSending(
        registrar,
        () =>
          asRegistrar.accredit({
            participant: "0x1234",
            roles: "producer",
            validUntil: accreditedUntil,
            evidenceHash: EVIDENCE,
          }),
        InputErrorCode.InvalidAddress,
        "participant address",
        '"0x1234"',
      );
      await expectRefusedBeforeSending(
        registrar,
        () => asRegistrar.suspend({ participant: "not an address" }),
        InputErrorCode.InvalidAddress,
      );
    });

    it("refuses an unknown role (SC101)", async function () {
      const { asRegistrar, registrar, newcomer, producer, accreditedUntil } =
        await loadFixture(schemeFixture);
      await expectRefusedBeforeSending(
        registrar,
        () =>
          asRegistrar.accredit({
            participant: newcomer.address,
            roles: "producer, wizard",
            validUntil: accreditedUntil,
            evidenceHash: EVIDENCE,
          }),
        InputErrorCode.InvalidRole,
        "wizard",
        "is not a role",
      );
      await expectRefusedBeforeSending(
        registrar,
        () => asRegistrar.setRoles({ participant: producer.address, roles: [] }),
        InputErrorCode.InvalidRole,
      );
    });

    it("refuses an expiry that is past by the chain's clock, though future by the wall clock (SC103)", async function () {
      const { asRegistrar, asAuditor, registrar, auditor, newcomer, producer } =
        await loadFixture(schemeFixture);
      const wallClock = Math.floor(Date.now() / 1000);
      await time.increase(30 * DAY);
      const chainNow = await time.latest();
      const between = wallClock + 15 * DAY;
      expect(between)
        .to.be.above(Math.floor(Date.now() / 1000))
        .and.below(chainNow);

      await expectRefusedBeforeSending(
        registrar,
        () =>
          asRegistrar.accredit({
            participant: newcomer.address,
            roles: "producer",
            validUntil: new Date(between * 1000),
            evidenceHash: EVIDENCE,
          }),
        InputErrorCode.TimeInPast,
        `expiry ${formatTime(between)} is not in the future`,
        `the chain's time is ${formatTime(chainNow)}`,
      );
      await expectRefusedBeforeSending(
        registrar,
        () =>
          asRegistrar.renew({
            participant: producer.address,
            validUntil: between,
            evidenceHash: NEW_EVIDENCE,
          }),
        InputErrorCode.TimeInPast,
        "new expiry",
      );
      await expectRefusedBeforeSending(
        auditor,
        () =>
          asAuditor.grantCertificate({
            participant: producer.address,
            scheme: SCHEME,
            validUntil: BigInt(between),
            evidenceHash: AUDIT_REPORT,
          }),
        InputErrorCode.TimeInPast,
        "end of validity",
      );
    });

    it("refuses an expiry equal to the chain's latest time (SC103)", async function () {
      const { asRegistrar, registrar, newcomer } = await loadFixture(registryFixture);
      const chainNow = await time.latest();
      await expectRefusedBeforeSending(
        registrar,
        () =>
          asRegistrar.accredit({
            participant: newcomer.address,
            roles: "producer",
            validUntil: chainNow,
            evidenceHash: EVIDENCE,
          }),
        InputErrorCode.TimeInPast,
      );
    });

    it("refuses a time that is not a valid timestamp (SC102)", async function () {
      const { asRegistrar, registrar, newcomer } = await loadFixture(registryFixture);
      await expectRefusedBeforeSending(
        registrar,
        () =>
          asRegistrar.accredit({
            participant: newcomer.address,
            roles: "producer",
            validUntil: new Date("not a date"),
            evidenceHash: EVIDENCE,
          }),
        InputErrorCode.InvalidTime,
      );
      await expectRefusedBeforeSending(
        registrar,
        () =>
          asRegistrar.accredit({
            participant: newcomer.address,
            roles: "producer",
            validUntil: 1_830_211_200_000n,
            evidenceHash: EVIDENCE,
          }),
        InputErrorCode.InvalidTime,
        "after the year 9999: give unix seconds, not milliseconds",
      );
    });

    it("refuses an unknown role in a query (SC101)", async function () {
      const { asRegistrar, producer } = await loadFixture(registryFixture);
      const error = await rejection(() =>
        asRegistrar.isActive({ account: producer.address, role: "wizard" as RoleName }),
      );
      expectInputError(error, InputErrorCode.InvalidRole, "wizard");
    });

    it("refuses a bad hash (SC104)", async function () {
      const { asRegistrar, asAuditor, registrar, auditor, newcomer, producer, accreditedUntil } =
        await loadFixture(schemeFixture);
      await expectRefusedBeforeSending(
        registrar,
        () =>
          asRegistrar.accredit({
            participant: newcomer.address,
            roles: "producer",
            validUntil: accreditedUntil,
            evidenceHash: "0x1234",
          }),
        InputErrorCode.InvalidHash,
        "evidence hash",
      );
      await expectRefusedBeforeSending(
        registrar,
        () => asRegistrar.revoke({ participant: producer.address, reasonHash: "report.pdf" }),
        InputErrorCode.InvalidHash,
        "reason hash",
      );
      await expectRefusedBeforeSending(
        auditor,
        () =>
          asAuditor.grantCertificate({
            participant: producer.address,
            scheme: SCHEME,
            evidenceHash: EVIDENCE.slice(2),
          }),
        InputErrorCode.InvalidHash,
        "audit evidence hash",
      );
    });

    it("refuses a scheme name longer than 31 bytes (SC105)", async function () {
      const { asStandardsBody, standardsBody } = await loadFixture(schemeFixture);
      await expectRefusedBeforeSending(
        standardsBody,
        () =>
          asStandardsBody.defineScheme({
            scheme: "ISO/IEC 17025:2017 General requirements",
            documentHash: SCHEME_DOCUMENT,
            defaultValidity: DEFAULT_VALIDITY,
          }),
        InputErrorCode.InvalidScheme,
      );
    });

    it("refuses a default validity of zero (SC106)", async function () {
      const { asStandardsBody, standardsBody } = await loadFixture(schemeFixture);
      await expectRefusedBeforeSending(
        standardsBody,
        () =>
          asStandardsBody.defineScheme({
            scheme: OTHER_SCHEME,
            documentHash: SCHEME_DOCUMENT,
            defaultValidity: 0,
          }),
        InputErrorCode.InvalidAmount,
        "default validity",
      );
    });

    it("refuses a capacity period shorter than an hour (SC106)", async function () {
      const { asAuditor, auditor, producer } = await loadFixture(schemeFixture);
      await expectRefusedBeforeSending(
        auditor,
        () =>
          asAuditor.grantCertificate({
            participant: producer.address,
            scheme: SCHEME,
            capacity: { perPeriod: 100, unit: "kg", periodLength: HOUR - 1 },
            evidenceHash: AUDIT_REPORT,
          }),
        InputErrorCode.InvalidAmount,
        "at least one hour (3600 s); got 3599 s",
      );
    });

    it("refuses a capacity of zero per period (SC106)", async function () {
      const { asAuditor, auditor, producer } = await loadFixture(schemeFixture);
      await expectRefusedBeforeSending(
        auditor,
        () =>
          asAuditor.grantCertificate({
            participant: producer.address,
            scheme: SCHEME,
            capacity: { perPeriod: 0, unit: "kg", periodLength: DAY },
            evidenceHash: AUDIT_REPORT,
          }),
        InputErrorCode.InvalidAmount,
        "capacity per period",
      );
    });

    it("refuses an end of validity before its start (SC102)", async function () {
      const { asAuditor, auditor, producer } = await loadFixture(schemeFixture);
      const now = await time.latest();
      for (const [validFrom, validUntil] of [
        [now + 10 * DAY, now + 5 * DAY],
        [now + 10 * DAY, now + 10 * DAY],
      ]) {
        await expectRefusedBeforeSending(
          auditor,
          () =>
            asAuditor.grantCertificate({
              participant: producer.address,
              scheme: SCHEME,
              validFrom,
              validUntil,
              evidenceHash: AUDIT_REPORT,
            }),
          InputErrorCode.InvalidTime,
          "must come after its start",
        );
      }
    });

    // The contract stores capacityPerPeriod as uint96, periodLength as uint32 and
    // defaultValidity as uint48. A value that does not fit is bad input like any other, to be
    // refused as an InputError; today ethers fails to encode it and the SDK reports
    // "The transaction failed: value out-of-bounds", as if a transaction had been sent.
    it("refuses a capacity that does not fit the contract's types (SC106)", async function () {
      const { asAuditor, auditor, producer } = await loadFixture(schemeFixture);
      for (const capacity of [
        { perPeriod: 2n ** 96n, unit: "kg", periodLength: DAY },
        { perPeriod: 1n, unit: "kg", periodLength: 2n ** 32n },
      ]) {
        await expectRefusedBeforeSending(
          auditor,
          () =>
            asAuditor.grantCertificate({
              participant: producer.address,
              scheme: SCHEME,
              capacity,
              evidenceHash: AUDIT_REPORT,
            }),
          InputErrorCode.InvalidAmount,
        );
      }
    });

    it("refuses a default validity that does not fit uint48 (SC106)", async function () {
      const { asStandardsBody, standardsBody } = await loadFixture(schemeFixture);
      await expectRefusedBeforeSending(
        standardsBody,
        () =>
          asStandardsBody.defineScheme({
            scheme: OTHER_SCHEME,
            documentHash: SCHEME_DOCUMENT,
            defaultValidity: 2n ** 48n,
          }),
        InputErrorCode.InvalidAmount,
        "default validity",
      );
    });

    it("refuses to send from a read-only client (SC112), though it reads", async function () {
      const { address, governance, registrar, newcomer, accreditedUntil } =
        await loadFixture(registryFixture);
      const readOnly = new ParticipantsClient(address, ethers.provider);
      expect(await readOnly.isRegistrar(registrar.address)).to.equal(true);
      expect((await readOnly.getParticipant(newcomer.address)).state).to.equal("none");

      await expectRefusedBeforeSending(
        governance,
        () => readOnly.appointRegistrar(newcomer.address),
        InputErrorCode.MissingSigner,
        "read-only",
      );
      await expectRefusedBeforeSending(
        registrar,
        () =>
          readOnly.accredit({
            participant: newcomer.address,
            roles: "producer",
            validUntil: accreditedUntil,
            evidenceHash: EVIDENCE,
          }),
        InputErrorCode.MissingSigner,
      );
      const signerAgain = readOnly.connect(governance);
      await signerAgain.appointRegistrar(newcomer.address);
      expect(await readOnly.isRegistrar(newcomer.address)).to.equal(true);
    });

    // A method that returns a Promise should report bad input through that Promise, as
    // accredit, renew and grantCertificate do: `client.suspend(x).catch(report)` and
    // `Promise.allSettled([...])` must see the InputError, not have it thrown at the call.
    it("reports bad input through the returned promise, for every method", async function () {
      const { asRegistrar } = await loadFixture(schemeFixture);
      const calls: [string, () => Promise<unknown>][] = [
        [
          "accredit",
          () =>
            asRegistrar.accredit({
              participant: "0x1",
              roles: "producer",
              validUntil: 0,
              evidenceHash: "",
            }),
        ],
        ["appointRegistrar", () => asRegistrar.appointRegistrar("0x1")],
        ["removeRegistrar", () => asRegistrar.removeRegistrar("0x1")],
        ["authorizeCapacityConsumer", () => asRegistrar.authorizeCapacityConsumer("0x1")],
        ["isRegistrar", () => asRegistrar.isRegistrar("0x1")],
        ["isGovernance", () => asRegistrar.isGovernance("0x1")],
        ["setRoles", () => asRegistrar.setRoles({ participant: "0x1", roles: "producer" })],
        ["suspend", () => asRegistrar.suspend({ participant: "0x1" })],
        ["reinstate", () => asRegistrar.reinstate("0x1")],
        ["revoke", () => asRegistrar.revoke({ participant: "0x1" })],
        [
          "defineScheme",
          () =>
            asRegistrar.defineScheme({ scheme: "", documentHash: ZeroHash, defaultValidity: 1 }),
        ],
        [
          "authorizeAuditor",
          () => asRegistrar.authorizeAuditor({ scheme: SCHEME, auditor: "0x1" }),
        ],
        [
          "deauthorizeAuditor",
          () => asRegistrar.deauthorizeAuditor({ scheme: SCHEME, auditor: "0x1" }),
        ],
        [
          "revokeCertificate",
          () => asRegistrar.revokeCertificate({ participant: "0x1", scheme: SCHEME }),
        ],
        ["isActive", () => asRegistrar.isActive({ account: "0x1", role: "producer" })],
        [
          "isAuthorizedAuditor",
          () => asRegistrar.isAuthorizedAuditor({ scheme: SCHEME, auditor: "0x1" }),
        ],
        ["isCertified", () => asRegistrar.isCertified({ participant: "0x1", scheme: SCHEME })],
      ];
      const throwingSynchronously: string[] = [];
      for (const [name, call] of calls) {
        let promise: Promise<unknown> | undefined;
        try {
          promise = call();
        } catch {
          throwingSynchronously.push(name);
          continue;
        }
        // defineScheme has no address: its bad input is the empty scheme name.
        const expected =
          name === "defineScheme" ? InputErrorCode.InvalidScheme : InputErrorCode.InvalidAddress;
        expectInputError(await rejection(() => promise), expected);
      }
      expect(throwingSynchronously, "methods that throw instead of rejecting").to.deep.equal([]);
    });
  });

  describe("contract refusals", function () {
    it("refuses a registrar appointed by anyone but governance", async function () {
      const { asRegistrar, registrar, newcomer } = await loadFixture(registryFixture);
      const error = await expectContractRefusal(
        registrar,
        () => asRegistrar.appointRegistrar(newcomer.address),
        "AccessControlUnauthorizedAccount",
        [registrar.address, ZeroHash],
      );
      expect(error.shortMessage).to.equal(
        `${registrar.address} is not allowed to do this: it needs the governance role.`,
      );
    });

    it("refuses an accreditation by a non-registrar", async function () {
      const { asGovernance, governance, newcomer, accreditedUntil } =
        await loadFixture(registryFixture);
      await expectContractRefusal(
        governance,
        () =>
          asGovernance.accredit({
            participant: newcomer.address,
            roles: "producer",
            validUntil: accreditedUntil,
            evidenceHash: EVIDENCE,
          }),
        "AccessControlUnauthorizedAccount",
        [governance.address, REGISTRAR_ROLE],
      );
    });

    it("refuses a registrar accrediting itself", async function () {
      const { asRegistrar, registrar, accreditedUntil } = await loadFixture(registryFixture);
      await expectContractRefusal(
        registrar,
        () =>
          asRegistrar.accredit({
            participant: registrar.address,
            roles: "producer",
            validUntil: accreditedUntil,
            evidenceHash: EVIDENCE,
          }),
        "ParticipantRegistrySelfAccreditation",
        [registrar.address],
      );
    });

    it("refuses to accredit an active participant again, and the zero evidence hash", async function () {
      const { asRegistrar, registrar, producer, newcomer, accreditedUntil } =
        await loadFixture(schemeFixture);
      const error = await expectContractRefusal(
        registrar,
        () =>
          asRegistrar.accredit({
            participant: producer.address,
            roles: "producer",
            validUntil: accreditedUntil,
            evidenceHash: EVIDENCE,
          }),
        "ParticipantRegistryUnexpectedAccreditationState",
        [producer.address, 1n, BigInt(ACCREDITABLE)],
      );
      expect(error.shortMessage).to.equal(
        `The accreditation of ${producer.address} is active, but this needs it to be none or revoked.`,
      );
      // The zero hash is refused by the SDK before the contract sees it.
      await expectRefusedBeforeSending(
        registrar,
        () =>
          asRegistrar.accredit({
            participant: newcomer.address,
            roles: "producer",
            validUntil: accreditedUntil,
            evidenceHash: ZeroHash,
          }),
        InputErrorCode.InvalidHash,
        "The evidence hash is zero",
      );
    });

    it("refuses to reinstate a participant that is not suspended", async function () {
      const { asRegistrar, registrar, producer } = await loadFixture(schemeFixture);
      await expectContractRefusal(
        registrar,
        () => asRegistrar.reinstate(producer.address),
        "ParticipantRegistryUnexpectedAccreditationState",
        [producer.address, 1n, BigInt(SUSPENDED_ONLY)],
      );
    });

    it("refuses a scheme defined by an account that is not a standards body, or twice", async function () {
      const { asRegistrar, asStandardsBody, producer, standardsBody } =
        await loadFixture(schemeFixture);
      const error = await expectContractRefusal(
        producer,
        () =>
          asRegistrar.connect(producer).defineScheme({
            scheme: OTHER_SCHEME,
            documentHash: SCHEME_DOCUMENT,
            defaultValidity: DEFAULT_VALIDITY,
          }),
        "ParticipantRegistryNotActive",
        [producer.address, 8n],
      );
      expect(error.shortMessage).to.include("is not an active accredited standards body");
      await expectContractRefusal(
        standardsBody,
        () =>
          asStandardsBody.defineScheme({
            scheme: SCHEME,
            documentHash: SCHEME_DOCUMENT,
            defaultValidity: DEFAULT_VALIDITY,
          }),
        "ParticipantRegistrySchemeAlreadyDefined",
        [SCHEME_ID],
      );
    });

    it("refuses a certificate from an auditor not authorised under the scheme", async function () {
      const { asAuditor, auditor2, producer } = await loadFixture(schemeFixture);
      const error = await expectContractRefusal(
        auditor2,
        () =>
          asAuditor.connect(auditor2).grantCertificate({
            participant: producer.address,
            scheme: SCHEME,
            evidenceHash: AUDIT_REPORT,
          }),
        "ParticipantRegistryAuditorNotAuthorized",
        [SCHEME_ID, auditor2.address],
      );
      expect(error.shortMessage).to.equal(
        `Auditor ${auditor2.address} is not authorised to certify under scheme ${SCHEME}.`,
      );
    });

    it("refuses a certificate under an unknown scheme, or of a participant that is not active", async function () {
      const { asAuditor, auditor, producer, newcomer } = await loadFixture(schemeFixture);
      await expectContractRefusal(
        auditor,
        () =>
          asAuditor.grantCertificate({
            participant: producer.address,
            scheme: "EN-9100",
            evidenceHash: AUDIT_REPORT,
          }),
        "ParticipantRegistryUnknownScheme",
        [encodeBytes32String("EN-9100")],
      );
      await expectContractRefusal(
        auditor,
        () =>
          asAuditor.grantCertificate({
            participant: newcomer.address,
            scheme: SCHEME,
            evidenceHash: AUDIT_REPORT,
          }),
        "ParticipantRegistryUnexpectedAccreditationState",
        [newcomer.address, 0n, BigInt(ACTIVE_ONLY)],
      );
    });

    it("refuses a start of validity that cannot be a date (whose default end would overflow)", async function () {
      const { asAuditor, auditor, producer } = await loadFixture(schemeFixture);
      await expectRefusedBeforeSending(
        auditor,
        () =>
          asAuditor.grantCertificate({
            participant: producer.address,
            scheme: SCHEME,
            validFrom: 2n ** 48n - 1n,
            evidenceHash: AUDIT_REPORT,
          }),
        InputErrorCode.InvalidTime,
        "after the year 9999",
      );
    });

    it("refuses a grant the participant did not ask for, naming the auditor it asked", async function () {
      const { asAuditor, asProducer, asStandardsBody, auditor, auditor2, producer } =
        await loadFixture(schemeFixture);
      await asStandardsBody.authorizeAuditor({ scheme: SCHEME, auditor: auditor2.address });
      await asProducer.requestCertificate({ scheme: SCHEME, auditor: auditor2.address });
      const grant = () =>
        asAuditor.grantCertificate({
          participant: producer.address,
          scheme: SCHEME,
          evidenceHash: AUDIT_REPORT,
        });
      const other = await expectContractRefusal(
        auditor,
        grant,
        "ParticipantRegistryCertificateNotRequested",
        [producer.address, SCHEME_ID, auditor.address, auditor2.address],
      );
      expect(other.shortMessage).to.equal(
        `Auditor ${auditor.address} may not certify ${producer.address} under scheme ${SCHEME}: ` +
          `the participant asked auditor ${auditor2.address} instead.`,
      );
      await expectTxResult(await asProducer.withdrawCertificateRequest(SCHEME));
      const none = await expectContractRefusal(
        auditor,
        grant,
        "ParticipantRegistryCertificateNotRequested",
        [producer.address, SCHEME_ID, auditor.address, ZeroAddress],
      );
      expect(none.shortMessage).to.equal(
        `Auditor ${auditor.address} may not certify ${producer.address} under scheme ${SCHEME}: ` +
          "the participant has not asked for a certificate (it must request one first).",
      );
    });

    it("refuses the auditor of a revoked certificate granting it again", async function () {
      const { asAuditor, asProducer, auditor, producer } = await loadFixture(schemeFixture);
      const grant = () =>
        asAuditor.grantCertificate({
          participant: producer.address,
          scheme: SCHEME,
          evidenceHash: AUDIT_REPORT,
        });
      await grant();
      await asAuditor.revokeCertificate({
        participant: producer.address,
        scheme: SCHEME,
        reasonHash: REASON,
      });
      await asProducer.requestCertificate({ scheme: SCHEME, auditor: auditor.address });
      const error = await expectContractRefusal(
        auditor,
        grant,
        "ParticipantRegistryRegrantAfterRevocation",
        [producer.address, SCHEME_ID, auditor.address],
      );
      expect(error.shortMessage).to.equal(
        `Auditor ${auditor.address} granted the revoked certificate of ${producer.address} under ` +
          `scheme ${SCHEME}, so it cannot grant it again; another authorised auditor must audit anew.`,
      );
    });

    it("refuses a grant under a scheme whose standards body is suspended", async function () {
      const { asAuditor, asRegistrar, auditor, producer, standardsBody } =
        await loadFixture(schemeFixture);
      await asRegistrar.suspend({ participant: standardsBody.address });
      const error = await expectContractRefusal(
        auditor,
        () =>
          asAuditor.grantCertificate({
            participant: producer.address,
            scheme: SCHEME,
            evidenceHash: AUDIT_REPORT,
          }),
        "ParticipantRegistrySchemeBodyInactive",
        [SCHEME_ID, standardsBody.address],
      );
      expect(error.shortMessage).to.equal(
        `The scheme ${SCHEME} grants no certificates: its standards body ${standardsBody.address} ` +
          "is not an active accredited standards body (suspended, lapsed or revoked); governance " +
          "must hand the scheme to another body first.",
      );
    });

    it("refuses a draw or a replacement in another capacity unit", async function () {
      const { asAuditor, asGovernance, asProducer, auditor, registry, consumer, producer } =
        await loadFixture(schemeFixture);
      await asAuditor.grantCertificate({
        participant: producer.address,
        scheme: SCHEME,
        capacity: { perPeriod: 100n, unit: "kg", periodLength: DAY },
        evidenceHash: AUDIT_REPORT,
      });
      await asGovernance.authorizeCapacityConsumer(consumer.address);
      const pcs = encodeBytes32String("pcs").slice(0, 18);
      const draw = await rejection(() =>
        registry.connect(consumer).consumeCapacity(producer.address, SCHEME_ID, 1n, pcs),
      );
      expect(decodeError(draw, ParticipantRegistry__factory.abi).shortMessage).to.equal(
        'The capacity counts "kg", but "pcs" was given.',
      );
      const noUnit = await rejection(() =>
        registry
          .connect(consumer)
          .consumeCapacity(producer.address, SCHEME_ID, 1n, ZeroHash.slice(0, 18)),
      );
      expect(decodeError(noUnit, ParticipantRegistry__factory.abi).shortMessage).to.equal(
        'The capacity counts "kg", but no unit was given.',
      );
      await registry.connect(consumer).consumeCapacity(producer.address, SCHEME_ID, 1n, KG);
      await asProducer.requestCertificate({ scheme: SCHEME, auditor: auditor.address });
      const error = await expectContractRefusal(
        auditor,
        () =>
          asAuditor.grantCertificate({
            participant: producer.address,
            scheme: SCHEME,
            capacity: { perPeriod: 100n, unit: "pcs", periodLength: DAY },
            evidenceHash: AUDIT_REPORT,
          }),
        "ParticipantRegistryWrongCapacityUnit",
        [KG, pcs],
      );
      expect(error.shortMessage).to.equal('The capacity counts "kg", but "pcs" was given.');
    });

    it("refuses a certificate revocation by someone who did not grant it", async function () {
      const { asAuditor, auditor2, producer } = await loadFixture(schemeFixture);
      await asAuditor.grantCertificate({
        participant: producer.address,
        scheme: SCHEME,
        evidenceHash: AUDIT_REPORT,
      });
      await expectContractRefusal(
        auditor2,
        () =>
          asAuditor
            .connect(auditor2)
            .revokeCertificate({ participant: producer.address, scheme: SCHEME }),
        "ParticipantRegistryNotCertificateIssuer",
        [producer.address, SCHEME_ID, auditor2.address],
      );
    });

    it("refuses to deauthorise an auditor that is not authorised", async function () {
      const { asStandardsBody, standardsBody, auditor2 } = await loadFixture(schemeFixture);
      const error = await expectContractRefusal(
        standardsBody,
        () => asStandardsBody.deauthorizeAuditor({ scheme: SCHEME, auditor: auditor2.address }),
        "ParticipantRegistryAuditorAuthorization",
        [SCHEME_ID, auditor2.address, false],
      );
      expect(error.shortMessage).to.equal(
        `Auditor ${auditor2.address} is not authorised under scheme ${SCHEME}.`,
      );
    });

    it("decodes with the registry's ABI: the ParticipantRegistry factory's", async function () {
      const { asRegistrar, registrar, newcomer } = await loadFixture(registryFixture);
      const error = await expectContractRefusal(
        registrar,
        () => asRegistrar.reinstate(newcomer.address),
        "ParticipantRegistryUnexpectedAccreditationState",
        [newcomer.address, 0n, BigInt(SUSPENDED_ONLY)],
      );
      expect(error.selector).to.equal(
        ParticipantRegistry__factory.createInterface().getError(
          "ParticipantRegistryUnexpectedAccreditationState",
        )?.selector,
      );
    });
  });
});
