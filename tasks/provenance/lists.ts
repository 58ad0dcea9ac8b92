import { task } from "hardhat/config";
import { AFTER, JSON_FLAG, LIMIT } from "../shared/options.js";

/**
 * The parts registry's list tasks: specifications (by maker), batches (by holder) and parts (by
 * holder, maker, specification or status), paged. The actions load lazily.
 */

const MAKER = {
  name: "maker",
  description: "Only those of this manufacturer (an address)",
  defaultValue: "",
} as const;
const OWNER = {
  name: "owner",
  description: "Only those this account holds now (an address)",
  defaultValue: "",
} as const;

export const specList = task(
  "spec:list",
  "List the part specifications, optionally by maker, a page at a time",
)
  .addOption(MAKER)
  .addOption(LIMIT)
  .addOption(AFTER)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./specs/list.js"))
  .build();

export const batchList = task(
  "batch:list",
  "List the material batches, optionally by holder, a page at a time",
)
  .addOption(OWNER)
  .addOption(LIMIT)
  .addOption(AFTER)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./batches/list.js"))
  .build();

export const partList = task(
  "part:list",
  "List the parts, optionally by holder, maker, specification or status, a page at a time",
)
  .addOption(OWNER)
  .addOption(MAKER)
  .addOption({
    name: "spec",
    description: "Only parts of this specification: its hash (0x…) or its document file",
    defaultValue: "",
  })
  .addOption({
    name: "status",
    description:
      "Only parts in this status now: made, in-service, quarantined, returned, recycled, destroyed",
    defaultValue: "",
  })
  .addOption(LIMIT)
  .addOption(AFTER)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./parts/list.js"))
  .build();

/** The parts registry's list tasks, for tasks/index.ts. */
export const provenanceListTasks = [specList, batchList, partList];
