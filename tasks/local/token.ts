import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { TransactionReceipt, TransactionResponse } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { InputError, InputErrorCode, toAddress, type TxResult } from "../../src/index.js";
import { deploymentsDir, pickSigner, runTask } from "../shared/context.js";
import { formatMoney, formatTx } from "../shared/format.js";
import { printJson } from "../shared/print.js";
import { confirmedLine, sentLine } from "../shared/progress.js";
import { parseMintAmount, parseRecipient } from "./args.js";
import { connectLocal, type LocalContext, localSigner } from "./common.js";

/** The test stablecoin `local:token` deploys: the repo's StablecoinMock (6 decimals, open mint). */
export const TEST_TOKEN = {
  contract: "StablecoinMock",
  name: "USD Coin (local test)",
  symbol: "USDC",
  decimals: 6,
} as const;

/**
 * Where `local:token` records the test stablecoin it deployed on chain `chainId`:
 * `<deployments>/local/test-token-chain-<chainId>.json`, beside (not among) the address books,
 * so that it is never shipped with them.
 */
export function tokenRecordFile(dir: string, chainId: bigint): string {
  return path.join(dir, "local", `test-token-chain-${chainId}.json`);
}

/**
 * The record of a deployed test stablecoin: its address, and the block it was deployed in by
 * number and hash, which tell whether the chain is still the one it was deployed on (a restarted
 * node starts a new chain with the same id).
 */
export type TokenRecord = {
  chainId: number;
  address: string;
  name: string;
  symbol: string;
  decimals: number;
  blockNumber: number;
  blockHash: string;
};

/** Reads the record of `file`; undefined when there is none or it cannot be read. */
async function readRecord(file: string): Promise<TokenRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(file, "utf8")) as Partial<TokenRecord>;
    if (typeof record.address !== "string" || typeof record.blockHash !== "string") {
      return undefined;
    }
    if (typeof record.blockNumber !== "number") return undefined;
    return record as TokenRecord;
  } catch {
    return undefined;
  }
}

/** Whether the recorded token is on this chain: its block is there, and so is its code. */
async function isLive(context: LocalContext, record: TokenRecord): Promise<boolean> {
  const block = await context.ethers.provider.getBlock(record.blockNumber);
  if (block === null || block.hash !== record.blockHash) return false;
  return (await context.ethers.provider.getCode(record.address)) !== "0x";
}

/** The token `local:token` minted, as printed. */
export type TokenSummary = { address: string; name: string; symbol: string; decimals: number };

/**
 * What `local:token` did. `tx` is the mint; `deployTx` is there only when the token was
 * deployed by this command (and recorded in `record`).
 */
export type MintResult = {
  token: TokenSummary;
  deployed: boolean;
  record: string | null;
  to: string;
  amount: bigint;
  balance: bigint;
  tx: TxResult;
  deployTx?: TxResult;
};

/** A mined transaction's hash, block and gas. */
function txResult(receipt: { hash: string; blockNumber: number; gasUsed: bigint }): TxResult {
  return { hash: receipt.hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed };
}

/**
 * Waits for `response` to be mined, writing on stderr the lines every task writes for its
 * transactions: its hash as soon as it is sent, then its confirmation (one: a local chain mines
 * each transaction as it comes). `what` names it: `new StablecoinMock`, `StablecoinMock.mint`.
 */
async function mined(response: TransactionResponse, what: string): Promise<TransactionReceipt> {
  const sent = {
    hash: response.hash,
    from: response.from,
    to: response.to ?? "",
    contract: what,
    method: undefined,
    confirmations: 1,
  };
  process.stderr.write(`${sentLine(sent)}\n`);
  const receipt = await response.wait();
  if (receipt === null) {
    throw new InputError(
      InputErrorCode.MissingProvider,
      `The transaction ${response.hash} was dropped.`,
    );
  }
  const confirmed = { ...sent, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed };
  process.stderr.write(`${confirmedLine({ ...confirmed, confirmed: 1 })}\n`);
  return receipt;
}

/**
 * `local:token`: mints `--amount` (in token units) of a test stablecoin to `<to>` on a local
 * chain. Without `--token`, the stablecoin is the repo's StablecoinMock that this command deployed
 * on the chain before (recorded under `<deployments>/local/`), deployed now and recorded when
 * there is none yet or the node was restarted since; with `--token`, more of an existing token
 * with an open `mint(address,uint256)`.
 */
export default function mintTestToken(
  args: { to: string; amount: string; token: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const recipient = parseRecipient(args.to);
    const given = args.token.trim() === "" ? undefined : toAddress(args.token, "--token address");
    // The amount's form before connecting; for the test stablecoin its decimals too, since it may
    // have to be deployed first (another token's decimals are read from it below).
    parseMintAmount(args.amount, given === undefined ? TEST_TOKEN.decimals : 77);
    const context = await connectLocal(hre, "local:token");
    const signers = await context.ethers.getSigners();
    const signer = await localSigner(context, args.from);
    const to = /^\d+$/.test(recipient)
      ? pickSigner(signers, recipient, context.networkName).address
      : recipient;

    let address: string;
    let deployTx: TxResult | undefined;
    let record: string | null = null;
    if (given !== undefined) {
      if ((await context.ethers.provider.getCode(given)) === "0x") {
        throw new InputError(
          InputErrorCode.MissingDeployment,
          `No contract is at the token address ${given} on chain ${context.chainId}: pass the ` +
            "address of a test token, or leave --token out to use the test stablecoin.",
        );
      }
      address = given;
    } else {
      const file = tokenRecordFile(deploymentsDir(hre), context.chainId);
      const existing = await readRecord(file);
      if (existing !== undefined && (await isLive(context, existing))) {
        address = existing.address;
      } else {
        const deployed = await context.ethers.deployContract(
          TEST_TOKEN.contract,
          [TEST_TOKEN.name, TEST_TOKEN.symbol],
          signer,
        );
        const sent = deployed.deploymentTransaction();
        if (sent === null) {
          throw new InputError(InputErrorCode.MissingProvider, "The deployment was not sent.");
        }
        const receipt = await mined(sent, `new ${TEST_TOKEN.contract}`);
        address = await deployed.getAddress();
        deployTx = txResult(receipt);
        const entry: TokenRecord = {
          chainId: Number(context.chainId),
          address,
          name: TEST_TOKEN.name,
          symbol: TEST_TOKEN.symbol,
          decimals: TEST_TOKEN.decimals,
          blockNumber: receipt.blockNumber,
          blockHash: receipt.blockHash,
        };
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, `${JSON.stringify(entry, null, 2)}\n`);
        record = file;
      }
    }

    const token = await context.ethers.getContractAt(TEST_TOKEN.contract, address, signer);
    let summary: TokenSummary;
    try {
      summary = {
        address,
        name: String(await token.getFunction("name")()),
        symbol: String(await token.getFunction("symbol")()),
        decimals: Number(await token.getFunction("decimals")()),
      };
    } catch {
      throw new InputError(
        InputErrorCode.UnsupportedToken,
        `The contract at ${address} is not an ERC-20 token (it reports no name, symbol or ` +
          "decimals).",
      );
    }
    const amount = parseMintAmount(args.amount, summary.decimals);
    const mint = token.getFunction("mint");
    try {
      await mint.staticCall(to, amount);
    } catch {
      throw new InputError(
        InputErrorCode.UnsupportedToken,
        `The token ${summary.symbol} at ${address} does not let ${signer.address} mint: ` +
          "local:token mints only tokens with an open mint(address,uint256), such as the test " +
          "stablecoin.",
      );
    }
    const receipt = await mined(
      await mint(to, amount),
      `${given === undefined ? TEST_TOKEN.contract : address}.mint`,
    );
    const balance = (await token.getFunction("balanceOf")(to)) as bigint;
    const result: MintResult = {
      token: summary,
      deployed: deployTx !== undefined,
      record,
      to,
      amount,
      balance,
      tx: txResult(receipt),
      ...(deployTx !== undefined && { deployTx }),
    };
    if (args.json) return printJson(result);
    if (deployTx !== undefined) {
      console.log(
        formatTx(
          `Deployed the test stablecoin ${summary.name} (${summary.symbol}, ${summary.decimals} ` +
            `decimals) at ${address}, recorded in ${record}`,
          deployTx,
        ),
      );
    }
    console.log(
      formatTx(
        `Minted ${formatMoney(amount, summary)} to ${to}, which now holds ${formatMoney(balance, summary)}`,
        result.tx,
      ),
    );
  });
}
