import { ZeroAddress } from "ethers";

/**
 * Who governs a contract with an admin (the participant registry, the invoice escrow), and any
 * hand-over under way. Handing the admin power over takes two steps: the admin begins it, and the
 * new admin accepts it once `acceptableAfter` has passed; renouncing is a hand-over to nobody.
 */
export type Governance = {
  /** The admin now; the zero address only after governance renounced. */
  admin: string;
  /** Seconds a hand-over waits between its two steps (1 to 30 days). */
  delay: bigint;
  /** The hand-over under way, if any. */
  pending:
    | {
        /** The next admin; the zero address when governance is renouncing. */
        admin: string;
        /** Unix seconds after which it can be accepted (or the renounce completed). */
        acceptableAfter: bigint;
      }
    | undefined;
};

/** What the governance read needs of a contract with admin rules. */
export type AdminRulesContract = {
  defaultAdmin(): Promise<string>;
  defaultAdminDelay(): Promise<bigint>;
  pendingDefaultAdmin(): Promise<[string, bigint] & { newAdmin: string; schedule: bigint }>;
};

/** Reads the {@link Governance} of a contract with admin rules. */
export async function readGovernance(contract: AdminRulesContract): Promise<Governance> {
  const [admin, delay, [newAdmin, schedule]] = await Promise.all([
    contract.defaultAdmin(),
    contract.defaultAdminDelay(),
    contract.pendingDefaultAdmin(),
  ]);
  const pending =
    schedule === 0n ? undefined : { admin: newAdmin || ZeroAddress, acceptableAfter: schedule };
  return { admin, delay, pending };
}
