// A long-lived `hardhat` for the end-to-end CLI tests (test/tasks/shared/cli-harness.ts forks it).
//
// Starting `hardhat` loads Hardhat, its plugins, ethers, the SDK and the config: about 1.5 s of a
// 2-core machine's time, against some 20 ms for the command itself. The CLI tests run hundreds of
// commands per node, so this process loads all that once and runs each command the parent sends
// through Hardhat's own CLI entry (`main`, the function `hardhat` itself calls): the same argument
// parsing, help, error printing and exit code, in a process whose environment is the command's
// (the parent starts another one for another environment).
//
// The parent sends { args }, one at a time; this answers with { stream, text } for everything the
// command writes, then { code }. A command that crashes or hangs takes this process with it, as
// it would the real `hardhat`: the parent sees the exit (or kills it after its timeout).
import path from "node:path";
import { pathToFileURL } from "node:url";

// As the `hardhat` binary does before it loads Hardhat: a stack trace (printed on a CI machine, or
// with --show-stack-traces) then names Hardhat's TypeScript sources, as the real command's does.
process.setSourceMapsEnabled(true);

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
// Hardhat exports neither: `main` is what its `hardhat` binary runs, and the global runtime
// environment must be reset before each run, as Hardhat's own tests do.
const internal = (file) =>
  import(pathToFileURL(path.join(ROOT, "node_modules/hardhat/dist/src/internal", file)).href);
const { main } = await internal("cli/main.js");
const { resetGlobalHardhatRuntimeEnvironment } = await internal("global-hre-instance.js");

let first = true;

/** Runs `hardhat <args>`, sending what it writes to the parent as it writes it. */
async function run(args) {
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  for (const stream of ["stdout", "stderr"]) {
    process[stream].write = (chunk, encoding, callback) => {
      const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
      process.send({ stream, text });
      const done = typeof encoding === "function" ? encoding : callback;
      if (typeof done === "function") done();
      return true;
    };
  }
  // `main` adds an uncaught-error listener of its own on each run (it exits the process, as a
  // crash of the real command does): the ones of earlier runs are taken away after each.
  const listenersBefore = {
    uncaughtException: process.listeners("uncaughtException"),
    unhandledRejection: process.listeners("unhandledRejection"),
  };
  process.exitCode = undefined;
  resetGlobalHardhatRuntimeEnvironment();
  try {
    await main(args, { registerTsx: first });
    first = false;
  } finally {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
    for (const [event, before] of Object.entries(listenersBefore)) {
      for (const listener of process.listeners(event)) {
        if (!before.includes(listener)) process.off(event, listener);
      }
    }
  }
  const code = typeof process.exitCode === "number" ? process.exitCode : 0;
  process.exitCode = undefined;
  process.send({ code });
}

process.on("message", ({ args }) => void run(args));
// The tests are over (or the parent died): nothing more will come.
process.on("disconnect", () => process.exit(0));
