import { disputeAction } from "./dispute-action.js";

/** `invoice:dispute <id> <index> --reason …`: the payer or the supplier disputes a milestone. */
export default disputeAction("dispute");
