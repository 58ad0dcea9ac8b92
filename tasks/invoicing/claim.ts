import { formatClaimed } from "./format.js";
import { milestoneAction } from "./milestone-action.js";

/** `invoice:claim <id> <index>`: after a delivery's acceptance window, anyone releases its payment. */
export default milestoneAction("claim", formatClaimed);
