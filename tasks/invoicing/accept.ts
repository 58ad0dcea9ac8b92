import { formatDeliveryAccepted } from "./format.js";
import { milestoneAction } from "./milestone-action.js";

/** `invoice:accept <id> <index>`: the payer accepts a held delivery; it is paid at once. */
export default milestoneAction("acceptDelivery", formatDeliveryAccepted);
