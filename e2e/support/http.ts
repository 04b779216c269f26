import { RUNNER_URL, SECRET } from "./servers";

/**
 * A learner as a script sees the site, without a browser: the cookie a page
 * hands out, and JSON calls with it. For tests of what the site refuses.
 */

/** The `name=value` of the learner cookie a page of the site sets (headers: a forged X-Forwarded-Proto…). */
export async function pageCookie(site: string, headers: Record<string, string> = {}): Promise<string> {
  const answer = await fetch(`${site}/cours/premiers-pas`, { headers });
  const cookie = answer.headers.getSetCookie().find((c) => c.startsWith("quai_learner="));
  if (!cookie) throw new Error(`GET ${site}/cours/premiers-pas set no learner cookie (${answer.status})`);
  return cookie.split(";")[0]!;
}

export interface JsonAnswer {
  status: number;
  headers: Headers;
  json: { error?: { code: string; message: string } } & Record<string, unknown>;
}

/** A same-origin POST, as the page sends it, unless `origin` or `headers` say otherwise. */
export async function postJson(site: string, path: string, options: { cookie?: string; origin?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<JsonAnswer> {
  const headers: Record<string, string> = { "content-type": "application/json", origin: options.origin ?? site, ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  const answer = await fetch(`${site}${path}`, { method: "POST", headers, body: JSON.stringify(options.body ?? {}) });
  const text = await answer.text();
  return { status: answer.status, headers: answer.headers, json: text ? JSON.parse(text) : {} };
}

/** The runner's own count of its sandboxes. */
export async function runnerHealth(runnerUrl = RUNNER_URL): Promise<{ assigned: number; warm: number; creating: number }> {
  return (await fetch(`${runnerUrl}/healthz`)).json() as Promise<{ assigned: number; warm: number; creating: number }>;
}

/** Straight at the runner, with its secret: what a test sets up inside a sandbox, or removes after. */
export async function runnerCall(method: string, path: string, body?: unknown, runnerUrl = RUNNER_URL): Promise<Response> {
  return fetch(`${runnerUrl}${path}`, { method, headers: { authorization: `Bearer ${SECRET}`, ...(body === undefined ? {} : { "content-type": "application/json" }) }, body: body === undefined ? undefined : JSON.stringify(body) });
}

export async function removeSandboxes(ids: Iterable<string>, runnerUrl = RUNNER_URL): Promise<void> {
  await Promise.all([...ids].map((id) => runnerCall("DELETE", `/v1/sandboxes/${id}`, undefined, runnerUrl)));
}
