import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/** The admin hand-over delay when the `adminDelay` parameter is not given: two days. */
export const DEFAULT_ADMIN_DELAY = 2 * 24 * 3600;

/**
 * Deploys the whole suite and wires it together; governance holds the admin power from the first
 * transaction on, and the deployer never does.
 *
 * Parameters (`SupplyChainSuite`):
 * - `governance` (required): the address that holds the admin power (a multisig or timelock). The
 *   contracts refuse the zero address and the deployer, so no run of this module can leave a
 *   contract without an admin or with the deployer as admin.
 * - `adminDelay` (seconds, default two days, 1 to 30 days): how long a hand-over of the admin power
 *   waits between `beginDefaultAdminTransfer` and `acceptDefaultAdminTransfer`.
 *
 * The deployer's only power is each contract's one-shot `completeSetup`: the participant registry
 * lets the part registry draw producers' certified capacity, the escrow lets the procurement
 * auction open funded invoices, and the licence and warranty registries let the core registry
 * draw licences and issue warranties.
 */
export default buildModule("SupplyChainSuite", (m) => {
  const governance = m.getParameter<string>("governance");
  const adminDelay = m.getParameter<number>("adminDelay", DEFAULT_ADMIN_DELAY);

  const participantRegistry = m.contract("ParticipantRegistry", [governance, adminDelay]);
  const partRegistry = m.contract("PartRegistry", [participantRegistry]);
  const invoiceEscrow = m.contract("InvoiceEscrow", [
    participantRegistry,
    partRegistry,
    governance,
    adminDelay,
  ]);
  const procurementAuction = m.contract("ProcurementAuction", [participantRegistry, invoiceEscrow]);

  m.call(participantRegistry, "completeSetup", [partRegistry], {
    id: "ParticipantRegistry_authorizePartRegistry",
  });
  // The auction opens the winner's funded invoice.
  m.call(invoiceEscrow, "completeSetup", [procurementAuction], {
    id: "InvoiceEscrow_authorizeAuction",
  });

  // The circular economy: cores, OEM licences, warranties and core charges.
  const licenceRegistry = m.contract("LicenceRegistry", [participantRegistry, partRegistry]);
  const warrantyRegistry = m.contract("WarrantyRegistry", [participantRegistry, partRegistry]);
  const coreRegistry = m.contract("CoreRegistry", [
    participantRegistry,
    partRegistry,
    licenceRegistry,
    warrantyRegistry,
  ]);
  const coreCharges = m.contract("CoreCharges", [participantRegistry, coreRegistry]);
  // The core registry draws licences at remanufacture and issues the new part's warranty.
  m.call(licenceRegistry, "completeSetup", [coreRegistry], {
    id: "LicenceRegistry_authorizeCoreRegistry",
  });
  m.call(warrantyRegistry, "completeSetup", [coreRegistry], {
    id: "WarrantyRegistry_authorizeCoreRegistry",
  });

  return {
    participantRegistry,
    partRegistry,
    invoiceEscrow,
    procurementAuction,
    coreRegistry,
    licenceRegistry,
    warrantyRegistry,
    coreCharges,
  };
});
