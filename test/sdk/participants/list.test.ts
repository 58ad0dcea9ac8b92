import { expect } from "chai";
import {
  type Certificate,
  InputErrorCode,
  listCertificates,
  listParticipants,
  type ListSource,
  ParticipantsClient,
} from "../../../src/index.js";
import { expectInputError, rejection } from "../helpers.js";
import {
  docHash,
  ethers,
  loadFixture,
  OTHER_SCHEME,
  SCHEME,
  suiteFixture,
} from "../provenance/fixture.js";

/**
 * The parts fixture's cast (accredited in this order: standards body, auditor, producer,
 * manufacturer, second manufacturer, test lab, inspector, customer; the producer certified under
 * {SCHEME}), plus the manufacturer certified under {SCHEME} and {OTHER_SCHEME}.
 */
async function listsFixture() {
  const base = await suiteFixture();
  const participants = new ParticipantsClient(base.participantsAddress, ethers.provider);
  await participants
    .connect(base.standardsBody)
    .authorizeAuditor({ scheme: OTHER_SCHEME, auditor: base.auditor.address });
  for (const scheme of [SCHEME, OTHER_SCHEME]) {
    await participants
      .connect(base.manufacturer)
      .requestCertificate({ scheme, auditor: base.auditor.address });
    await participants.connect(base.auditor).grantCertificate({
      participant: base.manufacturer.address,
      scheme,
      evidenceHash: docHash(`audit:manufacturer:${scheme}`),
    });
  }
  const source: ListSource = { address: base.participantsAddress, runner: ethers.provider };
  return { ...base, participants, source };
}

describe("SDK participant lists", function () {
  describe("listParticipants", function () {
    it("pages through every accredited participant in the order of accreditation", async function () {
      const f = await loadFixture(listsFixture);
      const cast = [
        f.standardsBody,
        f.auditor,
        f.producer,
        f.manufacturer,
        f.manufacturer2,
        f.testLab,
        f.inspector,
        f.customer,
      ].map((s) => s.address);

      const first = await listParticipants(f.source, { fromBlock: 0, limit: 3 });
      expect(first.items.map((p) => p.address)).to.deep.equal(cast.slice(0, 3));
      expect(first.next).to.equal(f.producer.address);
      const second = await listParticipants(f.source, {
        fromBlock: 0,
        limit: 3,
        after: first.next,
      });
      expect(second.items.map((p) => p.address)).to.deep.equal(cast.slice(3, 6));
      expect(second.next).to.equal(f.testLab.address);
      const last = await listParticipants(f.source, {
        fromBlock: 0,
        limit: "3",
        after: second.next,
      });
      expect(last.items.map((p) => p.address)).to.deep.equal(cast.slice(6));
      expect(last.next).to.equal(undefined);

      const all = await listParticipants(f.source, { fromBlock: 0 });
      expect(all.items.map((p) => p.address)).to.deep.equal(cast);
      expect(all.next).to.equal(undefined);
      expect(all.items[2]).to.deep.equal(await f.participants.getParticipant(f.producer.address));
    });

    it("keeps the participants that hold a role now, and pages through them", async function () {
      const f = await loadFixture(listsFixture);
      const makers = await listParticipants(f.source, { fromBlock: 0, role: "manufacturer" });
      expect(makers.items.map((p) => p.address)).to.deep.equal([
        f.manufacturer.address,
        f.manufacturer2.address,
      ]);
      expect(makers.next).to.equal(undefined);

      const one = await listParticipants(f.source, {
        fromBlock: 0,
        role: "Manufacturer",
        limit: 1,
      });
      expect(one.items.map((p) => p.address)).to.deep.equal([f.manufacturer.address]);
      expect(one.next).to.equal(f.manufacturer.address);
      const two = await listParticipants(f.source, {
        fromBlock: 0,
        role: "manufacturer",
        limit: 1,
        after: one.next,
      });
      expect(two.items.map((p) => p.address)).to.deep.equal([f.manufacturer2.address]);
      expect(two.next).to.equal(undefined);

      await f.asRegistrar.setRoles({
        participant: f.testLab.address,
        roles: ["test-lab", "manufacturer"],
      });
      const now = await listParticipants(f.source, { fromBlock: 0, role: "manufacturer" });
      expect(now.items.map((p) => p.address)).to.deep.equal([
        f.manufacturer.address,
        f.manufacturer2.address,
        f.testLab.address,
      ]);
      expect(now.items[2]?.roles).to.deep.equal(["manufacturer", "test-lab"]);
    });

    it("gives an empty last page when no participant holds the role", async function () {
      const f = await loadFixture(listsFixture);
      expect(await listParticipants(f.source, { fromBlock: 0, role: "recycler" })).to.deep.equal({
        items: [],
        next: undefined,
      });
    });

    it("refuses a page size of 0 or above 1000, naming the limit", async function () {
      const f = await loadFixture(listsFixture);
      for (const limit of [0, 1001, "ten", -1]) {
        const error = expectInputError(
          await rejection(() => listParticipants(f.source, { fromBlock: 0, limit })),
          InputErrorCode.InvalidAmount,
          "is not a whole number from 1 to 1000",
        );
        expect(error.field).to.equal("limit");
        expect(error.shortMessage).to.equal(
          `The page size "${limit}" is not a whole number from 1 to 1000.`,
        );
      }
    });

    it("refuses an unknown role with the list of roles, and a cursor that is no participant", async function () {
      const f = await loadFixture(listsFixture);
      const role = expectInputError(
        await rejection(() => listParticipants(f.source, { fromBlock: 0, role: "wizard" })),
        InputErrorCode.InvalidRole,
      );
      expect(role.field).to.equal("role");
      expect(role.shortMessage).to.equal(
        '"wizard" is not a role; the roles are producer, manufacturer, customer, ' +
          "service-provider, test-lab, inspector, remanufacturer, auditor, standards-body, " +
          "arbiter, device, recycler.",
      );
      const stranger = expectInputError(
        await rejection(() =>
          listParticipants(f.source, { fromBlock: 0, after: f.stranger.address }),
        ),
        InputErrorCode.InvalidAddress,
      );
      expect(stranger.field).to.equal("after");
      expect(stranger.shortMessage).to.equal(
        `No page starts after participant ${f.stranger.address}: it is not in the list. ` +
          "Pass the `next` of the previous page.",
      );
      const bad = expectInputError(
        await rejection(() => listParticipants(f.source, { fromBlock: 0, after: "0x1234" })),
        InputErrorCode.InvalidAddress,
        '"0x1234" is not an Ethereum address',
      );
      expect(bad.field).to.equal("after");
    });
  });

  describe("listCertificates", function () {
    const key = (c: Certificate) => `${c.participant}:${c.schemeName}:${c.state}`;

    it("pages through every certificate granted, in the order of first grant", async function () {
      const f = await loadFixture(listsFixture);
      const all = await listCertificates(f.source, { fromBlock: 0 });
      expect(all.items.map(key)).to.deep.equal([
        `${f.producer.address}:${SCHEME}:valid`,
        `${f.manufacturer.address}:${SCHEME}:valid`,
        `${f.manufacturer.address}:${OTHER_SCHEME}:valid`,
      ]);
      expect(all.next).to.equal(undefined);
      expect(all.items[0]).to.deep.equal(
        await f.participants.getCertificate({ participant: f.producer.address, scheme: SCHEME }),
      );

      const first = await listCertificates(f.source, { fromBlock: 0, limit: 2 });
      expect(first.items.map(key)).to.deep.equal(all.items.slice(0, 2).map(key));
      expect(first.next).to.equal(`${f.manufacturer.address}:${SCHEME}`);
      const second = await listCertificates(f.source, {
        fromBlock: 0,
        limit: 2,
        after: first.next,
      });
      expect(second.items.map(key)).to.deep.equal(all.items.slice(2).map(key));
      expect(second.next).to.equal(undefined);
    });

    it("keeps the certificates of a holder or under a scheme, revoked ones included", async function () {
      const f = await loadFixture(listsFixture);
      await f.participants
        .connect(f.auditor)
        .revokeCertificate({ participant: f.manufacturer.address, scheme: SCHEME });
      const held = await listCertificates(f.source, {
        fromBlock: 0,
        holder: f.manufacturer.address,
      });
      expect(held.items.map(key)).to.deep.equal([
        `${f.manufacturer.address}:${SCHEME}:revoked`,
        `${f.manufacturer.address}:${OTHER_SCHEME}:valid`,
      ]);
      const under = await listCertificates(f.source, { fromBlock: 0, scheme: SCHEME, limit: 1 });
      expect(under.items.map(key)).to.deep.equal([`${f.producer.address}:${SCHEME}:valid`]);
      expect(under.next).to.equal(`${f.producer.address}:${SCHEME}`);
      const both = await listCertificates(f.source, {
        fromBlock: 0,
        holder: f.producer.address,
        scheme: OTHER_SCHEME,
      });
      expect(both).to.deep.equal({ items: [], next: undefined });
    });

    it("refuses a bad holder, a bad scheme and a cursor that is no certificate", async function () {
      const f = await loadFixture(listsFixture);
      const holder = expectInputError(
        await rejection(() => listCertificates(f.source, { fromBlock: 0, holder: "nobody" })),
        InputErrorCode.InvalidAddress,
        'The certificate holder address "nobody" is not an Ethereum address',
      );
      expect(holder.field).to.equal("holder");
      const scheme = expectInputError(
        await rejection(() => listCertificates(f.source, { fromBlock: 0, scheme: "A".repeat(32) })),
        InputErrorCode.InvalidScheme,
      );
      expect(scheme.field).to.equal("scheme");
      const cursor = expectInputError(
        await rejection(() => listCertificates(f.source, { fromBlock: 0, after: "AS9100D" })),
        InputErrorCode.InvalidScheme,
        "is not <participant address>:<scheme>",
      );
      expect(cursor.field).to.equal("after");
      const missing = expectInputError(
        await rejection(() =>
          listCertificates(f.source, { fromBlock: 0, after: `${f.customer.address}:${SCHEME}` }),
        ),
        InputErrorCode.InvalidScheme,
      );
      expect(missing.shortMessage).to.equal(
        `No page starts after the certificate ${f.customer.address}:${SCHEME}: it is not in ` +
          "the list. Pass the `next` of the previous page.",
      );
      const limit = expectInputError(
        await rejection(() => listCertificates(f.source, { fromBlock: 0, limit: 0 })),
        InputErrorCode.InvalidAmount,
      );
      expect(limit.field).to.equal("limit");
    });
  });
});
