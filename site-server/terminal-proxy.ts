import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";
import { SANDBOX_ID_PATTERN, TERMINAL_ID_PATTERN, patternBody } from "@quai/sandbox-runner/protocol";
import { answerAndClose, errorBody } from "./raw-answer";

/** The browser's address of a terminal socket (socket-url.ts builds it); the runner's is /v1/sandboxes/:id/terminals/:tid. */
export const TERMINAL_PATH = new RegExp(`^/ws/sandboxes/(${patternBody(SANDBOX_ID_PATTERN)})/terminals/(${patternBody(TERMINAL_ID_PATTERN)})$`);

const RUNNER_UNREACHABLE_FR = "Le service des bacs à sable ne répond pas. Réessayez dans un instant ; si le problème continue, prévenez la personne qui administre Quai.";
/** The largest refusal body relayed from the runner (its own are a few dozen bytes). */
const MAX_REFUSAL_BYTES = 4096;

export interface TerminalProxyOptions {
  /** The runner's base URL, http(s). */
  runnerUrl: string;
  /** Largest message either side may send: the runner's own limit (MAX_FRAME_BYTES), so the site closes as the runner would (1009). */
  maxPayload: number;
  /** How long the runner may take to accept or refuse a socket. */
  handshakeTimeoutMs?: number;
  /**
   * Keepalive towards the browser: a ping every interval, and a browser that
   * has not answered the previous one is dropped, with its runner socket. A
   * vanished laptop (no FIN) is gone within two intervals; shorter would cost
   * pings for every open terminal and cut a browser whose tab is throttled.
   */
  pingIntervalMs?: number;
  /**
   * Bytes queued towards one side before reading from the other pauses, and
   * resumes under half of it: a peer that does not read cannot make the site
   * buffer without end. The protocol's own flow control keeps output far
   * below this; it binds only on a client that floods.
   */
  highWaterBytes?: number;
  /** Trainers' read-only sockets onto a learner's terminal (spectators.ts); refused with 404 without it. */
  spectators?: SpectatorGate;
}

/** Where an authorised spectator socket goes on the runner, and what to call once it has closed. */
export interface SpectatorGrant {
  runnerPath: string;
  /** The socket is open; `close` ends it (with a close code) from the site's side. Returns what to call once it has closed. */
  opened(close: (code: number) => void): () => void;
}

export interface SpectatorGate {
  readonly path: RegExp;
  /** Checks the trainer, the workshop and the learner before any socket is accepted; a refusal is an HTTP answer. */
  authorize(req: IncomingMessage, match: RegExpExecArray, url: URL): Promise<SpectatorGrant | { status: number; body: string }>;
}

const defaults = { handshakeTimeoutMs: 10_000, pingIntervalMs: 20_000, highWaterBytes: 1024 * 1024 };

export interface TerminalProxy {
  /** The server's `upgrade` listener: every upgrade gets an answer, and only terminal paths a socket. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Sockets being proxied (for tests and logs). */
  readonly open: number;
  close(): void;
}

/**
 * Terminal sockets, from the browser to the runner. The browser only talks
 * to the site; the site opens the runner's socket first, with the
 * browser's Origin and query (the runner checks both, and the token), and
 * accepts the browser's only once the runner has: a refusal reaches the
 * browser as the runner's own HTTP answer. Messages are relayed one by one
 * with the runner's size limit, and both sockets close together.
 */
export function createTerminalProxy(options: TerminalProxyOptions): TerminalProxy {
  const settings = { ...defaults, ...options };
  const runnerWs = settings.runnerUrl.replace(/^http/, "ws").replace(/\/+$/, "");
  const wss = new WebSocketServer({ noServer: true, maxPayload: settings.maxPayload, perMessageDeflate: false });
  const answered = new WeakSet<WebSocket>();

  const pinger = setInterval(() => {
    for (const browser of wss.clients) {
      if (!answered.has(browser)) {
        browser.terminate();
        continue;
      }
      answered.delete(browser);
      browser.ping();
    }
  }, settings.pingIntervalMs);
  pinger.unref();

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on("error", () => socket.destroy());
    try {
      upgrade(req, socket, head);
    } catch (error) {
      // An exception here would end the whole site: this upgrade alone fails.
      console.error(`upgrade ${req.url?.slice(0, 200)}:`, error);
      answerAndClose(socket, 500, errorBody("internal", "Une erreur inattendue s'est produite. Réessayez dans un instant."));
    }
  }

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = parseTarget(req.url);
    const match = url && TERMINAL_PATH.exec(url.pathname);
    const spectator = url && settings.spectators?.path.exec(url.pathname);
    if (!url || (!match && !spectator)) return answerAndClose(socket, 404, errorBody("no_route", "Adresse inconnue."));
    if (req.headers.upgrade?.toLowerCase() !== "websocket") return answerAndClose(socket, 400, errorBody("bad_upgrade", "Seules les connexions WebSocket des terminaux sont acceptées ici."));
    if (match) return connect(req, socket, head, `/v1/sandboxes/${match[1]}/terminals/${match[2]}${url.search}`);
    settings
      .spectators!.authorize(req, spectator!, url)
      .then((grant) => {
        if ("status" in grant) return answerAndClose(socket, grant.status, grant.body);
        if (socket.destroyed) return;
        connect(req, socket, head, grant.runnerPath, grant.opened);
      })
      .catch((error: unknown) => {
        console.error(`spectator upgrade ${url.pathname}:`, error);
        answerAndClose(socket, 500, errorBody("internal", "Une erreur inattendue s'est produite. Réessayez dans un instant."));
      });
  }

  function connect(req: IncomingMessage, socket: Duplex, head: Buffer, runnerPath: string, opened?: SpectatorGrant["opened"]): void {
    const runner = new WebSocket(`${runnerWs}${runnerPath}`, {
      ...(req.headers.origin === undefined ? {} : { origin: req.headers.origin }),
      maxPayload: settings.maxPayload,
      perMessageDeflate: false,
      handshakeTimeout: settings.handshakeTimeoutMs,
    });
    // Until the runner has answered, the first outcome settles the upgrade.
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      return true;
    };
    socket.once("close", () => {
      if (settle()) runner.terminate();
    });
    runner.once("unexpected-response", (_request, response) => {
      if (settle()) relayRefusal(response, socket, runner);
    });
    runner.on("error", (error) => {
      if (!settle()) return;
      const timedOut = /handshake has timed out/i.test(error.message);
      answerAndClose(socket, timedOut ? 504 : 502, errorBody(timedOut ? "runner_timeout" : "runner_unreachable", RUNNER_UNREACHABLE_FR));
    });
    runner.once("open", () => {
      if (!settle()) return runner.terminate();
      let joined = false;
      // Without verifyClient, ws accepts synchronously: not joined now means it refused the handshake (and answered 400).
      wss.handleUpgrade(req, socket, head, (browser) => {
        joined = true;
        join(browser, runner);
        if (opened) browser.once("close", opened((code) => browser.close(code)));
      });
      if (!joined) runner.terminate();
    });
  }

  function join(browser: WebSocket, runner: WebSocket): void {
    answered.add(browser);
    browser.on("pong", () => answered.add(browser));
    relay(browser, runner, settings.highWaterBytes);
    relay(runner, browser, settings.highWaterBytes);
    closeTogether(browser, runner);
    closeTogether(runner, browser);
  }

  return {
    handleUpgrade,
    get open() {
      return wss.clients.size;
    },
    close() {
      clearInterval(pinger);
      for (const browser of wss.clients) browser.terminate();
      wss.close();
    },
  };
}

/** The request's target, or null when it is no URL at all (`GET http://[ HTTP/1.1`). */
function parseTarget(target: string | undefined): URL | null {
  try {
    return new URL(target ?? "/", "http://site");
  } catch {
    return null;
  }
}

/** The runner refused (401 token, 403 origin, 404 gone…): the browser gets the same answer. */
function relayRefusal(response: IncomingMessage, socket: Duplex, runner: WebSocket): void {
  const chunks: Buffer[] = [];
  let size = 0;
  response.on("data", (chunk: Buffer) => {
    if (size < MAX_REFUSAL_BYTES) chunks.push(chunk);
    size += chunk.length;
  });
  response.once("end", () => {
    const body = Buffer.concat(chunks).subarray(0, MAX_REFUSAL_BYTES).toString("utf8");
    answerAndClose(socket, response.statusCode ?? 502, body, response.headers["content-type"] ?? "application/json; charset=utf-8");
    runner.terminate();
  });
  response.once("error", () => {
    answerAndClose(socket, 502, errorBody("runner_unreachable", RUNNER_UNREACHABLE_FR));
    runner.terminate();
  });
}

/** Messages from one side to the other, as they are (binary or not: the runner judges), with backpressure. */
function relay(from: WebSocket, to: WebSocket, highWaterBytes: number): void {
  from.on("message", (data: Buffer, isBinary: boolean) => {
    if (to.readyState !== WebSocket.OPEN) return;
    to.send(data, { binary: isBinary }, () => {
      if (from.isPaused && to.bufferedAmount <= highWaterBytes / 2) from.resume();
    });
    if (to.bufferedAmount > highWaterBytes) from.pause();
  });
}

/**
 * When one side closes, the other closes with the same code and reason
 * (4404 sandbox gone, 1009 too big…); a side that vanished without a close
 * frame (1005, 1006) cuts the other the same way, so the browser retries as
 * it would if the runner had died.
 */
function closeTogether(from: WebSocket, to: WebSocket): void {
  from.once("close", (code: number, reason: Buffer) => {
    if (to.readyState === WebSocket.CLOSED || to.readyState === WebSocket.CLOSING) return;
    if (code === 1005 || code === 1006 || code === 1015) to.terminate();
    else to.close(code, reason);
  });
  from.on("error", () => to.terminate());
}
