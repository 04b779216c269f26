import { request, type IncomingMessage, type ServerResponse } from "node:http";
import type { SandboxInspector } from "../inspect/inspector.js";
import type { SandboxManager } from "../sandboxes/manager.js";
import { badRequest } from "../sandboxes/errors.js";

/** Headers that belong to one hop and must not be forwarded. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "authorization", "cookie", "host"]);
const PREVIEW_TIMEOUT_MS = 30_000;

function page(res: ServerResponse, status: number, title: string, text: string): void {
  const html = `<!doctype html><html lang="fr"><meta charset="utf-8"><title>${title}</title><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#334155"><h1 style="font-size:1.25rem">${title}</h1><p>${text}</p></body></html>`;
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(html);
}

/**
 * Forwards one HTTP request to a port published inside the sandbox (reached
 * on the sandbox's own address). Only ports a container of the sandbox
 * publishes are served: the proxy is not a way into the sandbox's daemon or
 * anything else listening there.
 */
export async function proxyPreview(manager: SandboxManager, inspector: SandboxInspector, req: IncomingMessage, res: ServerResponse, id: string, port: number, path: string): Promise<void> {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw badRequest("Numéro de port invalide.", `bad port ${port}`);
  const sb = manager.get(id);
  const published = (await inspector.ports(id)).some((p) => p.port === port && p.protocol === "tcp");
  if (!published || !sb.ip) {
    page(res, 404, `Aucun conteneur ne publie le port ${port}`, `Lancez par exemple <code>docker run -d -p ${port}:80 nginx</code> dans votre terminal, puis rouvrez l'aperçu.`);
    return;
  }
  manager.touch(id);
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
  headers.host = `localhost:${port}`;
  await new Promise<void>((resolve) => {
    const upstream = request({ host: sb.ip!, port, method: req.method, path, headers, timeout: PREVIEW_TIMEOUT_MS }, (answer) => {
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(answer.headers)) if (v !== undefined && !HOP_BY_HOP.has(k) && k !== "set-cookie") out[k] = v;
      res.writeHead(answer.statusCode ?? 502, out);
      answer.pipe(res);
      answer.on("end", resolve);
      answer.on("error", () => resolve());
    });
    upstream.on("timeout", () => upstream.destroy(new Error("timeout")));
    upstream.on("error", (err) => {
      if (!res.headersSent) page(res, 502, `Le port ${port} ne répond pas`, `Le conteneur qui publie ce port ne répond pas (${err.message}). Vérifiez qu'il tourne avec <code>docker ps</code>.`);
      else res.destroy();
      resolve();
    });
    req.pipe(upstream);
  });
}
