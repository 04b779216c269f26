/**
 * Input waiting for a terminal: a command from « ▶ Exécuter » can arrive
 * before xterm has loaded or the socket is up. The view drains it once
 * connected; nothing typed is lost or sent twice.
 */
export class TerminalInbox {
  private queue: string[] = [];
  private sink: ((input: string) => void) | null = null;

  push(input: string): void {
    if (this.sink) this.sink(input);
    else this.queue.push(input);
  }

  /** Takes over what another inbox still holds (a command sent before the sandbox was known). */
  adopt(other: TerminalInbox): void {
    const waiting = other.queue;
    other.queue = [];
    for (const input of waiting) this.push(input);
  }

  /** Called by the view when its shell is ready to receive (null when it is not). */
  attach(sink: ((input: string) => void) | null): void {
    this.sink = sink;
    if (!sink) return;
    const waiting = this.queue;
    this.queue = [];
    for (const input of waiting) sink(input);
  }
}
