import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

/**
 * When QUAI_RUNNER_URL is not set, check:course brings its own sandbox runner:
 * the runner is built (`npm run -s build -w sandbox-runner`), started on a free
 * loopback port with a random secret, under its own instance name (its
 * containers and networks never mix with a running Quai's), and stopped at
 * the end. Its log goes to <data dir>/check-course-runner.log.
 */

export interface OwnRunner {
  url: string;
  secret: string;
  logFile: string;
  stop(): Promise<void>;
}

export interface OwnRunnerOptions {
  root: string;
  dataDir: string;
  /** Instance name: prefix of the runner's Docker objects. */
  instance?: string;
  readyTimeoutMs?: number;
}

const defaults = { instance: "quai-check", readyTimeoutMs: 120_000 } as const;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

export async function startOwnRunner(options: OwnRunnerOptions): Promise<OwnRunner> {
  const { root, dataDir, instance, readyTimeoutMs } = { ...defaults, ...options };
  const build = spawnSync("npm", ["run", "-s", "build", "-w", "sandbox-runner"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) throw new Error(`building the sandbox runner failed (npm run -s build -w sandbox-runner, exit ${build.status ?? build.signal})`);

  mkdirSync(dataDir, { recursive: true });
  const logFile = path.join(dataDir, "check-course-runner.log");
  const port = await freePort();
  const secret = randomBytes(24).toString("hex");
  const log = openSync(logFile, "w");
  const child: ChildProcess = spawn(process.execPath, [path.join(root, "sandbox-runner", "dist", "main.js")], {
    cwd: root,
    env: {
      ...process.env,
      QUAI_RUNNER_HOST: "127.0.0.1",
      QUAI_RUNNER_PORT: String(port),
      QUAI_RUNNER_SECRET: secret,
      QUAI_INSTANCE: instance,
      QUAI_WARM_POOL: "0",
      // One sandbox at a time, on a machine CI keeps busy: never wait for the load to drop.
      QUAI_ADMIT_MAX_LOAD: "0",
      QUAI_LOG_LEVEL: "warn",
    },
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  let exited: string | undefined;
  const gone = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exited = `exit ${code ?? signal}`;
      resolve();
    });
  });

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exited) throw new Error(`the sandbox runner stopped while starting (${exited}); end of ${logFile}:\n${tail(logFile)}`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the sandbox runner did not answer on ${url}/healthz within ${readyTimeoutMs / 1000} s; end of ${logFile}:\n${tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    url,
    secret,
    logFile,
    stop: async () => {
      if (exited) return;
      child.kill("SIGTERM");
      const killed = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await gone;
      clearTimeout(killed);
    },
  };
}
