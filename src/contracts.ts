/**
 * The typed contracts of the suite (typechain): for each of the eight contracts and its interface,
 * its type and a factory to connect to a deployed one. This is the SDK's only door to the
 * generated code, so that the package exports the suite's contracts and nothing else (no test
 * mocks). The eight contracts' factories here carry their ABI only, never their creation bytecode,
 * so that the browser entry stays small; the deployable factories are in `./deploy`.
 */
import { Contract, type ContractRunner, Interface, type JsonFragment } from "ethers";
import type { CoreCharges, CoreChargesInterface } from "./typechain/circular/CoreCharges.js";
import { CoreChargesAbi } from "./abi/CoreCharges.js";
import type { CoreRegistry, CoreRegistryInterface } from "./typechain/circular/CoreRegistry.js";
import { CoreRegistryAbi } from "./abi/CoreRegistry.js";
import type {
  LicenceRegistry,
  LicenceRegistryInterface,
} from "./typechain/circular/LicenceRegistry.js";
import { LicenceRegistryAbi } from "./abi/LicenceRegistry.js";
import type {
  WarrantyRegistry,
  WarrantyRegistryInterface,
} from "./typechain/circular/WarrantyRegistry.js";
import { WarrantyRegistryAbi } from "./abi/WarrantyRegistry.js";
import type { InvoiceEscrow, InvoiceEscrowInterface } from "./typechain/invoicing/InvoiceEscrow.js";
import { InvoiceEscrowAbi } from "./abi/InvoiceEscrow.js";
import type {
  ParticipantRegistry,
  ParticipantRegistryInterface,
} from "./typechain/participants/ParticipantRegistry.js";
import { ParticipantRegistryAbi } from "./abi/ParticipantRegistry.js";
import type {
  ProcurementAuction,
  ProcurementAuctionInterface,
} from "./typechain/procurement/ProcurementAuction.js";
import { ProcurementAuctionAbi } from "./abi/ProcurementAuction.js";
import type { PartRegistry, PartRegistryInterface } from "./typechain/provenance/PartRegistry.js";
import { PartRegistryAbi } from "./abi/PartRegistry.js";

/**
 * A contract's ABI with a typed `connect`, shaped like typechain's factory of an interface: what
 * the SDK needs to talk to a deployed contract, without the bytecode needed to deploy one.
 */
export type AbiFactory<C, I extends Interface> = {
  /** The contract's ABI. */
  readonly abi: readonly JsonFragment[];
  /** The contract's ABI as an ethers `Interface`, typed. */
  createInterface(): I;
  /** The contract at `address`, typed, sending through `runner`. */
  connect(address: string, runner?: ContractRunner | null): C;
};

/** Builds the {@link AbiFactory} of an ABI. */
function abiFactory<C, I extends Interface>(abi: readonly JsonFragment[]): AbiFactory<C, I> {
  return Object.freeze({
    abi,
    createInterface: () => new Interface(abi) as I,
    connect: (address: string, runner?: ContractRunner | null) =>
      new Contract(address, abi, runner) as unknown as C,
  });
}

export type { CoreCharges };
/** Connects to a deployed CoreCharges (its ABI, without bytecode). */
export const CoreCharges__factory = abiFactory<CoreCharges, CoreChargesInterface>(CoreChargesAbi);
export type { CoreRegistry };
/** Connects to a deployed CoreRegistry (its ABI, without bytecode). */
export const CoreRegistry__factory = abiFactory<CoreRegistry, CoreRegistryInterface>(
  CoreRegistryAbi,
);
export type { LicenceRegistry };
/** Connects to a deployed LicenceRegistry (its ABI, without bytecode). */
export const LicenceRegistry__factory = abiFactory<LicenceRegistry, LicenceRegistryInterface>(
  LicenceRegistryAbi,
);
export type { WarrantyRegistry };
/** Connects to a deployed WarrantyRegistry (its ABI, without bytecode). */
export const WarrantyRegistry__factory = abiFactory<WarrantyRegistry, WarrantyRegistryInterface>(
  WarrantyRegistryAbi,
);
export type { ICoreCharges } from "./typechain/interfaces/ICoreCharges.js";
export { ICoreCharges__factory } from "./typechain/factories/interfaces/ICoreCharges__factory.js";
export type { ICoreRegistry } from "./typechain/interfaces/ICoreRegistry.js";
export { ICoreRegistry__factory } from "./typechain/factories/interfaces/ICoreRegistry__factory.js";
export type { IInvoiceEscrow } from "./typechain/interfaces/IInvoiceEscrow.js";
export { IInvoiceEscrow__factory } from "./typechain/factories/interfaces/IInvoiceEscrow__factory.js";
export type { ILicenceRegistry } from "./typechain/interfaces/ILicenceRegistry.js";
export { ILicenceRegistry__factory } from "./typechain/factories/interfaces/ILicenceRegistry__factory.js";
export type { IPartRegistry } from "./typechain/interfaces/IPartRegistry.js";
export { IPartRegistry__factory } from "./typechain/factories/interfaces/IPartRegistry__factory.js";
export type { IParticipantRegistry } from "./typechain/interfaces/IParticipantRegistry.js";
export { IParticipantRegistry__factory } from "./typechain/factories/interfaces/IParticipantRegistry__factory.js";
export type { IProcurementAuction } from "./typechain/interfaces/IProcurementAuction.js";
export { IProcurementAuction__factory } from "./typechain/factories/interfaces/IProcurementAuction__factory.js";
export type { IWarrantyRegistry } from "./typechain/interfaces/IWarrantyRegistry.js";
export { IWarrantyRegistry__factory } from "./typechain/factories/interfaces/IWarrantyRegistry__factory.js";
export type { InvoiceEscrow };
/** Connects to a deployed InvoiceEscrow (its ABI, without bytecode). */
export const InvoiceEscrow__factory = abiFactory<InvoiceEscrow, InvoiceEscrowInterface>(
  InvoiceEscrowAbi,
);
export type { ParticipantRegistry };
/** Connects to a deployed ParticipantRegistry (its ABI, without bytecode). */
export const ParticipantRegistry__factory = abiFactory<
  ParticipantRegistry,
  ParticipantRegistryInterface
>(ParticipantRegistryAbi);
export type { ProcurementAuction };
/** Connects to a deployed ProcurementAuction (its ABI, without bytecode). */
export const ProcurementAuction__factory = abiFactory<
  ProcurementAuction,
  ProcurementAuctionInterface
>(ProcurementAuctionAbi);
export type { PartRegistry };
/** Connects to a deployed PartRegistry (its ABI, without bytecode). */
export const PartRegistry__factory = abiFactory<PartRegistry, PartRegistryInterface>(
  PartRegistryAbi,
);
