import { disputeAction } from "./dispute-action.js";

/** `invoice:reject <id> <index> --reason …`: the payer rejects a held delivery, opening a dispute. */
export default disputeAction("rejectDelivery");
