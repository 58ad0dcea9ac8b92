/** Pure formatting of the participant registry's results for the command line. */
import {
  type Certificate,
  formatDuration,
  formatTime,
  type Participant,
  type Scheme,
  type TxResult,
} from "../../src/index.js";
import { formatTx, reasonClause, when } from "../shared/format.js";

export function formatParticipant(p: Participant): string {
  if (p.state === "none") return `${p.address} has never been accredited.`;
  return [
    `Participant  ${p.address}`,
    `State        ${p.state}`,
    `Roles        ${p.roles.join(", ") || "(none)"}`,
    `Valid until  ${formatTime(p.validUntil)}`,
    `Registrar    ${p.registrar}`,
    `Evidence     ${p.evidenceHash}`,
  ].join("\n");
}

// -----------------------------------------------------------------------------------------------
// Governance
// -----------------------------------------------------------------------------------------------

export function formatRegistrarAppointed(account: string, tx: TxResult): string {
  return formatTx(`Appointed ${account} as a registrar`, tx);
}

export function formatRegistrarRemoved(account: string, tx: TxResult): string {
  return formatTx(`Removed ${account} from the registrars`, tx);
}

// -----------------------------------------------------------------------------------------------
// Registrars
// -----------------------------------------------------------------------------------------------

export function formatAccredited(
  participant: string,
  roles: readonly string[],
  validUntil: Date | bigint,
  tx: TxResult,
): string {
  return formatTx(`Accredited ${participant} as ${roles.join(", ")} until ${when(validUntil)}`, tx);
}

export function formatRolesChanged(
  participant: string,
  roles: readonly string[],
  tx: TxResult,
): string {
  return formatTx(`Set the roles of ${participant} to ${roles.join(", ")}`, tx);
}

export function formatSuspended(participant: string, reasonHash: string, tx: TxResult): string {
  return formatTx(`Suspended ${participant} ${reasonClause(reasonHash)}`, tx);
}

export function formatReinstated(participant: string, tx: TxResult): string {
  return formatTx(`Lifted the suspension of ${participant}`, tx);
}

export function formatRenewed(
  participant: string,
  validUntil: Date | bigint,
  tx: TxResult,
): string {
  return formatTx(`Renewed the accreditation of ${participant} until ${when(validUntil)}`, tx);
}

export function formatRevoked(participant: string, reasonHash: string, tx: TxResult): string {
  return formatTx(`Revoked the accreditation of ${participant} ${reasonClause(reasonHash)}`, tx);
}

// -----------------------------------------------------------------------------------------------
// Schemes
// -----------------------------------------------------------------------------------------------

export function formatSchemeDefined(
  scheme: string,
  documentHash: string,
  defaultValidity: bigint,
  tx: TxResult,
): string {
  return formatTx(
    `Defined scheme ${scheme} on the document hashed ${documentHash}; its certificates last ` +
      `${formatDuration(defaultValidity)} unless the auditor says otherwise`,
    tx,
  );
}

export function formatAuditorAuthorized(scheme: string, auditor: string, tx: TxResult): string {
  return formatTx(`Authorised auditor ${auditor} to certify under scheme ${scheme}`, tx);
}

export function formatAuditorDeauthorized(scheme: string, auditor: string, tx: TxResult): string {
  return formatTx(
    `Withdrew the authorisation of auditor ${auditor} under scheme ${scheme} (certificates it ` +
      "granted stay valid)",
    tx,
  );
}

export function formatSchemeTransferred(
  scheme: string,
  previousBody: string,
  newBody: string,
  reasonHash: string,
  tx: TxResult,
): string {
  return formatTx(
    `Handed scheme ${scheme} from standards body ${previousBody} to ${newBody} ` +
      `${reasonClause(reasonHash)}; its auditors and certificates are unchanged`,
    tx,
  );
}

/** A scheme as a block of text; `requested` names it when it is not defined. */
export function formatScheme(scheme: Scheme | undefined, requested: string): string {
  if (scheme === undefined) return `No scheme ${requested} has been defined.`;
  const name = scheme.name === scheme.id ? scheme.id : `${scheme.name} (${scheme.id})`;
  return [
    `Scheme            ${name}`,
    `Standards body    ${scheme.standardsBody}`,
    `Document          ${scheme.documentHash}`,
    `Default validity  ${formatDuration(scheme.defaultValidity)}`,
  ].join("\n");
}

// -----------------------------------------------------------------------------------------------
// Certificates
// -----------------------------------------------------------------------------------------------

/** What a certificate allows, in one line. */
export function formatCapacity(certificate: Certificate): string {
  const { capacity } = certificate;
  if (capacity === undefined) {
    const unit = certificate.capacityUnit;
    return unit === undefined ? "no limit" : `no limit (draws in ${unit})`;
  }
  const allowance = `${capacity.perPeriod} ${capacity.unit} per ${formatDuration(capacity.periodLength)}`;
  if (certificate.state !== "valid" || capacity.periodEnd === 0n) {
    return `${allowance} (none available: the certificate is ${certificate.state})`;
  }
  return `${allowance}; ${capacity.remaining} left this period, which ends ${formatTime(capacity.periodEnd)}`;
}

export function formatCertificateRequested(
  participant: string,
  scheme: string,
  auditor: string,
  tx: TxResult,
): string {
  return formatTx(
    `${participant} asked auditor ${auditor} to certify it under scheme ${scheme}; only that ` +
      "auditor may grant it, once",
    tx,
  );
}

export function formatCertificateGranted(certificate: Certificate, tx: TxResult): string {
  const limit =
    certificate.capacity === undefined
      ? `no capacity limit${certificate.capacityUnit === undefined ? "" : ` (draws in ${certificate.capacityUnit})`}`
      : formatCapacity(certificate);
  return formatTx(
    `Certified ${certificate.participant} under scheme ${certificate.schemeName} from ` +
      `${formatTime(certificate.validFrom)} to ${formatTime(certificate.validUntil)}, ${limit}`,
    tx,
  );
}

export function formatCertificateRevoked(
  participant: string,
  scheme: string,
  reasonHash: string,
  tx: TxResult,
): string {
  return formatTx(
    `Revoked the certificate of ${participant} under scheme ${scheme} ${reasonClause(reasonHash)}`,
    tx,
  );
}

/** A certificate as a block of text. */
export function formatCertificate(certificate: Certificate): string {
  return [
    `Certificate  ${certificate.participant} under ${certificate.schemeName}`,
    `State        ${certificate.state}`,
    `Auditor      ${certificate.auditor}`,
    `Valid        ${formatTime(certificate.validFrom)} to ${formatTime(certificate.validUntil)}`,
    `Capacity     ${formatCapacity(certificate)}`,
    `Evidence     ${certificate.evidenceHash}`,
  ].join("\n");
}

/** Every certificate a participant received, as blocks of text. */
export function formatCertificates(
  participant: string,
  certificates: readonly Certificate[],
): string {
  if (certificates.length === 0) return `${participant} has never been certified.`;
  const count = certificates.length === 1 ? "1 certificate" : `${certificates.length} certificates`;
  return [
    `${participant} has received ${count}:`,
    ...certificates.map((c) => `\n${formatCertificate(c)}`),
  ].join("\n");
}

/** The text when a participant holds no certificate under a scheme. */
export function formatNoCertificate(participant: string, scheme: string): string {
  return `${participant} has never been certified under scheme ${scheme}.`;
}
