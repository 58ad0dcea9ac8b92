import { expect } from "chai";
import { network } from "hardhat";
import { VoidSigner, Wallet } from "ethers";
import {
  type AddressBook,
  type ConfirmedTransaction,
  connectSuite,
  connectSuiteUnchecked,
  InputError,
  InputErrorCode,
  type MinedTransaction,
  type SentTransaction,
  SUITE_CONTRACTS,
  type TxResult,
} from "../../../src/index.js";
import { castSuiteFixture } from "../../fixtures/index.js";
import { docHash } from "../../fixtures/constants.js";
import { expectInputError, rejection, thrown } from "../helpers.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { loadFixture, mine, time } = networkHelpers;

const fixture = () => castSuiteFixture(connection);

/**
 * An address book on `chainId` whose participant registry is `participantsAddress`; the other
 * entries are placeholders (these tests send only to the participant registry).
 */
function bookOf(participantsAddress: string, chainId = 31337, name = "localhost"): AddressBook {
  const contracts = Object.fromEntries(
    SUITE_CONTRACTS.map((contract, index) => [
      contract,
      `0x${(index + 1).toString(16).padStart(40, "0")}`,
    ]),
  ) as AddressBook["contracts"];
  return {
    chainId,
    network: name,
    governance: participantsAddress,
    startBlock: 0,
    deployedAt: "",
    contracts: { ...contracts, ParticipantRegistry: participantsAddress },
  };
}

/**
 * Waits (polling the event loop) until `condition` holds; fails after 30 s. Hardhat's provider
 * polls for receipts every 50 ms, which a loaded CI machine can stretch to seconds.
 */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect.fail(`timed out waiting for ${what}`);
}

describe("connectSuite", function () {
  describe("the chain check", function () {
    it("refuses a runner on another chain than the address book's with SC128", async function () {
      const { participantsAddress } = await loadFixture(fixture);
      const book = bookOf(participantsAddress, 11155111, "testnet");
      const error = expectInputError(
        await rejection(() => connectSuite({ addressBook: book, runner: ethers.provider })),
        InputErrorCode.WrongChain,
      );
      expect(error.code).to.equal("SC128");
      expect(error.field).to.equal("runner");
      expect(error.shortMessage).to.equal(
        "The address book is for chain 11155111 (testnet) but the runner is connected to chain " +
          "31337: connect to the network the suite was deployed on, or read the address book of " +
          "chain 31337.",
      );
    });

    it("refuses a runner without a provider with SC120", async function () {
      const { participantsAddress } = await loadFixture(fixture);
      const book = bookOf(participantsAddress);
      for (const runner of [Wallet.createRandom(), new VoidSigner(participantsAddress)]) {
        const error = expectInputError(
          await rejection(() => connectSuite({ addressBook: book, runner })),
          InputErrorCode.MissingProvider,
        );
        expect(error.shortMessage).to.equal(
          "The runner has no provider, so the suite cannot check its chain nor read or send: " +
            "connect the signer to a provider (wallet.connect(provider)).",
        );
      }
    });

    it("connects a runner on the address book's chain, a signer or a provider", async function () {
      const { participantsAddress, people } = await loadFixture(fixture);
      const book = bookOf(participantsAddress);
      const read = await connectSuite({ addressBook: book, runner: ethers.provider });
      expect(await read.participants.isRegistrar(people.registrar.address)).to.equal(true);
      const write = await connectSuite({ addressBook: book, runner: people.registrar });
      expect(write.addressBook).to.equal(book);
      expect(write.participants.address).to.equal(participantsAddress);
    });

    it("connectSuiteUnchecked connects synchronously without asking the chain", async function () {
      const { participantsAddress } = await loadFixture(fixture);
      const suite = connectSuiteUnchecked({
        addressBook: bookOf(participantsAddress, 11155111),
        runner: Wallet.createRandom(),
      });
      expect(suite.participants.address).to.equal(participantsAddress);
    });
  });

  describe("transaction options", function () {
    it("tells when a transaction is sent, mined and confirmed, and waits for the confirmations", async function () {
      const { participantsAddress, people } = await loadFixture(fixture);
      const sent: SentTransaction[] = [];
      const mined: MinedTransaction[] = [];
      const confirmations: ConfirmedTransaction[] = [];
      const suite = await connectSuite({
        addressBook: bookOf(participantsAddress),
        runner: people.registrar,
        transactions: {
          confirmations: 3,
          onSent: (tx) => sent.push(tx),
          onMined: (tx) => mined.push(tx),
          onConfirmation: (tx) => confirmations.push(tx),
        },
      });
      const validUntil = (await time.latest()) + 365 * 86_400;
      await connection.provider.request({ method: "evm_setAutomine", params: [false] });
      let pending: Promise<unknown> | undefined;
      try {
        let done = false;
        pending = suite.participants
          .accredit({
            participant: people.stranger.address,
            roles: ["customer"],
            validUntil,
            evidenceHash: docHash("accreditation:stranger"),
          })
          .finally(() => {
            done = true;
          });

        await until(() => sent.length === 1, "the transaction to be sent");
        const [first] = sent;
        expect(first).to.deep.equal({
          hash: first!.hash,
          from: people.registrar.address,
          to: participantsAddress,
          contract: "ParticipantRegistry",
          method: "accredit",
          confirmations: 3,
        });
        expect(first!.hash).to.match(/^0x[0-9a-f]{64}$/);
        expect(await ethers.provider.getTransactionReceipt(first!.hash), "not mined yet").to.equal(
          null,
        );
        expect(mined).to.deep.equal([]);

        await mine(1);
        await until(() => confirmations.length === 1, "the first confirmation");
        const receipt = await ethers.provider.getTransactionReceipt(first!.hash);
        const block = receipt!.blockNumber;
        expect(mined).to.deep.equal([{ ...first, blockNumber: block, gasUsed: receipt!.gasUsed }]);
        expect(confirmations[0]).to.deep.equal({ ...mined[0], confirmed: 1 });
        expect(done, "still waiting for 3 confirmations").to.equal(false);

        await mine(1);
        await until(() => confirmations.length === 2, "the second confirmation");
        expect(done, "still waiting for the third").to.equal(false);
        await mine(1);
        const result = (await pending) as TxResult;
        expect(confirmations.map((each) => each.confirmed)).to.deep.equal([1, 2, 3]);
        expect(confirmations.map((each) => each.blockNumber)).to.deep.equal([block, block, block]);
        expect(result).to.deep.equal({
          hash: first!.hash,
          blockNumber: block,
          gasUsed: receipt!.gasUsed,
        });
        expect(sent).to.have.length(1);
        expect(mined).to.have.length(1);
      } finally {
        await connection.provider.request({ method: "evm_setAutomine", params: [true] });
        // After a failure, let the SDK's wait end rather than poll for ever.
        await mine(3);
        await pending?.catch(() => undefined);
      }
    });

    it("keeps the options in every client and across connect()", async function () {
      const { participantsAddress, people } = await loadFixture(fixture);
      const suite = await connectSuite({
        addressBook: bookOf(participantsAddress),
        runner: ethers.provider,
        transactions: { confirmations: 4 },
      });
      for (const client of [
        suite.participants,
        suite.parts,
        suite.invoices,
        suite.auctions,
        suite.circular,
      ]) {
        expect(client.confirmations, client.constructor.name).to.equal(4);
        expect(client.connect(people.registrar).confirmations, client.constructor.name).to.equal(4);
      }
      const plain = connectSuiteUnchecked({
        addressBook: bookOf(participantsAddress),
        runner: ethers.provider,
      });
      expect(plain.invoices.confirmations).to.equal(1);
      expect(plain.invoices.withTransactions({ confirmations: 2 }).confirmations).to.equal(2);
    });

    it("names contracts from the options alone: withTransactions replaces the suite's names", async function () {
      const { participantsAddress, people } = await loadFixture(fixture);
      const sent: SentTransaction[] = [];
      const book = bookOf(participantsAddress);
      const unnamed = connectSuiteUnchecked({
        addressBook: book,
        runner: people.registrar,
      }).participants.withTransactions({ onSent: (tx) => sent.push(tx) });
      const validUntil = (await time.latest()) + 365 * 86_400;
      const accreditation = {
        participant: people.stranger.address,
        roles: ["customer"],
        validUntil,
        evidenceHash: docHash("accreditation:stranger"),
      };
      await unnamed.accredit(accreditation);
      await unnamed
        .withTransactions({
          onSent: (tx) => sent.push(tx),
          names: { [participantsAddress.toLowerCase()]: "Registry" },
        })
        .renew({
          participant: people.stranger.address,
          validUntil: validUntil + 86_400,
          evidenceHash: docHash("renewal:stranger"),
        });
      expect(sent.map(({ contract, method }) => ({ contract, method }))).to.deep.equal([
        { contract: undefined, method: "accredit" },
        { contract: "Registry", method: "renew" },
      ]);
    });

    it("refuses a number of confirmations that is not a whole number of at least 1 with SC129", async function () {
      const { participantsAddress } = await loadFixture(fixture);
      for (const confirmations of [0, 1.5, -1, Number.NaN]) {
        const error = thrown(() =>
          connectSuiteUnchecked({
            addressBook: bookOf(participantsAddress),
            runner: ethers.provider,
            transactions: { confirmations },
          }),
        );
        const inputError = expectInputError(error, InputErrorCode.InvalidConfirmations);
        expect(inputError.field).to.equal("confirmations");
        expect(inputError.shortMessage).to.equal(
          `The number of confirmations "${confirmations}" is not a whole number of at least 1.`,
        );
      }
    });
  });
});

describe("InputErrorCode", function () {
  it("gives every kind of input error its own code", function () {
    const codes = Object.values(InputErrorCode);
    expect(new Set(codes).size, "codes used twice").to.equal(codes.length);
    for (const code of codes) expect(code).to.match(/^SC\d{3}$/);
    expect(new InputError(InputErrorCode.WrongChain, "x").code).to.equal("SC128");
  });
});
