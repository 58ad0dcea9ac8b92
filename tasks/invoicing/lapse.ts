import { formatDisputeLapsed } from "./format.js";
import { milestoneAction } from "./milestone-action.js";

/** `invoice:lapse <id> <index>`: after the ruling period with no ruling, anyone lets the dispute lapse. */
export default milestoneAction("lapseDispute", (invoice, index, _token, tx) =>
  formatDisputeLapsed(invoice, index, tx),
);
