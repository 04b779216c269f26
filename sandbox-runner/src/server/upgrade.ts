import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { Logger } from "pino";
import type { RunnerConfig } from "../config.js";
import {
  CloseCode,
  SANDBOX_ID_PATTERN,
  TERMINAL_ID_PATTERN,
  FRAMES_PER_SECOND_PER_SANDBOX,
  FRAMES_PER_SECOND_PER_SOCKET,
  MAX_COLS,
  MAX_FRAME_BYTES,
  MAX_ROWS,
  MAX_VIEWERS_PER_TERMINAL,
  ProtocolError,
  decodeClientFrame,
  patternBody,
} from "../protocol/index.js";
import type { SandboxManager } from "../sandboxes/manager.js";
import { SandboxError } from "../sandboxes/errors.js";
import type { Terminal } from "../terminals/terminal.js";
import { FrameBudget, ReadGate } from "./frame-budget.js";
import { verifyToken, type TokenError } from "./tokens.js";

const TERMINAL_PATH = new RegExp(`^/v1/sandboxes/([^/]+)/terminals/(${patternBody(TERMINAL_ID_PATTERN)})$`);
/** Interval between keepalive pings; a socket silent for two intervals is dropped. */
const PING_EVERY_MS = 20_000;
/** A refused client has this long to read the answer before its socket is destroyed. */
const REFUSAL_LINGER_MS = 2_000;

function reject(socket: Duplex, status: number, reason: string, messageFr: string): void {
  const body = JSON.stringify({ error: { code: reason, message: messageFr } });
  const statusText = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 409: "Conflict", 503: "Service Unavailable" }[status] ?? "Error";
  socket.end(`HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  // A client that never closes its side would leave the socket half-open.
  setTimeout(() => socket.destroy(), REFUSAL_LINGER_MS).unref();
}

/** The frame budget shared by all the sockets of one sandbox, dropped with its last socket. */
function sandboxBudgets() {
  const budgets = new Map<string, { budget: FrameBudget; sockets: number }>();
  return {
    join(sandboxId: string): FrameBudget {
      const entry = budgets.get(sandboxId) ?? { budget: new FrameBudget(FRAMES_PER_SECOND_PER_SANDBOX), sockets: 0 };
      entry.sockets++;
      budgets.set(sandboxId, entry);
      return entry.budget;
    },
    leave(sandboxId: string): void {
      const entry = budgets.get(sandboxId);
      if (entry && --entry.sockets === 0) budgets.delete(sandboxId);
    },
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function intParam(url: URL, name: string, fallback: number, max: number): number | null {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= 0 && n <= max ? n : null;
}

/**
 * Terminal sockets. Everything is checked before the upgrade is accepted
 * (Origin, token signature and expiry, sandbox, owner), so an unauthorised
 * client never gets a WebSocket at all, only an HTTP 4xx on the raw socket.
 */
export function createTerminalUpgrade(config: RunnerConfig, manager: SandboxManager, log: Logger) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const alive = new WeakMap<WebSocket, boolean>();
  const perSandbox = sandboxBudgets();
  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, PING_EVERY_MS);
  pinger.unref();

  async function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? "/", "http://runner");
    const match = TERMINAL_PATH.exec(url.pathname);
    if (!match) return reject(socket, 404, "no_route", "Adresse inconnue.");
    const [, sandboxId = "", terminalId = ""] = match;
    const origin = req.headers.origin;
    if (!origin || !config.QUAI_ALLOWED_ORIGINS.includes(origin)) {
      log.warn({ origin, path: url.pathname }, "terminal upgrade refused: origin");
      return reject(socket, 403, "bad_origin", "Origine non autorisée.");
    }
    let claims;
    try {
      claims = verifyToken(config.QUAI_RUNNER_SECRET, url.searchParams.get("token") ?? "");
    } catch (err) {
      log.warn({ path: url.pathname, reason: (err as TokenError).message }, "terminal upgrade refused: token");
      return reject(socket, 401, "bad_token", "Votre accès au terminal a expiré. Rechargez la page.");
    }
    if (!SANDBOX_ID_PATTERN.test(sandboxId) || claims.sid !== sandboxId) return reject(socket, 403, "wrong_sandbox", "Accès refusé à ce bac à sable.");
    const from = intParam(url, "offset", 0, Number.MAX_SAFE_INTEGER);
    const cols = intParam(url, "cols", 80, MAX_COLS);
    const rows = intParam(url, "rows", 24, MAX_ROWS);
    if (from === null || !cols || !rows) return reject(socket, 400, "bad_params", "Paramètres de terminal invalides.");
    let terminal: Terminal | null;
    try {
      const sb = manager.get(sandboxId);
      if (sb.owner !== claims.sub) return reject(socket, 403, "wrong_owner", "Accès refusé à ce bac à sable.");
      terminal = await manager.terminal(sandboxId, terminalId, { create: claims.role === "owner", cols, rows, offset: from });
    } catch (err) {
      if (err instanceof SandboxError && err.code === "too_many_terminals") {
        // The client is authenticated: it gets a socket closed with the reason, since a
        // browser cannot read an HTTP refusal (it would only see 1006 and retry forever).
        return wss.handleUpgrade(req, socket, head, (ws) => ws.close(CloseCode.TooManyTerminals, "too many terminals"));
      }
      if (err instanceof SandboxError) return reject(socket, err.status, err.code, err.messageFr);
      log.error({ err, sandboxId }, "terminal open failed");
      return reject(socket, 503, "unavailable", "Impossible d'ouvrir le terminal. Réessayez.");
    }
    if (!terminal) return reject(socket, 404, "no_terminal", "Ce terminal n'existe pas (ou plus).");
    if (terminal.viewerCount >= MAX_VIEWERS_PER_TERMINAL) {
      return wss.handleUpgrade(req, socket, head, (ws) => ws.close(CloseCode.TooManyViewers, "too many viewers"));
    }
    const readOnly = claims.role !== "owner";
    const open = terminal;
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, req, open, sandboxId, from, readOnly));
  }

  function attach(ws: WebSocket, req: IncomingMessage, terminal: Terminal, sandboxId: string, from: number, readOnly: boolean): void {
    (req.socket as { setNoDelay?: (v: boolean) => void }).setNoDelay?.(true);
    alive.set(ws, true);
    ws.on("pong", () => alive.set(ws, true));
    const viewer = terminal.attach(
      {
        send: (frame) => {
          if (ws.readyState === ws.OPEN) ws.send(frame, { binary: true });
        },
        close: (code) => ws.close(code),
      },
      { from, readOnly },
    );
    // Every frame is charged to this socket and to its sandbox; past either
    // budget, or while the shell has not taken the last input, the socket is
    // not read: the flood waits in the client's TCP buffers.
    const own = new FrameBudget(FRAMES_PER_SECOND_PER_SOCKET);
    const shared = perSandbox.join(sandboxId);
    const gate = new ReadGate(
      () => ws.pause(),
      () => ws.resume(),
    );
    let waiting = false;
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      try {
        if (!isBinary) throw new ProtocolError("text frames are not accepted");
        const frame = decodeClientFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
        if (frame.type === "input") {
          if (terminal.input(viewer, frame.data)) manager.touch(sandboxId);
          const drained = terminal.drained();
          if (drained) gate.hold(drained);
        } else if (frame.type === "resize") {
          void terminal.resize(viewer, frame.cols, frame.rows);
        } else {
          terminal.ack(viewer, frame.offset);
        }
      } catch (err) {
        log.warn({ sandboxId, reason: (err as Error).message }, "bad terminal frame");
        ws.close(CloseCode.BadFrame, (err as Error).message.slice(0, 100));
        return;
      }
      const wait = Math.max(own.take(), shared.take());
      if (wait > 0 && !waiting) {
        waiting = true;
        gate.hold(sleep(wait).then(() => (waiting = false)));
      }
    });
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      terminal.detach(viewer);
      perSandbox.leave(sandboxId);
    };
    ws.on("close", leave);
    ws.on("error", leave);
  }

  return {
    handle: (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on("error", () => undefined);
      onUpgrade(req, socket, head).catch((err) => {
        log.error({ err }, "upgrade failed");
        reject(socket, 503, "unavailable", "Le service des bacs à sable est indisponible.");
      });
    },
    close: () => {
      clearInterval(pinger);
      for (const ws of wss.clients) ws.close(CloseCode.GoingAway);
      wss.close();
    },
  };
}
