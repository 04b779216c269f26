import type { ControlMessage, SocketLike } from "@quai/sandbox-runner/protocol";
import { decodeClientFrame, encodeControl, encodeOutput } from "@quai/sandbox-runner/protocol";
import { describe, expect, it } from "vitest";
import { EarlyConnection } from "./early-connection";
import type { ConnectionSink } from "./early-connection";

/** A socket already open: what the page sends is kept, what the runner sends is delivered by the test. */
class OpenSocket implements SocketLike {
  binaryType = "";
  readyState = 1;
  sent: Uint8Array[] = [];
  onopen: SocketLike["onopen"] = null;
  onmessage: SocketLike["onmessage"] = null;
  onclose: SocketLike["onclose"] = null;
  onerror: SocketLike["onerror"] = null;
  send(data: Uint8Array): void {
    this.sent.push(data);
  }
  close(): void {
    this.readyState = 3;
  }
  deliver(frame: Uint8Array): void {
    this.onmessage!({ data: frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength) });
  }
  acks(): number[] {
    return this.sent.map((f) => decodeClientFrame(f)).filter((f) => f.type === "ack").map((f) => (f as { offset: number }).offset);
  }
  resizes(): Array<[number, number]> {
    return this.sent.map((f) => decodeClientFrame(f)).filter((f) => f.type === "resize").map((f) => [(f as { cols: number }).cols, (f as { rows: number }).rows]);
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
const bytes = (text: string) => new TextEncoder().encode(text);
const ready: ControlMessage = { t: "ready", terminalId: "t1", offset: 0, readOnly: false };

function opened() {
  const sockets: OpenSocket[] = [];
  const urls: string[] = [];
  const early = new EarlyConnection({
    url: (offset, cols, rows) => {
      const url = `ws://site/terminal?offset=${offset}&cols=${cols}&rows=${rows}`;
      urls.push(url);
      return url;
    },
    cols: 100,
    rows: 30,
    socket: () => {
      const socket = new OpenSocket();
      sockets.push(socket);
      return socket;
    },
  });
  early.connection.connect();
  return { early, sockets, urls };
}

/** A view that records what it is handed and draws it when the test says (xterm's parse callback). */
function recordingView() {
  const seen: string[] = [];
  const pending: Array<() => void> = [];
  const sink: ConnectionSink = {
    onOutput: (data, done) => {
      seen.push(`output ${new TextDecoder().decode(data)}`);
      pending.push(done);
    },
    onState: (state) => seen.push(`state ${state}`),
    onControl: (message) => seen.push(`control ${message.t}`),
  };
  const drawAll = () => pending.splice(0).forEach((done) => done());
  return { sink, seen, drawAll };
}

describe("EarlyConnection", () => {
  it("opens the socket before any view exists, with the estimated size", async () => {
    const { early, sockets, urls } = opened();
    await tick();
    expect(sockets).toHaveLength(1);
    expect(urls).toEqual(["ws://site/terminal?offset=0&cols=100&rows=30"]);
    early.close();
  });

  it("hands what came before the view to it in order once it attaches, then passes the rest straight on", async () => {
    const { early, sockets } = opened();
    await tick();
    const socket = sockets[0]!;
    socket.deliver(encodeControl(ready));
    socket.deliver(encodeOutput(0, bytes("Bienvenue\r\n")));
    socket.deliver(encodeOutput(11, bytes("root@quai:~# ")));
    expect(early.holding).toBe(5); // connecting, connected, ready, two outputs

    const view = recordingView();
    early.attach(view.sink);
    expect(early.holding).toBe(0);
    expect(view.seen).toEqual(["state connecting", "state connected", "control ready", "output Bienvenue\r\n", "output root@quai:~# "]);

    socket.deliver(encodeOutput(24, bytes("ls\r\n")));
    expect(view.seen.at(-1)).toBe("output ls\r\n");
    early.close();
  });

  it("acknowledges held output only once the view has drawn it", async () => {
    const { early, sockets } = opened();
    await tick();
    const socket = sockets[0]!;
    socket.deliver(encodeControl(ready));
    socket.deliver(encodeOutput(0, new Uint8Array(9000)));
    socket.deliver(encodeOutput(9000, new Uint8Array(100)));
    await tick();
    // Nothing drawn yet: no ack, so the runner's window counts these bytes as in flight.
    expect(socket.acks()).toEqual([]);

    const view = recordingView();
    early.attach(view.sink);
    await tick();
    expect(socket.acks()).toEqual([]);
    view.drawAll();
    await tick();
    expect(socket.acks().at(-1)).toBe(9100);
    early.close();
  });

  it("sends the size xterm.js measured once, and reconnects with it", async () => {
    const { early, sockets, urls } = opened();
    await tick();
    sockets[0]!.deliver(encodeControl(ready));
    early.resize(100, 30); // the estimate was right: nothing to send
    early.resize(96, 28);
    expect(sockets[0]!.resizes()).toEqual([[96, 28]]);

    sockets[0]!.onclose!({ code: 1006 });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(urls.at(-1)).toBe("ws://site/terminal?offset=0&cols=96&rows=28");
    early.close();
  });

  it("holds events again after the view detached, for the next view", async () => {
    const { early, sockets } = opened();
    await tick();
    const first = recordingView();
    early.attach(first.sink);
    sockets[0]!.deliver(encodeControl(ready));
    early.detach();
    sockets[0]!.deliver(encodeOutput(0, bytes("après")));
    expect(first.seen).toEqual(["state connecting", "state connected", "control ready"]);

    const second = recordingView();
    early.attach(second.sink);
    expect(second.seen).toEqual(["output après"]);
    early.close();
  });
});
