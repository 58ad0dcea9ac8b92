import {
  answerChallenge,
  formatTimeline,
  hashJson,
  partHistory,
  type PartsClient,
  SimulatedTagChip,
  type TxResult,
  verifyChipOffChain,
} from "../../src/index.js";
import type { Cast } from "./cast.js";
import { SCHEMES } from "./participants.js";
import type { Story } from "./story.js";

/** What the later chapters of the story need from this one. */
export type ProvenanceResult = {
  /** The bracket spec, and the brackets of the production run, in order. */
  spec: string;
  brackets: bigint[];
  chips: SimulatedTagChip[];
};

const RUN = 20;

/**
 * Chapter 2: provenance. Titanium is registered against the producer's certified capacity and
 * part of it sold to the manufacturer, which makes a production run of chipped brackets and an
 * assembly; the test lab attests; a customer activates a bracket with its chip, a counterfeit
 * chip fails, and the bracket's history is printed.
 */
export async function provenanceChapter(
  story: Story,
  parts: PartsClient,
  cast: Cast,
  /** The chain's latest block number. */
  height: () => Promise<bigint>,
): Promise<ProvenanceResult> {
  story.chapter("Parts and provenance: what a part is, recorded once, checked by code");
  const producer = parts.connect(cast.producer.signer);
  const manufacturer = parts.connect(cast.manufacturer.signer);
  const lab = parts.connect(cast.testLab.signer);
  const customer = parts.connect(cast.customer.signer);

  const heat = hashJson({ material: "Ti-6Al-4V grade 5", standard: "AMS 4911", heat: "H-4711" });
  const batch = await stepWith(
    story,
    "Titan Alloys registers heat H-4711: 2,000 kg of Ti-6Al-4V, conflict-free",
    () =>
      producer.registerBatch({
        materialSpec: heat,
        quantity: 2_000n,
        unit: "kg",
        schemes: [SCHEMES.conflictFree],
        evidenceHash: hashJson({ millCertificate: "MC-2026-4711", heat: "H-4711" }),
      }),
  );
  const portion = await stepWith(
    story,
    "It sells 1,200 kg of the heat to Precision Aero Components",
    () =>
      producer.transferBatch({
        batchId: batch.batchId,
        to: cast.manufacturer.address,
        quantity: 1_200n,
      }),
  );

  const spec = hashJson({ part: "Bracket A7", revision: "C", drawing: "PAC-A7-C.pdf" });
  await story.step(
    "Precision Aero defines Bracket A7 rev C: must pass a test and an inspection",
    () => manufacturer.defineSpecification({ spec, requiredKinds: ["test", "inspection"] }),
  );
  const chips = Array.from({ length: RUN }, (_, i) => new SimulatedTagChip(hashJson({ chip: i })));
  const serials = chips.map((_, i) => `A7C-${String(i + 1).padStart(4, "0")}`);
  const run = await stepWith(
    story,
    `It makes a run of ${RUN} chipped brackets, 3 kg of titanium each`,
    () =>
      manufacturer.makeParts({
        spec,
        serials,
        chipKeys: chips.map((c) => c.address),
        inputs: [{ batchId: portion.batchId, quantity: 3n }],
      }),
  );
  const brackets = run.partIds;
  story.note(
    `${RUN} parts, ${(run.tx.gasUsed / BigInt(RUN)).toLocaleString("en-US")} gas each with the ` +
      "opening of their lot (see npm run gas for a run of 100).",
  );

  const mountSpec = hashJson({ part: "Engine mount assembly", revision: "B" });
  await story.step("It defines the engine mount assembly", () =>
    manufacturer.defineSpecification({ spec: mountSpec, requiredKinds: [] }),
  );
  // Only parts fit to use go into an assembly: brackets 19 and 20 are tested and inspected first.
  for (const index of [18, 19]) {
    for (const kind of ["test", "inspection"] as const) {
      await story.step(
        `Metrology & Test Lab attests a passed ${kind} of bracket ${serials[index]}`,
        () =>
          lab.attest({
            partId: brackets[index]!,
            kind,
            dataHash: hashJson({ bracket: serials[index], kind, result: "pass" }),
            passed: true,
          }),
      );
    }
  }
  await story.refused(
    "Precision Aero tries to build untested bracket A7C-0018 into an assembly",
    () =>
      manufacturer.makePart({
        spec: mountSpec,
        serial: "EM-REJECT",
        inputs: [],
        children: [brackets[17]!],
      }),
  );
  await stepWith(story, "It builds brackets 19 and 20 into engine mount EM-0001", () =>
    manufacturer.makePart({
      spec: mountSpec,
      serial: "EM-0001",
      inputs: [],
      children: [brackets[18]!, brackets[19]!],
    }),
  );

  const bracket = brackets[2]!;
  await story.step("Metrology & Test Lab attests a passed tensile test of bracket A7C-0003", () =>
    lab.attest({
      partId: bracket,
      kind: "test",
      dataHash: hashJson({ tensileMPa: 962 }),
      passed: true,
    }),
  );
  story.note(`Conforming with only the test? ${await parts.isConforming(bracket)}`);
  await story.step("It attests a passed dimensional inspection", () =>
    lab.attest({
      partId: bracket,
      kind: "inspection",
      dataHash: hashJson({ cmm: "OK" }),
      passed: true,
    }),
  );
  story.note(`Conforming now? ${await parts.isConforming(bracket)}`);

  for (const [index, label] of [
    [2, "A7C-0003"],
    [3, "A7C-0004"],
  ] as const) {
    await story.step(`Precision Aero ships bracket ${label} to SkyLine Airlines`, () =>
      manufacturer.transfer({ partId: brackets[index]!, to: cast.customer.address }),
    );
  }
  // The answer is bound to a recent block and its hash: nobody could have prepared it earlier.
  const context = await parts.chipContext();
  const answer = await answerChallenge(chips[2]!, { ...context, partId: bracket });
  await story.step(
    `SkyLine activates A7C-0003: its chip signs a challenge bound to block ${answer.blockNumber}`,
    () => customer.activate(answer),
  );

  // A counterfeit: the serial A7C-0004 copied onto a part whose tag holds another key.
  const fake = new SimulatedTagChip(hashJson({ counterfeit: "A7C-0004" }));
  const forged = await answerChallenge(fake, {
    ...(await parts.chipContext()),
    partId: brackets[3]!,
  });
  const genuine = await parts.getPart(brackets[3]!);
  const offChain = verifyChipOffChain({
    ...context,
    ...forged,
    chipKey: genuine?.chipKey,
    // Checked against the next block, as a transaction sent now would be.
    currentBlock: (await height()) + 1n,
  });
  story.note(
    `A counterfeit A7C-0004 is checked by phone, off chain: ${offChain.ok ? "genuine" : offChain.reason}.`,
  );
  await story.refused("SkyLine tries to activate the counterfeit A7C-0004", () =>
    customer.activate(forged),
  );

  story.note("The history of A7C-0003, rebuilt from the chain's events:");
  const history = await partHistory(parts, bracket, 0);
  for (const line of formatTimeline(history).split("\n")) story.note(`  ${line}`);
  return { spec, brackets, chips };
}

/** A story step whose action returns more than the transaction. */
async function stepWith<T extends { tx: TxResult }>(
  story: Story,
  text: string,
  action: () => Promise<T>,
): Promise<T> {
  let result: T | undefined;
  await story.step(text, async () => {
    result = await action();
    return result.tx;
  });
  return result as T;
}
