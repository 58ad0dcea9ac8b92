import { task } from "hardhat/config";
import { FROM, JSON_FLAG } from "../shared/options.js";

/**
 * The procurement tasks: sealed-bid reverse auctions for parts, from posting an order to
 * settling it and releasing the bonds. The actions load lazily from their own files.
 */

// -----------------------------------------------------------------------------------------------
// Procurement auctions
// -----------------------------------------------------------------------------------------------

const ORDER = { name: "order", description: "The order's id" } as const;
const BIDS_DIR = {
  name: "bidsDir",
  description:
    "The folder of saved bids (their reveal data and secret salts); SUITE_BIDS_DIR or bids/ when omitted",
  defaultValue: "",
} as const;

export const auctionPost = task(
  "auction:post",
  "Post an order for parts and lock its budget, approving the auction first when needed (customer)",
)
  .addOption({
    name: "spec",
    description: "The parts' specification: its hash (0x…) or its document file",
    defaultValue: "",
  })
  .addOption({ name: "quantity", description: "How many parts: 1 to 100", defaultValue: "" })
  .addOption({
    name: "scheme",
    description: "A certification scheme every valid bidder must hold; none when omitted",
    defaultValue: "",
  })
  .addOption({
    name: "maxPrice",
    description: "Required: the highest unit price a bid may ask, in token units",
    defaultValue: "",
  })
  .addOption({
    name: "token",
    description: "Required: the ERC-20 token it pays in",
    defaultValue: "",
  })
  .addOption({
    name: "biddingEnds",
    description: "When bidding ends: 2027-12-31, an ISO date-time or unix seconds",
    defaultValue: "",
  })
  .addOption({
    name: "revealEnds",
    description: "When revealing ends: at least one hour after bidding",
    defaultValue: "",
  })
  .addOption({
    name: "deliverBy",
    description:
      "The latest delivery date (the invoice's due date): at least one hour after revealing",
    defaultValue: "",
  })
  .addOption({
    name: "bond",
    description:
      "Required: what every sealed bid posts, in token units; lost if the bid is never revealed",
    defaultValue: "",
  })
  .addFlag({
    name: "secondPrice",
    description: "Pay the winner the second-best valid price instead of its own",
  })
  .addOption({
    name: "arbiter",
    description: "An accredited arbiter of the invoice to come; none when omitted",
    defaultValue: "",
  })
  .addOption({
    name: "windowDays",
    description: "Days to accept or reject the delivery; 0 (paid at delivery) when omitted",
    defaultValue: "",
  })
  .addOption({
    name: "graceDays",
    description:
      "Days after the delivery date during which delivery is still taken; 0 when omitted",
    defaultValue: "",
  })
  .addOption({
    name: "rulingDays",
    description: "Days the arbiter has to rule on a dispute before it lapses",
    defaultValue: "",
  })
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./post.js"))
  .build();

export const auctionCancel = task(
  "auction:cancel",
  "Cancel an order before its first bid; the budget goes back (customer)",
)
  .addPositionalArgument(ORDER)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./cancel.js"))
  .build();

export const auctionCommit = task(
  "auction:commit",
  "Seal a bid with its bond; the reveal data is saved before it is sent (bidder: an accredited manufacturer)",
)
  .addPositionalArgument(ORDER)
  .addOption({
    name: "price",
    description: "Required: the unit price asked, in token units",
    defaultValue: "",
  })
  .addOption({
    name: "delivery",
    description: "Required: the promised delivery date, by the order's latest delivery date",
    defaultValue: "",
  })
  .addOption({
    name: "committer",
    description:
      "Another account (index or address) that sends the bid and posts the bond, so nobody sees who bids; --from when omitted",
    defaultValue: "",
  })
  .addOption({
    name: "salt",
    description: "32 secret bytes (0x…); derived from the bidder's key when omitted (recommended)",
    defaultValue: "",
  })
  .addOption(BIDS_DIR)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./commit.js"))
  .build();

export const auctionReveal = task(
  "auction:reveal",
  "Reveal your sealed bids on an order: the saved ones, or one given by price and date when its file is lost (bidder)",
)
  .addPositionalArgument(ORDER)
  .addOption({
    name: "sequence",
    description:
      "Optional (a bid is found on chain by its commitment): reveal only the saved bid of this number, or check the number of the bid given by price and date",
    defaultValue: "",
  })
  .addOption({
    name: "price",
    description: "Without a saved file: the unit price exactly as sealed, in token units",
    defaultValue: "",
  })
  .addOption({
    name: "delivery",
    description: "Without a saved file: the delivery date exactly as sealed",
    defaultValue: "",
  })
  .addOption({
    name: "salt",
    description: "Without a saved file: the salt, if it was given at commit (else re-derived)",
    defaultValue: "",
  })
  .addOption(BIDS_DIR)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./reveal.js"))
  .build();

export const auctionSettle = task(
  "auction:settle",
  "Settle an order after revealing: open the winner's invoice, or close it; refund the rest (anyone)",
)
  .addPositionalArgument(ORDER)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./settle.js"))
  .build();

export const auctionReleaseBond = task(
  "auction:release-bond",
  "Release the winner's bond once its invoice is settled: to the winner if it delivered (anyone)",
)
  .addPositionalArgument(ORDER)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./release-bond.js"))
  .build();

export const auctionWithdraw = task(
  "auction:withdraw",
  "Send what the auction credited to you under an order (payments you could not receive) to an address",
)
  .addPositionalArgument(ORDER)
  .addOption({ name: "to", description: "Required: where to send it", defaultValue: "" })
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./withdraw.js"))
  .build();

export const auctionShow = task(
  "auction:show",
  "Show an order and its auction (while bidding: only how many bids are sealed)",
)
  .addPositionalArgument(ORDER)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./show.js"))
  .build();

/** Every task of this subsystem, in the order `npx hardhat --help` lists them. */
export const procurementTasks = [
  auctionPost,
  auctionCancel,
  auctionCommit,
  auctionReveal,
  auctionSettle,
  auctionReleaseBond,
  auctionWithdraw,
  auctionShow,
];
