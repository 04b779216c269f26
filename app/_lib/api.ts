import { NextResponse } from "next/server";
import type { NextRequest } from "next/server";
import { ZodError } from "zod";
import { ConfigError } from "./config";
import { ContentValidationError } from "./content";
import { Refusal } from "./refusal";
import { requestHost } from "./request-origin";
import { RunnerError } from "./runner-client";
import type { ApiErrorBody } from "./api-types";

export type { ApiErrorBody };

/**
 * Every API answer is the learner's own and many refresh their cookie: no
 * cache, shared or not, may keep one.
 */
export const NO_STORE = { "cache-control": "private, no-store" } as const;

export function apiError(status: number, code: string, message: string, headers: Record<string, string> = {}): NextResponse<ApiErrorBody> {
  return NextResponse.json({ error: { code, message } }, { status, headers: { ...NO_STORE, ...headers } });
}

/** Rejects cross-site writes (SameSite=Lax already keeps the cookie away; this is the second lock). */
export function checkSameOrigin(request: NextRequest): NextResponse<ApiErrorBody> | undefined {
  const origin = request.headers.get("origin");
  if (origin === null) return undefined;
  const host = requestHost(request);
  try {
    if (new URL(origin).host === host) return undefined;
  } catch {
    // fall through
  }
  return apiError(403, "forbidden_origin", "Cette requête ne vient pas du site Quai.");
}

/** The largest JSON body an API route reads, unless it says otherwise. */
export const JSON_BODY_LIMIT = 64 * 1024;

/** A body the route will not read: refused by its announced size, before anything is read. */
export function bodyTooLarge(request: NextRequest, maxBytes = JSON_BODY_LIMIT): NextResponse<ApiErrorBody> | undefined {
  const announced = Number(request.headers.get("content-length") ?? 0);
  return announced > maxBytes ? apiError(413, "too_large", "La requête est trop volumineuse.") : undefined;
}

/**
 * The request's JSON, or undefined when it is not JSON or grows past
 * `maxBytes` while being read (a body without Content-Length is read up to
 * the limit, never further).
 */
export async function readJsonBody(request: NextRequest, maxBytes = JSON_BODY_LIMIT): Promise<unknown> {
  if (!request.body) return undefined;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        return undefined;
      }
      chunks.push(value);
    }
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return undefined;
  }
}

/** Maps any failure to one clear French answer; the English detail goes to the server log. */
/** How often a learner waiting for a place asks again (the runner forgets those silent for 30 s). */
export const QUEUE_RETRY_S = 3;

export function handleApiFailure(what: string, error: unknown): NextResponse<ApiErrorBody> {
  if (error instanceof Refusal) {
    console.warn(`${what}: refused (${error.status} ${error.code}): ${error.message}`);
    return apiError(error.status, error.code, error.messageFr, error.retryAfterS === undefined ? {} : { "retry-after": String(error.retryAfterS) });
  }
  if (error instanceof RunnerError) {
    console.error(`${what}: ${error.message}`);
    const status = error.status >= 500 || error.code === "unreachable" ? (error.status === 503 ? 503 : 502) : error.status;
    if (error.queue) {
      // Full: the page keeps its place in line by asking again (sandbox-session.ts).
      return NextResponse.json({ error: { code: error.code, message: error.messageFr, queue: error.queue } }, { status, headers: { ...NO_STORE, "retry-after": String(QUEUE_RETRY_S) } });
    }
    return apiError(status, error.code, error.messageFr);
  }
  if (error instanceof ConfigError) {
    console.error(`${what}: ${error.message}`);
    return apiError(503, "misconfigured", "Le site est mal configuré : prévenez la personne qui administre Quai.");
  }
  if (error instanceof ContentValidationError || error instanceof ZodError) {
    console.error(`${what}: ${error.message}`);
    return apiError(500, "content", "Le contenu du cours est invalide : prévenez la personne qui administre Quai.");
  }
  console.error(`${what}:`, error);
  return apiError(500, "internal", "Une erreur inattendue s'est produite. Réessayez dans un instant.");
}
