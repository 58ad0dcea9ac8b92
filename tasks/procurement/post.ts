import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { formatPaymentApprovals } from "../shared/format.js";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { resolveSpecHash } from "../provenance/args.js";
import {
  daysOption,
  parseNonZeroAddress,
  requireAddressOption,
  requireTokenUnits,
} from "../shared/args.js";
import { requireOrderTimeline, requirePartCount } from "./args.js";
import { runTask, tokenOf } from "../shared/context.js";
import { formatOrderPosted } from "./format.js";
import { PROCUREMENT_FLAGS } from "./flags.js";

/**
 * `auction:post --spec <hash or file> --quantity <n> --max-price <amount> --token <address>
 * --bidding-ends <date> --reveal-ends <date> --deliver-by <date> --bond <amount> --ruling-days <n>
 * [--scheme <name>] [--second-price] [--arbiter <address>] [--window-days <n>] [--grace-days <n>]`:
 * the customer posts an order and locks its budget, approving the auction first when needed.
 */
export default function postOrder(
  args: {
    spec: string;
    quantity: string;
    scheme: string;
    maxPrice: string;
    token: string;
    biddingEnds: string;
    revealEnds: string;
    deliverBy: string;
    bond: string;
    secondPrice: boolean;
    arbiter: string;
    windowDays: string;
    graceDays: string;
    rulingDays: string;
    from: string;
    json: boolean;
  },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const spec = await resolveSpecHash(args.spec);
    const quantity = requirePartCount(args.quantity);
    const maxUnitPrice = requireTokenUnits(args.maxPrice, "--max-price", "maximum unit price");
    const token = requireAddressOption(args.token, "--token", "token");
    const timeline = requireOrderTimeline(args);
    const bond = requireTokenUnits(args.bond, "--bond", "bond");
    const acceptanceWindow = daysOption(args.windowDays, "--window-days", "acceptance window", 0n);
    const gracePeriod = daysOption(args.graceDays, "--grace-days", "grace period", 0n);
    const rulingPeriod = daysOption(args.rulingDays, "--ruling-days", "ruling period");
    const arbiter =
      args.arbiter.trim() === ""
        ? undefined
        : parseNonZeroAddress(args.arbiter, "arbiter address (--arbiter)");
    const scheme = args.scheme.trim();
    const { suite } = await connectAs(hre, args.from, "a customer (an accredited customer)");
    const { auctions } = suite;
    const { tx, orderId, approval, allowanceReset, ...posted } = await auctions.postOrder({
      spec,
      quantity,
      maxUnitPrice,
      token,
      ...timeline,
      bond,
      secondPrice: args.secondPrice,
      acceptanceWindow,
      gracePeriod,
      rulingPeriod,
      ...(arbiter === undefined ? {} : { arbiter }),
      ...(scheme === "" ? {} : { requiredScheme: scheme }),
    });
    const info = await tokenOf(auctions, posted.token);
    const json = { orderId, ...posted, token: info, allowanceReset, approval, tx };
    printResult(args.json, json, () => [
      ...formatPaymentApprovals(
        { allowanceReset, approval },
        { address: auctions.address, name: "auction" },
        posted.budget,
        info,
        "the order's budget",
      ),
      formatOrderPosted({ id: orderId, ...posted }, info, tx),
    ]);
  }, PROCUREMENT_FLAGS);
}
