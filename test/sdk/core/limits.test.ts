/**
 * Drift test: every limit the SDK mirrors to refuse input before sending (PART_LIMITS,
 * INVOICE_LIMITS, AUCTION_LIMITS, CIRCULAR_LIMITS, the roles and the enum states) equals what the
 * deployed contracts say: their public constants, or the width of the ABI field the limit bounds.
 */
import { expect } from "chai";
import { type FunctionFragment, Interface, type ParamType } from "ethers";
import { network } from "hardhat";
import {
  AUCTION_LIMITS,
  CIRCULAR_LIMITS,
  INVOICE_LIMITS,
  PART_LIMITS,
  ROLE_NAMES,
} from "../../../src/index.js";
import {
  CoreCharges__factory,
  CoreRegistry__factory,
  InvoiceEscrow__factory,
  PartRegistry__factory,
  ParticipantRegistry__factory,
  ProcurementAuction__factory,
} from "../../../src/deploy/index.js";
import { ADMIN_DELAY } from "../../helpers/governance.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture } = networkHelpers;

/** The whole suite, deployed once: only constants are read, so nothing needs wiring. */
async function deployedSuite() {
  const [deployer, governance] = await ethers.getSigners();
  if (deployer === undefined || governance === undefined) throw new Error("two signers needed");
  const participants = await new ParticipantRegistry__factory(deployer).deploy(
    governance.address,
    ADMIN_DELAY,
  );
  const parts = await new PartRegistry__factory(deployer).deploy(participants);
  const escrow = await new InvoiceEscrow__factory(deployer).deploy(
    participants,
    parts,
    governance.address,
    ADMIN_DELAY,
  );
  const auction = await new ProcurementAuction__factory(deployer).deploy(participants, escrow);
  const licences = await ethers.deployContract("LicenceRegistry", [participants, parts]);
  const warranties = await ethers.deployContract("WarrantyRegistry", [participants, parts]);
  const cores = await new CoreRegistry__factory(deployer).deploy(
    participants,
    parts,
    licences,
    warranties,
  );
  const charges = await new CoreCharges__factory(deployer).deploy(participants, cores);
  return { participants, parts, escrow, auction, cores, charges };
}

/** The largest value of an ABI unsigned integer type: `uint96` gives 2^96 - 1. */
function maxOf(param: ParamType): bigint {
  const bits = /^uint(\d+)$/.exec(param.type)?.[1];
  expect(bits, `${param.name} is ${param.type}, not an unsigned integer`).to.not.equal(undefined);
  return 2n ** BigInt(bits as string) - 1n;
}

/** Input `path` of function `fn` (`invoice.terms.penaltyPerDay`, `refundBps`), as its ABI type. */
function input(abi: Interface, fn: string, path: string): ParamType {
  const fragment = abi.getFunction(fn) as FunctionFragment;
  expect(fragment, `no function ${fn}`).to.not.equal(null);
  const [head, ...rest] = path.split(".");
  let param = fragment.inputs.find((p) => p.name === head);
  for (const name of rest) param = param?.components?.find((p) => p.name === name);
  expect(param, `${fn} has no input ${path}`).to.not.equal(undefined);
  return param as ParamType;
}

/** Output `name` of function `fn`, as its ABI type. */
function output(abi: Interface, fn: string, name: string): ParamType {
  const fragment = abi.getFunction(fn) as FunctionFragment;
  expect(fragment, `no function ${fn}`).to.not.equal(null);
  const param = fragment.outputs.find((p) => p.name === name);
  expect(param, `${fn} has no output ${name}`).to.not.equal(undefined);
  return param as ParamType;
}

describe("SDK limits equal the contracts' constants", function () {
  it("PART_LIMITS: the part registry's MAX_ constants", async function () {
    const { parts } = await loadFixture(deployedSuite);
    expect(BigInt(PART_LIMITS.maxInputs)).to.equal(await parts.MAX_INPUTS());
    expect(BigInt(PART_LIMITS.maxSchemes)).to.equal(await parts.MAX_SCHEMES());
    expect(BigInt(PART_LIMITS.maxChildren)).to.equal(await parts.MAX_CHILDREN());
    expect(BigInt(PART_LIMITS.maxRun)).to.equal(await parts.MAX_RUN());
    expect(PART_LIMITS.maxChallengeAge).to.equal(await parts.MAX_CHALLENGE_AGE());
  });

  it("INVOICE_LIMITS: the escrow's constants and the widths of its terms", async function () {
    const { escrow } = await loadFixture(deployedSuite);
    const abi = new Interface(InvoiceEscrow__factory.abi);
    expect(BigInt(INVOICE_LIMITS.maxMilestones)).to.equal(await escrow.MAX_MILESTONES());
    expect(BigInt(INVOICE_LIMITS.maxDelivery)).to.equal(await escrow.MAX_DELIVERY());
    expect(INVOICE_LIMITS.minRulingPeriod).to.equal(await escrow.MIN_RULING_PERIOD());
    expect(INVOICE_LIMITS.maxAmount).to.equal(await escrow.MAX_TOTAL());
    expect(INVOICE_LIMITS.maxAmount).to.equal(
      maxOf(
        input(abi, "proposeInvoice", "invoice.milestones").arrayChildren!.components!.find(
          (p) => p.name === "amount",
        )!,
      ),
    );
    expect(INVOICE_LIMITS.maxPenalty).to.equal(
      maxOf(input(abi, "proposeInvoice", "invoice.terms.penaltyPerDay")),
    );
    expect(INVOICE_LIMITS.maxPenalty).to.equal(
      maxOf(input(abi, "proposeInvoice", "invoice.terms.penaltyCap")),
    );
    for (const period of ["acceptanceWindow", "gracePeriod", "rulingPeriod"]) {
      expect(INVOICE_LIMITS.maxPeriod, period).to.equal(
        maxOf(input(abi, "proposeInvoice", `invoice.terms.${period}`)),
      );
    }
  });

  it("AUCTION_LIMITS: the auction's constants and the widths of its terms", async function () {
    const { auction } = await loadFixture(deployedSuite);
    const abi = new Interface(ProcurementAuction__factory.abi);
    expect(BigInt(AUCTION_LIMITS.maxQuantity)).to.equal(await auction.MAX_QUANTITY());
    expect(AUCTION_LIMITS.minPhase).to.equal(await auction.MIN_PHASE());
    expect(AUCTION_LIMITS.minRulingPeriod).to.equal(await auction.MIN_RULING_PERIOD());
    expect(AUCTION_LIMITS.maxAmount).to.equal(await auction.MAX_BUDGET());
    for (const amount of ["maxUnitPrice", "bond"]) {
      expect(AUCTION_LIMITS.maxAmount, amount).to.equal(
        maxOf(input(abi, "postOrder", `terms.${amount}`)),
      );
    }
    for (const period of ["acceptanceWindow", "gracePeriod", "rulingPeriod"]) {
      expect(AUCTION_LIMITS.maxPeriod, period).to.equal(
        maxOf(input(abi, "postOrder", `terms.${period}`)),
      );
    }
    for (const time of ["biddingEnds", "revealEnds", "deliveryBy"]) {
      expect(AUCTION_LIMITS.maxTime, time).to.equal(
        maxOf(input(abi, "postOrder", `terms.${time}`)),
      );
    }
    // A bid's sequence: what commit returns (reveal finds the bid by its commitment now).
    expect(AUCTION_LIMITS.maxSequence).to.equal(maxOf(output(abi, "commit", "sequence")));
  });

  it("CIRCULAR_LIMITS: the core registry's and the charges' constants", async function () {
    const { cores, charges } = await loadFixture(deployedSuite);
    const coreAbi = new Interface(CoreRegistry__factory.abi);
    const chargeAbi = new Interface(CoreCharges__factory.abi);
    expect(BigInt(CIRCULAR_LIMITS.maxGrade)).to.equal(await cores.MAX_GRADE());
    expect(BigInt(CIRCULAR_LIMITS.maxGeneration)).to.equal(await cores.MAX_GENERATION());
    expect(BigInt(CIRCULAR_LIMITS.maxBps)).to.equal(await charges.MAX_BPS());
    const schedule = chargeAbi
      .getFunction("requireCharge")!
      .inputs.find((p) => p.name === "refundBps")!;
    expect(schedule.arrayLength, "one refund share per grade").to.equal(
      CIRCULAR_LIMITS.scheduleLength,
    );
    expect(CIRCULAR_LIMITS.scheduleLength).to.equal(CIRCULAR_LIMITS.maxGrade);
    expect(CIRCULAR_LIMITS.maxAmount).to.equal(maxOf(input(coreAbi, "list", "price")));
    expect(CIRCULAR_LIMITS.maxUint32).to.equal(maxOf(input(coreAbi, "recycle", "batchId")));
  });

  it("the roles: one SDK name per role of the participant registry", async function () {
    const { participants } = await loadFixture(deployedSuite);
    expect(BigInt(ROLE_NAMES.length)).to.equal(await participants.ROLE_COUNT());
  });
});
