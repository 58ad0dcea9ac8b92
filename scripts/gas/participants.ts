import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { encodeBytes32String, keccak256, toUtf8Bytes } from "ethers";
import { DEFAULT_ADMIN_DELAY } from "../../ignition/modules/Suite.js";
import type { GasRow } from "./table.js";

const DAY = 86_400;
const hash = (text: string) => keccak256(toUtf8Bytes(text));
const KG = encodeBytes32String("kg").slice(0, 18);
const NO_UNIT = "0x0000000000000000";

type Measure = (operation: string, tx: Promise<{ wait(): Promise<unknown> }>) => Promise<void>;

/** Gas of every participant-registry operation, each in the state a user would meet it. */
export async function measureParticipants(
  ethers: HardhatEthers,
  now: number,
): Promise<GasRow[]> {
  const rows: GasRow[] = [];
  const measure: Measure = async (operation, pending) => {
    const receipt = (await (await pending).wait()) as { gasUsed: bigint };
    rows.push({ section: "participants", operation, gas: receipt.gasUsed });
  };
  const [governance, registrar, body, auditor, producer, maker, consumer] =
    await ethers.getSigners();
  if (consumer === undefined) throw new Error("The gas report needs 7 accounts.");

  // Deployed from the last account: governance is never the deployer.
  const deployer = (await ethers.getSigners()).at(-1)!;
  const factory = await ethers.getContractFactory("ParticipantRegistry", deployer);
  const deployed = await factory.deploy(governance!.address, DEFAULT_ADMIN_DELAY);
  const deployment = await deployed.deploymentTransaction()!.wait();
  rows.push({ section: "participants", operation: "deploy ParticipantRegistry", gas: deployment!.gasUsed });
  const registry = deployed.connect(governance!);

  const until = now + 730 * DAY;
  const scheme = encodeBytes32String("AS9100D");
  await measure("appoint registrar (grantRole)", registry.grantRole(await registry.REGISTRAR_ROLE(), registrar!.address));
  await registry.grantRole(await registry.CAPACITY_CONSUMER_ROLE(), consumer.address);
  const asRegistrar = registry.connect(registrar!);
  await measure("accredit", asRegistrar.accredit(producer!.address, 1, until, hash("evidence")));
  await asRegistrar.accredit(body!.address, 1 << 8, until, hash("evidence"));
  await asRegistrar.accredit(auditor!.address, 1 << 7, until, hash("evidence"));
  await asRegistrar.accredit(maker!.address, 1 << 1, until, hash("evidence"));
  await measure("setRoles", asRegistrar.setRoles(maker!.address, (1 << 1) | (1 << 6)));
  await measure("suspend", asRegistrar.suspend(maker!.address, hash("reason")));
  await measure("reinstate", asRegistrar.reinstate(maker!.address));
  await measure("renew", asRegistrar.renew(maker!.address, until + 365 * DAY, hash("evidence 2")));
  await measure("revoke", asRegistrar.revoke(maker!.address, hash("reason")));

  const asBody = registry.connect(body!);
  await measure("defineScheme", asBody.defineScheme(scheme, hash("AS9100D rev D"), 1095 * DAY));
  await measure("authorizeAuditor", asBody.authorizeAuditor(scheme, auditor!.address));
  const asAuditor = registry.connect(auditor!);
  const asProducer = registry.connect(producer!);
  await measure("requestCertificate", asProducer.requestCertificate(scheme, auditor!.address));
  await measure(
    "grantCertificate (no capacity)",
    asAuditor.grantCertificate(producer!.address, scheme, 0, 0, 0, NO_UNIT, 0, hash("audit")),
  );
  await asProducer.requestCertificate(scheme, auditor!.address);
  await measure(
    "grantCertificate (capacity, replaces)",
    asAuditor.grantCertificate(producer!.address, scheme, 0, 0, 5000, KG, 30 * DAY, hash("audit 2")),
  );
  const asConsumer = registry.connect(consumer);
  await measure("consumeCapacity (first draw)", asConsumer.consumeCapacity(producer!.address, scheme, 100, KG));
  await measure("consumeCapacity (same period)", asConsumer.consumeCapacity(producer!.address, scheme, 100, KG));
  await measure("revokeCertificate", asAuditor.revokeCertificate(producer!.address, scheme, hash("reason")));
  await measure("deauthorizeAuditor", asBody.deauthorizeAuditor(scheme, auditor!.address));
  await asRegistrar.accredit(maker!.address, 1 << 8, until, hash("evidence 3"));
  await measure("transferScheme", registry.transferScheme(scheme, maker!.address, hash("reason")));
  return rows;
}
