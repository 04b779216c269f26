import { Server, createServer } from "node:http";
import next from "next";
import { MAX_FRAME_BYTES } from "@quai/sandbox-runner/protocol";
import { ConfigError, getConfig } from "../app/_lib/config";
import { settleForwardedHeaders } from "./forwarded-headers";
import { keepCookiesPrivate } from "./private-cookies";
import { getRunnerClient } from "../app/_lib/runner";
import { getWorkshopStore, trainerAccounts, trainerSessionKey } from "../app/_lib/workshops/registry";
import { createSpectatorGate } from "./spectators";
import { createTerminalProxy } from "./terminal-proxy";

/**
 * The site's process: Next's request handler behind a plain Node server
 * that owns every WebSocket upgrade (terminal-proxy.ts) and settles, before
 * Next sees a request, who sent it (forwarded-headers.ts) and that an
 * answer setting a cookie is never cached (private-cookies.ts).
 * `npm start` and the e2e harness run its build (site-server/dist/main.js,
 * made by `npm run build`); `npm run dev` runs it from source with `--dev`.
 * Run it from the repository: Next finds `.next` in the working directory.
 */

/** A client has this long to send its request's headers (an upgrade's included): slow or silent ones are cut. */
const HEADERS_TIMEOUT_MS = 10_000;
/** A whole request, body included (the editor's largest PUT is 4 MiB). */
const REQUEST_TIMEOUT_MS = 120_000;
/** How often those two are checked; Node's default (30 s) would let a silent socket live three times longer. */
const TIMEOUTS_CHECKED_EVERY_MS = 2_000;

async function main(): Promise<void> {
  const dev = process.argv.includes("--dev");
  const config = getConfig();
  const server = createServer({ connectionsCheckingInterval: TIMEOUTS_CHECKED_EVERY_MS });
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;

  // Next's custom-server wrapper adds its own `upgrade` listener to the
  // server it is given (or, without one, to the first request's server).
  // In production it gets one that never listens, so every upgrade has one
  // owner, the terminal proxy. `next dev` needs its listener for hot reload.
  const app = next({ dev, dir: process.cwd(), port: config.port, httpServer: dev ? server : new Server() });
  await app.prepare();
  const handle = app.getRequestHandler();
  const spectators = createSpectatorGate({ config, sessionKey: trainerSessionKey, accounts: trainerAccounts, store: getWorkshopStore, runner: getRunnerClient });
  const terminals = createTerminalProxy({ runnerUrl: config.runnerUrl, maxPayload: MAX_FRAME_BYTES, spectators });

  server.on("request", (req, res) => {
    settleForwardedHeaders(req, config.trustProxy);
    keepCookiesPrivate(res);
    handle(req, res).catch((error: unknown) => {
      console.error(`${req.method} ${req.url}:`, error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end("Erreur interne du site.");
    });
  });
  server.on("upgrade", (req, socket, head) => {
    if (dev && req.url?.startsWith("/_next/")) return;
    terminals.handleUpgrade(req, socket, head);
  });
  server.on("error", (error) => {
    console.error(`site: ${error.message}`);
    process.exit(1);
  });
  server.listen(config.port, () => {
    console.log(`site: ready on http://localhost:${config.port}${dev ? " (dev)" : ""}`);
    if (!dev) void loadCourseNow(config.port);
  });
}

/**
 * Loads the course now (GET /api/health, which parses every chapter) rather
 * than in the first learner's check, which held the site's thread for
 * seconds in the middle of a class (bench:classroom). A failure is logged:
 * the course then loads on first use, as before.
 */
async function loadCourseNow(port: number): Promise<void> {
  const started = performance.now();
  try {
    const answer = await fetch(`http://127.0.0.1:${port}/api/health`);
    const body = (await answer.json()) as { chapters?: number };
    if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
    console.log(`site: course loaded (${body.chapters} chapters) in ${Math.round(performance.now() - started)} ms`);
  } catch (error) {
    console.warn(`site: course not loaded at start (${(error as Error).message}); it loads on first use`);
  }
}

// Ctrl+C stops at once: waiting for open terminal sockets to close (a
// graceful shutdown) would keep the site up while any learner has a tab
// open. The runner keeps the shells; the pages reconnect.
process.once("SIGINT", () => process.exit(130));
process.once("SIGTERM", () => process.exit(143));

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `site: ${error.message}` : error);
  process.exit(1);
});
