import { Duplex } from "node:stream";
import { describe, expect, it } from "vitest";
import type { TerminalProcess } from "../driver/driver.js";
import { SOURCE_HIGH, VIEWER_HIGH, decodeServerFrame, type ServerFrame } from "../protocol/index.js";
import { Terminal } from "./terminal.js";

/** A shell stand-in: what the test pushes comes out as output; input is recorded. */
function fakeProcess() {
  const written: Buffer[] = [];
  const sizes: string[] = [];
  const stream = new Duplex({
    read() {},
    write(chunk: Buffer, _enc, done) {
      written.push(chunk);
      done();
    },
  });
  const process: TerminalProcess = {
    stream,
    resize: async (c, r) => void sizes.push(`${c}x${r}`),
    exitCode: async () => 0,
  };
  return { process, stream, written, sizes };
}

function sink() {
  const frames: ServerFrame[] = [];
  const closed: number[] = [];
  return {
    frames,
    closed,
    sink: { send: (f: Uint8Array) => void frames.push(decodeServerFrame(f)), close: (code: number) => void closed.push(code) },
    output: () => Buffer.concat(frames.filter((f) => f.type === "output").map((f) => (f as { data: Uint8Array }).data)).toString(),
    bytesSent: () => frames.reduce((n, f) => n + (f.type === "output" ? f.data.byteLength : 0), 0),
  };
}

const tick = () => new Promise((r) => setTimeout(r, 10));
/** Lets stream events run, far shorter than any coalescing window under test. */
const flush = () => new Promise((r) => setImmediate(r));

describe("Terminal", () => {
  it("sends a lone keystroke's echo immediately, without waiting for the coalescing window", async () => {
    const p = fakeProcess();
    const t = new Terminal("t1", p.process, { coalesceMs: 1000 });
    const s = sink();
    t.attach(s.sink, { readOnly: false });
    await flush();
    p.stream.push("a");
    await flush();
    expect(s.output()).toBe("a");
  });

  it("sends back-to-back keystroke echoes at once, but coalesces a burst", async () => {
    const p = fakeProcess();
    const t = new Terminal("t1", p.process, { coalesceMs: 1000 });
    const s = sink();
    t.attach(s.sink, { readOnly: false });
    await flush();
    for (const c of "abc") {
      p.stream.push(c);
      await flush();
    }
    expect(s.output()).toBe("abc");
    p.stream.push(Buffer.alloc(4096, 0x2e));
    await flush();
    p.stream.push("tail");
    await flush();
    expect(s.output().endsWith("tail")).toBe(false);
    t.close();
  });

  it("replays exactly the bytes after the offset a reconnecting client gives", async () => {
    const p = fakeProcess();
    const t = new Terminal("t1", p.process, { coalesceMs: 0 });
    p.stream.push("hello ");
    p.stream.push("world");
    await flush();
    const s = sink();
    t.attach(s.sink, { readOnly: false, from: 6 });
    expect(s.frames[0]).toMatchObject({ type: "control", message: { t: "ready", offset: 6 } });
    expect(s.output()).toBe("world");
  });

  it("stops at the high watermark until the client acknowledges, and pauses the shell", async () => {
    const p = fakeProcess();
    const t = new Terminal("t1", p.process, { coalesceMs: 0 });
    const s = sink();
    const v = t.attach(s.sink, { readOnly: false });
    p.stream.push(Buffer.alloc(SOURCE_HIGH + 4096, 0x79));
    await tick();
    expect(s.bytesSent()).toBe(VIEWER_HIGH);
    expect(t.isPaused).toBe(true);
    t.ack(v, VIEWER_HIGH);
    expect(s.bytesSent()).toBe(2 * VIEWER_HIGH);
    t.ack(v, 2 * VIEWER_HIGH);
    expect(t.isPaused).toBe(false);
  });

  it("never lets a read-only viewer type, and a slow one gets a gap instead of slowing the writer", async () => {
    const p = fakeProcess();
    const t = new Terminal("t1", p.process, { coalesceMs: 0, replayBytes: 1000 });
    const watcher = sink();
    const w = t.attach(watcher.sink, { readOnly: true });
    expect(t.input(w, new Uint8Array([0x03]))).toBe(false);
    expect(p.written).toHaveLength(0);
    p.stream.push(Buffer.alloc(3000, 0x61));
    await tick();
    const late = sink();
    t.attach(late.sink, { readOnly: true, from: 0 });
    expect(late.frames[0]).toMatchObject({ type: "control", message: { t: "ready", offset: 2000 } });
    expect(late.bytesSent()).toBe(1000);
  });

  it("forwards input and resizes from a writer", async () => {
    const p = fakeProcess();
    const t = new Terminal("t1", p.process);
    const v = t.attach(sink().sink, { readOnly: false });
    expect(t.input(v, new TextEncoder().encode("ls\r"))).toBe(true);
    await t.resize(v, 120, 40);
    expect(Buffer.concat(p.written).toString()).toBe("ls\r");
    expect(p.sizes).toEqual(["120x40"]);
  });

  it("coalesces a flood of resizes into one engine call at a time, ending at the last size", async () => {
    const p = fakeProcess();
    let calls = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    p.process.resize = async (c, r) => {
      calls++;
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await tick();
      inFlight--;
      p.sizes.push(`${c}x${r}`);
    };
    const t = new Terminal("t1", p.process);
    const v = t.attach(sink().sink, { readOnly: false });
    const pending: Promise<void>[] = [];
    for (let i = 0; i < 10_000; i++) pending.push(t.resize(v, 20 + (i % 200), 10 + (i % 50)));
    await Promise.all(pending);
    expect(calls).toBe(2); // the first size, then the last one asked for meanwhile
    expect(maxInFlight).toBe(1);
    expect(p.sizes.at(-1)).toBe(`${20 + (9_999 % 200)}x${10 + (9_999 % 50)}`);
  });

  it("holds input typed during a resize until it is applied, in order, and only up to a bound", async () => {
    const p = fakeProcess();
    let release!: () => void;
    p.process.resize = () => new Promise<void>((r) => (release = r));
    const t = new Terminal("t1", p.process);
    const v = t.attach(sink().sink, { readOnly: false });
    const resized = t.resize(v, 100, 30);
    t.input(v, new TextEncoder().encode("ls"));
    t.input(v, new TextEncoder().encode("\r"));
    expect(p.written).toEqual([]);
    t.input(v, new Uint8Array(70 * 1024)); // past the bound: straight to the shell
    expect(p.written).toHaveLength(1);
    release();
    await resized;
    expect(Buffer.concat(p.written.slice(1)).toString()).toBe("ls\r");
  });

  it("tells viewers the exit code and closes them when the shell ends", async () => {
    const p = fakeProcess();
    const t = new Terminal("t1", p.process, { coalesceMs: 0 });
    const s = sink();
    t.attach(s.sink, { readOnly: false });
    const exited = new Promise((r) => t.once("exit", r));
    p.stream.push("bye");
    p.stream.push(null);
    expect(await exited).toBe(0);
    expect(s.output()).toBe("bye");
    expect(s.frames.at(-1)).toMatchObject({ type: "control", message: { t: "exit", code: 0 } });
    expect(s.closed).toEqual([4410]);
  });

  it("goes on with a shell taken over from an earlier runner: the first viewer's offset continues, later ones get all that is held", async () => {
    const p = fakeProcess();
    const t = new Terminal("main", p.process, { coalesceMs: 0, resumedAt: 5000 });
    const learner = sink();
    t.attach(learner.sink, { from: 5000, readOnly: false });
    expect(learner.frames[0]).toEqual({ type: "control", message: { t: "ready", terminalId: "main", offset: 5000, readOnly: false, resumed: true } });
    p.stream.push("64 bytes: icmp_seq=42");
    await flush();
    expect(learner.frames[1]).toMatchObject({ type: "output", offset: 5000 });
    // A trainer further on in the old runner's count: the same shell, all of this runner's output.
    const ahead = sink();
    t.attach(ahead.sink, { from: 9000, readOnly: true });
    await flush();
    expect(ahead.frames[0]).toEqual({ type: "control", message: { t: "ready", terminalId: "main", offset: 5000, readOnly: true, resumed: true } });
    expect(ahead.output()).toBe("64 bytes: icmp_seq=42");
    // Behind: what the old runner held is gone, told as a gap.
    const behind = sink();
    t.attach(behind.sink, { from: 4000, readOnly: true });
    expect(behind.frames[1]).toEqual({ type: "control", message: { t: "gap", from: 4000, to: 5000 } });
  });

  it("never says resumed for a shell this runner started", () => {
    const p = fakeProcess();
    const t = new Terminal("main", p.process, { coalesceMs: 0 });
    const s = sink();
    t.attach(s.sink, { from: 5000, readOnly: false });
    expect(s.frames[0]).toEqual({ type: "control", message: { t: "ready", terminalId: "main", offset: 0, readOnly: false } });
  });

  it("does not ask the process for an exit code when the runner let go of it (close)", async () => {
    const p = fakeProcess();
    let asked = 0;
    p.process.exitCode = async () => (asked++, 0);
    const t = new Terminal("main", p.process, { coalesceMs: 0 });
    const exited = new Promise((r) => t.once("exit", r));
    t.close();
    expect(await exited).toBeNull();
    expect(asked).toBe(0);
  });
});
