import { task } from "hardhat/config";
import { JSON_FLAG } from "../shared/options.js";

/**
 * The suite's deployment task. The actions load lazily from their own files.
 */

// -----------------------------------------------------------------------------------------------
// Deployment
// -----------------------------------------------------------------------------------------------

export const suiteDeploy = task(
  "suite:deploy",
  "Deploy the suite with Ignition, governance as admin from the start, write deployments/chain-<id>.json",
)
  .addOption({
    name: "governance",
    description:
      "Governance address (multisig or timelock), never the deployer; default GOVERNANCE_ADDRESS, or account #1 on a local chain",
    defaultValue: "",
  })
  .addOption({
    name: "adminDelayDays",
    description:
      "Days a hand-over of the admin power waits between its two steps, 1 to 30 (default 2)",
    defaultValue: "",
  })
  .addOption({
    name: "deploymentId",
    description: "Ignition's journal to use under ignition/deployments; chain-<chainId> by default",
    defaultValue: "",
  })
  .addFlag(JSON_FLAG)
  .addFlag({
    name: "reset",
    description:
      "Wipe the journal and deploy a new copy instead of resuming (after a node restart)",
  })
  .setAction(() => import("./deploy.js"))
  .build();

/** Every task of this subsystem, in the order `npx hardhat --help` lists them. */
export const suiteTasks = [suiteDeploy];
