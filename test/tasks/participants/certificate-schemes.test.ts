import { expect } from "chai";
import type { HardhatEthersSigner as Signer } from "@nomicfoundation/hardhat-ethers/types";
import { network } from "hardhat";
import { InputError, ParticipantsClient, toSchemeId } from "../../../src/index.js";
import { ADMIN_DELAY } from "../../helpers/governance.js";

/**
 * `ParticipantsClient.certificateSchemesOf`, which `certificate:show` uses to list every
 * certificate of a participant: the distinct schemes of its `CertificateGranted` events, in order
 * of first grant.
 */

const { ethers, networkHelpers } = await network.create();

const YEAR = 365 * 86_400;
const doc = (label: string) => ethers.id(label);

async function fixture() {
  const signers = await ethers.getSigners();
  const signer = (index: number) => {
    const found = signers[index];
    if (found === undefined) throw new Error(`no account #${index}`);
    return found;
  };
  const governance = signer(0);
  const registrar = signer(1);
  const standardsBody = signer(2);
  const auditor = signer(3);
  const producer = signer(4);
  const other = signer(5);
  const registry = await ethers.deployContract(
    "ParticipantRegistry",
    [governance.address, ADMIN_DELAY],
    signer(6), // the deployer, never governance
  );
  await registry.waitForDeployment();
  const startBlock = await ethers.provider.getBlockNumber();
  const address = await registry.getAddress();
  const as = (runner: Signer) => new ParticipantsClient(address, runner);

  await as(governance).appointRegistrar(registrar.address);
  const validUntil = (await networkHelpers.time.latest()) + YEAR;
  for (const [who, roles] of [
    [standardsBody, "standards-body"],
    [auditor, "auditor"],
    [producer, "producer"],
    [other, "manufacturer"],
  ] as const) {
    await as(registrar).accredit({
      participant: who.address,
      roles,
      validUntil,
      evidenceHash: doc(`accreditation of ${roles}`),
    });
  }
  for (const scheme of ["AS9100D", "ISO-9001:2015"]) {
    await as(standardsBody).defineScheme({
      scheme,
      documentHash: doc(scheme),
      defaultValidity: YEAR,
    });
    await as(standardsBody).authorizeAuditor({ scheme, auditor: auditor.address });
  }
  /** `who` asks the auditor for a certificate under `scheme`, as every grant needs. */
  const ask = (who: Signer, scheme: string) =>
    as(who).requestCertificate({ scheme, auditor: auditor.address });
  return { auditor: as(auditor), reader: as(governance), producer, other, startBlock, ask };
}

describe("ParticipantsClient.certificateSchemesOf", function () {
  it("is empty for a participant never certified", async function () {
    const { reader, producer, startBlock } = await networkHelpers.loadFixture(fixture);
    expect(
      await reader.certificateSchemesOf({ participant: producer.address, fromBlock: startBlock }),
    ).to.deep.equal([]);
  });

  it("lists each scheme once, in order of first grant, and only the participant's", async function () {
    const { auditor, reader, producer, other, startBlock, ask } =
      await networkHelpers.loadFixture(fixture);
    const grant = async (participant: Signer, scheme: string) => {
      await ask(participant, scheme);
      await auditor.grantCertificate({
        participant: participant.address,
        scheme,
        evidenceHash: doc(`audit ${scheme}`),
      });
    };
    await grant(producer, "ISO-9001:2015");
    await grant(other, "AS9100D");
    await grant(producer, "AS9100D");
    await grant(producer, "ISO-9001:2015");

    expect(
      await reader.certificateSchemesOf({ participant: producer.address, fromBlock: startBlock }),
    ).to.deep.equal([toSchemeId("ISO-9001:2015"), toSchemeId("AS9100D")]);
    expect(
      await reader.certificateSchemesOf({ participant: other.address, fromBlock: startBlock }),
    ).to.deep.equal([toSchemeId("AS9100D")]);
  });

  it("searches from the given block on", async function () {
    const { auditor, reader, producer, startBlock, ask } =
      await networkHelpers.loadFixture(fixture);
    await ask(producer, "ISO-9001:2015");
    await ask(producer, "AS9100D");
    await auditor.grantCertificate({
      participant: producer.address,
      scheme: "ISO-9001:2015",
      evidenceHash: doc("audit"),
    });
    const after = (await ethers.provider.getBlockNumber()) + 1;
    await auditor.grantCertificate({
      participant: producer.address,
      scheme: "AS9100D",
      evidenceHash: doc("audit"),
    });
    expect(
      await reader.certificateSchemesOf({ participant: producer.address, fromBlock: after }),
    ).to.deep.equal([toSchemeId("AS9100D")]);
    expect(
      await reader.certificateSchemesOf({ participant: producer.address, fromBlock: startBlock }),
    ).to.have.length(2);
  });

  it("refuses a malformed address or block before querying", async function () {
    const { reader, producer } = await networkHelpers.loadFixture(fixture);
    const refusal = async (query: Promise<unknown>) => {
      try {
        await query;
      } catch (error) {
        expect(error).to.be.instanceOf(InputError);
        return (error as InputError).shortMessage;
      }
      return expect.fail("expected an InputError");
    };
    expect(
      await refusal(reader.certificateSchemesOf({ participant: "0x12", fromBlock: 0 })),
    ).to.include('The participant address "0x12" is not an Ethereum address');
    expect(
      await refusal(reader.certificateSchemesOf({ participant: producer.address, fromBlock: -1 })),
    ).to.equal("The block to search from must be a block number; got -1.");
  });
});
