import { formatAuditorDeauthorized } from "../format.js";
import { auditorAction } from "./auditor-action.js";

/** `scheme:deauthorize-auditor <scheme> <auditor>`: the scheme's standards body withdraws. */
export default auditorAction("deauthorizeAuditor", formatAuditorDeauthorized);
