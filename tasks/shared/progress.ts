/**
 * Progress of the transactions a task sends, on stderr: each hash as soon as it is sent (so a
 * user who interrupts knows what was sent), then each confirmation. Stdout keeps only the task's
 * result.
 */
import type { ConfirmedTransaction, SentTransaction, TransactionOptions } from "../../src/index.js";

declare module "hardhat/types/global-options" {
  interface GlobalOptions {
    /**
     * The confirmations every transaction of a task waits for (`--confirmations`), as typed; ""
     * when not given. Read through `confirmationsOption` (tasks/shared/context.ts).
     */
    confirmations: string;
  }
}

/**
 * One progress line, and nothing else: what the CLI tests accept on the stderr of a command that
 * succeeds. The one definition of the lines {@link sentLine} and {@link confirmedLine} write.
 */
export const PROGRESS_LINE =
  /^(?:Sent 0x[0-9a-f]{64} \([^()\n]+\); waiting for \d+ confirmations?\.\.\.|Confirmed in block \d+ \(\d+\/\d+\))$/;

/**
 * The line of a transaction just sent: `Sent 0x… (InvoiceEscrow.fund); waiting for 3
 * confirmations...`. A contract outside the address book is named by its address.
 */
export function sentLine(tx: SentTransaction): string {
  const target = tx.contract ?? tx.to;
  const what = tx.method === undefined ? target : `${target}.${tx.method}`;
  const plural = tx.confirmations === 1 ? "" : "s";
  return `Sent ${tx.hash} (${what}); waiting for ${tx.confirmations} confirmation${plural}...`;
}

/** The line of a confirmation: `Confirmed in block 1234 (2/3)`. */
export function confirmedLine(tx: ConfirmedTransaction): string {
  return `Confirmed in block ${tx.blockNumber} (${tx.confirmed}/${tx.confirmations})`;
}

/**
 * The transaction options of a task: wait for `confirmations` and write each progress line
 * through `write` (stderr by default).
 */
export function progressReporter(
  confirmations: number,
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): TransactionOptions {
  return {
    confirmations,
    onSent: (tx) => write(sentLine(tx)),
    onConfirmation: (tx) => write(confirmedLine(tx)),
  };
}
