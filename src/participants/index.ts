/** The participants module of the SDK: its public surface, re-exported by the package's main entry. */
export {
  type AccreditParameters,
  CAPACITY_CONSUMER_ROLE,
  type Capacity,
  type Certificate,
  type DefineSchemeParameters,
  GOVERNANCE_ROLE,
  type GrantCertificateParameters,
  type Participant,
  ParticipantsClient,
  REGISTRAR_ROLE,
  type RenewParameters,
  type Scheme,
} from "./client.js";
export {
  ACCREDITATION_STATES,
  type AccreditationState,
  CERTIFICATE_STATES,
  type CertificateState,
  maskToRoles,
  parseRole,
  parseRoles,
  ROLE_NAMES,
  type RoleName,
  rolesToMask,
} from "./roles.js";
