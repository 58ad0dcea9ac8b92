import {
  type CircularClient,
  formatDuration,
  formatTime,
  hashJson,
  type PartsClient,
  SimulatedTagChip,
  type TxResult,
} from "../../src/index.js";
import type { Cast } from "./cast.js";
import { SCHEMES } from "./participants.js";
import type { ProvenanceResult } from "./provenance.js";
import type { Story } from "./story.js";

const DAY = 86_400;
const YEAR = 365 * DAY;
const QUARTER = 91 * DAY;
const USDC = 1_000_000n;

/**
 * Chapter 5: the circular economy. Brackets of chapter 2 reach the end of their life. SkyLine
 * buys a spare bracket under a core charge and hands an old bracket back against it, refunded by
 * its grade; the test lab grades the cores; Second Life Aero buys cores on the market and
 * remanufactures them under Precision Aero's licence (two a quarter: the third waits for the next
 * quarter); the test lab attests a remanufactured unit, which is sold with its warranty; a claim
 * is filed and ruled. A scrap core is recycled into titanium that Precision Aero makes a new
 * bracket from, and the new bracket's lineage is printed.
 */
export async function circularChapter(
  story: Story,
  { circular, parts }: { circular: CircularClient; parts: PartsClient },
  cast: Cast,
  provenance: ProvenanceResult,
  usdc: string,
  clock: { now: () => Promise<bigint>; advance: (seconds: number) => Promise<void> },
): Promise<void> {
  story.chapter("Circular economy: cores, remanufacture under licence, recycling");
  const oem = circular.connect(cast.manufacturer.signer);
  const airline = circular.connect(cast.customer.signer);
  const lab = circular.connect(cast.testLab.signer);
  const reman = circular.connect(cast.remanufacturer.signer);
  const recycler = circular.connect(cast.recycler.signer);
  const labParts = parts.connect(cast.testLab.signer);
  const { spec, brackets } = provenance;
  const serialOf = (index: number) => `A7C-${String(index + 1).padStart(4, "0")}`;
  const usd = (amount: bigint) => `${(Number(amount) / Number(USDC)).toLocaleString("en-US")} USDC`;

  // A spare bracket sold with a core charge: SkyLine owes an old bracket back within 90 days.
  const spare = brackets[0]!;
  await story.steps(`Metrology & Test Lab attests spare bracket ${serialOf(0)}`, [
    ...(["test", "inspection"] as const).map(
      (kind) => () =>
        labParts.attest({
          partId: spare,
          kind,
          dataHash: hashJson({ bracket: serialOf(0), kind, result: "pass" }),
          passed: true,
        }),
    ),
  ]);
  await story.step(`Precision Aero ships spare ${serialOf(0)} to SkyLine Airlines`, () =>
    parts.connect(cast.manufacturer.signer).transfer({ partId: spare, to: cast.customer.address }),
  );
  const schedule = [10_000, 8_000, 5_000, 2_000, 0];
  let chargeId = 0n;
  await story.step(
    "With it, Precision Aero requires a 500 USDC core deposit, due back in 90 days",
    async () => {
      const required = await oem.requireCharge({
        buyer: cast.customer.address,
        unitPartId: spare,
        token: usdc,
        amount: "500",
        returnBy: (await clock.now()) + BigInt(90 * DAY),
        refundBps: schedule,
      });
      chargeId = required.chargeId;
      return required.tx;
    },
  );
  story.note("Refund by the returned core's grade: 1 → 100%, 2 → 80%, 3 → 50%, 4 → 20%, 5 → 0.");
  await story.step("SkyLine pays the deposit in: 500 USDC locked in CoreCharges", async () => {
    const paid = await airline.payCharge(chargeId);
    return withApprovals(paid.tx, paid.approval, paid.allowanceReset);
  });

  // End of life: SkyLine takes five brackets off its aircraft and returns them as cores.
  const returned = [2, 3, 4, 5, 6];
  await story.steps(
    `Brackets ${serialOf(2)} to ${serialOf(6)} reach end of life; SkyLine returns them as cores`,
    returned.map((index) => async () => {
      const done = await airline.returnCore({
        partId: brackets[index]!,
        evidenceHash: hashJson({ removal: serialOf(index), aircraft: "SL-A320-07", hours: 41_200 }),
      });
      return withApprovals(done.tx, done.approval);
    }),
  );
  const gradesGiven: [number, "remanufacture" | "recondition" | "recycle-only", number][] = [
    [2, "remanufacture", 2],
    [3, "remanufacture", 1],
    [4, "remanufacture", 2],
    [5, "recondition", 3],
    [6, "recycle-only", 5],
  ];
  await story.steps(
    "Metrology & Test Lab grades the five cores (CT scan, dimensional check)",
    gradesGiven.map(
      ([index, outcome, grade]) =>
        async () =>
          (
            await lab.grade({
              coreId: brackets[index]!,
              outcome,
              grade,
              evidenceHash: hashJson({ core: serialOf(index), ct: "scan", outcome, grade }),
            })
          ).tx,
    ),
  );
  story.note(
    `${serialOf(2)} and ${serialOf(4)}: remanufacture, grade 2; ${serialOf(3)}: remanufacture, ` +
      `grade 1; ${serialOf(5)}: recondition, grade 3; ${serialOf(6)}: recycle only, grade 5 (scrap).`,
  );
  await story.refused(`SkyLine tries to grade its own core ${serialOf(2)}`, () =>
    airline.grade({
      coreId: brackets[2]!,
      outcome: "remanufacture",
      grade: 1,
      evidenceHash: hashJson({ self: "as new" }),
    }),
  );

  // The core charge settles with the first core: 80% back for grade 2.
  const split = { refund: 0n, kept: 0n };
  await story.step(
    `SkyLine hands core ${serialOf(2)} in against the charge: grade 2, 80% back`,
    async () => {
      const settled = await airline.settleCharge({ chargeId, coreId: brackets[2]! });
      Object.assign(split, { refund: settled.refund, kept: settled.kept });
      return withApprovals(settled.tx, settled.approval);
    },
  );
  story.note(
    `Refund ${usd(split.refund)} to SkyLine, ${usd(split.kept)} kept by ` +
      "Precision Aero, which now holds the core.",
  );
  await story.steps("Each withdraws its share of the deposit", [
    async () => (await airline.withdraw({ chargeId })).tx,
    async () => (await oem.withdraw({ chargeId })).tx,
  ]);

  // The core market.
  await story.step(
    `Precision Aero lists core ${serialOf(2)} at 180 USDC`,
    async () => (await oem.list({ coreId: brackets[2]!, token: usdc, price: "180" })).tx,
  );
  await story.steps(`SkyLine lists cores ${serialOf(3)} to ${serialOf(6)}`, [
    ...[3, 4, 5].map(
      (index) => async () =>
        (await airline.list({ coreId: brackets[index]!, token: usdc, price: "150" })).tx,
    ),
    async () => (await airline.list({ coreId: brackets[6]!, token: usdc, price: "20" })).tx,
  ]);
  await story.step(`SkyLine changes its mind and delists ${serialOf(4)}, to keep as a spare`, () =>
    airline.delist(brackets[4]!),
  );
  await story.refused(`Second Life Aero tries to buy the delisted core ${serialOf(4)}`, () =>
    reman.buy({ coreId: brackets[4]!, maxGradeAge: 30 * DAY }),
  );
  for (const index of [2, 3, 5]) {
    await story.step(
      `Second Life Aero buys core ${serialOf(index)}: payment and core cross in one transaction`,
      async () => {
        const bought = await reman.buy({ coreId: brackets[index]!, maxGradeAge: 30 * DAY });
        return withApprovals(bought.tx, bought.approval, bought.allowanceReset);
      },
    );
  }

  // The OEM's licence: two units a quarter, 50 USDC each, with access to the data package.
  await story.step("Precision Aero sets a new A7 bracket's warranty: 365 days", () =>
    oem.setNewPartWarranty({ spec, duration: YEAR }),
  );
  let licenceId = 0n;
  await story.step(
    "It licenses Second Life Aero: 2 brackets a quarter, 50 USDC each, for 2 years",
    async () => {
      const granted = await oem.grantLicence({
        spec,
        remanufacturer: cast.remanufacturer.address,
        unitsPerPeriod: 2,
        periodLength: QUARTER,
        validUntil: (await clock.now()) + BigInt(2 * YEAR),
        feeToken: usdc,
        feePerUnit: "50",
        dataHash: hashJson({ package: "A7 rev C drawings, FAI data, fatigue curves" }),
      });
      licenceId = granted.licenceId;
      return granted.tx;
    },
  );

  const remade: bigint[] = [];
  const chips = [1, 2, 3].map((n) => new SimulatedTagChip(hashJson({ remanufacturedChip: n })));
  const remanufacture = (index: number, n: number, warranty: number) => async () => {
    const done = await reman.remanufacture({
      coreId: brackets[index]!,
      serial: `RA7-${String(n).padStart(4, "0")}`,
      chipKey: chips[n - 1]!.address,
      warrantyDuration: warranty,
      warrantyTermsHash: hashJson({
        warranty: "Second Life Aero standard terms",
        days: warranty / DAY,
      }),
    });
    remade.push(done.newPartId);
    return withApprovals(done.makeTx, done.tx, done.approval, done.allowanceReset);
  };
  await story.step(
    `Second Life Aero remanufactures core ${serialOf(2)} into RA7-0001 (new serial, chip)`,
    remanufacture(2, 1, YEAR),
  );
  await story.step(
    `It remanufactures core ${serialOf(3)} into RA7-0002: the quarter's second unit`,
    remanufacture(3, 2, YEAR),
  );
  await story.refused(
    `It tries a third this quarter, core ${serialOf(5)} (reconditioned) into RA7-0003`,
    remanufacture(5, 3, 183 * DAY),
  );
  const quota = await circular.quota(licenceId);
  story.note(`${quota.remaining} units left; Second Life Aero waits for the next quarter.`);
  await clock.advance(Number(quota.nextPeriodStart - (await clock.now())) + 1);
  await story.step(
    `Next quarter: core ${serialOf(5)} becomes RA7-0003, reconditioned, 183-day warranty`,
    remanufacture(5, 3, 183 * DAY),
  );
  const minimum = await circular.minimumWarranty({ spec, outcome: "recondition" });
  story.note(
    `A reconditioned bracket needs at least ${Number(minimum) / DAY} days of warranty, a ` +
      `remanufactured one the new part's ${formatDuration(YEAR)}; 150 USDC of fees went to Precision Aero.`,
  );

  // Proof that the remade unit meets the original specification: third-party attestations.
  const unit = remade[0]!;
  story.note(`Is RA7-0001 fit before its tests? ${await circular.isFit(unit)}`);
  await story.steps("Metrology & Test Lab tests and inspects RA7-0001 against rev C", [
    ...(["test", "inspection"] as const).map(
      (kind) => () =>
        labParts.attest({
          partId: unit,
          kind,
          dataHash: hashJson({ part: "RA7-0001", kind, result: "pass", against: "A7 rev C" }),
          passed: true,
        }),
    ),
  ]);
  story.note(`And now? ${await circular.isFit(unit)}`);
  await story.step("Second Life Aero sells RA7-0001 to SkyLine Airlines", () =>
    parts.connect(cast.remanufacturer.signer).transfer({ partId: unit, to: cast.customer.address }),
  );
  const warranty = await circular.warranty(unit);
  story.note(
    `Its warranty: ${warranty?.outcome}, from ${formatTime(warranty?.start ?? 0n)} to ` +
      `${formatTime(warranty?.end ?? 0n)}, issued by ${warranty?.issuer}.`,
  );

  // A warranty claim, rejected by the issuer and ruled by the arbiter.
  await clock.advance(60 * DAY);
  let claimId = 0n;
  await story.step("Day 60: SkyLine files a claim, a crack found at the lug", async () => {
    const filed = await airline.fileClaim({
      partId: unit,
      evidenceHash: hashJson({ finding: "crack at lug radius", ndt: "ET-2291" }),
    });
    claimId = filed.claimId;
    return filed.tx;
  });
  await story.step("Second Life Aero rejects it: it says the bracket was overloaded", () =>
    reman.answerClaim({
      claimId,
      accepted: false,
      reasonHash: hashJson({ reason: "overload beyond limit load", report: "SLA-Q-77" }),
    }),
  );
  await story.step("SkyLine takes the claim to the Trade Arbitration Chamber", () =>
    airline.escalateClaim({ claimId, arbiter: cast.arbiter.address }),
  );
  await story.step("The Chamber upholds the claim: the load records show no overload", () =>
    circular.connect(cast.arbiter.signer).ruleClaim({
      claimId,
      upheld: true,
      reasonHash: hashJson({ ruling: "TAC-2026-51", finding: "loads within limit" }),
    }),
  );
  story.note(`Claim ${claimId} is ${(await circular.claim(claimId))?.state}.`);

  // Recycling: the scrap core becomes titanium again, and a new bracket.
  await story.step(`Phoenix Metals buys scrap core ${serialOf(6)} for 20 USDC`, async () => {
    const bought = await recycler.buy({ coreId: brackets[6]!, token: usdc, price: "20" });
    return withApprovals(bought.tx, bought.approval, bought.allowanceReset);
  });
  let recycledBatch = 0n;
  await story.step(
    `It recycles ${serialOf(6)}: 3 kg of titanium, drawn from its certified capacity`,
    async () => {
      const done = await recycler.recycle({
        coreId: brackets[6]!,
        materialSpec: hashJson({ material: "Ti-6Al-4V grade 5, recycled", standard: "AMS 4911" }),
        quantity: 3n,
        unit: "kg",
        schemes: [SCHEMES.conflictFree],
        batchEvidenceHash: hashJson({ meltRecord: "PMR-MELT-0042" }),
        evidenceHash: hashJson({ core: serialOf(6), process: "shred, vacuum arc remelt" }),
      });
      recycledBatch = done.batchId;
      return withApprovals(done.batchTx, done.tx);
    },
  );
  let portion = 0n;
  await story.step("Phoenix Metals sells the 3 kg to Precision Aero", async () => {
    const sold = await parts.connect(cast.recycler.signer).transferBatch({
      batchId: recycledBatch,
      to: cast.manufacturer.address,
      quantity: 3n,
    });
    portion = sold.batchId;
    return sold.tx;
  });
  let newBracket = 0n;
  await story.step("Precision Aero makes bracket A7C-0101 from the recycled titanium", async () => {
    const made = await parts.connect(cast.manufacturer.signer).makePart({
      spec,
      serial: "A7C-0101",
      inputs: [{ batchId: portion, quantity: 3n }],
    });
    newBracket = made.partId;
    return made.tx;
  });

  // Who is who in the printout: parts by their serials.
  const labels = new Map<bigint, string>(brackets.map((id, index) => [id, serialOf(index)]));
  remade.forEach((id, index) => labels.set(id, `RA7-${String(index + 1).padStart(4, "0")}`));
  labels.set(newBracket, "A7C-0101");
  const label = (id: bigint) => labels.get(id) ?? `part ${id}`;
  /** One line per material input of the first part of a line, then the core it was recycled from. */
  const printMaterial = async (partId: bigint, indent: string): Promise<void> => {
    const line = await circular.lineage(partId);
    for (const input of line.inputs) {
      const batch = await parts.getBatch(input.batchId);
      const root = batch === undefined ? undefined : await parts.getBatch(batch.root);
      const origin =
        input.recycledFrom === undefined
          ? `new metal registered by ${root?.producer}`
          : `recycled by ${root?.producer} from core ${label(input.recycledFrom)}`;
      story.note(
        `${indent}← ${input.quantity} ${batch?.unit} of batch ${input.batchId}, from batch ` +
          `${batch?.root}: ${origin}${root?.recalled ? " (recalled)" : ""}`,
      );
      if (input.recycledFrom !== undefined) {
        const core = await circular.core(input.recycledFrom);
        story.note(
          `${indent}  ← core ${label(input.recycledFrom)}, made by ${core?.maker}, generation ` +
            `${core?.generation}, graded ${core?.grade?.outcome} ${core?.grade?.grade}`,
        );
        await printMaterial(input.recycledFrom, `${indent}    `);
      }
    }
  };
  await story.steps("Metrology & Test Lab tests and inspects A7C-0101", [
    ...(["test", "inspection"] as const).map(
      (kind) => () =>
        labParts.attest({
          partId: newBracket,
          kind,
          dataHash: hashJson({ part: "A7C-0101", kind, result: "pass" }),
          passed: true,
        }),
    ),
  ]);
  story.note("The lineage of A7C-0101, from the chain alone:");
  const lineage = await circular.lineage(newBracket);
  story.note(
    `  A7C-0101, made by ${cast.manufacturer.address}, generation ${lineage.generation}, ` +
      `fit to use: ${lineage.fit}`,
  );
  await printMaterial(newBracket, "  ");
  const remadeLineage = await circular.lineage(unit);
  story.note(
    `And RA7-0001: generation ${remadeLineage.generation} (${remadeLineage.outcome}), remade from ` +
      `${remadeLineage.predecessors.map((p) => label(p.partId)).join(" ← ")}; fit: ${remadeLineage.fit}`,
  );
  await printMaterial(unit, "  ");
  const first = remadeLineage.inputs[0];
  const heat = first === undefined ? undefined : (await parts.getBatch(first.batchId))?.root;
  story.note(
    `A recall of heat batch ${heat} would reach RA7-0001 through its lineage (CoreRegistry.isFit), ` +
      "though the part registry's own isConforming looks only at RA7-0001's own material; it " +
      "would not reach A7C-0101, whose recycled titanium is new material.",
  );
}

/** One story step's gas for a transaction and the approvals (or other transactions) before it. */
function withApprovals(tx: TxResult, ...extra: (TxResult | undefined)[]): TxResult {
  const gasUsed = extra.reduce((sum, other) => sum + (other?.gasUsed ?? 0n), tx.gasUsed);
  return { ...tx, gasUsed };
}
