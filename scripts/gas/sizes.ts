import type { ArtifactManager } from "hardhat/types/artifacts";

/** EIP-170: the most runtime code a contract may have on a public chain. */
export const EIP170_LIMIT = 24_576;

/** The suite's contracts, in deployment order. */
export const SUITE_CONTRACTS = [
  "ParticipantRegistry",
  "PartRegistry",
  "InvoiceEscrow",
  "ProcurementAuction",
  "LicenceRegistry",
  "WarrantyRegistry",
  "CoreRegistry",
  "CoreCharges",
] as const;

/** One contract's runtime code size and its margin under {EIP170_LIMIT}. */
export type SizeRow = { contract: string; bytes: number; margin: number };

/**
 * The runtime size of every suite contract, from the compiled `deployedBytecode` (the code a
 * deployment stores: immutables are placeholders of their final length).
 */
export async function contractSizes(artifacts: ArtifactManager): Promise<SizeRow[]> {
  const rows: SizeRow[] = [];
  for (const contract of SUITE_CONTRACTS) {
    const { deployedBytecode } = await artifacts.readArtifact(contract);
    const bytes = (deployedBytecode.length - 2) / 2;
    rows.push({ contract, bytes, margin: EIP170_LIMIT - bytes });
  }
  return rows;
}

/** The size table printed after the gas table. */
export function sizesToConsole(rows: readonly SizeRow[]): string {
  const width = Math.max(...rows.map((r) => r.contract.length), 8);
  const n = (value: number) => value.toLocaleString("en-US");
  const out = [
    `${"contract".padEnd(width)} ${"runtime bytes".padStart(13)} ${"margin (bytes)".padStart(14)} ${"margin".padStart(7)}`,
  ];
  for (const r of rows) {
    const percent = `${((r.margin * 100) / EIP170_LIMIT).toFixed(1)}%`;
    out.push(
      `${r.contract.padEnd(width)} ${n(r.bytes).padStart(13)} ${n(r.margin).padStart(14)} ${percent.padStart(7)}`,
    );
  }
  return out.join("\n");
}
