import { formatRegistrarAppointed } from "../format.js";
import { registrarAction } from "./registrar-action.js";

/** `registrar:appoint <account>`: governance appoints a registrar. */
export default registrarAction("appointRegistrar", formatRegistrarAppointed);
