/** The core market: list, delist and buy a graded core. */
import { ZeroAddress } from "ethers";
import { CORE_SENTENCES } from "../core/decode.js";
import { InputError, InputErrorCode } from "../core/errors.js";
import type { TxResult } from "../core/tx.js";
import { formatDuration, formatTime, nonZeroAddress, forField } from "../core/validate.js";
import { checkAmountShape } from "../invoicing/encodings.js";
import { formatPartId, toPartId } from "../provenance/encodings.js";
import { heldCore, isOem, requireCoreHolder, requireNoHold, requireRole } from "./checks.js";
import { type CircularContext, wrongState } from "./context.js";
import { amountsOf, pay, tokenAmount } from "./payments.js";
import type { BuyParameters, IdParameter, ListParameters, PaymentApprovals } from "./types.js";
import { toSeconds } from "./validate.js";

/** The holder (the signer) offers a held core at a price above zero, replacing any offer. */
export async function list(
  ctx: CircularContext,
  params: ListParameters,
): Promise<{ tx: TxResult; token: string; price: bigint }> {
  const coreId = forField("coreId", () => toPartId(params.coreId, "core id"));
  const token = forField("token", () => nonZeroAddress(params.token, "token address"));
  forField("price", () => checkAmountShape(params.price, "price", "12.50", { aboveZero: true }));
  const seller = await ctx.signerAddress();
  const core = await heldCore(ctx, coreId);
  requireCoreHolder(core, coreId, seller, "lists it");
  const price = await tokenAmount(ctx, token, params.price, "price", 1n);
  const tx = await ctx.send(() => ctx.cores.list(coreId, token, price), CORE_SENTENCES);
  return { tx, token, price };
}

/** The holder (the signer) withdraws a core's offer. */
export async function delist(ctx: CircularContext, coreId: IdParameter): Promise<TxResult> {
  const id = forField("coreId", () => toPartId(coreId, "core id"));
  const seller = await ctx.signerAddress();
  const core = await heldCore(ctx, id);
  requireCoreHolder(core, id, seller, "delists it");
  if (core.listing === undefined) {
    throw wrongState(`The core ${formatPartId(id)} is not listed.`);
  }
  return ctx.send(() => ctx.cores.delist(id), CORE_SENTENCES);
}

/**
 * An accredited remanufacturer or recycler (the signer) buys a listed core: the client checks
 * the listing (and that it is the offer given, when `token` and `price` are), the grade's age,
 * and the signer's balance, approves the core registry for exactly the price when the allowance
 * is short, and buys with the listing's token and price, so that a changed offer is refused.
 */
export async function buy(
  ctx: CircularContext,
  params: BuyParameters,
): Promise<
  {
    tx: TxResult;
    seller: string;
    token: string;
    price: bigint;
  } & PaymentApprovals
> {
  const coreId = forField("coreId", () => toPartId(params.coreId, "core id"));
  const expectedToken =
    params.token === undefined ? undefined : nonZeroAddress(params.token, "token address");
  const price = params.price;
  if (price !== undefined) {
    forField("price", () => checkAmountShape(price, "price", "12.50", { aboveZero: true }));
  }
  const maxGradeAge =
    params.maxGradeAge === undefined ? 0n : toSeconds(params.maxGradeAge, "maximum grade age");
  const buyer = await ctx.signerAddress();
  const core = await heldCore(ctx, coreId);
  if (!(await isOem(ctx, buyer, core.spec))) {
    await requireRole(
      ctx,
      buyer,
      ["remanufacturer", "recycler"],
      "buys cores (or the OEM of the core's specification)",
    );
  }
  await requireNoHold(ctx, coreId);
  const listing = core.listing;
  if (listing === undefined) {
    throw wrongState(`The core ${formatPartId(coreId)} is not listed.`);
  }
  const seller = core.holder ?? ZeroAddress;
  if (seller === buyer) {
    throw new InputError(
      InputErrorCode.WrongAccount,
      `The signer ${buyer} is the seller of core ${formatPartId(coreId)}; it cannot buy its own core.`,
    );
  }
  if (expectedToken !== undefined && expectedToken !== listing.token) {
    throw wrongState(
      `The core ${formatPartId(coreId)} is listed in the token ${listing.token}, not in ${expectedToken}.`,
    );
  }
  if (params.price !== undefined) {
    const expected = await tokenAmount(ctx, listing.token, params.price, "price", 1n);
    if (expected !== listing.price) {
      const amount = await amountsOf(ctx, listing.token);
      throw wrongState(
        `The core ${formatPartId(coreId)} is listed at ${amount(listing.price)}, not at ` +
          `${amount(expected)}.`,
      );
    }
  }
  if (maxGradeAge > 0n) {
    if (core.grade === undefined) {
      throw wrongState(`The core ${formatPartId(coreId)} has no grade yet.`);
    }
    const now = await ctx.chainTime();
    if (core.grade.gradedAt + maxGradeAge <= now) {
      throw wrongState(
        `The core ${formatPartId(coreId)} was last graded at ${formatTime(core.grade.gradedAt)}, ` +
          `more than ${formatDuration(maxGradeAge)} before the chain's time ${formatTime(now)}.`,
      );
    }
  }
  const approvals = await pay(ctx, listing.token, buyer, ctx.addresses.coreRegistry, listing.price);
  const tx = await ctx.send(
    () => ctx.cores.buy(coreId, listing.token, listing.price, maxGradeAge),
    CORE_SENTENCES,
    listing.token,
  );
  return { tx, seller, token: listing.token, price: listing.price, ...approvals };
}
