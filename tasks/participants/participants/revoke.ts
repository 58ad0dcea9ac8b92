import { formatRevoked } from "../format.js";
import { reasonedAction } from "./reasoned-action.js";

/** `participant:revoke <address> [--reason …]`: a registrar ends an accreditation for good. */
export default reasonedAction("revoke", formatRevoked);
