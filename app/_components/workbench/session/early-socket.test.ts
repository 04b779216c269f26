import { TerminalConnection, encodeControl, encodeOutput } from "@quai/sandbox-runner/protocol";
import type { SocketLike } from "@quai/sandbox-runner/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EARLY_SANDBOX_GLOBAL, EARLY_SANDBOX_SENT_HOOK } from "./early-sandbox-request";
import { EARLY_SOCKET_GLOBAL, SANDBOX_ID_HEADER, TERMINAL_TOKEN_HEADER, bootBoxParsedScript, earlySocketScript, takeInlineSocket } from "./early-socket";
import { EARLY_SOCKET_OPENED_HOOK } from "../terminals/kit/kit-names";
import { INLINE_ESTIMATE, INLINE_WORKBENCH_BOX } from "./inline-estimate";
import { FAKE_BOX, fakeWindowForEstimate } from "./inline-page-fake";
import { TERMINAL_CHROME_HEIGHT, terminalSize } from "../terminals/terminal-size";

// The browser's globals are faked here (unit tests): what the inline script opens, and what the bundle's connection reads from it.
const holder = globalThis as unknown as Record<string, unknown>;
const session = { sandboxId: "aaaaaaaaaaaa", token: "tok", tokenExpiresAt: Date.now() + 600_000, expiresAt: Date.now() + 7_200_000, terminals: [] };
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
/** POST /api/sandbox's answer as the route sends it: the session, and its sandbox and token in headers too. */
const answer = (s: typeof session) =>
  new Response(JSON.stringify(s), { status: 200, headers: { "content-type": "application/json", [SANDBOX_ID_HEADER]: s.sandboxId, [TERMINAL_TOKEN_HEADER]: s.token } });
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

/** A browser WebSocket as far as the script and the adapter use it; the test plays the runner. */
class FakeWebSocket {
  static opened: FakeWebSocket[] = [];
  binaryType = "blob";
  readyState = 0;
  closedWith: number | null = null;
  onopen: ((e: Event) => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onclose: ((e: CloseEvent) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  sent: Uint8Array[] = [];
  constructor(readonly url: string) {
    FakeWebSocket.opened.push(this);
  }
  send(data: Uint8Array) {
    this.sent.push(data);
  }
  close(code?: number) {
    this.closedWith = code ?? 1005;
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({ type: "open" } as Event);
  }
  frame(bytes: Uint8Array) {
    const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    this.onmessage?.({ type: "message", data } as MessageEvent);
  }
  end(code: number) {
    this.readyState = 3;
    this.onclose?.({ type: "close", code } as CloseEvent);
  }
}

/** A wide window (a 700 × 600 px workbench box); the canvas measures a 8 px wide, 16 px high cell. */
function page({ list = null as string | null } = {}) {
  FakeWebSocket.opened = [];
  vi.stubGlobal("window", globalThis);
  vi.stubGlobal("WebSocket", FakeWebSocket);
  vi.stubGlobal("location", { protocol: "http:", host: "localhost:3000", pathname: "/cours/premiers-pas" });
  vi.stubGlobal("localStorage", { getItem: (key: string) => (key === "quai:terminals:premiers-pas" ? list : null) });
  vi.stubGlobal("document", fakeWindowForEstimate());
}
const runScript = () => new Function(earlySocketScript("premiers-pas-1", "quai:terminals:premiers-pas"))();

beforeEach(() => page());
afterEach(() => {
  vi.unstubAllGlobals();
  for (const key of [EARLY_SANDBOX_GLOBAL, EARLY_SANDBOX_SENT_HOOK, EARLY_SOCKET_GLOBAL]) delete holder[key];
});

describe("the page's inline terminal socket", () => {
  it("opens the first terminal's socket with the token of the sandbox's answer, at the box's size", async () => {
    runScript();
    (holder[EARLY_SANDBOX_SENT_HOOK] as (r: Promise<Response>) => void)(Promise.resolve(answer(session)));
    await tick();
    expect(FakeWebSocket.opened).toHaveLength(1);
    const url = new URL(FakeWebSocket.opened[0]!.url);
    expect(`${url.protocol}//${url.host}${url.pathname}`).toBe("ws://localhost:3000/ws/sandboxes/aaaaaaaaaaaa/terminals/premiers-pas-1");
    const expected = terminalSize(700, 600 - TERMINAL_CHROME_HEIGHT, 8, Math.floor(16 * 1.15));
    expect(Object.fromEntries(url.searchParams)).toEqual({ token: "tok", offset: "0", cols: String(expected.cols), rows: String(expected.rows) });
    expect(FakeWebSocket.opened[0]!.binaryType).toBe("arraybuffer");
  });

  it("takes a request the first script had already sent before it ran", async () => {
    holder[EARLY_SANDBOX_GLOBAL] = Promise.resolve(answer(session));
    runScript();
    await tick();
    expect(FakeWebSocket.opened).toHaveLength(1);
  });

  it("leaves the store's answer readable (it reads a copy)", async () => {
    runScript();
    const sent = Promise.resolve(answer(session));
    (holder[EARLY_SANDBOX_SENT_HOOK] as (r: Promise<Response>) => void)(sent);
    await tick();
    expect(await (await sent).json()).toEqual(session);
  });

  it.each([
    ["a learner with a terminal list of their own (the bundle knows which one is shown)", () => page({ list: '{"ids":["premiers-pas-2"],"active":"premiers-pas-2","next":3}' }), answer(session)],
    ["an answer that is not a sandbox (full, queued, refused)", () => undefined, json(503, { error: { code: "full", message: "Quai est complet pour le moment." } })],
  ])("opens nothing for %s", async (_what, setUp, answer) => {
    setUp();
    runScript();
    (holder[EARLY_SANDBOX_SENT_HOOK] as (r: Promise<Response>) => void)(Promise.resolve(answer));
    await tick();
    expect(FakeWebSocket.opened).toEqual([]);
  });

  it("opens nothing once the bundle has taken over", async () => {
    runScript();
    expect(takeInlineSocket("aaaaaaaaaaaa", "premiers-pas-1")).toBeNull();
    (holder[EARLY_SANDBOX_SENT_HOOK] as (r: Promise<Response>) => void)(Promise.resolve(answer(session)));
    await tick();
    expect(FakeWebSocket.opened).toEqual([]);
  });

  it("closes a socket nobody took after 30 s", async () => {
    runScript();
    vi.useFakeTimers();
    try {
      (holder[EARLY_SANDBOX_SENT_HOOK] as (r: Promise<Response>) => void)(Promise.resolve(answer(session)));
      await vi.advanceTimersByTimeAsync(29_000);
      expect(FakeWebSocket.opened[0]!.closedWith).toBeNull();
      await vi.advanceTimersByTimeAsync(1_000);
      expect(FakeWebSocket.opened[0]!.closedWith).toBe(1000);
      expect(takeInlineSocket("aaaaaaaaaaaa", "premiers-pas-1")).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it("computes the wide-screen workbench's box from the window and the width of its scrollbars", () => {
    const box = () => (new Function(`return (${INLINE_WORKBENCH_BOX})`)() as () => { clientWidth: number; clientHeight: number })();
    expect(box()).toEqual(FAKE_BOX);
    // Overlay scrollbars (headless Chromium) take no width: 1430 × 0.5 − 6.4 (divider) − 1 (border) = 707.6.
    vi.stubGlobal("document", fakeWindowForEstimate(0));
    expect(box()).toEqual({ clientWidth: 708, clientHeight: 600 });
  });

  it("estimates the size as the bundle does (terminal-size.ts), a box not laid out included", () => {
    const estimate = new Function(`return (${INLINE_ESTIMATE})`)() as (box: { clientWidth: number; clientHeight: number }) => { cols: number; rows: number };
    for (const [w, h] of [[700, 600], [1200, 900], [300, 120], [0, 0], [500, 50]] as const) {
      expect(estimate({ clientWidth: w, clientHeight: h })).toEqual(terminalSize(w, h - TERMINAL_CHROME_HEIGHT, 8, Math.floor(16 * 1.15)));
    }
  });
});

describe("the script after the workbench's markup", () => {
  it("calls the kit's hook when the kit left one, and does nothing otherwise", () => {
    const calls: number[] = [];
    holder[EARLY_SOCKET_OPENED_HOOK] = () => calls.push(1);
    new Function(bootBoxParsedScript())();
    expect(calls).toEqual([1]);
    delete holder[EARLY_SOCKET_OPENED_HOOK];
    expect(() => new Function(bootBoxParsedScript())()).not.toThrow();
  });
});

describe("takeInlineSocket", () => {
  async function opened(): Promise<FakeWebSocket> {
    runScript();
    (holder[EARLY_SANDBOX_SENT_HOOK] as (r: Promise<Response>) => void)(Promise.resolve(answer(session)));
    await tick();
    return FakeWebSocket.opened[0]!;
  }

  it("hands the terminal connection what came before it, in order, then what comes after", async () => {
    const ws = await opened();
    ws.open();
    ws.frame(encodeControl({ t: "ready", terminalId: "premiers-pas-1", offset: 0, readOnly: false }));
    ws.frame(encodeOutput(0, new TextEncoder().encode("Bienvenue ")));
    const taken = takeInlineSocket("aaaaaaaaaaaa", "premiers-pas-1")!;
    expect(taken).not.toBeNull();
    const output: string[] = [];
    const states: string[] = [];
    let first: (() => SocketLike) | null = taken.open;
    const connection = new TerminalConnection({
      // The url is asked for (a token) before the socket: the kept frames must wait for the handlers.
      url: async () => {
        await tick();
        return "ws://unused";
      },
      socket: () => {
        const s = first!();
        first = null;
        return s;
      },
      onOutput: (data, done) => {
        output.push(new TextDecoder().decode(data));
        done();
      },
      onState: (state) => states.push(state),
    });
    connection.connect();
    ws.frame(encodeOutput(10, new TextEncoder().encode("sur ")));
    await tick();
    await tick();
    ws.frame(encodeOutput(14, new TextEncoder().encode("Quai")));
    expect(output.join("")).toBe("Bienvenue sur Quai");
    expect(states).toEqual(["connecting", "connected"]);
    expect(connection.offset).toBe(18);
  });

  it("hands over a socket the runner already closed, so that the connection reacts as to any close", async () => {
    const ws = await opened();
    ws.end(4403);
    const taken = takeInlineSocket("aaaaaaaaaaaa", "premiers-pas-1")!;
    const socket = taken.open();
    const codes: number[] = [];
    socket.onclose = (e) => codes.push(e.code);
    await tick();
    expect(codes).toEqual([4403]);
  });

  it("closes, and does not hand over, a socket for another terminal or sandbox", async () => {
    const ws = await opened();
    expect(takeInlineSocket("aaaaaaaaaaaa", "premiers-pas-2")).toBeNull();
    expect(ws.closedWith).toBe(1000);
    expect(takeInlineSocket("aaaaaaaaaaaa", "premiers-pas-1")).toBeNull(); // once
  });
});
