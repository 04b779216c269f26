import { afterEach, describe, expect, it, vi } from "vitest";
import { TerminalConnection } from "./client.ts";
import type { ConnectionState, SocketLike } from "./client.ts";
import { decodeClientFrame, encodeControl, encodeOutput } from "./frames.ts";

/** A socket that never opens: each one is closed by the test with the code it chooses. */
class FakeSocket implements SocketLike {
  binaryType = "";
  readyState = 0;
  onopen: SocketLike["onopen"] = null;
  onmessage: SocketLike["onmessage"] = null;
  onclose: SocketLike["onclose"] = null;
  onerror: SocketLike["onerror"] = null;
  send(_data: Uint8Array): void {}
  close(): void {}
}

afterEach(() => vi.useRealTimers());

function unreachable() {
  const sockets: FakeSocket[] = [];
  const states: ConnectionState[] = [];
  const connection = new TerminalConnection({
    url: () => "ws://runner/terminal",
    onOutput: () => undefined,
    onState: (state) => states.push(state),
    socket: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    },
    minBackoffMs: 1000,
    maxBackoffMs: 5000,
  });
  // A dropped socket (1006) is retried after the backoff.
  const dropLast = () => sockets.at(-1)!.onclose!({ code: 1006 });
  return { connection, sockets, states, dropLast };
}

describe("TerminalConnection.retryNow", () => {
  it("opens a socket at once while waiting to reconnect, instead of at the end of the backoff", async () => {
    vi.useFakeTimers();
    const { connection, sockets, states, dropLast } = unreachable();
    connection.connect();
    await vi.advanceTimersByTimeAsync(0);
    dropLast();
    expect(states.at(-1)).toBe("reconnecting");
    expect(sockets).toHaveLength(1);

    connection.retryNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(sockets).toHaveLength(2);

    // The backoff's own attempt was cancelled: no third socket when it would have fired.
    await vi.advanceTimersByTimeAsync(1500);
    expect(sockets).toHaveLength(2);
  });

  it("does nothing while a socket is open or opening, or after close()", async () => {
    vi.useFakeTimers();
    const { connection, sockets, dropLast } = unreachable();
    connection.connect();
    await vi.advanceTimersByTimeAsync(0);
    connection.retryNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(sockets).toHaveLength(1);

    dropLast();
    connection.close();
    connection.retryNow();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sockets).toHaveLength(1);
  });
});

describe("TerminalConnection offsets", () => {
  it("acknowledges again at once after a ready with a lower offset (a new shell, or one another runner took over)", async () => {
    const sent: Uint8Array[] = [];
    const sockets: FakeSocket[] = [];
    const connection = new TerminalConnection({
      url: () => "ws://runner/terminal",
      onOutput: (_data, done) => done(),
      socket: () => {
        const socket = new FakeSocket();
        socket.readyState = 1;
        socket.send = (data: Uint8Array) => void sent.push(data);
        sockets.push(socket);
        return socket;
      },
    });
    const deliver = (frame: Uint8Array) => sockets.at(-1)!.onmessage!({ data: frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength) });
    const acks = () => sent.map((f) => decodeClientFrame(f)).filter((f) => f.type === "ack").map((f) => (f as { offset: number }).offset);
    connection.connect();
    await new Promise((r) => setTimeout(r, 0));
    deliver(encodeControl({ t: "ready", terminalId: "main", offset: 0, readOnly: false }));
    deliver(encodeOutput(0, new Uint8Array(9000)));
    await new Promise((r) => setTimeout(r, 5));
    expect(acks().at(-1)).toBe(9000);
    // The runner restarted and took the shell over: its count restarts lower.
    sockets.at(-1)!.onclose!({ code: 1006 });
    await new Promise((r) => setTimeout(r, 400));
    deliver(encodeControl({ t: "ready", terminalId: "main", offset: 100, readOnly: false, resumed: true }));
    deliver(encodeOutput(100, new Uint8Array(50)));
    await new Promise((r) => setTimeout(r, 5));
    expect(acks().at(-1)).toBe(150);
    connection.close();
  });
});

describe("TerminalConnection on a change of role (« prendre la main »)", () => {
  it("reconnects after the shortest wait, however many drops came before", async () => {
    vi.useFakeTimers();
    const { connection, sockets, states, dropLast } = unreachable();
    connection.connect();
    await vi.advanceTimersByTimeAsync(0);
    // Three drops in a row: the next try would wait 5 s.
    for (const wait of [1000, 2000, 4000]) {
      dropLast();
      await vi.advanceTimersByTimeAsync(wait);
    }
    expect(sockets).toHaveLength(4);
    sockets.at(-1)!.onclose!({ code: 4414 });
    expect(states.at(-1)).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(1000);
    expect(sockets).toHaveLength(5);
    connection.close();
  });
});
