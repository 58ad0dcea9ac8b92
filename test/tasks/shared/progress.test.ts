import { expect } from "chai";
import type { ConfirmedTransaction, SentTransaction } from "../../../src/index.js";
import {
  confirmedLine,
  PROGRESS_LINE,
  progressReporter,
  sentLine,
} from "../../../tasks/shared/progress.js";

const HASH = `0x${"ab".repeat(32)}`;
const ESCROW = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const TOKEN = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";

const sent: SentTransaction = {
  hash: HASH,
  from: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  to: ESCROW,
  contract: "InvoiceEscrow",
  method: "fund",
  confirmations: 3,
};
const confirmed = (count: number): ConfirmedTransaction => ({
  ...sent,
  blockNumber: 1234,
  gasUsed: 21_000n,
  confirmed: count,
});

describe("transaction progress on stderr", function () {
  it("says what was sent and how many confirmations it waits for", function () {
    expect(sentLine(sent)).to.equal(
      `Sent ${HASH} (InvoiceEscrow.fund); waiting for 3 confirmations...`,
    );
    expect(sentLine({ ...sent, confirmations: 1 })).to.equal(
      `Sent ${HASH} (InvoiceEscrow.fund); waiting for 1 confirmation...`,
    );
    expect(sentLine({ ...sent, to: TOKEN, contract: undefined, method: "approve" })).to.equal(
      `Sent ${HASH} (${TOKEN}.approve); waiting for 3 confirmations...`,
    );
    expect(sentLine({ ...sent, contract: undefined, method: undefined })).to.equal(
      `Sent ${HASH} (${ESCROW}); waiting for 3 confirmations...`,
    );
  });

  it("says each confirmation with its block", function () {
    expect(confirmedLine(confirmed(1))).to.equal("Confirmed in block 1234 (1/3)");
    expect(confirmedLine(confirmed(3))).to.equal("Confirmed in block 1234 (3/3)");
  });

  it("PROGRESS_LINE matches every progress line and nothing else", function () {
    for (const line of [
      sentLine(sent),
      sentLine({ ...sent, confirmations: 1, contract: undefined, method: undefined }),
      confirmedLine(confirmed(2)),
    ]) {
      expect(line).to.match(PROGRESS_LINE);
    }
    for (const line of [
      "",
      "Error SC100: The payer address is not an address.",
      `Sent ${HASH} (InvoiceEscrow.fund); waiting for 3 confirmations...\nError SC100: x`,
      `Sent 0x1234 (InvoiceEscrow.fund); waiting for 3 confirmations...`,
      "Confirmed in block 12 (1/3) and more",
    ]) {
      expect(line).not.to.match(PROGRESS_LINE);
    }
  });

  it("reports through the writer it is given, waiting for the confirmations asked", function () {
    const lines: string[] = [];
    const options = progressReporter(3, (line) => lines.push(line));
    expect(options.confirmations).to.equal(3);
    options.onSent?.(sent);
    options.onConfirmation?.(confirmed(1));
    expect(lines).to.deep.equal([sentLine(sent), confirmedLine(confirmed(1))]);
  });
});
