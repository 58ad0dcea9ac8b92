import { formatSuspended } from "../format.js";
import { reasonedAction } from "./reasoned-action.js";

/** `participant:suspend <address> [--reason …]`: a registrar suspends a participant. */
export default reasonedAction("suspend", formatSuspended);
