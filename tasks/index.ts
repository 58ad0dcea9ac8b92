/**
 * Every task of the suite, gathered from the subsystems that own them: each folder under tasks/
 * defines its tasks (index.ts), converts their arguments (args.ts), formats their results
 * (format.ts) and holds their actions, which load lazily. Option names are camelCase in the
 * definitions and kebab-case on the command line (`evidenceFile` is `--evidence-file`).
 */
import { circularTasks } from "./circular/index.js";
import { invoicingTasks } from "./invoicing/index.js";
import { invoicingListTasks } from "./invoicing/lists.js";
import { localTasks } from "./local/index.js";
import { participantsTasks } from "./participants/index.js";
import { participantsListTasks } from "./participants/lists.js";
import { procurementTasks } from "./procurement/index.js";
import { procurementListTasks } from "./procurement/lists.js";
import { provenanceTasks } from "./provenance/index.js";
import { provenanceListTasks } from "./provenance/lists.js";
import { withoutEmptyDefaults } from "./shared/defaults.js";
import { suiteTasks } from "./suite/index.js";

/**
 * Every task of the suite, in the order `npx hardhat --help` lists them; help shows an option
 * that is not given by default without a default (tasks/shared/defaults.ts).
 */
export const tasks = withoutEmptyDefaults([
  ...suiteTasks,
  ...participantsTasks,
  ...participantsListTasks,
  ...provenanceTasks,
  ...provenanceListTasks,
  ...invoicingTasks,
  ...invoicingListTasks,
  ...procurementTasks,
  ...procurementListTasks,
  ...circularTasks,
  ...localTasks,
]);
