/**
 * The typed contracts of the suite (typechain): for each of the eight contracts and its interface,
 * its type and its factory. This is the SDK's only door to the generated code, so that the package
 * exports the suite's contracts and nothing else (no test mocks).
 */
export type { CoreCharges } from "./typechain/circular/CoreCharges.js";
export { CoreCharges__factory } from "./typechain/factories/circular/CoreCharges__factory.js";
export type { CoreRegistry } from "./typechain/circular/CoreRegistry.js";
export { CoreRegistry__factory } from "./typechain/factories/circular/CoreRegistry__factory.js";
export type { LicenceRegistry } from "./typechain/circular/LicenceRegistry.js";
export { LicenceRegistry__factory } from "./typechain/factories/circular/LicenceRegistry__factory.js";
export type { WarrantyRegistry } from "./typechain/circular/WarrantyRegistry.js";
export { WarrantyRegistry__factory } from "./typechain/factories/circular/WarrantyRegistry__factory.js";
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
export type { InvoiceEscrow } from "./typechain/invoicing/InvoiceEscrow.js";
export { InvoiceEscrow__factory } from "./typechain/factories/invoicing/InvoiceEscrow__factory.js";
export type { ParticipantRegistry } from "./typechain/participants/ParticipantRegistry.js";
export { ParticipantRegistry__factory } from "./typechain/factories/participants/ParticipantRegistry__factory.js";
export type { ProcurementAuction } from "./typechain/procurement/ProcurementAuction.js";
export { ProcurementAuction__factory } from "./typechain/factories/procurement/ProcurementAuction__factory.js";
export type { PartRegistry } from "./typechain/provenance/PartRegistry.js";
export { PartRegistry__factory } from "./typechain/factories/provenance/PartRegistry__factory.js";
