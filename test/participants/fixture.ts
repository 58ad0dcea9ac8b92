import { encodeBytes32String } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";
import { Role, roleSet } from "../helpers/roles.js";
import { accounts } from "../fixtures/cast.js";
import { DAY, docHash, startClock } from "../fixtures/constants.js";
import { defineScheme, deploySuite, withAccreditedCast } from "../fixtures/suite.js";

export { DAY, docHash, GENESIS_TIME, HOUR, YEAR } from "../fixtures/constants.js";

/** The scheme the fixture defines, its normative document and its default validity. */
export const SCHEME = encodeBytes32String("ISO-9001:2015");
export const OTHER_SCHEME = encodeBytes32String("EN-9100");
export const DEFAULT_VALIDITY = 180 * DAY;

export const SCHEME_DOCUMENT = docHash("scheme:ISO-9001:2015");

/**
 * Deploys the registry with a governance signer distinct from the deployer, appoints a registrar,
 * accredits two standards bodies, two auditors and a producer for a year (until `accreditedUntil`),
 * lets the first standards body define {SCHEME} and authorise the first auditor, grants the
 * capacity consumer role to an EOA, and deploys (without any role) a capacity-consumer contract.
 * `newcomer` and `stranger` hold nothing; `registrar2` is not yet a registrar. Layers 1 and 2 of
 * test/fixtures (deploySuite, withAccreditedCast, defineScheme), on this file's own accounts.
 */
export async function deployRegistryFixture(connection: NetworkConnection) {
  const accreditedUntil = await startClock(connection);
  const signer = await accounts(connection);
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

  const suite = await deploySuite(connection, { deployer, governance, registrar });
  const { participantRegistry: registry, CAPACITY_CONSUMER_ROLE } = suite;
  await registry.connect(governance).grantRole(CAPACITY_CONSUMER_ROLE, consumer.address);
  await withAccreditedCast(
    suite,
    [
      [standardsBody, roleSet(Role.StandardsBody)],
      [otherStandardsBody, roleSet(Role.StandardsBody)],
      [auditor, roleSet(Role.Auditor)],
      [auditor2, roleSet(Role.Auditor)],
      [producer, roleSet(Role.Producer, Role.Manufacturer)],
    ],
    accreditedUntil,
  );
  await defineScheme(suite, {
    standardsBody,
    scheme: SCHEME,
    document: SCHEME_DOCUMENT,
    validity: DEFAULT_VALIDITY,
    auditors: [auditor],
  });

  const consumerMock = await connection.ethers.deployContract(
    "CapacityConsumerMock",
    [suite.participantsAddress],
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
    REGISTRAR_ROLE: suite.REGISTRAR_ROLE,
    CAPACITY_CONSUMER_ROLE,
    DEFAULT_ADMIN_ROLE: suite.DEFAULT_ADMIN_ROLE,
  };
}

export type RegistryFixture = Awaited<ReturnType<typeof deployRegistryFixture>>;
