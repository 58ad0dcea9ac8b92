import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Deploys the whole suite, wires it together, and hands the admin power to governance.
 *
 * Parameters (`SupplyChainSuite`):
 * - `governance`: the address that will hold the admin power (a multisig or timelock). It must
 *   differ from the deployer, who renounces the power at the end.
 *
 * The deployer holds the admin power only during this module, to wire the contracts together.
 */
export default buildModule("SupplyChainSuite", (m) => {
  const deployer = m.getAccount(0);
  const governance = m.getParameter<string>("governance");

  const participantRegistry = m.contract("ParticipantRegistry", [deployer]);

  const adminRole = m.staticCall(participantRegistry, "DEFAULT_ADMIN_ROLE", [], 0, {
    id: "ParticipantRegistry_adminRole",
  });
  const handOver = m.call(participantRegistry, "grantRole", [adminRole, governance], {
    id: "ParticipantRegistry_grantGovernance",
  });
  m.call(participantRegistry, "renounceRole", [adminRole, deployer], {
    id: "ParticipantRegistry_renounceDeployer",
    after: [handOver],
  });

  return { participantRegistry };
});
