import { CloseCode, closeMessagesFr, isRetryable } from "./close-codes.ts";
import { ACK_EVERY } from "./flow.ts";
import { MAX_INPUT_BYTES, decodeServerFrame, encodeAck, encodeInput, encodeResize, type ControlMessage } from "./frames.ts";

/**
 * The browser's end of a terminal socket (also used by tests and the
 * benchmark under Node with the `ws` package).
 *
 * It keeps the byte offset of everything processed, acknowledges output once
 * the caller has drawn it, reconnects with that offset after a drop (the
 * runner replays exactly what was missed), and splits large pastes into
 * frames the runner accepts.
 */
export type ConnectionState = "connecting" | "connected" | "reconnecting" | "expired" | "closed";

/** The subset of the WHATWG WebSocket this client needs (browser's, or `ws`'s). */
export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: Uint8Array): void;
  close(code?: number): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type SocketFactory = (url: string) => SocketLike;

export class SandboxExpiredError extends Error {
  constructor(message = "sandbox expired") {
    super(message);
    this.name = "SandboxExpiredError";
  }
}

export interface TerminalConnectionOptions {
  /** Builds the socket URL for a given resume offset; may fetch a fresh token. Throw SandboxExpiredError when there is no sandbox any more. */
  url: (offset: number) => string | Promise<string>;
  /** Output to draw; call `done` once drawn so the runner may send more. */
  onOutput: (data: Uint8Array, done: () => void) => void;
  /** `closeCode`: the runner's reason when it closed the socket (SandboxAsleep, SandboxGone…). */
  onState?: (state: ConnectionState, messageFr?: string, closeCode?: number) => void;
  onControl?: (message: ControlMessage) => void;
  socket?: SocketFactory;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

const OPEN = 1;

function defaultSocket(url: string): SocketLike {
  return new WebSocket(url) as unknown as SocketLike;
}

export class TerminalConnection {
  /** Offset of the next byte expected from the runner. */
  offset = 0;
  state: ConnectionState = "closed";
  readOnly = false;
  private processed = 0;
  private acked = 0;
  private ackTimer: ReturnType<typeof setTimeout> | null = null;
  private ws: SocketLike | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private readonly o: Required<Omit<TerminalConnectionOptions, "onState" | "onControl">> & Pick<TerminalConnectionOptions, "onState" | "onControl">;

  constructor(options: TerminalConnectionOptions) {
    this.o = { socket: defaultSocket, minBackoffMs: 300, maxBackoffMs: 5000, ...options };
  }

  connect(): void {
    this.stopped = false;
    void this.open();
  }

  /** Sends typed or pasted text, split into frames the runner accepts. */
  send(input: string | Uint8Array): void {
    if (this.readOnly || !this.ws || this.ws.readyState !== OPEN) return;
    const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
    for (let at = 0; at < bytes.byteLength; at += MAX_INPUT_BYTES) {
      this.ws.send(encodeInput(bytes.subarray(at, at + MAX_INPUT_BYTES)));
    }
  }

  resize(cols: number, rows: number): void {
    if (this.ws?.readyState === OPEN) this.ws.send(encodeResize(cols, rows));
  }

  close(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.ws?.close(CloseCode.Normal);
    this.setState("closed");
  }

  /**
   * While waiting to reconnect: tries now instead of at the end of the
   * backoff (the learner's « Réessayer maintenant »). Does nothing while a
   * socket is open or opening.
   */
  retryNow(): void {
    if (this.stopped || this.ws || this.retryTimer === null) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.attempt = 0;
    void this.open();
  }

  /** Simulates a network drop (tests and the « couper la connexion » check). */
  drop(): void {
    this.ws?.close(4000);
  }

  private setState(state: ConnectionState, messageFr?: string, closeCode?: number): void {
    this.state = state;
    this.o.onState?.(state, messageFr, closeCode);
  }

  private async open(): Promise<void> {
    this.setState(this.attempt === 0 ? "connecting" : "reconnecting");
    let url: string;
    try {
      url = await this.o.url(this.offset);
    } catch (err) {
      if (err instanceof SandboxExpiredError) return this.setState("expired", closeMessagesFr[CloseCode.SandboxGone]);
      return this.retry();
    }
    if (this.stopped) return;
    const ws = this.o.socket(url);
    this.ws = ws;
    ws.binaryType = "arraybuffer";
    ws.onopen = () => {
      this.attempt = 0;
    };
    ws.onmessage = (ev) => this.onFrame(ev.data);
    ws.onerror = () => undefined; // a close event always follows
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.stopped) return;
      if (ev.code === CloseCode.SandboxGone || ev.code === CloseCode.SandboxAsleep) return this.setState("expired", closeMessagesFr[ev.code], ev.code);
      if (ev.code === CloseCode.TerminalExited || ev.code === CloseCode.TooManyTerminals || ev.code === CloseCode.TooManyViewers || ev.code === CloseCode.Forbidden) {
        return this.setState("closed", closeMessagesFr[ev.code]);
      }
      if (ev.code === CloseCode.RoleChanged) {
        this.attempt = 0;
        return this.retry();
      }
      if (isRetryable(ev.code) || ev.code === 4000 || ev.code === CloseCode.Unauthorized) this.retry();
      else this.setState("closed", closeMessagesFr[ev.code]);
    };
  }

  private retry(): void {
    if (this.stopped) return;
    this.setState("reconnecting");
    const delay = Math.min(this.o.maxBackoffMs, this.o.minBackoffMs * 2 ** this.attempt);
    this.attempt++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.open();
    }, delay);
  }

  private onFrame(data: unknown): void {
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data as Uint8Array);
    const frame = decodeServerFrame(bytes);
    if (frame.type === "control") {
      const m = frame.message;
      if (m.t === "ready") {
        // The runner's count from here on: the same as before a reconnect, lower
        // for a new shell, or a new count for a shell another runner took over.
        this.offset = m.offset;
        this.processed = m.offset;
        this.acked = this.processed;
        this.readOnly = m.readOnly;
        this.setState("connected");
      } else if (m.t === "gap") {
        this.offset = m.to;
        this.processed = Math.max(this.processed, m.to);
      }
      this.o.onControl?.(m);
      return;
    }
    // Frames of a previous connection cannot arrive here: each socket has its own handler.
    if (frame.offset !== this.offset) return;
    const end = frame.offset + frame.data.byteLength;
    this.offset = end;
    this.o.onOutput(frame.data, () => this.onProcessed(end));
  }

  private onProcessed(end: number): void {
    this.processed = Math.max(this.processed, end);
    if (this.processed - this.acked >= ACK_EVERY) this.flushAck();
    else if (!this.ackTimer) this.ackTimer = setTimeout(() => this.flushAck(), 0);
  }

  private flushAck(): void {
    if (this.ackTimer) clearTimeout(this.ackTimer);
    this.ackTimer = null;
    if (this.processed > this.acked && this.ws?.readyState === OPEN) {
      this.acked = this.processed;
      this.ws.send(encodeAck(this.processed));
    }
  }
}
