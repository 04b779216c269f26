import { Duplex } from "node:stream";

/** What a dtach client writes on attaching: it clears the screen (VT100), which would wipe the learner's. */
export const DTACH_ATTACH = Buffer.from("\x1b[H\x1b[J", "latin1");
/** What a dtach client writes once its shell has ended, before it exits 0. */
export const DTACH_EOF = Buffer.from("\x1b[999H\r\n[EOF - dtach terminating]\r\n\x1b[?25h", "latin1");
/** How long a tail that may begin DTACH_EOF waits for the rest before it is passed on. */
const HOLD_MS = 30;

/**
 * Takes out of a dtach client's output what dtach itself adds: the screen
 * clear at attach (a runner re-attaching after a restart must leave the
 * browser's screen as it is) and the « [EOF - dtach terminating] » line at
 * the end. Everything else passes unchanged. A chunk that ends with the
 * beginning of DTACH_EOF keeps that tail back until the next chunk shows
 * whether it is the trailer (at most HOLD_MS, see DtachStream).
 */
export class DtachOutputFilter {
  private head = Buffer.alloc(0);
  private headDone = false;
  private tail = Buffer.alloc(0);

  /** Output to pass on now. */
  push(chunk: Buffer): Buffer {
    let data = chunk;
    if (!this.headDone) {
      this.head = Buffer.concat([this.head, data]);
      const n = Math.min(this.head.length, DTACH_ATTACH.length);
      if (!this.head.subarray(0, n).equals(DTACH_ATTACH.subarray(0, n))) {
        data = this.head; // not dtach's clear after all: everything goes through
        this.headDone = true;
      } else if (this.head.length < DTACH_ATTACH.length) {
        return Buffer.alloc(0);
      } else {
        data = this.head.subarray(DTACH_ATTACH.length);
        this.headDone = true;
      }
      this.head = Buffer.alloc(0);
    }
    data = this.tail.length > 0 ? Buffer.concat([this.tail, data]) : data;
    this.tail = Buffer.alloc(0);
    const eof = data.indexOf(DTACH_EOF);
    if (eof >= 0) return data.subarray(0, eof); // the client's last words: nothing real follows
    const keep = trailerPrefixAtEnd(data);
    this.tail = keep > 0 ? Buffer.from(data.subarray(data.length - keep)) : this.tail;
    return data.subarray(0, data.length - keep);
  }

  /** True once the client's attach (or anything else) came first: the client runs, its TTY raw. */
  get attached(): boolean {
    return this.headDone;
  }

  /** True while a tail is held back. */
  get holding(): boolean {
    return this.tail.length > 0;
  }

  /** The tail held back: no trailer came (a timeout), or the stream ended. */
  flush(ended: boolean): Buffer {
    const t = this.tail;
    this.tail = Buffer.alloc(0);
    // At the end, a partial trailer is still the trailer (the client was cut short).
    if (ended && t.length >= 8 && DTACH_EOF.subarray(0, t.length).equals(t)) return Buffer.alloc(0);
    return t;
  }
}

/** Length of the longest end of `data` that is a proper beginning of DTACH_EOF. */
function trailerPrefixAtEnd(data: Buffer): number {
  const max = Math.min(data.length, DTACH_EOF.length - 1);
  for (let n = max; n > 0; n--) {
    if (data[data.length - n] === DTACH_EOF[0] && data.subarray(data.length - n).equals(DTACH_EOF.subarray(0, n))) return n;
  }
  return 0;
}

/**
 * A dtach client's exec stream with its output filtered (DtachOutputFilter).
 * Input waits for the client to have attached: before that the exec's TTY is
 * still cooked and belongs to quai-term's script, which would echo what is
 * typed and die of a Ctrl+C meant for the shell. Writes wait for the inner
 * stream to take them (so `drain` means what it says), reading pauses the
 * inner stream while the reader does, and destroying one destroys the other:
 * the Terminal sees a stream like any other.
 */
export class DtachStream extends Duplex {
  private readonly output = new DtachOutputFilter();
  private timer: NodeJS.Timeout | null = null;
  /** Input that came before the client attached, released in order once it has. */
  private early: Array<(write: boolean) => void> = [];

  constructor(private readonly inner: Duplex) {
    super({ allowHalfOpen: false });
    inner.on("data", (chunk: Buffer) => {
      this.clearTimer();
      const out = this.output.push(chunk);
      if (this.output.attached) this.releaseInput(true);
      if (out.length > 0 && !this.push(out)) inner.pause();
      if (this.output.holding) {
        this.timer = setTimeout(() => {
          this.timer = null;
          const held = this.output.flush(false);
          if (held.length > 0) this.push(held);
        }, HOLD_MS);
      }
    });
    let over = false;
    const ended = () => {
      if (over) return;
      over = true;
      this.clearTimer();
      this.releaseInput(false);
      const held = this.output.flush(true);
      if (held.length > 0) this.push(held);
      this.push(null);
    };
    inner.once("end", ended);
    // Ended, not destroyed: output the reader has not taken yet stays readable.
    inner.once("close", ended);
    inner.once("error", (err) => this.destroy(err));
  }

  override _read(): void {
    this.inner.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    if (this.output.attached) this.inner.write(chunk, done);
    else this.early.push((write) => (write ? this.inner.write(chunk, done) : done()));
  }

  /** Writes the early input (`write`), or drops it: the stream ended before the client attached. */
  private releaseInput(write: boolean): void {
    const early = this.early;
    this.early = [];
    for (const release of early) release(write);
  }

  override _destroy(err: Error | null, done: (err: Error | null) => void): void {
    this.clearTimer();
    this.inner.destroy();
    done(err);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
