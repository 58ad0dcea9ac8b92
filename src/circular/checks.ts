/** Pre-flight checks of the chain's state that several circular actions share (cores, parts, roles). */
import { ZeroAddress } from "ethers";
import { InputError, InputErrorCode, isRevertOf } from "../core/errors.js";
import type { Hash } from "../core/hashing.js";
import { formatTime } from "../core/validate.js";
import { ACCREDITATION_STATES, roleIndex, type RoleName } from "../participants/roles.js";
import type { BatchInput } from "../provenance/validate.js";
import { formatPartId, maskToKinds } from "../provenance/encodings.js";
import type { PartRegistry } from "../contracts.js";
import { type CircularContext, enumName, wrongAccount, wrongState } from "./context.js";
import { CORE_STATES, outcomeName } from "./encodings.js";
import type { Core } from "./types.js";

/** Refuses an account whose accreditation is not active. */
export async function requireAccredited(
  ctx: CircularContext,
  account: string,
  doing: string,
): Promise<void> {
  const registry = await ctx.participantRegistry();
  const state = await ctx.read(() => registry.accreditationState(account));
  if (ACCREDITATION_STATES[Number(state)] !== "active") {
    throw new InputError(
      InputErrorCode.WrongAccount,
      `The signer ${account} is not an active participant; only one ${doing}.`,
    );
  }
}

/** Whether `account` owns `spec` and is an active manufacturer: the OEM. */
export async function isOem(ctx: CircularContext, account: string, spec: string): Promise<boolean> {
  const parts = await ctx.partRegistry();
  const registry = await ctx.participantRegistry();
  const [specification, active] = await ctx.read(() =>
    Promise.all([parts.specification(spec), registry.isActive(account, roleIndex("manufacturer"))]),
  );
  return specification.owner === account && active;
}

/** Refuses a core whose part a registrar holds: it neither changes hands nor is used up. */
export async function requireNoHold(ctx: CircularContext, coreId: bigint): Promise<void> {
  const parts = await ctx.partRegistry();
  if ((await partView(ctx, parts, coreId)).registrarHold) {
    throw wrongState(
      `The core ${formatPartId(coreId)} is under a registrar's hold; it is not sold, ` +
        "transferred, remanufactured or recycled until a registrar releases it.",
    );
  }
}

/** Refuses an account that is active in none of `roles`. */
export async function requireRole(
  ctx: CircularContext,
  account: string,
  roles: readonly RoleName[],
  doing: string,
): Promise<void> {
  const registry = await ctx.participantRegistry();
  const active = await ctx.read(() =>
    Promise.all(roles.map((role) => registry.isActive(account, roleIndex(role)))),
  );
  if (!active.includes(true)) {
    throw new InputError(
      InputErrorCode.WrongAccount,
      `The signer ${account} is not an active ${roles.join(" or ")}; only one ${doing}.`,
    );
  }
}

/** The core as the registry reports it, or undefined for a part that never became a core. */
export async function coreView(ctx: CircularContext, id: bigint): Promise<Core | undefined> {
  let stored;
  let listing;
  try {
    [stored, listing] = await ctx.read(() =>
      Promise.all([ctx.cores.core(id), ctx.cores.listing(id)]),
    );
  } catch (error) {
    if (isRevertOf(error, "CoreRegistryNotHeld")) return undefined;
    throw error;
  }
  const outcome = outcomeName(stored.outcome);
  return {
    id,
    state: enumName(CORE_STATES, stored.state, "core state"),
    holder: stored.holder === ZeroAddress ? undefined : stored.holder,
    spec: stored.specHash.toLowerCase() as Hash,
    maker: stored.maker,
    generation: Number(stored.generation),
    recalled: stored.recalled,
    passedKinds: maskToKinds(stored.passedKinds),
    conflictKinds: maskToKinds(stored.conflictKinds),
    children: stored.children,
    returnedAt: stored.returnedAt,
    grade:
      stored.gradeCount === 0n || outcome === undefined
        ? undefined
        : {
            outcome,
            grade: Number(stored.grade),
            grader: stored.grader,
            gradedAt: stored.gradedAt,
          },
    gradeCount: Number(stored.gradeCount),
    successor: stored.successor === 0n ? undefined : stored.successor,
    listing:
      listing.token === ZeroAddress ? undefined : { token: listing.token, price: listing.price },
  };
}

/** A core that is held now; refuses any other. */
export async function heldCore(ctx: CircularContext, id: bigint): Promise<Core> {
  const core = await coreView(ctx, id);
  if (core === undefined) {
    throw wrongState(`The part ${formatPartId(id)} was never returned as a core.`);
  }
  if (core.state !== "held") {
    throw wrongState(`The core ${formatPartId(id)} was ${core.state}; it is no longer held.`);
  }
  return core;
}

export function requireCoreHolder(core: Core, id: bigint, signer: string, doing: string): void {
  if (core.holder !== signer) {
    throw wrongAccount(
      `Only the holder ${core.holder} of core ${formatPartId(id)} ${doing}`,
      signer,
    );
  }
}

export async function partView(ctx: CircularContext, parts: PartRegistry, id: bigint) {
  try {
    return await ctx.read(() => parts.part(id));
  } catch (error) {
    if (isRevertOf(error, "PartRegistryUnknownPart")) {
      throw new InputError(InputErrorCode.InvalidId, `There is no part ${formatPartId(id)}.`);
    }
    throw error;
  }
}

export async function partExists(
  ctx: CircularContext,
  parts: PartRegistry,
  id: bigint,
): Promise<boolean> {
  try {
    await ctx.read(() => parts.part(id));
    return true;
  } catch (error) {
    if (isRevertOf(error, "PartRegistryUnknownPart")) return false;
    throw error;
  }
}

/** Refuses new material the signer does not hold, or of which too little is left. */
export async function requireInputs(
  ctx: CircularContext,
  parts: PartRegistry,
  inputs: BatchInput[],
  holder: string,
): Promise<void> {
  const needed = new Map<bigint, bigint>();
  for (const { batchId, quantity } of inputs) {
    needed.set(batchId, (needed.get(batchId) ?? 0n) + quantity);
  }
  for (const [batchId, quantity] of needed) {
    let batch;
    try {
      batch = await ctx.read(() => parts.batch(batchId));
    } catch (error) {
      if (isRevertOf(error, "PartRegistryUnknownBatch")) {
        throw new InputError(InputErrorCode.InvalidId, `There is no batch ${batchId}.`);
      }
      throw error;
    }
    if (batch.owner !== holder) {
      throw wrongAccount(`The batch ${batchId} is held by ${batch.owner}`, holder);
    }
    if (batch.remaining < quantity) {
      throw new InputError(
        InputErrorCode.InvalidAmount,
        `The batch ${batchId} has ${batch.remaining} left; the new part needs ${quantity}.`,
      );
    }
  }
}

export async function requireSpecOwner(
  ctx: CircularContext,
  spec: Hash,
  account: string,
  doing: string,
): Promise<void> {
  const parts = await ctx.partRegistry();
  const stored = await ctx.read(() => parts.specification(spec));
  if (stored.owner === ZeroAddress) {
    throw new InputError(InputErrorCode.InvalidHash, `No specification ${spec} is defined.`);
  }
  if (stored.owner !== account) {
    throw wrongAccount(
      `Only the owner ${stored.owner} of the specification ${spec} ${doing}`,
      account,
    );
  }
}

/** Refuses when the chain's time is past `deadline`. */
export async function requireBefore(
  ctx: CircularContext,
  deadline: bigint,
  what: string,
): Promise<void> {
  const now = await ctx.chainTime();
  if (now >= deadline) {
    throw new InputError(
      InputErrorCode.TimeInPast,
      `${what} was ${formatTime(deadline)}; the chain's time is ${formatTime(now)}.`,
    );
  }
}
