import { InputError, InputErrorCode } from "../core/errors.js";

/** The participant roles, in the order of the contract's `Role` enum (bit `1 << index`). */
export const ROLE_NAMES = [
  "producer",
  "manufacturer",
  "customer",
  "service-provider",
  "test-lab",
  "inspector",
  "remanufacturer",
  "auditor",
  "standards-body",
  "arbiter",
  "device",
  "recycler",
] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

/** Where an accreditation stands, in the order of the contract's `AccreditationState`. */
export const ACCREDITATION_STATES = ["none", "active", "suspended", "expired", "revoked"] as const;
export type AccreditationState = (typeof ACCREDITATION_STATES)[number];

/** Where a certificate stands, in the order of the contract's `CertificateState`. */
export const CERTIFICATE_STATES = ["none", "pending", "valid", "expired", "revoked"] as const;
export type CertificateState = (typeof CERTIFICATE_STATES)[number];

/** The contract's enum value of a role. */
export function roleIndex(role: RoleName): number {
  return ROLE_NAMES.indexOf(role);
}

/** Reads a role name, accepting `test-lab`, `test_lab`, `TestLab` and `testlab` alike. */
export function parseRole(input: string): RoleName {
  const key = input
    .trim()
    .toLowerCase()
    .replace(/[\s_-]/g, "");
  const role = ROLE_NAMES.find((name) => name.replace(/-/g, "") === key);
  if (role === undefined) {
    throw new InputError(
      InputErrorCode.InvalidRole,
      `"${input.trim() || input}" is not a role; the roles are ${ROLE_NAMES.join(", ")}.`,
    );
  }
  return role;
}

/** Reads a comma-separated list of roles. */
export function parseRoles(input: string | readonly string[]): RoleName[] {
  const parts = typeof input === "string" ? input.split(",") : [...input];
  const roles = parts.filter((part) => part.trim() !== "").map(parseRole);
  if (roles.length === 0) {
    throw new InputError(
      InputErrorCode.InvalidRole,
      `No role given; name at least one of ${ROLE_NAMES.join(", ")}.`,
    );
  }
  return [...new Set(roles)];
}

/** The bitmask the contract stores for a set of roles. */
export function rolesToMask(roles: readonly RoleName[]): number {
  return roles.reduce((mask, role) => mask | (1 << roleIndex(role)), 0);
}

/** The roles named by a bitmask, in enum order; unknown bits are ignored. */
export function maskToRoles(mask: number | bigint): RoleName[] {
  const bits = Number(mask);
  return ROLE_NAMES.filter((_, i) => (bits & (1 << i)) !== 0);
}

/** A role as the contract's errors print it, for sentences: `standards body`. */
export function roleLabel(role: number | bigint): string {
  return ROLE_NAMES[Number(role)]?.replace(/-/g, " ") ?? `role #${role}`;
}

/** A bitmask of enum states as a list of their names, for sentences: `active or expired`. */
export function statesFromBitmap(bitmap: number | bigint, names: readonly string[]): string {
  const bits = Number(bitmap);
  const allowed = names.filter((_, i) => (bits & (1 << i)) !== 0);
  if (allowed.length <= 1) return allowed[0] ?? "none";
  return `${allowed.slice(0, -1).join(", ")} or ${allowed.at(-1)}`;
}
