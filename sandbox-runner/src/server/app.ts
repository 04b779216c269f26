import { createServer, type Server } from "node:http";
import type { Logger } from "pino";
import { handleRequest, type RouteContext } from "./routes.js";
import { createTerminalUpgrade } from "./upgrade.js";

/** The runner's single HTTP server: the JSON API plus terminal WebSocket upgrades. */
export function createRunnerServer(ctx: RouteContext, log: Logger): { server: Server; close: () => Promise<void> } {
  const upgrades = createTerminalUpgrade(ctx.config, ctx.manager, log);
  const server = createServer((req, res) => void handleRequest(ctx, req, res));
  server.on("upgrade", upgrades.handle);
  // Longer than the site's idle gaps between calls, and announced in `Keep-Alive: timeout=65`
  // so that clients (undici) drop an idle socket before the runner does: with Node's 5 s
  // default, a client whose event loop was busy for a few seconds sent its next request on a
  // socket the runner had just closed (« fetch failed … other side closed » in bench:sandbox).
  // The API is server to server on a private address, so idle sockets are few.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 11 * 60_000; // an exec may legitimately run 10 minutes
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        upgrades.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
