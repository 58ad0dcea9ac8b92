import { formatAuditorAuthorized } from "../format.js";
import { auditorAction } from "./auditor-action.js";

/** `scheme:authorize-auditor <scheme> <auditor>`: the scheme's standards body authorises. */
export default auditorAction("authorizeAuditor", formatAuditorAuthorized);
