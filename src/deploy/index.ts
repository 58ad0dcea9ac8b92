/**
 * The deployable contracts of the suite: for each of the eight contracts, its typechain
 * `ContractFactory` with its creation bytecode. Import from
 * `@trustchain/supply-chain-suite/deploy` only to deploy the contracts yourself (the suite's own
 * deployment is `npx hardhat suite:deploy`); the main entry connects to deployed contracts with
 * their ABIs and ships no bytecode.
 */
export { CoreCharges__factory } from "../typechain/factories/circular/CoreCharges__factory.js";
export { CoreRegistry__factory } from "../typechain/factories/circular/CoreRegistry__factory.js";
export { LicenceRegistry__factory } from "../typechain/factories/circular/LicenceRegistry__factory.js";
export { WarrantyRegistry__factory } from "../typechain/factories/circular/WarrantyRegistry__factory.js";
export { InvoiceEscrow__factory } from "../typechain/factories/invoicing/InvoiceEscrow__factory.js";
export { ParticipantRegistry__factory } from "../typechain/factories/participants/ParticipantRegistry__factory.js";
export { ProcurementAuction__factory } from "../typechain/factories/procurement/ProcurementAuction__factory.js";
export { PartRegistry__factory } from "../typechain/factories/provenance/PartRegistry__factory.js";
