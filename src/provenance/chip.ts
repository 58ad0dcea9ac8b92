/**
 * Tag chips: the challenge a part's chip signs to prove that someone holds the physical part,
 * computed and checked off chain exactly as the registry does on chain.
 *
 * The chip signs the EIP-712 digest of `ChipChallenge(uint256 partId, bytes32 challenge,
 * uint256 blockNumber, bytes32 blockHash)` under the domain `{ name: "PartRegistry",
 * version: "1", chainId, verifyingContract: registry }`, raw (NFC security chips sign a 32-byte
 * digest with their secp256k1 key; there is no Ethereum message prefix). As in PBT (ERC-5791),
 * the answer is bound to a recent block and its hash, which the registry looks up itself: the
 * block must be one of the 64 before the one that checks it. Nobody can prepare an answer before
 * that block exists, and a recorded answer stops working 64 blocks (about 13 minutes on
 * Ethereum) later. The digest also binds the chain, the registry and the part, so an answer
 * cannot be replayed for another part, or on another registry or chain.
 */
import {
  computeAddress,
  getBytes,
  hexlify,
  isHexString,
  type Provider,
  randomBytes,
  recoverAddress,
  SigningKey,
  type TypedDataDomain,
  TypedDataEncoder,
  type TypedDataField,
  ZeroAddress,
} from "ethers";
import { InputError, InputErrorCode } from "../core/errors.js";
import type { Hash } from "../core/hashing.js";
import { formatPartId, PART_LIMITS, toPartId } from "./encodings.js";
import { toAddress, toHash } from "../core/validate.js";

/** The EIP-712 types of the chip challenge. */
export const CHIP_CHALLENGE_TYPES: Readonly<Record<"ChipChallenge", TypedDataField[]>> = {
  ChipChallenge: [
    { name: "partId", type: "uint256" },
    { name: "challenge", type: "bytes32" },
    { name: "blockNumber", type: "uint256" },
    { name: "blockHash", type: "bytes32" },
  ],
};

/** How many blocks back an answer may be bound: to one of the 64 before the current block. */
export const MAX_CHALLENGE_AGE = PART_LIMITS.maxChallengeAge;

/** The secp256k1 group order, to refuse high-s (malleable) signatures as the contract does. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** Which registry on which chain a chip answers for. */
export type ChipContext = {
  chainId: bigint | number;
  /** The parts registry's address (the EIP-712 verifying contract). */
  registry: string;
};

/** A block an answer is bound to: its number and its hash. */
export type ChainBlock = {
  number: bigint | number;
  hash: string;
};

/** What an answer must be bound to now: the chain, the registry and a recent block. */
export type ChipChallengeContext = ChipContext & { block: ChainBlock };

/** A challenge for one part, bound to a recent block. */
export type ChipChallenge = ChipContext & {
  partId: bigint | number | string;
  /** 32 random bytes chosen by the verifier. */
  challenge: string;
  /** The recent block the answer is bound to. */
  blockNumber: bigint | number;
  /** That block's hash, as the chain knows it. */
  blockHash: string;
};

/** A chip's answer to a challenge: what `activate` and `verifyChip` take. */
export type ChipAnswer = {
  partId: bigint;
  challenge: Hash;
  /** The block the answer is bound to: one of the 64 before the block that checks it. */
  blockNumber: bigint;
  blockHash: Hash;
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

/** Checks a block number: a whole number, zero or more. */
export function toBlockNumber(value: bigint | number | string, what = "block number"): bigint {
  let n: bigint | undefined;
  if (typeof value === "bigint") n = value;
  else if (typeof value === "number") n = Number.isSafeInteger(value) ? BigInt(value) : undefined;
  else if (/^\s*\d+\s*$/.test(value)) n = BigInt(value.trim());
  if (n === undefined || n < 0n) {
    throw new InputError(
      InputErrorCode.InvalidBlock,
      `The ${what} "${String(value)}" is not a block number: a whole number, zero or more.`,
    );
  }
  return n;
}

/**
 * Whether an answer bound to block `blockNumber` counts in block `currentBlock`: the registry
 * takes one of the {@link MAX_CHALLENGE_AGE} blocks before the current one. Undefined when it
 * does, else the sentence that says why not.
 */
export function staleChallengeReason(
  blockNumber: bigint | number,
  currentBlock: bigint | number,
): string | undefined {
  const bound = BigInt(blockNumber);
  const current = BigInt(currentBlock);
  if (bound >= current) {
    return (
      `The chip's answer is bound to block ${bound}, which is not before the block ${current} ` +
      "that checks it: an answer can only be bound to a block that already exists."
    );
  }
  if (current - bound > MAX_CHALLENGE_AGE) {
    return (
      `The chip's answer is bound to block ${bound}, more than ${MAX_CHALLENGE_AGE} blocks ` +
      `before block ${current}; ask the chip to sign a fresh challenge.`
    );
  }
  return undefined;
}

/**
 * The block to bind a new answer to: the parent of the chain's latest block, so that it is
 * among the 64 blocks before the one a transaction sent now is mined in, and before the block a
 * call (`verifyChip`) runs in, whichever block number the node gives calls.
 */
export async function challengeBlock(provider: Provider): Promise<{ number: bigint; hash: Hash }> {
  const latest = await provider.getBlockNumber();
  return blockAt(provider, BigInt(Math.max(latest - 1, 0)));
}

/** Block `number` of the chain, with its hash; refuses a block the chain does not have. */
export async function blockAt(
  provider: Provider,
  number: bigint | number | string,
): Promise<{ number: bigint; hash: Hash }> {
  const at = toBlockNumber(number);
  const block = await provider.getBlock(at);
  if (block === null || block.hash === null) {
    throw new InputError(
      InputErrorCode.InvalidBlock,
      `The chain has no block ${at} yet: a chip's answer can only be bound to a block that exists.`,
    );
  }
  return { number: at, hash: block.hash.toLowerCase() as Hash };
}

/**
 * The digest a tag chip signs to answer `challenge` for `partId`, computed off chain; equal to
 * the registry's `chipDigest`.
 */
export function chipDigest(params: ChipChallenge): Hash {
  const partId = toPartId(params.partId);
  const challenge = toHash(params.challenge, "challenge");
  const blockNumber = toBlockNumber(params.blockNumber);
  const blockHash = toHash(params.blockHash, "block hash");
  return TypedDataEncoder.hash(chipDomain(params), CHIP_CHALLENGE_TYPES, {
    partId,
    challenge,
    blockNumber,
    blockHash,
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
 * Has `chip` answer a challenge for `partId`, bound to `block` (a recent block and its hash,
 * from `challengeBlock` or `parts.chipContext()`): a fresh random challenge unless one is given.
 *
 * @example
 * const answer = await answerChallenge(chip, { ...(await parts.chipContext()), partId });
 * await parts.connect(customer).activate(answer);
 */
export async function answerChallenge(
  chip: TagChip,
  params: ChipChallengeContext & {
    partId: bigint | number | string;
    challenge?: string;
  },
): Promise<ChipAnswer> {
  const partId = toPartId(params.partId);
  const challenge = params.challenge === undefined ? newChallenge() : toHash(params.challenge);
  const blockNumber = toBlockNumber(params.block.number);
  const blockHash = toHash(params.block.hash, "block hash");
  const digest = chipDigest({ ...params, partId, challenge, blockNumber, blockHash });
  const signature = await chip.sign(digest);
  return { partId, challenge, blockNumber, blockHash, signature, digest };
}

/**
 * Checks off chain, with the contract's rules, whether `signature` proves possession of the chip
 * `chipKey` of part `partId` in block `currentBlock`: the part has a chip, `blockNumber` is one
 * of the 64 blocks before `currentBlock`, and the signature is a 65-byte low-s signature by
 * `chipKey` of the challenge's digest, bound to `blockHash`. Give the block hash the chain knows
 * for `blockNumber` (`blockAt`), not the one the answer came with, as the registry does. Read
 * `chipKey` from `getPart` (undefined when no chip).
 *
 * @example
 * const { chipKey } = await parts.getPart(partId);
 * const { hash } = await blockAt(provider, answer.blockNumber);
 * const current = BigInt(await provider.getBlockNumber()) + 1n;
 * const result = verifyChipOffChain({ ...context, ...answer, blockHash: hash, chipKey, currentBlock: current });
 * if (!result.ok) console.log(result.reason, result.message); // e.g. "stale-challenge"
 */
export function verifyChipOffChain(
  params: ChipChallenge & {
    signature: string;
    chipKey: string | undefined;
    /** The block that checks the answer (normally the next one to be mined). */
    currentBlock: bigint | number;
  },
): ChipVerification {
  const partId = toPartId(params.partId);
  const blockNumber = toBlockNumber(params.blockNumber);
  const currentBlock = toBlockNumber(params.currentBlock, "current block");
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
  const stale = staleChallengeReason(blockNumber, currentBlock);
  if (stale !== undefined) return { ok: false, reason: "stale-challenge", message: stale };
  const signer = recoverChipSigner(
    chipDigest({ ...params, partId, blockNumber }),
    params.signature,
  );
  if (signer !== chipKey) {
    return {
      ok: false,
      reason: "bad-signature",
      message:
        signer === undefined
          ? "The signature is malformed (not a 65-byte low-s signature)."
          : `The signature is from ${signer}, not from the tag chip ${chipKey} of part ` +
            `${formatPartId(partId)} (another chip, or signed for another challenge or block).`,
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
