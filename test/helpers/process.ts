/** Child processes of the tests and scripts: a command run to its end, as a user runs it. */
import { execFile } from "node:child_process";

/** What a command printed, and its exit code (-1 when it was killed or could not start). */
export type Run = { code: number; stdout: string; stderr: string };

export type RunOptions = {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Killed after this many milliseconds; 240 s by default. */
  timeout?: number;
  /** The most it may print on stdout or stderr, in bytes; Node's 1 MiB by default. */
  maxBuffer?: number;
};

/** Runs `file` with `args` to its end; never throws on a non-zero exit. */
export function runProcess(
  file: string,
  args: readonly string[],
  options: RunOptions,
): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        timeout: options.timeout ?? 240_000,
        ...(options.maxBuffer === undefined ? {} : { maxBuffer: options.maxBuffer }),
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
