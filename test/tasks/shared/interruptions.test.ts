import { expect } from "chai";
import { PassThrough } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import { stripVTControlCharacters } from "node:util";
import { ask, interruptionHandlers, type Terminal } from "../../../tasks/shared/interruptions.js";
import type { HookContext } from "hardhat/types/hooks";
import { InputError } from "../../../src/index.js";

/**
 * A terminal of streams: what is typed goes in `typed`, and `shown()` is what it showed so far,
 * without the cursor moves of a TTY.
 */
function fakeTerminal(tty: boolean): {
  terminal: Terminal;
  typed: PassThrough;
  shown: () => Promise<string>;
} {
  const typed = Object.assign(new PassThrough(), { isTTY: tty });
  const output = new PassThrough();
  let text = "";
  output.on("data", (chunk: Buffer) => (text += chunk.toString()));
  const shown = async () => {
    await nextTurn(); // the stream hands on its last write in a later turn
    return stripVTControlCharacters(text);
  };
  return { terminal: { input: typed, output }, typed, shown };
}

const CONTEXT = {} as HookContext;
const never = () => Promise.reject(new Error("next must not be called"));

describe("Hardhat's questions on stderr (tasks/shared/interruptions.ts)", function () {
  it("asks for a secret on the terminal given, without echoing what is typed", async function () {
    const { terminal, typed, shown } = fakeTerminal(true);
    const answer = ask(terminal, "[hardhat-keystore] Enter the password: ", true);
    typed.write("hunter2\r");
    expect(await answer).to.equal("hunter2");
    expect(await shown()).to.equal("[hardhat-keystore] Enter the password: \n");
  });

  it("shows what is typed for a question that is not secret", async function () {
    const { terminal, typed, shown } = fakeTerminal(true);
    const answer = ask(terminal, "Continue? ", false);
    typed.write("yes\r");
    expect(await answer).to.equal("yes");
    expect(await shown())
      .to.include("Continue? ")
      .and.include("yes");
  });

  it("reads a line from a pipe, as a script that feeds the password does", async function () {
    const { terminal, typed, shown } = fakeTerminal(false);
    const answer = ask(terminal, "[hardhat-keystore] Enter the password: ", true);
    typed.end("from-a-pipe\n");
    expect(await answer).to.equal("from-a-pipe");
    expect(await shown()).to.equal("[hardhat-keystore] Enter the password: \n");
  });

  it("refuses with a sentence when the input ends before an answer, instead of waiting forever", async function () {
    const { terminal, typed, shown } = fakeTerminal(false);
    const answer = ask(terminal, "[hardhat-keystore] Enter the password: ", true);
    typed.end();
    const error = await answer.then(
      () => expect.fail("answered"),
      (refusal: unknown) => refusal,
    );
    expect(error).to.be.instanceOf(InputError);
    expect((error as InputError).shortMessage).to.equal(
      'No answer to "[hardhat-keystore] Enter the password": the input ended first.',
    );
    expect(await shown()).to.equal("[hardhat-keystore] Enter the password: \n");
  });

  it("prefixes the plugin that interrupts, and answers without Hardhat's default (stdout)", async function () {
    const { terminal, typed, shown } = fakeTerminal(false);
    const handlers = interruptionHandlers(terminal);
    await handlers.displayMessage!(CONTEXT, "hardhat-keystore", "Unlocking the keystore", never);
    const secret = handlers.requestSecretInput!(
      CONTEXT,
      "hardhat-keystore",
      "Enter the password",
      never,
    );
    typed.write("pw\n");
    expect(await secret).to.equal("pw");
    const input = handlers.requestInput!(CONTEXT, "hardhat-ignition", "Confirm", never);
    typed.write("y\n");
    expect(await input).to.equal("y");
    expect(await shown()).to.equal(
      "[hardhat-keystore] Unlocking the keystore\n" +
        "[hardhat-keystore] Enter the password: \n" +
        "[hardhat-ignition] Confirm: ",
    );
  });
});
