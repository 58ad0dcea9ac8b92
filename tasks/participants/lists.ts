import { task } from "hardhat/config";
import { AFTER, JSON_FLAG, LIMIT } from "../shared/options.js";

/**
 * The participant registry's list tasks: the participants it accredited (by role) and the
 * certificates it granted (by holder and scheme), paged. The actions load lazily.
 */

export const participantList = task(
  "participant:list",
  "List the accredited participants, optionally by role, a page at a time",
)
  .addOption({
    name: "role",
    description: "Only participants holding this role, e.g. producer",
    defaultValue: "",
  })
  .addOption(LIMIT)
  .addOption(AFTER)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./participants/list.js"))
  .build();

export const certificateList = task(
  "certificate:list",
  "List the certificates granted, optionally by holder and scheme, a page at a time",
)
  .addOption({
    name: "holder",
    description: "Only the certificates of this participant (an address)",
    defaultValue: "",
  })
  .addOption({
    name: "scheme",
    description: "Only the certificates under this scheme (its short name or bytes32 id)",
    defaultValue: "",
  })
  .addOption(LIMIT)
  .addOption(AFTER)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./certificates/list.js"))
  .build();

/** The participant registry's list tasks, for tasks/index.ts. */
export const participantsListTasks = [participantList, certificateList];
