/**
 * Test-side mirror of `IPartRegistry.AttestationKind` and its bitmask. Kept apart from the SDK on
 * purpose: the tests must not depend on code written against the same contracts.
 */

/** Test-side mirror of `IPartRegistry.AttestationKind`. */
export const Kind = {
  Test: 0,
  Measurement: 1,
  Inspection: 2,
  Calibration: 3,
  Service: 4,
  Repair: 5,
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

/** The bitmask of attestation kinds: bit `1 << kind` per kind. */
export function kindSet(...kinds: Kind[]): number {
  return kinds.reduce<number>((mask, kind) => mask | (1 << kind), 0);
}
