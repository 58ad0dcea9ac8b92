import { formatReleased } from "../format.js";
import { reasonedPartAction } from "./reasoned-action.js";

/** `part:release <part> [--reason …]`: the maker (or a registrar) releases a quarantined part. */
export default reasonedPartAction("release", formatReleased);
