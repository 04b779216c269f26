import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { SandboxError, badRequest } from "../sandboxes/errors.js";

export const MAX_BODY_BYTES = 12 * 1024 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), "cache-control": "no-store" });
  res.end(text);
}

/** One error shape everywhere: a code, a French sentence for the learner, an English detail. */
export function sendError(res: ServerResponse, err: unknown): void {
  if (err instanceof SandboxError) {
    sendJson(res, err.status, { error: { code: err.code, message: err.messageFr, detail: err.message, ...err.extra } });
    return;
  }
  const status = (err as { statusCode?: number }).statusCode === 404 ? 404 : 500;
  sendJson(res, status, {
    error: {
      code: status === 404 ? "not_found" : "internal",
      message: status === 404 ? "Ce bac à sable n'existe plus. Demandez-en un nouveau." : "Le service des bacs à sable a rencontré une erreur. Réessayez.",
      detail: (err as Error).message ?? String(err),
    },
  });
}

export async function readJson<S extends z.ZodType>(req: IncomingMessage, schema: S): Promise<z.output<S>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw badRequest("La requête est trop volumineuse.", `body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  let parsed: unknown;
  try {
    parsed = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {};
  } catch {
    throw badRequest("La requête n'est pas du JSON valide.", "invalid JSON body");
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
    throw badRequest("La requête est invalide.", detail);
  }
  return result.data;
}
