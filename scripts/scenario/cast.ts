import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { RoleName } from "../../src/index.js";

/** One member of the cast: who they are, in the story and on chain. */
export type Actor = {
  name: string;
  signer: HardhatEthersSigner;
  address: string;
  roles: RoleName[];
};

/** The people and organisations of the story, each with the roles a registrar accredits. */
export const CAST = {
  governance: { name: "Consortium governance council", roles: [] },
  registrar: { name: "Aviation Parts Registrar", roles: [] },
  standardsBody: { name: "Aerospace Standards Institute", roles: ["standards-body"] },
  auditor: { name: "Northern Certification Ltd (auditor)", roles: ["auditor"] },
  producer: { name: "Titan Alloys (titanium producer)", roles: ["producer"] },
  manufacturer: { name: "Precision Aero Components", roles: ["manufacturer"] },
  apex: { name: "Apex Precision Machining", roles: ["manufacturer"] },
  coastal: { name: "Coastal Machining Works", roles: ["manufacturer"] },
  customer: { name: "SkyLine Airlines (customer)", roles: ["customer"] },
  testLab: { name: "Metrology & Test Lab", roles: ["test-lab", "inspector"] },
  serviceProvider: { name: "MRO Services (service provider)", roles: ["service-provider"] },
  remanufacturer: { name: "Second Life Aero (remanufacturer)", roles: ["remanufacturer"] },
  arbiter: { name: "Trade Arbitration Chamber", roles: ["arbiter"] },
  // Buys receivables; needs no accreditation to hold one.
  financier: { name: "Aero Receivables Fund (financier)", roles: [] },
  recycler: { name: "Phoenix Metals Recycling (recycler)", roles: ["recycler"] },
} as const satisfies Record<string, { name: string; roles: readonly RoleName[] }>;

export type CastKey = keyof typeof CAST;
export type Cast = Record<CastKey, Actor>;

/** Gives every member of the cast one of the chain's accounts (account #0 is the deployer). */
export function assignCast(signers: readonly HardhatEthersSigner[]): Cast {
  const keys = Object.keys(CAST) as CastKey[];
  if (signers.length < keys.length + 1) {
    throw new Error(
      `The scenario needs ${keys.length + 1} accounts; the chain has ${signers.length}.`,
    );
  }
  return Object.fromEntries(
    keys.map((key, i) => {
      const signer = signers[i + 1] as HardhatEthersSigner;
      const actor: Actor = {
        name: CAST[key].name,
        signer,
        address: signer.address,
        roles: [...CAST[key].roles],
      };
      return [key, actor];
    }),
  ) as Cast;
}
