/**
 * The circular-economy suite the SDK's circular tests run on: the contracts' own fixture
 * (`test/circular/fixture.ts`) on this file's network connection, with a `CircularClient` over it,
 * and the assertions the tests share (refused before sending, refused by the contract, a plain
 * transaction result).
 */
import { expect } from "chai";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import {
  CircularClient,
  ContractRevertedError,
  type InputErrorCode,
  type TxResult,
} from "../../../src/index.js";
import {
  deployCircularFixture,
  docHash,
  gradedCore,
  Outcome,
  SPEC,
  USDC,
} from "../../circular/fixture.js";
import { expectInputError, rejection } from "../helpers.js";

export const connection = await network.create();
export const { ethers, networkHelpers } = connection;
export const { loadFixture, time } = networkHelpers;

export {
  DAY,
  docHash,
  NEW_PART_WARRANTY,
  OTHER_SPEC,
  Outcome,
  RECYCLED_MATERIAL,
  SCHEDULE,
  SCHEME,
  SPEC,
  USDC,
} from "../../circular/fixture.js";
export { conform, gradedCore, make, returnAsCore, soldPart } from "../../circular/fixture.js";

/** The circular-economy suite, and a read-only client over it (connect it to a signer to send). */
export async function circularClientFixture() {
  const f = await deployCircularFixture(connection);
  const client = new CircularClient(
    {
      coreRegistry: f.coresAddress,
      licenceRegistry: f.licencesAddress,
      warrantyRegistry: f.warrantiesAddress,
      coreCharges: f.chargesAddress,
      partRegistry: f.partsAddress,
    },
    ethers.provider,
  );
  return { ...f, client };
}

export type CircularClientFixture = Awaited<ReturnType<typeof circularClientFixture>>;

/** Two units per 90 days. */
export const UNITS_PER_PERIOD = 2;
export const PERIOD = 90 * 86_400;
/** The licence fee per unit: 5 USDC. */
export const FEE = 5n * USDC;

/**
 * The suite with a licence (two units a quarter at {FEE}, for a year) from the manufacturer to the
 * remanufacturer, and three cores graded remanufacture (grade 2) held by the remanufacturer.
 */
export async function licensedFixture() {
  const f = await circularClientFixture();
  const now = await time.latest();
  await f.licences
    .connect(f.manufacturer)
    .grantLicence(
      SPEC,
      f.remanufacturer.address,
      UNITS_PER_PERIOD,
      PERIOD,
      now + 365 * 86_400,
      f.usdcAddress,
      FEE,
      docHash("data-package:bracket-A7"),
    );
  const coreIds: bigint[] = [];
  for (const label of ["SN-R1", "SN-R2", "SN-R3"]) {
    const coreId = await gradedCore(f, label);
    await f.cores
      .connect(f.customer)
      .transferFrom(f.customer.address, f.remanufacturer.address, coreId);
    coreIds.push(coreId);
  }
  return { ...f, licenceId: 1n, coreIds };
}

/** A recycle-only core held by the recycler. */
export async function scrapFixture() {
  const f = await circularClientFixture();
  const coreId = await gradedCore(f, "SN-SCRAP", { outcome: Outcome.RecycleOnly, grade: 5 });
  await f.cores.connect(f.customer).transferFrom(f.customer.address, f.recycler.address, coreId);
  return { ...f, coreId };
}

/** What the chain shows of an account that could send: its nonce, and the chain's height. */
async function sendingState(account: string): Promise<[number, number]> {
  return [
    await ethers.provider.getTransactionCount(account),
    await ethers.provider.getBlockNumber(),
  ];
}

/**
 * Asserts that `action` is refused with an InputError of `code` naming `parts`, and that nothing
 * was sent: `signer`'s nonce and the chain's height are unchanged.
 */
export async function expectRefusedBeforeSending(
  signer: HardhatEthersSigner,
  action: () => Promise<unknown>,
  code: InputErrorCode,
  ...parts: string[]
): Promise<void> {
  const before = await sendingState(signer.address);
  expectInputError(await rejection(action), code, ...parts);
  expect(await sendingState(signer.address)).to.deep.equal(before);
}

/**
 * Asserts that the contract refused `action` with `errorName(args)`, decoded to `sentence`, at gas
 * estimation: `signer`'s nonce and the chain's height are unchanged.
 */
export async function expectContractRefusal(
  signer: HardhatEthersSigner,
  action: () => Promise<unknown>,
  errorName: string,
  args: unknown[],
  sentence: string,
): Promise<void> {
  const before = await sendingState(signer.address);
  const error = await rejection(action);
  expect(error, String(error)).to.be.an.instanceOf(ContractRevertedError);
  const reverted = error as ContractRevertedError;
  expect(reverted.errorName).to.equal(errorName);
  expect(reverted.args).to.deep.equal(args);
  expect(reverted.shortMessage).to.equal(sentence);
  expect(await sendingState(signer.address)).to.deep.equal(before);
}

/** Asserts the plain shape of a TxResult and that it matches the chain's receipt. */
export async function expectTxResult(result: TxResult | undefined): Promise<void> {
  expect(result).to.not.equal(undefined);
  const tx = result as TxResult;
  expect(Object.keys(tx).sort()).to.deep.equal(["blockNumber", "gasUsed", "hash"]);
  const receipt = await ethers.provider.getTransactionReceipt(tx.hash);
  expect(receipt?.status).to.equal(1);
  expect(receipt?.blockNumber).to.equal(tx.blockNumber);
  expect(receipt?.gasUsed).to.equal(tx.gasUsed);
}
