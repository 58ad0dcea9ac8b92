/**
 * `fund` and `fundWithPermit`: the payer agrees to a proposed invoice by locking its total in
 * escrow, after an exact ERC-20 approval or with an EIP-2612 permit.
 */
import { assertInvariant } from "../../core/errors.js";
import { ensureAllowance, erc20 } from "../../core/erc20.js";
import { permitDeadline, requirePermitSigner, signPermit } from "../../core/token.js";
import { toUnixSeconds, forField } from "../../core/validate.js";
import type { Log } from "ethers";
import { type EscrowContext, NO_RECEIVABLE_SENTENCES } from "../context.js";
import { toInvoiceId } from "../encodings.js";
import { fundable, requireFundingBalance } from "../preflight.js";
import { withAgreement } from "../agreement.js";
import type {
  FundResult,
  FundWithPermitParameters,
  FundWithPermitResult,
  InvoiceAgreement,
  InvoiceIdParameter,
} from "../types.js";

/**
 * The payer (the signer) agrees to a proposed invoice by locking its total in escrow. The
 * client first checks that the invoice is proposed, that the signer is its payer and that the
 * payer holds the total; when the escrow's allowance is short of the total, it sends an ERC-20
 * `approve` of the escrow for exactly the total (replacing the old allowance) before funding,
 * and returns that transaction as `approval` (undefined when none was needed). A non-zero
 * allowance that is short is first set to zero (`allowanceReset`), for tokens that refuse to
 * change one non-zero allowance to another (USDT style). Returns the amount locked, from the
 * `InvoiceFunded` event, and the token and the supplier (who is paid until it assigns the
 * receivable), from the agreement. The agreement is the caller's (`agreement`) or the one the
 * invoice's proposal gives; a caller's that does not hash to the one stored is refused first.
 */
export async function fund(
  ctx: EscrowContext,
  invoiceId: InvoiceIdParameter,
  given?: InvoiceAgreement,
): Promise<FundResult> {
  const id = forField("invoiceId", () => toInvoiceId(invoiceId));
  const payer = await ctx.signerAddress();
  const invoice = await fundable(ctx, id, payer, given);
  const token = erc20(invoice.token, ctx.runner);
  await requireFundingBalance(ctx, token, invoice, payer);
  const { reset, approval } = await ensureAllowance(
    token,
    { owner: payer, spender: ctx.address, amount: invoice.total },
    {
      read: (call) => ctx.readToken(call),
      send: (sendTx) => ctx.send(sendTx, NO_RECEIVABLE_SENTENCES),
    },
  );
  const { tx, logs } = await withAgreement(ctx, id, invoice.agreement, (agreement) =>
    ctx.sendForLogs(() => ctx.contract.fund(id, agreement), undefined, invoice.token),
  );
  return {
    tx,
    approval,
    allowanceReset: reset,
    amount: fundedAmount(ctx, logs),
    token: invoice.token,
    supplier: invoice.agreement.supplier,
  };
}

/**
 * {@link fund} without a prior approval transaction: the payer (the signer) signs an EIP-2612
 * permit of the escrow for exactly the total, on the token's EIP-712 domain (its
 * `eip712Domain()` when it has one, else its `name()` with its `version()` or "1"), and the
 * escrow uses it in the same transaction. The permit lasts until `deadline` (one hour of the
 * chain's time by default). A token without `nonces()` has no permit: use {@link fund}. Returns
 * what {@link fund} does, but the approvals, and the permit's deadline.
 */
export async function fundWithPermit(
  ctx: EscrowContext,
  params: FundWithPermitParameters,
): Promise<FundWithPermitResult> {
  const id = forField("invoiceId", () => toInvoiceId(params.invoiceId));
  const { deadline: asked } = params;
  const given =
    asked === undefined
      ? undefined
      : forField("deadline", () => toUnixSeconds(asked, "permit deadline"));
  const payer = await ctx.signerAddress();
  const signer = requirePermitSigner(ctx.runner, "use fund");
  const deadline = permitDeadline(given, await ctx.chainTime());
  const invoice = await fundable(ctx, id, payer, params.agreement);
  const token = erc20(invoice.token, ctx.runner);
  await requireFundingBalance(ctx, token, invoice, payer);
  const signature = await signPermit(
    signer,
    token,
    {
      token: invoice.token,
      owner: payer,
      spender: ctx.address,
      value: invoice.total,
      deadline,
    },
    { read: ctx.read, readToken: ctx.readToken, provider: ctx.provider() },
    "fund the invoice with an approval instead.",
  );
  const { tx, logs } = await withAgreement(ctx, id, invoice.agreement, (agreement) =>
    ctx.sendForLogs(
      () =>
        ctx.contract.fundWithPermit(id, agreement, deadline, signature.v, signature.r, signature.s),
      undefined,
      invoice.token,
    ),
  );
  return {
    tx,
    amount: fundedAmount(ctx, logs),
    token: invoice.token,
    supplier: invoice.agreement.supplier,
    deadline,
  };
}

/** The amount of the receipt's `InvoiceFunded` event. */
function fundedAmount(ctx: EscrowContext, logs: readonly Log[]): bigint {
  const [event] = ctx.findEvents(logs, "InvoiceFunded");
  assertInvariant(event !== undefined, "funding emitted no InvoiceFunded event");
  return event.args.amount as bigint;
}
