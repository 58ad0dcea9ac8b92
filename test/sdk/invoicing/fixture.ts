/**
 * The suite the invoices SDK tests run on: the parts fixture's registries and cast, plus an
 * accredited arbiter, the invoice escrow, a 6-decimal stablecoin with permit (open mint), and five
 * conforming parts of {SPEC} held by the manufacturer (the supplier) plus one that does not
 * conform. The customer is the payer.
 */
import { id } from "ethers";
import { InvoicesClient, type ProposeInvoiceParameters } from "../../../src/index.js";
import { StablecoinMock__factory } from "../../../src/typechain/index.js";
import { connection, DAY, ethers, materialFixture, SPEC, time } from "../provenance/fixture.js";
import { Role, roleSet } from "../../helpers/roles.js";
import { accredit } from "../../fixtures/suite.js";
import { withInvoicing } from "../../fixtures/trade.js";

export { DAY } from "../provenance/fixture.js";

/** One token unit of the 6-decimal stablecoin, in its smallest unit. */
export const USD = 1_000_000n;
export const PAYER_FUNDS = 100_000n * USD;
export const TOTAL = 12_500_500_000n; // 5000 + 7500.50
export const APPROVAL_AMOUNT = 5_000n * USD;
export const DELIVERY_AMOUNT = 7_500_500_000n;
export const WINDOW = 2n * BigInt(DAY);
export const GRACE = 5n * BigInt(DAY);
export const RULING = 7n * BigInt(DAY);
export const PENALTY_PER_DAY = 10n * USD;
export const PENALTY_CAP = 100n * USD;

/** The serials of the conforming parts, and of the one that does not conform. */
export const SERIALS = ["INV-1", "INV-2", "INV-3", "INV-4", "INV-5"];
export const BAD_SERIAL = "INV-BAD";

export async function invoicesFixture() {
  const base = await materialFixture();
  const signers = await ethers.getSigners();
  const arbiter = signers[12];
  const financier = signers[13];
  if (arbiter === undefined || financier === undefined) throw new Error("too few signers");
  await accredit(
    { participantRegistry: base.participantRegistry, people: base },
    [[arbiter, roleSet(Role.Arbiter)]],
    base.accreditedUntil,
  );

  const { escrow, escrowAddress } = await withInvoicing({
    connection,
    people: base,
    participantsAddress: base.participantsAddress,
    partsAddress: base.registryAddress,
  });
  const stable = await new StablecoinMock__factory(base.deployer).deploy("Test USD", "TUSD");
  const tokenAddress = await stable.getAddress();
  await stable.mint(base.customer.address, PAYER_FUNDS);

  const { partIds } = await base.asManufacturer.makeParts({
    spec: SPEC,
    serials: [...SERIALS, BAD_SERIAL],
    inputs: [{ batchId: base.batch, quantity: 1n }],
  });
  const good = partIds.slice(0, SERIALS.length);
  for (const partId of good) {
    await base.asTestLab.attest({ partId, kind: "test", dataHash: id("report"), passed: true });
    await base.asInspector.attest({
      partId,
      kind: "inspection",
      dataHash: id("inspection"),
      passed: true,
    });
  }
  const badPart = partIds[SERIALS.length];
  if (badPart === undefined) throw new Error("the bad part was not made");

  const invoices = new InvoicesClient(escrowAddress, ethers.provider);
  const dueDate = BigInt(await time.latest()) + 30n * BigInt(DAY);
  /** The standard terms: 5000 on approval, then 7500.50 on delivery of three parts of SPEC. */
  const terms: ProposeInvoiceParameters = {
    payer: base.customer.address,
    token: tokenAddress,
    dueDate,
    acceptanceWindow: WINDOW,
    gracePeriod: GRACE,
    rulingPeriod: RULING,
    arbiter: arbiter.address,
    penaltyPerDay: "10",
    penaltyCap: "100",
    milestones: [
      { kind: "approval", amount: "5000" },
      { kind: "delivery", amount: "7500.50", quantity: 3, spec: SPEC },
    ],
  };
  return {
    ...base,
    arbiter,
    financier,
    escrow,
    escrowAddress,
    stable,
    tokenAddress,
    partIds: good,
    badPart,
    invoices,
    dueDate,
    terms,
    asSupplier: invoices.connect(base.manufacturer),
    asPayer: invoices.connect(base.customer),
    asArbiter: invoices.connect(arbiter),
    asFinancier: invoices.connect(financier),
    asOutsider: invoices.connect(base.stranger),
    supplier: base.manufacturer,
    payer: base.customer,
  };
}

/** The fixture with invoice 1 proposed on the standard terms. */
export async function proposedFixture() {
  const base = await invoicesFixture();
  const proposed = await base.asSupplier.proposeInvoice(base.terms);
  return { ...base, invoiceId: proposed.invoiceId, proposed };
}

/** The fixture with invoice 1 funded by the payer (approve, then fund). */
export async function fundedFixture() {
  const base = await proposedFixture();
  const funded = await base.asPayer.fund(base.invoiceId);
  return { ...base, funded };
}
