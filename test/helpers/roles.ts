/**
 * Test-side mirrors of the enums of IParticipantRegistry and bitmask helpers. Kept apart from the
 * SDK on purpose: the tests must not depend on code written against the same contracts.
 */

/** `IParticipantRegistry.Role`: role `r` is bit `1 << r` of a role set. */
export const Role = {
  Producer: 0,
  Manufacturer: 1,
  Customer: 2,
  ServiceProvider: 3,
  TestLab: 4,
  Inspector: 5,
  Remanufacturer: 6,
  Auditor: 7,
  StandardsBody: 8,
  Arbiter: 9,
  Device: 10,
  Recycler: 11,
} as const;
export type Role = (typeof Role)[keyof typeof Role];

/** Every role, in declaration order. */
export const ALL_ROLES: readonly Role[] = Object.values(Role);

/** `IParticipantRegistry.AccreditationState`. */
export const AccreditationState = {
  None: 0,
  Active: 1,
  Suspended: 2,
  Expired: 3,
  Revoked: 4,
} as const;
export type AccreditationState = (typeof AccreditationState)[keyof typeof AccreditationState];

/** `IParticipantRegistry.CertificateState`. */
export const CertificateState = {
  None: 0,
  Pending: 1,
  Valid: 2,
  Expired: 3,
  Revoked: 4,
} as const;
export type CertificateState = (typeof CertificateState)[keyof typeof CertificateState];

/** The role-set bitmask holding exactly `roles`. */
export function roleSet(...roles: Role[]): number {
  return roles.reduce<number>((mask, role) => mask | (1 << role), 0);
}

/** The "allowed states" bitmap of the `Unexpected*State` errors: bit `1 << state` per state. */
export function stateBitmap(...states: number[]): number {
  return states.reduce<number>((mask, state) => mask | (1 << state), 0);
}
