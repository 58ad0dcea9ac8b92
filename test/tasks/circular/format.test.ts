import { expect } from "chai";
import {
  forgetTypedParts,
  namingTypedParts,
  rememberTypedPart,
} from "../../../tasks/shared/output.js";
import {
  type CoreCharge,
  type CoreDetails,
  formatPartId,
  type Licence,
  type LicenceQuota,
  type Lineage,
  type TokenInfo,
  type Warranty,
} from "../../../src/index.js";
import {
  chargeToJson,
  coreToJson,
  formatBps,
  formatCharge,
  formatCore,
  formatLicence,
  formatLineage,
  formatNoCore,
  formatRemanufactured,
  formatSchedule,
  formatWarranty,
  licenceToJson,
  lineageToJson,
  warrantyToJson,
} from "../../../tasks/circular/format.js";

const MAKER = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const HOLDER = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
const GRADER = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
const SPEC = `0x${"ab".repeat(32)}` as const;
const DATA = `0x${"cd".repeat(32)}` as const;
const TOKEN: TokenInfo = {
  address: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  name: "Test USD",
  symbol: "TUSD",
  decimals: 6,
};
const TX = { hash: `0x${"12".repeat(32)}`, blockNumber: 7, gasUsed: 90_000n };
const JAN_1 = 1_830_297_600n; // 2028-01-01T00:00:00Z
const DAY = 86_400n;

const CORE: CoreDetails = {
  id: 42n,
  state: "held",
  holder: HOLDER,
  spec: SPEC,
  maker: MAKER,
  generation: 1,
  recalled: false,
  passedKinds: ["test"],
  conflictKinds: [],
  children: 0n,
  returnedAt: JAN_1,
  grade: { outcome: "recondition", grade: 3, grader: GRADER, gradedAt: JAN_1 + DAY },
  gradeCount: 2,
  successor: undefined,
  listing: { token: TOKEN.address, price: 250_500_000n },
  madeAt: undefined,
  made: undefined,
  attestations: [],
  statusHistory: [],
  grades: [
    {
      outcome: "remanufacture",
      grade: 2,
      grader: MAKER,
      gradedAt: JAN_1 + DAY / 2n,
      evidenceHash: DATA,
      blockNumber: 10,
      transactionHash: `0x${"01".repeat(32)}`,
    },
    {
      outcome: "recondition",
      grade: 3,
      grader: GRADER,
      gradedAt: JAN_1 + DAY,
      evidenceHash: SPEC,
      blockNumber: 20,
      transactionHash: `0x${"02".repeat(32)}`,
    },
  ],
  history: [],
};

const LICENCE: Licence = {
  id: 1n,
  spec: SPEC,
  oem: MAKER,
  remanufacturer: HOLDER,
  unitsPerPeriod: 2,
  periodLength: 90n * DAY,
  start: JAN_1,
  validUntil: JAN_1 + 366n * DAY, // 2029-01-01
  revoked: false,
  feeToken: TOKEN.address,
  feePerUnit: 50_000_000n,
  dataHash: DATA,
};
const QUOTA: LicenceQuota = {
  remaining: 1,
  periodStart: JAN_1,
  nextPeriodStart: JAN_1 + 90n * DAY,
};

const CHARGE: CoreCharge = {
  id: 1n,
  seller: MAKER,
  buyer: HOLDER,
  token: TOKEN.address,
  amount: 300_000_000n,
  spec: SPEC,
  unitPartId: 7n,
  returnBy: JAN_1 + 30n * DAY,
  state: "held",
  refundBps: [10_000, 8_000, 5_050, 1_225, 0],
  coreId: undefined,
};

describe("text and JSON of the circular-economy commands", function () {
  it("writes basis points as percentages, and a refund schedule per grade", function () {
    expect([10_000, 8_000, 5_050, 1_225, 1, 0].map(formatBps)).to.deep.equal([
      "100%",
      "80%",
      "50.5%",
      "12.25%",
      "0.01%",
      "0%",
    ]);
    expect(formatSchedule(CHARGE.refundBps)).to.equal("100% / 80% / 50.5% / 12.25% / 0%");
  });

  it("shows a held, listed core with every grade, the latest counting", function () {
    expect(formatCore(CORE, TOKEN).split("\n")).to.deep.equal([
      `Core        ${formatPartId(42n)}`,
      "State       held",
      `Holder      ${HOLDER}`,
      `Spec        ${SPEC}`,
      `Maker       ${MAKER}`,
      "Made        before the address book's start block",
      "Returned    2028-01-01T00:00:00Z",
      "Generation  1",
      "Recalled    no",
      "Passed      test",
      "Conflicts   none",
      "Children    0",
      `Grade       recondition, 3 of 5, by ${GRADER} at 2028-01-02T00:00:00Z (2 grades so far, the latest counts)`,
      `Offer       250.50 TUSD (token ${TOKEN.address})`,
      "Successor   none",
      "",
      "Grades",
      `  2028-01-01T12:00:00Z  block 10  remanufacture, grade 2, by ${MAKER}, data ${DATA}`,
      `  2028-01-02T00:00:00Z  block 20  recondition, grade 3, by ${GRADER}, data ${SPEC}`,
    ]);
  });

  it("names what a core became: a part, or a recycled batch", function () {
    const remade = formatCore(
      { ...CORE, state: "remanufactured", holder: undefined, listing: undefined, successor: 9n },
      undefined,
    ).split("\n");
    expect(remade).to.include.members([
      "Holder      none",
      "Offer       not listed",
      `Successor   part ${formatPartId(9n)}`,
    ]);
    const recycled = { ...CORE, state: "recycled" as const, listing: undefined, successor: 3n };
    expect(formatCore(recycled, undefined).split("\n")).to.include(
      "Successor   batch 3 (recycled material)",
    );
    expect(coreToJson(recycled, undefined)).to.deep.include({
      id: formatPartId(42n),
      state: "recycled",
      madeAt: null,
      returnedAt: "2028-01-01T00:00:00Z",
      children: "0",
      listing: null,
      successor: { batchId: "3" },
      history: [],
    });
    expect(formatNoCore(42n)).to.equal(`Part ${formatPartId(42n)} was never returned as a core.`);
    // A core typed as <maker>:<serial> is named so in the line runTask prints.
    rememberTypedPart(42n, `${MAKER}:SN-1`);
    try {
      expect(namingTypedParts(formatNoCore(42n))).to.equal(
        `Part ${MAKER}:SN-1 (id ${formatPartId(42n)}) was never returned as a core.`,
      );
    } finally {
      forgetTypedParts();
    }
  });

  it("gives a listed core's price in the token's smallest unit in JSON", function () {
    const json = coreToJson(CORE, TOKEN);
    expect(json.listing).to.deep.equal({
      token: TOKEN.address,
      symbol: "TUSD",
      decimals: 6,
      price: "250500000",
    });
    expect(json.grade).to.deep.equal({
      outcome: "recondition",
      grade: 3,
      grader: GRADER,
      gradedAt: "2028-01-02T00:00:00Z",
    });
  });

  it("shows a live licence with the units left and the next period's start", function () {
    expect(formatLicence(LICENCE, QUOTA, TOKEN, JAN_1 + DAY).split("\n")).to.deep.equal([
      "Licence       1 (live)",
      `Spec          ${SPEC}`,
      `OEM           ${MAKER}`,
      `Licensee      ${HOLDER}`,
      "Quota         2 per 90 days, from 2028-01-01T00:00:00Z",
      "Valid until   2029-01-01T00:00:00Z",
      `Fee           a fee of 50.00 TUSD per unit (token ${TOKEN.address})`,
      `Data package  ${DATA}`,
      "Left          1 of 2 this period (since 2028-01-01T00:00:00Z)",
      "Next period   2028-03-31T00:00:00Z",
    ]);
    expect(licenceToJson(LICENCE, QUOTA, TOKEN, JAN_1 + DAY)).to.deep.include({
      state: "live",
      remaining: 1,
      periodLength: "7776000",
      fee: { token: TOKEN.address, symbol: "TUSD", decimals: 6, perUnit: "50000000" },
      nextPeriodStart: "2028-03-31T00:00:00Z",
    });
  });

  it("shows a revoked or expired licence with nothing left", function () {
    const none = { ...QUOTA, remaining: 0 };
    const revoked = formatLicence({ ...LICENCE, revoked: true }, none, TOKEN, JAN_1 + DAY);
    expect(revoked.split("\n")).to.include.members([
      "Licence       1 (revoked)",
      "Left          none (revoked)",
      "Next period   none",
    ]);
    const free = { ...LICENCE, feeToken: undefined, feePerUnit: 0n };
    const expired = formatLicence(free, none, undefined, LICENCE.validUntil);
    expect(expired.split("\n")).to.include.members([
      "Licence       1 (expired)",
      "Fee           no fee",
      "Left          none (expired)",
    ]);
    expect(licenceToJson(free, none, undefined, LICENCE.validUntil)).to.deep.include({
      state: "expired",
      fee: null,
      nextPeriodStart: null,
    });
  });

  it("shows a core charge with its schedule and what it owes each party", function () {
    const credits = [
      { account: MAKER, amount: 60_000_000n },
      { account: HOLDER, amount: 0n },
    ];
    expect(formatCharge(CHARGE, TOKEN, credits).split("\n")).to.deep.equal([
      "Charge      1 (held)",
      `Seller      ${MAKER}`,
      `Buyer       ${HOLDER}`,
      `Unit        ${formatPartId(7n)} of ${SPEC}`,
      `Deposit     300.00 TUSD (token ${TOKEN.address})`,
      "Return by   2028-01-31T00:00:00Z",
      "Refunds     100% / 80% / 50.5% / 12.25% / 0% for grade 1 to 5",
      "Core        none handed in",
      `Credited    60.00 TUSD to ${MAKER}`,
    ]);
    expect(formatCharge(CHARGE, TOKEN, [{ account: MAKER, amount: 0n }])).to.include(
      "Credited    nothing to withdraw",
    );
    expect(chargeToJson({ ...CHARGE, coreId: 42n }, TOKEN, credits)).to.deep.include({
      amount: "300000000",
      returnBy: "2028-01-31T00:00:00Z",
      coreId: formatPartId(42n),
      owed: [
        { account: MAKER, amount: "60000000" },
        { account: HOLDER, amount: "0" },
      ],
    });
  });

  it("shows a warranty and a claim, or says there is none", function () {
    const warranty: Warranty = {
      partId: 9n,
      issuer: HOLDER,
      start: JAN_1,
      duration: 365n * DAY,
      end: JAN_1 + 365n * DAY,
      outcome: "remanufacture",
      termsHash: DATA,
    };
    const claim = {
      id: 4n,
      partId: 9n,
      claimant: MAKER,
      filedAt: JAN_1 + DAY,
      state: "escalated" as const,
      arbiter: GRADER,
    };
    expect(
      formatWarranty(9n, warranty, [
        claim,
        { ...claim, id: 5n, state: "filed", arbiter: undefined },
      ]).split("\n"),
    ).to.deep.equal([
      `Part        ${formatPartId(9n)}`,
      `Issuer      ${HOLDER}`,
      "Outcome     remanufacture",
      "Term        365 days, from 2028-01-01T00:00:00Z to 2028-12-31T00:00:00Z",
      `Terms       ${DATA}`,
      "",
      "Claims",
      `  #4  escalated  by ${MAKER}, filed 2028-01-02T00:00:00Z, arbiter ${GRADER}`,
      `  #5  filed  by ${MAKER}, filed 2028-01-02T00:00:00Z`,
    ]);
    expect(formatWarranty(9n, warranty, []).split("\n").slice(-2)).to.deep.equal([
      "",
      "Claims      none",
    ]);
    expect(warrantyToJson(9n, warranty, [claim]).claims).to.deep.equal([
      {
        id: "4",
        state: "escalated",
        claimant: MAKER,
        filedAt: "2028-01-02T00:00:00Z",
        arbiter: GRADER,
      },
    ]);
    expect(formatWarranty(9n, undefined, [])).to.equal(
      `Part ${formatPartId(9n)} has no warranty on chain (only remanufactured parts carry one).`,
    );
    expect(warrantyToJson(9n, undefined, [])).to.deep.equal({
      partId: formatPartId(9n),
      warranty: null,
      claims: [],
    });
  });

  it("prints a lineage back to the first part and its material, recycled or not", function () {
    const lineage: Lineage = {
      partId: 30n,
      generation: 2,
      outcome: "recondition",
      predecessors: [
        { partId: 20n, generation: 1, outcome: "remanufacture" },
        { partId: 10n, generation: 0, outcome: undefined },
      ],
      firstPart: 10n,
      inputs: [
        { batchId: 2n, quantity: 3n, recycledFrom: undefined },
        { batchId: 5n, quantity: 1n, recycledFrom: 8n },
      ],
      recalled: true,
      fit: false,
    };
    expect(formatLineage(lineage).split("\n")).to.deep.equal([
      `Part        ${formatPartId(30n)}`,
      "Generation  2 (recondition)",
      "Recalled    yes: recalled material is somewhere in its line",
      "Fit         no",
      "",
      "Line, newest first",
      `  ${formatPartId(30n)}  generation 2  recondition`,
      `  ${formatPartId(20n)}  generation 1  remanufacture`,
      `  ${formatPartId(10n)}  generation 0  (first part of its line)`,
      "",
      `Material of the first part ${formatPartId(10n)}, per part`,
      "  batch 2 x 3",
      `  batch 5 x 1  (recycled from core ${formatPartId(8n)})`,
    ]);
    expect(lineageToJson(lineage).inputs).to.deep.equal([
      { batchId: "2", quantity: "3", recycledFrom: null },
      { batchId: "5", quantity: "1", recycledFrom: formatPartId(8n) },
    ]);
  });

  it("says when the OEM remanufactures without a licence", function () {
    expect(
      formatRemanufactured(
        {
          coreId: 42n,
          newPartId: 43n,
          outcome: "recondition",
          generation: 2,
          licenceId: undefined,
          fee: 0n,
          warrantyEnd: undefined,
        },
        undefined,
        TX,
      ),
    ).to.equal(
      `Remanufactured core ${formatPartId(42n)} into part ${formatPartId(43n)} (recondition, ` +
        "generation 2) as the specification's owner (no licence needed); it conforms once its " +
        `required attestations pass (tx ${TX.hash}, block 7, gas 90000).`,
    );
  });
});
