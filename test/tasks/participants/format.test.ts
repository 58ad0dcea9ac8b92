import { expect } from "chai";
import type { Certificate, Participant, Scheme, TxResult } from "../../../src/index.js";
import {
  formatAccredited,
  formatAuditorAuthorized,
  formatAuditorDeauthorized,
  formatCapacity,
  formatCertificate,
  formatCertificateGranted,
  formatCertificateRequested,
  formatCertificateRevoked,
  formatCertificates,
  formatNoCertificate,
  formatParticipant,
  formatRegistrarAppointed,
  formatRegistrarRemoved,
  formatReinstated,
  formatRenewed,
  formatRevoked,
  formatRolesChanged,
  formatScheme,
  formatSchemeDefined,
  formatSchemeTransferred,
  formatSuspended,
} from "../../../tasks/participants/format.js";
import { formatTx } from "../../../tasks/shared/format.js";

const P = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
const AUDITOR = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
const REGISTRAR = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const HASH_A = `0x${"ab".repeat(32)}` as const;
const ZERO = `0x${"0".repeat(64)}`;
const TX: TxResult = { hash: `0x${"12".repeat(32)}`, blockNumber: 42, gasUsed: 51_473n };
const TX_TEXT = `(tx 0x${"12".repeat(32)}, block 42, gas 51473).`;

/** 2027-01-01T00:00:00Z and a year later, in unix seconds. */
const JAN_2027 = 1_798_761_600n;
const JAN_2028 = JAN_2027 + 365n * 86_400n;

function certificate(overrides: Partial<Certificate> = {}): Certificate {
  return {
    participant: P,
    schemeId: `0x${"41".repeat(1)}${"0".repeat(62)}`,
    schemeName: "AS9100D",
    state: "valid",
    auditor: AUDITOR,
    validFrom: JAN_2027,
    validUntil: JAN_2028,
    capacity: {
      perPeriod: 1000n,
      unit: "kg",
      periodLength: 30n * 86_400n,
      remaining: 750n,
      periodEnd: JAN_2027 + 30n * 86_400n,
    },
    capacityUnit: "kg",
    evidenceHash: HASH_A,
    ...overrides,
  };
}

describe("tasks/format", function () {
  describe("transaction sentences", function () {
    it("ends every sentence with the transaction, block and gas", function () {
      expect(formatTx("Did it", TX)).to.equal(`Did it ${TX_TEXT}`);
    });

    it("describes governance acts", function () {
      expect(formatRegistrarAppointed(REGISTRAR, TX)).to.equal(
        `Appointed ${REGISTRAR} as a registrar ${TX_TEXT}`,
      );
      expect(formatRegistrarRemoved(REGISTRAR, TX)).to.equal(
        `Removed ${REGISTRAR} from the registrars ${TX_TEXT}`,
      );
    });

    it("describes an accreditation with its roles and expiry, from a Date or unix seconds", function () {
      const expected = `Accredited ${P} as producer, manufacturer until 2027-12-31T00:00:00Z ${TX_TEXT}`;
      const roles = ["producer", "manufacturer"];
      expect(formatAccredited(P, roles, new Date("2027-12-31"), TX)).to.equal(expected);
      expect(formatAccredited(P, roles, 1_830_211_200n, TX)).to.equal(expected);
    });

    it("describes role changes, suspension, reinstatement, renewal and revocation", function () {
      expect(formatRolesChanged(P, ["customer"], TX)).to.equal(
        `Set the roles of ${P} to customer ${TX_TEXT}`,
      );
      expect(formatSuspended(P, HASH_A, TX)).to.equal(
        `Suspended ${P} for the reason hashed ${HASH_A} ${TX_TEXT}`,
      );
      expect(formatSuspended(P, ZERO, TX)).to.equal(
        `Suspended ${P} with no reason given ${TX_TEXT}`,
      );
      expect(formatReinstated(P, TX)).to.equal(`Lifted the suspension of ${P} ${TX_TEXT}`);
      expect(formatRenewed(P, new Date("2028-06-30T12:00:00Z"), TX)).to.equal(
        `Renewed the accreditation of ${P} until 2028-06-30T12:00:00Z ${TX_TEXT}`,
      );
      expect(formatRevoked(P, ZERO, TX)).to.equal(
        `Revoked the accreditation of ${P} with no reason given ${TX_TEXT}`,
      );
    });

    it("describes scheme and auditor acts", function () {
      expect(formatSchemeDefined("AS9100D", HASH_A, 365n * 86_400n, TX)).to.equal(
        `Defined scheme AS9100D on the document hashed ${HASH_A}; its certificates last ` +
          `365 days unless the auditor says otherwise ${TX_TEXT}`,
      );
      expect(formatAuditorAuthorized("AS9100D", AUDITOR, TX)).to.equal(
        `Authorised auditor ${AUDITOR} to certify under scheme AS9100D ${TX_TEXT}`,
      );
      expect(formatAuditorDeauthorized("AS9100D", AUDITOR, TX)).to.equal(
        `Withdrew the authorisation of auditor ${AUDITOR} under scheme AS9100D (certificates ` +
          `it granted stay valid) ${TX_TEXT}`,
      );
    });

    it("describes a granted certificate with its window and capacity", function () {
      expect(formatCertificateGranted(certificate(), TX)).to.equal(
        `Certified ${P} under scheme AS9100D from 2027-01-01T00:00:00Z to 2028-01-01T00:00:00Z, ` +
          "1000 kg per 30 days; 750 left this period, which ends 2027-01-31T00:00:00Z " +
          TX_TEXT,
      );
      expect(
        formatCertificateGranted(certificate({ capacity: undefined, capacityUnit: undefined }), TX),
      ).to.include("to 2028-01-01T00:00:00Z, no capacity limit (tx");
      expect(formatCertificateGranted(certificate({ capacity: undefined }), TX)).to.include(
        "to 2028-01-01T00:00:00Z, no capacity limit (draws in kg) (tx",
      );
    });

    it("describes a certificate request", function () {
      expect(formatCertificateRequested(P, "AS9100D", AUDITOR, TX)).to.equal(
        `${P} asked auditor ${AUDITOR} to certify it under scheme AS9100D; only that auditor ` +
          `may grant it, once ${TX_TEXT}`,
      );
    });

    it("describes a scheme handed to another standards body", function () {
      expect(formatSchemeTransferred("AS9100D", P, AUDITOR, HASH_A, TX)).to.equal(
        `Handed scheme AS9100D from standards body ${P} to ${AUDITOR} for the reason hashed ` +
          `${HASH_A}; its auditors and certificates are unchanged ${TX_TEXT}`,
      );
      expect(formatSchemeTransferred("AS9100D", P, AUDITOR, ZERO, TX)).to.include(
        "with no reason given;",
      );
    });

    it("describes a revoked certificate", function () {
      expect(formatCertificateRevoked(P, "AS9100D", HASH_A, TX)).to.equal(
        `Revoked the certificate of ${P} under scheme AS9100D for the reason hashed ${HASH_A} ` +
          TX_TEXT,
      );
    });
  });

  describe("show blocks", function () {
    it("prints a participant as aligned lines, or a sentence when never accredited", function () {
      const participant: Participant = {
        address: P,
        state: "suspended",
        roles: ["producer", "manufacturer"],
        validUntil: JAN_2028,
        registrar: REGISTRAR,
        evidenceHash: HASH_A,
      };
      expect(formatParticipant(participant)).to.equal(
        [
          `Participant  ${P}`,
          "State        suspended",
          "Roles        producer, manufacturer",
          "Valid until  2028-01-01T00:00:00Z",
          `Registrar    ${REGISTRAR}`,
          `Evidence     ${HASH_A}`,
        ].join("\n"),
      );
      expect(
        formatParticipant({
          ...participant,
          state: "none",
          roles: [],
          validUntil: 0n,
          registrar: undefined,
          evidenceHash: undefined,
        }),
      ).to.equal(`${P} has never been accredited.`);
    });

    it("prints a scheme, with its id when the name is readable", function () {
      const scheme: Scheme = {
        id: `0x4153393130304400${"0".repeat(48)}`,
        name: "AS9100D",
        standardsBody: REGISTRAR,
        documentHash: HASH_A,
        defaultValidity: 8n * 3600n,
      };
      expect(formatScheme(scheme, "AS9100D")).to.equal(
        [
          `Scheme            AS9100D (0x4153393130304400${"0".repeat(48)})`,
          `Standards body    ${REGISTRAR}`,
          `Document          ${HASH_A}`,
          "Default validity  8 hours",
        ].join("\n"),
      );
      expect(formatScheme({ ...scheme, name: HASH_A, id: HASH_A }, HASH_A)).to.match(
        new RegExp(`^Scheme {12}${HASH_A}\n`),
      );
      expect(formatScheme(undefined, "EN9100")).to.equal("No scheme EN9100 has been defined.");
    });

    it("prints a certificate's capacity: left this period, none when not valid, or no limit", function () {
      expect(formatCapacity(certificate())).to.equal(
        "1000 kg per 30 days; 750 left this period, which ends 2027-01-31T00:00:00Z",
      );
      expect(
        formatCapacity(
          certificate({
            state: "pending",
            capacity: {
              perPeriod: 5n,
              unit: "pcs",
              periodLength: 3600n,
              remaining: 0n,
              periodEnd: 0n,
            },
          }),
        ),
      ).to.equal("5 pcs per 1 hour (none available: the certificate is pending)");
      const unlimited = { capacity: undefined, capacityUnit: undefined };
      expect(formatCapacity(certificate(unlimited))).to.equal("no limit");
      expect(formatCapacity(certificate({ capacity: undefined }))).to.equal(
        "no limit (draws in kg)",
      );
    });

    it("prints a certificate as aligned lines", function () {
      expect(formatCertificate(certificate())).to.equal(
        [
          `Certificate  ${P} under AS9100D`,
          "State        valid",
          `Auditor      ${AUDITOR}`,
          "Valid        2027-01-01T00:00:00Z to 2028-01-01T00:00:00Z",
          "Capacity     1000 kg per 30 days; 750 left this period, which ends 2027-01-31T00:00:00Z",
          `Evidence     ${HASH_A}`,
        ].join("\n"),
      );
    });

    it("prints every certificate of a participant, separated by blank lines", function () {
      const revoked = certificate({
        schemeName: "EN9100",
        state: "revoked",
        capacity: undefined,
        capacityUnit: undefined,
      });
      const text = formatCertificates(P, [certificate(), revoked]);
      expect(text.split("\n")[0]).to.equal(`${P} has received 2 certificates:`);
      expect(text).to.include(`\n\n${formatCertificate(certificate())}\n\n`);
      expect(text.endsWith(formatCertificate(revoked))).to.equal(true);
      expect(formatCertificates(P, [certificate()])).to.match(/has received 1 certificate:\n\n/);
      expect(formatCertificates(P, [])).to.equal(`${P} has never been certified.`);
      expect(formatNoCertificate(P, "EN9100")).to.equal(
        `${P} has never been certified under scheme EN9100.`,
      );
    });
  });
});
