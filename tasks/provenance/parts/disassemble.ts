import { formatDisassembled } from "../format.js";
import { reasonedPartAction } from "./reasoned-action.js";

/** `part:disassemble <child> [--reason …]`: the assembly's owner takes a child part out. */
export default reasonedPartAction("disassemble", formatDisassembled);
