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
  ZeroHash,
} from "ethers";
import {
  answerChallenge,
  blockAt,
  challengeBlock,
  type ChipAnswer,
  chipDigest,
  chipDomain,
  type ChipVerification,
  InputErrorCode,
  MAX_CHALLENGE_AGE,
  newChallenge,
  recoverChipSigner,
  SimulatedTagChip,
  staleChallengeReason,
  toBlockNumber,
  verifyChipOffChain,
} from "../../../src/index.js";
import { expectInputError, rejection, thrown } from "../helpers.js";
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
  networkHelpers,
  SPEC,
} from "./fixture.js";

const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const CHALLENGE = `0x${"ab".repeat(32)}`;
const BLOCK = { number: 1000n, hash: `0x${"cd".repeat(32)}` };
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

/** The chain's latest block number. */
async function latest(): Promise<bigint> {
  return BigInt(await ethers.provider.getBlockNumber());
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

    it("gives a digest that changes with the chain, registry, part, challenge, block and block hash", function () {
      const base = {
        chainId: 31337,
        registry: REGISTRY,
        partId: 7n,
        challenge: CHALLENGE,
        blockNumber: 1000n,
        blockHash: BLOCK.hash,
      };
      const digest = chipDigest(base);
      expect(digest).to.match(/^0x[0-9a-f]{64}$/);
      expect(chipDigest({ ...base, blockNumber: 1000 })).to.equal(digest);
      const variants = [
        { chainId: 1 },
        { registry: ZeroAddress },
        { partId: 8n },
        { challenge: `0x${"ac".repeat(32)}` },
        { blockNumber: 1001n },
        { blockHash: `0x${"ce".repeat(32)}` },
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
        blockNumber: BLOCK.number,
        blockHash: BLOCK.hash,
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

    it("answers a challenge bound to the block given: a fresh challenge, or the one given", async function () {
      const context = { chainId: 31337n, registry: REGISTRY, block: BLOCK };
      const fresh = await answerChallenge(CHIP, { ...context, partId: 5n });
      expect([fresh.blockNumber, fresh.blockHash]).to.deep.equal([1000n, BLOCK.hash]);
      expect(fresh.challenge).to.match(/^0x[0-9a-f]{64}$/);
      expect(fresh.digest).to.equal(chipDigest({ ...context, ...fresh }));
      expect(recoverAddress(fresh.digest, fresh.signature)).to.equal(CHIP.address);

      const given = await answerChallenge(CHIP, {
        ...context,
        block: { number: 7, hash: BLOCK.hash.toUpperCase().replace("0X", "0x") },
        partId: "5",
        challenge: CHALLENGE.toUpperCase().replace("0X", "0x"),
      });
      expect([given.partId, given.challenge, given.blockNumber, given.blockHash]).to.deep.equal([
        5n,
        CHALLENGE,
        7n,
        BLOCK.hash,
      ]);
      expectInputError(
        await rejection(() =>
          answerChallenge(CHIP, { ...context, block: { number: 1, hash: "0x12" }, partId: 5n }),
        ),
        InputErrorCode.InvalidHash,
        "block hash",
      );
    });

    it("reads block numbers as whole numbers, zero or more (SC126)", function () {
      expect([toBlockNumber(0), toBlockNumber(12n), toBlockNumber(" 34 ")]).to.deep.equal([
        0n,
        12n,
        34n,
      ]);
      for (const bad of [-1, 1.5, -1n, "0x10", "ten", ""]) {
        expectInputError(
          thrown(() => toBlockNumber(bad)),
          InputErrorCode.InvalidBlock,
          "is not a block number",
        );
      }
    });

    it("says why an answer's block is outside the window of the 64 blocks before the current one", function () {
      expect(MAX_CHALLENGE_AGE).to.equal(64n);
      expect(staleChallengeReason(1000n, 1001n)).to.equal(undefined);
      expect(staleChallengeReason(1000, 1064)).to.equal(undefined);
      expect(staleChallengeReason(1000n, 1065n)).to.equal(
        "The chip's answer is bound to block 1000, more than 64 blocks before block 1065; ask " +
          "the chip to sign a fresh challenge.",
      );
      for (const current of [1000n, 999n]) {
        expect(staleChallengeReason(1000n, current)).to.equal(
          `The chip's answer is bound to block 1000, which is not before the block ${current} ` +
            "that checks it: an answer can only be bound to a block that already exists.",
        );
      }
    });

    describe("verifyChipOffChain", function () {
      const context = { chainId: 31337n, registry: REGISTRY };
      let answer: ChipAnswer;
      before(async function () {
        answer = await answerChallenge(CHIP, { ...context, block: BLOCK, partId: 5n });
      });
      const check = (change: object = {}) =>
        verifyChipOffChain({
          ...context,
          ...answer,
          chipKey: CHIP.address,
          currentBlock: 1001n,
          ...change,
        });

      it("accepts the chip's answer, within the window", function () {
        expect(check()).to.deep.equal({ ok: true });
        expect(check({ currentBlock: 1064 })).to.deep.equal({ ok: true });
        expect(check({ chipKey: CHIP.address.toLowerCase() })).to.deep.equal({ ok: true });
      });

      it("refuses another chip, part, registry, chain or block hash as a bad signature", function () {
        const wrongChip = check({ chipKey: OTHER_CHIP.address });
        expect(wrongChip).to.deep.equal({
          ok: false,
          reason: "bad-signature",
          message:
            `The signature is from ${CHIP.address}, not from the tag chip ${OTHER_CHIP.address} ` +
            `of part 0x${"0".repeat(63)}5 (another chip, or signed for another challenge or block).`,
        });
        for (const change of [
          { partId: 6n },
          { registry: ZeroAddress },
          { chainId: 1n },
          { blockNumber: 1001n, currentBlock: 1002n },
          { blockHash: `0x${"ce".repeat(32)}` },
        ]) {
          expect(check(change).reason, inspect(change)).to.equal("bad-signature");
        }
      });

      it("refuses an answer more than 64 blocks old, and one bound to the current or a later block", function () {
        const old = check({ currentBlock: 1065n });
        expect(old).to.deep.equal({
          ok: false,
          reason: "stale-challenge",
          message: staleChallengeReason(1000n, 1065n),
        });
        for (const currentBlock of [1000n, 999n, 0n]) {
          expect(check({ currentBlock }).reason, String(currentBlock)).to.equal("stale-challenge");
        }
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
    it("computes the same digest as the registry, reading the block's hash when not given", async function () {
      const { parts, context, partId } = await loadFixture(soldFixture);
      for (const [id, challenge, blockNumber, blockHash] of [
        [partId, CHALLENGE, 1000n, BLOCK.hash],
        [1n, newChallenge(), 0n, ZeroHash],
        [2n ** 256n - 1n, newChallenge(), 2n ** 256n - 1n, `0x${"ff".repeat(32)}`],
      ] as const) {
        expect(chipDigest({ ...context, partId: id, challenge, blockNumber, blockHash })).to.equal(
          await parts.chipDigest({ partId: id, challenge, blockNumber, blockHash }),
        );
      }
      const { number, hash } = context.block;
      expect(
        await parts.chipDigest({ partId, challenge: CHALLENGE, blockNumber: number }),
      ).to.equal(
        chipDigest({
          ...context,
          partId,
          challenge: CHALLENGE,
          blockNumber: number,
          blockHash: hash,
        }),
      );
    });

    it("reports the chain, the registry and the block a chip must answer for: the latest block's parent", async function () {
      const { parts, registryAddress } = await loadFixture(soldFixture);
      const parent = await ethers.provider.getBlock((await latest()) - 1n);
      expect(await parts.chipContext()).to.deep.equal({
        chainId: (await ethers.provider.getNetwork()).chainId,
        registry: registryAddress,
        block: { number: BigInt(parent?.number ?? -1), hash: parent?.hash },
      });
      expect(await challengeBlock(ethers.provider)).to.deep.equal({
        number: BigInt(parent?.number ?? -1),
        hash: parent?.hash,
      });
    });

    it("refuses to bind an answer to a block the chain does not have yet (SC126)", async function () {
      const { parts } = await loadFixture(soldFixture);
      const next = (await latest()) + 1n;
      for (const action of [
        () => blockAt(ethers.provider, next),
        () => parts.chipDigest({ partId: 1n, challenge: CHALLENGE, blockNumber: next }),
      ]) {
        expectInputError(
          await rejection(action),
          InputErrorCode.InvalidBlock,
          `The chain has no block ${next} yet`,
        );
      }
    });

    it("verifies a simulated chip's answer on chain and off chain alike", async function () {
      const { parts, partId, other, chipless } = await loadFixture(soldFixture);
      await networkHelpers.mine(Number(MAX_CHALLENGE_AGE));
      const context = await parts.chipContext();
      // A call runs on the latest block.
      const current = await latest();
      const at = async (n: bigint) => blockAt(ethers.provider, n);
      const answer = await answerChallenge(CHIP, { ...context, partId });
      const cases: [string, ChipAnswer, string | undefined, ChipVerification["reason"]][] = [
        ["the chip's own answer", answer, CHIP.address, undefined],
        [
          "another chip's answer",
          await answerChallenge(OTHER_CHIP, { ...context, partId }),
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
          await answerChallenge(CHIP, { ...context, chainId: 1n, partId }),
          CHIP.address,
          "bad-signature",
        ],
        [
          "an answer prepared for a guessed hash of the block",
          await answerChallenge(CHIP, {
            ...context,
            block: { number: context.block.number, hash: BLOCK.hash },
            partId,
          }),
          CHIP.address,
          "bad-signature",
        ],
        [
          "an answer more than 64 blocks old",
          await answerChallenge(CHIP, { ...context, block: await at(current - 65n), partId }),
          CHIP.address,
          "stale-challenge",
        ],
        [
          "an answer at the far edge of the window",
          await answerChallenge(CHIP, { ...context, block: await at(current - 64n), partId }),
          CHIP.address,
          undefined,
        ],
        [
          "an answer bound to the block that checks it",
          await answerChallenge(CHIP, { ...context, block: await at(current), partId }),
          CHIP.address,
          "stale-challenge",
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
        // Off chain, with the hash the chain knows for the block, as the registry does.
        const { hash } = await at(candidate.blockNumber);
        const offChain = verifyChipOffChain({
          ...context,
          ...candidate,
          blockHash: hash,
          chipKey,
          currentBlock: current,
        });
        expect(onChain.reason, what).to.equal(reason);
        expect(offChain.reason, what).to.equal(reason);
        expect(onChain.ok, what).to.equal(reason === undefined);
        if (reason !== undefined) expect(onChain.message, what).to.match(/^\S.*\.$/);
      }
      const stale = await parts.verifyChip(cases[5]![1]);
      expect(stale.message).to.equal(
        `The chip's answer is bound to block ${current - 65n}, more than 64 blocks before block ` +
          `${current}; ask the chip to sign a fresh challenge.`,
      );
    });

    it("says an unknown part is unknown", async function () {
      const { parts, context } = await loadFixture(soldFixture);
      const answer = await answerChallenge(CHIP, { ...context, partId: 1n });
      expect(await parts.verifyChip(answer)).to.deep.equal({
        ok: false,
        reason: "unknown-part",
        message: `There is no part 0x${"0".repeat(63)}1.`,
      });
    });

    it("names the signer and the chip when the chip does not match", async function () {
      const { parts, context, partId } = await loadFixture(soldFixture);
      const answer = await answerChallenge(OTHER_CHIP, { ...context, partId });
      const result = await parts.verifyChip(answer);
      expect(result.message).to.include(`The signature is from ${OTHER_CHIP.address}, not from`);
      expect(result.message).to.include(`the tag chip ${CHIP.address}`);
    });
  });

  describe("activation", function () {
    it("activates a part with its chip's answer: in service, activated", async function () {
      const { asCustomer, parts, context, partId } = await loadFixture(soldFixture);
      const answer = await answerChallenge(CHIP, { ...context, partId });
      await expectTxResult(await asCustomer.activate(answer));
      const part = await parts.getPart(partId);
      expect([part?.status, part?.activated]).to.deep.equal(["in-service", true]);
    });

    it("activates with an answer bound to the latest block, and to the oldest one still in the window", async function () {
      const { asCustomer, parts, context, partId, other } = await loadFixture(soldFixture);
      const newest = await answerChallenge(CHIP, {
        ...context,
        block: await blockAt(ethers.provider, await latest()),
        partId,
      });
      await expectTxResult(await asCustomer.activate(newest));
      const oldest = await answerChallenge(OTHER_CHIP, {
        ...context,
        block: await blockAt(ethers.provider, await latest()),
        partId: other,
      });
      // The activation is mined 64 blocks after the answer's block.
      await networkHelpers.mine(Number(MAX_CHALLENGE_AGE) - 1);
      const mined = await asCustomer.activate(oldest);
      expect(BigInt(mined.blockNumber)).to.equal(oldest.blockNumber + MAX_CHALLENGE_AGE);
      expect((await parts.getPart(other))?.activated).to.equal(true);
    });

    it("refuses a replayed answer: on the same part once active, and on another part", async function () {
      const { asCustomer, customer, context, partId, other } = await loadFixture(soldFixture);
      const answer = await answerChallenge(CHIP, { ...context, partId });
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
      const answer = await answerChallenge(CHIP, { ...context, partId: copy });
      await expectContractRefusal(
        customer,
        () => asCustomer.activate(answer),
        "PartRegistryNoChip",
        [copy],
      );
      expect((await parts.verifyChip(answer)).reason).to.equal("no-chip");
      // Nor can the counterfeiter forge the genuine part's chip with a key of its own.
      const forged = await answerChallenge(SimulatedTagChip.random(), { ...context, partId });
      expect((await parts.verifyChip(forged)).reason).to.equal("bad-signature");
      await expectContractRefusal(
        customer,
        () => asCustomer.activate(forged),
        "PartRegistryBadChipSignature",
        [partId, recoverAddress(forged.digest, forged.signature), CHIP.address],
      );
    });

    it("refuses an answer prepared for a guessed hash of a block, naming the signer", async function () {
      const { asCustomer, customer, context, partId } = await loadFixture(soldFixture);
      const guessed = await answerChallenge(CHIP, {
        ...context,
        block: { number: context.block.number, hash: BLOCK.hash },
        partId,
      });
      const real = chipDigest({ ...context, ...guessed, blockHash: context.block.hash });
      const error = await expectContractRefusal(
        customer,
        () => asCustomer.activate(guessed),
        "PartRegistryBadChipSignature",
        [partId, recoverAddress(real, guessed.signature), CHIP.address],
      );
      expect(error.shortMessage).to.include("signed for another challenge, block, part");
    });

    it("refuses, before sending, an answer too old for the next block or bound to a block not mined yet (SC127)", async function () {
      const { asCustomer, customer, context, partId } = await loadFixture(soldFixture);
      const answer = await answerChallenge(CHIP, { ...context, partId });
      // The next block is the answer's block + 65.
      await networkHelpers.mine(Number(answer.blockNumber + MAX_CHALLENGE_AGE - (await latest())));
      await expectRefusedBeforeSending(
        customer,
        () => asCustomer.activate(answer),
        InputErrorCode.StaleChallenge,
        `bound to block ${answer.blockNumber}, more than 64 blocks before block ` +
          `${answer.blockNumber + 65n}`,
      );
      const next = (await latest()) + 1n;
      const early = await answerChallenge(CHIP, {
        ...context,
        block: { number: next, hash: BLOCK.hash },
        partId,
      });
      await expectRefusedBeforeSending(
        customer,
        () => asCustomer.activate(early),
        InputErrorCode.StaleChallenge,
        `bound to block ${next}, which is not before the block ${next} that checks it`,
      );
    });

    it("refuses a malformed signature, challenge or block number before sending", async function () {
      const { asCustomer, customer, context, partId } = await loadFixture(soldFixture);
      const answer = await answerChallenge(CHIP, { ...context, partId });
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
        () => asCustomer.activate({ ...answer, blockNumber: "latest" }),
        InputErrorCode.InvalidBlock,
        "block number",
      );
      await expectRefusedBeforeSending(
        customer,
        () => asCustomer.verifyChip({ ...answer, signature: "signature" }),
        InputErrorCode.InvalidSignature,
        "hex bytes",
      );
      await expectRefusedBeforeSending(
        customer,
        () => asCustomer.verifyChip({ ...answer, blockNumber: -1 }),
        InputErrorCode.InvalidBlock,
        "block number",
      );
    });

    it("decodes the refusals: not the holder, not a customer, no chip", async function () {
      const { asCustomer, asManufacturer, customer, manufacturer, context, partId, chipless } =
        await loadFixture(soldFixture);
      const answer = await answerChallenge(CHIP, { ...context, partId });
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
