/** What a terminal is sent: typed text, or bytes (xterm's binary input). */
export type TerminalInput = string | Uint8Array;

/**
 * The one place where input for a terminal waits: a command from « ▶
 * Exécuter » that arrives before xterm has loaded or the socket is up, and
 * what the learner types before the shell can take it (a fresh login shell
 * swallows keystrokes typed while it starts). The view attaches a sink once
 * the shell is there and detaches it when the connection drops; everything
 * is sent once, in the order it came. At most `limit` inputs wait (a key
 * held down for minutes against a dead socket must not fill the memory).
 */
export class TerminalInbox {
  private queue: TerminalInput[] = [];
  private sink: ((input: TerminalInput) => void) | null = null;

  constructor(private readonly limit = 2000) {}

  get held(): number {
    return this.queue.length;
  }

  push(input: TerminalInput): void {
    if (this.sink) this.sink(input);
    else if (this.queue.length < this.limit) this.queue.push(input);
  }

  /** Takes over what another inbox still holds (a command sent before the sandbox was known). */
  adopt(other: TerminalInbox): void {
    const waiting = other.queue;
    other.queue = [];
    for (const input of waiting) this.push(input);
  }

  /** Called by the view when its shell is ready to receive (null when it is not). */
  attach(sink: ((input: TerminalInput) => void) | null): void {
    this.sink = sink;
    if (!sink) return;
    const waiting = this.queue;
    this.queue = [];
    for (const input of waiting) sink(input);
  }
}
