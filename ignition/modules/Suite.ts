import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Deploys the whole suite, wires it together, and hands the admin power to governance.
 *
 * Parameters (`SupplyChainSuite`):
 * - `governance`: the address that will hold the admin power (a multisig or timelock). It must
 *   differ from the deployer, who renounces the power at the end.
 *
 * The deployer holds the admin power only during this module, to wire the contracts together:
 * the part registry is authorised to draw producers' certified capacity, and the procurement
 * auction to open funded invoices in the escrow.
 */
export default buildModule("SupplyChainSuite", (m) => {
  const deployer = m.getAccount(0);
  const governance = m.getParameter<string>("governance");

  const participantRegistry = m.contract("ParticipantRegistry", [deployer]);
  const partRegistry = m.contract("PartRegistry", [participantRegistry]);
  const invoiceEscrow = m.contract("InvoiceEscrow", [participantRegistry, partRegistry, deployer]);
  const procurementAuction = m.contract("ProcurementAuction", [participantRegistry, invoiceEscrow]);

  const consumerRole = m.staticCall(participantRegistry, "CAPACITY_CONSUMER_ROLE", [], 0, {
    id: "ParticipantRegistry_consumerRole",
  });
  const wirePartRegistry = m.call(participantRegistry, "grantRole", [consumerRole, partRegistry], {
    id: "ParticipantRegistry_authorizePartRegistry",
  });

  const adminRole = m.staticCall(participantRegistry, "DEFAULT_ADMIN_ROLE", [], 0, {
    id: "ParticipantRegistry_adminRole",
  });
  const handOver = m.call(participantRegistry, "grantRole", [adminRole, governance], {
    id: "ParticipantRegistry_grantGovernance",
    after: [wirePartRegistry],
  });
  m.call(participantRegistry, "renounceRole", [adminRole, deployer], {
    id: "ParticipantRegistry_renounceDeployer",
    after: [handOver],
  });

  // The auction opens the winner's funded invoice.
  const originatorRole = m.staticCall(invoiceEscrow, "ORIGINATOR_ROLE", [], 0, {
    id: "InvoiceEscrow_originatorRole",
  });
  const wireAuction = m.call(invoiceEscrow, "grantRole", [originatorRole, procurementAuction], {
    id: "InvoiceEscrow_authorizeAuction",
  });
  const escrowHandOver = m.call(invoiceEscrow, "grantRole", [adminRole, governance], {
    id: "InvoiceEscrow_grantGovernance",
    after: [wireAuction],
  });
  m.call(invoiceEscrow, "renounceRole", [adminRole, deployer], {
    id: "InvoiceEscrow_renounceDeployer",
    after: [escrowHandOver],
  });

  return { participantRegistry, partRegistry, invoiceEscrow, procurementAuction };
});
