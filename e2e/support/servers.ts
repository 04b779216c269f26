import { execFileSync, spawn } from "node:child_process";
import { removeInstanceObjects } from "../../sandbox-runner/test/remove-instance";
import type { ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The real services the end-to-end tests drive: the sandbox runner (from
 * source, instance quai-e2e) and the built site under its own server
 * (site-server/dist/main.js, as `npm start` runs it), each on its own port
 * so they never meet a developer's runner or site.
 */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const INSTANCE = process.env.QUAI_E2E_INSTANCE ?? "quai-e2e";
export const SECRET = "e2e-secret-0123456789abcdef";
/** The e2e site's trainers: « admin » (sees every workshop) and « autre », another trainer. */
export const TRAINER_PASSWORD = "e2e-formateur-mot-de-passe";
export const OTHER_TRAINER = { name: "autre", password: "e2e-autre-mot-de-passe" };
export const TRAINER_ENV = { QUAI_TRAINER_PASSWORD: TRAINER_PASSWORD, QUAI_TRAINERS: `${OTHER_TRAINER.name}:${OTHER_TRAINER.password}` };
export const RUNNER_PORT = Number(process.env.QUAI_E2E_RUNNER_PORT ?? 4310);
export const SITE_PORT = Number(process.env.QUAI_E2E_SITE_PORT ?? 3310);
export const SITE_URL = `http://localhost:${SITE_PORT}`;
/** A second site on the same runner, which a test may stop and start again (reconnect.test.ts). */
export const SPARE_SITE_PORT = SITE_PORT + 2;
export const RUNNER_URL = `http://127.0.0.1:${RUNNER_PORT}`;

/** Removes every Docker object of the e2e instance (labels set by the runner), and nothing else. */
export function removeE2eObjects(instance = INSTANCE): void {
  removeInstanceObjects(instance, process.env.QUAI_SANDBOX_IMAGE ?? "quai/sandbox:latest");
}

/** Files whose change makes `.next` stale. */
const SOURCES = ["app", "content", "public", "proxy.ts", "next.config.js", "postcss.config.mjs", "package-lock.json", "sandbox-runner/src/protocol", "scripts/hold-next-scripts"];

function newestMtime(entry: string): number {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(entry)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, name)));
  }
  return newest;
}

const SITE_SERVER = path.join(ROOT, "site-server/dist/main.js");
const TERMINAL_KIT = path.join(ROOT, "public/_quai/terminal-kit.js");

/**
 * Builds the site unless `.next` is newer than every source (QUAI_E2E_SKIP_BUILD=1 trusts it as is),
 * and its server (a bundle made in a fraction of a second: always, unless trusted and present).
 */
export function ensureBuilt(): void {
  const buildId = path.join(ROOT, ".next/BUILD_ID");
  const trusted = process.env.QUAI_E2E_SKIP_BUILD === "1";
  if (!trusted || !existsSync(SITE_SERVER)) execFileSync("npm", ["run", "-s", "build:site-server"], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
  if (trusted && existsSync(buildId) && existsSync(TERMINAL_KIT)) return;
  const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const sources = Math.max(...SOURCES.map((s) => path.join(ROOT, s)).filter(existsSync).map(newestMtime));
  if (built > sources && existsSync(TERMINAL_KIT)) return;
  console.log(built === 0 ? "e2e: no build found, building the site…" : "e2e: sources changed since the last build, building the site…");
  // The kit, next build and its last step (scripts/hold-next-scripts): the pages as `npm run build` makes them.
  execFileSync("npm", ["run", "-s", "build:site"], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
}

export interface Service {
  child: ChildProcess;
  log: () => string;
  /** SIGTERM to the process group, then SIGKILL after 10 s: a clean stop. */
  stop: () => Promise<void>;
  /** SIGKILL to the whole process group at once, as a crash or the OOM killer would (e2e/crash.test.ts). */
  kill: () => Promise<void>;
}

/** Each service's output also goes to .data/e2e/<name>-<port>.log, to read after a failure. */
export const LOG_DIR = path.join(ROOT, ".data/e2e");

const openedLogs = new Set<string>();

function start(name: string, command: string, args: string[], env: Record<string, string>, port: number): Service {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  // Logs are private, as the rest of the data folder.
  mkdirSync(LOG_DIR, { recursive: true, mode: 0o700 });
  // A service started again in the same run (after a stop or a crash) appends: the log before the restart is the evidence.
  const logFile = path.join(LOG_DIR, `${name}-${port}.log`);
  const again = openedLogs.has(logFile);
  openedLogs.add(logFile);
  const file = createWriteStream(logFile, { mode: 0o600, flags: again ? "a" : "w" });
  if (again) file.write(`\n----- ${name} started again at ${new Date().toISOString()} -----\n`);
  let output = "";
  const keep = (chunk: Buffer) => {
    file.write(chunk);
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  // The whole process group (npx, tsx and the servers they started).
  const group = -child.pid!;
  const alive = () => {
    try {
      process.kill(group, 0);
      return true;
    } catch {
      return false;
    }
  };
  const signal = (name: NodeJS.Signals) => alive() && process.kill(group, name);
  const gone = async (withinMs: number) => {
    const deadline = Date.now() + withinMs;
    while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  };
  const killNow = async () => {
    signal("SIGKILL");
    // An exited member may linger a moment as a zombie until it is reaped.
    await gone(5_000);
    file.end();
  };
  return {
    child,
    log: () => output,
    stop: async () => {
      signal("SIGTERM");
      await gone(10_000);
      await killNow();
    },
    kill: killNow,
  };
}

export async function waitFor(url: string, service: Service, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (service.child.exitCode !== null) throw new Error(`${what} exited (${service.child.exitCode}):\n${service.log()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${what} did not answer ${url} within ${timeoutMs} ms:\n${service.log()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface Ports {
  runner: number;
  site: number;
}

const DEFAULT_PORTS: Ports = { runner: RUNNER_PORT, site: SITE_PORT };

export interface RunnerOptions {
  instance?: string;
  maxSandboxes?: number;
  /**
   * Cold starts at once (QUAI_COLD_STARTS_MAX); as many as sandboxes unless
   * said: the files' learners open pages and call the API at once, where a
   * « complet » answer would be a test's problem, not a learner's (the
   * waiting line has its own tests).
   */
  coldStarts?: number;
  /** Origins allowed besides the site's own http://localhost and 127.0.0.1 (an HTTPS proxy's address). */
  origins?: string[];
  /**
   * QUAI_ADMIT_MAX_LOAD: off unless said (the suites run on a loaded CI
   * machine, where a learner waiting for the load to drop would be a test's
   * problem); a benchmark passes the runner's default to measure it.
   */
  maxLoad?: number;
  /** Its QUAI_DATA_DIR (where it saves its state); one per test file unless given. */
  dataDir?: string;
  /**
   * QUAI_POOL_REFILL_DELAY_S: 0 unless said (the files' learners arrive back
   * to back, and a cold start instead of a warm one only slows the suite); a
   * benchmark passes the runner's default to measure it.
   */
  refillDelayS?: number;
}

let runnerDataDir: string | undefined;

/**
 * The runners' data folder, one per test file (each file loads this module
 * afresh): a runner started again in the same file (crash.test.ts) finds
 * its saved state, as after a real restart, and no file inherits another's
 * reservations.
 */
function runnerData(): string {
  return (runnerDataDir ??= mkdtempSync(path.join(tmpdir(), "quai-e2e-runner-")));
}

export function startRunner(ports: Ports = DEFAULT_PORTS, warmPool = 1, { instance = INSTANCE, maxSandboxes = 16, coldStarts = maxSandboxes, origins = [], maxLoad = 0, dataDir = runnerData(), refillDelayS = 0 }: RunnerOptions = {}): Service {
  return start("runner", "npx", ["tsx", "sandbox-runner/src/main.ts"], {
    QUAI_RUNNER_SECRET: SECRET,
    QUAI_RUNNER_PORT: String(ports.runner),
    QUAI_INSTANCE: instance,
    QUAI_WARM_POOL: String(warmPool),
    QUAI_SANDBOX_MAX: String(maxSandboxes),
    QUAI_COLD_STARTS_MAX: String(coldStarts),
    QUAI_ADMIT_MAX_LOAD: String(maxLoad),
    QUAI_POOL_REFILL_DELAY_S: String(refillDelayS),
    QUAI_DATA_DIR: dataDir,
    QUAI_LOG_LEVEL: "info",
    QUAI_ALLOWED_ORIGINS: [...[ports.site, SPARE_SITE_PORT].flatMap((port) => [`http://localhost:${port}`, `http://127.0.0.1:${port}`]), ...origins].join(","),
  }, ports.runner);
}

export interface Site extends Service {
  /** Its QUAI_DATA_DIR (a fresh temporary folder unless given). */
  dataDir: string;
}

/** The built site on its own server, as `npm start` runs it; `env` adds or overrides settings (QUAI_TRUST_PROXY…). */
export function startSite(ports: Ports = DEFAULT_PORTS, env: Record<string, string> = {}): Site {
  const dataDir = env.QUAI_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), "quai-e2e-data-"));
  const service = start("site", process.execPath, [SITE_SERVER], {
    PORT: String(ports.site),
    QUAI_RUNNER_URL: `http://127.0.0.1:${ports.runner}`,
    QUAI_RUNNER_SECRET: SECRET,
    NEXT_TELEMETRY_DISABLED: "1",
    ...TRAINER_ENV,
    ...env,
    QUAI_DATA_DIR: dataDir,
  }, ports.site);
  return { ...service, dataDir };
}

export async function warmPoolReady(timeoutMs: number, runnerUrl = RUNNER_URL, warm = 1): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const health = (await (await fetch(`${runnerUrl}/healthz`)).json()) as { warm: number };
    if (health.warm >= warm) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the e2e runner has no warm sandbox after ${timeoutMs} ms`);
}
