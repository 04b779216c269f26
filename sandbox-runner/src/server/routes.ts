import type { IncomingMessage, ServerResponse } from "node:http";
import { timingSafeEqual } from "node:crypto";
import type { RunnerConfig } from "../config.js";
import type { SandboxDriver } from "../driver/driver.js";
import { filesRequestSchema, validateFiles } from "../files/validate.js";
import {
  OWNER_PATTERN,
  RESERVATION_KEY,
  SANDBOX_ID_PATTERN,
  acquireRequestSchema,
  execRequestSchema,
  extendRequestSchema,
  jobRequestSchema,
  reservationRequestSchema,
  tokenRequestSchema,
  type SandboxInfo,
  type SandboxLease,
} from "../protocol/index.js";
import type { Sandbox, SandboxManager } from "../sandboxes/manager.js";
import { badRequest, noSandboxOf } from "../sandboxes/errors.js";
import type { SandboxInspector } from "../inspect/inspector.js";
import type { RunnerMetrics } from "../metrics/metrics.js";
import { readJson, sendError, sendJson } from "./json.js";
import { proxyPreview } from "./preview.js";
import { issueToken } from "./tokens.js";

export interface RouteContext {
  config: RunnerConfig;
  manager: SandboxManager;
  driver: SandboxDriver;
  inspector: SandboxInspector;
  metrics: RunnerMetrics;
}

export const MAX_EXEC_OUTPUT = 1024 * 1024;

function describe(sb: Sandbox): SandboxInfo {
  return {
    id: sb.id,
    owner: sb.owner,
    createdAt: sb.createdAt,
    expiresAt: sb.expiresAt,
    // Shells taken over from an earlier runner count before anyone re-attaches them.
    terminals: [...sb.terminals.keys(), ...sb.survivors.keys()],
  };
}

function withToken(ctx: RouteContext, sb: Sandbox, role: "owner" | "viewer"): SandboxLease {
  const { token, expiresAt } = issueToken(ctx.config.QUAI_RUNNER_SECRET, { sid: sb.id, sub: sb.owner, role }, ctx.config.QUAI_TOKEN_TTL_S);
  return { sandbox: describe(sb), token, tokenExpiresAt: expiresAt, woke: sb.woke };
}

function authorized(req: IncomingMessage, secret: string): boolean {
  const header = req.headers.authorization ?? "";
  const given = Buffer.from(header.startsWith("Bearer ") ? header.slice(7) : "");
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

type Handler = (ctx: RouteContext, req: IncomingMessage, res: ServerResponse, id: string, url: URL, match: RegExpExecArray) => Promise<void>;
/** What the first capture of a route's pattern names, and so how it is checked. */
type Param = "sandbox" | "reservation" | "owner";

function required(url: URL, name: string): string {
  const value = url.searchParams.get(name);
  if (!value) throw badRequest(`Paramètre « ${name} » manquant.`, `missing query parameter ${name}`);
  return value;
}

const routes: Array<{ method: string; pattern: RegExp; param?: Param; handler: Handler }> = [
  {
    method: "GET",
    pattern: /^\/metrics$/,
    // Prometheus text format; behind the same secret as the API (a scraper sends it as a bearer token).
    handler: async (ctx, _req, res) => {
      const { body, contentType } = await ctx.metrics.render();
      res.writeHead(200, { "content-type": contentType, "content-length": Buffer.byteLength(body), "cache-control": "no-store" });
      res.end(body);
    },
  },
  {
    method: "GET",
    pattern: /^\/v1\/reservations$/,
    handler: async (ctx, _req, res) => sendJson(res, 200, { reservations: ctx.manager.reservationsList() }),
  },
  {
    method: "PUT",
    pattern: /^\/v1\/reservations\/([^/]+)$/,
    param: "reservation",
    // Answered once saved: a reservation the site was told of survives a runner crash.
    handler: async (ctx, req, res, key) => {
      const reservation = ctx.manager.reserve(key, await readJson(req, reservationRequestSchema));
      await ctx.manager.flush();
      sendJson(res, 200, { reservation });
    },
  },
  {
    method: "DELETE",
    pattern: /^\/v1\/reservations\/([^/]+)$/,
    param: "reservation",
    handler: async (ctx, _req, res, key) => {
      await ctx.manager.release(key);
      await ctx.manager.flush();
      res.writeHead(204).end();
    },
  },
  {
    method: "GET",
    pattern: /^\/v1\/owners\/([^/]+)\/sandbox$/,
    param: "owner",
    // The owner's sandbox without creating one (a check must never get a fresh sandbox).
    handler: async (ctx, _req, res, owner) => {
      const sb = await ctx.manager.current(owner);
      if (!sb) throw noSandboxOf(owner);
      sendJson(res, 200, { sandbox: describe(sb) });
    },
  },
  {
    method: "DELETE",
    pattern: /^\/v1\/owners\/([^/]+)\/sandbox$/,
    param: "owner",
    // Running and sleeping alike (a workshop's end); nothing to destroy is not an error.
    handler: async (ctx, _req, res, owner) => {
      await ctx.manager.destroyOwned(owner);
      res.writeHead(204).end();
    },
  },
  {
    method: "POST",
    pattern: /^\/v1\/sandboxes$/,
    handler: async (ctx, req, res) => {
      const { owner, reservation, noStart, terminal } = await readJson(req, acquireRequestSchema);
      const sb = await ctx.manager.acquire(owner, { reservation, noStart });
      if (terminal) ctx.manager.openFirstTerminal(sb.id, terminal);
      sendJson(res, 200, withToken(ctx, sb, "owner"));
      sb.woke = false; // said once, with the lease that woke it
    },
  },
  {
    method: "GET",
    pattern: /^\/v1\/sandboxes\/([^/]+)$/,
    handler: async (ctx, _req, res, id) => sendJson(res, 200, { sandbox: describe(ctx.manager.get(id)) }),
  },
  {
    method: "DELETE",
    pattern: /^\/v1\/sandboxes\/([^/]+)$/,
    handler: async (ctx, _req, res, id) => {
      ctx.manager.get(id);
      await ctx.manager.destroy(id);
      res.writeHead(204).end();
    },
  },
  {
    method: "POST",
    pattern: /^\/v1\/sandboxes\/([^/]+)\/tokens$/,
    handler: async (ctx, req, res, id) => {
      const { role } = await readJson(req, tokenRequestSchema);
      sendJson(res, 200, withToken(ctx, ctx.manager.get(id), role));
    },
  },
  {
    method: "POST",
    pattern: /^\/v1\/sandboxes\/([^/]+)\/extend$/,
    handler: async (ctx, req, res, id) => {
      const { minutes } = await readJson(req, extendRequestSchema);
      const sb = ctx.manager.extend(id, minutes * 60_000);
      // Answered once saved: an extension the trainer was told of survives a runner crash.
      await ctx.manager.flush();
      sendJson(res, 200, { sandbox: describe(sb) });
    },
  },
  {
    method: "POST",
    pattern: /^\/v1\/sandboxes\/([^/]+)\/sleep$/,
    handler: async (ctx, _req, res, id) => {
      await ctx.manager.sleep(id);
      res.writeHead(204).end();
    },
  },
  {
    method: "POST",
    pattern: /^\/v1\/sandboxes\/([^/]+)\/reset$/,
    handler: async (ctx, _req, res, id) => sendJson(res, 200, withToken(ctx, await ctx.manager.reset(id), "owner")),
  },
  {
    method: "POST",
    pattern: /^\/v1\/sandboxes\/([^/]+)\/exec$/,
    handler: async (ctx, req, res, id) => {
      const body = await readJson(req, execRequestSchema);
      const argv = body.argv ?? ["bash", "-c", body.command!];
      const result = await ctx.manager.exec(id, { argv, timeoutMs: body.timeoutMs, workdir: body.workdir, env: body.env, maxOutputBytes: MAX_EXEC_OUTPUT }, body.kind);
      sendJson(res, 200, result);
    },
  },
  {
    method: "POST",
    pattern: /^\/v1\/sandboxes\/([^/]+)\/jobs$/,
    // A job (« Construire »): its output and exit come over the terminal socket /terminals/:jobId.
    handler: async (ctx, req, res, id) => sendJson(res, 201, { job: await ctx.manager.startJob(id, await readJson(req, jobRequestSchema)) }),
  },
  {
    method: "PUT",
    pattern: /^\/v1\/sandboxes\/([^/]+)\/files$/,
    handler: async (ctx, req, res, id) => {
      const { dir, files } = validateFiles(await readJson(req, filesRequestSchema));
      await ctx.manager.putFiles(id, dir, files);
      sendJson(res, 200, { dir, written: files.length });
    },
  },
  {
    method: "GET",
    pattern: /^\/v1\/sandboxes\/([^/]+)\/ports$/,
    handler: async (ctx, _req, res, id) => sendJson(res, 200, { ports: await ctx.inspector.ports(id) }),
  },
  {
    method: "GET",
    pattern: /^\/v1\/sandboxes\/([^/]+)\/images$/,
    handler: async (ctx, _req, res, id) => sendJson(res, 200, { images: await ctx.inspector.images(id) }),
  },
  {
    method: "GET",
    pattern: /^\/v1\/sandboxes\/([^/]+)\/layers$/,
    handler: async (ctx, _req, res, id, url) => sendJson(res, 200, await ctx.inspector.layers(id, required(url, "image"))),
  },
  {
    method: "GET",
    pattern: /^\/v1\/sandboxes\/([^/]+)\/containers$/,
    handler: async (ctx, _req, res, id) => sendJson(res, 200, { containers: await ctx.inspector.containers(id) }),
  },
  {
    method: "GET",
    pattern: /^\/v1\/sandboxes\/([^/]+)\/diff$/,
    handler: async (ctx, _req, res, id, url) => sendJson(res, 200, { changes: await ctx.inspector.diff(id, required(url, "container")) }),
  },
  {
    method: "*",
    pattern: /^\/v1\/sandboxes\/([^/]+)\/preview\/(\d{1,5})(\/.*)?$/,
    handler: async (ctx, req, res, id, url, match) => proxyPreview(ctx.manager, ctx.inspector, req, res, id, Number(match[2]), `${match[3] ?? "/"}${url.search}`),
  },
];

/** The runner's server-to-server API: every route but /healthz needs the shared secret. */
export async function handleRequest(ctx: RouteContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://runner");
  try {
    if (req.method === "GET" && url.pathname === "/healthz") {
      await ctx.driver.ping();
      sendJson(res, 200, { status: "ok", ...ctx.manager.stats });
      return;
    }
    for (const route of routes) {
      const match = route.pattern.exec(url.pathname);
      if (!match || (route.method !== req.method && route.method !== "*")) continue;
      if (!authorized(req, ctx.config.QUAI_RUNNER_SECRET)) {
        sendJson(res, 401, { error: { code: "unauthorized", message: "Accès refusé.", detail: "missing or wrong bearer secret" } });
        return;
      }
      const id = match[1] ?? "";
      if (match[1] !== undefined && route.param === "reservation") {
        if (!RESERVATION_KEY.test(id)) throw badRequest("Nom de réservation invalide.", `bad reservation key ${JSON.stringify(id)}`);
      } else if (route.param === "owner") {
        if (!OWNER_PATTERN.test(id)) throw badRequest("Identifiant d'apprenant invalide.", `bad owner ${JSON.stringify(id)}`);
      } else if (match[1] !== undefined && !SANDBOX_ID_PATTERN.test(id)) {
        throw badRequest("Identifiant de bac à sable invalide.", `bad sandbox id ${JSON.stringify(id)}`);
      }
      await route.handler(ctx, req, res, id, url, match);
      return;
    }
    sendJson(res, 404, { error: { code: "no_route", message: "Adresse inconnue.", detail: `${req.method} ${url.pathname}` } });
  } catch (err) {
    if (!res.headersSent) sendError(res, err);
    else res.destroy();
  }
}
