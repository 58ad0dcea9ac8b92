import { expect } from "chai";
import { ZeroAddress } from "ethers";
import {
  type AddressBook,
  CircularClient,
  connectSuite,
  formatPartId,
  formatTimeline,
  InputErrorCode,
  parseOutcome,
  partHistory,
  partIdOf,
  toGrade,
  toSchedule,
} from "../../../src/index.js";
import {
  circularClientFixture,
  conform,
  DAY,
  docHash,
  ethers,
  expectContractRefusal,
  expectRefusedBeforeSending,
  expectTxResult,
  FEE,
  gradedCore,
  licensedFixture,
  loadFixture,
  make,
  NEW_PART_WARRANTY,
  OTHER_SPEC,
  Outcome,
  PERIOD,
  RECYCLED_MATERIAL,
  returnAsCore,
  SCHEDULE,
  SCHEME,
  scrapFixture,
  soldPart,
  SPEC,
  time,
  USDC,
} from "./fixture.js";
import { expectInputError, rejection, thrown } from "../helpers.js";

const EVIDENCE = docHash("evidence:removal-record");
const TERMS = docHash("warranty-terms:standard");
const REASON = docHash("reason:inspection");

describe("CircularClient", function () {
  describe("construction and input helpers", function () {
    it("builds from an address book, keeps its addresses across connect(), and connectSuite gives one", async function () {
      const f = await loadFixture(circularClientFixture);
      const book: AddressBook = {
        chainId: 31337,
        network: "default",
        governance: f.governance.address,
        startBlock: 0,
        deployedAt: "",
        contracts: {
          ParticipantRegistry: f.participantsAddress,
          PartRegistry: f.partsAddress,
          InvoiceEscrow: f.partsAddress,
          ProcurementAuction: f.partsAddress,
          CoreRegistry: f.coresAddress,
          LicenceRegistry: f.licencesAddress,
          WarrantyRegistry: f.warrantiesAddress,
          CoreCharges: f.chargesAddress,
        },
      };
      const client = CircularClient.fromAddressBook(book, ethers.provider);
      expect(client).to.be.an.instanceOf(CircularClient);
      expect(client.address).to.equal(f.coresAddress);
      expect(client.addresses).to.deep.equal({
        coreRegistry: f.coresAddress,
        licenceRegistry: f.licencesAddress,
        warrantyRegistry: f.warrantiesAddress,
        coreCharges: f.chargesAddress,
        partRegistry: f.partsAddress,
        startBlock: 0,
      });
      expect(client.connect(f.customer).addresses).to.deep.equal(client.addresses);
      const suite = await connectSuite({ addressBook: book, runner: ethers.provider });
      expect(suite.circular.addresses).to.deep.equal(client.addresses);
      expect(await suite.circular.newPartWarranty(SPEC)).to.equal(BigInt(NEW_PART_WARRANTY));
    });

    it("reads the part registry from the core registry when it is not given", async function () {
      const f = await loadFixture(circularClientFixture);
      const partId = await soldPart(f, "SN-LOOKUP");
      const client = new CircularClient(
        {
          coreRegistry: f.coresAddress,
          licenceRegistry: f.licencesAddress,
          warrantyRegistry: f.warrantiesAddress,
          coreCharges: f.chargesAddress,
        },
        f.customer,
      );
      const { coreId } = await client.returnCore({ partId, evidenceHash: EVIDENCE });
      expect(coreId).to.equal(partId);
    });

    it("refuses an address that is not one with SC100, naming the contract", function () {
      expectInputError(
        thrown(
          () =>
            new CircularClient(
              {
                coreRegistry: ZeroAddress,
                licenceRegistry: "0x1234",
                warrantyRegistry: ZeroAddress,
                coreCharges: ZeroAddress,
              },
              ethers.provider,
            ),
        ),
        InputErrorCode.InvalidAddress,
        "licence registry address",
      );
    });

    it("refuses to send through a read-only client with SC112", async function () {
      const f = await loadFixture(circularClientFixture);
      expectInputError(
        await rejection(() => f.client.delist(1n)),
        InputErrorCode.MissingSigner,
        "read-only",
      );
    });

    it("reads outcomes, grades and refund schedules, refusing anything else", function () {
      expect(parseOutcome("RecycleOnly")).to.equal("recycle-only");
      expect(parseOutcome(" Remanufacture ")).to.equal("remanufacture");
      expectInputError(
        thrown(() => parseOutcome("scrap")),
        InputErrorCode.InvalidKind,
        '"scrap"',
      );
      expect(toGrade("5")).to.equal(5);
      expectInputError(
        thrown(() => toGrade(0)),
        InputErrorCode.InvalidAmount,
        "1 (as new)",
      );
      expectInputError(
        thrown(() => toGrade(6)),
        InputErrorCode.InvalidAmount,
        "5 (scrap)",
      );
      expect(toSchedule([10_000, 8_000, 5_000, 2_000, 0])).to.deep.equal(SCHEDULE);
      expectInputError(
        thrown(() => toSchedule([1, 2, 3, 4])),
        InputErrorCode.InvalidList,
        "got 4",
      );
      expectInputError(
        thrown(() => toSchedule([10_001, 0, 0, 0, 0])),
        InputErrorCode.InvalidAmount,
        "grade 1 is 10001",
      );
    });
  });

  describe("returnCore and grade", function () {
    it("approves the core registry for that one part, returns it and reads the core's id", async function () {
      const f = await loadFixture(circularClientFixture);
      const partId = await soldPart(f, "SN-RET");
      const result = await f.client
        .connect(f.customer)
        .returnCore({ partId, evidenceHash: EVIDENCE });
      expect(result.coreId).to.equal(partId);
      expect(result.generation).to.equal(0);
      expect(result.recalled).to.equal(false);
      await expectTxResult(result.tx);
      await expectTxResult(result.approval);
      expect(await f.parts.isApprovedForAll(f.customer.address, f.coresAddress)).to.equal(false);
      expect(await f.parts.ownerOf(partId)).to.equal(f.coresAddress);
      expect(await f.cores.ownerOf(partId)).to.equal(f.customer.address);
      const core = await f.client.core(partId);
      expect(core?.state).to.equal("held");
      expect(core?.holder).to.equal(f.customer.address);
      expect(core?.grade).to.equal(undefined);
    });

    it("sends no approval when the part is already approved", async function () {
      const f = await loadFixture(circularClientFixture);
      const partId = await soldPart(f, "SN-PRE");
      await f.parts.connect(f.customer).approve(f.coresAddress, partId);
      const result = await f.client
        .connect(f.customer)
        .returnCore({ partId, evidenceHash: EVIDENCE });
      expect(result.approval).to.equal(undefined);
    });

    it("refuses, before sending, a part the signer does not hold, a zero evidence hash, an unaccredited holder and an unknown part", async function () {
      const f = await loadFixture(circularClientFixture);
      const partId = await soldPart(f, "SN-NOT-MINE");
      const client = f.client.connect(f.customer2);
      await expectRefusedBeforeSending(
        f.customer2,
        () => client.returnCore({ partId, evidenceHash: EVIDENCE }),
        InputErrorCode.WrongAccount,
        `held by ${f.customer.address}`,
      );
      await expectRefusedBeforeSending(
        f.customer,
        () =>
          f.client.connect(f.customer).returnCore({ partId, evidenceHash: `0x${"0".repeat(64)}` }),
        InputErrorCode.InvalidHash,
        "evidence hash",
      );
      await f.parts
        .connect(f.customer)
        .transferFrom(f.customer.address, f.stranger.address, partId);
      await expectRefusedBeforeSending(
        f.stranger,
        () => f.client.connect(f.stranger).returnCore({ partId, evidenceHash: EVIDENCE }),
        InputErrorCode.WrongAccount,
        "is not an active participant",
      );
      expect(await f.parts.getApproved(partId)).to.equal(ZeroAddress);
      await expectRefusedBeforeSending(
        f.customer,
        () => f.client.connect(f.customer).returnCore({ partId: 12345n, evidenceHash: EVIDENCE }),
        InputErrorCode.InvalidId,
        "There is no part",
      );
    });

    it("grades a core and counts its grades", async function () {
      const f = await loadFixture(circularClientFixture);
      const coreId = await returnAsCore(f, await soldPart(f, "SN-GRADE"));
      const first = await f.client
        .connect(f.inspector)
        .grade({ coreId, outcome: "remanufacture", grade: 2, evidenceHash: EVIDENCE });
      expect(first.gradeCount).to.equal(1);
      await expectTxResult(first.tx);
      const second = await f.client
        .connect(f.testLab)
        .grade({ coreId, outcome: "recondition", grade: "3", evidenceHash: EVIDENCE });
      expect(second.gradeCount).to.equal(2);
      const core = await f.client.core(coreId);
      const block = await ethers.provider.getBlock(second.tx.blockNumber);
      expect(core?.grade).to.deep.equal({
        outcome: "recondition",
        grade: 3,
        grader: f.testLab.address,
        gradedAt: BigInt(block?.timestamp ?? 0),
      });
      expect(core?.gradeCount).to.equal(2);
    });

    it("refuses, before sending, a bad grade or outcome, and the holder or maker as grader", async function () {
      const f = await loadFixture(circularClientFixture);
      const coreId = await returnAsCore(f, await soldPart(f, "SN-BADGRADE"));
      const inspector = f.client.connect(f.inspector);
      await expectRefusedBeforeSending(
        f.inspector,
        () =>
          inspector.grade({ coreId, outcome: "remanufacture", grade: 6, evidenceHash: EVIDENCE }),
        InputErrorCode.InvalidAmount,
        '"6" is not a grade',
      );
      await expectRefusedBeforeSending(
        f.inspector,
        () => inspector.grade({ coreId, outcome: "scrap", grade: 5, evidenceHash: EVIDENCE }),
        InputErrorCode.InvalidKind,
        '"scrap" is not an outcome',
      );
      await expectRefusedBeforeSending(
        f.customer,
        () =>
          f.client
            .connect(f.customer)
            .grade({ coreId, outcome: "repair", grade: 1, evidenceHash: EVIDENCE }),
        InputErrorCode.WrongAccount,
        "holds core",
      );
      await expectRefusedBeforeSending(
        f.manufacturer,
        () =>
          f.client
            .connect(f.manufacturer)
            .grade({ coreId, outcome: "repair", grade: 1, evidenceHash: EVIDENCE }),
        InputErrorCode.WrongAccount,
        "made core",
      );
    });

    it("decodes the registry's refusal of a grader who is not accredited", async function () {
      const f = await loadFixture(circularClientFixture);
      const coreId = await returnAsCore(f, await soldPart(f, "SN-STRANGER"));
      await expectContractRefusal(
        f.stranger,
        () =>
          f.client
            .connect(f.stranger)
            .grade({ coreId, outcome: "repair", grade: 1, evidenceHash: EVIDENCE }),
        "CoreRegistryNotAccredited",
        [f.stranger.address],
        `${f.stranger.address} is not an active participant in a role this needs (an inspector ` +
          "or test lab to grade, a remanufacturer or recycler to buy, a remanufacturer or the " +
          "specification's manufacturer to remanufacture, a recycler to recycle).",
      );
    });
  });

  describe("list, delist and buy", function () {
    it("lists in token units, buys with an exact approval and moves payment and core together", async function () {
      const f = await loadFixture(circularClientFixture);
      const coreId = await gradedCore(f, "SN-MARKET");
      const listed = await f.client
        .connect(f.customer)
        .list({ coreId, token: f.usdcAddress, price: "12.5" });
      expect(listed.price).to.equal(12_500_000n);
      expect((await f.client.core(coreId))?.listing).to.deep.equal({
        token: f.usdcAddress,
        price: 12_500_000n,
      });
      const sellerBefore = await f.usdc.balanceOf(f.customer.address);
      const bought = await f.client
        .connect(f.remanufacturer)
        .buy({ coreId, price: "12.5", maxGradeAge: DAY });
      expect(bought.seller).to.equal(f.customer.address);
      expect(bought.price).to.equal(12_500_000n);
      await expectTxResult(bought.approval);
      expect(bought.allowanceReset).to.equal(undefined);
      expect(await f.usdc.balanceOf(f.customer.address)).to.equal(sellerBefore + 12_500_000n);
      expect(await f.usdc.allowance(f.remanufacturer.address, f.coresAddress)).to.equal(0n);
      const core = await f.client.core(coreId);
      expect(core?.holder).to.equal(f.remanufacturer.address);
      expect(core?.listing).to.equal(undefined);
    });

    it("resets a short non-zero allowance to zero before approving the price", async function () {
      const f = await loadFixture(circularClientFixture);
      const coreId = await gradedCore(f, "SN-RESET");
      await f.client.connect(f.customer).list({ coreId, token: f.usdcAddress, price: 3n * USDC });
      await f.usdc.connect(f.remanufacturer).approve(f.coresAddress, 1n);
      const bought = await f.client.connect(f.remanufacturer).buy({ coreId });
      await expectTxResult(bought.allowanceReset);
      await expectTxResult(bought.approval);
      expect(await f.cores.ownerOf(coreId)).to.equal(f.remanufacturer.address);
    });

    it("delists, and refuses a delisting by anyone but the holder or of an unlisted core", async function () {
      const f = await loadFixture(circularClientFixture);
      const coreId = await gradedCore(f, "SN-DELIST");
      await f.client.connect(f.customer).list({ coreId, token: f.usdcAddress, price: USDC });
      await expectRefusedBeforeSending(
        f.customer2,
        () => f.client.connect(f.customer2).delist(coreId),
        InputErrorCode.WrongAccount,
        `Only the holder ${f.customer.address}`,
      );
      await expectTxResult(await f.client.connect(f.customer).delist(coreId));
      expect((await f.client.core(coreId))?.listing).to.equal(undefined);
      await expectRefusedBeforeSending(
        f.customer,
        () => f.client.connect(f.customer).delist(coreId),
        InputErrorCode.WrongState,
        "is not listed",
      );
    });

    it("refuses, before sending, a zero price, a buyer without the role, the seller, another price and a stale grade", async function () {
      const f = await loadFixture(circularClientFixture);
      const coreId = await gradedCore(f, "SN-REFUSE");
      await expectRefusedBeforeSending(
        f.customer,
        () => f.client.connect(f.customer).list({ coreId, token: f.usdcAddress, price: 0n }),
        InputErrorCode.InvalidAmount,
        "The price must be above zero.",
      );
      // Refused before any chain read, naming the field (a task prints its flag).
      const zeroPrice = expectInputError(
        await rejection(() =>
          f.client.connect(f.customer).list({ coreId, token: f.usdcAddress, price: "0.00" }),
        ),
        InputErrorCode.InvalidAmount,
        "The price must be above zero.",
      );
      expect(zeroPrice.field).to.equal("price");
      await f.client.connect(f.customer).list({ coreId, token: f.usdcAddress, price: USDC });
      await expectRefusedBeforeSending(
        f.customer2,
        () => f.client.connect(f.customer2).buy({ coreId }),
        InputErrorCode.WrongAccount,
        "not an active remanufacturer or recycler",
      );
      await expectRefusedBeforeSending(
        f.remanufacturer,
        () => f.client.connect(f.remanufacturer).buy({ coreId, price: 2n * USDC }),
        InputErrorCode.WrongState,
        "listed at 1.00 USDC, not at 2.00 USDC.",
      );
      const zeroOffer = expectInputError(
        await rejection(() => f.client.connect(f.remanufacturer).buy({ coreId, price: "0" })),
        InputErrorCode.InvalidAmount,
        "The price must be above zero.",
      );
      expect(zeroOffer.field).to.equal("price");
      await time.increase(2 * DAY);
      await expectRefusedBeforeSending(
        f.remanufacturer,
        () => f.client.connect(f.remanufacturer).buy({ coreId, maxGradeAge: DAY }),
        InputErrorCode.WrongState,
        "more than 1 day before",
      );
    });
  });

  describe("the OEM and a registrar's hold on the market", function () {
    it("lets the OEM buy a core of its specification, and refuses a held core before sending", async function () {
      const f = await loadFixture(circularClientFixture);
      const coreId = await gradedCore(f, "SN-OEM");
      await f.client.connect(f.customer).list({ coreId, token: f.usdcAddress, price: USDC });
      await f.usdc.mint(f.manufacturer.address, USDC);
      await f.parts.connect(f.registrar).quarantine(coreId, EVIDENCE);
      await expectRefusedBeforeSending(
        f.manufacturer,
        () => f.client.connect(f.manufacturer).buy({ coreId }),
        InputErrorCode.WrongState,
        "under a registrar's hold",
      );
      await f.parts.connect(f.registrar).release(coreId, EVIDENCE);
      const bought = await f.client.connect(f.manufacturer).buy({ coreId });
      expect(bought.seller).to.equal(f.customer.address);
      expect((await f.client.core(coreId))?.holder).to.equal(f.manufacturer.address);
    });
  });

  describe("core charges", function () {
    async function chargeFixture() {
      const f = await circularClientFixture();
      const unitPartId = await soldPart(f, "SN-UNIT");
      const returnBy = (await time.latest()) + 30 * DAY;
      const required = await f.client.connect(f.manufacturer).requireCharge({
        buyer: f.customer.address,
        unitPartId,
        token: f.usdcAddress,
        amount: "100",
        returnBy,
        refundBps: SCHEDULE,
      });
      return { ...f, unitPartId, returnBy, chargeId: required.chargeId };
    }

    it("requires a deposit in token units and reads the charge", async function () {
      const f = await loadFixture(chargeFixture);
      expect(f.chargeId).to.equal(1n);
      expect(await f.client.charge(f.chargeId)).to.deep.equal({
        id: 1n,
        seller: f.manufacturer.address,
        buyer: f.customer.address,
        token: f.usdcAddress,
        amount: 100n * USDC,
        spec: SPEC,
        unitPartId: f.unitPartId,
        returnBy: BigInt(f.returnBy),
        state: "required",
        refundBps: SCHEDULE,
        coreId: undefined,
      });
      expect(await f.client.charge(2n)).to.equal(undefined);
    });

    it("refuses, before sending, a bad schedule, a past deadline, a zero deposit and the seller as buyer", async function () {
      const f = await loadFixture(chargeFixture);
      const seller = f.client.connect(f.manufacturer);
      const past = (await time.latest()) - 1;
      const base = {
        buyer: f.customer.address,
        unitPartId: f.unitPartId,
        token: f.usdcAddress,
        amount: 10n,
        returnBy: f.returnBy,
        refundBps: SCHEDULE,
      };
      await expectRefusedBeforeSending(
        f.manufacturer,
        () => seller.requireCharge({ ...base, refundBps: [10_000, 0, 0, 0] }),
        InputErrorCode.InvalidList,
        "5 shares",
      );
      await expectRefusedBeforeSending(
        f.manufacturer,
        () => seller.requireCharge({ ...base, refundBps: [10_000, 10_001, 0, 0, 0] }),
        InputErrorCode.InvalidAmount,
        "grade 2",
      );
      await expectRefusedBeforeSending(
        f.manufacturer,
        () => seller.requireCharge({ ...base, returnBy: past }),
        InputErrorCode.TimeInPast,
        "return deadline",
      );
      await expectRefusedBeforeSending(
        f.manufacturer,
        () => seller.requireCharge({ ...base, amount: 0n }),
        InputErrorCode.InvalidAmount,
        "The deposit must be above zero.",
      );
      const zeroDeposit = expectInputError(
        await rejection(() => seller.requireCharge({ ...base, amount: "0" })),
        InputErrorCode.InvalidAmount,
        "The deposit must be above zero.",
      );
      expect(zeroDeposit.field).to.equal("amount");
      await expectRefusedBeforeSending(
        f.manufacturer,
        () => seller.requireCharge({ ...base, buyer: f.manufacturer.address }),
        InputErrorCode.WrongAccount,
        "cannot require a deposit from itself",
      );
    });

    it("cancels a charge not yet paid, only for its seller", async function () {
      const f = await loadFixture(chargeFixture);
      await expectRefusedBeforeSending(
        f.customer,
        () => f.client.connect(f.customer).cancelCharge(f.chargeId),
        InputErrorCode.WrongAccount,
        `Only the seller ${f.manufacturer.address}`,
      );
      await expectTxResult(await f.client.connect(f.manufacturer).cancelCharge(f.chargeId));
      expect((await f.client.charge(f.chargeId))?.state).to.equal("cancelled");
      await expectRefusedBeforeSending(
        f.manufacturer,
        () => f.client.connect(f.manufacturer).cancelCharge(f.chargeId),
        InputErrorCode.WrongState,
        "is cancelled",
      );
    });

    it("pays, settles by grade with a one-core approval, and lets both sides withdraw", async function () {
      const f = await loadFixture(chargeFixture);
      const buyer = f.client.connect(f.customer);
      const before = await f.usdc.balanceOf(f.customer.address);
      const paid = await buyer.payCharge(f.chargeId);
      await expectTxResult(paid.approval);
      expect(await f.usdc.balanceOf(f.customer.address)).to.equal(before - 100n * USDC);
      expect((await f.client.charge(f.chargeId))?.state).to.equal("held");

      await returnAsCore(f, f.unitPartId);
      await f.cores.connect(f.inspector).grade(f.unitPartId, Outcome.Remanufacture, 2, EVIDENCE);
      const settled = await buyer.settleCharge({ chargeId: f.chargeId, coreId: f.unitPartId });
      expect(settled.grade).to.equal(2);
      expect(settled.refund).to.equal(80n * USDC);
      expect(settled.kept).to.equal(20n * USDC);
      await expectTxResult(settled.approval);
      expect(await f.cores.ownerOf(f.unitPartId)).to.equal(f.manufacturer.address);
      expect(await f.cores.isApprovedForAll(f.customer.address, f.chargesAddress)).to.equal(false);
      expect(await f.client.owed({ chargeId: f.chargeId, account: f.customer.address })).to.equal(
        80n * USDC,
      );
      expect(await f.client.connect(f.manufacturer).owed({ chargeId: f.chargeId })).to.equal(
        20n * USDC,
      );

      expect(await f.client.liabilities(f.usdcAddress)).to.equal(100n * USDC);
      const refund = await buyer.withdraw({ chargeId: f.chargeId });
      expect(refund.amount).to.equal(80n * USDC);
      expect(await f.usdc.balanceOf(f.customer.address)).to.equal(before - 20n * USDC);
      const kept = await f.client
        .connect(f.manufacturer)
        .withdraw({ chargeId: f.chargeId, to: f.customer2.address });
      expect(kept.amount).to.equal(20n * USDC);
      expect(await f.usdc.balanceOf(f.customer2.address)).to.equal(10_020n * USDC);
      expect(await f.client.liabilities(f.usdcAddress)).to.equal(0n);
      await expectRefusedBeforeSending(
        f.customer,
        () => buyer.withdraw({ chargeId: f.chargeId }),
        InputErrorCode.WrongState,
        "owes nothing",
      );
    });

    it("refuses, before sending, payment by another, an ungraded core and a core of another specification", async function () {
      const f = await loadFixture(chargeFixture);
      await expectRefusedBeforeSending(
        f.customer2,
        () => f.client.connect(f.customer2).payCharge(f.chargeId),
        InputErrorCode.WrongAccount,
        `Only the buyer ${f.customer.address}`,
      );
      const buyer = f.client.connect(f.customer);
      await buyer.payCharge(f.chargeId);
      await returnAsCore(f, f.unitPartId);
      await expectRefusedBeforeSending(
        f.customer,
        () => buyer.settleCharge({ chargeId: f.chargeId, coreId: f.unitPartId }),
        InputErrorCode.WrongState,
        "has no grade yet",
      );
      const otherPart = partIdOf(f.manufacturer2.address, "SN-OTHER");
      await f.parts
        .connect(f.manufacturer2)
        .makePart(
          OTHER_SPEC,
          `0x${Buffer.from("SN-OTHER").toString("hex").padEnd(64, "0")}`,
          ZeroAddress,
          [],
          [],
        );
      await f.parts
        .connect(f.manufacturer2)
        .transferFrom(f.manufacturer2.address, f.customer.address, otherPart);
      await returnAsCore(f, otherPart);
      await expectRefusedBeforeSending(
        f.customer,
        () => buyer.settleCharge({ chargeId: f.chargeId, coreId: otherPart }),
        InputErrorCode.UnacceptablePart,
        `of the specification ${OTHER_SPEC}`,
      );
    });

    it("refuses, before sending, a core whose latest grade the seller gave", async function () {
      const f = await loadFixture(chargeFixture);
      const buyer = f.client.connect(f.customer);
      await buyer.payCharge(f.chargeId);
      // The seller is also an accredited inspector, and grades a core another maker made.
      await f.participantRegistry
        .connect(f.registrar)
        .setRoles(f.manufacturer.address, (1 << 1) | (1 << 5));
      const coreId = await make(f.parts, f.manufacturer2, "SN-GRADED-BY-SELLER");
      await f.parts
        .connect(f.manufacturer2)
        .transferFrom(f.manufacturer2.address, f.customer.address, coreId);
      await returnAsCore(f, coreId);
      await f.cores.connect(f.manufacturer).grade(coreId, Outcome.Remanufacture, 1, EVIDENCE);
      await expectRefusedBeforeSending(
        f.customer,
        () => buyer.settleCharge({ chargeId: f.chargeId, coreId }),
        InputErrorCode.WrongState,
        `was given by ${f.manufacturer.address}, a party to charge ${f.chargeId}`,
      );
      await f.cores.connect(f.inspector).grade(coreId, Outcome.Remanufacture, 2, EVIDENCE);
      expect((await buyer.settleCharge({ chargeId: f.chargeId, coreId })).refund).to.equal(
        80n * USDC,
      );
    });

    it("forfeits only after the deadline, and then refuses payment and settlement", async function () {
      const f = await loadFixture(chargeFixture);
      await f.client.connect(f.customer).payCharge(f.chargeId);
      await expectRefusedBeforeSending(
        f.stranger,
        () => f.client.connect(f.stranger).forfeitCharge(f.chargeId),
        InputErrorCode.WrongState,
        "forfeited only after",
      );
      await time.increaseTo(f.returnBy + 1);
      const forfeited = await f.client.connect(f.stranger).forfeitCharge(f.chargeId);
      expect(forfeited.amount).to.equal(100n * USDC);
      expect(
        await f.client.owed({ chargeId: f.chargeId, account: f.manufacturer.address }),
      ).to.equal(100n * USDC);
      await expectRefusedBeforeSending(
        f.customer,
        () =>
          f.client.connect(f.customer).settleCharge({ chargeId: f.chargeId, coreId: f.unitPartId }),
        InputErrorCode.WrongState,
        "is forfeited",
      );
    });

    it("refuses a payment after the deadline before sending", async function () {
      const f = await loadFixture(chargeFixture);
      await time.increaseTo(f.returnBy + 1);
      await expectRefusedBeforeSending(
        f.customer,
        () => f.client.connect(f.customer).payCharge(f.chargeId),
        InputErrorCode.TimeInPast,
        "The deadline of charge 1",
      );
    });
  });

  describe("licences and warranties", function () {
    it("grants a licence with a fee in token units and reads it, its quota and licenceOf", async function () {
      const f = await loadFixture(circularClientFixture);
      const validUntil = (await time.latest()) + 365 * DAY;
      const granted = await f.client.connect(f.manufacturer).grantLicence({
        spec: SPEC,
        remanufacturer: f.remanufacturer.address,
        unitsPerPeriod: 2,
        periodLength: PERIOD,
        validUntil,
        feeToken: f.usdcAddress,
        feePerUnit: "5",
        dataHash: docHash("data-package"),
      });
      expect(granted.licenceId).to.equal(1n);
      expect(granted.feePerUnit).to.equal(FEE);
      const block = await ethers.provider.getBlock(granted.tx.blockNumber);
      const start = BigInt(block?.timestamp ?? 0);
      expect(await f.client.licence(1n)).to.deep.equal({
        id: 1n,
        spec: SPEC,
        oem: f.manufacturer.address,
        remanufacturer: f.remanufacturer.address,
        unitsPerPeriod: 2,
        periodLength: BigInt(PERIOD),
        start,
        validUntil: BigInt(validUntil),
        revoked: false,
        feeToken: f.usdcAddress,
        feePerUnit: FEE,
        dataHash: docHash("data-package"),
      });
      // The licence comes back from the receipt as the registry reads it.
      expect(granted.licence).to.deep.equal(await f.client.licence(granted.licenceId));
      expect(await f.client.quota(1n)).to.deep.equal({
        remaining: 2,
        periodStart: start,
        nextPeriodStart: start + BigInt(PERIOD),
      });
      expect(
        await f.client.licenceOf({ spec: SPEC, remanufacturer: f.remanufacturer.address }),
      ).to.equal(1n);
      expect(await f.client.licenceOf({ spec: SPEC, remanufacturer: f.customer.address })).to.equal(
        undefined,
      );
      expect(await f.client.licence(2n)).to.equal(undefined);
    });

    it("refuses, before sending, a short period, a past expiry, zero units, a fee without token and a non-owner", async function () {
      const f = await loadFixture(circularClientFixture);
      const oem = f.client.connect(f.manufacturer);
      const base = {
        spec: SPEC,
        remanufacturer: f.remanufacturer.address,
        unitsPerPeriod: 2,
        periodLength: PERIOD,
        validUntil: (await time.latest()) + 365 * DAY,
        dataHash: docHash("data-package"),
      };
      await expectRefusedBeforeSending(
        f.manufacturer,
        () => oem.grantLicence({ ...base, periodLength: 3600 }),
        InputErrorCode.InvalidTime,
        "at least 1 day",
      );
      await expectRefusedBeforeSending(
        f.manufacturer,
        () => oem.grantLicence({ ...base, validUntil: 1 }),
        InputErrorCode.TimeInPast,
        "licence expiry",
      );
      await expectRefusedBeforeSending(
        f.manufacturer,
        () => oem.grantLicence({ ...base, unitsPerPeriod: 0 }),
        InputErrorCode.InvalidAmount,
        "units per period",
      );
      await expectRefusedBeforeSending(
        f.manufacturer,
        () => oem.grantLicence({ ...base, feePerUnit: 5n }),
        InputErrorCode.InvalidAddress,
        "feeToken",
      );
      await expectRefusedBeforeSending(
        f.manufacturer2,
        () => f.client.connect(f.manufacturer2).grantLicence(base),
        InputErrorCode.WrongAccount,
        `Only the owner ${f.manufacturer.address}`,
      );
    });

    it("revokes a licence, only for its OEM and once", async function () {
      const f = await loadFixture(licensedFixture);
      await expectRefusedBeforeSending(
        f.manufacturer2,
        () =>
          f.client.connect(f.manufacturer2).revokeLicence({ licenceId: 1n, reasonHash: REASON }),
        InputErrorCode.WrongAccount,
        `Only the OEM ${f.manufacturer.address}`,
      );
      await expectTxResult(
        await f.client.connect(f.manufacturer).revokeLicence({ licenceId: 1n, reasonHash: REASON }),
      );
      expect((await f.client.licence(1n))?.revoked).to.equal(true);
      expect((await f.client.quota(1n)).remaining).to.equal(0);
      await expectRefusedBeforeSending(
        f.manufacturer,
        () => f.client.connect(f.manufacturer).revokeLicence({ licenceId: 1n, reasonHash: REASON }),
        InputErrorCode.WrongState,
        "already revoked",
      );
    });

    it("sets a new part's warranty, for the specification's owner only, and reads the minimums", async function () {
      const f = await loadFixture(circularClientFixture);
      await expectTxResult(
        await f.client
          .connect(f.manufacturer)
          .setNewPartWarranty({ spec: SPEC, duration: 400 * DAY }),
      );
      expect(await f.client.newPartWarranty(SPEC)).to.equal(BigInt(400 * DAY));
      expect(await f.client.minimumWarranty({ spec: SPEC, outcome: "remanufacture" })).to.equal(
        BigInt(400 * DAY),
      );
      expect(await f.client.minimumWarranty({ spec: SPEC, outcome: "recondition" })).to.equal(
        BigInt(200 * DAY),
      );
      expect(await f.client.minimumWarranty({ spec: SPEC, outcome: "repair" })).to.equal(
        BigInt(100 * DAY),
      );
      await expectRefusedBeforeSending(
        f.manufacturer2,
        () => f.client.connect(f.manufacturer2).setNewPartWarranty({ spec: SPEC, duration: DAY }),
        InputErrorCode.WrongAccount,
        "sets its warranty",
      );
      await expectRefusedBeforeSending(
        f.manufacturer,
        () => f.client.connect(f.manufacturer).setNewPartWarranty({ spec: SPEC, duration: 0 }),
        InputErrorCode.InvalidAmount,
        "warranty duration",
      );
    });
  });

  describe("remanufacture", function () {
    it("makes the new part, pays the fee, links the lineage and opens the warranty", async function () {
      const f = await loadFixture(licensedFixture);
      const [coreId] = f.coreIds as [bigint];
      const oemBefore = await f.usdc.balanceOf(f.manufacturer.address);
      const result = await f.client.connect(f.remanufacturer).remanufacture({
        coreId,
        serial: "SN-RM-1",
        warrantyDuration: NEW_PART_WARRANTY,
        warrantyTermsHash: TERMS,
      });
      const newPartId = partIdOf(f.remanufacturer.address, "SN-RM-1");
      expect(result.newPartId).to.equal(newPartId);
      expect(result.licenceId).to.equal(1n);
      expect(result.generation).to.equal(1);
      expect(result.outcome).to.equal("remanufacture");
      expect(result.fee).to.equal(FEE);
      await expectTxResult(result.makeTx);
      await expectTxResult(result.approval);
      expect(await f.usdc.balanceOf(f.manufacturer.address)).to.equal(oemBefore + FEE);
      expect(await f.parts.ownerOf(newPartId)).to.equal(f.remanufacturer.address);
      expect((await f.client.core(coreId))?.state).to.equal("remanufactured");
      expect((await f.client.core(coreId))?.successor).to.equal(newPartId);
      const block = await ethers.provider.getBlock(result.tx.blockNumber);
      const start = BigInt(block?.timestamp ?? 0);
      expect(await f.client.warranty(newPartId)).to.deep.equal({
        partId: newPartId,
        issuer: f.remanufacturer.address,
        start,
        duration: BigInt(NEW_PART_WARRANTY),
        end: start + BigInt(NEW_PART_WARRANTY),
        outcome: "remanufacture",
        termsHash: TERMS,
      });
      // The warranty and the fee's token come back from the receipt.
      expect(result.warranty).to.deep.equal(await f.client.warranty(newPartId));
      expect(result.feeToken).to.equal(f.usdcAddress);
      expect(await f.client.lineage(newPartId)).to.deep.equal({
        partId: newPartId,
        generation: 1,
        outcome: "remanufacture",
        predecessors: [{ partId: coreId, generation: 0, outcome: undefined }],
        firstPart: coreId,
        inputs: [],
        recalled: false,
        fit: false,
      });
      expect((await f.client.quota(1n)).remaining).to.equal(1);
    });

    it("traces a second-generation part back through its predecessor to the first part", async function () {
      const f = await loadFixture(licensedFixture);
      const [coreId] = f.coreIds as [bigint];
      const reman = f.client.connect(f.remanufacturer);
      const params = { warrantyDuration: NEW_PART_WARRANTY, warrantyTermsHash: TERMS };
      const first = await reman.remanufacture({ coreId, serial: "SN-GEN1", ...params });
      const returned = await reman.returnCore({ partId: first.newPartId, evidenceHash: EVIDENCE });
      expect(returned.generation).to.equal(1);
      await f.client
        .connect(f.inspector)
        .grade({ coreId: first.newPartId, outcome: "repair", grade: 3, evidenceHash: EVIDENCE });
      const second = await reman.remanufacture({
        coreId: first.newPartId,
        serial: "SN-GEN2",
        warrantyDuration: NEW_PART_WARRANTY / 4,
        warrantyTermsHash: TERMS,
      });
      expect(second.generation).to.equal(2);
      expect(second.outcome).to.equal("repair");
      const lineage = await f.client.lineage(second.newPartId);
      expect(lineage.generation).to.equal(2);
      expect(lineage.outcome).to.equal("repair");
      expect(lineage.predecessors).to.deep.equal([
        { partId: first.newPartId, generation: 1, outcome: "remanufacture" },
        { partId: coreId, generation: 0, outcome: undefined },
      ]);
      expect(lineage.firstPart).to.equal(coreId);
      expect((await f.client.core(first.newPartId))?.generation).to.equal(1);
    });

    it("refuses the third unit of a quarter before sending, naming the next period, then takes it then", async function () {
      const f = await loadFixture(licensedFixture);
      const [a, b, c] = f.coreIds as [bigint, bigint, bigint];
      const reman = f.client.connect(f.remanufacturer);
      const params = { warrantyDuration: NEW_PART_WARRANTY, warrantyTermsHash: TERMS };
      await reman.remanufacture({ coreId: a, serial: "SN-Q1", ...params });
      await reman.remanufacture({ coreId: b, serial: "SN-Q2", ...params });
      const { nextPeriodStart } = await f.client.quota(1n);
      await expectRefusedBeforeSending(
        f.remanufacturer,
        () => reman.remanufacture({ coreId: c, serial: "SN-Q3", ...params }),
        InputErrorCode.WrongState,
        "no units left this period",
        new Date(Number(nextPeriodStart) * 1000).toISOString().replace(".000Z", "Z"),
      );
      await time.increaseTo(nextPeriodStart);
      const third = await reman.remanufacture({ coreId: c, serial: "SN-Q3", ...params });
      expect(third.licenceId).to.equal(1n);
    });

    it("refuses a unit of a licence's last period before sending, naming its end", async function () {
      const f = await loadFixture(licensedFixture);
      const [a, b, c] = f.coreIds as [bigint, bigint, bigint];
      const reman = f.client.connect(f.remanufacturer);
      const params = { warrantyDuration: NEW_PART_WARRANTY, warrantyTermsHash: TERMS };
      const licence = await f.client.licence(1n);
      if (licence === undefined) throw new Error("no licence 1");
      // The last period that starts before the licence ends.
      const periods = (licence.validUntil - licence.start - 1n) / BigInt(PERIOD);
      await time.increaseTo(licence.start + periods * BigInt(PERIOD));
      await reman.remanufacture({ coreId: a, serial: "SN-L1", ...params });
      await reman.remanufacture({ coreId: b, serial: "SN-L2", ...params });
      expect((await f.client.quota(1n)).nextPeriodStart).to.equal(0n);
      await expectRefusedBeforeSending(
        f.remanufacturer,
        () => reman.remanufacture({ coreId: c, serial: "SN-L3", ...params }),
        InputErrorCode.WrongState,
        "no units left this period",
        "before another period starts",
      );
    });

    it("refuses, before sending, a core whose latest grade the remanufacturer gave", async function () {
      const f = await loadFixture(licensedFixture);
      await f.participantRegistry
        .connect(f.registrar)
        .setRoles(f.remanufacturer.address, (1 << 6) | (1 << 5));
      const coreId = await returnAsCore(f, await soldPart(f, "SN-OWN-GRADE"));
      await f.cores.connect(f.remanufacturer).grade(coreId, Outcome.Remanufacture, 1, EVIDENCE);
      await f.cores
        .connect(f.customer)
        .transferFrom(f.customer.address, f.remanufacturer.address, coreId);
      await expectRefusedBeforeSending(
        f.remanufacturer,
        () =>
          f.client.connect(f.remanufacturer).remanufacture({
            coreId,
            serial: "SN-OWN-GRADE-R",
            warrantyDuration: NEW_PART_WARRANTY,
            warrantyTermsHash: TERMS,
          }),
        InputErrorCode.WrongState,
        "gave core",
      );
    });

    it("refuses, before sending, a short warranty, a used serial, a missing licence and a short balance", async function () {
      const f = await loadFixture(licensedFixture);
      const [coreId] = f.coreIds as [bigint];
      const reman = f.client.connect(f.remanufacturer);
      await expectRefusedBeforeSending(
        f.remanufacturer,
        () =>
          reman.remanufacture({
            coreId,
            serial: "SN-SHORT",
            warrantyDuration: NEW_PART_WARRANTY - 1,
            warrantyTermsHash: TERMS,
          }),
        InputErrorCode.InvalidTime,
        "at least 365 days",
      );
      await f.parts
        .connect(f.remanufacturer)
        .makePart(
          SPEC,
          `0x${Buffer.from("SN-TAKEN").toString("hex").padEnd(64, "0")}`,
          ZeroAddress,
          [],
          [],
        );
      await expectRefusedBeforeSending(
        f.remanufacturer,
        () =>
          reman.remanufacture({
            coreId,
            serial: "SN-TAKEN",
            warrantyDuration: NEW_PART_WARRANTY,
            warrantyTermsHash: TERMS,
          }),
        InputErrorCode.InvalidSerial,
        '"SN-TAKEN"',
      );
      await f.usdc
        .connect(f.remanufacturer)
        .transfer(f.customer.address, await f.usdc.balanceOf(f.remanufacturer.address));
      await expectRefusedBeforeSending(
        f.remanufacturer,
        () =>
          reman.remanufacture({
            coreId,
            serial: "SN-BROKE",
            warrantyDuration: NEW_PART_WARRANTY,
            warrantyTermsHash: TERMS,
          }),
        InputErrorCode.InsufficientFunds,
        `The signer ${f.remanufacturer.address} holds 0.00 USDC; the licence fee is 5.00 USDC.`,
      );
      await f.client.connect(f.manufacturer).revokeLicence({ licenceId: 1n, reasonHash: REASON });
      await expectRefusedBeforeSending(
        f.remanufacturer,
        () =>
          reman.remanufacture({
            coreId,
            serial: "SN-REVOKED",
            warrantyDuration: NEW_PART_WARRANTY,
            warrantyTermsHash: TERMS,
          }),
        InputErrorCode.WrongState,
        "was revoked",
      );
    });

    it("refuses a core held by another, and a recycle-only core, before sending", async function () {
      const f = await loadFixture(licensedFixture);
      const coreId = await gradedCore(f, "SN-ELSE");
      await expectRefusedBeforeSending(
        f.remanufacturer,
        () =>
          f.client.connect(f.remanufacturer).remanufacture({
            coreId,
            serial: "SN-ELSE-2",
            warrantyDuration: NEW_PART_WARRANTY,
            warrantyTermsHash: TERMS,
          }),
        InputErrorCode.WrongAccount,
        `Only the holder ${f.customer.address}`,
      );
      const scrap = await gradedCore(f, "SN-SCRAP-R", { outcome: Outcome.RecycleOnly, grade: 5 });
      await f.cores
        .connect(f.customer)
        .transferFrom(f.customer.address, f.remanufacturer.address, scrap);
      await expectRefusedBeforeSending(
        f.remanufacturer,
        () =>
          f.client.connect(f.remanufacturer).remanufacture({
            coreId: scrap,
            serial: "SN-SCRAP-2",
            warrantyDuration: NEW_PART_WARRANTY,
            warrantyTermsHash: TERMS,
          }),
        InputErrorCode.WrongState,
        "recycle-only",
      );
    });

    it("takes new material from batches the remanufacturer holds, refusing another's batch or too little", async function () {
      const f = await loadFixture(licensedFixture);
      const [coreId] = f.coreIds as [bigint];
      await f.parts.connect(f.producer).transferBatch(f.rootBatch, f.remanufacturer.address, 10n);
      const own = 3n;
      const reman = f.client.connect(f.remanufacturer);
      const params = {
        coreId,
        serial: "SN-NEW-MATERIAL",
        warrantyDuration: NEW_PART_WARRANTY,
        warrantyTermsHash: TERMS,
      };
      await expectRefusedBeforeSending(
        f.remanufacturer,
        () => reman.remanufacture({ ...params, inputs: [{ batchId: f.mfgBatch, quantity: 1n }] }),
        InputErrorCode.WrongAccount,
        `The batch ${f.mfgBatch} is held by ${f.manufacturer.address}`,
      );
      await expectRefusedBeforeSending(
        f.remanufacturer,
        () =>
          reman.remanufacture({
            ...params,
            inputs: [
              { batchId: own, quantity: 6n },
              { batchId: own, quantity: 5n },
            ],
          }),
        InputErrorCode.InvalidAmount,
        "has 10 left; the new part needs 11",
      );
      const { newPartId } = await reman.remanufacture({
        ...params,
        inputs: [{ batchId: own, quantity: 4n }],
      });
      expect(await f.parts.partInputs(newPartId)).to.deep.equal([[own, 4n]]);
    });

    it("refuses a licence past its expiry before sending", async function () {
      const f = await loadFixture(licensedFixture);
      const [coreId] = f.coreIds as [bigint];
      // A licence for ten days in place of the year-long one, so that accreditations still hold.
      const oem = f.client.connect(f.manufacturer);
      await oem.revokeLicence({ licenceId: 1n, reasonHash: REASON });
      const validUntil = (await time.latest()) + 10 * DAY;
      await oem.grantLicence({
        spec: SPEC,
        remanufacturer: f.remanufacturer.address,
        unitsPerPeriod: 1,
        periodLength: DAY,
        validUntil,
        dataHash: docHash("data-package"),
      });
      await time.increaseTo(validUntil);
      await expectRefusedBeforeSending(
        f.remanufacturer,
        () =>
          f.client.connect(f.remanufacturer).remanufacture({
            coreId,
            serial: "SN-LATE",
            warrantyDuration: NEW_PART_WARRANTY,
            warrantyTermsHash: TERMS,
          }),
        InputErrorCode.WrongState,
        "is valid only until",
      );
    });

    it("lets the OEM remanufacture without a licence or fee", async function () {
      const f = await loadFixture(circularClientFixture);
      const coreId = await gradedCore(f, "SN-OEM");
      await f.cores
        .connect(f.customer)
        .transferFrom(f.customer.address, f.manufacturer.address, coreId);
      const result = await f.client.connect(f.manufacturer).remanufacture({
        coreId,
        serial: "SN-OEM-2",
        warrantyDuration: NEW_PART_WARRANTY,
        warrantyTermsHash: TERMS,
      });
      expect(result.licenceId).to.equal(undefined);
      expect(result.fee).to.equal(0n);
      expect(result.approval).to.equal(undefined);
      expect(result.newPartId).to.equal(partIdOf(f.manufacturer.address, "SN-OEM-2"));
    });
  });

  describe("warranty claims", function () {
    async function claimFixture() {
      const f = await licensedFixture();
      const [coreId] = f.coreIds as [bigint];
      const { newPartId } = await f.client.connect(f.remanufacturer).remanufacture({
        coreId,
        serial: "SN-W",
        warrantyDuration: NEW_PART_WARRANTY,
        warrantyTermsHash: TERMS,
      });
      await f.parts
        .connect(f.remanufacturer)
        .transferFrom(f.remanufacturer.address, f.customer2.address, newPartId);
      return { ...f, newPartId };
    }

    it("files, rejects, escalates and rules on a claim", async function () {
      const f = await loadFixture(claimFixture);
      const { claimId, tx, issuer } = await f.client
        .connect(f.customer2)
        .fileClaim({ partId: f.newPartId, evidenceHash: EVIDENCE });
      expect(claimId).to.equal(1n);
      expect(issuer).to.equal((await f.client.warranty(f.newPartId))?.issuer);
      expect(issuer).to.be.a("string").and.not.equal(f.customer2.address);
      const block = await ethers.provider.getBlock(tx.blockNumber);
      expect(await f.client.claim(claimId)).to.deep.equal({
        id: 1n,
        partId: f.newPartId,
        claimant: f.customer2.address,
        filedAt: BigInt(block?.timestamp ?? 0),
        state: "filed",
        arbiter: undefined,
      });
      await f.client
        .connect(f.remanufacturer)
        .answerClaim({ claimId, accepted: false, reasonHash: REASON });
      expect((await f.client.claim(claimId))?.state).to.equal("rejected");
      await expectRefusedBeforeSending(
        f.customer2,
        () =>
          f.client
            .connect(f.customer2)
            .escalateClaim({ claimId, arbiter: f.remanufacturer.address }),
        InputErrorCode.InvalidAddress,
        "is a party to claim 1",
      );
      await expectContractRefusal(
        f.customer2,
        () => f.client.connect(f.customer2).escalateClaim({ claimId, arbiter: f.customer.address }),
        "WarrantyRegistryInvalidArbiter",
        [f.customer.address],
        `${f.customer.address} may not rule on this claim: it is not an active arbiter, or it is ` +
          "a party to it.",
      );
      await f.client.connect(f.customer2).escalateClaim({ claimId, arbiter: f.arbiter.address });
      await expectRefusedBeforeSending(
        f.stranger,
        () => f.client.connect(f.stranger).ruleClaim({ claimId, upheld: true, reasonHash: REASON }),
        InputErrorCode.WrongAccount,
        `Only the arbiter ${f.arbiter.address}`,
      );
      await expectTxResult(
        await f.client.connect(f.arbiter).ruleClaim({ claimId, upheld: true, reasonHash: REASON }),
      );
      const claim = await f.client.claim(claimId);
      expect(claim?.state).to.equal("upheld");
      expect(claim?.arbiter).to.equal(f.arbiter.address);
      expect(await f.client.claimsOf(f.newPartId)).to.deep.equal([claim]);
      expect(await f.client.claimsOf(f.coreIds[1] ?? 0n)).to.deep.equal([]);
      expect(await f.client.claim(2n)).to.equal(undefined);
    });

    it("refuses, before sending, a claim by another, an answer by another, an early escalation and a late claim", async function () {
      const f = await loadFixture(claimFixture);
      await expectRefusedBeforeSending(
        f.customer,
        () =>
          f.client.connect(f.customer).fileClaim({ partId: f.newPartId, evidenceHash: EVIDENCE }),
        InputErrorCode.WrongAccount,
        `Only the part's owner ${f.customer2.address}`,
      );
      const { claimId } = await f.client
        .connect(f.customer2)
        .fileClaim({ partId: f.newPartId, evidenceHash: EVIDENCE });
      await expectRefusedBeforeSending(
        f.manufacturer,
        () =>
          f.client
            .connect(f.manufacturer)
            .answerClaim({ claimId, accepted: true, reasonHash: REASON }),
        InputErrorCode.WrongAccount,
        `Only the warranty's issuer ${f.remanufacturer.address}`,
      );
      await expectRefusedBeforeSending(
        f.customer2,
        () => f.client.connect(f.customer2).escalateClaim({ claimId, arbiter: f.arbiter.address }),
        InputErrorCode.WrongState,
        "may answer claim 1 until",
      );
      // Unanswered past the response time, the claim can now go to the arbiter.
      await time.increase(30 * DAY + 1);
      await expectTxResult(
        await f.client.connect(f.customer2).escalateClaim({ claimId, arbiter: f.arbiter.address }),
      );
      await time.increase(NEW_PART_WARRANTY + DAY);
      await expectRefusedBeforeSending(
        f.customer2,
        () =>
          f.client.connect(f.customer2).fileClaim({ partId: f.newPartId, evidenceHash: EVIDENCE }),
        InputErrorCode.TimeInPast,
        "warranty of part",
      );
    });

    it("takes an escalated claim to another arbiter only once the first can no longer rule", async function () {
      const f = await loadFixture(claimFixture);
      const { claimId } = await f.client
        .connect(f.customer2)
        .fileClaim({ partId: f.newPartId, evidenceHash: EVIDENCE });
      await f.client
        .connect(f.remanufacturer)
        .answerClaim({ claimId, accepted: false, reasonHash: REASON });
      await f.client.connect(f.customer2).escalateClaim({ claimId, arbiter: f.arbiter.address });
      await f.participantRegistry
        .connect(f.registrar)
        .accredit(f.stranger.address, 1 << 9, f.accreditedUntil, REASON);
      await expectRefusedBeforeSending(
        f.customer2,
        () => f.client.connect(f.customer2).escalateClaim({ claimId, arbiter: f.stranger.address }),
        InputErrorCode.WrongState,
        `escalated to ${f.arbiter.address}, an active arbiter`,
      );
      await f.participantRegistry.connect(f.registrar).suspend(f.arbiter.address, REASON);
      await expectTxResult(
        await f.client.connect(f.customer2).escalateClaim({ claimId, arbiter: f.stranger.address }),
      );
      expect((await f.client.claim(claimId))?.arbiter).to.equal(f.stranger.address);
    });

    it("puts the core's life, the warranty and every claim in the parts' histories", async function () {
      const f = await loadFixture(claimFixture);
      const [coreId] = f.coreIds as [bigint];
      const { claimId } = await f.client
        .connect(f.customer2)
        .fileClaim({ partId: f.newPartId, evidenceHash: EVIDENCE });
      await f.client
        .connect(f.remanufacturer)
        .answerClaim({ claimId, accepted: false, reasonHash: REASON });
      await f.client.connect(f.customer2).escalateClaim({ claimId, arbiter: f.arbiter.address });
      await f.client.connect(f.arbiter).ruleClaim({ claimId, upheld: true, reasonHash: REASON });
      const circular = { coreRegistry: f.coresAddress, warrantyRegistry: f.warrantiesAddress };
      const source = { registry: f.partsAddress, provider: ethers.provider };
      const events = async (partId: bigint) =>
        (await partHistory(source, partId, 0, circular)).flatMap((entry) =>
          entry.kind === "circular" ? [entry.event] : [],
        );
      // The warranty opens inside the remanufacture, before its own event.
      expect(await events(f.newPartId)).to.deep.equal([
        "WarrantyIssued",
        "CoreRemanufactured",
        "ClaimFiled",
        "ClaimAnswered",
        "ClaimEscalated",
        "ClaimRuled",
      ]);
      expect(await events(coreId)).to.deep.equal([
        "CoreReturned",
        "CoreGraded",
        "CoreRemanufactured",
      ]);
      const lines = formatTimeline(await partHistory(source, f.newPartId, 0, circular));
      expect(lines).to.contain(`remanufactured from core ${formatPartId(coreId)}`);
      expect(lines).to.contain(`warranty claim ${claimId} upheld by arbiter ${f.arbiter.address}`);
      // Without the circular registries, the part registry's events alone.
      expect(
        (await partHistory(source, f.newPartId, 0)).some((entry) => entry.kind === "circular"),
      ).to.equal(false);
    });

    it("accepts a claim, which then cannot be escalated or ruled on", async function () {
      const f = await loadFixture(claimFixture);
      const { claimId } = await f.client
        .connect(f.customer2)
        .fileClaim({ partId: f.newPartId, evidenceHash: EVIDENCE });
      await expectTxResult(
        await f.client
          .connect(f.remanufacturer)
          .answerClaim({ claimId, accepted: true, reasonHash: REASON }),
      );
      expect((await f.client.claim(claimId))?.state).to.equal("accepted");
      await expectRefusedBeforeSending(
        f.remanufacturer,
        () =>
          f.client
            .connect(f.remanufacturer)
            .answerClaim({ claimId, accepted: false, reasonHash: REASON }),
        InputErrorCode.WrongState,
        "is accepted",
      );
      await expectRefusedBeforeSending(
        f.customer2,
        () => f.client.connect(f.customer2).escalateClaim({ claimId, arbiter: f.arbiter.address }),
        InputErrorCode.WrongState,
        "only a rejected or unanswered claim",
      );
      await expectRefusedBeforeSending(
        f.arbiter,
        () => f.client.connect(f.arbiter).ruleClaim({ claimId, upheld: true, reasonHash: REASON }),
        InputErrorCode.WrongState,
        "only an escalated claim",
      );
    });

    it("refuses a claim on a part without a warranty", async function () {
      const f = await loadFixture(circularClientFixture);
      const partId = await soldPart(f, "SN-NOWARRANTY");
      await expectRefusedBeforeSending(
        f.customer,
        () => f.client.connect(f.customer).fileClaim({ partId, evidenceHash: EVIDENCE }),
        InputErrorCode.WrongState,
        "has no warranty",
      );
    });
  });

  describe("recycle, core view and lineage", function () {
    it("registers the recycled batch, links it to the core, and a part made of it traces back to the core", async function () {
      const f = await loadFixture(scrapFixture);
      const { batchId, batchTx, tx } = await f.client.connect(f.recycler).recycle({
        coreId: f.coreId,
        materialSpec: RECYCLED_MATERIAL,
        quantity: 100n,
        unit: "kg",
        schemes: [SCHEME],
        batchEvidenceHash: docHash("certificate:recycled-batch"),
        evidenceHash: EVIDENCE,
      });
      await expectTxResult(batchTx);
      await expectTxResult(tx);
      expect(await f.client.originOf(batchId)).to.equal(f.coreId);
      const core = await f.client.core(f.coreId);
      expect(core?.state).to.equal("recycled");
      expect(core?.successor).to.equal(batchId);
      expect(core?.holder).to.equal(undefined);

      await f.parts.connect(f.recycler).transferBatch(batchId, f.manufacturer.address, 10n);
      const portion = batchId + 1n;
      const newPart = partIdOf(f.manufacturer.address, "SN-LOOP");
      await f.parts
        .connect(f.manufacturer)
        .makePart(
          SPEC,
          `0x${Buffer.from("SN-LOOP").toString("hex").padEnd(64, "0")}`,
          ZeroAddress,
          [{ batchId: portion, quantity: 2n }],
          [],
        );
      const lineage = await f.client.lineage(newPart);
      expect(lineage.predecessors).to.deep.equal([]);
      expect(lineage.firstPart).to.equal(newPart);
      expect(lineage.inputs).to.deep.equal([
        { batchId: portion, quantity: 2n, recycledFrom: f.coreId },
      ]);
      expect(await f.client.isFit(newPart)).to.equal(false);
    });

    it("refuses, before sending, a core the recycler does not hold and a signer who is no recycler", async function () {
      const f = await loadFixture(scrapFixture);
      const params = {
        coreId: f.coreId,
        materialSpec: RECYCLED_MATERIAL,
        quantity: 100n,
        unit: "kg",
        schemes: [SCHEME],
        batchEvidenceHash: docHash("certificate:recycled-batch"),
        evidenceHash: EVIDENCE,
      };
      await expectRefusedBeforeSending(
        f.customer,
        () => f.client.connect(f.customer).recycle(params),
        InputErrorCode.WrongAccount,
        `Only the holder ${f.recycler.address}`,
      );
      await f.cores
        .connect(f.recycler)
        .transferFrom(f.recycler.address, f.customer.address, f.coreId);
      await expectRefusedBeforeSending(
        f.customer,
        () => f.client.connect(f.customer).recycle(params),
        InputErrorCode.WrongAccount,
        "not an active recycler",
      );
    });

    it("shows a core with when its part was made, its attestations, statuses and every grade", async function () {
      const f = await loadFixture(circularClientFixture);
      const coreId = await gradedCore(f, "SN-VIEW");
      await f.client
        .connect(f.testLab)
        .grade({ coreId, outcome: "repair", grade: 4, evidenceHash: EVIDENCE });
      const core = await f.client.core(coreId, { fromBlock: 0 });
      expect(core).to.not.equal(undefined);
      const view = core!;
      expect(view.id).to.equal(coreId);
      expect(view.spec).to.equal(SPEC);
      expect(view.maker).to.equal(f.manufacturer.address);
      expect(view.made?.maker).to.equal(f.manufacturer.address);
      expect(view.made?.serial).to.equal("SN-VIEW");
      expect(view.madeAt).to.equal(view.made?.timestamp);
      expect(view.attestations.map((a) => a.kind)).to.deep.equal(["attested", "attested"]);
      expect(view.passedKinds).to.deep.equal(["test", "inspection"]);
      expect(view.grades.map((g) => [g.grader, g.outcome, g.grade])).to.deep.equal([
        [f.inspector.address, "remanufacture", 2],
        [f.testLab.address, "repair", 4],
      ]);
      expect(view.grades[1]?.gradedAt).to.equal(view.grade?.gradedAt);
      expect(view.statusHistory).to.deep.equal(
        view.history.filter((entry) => entry.kind === "status-changed"),
      );
      expect(view.history.length).to.be.greaterThan(3);
      expect(await f.client.core(await soldPart(f, "SN-NOCORE"))).to.equal(undefined);
    });

    it("flags a core of recalled material: graded recycle-only only, unfit in its lineage", async function () {
      const f = await loadFixture(circularClientFixture);
      const partId = partIdOf(f.manufacturer.address, "SN-RECALLED");
      await f.parts
        .connect(f.manufacturer)
        .makePart(
          SPEC,
          `0x${Buffer.from("SN-RECALLED").toString("hex").padEnd(64, "0")}`,
          ZeroAddress,
          [{ batchId: f.mfgBatch, quantity: 1n }],
          [],
        );
      await conform(f, partId);
      expect(await f.client.isFit(partId)).to.equal(true);
      await f.parts
        .connect(f.manufacturer)
        .transferFrom(f.manufacturer.address, f.customer.address, partId);
      await f.parts.connect(f.producer).recallBatch(f.rootBatch, REASON);
      const returned = await f.client
        .connect(f.customer)
        .returnCore({ partId, evidenceHash: EVIDENCE });
      expect(returned.recalled).to.equal(true);
      await expectRefusedBeforeSending(
        f.inspector,
        () =>
          f.client
            .connect(f.inspector)
            .grade({ coreId: partId, outcome: "remanufacture", grade: 1, evidenceHash: EVIDENCE }),
        InputErrorCode.WrongState,
        "can only be graded recycle-only",
      );
      await f.client
        .connect(f.inspector)
        .grade({ coreId: partId, outcome: "recycle-only", grade: 5, evidenceHash: EVIDENCE });
      const lineage = await f.client.lineage(partId);
      expect(lineage.recalled).to.equal(true);
      expect(lineage.fit).to.equal(false);
      expect(lineage.inputs).to.deep.equal([
        { batchId: f.mfgBatch, quantity: 1n, recycledFrom: undefined },
      ]);
      expect(await f.client.originOf(f.mfgBatch)).to.equal(undefined);
    });

    it("refuses a minimum warranty for recycle-only and a withdrawal to the zero address", async function () {
      const f = await loadFixture(circularClientFixture);
      expectInputError(
        await rejection(() => f.client.minimumWarranty({ spec: SPEC, outcome: "recycle-only" })),
        InputErrorCode.InvalidKind,
        "no warranty",
      );
      await expectRefusedBeforeSending(
        f.customer,
        () => f.client.connect(f.customer).withdraw({ chargeId: 1n, to: ZeroAddress }),
        InputErrorCode.InvalidAddress,
        "recipient address is the zero address",
      );
    });

    it("refuses a core view from a block that is not one", async function () {
      const f = await loadFixture(circularClientFixture);
      expectInputError(
        await rejection(() => f.client.core(1n, { fromBlock: -1 })),
        InputErrorCode.InvalidAmount,
        "block to search from",
      );
    });

    it("decodes the licence registry's refusal of a second live licence", async function () {
      const f = await loadFixture(licensedFixture);
      await expectContractRefusal(
        f.manufacturer,
        async () =>
          f.client.connect(f.manufacturer).grantLicence({
            spec: SPEC,
            remanufacturer: f.remanufacturer.address,
            unitsPerPeriod: 1,
            periodLength: PERIOD,
            validUntil: (await time.latest()) + 30 * DAY,
            dataHash: docHash("data-package"),
          }),
        "LicenceRegistryLicenceExists",
        [1n],
        "Licence 1 for this specification and remanufacturer is still live; revoke it first.",
      );
    });
  });
});
