import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import WebSocket from "ws";
import { loadConfig, type RunnerConfig } from "../../src/config.js";
import { startRunner } from "../../src/main.js";
import { removeInstanceObjects } from "../remove-instance.js";
import {
  ACK_EVERY,
  decodeServerFrame,
  encodeAck,
  encodeInput,
  encodeResize,
  type ControlMessage,
} from "../../src/protocol/index.js";

export const SECRET = "integration-secret-0123456789";
export const ORIGIN = "http://localhost:3000";
/** A separate instance name keeps tests away from a playground running on the same engine. */
export const INSTANCE = process.env.QUAI_TEST_INSTANCE ?? "quai-itest";

/**
 * The runners' data folder (their saved state), one per test file: a runner
 * started again in the same file finds what the last one saved, as after a
 * real restart; another file, or the next run, starts afresh.
 */
export const DATA_DIR = mkdtempSync(path.join(tmpdir(), "quai-itest-data-"));

/**
 * Removes DATA_DIR; the integration project's setup file (cleanup.ts) calls
 * it after each file's last test. Not registered here: bench:sandbox imports
 * this harness outside vitest, where `afterAll` throws.
 */
export function removeDataDir(): void {
  rmSync(DATA_DIR, { recursive: true, force: true });
}

export function testConfig(overrides: Record<string, string> = {}): RunnerConfig {
  return loadConfig({
    QUAI_RUNNER_SECRET: SECRET,
    QUAI_RUNNER_PORT: "0",
    QUAI_INSTANCE: INSTANCE,
    QUAI_DATA_DIR: DATA_DIR,
    QUAI_WARM_POOL: "0",
    // The tests share a busy machine; admission by load has its own test.
    QUAI_ADMIT_MAX_LOAD: "0",
    QUAI_LOG_LEVEL: process.env.QUAI_TEST_LOG ?? "silent",
    // A developer may point the tests at another cache or sandbox image.
    ...pick(process.env, ["QUAI_CACHE_VOLUME", "QUAI_CACHE_IMAGE", "QUAI_SANDBOX_IMAGE"]),
    ...overrides,
  });
}

function pick(env: NodeJS.ProcessEnv, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.filter((k) => env[k]).map((k) => [k, env[k]!]));
}

export type Runner = Awaited<ReturnType<typeof startRunner>>;

export async function runner(overrides: Record<string, string> = {}): Promise<Runner & { api: Api }> {
  const r = await startRunner(testConfig(overrides));
  return Object.assign(r, { api: new Api(`http://127.0.0.1:${r.port}`) });
}

export class Api {
  constructor(readonly base: string) {}
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test client reading arbitrary JSON answers
  async call(method: string, path: string, body?: unknown, secret = SECRET): Promise<{ status: number; json: any }> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  }
  async sandbox(owner: string): Promise<{ id: string; token: string }> {
    const { status, json } = await this.call("POST", "/v1/sandboxes", { owner });
    if (status !== 200) throw new Error(`acquire failed: ${status} ${JSON.stringify(json)}`);
    return { id: json.sandbox.id, token: json.token };
  }
  async exec(id: string, command: string, timeoutMs = 60_000) {
    const { status, json } = await this.call("POST", `/v1/sandboxes/${id}/exec`, { command, timeoutMs });
    if (status !== 200) throw new Error(`exec failed: ${status} ${JSON.stringify(json)}`);
    return json as { exitCode: number; stdout: string; stderr: string; timedOut: boolean; truncated: boolean; durationMs: number };
  }
}

/** Names of every Docker object of the test instance, to prove cleanups. */
export function leftovers(): string[] {
  const run = (args: string[]) => execFileSync("docker", args, { encoding: "utf8" }).split("\n").filter(Boolean);
  const label = `label=quai.instance=${INSTANCE}`;
  // The instance's disk pool (one volume for every sandbox) outlives any one
  // sandbox: what must be gone is a removed sandbox's own disk file in it.
  const volumes = run(["volume", "ls", "--filter", label, "--format", '{{.Name}} {{.Label "quai.role"}}'])
    .filter((line) => !line.endsWith(" disks"))
    .map((line) => `volume ${line.split(" ")[0]}`);
  const sandboxes = new Set(run(["ps", "-a", "--filter", label, "--format", '{{.Label "quai.sandbox"}}']));
  let disks: string[] = [];
  try {
    disks = run(["exec", `${INSTANCE}-disks`, "sh", "-c", "ls /disks"])
      .filter((name) => name.endsWith(".img") && !sandboxes.has(name.slice(0, -4)))
      .map((name) => `disk ${name}`);
  } catch {
    // No disk helper running: no disk file can be attached either.
  }
  return [
    ...run(["ps", "-a", "--filter", label, "--filter", "label=quai.role=sandbox", "--format", "container {{.Names}}"]),
    ...volumes,
    ...disks,
    ...run(["network", "ls", "--filter", label, "--format", "network {{.Name}}"]),
  ];
}

export function removeAllTestObjects(): void {
  removeInstanceObjects(INSTANCE, testConfig().QUAI_SANDBOX_IMAGE);
}

// eslint-disable-next-line no-control-regex -- matching terminal escape sequences is the point
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\r/g;

export function stripAnsi(s: string): string {
  return s.replace(ANSI, "");
}

/**
 * A terminal client that behaves like the browser: acknowledges output as it
 * "processes" it and keeps the byte offset for reconnects.
 */
export class TermClient {
  ws!: WebSocket;
  offset = 0;
  private acked = 0;
  text = "";
  controls: ControlMessage[] = [];
  closeCode: number | null = null;
  autoAck = true;
  private waiters: Array<() => void> = [];

  static async open(base: string, sandboxId: string, terminalId: string, token: string, opts: { from?: number; origin?: string; cols?: number; rows?: number } = {}): Promise<TermClient> {
    const c = new TermClient();
    await c.connect(base, sandboxId, terminalId, token, opts);
    return c;
  }

  connect(base: string, sandboxId: string, terminalId: string, token: string, opts: { from?: number; origin?: string; cols?: number; rows?: number } = {}): Promise<void> {
    const url = `${base.replace("http", "ws")}/v1/sandboxes/${sandboxId}/terminals/${terminalId}?token=${encodeURIComponent(token)}&offset=${opts.from ?? 0}&cols=${opts.cols ?? 80}&rows=${opts.rows ?? 24}`;
    this.closeCode = null;
    this.ws = new WebSocket(url, { headers: { origin: opts.origin ?? ORIGIN } });
    this.ws.binaryType = "nodebuffer";
    this.ws.on("message", (data: Buffer) => this.onFrame(data));
    this.ws.on("close", (code) => {
      this.closeCode = code;
      this.notify();
    });
    return new Promise((resolve, reject) => {
      this.ws.once("open", () => resolve());
      this.ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      this.ws.once("error", reject);
    });
  }

  private onFrame(data: Buffer): void {
    const frame = decodeServerFrame(new Uint8Array(data));
    if (frame.type === "control") {
      this.controls.push(frame.message);
      if (frame.message.t === "ready") this.offset = frame.message.offset;
    } else {
      if (frame.offset !== this.offset) throw new Error(`offset jump: expected ${this.offset}, got ${frame.offset}`);
      this.offset += frame.data.byteLength;
      this.text += Buffer.from(frame.data).toString("utf8");
      if (this.text.length > 200_000) this.text = this.text.slice(-100_000);
      if (this.autoAck && this.offset - this.acked >= ACK_EVERY) this.ack();
      else if (this.autoAck) setImmediate(() => this.ack());
    }
    this.notify();
  }

  ack(): void {
    if (this.offset > this.acked && this.ws.readyState === WebSocket.OPEN) {
      this.acked = this.offset;
      this.ws.send(encodeAck(this.offset));
    }
  }

  private notify(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  type(s: string): void {
    this.ws.send(encodeInput(s));
  }

  resize(cols: number, rows: number): void {
    this.ws.send(encodeResize(cols, rows));
  }

  /** Waits until `predicate` holds, re-checked after every frame. */
  async until(predicate: () => boolean, timeoutMs = 15_000, what = "condition"): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; last output: ${JSON.stringify(this.plain.slice(-400))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** The output as a person reads it: colours and terminal modes stripped. */
  get plain(): string {
    return stripAnsi(this.text);
  }

  untilText(re: RegExp, timeoutMs?: number): Promise<void> {
    return this.until(() => re.test(this.plain), timeoutMs, String(re));
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once("close", () => resolve());
      this.ws.close();
    });
  }
}

let marker = 0;

/**
 * Runs one command line in a terminal as a learner types it, and returns
 * what it printed and its exit status (read from a marker echoed after it).
 */
export async function shell(term: TermClient, command: string, timeoutMs = 60_000): Promise<{ out: string; code: number }> {
  const tag = `__quai_done_${++marker}_${Date.now()}`;
  const start = term.plain.length;
  term.type(`${command}; echo "${tag}:$?"\r`);
  const done = new RegExp(`\\n${tag}:(\\d+)`);
  await term.until(() => done.test(term.plain.slice(start)), timeoutMs, `end of: ${command.slice(0, 80)}`);
  const text = term.plain.slice(start);
  const match = done.exec(text)!;
  // What the command printed starts after the shell's echo of the typed line (the last one: typed
  // while bash prepares its prompt, a line is echoed by the TTY, then again by readline).
  const echoed = text.lastIndexOf(`${tag}:$?"`, match.index);
  const from = echoed >= 0 && echoed < match.index ? text.indexOf("\n", echoed) + 1 : 0;
  return { out: text.slice(from, match.index).trim(), code: Number(match[1]) };
}

/** Keystroke-to-echo latencies (ms) of `count` single characters typed into `term`, one every `gapMs`. */
export async function echoLatencies(term: TermClient, count: number, gapMs = 40): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const ch = String.fromCharCode(97 + (i % 26));
    const before = term.text.length;
    const t0 = performance.now();
    term.type(ch);
    await term.until(() => term.text.length > before && term.text.slice(before).includes(ch), 10_000, "echo");
    times.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, gapMs));
  }
  term.type("\u0015"); // Ctrl-U: the line typed for the probe is dropped
  return times;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
