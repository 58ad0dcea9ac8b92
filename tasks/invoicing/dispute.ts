import { disputeAction } from "./dispute-action.js";

/**
 * `invoice:dispute <id> <index> --reason …`: the payer disputes a delivery within its window, or
 * the supplier a pending milestone.
 */
export default disputeAction("dispute");
