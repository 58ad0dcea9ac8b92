import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom, requireTokenUnits } from "../shared/args.js";
import { parseInvoiceId, parseMilestoneIndex } from "./args.js";
import { connect, runTask, tokenOf } from "../shared/context.js";
import { formatRuled } from "./format.js";
import { INVOICING_FLAGS } from "./flags.js";

/**
 * `invoice:rule <id> <index> --to-payee <amount>`: the invoice's arbiter splits a disputed
 * milestone; the amount (in token units, zero allowed) goes to the receivable holder, the rest
 * back to the payer.
 */
export default function rule(
  args: { invoice: string; index: string; toPayee: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const invoiceId = parseInvoiceId(args.invoice);
    const index = parseMilestoneIndex(args.index);
    const toPayee = requireTokenUnits(args.toPayee, "--to-payee", "ruling to the payee");
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const { invoices } = suite;
    const { tx, release, payer, token } = await invoices.rule({ invoiceId, index, toPayee });
    console.log(formatRuled({ invoiceId, payer, release }, await tokenOf(invoices, token), tx));
  }, INVOICING_FLAGS);
}
