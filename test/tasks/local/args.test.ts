import { expect } from "chai";
import {
  MAX_BLOCKS,
  parseBlocks,
  parseMintAmount,
  parseRecipient,
  parseTimeMove,
} from "../../../tasks/local/args.js";
import { localNodeKind } from "../../../tasks/local/common.js";
import { duration } from "../../../tasks/local/time.js";
import { tokenRecordFile } from "../../../tasks/local/token.js";
import { inputError } from "../shared/helpers.js";

describe("local:time arguments", function () {
  it("adds --days and --hours into seconds", function () {
    expect(parseTimeMove({ days: "3", hours: "", to: "" })).to.deep.equal({ by: 259_200n });
    expect(parseTimeMove({ days: "", hours: " 4 ", to: "" })).to.deep.equal({ by: 14_400n });
    expect(parseTimeMove({ days: "1", hours: "2", to: "" })).to.deep.equal({ by: 93_600n });
  });

  it("reads --to as a date, a date-time or unix seconds, in UTC", function () {
    expect(parseTimeMove({ days: "", hours: "", to: "2030-01-01" })).to.deep.equal({
      to: new Date("2030-01-01T00:00:00Z"),
    });
    expect(parseTimeMove({ days: "", hours: "", to: "2030-01-01T12:30:00Z" })).to.deep.equal({
      to: new Date("2030-01-01T12:30:00Z"),
    });
    expect(parseTimeMove({ days: "", hours: "", to: "1893456000" })).to.deep.equal({
      to: new Date("2030-01-01T00:00:00Z"),
    });
  });

  it("refuses both ways at once, neither, zero, fractions and words, with one sentence", async function () {
    const cases: [{ days: string; hours: string; to: string }, string][] = [
      [
        { days: "1", hours: "", to: "2030-01-01" },
        "Move time one way only: --days/--hours to move forward by a duration, or --to <date>.",
      ],
      [
        { days: "", hours: "", to: "" },
        "Say how far to move time: --days <n> and/or --hours <n>, or --to <date>.",
      ],
      [
        { days: "0", hours: "0", to: "" },
        "Moving time by zero does nothing: pass --days or --hours with more than zero.",
      ],
      [{ days: "1.5", hours: "", to: "" }, '--days "1.5" is not a whole number of days.'],
      [{ days: "", hours: "-2", to: "" }, '--hours "-2" is not a whole number of hours.'],
      [
        { days: "", hours: "", to: "next week" },
        'The target time (--to) "next week" is not a date; write it as 2027-12-31, ' +
          "2027-12-31T12:00:00Z or unix seconds.",
      ],
    ];
    for (const [given, sentence] of cases) {
      const error = await inputError(() => parseTimeMove(given));
      expect(error.code, JSON.stringify(given)).to.equal("SC102");
      expect(error.shortMessage).to.equal(sentence);
    }
  });

  it("says a duration largest units first, leaving zero parts out", function () {
    expect(duration(273_600n)).to.equal("3 days 4 hours");
    expect(duration(86_400n)).to.equal("1 day");
    expect(duration(3_661n)).to.equal("1 hour 1 minute 1 second");
    expect(duration(0n)).to.equal("0 seconds");
  });
});

describe("local:mine --blocks", function () {
  it("reads a whole number of blocks, 1 when empty", function () {
    expect(parseBlocks("")).to.equal(1);
    expect(parseBlocks(" 65 ")).to.equal(65);
    expect(parseBlocks(String(MAX_BLOCKS))).to.equal(1_000_000);
  });

  it("refuses zero, too many, fractions and words with one sentence", async function () {
    for (const input of ["0", "1000001", "2.5", "-1", "ten"]) {
      const error = await inputError(() => parseBlocks(input));
      expect(error.code).to.equal("SC126");
      expect(error.shortMessage).to.equal(
        `--blocks "${input}" is not a whole number of blocks from 1 to 1,000,000.`,
      );
    }
  });
});

describe("local:token arguments", function () {
  it("reads <to> as an address (checksummed) or an account index", function () {
    expect(parseRecipient("0x70997970c51812dc3a010c7d01b50e0d17dc79c8")).to.equal(
      "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    );
    expect(parseRecipient(" 3 ")).to.equal("3");
  });

  it("refuses a missing or malformed <to>", async function () {
    const missing = await inputError(() => parseRecipient(" "));
    expect(missing.code).to.equal("SC100");
    expect(missing.shortMessage).to.equal(
      "Name the account to mint to: an address or an account index of the node.",
    );
    const malformed = await inputError(() => parseRecipient("0x1234"));
    expect(malformed.code).to.equal("SC100");
    expect(malformed.shortMessage).to.equal(
      'The <to> address "0x1234" is not an Ethereum address (0x followed by 40 hex digits).',
    );
  });

  it("reads --amount in token units into the smallest unit", function () {
    expect(parseMintAmount("10000", 6)).to.equal(10_000_000_000n);
    expect(parseMintAmount("1250.5", 6)).to.equal(1_250_500_000n);
    expect(parseMintAmount("0.000001", 6)).to.equal(1n);
  });

  it("refuses a missing, zero, malformed or too precise --amount", async function () {
    const cases: [string, string][] = [
      ["", "The amount to mint is missing: pass --amount <token units> (e.g. --amount 10000)."],
      ["0.0", "Minting zero does nothing: pass --amount with more than zero."],
      [
        "1,000",
        'The amount to mint (--amount) "1,000" is not an amount in token units: write digits ' +
          "with an optional decimal point, such as 12500.50 (no sign, no thousands separators).",
      ],
      [
        "1.0000001",
        "The amount to mint (--amount) 1.0000001 has 7 decimals; the token has only 6.",
      ],
    ];
    for (const [input, sentence] of cases) {
      const error = await inputError(() => parseMintAmount(input, 6));
      expect(error.code, input).to.equal("SC106");
      expect(error.shortMessage).to.equal(sentence);
    }
  });

  it("records the test stablecoin beside the address books, not among them", function () {
    expect(tokenRecordFile("/x/deployments", 31337n)).to.equal(
      "/x/deployments/local/test-token-chain-31337.json",
    );
  });
});

describe("local chain detection", function () {
  /** A provider that answers only `methods`, each with its result. */
  function answering(methods: Record<string, unknown>) {
    const asked: string[] = [];
    return {
      asked,
      request: async ({ method }: { method: string }) => {
        asked.push(method);
        if (!(method in methods)) throw new Error(`the method ${method} does not exist`);
        return methods[method];
      },
    };
  }

  it("takes a node answering hardhat_metadata for Hardhat's, or anvil's by its client", async function () {
    expect(
      await localNodeKind(answering({ hardhat_metadata: { clientVersion: "edr/0.3.8/revm" } })),
    ).to.equal("hardhat");
    expect(
      await localNodeKind(answering({ hardhat_metadata: { clientVersion: "anvil/v1.7.1" } })),
    ).to.equal("anvil");
  });

  it("takes a node answering only anvil_nodeInfo for anvil", async function () {
    expect(await localNodeKind(answering({ anvil_nodeInfo: {} }))).to.equal("anvil");
  });

  it("refuses a node answering neither, after asking only those two read methods", async function () {
    const provider = answering({ eth_chainId: "0x7a69" });
    expect(await localNodeKind(provider)).to.equal(undefined);
    expect(provider.asked).to.deep.equal(["hardhat_metadata", "anvil_nodeInfo"]);
  });
});
