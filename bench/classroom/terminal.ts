import { WebSocket } from "ws";
import { decodeServerFrame, encodeAck, encodeInput } from "@quai/sandbox-runner/protocol";

// eslint-disable-next-line no-control-regex -- matching terminal escape sequences is the point
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\r/g;

/** The sandbox shell's prompt, at the end of the output: the shell waits for a command. */
export const PROMPT = /root@quai:[^\n]*# $/;

/**
 * A terminal socket as the workbench opens it: through the site, with the
 * page's Origin and cookie, acknowledging output as it is "painted" (the
 * runner pauses a terminal whose output nobody acknowledges).
 */
export class SiteTerminal {
  private text = "";
  /** Output since the last keystroke sent by echo(), bounded. */
  private sinceKey = "";
  private offset = 0;
  private waiters: Array<() => void> = [];
  private closed = false;

  private constructor(private readonly ws: WebSocket) {
    ws.on("message", (data: Buffer) => {
      const frame = decodeServerFrame(new Uint8Array(data));
      if (frame.type === "control") {
        if (frame.message.t === "ready") this.offset = frame.message.offset;
      } else {
        this.offset = frame.offset + frame.data.byteLength;
        const chunk = Buffer.from(frame.data).toString("utf8");
        this.text = (this.text + chunk).slice(-50_000);
        this.sinceKey = (this.sinceKey + chunk).slice(-4096);
        ws.send(encodeAck(this.offset));
      }
      this.notify();
    });
    ws.on("close", () => {
      this.closed = true;
      this.notify();
    });
  }

  static open(site: string, sandboxId: string, terminalId: string, token: string, cookie: string): Promise<SiteTerminal> {
    const url = `${site.replace(/^http/, "ws")}/ws/sandboxes/${sandboxId}/terminals/${terminalId}?token=${encodeURIComponent(token)}&offset=0&cols=100&rows=30`;
    const ws = new WebSocket(url, { headers: { origin: site, cookie }, perMessageDeflate: false });
    ws.binaryType = "nodebuffer";
    const t = new SiteTerminal(ws);
    return new Promise((resolve, reject) => {
      ws.once("open", () => resolve(t));
      ws.once("unexpected-response", (_req, res) => reject(new Error(`terminal socket refused: HTTP ${res.statusCode}`)));
      ws.once("error", reject);
    });
  }

  /** The output as a person reads it, since the last `clear()`. */
  get plain(): string {
    return this.text.replace(ANSI, "");
  }

  clear(): void {
    this.text = "";
  }

  type(s: string): void {
    this.ws.send(encodeInput(s));
  }

  private notify(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves when `predicate` holds (checked after every frame); throws after `timeoutMs`. */
  async until(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (this.closed) throw new Error(`terminal closed while waiting for ${what}; last output: ${JSON.stringify(this.plain.slice(-300))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last output: ${JSON.stringify(this.plain.slice(-300))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Types `line` and Enter; resolves with the ms until `done` shows and the prompt is back. */
  async run(line: string, done: RegExp, timeoutMs: number): Promise<number> {
    this.clear();
    const sent = performance.now();
    this.type(`${line}\r`);
    await this.until(() => done.test(this.plain) && PROMPT.test(this.plain), timeoutMs, `${JSON.stringify(line)} to finish`);
    return performance.now() - sent;
  }

  /** One keystroke → the first output frame after it that holds the echoed character, in ms. */
  async echo(ch: string, timeoutMs: number): Promise<number> {
    this.sinceKey = "";
    const sent = performance.now();
    this.type(ch);
    await this.until(() => this.sinceKey.includes(ch), timeoutMs, `the echo of ${JSON.stringify(ch)}`);
    return performance.now() - sent;
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once("close", () => resolve());
      this.ws.close();
    });
  }
}
