import { encodeBytes32String, id } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";
import { Role, roleSet } from "../helpers/roles.js";
import { ADMIN_DELAY } from "../helpers/governance.js";

/**
 * The first fixture moves the chain clock here, so that dates are readable and far from the
 * wall clock. A fixture loaded later in the same file runs on the chain as the previous test left
 * it (loadFixture does not rewind to before the first fixture), so every date a fixture sets is
 * relative to the block time at which it starts, and returned to the tests.
 */
export const GENESIS_TIME = 2_000_000_000;

export const HOUR = 3600;
export const DAY = 24 * HOUR;
export const YEAR = 365 * DAY;

/** The scheme the fixture defines, its normative document and its default validity. */
export const SCHEME = encodeBytes32String("ISO-9001:2015");
export const OTHER_SCHEME = encodeBytes32String("EN-9100");
export const DEFAULT_VALIDITY = 180 * DAY;

/** A deterministic, labelled stand-in for the hash of an off-chain document. */
export function docHash(label: string): string {
  return id(label);
}

export const SCHEME_DOCUMENT = docHash("scheme:ISO-9001:2015");

/**
 * Deploys the registry with a governance signer distinct from the deployer, appoints a registrar,
 * accredits two standards bodies, two auditors and a producer for a year (until `accreditedUntil`),
 * lets the first standards body define {SCHEME} and authorise the first auditor, grants the
 * capacity consumer role to an EOA, and deploys (without any role) a capacity-consumer contract.
 * `newcomer` and `stranger` hold nothing; `registrar2` is not yet a registrar.
 */
export async function deployRegistryFixture({ ethers, networkHelpers }: NetworkConnection) {
  const { time } = networkHelpers;
  if ((await time.latest()) < GENESIS_TIME) await time.increaseTo(GENESIS_TIME);
  const accreditedUntil = (await time.latest()) + YEAR;

  const signers = await ethers.getSigners();
  const signer = (index: number) => {
    const found = signers[index];
    if (found === undefined) throw new Error(`the fixture needs at least ${index + 1} signers`);
    return found;
  };
  const deployer = signer(0);
  const governance = signer(1);
  const registrar = signer(2);
  const registrar2 = signer(3);
  const standardsBody = signer(4);
  const otherStandardsBody = signer(5);
  const auditor = signer(6);
  const auditor2 = signer(7);
  const producer = signer(8);
  const newcomer = signer(9);
  const consumer = signer(10);
  const stranger = signer(11);

  const registry = await ethers.deployContract(
    "ParticipantRegistry",
    [governance.address, ADMIN_DELAY],
    deployer,
  );
  const REGISTRAR_ROLE = await registry.REGISTRAR_ROLE();
  const CAPACITY_CONSUMER_ROLE = await registry.CAPACITY_CONSUMER_ROLE();
  const DEFAULT_ADMIN_ROLE = await registry.DEFAULT_ADMIN_ROLE();

  await registry.connect(governance).grantRole(REGISTRAR_ROLE, registrar.address);
  await registry.connect(governance).grantRole(CAPACITY_CONSUMER_ROLE, consumer.address);

  const byRegistrar = registry.connect(registrar);
  const accredited: [string, number][] = [
    [standardsBody.address, roleSet(Role.StandardsBody)],
    [otherStandardsBody.address, roleSet(Role.StandardsBody)],
    [auditor.address, roleSet(Role.Auditor)],
    [auditor2.address, roleSet(Role.Auditor)],
    [producer.address, roleSet(Role.Producer, Role.Manufacturer)],
  ];
  for (const [account, roles] of accredited) {
    await byRegistrar.accredit(
      account,
      roles,
      accreditedUntil,
      docHash(`accreditation:${account}`),
    );
  }

  await registry.connect(standardsBody).defineScheme(SCHEME, SCHEME_DOCUMENT, DEFAULT_VALIDITY);
  await registry.connect(standardsBody).authorizeAuditor(SCHEME, auditor.address);

  const consumerMock = await ethers.deployContract(
    "CapacityConsumerMock",
    [await registry.getAddress()],
    deployer,
  );

  return {
    accreditedUntil,
    registry,
    consumerMock,
    deployer,
    governance,
    registrar,
    registrar2,
    standardsBody,
    otherStandardsBody,
    auditor,
    auditor2,
    producer,
    newcomer,
    consumer,
    stranger,
    REGISTRAR_ROLE,
    CAPACITY_CONSUMER_ROLE,
    DEFAULT_ADMIN_ROLE,
  };
}

export type RegistryFixture = Awaited<ReturnType<typeof deployRegistryFixture>>;
