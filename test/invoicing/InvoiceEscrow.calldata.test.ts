import { expect } from "chai";
import { concat, dataSlice, getBytes, hexlify, keccak256, toBeHex, zeroPadValue } from "ethers";
import { network } from "hardhat";
import type { IInvoiceEscrow } from "../../src/typechain/index.js";
import {
  agreedInvoice,
  deployInvoiceFixture,
  propose,
  totalOf,
  type InvoiceFixture,
} from "./fixture.js";

const { networkHelpers } = await network.create();
const { loadFixture } = networkHelpers;

/** Where the invoice's tuple starts in `fund(uint256, Invoice)` calldata: selector, id, offset. */
const TUPLE = 4 + 32 + 32;
/** The tuple's head: supplier, nine words of terms, the milestones' offset. */
const MILESTONES_OFFSET_WORD = 10 * 32;

/**
 * The escrow hashes an invoice passed back from its calldata bytes when they are the canonical
 * encoding, and re-encodes it otherwise. These tests send hand-made calldata: the hash must
 * always be the hash of what the call decodes to, or the call refused.
 */
describe("InvoiceEscrow: the invoice passed back, as calldata", function () {
  /** A proposed invoice, its agreement, and the payer's approval for its total. */
  async function proposed() {
    const f = await loadFixture(deployInvoiceFixture);
    const invoiceId = await propose(f);
    const invoice = await agreedInvoice(f.escrow, invoiceId);
    await f.stable.connect(f.customer).approve(f.escrowAddress, totalOf(invoice));
    return { f, invoiceId, invoice };
  }

  function fundCalldata(
    f: InvoiceFixture,
    invoiceId: bigint,
    invoice: IInvoiceEscrow.InvoiceStruct,
  ): Uint8Array {
    return getBytes(f.escrow.interface.encodeFunctionData("fund", [invoiceId, invoice]));
  }

  it("hashes the canonical bytes to the stored hash: funding goes through", async function () {
    const { f, invoiceId, invoice } = await proposed();
    const data = fundCalldata(f, invoiceId, invoice);
    expect(
      dataSlice(data, TUPLE + MILESTONES_OFFSET_WORD, TUPLE + MILESTONES_OFFSET_WORD + 32),
    ).to.equal(zeroPadValue(toBeHex(0x160), 32));
    await expect(f.customer.sendTransaction({ to: f.escrowAddress, data: hexlify(data) }))
      .to.emit(f.escrow, "InvoiceFunded")
      .withArgs(invoiceId, f.customer.address, totalOf(invoice));
  });

  it("re-encodes a non-canonical encoding of the same invoice, and accepts it", async function () {
    const { f, invoiceId, invoice } = await proposed();
    const data = fundCalldata(f, invoiceId, invoice);
    // The milestones moved one word further, behind a junk word: the same invoice decoded.
    const at = TUPLE + MILESTONES_OFFSET_WORD;
    const head = data.slice(0, at);
    const moved = concat([
      head,
      zeroPadValue(toBeHex(0x180), 32),
      zeroPadValue(toBeHex(0xdead), 32),
      data.slice(at + 32),
    ]);
    await expect(f.customer.sendTransaction({ to: f.escrowAddress, data: moved }))
      .to.emit(f.escrow, "InvoiceFunded")
      .withArgs(invoiceId, f.customer.address, totalOf(invoice));
  });

  it("refuses an invoice whose canonical-looking bytes carry dirty bits, naming the hash of those bytes", async function () {
    const { f, invoiceId, invoice } = await proposed();
    const data = fundCalldata(f, invoiceId, invoice);
    // The supplier's word with a non-zero byte above the address: no longer the bytes stored.
    data[TUPLE] = 0x01;
    const tupleLength = data.length - TUPLE;
    const given = keccak256(
      concat([zeroPadValue(toBeHex(0x20), 32), data.slice(TUPLE, TUPLE + tupleLength)]),
    );
    const stored = await f.escrow.hashInvoice(invoice);
    await expect(f.customer.sendTransaction({ to: f.escrowAddress, data: hexlify(data) }))
      .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongTerms")
      .withArgs(invoiceId, stored, given);
    expect((await f.escrow.invoiceRecord(invoiceId)).state).to.equal(1n);
  });

  it("judges a non-canonical encoding by what it decodes to: another amount is refused", async function () {
    const { f, invoiceId, invoice } = await proposed();
    const doctored = structuredClone(invoice);
    doctored.milestones[0]!.amount = BigInt(doctored.milestones[0]!.amount) + 1n;
    const data = fundCalldata(f, invoiceId, doctored);
    const at = TUPLE + MILESTONES_OFFSET_WORD;
    const moved = concat([
      data.slice(0, at),
      zeroPadValue(toBeHex(0x180), 32),
      zeroPadValue("0x", 32),
      data.slice(at + 32),
    ]);
    await expect(f.customer.sendTransaction({ to: f.escrowAddress, data: moved }))
      .to.be.revertedWithCustomError(f.escrow, "InvoiceEscrowWrongTerms")
      .withArgs(
        invoiceId,
        await f.escrow.hashInvoice(invoice),
        await f.escrow.hashInvoice(doctored),
      );
  });
});
