import pino from "pino";
import { describe, expect, it } from "vitest";
import { FakeDriver } from "../driver/fake-driver.js";
import { CloseCode, decodeServerFrame, jobRequestSchema, type ServerFrame } from "../protocol/index.js";
import { SandboxManager } from "./manager.js";
import { SandboxError } from "./errors.js";

const log = pino({ level: "silent" });
const flush = () => new Promise((r) => setImmediate(r));
const BUILD = { kind: "build", chapter: "dockerfile", dockerfile: "site/Dockerfile", tag: "mon-site:1.0" } as const;

function sink() {
  const frames: ServerFrame[] = [];
  const closed: number[] = [];
  return {
    frames,
    closed,
    sink: { send: (f: Uint8Array) => void frames.push(decodeServerFrame(f)), close: (code: number) => void closed.push(code) },
    output: () => Buffer.concat(frames.filter((f) => f.type === "output").map((f) => (f as { data: Uint8Array }).data)).toString(),
    controls: () => frames.filter((f) => f.type === "control").map((f) => (f as { message: unknown }).message),
  };
}

async function setup(options: ConstructorParameters<typeof SandboxManager>[2] = {}) {
  const driver = new FakeDriver();
  const manager = new SandboxManager(driver, log, { warmPool: 0, reapEveryMs: 60_000, ...options });
  await manager.start();
  const sb = await manager.acquire("alice");
  return { driver, manager, sb };
}

describe("build jobs", () => {
  it("runs docker build alone (no shell) from the Dockerfile's folder, as a terminal of the sandbox", async () => {
    const { driver, manager, sb } = await setup();
    const job = await manager.startJob(sb.id, BUILD);
    expect(job.id).toMatch(/^job-[a-f0-9]{12}$/);
    expect(driver.opened.at(-1)!.command).toEqual({
      argv: ["docker", "build", "--progress=plain", "-t", "mon-site:1.0", "-f", "Dockerfile", "."],
      workdir: "/root/dockerfile/site",
    });
    expect(sb.terminals.has(job.id)).toBe(true);
    manager.stop();
  });

  it("refuses a second build while one runs, in French; accepts one once it ended", async () => {
    const { driver, manager, sb } = await setup();
    const first = await manager.startJob(sb.id, BUILD);
    const refused = await manager.startJob(sb.id, BUILD).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SandboxError);
    expect(refused).toMatchObject({ status: 409, messageFr: "Une construction est déjà en cours dans ce bac à sable : attendez qu'elle se termine, ou arrêtez-la." });
    // Two at once: only one starts.
    driver.opened.at(-1)!.stream.end();
    await flush();
    await flush();
    const both = await Promise.allSettled([manager.startJob(sb.id, BUILD), manager.startJob(sb.id, BUILD)]);
    expect(both.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    // The finished job went when the next one started.
    expect(sb.terminals.has(first.id)).toBe(false);
    manager.stop();
  });

  it("tells its viewers the real exit code, replays the end to a late viewer, then is cleaned up", async () => {
    const { driver, manager, sb } = await setup({ jobKeepMs: 50 });
    const job = await manager.startJob(sb.id, BUILD);
    const proc = driver.opened.at(-1)!;
    const t = (await manager.terminal(sb.id, job.id, { create: false, cols: 80, rows: 24 }))!;
    const early = sink();
    t.attach(early.sink, { readOnly: false });
    proc.stream.write("#1 [internal] load build definition\r\n");
    await flush();
    const seen = early.output().length;
    proc.stream.write("ERROR: failed to solve\r\n");
    proc.exitCode = 1;
    proc.stream.end();
    await flush();
    await flush();
    expect(early.controls().at(-1)).toEqual({ t: "exit", code: 1 });
    expect(early.closed).toEqual([CloseCode.TerminalExited]);
    // A viewer whose socket dropped before the end comes back with its offset: the rest, once, and the exit.
    const late = sink();
    t.attach(late.sink, { from: seen, readOnly: false });
    expect(late.output()).toBe("ERROR: failed to solve\r\n");
    expect(late.controls()).toEqual([{ t: "ready", terminalId: job.id, offset: seen, readOnly: false }, { t: "exit", code: 1 }]);
    expect(late.closed).toEqual([CloseCode.TerminalExited]);
    await new Promise((r) => setTimeout(r, 80));
    expect(sb.terminals.has(job.id)).toBe(false);
    manager.stop();
  });

  it("never opens a shell under a job's name", async () => {
    const { driver, manager, sb } = await setup();
    const opened = driver.opened.length;
    expect(await manager.terminal(sb.id, "job-0123456789ab", { create: true, cols: 80, rows: 24 })).toBeNull();
    expect(driver.opened.length).toBe(opened);
    manager.stop();
  });

  it("ends with its sandbox, whose viewers are told", async () => {
    const { manager, sb } = await setup();
    const job = await manager.startJob(sb.id, BUILD);
    const viewer = sink();
    (await manager.terminal(sb.id, job.id, { create: false, cols: 80, rows: 24 }))!.attach(viewer.sink, { readOnly: false });
    await manager.destroy(sb.id);
    expect(viewer.controls().at(-1)).toEqual({ t: "sandbox-gone", reason: "destroyed" });
    expect(viewer.closed).toEqual([CloseCode.SandboxGone]);
    manager.stop();
  });
});

describe("job request shape", () => {
  it("accepts the editor's paths and image names", () => {
    expect(jobRequestSchema.safeParse(BUILD).success).toBe(true);
    expect(jobRequestSchema.safeParse({ ...BUILD, dockerfile: "Dockerfile", tag: "localhost:5000/moi/app:1.0" }).success).toBe(true);
  });

  it.each([
    ["a path out of the chapter", { dockerfile: "../Dockerfile" }],
    ["an absolute path", { dockerfile: "/etc/Dockerfile" }],
    ["a dot segment", { dockerfile: "site/./Dockerfile" }],
    ["a space", { dockerfile: "mon site/Dockerfile" }],
    ["a quote", { dockerfile: "site'/Dockerfile" }],
    ["a tag that is an option", { tag: "--file=/etc/passwd" }],
    ["a tag with a space", { tag: "a b" }],
    ["a chapter outside the course's slugs", { chapter: "../etc" }],
    ["another kind of job", { kind: "shell" }],
  ])("refuses %s", (_what, change) => {
    expect(jobRequestSchema.safeParse({ ...BUILD, ...change }).success).toBe(false);
  });
});
