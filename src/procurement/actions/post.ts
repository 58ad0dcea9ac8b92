/** `postOrder`: the customer posts an order and locks its budget in the auction. */
import { ZeroAddress, ZeroHash } from "ethers";
import { assertInvariant, InputError, InputErrorCode } from "../../core/errors.js";
import { erc20 } from "../../core/erc20.js";
import {
  formatTime,
  nonZeroAddress,
  requireFuture,
  schemeName,
  toDocumentHash,
  toSchemeId,
  toUnixSeconds,
  forField,
} from "../../core/validate.js";
import { checkAmountShape, toPeriod, toTokenAmount } from "../../invoicing/encodings.js";
import type { AuctionContext } from "../context.js";
import { AUCTION_LIMITS } from "../encodings.js";
import { termsFrom } from "../orders.js";
import { approveIfShort, ARBITER, CUSTOMER, requireBalance, toQuantity } from "../preflight.js";
import type { PostedOrder, PostOrderParameters, PostOrderResult } from "../types.js";

/**
 * The customer (the signer, an active accredited customer) posts an order and locks its budget
 * (`maxUnitPrice * quantity`) in the auction. The client first checks the terms, the timeline
 * against the chain's clock, that the arbiter is an active accredited arbiter (the award could
 * not open the invoice otherwise), that the required scheme exists and that the customer holds
 * the budget; when the auction's allowance is short of the budget, it sends an ERC-20 `approve`
 * of exactly the budget first and returns it as `approval` (a short non-zero allowance is set
 * to zero before, `allowanceReset`, for tokens that refuse to change one non-zero allowance to
 * another). Returns the order's id and budget, from the `OrderPosted` event, and its token and
 * the terms posted (specification, quantity, scheme, prices, bond, pricing and timeline), as sent,
 * and the order as posted (`order`: its customer and terms, from the event), which the client
 * keeps for the order's later calls.
 */
export async function postOrder(
  ctx: AuctionContext,
  params: PostOrderParameters,
): Promise<PostOrderResult> {
  const spec = forField("spec", () => toDocumentHash(params.spec, "specification hash"));
  const quantity = forField("quantity", () => toQuantity(params.quantity));
  const requiredScheme =
    params.requiredScheme === undefined || params.requiredScheme.trim() === ""
      ? undefined
      : forField("requiredScheme", () => toSchemeId(params.requiredScheme as string));
  const token = forField("token", () => nonZeroAddress(params.token, "token address"));
  const arbiter =
    params.arbiter === undefined
      ? ZeroAddress
      : forField("arbiter", () => nonZeroAddress(params.arbiter as string, "arbiter address"));
  const biddingEnds = forField("biddingEnds", () =>
    toUnixSeconds(params.biddingEnds, "end of bidding"),
  );
  const revealEnds = forField("revealEnds", () =>
    toUnixSeconds(params.revealEnds, "end of revealing"),
  );
  const deliveryBy = forField("deliveryBy", () =>
    toUnixSeconds(params.deliveryBy, "latest delivery date"),
  );
  const acceptanceWindow = forField("acceptanceWindow", () =>
    toPeriod(params.acceptanceWindow ?? 0n, "acceptance window", 0n, AUCTION_LIMITS.maxPeriod),
  );
  const gracePeriod = forField("gracePeriod", () =>
    toPeriod(params.gracePeriod ?? 0n, "grace period", 0n, AUCTION_LIMITS.maxPeriod),
  );
  const rulingPeriod = forField("rulingPeriod", () =>
    toPeriod(
      params.rulingPeriod,
      "ruling period",
      AUCTION_LIMITS.minRulingPeriod,
      AUCTION_LIMITS.maxPeriod,
    ),
  );
  if (params.secondPrice !== undefined && typeof params.secondPrice !== "boolean") {
    throw new InputError(
      InputErrorCode.InvalidKind,
      "secondPrice must be true (the winner is paid the second-best price) or false.",
      { field: "secondPrice" },
    );
  }
  forField("maxUnitPrice", () =>
    checkAmountShape(params.maxUnitPrice, "maximum unit price", "80.50", { aboveZero: true }),
  );
  forField("bond", () => checkAmountShape(params.bond, "bond", "80.50", { aboveZero: true }));
  if (revealEnds < biddingEnds + AUCTION_LIMITS.minPhase) {
    throw new InputError(
      InputErrorCode.InvalidTime,
      `Revealing must end at least one hour after bidding ends (${formatTime(biddingEnds)}); ` +
        `${formatTime(revealEnds)} is too early.`,
      { field: "revealEnds" },
    );
  }
  if (deliveryBy < revealEnds + AUCTION_LIMITS.minPhase) {
    throw new InputError(
      InputErrorCode.InvalidTime,
      "The latest delivery date must be at least one hour after revealing ends " +
        `(${formatTime(revealEnds)}); ${formatTime(deliveryBy)} is too early.`,
      { field: "deliveryBy" },
    );
  }

  const customer = await ctx.signerAddress();
  if (arbiter === customer) {
    throw new InputError(
      InputErrorCode.InvalidAddress,
      `The arbiter ${arbiter} is the signer, the customer; the arbiter must be neither party.`,
      { field: "arbiter" },
    );
  }
  const now = await ctx.chainTime();
  forField("biddingEnds", () => requireFuture(biddingEnds, now, "end of bidding"));
  const info = await ctx.tokenInfo(token);
  const maxUnitPrice = forField("maxUnitPrice", () =>
    toTokenAmount(params.maxUnitPrice, info.decimals, "maximum unit price", {
      min: 1n,
      max: AUCTION_LIMITS.maxAmount,
    }),
  );
  const bond = forField("bond", () =>
    toTokenAmount(params.bond, info.decimals, "bond", { min: 1n, max: AUCTION_LIMITS.maxAmount }),
  );
  const budget = maxUnitPrice * BigInt(quantity);
  if (budget > AUCTION_LIMITS.maxAmount) {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The budget (${quantity} parts at ${maxUnitPrice} each) is ${budget}, more than the ` +
        "invoice the award opens can hold (2^128 - 1).",
      { field: "maxUnitPrice" },
    );
  }
  const registry = await ctx.registry();
  if (!(await ctx.read(() => registry.isActive(customer, CUSTOMER)))) {
    throw new InputError(
      InputErrorCode.WrongAccount,
      `The signer ${customer} is not an active accredited customer, so it cannot post an order.`,
    );
  }
  if (arbiter !== ZeroAddress && !(await ctx.read(() => registry.isActive(arbiter, ARBITER)))) {
    throw new InputError(
      InputErrorCode.WrongAccount,
      `The arbiter ${arbiter} is not an active accredited arbiter; the award could not open ` +
        "the invoice with it.",
      { field: "arbiter" },
    );
  }
  if (requiredScheme !== undefined) {
    const scheme = await ctx.read(() => registry.scheme(requiredScheme));
    if (scheme.standardsBody === ZeroAddress) {
      throw new InputError(
        InputErrorCode.InvalidScheme,
        `No scheme ${schemeName(requiredScheme)} has been defined, so no bidder could hold its ` +
          "certificate.",
        { field: "requiredScheme" },
      );
    }
  }
  const contract = erc20(token, ctx.runner);
  await requireBalance(ctx, contract, {
    info,
    holder: customer,
    amount: budget,
    what: "the order's budget",
  });
  const { reset, approval } = await approveIfShort(ctx, contract, {
    runner: ctx.runner,
    owner: customer,
    amount: budget,
  });

  const { tx, logs } = await ctx.sendForLogs(
    () =>
      ctx.contract.postOrder({
        specHash: spec,
        quantity,
        requiredScheme: requiredScheme ?? ZeroHash,
        maxUnitPrice,
        token,
        biddingEnds,
        revealEnds,
        deliveryBy,
        bond,
        secondPrice: params.secondPrice ?? false,
        arbiter,
        acceptanceWindow,
        gracePeriod,
        rulingPeriod,
      }),
    token,
  );
  const [event] = ctx.findEvents(logs, "OrderPosted");
  assertInvariant(event !== undefined, "postOrder emitted no OrderPosted event");
  const orderId = event.args.orderId as bigint;
  const order: PostedOrder = {
    customer: event.args.customer as string,
    terms: termsFrom(event.args.terms),
  };
  ctx.orders.set(orderId, order);
  return {
    tx,
    orderId,
    order,
    approval,
    allowanceReset: reset,
    budget: event.args.budget as bigint,
    token,
    spec,
    quantity,
    requiredScheme,
    maxUnitPrice,
    bond,
    pricing: params.secondPrice === true ? "second-price" : "first-price",
    biddingEnds,
    revealEnds,
    deliveryBy,
  };
}
