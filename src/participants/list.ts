/**
 * Lists of the participant registry, paged: the participants it ever accredited (by role), and
 * the certificates it ever granted (by holder and scheme). Each list's candidates come from the
 * registry's events since `fromBlock` (use the address book's `startBlock`), in the order of their
 * first event; each is read as it stands now through {@link ParticipantsClient}.
 */
import { getAddress } from "ethers";
import { InputError, InputErrorCode } from "../core/errors.js";
import type { Hash } from "../core/hashing.js";
import {
  fillPage,
  type ListSource,
  listQuery,
  optionalParameter,
  type Page,
  type PageParameters,
  startAfter,
  toPageLimit,
} from "../core/paging.js";
import { schemeName, toAddress, toSchemeId } from "../core/validate.js";
import { ParticipantRegistry__factory } from "../contracts.js";
import { type Certificate, type Participant, ParticipantsClient } from "./client.js";
import { parseRole } from "./roles.js";

export type ListParticipantsParameters = PageParameters<string> & {
  /** Where the event search starts: the address book's `startBlock`. */
  fromBlock: number;
  /** Only participants whose accreditation holds this role (whatever its state). */
  role?: string;
};

export type ListCertificatesParameters = PageParameters<string> & {
  /** Where the event search starts: the address book's `startBlock`. */
  fromBlock: number;
  /** Only the certificates of this participant. */
  holder?: string;
  /** Only the certificates under this scheme (its short name or bytes32 id). */
  scheme?: string;
};

const ERRORS = [ParticipantRegistry__factory.createInterface()];

/**
 * The participants the registry ever accredited (from its `ParticipantAccredited` events), in
 * the order of their first accreditation, each as it stands now; with `role`, only those whose
 * roles include it. `after` is the address that ended the previous page (its `next`).
 *
 * @example
 * const source = { address: book.contracts.ParticipantRegistry, runner: provider };
 * const { items, next } = await listParticipants(source, { fromBlock: book.startBlock, role: "producer" });
 */
export async function listParticipants(
  source: ListSource,
  params: ListParticipantsParameters,
): Promise<Page<Participant, string>> {
  const role = optionalParameter(params.role, "role", parseRole);
  const limit = toPageLimit(params.limit);
  const after = optionalParameter(params.after, "after", (v) =>
    toAddress(v, "address to start after"),
  );
  const query = await listQuery(source, params.fromBlock, ERRORS);
  const client = new ParticipantsClient(source.address, source.runner);
  const registry = ParticipantRegistry__factory.connect(client.address, source.runner);
  const events = await query((from, to) =>
    registry.queryFilter(registry.filters.ParticipantAccredited(), from, to),
  );
  const addresses = [...new Set(events.map((e) => getAddress(e.args.participant)))];
  const start = startAfter(
    addresses,
    after,
    (a, b) => a === b,
    InputErrorCode.InvalidAddress,
    `participant ${after}`,
  );
  return fillPage(
    addresses,
    start,
    limit,
    async (address) => {
      const participant = await client.getParticipant(address);
      return role === undefined || participant.roles.includes(role) ? participant : undefined;
    },
    (participant) => participant.address,
  );
}

/**
 * The certificates the registry ever granted (one per participant and scheme, from its
 * `CertificateGranted` events), in the order of their first grant, each as it stands now (valid,
 * expired or revoked); with `holder` or `scheme`, only those. A certificate's cursor is
 * `<participant>:<scheme>` (the scheme's name when it is a short string, else its id): `after`
 * is the `next` of the previous page.
 *
 * @example
 * const page = await listCertificates(source, { fromBlock: book.startBlock, scheme: "AS9100D" });
 */
export async function listCertificates(
  source: ListSource,
  params: ListCertificatesParameters,
): Promise<Page<Certificate, string>> {
  const holder = optionalParameter(params.holder, "holder", (v) =>
    toAddress(v, "certificate holder address"),
  );
  const scheme = optionalParameter(params.scheme, "scheme", toSchemeId);
  const limit = toPageLimit(params.limit);
  const after = optionalParameter(params.after, "after", parseCursor);
  const query = await listQuery(source, params.fromBlock, ERRORS);
  const client = new ParticipantsClient(source.address, source.runner);
  const registry = ParticipantRegistry__factory.connect(client.address, source.runner);
  const filter = registry.filters.CertificateGranted(holder, scheme);
  const events = await query((from, to) => registry.queryFilter(filter, from, to));
  const seen = new Set<string>();
  const pairs: CertificateKey[] = [];
  for (const event of events) {
    const key = {
      participant: getAddress(event.args.participant),
      schemeId: event.args.schemeId.toLowerCase() as Hash,
    };
    const text = cursorOf(key);
    if (!seen.has(text)) {
      seen.add(text);
      pairs.push(key);
    }
  }
  const start = startAfter(
    pairs,
    after,
    (a, b) => a.participant === b.participant && a.schemeId === b.schemeId,
    InputErrorCode.InvalidScheme,
    after === undefined ? "" : `the certificate ${cursorOf(after)}`,
  );
  return fillPage(
    pairs,
    start,
    limit,
    (key) => client.getCertificate({ participant: key.participant, scheme: key.schemeId }),
    (certificate) => cursorOf(certificate),
  );
}

/** A certificate as a list knows it: its holder and its scheme. */
type CertificateKey = { participant: string; schemeId: Hash };

/** `<participant>:<scheme name or id>`, the cursor of a certificate. */
function cursorOf(key: CertificateKey): string {
  return `${key.participant}:${schemeName(key.schemeId)}`;
}

/** Reads a certificate's cursor, `<participant address>:<scheme name or id>`. */
function parseCursor(text: string): CertificateKey {
  const match = /^\s*(0x[0-9a-fA-F]{40}):(.+)$/s.exec(text);
  if (match === null) {
    throw new InputError(
      InputErrorCode.InvalidScheme,
      `The certificate to start after, "${text}", is not <participant address>:<scheme>, the ` +
        "`next` of a page.",
    );
  }
  return {
    participant: toAddress(match[1] ?? "", "participant address"),
    schemeId: toSchemeId(match[2] ?? ""),
  };
}
