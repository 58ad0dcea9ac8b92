/**
 * Tag chips: the challenge a part's chip signs to prove that someone holds the physical part,
 * computed and checked off chain exactly as the registry does on chain.
 *
 * The chip signs the EIP-712 digest of `ChipChallenge(uint256 partId, bytes32 challenge,
 * uint48 notAfter)` under the domain `{ name: "PartRegistry", version: "1", chainId,
 * verifyingContract: registry }`, raw (NFC security chips sign a 32-byte digest with their
 * secp256k1 key; there is no Ethereum message prefix). The digest binds the chain, the registry,
 * the part and a freshness window of at most 15 minutes, so a recorded signature cannot be
 * replayed later, for another part, or on another registry or chain.
 */
import {
  computeAddress,
  getBytes,
  hexlify,
  isHexString,
  randomBytes,
  recoverAddress,
  SigningKey,
  type TypedDataDomain,
  TypedDataEncoder,
  type TypedDataField,
  ZeroAddress,
} from "ethers";
import { InputError, InputErrorCode } from "./errors.js";
import type { Hash } from "./hashing.js";
import { formatPartId, PART_LIMITS, toPartId } from "./provenance.js";
import { formatTime, type Timestamp, toAddress, toHash, toUnixSeconds } from "./validate.js";

/** The EIP-712 types of the chip challenge. */
export const CHIP_CHALLENGE_TYPES: Readonly<Record<"ChipChallenge", TypedDataField[]>> = {
  ChipChallenge: [
    { name: "partId", type: "uint256" },
    { name: "challenge", type: "bytes32" },
    { name: "notAfter", type: "uint48" },
  ],
};

/** How far ahead of the chain's time a challenge may expire, in seconds (15 minutes). */
export const MAX_CHALLENGE_WINDOW = PART_LIMITS.maxChallengeWindow;

/** How long an answer stays valid when no expiry is given, in seconds (10 minutes). */
export const DEFAULT_CHALLENGE_VALIDITY = 600n;

/** The secp256k1 group order, to refuse high-s (malleable) signatures as the contract does. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** Which registry on which chain a chip answers for. */
export type ChipContext = {
  chainId: bigint | number;
  /** The parts registry's address (the EIP-712 verifying contract). */
  registry: string;
};

/** A challenge for one part, valid until `notAfter`. */
export type ChipChallenge = ChipContext & {
  partId: bigint | number | string;
  /** 32 random bytes chosen by the verifier. */
  challenge: string;
  /** Unix seconds (or a Date) after which the answer no longer counts. */
  notAfter: Timestamp;
};

/** A chip's answer to a challenge: what `activate` and `verifyChip` take. */
export type ChipAnswer = {
  partId: bigint;
  challenge: Hash;
  notAfter: bigint;
  /** 65 bytes: r, s, v (27 or 28). */
  signature: string;
  /** The digest the chip signed. */
  digest: Hash;
};

/** Why a chip signature does not prove possession of a part. */
export type ChipFailure = "unknown-part" | "no-chip" | "stale-challenge" | "bad-signature";

/** The outcome of a chip check: ok, or the reason and a sentence. */
export type ChipVerification =
  | { ok: true; reason?: undefined; message?: undefined }
  | { ok: false; reason: ChipFailure; message: string };

/** Anything that signs a 32-byte digest with a secp256k1 key, as a tag chip does. */
export type TagChip = {
  /** The address of the chip's key: what a part is bound to. */
  readonly address: string;
  /** The 65-byte signature (r, s, v) of a raw 32-byte digest. */
  sign(digest: string): string | Promise<string>;
};

/** The EIP-712 domain of a parts registry on a chain. */
export function chipDomain(context: ChipContext): TypedDataDomain {
  return {
    name: "PartRegistry",
    version: "1",
    chainId: BigInt(context.chainId),
    verifyingContract: toAddress(context.registry, "registry address"),
  };
}

/**
 * The digest a tag chip signs to answer `challenge` for `partId`, computed off chain; equal to
 * the registry's `chipDigest`.
 */
export function chipDigest(params: ChipChallenge): Hash {
  const partId = toPartId(params.partId);
  const challenge = toHash(params.challenge, "challenge");
  const notAfter = toUnixSeconds(params.notAfter, "challenge expiry");
  return TypedDataEncoder.hash(chipDomain(params), CHIP_CHALLENGE_TYPES, {
    partId,
    challenge,
    notAfter,
  }) as Hash;
}

/** A fresh challenge: 32 random bytes. */
export function newChallenge(): Hash {
  return hexlify(randomBytes(32)) as Hash;
}

/**
 * A tag chip simulated from a private key, for tests, demos and the scenario. It signs raw
 * digests, as an NFC security chip does. The key never leaves the object.
 *
 * @example
 * const chip = SimulatedTagChip.random();
 * await parts.makePart({ spec, serial: "SN-000123", chipKey: chip.address, inputs });
 */
export class SimulatedTagChip implements TagChip {
  readonly address: string;
  readonly #key: SigningKey;

  constructor(privateKey: string) {
    let key: SigningKey | undefined;
    let address: string | undefined;
    try {
      key = isHexString(privateKey, 32) ? new SigningKey(privateKey) : undefined;
      // Deriving the public key checks that the key is within the curve's order.
      address = key === undefined ? undefined : computeAddress(key.publicKey);
    } catch {
      address = undefined;
    }
    if (key === undefined || address === undefined) {
      throw new InputError(
        InputErrorCode.InvalidSignature,
        "A simulated chip needs a secp256k1 private key (0x followed by 64 hex digits, " +
          "neither zero nor beyond the curve's order).",
      );
    }
    this.#key = key;
    this.address = address;
  }

  /** A chip with a new random key. */
  static random(): SimulatedTagChip {
    return new SimulatedTagChip(hexlify(randomBytes(32)));
  }

  /** The raw secp256k1 signature of a 32-byte digest: 65 bytes r, s, v. */
  sign(digest: string): string {
    const hash = toHash(digest, "digest");
    return this.#key.sign(hash).serialized;
  }
}

/**
 * Has `chip` answer a challenge for `partId`: a fresh random challenge unless one is given,
 * valid until `notAfter` (by default ten minutes after `now`, itself the wall clock unless
 * given; pass the chain's time when it differs from the wall clock).
 *
 * @example
 * const answer = await answerChallenge(chip, { ...(await parts.chipContext()), partId });
 * await parts.connect(customer).activate(answer);
 */
export async function answerChallenge(
  chip: TagChip,
  params: ChipContext & {
    partId: bigint | number | string;
    challenge?: string;
    notAfter?: Timestamp;
    now?: Timestamp;
  },
): Promise<ChipAnswer> {
  const partId = toPartId(params.partId);
  const challenge = params.challenge === undefined ? newChallenge() : toHash(params.challenge);
  const now =
    params.now === undefined
      ? BigInt(Math.floor(Date.now() / 1000))
      : toUnixSeconds(params.now, "time");
  const notAfter =
    params.notAfter === undefined
      ? now + DEFAULT_CHALLENGE_VALIDITY
      : toUnixSeconds(params.notAfter, "challenge expiry");
  const digest = chipDigest({ ...params, partId, challenge, notAfter });
  const signature = await chip.sign(digest);
  return { partId, challenge, notAfter, signature, digest };
}

/**
 * Checks off chain, with the contract's rules, whether `signature` proves possession of the chip
 * `chipKey` of part `partId` at time `now`: the part has a chip, `notAfter` is not before `now`
 * nor more than 15 minutes after it, and the signature is a 65-byte low-s signature of the
 * challenge's digest by `chipKey`. Read `chipKey` from `getPart` (undefined when no chip).
 *
 * @example
 * const { chipKey } = await parts.getPart(partId);
 * const result = verifyChipOffChain({ ...context, ...answer, chipKey, now: chainTime });
 * if (!result.ok) console.log(result.reason, result.message); // e.g. "stale-challenge"
 */
export function verifyChipOffChain(
  params: ChipChallenge & {
    signature: string;
    chipKey: string | undefined;
    /** The time to judge freshness by, unix seconds or a Date (the chain's time, normally). */
    now: Timestamp;
  },
): ChipVerification {
  const partId = toPartId(params.partId);
  const notAfter = toUnixSeconds(params.notAfter, "challenge expiry");
  const now = toUnixSeconds(params.now, "time");
  const chipKey =
    params.chipKey === undefined || params.chipKey === ZeroAddress
      ? undefined
      : toAddress(params.chipKey, "chip key");
  if (chipKey === undefined) {
    return {
      ok: false,
      reason: "no-chip",
      message: `Part ${formatPartId(partId)} has no tag chip.`,
    };
  }
  if (notAfter < now || notAfter > now + MAX_CHALLENGE_WINDOW) {
    return {
      ok: false,
      reason: "stale-challenge",
      message:
        `The challenge expires at ${formatTime(notAfter)}, which is not within the 15 minutes ` +
        `after ${formatTime(now)}.`,
    };
  }
  const signer = recoverChipSigner(chipDigest({ ...params, partId, notAfter }), params.signature);
  if (signer !== chipKey) {
    return {
      ok: false,
      reason: "bad-signature",
      message:
        signer === undefined
          ? "The signature is malformed (not a 65-byte low-s signature)."
          : `The signature is from ${signer}, not from the tag chip ${chipKey} of part ` +
            `${formatPartId(partId)}.`,
    };
  }
  return { ok: true };
}

/**
 * The address that signed `digest`, by the contract's rules (65 bytes, v 27 or 28, s in the
 * lower half), or undefined when the signature is malformed.
 */
export function recoverChipSigner(digest: string, signature: string): string | undefined {
  if (!isHexString(signature, 65)) return undefined;
  const bytes = getBytes(signature);
  const v = bytes[64];
  const s = BigInt(hexlify(bytes.slice(32, 64)));
  if ((v !== 27 && v !== 28) || s > SECP256K1_N / 2n) return undefined;
  try {
    return recoverAddress(digest, signature);
  } catch {
    return undefined;
  }
}

/** Checks the shape of a chip signature before it is sent: 65 bytes of hex. */
export function toChipSignature(signature: string): string {
  if (!isHexString(signature, 65)) {
    throw new InputError(
      InputErrorCode.InvalidSignature,
      "The chip signature must be 65 bytes (0x followed by 130 hex digits: r, s and v).",
    );
  }
  return signature.toLowerCase();
}
