/**
 * The deployed suite the parts SDK tests run on, built on the layers of test/fixtures, with SDK
 * clients over it (the material and the parts through the SDK): a participant registry
 * with a registrar, the cast accredited, a scheme with an auditor, a certified producer, and a
 * parts registry allowed to draw certified capacity. Shared by parts, chip and history tests.
 */
import { expect } from "chai";
import { encodeBytes32String, id } from "ethers";
import { network } from "hardhat";
import {
  ContractRevertedError,
  type Hash,
  type InputErrorCode,
  ParticipantsClient,
  PartsClient,
  SimulatedTagChip,
  type TxResult,
} from "../../../src/index.js";
import { expectInputError, rejection } from "../helpers.js";
import { Role, roleSet } from "../../helpers/roles.js";
import { accounts } from "../../fixtures/cast.js";
import { KG } from "../../fixtures/constants.js";
import { certify, defineScheme, deploySuite, withAccreditedCast } from "../../fixtures/suite.js";
import { withPartRegistry } from "../../fixtures/provenance.js";

export const connection = await network.create();
export const { ethers, networkHelpers } = connection;
export const { loadFixture, time } = networkHelpers;

export const DAY = 86_400;
export const YEAR = 365 * DAY;

/** A deterministic stand-in for the hash of an off-chain document, typed as the SDK types it. */
export function docHash(label: string): Hash {
  return id(label) as Hash;
}

export const SCHEME = "AS9100D";
export const OTHER_SCHEME = "ISO9001";
export const CAPACITY = 1_000n;
export const MATERIAL_SPEC = docHash("material:Ti-6Al-4V");
export const MILL_CERTIFICATE = docHash("evidence:mill-certificate-4711");
export const SPEC = docHash("spec:turbine-blade-rev-C");
export const CHILD_SPEC = docHash("spec:blade-root-insert");

/** Fixed chip keys, so that the tests are reproducible. */
export const CHIP = new SimulatedTagChip(`0x${"11".repeat(32)}`);
export const OTHER_CHIP = new SimulatedTagChip(`0x${"22".repeat(32)}`);

/** The suite with its cast; no material and no parts yet. */
export async function suiteFixture() {
  const signer = await accounts(connection);
  const deployer = signer(0);
  const governance = signer(1);
  const registrar = signer(2);
  const standardsBody = signer(3);
  const auditor = signer(4);
  const producer = signer(5);
  const manufacturer = signer(6);
  const testLab = signer(7);
  const customer = signer(8);
  const stranger = signer(9);
  const manufacturer2 = signer(10);
  const inspector = signer(11);

  const suite = await deploySuite(connection, { deployer, governance, registrar });
  const { participantRegistry, participantsAddress } = suite;
  const accreditedUntil = (await time.latest()) + YEAR;
  await withAccreditedCast(
    suite,
    [
      [standardsBody, roleSet(Role.StandardsBody)],
      [auditor, roleSet(Role.Auditor)],
      [producer, roleSet(Role.Producer)],
      [manufacturer, roleSet(Role.Manufacturer)],
      [manufacturer2, roleSet(Role.Manufacturer)],
      [testLab, roleSet(Role.TestLab)],
      [inspector, roleSet(Role.Inspector)],
      [customer, roleSet(Role.Customer)],
    ],
    accreditedUntil,
  );
  for (const scheme of [SCHEME, OTHER_SCHEME]) {
    await defineScheme(suite, {
      standardsBody,
      scheme: encodeBytes32String(scheme),
      document: docHash(`scheme:${scheme}`),
      validity: YEAR,
      auditors: scheme === SCHEME ? [auditor] : [],
    });
  }
  await certify(suite, {
    holder: producer,
    auditor,
    scheme: encodeBytes32String(SCHEME),
    capacity: CAPACITY,
    unit: KG,
    period: 30 * DAY,
    evidence: docHash("audit:producer"),
  });
  // Governance lets the part registry draw capacity (no one-shot setup wiring here).
  const { parts: partRegistry, partsAddress: registryAddress } = await withPartRegistry(
    { ...suite, accreditedUntil },
    "governance",
  );
  const asGovernance = new ParticipantsClient(participantsAddress, governance);
  const asRegistrar = asGovernance.connect(registrar);

  const parts = new PartsClient(registryAddress, ethers.provider);
  return {
    participantRegistry,
    participantsAddress,
    partRegistry,
    registryAddress,
    accreditedUntil,
    asGovernance,
    asRegistrar,
    parts,
    asProducer: parts.connect(producer),
    asManufacturer: parts.connect(manufacturer),
    asManufacturer2: parts.connect(manufacturer2),
    asTestLab: parts.connect(testLab),
    asInspector: parts.connect(inspector),
    asCustomer: parts.connect(customer),
    asStranger: parts.connect(stranger),
    asPartsRegistrar: parts.connect(registrar),
    deployer,
    governance,
    registrar,
    standardsBody,
    auditor,
    producer,
    manufacturer,
    manufacturer2,
    testLab,
    inspector,
    customer,
    stranger,
  };
}

/**
 * The suite plus material: the producer registered batch 1 (500 kg) and transferred 200 kg of it
 * to the manufacturer as batch 2; the manufacturer defined {SPEC} (which requires a passed test
 * and a passed inspection) and {CHILD_SPEC} (which requires nothing).
 */
export async function materialFixture() {
  const base = await suiteFixture();
  const registered = await base.asProducer.registerBatch({
    materialSpec: MATERIAL_SPEC,
    quantity: 500n,
    unit: "kg",
    schemes: [SCHEME],
    evidenceHash: MILL_CERTIFICATE,
  });
  const transferred = await base.asProducer.transferBatch({
    batchId: registered.batchId,
    to: base.manufacturer.address,
    quantity: 200n,
  });
  await base.asManufacturer.defineSpecification({
    spec: SPEC,
    requiredKinds: ["test", "inspection"],
  });
  await base.asManufacturer.defineSpecification({ spec: CHILD_SPEC, requiredKinds: [] });
  return {
    ...base,
    rootBatch: registered.batchId,
    batch: transferred.batchId,
    registered,
    transferred,
  };
}

/**
 * The material plus one part: serial SN-000123 of {SPEC}, bound to {CHIP}, made by the
 * manufacturer from 5 kg of batch 2.
 */
export async function partFixture() {
  const base = await materialFixture();
  const made = await base.asManufacturer.makePart({
    spec: SPEC,
    serial: "SN-000123",
    chipKey: CHIP.address,
    inputs: [{ batchId: base.batch, quantity: 5n }],
  });
  return { ...base, partId: made.partId, made };
}

/** The timestamp of the block a transaction was mined in. */
export async function minedAt(result: TxResult): Promise<bigint> {
  const block = await ethers.provider.getBlock(result.blockNumber);
  if (block === null) throw new Error(`block ${result.blockNumber} not found`);
  return BigInt(block.timestamp);
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
export async function expectRefusedBeforeSending(
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
 * Returns the error, to check the sentence.
 */
export async function expectContractRefusal(
  signer: { address: string },
  action: () => Promise<unknown>,
  errorName: string,
  args: unknown[],
): Promise<ContractRevertedError> {
  const before = await sendingState(signer.address);
  const error = await rejection(action);
  expect(error, String(error)).to.be.an.instanceOf(ContractRevertedError);
  const reverted = error as ContractRevertedError;
  expect(reverted.errorName).to.equal(errorName);
  expect(reverted.args).to.deep.equal(args);
  expect(reverted.shortMessage).to.match(/^\S.*\.$/s);
  expect(reverted.shortMessage).not.to.equal(`The contract refused: ${errorName}.`);
  expect(await sendingState(signer.address)).to.deep.equal(before);
  return reverted;
}

/** Asserts the plain shape of a TxResult and that it matches the chain's receipt. */
export async function expectTxResult(result: TxResult): Promise<void> {
  expect(Object.keys(result).sort()).to.deep.equal(["blockNumber", "gasUsed", "hash"]);
  expect(result.hash).to.match(/^0x[0-9a-f]{64}$/);
  const receipt = await ethers.provider.getTransactionReceipt(result.hash);
  expect(receipt?.status).to.equal(1);
  expect(receipt?.blockNumber).to.equal(result.blockNumber);
  expect(receipt?.gasUsed).to.equal(result.gasUsed);
}
