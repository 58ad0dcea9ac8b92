import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { encodeBytes32String, id, keccak256, toUtf8Bytes, Wallet, ZeroAddress } from "ethers";
import { DEFAULT_ADMIN_DELAY } from "../../ignition/modules/Suite.js";
import type { GasRow } from "./table.js";

const DAY = 86_400;
const QUARTER = 90 * DAY;
const hash = (text: string) => keccak256(toUtf8Bytes(text));
const serial = (text: string) => encodeBytes32String(text);
const chip = (text: string) => new Wallet(id(`chip-${text}`)).address;
const KG = encodeBytes32String("kg").slice(0, 18);
const USD = 1_000_000n; // the stablecoin has 6 decimals

/** `IParticipantRegistry.Role` bits. */
const ROLE = {
  producer: 1 << 0,
  manufacturer: 1 << 1,
  customer: 1 << 2,
  testLab: 1 << 4,
  inspector: 1 << 5,
  remanufacturer: 1 << 6,
  auditor: 1 << 7,
  standardsBody: 1 << 8,
  arbiter: 1 << 9,
  recycler: 1 << 11,
} as const;
/** `ICoreRegistry.Outcome`. */
const OUTCOME = { remanufacture: 1, recondition: 2, repair: 3, recycleOnly: 4 } as const;
/** Refund per grade 1..5, basis points. */
const SCHEDULE: [number, number, number, number, number] = [10_000, 8_000, 5_000, 2_000, 0];

type Pending = Promise<{ wait(): Promise<unknown> }>;

/**
 * Gas of every circular-economy operation (cores, grading, the core market, licences,
 * remanufacture, warranties and claims, recycling, core charges), each measured directly on the
 * contracts in the state a user would meet it. Starts the clock at `now` (after the sections
 * before it).
 */
export async function measureCircular(ethers: HardhatEthers, now: number): Promise<GasRow[]> {
  const rows: GasRow[] = [];
  const measure = async (operation: string, pending: Pending): Promise<bigint> => {
    const gas = ((await (await pending).wait()) as { gasUsed: bigint }).gasUsed;
    rows.push({ section: "circular", operation, gas });
    return gas;
  };
  const deployed = async (operation: string, contract: { deploymentTransaction(): unknown }) => {
    const tx = contract.deploymentTransaction() as { wait(): Promise<{ gasUsed: bigint } | null> };
    rows.push({ section: "circular", operation, gas: (await tx.wait())!.gasUsed });
  };
  const signers = await ethers.getSigners();
  const [
    governance,
    registrar,
    body,
    auditor,
    producer,
    oem,
    customer,
    lab,
    inspector,
    reman,
    reman2,
    recycler,
    arbiter,
  ] = signers;
  if (arbiter === undefined) throw new Error("The gas report needs 14 accounts.");
  // Deployed from the last account: governance is never the deployer.
  const deployer = signers.at(-1)!;

  const latest = (await ethers.provider.getBlock("latest"))!.timestamp;
  if (latest < now) {
    await ethers.provider.send("evm_setNextBlockTimestamp", [now]);
    await ethers.provider.send("evm_mine", []);
  }

  const participants = (
    await ethers.deployContract("ParticipantRegistry", [governance!.address, DEFAULT_ADMIN_DELAY], deployer)
  ).connect(governance!);
  const participantsAddress = await participants.getAddress();
  const parts = await ethers.deployContract("PartRegistry", [participantsAddress], deployer);
  const partsAddress = await parts.getAddress();
  const licences = await ethers.deployContract("LicenceRegistry", [participantsAddress, partsAddress], deployer);
  await deployed("deploy LicenceRegistry", licences);
  const warranties = await ethers.deployContract("WarrantyRegistry", [participantsAddress, partsAddress], deployer);
  await deployed("deploy WarrantyRegistry", warranties);
  const cores = await ethers.deployContract(
    "CoreRegistry",
    [participantsAddress, partsAddress, await licences.getAddress(), await warranties.getAddress()],
    deployer,
  );
  await deployed("deploy CoreRegistry", cores);
  const coresAddress = await cores.getAddress();
  await measure("completeSetup (LicenceRegistry)", licences.connect(deployer).completeSetup(coresAddress));
  await (await warranties.connect(deployer).completeSetup(coresAddress)).wait();
  const charges = await ethers.deployContract("CoreCharges", [participantsAddress, coresAddress], deployer);
  await deployed("deploy CoreCharges", charges);
  const chargesAddress = await charges.getAddress();
  const usdc = await ethers.deployContract("StablecoinMock", ["USD Coin", "USDC"]);
  const usdcAddress = await usdc.getAddress();

  // The cast: a producer and a recycler certified under one scheme, an OEM, a customer, a test
  // lab and an inspector, two remanufacturers and an arbiter.
  await participants.grantRole(await participants.REGISTRAR_ROLE(), registrar!.address);
  await participants.grantRole(await participants.CAPACITY_CONSUMER_ROLE(), partsAddress);
  const until = now + 730 * DAY;
  const accredit = [
    [body, ROLE.standardsBody],
    [auditor, ROLE.auditor],
    [producer, ROLE.producer],
    [oem, ROLE.manufacturer],
    [customer, ROLE.customer],
    [lab, ROLE.testLab],
    [inspector, ROLE.inspector],
    [reman, ROLE.remanufacturer],
    [reman2, ROLE.remanufacturer],
    [recycler, ROLE.recycler],
    [arbiter, ROLE.arbiter],
  ] as const;
  for (const [who, mask] of accredit) {
    await participants.connect(registrar!).accredit(who!.address, mask, until, hash("evidence"));
  }
  const scheme = encodeBytes32String("CF-TI");
  await participants.connect(body!).defineScheme(scheme, hash("scheme"), 1095 * DAY);
  await participants.connect(body!).authorizeAuditor(scheme, auditor!.address);
  for (const [who, capacity] of [
    [producer!, 0n],
    [recycler!, 1_000n],
  ] as const) {
    await participants.connect(who).requestCertificate(scheme, auditor!.address);
    await participants
      .connect(auditor!)
      .grantCertificate(who.address, scheme, 0, 0, capacity, KG, capacity === 0n ? 0 : 30 * DAY, hash("audit"));
  }
  for (const who of [customer!, reman!, reman2!, recycler!]) await usdc.mint(who.address, 10_000n * USD);

  // The OEM's specification needs a passed test and inspection; material from the producer.
  const spec = hash("bracket A7");
  const asOem = parts.connect(oem!);
  await asOem.defineSpecification(spec, 0b101);
  await parts.connect(producer!).registerBatch(hash("Ti-6Al-4V"), 1_000_000n, KG, [scheme], hash("mill"));
  await parts.connect(producer!).transferBatch(1, oem!.address, 900_000n);
  const inputs = [{ batchId: 2n, quantity: 3n }];
  await measure("setNewPartWarranty", warranties.connect(oem!).setNewPartWarranty(spec, 365 * DAY));

  const attested = async (partId: bigint) => {
    for (const kind of [0, 2]) await (await parts.connect(lab!).attest(partId, kind, hash("report"), true)).wait();
  };
  /** A conforming part the OEM made and sold to the customer. */
  const sold = async (label: string): Promise<bigint> => {
    await (await asOem.makePart(spec, serial(label), chip(label), inputs, [])).wait();
    const partId = await parts.partIdOf(oem!.address, serial(label));
    await attested(partId);
    await (await asOem.transferFrom(oem!.address, customer!.address, partId)).wait();
    return partId;
  };
  const returned = async (partId: bigint, operation?: string) => {
    await (await parts.connect(customer!).approve(coresAddress, partId)).wait();
    const pending = cores.connect(customer!).returnCore(partId, hash(`return ${partId}`));
    if (operation === undefined) await (await pending).wait();
    else await measure(operation, pending);
  };
  const graded = async (coreId: bigint, outcome: number, value: number) =>
    (await cores.connect(inspector!).grade(coreId, outcome, value, hash(`grade ${coreId}`))).wait();

  // Core charge: the OEM sells a unit and requires a deposit; the customer pays it in.
  const unit = await sold("SN-1");
  const returnBy = now + 180 * DAY;
  await measure(
    "requireCharge",
    charges.connect(oem!).requireCharge(customer!.address, unit, usdcAddress, 200n * USD, returnBy, SCHEDULE),
  );
  await (await usdc.connect(customer!).approve(chargesAddress, 200n * USD)).wait();
  await measure("payCharge", charges.connect(customer!).payCharge(1));

  // End of life: the customer returns the unit; an inspector grades it, a test lab re-grades it.
  await returned(unit, "returnCore");
  await measure(
    "grade (first)",
    cores.connect(inspector!).grade(unit, OUTCOME.remanufacture, 2, hash("inspection")),
  );
  await measure(
    "grade (re-grade by a second grader)",
    cores.connect(lab!).grade(unit, OUTCOME.remanufacture, 1, hash("second inspection")),
  );
  await (await cores.connect(customer!).approve(chargesAddress, unit)).wait();
  await measure("settleCharge (core handed in, refund by grade)", charges.connect(customer!).settleCharge(1, unit));
  await measure("withdraw (refund)", charges.connect(customer!).withdraw(1, customer!.address));

  // The market: the customer lists cores; remanufacturers and the recycler buy them.
  const cores1 = [await sold("SN-2"), await sold("SN-3"), await sold("SN-4"), await sold("SN-5")];
  for (const coreId of cores1) await returned(coreId);
  const [forFee, forFree, forRecycling, delisted] = cores1 as [bigint, bigint, bigint, bigint];
  await graded(forFee, OUTCOME.remanufacture, 2);
  await graded(forFree, OUTCOME.recondition, 3);
  await graded(forRecycling, OUTCOME.recycleOnly, 5);
  const asCustomer = cores.connect(customer!);
  const price = 50n * USD;
  await measure("list", asCustomer.list(forFee, usdcAddress, price));
  await (await asCustomer.list(delisted, usdcAddress, price)).wait();
  await measure("delist", asCustomer.delist(delisted));
  await (await usdc.connect(reman!).approve(coresAddress, price)).wait();
  await measure("buy (grade no older than 30 days)", cores.connect(reman!).buy(forFee, usdcAddress, price, 30 * DAY));
  for (const [coreId, buyer] of [
    [forFree, reman2!],
    [forRecycling, recycler!],
  ] as const) {
    await (await asCustomer.list(coreId, usdcAddress, price)).wait();
    await (await usdc.connect(buyer).approve(coresAddress, price)).wait();
    await (await cores.connect(buyer).buy(coreId, usdcAddress, price, 0)).wait();
  }

  // Licences: one with a fee per unit, one without; two units a quarter.
  const asLicensor = licences.connect(oem!);
  await measure(
    "grantLicence (fee per unit)",
    asLicensor.grantLicence(spec, reman!.address, 2, QUARTER, now + 730 * DAY, usdcAddress, 25n * USD, hash("data package")),
  );
  await (
    await asLicensor.grantLicence(spec, reman2!.address, 2, QUARTER, now + 730 * DAY, ZeroAddress, 0, hash("data package"))
  ).wait();

  // Remanufacture: the new part first (new serial and chip), then the core turns into it.
  await measure(
    "makePart by a remanufacturer (no material)",
    parts.connect(reman!).makePart(spec, serial("R-1"), chip("R-1"), [], []),
  );
  const reman1 = await parts.partIdOf(reman!.address, serial("R-1"));
  await (await usdc.connect(reman!).approve(await licences.getAddress(), 25n * USD)).wait();
  await measure(
    "remanufacture (licensed, fee)",
    cores.connect(reman!).remanufacture(forFee, reman1, 365 * DAY, hash("warranty terms")),
  );
  await (await parts.connect(reman2!).makePart(spec, serial("R-2"), chip("R-2"), [], [])).wait();
  const reman2Part = await parts.partIdOf(reman2!.address, serial("R-2"));
  await measure(
    "remanufacture (licensed, no fee)",
    cores.connect(reman2!).remanufacture(forFree, reman2Part, 183 * DAY, hash("warranty terms")),
  );
  // The OEM holds the core the customer handed in against the charge; it needs no licence.
  await (await asOem.makePart(spec, serial("R-3"), chip("R-3"), [], [])).wait();
  const oemPart = await parts.partIdOf(oem!.address, serial("R-3"));
  await measure(
    "remanufacture (by the OEM, no licence)",
    cores.connect(oem!).remanufacture(unit, oemPart, 365 * DAY, hash("warranty terms")),
  );
  await measure("revokeLicence", asLicensor.revokeLicence(2, hash("contract ended")));

  // Warranty claims: the remanufactured unit is attested and sold; the buyer claims twice.
  await attested(reman1);
  await (await parts.connect(reman!).transferFrom(reman!.address, customer!.address, reman1)).wait();
  const asClaimant = warranties.connect(customer!);
  await measure("fileClaim", asClaimant.fileClaim(reman1, hash("crack found")));
  await measure("answerClaim (accept)", warranties.connect(reman!).answerClaim(1, true, hash("replaced")));
  await (await asClaimant.fileClaim(reman1, hash("second crack"))).wait();
  await measure("answerClaim (reject)", warranties.connect(reman!).answerClaim(2, false, hash("misuse")));
  await measure("escalateClaim", asClaimant.escalateClaim(2, arbiter!.address));
  await measure("ruleClaim", warranties.connect(arbiter!).ruleClaim(2, true, hash("ruling")));

  // Recycling: the recycler registers a batch of recycled material, then links the core to it.
  const asRecycler = parts.connect(recycler!);
  const recycled: [string, bigint, string, string[], string] = [
    hash("recycled Ti-6Al-4V"),
    40n,
    KG,
    [scheme],
    hash("melt record"),
  ];
  const batchId = await asRecycler.registerBatch.staticCall(...recycled);
  await measure("registerBatch by a recycler (draws capacity)", asRecycler.registerBatch(...recycled));
  await measure("recycle", cores.connect(recycler!).recycle(forRecycling, batchId, hash("shredded")));

  // A deposit not matched by a core by the deadline goes to the seller.
  const unit2 = await sold("SN-6");
  await (
    await charges.connect(oem!).requireCharge(customer!.address, unit2, usdcAddress, 200n * USD, returnBy, SCHEDULE)
  ).wait();
  await (await usdc.connect(customer!).approve(chargesAddress, 200n * USD)).wait();
  await (await charges.connect(customer!).payCharge(2)).wait();
  await ethers.provider.send("evm_setNextBlockTimestamp", [returnBy + 1]);
  await measure("forfeitCharge", charges.forfeitCharge(2));
  await measure("withdraw (forfeited deposit)", charges.connect(oem!).withdraw(2, oem!.address));
  return rows;
}
