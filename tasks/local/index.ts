import { task } from "hardhat/config";
import { JSON_FLAG } from "../shared/options.js";

/**
 * Helpers for local chains only (`npx hardhat node` or anvil, with `--network localhost`): a test
 * stablecoin, moving time, mining blocks. Each refuses, with a sentence and exit code 1, a node
 * that answers neither `hardhat_metadata` nor `anvil_nodeInfo` (see ./common.ts). The actions
 * load lazily from their own files.
 */

export const localToken = task(
  "local:token",
  "Local chains only: mint a test stablecoin (6 decimals) to an account, deploying it on first use",
)
  .addPositionalArgument({
    name: "to",
    description: "The account that receives the tokens: an address or an account index",
  })
  .addOption({
    name: "amount",
    description: "How much to mint, in token units (e.g. 10000 or 1250.50); required",
    defaultValue: "",
  })
  .addOption({
    name: "token",
    description:
      "Mint more of this token (any with an open mint) instead of the recorded test stablecoin",
    defaultValue: "",
  })
  .addOption({
    name: "from",
    description: "The account that sends the transactions: an address or an index; #0 by default",
    defaultValue: "",
  })
  .addFlag(JSON_FLAG)
  .setAction(() => import("./token.js"))
  .build();

export const localTime = task(
  "local:time",
  "Local chains only: move the chain's time forward by --days/--hours, or to --to <date>, mining one block",
)
  .addOption({ name: "days", description: "Days to move forward (whole)", defaultValue: "" })
  .addOption({ name: "hours", description: "Hours to move forward (whole)", defaultValue: "" })
  .addOption({
    name: "to",
    description: "The time to move to: 2027-12-31, 2027-12-31T12:00:00Z or unix seconds (UTC)",
    defaultValue: "",
  })
  .addFlag(JSON_FLAG)
  .setAction(() => import("./time.js"))
  .build();

export const localMine = task(
  "local:mine",
  "Local chains only: mine empty blocks, one second apart",
)
  .addOption({ name: "blocks", description: "How many blocks (1 by default)", defaultValue: "" })
  .addFlag(JSON_FLAG)
  .setAction(() => import("./mine.js"))
  .build();

/** Every task of this family, in the order `npx hardhat --help` lists them. */
export const localTasks = [localToken, localTime, localMine];
