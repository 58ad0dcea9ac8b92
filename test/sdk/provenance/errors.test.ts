import { expect } from "chai";
import {
  encodeBytes32String,
  type ErrorFragment,
  Interface,
  type ParamType,
  ZeroAddress,
} from "ethers";
import {
  ContractRevertedError,
  decodeError,
  ERROR_SENTENCES,
  formatPartId,
  IPartRegistry__factory,
  PartRegistry__factory,
  ParticipantRegistry__factory,
  TransactionFailedError,
} from "../../../src/index.js";

const PARTS = new Interface(PartRegistry__factory.abi);
const PARTICIPANTS = new Interface(ParticipantRegistry__factory.abi);
const SIGNER = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
const CHIP_KEY = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359";

/** A plausible value of an ABI type, to build the arguments of any custom error. */
function sampleValue(param: ParamType): unknown {
  if (param.type === "address") return SIGNER;
  if (param.type === "bool") return true;
  if (param.type === "bytes32") return encodeBytes32String("AS9100D");
  if (param.type === "string") return "out of stock";
  if (param.type === "uint8") return 2n; // an enum: quarantined
  if (param.type.startsWith("uint") || param.type.startsWith("int")) return 1n;
  throw new Error(`no sample value for ABI type ${param.type}`);
}

function errorsOf(abi: ConstructorParameters<typeof Interface>[0]): ErrorFragment[] {
  const errors: ErrorFragment[] = [];
  new Interface(abi).forEachError((fragment) => errors.push(fragment));
  return errors;
}

/** The sentence the SDK gives for `name(args)` of the parts registry. */
function sentence(name: string, args: unknown[]): string {
  return decodeError({ data: PARTS.encodeErrorResult(name, args) }, PARTS).shortMessage;
}

describe("SDK errors of the parts registry", function () {
  for (const [contract, abi] of Object.entries({
    PartRegistry: PartRegistry__factory.abi,
    IPartRegistry: IPartRegistry__factory.abi,
  })) {
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
        const text = error.shortMessage;
        expect(text).to.match(/^[A-Z0-9].*\.$/s);
        expect(text).not.to.match(/undefined|NaN|\[object /);
        expect(text).not.to.equal(`The contract refused: ${fragment.name}.`);
      });
    }
  }

  it("names statuses, part ids and the chip's block window in its sentences", function () {
    const id = 2n ** 255n + 7n;
    expect(sentence("PartRegistryInvalidTransition", [id, 2n, 4n])).to.equal(
      `The part ${formatPartId(id)} is quarantined; it cannot move to recycled.`,
    );
    expect(sentence("PartRegistryStaleChallenge", [1000n, 1065n, 64n])).to.equal(
      "The chip's answer is bound to block 1000, more than 64 blocks before block 1065; ask the " +
        "chip to sign a fresh challenge.",
    );
    expect(sentence("PartRegistryStaleChallenge", [1065n, 1065n, 64n])).to.equal(
      "The chip's answer is bound to block 1065, which is not before the block 1065 that checks " +
        "it: an answer can only be bound to a block that already exists.",
    );
    expect(sentence("PartRegistryBadChipSignature", [id, SIGNER, CHIP_KEY])).to.equal(
      `The signature is from ${SIGNER}, not from the tag chip ${CHIP_KEY} of part ` +
        `${formatPartId(id)} (another chip, or signed for another challenge, block, part, registry or chain).`,
    );
    expect(sentence("PartRegistryBadChipSignature", [id, ZeroAddress, CHIP_KEY])).to.equal(
      `The chip signature for part ${formatPartId(id)} is malformed (not a 65-byte low-s signature).`,
    );
    expect(sentence("PartRegistryNotCertified", [SIGNER, encodeBytes32String("AS9100D")])).to.equal(
      `Producer ${SIGNER} holds no valid certificate under scheme AS9100D.`,
    );
  });

  describe("decodeError with several ABIs", function () {
    const capacity = PARTICIPANTS.encodeErrorResult("ParticipantRegistryCapacityExceeded", [
      SIGNER,
      encodeBytes32String("AS9100D"),
      11n,
      10n,
    ]);

    it("decodes an error of a contract the registry calls, from the list", function () {
      for (const abis of [
        [PARTS, PARTICIPANTS],
        [PartRegistry__factory.abi, ParticipantRegistry__factory.abi],
      ]) {
        const error = decodeError({ data: capacity }, abis);
        expect(error).to.be.an.instanceOf(ContractRevertedError);
        expect((error as ContractRevertedError).errorName).to.equal(
          "ParticipantRegistryCapacityExceeded",
        );
      }
    });

    it("decodes with the first ABI that knows the error", function () {
      const data = PARTS.encodeErrorResult("PartRegistryUnknownBatch", [3n]);
      const error = decodeError({ data }, [PARTICIPANTS, PARTS]) as ContractRevertedError;
      expect([error.errorName, error.args]).to.deep.equal(["PartRegistryUnknownBatch", [3n]]);
    });

    it("still takes one ABI given as a list of fragments", function () {
      const data = PARTS.encodeErrorResult("PartRegistryUnknownBatch", [3n]);
      const error = decodeError({ data }, PartRegistry__factory.abi) as ContractRevertedError;
      expect(error.errorName).to.equal("PartRegistryUnknownBatch");
      expect(decodeError({ data: capacity }, PartRegistry__factory.abi)).to.be.an.instanceOf(
        TransactionFailedError,
      );
    });
  });
});
