import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DATA_DIR, INSTANCE, SECRET } from "./harness.js";

/**
 * The runner as a real child process (node + tsx, as `npm start` runs it),
 * for the tests that kill it with SIGKILL (a crash, an upgrade gone wrong)
 * and start it again on the same port, data folder and engine.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export interface RunnerProcess {
  child: ChildProcess;
  /** The last 20 kB of its output (JSON log lines). */
  log: () => string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port: p } = server.address() as { port: number };
      server.close(() => resolve(p));
    });
  });
}

/** Starts a runner on `port` and waits until it answers /healthz (90 s at most). */
export async function startRunnerProcess(port: number, env: Record<string, string> = {}): Promise<RunnerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "sandbox-runner/src/main.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      QUAI_RUNNER_SECRET: SECRET,
      QUAI_RUNNER_PORT: String(port),
      QUAI_INSTANCE: INSTANCE,
      QUAI_DATA_DIR: DATA_DIR,
      QUAI_WARM_POOL: "0",
      QUAI_ADMIT_MAX_LOAD: "0",
      QUAI_LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`runner exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`runner did not answer in 90 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, log: () => output };
}

export async function kill9(r: RunnerProcess): Promise<void> {
  if (r.child.exitCode !== null || r.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => r.child.once("exit", () => resolve()));
  r.child.kill("SIGKILL");
  await exited;
}
