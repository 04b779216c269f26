import { EventEmitter } from "node:events";
import type { TerminalProcess } from "../driver/driver.js";
import {
  COALESCE_AFTER_BYTES,
  COALESCE_MS,
  CloseCode,
  MAX_FRAME_BYTES,
  REPLAY_BUFFER_BYTES,
  SOURCE_HIGH,
  SOURCE_LOW,
  VIEWER_HIGH,
  VIEWER_LOW,
  encodeControl,
  encodeOutput,
  type ControlMessage,
} from "../protocol/index.js";
import { ReplayBuffer } from "./replay-buffer.js";
import { Viewer, type FrameSink } from "./viewer.js";

const MAX_OUTPUT_PAYLOAD = MAX_FRAME_BYTES - 9;
/** Input held behind a resize; past it, input goes straight to the shell. */
const MAX_HELD_INPUT = 64 * 1024;

export interface TerminalOptions {
  replayBytes: number;
  coalesceMs: number;
  /**
   * The shell was started by an earlier runner and survived it; its output
   * counts on from this offset (the first viewer's), see `attach`.
   */
  resumedAt: number | null;
}

const defaults: TerminalOptions = { replayBytes: REPLAY_BUFFER_BYTES, coalesceMs: COALESCE_MS, resumedAt: null };

/**
 * One shell in a sandbox and everyone watching it.
 *
 * Output is appended to a replay buffer and pumped to each viewer at its own
 * pace (acknowledgement-based flow control). The shell itself is paused when
 * the fastest writer-viewer falls SOURCE_HIGH behind, so a flood blocks in the
 * kernel instead of growing the runner's memory. Read-only viewers (a trainer
 * watching) never slow the learner down: if they lag past the buffer they get
 * a gap notice and continue from what is still held.
 *
 * A job (one command instead of a shell) is a Terminal too: once it has
 * ended, a viewer that attaches still gets what it missed, then the exit.
 *
 * Events: "exit" (code) once the shell has ended and viewers were told.
 */
export class Terminal extends EventEmitter {
  readonly buffer: ReplayBuffer;
  private readonly viewers = new Set<Viewer>();
  private readonly o: TerminalOptions;
  /** Highest offset any writer has acknowledged, kept while none is connected. */
  private writerAcked = 0;
  private paused = false;
  private exited = false;
  /** close() was called: the stream ends because the runner let go, the process's exit is not known. */
  private closedHere = false;
  /** Set once the process has ended and its code is known (undefined before). */
  private exitStatus: { code: number | null } | undefined;
  /** The size the writers asked for last and not yet applied: a flood of resizes coalesces to it. */
  private wantedSize: { cols: number; rows: number } | null = null;
  /** A resize is on its way to the engine. */
  private resizing: Promise<void> | null = null;
  /** Input typed while a resize is on its way waits for it (bounded), so commands see the new size. */
  private heldInput: Uint8Array[] = [];
  private heldBytes = 0;
  lastActivity = Date.now();
  private name: string;

  constructor(
    id: string,
    private readonly process: TerminalProcess,
    options: Partial<TerminalOptions> = {},
  ) {
    super();
    this.name = id;
    this.o = { ...defaults, ...options };
    this.buffer = new ReplayBuffer(this.o.replayBytes, this.o.resumedAt ?? 0);
    process.stream.on("data", (chunk: Buffer) => this.onOutput(chunk));
    process.stream.on("end", () => void this.onEnd());
    process.stream.on("close", () => void this.onEnd());
    process.stream.on("error", () => void this.onEnd());
  }

  /** The terminal id viewers know it by. */
  get id(): string {
    return this.name;
  }

  /**
   * A shell started ahead (a warm sandbox's spare) becomes the terminal `id`
   * at `size`, as if opened now: its output so far (the welcome and the
   * prompt) is what its first viewer gets.
   */
  async adopt(id: string, size: { cols: number; rows: number }): Promise<void> {
    this.name = id;
    this.lastActivity = Date.now();
    await this.process.resize(size.cols, size.rows);
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  get writerCount(): number {
    let n = 0;
    for (const v of this.viewers) if (!v.readOnly) n++;
    return n;
  }

  /** The process's exit, once it has ended (code null when unknown). */
  get ended(): { code: number | null } | undefined {
    return this.exitStatus;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /**
   * Attaches a socket; output resumes after `from` (replayed from the buffer).
   * On a resumed shell, a viewer caught up with this runner's output is told
   * so (`resumed`: the same shell goes on), and an offset past it can only be
   * one an earlier runner gave out: that viewer gets everything held, also
   * told it is the same shell going on, not a new one.
   */
  attach(sink: FrameSink, opts: { from?: number; readOnly: boolean }): Viewer {
    const wanted = Math.max(0, opts.from ?? 0);
    const resumed = this.o.resumedAt !== null && wanted >= this.buffer.end;
    const asked = resumed && wanted > this.buffer.end ? this.buffer.oldest : Math.min(wanted, this.buffer.end);
    const from = Math.max(asked, this.buffer.oldest);
    const viewer = new Viewer(sink, opts.readOnly, from);
    const ready: ControlMessage = { t: "ready", terminalId: this.id, offset: from, readOnly: opts.readOnly, ...(resumed ? { resumed: true as const } : {}) };
    if (this.exitStatus) {
      // Ended already: the rest of its output, its exit, and the door.
      this.control(viewer, ready);
      if (from > asked) this.control(viewer, { t: "gap", from: asked, to: from });
      this.finish(viewer, this.exitStatus.code);
      return viewer;
    }
    this.viewers.add(viewer);
    if (!opts.readOnly) this.writerAcked = Math.max(this.writerAcked, from);
    this.control(viewer, ready);
    if (from > asked) this.control(viewer, { t: "gap", from: asked, to: from });
    this.pump(viewer);
    return viewer;
  }

  detach(viewer: Viewer): void {
    if (viewer.timer) clearTimeout(viewer.timer);
    // The grace period for an abandoned shell counts from its last viewer leaving.
    if (this.viewers.delete(viewer)) this.lastActivity = Date.now();
  }

  input(viewer: Viewer, data: Uint8Array): boolean {
    if (viewer.readOnly || this.exited) return false;
    this.lastActivity = Date.now();
    if (this.resizing && this.heldBytes + data.byteLength <= MAX_HELD_INPUT) {
      this.heldInput.push(data);
      this.heldBytes += data.byteLength;
    } else {
      this.process.stream.write(data);
    }
    return true;
  }

  /**
   * Resolves once the shell has taken what was written, or null when nothing
   * waits: the socket that typed stops being read meanwhile, so a paste
   * flood waits in the kernel, not in the runner's memory.
   */
  drained(): Promise<void> | null {
    const stream = this.process.stream;
    if (!stream.writableNeedDrain || this.exited) return null;
    return new Promise((resolve) => {
      const done = () => {
        stream.off("drain", done);
        stream.off("close", done);
        resolve();
      };
      stream.on("drain", done);
      stream.on("close", done);
    });
  }

  /**
   * Asks for a new size. Resizes coalesce: while one is on its way to the
   * engine, later ones only replace the size wanted next, so a flood of
   * resize frames costs one engine call at a time and no memory.
   */
  resize(viewer: Viewer, cols: number, rows: number): Promise<void> {
    if (viewer.readOnly || this.exited) return Promise.resolve();
    this.wantedSize = { cols, rows };
    this.resizing ??= this.applySizes();
    return this.resizing;
  }

  private async applySizes(): Promise<void> {
    try {
      while (this.wantedSize && !this.exited) {
        const { cols, rows } = this.wantedSize;
        this.wantedSize = null;
        await this.process.resize(cols, rows).catch(() => undefined);
      }
    } finally {
      this.resizing = null;
      const held = this.heldInput;
      this.heldInput = [];
      this.heldBytes = 0;
      if (!this.exited) for (const data of held) this.process.stream.write(data);
    }
  }

  ack(viewer: Viewer, offset: number): void {
    // An ack can only confirm what was sent; anything else is ignored.
    if (offset <= viewer.acked || offset > viewer.sent) return;
    viewer.acked = offset;
    if (!viewer.readOnly && offset > this.writerAcked) {
      this.writerAcked = offset;
      if (this.paused && this.buffer.end - this.writerAcked <= SOURCE_LOW) {
        this.paused = false;
        this.process.stream.resume();
      }
    }
    if (viewer.blocked && viewer.inFlight <= VIEWER_LOW) viewer.blocked = false;
    this.pump(viewer);
  }

  /**
   * Closes the stream to the shell and disconnects viewers with `code`. A
   * job's command ends with it; a shell outlives it (the manager ends an
   * abandoned one, a stopping runner leaves them for the next).
   */
  close(code: number = CloseCode.Normal, message?: ControlMessage): void {
    this.closedHere = true;
    for (const v of this.viewers) {
      if (message) this.control(v, message);
      v.sink.close(code);
      this.detach(v);
    }
    this.process.stream.destroy();
  }

  private onOutput(chunk: Buffer): void {
    this.buffer.append(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (!this.paused && this.buffer.end - this.writerAcked > SOURCE_HIGH) {
      this.paused = true;
      this.process.stream.pause();
    }
    for (const v of this.viewers) this.schedule(v);
  }

  /**
   * Sends at once while the current window is light (echo, prompts); once a
   * window carries more than COALESCE_AFTER_BYTES, the rest waits for the
   * window's end and goes out in large frames.
   */
  private schedule(viewer: Viewer): void {
    if (viewer.timer) return;
    const now = Date.now();
    if (now - viewer.windowStart >= this.o.coalesceMs) {
      viewer.windowStart = now;
      viewer.windowBytes = 0;
    }
    if (viewer.windowBytes < COALESCE_AFTER_BYTES) {
      this.pump(viewer);
      return;
    }
    viewer.timer = setTimeout(() => {
      viewer.timer = null;
      viewer.windowStart = Date.now();
      viewer.windowBytes = 0;
      this.pump(viewer);
    }, viewer.windowStart + this.o.coalesceMs - now);
  }

  private pump(viewer: Viewer): void {
    while (!viewer.blocked && viewer.sent < this.buffer.end) {
      const room = VIEWER_HIGH - viewer.inFlight;
      if (room <= 0) {
        viewer.blocked = true;
        break;
      }
      const { offset, data } = this.buffer.read(viewer.sent, Math.min(room, MAX_OUTPUT_PAYLOAD));
      if (offset > viewer.sent) {
        this.control(viewer, { t: "gap", from: viewer.sent, to: offset });
        viewer.acked += offset - viewer.sent;
        viewer.sent = offset;
      }
      if (data.byteLength === 0) break;
      viewer.sink.send(encodeOutput(offset, data));
      viewer.sent = offset + data.byteLength;
      viewer.windowBytes += data.byteLength;
    }
  }

  private control(viewer: Viewer, message: ControlMessage): void {
    viewer.sink.send(encodeControl(message));
  }

  private async onEnd(): Promise<void> {
    if (this.exited) return;
    this.exited = true;
    let code: number | null = null;
    try {
      if (!this.closedHere) code = await this.process.exitCode();
    } catch {
      code = null; // the sandbox itself is gone; the manager reports that separately
    }
    this.exitStatus = { code };
    for (const v of this.viewers) {
      this.finish(v, code);
      this.detach(v);
    }
    this.emit("exit", code);
  }

  private finish(viewer: Viewer, code: number | null): void {
    // Flush what is left regardless of watermarks: the replay buffer bounds it.
    this.pumpAll(viewer);
    this.control(viewer, { t: "exit", code });
    viewer.sink.close(CloseCode.TerminalExited);
  }

  private pumpAll(viewer: Viewer): void {
    while (viewer.sent < this.buffer.end) {
      const { offset, data } = this.buffer.read(viewer.sent, MAX_OUTPUT_PAYLOAD);
      if (data.byteLength === 0) break;
      viewer.sink.send(encodeOutput(offset, data));
      viewer.sent = offset + data.byteLength;
    }
  }
}
