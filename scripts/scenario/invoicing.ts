import { hashJson, type InvoicesClient, type PartsClient, type TxResult } from "../../src/index.js";
import type { Cast } from "./cast.js";
import type { ProvenanceResult } from "./provenance.js";
import type { Story } from "./story.js";

const DAY = 86_400;

/**
 * Chapter 3: escrowed invoicing. The supplier invoices the customer for the production run in
 * three milestones; the customer funds it in full up front; a first-article approval pays at
 * once; the supplier assigns the receivable to a financier, who is paid from then on; an on-time
 * delivery is claimed after its acceptance window; a late delivery is rejected and settled by the
 * arbiter.
 */
export async function invoicingChapter(
  story: Story,
  invoices: InvoicesClient,
  parts: PartsClient,
  cast: Cast,
  provenance: ProvenanceResult,
  usdc: string,
  clock: { now: () => Promise<bigint>; advance: (seconds: number) => Promise<void> },
): Promise<void> {
  story.chapter("Escrowed invoicing: money locked up front, released by conforming deliveries");
  const supplier = invoices.connect(cast.manufacturer.signer);
  const customer = invoices.connect(cast.customer.signer);
  const arbiter = invoices.connect(cast.arbiter.signer);
  const lab = parts.connect(cast.testLab.signer);

  // Ten more brackets of the run pass their test and inspection, ready to be delivered.
  const batchOne = provenance.brackets.slice(4, 9);
  const batchTwo = provenance.brackets.slice(9, 14);
  await story.steps("Metrology & Test Lab attests brackets A7C-0005 to A7C-0014", [
    ...[...batchOne, ...batchTwo].flatMap((partId) => [
      () =>
        lab.attest({
          partId,
          kind: "test",
          dataHash: hashJson({ partId, tensile: "ok" }),
          passed: true,
        }),
      () =>
        lab.attest({
          partId,
          kind: "inspection",
          dataHash: hashJson({ partId, cmm: "ok" }),
          passed: true,
        }),
    ]),
  ]);

  const dueDate = (await clock.now()) + BigInt(30 * DAY);
  let invoiceId = 0n;
  await story.step("Precision Aero invoices SkyLine: 45,000 USDC in three milestones", async () => {
    const proposed = await supplier.proposeInvoice({
      payer: cast.customer.address,
      token: usdc,
      dueDate,
      acceptanceWindow: 3 * DAY,
      gracePeriod: 10 * DAY,
      rulingPeriod: 14 * DAY,
      arbiter: cast.arbiter.address,
      penaltyPerDay: "500",
      penaltyCap: "5000",
      milestones: [
        { kind: "approval", amount: "5000" },
        { kind: "delivery", amount: "20000", quantity: 5, spec: provenance.spec },
        { kind: "delivery", amount: "20000", quantity: 5, spec: provenance.spec },
      ],
    });
    invoiceId = proposed.invoiceId;
    return proposed.tx;
  });
  story.note("Milestones: first-article approval 5,000; 5 brackets 20,000; 5 brackets 20,000.");
  await story.step(
    "SkyLine funds it: all 45,000 USDC move into escrow before any work counts",
    async () => {
      const funded = await customer.fund(invoiceId);
      return addGas(funded.tx, funded.approval);
    },
  );
  await story.step(
    "SkyLine approves the first article: 5,000 USDC go to Precision Aero",
    async () => (await customer.approveMilestone({ invoiceId, index: 0 })).tx,
  );
  await story.refused(
    `${cast.financier.name} would buy the receivable, but Precision Aero has not assigned it yet`,
    () => supplier.transferReceivable({ invoiceId, to: cast.financier.address }),
  );
  await story.step(
    `Precision Aero assigns the receivable to ${cast.financier.name}, who is paid from now on`,
    async () => (await supplier.assignReceivable({ invoiceId, holder: cast.financier.address })).tx,
  );

  await clock.advance(10 * DAY);
  await story.step(
    "Day 10: it delivers 5 brackets; the parts move, 20,000 USDC held 3 days",
    async () => {
      // Each part is approved to the escrow on its own first: no operator approval over the
      // supplier's parts. The gas shown includes those approvals.
      const delivered = await supplier.deliver({ invoiceId, index: 1, partIds: batchOne });
      return addGas(delivered.tx, ...delivered.approvals.map((approval) => approval.tx));
    },
  );
  await story.refused(
    "Precision Aero tries to dispute its own delivery, to cut SkyLine's window short",
    () => supplier.dispute({ invoiceId, index: 1, reasonHash: hashJson({ note: "hurry up" }) }),
  );
  await clock.advance(3 * DAY);
  await story.step(
    "The window lapses unchallenged: the payment is claimed for the financier",
    async () => (await invoices.connect(cast.financier.signer).claim({ invoiceId, index: 1 })).tx,
  );

  await clock.advance(19 * DAY);
  await story.step(
    "Day 32, two days late: 5 more brackets; 1,000 USDC penalty to SkyLine",
    async () => {
      const delivered = await supplier.deliver({ invoiceId, index: 2, partIds: batchTwo });
      return addGas(delivered.tx, ...delivered.approvals.map((approval) => approval.tx));
    },
  );
  await story.step("SkyLine rejects the delivery (coating damage): a dispute opens", () =>
    customer.rejectDelivery({
      invoiceId,
      index: 2,
      reasonHash: hashJson({ ncr: "NCR-118", finding: "coating damage" }),
    }),
  );
  await story.refused("Precision Aero tries to rule on its own dispute", () =>
    supplier.rule({ invoiceId, index: 2, toPayee: "19000" }),
  );
  await story.refused("The financier tries to hand the receivable to the arbiter", () =>
    invoices
      .connect(cast.financier.signer)
      .transferReceivable({ invoiceId, to: cast.arbiter.address }),
  );
  await story.step(
    "The Trade Arbitration Chamber rules: 15,000 to the financier, rest to SkyLine",
    async () => (await arbiter.rule({ invoiceId, index: 2, toPayee: "15000" })).tx,
  );

  const invoice = await invoices.getInvoice(invoiceId);
  const usd = (amount: bigint | undefined) =>
    `${((amount ?? 0n) / 1_000_000n).toLocaleString("en-US")} USDC`;
  story.note(
    `Invoice ${invoiceId} is ${invoice?.state}: ${usd(invoice?.funds.released)} paid to the ` +
      `receivable's holders, ${usd(invoice?.funds.refunded)} back to SkyLine, ` +
      `${usd(invoice?.funds.held)} still in escrow.`,
  );
}

function addGas(tx: TxResult, ...extra: (TxResult | undefined)[]): TxResult {
  const gasUsed = extra.reduce((sum, other) => sum + (other?.gasUsed ?? 0n), tx.gasUsed);
  return { ...tx, gasUsed };
}
