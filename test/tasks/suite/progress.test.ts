import { expect } from "chai";
import { withIgnitionProgress } from "../../../tasks/suite/deploy.js";

/** Runs `action` with stdout and stderr recorded; returns what each received. */
async function recorded(
  action: () => Promise<unknown>,
): Promise<{ stdout: string; stderr: string; error: unknown }> {
  const out = { stdout: "", stderr: "" };
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  const recorder = (key: "stdout" | "stderr") =>
    ((chunk: string | Uint8Array) => {
      out[key] += String(chunk);
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = recorder("stdout");
  process.stderr.write = recorder("stderr");
  let error: unknown;
  try {
    await action();
  } catch (caught) {
    error = caught;
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
  }
  return { ...out, error };
}

describe("suite:deploy: Ignition's progress", function () {
  it("goes to stderr on a chain that is not local, and stdout is restored after", async function () {
    const { stdout, stderr } = await recorded(async () => {
      const result = await withIgnitionProgress(false, async () => {
        console.log("Batch #1");
        return 7;
      });
      expect(result).to.equal(7);
      console.log("ParticipantRegistry: 0x…");
    });
    expect(stderr).to.equal("Batch #1\n");
    expect(stdout).to.equal("ParticipantRegistry: 0x…\n");
  });

  it("restores stdout when the deployment fails", async function () {
    const failure = new Error("deployment failed");
    const { stdout, stderr, error } = await recorded(async () => {
      try {
        await withIgnitionProgress(false, async () => {
          console.log("Batch #1");
          throw failure;
        });
      } finally {
        console.log("after");
      }
    });
    expect(error).to.equal(failure);
    expect(stderr).to.equal("Batch #1\n");
    expect(stdout).to.equal("after\n");
  });

  it("leaves stdout alone on a local chain", async function () {
    const { stdout, stderr } = await recorded(() =>
      withIgnitionProgress(true, async () => console.log("local")),
    );
    expect(stdout).to.equal("local\n");
    expect(stderr).to.equal("");
  });
});
