import {
  formatTime,
  hashJson,
  type ParticipantsClient,
  schemeName,
  toSchemeId,
} from "../../src/index.js";
import type { Cast } from "./cast.js";
import type { Story } from "./story.js";

const DAY = 86_400;
const YEAR = 365 * DAY;

/** The certification schemes of the story. */
export const SCHEMES = {
  qms: "AS9100D",
  conflictFree: "CONFLICT-FREE-TI",
  testing: "ISO17025",
} as const;

/**
 * Chapter 1: trust roots. Governance appoints a registrar, who accredits the cast; a standards
 * body defines schemes and authorises an auditor, who certifies the producer (with a capacity),
 * the manufacturer, the test lab and the recycler (with a capacity for recycled titanium).
 */
export async function participantsChapter(
  story: Story,
  participants: ParticipantsClient,
  cast: Cast,
  now: number,
): Promise<void> {
  story.chapter("Participants: who may act, decided by trust roots");
  const governance = participants.connect(cast.governance.signer);
  const registrar = participants.connect(cast.registrar.signer);
  const standardsBody = participants.connect(cast.standardsBody.signer);
  const auditor = participants.connect(cast.auditor.signer);

  await story.step(`${cast.governance.name} appoints the ${cast.registrar.name}`, () =>
    governance.appointRegistrar(cast.registrar.address),
  );

  const validUntil = now + 2 * YEAR;
  for (const key of Object.keys(cast) as (keyof Cast)[]) {
    const actor = cast[key];
    if (actor.roles.length === 0) continue;
    // The accreditation file stays off chain; only its hash is recorded.
    const evidenceHash = hashJson({
      participant: actor.address,
      organisation: actor.name,
      roles: actor.roles,
      assessedBy: cast.registrar.name,
      file: `accreditation/${key}.pdf`,
    });
    await story.step(`Registrar accredits ${actor.name} as ${actor.roles.join(" + ")}`, () =>
      registrar.accredit({
        participant: actor.address,
        roles: actor.roles,
        validUntil,
        evidenceHash,
      }),
    );
  }

  for (const [label, scheme] of [
    ["aerospace quality management", SCHEMES.qms],
    ["conflict-free titanium sourcing", SCHEMES.conflictFree],
    ["test laboratory competence", SCHEMES.testing],
  ] as const) {
    await story.step(`Standards body defines ${scheme} (${label})`, () =>
      standardsBody.defineScheme({
        scheme,
        documentHash: hashJson({ scheme, title: label, revision: "2026-01" }),
        defaultValidity: 3 * YEAR,
      }),
    );
    await story.step(`It authorises the auditor to certify under ${scheme}`, () =>
      standardsBody.authorizeAuditor({ scheme, auditor: cast.auditor.address }),
    );
  }

  for (const [actor, scheme] of [
    [cast.producer, SCHEMES.conflictFree],
    [cast.manufacturer, SCHEMES.qms],
    [cast.testLab, SCHEMES.testing],
    [cast.recycler, SCHEMES.conflictFree],
  ] as const) {
    await story.step(`${actor.name} asks the auditor to certify it under ${scheme}`, () =>
      participants
        .connect(actor.signer)
        .requestCertificate({ scheme, auditor: cast.auditor.address }),
    );
  }
  await story.step(
    `Auditor certifies Titan Alloys: ${SCHEMES.conflictFree}, 5,000 kg / 30 days`,
    async () =>
      (
        await auditor.grantCertificate({
          participant: cast.producer.address,
          scheme: SCHEMES.conflictFree,
          capacity: { perPeriod: 5_000n, unit: "kg", periodLength: 30 * DAY },
          evidenceHash: hashJson({ audit: "TA-2026-114", site: "Titan Alloys smelter 2" }),
        })
      ).tx,
  );
  await story.step(
    `Auditor certifies ${cast.manufacturer.name} under ${SCHEMES.qms}`,
    async () =>
      (
        await auditor.grantCertificate({
          participant: cast.manufacturer.address,
          scheme: SCHEMES.qms,
          evidenceHash: hashJson({
            audit: "PAC-2026-031",
            scope: "machining of flight-critical parts",
          }),
        })
      ).tx,
  );
  await story.step(
    `Auditor certifies ${cast.testLab.name} under ${SCHEMES.testing}`,
    async () =>
      (
        await auditor.grantCertificate({
          participant: cast.testLab.address,
          scheme: SCHEMES.testing,
          evidenceHash: hashJson({ audit: "MTL-2026-007", scope: "tensile and NDT testing" }),
        })
      ).tx,
  );

  // Recycled titanium counts against a capacity like new metal: the recycler registers batches.
  await story.step(
    `Auditor certifies Phoenix Metals: ${SCHEMES.conflictFree}, 500 kg / 30 days recycled`,
    async () =>
      (
        await auditor.grantCertificate({
          participant: cast.recycler.address,
          scheme: SCHEMES.conflictFree,
          capacity: { perPeriod: 500n, unit: "kg", periodLength: 30 * DAY },
          evidenceHash: hashJson({ audit: "PMR-2026-019", site: "Phoenix Metals melt shop" }),
        })
      ).tx,
  );

  const producer = await participants.getParticipant(cast.producer.address);
  const certificate = await participants.getCertificate({
    participant: cast.producer.address,
    scheme: SCHEMES.conflictFree,
  });
  story.note(
    `${cast.producer.name}: ${producer.state} ${producer.roles.join(", ")} until ` +
      `${formatTime(producer.validUntil)}; ${schemeName(toSchemeId(SCHEMES.conflictFree))} ` +
      `${certificate?.state}, ${certificate?.capacity?.remaining.toLocaleString("en-US")} kg ` +
      "left this period.",
  );

  await story.refused(`${cast.customer.name} tries to define a scheme of its own`, () =>
    participants.connect(cast.customer.signer).defineScheme({
      scheme: "HOMEMADE-QMS",
      documentHash: hashJson({ scheme: "HOMEMADE-QMS" }),
      defaultValidity: YEAR,
    }),
  );
  await story.refused(`${cast.auditor.name} tries to accredit a participant`, () =>
    auditor.accredit({
      participant: cast.customer.address,
      roles: ["manufacturer"],
      validUntil,
      evidenceHash: hashJson({ self: "made up" }),
    }),
  );

  await story.step(`Registrar suspends ${cast.remanufacturer.name} pending a site review`, () =>
    registrar.suspend({
      participant: cast.remanufacturer.address,
      reasonHash: hashJson({ reason: "site review 2026-Q4" }),
    }),
  );
  story.note(
    `Is it an active remanufacturer now? ${await participants.isActive({ account: cast.remanufacturer.address, role: "remanufacturer" })}`,
  );
  await story.step(`Registrar reinstates ${cast.remanufacturer.name} after the review`, () =>
    registrar.reinstate(cast.remanufacturer.address),
  );
  story.note(
    `And now? ${await participants.isActive({ account: cast.remanufacturer.address, role: "remanufacturer" })}`,
  );
}
