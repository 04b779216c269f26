import type { QueuePlace } from "@quai/sandbox-runner/protocol";
import type { ApiErrorBody } from "../../_lib/api-types";
/**
 * The workbench's calls to the site API (same origin). Every failure becomes
 * a WorkbenchApiError with the French sentence the API chose, or one of ours
 * when the site itself cannot be reached.
 */
export class WorkbenchApiError extends Error {
  override name = "WorkbenchApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** No sandbox for now: the learner's place in the waiting line. */
    readonly queue?: QueuePlace,
  ) {
    super(message);
  }
}

export const SITE_UNREACHABLE_FR = "Le site ne répond pas : vérifiez votre connexion, puis réessayez.";

/**
 * A request that failed without an answer is sent once more when it is safe
 * to repeat (GET, PUT, or a POST the caller marks idempotent): Chromium aborts
 * requests in flight with ERR_NETWORK_CHANGED whenever the host's network
 * interfaces change, which Docker does each time it creates a sandbox network
 * (when the browser runs on the Docker host itself: a trainer's laptop, the
 * e2e tests).
 */
const RETRY_AFTER_MS = 300;

export interface ApiFetchOptions {
  /** Safe to send again after a failure without an answer (GET and PUT are). */
  idempotent?: boolean;
  /** The same request, already sent by the page's inline script (early-sandbox-request.ts): its answer is read instead. */
  sent?: Promise<Response>;
  /**
   * Gives up on a try that has no answer after this long, as if it had failed without one
   * (sent again when safe to repeat): a request that never answers would otherwise keep its
   * caller, a terminal waiting for its token, stuck without a word.
   */
  timeoutMs?: number;
}

export async function apiFetch<T>(url: string, init: RequestInit = {}, options: ApiFetchOptions = {}): Promise<T> {
  const method = (init.method ?? "GET").toUpperCase();
  const retry = options.idempotent ?? (method === "GET" || method === "PUT");
  const send = () =>
    fetch(url, {
      ...init,
      ...(options.timeoutMs !== undefined ? { signal: init.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(options.timeoutMs)]) : AbortSignal.timeout(options.timeoutMs) } : {}),
      cache: "no-store",
      headers: init.body !== undefined ? { "content-type": "application/json", ...init.headers } : init.headers,
    });
  let response: Response;
  try {
    try {
      response = await (options.sent ?? send());
    } catch (error) {
      if ((error as Error).name === "AbortError" || !retry) throw error;
      await new Promise((r) => setTimeout(r, RETRY_AFTER_MS));
      response = await send();
    }
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new WorkbenchApiError(0, "offline", SITE_UNREACHABLE_FR);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = (body as Partial<ApiErrorBody> | undefined)?.error;
    throw new WorkbenchApiError(response.status, error?.code ?? "http", error?.message ?? `Le site a répondu par une erreur (${response.status}). Réessayez dans un instant.`, error?.queue);
  }
  return body as T;
}

export const postJson = <T>(url: string, body: unknown, options: ApiFetchOptions = {}) => apiFetch<T>(url, { method: "POST", body: JSON.stringify(body) }, options);
export const putJson = <T>(url: string, body: unknown) => apiFetch<T>(url, { method: "PUT", body: JSON.stringify(body) });
