import { inspect } from "node:util";
import { expect } from "chai";
import {
  getBytes,
  hexlify,
  recoverAddress,
  Signature,
  verifyMessage,
  Wallet,
  ZeroAddress,
} from "ethers";
import {
  answerChallenge,
  type ChipAnswer,
  chipDigest,
  chipDomain,
  type ChipVerification,
  InputErrorCode,
  newChallenge,
  recoverChipSigner,
  SimulatedTagChip,
  verifyChipOffChain,
} from "../../src/index.js";
import { expectInputError, thrown } from "./helpers.js";
import {
  CHIP,
  CHILD_SPEC,
  docHash,
  ethers,
  expectContractRefusal,
  expectRefusedBeforeSending,
  expectTxResult,
  loadFixture,
  OTHER_CHIP,
  partFixture,
  SPEC,
  time,
} from "./parts-fixture.js";

// An assertion that nobody awaited must fail the run instead of passing silently.
process.on("unhandledRejection", (reason) => {
  throw reason;
});

const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const CHALLENGE = `0x${"ab".repeat(32)}`;
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** The same signature with s replaced by n - s and v flipped: valid for ecrecover, but malleable. */
function highS(signature: string): string {
  const sig = Signature.from(signature);
  const s = (SECP256K1_N - BigInt(sig.s)).toString(16).padStart(64, "0");
  return `${sig.r}${s}${sig.v === 27 ? "1c" : "1b"}`;
}

/** The same signature with v written as 0 or 1, as some chips and libraries do. */
function zeroOneV(signature: string): string {
  const bytes = getBytes(signature);
  bytes[64] = (bytes[64] ?? 27) - 27;
  return hexlify(bytes);
}

/**
 * The part fixture, with the part handed to the customer, a second part (SN-000124) bound to
 * {OTHER_CHIP} also with the customer, and a third without a chip.
 */
async function soldFixture() {
  const base = await partFixture();
  const { partId: other } = await base.asManufacturer.makePart({
    spec: SPEC,
    serial: "SN-000124",
    chipKey: OTHER_CHIP.address,
    inputs: [{ batchId: base.batch, quantity: 5n }],
  });
  const { partId: chipless } = await base.asManufacturer.makePart({
    spec: CHILD_SPEC,
    serial: "NC-1",
    inputs: [{ batchId: base.batch, quantity: 1n }],
  });
  for (const id of [base.partId, other]) {
    // Activation needs a conforming part: SPEC requires a passed test and inspection.
    await base.asTestLab.attest({
      partId: id,
      kind: "test",
      dataHash: docHash("report"),
      passed: true,
    });
    await base.asInspector.attest({
      partId: id,
      kind: "inspection",
      dataHash: docHash("inspection"),
      passed: true,
    });
  }
  for (const id of [base.partId, other, chipless]) {
    await base.asManufacturer.transfer({ partId: id, to: base.customer.address });
  }
  const context = await base.parts.chipContext();
  return { ...base, other, chipless, context };
}

describe("SDK tag chips", function () {
  describe("off chain", function () {
    it("uses the registry's EIP-712 domain", function () {
      expect(chipDomain({ chainId: 31337, registry: REGISTRY.toLowerCase() })).to.deep.equal({
        name: "PartRegistry",
        version: "1",
        chainId: 31337n,
        verifyingContract: REGISTRY,
      });
    });

    it("gives a digest that changes with the chain, registry, part, challenge and expiry", function () {
      const base = {
        chainId: 31337,
        registry: REGISTRY,
        partId: 7n,
        challenge: CHALLENGE,
        notAfter: 1_900_000_000,
      };
      const digest = chipDigest(base);
      expect(digest).to.match(/^0x[0-9a-f]{64}$/);
      expect(chipDigest({ ...base, notAfter: new Date(1_900_000_000_000) })).to.equal(digest);
      const variants = [
        { chainId: 1 },
        { registry: ZeroAddress },
        { partId: 8n },
        { challenge: `0x${"ac".repeat(32)}` },
        { notAfter: 1_900_000_001 },
      ];
      for (const change of variants) {
        expect(chipDigest({ ...base, ...change }), inspect(change)).not.to.equal(digest);
      }
    });

    it("makes fresh 32-byte challenges", function () {
      const a = newChallenge();
      expect(a).to.match(/^0x[0-9a-f]{64}$/);
      expect(newChallenge()).not.to.equal(a);
    });

    it("simulates a chip that signs raw digests, without an Ethereum message prefix", function () {
      const key = `0x${"33".repeat(32)}`;
      const chip = new SimulatedTagChip(key);
      expect(chip.address).to.equal(new Wallet(key).address);
      const digest = chipDigest({
        chainId: 31337,
        registry: REGISTRY,
        partId: 1n,
        challenge: CHALLENGE,
        notAfter: 1_900_000_000,
      });
      const signature = chip.sign(digest);
      expect(getBytes(signature)).to.have.length(65);
      expect(recoverAddress(digest, signature)).to.equal(chip.address);
      expect(verifyMessage(getBytes(digest), signature)).not.to.equal(chip.address);
      expect(SimulatedTagChip.random().address).not.to.equal(SimulatedTagChip.random().address);
    });

    it("refuses a bad chip key (SC115) and a digest that is not 32 bytes (SC104)", function () {
      for (const key of ["0x1234", `0x${"00".repeat(32)}`, "not a key"]) {
        expectInputError(
          thrown(() => new SimulatedTagChip(key)),
          InputErrorCode.InvalidSignature,
          "secp256k1 private key",
        );
      }
      expectInputError(
        thrown(() => CHIP.sign("0x1234")),
        InputErrorCode.InvalidHash,
        "digest",
      );
    });

    it("answers a challenge: a fresh one valid ten minutes by default, or the one given", async function () {
      const context = { chainId: 31337n, registry: REGISTRY };
      const fresh = await answerChallenge(CHIP, { ...context, partId: 5n, now: 1_900_000_000 });
      expect(fresh.notAfter).to.equal(1_900_000_600n);
      expect(fresh.challenge).to.match(/^0x[0-9a-f]{64}$/);
      expect(fresh.digest).to.equal(chipDigest({ ...context, ...fresh }));
      expect(recoverAddress(fresh.digest, fresh.signature)).to.equal(CHIP.address);

      const given = await answerChallenge(CHIP, {
        ...context,
        partId: "5",
        challenge: CHALLENGE.toUpperCase().replace("0X", "0x"),
        notAfter: 1_900_000_123,
      });
      expect([given.partId, given.challenge, given.notAfter]).to.deep.equal([
        5n,
        CHALLENGE,
        1_900_000_123n,
      ]);

      const before = BigInt(Math.floor(Date.now() / 1000));
      const byWallClock = await answerChallenge(CHIP, { ...context, partId: 5n });
      expect(byWallClock.notAfter >= before + 600n).to.equal(true);
      expect(byWallClock.notAfter <= before + 602n).to.equal(true);
    });

    describe("verifyChipOffChain", function () {
      const NOW = 1_900_000_000n;
      const context = { chainId: 31337n, registry: REGISTRY };
      let answer: ChipAnswer;
      before(async function () {
        answer = await answerChallenge(CHIP, { ...context, partId: 5n, notAfter: NOW + 300n });
      });
      const check = (change: object = {}) =>
        verifyChipOffChain({ ...context, ...answer, chipKey: CHIP.address, now: NOW, ...change });

      it("accepts the chip's answer, within the window", function () {
        expect(check()).to.deep.equal({ ok: true });
        expect(check({ now: new Date(Number(NOW) * 1000) })).to.deep.equal({ ok: true });
        expect(check({ chipKey: CHIP.address.toLowerCase() })).to.deep.equal({ ok: true });
      });

      it("refuses another chip, part, registry or chain as a bad signature", function () {
        const wrongChip = check({ chipKey: OTHER_CHIP.address });
        expect(wrongChip).to.deep.equal({
          ok: false,
          reason: "bad-signature",
          message:
            `The signature is from ${CHIP.address}, not from the tag chip ${OTHER_CHIP.address} ` +
            `of part 0x${"0".repeat(63)}5.`,
        });
        for (const change of [{ partId: 6n }, { registry: ZeroAddress }, { chainId: 1n }]) {
          expect(check(change).reason, inspect(change)).to.equal("bad-signature");
        }
      });

      it("refuses an expired challenge and one that expires too far ahead", function () {
        expect(check({ now: NOW + 301n })).to.deep.include({
          ok: false,
          reason: "stale-challenge",
        });
        expect(check({ now: NOW + 300n })).to.deep.equal({ ok: true });
        expect(check({ now: NOW - 600n })).to.deep.equal({ ok: true }); // exactly 15 minutes
        const tooFar = check({ now: NOW - 601n });
        expect(tooFar).to.deep.include({ ok: false, reason: "stale-challenge" });
        expect(tooFar.message).to.equal(
          "The challenge expires at 2030-03-17T17:51:40Z, which is not within the 15 minutes " +
            "after 2030-03-17T17:36:39Z.",
        );
      });

      it("says a part without a chip has no chip", function () {
        for (const chipKey of [undefined, ZeroAddress]) {
          expect(check({ chipKey })).to.deep.equal({
            ok: false,
            reason: "no-chip",
            message: `Part 0x${"0".repeat(63)}5 has no tag chip.`,
          });
        }
      });

      it("refuses malformed signatures as the contract does: length, v of 0 or 1, high s", function () {
        const malformed: ChipVerification = {
          ok: false,
          reason: "bad-signature",
          message: "The signature is malformed (not a 65-byte low-s signature).",
        };
        for (const signature of [
          answer.signature.slice(0, 130),
          `${answer.signature}00`,
          zeroOneV(answer.signature),
          highS(answer.signature),
          "0x",
        ]) {
          expect(check({ signature })).to.deep.equal(malformed);
          expect(recoverChipSigner(answer.digest, signature)).to.equal(undefined);
        }
        // ethers itself would accept v = 0 or 1; the contract's ECDSA does not.
        expect(recoverAddress(answer.digest, zeroOneV(answer.signature))).to.equal(CHIP.address);
      });
    });
  });

  describe("on chain", function () {
    it("computes the same digest as the registry", async function () {
      const { parts, context, partId } = await loadFixture(soldFixture);
      for (const [id, challenge, notAfter] of [
        [partId, CHALLENGE, 1_900_000_000n],
        [1n, newChallenge(), 0n],
        [2n ** 256n - 1n, newChallenge(), 253_402_300_799n],
      ] as const) {
        expect(chipDigest({ ...context, partId: id, challenge, notAfter })).to.equal(
          await parts.chipDigest({ partId: id, challenge, notAfter }),
        );
      }
    });

    it("reports the chain and registry a chip must answer for", async function () {
      const { parts, registryAddress } = await loadFixture(soldFixture);
      expect(await parts.chipContext()).to.deep.equal({
        chainId: (await ethers.provider.getNetwork()).chainId,
        registry: registryAddress,
      });
    });

    it("verifies a simulated chip's answer on chain and off chain alike", async function () {
      const { parts, context, partId, other, chipless } = await loadFixture(soldFixture);
      const now = BigInt(await time.latest());
      const answer = await answerChallenge(CHIP, { ...context, partId, now });
      const cases: [string, ChipAnswer, string | undefined, ChipVerification["reason"]][] = [
        ["the chip's own answer", answer, CHIP.address, undefined],
        [
          "another chip's answer",
          await answerChallenge(OTHER_CHIP, { ...context, partId, now }),
          CHIP.address,
          "bad-signature",
        ],
        [
          "the answer for another part",
          { ...answer, partId: other },
          OTHER_CHIP.address,
          "bad-signature",
        ],
        [
          "an answer for another chain",
          await answerChallenge(CHIP, { ...context, chainId: 1n, partId, now }),
          CHIP.address,
          "bad-signature",
        ],
        [
          "an expired answer",
          await answerChallenge(CHIP, { ...context, partId, notAfter: now - 1n }),
          CHIP.address,
          "stale-challenge",
        ],
        [
          "an answer valid too far ahead",
          await answerChallenge(CHIP, { ...context, partId, notAfter: now + 901n }),
          CHIP.address,
          "stale-challenge",
        ],
        [
          "an answer at the edge of the window",
          await answerChallenge(CHIP, { ...context, partId, notAfter: now + 900n }),
          CHIP.address,
          undefined,
        ],
        ["a part without a chip", { ...answer, partId: chipless }, undefined, "no-chip"],
        [
          "a high-s signature",
          { ...answer, signature: highS(answer.signature) },
          CHIP.address,
          "bad-signature",
        ],
      ];
      for (const [what, candidate, chipKey, reason] of cases) {
        const onChain = await parts.verifyChip(candidate);
        const offChain = verifyChipOffChain({ ...context, ...candidate, chipKey, now });
        expect(onChain.reason, what).to.equal(reason);
        expect(offChain.reason, what).to.equal(reason);
        expect(onChain.ok, what).to.equal(reason === undefined);
        if (reason !== undefined) expect(onChain.message, what).to.match(/^\S.*\.$/);
      }
    });

    it("says an unknown part is unknown", async function () {
      const { parts, context } = await loadFixture(soldFixture);
      const answer = await answerChallenge(CHIP, {
        ...context,
        partId: 1n,
        now: await time.latest(),
      });
      expect(await parts.verifyChip(answer)).to.deep.equal({
        ok: false,
        reason: "unknown-part",
        message: `There is no part 0x${"0".repeat(63)}1.`,
      });
    });

    it("names the signer and the chip when the chip does not match", async function () {
      const { parts, context, partId } = await loadFixture(soldFixture);
      const answer = await answerChallenge(OTHER_CHIP, {
        ...context,
        partId,
        now: await time.latest(),
      });
      const result = await parts.verifyChip(answer);
      expect(result.message).to.include(`The signature is from ${OTHER_CHIP.address}, not from`);
      expect(result.message).to.include(`the tag chip ${CHIP.address}`);
    });
  });

  describe("activation", function () {
    it("activates a part with its chip's answer: in service, activated", async function () {
      const { asCustomer, parts, context, partId } = await loadFixture(soldFixture);
      const answer = await answerChallenge(CHIP, { ...context, partId, now: await time.latest() });
      await expectTxResult(await asCustomer.activate(answer));
      const part = await parts.getPart(partId);
      expect([part?.status, part?.activated]).to.deep.equal(["in-service", true]);
    });

    it("refuses a replayed answer: on the same part once active, and on another part", async function () {
      const { asCustomer, customer, context, partId, other } = await loadFixture(soldFixture);
      const answer = await answerChallenge(CHIP, { ...context, partId, now: await time.latest() });
      await asCustomer.activate(answer);
      await expectContractRefusal(
        customer,
        () => asCustomer.activate(answer),
        "PartRegistryInvalidTransition",
        [partId, 1n, 1n],
      );
      const replayed = { ...answer, partId: other };
      const signer = recoverAddress(chipDigest({ ...context, ...replayed }), answer.signature);
      await expectContractRefusal(
        customer,
        () => asCustomer.activate(replayed),
        "PartRegistryBadChipSignature",
        [other, signer, OTHER_CHIP.address],
      );
    });

    it("never activates a counterfeit: a copied serial without the chip", async function () {
      const { asManufacturer2, asCustomer, parts, customer, context, partId } =
        await loadFixture(soldFixture);
      // The counterfeiter cannot use the genuine material, so it makes its copy from nothing.
      const { partId: copy } = await asManufacturer2.makePart({
        spec: CHILD_SPEC,
        serial: "SN-000123",
        inputs: [],
      });
      await asManufacturer2.transfer({ partId: copy, to: customer.address });
      const answer = await answerChallenge(CHIP, {
        ...context,
        partId: copy,
        now: await time.latest(),
      });
      await expectContractRefusal(
        customer,
        () => asCustomer.activate(answer),
        "PartRegistryNoChip",
        [copy],
      );
      expect((await parts.verifyChip(answer)).reason).to.equal("no-chip");
      // Nor can the counterfeiter forge the genuine part's chip with a key of its own.
      const forged = await answerChallenge(SimulatedTagChip.random(), {
        ...context,
        partId,
        now: await time.latest(),
      });
      expect((await parts.verifyChip(forged)).reason).to.equal("bad-signature");
      await expectContractRefusal(
        customer,
        () => asCustomer.activate(forged),
        "PartRegistryBadChipSignature",
        [partId, recoverAddress(forged.digest, forged.signature), CHIP.address],
      );
    });

    it("refuses a challenge valid too far ahead on chain, naming the window", async function () {
      const { asCustomer, customer, context, partId } = await loadFixture(soldFixture);
      const notAfter = BigInt(await time.latest()) + 2000n;
      const answer = await answerChallenge(CHIP, { ...context, partId, notAfter });
      // Gas estimation runs in the next block, whose time is set here.
      const next = BigInt(await time.latest()) + 5n;
      await time.setNextBlockTimestamp(next);
      const error = await expectContractRefusal(
        customer,
        () => asCustomer.activate(answer),
        "PartRegistryStaleChallenge",
        [notAfter, next, 900n],
      );
      expect(error.shortMessage).to.include("not within the 15 minutes after the chain's time");
    });

    it("refuses an answer that expired on the chain's clock before sending (SC103)", async function () {
      const { asCustomer, customer, context, partId } = await loadFixture(soldFixture);
      const answer = await answerChallenge(CHIP, {
        ...context,
        partId,
        notAfter: BigInt(await time.latest()) + 60n,
      });
      await time.increase(120);
      await expectRefusedBeforeSending(
        customer,
        () => asCustomer.activate(answer),
        InputErrorCode.TimeInPast,
        "challenge expiry",
      );
    });

    it("refuses a malformed signature or challenge before sending", async function () {
      const { asCustomer, customer, context, partId } = await loadFixture(soldFixture);
      const answer = await answerChallenge(CHIP, { ...context, partId, now: await time.latest() });
      await expectRefusedBeforeSending(
        customer,
        () => asCustomer.activate({ ...answer, signature: answer.signature.slice(0, 130) }),
        InputErrorCode.InvalidSignature,
        "65 bytes",
      );
      await expectRefusedBeforeSending(
        customer,
        () => asCustomer.activate({ ...answer, challenge: "0x12" }),
        InputErrorCode.InvalidHash,
        "challenge",
      );
      await expectRefusedBeforeSending(
        customer,
        () => asCustomer.verifyChip({ ...answer, signature: "signature" }),
        InputErrorCode.InvalidSignature,
        "hex bytes",
      );
    });

    it("decodes the refusals: not the holder, not a customer, no chip", async function () {
      const { asCustomer, asManufacturer, customer, manufacturer, context, partId, chipless } =
        await loadFixture(soldFixture);
      const now = await time.latest();
      const answer = await answerChallenge(CHIP, { ...context, partId, now });
      await asCustomer.transfer({ partId, to: manufacturer.address });
      await expectContractRefusal(
        customer,
        () => asCustomer.activate(answer),
        "PartRegistryNotPartOwner",
        [partId, customer.address],
      );
      await expectContractRefusal(
        manufacturer,
        () => asManufacturer.activate(answer),
        "PartRegistryNotAccredited",
        [manufacturer.address],
      );
      const noChip = await expectContractRefusal(
        customer,
        () => asCustomer.activate({ ...answer, partId: chipless }),
        "PartRegistryNoChip",
        [chipless],
      );
      expect(noChip.shortMessage).to.include("has no tag chip");
    });
  });
});
