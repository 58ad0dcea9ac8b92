import { type ContractRunner, Interface, isHexString, ZeroAddress, ZeroHash } from "ethers";
import {
  blockAt,
  challengeBlock,
  type ChipChallengeContext,
  type ChipFailure,
  type ChipVerification,
  staleChallengeReason,
  toBlockNumber,
  toChipSignature,
} from "./chip.js";
import { ContractClient, type ContractDescription } from "../core/client.js";
import {
  assertInvariant,
  ContractRevertedError,
  InputError,
  InputErrorCode,
  isRevertOf,
} from "../core/errors.js";
import type { Hash } from "../core/hashing.js";
import {
  attestationKindIndex,
  kindsToMask,
  maskToKinds,
  parseAttestationKind,
  parseAttestationKinds,
  parseRetireTarget,
  PART_STATUSES,
  partIdOf,
  serialToBytes32,
  statusIndex,
  toBatchId,
  toPartId,
  unitFromBytes8,
  unitToBytes8,
} from "./encodings.js";
import type { TxResult } from "../core/tx.js";
import {
  type PartRegistry,
  PartRegistry__factory,
  ParticipantRegistry__factory,
} from "../contracts.js";
import {
  forField,
  nonZeroAddress,
  toDocumentHash,
  toHash,
  toPositiveAmount,
} from "../core/validate.js";
import {
  type BatchInput,
  toBatchInputs,
  toChildren,
  toChipKey,
  toChipKeys,
  toSchemeIds,
  toSerials,
} from "./validate.js";

import type {
  ActivateParameters,
  AttestParameters,
  Batch,
  DefineSpecificationParameters,
  FindPartParameters,
  LiftRecallParameters,
  MakePartParameters,
  MakePartsParameters,
  Part,
  ReasonedPartParameters,
  RebindChipParameters,
  RecallBatchParameters,
  RegisterBatchParameters,
  ResolveAttestationParameters,
  RetireParameters,
  Specification,
  TransferBatchParameters,
  TransferPartParameters,
} from "./types.js";

/**
 * The parts registry, for {@link ContractClient}, with the errors of the participant registry,
 * which it bubbles up (capacity).
 */
const REGISTRY: ContractDescription = {
  addressLabel: "parts registry address",
  iface: PartRegistry__factory.createInterface(),
  calledErrors: [new Interface(ParticipantRegistry__factory.abi)],
};

/**
 * Typed access to the parts registry: specifications, material batches, serialised parts,
 * assemblies, attestations, status, recall and tag-chip activation. Every write checks its input
 * first (hashes, serials, units, quantities, list lengths against the contract's limits) and
 * throws an {@link InputError} before anything is sent; a contract refusal, including one the
 * participant registry raises underneath (capacity), comes back as a decoded
 * `ContractRevertedError` with a sentence. Ids and quantities are bigints.
 *
 * @example
 * const parts = PartsClient.fromAddressBook(book, producerSigner);
 * const { batchId } = await parts.registerBatch({ materialSpec, quantity: 500n, unit: "kg",
 *   schemes: ["AS9100D"], evidenceHash: hashDocument(millCertificate) });
 * const { partId } = await parts.connect(manufacturer).makePart({ spec, serial: "SN-000123",
 *   chipKey: chip.address, inputs: [{ batchId, quantity: 2n }] });
 */
export class PartsClient extends ContractClient {
  protected static override readonly bookEntry = "PartRegistry";
  /** The runner the client acts through (a signer to send, a provider to read). */
  declare readonly runner: ContractRunner;
  readonly #contract: PartRegistry;

  constructor(address: string, runner: ContractRunner) {
    super(address, runner, REGISTRY);
    this.#contract = PartRegistry__factory.connect(this.address, runner);
  }

  // ---------------------------------------------------------------------------------------------
  // Specifications and batches
  // ---------------------------------------------------------------------------------------------

  /** A manufacturer defines a part type and the attestation kinds a part of it must pass. */
  async defineSpecification(params: DefineSpecificationParameters): Promise<TxResult> {
    const spec = forField("spec", () => toDocumentHash(params.spec, "specification hash"));
    const mask = kindsToMask(parseAttestationKinds(params.requiredKinds));
    return this.send(() => this.#contract.defineSpecification(spec, mask));
  }

  /**
   * A certified producer registers a batch of raw material, drawing its quantity from its
   * certified capacity under every scheme. Returns the new batch's id.
   */
  async registerBatch(params: RegisterBatchParameters): Promise<{ tx: TxResult; batchId: bigint }> {
    const materialSpec = forField("materialSpec", () =>
      toDocumentHash(params.materialSpec, "material specification hash"),
    );
    const quantity = forField("quantity", () =>
      toPositiveAmount(params.quantity, "batch quantity", 64),
    );
    const unit = forField("unit", () => unitToBytes8(params.unit));
    const schemes = forField("schemes", () => toSchemeIds(params.schemes));
    const evidence = forField("evidenceHash", () =>
      toDocumentHash(params.evidenceHash, "evidence hash"),
    );
    const { tx, logs } = await this.sendForLogs(() =>
      this.#contract.registerBatch(materialSpec, quantity, unit, schemes, evidence),
    );
    const [event] = this.findEvents(logs, "BatchRegistered");
    assertInvariant(event !== undefined, "registerBatch emitted no BatchRegistered event");
    return { tx, batchId: event.args.batchId as bigint };
  }

  /**
   * A batch's owner transfers part of it to another accredited participant, as a new batch.
   * Returns the new batch's id and its unit (the source batch's).
   */
  async transferBatch(
    params: TransferBatchParameters,
  ): Promise<{ tx: TxResult; batchId: bigint; unit: string }> {
    const batchId = forField("batchId", () => toBatchId(params.batchId));
    const to = forField("to", () => nonZeroAddress(params.to, "recipient address"));
    const quantity = forField("quantity", () =>
      toPositiveAmount(params.quantity, "quantity to transfer", 64),
    );
    const { tx, logs } = await this.sendForLogs(() =>
      this.#contract.transferBatch(batchId, to, quantity),
    );
    const [event] = this.findEvents(logs, "BatchTransferred");
    assertInvariant(event !== undefined, "transferBatch emitted no BatchTransferred event");
    const newBatch = event.args.toBatch as bigint;
    const stored = await this.read(() => this.#contract.batch(newBatch));
    return { tx, batchId: newBatch, unit: unitFromBytes8(stored.unit) };
  }

  /**
   * The producer of the material (or a registrar) recalls it: the batch's root and every portion
   * of it. Every part that consumed any of it reports itself recalled.
   */
  async recallBatch(params: RecallBatchParameters): Promise<TxResult> {
    const id = forField("batchId", () => toBatchId(params.batchId));
    const reason = forField("reasonHash", () =>
      toHash(params.reasonHash ?? ZeroHash, "reason hash"),
    );
    return this.send(() => this.#contract.recallBatch(id, reason));
  }

  /**
   * A registrar lifts the recall of a batch's material (its root batch), with the hash of the
   * finding that clears it (required): its parts count as they did before the recall.
   */
  async liftRecall(params: LiftRecallParameters): Promise<TxResult> {
    const id = forField("batchId", () => toBatchId(params.batchId));
    const reason = forField("reasonHash", () => toDocumentHash(params.reasonHash, "reason hash"));
    return this.send(() => this.#contract.liftRecall(id, reason));
  }

  // ---------------------------------------------------------------------------------------------
  // Parts
  // ---------------------------------------------------------------------------------------------

  /**
   * A manufacturer makes one part, consuming its inputs from batches it holds and building in
   * child parts it holds. Returns the part's token id, which is also {@link partIdOf}(maker,
   * serial).
   */
  async makePart(params: MakePartParameters): Promise<{ tx: TxResult; partId: bigint }> {
    const spec = forField("spec", () => toDocumentHash(params.spec, "specification hash"));
    const serial = forField("serial", () => serialToBytes32(params.serial));
    // A part without a chip omits `chipKey`; a zero key is refused, as in makeParts.
    const chipKey = params.chipKey === undefined ? ZeroAddress : toChipKey(params.chipKey);
    const inputs = forField("inputs", () => toBatchInputs(params.inputs));
    const children = toChildren(params.children ?? []);
    const { tx, logs } = await this.sendForLogs(() =>
      this.#contract.makePart(spec, serial, chipKey, inputs, children),
    );
    const [event] = this.findEvents(logs, "PartMade");
    assertInvariant(event !== undefined, "makePart emitted no PartMade event");
    return { tx, partId: event.args.partId as bigint };
  }

  /**
   * A manufacturer makes a production run: one part per serial, each consuming `inputs`, with
   * one chip key per serial or none. Returns the parts' token ids in the order of the serials.
   */
  async makeParts(params: MakePartsParameters): Promise<{ tx: TxResult; partIds: bigint[] }> {
    const spec = forField("spec", () => toDocumentHash(params.spec, "specification hash"));
    const serials = toSerials(params.serials);
    const chipKeys = toChipKeys(params.chipKeys ?? [], serials.length);
    const inputs = forField("inputs", () => toBatchInputs(params.inputs));
    const { tx, logs } = await this.sendForLogs(() =>
      this.#contract.makeParts(spec, serials, chipKeys, inputs),
    );
    const partIds = this.findEvents(logs, "PartMade").map((event) => event.args.partId as bigint);
    assertInvariant(
      partIds.length === serials.length,
      `makeParts emitted ${partIds.length} PartMade events for ${serials.length} serials`,
    );
    return { tx, partIds };
  }

  /** Transfers a part the signer holds to `to` (an ERC-721 safe transfer). */
  async transfer(params: TransferPartParameters): Promise<TxResult> {
    const partId = forField("partId", () => toPartId(params.partId));
    const to = forField("to", () => nonZeroAddress(params.to, "recipient address"));
    if (to === this.address) {
      throw new InputError(
        InputErrorCode.InvalidAddress,
        "A part cannot be sent to the registry itself; build it into an assembly instead.",
      );
    }
    const from = await this.signerAddress();
    return this.send(() =>
      this.#contract["safeTransferFrom(address,address,uint256)"](from, to, partId),
    );
  }

  /** The assembly's owner takes a child part out of it; the child comes back to the owner. */
  async disassemble(params: ReasonedPartParameters): Promise<TxResult> {
    const id = forField("partId", () => toPartId(params.partId, "child part id"));
    const reason = forField("reasonHash", () =>
      toHash(params.reasonHash ?? ZeroHash, "reason hash"),
    );
    return this.send(() => this.#contract.disassemble(id, reason));
  }

  /** A test lab, inspector or service provider records an attestation of a part. */
  async attest(params: AttestParameters): Promise<TxResult> {
    const partId = forField("partId", () => toPartId(params.partId));
    const kind = attestationKindIndex(parseAttestationKind(params.kind));
    const dataHash = forField("dataHash", () => toDocumentHash(params.dataHash, "data hash"));
    if (typeof params.passed !== "boolean") {
      throw new InputError(
        InputErrorCode.InvalidKind,
        "Say whether the part passed: `passed` must be true or false.",
      );
    }
    return this.send(() => this.#contract.attest(partId, kind, dataHash, params.passed));
  }

  /**
   * A registrar rules a conflict between attesters on one kind of a part: its ruling becomes
   * the standing result, and the part can conform again.
   */
  async resolveAttestation(params: ResolveAttestationParameters): Promise<TxResult> {
    const partId = forField("partId", () => toPartId(params.partId));
    const kind = attestationKindIndex(parseAttestationKind(params.kind));
    const reason = forField("reasonHash", () => toDocumentHash(params.reasonHash, "reason hash"));
    if (typeof params.passed !== "boolean") {
      throw new InputError(
        InputErrorCode.InvalidKind,
        "Say how the conflict is ruled: `passed` must be true or false.",
      );
    }
    return this.send(() => this.#contract.resolveAttestation(partId, kind, params.passed, reason));
  }

  /**
   * The maker (or a registrar) quarantines a part; it, and every assembly it is in, stops
   * counting as conforming. A registrar's quarantine is a hold only a registrar can release; a
   * registrar can put its hold on a part its maker quarantined first.
   */
  async quarantine(params: ReasonedPartParameters): Promise<TxResult> {
    const id = forField("partId", () => toPartId(params.partId));
    const reason = forField("reasonHash", () =>
      toHash(params.reasonHash ?? ZeroHash, "reason hash"),
    );
    return this.send(() => this.#contract.quarantine(id, reason));
  }

  /** The maker (or a registrar) releases a part from quarantine, back to where it was. */
  async release(params: ReasonedPartParameters): Promise<TxResult> {
    const id = forField("partId", () => toPartId(params.partId));
    const reason = forField("reasonHash", () =>
      toHash(params.reasonHash ?? ZeroHash, "reason hash"),
    );
    return this.send(() => this.#contract.release(id, reason));
  }

  /** The part's owner moves it towards the end of its life: returned, recycled or destroyed. */
  async retire(params: RetireParameters): Promise<TxResult> {
    const partId = forField("partId", () => toPartId(params.partId));
    const target = statusIndex(parseRetireTarget(params.target));
    const evidence = forField("evidenceHash", () => toHash(params.evidenceHash, "evidence hash"));
    return this.send(() => this.#contract.retire(partId, target, evidence));
  }

  /**
   * The customer holding a part activates it at first sale with its tag chip's answer to a
   * challenge (see `answerChallenge`), bound to a recent block: the activation must be mined
   * within 64 blocks of it. Refuses before sending an answer bound to a block that is already
   * too old for the next block, or that is not yet mined.
   *
   * @example
   * const answer = await answerChallenge(chip, { ...(await parts.chipContext()), partId });
   * await parts.connect(customer).activate(answer);
   */
  async activate(params: ActivateParameters): Promise<TxResult> {
    const partId = forField("partId", () => toPartId(params.partId));
    const challenge = forField("challenge", () => toHash(params.challenge, "challenge"));
    const blockNumber = forField("blockNumber", () => toBlockNumber(params.blockNumber));
    const signature = forField("signature", () => toChipSignature(params.signature));
    const provider = this.provider();
    const latest = BigInt(await this.read(() => provider.getBlockNumber()));
    // The activation is mined in the next block at the earliest.
    const stale = staleChallengeReason(blockNumber, latest + 1n);
    if (stale !== undefined) throw new InputError(InputErrorCode.StaleChallenge, stale);
    return this.send(() => this.#contract.activate(partId, challenge, blockNumber, signature));
  }

  /** The maker binds a part to a new tag chip after the old one was damaged, with a reason. */
  async rebindChip(params: RebindChipParameters): Promise<TxResult> {
    const partId = forField("partId", () => toPartId(params.partId));
    const newChipKey = forField("newChipKey", () =>
      nonZeroAddress(params.newChipKey, "new chip key"),
    );
    const reason = forField("reasonHash", () => toDocumentHash(params.reasonHash, "reason hash"));
    return this.send(() => this.#contract.rebindChip(partId, newChipKey, reason));
  }

  // ---------------------------------------------------------------------------------------------
  // Queries
  // ---------------------------------------------------------------------------------------------

  /** A part as it stands now, or undefined when no part has this id. */
  async getPart(partId: bigint | number | string): Promise<Part | undefined> {
    const id = forField("partId", () => toPartId(partId));
    let stored;
    try {
      stored = await this.read(() => this.#contract.part(id));
    } catch (error) {
      if (isRevertOf(error, "PartRegistryUnknownPart")) return undefined;
      throw error;
    }
    const [conforming, recalled] = await this.read(() =>
      Promise.all([this.#contract.isConforming(id), this.#contract.isRecalled(id)]),
    );
    const status = PART_STATUSES[Number(stored.status)];
    assertInvariant(
      status !== undefined,
      `the registry reports an unknown status ${stored.status}`,
    );
    return {
      id,
      maker: stored.maker,
      owner: stored.owner,
      spec: stored.specHash.toLowerCase() as Hash,
      lot: stored.lot,
      status,
      chipKey: stored.chipKey === ZeroAddress ? undefined : stored.chipKey,
      activated: stored.activated,
      passedKinds: maskToKinds(stored.passedKinds),
      conflictKinds: maskToKinds(stored.conflictKinds),
      registrarHold: stored.registrarHold,
      parent: stored.parent === 0n ? undefined : stored.parent,
      conforming,
      recalled,
    };
  }

  /** The part `maker` made with `serial` (as read off the part), or undefined. */
  async findPart(params: FindPartParameters): Promise<Part | undefined> {
    return this.getPart(partIdOf(params.maker, params.serial));
  }

  /** A batch as it stands now, with how much of it went into parts, or undefined. */
  async getBatch(batchId: bigint | number | string): Promise<Batch | undefined> {
    const id = forField("batchId", () => toBatchId(batchId));
    let stored;
    let consumed;
    try {
      [stored, consumed] = await this.read(() =>
        Promise.all([this.#contract.batch(id), this.#contract.consumed(id)]),
      );
    } catch (error) {
      if (isRevertOf(error, "PartRegistryUnknownBatch")) return undefined;
      throw error;
    }
    return {
      id,
      owner: stored.owner,
      producer: stored.producer,
      materialSpec: stored.materialSpec.toLowerCase() as Hash,
      quantity: stored.quantity,
      remaining: stored.remaining,
      transferredOut: stored.transferredOut,
      consumed,
      unit: unitFromBytes8(stored.unit),
      root: stored.root,
      parent: stored.parent === 0n ? undefined : stored.parent,
      recalled: stored.recalled,
    };
  }

  /** A part type, or undefined when it is not defined. */
  async getSpecification(spec: string): Promise<Specification | undefined> {
    const specHash = forField("spec", () => toHash(spec, "specification hash"));
    const stored = await this.read(() => this.#contract.specification(specHash));
    if (stored.owner === ZeroAddress) return undefined;
    return {
      spec: specHash,
      id: stored.id,
      owner: stored.owner,
      requiredKinds: maskToKinds(stored.requiredKinds),
    };
  }

  /** The batches and quantities that each part of this part's lot consumed. */
  async partInputs(partId: bigint | number | string): Promise<BatchInput[]> {
    const id = forField("partId", () => toPartId(partId));
    const inputs = await this.read(() => this.#contract.partInputs(id));
    return inputs.map((input) => ({ batchId: input.batchId, quantity: input.quantity }));
  }

  /** The parts built into an assembly (empty when none). */
  async childrenOf(partId: bigint | number | string): Promise<bigint[]> {
    const id = forField("partId", () => toPartId(partId));
    return [...(await this.read(() => this.#contract.childrenOf(id)))];
  }

  /** The assembly a part is built into, or undefined. */
  async parentOf(partId: bigint | number | string): Promise<bigint | undefined> {
    const id = forField("partId", () => toPartId(partId));
    const parent = await this.read(() => this.#contract.parentOf(id));
    return parent === 0n ? undefined : parent;
  }

  /** Whether a part counts as conforming now (false for an unknown part). */
  async isConforming(partId: bigint | number | string): Promise<boolean> {
    const id = forField("partId", () => toPartId(partId));
    return this.read(() => this.#contract.isConforming(id));
  }

  /** Whether any material a part consumed was recalled. */
  async isRecalled(partId: bigint | number | string): Promise<boolean> {
    const id = forField("partId", () => toPartId(partId));
    return this.read(() => this.#contract.isRecalled(id));
  }

  // ---------------------------------------------------------------------------------------------
  // Tag chips
  // ---------------------------------------------------------------------------------------------

  /**
   * What a chip's answer must be bound to now, for `answerChallenge`: the chain, the registry
   * and a recent block (the parent of the latest one, see `challengeBlock`), with its hash.
   */
  async chipContext(): Promise<ChipChallengeContext> {
    const provider = this.provider();
    const { chainId } = await this.read(() => provider.getNetwork());
    const block = await this.read(() => challengeBlock(provider));
    return { chainId, registry: this.address, block };
  }

  /**
   * The digest a chip signs for a challenge bound to block `blockNumber`, as the registry
   * computes it; with the block's hash read from the chain unless `blockHash` is given.
   */
  async chipDigest(params: {
    partId: bigint | number | string;
    challenge: string;
    blockNumber: bigint | number | string;
    blockHash?: string;
  }): Promise<Hash> {
    const partId = forField("partId", () => toPartId(params.partId));
    const challenge = forField("challenge", () => toHash(params.challenge, "challenge"));
    const blockNumber = forField("blockNumber", () => toBlockNumber(params.blockNumber));
    const provider = this.provider();
    const blockHash =
      params.blockHash === undefined
        ? (await blockAt(provider, blockNumber)).hash
        : toHash(params.blockHash, "block hash");
    const digest = await this.read(() =>
      this.#contract.chipDigest(partId, challenge, blockNumber, blockHash),
    );
    return digest.toLowerCase() as Hash;
  }

  /**
   * Asks the registry whether a chip's answer proves possession of the part now, in the latest
   * block: `{ ok: true }`, or the reason (`unknown-part`, `no-chip`, `stale-challenge`,
   * `bad-signature`) with the decoded sentence. The answer's block must be one of the 64 before
   * the latest block (the latest block itself is too new for a call).
   */
  async verifyChip(params: ActivateParameters): Promise<ChipVerification> {
    const partId = forField("partId", () => toPartId(params.partId));
    const challenge = forField("challenge", () => toHash(params.challenge, "challenge"));
    const blockNumber = forField("blockNumber", () => toBlockNumber(params.blockNumber));
    if (!isHexString(params.signature)) {
      throw new InputError(
        InputErrorCode.InvalidSignature,
        "The chip signature must be hex bytes (0x followed by 130 hex digits: r, s and v).",
      );
    }
    const signature = params.signature;
    try {
      await this.read(() => this.#contract.verifyChip(partId, challenge, blockNumber, signature));
      return { ok: true };
    } catch (error) {
      if (error instanceof ContractRevertedError) {
        const reason = CHIP_FAILURES[error.errorName];
        if (reason !== undefined) return { ok: false, reason, message: error.shortMessage };
      }
      throw error;
    }
  }
}

/** The chip-check refusals of the registry, by error name. */
const CHIP_FAILURES: Record<string, ChipFailure> = {
  PartRegistryUnknownPart: "unknown-part",
  PartRegistryNoChip: "no-chip",
  PartRegistryStaleChallenge: "stale-challenge",
  PartRegistryBadChipSignature: "bad-signature",
};
