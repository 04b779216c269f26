import { createServer, type Server } from "node:http";
import type { Logger } from "pino";
import { handleRequest, type RouteContext } from "./routes.js";
import { createTerminalUpgrade } from "./upgrade.js";

/** The runner's single HTTP server: the JSON API plus terminal WebSocket upgrades. */
export function createRunnerServer(ctx: RouteContext, log: Logger): { server: Server; close: () => Promise<void> } {
  const upgrades = createTerminalUpgrade(ctx.config, ctx.manager, log);
  const server = createServer((req, res) => void handleRequest(ctx, req, res));
  server.on("upgrade", upgrades.handle);
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
