import { expect } from "chai";
import { type Provider, ZeroHash } from "ethers";
import {
  answerChallenge,
  formatPartId,
  formatTimeline,
  formatTimelineEntry,
  type Hash,
  InputErrorCode,
  partHistory,
  PartRegistry__factory,
  type TimelineEntry,
  timelineToJson,
  type TxResult,
} from "../../../src/index.js";
import { expectInputError, rejection } from "../helpers.js";
import {
  CHILD_SPEC,
  CHIP,
  docHash,
  ethers,
  loadFixture,
  materialFixture,
  minedAt,
  OTHER_CHIP,
  SPEC,
} from "./fixture.js";

const TEST_REPORT = docHash("report:tensile-test");
const INSPECTION_REPORT = docHash("report:visual-inspection");
const QUARANTINE_REASON = docHash("reason:field-complaint");
const RELEASE_REASON = docHash("reason:complaint-unfounded");
const RECALL_REASON = docHash("reason:mill-certificate-forged");
const RETEST_REPORT = docHash("report:tensile-retest");
const REGISTRY_INTERFACE = PartRegistry__factory.createInterface();
const NO_REASON = ZeroHash as Hash;

/**
 * The life of an assembly: from the manufacturer's portion of the producer's batch, the
 * manufacturer makes an insert and builds it into part SN-000777 (chip {CHIP}); the test lab and
 * the inspector attest it; it goes to the customer, who activates it; the manufacturer
 * quarantines and releases it.
 */
async function lifeFixture() {
  const base = await materialFixture();
  const { asManufacturer, asTestLab, asInspector, asCustomer, customer, batch } = base;
  const deployment = await base.partRegistry.deploymentTransaction()?.wait();
  const startBlock = deployment?.blockNumber ?? 0;
  const insertMade = await asManufacturer.makePart({
    spec: CHILD_SPEC,
    serial: "INSERT-1",
    inputs: [{ batchId: batch, quantity: 1n }],
  });
  const insert = insertMade.partId;
  const made = await asManufacturer.makePart({
    spec: SPEC,
    serial: "SN-000777",
    chipKey: CHIP.address,
    inputs: [{ batchId: batch, quantity: 5n }],
    children: [insert],
  });
  const partId = made.partId;
  const tested = await asTestLab.attest({
    partId,
    kind: "test",
    dataHash: TEST_REPORT,
    passed: true,
  });
  const inspected = await asInspector.attest({
    partId,
    kind: "inspection",
    dataHash: INSPECTION_REPORT,
    passed: true,
  });
  const sold = await asManufacturer.transfer({ partId, to: customer.address });
  const answer = await answerChallenge(CHIP, {
    ...(await base.parts.chipContext()),
    partId,
  });
  const activated = await asCustomer.activate(answer);
  const quarantined = await asManufacturer.quarantine({ partId, reasonHash: QUARANTINE_REASON });
  const released = await asManufacturer.release({ partId, reasonHash: RELEASE_REASON });
  return {
    ...base,
    partId,
    insert,
    answer,
    startBlock,
    txs: {
      insertMade: insertMade.tx,
      made: made.tx,
      tested,
      inspected,
      sold,
      activated,
      quarantined,
      released,
    },
  };
}

/** Where an event of the registry sits in a transaction: its block, index, time and hash. */
async function at(
  tx: TxResult,
  event: string,
  partId?: bigint,
): Promise<{ blockNumber: number; logIndex: number; timestamp: bigint; txHash: string }> {
  const receipt = await ethers.provider.getTransactionReceipt(tx.hash);
  if (receipt === null) throw new Error(`no receipt for ${tx.hash}`);
  for (const log of receipt.logs) {
    const parsed = REGISTRY_INTERFACE.parseLog({ topics: [...log.topics], data: log.data });
    if (parsed?.name !== event) continue;
    if (partId !== undefined && !parsed.args.toArray().includes(partId)) continue;
    return {
      blockNumber: tx.blockNumber,
      logIndex: log.index,
      timestamp: await minedAt(tx),
      txHash: tx.hash,
    };
  }
  throw new Error(`no ${event} in ${tx.hash}`);
}

describe("SDK part history", function () {
  it("rebuilds the life of a part as an ordered timeline with every detail", async function () {
    const {
      parts,
      partId,
      insert,
      txs,
      answer,
      manufacturer,
      testLab,
      inspector,
      customer,
      batch,
      startBlock,
    } = await loadFixture(lifeFixture);
    const expected: TimelineEntry[] = [
      {
        ...(await at(txs.made, "PartMade", partId)),
        kind: "made",
        maker: manufacturer.address,
        serial: "SN-000777",
        lot: 2n,
        spec: SPEC,
        chipKey: CHIP.address,
        inputs: [{ batchId: batch, quantity: 5n }],
      },
      {
        ...(await at(txs.made, "PartAssembled")),
        kind: "assembled",
        role: "parent",
        parentId: partId,
        childId: insert,
      },
      {
        ...(await at(txs.tested, "Attested")),
        kind: "attested",
        attester: testLab.address,
        attestationKind: "test",
        passed: true,
        dataHash: TEST_REPORT,
      },
      {
        ...(await at(txs.inspected, "Attested")),
        kind: "attested",
        attester: inspector.address,
        attestationKind: "inspection",
        passed: true,
        dataHash: INSPECTION_REPORT,
      },
      {
        ...(await at(txs.sold, "Transfer")),
        kind: "transferred",
        from: manufacturer.address,
        to: customer.address,
      },
      {
        ...(await at(txs.activated, "PartStatusChanged")),
        kind: "status-changed",
        from: "made",
        to: "in-service",
        by: customer.address,
        reasonHash: answer.challenge,
      },
      {
        ...(await at(txs.activated, "PartActivated")),
        kind: "activated",
        customer: customer.address,
        answerBlock: answer.blockNumber,
        answerBlockHash: answer.blockHash,
      },
      {
        ...(await at(txs.quarantined, "PartStatusChanged")),
        kind: "status-changed",
        from: "in-service",
        to: "quarantined",
        by: manufacturer.address,
        reasonHash: QUARANTINE_REASON,
      },
      {
        ...(await at(txs.released, "PartStatusChanged")),
        kind: "status-changed",
        from: "quarantined",
        to: "in-service",
        by: manufacturer.address,
        reasonHash: RELEASE_REASON,
      },
    ];
    const timeline = await partHistory(parts, partId, startBlock);
    expect(timeline.map((entry) => entry.kind)).to.deep.equal([
      "made",
      "assembled",
      "attested",
      "attested",
      "transferred",
      "status-changed",
      "activated",
      "status-changed",
      "status-changed",
    ]);
    expect(timeline).to.deep.equal(expected);
  });

  it("gives the child its own side of the assembly", async function () {
    const { parts, partId, insert, txs, manufacturer, batch, startBlock } =
      await loadFixture(lifeFixture);
    expect(await partHistory(parts, insert, startBlock)).to.deep.equal([
      {
        ...(await at(txs.insertMade, "PartMade", insert)),
        kind: "made",
        maker: manufacturer.address,
        serial: "INSERT-1",
        lot: 1n,
        spec: CHILD_SPEC,
        chipKey: undefined,
        inputs: [{ batchId: batch, quantity: 1n }],
      },
      {
        ...(await at(txs.made, "PartAssembled")),
        kind: "assembled",
        role: "child",
        parentId: partId,
        childId: insert,
      },
    ] satisfies TimelineEntry[]);
  });

  it("adds the recall of the material the part consumed, found through its root batch", async function () {
    const { parts, asProducer, producer, partId, insert, rootBatch, startBlock } =
      await loadFixture(lifeFixture);
    const recalled = await asProducer.recallBatch({
      batchId: rootBatch,
      reasonHash: RECALL_REASON,
    });
    for (const id of [partId, insert]) {
      const last = (await partHistory(parts, id, startBlock)).at(-1);
      expect(last).to.deep.equal({
        ...(await at(recalled, "BatchRecalled")),
        kind: "batch-recalled",
        batchId: rootBatch,
        by: producer.address,
        reasonHash: RECALL_REASON,
      } satisfies TimelineEntry);
    }
  });

  it("shows an attestation conflict and its ruling, a registrar's hold and a lifted recall", async function () {
    const f = await loadFixture(lifeFixture);
    const { parts, asInspector, asPartsRegistrar, asProducer, partId, rootBatch, startBlock } = f;
    const [lab, inspector, registrar] = [
      f.testLab.address,
      f.inspector.address,
      f.registrar.address,
    ];
    const before = (await partHistory(parts, partId, startBlock)).length;
    const contradicted = await asInspector.attest({
      partId,
      kind: "test",
      dataHash: INSPECTION_REPORT,
      passed: false,
    });
    const ruled = await asPartsRegistrar.resolveAttestation({
      partId,
      kind: "test",
      passed: true,
      reasonHash: RETEST_REPORT,
    });
    const held = await asPartsRegistrar.quarantine({ partId, reasonHash: QUARANTINE_REASON });
    const released = await asPartsRegistrar.release({ partId, reasonHash: RELEASE_REASON });
    const recalled = await asProducer.recallBatch({
      batchId: rootBatch,
      reasonHash: RECALL_REASON,
    });
    const lifted = await asPartsRegistrar.liftRecall({
      batchId: rootBatch,
      reasonHash: RELEASE_REASON,
    });

    const timeline = await partHistory(parts, partId, startBlock);
    expect(timeline.slice(before)).to.deep.equal([
      {
        ...(await at(contradicted, "Attested")),
        kind: "attested",
        attester: inspector,
        attestationKind: "test",
        passed: false,
        dataHash: INSPECTION_REPORT,
      },
      {
        ...(await at(contradicted, "AttestationConflict")),
        kind: "attestation-conflict",
        attestationKind: "test",
        previous: lab,
        attester: inspector,
      },
      {
        ...(await at(ruled, "AttestationResolved")),
        kind: "attestation-resolved",
        attestationKind: "test",
        registrar,
        passed: true,
        reasonHash: RETEST_REPORT,
      },
      {
        ...(await at(held, "PartStatusChanged")),
        kind: "status-changed",
        from: "in-service",
        to: "quarantined",
        by: registrar,
        reasonHash: QUARANTINE_REASON,
      },
      {
        ...(await at(held, "RegistrarHold")),
        kind: "registrar-hold",
        registrar,
        placed: true,
        reasonHash: QUARANTINE_REASON,
      },
      {
        ...(await at(released, "RegistrarHold")),
        kind: "registrar-hold",
        registrar,
        placed: false,
        reasonHash: RELEASE_REASON,
      },
      {
        ...(await at(released, "PartStatusChanged")),
        kind: "status-changed",
        from: "quarantined",
        to: "in-service",
        by: registrar,
        reasonHash: RELEASE_REASON,
      },
      {
        ...(await at(recalled, "BatchRecalled")),
        kind: "batch-recalled",
        batchId: rootBatch,
        by: f.producer.address,
        reasonHash: RECALL_REASON,
      },
      {
        ...(await at(lifted, "BatchRecallLifted")),
        kind: "batch-recall-lifted",
        batchId: rootBatch,
        by: registrar,
        reasonHash: RELEASE_REASON,
      },
    ] satisfies TimelineEntry[]);
    expect(await parts.isConforming(partId)).to.equal(true);
  });

  it("records disassembly on both sides, chip rebinding, a later transfer and retirement", async function () {
    const base = await loadFixture(materialFixture);
    const { asManufacturer, asCustomer, parts, manufacturer, customer, batch } = base;
    const { partId: child } = await asManufacturer.makePart({
      spec: CHILD_SPEC,
      serial: "INSERT-9",
      inputs: [{ batchId: batch, quantity: 1n }],
    });
    const { partId: parent } = await asManufacturer.makePart({
      spec: SPEC,
      serial: "ASSY-9",
      inputs: [],
      children: [child],
    });
    const taken = await asManufacturer.disassemble({
      partId: child,
      reasonHash: docHash("reason:rework"),
    });
    const rebound = await asManufacturer.rebindChip({
      partId: child,
      newChipKey: OTHER_CHIP.address,
      reasonHash: docHash("reason:tag-fitted"),
    });
    const sold = await asManufacturer.transfer({ partId: child, to: customer.address });
    const returned = await asCustomer.retire({
      partId: child,
      target: "returned",
      evidenceHash: docHash("evidence:rma-17"),
    });

    const childTimeline = await partHistory(parts, child, 0);
    expect(childTimeline.map((e) => e.kind)).to.deep.equal([
      "made",
      "assembled",
      "disassembled",
      "chip-rebound",
      "transferred",
      "status-changed",
    ]);
    expect(childTimeline.slice(2)).to.deep.equal([
      {
        ...(await at(taken, "PartDisassembled")),
        kind: "disassembled",
        role: "child",
        parentId: parent,
        childId: child,
        by: manufacturer.address,
        reasonHash: docHash("reason:rework"),
      },
      {
        ...(await at(rebound, "ChipRebound")),
        kind: "chip-rebound",
        oldKey: undefined,
        newKey: OTHER_CHIP.address,
        reasonHash: docHash("reason:tag-fitted"),
      },
      {
        ...(await at(sold, "Transfer")),
        kind: "transferred",
        from: manufacturer.address,
        to: customer.address,
      },
      {
        ...(await at(returned, "PartStatusChanged")),
        kind: "status-changed",
        from: "made",
        to: "returned",
        by: customer.address,
        reasonHash: docHash("evidence:rma-17"),
      },
    ] satisfies TimelineEntry[]);

    const parentTimeline = await partHistory(parts, parent, 0);
    expect(parentTimeline.map((e) => e.kind)).to.deep.equal(["made", "assembled", "disassembled"]);
    expect(parentTimeline[2]).to.deep.include({ role: "parent", parentId: parent, childId: child });
  });

  it("finds the inputs of a lot opened by an earlier part", async function () {
    const { asManufacturer, parts, batch } = await loadFixture(materialFixture);
    const inputs = [{ batchId: batch, quantity: 3n }];
    await asManufacturer.makePart({ spec: SPEC, serial: "LOT-A", inputs });
    const { partId } = await asManufacturer.makePart({ spec: SPEC, serial: "LOT-B", inputs });
    const [made] = await partHistory(parts, partId, 0);
    expect(made).to.deep.include({ kind: "made", lot: 1n, serial: "LOT-B", spec: SPEC, inputs });
  });

  it("makes the same number of log queries however long the history", async function () {
    const { registryAddress, asTestLab, partId, startBlock } = await loadFixture(lifeFixture);
    let getLogs = 0;
    const provider = new Proxy(ethers.provider, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          if (property === "getLogs") getLogs += 1;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }) as unknown as Provider;
    const source = { registry: registryAddress, provider };
    const before = await partHistory(source, partId, startBlock);
    const queries = getLogs;
    expect(queries).to.equal(16);
    for (let i = 0; i < 5; i++) {
      await asTestLab.attest({ partId, kind: "measurement", dataHash: TEST_REPORT, passed: true });
    }
    getLogs = 0;
    const after = await partHistory(source, partId, startBlock);
    expect(getLogs).to.equal(queries);
    expect(after).to.have.length(before.length + 5);
  });

  it("reads the same timeline from a client or from an address and a provider", async function () {
    const { parts, registryAddress, partId, startBlock } = await loadFixture(lifeFixture);
    expect(
      await partHistory({ registry: registryAddress, provider: ethers.provider }, partId, {
        fromBlock: startBlock,
      }),
    ).to.deep.equal(await partHistory(parts, formatPartId(partId), startBlock));
  });

  it("keeps to the block range, still following recalls of a part made before it", async function () {
    const { parts, asProducer, partId, txs, rootBatch } = await loadFixture(lifeFixture);
    const early = await partHistory(parts, partId, {
      fromBlock: 0,
      toBlock: txs.tested.blockNumber,
    });
    expect(early.map((e) => e.kind)).to.deep.equal(["made", "assembled", "attested"]);
    await asProducer.recallBatch({ batchId: rootBatch, reasonHash: RECALL_REASON });
    const late = await partHistory(parts, partId, txs.activated.blockNumber);
    expect(late.map((e) => e.kind)).to.deep.equal([
      "status-changed",
      "activated",
      "status-changed",
      "status-changed",
      "batch-recalled",
    ]);
  });

  it("has an empty timeline for a part that does not exist", async function () {
    const { parts } = await loadFixture(lifeFixture);
    expect(await partHistory(parts, 12345n, 0)).to.deep.equal([]);
  });

  it("refuses a block range that is not block numbers (SC106) and a bad part id (SC116)", async function () {
    const { parts, partId } = await loadFixture(lifeFixture);
    expectInputError(
      await rejection(() => partHistory(parts, partId, -1)),
      InputErrorCode.InvalidAmount,
      "block to search from",
    );
    expectInputError(
      await rejection(() => partHistory(parts, partId, { fromBlock: 0, toBlock: 1.5 })),
      InputErrorCode.InvalidAmount,
      "block to search to",
    );
    expectInputError(
      await rejection(() => partHistory(parts, "SN-000777", 0)),
      InputErrorCode.InvalidId,
      '"SN-000777"',
    );
  });

  describe("formatting", function () {
    const base = { blockNumber: 12, logIndex: 3, timestamp: 1_900_000_000n, txHash: ZeroHash };
    const maker = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    const other = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359";
    const entries: TimelineEntry[] = [
      {
        ...base,
        kind: "made",
        maker,
        serial: "SN-1",
        lot: 1n,
        spec: SPEC,
        chipKey: undefined,
        inputs: [
          { batchId: 2n, quantity: 5n },
          { batchId: 3n, quantity: 1n },
        ],
      },
      { ...base, kind: "assembled", role: "parent", parentId: 1n, childId: 2n },
      { ...base, kind: "assembled", role: "child", parentId: 1n, childId: 2n },
      {
        ...base,
        kind: "disassembled",
        role: "child",
        parentId: 1n,
        childId: 2n,
        by: maker,
        reasonHash: NO_REASON,
      },
      {
        ...base,
        kind: "attested",
        attester: other,
        attestationKind: "test",
        passed: false,
        dataHash: TEST_REPORT,
      },
      { ...base, kind: "transferred", from: maker, to: other },
      {
        ...base,
        kind: "status-changed",
        from: "made",
        to: "quarantined",
        by: maker,
        reasonHash: QUARANTINE_REASON,
      },
      {
        ...base,
        kind: "activated",
        customer: other,
        answerBlock: 11n,
        answerBlockHash: `0x${"ab".repeat(32)}`,
      },
      { ...base, kind: "chip-rebound", oldKey: undefined, newKey: other, reasonHash: NO_REASON },
      { ...base, kind: "batch-recalled", batchId: 2n, by: maker, reasonHash: NO_REASON },
      {
        ...base,
        kind: "attestation-conflict",
        attestationKind: "inspection",
        previous: maker,
        attester: other,
      },
      {
        ...base,
        kind: "attestation-resolved",
        attestationKind: "inspection",
        registrar: other,
        passed: false,
        reasonHash: RELEASE_REASON,
      },
      {
        ...base,
        kind: "attestation-conflict",
        attestationKind: "test",
        previous: "0x0000000000000000000000000000000000000001",
        attester: other,
      },
      { ...base, kind: "registrar-hold", registrar: other, placed: true, reasonHash: NO_REASON },
      {
        ...base,
        kind: "registrar-hold",
        registrar: other,
        placed: false,
        reasonHash: RELEASE_REASON,
      },
      { ...base, kind: "batch-recall-lifted", batchId: 2n, by: other, reasonHash: RELEASE_REASON },
    ];

    it("prints one readable line per entry", function () {
      const one = `0x${"0".repeat(63)}1`;
      const two = `0x${"0".repeat(63)}2`;
      const prefix = "2030-03-17T17:46:40Z  block 12  ";
      expect(formatTimeline(entries).split("\n")).to.deep.equal([
        `${prefix}made by ${maker}: serial SN-1, lot 1, spec ${SPEC}, no chip, inputs batch 2 x 5, batch 3 x 1`,
        `${prefix}built in child part ${two}`,
        `${prefix}built into assembly ${one}`,
        `${prefix}taken out of assembly ${one} by ${maker}`,
        `${prefix}test failed, attested by ${other}, data ${TEST_REPORT}`,
        `${prefix}transferred from ${maker} to ${other}`,
        `${prefix}status made -> quarantined by ${maker}, reason ${QUARANTINE_REASON}`,
        `${prefix}activated by customer ${other} with its tag chip, answer bound to block 11`,
        `${prefix}tag chip re-bound from none to ${other}`,
        `${prefix}material recalled: batch 2 by ${maker}`,
        `${prefix}inspection in conflict: ${other} disagrees with ${maker}; not conforming ` +
          "until a registrar rules",
        `${prefix}inspection conflict ruled failed by registrar ${other}, reason ${RELEASE_REASON}`,
        `${prefix}test in conflict: ${other} disagrees with several attesters who agreed; not ` +
          "conforming until a registrar rules",
        `${prefix}held by registrar ${other}`,
        `${prefix}registrar hold lifted by ${other}, reason ${RELEASE_REASON}`,
        `${prefix}material recall lifted: batch 2 by registrar ${other}, reason ${RELEASE_REASON}`,
      ]);
      expect(formatTimelineEntry(entries[5] as TimelineEntry)).to.equal(
        `${prefix}transferred from ${maker} to ${other}`,
      );
      expect(formatTimeline([])).to.equal("");
    });

    it("turns a timeline into plain JSON values", function () {
      const json = timelineToJson(entries);
      expect(JSON.parse(JSON.stringify(json))).to.deep.equal(json);
      expect(json[0]).to.deep.equal({
        blockNumber: 12,
        logIndex: 3,
        timestamp: "1900000000",
        txHash: ZeroHash,
        kind: "made",
        maker,
        serial: "SN-1",
        lot: "1",
        spec: SPEC,
        inputs: [
          { batchId: "2", quantity: "5" },
          { batchId: "3", quantity: "1" },
        ],
      });
      expect(json[1]).to.deep.include({
        parentId: `0x${"0".repeat(63)}1`,
        childId: `0x${"0".repeat(63)}2`,
      });
    });
  });
});
