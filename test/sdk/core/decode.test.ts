import { expect } from "chai";
import {
  AbiCoder,
  encodeBytes32String,
  type ErrorFragment,
  getAddress,
  id,
  Interface,
  type ParamType,
  ZeroAddress,
  ZeroHash,
} from "ethers";
import { network } from "hardhat";
import {
  CoreCharges__factory,
  CoreRegistry__factory,
  ICoreCharges__factory,
  ICoreRegistry__factory,
  ILicenceRegistry__factory,
  IWarrantyRegistry__factory,
  LicenceRegistry__factory,
  WarrantyRegistry__factory,
  IInvoiceEscrow__factory,
  InvoiceEscrow__factory,
  IPartRegistry__factory,
  IProcurementAuction__factory,
  PartRegistry__factory,
  ProcurementAuction__factory,
  ContractRevertedError,
  decodeError,
  ERROR_SENTENCES,
  formatPartId,
  IParticipantRegistry__factory,
  InputError,
  InputErrorCode,
  ParticipantRegistry__factory,
  SupplyChainError,
  TransactionFailedError,
} from "../../../src/index.js";
import {
  CapacityConsumerMock__factory,
  StablecoinMock__factory,
} from "../../../src/typechain/index.js";
import {
  type AmountFormat,
  CORE_SENTENCES,
  findRevertData,
  SMALLEST_UNITS,
  tokenAmounts,
} from "../../../src/core/decode.js";
import { rejection } from "../helpers.js";
import { ADMIN_DELAY } from "../../helpers/governance.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

const REGISTRY_INTERFACE = new Interface(ParticipantRegistry__factory.abi);
const REGISTRAR_ROLE = id("REGISTRAR_ROLE");
const EVIDENCE = id("evidence:accreditation");
const DAY = 86_400;

/** Roles as the contract's bitmask: producer is bit 0, standards body bit 8. */
const PRODUCER = 1 << 0;
const STANDARDS_BODY = 1 << 8;

async function registryFixture() {
  const signers = await ethers.getSigners();
  const signer = (index: number) => {
    const found = signers[index];
    if (found === undefined) throw new Error(`the fixture needs at least ${index + 1} signers`);
    return found;
  };
  const governance = signer(1);
  const registrar = signer(2);
  const participant = signer(3);
  const stranger = signer(4);
  const registry = await ethers.deployContract("ParticipantRegistry", [
    governance.address,
    ADMIN_DELAY,
  ]);
  await registry.connect(governance).grantRole(REGISTRAR_ROLE, registrar.address);
  const consumerMock = await ethers.deployContract("CapacityConsumerMock", [
    await registry.getAddress(),
  ]);
  const until = (await time.latest()) + 365 * DAY;
  return { registry, consumerMock, governance, registrar, participant, stranger, until };
}

/** Decodes what `action` rejected with against the registry's ABI. */
async function decoded(action: () => Promise<unknown>): Promise<SupplyChainError> {
  return decodeError(await rejection(action), REGISTRY_INTERFACE);
}

/** Asserts a decoded custom error: class, name, arguments, selector and sentence. */
function expectReverted(
  error: SupplyChainError,
  errorName: string,
  args: unknown[],
  sentence: string,
): ContractRevertedError {
  expect(error).to.be.an.instanceOf(ContractRevertedError);
  const reverted = error as ContractRevertedError;
  expect(reverted.errorName).to.equal(errorName);
  expect(reverted.args).to.deep.equal(args);
  expect(reverted.selector).to.equal(REGISTRY_INTERFACE.getError(errorName)?.selector);
  expect(reverted.shortMessage).to.equal(sentence);
  expect(reverted.message).to.include(sentence);
  expect(reverted.details).to.include(REGISTRY_INTERFACE.getError(errorName)?.format("sighash"));
  return reverted;
}

/** A plausible value of an ABI type, to build the arguments of any custom error. */
function sampleValue(param: ParamType): unknown {
  if (param.type === "address") return "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
  if (param.type === "bool") return true;
  if (param.type === "bytes32") return encodeBytes32String("AS9100D");
  if (param.type === "bytes8") return encodeBytes32String("kg").slice(0, 18);
  if (param.type === "string") return "out of stock";
  if (param.type.startsWith("uint") || param.type.startsWith("int")) return 1n;
  throw new Error(`no sample value for ABI type ${param.type}`);
}

/** Every custom error of every contract the SDK talks to. */
const CONTRACT_ABIS = {
  ParticipantRegistry: ParticipantRegistry__factory.abi,
  IParticipantRegistry: IParticipantRegistry__factory.abi,
  CapacityConsumerMock: CapacityConsumerMock__factory.abi,
  PartRegistry: PartRegistry__factory.abi,
  IPartRegistry: IPartRegistry__factory.abi,
  InvoiceEscrow: InvoiceEscrow__factory.abi,
  IInvoiceEscrow: IInvoiceEscrow__factory.abi,
  ProcurementAuction: ProcurementAuction__factory.abi,
  IProcurementAuction: IProcurementAuction__factory.abi,
  CoreRegistry: CoreRegistry__factory.abi,
  ICoreRegistry: ICoreRegistry__factory.abi,
  LicenceRegistry: LicenceRegistry__factory.abi,
  ILicenceRegistry: ILicenceRegistry__factory.abi,
  WarrantyRegistry: WarrantyRegistry__factory.abi,
  IWarrantyRegistry: IWarrantyRegistry__factory.abi,
  CoreCharges: CoreCharges__factory.abi,
  ICoreCharges: ICoreCharges__factory.abi,
  // The token errors the escrow bubbles up through SafeERC20 (OpenZeppelin's ERC20Permit).
  StablecoinMock: StablecoinMock__factory.abi,
};

function errorsOf(abi: ConstructorParameters<typeof Interface>[0]): ErrorFragment[] {
  const errors: ErrorFragment[] = [];
  new Interface(abi).forEachError((fragment) => errors.push(fragment));
  return errors;
}

describe("SDK error decoding", function () {
  describe("decodeError on real reverts", function () {
    it("decodes an access-control refusal: accredit from a non-registrar", async function () {
      const { registry, stranger, participant, until } = await loadFixture(registryFixture);
      const cause = await rejection(() =>
        registry.connect(stranger).accredit(participant.address, PRODUCER, until, EVIDENCE),
      );
      const error = decodeError(cause, REGISTRY_INTERFACE);
      expectReverted(
        error,
        "AccessControlUnauthorizedAccount",
        [stranger.address, REGISTRAR_ROLE],
        `${stranger.address} is not allowed to do this: it needs the registrar role.`,
      );
      expect(error.cause).to.equal(cause);
    });

    it("names the governance role by name", async function () {
      const { registry, stranger } = await loadFixture(registryFixture);
      const error = await decoded(() =>
        registry.connect(stranger).grantRole(REGISTRAR_ROLE, stranger.address),
      );
      expectReverted(
        error,
        "AccessControlUnauthorizedAccount",
        [stranger.address, ZeroHash],
        `${stranger.address} is not allowed to do this: it needs the governance role.`,
      );
    });

    it("decodes a registrar accrediting itself", async function () {
      const { registry, registrar, until } = await loadFixture(registryFixture);
      const error = await decoded(() =>
        registry.connect(registrar).accredit(registrar.address, PRODUCER, until, EVIDENCE),
      );
      expectReverted(
        error,
        "ParticipantRegistrySelfAccreditation",
        [registrar.address],
        `Registrar ${registrar.address} cannot accredit itself or change its own accreditation; another registrar must do it.`,
      );
    });

    it("decodes an empty role set", async function () {
      const { registry, registrar, participant, until } = await loadFixture(registryFixture);
      const error = await decoded(() =>
        registry.connect(registrar).accredit(participant.address, 0, until, EVIDENCE),
      );
      expectReverted(
        error,
        "ParticipantRegistryInvalidRoles",
        [0n],
        "The role set 0 is empty or names a role that does not exist.",
      );
    });

    it("decodes a missing evidence hash", async function () {
      const { registry, registrar, participant, until } = await loadFixture(registryFixture);
      const error = await decoded(() =>
        registry.connect(registrar).accredit(participant.address, PRODUCER, until, ZeroHash),
      );
      expectReverted(
        error,
        "ParticipantRegistryMissingEvidence",
        [],
        "The evidence or document hash is missing; hash the document and pass its hash.",
      );
    });

    it("decodes an unexpected accreditation state, naming the states", async function () {
      const { registry, registrar, participant } = await loadFixture(registryFixture);
      const error = await decoded(() =>
        registry.connect(registrar).suspend(participant.address, ZeroHash),
      );
      expectReverted(
        error,
        "ParticipantRegistryUnexpectedAccreditationState",
        [participant.address, 0n, 10n],
        `The accreditation of ${participant.address} is none, but this needs it to be active or expired.`,
      );
    });

    it("decodes a caller that is not active in a role, naming the role", async function () {
      const { registry, registrar, participant, until } = await loadFixture(registryFixture);
      await registry.connect(registrar).accredit(participant.address, PRODUCER, until, EVIDENCE);
      const error = await decoded(() =>
        registry
          .connect(participant)
          .defineScheme(encodeBytes32String("AS9100D"), EVIDENCE, 180 * DAY),
      );
      expectReverted(
        error,
        "ParticipantRegistryNotActive",
        [participant.address, 8n],
        `${participant.address} is not an active accredited standards body ` +
          "(never accredited in that role, suspended, lapsed or revoked).",
      );
    });

    it("decodes an expiry in the past, with both times", async function () {
      const { registry, registrar, participant } = await loadFixture(registryFixture);
      const past = 1_000_000_000; // 2001-09-09T01:46:40Z
      const cause = await rejection(() =>
        registry.connect(registrar).accredit(participant.address, PRODUCER, past, EVIDENCE),
      );
      const error = decodeError(cause, REGISTRY_INTERFACE) as ContractRevertedError;
      expect(error).to.be.an.instanceOf(ContractRevertedError);
      expect(error.errorName).to.equal("ParticipantRegistryExpiryNotInFuture");
      expect(error.args[0]).to.equal(BigInt(past));
      const now = error.args[1] as bigint;
      expect(now >= BigInt(await time.latest())).to.equal(true);
      expect(error.shortMessage).to.equal(
        "The expiry 2001-09-09T01:46:40Z is not in the future (the chain's time is " +
          `${new Date(Number(now) * 1000).toISOString().replace(".000Z", "Z")}).`,
      );
    });

    it("decodes the revert of a read-only call (staticCall) the same way", async function () {
      const { registry, stranger, participant, until } = await loadFixture(registryFixture);
      const error = await decoded(() =>
        registry
          .connect(stranger)
          .accredit.staticCall(participant.address, STANDARDS_BODY, until, EVIDENCE),
      );
      expectReverted(
        error,
        "AccessControlUnauthorizedAccount",
        [stranger.address, REGISTRAR_ROLE],
        `${stranger.address} is not allowed to do this: it needs the registrar role.`,
      );
    });

    it("decodes a transaction that was mined and reverted (no gas estimation)", async function () {
      const { registry, stranger, participant, until } = await loadFixture(registryFixture);
      const error = await decoded(async () => {
        const response = await registry
          .connect(stranger)
          .accredit(participant.address, PRODUCER, until, EVIDENCE, { gasLimit: 200_000 });
        return response.wait();
      });
      expectReverted(
        error,
        "AccessControlUnauthorizedAccount",
        [stranger.address, REGISTRAR_ROLE],
        `${stranger.address} is not allowed to do this: it needs the registrar role.`,
      );
    });

    it("decodes against the ABI that declares the error, not the one of the contract called", async function () {
      // The mock declares no errors; the registry's refusal bubbles up through it.
      const { consumerMock, participant } = await loadFixture(registryFixture);
      const cause = await rejection(() =>
        consumerMock.produce(
          participant.address,
          encodeBytes32String("AS9100D"),
          1n,
          encodeBytes32String("kg").slice(0, 18),
        ),
      );
      const asMock = decodeError(cause, consumerMock.interface);
      expect(asMock).to.be.an.instanceOf(TransactionFailedError);
      expect(asMock.details).to.include(
        `unrecognised revert data ${REGISTRY_INTERFACE.getError("AccessControlUnauthorizedAccount")?.selector}`,
      );
      const asRegistry = decodeError(cause, ParticipantRegistry__factory.abi);
      expect(asRegistry).to.be.an.instanceOf(ContractRevertedError);
      expect((asRegistry as ContractRevertedError).errorName).to.equal(
        "AccessControlUnauthorizedAccount",
      );
    });
  });

  describe("decodeError on other failures", function () {
    it("gives a TransactionFailedError for revert data no ABI entry matches", function () {
      const cause = Object.assign(new Error("execution reverted"), {
        data: "0xdeadbeef0000000000000000000000000000000000000000000000000000000000000001",
      });
      const error = decodeError(cause, REGISTRY_INTERFACE);
      expect(error).to.be.an.instanceOf(TransactionFailedError);
      expect(error).not.to.be.an.instanceOf(ContractRevertedError);
      expect(error.shortMessage).to.equal("The transaction failed: execution reverted");
      expect(error.details).to.equal(`unrecognised revert data ${cause.data}`);
      expect(error.cause).to.equal(cause);
    });

    it("gives a TransactionFailedError for an error without revert data", function () {
      const cause = Object.assign(new Error("could not coalesce error\n(long dump)"), {
        shortMessage: "could not coalesce error",
      });
      const error = decodeError(cause, REGISTRY_INTERFACE);
      expect(error).to.be.an.instanceOf(TransactionFailedError);
      expect(error.shortMessage).to.equal("The transaction failed: could not coalesce error");
      expect(error.details).to.equal(undefined);
      expect(
        decodeError(new Error("socket hang up\nat ..."), REGISTRY_INTERFACE).shortMessage,
      ).to.equal("The transaction failed: socket hang up");
      expect(decodeError("timeout", REGISTRY_INTERFACE).shortMessage).to.equal(
        "The transaction failed: timeout",
      );
    });

    it("treats empty revert data (a bare revert) as undecodable", function () {
      const error = decodeError({ data: "0x", message: "reverted" }, REGISTRY_INTERFACE);
      expect(error).to.be.an.instanceOf(TransactionFailedError);
    });

    it("decodes the built-in Error(string) and Panic(uint256)", function () {
      const coder = AbiCoder.defaultAbiCoder();
      const errorData = `0x08c379a0${coder.encode(["string"], ["out of stock"]).slice(2)}`;
      const viaError = decodeError(
        { data: errorData },
        REGISTRY_INTERFACE,
      ) as ContractRevertedError;
      expect(viaError).to.be.an.instanceOf(ContractRevertedError);
      expect(viaError.errorName).to.equal("Error");
      expect(viaError.args).to.deep.equal(["out of stock"]);
      expect(viaError.shortMessage).to.equal("The contract refused: out of stock.");

      const panicData = `0x4e487b71${coder.encode(["uint256"], [0x11]).slice(2)}`;
      const viaPanic = decodeError(
        { data: panicData },
        REGISTRY_INTERFACE,
      ) as ContractRevertedError;
      expect(viaPanic.errorName).to.equal("Panic");
      expect(viaPanic.args).to.deep.equal([17n]);
      expect(viaPanic.shortMessage).to.equal("The contract hit an internal fault (panic code 17).");
    });

    it("passes an SDK error through unchanged", function () {
      const input = new InputError(InputErrorCode.InvalidAddress, "bad address");
      expect(decodeError(input, REGISTRY_INTERFACE)).to.equal(input);
      const reverted = new ContractRevertedError("X", [], "0x12345678", "refused");
      expect(decodeError(reverted, REGISTRY_INTERFACE)).to.equal(reverted);
      const failed = new TransactionFailedError("failed");
      expect(decodeError(failed, REGISTRY_INTERFACE)).to.equal(failed);
    });
  });

  describe("findRevertData", function () {
    const data = REGISTRY_INTERFACE.encodeErrorResult("ParticipantRegistryUnknownScheme", [
      encodeBytes32String("AS9100D"),
    ]);

    it("finds data at the top level", function () {
      expect(findRevertData({ data })).to.equal(data);
    });

    it("digs into { error: { data } }", function () {
      expect(findRevertData({ message: "x", error: { code: 3, data } })).to.equal(data);
    });

    it("digs into { info: { error: { data } } }", function () {
      expect(findRevertData({ code: "UNKNOWN_ERROR", info: { error: { data } } })).to.equal(data);
    });

    it("digs into { cause: { data } } and into Error causes", function () {
      expect(findRevertData({ cause: { data } })).to.equal(data);
      expect(
        findRevertData(new Error("outer", { cause: Object.assign(new Error("inner"), { data }) })),
      ).to.equal(data);
    });

    it("digs into { data: { data } } and mixed nestings", function () {
      expect(findRevertData({ data: { data } })).to.equal(data);
      expect(findRevertData({ error: { info: { error: { cause: { data } } } } })).to.equal(data);
    });

    it("ignores data that is not revert data", function () {
      expect(findRevertData({ data: "0x" })).to.equal(undefined);
      expect(findRevertData({ data: "0x1234" })).to.equal(undefined);
      expect(findRevertData({ data: "Reverted" })).to.equal(undefined);
      expect(findRevertData({ data: 42 })).to.equal(undefined);
      expect(findRevertData(null)).to.equal(undefined);
      expect(findRevertData("0x12345678")).to.equal(undefined);
      expect(findRevertData(undefined)).to.equal(undefined);
    });

    it("stops on a cycle instead of recursing forever", function () {
      const looped: Record<string, unknown> = { message: "loop" };
      looped.cause = looped;
      looped.error = { info: looped };
      expect(findRevertData(looped)).to.equal(undefined);
    });

    it("finds the data of a real revert", async function () {
      const { registry, stranger, participant, until } = await loadFixture(registryFixture);
      const cause = await rejection(() =>
        registry.connect(stranger).accredit(participant.address, PRODUCER, until, EVIDENCE),
      );
      expect(findRevertData(cause)).to.equal(
        REGISTRY_INTERFACE.encodeErrorResult("AccessControlUnauthorizedAccount", [
          stranger.address,
          REGISTRAR_ROLE,
        ]),
      );
    });
  });

  describe("ERROR_SENTENCES", function () {
    for (const [contract, abi] of Object.entries(CONTRACT_ABIS)) {
      const errors = errorsOf(abi);
      it(`has a sentence for every custom error of ${contract} (${errors.length} errors)`, function () {
        const missing = errors
          .map((fragment) => fragment.name)
          .filter((name) => !(name in ERROR_SENTENCES));
        expect(missing, `errors of ${contract} without a sentence`).to.deep.equal([]);
      });

      for (const fragment of errors) {
        it(`turns ${contract}.${fragment.name} into one readable sentence`, function () {
          const args = fragment.inputs.map(sampleValue);
          const data = new Interface([fragment]).encodeErrorResult(fragment, args);
          const error = decodeError({ data }, abi);
          expect(error).to.be.an.instanceOf(ContractRevertedError);
          const sentence = error.shortMessage;
          expect(sentence).to.match(/^[A-Z0-9].*\.$/s);
          expect(sentence).not.to.match(/undefined|NaN|\[object /);
          expect(sentence).not.to.equal(`The contract refused: ${fragment.name}.`);
        });
      }
    }

    it("has no sentence for an error that no contract declares", function () {
      const declared = new Set([
        "Error",
        "Panic",
        ...Object.values(CONTRACT_ABIS).flatMap((abi) => errorsOf(abi).map((f) => f.name)),
      ]);
      expect(Object.keys(ERROR_SENTENCES).filter((name) => !declared.has(name))).to.deep.equal([]);
    });

    it("uses the scheme's readable name and the zero address as given", function () {
      const data = REGISTRY_INTERFACE.encodeErrorResult("ParticipantRegistryNotSchemeOwner", [
        encodeBytes32String("AS9100D"),
        ZeroAddress,
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
      ]);
      expect(decodeError({ data }, REGISTRY_INTERFACE).shortMessage).to.equal(
        `${ZeroAddress} did not define scheme AS9100D; only its standards body ` +
          "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed can do this.",
      );
    });
  });

  describe("escrow and auction sentences: the rule broken, with its values", function () {
    const escrow = new Interface(InvoiceEscrow__factory.abi);
    const auction = new Interface(ProcurementAuction__factory.abi);
    const sentence = (iface: Interface, name: string, args: unknown[]) =>
      decodeError({ data: iface.encodeErrorResult(name, args) }, iface).shortMessage;

    it("names the current state and every allowed one, from the bitmap", function () {
      // Pending (1) and Delivered (2): bits 2 and 4.
      expect(sentence(escrow, "InvoiceEscrowWrongMilestoneState", [3n, 1n, 4, 6])).to.equal(
        "The milestone 1 of invoice 3 is released; this needs it to be pending or delivered.",
      );
      expect(sentence(escrow, "InvoiceEscrowWrongInvoiceState", [3n, 4, 1 << 2])).to.equal(
        "The invoice 3 is cancelled; this needs it to be funded.",
      );
      expect(sentence(auction, "ProcurementAuctionWrongPhase", [2n, 1, 1 << 2])).to.equal(
        "The order 2 is open for bids; this needs it to be revealing bids.",
      );
      expect(sentence(escrow, "InvoiceEscrowUnknownMilestone", [3n, 5n, 2n])).to.equal(
        "The invoice 3 has no milestone 5: it has 2, numbered from 0.",
      );
    });

    it("gives each invalid term its own sentence, with the values at fault", function () {
      expect(sentence(escrow, "InvoiceEscrowMilestoneCount", [9n, 8n])).to.equal(
        "An invoice needs 1 to 8 milestones; these terms have 9.",
      );
      expect(
        sentence(escrow, "InvoiceEscrowInvalidDeliveryMilestone", [1n, 101, 100n, id("spec")]),
      ).to.equal("Delivery milestone 1 asks for 101 parts; a delivery takes 1 to 100.");
      expect(
        sentence(escrow, "InvoiceEscrowInvalidDeliveryMilestone", [0n, 3, 100n, ZeroHash]),
      ).to.equal("Delivery milestone 0 names no specification; a delivery needs one.");
      expect(
        sentence(escrow, "InvoiceEscrowZeroParty", [
          ZeroAddress,
          ZeroAddress,
          id("t").slice(0, 42),
        ]),
      ).to.equal("The terms name the zero address as the supplier and the payer.");
      expect(
        sentence(escrow, "InvoiceEscrowTotalTooLarge", [2n ** 128n, 2n ** 128n - 1n]),
      ).to.equal(
        `The milestones add up to ${2n ** 128n}, more than an invoice holds (${2n ** 128n - 1n}).`,
      );
      expect(sentence(auction, "ProcurementAuctionInvalidParts", [id("spec"), 101, 100n])).to.equal(
        "The order asks for 101 parts; an order takes 1 to 100.",
      );
      expect(sentence(auction, "ProcurementAuctionZeroAmount", [0n, 5n])).to.equal(
        "The maximum unit price must be above zero.",
      );
      expect(
        sentence(auction, "ProcurementAuctionWindowTooShort", [
          1_830_000_000n,
          1_830_003_599n,
          3600n,
        ]),
      ).to.equal(
        "The window from 2027-12-28T13:20:00Z to 2027-12-28T14:19:59Z is shorter than 3600 s: " +
          "revealing lasts at least that long after bidding, and the latest delivery date comes " +
          "at least that long after revealing.",
      );
    });
  });

  describe("amounts: in the token's units when the caller knows the token", function () {
    const escrow = new Interface(InvoiceEscrow__factory.abi);
    const auction = new Interface(ProcurementAuction__factory.abi);
    const charges = new Interface(CoreCharges__factory.abi);
    const token = new Interface(StablecoinMock__factory.abi);
    const usdc = tokenAmounts({ decimals: 6, symbol: "USDC" });
    const holder = "0x00000000000000000000000000000000000000A1";
    const decoded = (iface: Interface, name: string, args: unknown[], amount?: AmountFormat) =>
      decodeError({ data: iface.encodeErrorResult(name, args) }, iface, {}, amount).shortMessage;

    it("writes 12500000 of a 6-decimal token as 12.50 USDC, and keeps every digit", function () {
      expect(usdc(12_500_000n)).to.equal("12.50 USDC");
      expect(usdc(7_500_500_001n)).to.equal("7500.500001 USDC");
      expect(usdc(0n)).to.equal("0.00 USDC");
      expect(SMALLEST_UNITS(12_500_000n)).to.equal("12500000");
    });

    it("words the ERC-20 refusals with the units, or says the amounts are in the smallest unit", function () {
      expect(
        decoded(token, "ERC20InsufficientBalance", [holder, 1_500_000n, 2_000_000n], usdc),
      ).to.equal(`${holder} holds 1.50 USDC; 2.00 USDC are needed.`);
      expect(decoded(token, "ERC20InsufficientBalance", [holder, 1_500_000n, 2_000_000n])).to.equal(
        `${holder} holds 1500000 (in the token's smallest unit); 2000000 are needed.`,
      );
      expect(decoded(token, "ERC20InsufficientAllowance", [holder, 0n, 2_000_000n], usdc)).to.equal(
        `${holder} may spend only 0.00 USDC for its holder; 2.00 USDC are needed: approve it, or ` +
          "fund with a permit.",
      );
    });

    it("words the fee-on-transfer, limit and ruling refusals of every contract with the units", function () {
      expect(decoded(charges, "CoreChargesShortPayment", [2_000_000n, 1_980_000n], usdc)).to.equal(
        "Core charges received 1.98 USDC of the 2.00 USDC due: the token takes a fee on " +
          "transfer, which core charges refuse.",
      );
      expect(decoded(auction, "ProcurementAuctionFundingShortfall", [100n, 99n], usdc)).to.equal(
        "The auction received 0.000099 USDC of the 0.0001 USDC it asked for: the token takes a " +
          "fee on transfer, which the auction refuses.",
      );
      expect(decoded(auction, "ProcurementAuctionZeroAmount", [5_000_000n, 0n], usdc)).to.equal(
        "The bond must be above zero (the maximum unit price is 5.00 USDC; bond 0.00 USDC).",
      );
      expect(
        decoded(auction, "ProcurementAuctionBudgetTooLarge", [3_000_000n, 2_000_000n], usdc),
      ).to.equal(
        "The budget (the maximum unit price times the quantity) of 3.00 USDC is more than an " +
          "invoice holds (2.00 USDC).",
      );
      expect(
        decoded(escrow, "InvoiceEscrowRulingTooLarge", [3_000_000n, 2_000_000n], usdc),
      ).to.equal(
        "A ruling of 3.00 USDC to the payee exceeds the 2.00 USDC at stake in the dispute.",
      );
      expect(decoded(escrow, "InvoiceEscrowRulingTooLarge", [3_000_000n, 2_000_000n])).to.equal(
        "A ruling of 3000000 to the payee exceeds the 2000000 at stake in the dispute.",
      );
    });
  });

  describe("a changed core listing: its price in units only when the listing's token is the one named", function () {
    const cores = new Interface(CoreRegistry__factory.abi);
    const listed = getAddress("0x00000000000000000000000000000000000000b7");
    const other = getAddress("0x00000000000000000000000000000000000000c9");
    const listedUsdc = tokenAmounts({ address: listed.toLowerCase(), decimals: 6, symbol: "USDC" });
    const changed = (token: string, amount?: AmountFormat) =>
      decodeError(
        { data: cores.encodeErrorResult("CoreRegistryListingChanged", [7n, token, 2_500_000n]) },
        cores,
        {},
        amount,
      ).shortMessage;

    it("tags the format with its token, and leaves a format without an address untagged", function () {
      expect(listedUsdc.token).to.equal(listed.toLowerCase());
      expect(tokenAmounts({ decimals: 6, symbol: "USDC" }).token).to.equal(undefined);
    });

    it("writes the price in the token's units when the send named the listing's token", function () {
      expect(changed(listed, listedUsdc)).to.equal(
        `The core ${formatPartId(7n)} is listed at 2.50 USDC of the token ${listed}, not at ` +
          "the offer the buyer accepted; look at the listing again.",
      );
    });

    it("writes it as the chain has it when the listing is now in another token, or none was named", function () {
      const sentence =
        `The core ${formatPartId(7n)} is listed at 2500000 (in the token's smallest unit) of ` +
        `the token ${other}, not at the offer the buyer accepted; look at the listing again.`;
      expect(changed(other, listedUsdc)).to.equal(sentence);
      expect(changed(other)).to.equal(sentence);
      expect(changed(other, tokenAmounts({ decimals: 6, symbol: "USDC" }))).to.equal(sentence);
    });
  });

  describe("circular-economy sentences and CORE_SENTENCES", function () {
    const cores = new Interface(CoreRegistry__factory.abi);

    it("names only errors the core registry declares", function () {
      const declared = new Set(errorsOf(CoreRegistry__factory.abi).map((f) => f.name));
      expect(Object.keys(CORE_SENTENCES).filter((name) => !declared.has(name))).to.deep.equal([]);
    });

    it("speaks of a core, not a part, for the core registry's token errors", function () {
      const holder = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
      const data = cores.encodeErrorResult("ERC721InsufficientApproval", [holder, 255n]);
      expect(decodeError({ data }, cores, CORE_SENTENCES).shortMessage).to.equal(
        `${holder} may not move core 0x${"0".repeat(62)}ff: it neither holds it nor is approved ` +
          "for it.",
      );
    });

    it("names the outcome, the charge state and the next period in the circular errors", function () {
      const notRemanufacturable = cores.encodeErrorResult("CoreRegistryNotRemanufacturable", [
        255n,
        4,
      ]);
      expect(decodeError({ data: notRemanufacturable }, cores).shortMessage).to.equal(
        `The core 0x${"0".repeat(62)}ff was graded recycle-only, which allows no remanufacture; ` +
          "it can only be recycled.",
      );
      const charges = new Interface(CoreCharges__factory.abi);
      const state = charges.encodeErrorResult("CoreChargesInvalidState", [7n, 4, 1 << 2]);
      expect(decodeError({ data: state }, charges).shortMessage).to.equal(
        "The charge 7 is forfeited; this needs it to be held.",
      );
      const licences = new Interface(LicenceRegistry__factory.abi);
      const quota = licences.encodeErrorResult("LicenceRegistryQuotaExhausted", [
        1n,
        0n,
        1_830_000_000n,
      ]);
      expect(decodeError({ data: quota }, licences).shortMessage).to.equal(
        "The licence 1 has 0 units left this period; the next period starts at " +
          "2027-12-28T13:20:00Z.",
      );
    });
  });
});
