import { expect } from "chai";
import { network } from "hardhat";
import {
  chip,
  chipAnswer,
  CHIP_TYPES,
  chipSign,
  conform,
  deployPartsFixture,
  docHash,
  expectedPartId,
  input,
  make,
  PartStatus,
  serial,
  SPEC,
  type PartsFixture,
} from "./fixture.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, mine } = networkHelpers;

const ZERO_ADDRESS = ethers.ZeroAddress;
const ZERO_HASH = ethers.ZeroHash;
const MAX_AGE = 64;
const CHALLENGE = ethers.id("challenge:app-nonce-1");
const OTHER_CHALLENGE = ethers.id("challenge:app-nonce-2");
const REASON = docHash("rebind:tag-damaged-in-service");
const GENUINE_SERIAL = serial("SN-GEN-0001");

/**
 * The fixture plus two chipped parts made by the manufacturer and sold (transferred) to the
 * customer: `genuine` (chip "genuine") and `sibling` (chip "sibling"), and one chipped part the
 * manufacturer still holds (`unsold`, chip "unsold").
 */
async function chipFixture(connection: Parameters<typeof deployPartsFixture>[0]) {
  const f = await deployPartsFixture(connection);
  const genuineChip = chip("genuine");
  const siblingChip = chip("sibling");
  const unsoldChip = chip("unsold");
  const byMfg = f.parts.connect(f.manufacturer);
  await byMfg.makePart(SPEC, GENUINE_SERIAL, genuineChip.address, [input(2, 10n)], []);
  const genuine = expectedPartId(f.manufacturer.address, GENUINE_SERIAL);
  const sibling = await make(f.parts, f.manufacturer, "SN-GEN-0002", {
    chipKey: siblingChip.address,
    inputs: [input(2, 10n)],
  });
  const unsold = await make(f.parts, f.manufacturer, "SN-GEN-0003", {
    chipKey: unsoldChip.address,
  });
  for (const id of [genuine, sibling, unsold]) await conform(f, id);
  for (const id of [genuine, sibling]) {
    await byMfg.transferFrom(f.manufacturer.address, f.customer.address, id);
  }
  return { ...f, genuine, sibling, unsold, genuineChip, siblingChip, unsoldChip };
}

/** The parent of the latest block: what a fresh answer is bound to (the SDK's choice too). */
async function recent(): Promise<number> {
  return (await ethers.provider.getBlockNumber()) - 1;
}

/** The number the next mined block will have, which a transaction sent now runs in. */
async function nextBlock(): Promise<number> {
  return (await ethers.provider.getBlockNumber()) + 1;
}

/** The hash of block `n` as the chain knows it. */
async function hashOf(n: number): Promise<string> {
  const block = await ethers.provider.getBlock(n);
  if (block === null || block.hash === null) throw new Error(`no block ${n}`);
  return block.hash;
}

/** The chip's signature of `challenge` for `partId`, bound to block `at` and its real hash. */
async function answer(
  parts: PartsFixture["parts"],
  wallet: ReturnType<typeof chip>,
  partId: bigint,
  challenge: string,
  at: number,
): Promise<string> {
  return (await chipAnswer(parts, wallet, partId, challenge, at)).signature;
}

/** The EIP-712 digest of a chip challenge under an arbitrary domain, computed off chain. */
function digestFor(
  domain: PartsFixture["domain"],
  partId: bigint,
  challenge: string,
  blockNumber: number,
  blockHash: string,
): string {
  return ethers.TypedDataEncoder.hash(domain, CHIP_TYPES, {
    partId,
    challenge,
    blockNumber,
    blockHash,
  });
}

describe("PartRegistry: tag chips and activation", function () {
  describe("chipDigest", function () {
    it("is the EIP-712 hash of ChipChallenge under the registry's domain", async function () {
      const { parts, domain, genuine } = await loadFixture(chipFixture);
      const h = ethers.id("some block");
      expect(await parts.chipDigest(genuine, CHALLENGE, 1234, h)).to.equal(
        digestFor(domain, genuine, CHALLENGE, 1234, h),
      );
      expect(await parts.chipDigest(7n, ZERO_HASH, 0, ZERO_HASH)).to.equal(
        digestFor(domain, 7n, ZERO_HASH, 0, ZERO_HASH),
      );
    });

    it("publishes its EIP-712 domain", async function () {
      const { parts, partsAddress, chainId } = await loadFixture(chipFixture);
      const d = await parts.eip712Domain();
      expect(d.fields).to.equal("0x0f");
      expect(d.name).to.equal("PartRegistry");
      expect(d.version).to.equal("1");
      expect(d.chainId).to.equal(chainId);
      expect(d.verifyingContract).to.equal(partsAddress);
    });

    it("binds the part, the challenge, the block number and hash, the chain and the registry", async function () {
      const { parts, domain, genuine, sibling } = await loadFixture(chipFixture);
      const h = ethers.id("block 1000");
      const base = await parts.chipDigest(genuine, CHALLENGE, 1000, h);
      const variants = [
        await parts.chipDigest(sibling, CHALLENGE, 1000, h),
        await parts.chipDigest(genuine, OTHER_CHALLENGE, 1000, h),
        await parts.chipDigest(genuine, CHALLENGE, 1001, h),
        await parts.chipDigest(genuine, CHALLENGE, 1000, ethers.id("block 1000, reorged")),
        digestFor({ ...domain, chainId: 1n }, genuine, CHALLENGE, 1000, h),
        digestFor({ ...domain, verifyingContract: ZERO_ADDRESS }, genuine, CHALLENGE, 1000, h),
        digestFor({ ...domain, version: "2" }, genuine, CHALLENGE, 1000, h),
      ];
      for (const v of variants) expect(v).to.not.equal(base);
      expect(new Set(variants).size).to.equal(variants.length);
    });

    it("is what a standard EIP-712 signer signs: signTypedData equals the raw digest signature", async function () {
      const { parts, domain, genuine, genuineChip } = await loadFixture(chipFixture);
      const h = ethers.id("block 1000");
      const raw = chipSign(genuineChip, await parts.chipDigest(genuine, CHALLENGE, 1000, h));
      const typed = await genuineChip.signTypedData(domain, CHIP_TYPES, {
        partId: genuine,
        challenge: CHALLENGE,
        blockNumber: 1000,
        blockHash: h,
      });
      expect(typed).to.equal(raw);
    });
  });

  describe("activate", function () {
    it("activates a sold part with its chip's signature: InService, activated, two events", async function () {
      const { parts, customer, genuine, genuineChip } = await loadFixture(chipFixture);
      const { blockNumber, blockHash, signature } = await chipAnswer(
        parts,
        genuineChip,
        genuine,
        CHALLENGE,
      );
      const tx = parts.connect(customer).activate(genuine, CHALLENGE, blockNumber, signature);
      await expect(tx)
        .to.emit(parts, "PartStatusChanged")
        .withArgs(genuine, PartStatus.Made, PartStatus.InService, customer.address, CHALLENGE);
      await expect(tx)
        .to.emit(parts, "PartActivated")
        .withArgs(genuine, customer.address, blockNumber, blockHash);
      const p = await parts.part(genuine);
      expect(p.status).to.equal(BigInt(PartStatus.InService));
      expect(p.activated).to.equal(true);
      expect(p.owner).to.equal(customer.address);
    });

    it("accepts an answer bound to the block just before, and to the oldest of the 64 blocks", async function () {
      const { parts, customer, genuine, sibling, genuineChip, siblingChip } =
        await loadFixture(chipFixture);
      // Bound to the latest block: the activation is mined in the next one.
      const latest = await ethers.provider.getBlockNumber();
      let signature = await answer(parts, genuineChip, genuine, CHALLENGE, latest);
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, latest, signature))
        .to.emit(parts, "PartActivated")
        .withArgs(genuine, customer.address, latest, await hashOf(latest));

      const oldest = await ethers.provider.getBlockNumber();
      signature = await answer(parts, siblingChip, sibling, CHALLENGE, oldest);
      // The activation is mined in block oldest + 64.
      await mine(MAX_AGE - 1);
      await expect(parts.connect(customer).activate(sibling, CHALLENGE, oldest, signature))
        .to.emit(parts, "PartActivated")
        .withArgs(sibling, customer.address, oldest, await hashOf(oldest));
      expect(await ethers.provider.getBlockNumber()).to.equal(oldest + MAX_AGE);
    });

    it("refuses an answer bound to a block more than 64 blocks old, even one valid when made", async function () {
      const { parts, customer, genuine, genuineChip } = await loadFixture(chipFixture);
      const at = await recent();
      const signature = await answer(parts, genuineChip, genuine, CHALLENGE, at);
      expect(await parts.verifyChip(genuine, CHALLENGE, at, signature)).to.equal(true);

      // Replayed once the block has left the window: mined in block at + 65.
      await mine(at + MAX_AGE - (await ethers.provider.getBlockNumber()));
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, at, signature))
        .to.be.revertedWithCustomError(parts, "PartRegistryStaleChallenge")
        .withArgs(at, at + MAX_AGE + 1, MAX_AGE);

      // Far older: the genesis block.
      const genesis = await answer(parts, genuineChip, genuine, CHALLENGE, 0);
      const current = await nextBlock();
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, 0, genesis))
        .to.be.revertedWithCustomError(parts, "PartRegistryStaleChallenge")
        .withArgs(0, current, MAX_AGE);
    });

    it("refuses an answer bound to the current block or a future one: its hash is not known yet", async function () {
      const { parts, customer, genuine, genuineChip } = await loadFixture(chipFixture);
      for (const ahead of [0, 1, 1000]) {
        const current = await nextBlock();
        const at = current + ahead;
        // Whatever hash the answer guessed: the block is refused before any hash is read.
        const signature = chipSign(
          genuineChip,
          await parts.chipDigest(genuine, CHALLENGE, at, ethers.id(`guess ${at}`)),
        );
        await expect(parts.connect(customer).activate(genuine, CHALLENGE, at, signature))
          .to.be.revertedWithCustomError(parts, "PartRegistryStaleChallenge")
          .withArgs(at, current, MAX_AGE);
      }
      const huge = ethers.MaxUint256;
      const current = await nextBlock();
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, huge, "0x"))
        .to.be.revertedWithCustomError(parts, "PartRegistryStaleChallenge")
        .withArgs(huge, current, MAX_AGE);
    });

    it("refuses an answer prepared for a guessed hash of the block, or for another block", async function () {
      const { parts, customer, genuine, genuineChip } = await loadFixture(chipFixture);
      const at = await recent();
      const digest = await parts.chipDigest(genuine, CHALLENGE, at, await hashOf(at));
      const guessed = chipSign(
        genuineChip,
        await parts.chipDigest(genuine, CHALLENGE, at, ethers.id("guessed hash")),
      );
      const otherBlock = await answer(parts, genuineChip, genuine, CHALLENGE, at - 1);
      for (const signature of [guessed, otherBlock]) {
        await expect(parts.connect(customer).activate(genuine, CHALLENGE, at, signature))
          .to.be.revertedWithCustomError(parts, "PartRegistryBadChipSignature")
          .withArgs(genuine, ethers.recoverAddress(digest, signature), genuineChip.address);
      }
    });

    it("refuses a signature by another key, naming the signer and the chip", async function () {
      const { parts, customer, genuine, genuineChip } = await loadFixture(chipFixture);
      const forger = chip("forger");
      const at = await recent();
      const signature = await answer(parts, forger, genuine, CHALLENGE, at);
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, at, signature))
        .to.be.revertedWithCustomError(parts, "PartRegistryBadChipSignature")
        .withArgs(genuine, forger.address, genuineChip.address);
    });

    it("refuses the chip's signature for another part", async function () {
      const { parts, customer, genuine, sibling, genuineChip, siblingChip } =
        await loadFixture(chipFixture);
      const at = await recent();
      const digest = await parts.chipDigest(genuine, CHALLENGE, at, await hashOf(at));

      // The genuine chip answering a challenge for its sibling part, replayed on itself.
      const forSibling = await answer(parts, genuineChip, sibling, CHALLENGE, at);
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, at, forSibling))
        .to.be.revertedWithCustomError(parts, "PartRegistryBadChipSignature")
        .withArgs(genuine, ethers.recoverAddress(digest, forSibling), genuineChip.address);

      // The sibling's valid answer, submitted for the genuine part.
      const siblings = await answer(parts, siblingChip, sibling, CHALLENGE, at);
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, at, siblings))
        .to.be.revertedWithCustomError(parts, "PartRegistryBadChipSignature")
        .withArgs(genuine, ethers.recoverAddress(digest, siblings), genuineChip.address);
      expect(ethers.recoverAddress(digest, siblings)).to.not.equal(siblingChip.address);
    });

    it("refuses a signature made for another chain or another registry", async function () {
      const f = await loadFixture(chipFixture);
      const { parts, customer, genuine, genuineChip, domain } = f;
      const at = await recent();
      const digest = await parts.chipDigest(genuine, CHALLENGE, at, await hashOf(at));
      const twin = await ethers.deployContract("PartRegistry", [f.participantsAddress]);
      const foreignDomains = [
        { ...domain, chainId: 1n },
        { ...domain, chainId: domain.chainId + 1n },
        { ...domain, verifyingContract: await twin.getAddress() },
      ];
      for (const foreign of foreignDomains) {
        const signature = chipSign(
          genuineChip,
          digestFor(foreign, genuine, CHALLENGE, at, await hashOf(at)),
        );
        await expect(parts.connect(customer).activate(genuine, CHALLENGE, at, signature))
          .to.be.revertedWithCustomError(parts, "PartRegistryBadChipSignature")
          .withArgs(genuine, ethers.recoverAddress(digest, signature), genuineChip.address);
      }
      // The twin registry's own digest is exactly the foreign-registry one.
      expect(await twin.chipDigest(genuine, CHALLENGE, at, await hashOf(at))).to.equal(
        digestFor(foreignDomains[2] ?? domain, genuine, CHALLENGE, at, await hashOf(at)),
      );
    });

    it("refuses a signature over another challenge than submitted", async function () {
      const { parts, customer, genuine, genuineChip } = await loadFixture(chipFixture);
      const at = await recent();
      const digest = await parts.chipDigest(genuine, CHALLENGE, at, await hashOf(at));
      const signature = await answer(parts, genuineChip, genuine, OTHER_CHALLENGE, at);
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, at, signature))
        .to.be.revertedWithCustomError(parts, "PartRegistryBadChipSignature")
        .withArgs(genuine, ethers.recoverAddress(digest, signature), genuineChip.address);
    });

    it("refuses an EIP-191 (personal_sign) signature of the digest: the chip signs the raw digest", async function () {
      const { parts, customer, genuine, genuineChip } = await loadFixture(chipFixture);
      const at = await recent();
      const digest = await parts.chipDigest(genuine, CHALLENGE, at, await hashOf(at));
      const prefixed = await genuineChip.signMessage(ethers.getBytes(digest));
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, at, prefixed))
        .to.be.revertedWithCustomError(parts, "PartRegistryBadChipSignature")
        .withArgs(genuine, ethers.recoverAddress(digest, prefixed), genuineChip.address);
    });

    it("refuses malformed signatures as signed by the zero address", async function () {
      const { parts, customer, genuine, genuineChip } = await loadFixture(chipFixture);
      const at = await recent();
      const good = await answer(parts, genuineChip, genuine, CHALLENGE, at);
      const sig = ethers.Signature.from(good);
      const highS = ethers.concat([
        sig.r,
        ethers.toBeHex(
          BigInt("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141") -
            BigInt(sig.s),
          32,
        ),
        ethers.toBeHex(sig.v === 27 ? 28 : 27, 1),
      ]);
      for (const malformed of ["0x", ethers.ZeroHash, ethers.zeroPadValue("0x", 65), highS]) {
        await expect(parts.connect(customer).activate(genuine, CHALLENGE, at, malformed))
          .to.be.revertedWithCustomError(parts, "PartRegistryBadChipSignature")
          .withArgs(genuine, ZERO_ADDRESS, genuineChip.address);
      }
    });

    it("refuses to replay the activation signature: the part is already in service", async function () {
      const { parts, customer, manufacturer, genuine, genuineChip } =
        await loadFixture(chipFixture);
      const at = await recent();
      const signature = await answer(parts, genuineChip, genuine, CHALLENGE, at);
      await parts.connect(customer).activate(genuine, CHALLENGE, at, signature);
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, at, signature))
        .to.be.revertedWithCustomError(parts, "PartRegistryInvalidTransition")
        .withArgs(genuine, PartStatus.InService, PartStatus.InService);

      // Not even after a quarantine and a release, which restore InService.
      await parts.connect(manufacturer).quarantine(genuine, REASON);
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, at, signature))
        .to.be.revertedWithCustomError(parts, "PartRegistryInvalidTransition")
        .withArgs(genuine, PartStatus.Quarantined, PartStatus.InService);
      await parts.connect(manufacturer).release(genuine, REASON);
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, at, signature))
        .to.be.revertedWithCustomError(parts, "PartRegistryInvalidTransition")
        .withArgs(genuine, PartStatus.InService, PartStatus.InService);
    });

    it("refuses a returned part", async function () {
      const { parts, customer, genuine, genuineChip } = await loadFixture(chipFixture);
      await parts.connect(customer).retire(genuine, PartStatus.Returned, REASON);
      const at = await recent();
      const signature = await answer(parts, genuineChip, genuine, CHALLENGE, at);
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, at, signature))
        .to.be.revertedWithCustomError(parts, "PartRegistryInvalidTransition")
        .withArgs(genuine, PartStatus.Returned, PartStatus.InService);
    });

    it("refuses anyone but the part's owner, the maker of a sold part included", async function () {
      const { parts, manufacturer, stranger, genuine, genuineChip } =
        await loadFixture(chipFixture);
      const at = await recent();
      const signature = await answer(parts, genuineChip, genuine, CHALLENGE, at);
      for (const caller of [manufacturer, stranger]) {
        await expect(parts.connect(caller).activate(genuine, CHALLENGE, at, signature))
          .to.be.revertedWithCustomError(parts, "PartRegistryNotPartOwner")
          .withArgs(genuine, caller.address);
      }
    });

    it("refuses an owner that is not an active customer", async function () {
      const f = await loadFixture(chipFixture);
      const { parts, manufacturer, serviceProvider, customer, unsold, unsoldChip, genuine } = f;
      const at = await recent();
      const signature = await answer(parts, unsoldChip, unsold, CHALLENGE, at);
      await expect(parts.connect(manufacturer).activate(unsold, CHALLENGE, at, signature))
        .to.be.revertedWithCustomError(parts, "PartRegistryNotAccredited")
        .withArgs(manufacturer.address);
      await parts
        .connect(manufacturer)
        .transferFrom(manufacturer.address, serviceProvider.address, unsold);
      await expect(parts.connect(serviceProvider).activate(unsold, CHALLENGE, at, signature))
        .to.be.revertedWithCustomError(parts, "PartRegistryNotAccredited")
        .withArgs(serviceProvider.address);

      await f.participantRegistry.connect(f.registrar).suspend(customer.address, REASON);
      const mine = await answer(parts, f.genuineChip, genuine, CHALLENGE, at);
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, at, mine))
        .to.be.revertedWithCustomError(parts, "PartRegistryNotAccredited")
        .withArgs(customer.address);
    });

    it("refuses a part without a chip, and an unknown part", async function () {
      const { parts, manufacturer, customer, genuineChip } = await loadFixture(chipFixture);
      const bare = await make(parts, manufacturer, "SN-BARE");
      await parts.connect(manufacturer).transferFrom(manufacturer.address, customer.address, bare);
      const at = await recent();
      const signature = await answer(parts, genuineChip, bare, CHALLENGE, at);
      await expect(parts.connect(customer).activate(bare, CHALLENGE, at, signature))
        .to.be.revertedWithCustomError(parts, "PartRegistryNoChip")
        .withArgs(bare);
      const unknown = expectedPartId(manufacturer.address, serial("NEVER-MADE"));
      await expect(parts.connect(customer).activate(unknown, CHALLENGE, at, signature))
        .to.be.revertedWithCustomError(parts, "PartRegistryUnknownPart")
        .withArgs(unknown);
    });

    describe("a counterfeit carrying a copied serial", function () {
      it("gets another token id and no chip when another maker registers the serial", async function () {
        const { parts, manufacturer, manufacturer2, genuine } = await loadFixture(chipFixture);
        const copy = await make(parts, manufacturer2, "SN-GEN-0001");
        expect(copy).to.equal(await parts.partIdOf(manufacturer2.address, GENUINE_SERIAL));
        expect(copy).to.not.equal(genuine);
        expect(genuine).to.equal(await parts.partIdOf(manufacturer.address, GENUINE_SERIAL));
        const p = await parts.part(copy);
        expect(p.maker).to.equal(manufacturer2.address);
        expect(p.chipKey).to.equal(ZERO_ADDRESS);
      });

      it("cannot be activated without the chip, even with the genuine chip's answers", async function () {
        const { parts, manufacturer2, customer, genuine, genuineChip } =
          await loadFixture(chipFixture);
        const copy = await make(parts, manufacturer2, "SN-GEN-0001");
        await parts
          .connect(manufacturer2)
          .transferFrom(manufacturer2.address, customer.address, copy);
        const at = await recent();
        for (const partId of [copy, genuine]) {
          const signature = await answer(parts, genuineChip, partId, CHALLENGE, at);
          await expect(parts.connect(customer).activate(copy, CHALLENGE, at, signature))
            .to.be.revertedWithCustomError(parts, "PartRegistryNoChip")
            .withArgs(copy);
          await expect(parts.verifyChip(copy, CHALLENGE, at, signature))
            .to.be.revertedWithCustomError(parts, "PartRegistryNoChip")
            .withArgs(copy);
        }
      });

      it("cannot pass as the genuine part with a tag of its own or a recorded answer", async function () {
        const { parts, manufacturer2, genuine, genuineChip } = await loadFixture(chipFixture);
        const fakeTag = chip("counterfeit-tag");
        // The counterfeiter even registers its copy with its own tag.
        const copy = await make(parts, manufacturer2, "SN-GEN-0001", {
          chipKey: fakeTag.address,
        });
        const at = await recent();
        const fakeAnswer = await answer(parts, fakeTag, genuine, CHALLENGE, at);
        await expect(parts.verifyChip(genuine, CHALLENGE, at, fakeAnswer))
          .to.be.revertedWithCustomError(parts, "PartRegistryBadChipSignature")
          .withArgs(genuine, fakeTag.address, genuineChip.address);
        // It verifies as what it is: the counterfeiter's own part, another token.
        expect(
          await parts.verifyChip(
            copy,
            CHALLENGE,
            at,
            await answer(parts, fakeTag, copy, CHALLENGE, at),
          ),
        ).to.equal(true);

        // A genuine answer recorded earlier does not answer the verifier's fresh challenge...
        const recorded = await answer(parts, genuineChip, genuine, OTHER_CHALLENGE, at);
        const digest = await parts.chipDigest(genuine, CHALLENGE, at, await hashOf(at));
        await expect(parts.verifyChip(genuine, CHALLENGE, at, recorded))
          .to.be.revertedWithCustomError(parts, "PartRegistryBadChipSignature")
          .withArgs(genuine, ethers.recoverAddress(digest, recorded), genuineChip.address);
        // ...and stops working for its own challenge once its block is more than 64 blocks old
        // (a call runs on the latest block).
        expect(await parts.verifyChip(genuine, OTHER_CHALLENGE, at, recorded)).to.equal(true);
        await mine(at + MAX_AGE + 1 - (await ethers.provider.getBlockNumber()));
        await expect(parts.verifyChip(genuine, OTHER_CHALLENGE, at, recorded))
          .to.be.revertedWithCustomError(parts, "PartRegistryStaleChallenge")
          .withArgs(at, at + MAX_AGE + 1, MAX_AGE);
      });
    });
  });

  describe("verifyChip", function () {
    it("answers true for the chip's fresh signature, whoever holds the part and whatever its status", async function () {
      const { parts, customer, genuine, genuineChip, unsold, unsoldChip } =
        await loadFixture(chipFixture);
      let at = await recent();
      for (const [id, wallet] of [
        [genuine, genuineChip],
        [unsold, unsoldChip],
      ] as const) {
        const signature = await answer(parts, wallet, id, CHALLENGE, at);
        expect(await parts.verifyChip(id, CHALLENGE, at, signature)).to.equal(true);
      }
      const signature = await answer(parts, genuineChip, genuine, CHALLENGE, at);
      await parts.connect(customer).activate(genuine, CHALLENGE, at, signature);
      at = await recent();
      const later = await answer(parts, genuineChip, genuine, OTHER_CHALLENGE, at);
      expect(await parts.verifyChip(genuine, OTHER_CHALLENGE, at, later)).to.equal(true);
    });

    it("refuses with the reason: stale, bad signature, no chip, unknown part", async function () {
      const { parts, manufacturer, genuine, genuineChip } = await loadFixture(chipFixture);
      await mine(MAX_AGE);
      const latest = await ethers.provider.getBlockNumber();
      const at = latest - 1;
      // A call runs on the latest block: its own hash is not known to it.
      const current = latest;
      const old = current - MAX_AGE - 1;
      const stale = await answer(parts, genuineChip, genuine, CHALLENGE, old);
      await expect(parts.verifyChip(genuine, CHALLENGE, old, stale))
        .to.be.revertedWithCustomError(parts, "PartRegistryStaleChallenge")
        .withArgs(old, current, MAX_AGE);
      await expect(parts.verifyChip(genuine, CHALLENGE, current, stale))
        .to.be.revertedWithCustomError(parts, "PartRegistryStaleChallenge")
        .withArgs(current, current, MAX_AGE);
      // The oldest block of the window still counts.
      const oldest = await answer(parts, genuineChip, genuine, CHALLENGE, old + 1);
      expect(await parts.verifyChip(genuine, CHALLENGE, old + 1, oldest)).to.equal(true);

      const forger = chip("forger");
      const forged = await answer(parts, forger, genuine, CHALLENGE, at);
      await expect(parts.verifyChip(genuine, CHALLENGE, at, forged))
        .to.be.revertedWithCustomError(parts, "PartRegistryBadChipSignature")
        .withArgs(genuine, forger.address, genuineChip.address);

      const bare = await make(parts, manufacturer, "SN-BARE");
      await expect(parts.verifyChip(bare, CHALLENGE, at, forged))
        .to.be.revertedWithCustomError(parts, "PartRegistryNoChip")
        .withArgs(bare);

      const unknown = expectedPartId(manufacturer.address, serial("NEVER-MADE"));
      await expect(parts.verifyChip(unknown, CHALLENGE, at, forged))
        .to.be.revertedWithCustomError(parts, "PartRegistryUnknownPart")
        .withArgs(unknown);
    });
  });

  describe("rebindChip", function () {
    it("lets the maker re-bind a sold part's chip with a reason; the old chip stops verifying", async function () {
      const { parts, manufacturer, customer, genuine, genuineChip } =
        await loadFixture(chipFixture);
      const replacement = chip("replacement");
      await expect(parts.connect(manufacturer).rebindChip(genuine, replacement.address, REASON))
        .to.emit(parts, "ChipRebound")
        .withArgs(genuine, genuineChip.address, replacement.address, REASON);
      expect((await parts.part(genuine)).chipKey).to.equal(replacement.address);

      const at = await recent();
      const old = await answer(parts, genuineChip, genuine, CHALLENGE, at);
      await expect(parts.verifyChip(genuine, CHALLENGE, at, old))
        .to.be.revertedWithCustomError(parts, "PartRegistryBadChipSignature")
        .withArgs(genuine, genuineChip.address, replacement.address);
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, at, old))
        .to.be.revertedWithCustomError(parts, "PartRegistryBadChipSignature")
        .withArgs(genuine, genuineChip.address, replacement.address);

      const fresh = await answer(parts, replacement, genuine, CHALLENGE, at);
      expect(await parts.verifyChip(genuine, CHALLENGE, at, fresh)).to.equal(true);
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, at, fresh))
        .to.emit(parts, "PartActivated")
        .withArgs(genuine, customer.address, at, await hashOf(at));
    });

    it("binds a first chip to a part made without one, and keeps every re-binding in history", async function () {
      const { parts, manufacturer } = await loadFixture(chipFixture);
      const bare = await make(parts, manufacturer, "SN-BARE");
      const first = chip("first");
      const second = chip("second");
      const reason2 = docHash("rebind:second");
      await expect(parts.connect(manufacturer).rebindChip(bare, first.address, REASON))
        .to.emit(parts, "ChipRebound")
        .withArgs(bare, ZERO_ADDRESS, first.address, REASON);
      await parts.connect(manufacturer).rebindChip(bare, second.address, reason2);
      const history = await parts.queryFilter(parts.filters.ChipRebound(bare));
      expect(history.map((e) => [e.args.oldKey, e.args.newKey, e.args.reasonHash])).to.deep.equal([
        [ZERO_ADDRESS, first.address, REASON],
        [first.address, second.address, reason2],
      ]);
    });

    it("refuses anyone but the maker: a registrar, the owner, another manufacturer", async function () {
      const { parts, registrar, customer, manufacturer2, stranger, genuine } =
        await loadFixture(chipFixture);
      const key = chip("replacement").address;
      for (const caller of [registrar, customer, manufacturer2, stranger]) {
        await expect(parts.connect(caller).rebindChip(genuine, key, REASON))
          .to.be.revertedWithCustomError(parts, "PartRegistryNotMakerOrRegistrar")
          .withArgs(genuine, caller.address);
      }
    });

    it("refuses a maker that is no longer an active manufacturer", async function () {
      const { parts, participantRegistry, registrar, manufacturer, genuine } =
        await loadFixture(chipFixture);
      await participantRegistry.connect(registrar).suspend(manufacturer.address, REASON);
      await expect(
        parts.connect(manufacturer).rebindChip(genuine, chip("replacement").address, REASON),
      )
        .to.be.revertedWithCustomError(parts, "PartRegistryNotAccredited")
        .withArgs(manufacturer.address);
    });

    it("refuses a zero key and a zero reason", async function () {
      const { parts, manufacturer, genuine } = await loadFixture(chipFixture);
      await expect(
        parts.connect(manufacturer).rebindChip(genuine, ZERO_ADDRESS, REASON),
      ).to.be.revertedWithCustomError(parts, "PartRegistryMissingInput");
      await expect(
        parts.connect(manufacturer).rebindChip(genuine, chip("replacement").address, ZERO_HASH),
      ).to.be.revertedWithCustomError(parts, "PartRegistryMissingInput");
    });

    it("refuses an unknown part", async function () {
      const { parts, manufacturer } = await loadFixture(chipFixture);
      const unknown = expectedPartId(manufacturer.address, serial("NEVER-MADE"));
      await expect(
        parts.connect(manufacturer).rebindChip(unknown, chip("replacement").address, REASON),
      )
        .to.be.revertedWithCustomError(parts, "PartRegistryUnknownPart")
        .withArgs(unknown);
    });
  });
});
