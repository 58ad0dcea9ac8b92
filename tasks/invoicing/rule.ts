import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { invoiceSigner } from "./common.js";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { requireTokenUnits } from "../shared/args.js";
import { parseInvoiceId, parseMilestoneIndex } from "./args.js";
import { runTask, tokenOf } from "../shared/context.js";
import { formatRuled } from "./format.js";
import { INVOICING_FLAGS } from "./flags.js";

/**
 * `invoice:rule <id> <index> --to-payee <amount>`: the invoice's arbiter splits a disputed
 * milestone; the amount (in token units, zero allowed) goes to the receivable holder, the rest
 * back to the payer.
 */
export default function rule(
  args: { invoice: string; index: string; toPayee: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const invoiceId = parseInvoiceId(args.invoice);
    const index = parseMilestoneIndex(args.index);
    const toPayee = requireTokenUnits(args.toPayee, "--to-payee", "ruling to the payee");
    const { suite } = await connectAs(
      hre,
      args.from,
      invoiceSigner(invoiceId, "arbiter", "the invoice's arbiter"),
    );
    const { invoices } = suite;
    const { tx, release, payer, token } = await invoices.rule({ invoiceId, index, toPayee });
    const tokenInfo = await tokenOf(invoices, token);
    printResult(args.json, { invoiceId, index, payer, release, token: tokenInfo, tx }, () =>
      formatRuled({ invoiceId, payer, release }, tokenInfo, tx),
    );
  }, INVOICING_FLAGS);
}
