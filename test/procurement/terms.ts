/**
 * `OrderTerms` as the positional tuple an event carries, in the order of the contract's ABI (read
 * from the ABI, so that a reordering of the struct's fields for packing never goes stale here).
 */
import { Interface } from "ethers";
import { IProcurementAuction__factory } from "../../src/index.js";
import type { OrderTerms } from "./fixture.js";

const postOrder = new Interface(IProcurementAuction__factory.abi).getFunction("postOrder");

/** The `OrderTerms` field names in ABI order. */
export const ORDER_TERMS_KEYS: readonly (keyof OrderTerms)[] = (
  postOrder?.inputs[0]?.components ?? []
).map((field) => field.name as keyof OrderTerms);

/** `terms` as the positional tuple `OrderPosted` carries. */
export function orderTermsTuple(terms: OrderTerms): unknown[] {
  return ORDER_TERMS_KEYS.map((key) => terms[key]);
}
