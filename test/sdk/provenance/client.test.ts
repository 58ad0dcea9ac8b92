import { expect } from "chai";
import { encodeBytes32String, ZeroAddress, ZeroHash } from "ethers";
import {
  type AddressBook,
  type Batch,
  connectSuite,
  formatPartId,
  InputErrorCode,
  type Part,
  PART_LIMITS,
  partIdOf,
  PartsClient,
  type RegisterBatchParameters,
  type Specification,
} from "../../../src/index.js";
import {
  CAPACITY,
  CHILD_SPEC,
  CHIP,
  DAY,
  docHash,
  ethers,
  expectContractRefusal,
  expectRefusedBeforeSending,
  expectTxResult,
  loadFixture,
  MATERIAL_SPEC,
  materialFixture,
  OTHER_CHIP,
  OTHER_SCHEME,
  partFixture,
  SCHEME,
  SPEC,
  suiteFixture,
} from "./fixture.js";
import { expectInputError, rejection, thrown } from "../helpers.js";

const REPORT = docHash("report:tensile-test");
const INSPECTION = docHash("report:visual-inspection");
const REASON = docHash("reason:customer-complaint");

describe("PartsClient", function () {
  describe("construction", function () {
    it("checksums the registry address and keeps it across connect()", async function () {
      const { registryAddress, stranger } = await loadFixture(suiteFixture);
      const client = new PartsClient(registryAddress.toLowerCase(), ethers.provider);
      expect(client.address).to.equal(registryAddress);
      expect(client.connect(stranger).address).to.equal(registryAddress);
    });

    it("builds from an address book, and connectSuite gives one", async function () {
      const { registryAddress, participantsAddress, governance } = await loadFixture(suiteFixture);
      const book: AddressBook = {
        chainId: 31337,
        network: "default",
        governance: governance.address,
        startBlock: 0,
        deployedAt: "",
        contracts: {
          ParticipantRegistry: participantsAddress,
          PartRegistry: registryAddress,
          InvoiceEscrow: registryAddress,
          ProcurementAuction: registryAddress,
          CoreRegistry: registryAddress,
          LicenceRegistry: registryAddress,
          WarrantyRegistry: registryAddress,
          CoreCharges: registryAddress,
        },
      };
      expect(PartsClient.fromAddressBook(book, ethers.provider).address).to.equal(registryAddress);
      const suite = await connectSuite({ addressBook: book, runner: ethers.provider });
      expect(suite.parts.address).to.equal(registryAddress);
      expect(suite.participants.address).to.equal(participantsAddress);
    });

    it("refuses a registry address that is not an address with SC100", function () {
      expectInputError(
        thrown(() => new PartsClient("0x1234", ethers.provider)),
        InputErrorCode.InvalidAddress,
        "parts registry address",
      );
    });

    it("refuses to send through a read-only client with SC112", async function () {
      const { parts } = await loadFixture(suiteFixture);
      expectInputError(
        await rejection(() => parts.defineSpecification({ spec: SPEC, requiredKinds: [] })),
        InputErrorCode.MissingSigner,
        "read-only",
      );
    });

    it("mirrors the contract's limits", async function () {
      const { partRegistry } = await loadFixture(suiteFixture);
      expect(await partRegistry.MAX_INPUTS()).to.equal(BigInt(PART_LIMITS.maxInputs));
      expect(await partRegistry.MAX_SCHEMES()).to.equal(BigInt(PART_LIMITS.maxSchemes));
      expect(await partRegistry.MAX_CHILDREN()).to.equal(BigInt(PART_LIMITS.maxChildren));
      expect(await partRegistry.MAX_RUN()).to.equal(BigInt(PART_LIMITS.maxRun));
      expect(await partRegistry.MAX_CHALLENGE_AGE()).to.equal(PART_LIMITS.maxChallengeAge);
    });
  });

  describe("specifications", function () {
    it("defines a specification, which getSpecification returns as a domain object", async function () {
      const { asManufacturer, parts, manufacturer } = await loadFixture(suiteFixture);
      await expectTxResult(
        await asManufacturer.defineSpecification({
          spec: SPEC,
          requiredKinds: ["Inspection", "test"],
        }),
      );
      const expected: Specification = {
        spec: SPEC,
        id: 1n,
        owner: manufacturer.address,
        requiredKinds: ["test", "inspection"],
      };
      expect(await parts.getSpecification(SPEC)).to.deep.equal(expected);
      expect(await parts.getSpecification(SPEC.toUpperCase().replace("0X", "0x"))).to.deep.equal(
        expected,
      );
    });

    it("takes the required kinds as a comma-separated string, or none", async function () {
      const { asManufacturer, parts } = await loadFixture(suiteFixture);
      await asManufacturer.defineSpecification({ spec: SPEC, requiredKinds: "repair, Service" });
      await asManufacturer.defineSpecification({ spec: CHILD_SPEC, requiredKinds: "" });
      expect((await parts.getSpecification(SPEC))?.requiredKinds).to.deep.equal([
        "service",
        "repair",
      ]);
      expect((await parts.getSpecification(CHILD_SPEC))?.requiredKinds).to.deep.equal([]);
    });

    it("returns undefined for a specification nobody defined", async function () {
      const { parts } = await loadFixture(suiteFixture);
      expect(await parts.getSpecification(SPEC)).to.equal(undefined);
    });

    it("refuses a zero or malformed specification hash (SC104) and an unknown kind (SC114)", async function () {
      const { asManufacturer, manufacturer } = await loadFixture(suiteFixture);
      await expectRefusedBeforeSending(
        manufacturer,
        () => asManufacturer.defineSpecification({ spec: ZeroHash, requiredKinds: [] }),
        InputErrorCode.InvalidHash,
        "specification hash is zero",
      );
      await expectRefusedBeforeSending(
        manufacturer,
        () => asManufacturer.defineSpecification({ spec: "0x1234", requiredKinds: [] }),
        InputErrorCode.InvalidHash,
        "specification hash",
      );
      await expectRefusedBeforeSending(
        manufacturer,
        () => asManufacturer.defineSpecification({ spec: SPEC, requiredKinds: ["x-ray"] }),
        InputErrorCode.InvalidKind,
        '"x-ray" is not an attestation kind',
      );
    });

    it("decodes the contract's refusals: a non-manufacturer, a specification defined twice", async function () {
      const { asManufacturer, asStranger, stranger, manufacturer } =
        await loadFixture(suiteFixture);
      const error = await expectContractRefusal(
        stranger,
        () => asStranger.defineSpecification({ spec: SPEC, requiredKinds: [] }),
        "PartRegistryNotAccredited",
        [stranger.address],
      );
      expect(error.shortMessage).to.equal(
        `${stranger.address} is not an active accredited participant in a role that may do ` +
          "this (never accredited in that role, suspended, lapsed or revoked).",
      );
      await asManufacturer.defineSpecification({ spec: SPEC, requiredKinds: [] });
      const twice = await expectContractRefusal(
        manufacturer,
        () => asManufacturer.defineSpecification({ spec: SPEC, requiredKinds: ["test"] }),
        "PartRegistrySpecificationExists",
        [SPEC],
      );
      expect(twice.shortMessage).to.equal(`The specification ${SPEC} is already defined.`);
    });
  });

  describe("batches", function () {
    it("registers a batch, returning its id, and getBatch returns it as a domain object", async function () {
      const { asProducer, parts, producer, asRegistrar } = await loadFixture(suiteFixture);
      const { tx, batchId } = await asProducer.registerBatch({
        materialSpec: MATERIAL_SPEC,
        quantity: 500,
        unit: "kg",
        schemes: [SCHEME],
        evidenceHash: docHash("evidence:mill-certificate"),
      });
      await expectTxResult(tx);
      expect(batchId).to.equal(1n);
      const expected: Batch = {
        id: 1n,
        owner: producer.address,
        producer: producer.address,
        materialSpec: MATERIAL_SPEC,
        quantity: 500n,
        remaining: 500n,
        transferredOut: 0n,
        consumed: 0n,
        unit: "kg",
        root: 1n,
        parent: undefined,
        recalled: false,
      };
      expect(await parts.getBatch(batchId)).to.deep.equal(expected);
      expect(await parts.getBatch("1")).to.deep.equal(expected);
      const certificate = await asRegistrar.getCertificate({
        participant: producer.address,
        scheme: SCHEME,
      });
      expect(certificate?.capacity?.remaining).to.equal(CAPACITY - 500n);
    });

    it("stores the unit as a right-padded bytes8, and reads back units up to 8 characters", async function () {
      const { asProducer, asRegistrar, auditor, producer, parts, partRegistry } =
        await loadFixture(suiteFixture);
      // The producer's capacity is counted in kg: it is re-certified in the batch's unit first.
      await asRegistrar
        .connect(producer)
        .requestCertificate({ scheme: SCHEME, auditor: auditor.address });
      await asRegistrar.connect(auditor).grantCertificate({
        participant: producer.address,
        scheme: SCHEME,
        capacity: { perPeriod: CAPACITY, unit: "m3/h.std", periodLength: 30 * DAY },
        evidenceHash: docHash("audit:producer:gas"),
      });
      const { batchId } = await asProducer.registerBatch({
        materialSpec: MATERIAL_SPEC,
        quantity: 3n,
        unit: "m3/h.std",
        schemes: [SCHEME],
        evidenceHash: docHash("evidence:gas"),
      });
      expect((await partRegistry.batch(batchId)).unit).to.equal(
        encodeBytes32String("m3/h.std").slice(0, 18),
      );
      expect((await parts.getBatch(batchId))?.unit).to.equal("m3/h.std");
    });

    it("transfers part of a batch as a new batch that remembers where it came from", async function () {
      const { asProducer, parts, producer, manufacturer } = await loadFixture(suiteFixture);
      const { batchId } = await asProducer.registerBatch({
        materialSpec: MATERIAL_SPEC,
        quantity: 500n,
        unit: "kg",
        schemes: [SCHEME],
        evidenceHash: docHash("evidence:mill-certificate"),
      });
      const {
        tx,
        batchId: child,
        unit,
      } = await asProducer.transferBatch({
        batchId,
        to: manufacturer.address.toLowerCase(),
        quantity: 200n,
      });
      await expectTxResult(tx);
      expect(child).to.equal(2n);
      expect(unit).to.equal("kg");
      expect(await parts.getBatch(child)).to.deep.equal({
        id: 2n,
        owner: manufacturer.address,
        producer: producer.address,
        materialSpec: MATERIAL_SPEC,
        quantity: 200n,
        remaining: 200n,
        transferredOut: 0n,
        consumed: 0n,
        unit: "kg",
        root: 1n,
        parent: 1n,
        recalled: false,
      } satisfies Batch);
      const source = await parts.getBatch(batchId);
      expect([source?.remaining, source?.transferredOut]).to.deep.equal([300n, 200n]);
    });

    it("recalls the material: the root batch and every portion of it", async function () {
      const { asProducer, parts, rootBatch, batch } = await loadFixture(materialFixture);
      await expectTxResult(await asProducer.recallBatch({ batchId: batch, reasonHash: REASON }));
      expect((await parts.getBatch(rootBatch))?.recalled).to.equal(true);
      expect((await parts.getBatch(batch))?.recalled).to.equal(true);
    });

    it("lets a registrar recall, without a reason", async function () {
      const { asPartsRegistrar, parts, rootBatch } = await loadFixture(materialFixture);
      await asPartsRegistrar.recallBatch({ batchId: rootBatch });
      expect((await parts.getBatch(rootBatch))?.recalled).to.equal(true);
    });

    it("returns undefined for a batch that does not exist", async function () {
      const { parts } = await loadFixture(materialFixture);
      expect(await parts.getBatch(99n)).to.equal(undefined);
    });

    it("refuses bad batch input before sending", async function () {
      const { asProducer, producer } = await loadFixture(suiteFixture);
      const good: RegisterBatchParameters = {
        materialSpec: MATERIAL_SPEC,
        quantity: 10n,
        unit: "kg",
        schemes: [SCHEME],
        evidenceHash: docHash("evidence:x"),
      };
      const cases: [Partial<typeof good>, InputErrorCode, string][] = [
        [{ unit: "kilograms" }, InputErrorCode.InvalidUnit, '"kilograms" is not a short unit'],
        [{ unit: "" }, InputErrorCode.InvalidUnit, "1 to 8 ASCII"],
        [{ unit: "µg" }, InputErrorCode.InvalidUnit, '"µg"'],
        [{ unit: "k g" }, InputErrorCode.InvalidUnit, '"k g"'],
        [{ quantity: 0n }, InputErrorCode.InvalidAmount, "batch quantity must be above zero"],
        [{ quantity: 2n ** 64n }, InputErrorCode.InvalidAmount, "too large"],
        [{ schemes: [] }, InputErrorCode.InvalidList, "at least 1 of the certification schemes"],
        [
          { schemes: ["A", "B", "C", "D", "E"] },
          InputErrorCode.InvalidList,
          "At most 4 certification schemes",
        ],
        [{ schemes: [SCHEME, ` ${SCHEME}`] }, InputErrorCode.InvalidScheme, "named twice"],
        [{ schemes: ["x".repeat(32)] }, InputErrorCode.InvalidScheme, "longer than 31 bytes"],
        [{ materialSpec: ZeroHash }, InputErrorCode.InvalidHash, "material specification hash"],
        [{ evidenceHash: ZeroHash }, InputErrorCode.InvalidHash, "evidence hash is zero"],
      ];
      for (const [change, code, words] of cases) {
        await expectRefusedBeforeSending(
          producer,
          () => asProducer.registerBatch({ ...good, ...change }),
          code,
          words,
        );
      }
    });

    it("refuses bad transfer and recall input before sending", async function () {
      const { asProducer, producer, manufacturer } = await loadFixture(materialFixture);
      await expectRefusedBeforeSending(
        producer,
        () => asProducer.transferBatch({ batchId: 1n, to: ZeroAddress, quantity: 1n }),
        InputErrorCode.InvalidAddress,
        "recipient address is the zero address",
      );
      await expectRefusedBeforeSending(
        producer,
        () => asProducer.transferBatch({ batchId: 0, to: manufacturer.address, quantity: 1n }),
        InputErrorCode.InvalidId,
        'batch id "0"',
      );
      await expectRefusedBeforeSending(
        producer,
        () =>
          asProducer.transferBatch({ batchId: 2n ** 32n, to: manufacturer.address, quantity: 1 }),
        InputErrorCode.InvalidId,
        "from 1 to 4294967295",
      );
      await expectRefusedBeforeSending(
        producer,
        () => asProducer.transferBatch({ batchId: 1n, to: manufacturer.address, quantity: -1 }),
        InputErrorCode.InvalidAmount,
        "quantity to transfer",
      );
      await expectRefusedBeforeSending(
        producer,
        () => asProducer.recallBatch({ batchId: "one" }),
        InputErrorCode.InvalidId,
        '"one"',
      );
      await expectRefusedBeforeSending(
        producer,
        () => asProducer.recallBatch({ batchId: 1n, reasonHash: "0x12" }),
        InputErrorCode.InvalidHash,
        "reason hash",
      );
    });

    it("decodes the participant registry's capacity refusal, raised underneath", async function () {
      const { asProducer, producer } = await loadFixture(suiteFixture);
      const error = await expectContractRefusal(
        producer,
        () =>
          asProducer.registerBatch({
            materialSpec: MATERIAL_SPEC,
            quantity: CAPACITY + 1n,
            unit: "kg",
            schemes: [SCHEME],
            evidenceHash: docHash("evidence:x"),
          }),
        "ParticipantRegistryCapacityExceeded",
        [producer.address, encodeBytes32String(SCHEME), CAPACITY + 1n, CAPACITY],
      );
      expect(error.shortMessage).to.equal(
        `${producer.address} may produce only ${CAPACITY} more units under scheme ${SCHEME} this ` +
          `period; ${CAPACITY + 1n} were asked for.`,
      );
    });

    it("decodes the contract's batch refusals", async function () {
      const { asProducer, asManufacturer, asStranger, producer, manufacturer, stranger, batch } =
        await loadFixture(materialFixture);
      const register = (client: PartsClient, scheme: string) =>
        client.registerBatch({
          materialSpec: MATERIAL_SPEC,
          quantity: 1n,
          unit: "kg",
          schemes: [scheme],
          evidenceHash: docHash("evidence:x"),
        });
      const uncertified = await expectContractRefusal(
        producer,
        () => register(asProducer, OTHER_SCHEME),
        "PartRegistryNotCertified",
        [producer.address, encodeBytes32String(OTHER_SCHEME)],
      );
      expect(uncertified.shortMessage).to.equal(
        `Producer ${producer.address} holds no valid certificate under scheme ${OTHER_SCHEME}.`,
      );
      await expectContractRefusal(
        manufacturer,
        () => register(asManufacturer, SCHEME),
        "PartRegistryNotAccredited",
        [manufacturer.address],
      );
      const notOwner = await expectContractRefusal(
        producer,
        () => asProducer.transferBatch({ batchId: batch, to: producer.address, quantity: 1n }),
        "PartRegistryNotBatchOwner",
        [batch, producer.address, manufacturer.address],
      );
      expect(notOwner.shortMessage).to.equal(
        `${producer.address} does not hold batch 2; ${manufacturer.address} does.`,
      );
      const tooMuch = await expectContractRefusal(
        manufacturer,
        () =>
          asManufacturer.transferBatch({ batchId: batch, to: producer.address, quantity: 201n }),
        "PartRegistryInsufficientBatch",
        [batch, 201n, 200n],
      );
      expect(tooMuch.shortMessage).to.equal("Only 200 of batch 2 remain; 201 were asked for.");
      await expectContractRefusal(
        manufacturer,
        () => asManufacturer.transferBatch({ batchId: batch, to: stranger.address, quantity: 1n }),
        "PartRegistryNotAccredited",
        [stranger.address],
      );
      await expectContractRefusal(
        manufacturer,
        () => asManufacturer.transferBatch({ batchId: 9n, to: producer.address, quantity: 1n }),
        "PartRegistryUnknownBatch",
        [9n],
      );
      const notRecaller = await expectContractRefusal(
        stranger,
        () => asStranger.recallBatch({ batchId: batch }),
        "PartRegistryNotRecaller",
        [batch, stranger.address],
      );
      expect(notRecaller.shortMessage).to.equal(
        `${stranger.address} neither produced the material of batch 2 nor is a registrar, so it ` +
          "cannot recall it.",
      );
      await asProducer.recallBatch({ batchId: batch });
      const twice = await expectContractRefusal(
        producer,
        () => asProducer.recallBatch({ batchId: batch }),
        "PartRegistryBatchRecalled",
        [batch, 1n],
      );
      expect(twice.shortMessage).to.equal(
        "The material of batch 2 is recalled (recall of batch 1); it cannot be used or recalled again.",
      );
    });
  });

  describe("making parts", function () {
    it("makes a part whose id is partIdOf(maker, serial), and getPart returns it", async function () {
      const { asManufacturer, parts, manufacturer, batch } = await loadFixture(materialFixture);
      const { tx, partId } = await asManufacturer.makePart({
        spec: SPEC,
        serial: "SN-000123",
        chipKey: CHIP.address.toLowerCase(),
        inputs: [{ batchId: batch, quantity: 5n }],
      });
      await expectTxResult(tx);
      expect(partId).to.equal(partIdOf(manufacturer.address, "SN-000123"));
      const expected: Part = {
        id: partId,
        maker: manufacturer.address,
        owner: manufacturer.address,
        spec: SPEC,
        lot: 1n,
        status: "made",
        chipKey: CHIP.address,
        activated: false,
        passedKinds: [],
        conflictKinds: [],
        registrarHold: false,
        parent: undefined,
        conforming: false,
        recalled: false,
      };
      expect(await parts.getPart(partId)).to.deep.equal(expected);
      expect(await parts.getPart(formatPartId(partId))).to.deep.equal(expected);
      expect(
        await parts.findPart({ maker: manufacturer.address, serial: "SN-000123" }),
      ).to.deep.equal(expected);
      expect(await parts.partInputs(partId)).to.deep.equal([{ batchId: batch, quantity: 5n }]);
      const consumed = await parts.getBatch(batch);
      expect([consumed?.consumed, consumed?.remaining]).to.deep.equal([5n, 195n]);
    });

    it("computes the same part id as the contract", async function () {
      const { partRegistry, manufacturer } = await loadFixture(suiteFixture);
      for (const serial of ["SN-000123", "x", "31-bytes-long-serial-0123456789"]) {
        expect(partIdOf(manufacturer.address.toLowerCase(), serial)).to.equal(
          await partRegistry.partIdOf(manufacturer.address, encodeBytes32String(serial)),
        );
      }
    });

    it("returns undefined for a part that does not exist, as for a copied serial", async function () {
      const { parts, stranger } = await loadFixture(partFixture);
      expect(await parts.getPart(1n)).to.equal(undefined);
      expect(await parts.findPart({ maker: stranger.address, serial: "SN-000123" })).to.equal(
        undefined,
      );
      expect(await parts.isConforming(1n)).to.equal(false);
    });

    it("makes a production run, returning the ids in the order of the serials", async function () {
      const { asManufacturer, parts, manufacturer, batch } = await loadFixture(materialFixture);
      const serials = ["RUN-001", "RUN-002", "RUN-003"];
      const { tx, partIds } = await asManufacturer.makeParts({
        spec: SPEC,
        serials,
        chipKeys: [CHIP.address, OTHER_CHIP.address, CHIP.address],
        inputs: [{ batchId: batch, quantity: 4n }],
      });
      await expectTxResult(tx);
      expect(partIds).to.deep.equal(serials.map((s) => partIdOf(manufacturer.address, s)));
      const made = await Promise.all(partIds.map((id) => parts.getPart(id)));
      expect(made.map((p) => p?.chipKey)).to.deep.equal([
        CHIP.address,
        OTHER_CHIP.address,
        CHIP.address,
      ]);
      expect(made.map((p) => p?.lot)).to.deep.equal([1n, 1n, 1n]);
      expect((await parts.getBatch(batch))?.consumed).to.equal(12n);
    });

    it("makes a run without chips", async function () {
      const { asManufacturer, parts, batch } = await loadFixture(materialFixture);
      const { partIds } = await asManufacturer.makeParts({
        spec: CHILD_SPEC,
        serials: ["C-1", "C-2"],
        inputs: [{ batchId: batch, quantity: 1n }],
      });
      for (const id of partIds) expect((await parts.getPart(id))?.chipKey).to.equal(undefined);
    });

    it("refuses bad part input before sending", async function () {
      const { asManufacturer, manufacturer, batch } = await loadFixture(materialFixture);
      const good = { spec: SPEC, serial: "SN-1", inputs: [{ batchId: batch, quantity: 1n }] };
      const refuse = (change: object, code: InputErrorCode, words: string) =>
        expectRefusedBeforeSending(
          manufacturer,
          () => asManufacturer.makePart({ ...good, ...change }),
          code,
          words,
        );
      await refuse({ serial: "" }, InputErrorCode.InvalidSerial, "The serial is empty");
      await refuse({ serial: " SN-1" }, InputErrorCode.InvalidSerial, "white space");
      await refuse(
        { serial: "S".repeat(32) },
        InputErrorCode.InvalidSerial,
        "32 bytes long; the registry holds serials of at most 31 bytes",
      );
      await refuse({ serial: "é".repeat(16) }, InputErrorCode.InvalidSerial, "32 bytes");
      await refuse({ spec: ZeroHash }, InputErrorCode.InvalidHash, "specification hash");
      await refuse({ chipKey: "0xabc" }, InputErrorCode.InvalidAddress, "chip key");
      await refuse(
        { inputs: Array.from({ length: 9 }, () => ({ batchId: batch, quantity: 1n })) },
        InputErrorCode.InvalidList,
        "At most 8 input batches",
      );
      await refuse(
        { inputs: [{ batchId: batch, quantity: 0n }] },
        InputErrorCode.InvalidAmount,
        "quantity of input 1",
      );
      await refuse(
        { inputs: [{ batchId: -2, quantity: 1n }] },
        InputErrorCode.InvalidId,
        "batch id of input 1",
      );
      await refuse(
        { children: Array.from({ length: 33 }, (_, i) => BigInt(i + 1)) },
        InputErrorCode.InvalidList,
        "At most 32 child parts",
      );
      await refuse(
        { children: [5n, 7n, 5n] },
        InputErrorCode.InvalidList,
        `child part ${formatPartId(5n)} is given twice`,
      );
      await refuse({ children: [0n] }, InputErrorCode.InvalidId, "child part id");
    });

    it("refuses bad production-run input before sending", async function () {
      const { asManufacturer, manufacturer, batch } = await loadFixture(materialFixture);
      const good = { spec: SPEC, serials: ["A", "B"], inputs: [{ batchId: batch, quantity: 1n }] };
      const refuse = (change: object, code: InputErrorCode, words: string) =>
        expectRefusedBeforeSending(
          manufacturer,
          () => asManufacturer.makeParts({ ...good, ...change }),
          code,
          words,
        );
      await refuse({ serials: [] }, InputErrorCode.InvalidList, "at least 1 of the serials");
      await refuse(
        { serials: Array.from({ length: 501 }, (_, i) => `S${i}`) },
        InputErrorCode.InvalidList,
        "At most 500 serials",
      );
      await refuse(
        { serials: ["A", "B", "A"] },
        InputErrorCode.InvalidList,
        "serial A is given twice",
      );
      await refuse(
        { chipKeys: [CHIP.address] },
        InputErrorCode.InvalidList,
        "one chip key per serial (2), or none; got 1",
      );
      await refuse(
        { chipKeys: [CHIP.address, ZeroAddress] },
        InputErrorCode.InvalidAddress,
        "chip key is the zero address",
      );
    });

    it("refuses a zero chip key in makePart as in makeParts, naming the field", async function () {
      const { asManufacturer, manufacturer, batch } = await loadFixture(materialFixture);
      const inputs = [{ batchId: batch, quantity: 1n }];
      await expectRefusedBeforeSending(
        manufacturer,
        () => asManufacturer.makePart({ spec: SPEC, serial: "SN-1", chipKey: ZeroAddress, inputs }),
        InputErrorCode.InvalidAddress,
        "chip key is the zero address",
      );
      const single = expectInputError(
        await rejection(() =>
          asManufacturer.makePart({ spec: SPEC, serial: "SN-1", chipKey: ZeroAddress, inputs }),
        ),
        InputErrorCode.InvalidAddress,
        "chip key is the zero address",
      );
      expect(single.field).to.equal("chipKey");
      const run = expectInputError(
        await rejection(() =>
          asManufacturer.makeParts({
            spec: SPEC,
            serials: ["A", "B"],
            chipKeys: [CHIP.address, ZeroAddress],
            inputs,
          }),
        ),
        InputErrorCode.InvalidAddress,
        "chip key is the zero address",
      );
      expect(run.field).to.equal("chipKeys[1]");
    });

    it("names the parameter at fault in its input errors", async function () {
      const { asManufacturer, batch } = await loadFixture(materialFixture);
      const good = { spec: SPEC, serial: "SN-1", inputs: [{ batchId: batch, quantity: 1n }] };
      const fieldOf = async (change: object) =>
        (
          (await rejection(() => asManufacturer.makePart({ ...good, ...change }))) as {
            field?: string;
          }
        ).field;
      expect(await fieldOf({ spec: ZeroHash })).to.equal("spec");
      expect(await fieldOf({ serial: "" })).to.equal("serial");
      expect(await fieldOf({ inputs: [{ batchId: batch, quantity: 0n }] })).to.equal(
        "inputs[0].quantity",
      );
      expect(await fieldOf({ children: [5n, 5n] })).to.equal("children[1]");
    });

    it("decodes the contract's refusals to make parts", async function () {
      const {
        asManufacturer,
        asStranger,
        asManufacturer2,
        manufacturer,
        manufacturer2,
        stranger,
        batch,
      } = await loadFixture(partFixture);
      const input = [{ batchId: batch, quantity: 1n }];
      await expectContractRefusal(
        stranger,
        () => asStranger.makePart({ spec: SPEC, serial: "X", inputs: [] }),
        "PartRegistryNotAccredited",
        [stranger.address],
      );
      const unknownSpec = docHash("spec:unknown");
      const unknown = await expectContractRefusal(
        manufacturer,
        () => asManufacturer.makePart({ spec: unknownSpec, serial: "X", inputs: input }),
        "PartRegistryUnknownSpecification",
        [unknownSpec],
      );
      expect(unknown.shortMessage).to.equal(
        `No specification ${unknownSpec} has been defined; a manufacturer must define it first.`,
      );
      const id = partIdOf(manufacturer.address, "SN-000123");
      const exists = await expectContractRefusal(
        manufacturer,
        () => asManufacturer.makePart({ spec: SPEC, serial: "SN-000123", inputs: input }),
        "PartRegistryPartExists",
        [id],
      );
      expect(exists.shortMessage).to.equal(
        `The part ${formatPartId(id)} already exists: its maker has already used this serial.`,
      );
      await expectContractRefusal(
        manufacturer,
        () =>
          asManufacturer.makeParts({
            spec: SPEC,
            serials: ["R-1", "R-2"],
            inputs: [{ batchId: batch, quantity: 100n }],
          }),
        "PartRegistryInsufficientBatch",
        [batch, 200n, 195n],
      );
      await expectContractRefusal(
        manufacturer2,
        () => asManufacturer2.makePart({ spec: SPEC, serial: "X", inputs: input }),
        "PartRegistryNotBatchOwner",
        [batch, manufacturer2.address, manufacturer.address],
      );
    });

    it("refuses to make parts from recalled material", async function () {
      const { asManufacturer, asProducer, manufacturer, batch, rootBatch } =
        await loadFixture(materialFixture);
      await asProducer.recallBatch({ batchId: rootBatch, reasonHash: REASON });
      await expectContractRefusal(
        manufacturer,
        () =>
          asManufacturer.makePart({
            spec: SPEC,
            serial: "X",
            inputs: [{ batchId: batch, quantity: 1n }],
          }),
        "PartRegistryBatchRecalled",
        [batch, rootBatch],
      );
    });
  });

  describe("assemblies and transfers", function () {
    async function assemblyFixture() {
      const base = await materialFixture();
      const { partIds } = await base.asManufacturer.makeParts({
        spec: CHILD_SPEC,
        serials: ["C-1", "C-2"],
        inputs: [{ batchId: base.batch, quantity: 1n }],
      });
      const [c1, c2] = partIds as [bigint, bigint];
      const { partId: assembly } = await base.asManufacturer.makePart({
        spec: SPEC,
        serial: "ASSY-1",
        chipKey: CHIP.address,
        inputs: [{ batchId: base.batch, quantity: 10n }],
        children: [c1, c2],
      });
      return { ...base, c1, c2, assembly };
    }

    it("builds children into an assembly, queryable both ways", async function () {
      const { parts, c1, c2, assembly, registryAddress } = await loadFixture(assemblyFixture);
      expect(await parts.childrenOf(assembly)).to.deep.equal([c1, c2]);
      expect(await parts.parentOf(c1)).to.equal(assembly);
      expect(await parts.parentOf(assembly)).to.equal(undefined);
      const child = await parts.getPart(c1);
      expect([child?.owner, child?.parent]).to.deep.equal([registryAddress, assembly]);
    });

    it("refuses to transfer a child in an assembly, and disassembles it back to the owner", async function () {
      const { asManufacturer, parts, manufacturer, customer, c1, c2, assembly } =
        await loadFixture(assemblyFixture);
      const error = await expectContractRefusal(
        manufacturer,
        () => asManufacturer.transfer({ partId: c1, to: customer.address }),
        "PartRegistryPartAssembled",
        [c1, assembly],
      );
      expect(error.shortMessage).to.equal(
        `The part ${formatPartId(c1)} is built into assembly ${formatPartId(assembly)}; it must ` +
          "be disassembled first.",
      );
      await expectTxResult(await asManufacturer.disassemble({ partId: c1, reasonHash: REASON }));
      expect(await parts.parentOf(c1)).to.equal(undefined);
      expect(await parts.childrenOf(assembly)).to.deep.equal([c2]);
      expect((await parts.getPart(c1))?.owner).to.equal(manufacturer.address);
      await asManufacturer.transfer({ partId: c1, to: customer.address });
      expect((await parts.getPart(c1))?.owner).to.equal(customer.address);
    });

    it("decodes the refusals to assemble and disassemble", async function () {
      const { asManufacturer, asCustomer, manufacturer, customer, c1, c2, assembly, batch } =
        await loadFixture(assemblyFixture);
      await expectContractRefusal(
        manufacturer,
        () => asManufacturer.disassemble({ partId: assembly }),
        "PartRegistryNotAssembled",
        [assembly],
      );
      await expectContractRefusal(
        customer,
        () => asCustomer.disassemble({ partId: c1 }),
        "PartRegistryNotPartOwner",
        [assembly, customer.address],
      );
      const self = partIdOf(manufacturer.address, "SELF");
      await expectContractRefusal(
        manufacturer,
        () =>
          asManufacturer.makePart({
            spec: SPEC,
            serial: "SELF",
            inputs: [{ batchId: batch, quantity: 1n }],
            children: [self],
          }),
        "PartRegistrySelfAssembly",
        [self],
      );
      await expectContractRefusal(
        manufacturer,
        () =>
          asManufacturer.makePart({
            spec: SPEC,
            serial: "ASSY-2",
            inputs: [],
            children: [c2],
          }),
        "PartRegistryNotPartOwner",
        [c2, manufacturer.address],
      );
    });

    it("transfers a part to a customer", async function () {
      const { asManufacturer, parts, customer, partId } = await loadFixture(partFixture);
      await expectTxResult(await asManufacturer.transfer({ partId, to: customer.address }));
      expect((await parts.getPart(partId))?.owner).to.equal(customer.address);
    });

    it("refuses to send a part to the zero address or the registry before sending", async function () {
      const { asManufacturer, manufacturer, partId, registryAddress } =
        await loadFixture(partFixture);
      await expectRefusedBeforeSending(
        manufacturer,
        () => asManufacturer.transfer({ partId, to: ZeroAddress }),
        InputErrorCode.InvalidAddress,
        "zero address",
      );
      await expectRefusedBeforeSending(
        manufacturer,
        () => asManufacturer.transfer({ partId, to: registryAddress }),
        InputErrorCode.InvalidAddress,
        "registry itself",
      );
    });

    it("decodes a transfer of a part the sender does not hold", async function () {
      const { asCustomer, customer, partId } = await loadFixture(partFixture);
      const error = await expectContractRefusal(
        customer,
        () => asCustomer.transfer({ partId, to: customer.address }),
        "ERC721InsufficientApproval",
        [customer.address, partId],
      );
      expect(error.shortMessage).to.equal(
        `${customer.address} may not move part ${formatPartId(partId)}: it neither holds it nor ` +
          "is approved for it.",
      );
    });
  });

  describe("attestations, status and recall", function () {
    it("records attestations; the latest result of each kind counts towards conformity", async function () {
      const { asTestLab, asInspector, parts, partId } = await loadFixture(partFixture);
      await expectTxResult(
        await asTestLab.attest({ partId, kind: "test", dataHash: REPORT, passed: true }),
      );
      expect(await parts.isConforming(partId)).to.equal(false);
      await asInspector.attest({ partId, kind: "Inspection", dataHash: INSPECTION, passed: true });
      let part = await parts.getPart(partId);
      expect([part?.passedKinds, part?.conforming]).to.deep.equal([["test", "inspection"], true]);
      expect(await parts.isConforming(partId)).to.equal(true);
      await asTestLab.attest({ partId, kind: "test", dataHash: REPORT, passed: false });
      part = await parts.getPart(partId);
      expect([part?.passedKinds, part?.conforming]).to.deep.equal([["inspection"], false]);
    });

    it("quarantines and releases a part", async function () {
      const { asManufacturer, asTestLab, asInspector, parts, partId } =
        await loadFixture(partFixture);
      await asTestLab.attest({ partId, kind: "test", dataHash: REPORT, passed: true });
      await asInspector.attest({ partId, kind: "inspection", dataHash: INSPECTION, passed: true });
      await expectTxResult(await asManufacturer.quarantine({ partId, reasonHash: REASON }));
      let part = await parts.getPart(partId);
      expect([part?.status, part?.conforming]).to.deep.equal(["quarantined", false]);
      await expectTxResult(await asManufacturer.release({ partId }));
      part = await parts.getPart(partId);
      expect([part?.status, part?.conforming]).to.deep.equal(["made", true]);
    });

    it("lets a registrar quarantine a part, which only a registrar can release", async function () {
      const { asPartsRegistrar, asManufacturer, parts, manufacturer, partId } =
        await loadFixture(partFixture);
      await asPartsRegistrar.quarantine({ partId });
      expect((await parts.getPart(partId))?.status).to.equal("quarantined");
      const held = await expectContractRefusal(
        manufacturer,
        () => asManufacturer.release({ partId }),
        "PartRegistryRegistrarHold",
        [partId],
      );
      expect(held.shortMessage).to.equal(
        `A registrar holds part ${formatPartId(partId)}; only a registrar can release it, and it ` +
          "cannot be taken apart or retired meanwhile.",
      );
      await asPartsRegistrar.release({ partId, reasonHash: REASON });
      expect((await parts.getPart(partId))?.status).to.equal("made");
    });

    it("refuses to build a quarantined part into an assembly", async function () {
      const { asManufacturer, manufacturer, partId } = await loadFixture(partFixture);
      await asManufacturer.quarantine({ partId, reasonHash: REASON });
      const error = await expectContractRefusal(
        manufacturer,
        () =>
          asManufacturer.makePart({ spec: SPEC, serial: "ASSY-Q", inputs: [], children: [partId] }),
        "PartRegistryUnusablePart",
        [partId, 2n],
      );
      expect(error.shortMessage).to.equal(
        `The part ${formatPartId(partId)} is quarantined; only a part that is made or in service ` +
          "can be built into an assembly, and nothing can be taken out of a recycled or destroyed one.",
      );
    });

    it("retires a part: returned, then recycled", async function () {
      const { asManufacturer, parts, partId } = await loadFixture(partFixture);
      await expectTxResult(
        await asManufacturer.retire({ partId, target: "returned", evidenceHash: REASON }),
      );
      expect((await parts.getPart(partId))?.status).to.equal("returned");
      await asManufacturer.retire({ partId, target: "Recycled", evidenceHash: ZeroHash });
      expect((await parts.getPart(partId))?.status).to.equal("recycled");
    });

    it("reports a part recalled when its material is recalled, and not conforming", async function () {
      const { asTestLab, asInspector, asProducer, parts, partId, rootBatch } =
        await loadFixture(partFixture);
      await asTestLab.attest({ partId, kind: "test", dataHash: REPORT, passed: true });
      await asInspector.attest({ partId, kind: "inspection", dataHash: INSPECTION, passed: true });
      expect(await parts.isRecalled(partId)).to.equal(false);
      await asProducer.recallBatch({ batchId: rootBatch, reasonHash: REASON });
      expect(await parts.isRecalled(partId)).to.equal(true);
      const part = await parts.getPart(partId);
      expect([part?.recalled, part?.conforming]).to.deep.equal([true, false]);
    });

    it("lets only a registrar lift a recall, with a reason, and decodes the refusals", async function () {
      const f = await loadFixture(partFixture);
      const { asTestLab, asInspector, asProducer, asPartsRegistrar, parts, partId } = f;
      await asTestLab.attest({ partId, kind: "test", dataHash: REPORT, passed: true });
      await asInspector.attest({ partId, kind: "inspection", dataHash: INSPECTION, passed: true });
      const notRecalled = await expectContractRefusal(
        f.registrar,
        () => asPartsRegistrar.liftRecall({ batchId: f.batch, reasonHash: REASON }),
        "PartRegistryBatchNotRecalled",
        [f.batch, f.rootBatch],
      );
      expect(notRecalled.shortMessage).to.equal(
        `The material of batch ${f.batch} (root batch ${f.rootBatch}) is not recalled; there is ` +
          "no recall to lift.",
      );
      await asProducer.recallBatch({ batchId: f.rootBatch, reasonHash: REASON });
      await expectRefusedBeforeSending(
        f.registrar,
        () => asPartsRegistrar.liftRecall({ batchId: f.batch, reasonHash: ZeroHash }),
        InputErrorCode.InvalidHash,
        "The reason hash is zero",
      );
      const notRegistrar = await expectContractRefusal(
        f.producer,
        () => asProducer.liftRecall({ batchId: f.batch, reasonHash: REASON }),
        "PartRegistryNotRegistrar",
        [f.producer.address],
      );
      expect(notRegistrar.shortMessage).to.equal(
        `${f.producer.address} is not a registrar; only a registrar can do this.`,
      );
      await expectTxResult(
        await asPartsRegistrar.liftRecall({ batchId: f.batch, reasonHash: REASON }),
      );
      expect((await parts.getBatch(f.rootBatch))?.recalled).to.equal(false);
      const part = await parts.getPart(partId);
      expect([part?.recalled, part?.conforming]).to.deep.equal([false, true]);
    });

    it("shows a conflict between attesters until a registrar rules it", async function () {
      const f = await loadFixture(partFixture);
      const { asTestLab, asInspector, asPartsRegistrar, parts, partId } = f;
      await asTestLab.attest({ partId, kind: "test", dataHash: REPORT, passed: true });
      await asInspector.attest({ partId, kind: "inspection", dataHash: INSPECTION, passed: true });
      await asInspector.attest({ partId, kind: "test", dataHash: INSPECTION, passed: false });
      let part = await parts.getPart(partId);
      expect([part?.passedKinds, part?.conflictKinds, part?.conforming]).to.deep.equal([
        ["inspection"],
        ["test"],
        false,
      ]);
      const notRegistrar = await expectContractRefusal(
        f.testLab,
        () =>
          asTestLab.resolveAttestation({ partId, kind: "test", passed: true, reasonHash: REASON }),
        "PartRegistryNotRegistrar",
        [f.testLab.address],
      );
      expect(notRegistrar.shortMessage).to.include("only a registrar can do this");
      await expectRefusedBeforeSending(
        f.registrar,
        () =>
          asPartsRegistrar.resolveAttestation({
            partId,
            kind: "tests",
            passed: true,
            reasonHash: REASON,
          }),
        InputErrorCode.InvalidKind,
        "tests",
      );
      await expectRefusedBeforeSending(
        f.registrar,
        () =>
          asPartsRegistrar.resolveAttestation({
            partId,
            kind: "test",
            passed: "yes" as unknown as boolean,
            reasonHash: REASON,
          }),
        InputErrorCode.InvalidKind,
        "Say how the conflict is ruled",
      );
      await expectTxResult(
        await asPartsRegistrar.resolveAttestation({
          partId,
          kind: "test",
          passed: true,
          reasonHash: REASON,
        }),
      );
      part = await parts.getPart(partId);
      expect([part?.passedKinds, part?.conflictKinds, part?.conforming]).to.deep.equal([
        ["test", "inspection"],
        [],
        true,
      ]);
      const none = await expectContractRefusal(
        f.registrar,
        () =>
          asPartsRegistrar.resolveAttestation({
            partId,
            kind: "inspection",
            passed: true,
            reasonHash: REASON,
          }),
        "PartRegistryNoConflict",
        [partId, 2n],
      );
      expect(none.shortMessage).to.equal(
        `Attesters do not disagree on the inspection of part ${formatPartId(partId)}; there is no ` +
          "conflict to rule.",
      );
    });

    it("re-binds the chip, with a reason", async function () {
      const { asManufacturer, parts, partId } = await loadFixture(partFixture);
      await expectTxResult(
        await asManufacturer.rebindChip({
          partId,
          newChipKey: OTHER_CHIP.address,
          reasonHash: docHash("reason:tag-damaged"),
        }),
      );
      expect((await parts.getPart(partId))?.chipKey).to.equal(OTHER_CHIP.address);
    });

    it("refuses bad attestation, status and chip input before sending", async function () {
      const { asTestLab, asManufacturer, testLab, manufacturer, partId } =
        await loadFixture(partFixture);
      await expectRefusedBeforeSending(
        testLab,
        () => asTestLab.attest({ partId, kind: "x-ray", dataHash: REPORT, passed: true }),
        InputErrorCode.InvalidKind,
        '"x-ray" is not an attestation kind; the kinds are test, measurement',
      );
      await expectRefusedBeforeSending(
        testLab,
        () => asTestLab.attest({ partId, kind: "test", dataHash: ZeroHash, passed: true }),
        InputErrorCode.InvalidHash,
        "data hash is zero",
      );
      await expectRefusedBeforeSending(
        testLab,
        () =>
          asTestLab.attest({
            partId,
            kind: "test",
            dataHash: REPORT,
            passed: "yes" as unknown as boolean,
          }),
        InputErrorCode.InvalidKind,
        "true or false",
      );
      await expectRefusedBeforeSending(
        testLab,
        () =>
          asTestLab.attest({ partId: "SN-000123", kind: "test", dataHash: REPORT, passed: true }),
        InputErrorCode.InvalidId,
        '"SN-000123"',
      );
      await expectRefusedBeforeSending(
        manufacturer,
        () => asManufacturer.retire({ partId, target: "made", evidenceHash: REASON }),
        InputErrorCode.InvalidKind,
        "use returned, recycled, destroyed",
      );
      await expectRefusedBeforeSending(
        manufacturer,
        () => asManufacturer.rebindChip({ partId, newChipKey: ZeroAddress, reasonHash: REASON }),
        InputErrorCode.InvalidAddress,
        "new chip key is the zero address",
      );
      await expectRefusedBeforeSending(
        manufacturer,
        () => asManufacturer.rebindChip({ partId, newChipKey: CHIP.address, reasonHash: ZeroHash }),
        InputErrorCode.InvalidHash,
        "reason hash is zero",
      );
      await expectRefusedBeforeSending(
        manufacturer,
        () => asManufacturer.quarantine({ partId, reasonHash: "reason" }),
        InputErrorCode.InvalidHash,
        "reason hash",
      );
    });

    it("decodes the contract's refusals of attestations, status changes and rebinding", async function () {
      const {
        asTestLab,
        asStranger,
        asManufacturer,
        asManufacturer2,
        asCustomer,
        stranger,
        testLab,
        manufacturer,
        manufacturer2,
        customer,
        partId,
      } = await loadFixture(partFixture);
      await expectContractRefusal(
        stranger,
        () => asStranger.attest({ partId, kind: "test", dataHash: REPORT, passed: true }),
        "PartRegistryNotAccredited",
        [stranger.address],
      );
      const unknown = await expectContractRefusal(
        testLab,
        () => asTestLab.attest({ partId: 1n, kind: "test", dataHash: REPORT, passed: true }),
        "PartRegistryUnknownPart",
        [1n],
      );
      expect(unknown.shortMessage).to.equal(`There is no part ${formatPartId(1n)}.`);
      const notMaker = await expectContractRefusal(
        manufacturer2,
        () => asManufacturer2.quarantine({ partId }),
        "PartRegistryNotMakerOrRegistrar",
        [partId, manufacturer2.address],
      );
      expect(notMaker.shortMessage).to.equal(
        `${manufacturer2.address} is not the maker of part ${formatPartId(partId)} (nor, where a ` +
          "registrar may act, a registrar).",
      );
      const transition = await expectContractRefusal(
        manufacturer,
        () => asManufacturer.release({ partId }),
        "PartRegistryInvalidTransition",
        [partId, 0n, 0n],
      );
      expect(transition.shortMessage).to.equal(
        `The part ${formatPartId(partId)} is made; it cannot move to made.`,
      );
      await expectContractRefusal(
        manufacturer,
        () => asManufacturer.retire({ partId, target: "recycled", evidenceHash: REASON }),
        "PartRegistryInvalidTransition",
        [partId, 0n, 4n],
      );
      await expectContractRefusal(
        customer,
        () => asCustomer.retire({ partId, target: "returned", evidenceHash: REASON }),
        "PartRegistryNotPartOwner",
        [partId, customer.address],
      );
      await expectContractRefusal(
        manufacturer2,
        () =>
          asManufacturer2.rebindChip({
            partId,
            newChipKey: OTHER_CHIP.address,
            reasonHash: REASON,
          }),
        "PartRegistryNotMakerOrRegistrar",
        [partId, manufacturer2.address],
      );
    });
  });
});
