/** Where a terminal's frames go: a WebSocket in production, an array in unit tests. */
export interface FrameSink {
  send(frame: Uint8Array): void;
  close(code: number, reason?: string): void;
}

/** One socket attached to a terminal, with its own position in the output. */
export class Viewer {
  /** Offset of the next byte to send. */
  sent: number;
  /** Offset the client says it has processed. */
  acked: number;
  /** Above the high watermark: waiting for acks to fall to the low one. */
  blocked = false;
  /** Start of the current coalescing window and the bytes sent in it. */
  windowStart = 0;
  windowBytes = 0;
  timer: NodeJS.Timeout | null = null;

  constructor(
    readonly sink: FrameSink,
    readonly readOnly: boolean,
    from: number,
  ) {
    this.sent = from;
    this.acked = from;
  }

  get inFlight(): number {
    return this.sent - this.acked;
  }
}
