import { task } from "hardhat/config";
import { AFTER, JSON_FLAG, LIMIT } from "../shared/options.js";

/** The escrow's list task: its invoices, by party and state, paged. The action loads lazily. */

export const invoiceList = task(
  "invoice:list",
  "List the invoices, optionally by party and state, a page at a time",
)
  .addOption({
    name: "party",
    description: "Only invoices this account is a party to: supplier, payer, arbiter or holder",
    defaultValue: "",
  })
  .addOption({
    name: "state",
    description: "Only invoices in this state: proposed, funded, settled or cancelled",
    defaultValue: "",
  })
  .addOption(LIMIT)
  .addOption(AFTER)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./list-invoices.js"))
  .build();

/** The escrow's list tasks, for tasks/index.ts. */
export const invoicingListTasks = [invoiceList];
