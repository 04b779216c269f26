import { TerminalConnection } from "@quai/sandbox-runner/protocol";
import type { ConnectionState, ControlMessage, SocketFactory } from "@quai/sandbox-runner/protocol";
import { markStep } from "../marks";

/** What the terminal's view does with what the socket brings, once xterm.js exists. */
export interface ConnectionSink {
  onOutput(data: Uint8Array, done: () => void): void;
  onState(state: ConnectionState, messageFr?: string, closeCode?: number): void;
  onControl(message: ControlMessage): void;
}

type Held =
  | { kind: "output"; data: Uint8Array; done: () => void }
  | { kind: "state"; state: ConnectionState; messageFr?: string; closeCode?: number }
  | { kind: "control"; message: ControlMessage };

export interface EarlyConnectionOptions {
  /** The socket's address for a resume offset and a terminal size (fetches a token). */
  url: (offset: number, cols: number, rows: number) => string | Promise<string>;
  /** The size to announce before xterm.js has measured its box. */
  cols: number;
  rows: number;
  socket?: SocketFactory;
}

/**
 * A terminal's socket, opened as soon as the sandbox is known, before
 * xterm.js (a separate chunk) has loaded: what arrives meanwhile (output,
 * control messages, state changes) is held in order and handed to the view
 * when it attaches. Output is acknowledged only once the view has drawn it
 * (its `done`), so the runner's flow control counts what xterm parsed, held
 * bytes included; the runner stops sending after its window, which bounds
 * what is held.
 */
export class EarlyConnection {
  readonly connection: TerminalConnection;
  private sink: ConnectionSink | null = null;
  private held: Held[] = [];
  private cols: number;
  private rows: number;

  constructor(options: EarlyConnectionOptions) {
    this.cols = options.cols;
    this.rows = options.rows;
    this.connection = new TerminalConnection({
      url: (offset) => options.url(offset, this.cols, this.rows),
      onOutput: (data, done) => {
        markStep("first-output");
        this.hand({ kind: "output", data, done });
      },
      onState: (state, messageFr, closeCode) => this.hand({ kind: "state", state, messageFr, closeCode }),
      onControl: (message) => {
        if (message.t === "ready") markStep("socket-ready");
        this.hand({ kind: "control", message });
      },
      ...(options.socket ? { socket: options.socket } : {}),
    });
  }

  /** How many events wait for the view. */
  get holding(): number {
    return this.held.length;
  }

  /** The size xterm.js fitted to: sent at once when connected, and used by the next reconnect. */
  resize(cols: number, rows: number): void {
    if (cols === this.cols && rows === this.rows) return;
    this.cols = cols;
    this.rows = rows;
    this.connection.resize(cols, rows);
  }

  private hand(event: Held): void {
    if (this.sink) deliver(this.sink, event);
    else this.held.push(event);
  }

  /** The view is there: everything held is handed over in the order it came, then events go straight to it. */
  attach(sink: ConnectionSink): void {
    this.sink = sink;
    const held = this.held;
    this.held = [];
    for (const event of held) deliver(sink, event);
  }

  /** The view is gone (the connection stays until close()): events are held again. */
  detach(): void {
    this.sink = null;
  }

  close(): void {
    this.sink = null;
    this.held = [];
    this.connection.close();
  }
}

function deliver(sink: ConnectionSink, event: Held): void {
  if (event.kind === "output") sink.onOutput(event.data, event.done);
  else if (event.kind === "state") sink.onState(event.state, event.messageFr, event.closeCode);
  else sink.onControl(event.message);
}
