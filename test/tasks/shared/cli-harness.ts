import { expect } from "chai";
import { anvilReadyLine, spawnAnvil, testNodeKind } from "./anvil.js";
import { BIN, ROOT } from "./cli-env.js";
import { type ChildProcess, fork, spawn } from "node:child_process";
import { type Run, runProcess } from "../../helpers/process.js";
import { rm } from "node:fs/promises";
import { createServer, type Socket } from "node:net";
import path from "node:path";
import { getAddress, JsonRpcProvider } from "ethers";
import { PROGRESS_LINE } from "../../../tasks/shared/progress.js";

/**
 * The harness of the end-to-end CLI tests: a real node on a free port (`hardhat node`, or anvil
 * with `SUITE_TEST_NODE=anvil`), and the `hardhat <args> --network localhost` runner with the
 * checks every such test makes.
 */

const HARDHAT = path.join(BIN, "hardhat");
const WORKER = path.join(ROOT, "test", "tasks", "shared", "cli-worker.mjs");
const IGNITION_DEPLOYMENTS = path.join(ROOT, "ignition", "deployments");
/** How long one command may run before it is taken for hung and killed. */
const COMMAND_TIMEOUT_MS = 60_000;

export type { Run };

/** A TCP port nobody listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address !== null
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

/** The JSON-RPC URL of a node on `port` of this machine. */
export function nodeUrl(port: number): string {
  return `http://127.0.0.1:${port}`;
}

export type CliNode = {
  url: string;
  port: number;
  /** Connected to the node; destroyed by {@link CliNode.stop}. */
  provider: JsonRpcProvider;
  /** The node's accounts, checksummed. */
  accounts(): Promise<string[]>;
  /** Destroys the provider and kills the node, waiting for it to exit. */
  stop(): Promise<void>;
};

/** Kills `child` unless it has exited, and waits for it to exit. */
async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill();
    await exited;
  }
}

/**
 * Spawns a node on `port` with `env`, and waits until it serves JSON-RPC: `hardhat node --port
 * <port>`, or anvil with the same accounts, chain id and limits when `SUITE_TEST_NODE=anvil` (in
 * `env` or, failing that, in this process's environment; see test/tasks/shared/anvil.ts).
 */
export async function startNode(port: number, env: NodeJS.ProcessEnv): Promise<CliNode> {
  const url = nodeUrl(port);
  const kind = testNodeKind({ ...process.env, ...env });
  const child =
    kind === "anvil"
      ? spawnAnvil(port, { ...process.env, ...env })
      : spawn(HARDHAT, ["node", "--port", String(port)], {
          cwd: ROOT,
          env,
          stdio: ["ignore", "pipe", "pipe"],
        });
  const ready =
    kind === "anvil" ? anvilReadyLine(port) : "Started HTTP and WebSocket JSON-RPC server";
  let nodeLog = "";
  try {
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        // Keep reading (the node logs every call; a full pipe would stall it), but only the tail.
        nodeLog = (nodeLog + chunk.toString()).slice(-20_000);
        if (nodeLog.includes(ready)) resolve();
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", onData);
      child.once("exit", (code) => reject(new Error(`${kind} node exited (${code}):\n${nodeLog}`)));
      child.once("error", reject);
    });
  } catch (error) {
    await kill(child);
    throw error;
  }

  const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true });
  return {
    url,
    port,
    provider,
    accounts: async () =>
      ((await provider.send("eth_accounts", [])) as string[]).map((a) => getAddress(a)),
    stop: async () => {
      provider.destroy();
      await kill(child);
    },
  };
}

/** Removes the Ignition journal of `deploymentId` (each test journals under its own id). */
export async function removeDeployment(deploymentId: string): Promise<void> {
  await rm(path.join(IGNITION_DEPLOYMENTS, deploymentId), { recursive: true, force: true });
}

/**
 * The node's latest block number, asked anew: ethers' `getBlockNumber` answers from a cache for
 * 250 ms, so a block mined just before (by the test itself) could be missed.
 */
export async function latestBlock(provider: JsonRpcProvider): Promise<number> {
  return Number(await provider.send("eth_blockNumber", []));
}

export type CliRunnerOptions = {
  /** The environment of the commands; read at each run, as it is set in a `before` hook. */
  env: () => NodeJS.ProcessEnv;
  /** The provider of the node; read at each refusal. */
  provider: () => JsonRpcProvider;
  /**
   * Something else a refused command must leave unchanged besides the block number: `read`
   * before and after, compared deeply, failing with `message`.
   */
  unchanged?: { read: () => Promise<unknown>; message: string };
};

export type CliRunner = {
  /** Runs `hardhat <args> --network localhost`; never throws on a non-zero exit. */
  hardhat(args: readonly string[], extraEnv?: Record<string, string>): Promise<Run>;
  /**
   * Runs a command that must succeed, and returns what it printed on stdout; stderr may hold
   * only progress lines (`PROGRESS_LINE`: a transaction sent, its confirmations).
   */
  succeeds(args: readonly string[]): Promise<string>;
  /** Runs a command that must be refused with `fragment` on stderr, and send no transaction. */
  refused(
    args: readonly string[],
    fragment: string,
    extraEnv?: Record<string, string>,
  ): Promise<void>;
};

/** `hardhat <args>` as a process of its own, as a user runs it. */
export function spawnHardhat(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return runProcess(HARDHAT, args, { cwd: ROOT, env, timeout: COMMAND_TIMEOUT_MS });
}

/** A long-lived `hardhat` (test/tasks/shared/cli-worker.mjs) and the environment it runs in. */
type Worker = { env: string; child: ChildProcess; log: string };

let worker: Worker | undefined;
let queue: Promise<unknown> = Promise.resolve();

function startWorker(env: NodeJS.ProcessEnv, key: string): Worker {
  const child = fork(WORKER, [], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe", "ipc"] });
  const started: Worker = { env: key, child, log: "" };
  // What it writes outside a command (a crash at start): kept for the failure message.
  const keep = (chunk: Buffer) => (started.log = (started.log + chunk.toString()).slice(-5_000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  // The test process may end with it still waiting for a command.
  child.unref();
  child.channel?.unref();
  for (const stream of [child.stdout, child.stderr]) (stream as Socket | null)?.unref();
  return started;
}

/** Runs one command in the worker for `env`, starting it (or a new one) as needed. */
function runInWorker(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const key = JSON.stringify(Object.entries(env).sort(([a], [b]) => a.localeCompare(b)));
  if (worker === undefined || worker.env !== key || !worker.child.connected) {
    worker?.child.kill("SIGKILL");
    worker = startWorker(env, key);
  }
  const { child } = worker;
  const current = worker;
  // A worker that crashed or hung is not given the next command, even before its exit is seen.
  const retire = () => {
    if (worker === current) worker = undefined;
  };
  return new Promise((resolve) => {
    const output = { stdout: "", stderr: "" };
    const finish = (code: number) => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve({ code, ...output });
    };
    const onMessage = (message: { stream?: "stdout" | "stderr"; text?: string; code?: number }) => {
      if (message.stream !== undefined) output[message.stream] += message.text ?? "";
      else if (message.code !== undefined) finish(message.code);
    };
    // A crash, as the real command's: its exit code, and what it wrote.
    const onExit = (code: number | null) => {
      retire();
      output.stderr += current.log;
      finish(code ?? -1);
    };
    const timer = setTimeout(() => {
      output.stderr += `\n(killed after ${COMMAND_TIMEOUT_MS / 1000} s)`;
      child.off("exit", onExit);
      retire();
      child.kill("SIGKILL");
      finish(-1);
    }, COMMAND_TIMEOUT_MS);
    child.on("message", onMessage);
    child.once("exit", onExit);
    child.send({ args });
  });
}

/**
 * Runs `hardhat <args>` with `env`: in a long-lived `hardhat` process that runs one command after
 * another through Hardhat's CLI entry (loading Hardhat, ethers and the suite once, not about 1.5 s
 * per command), or as a process of its own with `SUITE_CLI_SPAWN=1`. Commands run one at a time.
 */
export function runHardhat(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  if (process.env.SUITE_CLI_SPAWN === "1") return spawnHardhat(args, env);
  const run = queue.then(() => runInWorker(args, env));
  queue = run.catch(() => {});
  return run;
}

export function cliRunner(options: CliRunnerOptions): CliRunner {
  function hardhat(args: readonly string[], extraEnv: Record<string, string> = {}): Promise<Run> {
    return runHardhat([...args, "--network", "localhost"], { ...options.env(), ...extraEnv });
  }

  async function succeeds(args: readonly string[]): Promise<string> {
    const run = await hardhat(args);
    // Only progress lines (a transaction sent, its confirmations) may be on stderr.
    const other = run.stderr.split("\n").filter((line) => !PROGRESS_LINE.test(line));
    expect(other.join("\n"), `stderr of ${args.join(" ")}`).to.equal("");
    expect(run.code, `exit code of ${args.join(" ")}`).to.equal(0);
    return run.stdout.trimEnd();
  }

  async function refused(
    args: readonly string[],
    fragment: string,
    extraEnv: Record<string, string> = {},
  ): Promise<void> {
    const provider = options.provider();
    const blockBefore = await latestBlock(provider);
    const otherBefore = await options.unchanged?.read();
    const run = await hardhat(args, extraEnv);
    expect(run.code, `exit code of ${args.join(" ")}`).to.equal(1);
    expect(run.stderr).to.include(fragment);
    expect(run.stdout).to.equal("");
    expect(await latestBlock(provider), "no transaction was sent").to.equal(blockBefore);
    if (options.unchanged !== undefined) {
      expect(await options.unchanged.read(), options.unchanged.message).to.deep.equal(otherBefore);
    }
  }

  return { hardhat, succeeds, refused };
}
