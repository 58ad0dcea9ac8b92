import { task } from "hardhat/config";
import { AFTER, JSON_FLAG, LIMIT } from "../shared/options.js";

/** The auction's list task: its orders, by state, paged. The action loads lazily. */

export const auctionList = task(
  "auction:list",
  "List the auction's orders, optionally by state, a page at a time",
)
  .addOption({
    name: "state",
    description:
      "Only orders in this state: bidding, revealing, settling, awarded, closed or cancelled",
    defaultValue: "",
  })
  .addOption(LIMIT)
  .addOption(AFTER)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./list-orders.js"))
  .build();

/** The auction's list tasks, for tasks/index.ts. */
export const procurementListTasks = [auctionList];
