import { formatMilestoneApproved } from "./format.js";
import { milestoneAction } from "./milestone-action.js";

/** `invoice:approve <id> <index>`: the payer approves an approval milestone; it is paid. */
export default milestoneAction("approveMilestone", formatMilestoneApproved);
