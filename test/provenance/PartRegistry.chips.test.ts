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

// An assertion that nobody awaited must fail the run instead of passing silently.
process.on("unhandledRejection", (reason) => {
  throw reason;
});

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

const ZERO_ADDRESS = ethers.ZeroAddress;
const ZERO_HASH = ethers.ZeroHash;
const WINDOW = 900;
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

/** Pins the next block's timestamp one second after the latest block, and returns it. */
async function pinNextBlock(offset = 1): Promise<number> {
  const at = (await time.latest()) + offset;
  await time.setNextBlockTimestamp(at);
  return at;
}

/** The EIP-712 digest of a chip challenge under an arbitrary domain, computed off chain. */
function digestFor(
  domain: PartsFixture["domain"],
  partId: bigint,
  challenge: string,
  notAfter: number,
): string {
  return ethers.TypedDataEncoder.hash(domain, CHIP_TYPES, { partId, challenge, notAfter });
}

describe("PartRegistry: tag chips and activation", function () {
  describe("chipDigest", function () {
    it("is the EIP-712 hash of ChipChallenge under the registry's domain", async function () {
      const { parts, domain, genuine } = await loadFixture(chipFixture);
      const notAfter = 2_000_000_500;
      expect(await parts.chipDigest(genuine, CHALLENGE, notAfter)).to.equal(
        digestFor(domain, genuine, CHALLENGE, notAfter),
      );
      expect(await parts.chipDigest(7n, ZERO_HASH, 0)).to.equal(
        digestFor(domain, 7n, ZERO_HASH, 0),
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

    it("binds the part, the challenge, the expiry, the chain and the registry", async function () {
      const { parts, domain, genuine, sibling } = await loadFixture(chipFixture);
      const base = await parts.chipDigest(genuine, CHALLENGE, 1000);
      const variants = [
        await parts.chipDigest(sibling, CHALLENGE, 1000),
        await parts.chipDigest(genuine, OTHER_CHALLENGE, 1000),
        await parts.chipDigest(genuine, CHALLENGE, 1001),
        digestFor({ ...domain, chainId: 1n }, genuine, CHALLENGE, 1000),
        digestFor({ ...domain, verifyingContract: ZERO_ADDRESS }, genuine, CHALLENGE, 1000),
        digestFor({ ...domain, version: "2" }, genuine, CHALLENGE, 1000),
      ];
      for (const v of variants) expect(v).to.not.equal(base);
      expect(new Set(variants).size).to.equal(variants.length);
    });

    it("is what a standard EIP-712 signer signs: signTypedData equals the raw digest signature", async function () {
      const { parts, domain, genuine, genuineChip } = await loadFixture(chipFixture);
      const notAfter = 2_000_000_500;
      const raw = chipSign(genuineChip, await parts.chipDigest(genuine, CHALLENGE, notAfter));
      const typed = await genuineChip.signTypedData(domain, CHIP_TYPES, {
        partId: genuine,
        challenge: CHALLENGE,
        notAfter,
      });
      expect(typed).to.equal(raw);
    });
  });

  describe("activate", function () {
    it("activates a sold part with its chip's signature: InService, activated, two events", async function () {
      const { parts, customer, genuine, genuineChip } = await loadFixture(chipFixture);
      const now = await pinNextBlock();
      const notAfter = now + 600;
      const signature = await chipAnswer(parts, genuineChip, genuine, CHALLENGE, notAfter);
      const tx = parts.connect(customer).activate(genuine, CHALLENGE, notAfter, signature);
      await expect(tx)
        .to.emit(parts, "PartStatusChanged")
        .withArgs(genuine, PartStatus.Made, PartStatus.InService, customer.address, CHALLENGE);
      await expect(tx).to.emit(parts, "PartActivated").withArgs(genuine, customer.address);
      const p = await parts.part(genuine);
      expect(p.status).to.equal(BigInt(PartStatus.InService));
      expect(p.activated).to.equal(true);
      expect(p.owner).to.equal(customer.address);
    });

    it("accepts a challenge that expires in this very block, and one exactly 15 minutes ahead", async function () {
      const { parts, customer, genuine, sibling, genuineChip, siblingChip } =
        await loadFixture(chipFixture);
      let now = await pinNextBlock();
      let signature = await chipAnswer(parts, genuineChip, genuine, CHALLENGE, now);
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, now, signature)).to.emit(
        parts,
        "PartActivated",
      );
      now = await pinNextBlock();
      signature = await chipAnswer(parts, siblingChip, sibling, CHALLENGE, now + WINDOW);
      await expect(
        parts.connect(customer).activate(sibling, CHALLENGE, now + WINDOW, signature),
      ).to.emit(parts, "PartActivated");
    });

    it("refuses an expired challenge, even one whose signature was valid when made", async function () {
      const { parts, customer, genuine, genuineChip } = await loadFixture(chipFixture);
      let now = await pinNextBlock();
      const past = now - 1;
      let signature = await chipAnswer(parts, genuineChip, genuine, CHALLENGE, past);
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, past, signature))
        .to.be.revertedWithCustomError(parts, "PartRegistryStaleChallenge")
        .withArgs(past, now, WINDOW);

      // Recorded while fresh, replayed five minutes after its expiry.
      const notAfter = (await time.latest()) + 300;
      signature = await chipAnswer(parts, genuineChip, genuine, CHALLENGE, notAfter);
      await time.increaseTo(notAfter + 300);
      now = await pinNextBlock();
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, notAfter, signature))
        .to.be.revertedWithCustomError(parts, "PartRegistryStaleChallenge")
        .withArgs(notAfter, now, WINDOW);
    });

    it("refuses a challenge that expires more than 15 minutes ahead", async function () {
      const { parts, customer, genuine, genuineChip } = await loadFixture(chipFixture);
      const now = await pinNextBlock();
      const notAfter = now + WINDOW + 1;
      const signature = await chipAnswer(parts, genuineChip, genuine, CHALLENGE, notAfter);
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, notAfter, signature))
        .to.be.revertedWithCustomError(parts, "PartRegistryStaleChallenge")
        .withArgs(notAfter, now, WINDOW);
      const far = 2 ** 48 - 1;
      const later = await pinNextBlock();
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, far, signature))
        .to.be.revertedWithCustomError(parts, "PartRegistryStaleChallenge")
        .withArgs(far, later, WINDOW);
    });

    it("refuses a signature by another key, naming the signer and the chip", async function () {
      const { parts, customer, genuine, genuineChip } = await loadFixture(chipFixture);
      const forger = chip("forger");
      const notAfter = (await time.latest()) + 600;
      const signature = await chipAnswer(parts, forger, genuine, CHALLENGE, notAfter);
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, notAfter, signature))
        .to.be.revertedWithCustomError(parts, "PartRegistryBadChipSignature")
        .withArgs(genuine, forger.address, genuineChip.address);
    });

    it("refuses the chip's signature for another part", async function () {
      const { parts, customer, genuine, sibling, genuineChip, siblingChip } =
        await loadFixture(chipFixture);
      const notAfter = (await time.latest()) + 600;
      const digest = await parts.chipDigest(genuine, CHALLENGE, notAfter);

      // The genuine chip answering a challenge for its sibling part, replayed on itself.
      const forSibling = await chipAnswer(parts, genuineChip, sibling, CHALLENGE, notAfter);
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, notAfter, forSibling))
        .to.be.revertedWithCustomError(parts, "PartRegistryBadChipSignature")
        .withArgs(genuine, ethers.recoverAddress(digest, forSibling), genuineChip.address);

      // The sibling's valid answer, submitted for the genuine part.
      const siblings = await chipAnswer(parts, siblingChip, sibling, CHALLENGE, notAfter);
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, notAfter, siblings))
        .to.be.revertedWithCustomError(parts, "PartRegistryBadChipSignature")
        .withArgs(genuine, ethers.recoverAddress(digest, siblings), genuineChip.address);
      expect(ethers.recoverAddress(digest, siblings)).to.not.equal(siblingChip.address);
    });

    it("refuses a signature made for another chain or another registry", async function () {
      const f = await loadFixture(chipFixture);
      const { parts, customer, genuine, genuineChip, domain } = f;
      const notAfter = (await time.latest()) + 600;
      const digest = await parts.chipDigest(genuine, CHALLENGE, notAfter);
      const twin = await ethers.deployContract("PartRegistry", [f.participantsAddress]);
      const foreignDomains = [
        { ...domain, chainId: 1n },
        { ...domain, chainId: domain.chainId + 1n },
        { ...domain, verifyingContract: await twin.getAddress() },
      ];
      for (const foreign of foreignDomains) {
        const signature = chipSign(genuineChip, digestFor(foreign, genuine, CHALLENGE, notAfter));
        await expect(parts.connect(customer).activate(genuine, CHALLENGE, notAfter, signature))
          .to.be.revertedWithCustomError(parts, "PartRegistryBadChipSignature")
          .withArgs(genuine, ethers.recoverAddress(digest, signature), genuineChip.address);
      }
      // The twin registry's own digest is exactly the foreign-registry one.
      expect(await twin.chipDigest(genuine, CHALLENGE, notAfter)).to.equal(
        digestFor(foreignDomains[2] ?? domain, genuine, CHALLENGE, notAfter),
      );
    });

    it("refuses a signature over another challenge or another expiry than submitted", async function () {
      const { parts, customer, genuine, genuineChip } = await loadFixture(chipFixture);
      const notAfter = (await time.latest()) + 600;
      const digest = await parts.chipDigest(genuine, CHALLENGE, notAfter);
      const otherChallenge = await chipAnswer(
        parts,
        genuineChip,
        genuine,
        OTHER_CHALLENGE,
        notAfter,
      );
      const otherExpiry = await chipAnswer(parts, genuineChip, genuine, CHALLENGE, notAfter - 1);
      for (const signature of [otherChallenge, otherExpiry]) {
        await expect(parts.connect(customer).activate(genuine, CHALLENGE, notAfter, signature))
          .to.be.revertedWithCustomError(parts, "PartRegistryBadChipSignature")
          .withArgs(genuine, ethers.recoverAddress(digest, signature), genuineChip.address);
      }
    });

    it("refuses an EIP-191 (personal_sign) signature of the digest: the chip signs the raw digest", async function () {
      const { parts, customer, genuine, genuineChip } = await loadFixture(chipFixture);
      const notAfter = (await time.latest()) + 600;
      const digest = await parts.chipDigest(genuine, CHALLENGE, notAfter);
      const prefixed = await genuineChip.signMessage(ethers.getBytes(digest));
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, notAfter, prefixed))
        .to.be.revertedWithCustomError(parts, "PartRegistryBadChipSignature")
        .withArgs(genuine, ethers.recoverAddress(digest, prefixed), genuineChip.address);
    });

    it("refuses malformed signatures as signed by the zero address", async function () {
      const { parts, customer, genuine, genuineChip } = await loadFixture(chipFixture);
      const notAfter = (await time.latest()) + 600;
      const good = await chipAnswer(parts, genuineChip, genuine, CHALLENGE, notAfter);
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
        await expect(parts.connect(customer).activate(genuine, CHALLENGE, notAfter, malformed))
          .to.be.revertedWithCustomError(parts, "PartRegistryBadChipSignature")
          .withArgs(genuine, ZERO_ADDRESS, genuineChip.address);
      }
    });

    it("refuses to replay the activation signature: the part is already in service", async function () {
      const { parts, customer, manufacturer, genuine, genuineChip } =
        await loadFixture(chipFixture);
      const notAfter = (await time.latest()) + 600;
      const signature = await chipAnswer(parts, genuineChip, genuine, CHALLENGE, notAfter);
      await parts.connect(customer).activate(genuine, CHALLENGE, notAfter, signature);
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, notAfter, signature))
        .to.be.revertedWithCustomError(parts, "PartRegistryInvalidTransition")
        .withArgs(genuine, PartStatus.InService, PartStatus.InService);

      // Not even after a quarantine and a release, which restore InService.
      await parts.connect(manufacturer).quarantine(genuine, REASON);
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, notAfter, signature))
        .to.be.revertedWithCustomError(parts, "PartRegistryInvalidTransition")
        .withArgs(genuine, PartStatus.Quarantined, PartStatus.InService);
      await parts.connect(manufacturer).release(genuine, REASON);
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, notAfter, signature))
        .to.be.revertedWithCustomError(parts, "PartRegistryInvalidTransition")
        .withArgs(genuine, PartStatus.InService, PartStatus.InService);
    });

    it("refuses a returned part", async function () {
      const { parts, customer, genuine, genuineChip } = await loadFixture(chipFixture);
      await parts.connect(customer).retire(genuine, PartStatus.Returned, REASON);
      const notAfter = (await time.latest()) + 600;
      const signature = await chipAnswer(parts, genuineChip, genuine, CHALLENGE, notAfter);
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, notAfter, signature))
        .to.be.revertedWithCustomError(parts, "PartRegistryInvalidTransition")
        .withArgs(genuine, PartStatus.Returned, PartStatus.InService);
    });

    it("refuses anyone but the part's owner, the maker of a sold part included", async function () {
      const { parts, manufacturer, stranger, genuine, genuineChip } =
        await loadFixture(chipFixture);
      const notAfter = (await time.latest()) + 600;
      const signature = await chipAnswer(parts, genuineChip, genuine, CHALLENGE, notAfter);
      for (const caller of [manufacturer, stranger]) {
        await expect(parts.connect(caller).activate(genuine, CHALLENGE, notAfter, signature))
          .to.be.revertedWithCustomError(parts, "PartRegistryNotPartOwner")
          .withArgs(genuine, caller.address);
      }
    });

    it("refuses an owner that is not an active customer", async function () {
      const f = await loadFixture(chipFixture);
      const { parts, manufacturer, serviceProvider, customer, unsold, unsoldChip, genuine } = f;
      const notAfter = (await time.latest()) + 600;
      const signature = await chipAnswer(parts, unsoldChip, unsold, CHALLENGE, notAfter);
      await expect(parts.connect(manufacturer).activate(unsold, CHALLENGE, notAfter, signature))
        .to.be.revertedWithCustomError(parts, "PartRegistryNotAccredited")
        .withArgs(manufacturer.address);
      await parts
        .connect(manufacturer)
        .transferFrom(manufacturer.address, serviceProvider.address, unsold);
      await expect(parts.connect(serviceProvider).activate(unsold, CHALLENGE, notAfter, signature))
        .to.be.revertedWithCustomError(parts, "PartRegistryNotAccredited")
        .withArgs(serviceProvider.address);

      await f.participantRegistry.connect(f.registrar).suspend(customer.address, REASON);
      const mine = await chipAnswer(parts, f.genuineChip, genuine, CHALLENGE, notAfter);
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, notAfter, mine))
        .to.be.revertedWithCustomError(parts, "PartRegistryNotAccredited")
        .withArgs(customer.address);
    });

    it("refuses a part without a chip, and an unknown part", async function () {
      const { parts, manufacturer, customer, genuineChip } = await loadFixture(chipFixture);
      const bare = await make(parts, manufacturer, "SN-BARE");
      await parts.connect(manufacturer).transferFrom(manufacturer.address, customer.address, bare);
      const notAfter = (await time.latest()) + 600;
      const signature = await chipAnswer(parts, genuineChip, bare, CHALLENGE, notAfter);
      await expect(parts.connect(customer).activate(bare, CHALLENGE, notAfter, signature))
        .to.be.revertedWithCustomError(parts, "PartRegistryNoChip")
        .withArgs(bare);
      const unknown = expectedPartId(manufacturer.address, serial("NEVER-MADE"));
      await expect(parts.connect(customer).activate(unknown, CHALLENGE, notAfter, signature))
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
        const notAfter = (await time.latest()) + 600;
        for (const partId of [copy, genuine]) {
          const signature = await chipAnswer(parts, genuineChip, partId, CHALLENGE, notAfter);
          await expect(parts.connect(customer).activate(copy, CHALLENGE, notAfter, signature))
            .to.be.revertedWithCustomError(parts, "PartRegistryNoChip")
            .withArgs(copy);
          await expect(parts.verifyChip(copy, CHALLENGE, notAfter, signature))
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
        const notAfter = (await time.latest()) + 600;
        const fakeAnswer = await chipAnswer(parts, fakeTag, genuine, CHALLENGE, notAfter);
        await expect(parts.verifyChip(genuine, CHALLENGE, notAfter, fakeAnswer))
          .to.be.revertedWithCustomError(parts, "PartRegistryBadChipSignature")
          .withArgs(genuine, fakeTag.address, genuineChip.address);
        // It verifies as what it is: the counterfeiter's own part, another token.
        expect(
          await parts.verifyChip(
            copy,
            CHALLENGE,
            notAfter,
            await chipAnswer(parts, fakeTag, copy, CHALLENGE, notAfter),
          ),
        ).to.equal(true);

        // A genuine answer recorded earlier does not answer the verifier's fresh challenge...
        const recorded = await chipAnswer(parts, genuineChip, genuine, OTHER_CHALLENGE, notAfter);
        const digest = await parts.chipDigest(genuine, CHALLENGE, notAfter);
        await expect(parts.verifyChip(genuine, CHALLENGE, notAfter, recorded))
          .to.be.revertedWithCustomError(parts, "PartRegistryBadChipSignature")
          .withArgs(genuine, ethers.recoverAddress(digest, recorded), genuineChip.address);
        // ...and stops working for its own challenge once it expires.
        expect(await parts.verifyChip(genuine, OTHER_CHALLENGE, notAfter, recorded)).to.equal(true);
        await time.increaseTo(notAfter + 1);
        await expect(parts.verifyChip(genuine, OTHER_CHALLENGE, notAfter, recorded))
          .to.be.revertedWithCustomError(parts, "PartRegistryStaleChallenge")
          .withArgs(notAfter, notAfter + 1, WINDOW);
      });
    });
  });

  describe("verifyChip", function () {
    it("answers true for the chip's fresh signature, whoever holds the part and whatever its status", async function () {
      const { parts, customer, genuine, genuineChip, unsold, unsoldChip } =
        await loadFixture(chipFixture);
      let notAfter = (await time.latest()) + 600;
      for (const [id, wallet] of [
        [genuine, genuineChip],
        [unsold, unsoldChip],
      ] as const) {
        const signature = await chipAnswer(parts, wallet, id, CHALLENGE, notAfter);
        expect(await parts.verifyChip(id, CHALLENGE, notAfter, signature)).to.equal(true);
      }
      const signature = await chipAnswer(parts, genuineChip, genuine, CHALLENGE, notAfter);
      await parts.connect(customer).activate(genuine, CHALLENGE, notAfter, signature);
      notAfter = (await time.latest()) + WINDOW;
      const later = await chipAnswer(parts, genuineChip, genuine, OTHER_CHALLENGE, notAfter);
      expect(await parts.verifyChip(genuine, OTHER_CHALLENGE, notAfter, later)).to.equal(true);
    });

    it("refuses with the reason: stale, bad signature, no chip, unknown part", async function () {
      const { parts, manufacturer, genuine, genuineChip } = await loadFixture(chipFixture);
      const now = await time.latest();
      const stale = await chipAnswer(parts, genuineChip, genuine, CHALLENGE, now - 1);
      await expect(parts.verifyChip(genuine, CHALLENGE, now - 1, stale))
        .to.be.revertedWithCustomError(parts, "PartRegistryStaleChallenge")
        .withArgs(now - 1, now, WINDOW);
      await expect(parts.verifyChip(genuine, CHALLENGE, now + WINDOW + 1, stale))
        .to.be.revertedWithCustomError(parts, "PartRegistryStaleChallenge")
        .withArgs(now + WINDOW + 1, now, WINDOW);

      const forger = chip("forger");
      const forged = await chipAnswer(parts, forger, genuine, CHALLENGE, now + 60);
      await expect(parts.verifyChip(genuine, CHALLENGE, now + 60, forged))
        .to.be.revertedWithCustomError(parts, "PartRegistryBadChipSignature")
        .withArgs(genuine, forger.address, genuineChip.address);

      const bare = await make(parts, manufacturer, "SN-BARE");
      await expect(parts.verifyChip(bare, CHALLENGE, now + 60, forged))
        .to.be.revertedWithCustomError(parts, "PartRegistryNoChip")
        .withArgs(bare);

      const unknown = expectedPartId(manufacturer.address, serial("NEVER-MADE"));
      await expect(parts.verifyChip(unknown, CHALLENGE, now + 60, forged))
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

      const notAfter = (await time.latest()) + 600;
      const old = await chipAnswer(parts, genuineChip, genuine, CHALLENGE, notAfter);
      await expect(parts.verifyChip(genuine, CHALLENGE, notAfter, old))
        .to.be.revertedWithCustomError(parts, "PartRegistryBadChipSignature")
        .withArgs(genuine, genuineChip.address, replacement.address);
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, notAfter, old))
        .to.be.revertedWithCustomError(parts, "PartRegistryBadChipSignature")
        .withArgs(genuine, genuineChip.address, replacement.address);

      const fresh = await chipAnswer(parts, replacement, genuine, CHALLENGE, notAfter);
      expect(await parts.verifyChip(genuine, CHALLENGE, notAfter, fresh)).to.equal(true);
      await expect(parts.connect(customer).activate(genuine, CHALLENGE, notAfter, fresh))
        .to.emit(parts, "PartActivated")
        .withArgs(genuine, customer.address);
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
