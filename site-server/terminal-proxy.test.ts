import { createServer } from "node:http";
import type { IncomingMessage, Server } from "node:http";
import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { createTerminalProxy } from "./terminal-proxy";
import type { TerminalProxy, TerminalProxyOptions } from "./terminal-proxy";

/**
 * The proxy between real sockets on loopback. The runner here is a stand-in
 * (a ws server that accepts, refuses or keeps silent on demand): what is
 * tested is the proxy, and the e2e suite runs it against the real runner.
 */
const SANDBOX = "0123456789ab";
const TERMINAL_PATH = `/ws/sandboxes/${SANDBOX}/terminals/chap-1`;
const MAX = 64 * 1024;

interface StandIn {
  url: string;
  /** Each accepted socket and the request that opened it. */
  accepted: Array<{ ws: WebSocket; req: IncomingMessage }>;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A runner that accepts every socket, or answers `refuse` (status, JSON body), or never answers; `unlimited`: no message limit of its own. */
async function standInRunner(behaviour: { refuse?: [number, string]; silent?: boolean; unlimited?: boolean } = {}): Promise<StandIn> {
  const wss = new WebSocketServer({ noServer: true, ...(behaviour.unlimited ? {} : { maxPayload: MAX }) });
  const accepted: StandIn["accepted"] = [];
  const server = createServer();
  const sockets = new Set<Duplex>();
  server.on("upgrade", (req, socket, head) => {
    sockets.add(socket);
    if (behaviour.silent) return;
    if (behaviour.refuse) {
      const [status, body] = behaviour.refuse;
      socket.end(`HTTP/1.1 ${status} Refused\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accepted.push({ ws, req }));
  });
  const url = await listen(server);
  cleanups.push(() => {
    for (const socket of sockets) socket.destroy();
  });
  return { url, accepted };
}

async function siteWith(runnerUrl: string, options: Partial<TerminalProxyOptions> = {}): Promise<{ base: string; proxy: TerminalProxy }> {
  const proxy = createTerminalProxy({ runnerUrl, maxPayload: MAX, ...options });
  const server = createServer((_req, res) => res.end());
  server.on("upgrade", (req, socket, head) => proxy.handleUpgrade(req, socket, head));
  const base = await listen(server);
  cleanups.push(() => proxy.close());
  return { base, proxy };
}

/** An upgrade request on a raw socket: what the server sends back, until it closes the socket itself. */
function rawUpgrade(base: string, path: string, upgrade = "websocket"): Promise<string> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk.toString()));
    socket.on("close", () => resolve(answer));
    socket.on("error", reject);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: site\r\nConnection: Upgrade\r\nUpgrade: ${upgrade}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`);
  });
}

function opened(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
}

const closed = (ws: WebSocket) => new Promise<{ code: number; reason: string }>((resolve) => ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })));
const until = async (check: () => boolean, ms = 2000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe("terminal proxy: what it refuses", () => {
  it("answers an upgrade to any other path with a 404, and closes the socket itself", async () => {
    const { base } = await siteWith((await standInRunner()).url);
    for (const path of ["/zzz", "/ws/other", "/", "/ws/sandboxes/0123456789ab/terminals/UPPER", "http://[::1"]) {
      const answer = await rawUpgrade(base, path);
      expect(answer).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
      expect(answer).toContain('{"error":{"code":"no_route","message":"Adresse inconnue."}}');
    }
  });

  it("answers an upgrade to anything but a WebSocket with a 400", async () => {
    const { base } = await siteWith((await standInRunner()).url);
    expect(await rawUpgrade(base, TERMINAL_PATH, "h2c")).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
  });

  it("passes the runner's refusal on as it is, and drops the runner's socket", async () => {
    const body = '{"error":{"code":"bad_token","message":"Votre accès au terminal a expiré. Rechargez la page."}}';
    const { base } = await siteWith((await standInRunner({ refuse: [401, body] })).url);
    const answer = await rawUpgrade(base, `${TERMINAL_PATH}?token=x`);
    expect(answer).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
    expect(answer.endsWith(body)).toBe(true);
  });

  it("says in French that the runner is away, or too slow to answer", async () => {
    const away = await siteWith("http://127.0.0.1:9");
    expect(await rawUpgrade(away.base, TERMINAL_PATH)).toMatch(/^HTTP\/1\.1 502 Bad Gateway\r\n[^]*Le service des bacs à sable ne répond pas/);
    const slow = await siteWith((await standInRunner({ silent: true })).url, { handshakeTimeoutMs: 200 });
    expect(await rawUpgrade(slow.base, TERMINAL_PATH)).toMatch(/^HTTP\/1\.1 504 Gateway Timeout\r\n/);
  });
});

describe("terminal proxy: a socket it accepts", () => {
  it("reaches the runner with the browser's Origin and query, and relays both ways", async () => {
    const runner = await standInRunner();
    const { base } = await siteWith(runner.url);
    const browser = new WebSocket(`${base.replace("http", "ws")}${TERMINAL_PATH}?token=abc&offset=5&cols=80&rows=24`, { origin: "http://localhost:3000" });
    await opened(browser);
    const { ws: upstream, req } = runner.accepted[0]!;
    expect(req.url).toBe(`/v1/sandboxes/${SANDBOX}/terminals/chap-1?token=abc&offset=5&cols=80&rows=24`);
    expect(req.headers.origin).toBe("http://localhost:3000");
    const toRunner = new Promise<Buffer>((resolve) => upstream.once("message", (data: Buffer) => resolve(data)));
    browser.send(Buffer.from([1, 0x6c, 0x73]));
    expect([...(await toRunner)]).toEqual([1, 0x6c, 0x73]);
    const toBrowser = new Promise<Buffer>((resolve) => browser.once("message", (data: Buffer) => resolve(data)));
    upstream.send(Buffer.from([0x10, 1, 2]));
    expect([...(await toBrowser)]).toEqual([0x10, 1, 2]);
  });

  it("closes both together, with the closer's code", async () => {
    const runner = await standInRunner();
    const { base, proxy } = await siteWith(runner.url);
    const browser = new WebSocket(`${base.replace("http", "ws")}${TERMINAL_PATH}`);
    await opened(browser);
    const browserClosed = closed(browser);
    runner.accepted[0]!.ws.close(4404, "sandbox gone");
    expect(await browserClosed).toEqual({ code: 4404, reason: "sandbox gone" });

    const again = new WebSocket(`${base.replace("http", "ws")}${TERMINAL_PATH}`);
    await opened(again);
    const runnerClosed = closed(runner.accepted[1]!.ws);
    again.close(1000);
    expect((await runnerClosed).code).toBe(1000);
    await until(() => proxy.open === 0);
  });

  it("closes a browser that sends a message past the runner's limit, fragmented, with 1009 itself, and the runner's socket too", async () => {
    // A runner without a limit of its own: the 1009 can only come from the site.
    const runner = await standInRunner({ unlimited: true });
    const { base, proxy } = await siteWith(runner.url);
    const browser = new WebSocket(`${base.replace("http", "ws")}${TERMINAL_PATH}`);
    await opened(browser);
    let reachedRunner = 0;
    runner.accepted[0]!.ws.on("message", () => reachedRunner++);
    const upstreamClosed = closed(runner.accepted[0]!.ws);
    const browserClosed = closed(browser);
    const chunk = Buffer.alloc(16 * 1024, 0x61);
    for (let i = 0; i < 640 && browser.readyState === WebSocket.OPEN; i++) browser.send(chunk, { binary: true, fin: false });
    expect((await browserClosed).code).toBe(1009);
    await upstreamClosed;
    expect(reachedRunner).toBe(0);
    await until(() => proxy.open === 0);
  });

  it("drops a browser that stopped answering pings, and its runner socket", async () => {
    const runner = await standInRunner();
    const { base, proxy } = await siteWith(runner.url, { pingIntervalMs: 100 });
    const browser = new WebSocket(`${base.replace("http", "ws")}${TERMINAL_PATH}`, { autoPong: false });
    await opened(browser);
    const started = Date.now();
    const upstreamClosed = closed(runner.accepted[0]!.ws);
    expect((await closed(browser)).code).toBe(1006);
    await upstreamClosed;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(proxy.open).toBe(0);
  });

  it("keeps a browser that answers pings", async () => {
    const runner = await standInRunner();
    const { base, proxy } = await siteWith(runner.url, { pingIntervalMs: 50 });
    const browser = new WebSocket(`${base.replace("http", "ws")}${TERMINAL_PATH}`);
    await opened(browser);
    await new Promise((r) => setTimeout(r, 400));
    expect(browser.readyState).toBe(WebSocket.OPEN);
    expect(proxy.open).toBe(1);
    browser.close();
  });
});
