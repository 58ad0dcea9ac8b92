import { formatQuarantined } from "../format.js";
import { reasonedPartAction } from "./reasoned-action.js";

/** `part:quarantine <part> [--reason …]`: the maker (or a registrar) quarantines a part. */
export default reasonedPartAction("quarantine", formatQuarantined);
