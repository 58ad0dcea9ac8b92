import { id } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkConnection } from "hardhat/types/network";
import { Role, roleSet } from "../helpers/roles.js";
import { accounts } from "../fixtures/cast.js";
import { accredit, certify } from "../fixtures/suite.js";
import { withCircular } from "../fixtures/trade.js";
import {
  conform,
  DAY,
  deployPartsFixture,
  docHash,
  KG,
  make,
  SCHEME,
  SPEC,
} from "../provenance/fixture.js";

export {
  conform,
  DAY,
  docHash,
  HOUR,
  input,
  Kind,
  KG,
  make,
  PartStatus,
  SCHEME,
  SPEC,
  YEAR,
} from "../provenance/fixture.js";

/** Test-side mirror of `ICoreRegistry.Outcome`. */
export const Outcome = {
  None: 0,
  Remanufacture: 1,
  Recondition: 2,
  Repair: 3,
  RecycleOnly: 4,
} as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];

/** Test-side mirror of `ICoreRegistry.CoreState`. */
export const CoreState = { None: 0, Held: 1, Remanufactured: 2, Recycled: 3 } as const;

/** Test-side mirror of `IWarrantyRegistry.ClaimState`. */
export const ClaimState = {
  None: 0,
  Filed: 1,
  Accepted: 2,
  Rejected: 3,
  Escalated: 4,
  Upheld: 5,
  Dismissed: 6,
} as const;

/** Test-side mirror of `ICoreCharges.ChargeState`. */
export const ChargeState = {
  None: 0,
  Required: 1,
  Held: 2,
  Settled: 3,
  Forfeited: 4,
  Cancelled: 5,
} as const;

/** The warranty of a new part of {SPEC}, set by its owner (the manufacturer). */
export const NEW_PART_WARRANTY = 365 * DAY;
/** A second specification, owned by the second manufacturer: cores of it do not match {SPEC}. */
export const OTHER_SPEC = id("spec:housing-B2");
/** Recycled titanium, the recycler's material. */
export const RECYCLED_MATERIAL = id("material:recycled Ti-6Al-4V");
/** The recycler's certified capacity: 500 kg per 30 days under {SCHEME}. */
export const RECYCLER_CAPACITY = 500n;
/** One stablecoin unit (6 decimals). */
export const USDC = 1_000_000n;
/** A refund schedule, basis points per grade 1..5. */
export const SCHEDULE: [number, number, number, number, number] = [10_000, 8_000, 5_000, 2_000, 0];

/**
 * The parts fixture ({deployPartsFixture}) plus the circular economy: a licence registry, a
 * warranty registry, the core registry and core charges, wired by the deployer's one-shot
 * `completeSetup` calls as in a deployment. Accredits a recycler (certified under {SCHEME} for
 * {RECYCLER_CAPACITY} kg per 30 days), an arbiter and a second customer; the manufacturer sets a
 * new part of {SPEC} a {NEW_PART_WARRANTY} warranty, and the second manufacturer defines
 * {OTHER_SPEC}. A 6-decimal stablecoin is minted: 10,000 USDC to the customers, the
 * remanufacturer and the recycler. The registries are the circular layer of test/fixtures
 * (withCircular).
 */
export async function deployCircularFixture(connection: NetworkConnection) {
  const f = await deployPartsFixture(connection);
  const { ethers } = connection;
  const signer = await accounts(connection);
  const recycler = signer(15);
  const arbiter = signer(16);
  const customer2 = signer(17);

  await accredit(
    { participantRegistry: f.participantRegistry, people: f },
    [
      [recycler, roleSet(Role.Recycler)],
      [arbiter, roleSet(Role.Arbiter)],
      [customer2, roleSet(Role.Customer)],
    ],
    f.accreditedUntil,
  );
  await certify(
    { participantRegistry: f.participantRegistry },
    {
      holder: recycler,
      auditor: f.auditor,
      scheme: SCHEME,
      capacity: RECYCLER_CAPACITY,
      unit: KG,
      period: 30 * DAY,
      evidence: docHash("audit-report:recycler"),
    },
  );

  const circular = await withCircular({ connection, people: f, ...f });
  const { licences, warranties, cores, charges } = circular;

  await warranties.connect(f.manufacturer).setNewPartWarranty(SPEC, NEW_PART_WARRANTY);
  await f.parts.connect(f.manufacturer2).defineSpecification(OTHER_SPEC, 0);

  const usdc = await ethers.deployContract("StablecoinMock", ["USD Coin (test)", "USDC"]);
  for (const holder of [f.customer, customer2, f.remanufacturer, recycler]) {
    await usdc.mint(holder.address, 10_000n * USDC);
  }

  return {
    ...f,
    recycler,
    arbiter,
    customer2,
    licences,
    licencesAddress: circular.licencesAddress,
    warranties,
    warrantiesAddress: circular.warrantiesAddress,
    cores,
    coresAddress: circular.coresAddress,
    charges,
    chargesAddress: circular.chargesAddress,
    usdc,
    usdcAddress: await usdc.getAddress(),
  };
}

export type CircularFixture = Awaited<ReturnType<typeof deployCircularFixture>>;

/**
 * A conforming part of {SPEC} made by the manufacturer (serial `label`) and sold to `holder`
 * (the customer by default). Returns its id.
 */
export async function soldPart(
  f: CircularFixture,
  label: string,
  holder: HardhatEthersSigner = f.customer,
): Promise<bigint> {
  const partId = await make(f.parts, f.manufacturer, label);
  await conform(f, partId);
  await f.parts
    .connect(f.manufacturer)
    .transferFrom(f.manufacturer.address, holder.address, partId);
  return partId;
}

/** `holder` approves the core registry for part `partId` alone and returns it as a core. */
export async function returnAsCore(
  f: CircularFixture,
  partId: bigint,
  holder: HardhatEthersSigner = f.customer,
): Promise<bigint> {
  await f.parts.connect(holder).approve(f.coresAddress, partId);
  await f.cores.connect(holder).returnCore(partId, docHash(`return:${partId}`));
  return partId;
}

/**
 * A part sold to `holder`, returned as a core and graded by the inspector with `outcome` and
 * `grade`. Returns the core's id.
 */
export async function gradedCore(
  f: CircularFixture,
  label: string,
  {
    holder = f.customer,
    outcome = Outcome.Remanufacture,
    grade = 2,
  }: { holder?: HardhatEthersSigner; outcome?: Outcome; grade?: number } = {},
): Promise<bigint> {
  const coreId = await returnAsCore(f, await soldPart(f, label, holder), holder);
  await f.cores.connect(f.inspector).grade(coreId, outcome, grade, docHash(`grade:${coreId}`));
  return coreId;
}
