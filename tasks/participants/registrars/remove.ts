import { formatRegistrarRemoved } from "../format.js";
import { registrarAction } from "./registrar-action.js";

/** `registrar:remove <account>`: governance removes a registrar. */
export default registrarAction("removeRegistrar", formatRegistrarRemoved);
