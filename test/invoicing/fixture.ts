import { expect } from "chai";
import { id, ZeroAddress, ZeroHash } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkConnection } from "hardhat/types/network";
import type {
  BlocklistTokenMock,
  FeeOnTransferTokenMock,
  IInvoiceEscrow,
  InvoiceEscrow,
  ReentrantTokenMock,
  StablecoinMock,
} from "../../src/typechain/index.js";
import { agreedInvoice, escrowOwes, totalOf } from "../helpers/agreements.js";
import { Role, roleSet } from "../helpers/roles.js";
import {
  DAY,
  deployPartsFixture,
  docHash,
  expectedPartId,
  input,
  Kind,
  kindSet,
  make,
  serial,
} from "../provenance/fixture.js";
import { accounts } from "../fixtures/cast.js";
import { accredit } from "../fixtures/suite.js";
import { withInvoicing } from "../fixtures/trade.js";

export { DAY, docHash, HOUR } from "../provenance/fixture.js";
export { Role } from "../helpers/roles.js";
export { agreedInvoice, totalOf } from "../helpers/agreements.js";

/** Test-side mirror of `IInvoiceEscrow.InvoiceState`. */
export const InvoiceState = {
  None: 0,
  Proposed: 1,
  Funded: 2,
  Settled: 3,
  Cancelled: 4,
} as const;

/** Test-side mirror of `IInvoiceEscrow.MilestoneKind`. */
export const MilestoneKind = { Approval: 0, Delivery: 1 } as const;
export type MilestoneKind = (typeof MilestoneKind)[keyof typeof MilestoneKind];

/** Test-side mirror of `IInvoiceEscrow.MilestoneState`. */
export const MilestoneState = {
  None: 0,
  Pending: 1,
  Delivered: 2,
  Disputed: 3,
  Released: 4,
  Resolved: 5,
  Refunded: 6,
} as const;

/** `InvoiceEscrowNotAccredited`'s role for "any role". */
export const ANY_ROLE = 255;

/** An amount of the 6-decimal stablecoin. */
export const USD = (amount: bigint) => amount * 10n ** 6n;

/** The part type the invoices buy (conforming once a test passed), and another one. */
export const INVOICE_SPEC = id("spec:housing-H2");
export const OTHER_SPEC = id("spec:cover-C1");

/** How many conforming parts of {INVOICE_SPEC} the manufacturer holds. */
export const CONFORMING_PARTS = 6;

/** Default terms: the two milestones of {twoMilestones} and the lateness penalty. */
export const APPROVAL_AMOUNT = USD(4_000n);
export const DELIVERY_AMOUNT = USD(6_000n);
export const TOTAL = APPROVAL_AMOUNT + DELIVERY_AMOUNT;
export const QUANTITY = 3;
export const DUE_IN = 30 * DAY;
export const ACCEPTANCE_WINDOW = 3 * DAY;
export const GRACE_PERIOD = 7 * DAY;
export const RULING_PERIOD = 14 * DAY;
export const PENALTY_PER_DAY = USD(100n);
export const PENALTY_CAP = USD(500n);

/** What the customer and the originator hold of each token at the start. */
export const STARTING_BALANCE = USD(1_000_000n);
/** The fee-on-transfer token burns 1% of every transfer. */
export const FEE_BPS = 100n;
export const STABLE_NAME = "Test USD";

/** A reason document's hash, for disputes. */
export const REASON = docHash("reason:housings-out-of-tolerance");

/** `IInvoiceEscrow.InvoiceTerms`, with plain types. */
export interface InvoiceTerms {
  payer: string;
  token: string;
  dueDate: bigint;
  acceptanceWindow: bigint;
  gracePeriod: bigint;
  rulingPeriod: bigint;
  arbiter: string;
  penaltyPerDay: bigint;
  penaltyCap: bigint;
}

/** `IInvoiceEscrow.MilestoneTerms`, with plain types. */
export interface MilestoneTerms {
  amount: bigint;
  kind: MilestoneKind;
  quantity: number;
  specHash: string;
}

/** The EIP-2612 `Permit` struct. */
export const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/**
 * The parts fixture (participant registry with governance and a registrar, accredited producer,
 * two manufacturers, a customer, a test lab and a stranger; part registry with capacity; batch 2
 * held by the manufacturer), plus: an arbiter and a second arbiter, a financier (a customer) and
 * an originator (no accreditation, ORIGINATOR_ROLE on the escrow); {INVOICE_SPEC} and
 * {OTHER_SPEC} (each needs a passed test); {CONFORMING_PARTS} tested parts of {INVOICE_SPEC} held
 * by the manufacturer, one tested part of it held by the second manufacturer (`foreignPart`), one
 * untested part (`nonConformingPart`) and one tested part of {OTHER_SPEC} (`otherSpecPart`). The
 * escrow is deployed with governance as admin; the manufacturer approved it as operator on the
 * part registry. The customer holds {STARTING_BALANCE} of every mock token, the originator of
 * the stablecoin; nobody has approved the escrow for any token. The escrow is the invoicing layer
 * of test/fixtures (withInvoicing).
 */
export async function deployInvoiceFixture(connection: NetworkConnection) {
  const { ethers, networkHelpers } = connection;
  const base = await deployPartsFixture(connection);
  const { participantRegistry, parts, registrar, governance, deployer } = base;
  const { manufacturer, manufacturer2, customer, testLab } = base;

  const signer = await accounts(connection);
  const arbiter = signer(15);
  const financier = signer(16);
  const originator = signer(17);
  const otherArbiter = signer(18);

  await accredit(
    { participantRegistry, people: { registrar } },
    [
      [arbiter, roleSet(Role.Arbiter)],
      [otherArbiter, roleSet(Role.Arbiter)],
      [financier, roleSet(Role.Customer)],
    ],
    base.accreditedUntil,
  );

  // Parts: tested housings, one untested, one of another spec, one held by someone else.
  const byMaker = parts.connect(manufacturer);
  await byMaker.defineSpecification(INVOICE_SPEC, kindSet(Kind.Test));
  await byMaker.defineSpecification(OTHER_SPEC, kindSet(Kind.Test));
  const inputs = [input(base.mfgBatch, 1)];
  const serials = Array.from({ length: CONFORMING_PARTS + 1 }, (_, i) => serial(`housing-H2-${i}`));
  await byMaker.makeParts(INVOICE_SPEC, serials, [], inputs);
  const tested = serials.map((s) => expectedPartId(manufacturer.address, s));
  const otherSpecPart = await make(parts, manufacturer, "cover-C1-0", {
    spec: OTHER_SPEC,
    inputs,
  });
  const nonConformingPart = await make(parts, manufacturer, "housing-H2-untested", {
    spec: INVOICE_SPEC,
    inputs,
  });
  for (const [i, partId] of [...tested, otherSpecPart].entries()) {
    await parts.connect(testLab).attest(partId, Kind.Test, docHash(`test-report:${i}`), true);
  }
  const conforming = tested.slice(0, CONFORMING_PARTS);
  const foreignPart = tested[CONFORMING_PARTS];
  if (foreignPart === undefined) throw new Error("unreachable");
  await byMaker.transferFrom(manufacturer.address, manufacturer2.address, foreignPart);

  const { escrow, escrowAddress } = await withInvoicing({
    connection,
    people: { deployer, governance },
    participantsAddress: base.participantsAddress,
    partsAddress: base.partsAddress,
  });
  const ORIGINATOR_ROLE = await escrow.ORIGINATOR_ROLE();
  await escrow.connect(governance).grantRole(ORIGINATOR_ROLE, originator.address);
  // Per-part approvals only: delivery needs no operator approval over all the maker's parts.
  for (const partId of [...conforming, otherSpecPart, nonConformingPart]) {
    await byMaker.approve(escrowAddress, partId);
  }

  const stable = await ethers.deployContract("StablecoinMock", [STABLE_NAME, "TUSD"], deployer);
  const feeToken = await ethers.deployContract("FeeOnTransferTokenMock", [FEE_BPS], deployer);
  const blocklistToken = await ethers.deployContract("BlocklistTokenMock", [], deployer);
  const reentrant = await ethers.deployContract("ReentrantTokenMock", [], deployer);
  for (const token of [stable, feeToken, blocklistToken, reentrant]) {
    await token.mint(customer.address, STARTING_BALANCE);
  }
  await stable.mint(originator.address, STARTING_BALANCE);

  const start = BigInt(await networkHelpers.time.latest());
  return {
    ...base,
    escrow,
    escrowAddress,
    ORIGINATOR_ROLE,
    arbiter,
    otherArbiter,
    financier,
    originator,
    stable,
    feeToken,
    blocklistToken,
    reentrant,
    conforming,
    foreignPart,
    otherSpecPart,
    nonConformingPart,
    /** The block time when the fixture finished, and the default due date. */
    start,
    dueDate: start + BigInt(DUE_IN),
  };
}

export type InvoiceFixture = Awaited<ReturnType<typeof deployInvoiceFixture>>;

/** Default terms from the customer, in the stablecoin, with the arbiter; `overrides` win. */
export async function invoiceTerms(
  f: InvoiceFixture,
  overrides: Partial<InvoiceTerms> = {},
): Promise<InvoiceTerms> {
  return {
    payer: f.customer.address,
    token: await f.stable.getAddress(),
    dueDate: f.dueDate,
    acceptanceWindow: BigInt(ACCEPTANCE_WINDOW),
    gracePeriod: BigInt(GRACE_PERIOD),
    rulingPeriod: BigInt(RULING_PERIOD),
    arbiter: f.arbiter.address,
    penaltyPerDay: PENALTY_PER_DAY,
    penaltyCap: PENALTY_CAP,
    ...overrides,
  };
}

/** A milestone released by the payer's approval. */
export function approvalMilestone(amount: bigint = APPROVAL_AMOUNT): MilestoneTerms {
  return { amount, kind: MilestoneKind.Approval, quantity: 0, specHash: ZeroHash };
}

/** A milestone released by the delivery of `quantity` conforming parts of `specHash`. */
export function deliveryMilestone(
  amount: bigint = DELIVERY_AMOUNT,
  quantity: number = QUANTITY,
  specHash: string = INVOICE_SPEC,
): MilestoneTerms {
  return { amount, kind: MilestoneKind.Delivery, quantity, specHash };
}

/** Milestone 0: approval of {APPROVAL_AMOUNT}; milestone 1: delivery of `quantity` parts. */
export function twoMilestones(quantity: number = QUANTITY): MilestoneTerms[] {
  return [approvalMilestone(), deliveryMilestone(DELIVERY_AMOUNT, quantity)];
}

/** `IInvoiceEscrow.Invoice`, with plain types: what every call after the proposal passes. */
export interface Invoice {
  supplier: string;
  terms: InvoiceTerms;
  milestones: MilestoneTerms[];
}

/** The invoice the supplier (default: the manufacturer) would propose. */
export async function invoiceOf(
  f: InvoiceFixture,
  overrides: Partial<InvoiceTerms> = {},
  milestones: MilestoneTerms[] = twoMilestones(),
  supplier: HardhatEthersSigner = f.manufacturer,
): Promise<Invoice> {
  return { supplier: supplier.address, terms: await invoiceTerms(f, overrides), milestones };
}

/** The supplier (default: the manufacturer) proposes; returns the new invoice id. */
export async function propose(
  f: InvoiceFixture,
  overrides: Partial<InvoiceTerms> = {},
  milestones: MilestoneTerms[] = twoMilestones(),
  supplier: HardhatEthersSigner = f.manufacturer,
): Promise<bigint> {
  const invoice = await invoiceOf(f, overrides, milestones, supplier);
  const escrow = f.escrow.connect(supplier);
  const invoiceId = await escrow.proposeInvoice.staticCall(invoice);
  await escrow.proposeInvoice(invoice);
  return invoiceId;
}

/** {propose}, then the customer approves the escrow and funds the invoice. */
export async function proposeAndFund(
  f: InvoiceFixture,
  overrides: Partial<InvoiceTerms> = {},
  milestones: MilestoneTerms[] = twoMilestones(),
): Promise<bigint> {
  const invoiceId = await propose(f, overrides, milestones);
  const invoice = await agreedInvoice(f.escrow, invoiceId);
  await tokenAt(f, String(invoice.terms.token))
    .connect(f.customer)
    .approve(f.escrowAddress, totalOf(invoice));
  await f.escrow.connect(f.customer).fund(invoiceId, invoice);
  return invoiceId;
}

/** The first `count` conforming parts the manufacturer holds (or those from `from`). */
export function conformingParts(f: InvoiceFixture, count: number = QUANTITY, from = 0): bigint[] {
  const picked = f.conforming.slice(from, from + count);
  if (picked.length !== count) throw new Error(`the fixture holds no ${count} parts from ${from}`);
  return picked;
}

/** Any of the fixture's mock tokens. */
export type MockToken =
  StablecoinMock | FeeOnTransferTokenMock | BlocklistTokenMock | ReentrantTokenMock;

/** The fixture's mock token at `address`. */
export function tokenAt(f: InvoiceFixture, address: string): MockToken {
  for (const token of [f.stable, f.feeToken, f.blocklistToken, f.reentrant]) {
    if (String(token.target).toLowerCase() === address.toLowerCase()) return token;
  }
  throw new Error(`no mock token at ${address}`);
}

/** Conservation: the escrow holds exactly what it owes in `token` (reckoned from its events). */
export async function expectConserved(escrow: InvoiceEscrow, token: MockToken): Promise<void> {
  const held = await token.balanceOf(await escrow.getAddress());
  expect(held).to.equal(await escrowOwes(escrow, await token.getAddress()));
}

/** The custom error `name` (no arguments) encoded as revert data. */
export function encodedError(escrow: InvoiceEscrow, name: string): string {
  return escrow.interface.encodeErrorResult(name, []);
}

/** The zero address, re-exported for brevity. */
export const ZERO_ADDRESS = ZeroAddress;

/** `InvoiceRecord.milestoneStates`: each milestone's state in four bits, milestone 0 lowest. */
export function packedStates(...states: number[]): bigint {
  return states.reduce((packed, state, i) => packed | (BigInt(state) << BigInt(4 * i)), 0n);
}

/**
 * What invoice `invoiceId` paid out, from its events (the escrow stores no running totals):
 * `released` to the payee (every `MilestoneReleased`'s `toPayee`), `refunded` to the payer
 * (every `toPayer`, a penalty or a ruling's rest, and every `MilestoneRefunded`).
 */
export async function paidOut(
  escrow: InvoiceEscrow,
  invoiceId: bigint,
): Promise<{ released: bigint; refunded: bigint }> {
  const released = await escrow.queryFilter(escrow.filters.MilestoneReleased(invoiceId));
  const refunded = await escrow.queryFilter(escrow.filters.MilestoneRefunded(invoiceId));
  return {
    released: released.reduce((sum, e) => sum + e.args.toPayee, 0n),
    refunded:
      released.reduce((sum, e) => sum + e.args.toPayer, 0n) +
      refunded.reduce((sum, e) => sum + e.args.amount, 0n),
  };
}

/** When invoice `invoiceId` was funded: the time of the block of its `InvoiceFunded` event. */
export async function fundedAt(escrow: InvoiceEscrow, invoiceId: bigint): Promise<bigint> {
  const [event] = await escrow.queryFilter(escrow.filters.InvoiceFunded(invoiceId));
  if (event === undefined) throw new Error(`invoice ${invoiceId} was not funded`);
  return BigInt((await event.getBlock()).timestamp);
}

/** An invoice as a struct argument of an event: `withArgs` compares tuples by position. */
export function invoiceTuple(invoice: IInvoiceEscrow.InvoiceStruct): unknown[] {
  const t = invoice.terms;
  return [
    invoice.supplier,
    [
      t.payer,
      t.token,
      t.dueDate,
      t.acceptanceWindow,
      t.gracePeriod,
      t.rulingPeriod,
      t.arbiter,
      t.penaltyPerDay,
      t.penaltyCap,
    ].map((v) => (typeof v === "number" ? BigInt(v) : v)),
    invoice.milestones.map((m) => [
      BigInt(m.amount),
      BigInt(m.kind),
      BigInt(m.quantity),
      m.specHash,
    ]),
  ];
}

/**
 * Invoices that differ from `agreed` in one thing each (labelled): what a wrong-terms call
 * passes. Each must be refused with `InvoiceEscrowWrongTerms(id, hash(agreed), hash(passed))`.
 */
export function tamperedInvoices(
  agreed: IInvoiceEscrow.InvoiceStruct,
  stranger: string,
): [string, IInvoiceEscrow.InvoiceStruct][] {
  const [first, ...rest] = agreed.milestones;
  if (first === undefined) throw new Error("an invoice has a milestone");
  return [
    ["another supplier", { ...agreed, supplier: stranger }],
    ["another payer", { ...agreed, terms: { ...agreed.terms, payer: stranger } }],
    [
      "a later due date",
      { ...agreed, terms: { ...agreed.terms, dueDate: BigInt(agreed.terms.dueDate) + 1n } },
    ],
    ["no arbiter", { ...agreed, terms: { ...agreed.terms, arbiter: ZeroAddress } }],
    [
      "a larger first milestone",
      { ...agreed, milestones: [{ ...first, amount: BigInt(first.amount) + 1n }, ...rest] },
    ],
    ["a milestone more", { ...agreed, milestones: [...agreed.milestones, first] }],
    ["a milestone less", { ...agreed, milestones: rest }],
  ];
}
