import {
  AbiCoder,
  encodeBytes32String,
  id,
  keccak256,
  Wallet,
  ZeroAddress,
  type BigNumberish,
} from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkConnection } from "hardhat/types/network";
import type { PartRegistry } from "../../src/typechain/index.js";
import { Role, roleSet } from "../helpers/roles.js";
import { Kind, kindSet } from "../helpers/kinds.js";
import { accounts } from "../fixtures/cast.js";
import { DAY, docHash, KG, startClock, YEAR } from "../fixtures/constants.js";
import { certify, defineScheme, deploySuite, withAccreditedCast } from "../fixtures/suite.js";
import { withProvenance } from "../fixtures/provenance.js";

export { DAY, docHash, GENESIS_TIME, HOUR, KG, unit, YEAR } from "../fixtures/constants.js";
export { Kind, kindSet } from "../helpers/kinds.js";

/** Test-side mirror of `IPartRegistry.PartStatus`. */
export const PartStatus = {
  Made: 0,
  InService: 1,
  Quarantined: 2,
  Returned: 3,
  Recycled: 4,
  Destroyed: 5,
} as const;
export type PartStatus = (typeof PartStatus)[keyof typeof PartStatus];
export const ALL_STATUSES: readonly PartStatus[] = Object.values(PartStatus);

/** The certification scheme the fixture defines, and a second one the producer is not certified under. */
export const SCHEME = encodeBytes32String("CF-TI");
export const UNCERTIFIED_SCHEME = encodeBytes32String("CF-AL");
export const SCHEME_DOCUMENT = docHash("scheme:CF-TI");
export const SCHEME_VALIDITY = YEAR;

/** The producer's certified capacity: 10,000 units per 30 days. */
export const CAPACITY = 10_000n;
export const CAPACITY_PERIOD = 30 * DAY;

/** The part type the fixture defines: it must pass a test and an inspection to conform. */
export const SPEC = id("spec:bracket-A7");
export const REQUIRED_KINDS = kindSet(Kind.Test, Kind.Inspection);

/** The material the fixture's root batch holds. */
export const MATERIAL = id("material:Ti-6Al-4V grade 5");
export const MILL_CERTIFICATE = docHash("mill-certificate:heat-4711");
export const ROOT_QUANTITY = 1_000n;
export const TO_MANUFACTURER = 600n;

/** A part serial as `bytes32`. */
export function serial(text: string): string {
  return encodeBytes32String(text);
}

/** A deterministic tag chip: a secp256k1 key derived from a label. */
export function chip(label: string): Wallet {
  return new Wallet(id(`chip:${label}`));
}

/** The token id of the part `maker` made with `serialValue`: keccak256(abi.encode(maker, serial)). */
export function expectedPartId(maker: string, serialValue: string): bigint {
  return BigInt(
    keccak256(AbiCoder.defaultAbiCoder().encode(["address", "bytes32"], [maker, serialValue])),
  );
}

/** The EIP-712 types of the chip challenge. */
export const CHIP_TYPES = {
  ChipChallenge: [
    { name: "partId", type: "uint256" },
    { name: "challenge", type: "bytes32" },
    { name: "blockNumber", type: "uint256" },
    { name: "blockHash", type: "bytes32" },
  ],
};

/** A chip's answer: the block it is bound to, that block's hash, and the signature. */
export type FixtureChipAnswer = { blockNumber: number; blockHash: string; signature: string };

/** What the tag chip does: sign the raw digest, with no message prefix. */
export function chipSign(wallet: Wallet, digest: string): string {
  return wallet.signingKey.sign(digest).serialized;
}

/**
 * Signs the chip challenge for `partId` through the registry's own digest, bound to block
 * `blockNumber` (by default the parent of the latest block, so that it is within the registry's
 * 64-block window when the next transaction mines) and its hash as the chain knows it.
 */
export async function chipAnswer(
  parts: PartRegistry,
  wallet: Wallet,
  partId: BigNumberish,
  challenge: string,
  blockNumber?: number,
): Promise<FixtureChipAnswer> {
  const provider = parts.runner?.provider;
  if (provider === undefined || provider === null) throw new Error("no provider");
  const at = blockNumber ?? (await provider.getBlockNumber()) - 1;
  const block = await provider.getBlock(at);
  if (block === null || block.hash === null) throw new Error(`no block ${at}`);
  const digest = await parts.chipDigest(partId, challenge, at, block.hash);
  return { blockNumber: at, blockHash: block.hash, signature: chipSign(wallet, digest) };
}

/**
 * Deploys a participant registry (governed by `governance`, one registrar), accredits for a year
 * a standards body, an auditor, a producer, a second (uncertified) producer, two manufacturers, a
 * customer, a test lab, an inspector, a service provider and a remanufacturer; defines scheme
 * {SCHEME}, authorises the auditor, who certifies the producer with {CAPACITY} per
 * {CAPACITY_PERIOD}. Deploys the part registry and gives it CAPACITY_CONSUMER_ROLE. The
 * manufacturer defines {SPEC}; the producer registers root batch 1 ({ROOT_QUANTITY} kg) and
 * transfers {TO_MANUFACTURER} kg of it to the manufacturer as batch 2. Layers 1 to 3 of
 * test/fixtures (deploySuite, withAccreditedCast, defineScheme, certify, withProvenance), on this
 * file's own accounts.
 */
export async function deployPartsFixture(connection: NetworkConnection) {
  const accreditedUntil = await startClock(connection);
  const signer = await accounts(connection);
  const deployer = signer(0);
  const governance = signer(1);
  const registrar = signer(2);
  const standardsBody = signer(3);
  const auditor = signer(4);
  const producer = signer(5);
  const producer2 = signer(6);
  const manufacturer = signer(7);
  const manufacturer2 = signer(8);
  const customer = signer(9);
  const testLab = signer(10);
  const inspector = signer(11);
  const serviceProvider = signer(12);
  const remanufacturer = signer(13);
  const stranger = signer(14);

  const suite = await deploySuite(connection, { deployer, governance, registrar });
  const accredited = await withAccreditedCast(
    suite,
    [
      [standardsBody, roleSet(Role.StandardsBody)],
      [auditor, roleSet(Role.Auditor)],
      [producer, roleSet(Role.Producer)],
      [producer2, roleSet(Role.Producer)],
      [manufacturer, roleSet(Role.Manufacturer)],
      [manufacturer2, roleSet(Role.Manufacturer)],
      [customer, roleSet(Role.Customer)],
      [testLab, roleSet(Role.TestLab)],
      [inspector, roleSet(Role.Inspector)],
      [serviceProvider, roleSet(Role.ServiceProvider)],
      [remanufacturer, roleSet(Role.Remanufacturer)],
    ],
    accreditedUntil,
  );
  await defineScheme(suite, {
    standardsBody,
    scheme: SCHEME,
    document: SCHEME_DOCUMENT,
    validity: SCHEME_VALIDITY,
    auditors: [auditor],
  });
  await certify(suite, {
    holder: producer,
    auditor,
    scheme: SCHEME,
    capacity: CAPACITY,
    unit: KG,
    period: CAPACITY_PERIOD,
    evidence: docHash("audit-report:producer"),
  });
  const f = await withProvenance(accredited, {
    producer,
    manufacturer,
    spec: { hash: SPEC, requiredKinds: REQUIRED_KINDS },
    batch: {
      material: MATERIAL,
      quantity: ROOT_QUANTITY,
      unit: KG,
      schemes: [SCHEME],
      evidence: MILL_CERTIFICATE,
      toManufacturer: TO_MANUFACTURER,
    },
  });

  return {
    accreditedUntil,
    participantRegistry: f.participantRegistry,
    participantsAddress: f.participantsAddress,
    parts: f.parts,
    partsAddress: f.partsAddress,
    domain: f.domain,
    chainId: f.chainId,
    deployer,
    governance,
    registrar,
    standardsBody,
    auditor,
    producer,
    producer2,
    manufacturer,
    manufacturer2,
    customer,
    testLab,
    inspector,
    serviceProvider,
    remanufacturer,
    stranger,
    REGISTRAR_ROLE: f.REGISTRAR_ROLE,
    CAPACITY_CONSUMER_ROLE: f.CAPACITY_CONSUMER_ROLE,
    /** The producer's root batch and the manufacturer's portion of it. */
    rootBatch: f.rootBatch,
    mfgBatch: f.mfgBatch,
  };
}

export type PartsFixture = Awaited<ReturnType<typeof deployPartsFixture>>;

/** One input of a part: `quantity` units of batch `batchId` per part. */
export function input(batchId: number | bigint, quantity: number | bigint) {
  return { batchId: BigInt(batchId), quantity: BigInt(quantity) };
}

/**
 * Makes one part of {SPEC} (unless `spec` is given) as `maker` and returns its token id, computed
 * off chain and checked against the registry's {partIdOf}.
 */
export async function make(
  parts: PartRegistry,
  maker: HardhatEthersSigner,
  serialText: string,
  options: {
    spec?: string;
    chipKey?: string;
    inputs?: { batchId: BigNumberish; quantity: BigNumberish }[];
    children?: BigNumberish[];
  } = {},
): Promise<bigint> {
  const s = serial(serialText);
  await parts
    .connect(maker)
    .makePart(
      options.spec ?? SPEC,
      s,
      options.chipKey ?? ZeroAddress,
      options.inputs ?? [],
      options.children ?? [],
    );
  return expectedPartId(maker.address, s);
}

/**
 * Gives part `id` a pass of every kind {SPEC} requires (a test by the lab, an inspection by the
 * inspector), so that it conforms and can be built in, activated or delivered.
 */
export async function conform(
  f: Pick<PartsFixture, "parts" | "testLab" | "inspector">,
  id: bigint,
): Promise<void> {
  await f.parts.connect(f.testLab).attest(id, Kind.Test, docHash(`test:${id}`), true);
  await f.parts.connect(f.inspector).attest(id, Kind.Inspection, docHash(`inspection:${id}`), true);
}
