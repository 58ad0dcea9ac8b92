/**
 * Hardhat's questions to the user, the keystore's password above all, on stderr instead of
 * stdout: a task's stdout holds only its result, so that `--json` prints one JSON document on a
 * network whose key is in the keystore too. What is typed for a secret is never echoed.
 * Registered as the `userInterruptions` hook handlers of the suite's plugin (hardhat.config.ts).
 */
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import type { UserInterruptionHooks } from "hardhat/types/hooks";
import { InputError, InputErrorCode } from "../../src/core/errors.js";

/** Where the questions go and the answers come from: the terminal, or a test's streams. */
export type Terminal = { input: NodeJS.ReadableStream & { isTTY?: boolean }; output: Writable };

/**
 * Writes `question` on the terminal's output and resolves to the line typed; with `secret`, the
 * typed characters are not echoed (the line break that ends them is) nor kept in a history.
 * Refuses, with a sentence, when the input ends (or Ctrl-C, Ctrl-D) before a line: a command run
 * with its input closed stops instead of waiting forever.
 */
export function ask(terminal: Terminal, question: string, secret: boolean): Promise<string> {
  let muted = false;
  // readline echoes what is typed through its output: this one drops the echo of a secret.
  const echo = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) terminal.output.write(chunk);
      done();
    },
  });
  const reader = createInterface({
    input: terminal.input,
    output: echo,
    terminal: terminal.input.isTTY === true,
    historySize: 0,
  });
  return new Promise((resolve, reject) => {
    let answered = false;
    reader.once("close", () => {
      if (answered) return;
      terminal.output.write("\n");
      reject(
        new InputError(
          InputErrorCode.MissingSigner,
          `No answer to "${question.trim().replace(/:$/, "")}": the input ended first.`,
        ),
      );
    });
    reader.question(question, (answer) => {
      answered = true;
      reader.close();
      if (secret) terminal.output.write("\n");
      resolve(answer);
    });
    muted = secret;
  });
}

/** The handlers, on `terminal`: each prefixes the plugin that interrupts, as Hardhat's do. */
export function interruptionHandlers(terminal: Terminal): Partial<UserInterruptionHooks> {
  return {
    displayMessage: async (_context, interruptor, message) => {
      terminal.output.write(`[${interruptor}] ${message}\n`);
    },
    requestInput: (_context, interruptor, description) =>
      ask(terminal, `[${interruptor}] ${description}: `, false),
    requestSecretInput: (_context, interruptor, description) =>
      ask(terminal, `[${interruptor}] ${description}: `, true),
  };
}

export default async (): Promise<Partial<UserInterruptionHooks>> =>
  interruptionHandlers({ input: process.stdin, output: process.stderr });
