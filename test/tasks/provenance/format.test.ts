import { expect } from "chai";
import {
  forgetTypedParts,
  namingTypedParts,
  rememberTypedPart,
} from "../../../tasks/shared/output.js";
import {
  type Batch,
  formatPartId,
  type Part,
  type Specification,
  type TimelineEntry,
  type TxResult,
} from "../../../src/index.js";
import {
  batchToJson,
  formatActivated,
  formatAttested,
  formatBatch,
  formatBatchRecalled,
  formatBatchRegistered,
  formatBatchTransferred,
  formatChipRebound,
  formatAttestationResolved,
  formatChipVerification,
  formatFitness,
  formatDisassembled,
  formatHistory,
  formatNoPart,
  formatPart,
  formatPartMade,
  formatPartsMade,
  formatPartTransferred,
  formatQuarantined,
  formatRecallLifted,
  formatReleased,
  formatRetired,
  formatSpecDefined,
  formatSpecification,
  partToJson,
  specificationToJson,
} from "../../../tasks/provenance/format.js";

const MAKER = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const PRODUCER = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
const CUSTOMER = "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f";
const CHIP = "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A";
const SPEC = `0x${"5e".repeat(32)}` as const;
const DATA = `0x${"da".repeat(32)}` as const;
const REASON = `0x${"c3".repeat(32)}` as const;
const ZERO = `0x${"0".repeat(64)}` as const;
const TX: TxResult = { hash: `0x${"12".repeat(32)}`, blockNumber: 42, gasUsed: 51_473n };
const TX_TEXT = `(tx 0x${"12".repeat(32)}, block 42, gas 51473).`;
const PART_ID = 0xabcn;
const PART_HEX = formatPartId(PART_ID);

function batch(overrides: Partial<Batch> = {}): Batch {
  return {
    id: 2n,
    owner: MAKER,
    producer: PRODUCER,
    materialSpec: SPEC,
    quantity: 200n,
    remaining: 190n,
    transferredOut: 0n,
    consumed: 10n,
    unit: "kg",
    root: 1n,
    parent: 1n,
    recalled: false,
    ...overrides,
  };
}

function part(overrides: Partial<Part> = {}): Part {
  return {
    id: PART_ID,
    maker: MAKER,
    owner: CUSTOMER,
    spec: SPEC,
    lot: 3n,
    status: "in-service",
    chipKey: CHIP,
    activated: true,
    passedKinds: ["test"],
    conflictKinds: [],
    registrarHold: false,
    parent: undefined,
    conforming: true,
    recalled: false,
    ...overrides,
  };
}

describe("tasks/format: parts and provenance", function () {
  describe("specifications", function () {
    it("says what a specification requires", function () {
      expect(formatSpecDefined(SPEC, ["test", "inspection"], TX)).to.equal(
        `Defined part specification ${SPEC}, which requires a passed test, inspection before ` +
          `a part of it counts as conforming ${TX_TEXT}`,
      );
      expect(formatSpecDefined(SPEC, [], TX)).to.equal(
        `Defined part specification ${SPEC}, which requires no attestation before a part of it ` +
          `counts as conforming ${TX_TEXT}`,
      );
    });

    it("shows a specification as text and JSON, and says when there is none", function () {
      const spec: Specification = { spec: SPEC, id: 4n, owner: MAKER, requiredKinds: ["test"] };
      expect(formatSpecification(spec, SPEC)).to.equal(
        [
          `Specification  ${SPEC}`,
          "Id             4",
          `Defined by     ${MAKER}`,
          "Requires       test",
        ].join("\n"),
      );
      expect(formatSpecification(undefined, SPEC)).to.equal(
        `No part specification ${SPEC} has been defined.`,
      );
      expect(specificationToJson(spec)).to.deep.equal({
        spec: SPEC,
        id: "4",
        owner: MAKER,
        requiredKinds: ["test"],
      });
    });
  });

  describe("batches", function () {
    it("says what was registered, transferred and recalled", function () {
      expect(formatBatchRegistered(1n, 500n, "kg", SPEC, ["AS9100D", "CF-TI"], TX)).to.equal(
        `Registered batch 1: 500 kg of the material specified by ${SPEC}, certified under ` +
          `AS9100D, CF-TI ${TX_TEXT}`,
      );
      expect(formatBatchTransferred(1n, MAKER, 200n, "kg", 2n, TX)).to.equal(
        `Transferred 200 kg of batch 1 to ${MAKER} as batch 2 ${TX_TEXT}`,
      );
      expect(formatBatchTransferred(1n, MAKER, 200n, undefined, 2n, TX)).to.equal(
        `Transferred 200 of batch 1 to ${MAKER} as batch 2 ${TX_TEXT}`,
      );
      expect(formatBatchRecalled(2n, ZERO, TX)).to.equal(
        "Recalled the material of batch 2: its root batch and every portion of it, with no " +
          `reason given; every part made from it now reports itself recalled ${TX_TEXT}`,
      );
      expect(formatBatchRecalled(2n, REASON, TX)).to.include(`for the reason hashed ${REASON};`);
      expect(formatRecallLifted(2n, REASON, TX)).to.equal(
        `Lifted the recall of the material of batch 2 for the reason hashed ${REASON}; its ` +
          `parts count as they did before the recall ${TX_TEXT}`,
      );
    });

    it("shows a transferred portion and a registered batch", function () {
      expect(formatBatch(batch(), "2")).to.equal(
        [
          "Batch           2",
          `Holder          ${MAKER}`,
          "Remaining       190 kg",
          "Quantity        200 kg",
          "Transferred out 0 kg",
          "Consumed        10 kg",
          "Root batch      1",
          "Parent batch    1 (transferred out of batch 1)",
          `Producer        ${PRODUCER}`,
          "Recalled        no",
          "Unit            kg",
          `Material        ${SPEC}`,
        ].join("\n"),
      );
      const root = formatBatch(
        batch({ id: 1n, owner: PRODUCER, parent: undefined, recalled: true }),
        "1",
      ).split("\n");
      expect(root[6]).to.equal("Root batch      1 (this batch)");
      expect(root[7]).to.equal("Parent batch    none (registered by its producer)");
      expect(root[9]).to.equal("Recalled        yes");
      expect(formatBatch(undefined, "9")).to.equal("There is no batch 9.");
    });

    it("gives a batch as JSON, with decimal strings and a null parent", function () {
      expect(batchToJson(batch({ parent: undefined, root: 2n }))).to.deep.equal({
        id: "2",
        owner: MAKER,
        remaining: "190",
        quantity: "200",
        transferredOut: "0",
        consumed: "10",
        root: "2",
        parent: null,
        producer: PRODUCER,
        recalled: false,
        unit: "kg",
        materialSpec: SPEC,
      });
    });
  });

  describe("parts: actions", function () {
    it("says what part was made, and from what", function () {
      expect(
        formatPartMade(
          {
            partId: PART_ID,
            maker: MAKER,
            serial: "SN-1",
            chipKey: CHIP,
            inputs: [
              { batchId: 2n, quantity: 3n },
              { batchId: 5n, quantity: 1n },
            ],
            children: [],
          },
          TX,
        ),
      ).to.equal(
        `Made part ${PART_HEX}: serial SN-1 by ${MAKER}, tag chip ${CHIP}, from batch 2 x 3, ` +
          `batch 5 x 1 ${TX_TEXT}`,
      );
      expect(
        formatPartMade(
          {
            partId: PART_ID,
            maker: MAKER,
            serial: "ASM-1",
            chipKey: undefined,
            inputs: [],
            children: [1n, 2n],
          },
          TX,
        ),
      ).to.equal(
        `Made part ${PART_HEX}: serial ASM-1 by ${MAKER}, no tag chip, from 2 child parts ${TX_TEXT}`,
      );
    });

    it("says how many parts a run made, and the first and last ids", function () {
      const inputs = [{ batchId: 2n, quantity: 1n }];
      expect(
        formatPartsMade({ partIds: [1n, 2n, 3n], serials: ["R-1", "R-2", "R-3"], inputs }, TX),
      ).to.equal(
        `Made 3 parts (serials R-1 to R-3), each from batch 2 x 1: first ${formatPartId(1n)}, ` +
          `last ${formatPartId(3n)} ${TX_TEXT}`,
      );
      expect(formatPartsMade({ partIds: [1n], serials: ["R-1"], inputs: [] }, TX)).to.equal(
        `Made 1 part (serial R-1): ${formatPartId(1n)} ${TX_TEXT}`,
      );
    });

    it("says what an attestation recorded", function () {
      expect(formatAttested(PART_ID, "test", true, DATA, TX)).to.equal(
        `Recorded that part ${PART_HEX} passed its test, data hashed ${DATA} ${TX_TEXT}`,
      );
      expect(formatAttested(PART_ID, "inspection", false, DATA, TX)).to.include(
        "failed its inspection",
      );
      expect(formatAttestationResolved(PART_ID, "test", false, REASON, TX)).to.equal(
        `Ruled the test conflict of part ${PART_HEX}: failed for the reason hashed ${REASON}; ` +
          `the ruling is now its standing test result ${TX_TEXT}`,
      );
    });

    it("says what happened to the part's status, owner and chip", function () {
      expect(formatQuarantined(PART_ID, REASON, TX)).to.equal(
        `Quarantined part ${PART_HEX} for the reason hashed ${REASON} ${TX_TEXT}`,
      );
      expect(formatReleased(PART_ID, ZERO, TX)).to.equal(
        `Released part ${PART_HEX} from quarantine with no reason given ${TX_TEXT}`,
      );
      expect(formatDisassembled(PART_ID, ZERO, TX)).to.equal(
        `Took part ${PART_HEX} out of its assembly with no reason given ${TX_TEXT}`,
      );
      expect(formatRetired(PART_ID, "recycled", ZERO, TX)).to.equal(
        `Marked part ${PART_HEX} as recycled with no evidence given ${TX_TEXT}`,
      );
      expect(formatRetired(PART_ID, "destroyed", DATA, TX)).to.equal(
        `Marked part ${PART_HEX} as destroyed on the evidence hashed ${DATA} ${TX_TEXT}`,
      );
      expect(formatPartTransferred(PART_ID, CUSTOMER, TX)).to.equal(
        `Transferred part ${PART_HEX} to ${CUSTOMER} ${TX_TEXT}`,
      );
      expect(formatActivated(PART_ID, CUSTOMER, CHIP, 41n, TX)).to.equal(
        `Activated part ${PART_HEX} for customer ${CUSTOMER} with the signature of its tag chip ` +
          `${CHIP}, bound to block 41; it is now in service ${TX_TEXT}`,
      );
      expect(formatChipRebound(PART_ID, CHIP, REASON, TX)).to.equal(
        `Bound part ${PART_HEX} to the new tag chip ${CHIP} for the reason hashed ${REASON} ${TX_TEXT}`,
      );
    });

    it("says whether a chip proves possession, and why not", function () {
      expect(formatChipVerification(PART_ID, CHIP, 41n, { ok: true })).to.equal(
        `The tag chip ${CHIP} proves possession of part ${PART_HEX} (answer bound to block 41).`,
      );
      expect(
        formatChipVerification(PART_ID, CHIP, 41n, {
          ok: false,
          reason: "bad-signature",
          message: "The signature is from X, not from the tag chip Y.",
        }),
      ).to.equal(
        `The tag chip ${CHIP} does not prove possession of part ${PART_HEX} with an answer bound ` +
          "to block 41 (bad-signature): The signature is from X, not from the tag chip Y.",
      );
    });
  });

  describe("parts: queries", function () {
    const inputs = [{ batchId: 2n, quantity: 3n }];

    it("shows a part as a block of text", function () {
      expect(formatPart(part(), inputs, [])).to.equal(
        [
          `Part        ${PART_HEX}`,
          `Maker       ${MAKER}`,
          `Owner       ${CUSTOMER}`,
          `Spec        ${SPEC}`,
          "Lot         3",
          "Status      in-service",
          `Chip        ${CHIP}`,
          "Activated   yes",
          "Passed      test",
          "Conflicts   none",
          "Held        no",
          "Parent      none",
          "Children    none",
          "Inputs      batch 2 x 3 (per part of its lot)",
          "Conforming  yes",
          "Recalled    no",
        ].join("\n"),
      );
    });

    it("shows an assembled child and an assembly", function () {
      const child = formatPart(
        part({ parent: 0x99n, chipKey: undefined, activated: false, passedKinds: [] }),
        [],
        [],
      ).split("\n");
      expect(child[2]).to.equal(
        `Owner       ${CUSTOMER} (the registry, holding it inside its assembly)`,
      );
      expect(child[6]).to.equal("Chip        none");
      expect(child[7]).to.equal("Activated   no");
      expect(child[8]).to.equal("Passed      none");
      expect(child[11]).to.equal(`Parent      ${formatPartId(0x99n)}`);
      expect(child[13]).to.equal("Inputs      none");
      const assembly = formatPart(part(), [], [1n, 2n]).split("\n");
      expect(assembly[12]).to.equal(`Children    ${formatPartId(1n)}, ${formatPartId(2n)}`);
    });

    it("shows attestation conflicts and a registrar's hold", function () {
      const lines = formatPart(
        part({
          status: "quarantined",
          conflictKinds: ["test", "inspection"],
          registrarHold: true,
          conforming: false,
        }),
        [],
        [],
      ).split("\n");
      expect(lines.slice(8, 11)).to.deep.equal([
        "Passed      test",
        "Conflicts   test, inspection (attesters disagree; a registrar must rule)",
        "Held        yes, by a registrar (only a registrar can release it)",
      ]);
      expect(
        partToJson(part({ conflictKinds: ["test"], registrarHold: true }), [], []),
      ).to.deep.include({ conflictKinds: ["test"], registrarHold: true });
    });

    it("says whether a part is fit to use, as the escrow and activation ask", function () {
      expect(formatFitness(PART_ID, true)).to.equal(
        `Part ${PART_HEX} is fit to use: it and every part inside it conform.`,
      );
      expect(formatFitness(PART_ID, false)).to.equal(
        `Part ${PART_HEX} is not fit to use: it, or a part inside it, is recalled, made from ` +
          "recalled material, quarantined, retired, missing a required pass or under an " +
          "attestation conflict; it cannot be activated or delivered against payment.",
      );
    });

    it("gives a part as JSON with hex part ids and nulls", function () {
      expect(partToJson(part({ chipKey: undefined }), inputs, [1n])).to.deep.equal({
        id: PART_HEX,
        maker: MAKER,
        owner: CUSTOMER,
        spec: SPEC,
        lot: "3",
        status: "in-service",
        chipKey: null,
        activated: true,
        passedKinds: ["test"],
        conflictKinds: [],
        registrarHold: false,
        parent: null,
        children: [formatPartId(1n)],
        inputs: [{ batchId: "2", quantity: "3" }],
        conforming: true,
        recalled: false,
      });
    });

    it("says when no part has the id, naming it as it was given", function () {
      expect(formatNoPart(PART_ID)).to.equal(`No part ${PART_HEX} has been made.`);
      // A part typed as <maker>:<serial> is named so in the line runTask prints.
      rememberTypedPart(PART_ID, `${MAKER}:SN-9`);
      try {
        expect(namingTypedParts(formatNoPart(PART_ID))).to.equal(
          `No part ${MAKER}:SN-9 (id ${PART_HEX}) has been made.`,
        );
      } finally {
        forgetTypedParts();
      }
    });

    it("prints a timeline one line per event, or says there is none", function () {
      const entries: TimelineEntry[] = [
        {
          kind: "transferred",
          from: MAKER,
          to: CUSTOMER,
          blockNumber: 12,
          logIndex: 0,
          timestamp: 1_798_761_600n,
          txHash: `0x${"01".repeat(32)}`,
        },
        {
          kind: "activated",
          customer: CUSTOMER,
          answerBlock: 11n,
          answerBlockHash: `0x${"0b".repeat(32)}`,
          blockNumber: 13,
          logIndex: 1,
          timestamp: 1_798_761_612n,
          txHash: `0x${"02".repeat(32)}`,
        },
      ];
      expect(formatHistory(entries, PART_ID, 5).split("\n")).to.deep.equal([
        `2027-01-01T00:00:00Z  block 12  transferred from ${MAKER} to ${CUSTOMER}`,
        `2027-01-01T00:00:12Z  block 13  activated by customer ${CUSTOMER} with its tag chip, answer bound to block 11`,
      ]);
      expect(formatHistory([], PART_ID, 5)).to.equal(
        `No part ${PART_HEX} has been made (no event since block 5).`,
      );
    });
  });
});
