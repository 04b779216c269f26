import { z } from "zod";

/**
 * Client of the sandbox runner's server-to-server API (sandbox-runner/src/
 * server/routes.ts). One module so the site, scripts and the workbench of a
 * later issue share it. Every failure becomes a RunnerError carrying a
 * French sentence for the learner and an English detail for logs.
 */

export interface RunnerClientOptions {
  baseUrl: string;
  secret: string;
  /** Margin added to an exec's own timeout before the HTTP request is abandoned. */
  requestMarginMs?: number;
  /** Timeout of the other requests (creating a sandbox can take a few seconds). */
  requestTimeoutMs?: number;
  fetch?: typeof fetch;
}

const defaults = { requestMarginMs: 15_000, requestTimeoutMs: 60_000 } as const;

const sandboxSchema = z.object({
  id: z.string(),
  owner: z.string(),
  createdAt: z.union([z.string(), z.number()]),
  expiresAt: z.union([z.string(), z.number()]),
  terminals: z.array(z.string()),
});
const leaseSchema = z.object({ sandbox: sandboxSchema, token: z.string(), tokenExpiresAt: z.union([z.string(), z.number()]) });
const execResultSchema = z.object({
  exitCode: z.number().int().nullable(),
  stdout: z.string(),
  stderr: z.string(),
  timedOut: z.boolean(),
  truncated: z.boolean(),
  durationMs: z.number(),
});
const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string(), detail: z.string().optional() }) });

export type SandboxLease = z.output<typeof leaseSchema>;
export type ExecResult = z.output<typeof execResultSchema>;
export interface ExecRequest {
  command: string;
  timeoutMs?: number;
  workdir?: string;
  env?: Record<string, string>;
}
export interface SandboxFile {
  path: string;
  content: string;
  encoding?: "utf8" | "base64";
}

export const OWNER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export const RUNNER_UNREACHABLE_FR =
  "Le service des bacs à sable ne répond pas. Réessayez dans un instant ; si le problème continue, prévenez la personne qui administre Quai.";

export class RunnerError extends Error {
  override name = "RunnerError";
  constructor(
    /** The runner's error code, or `unreachable`, `timeout`, `bad_response`. */
    readonly code: string,
    /** HTTP status to answer with at the edge. */
    readonly status: number,
    /** French, for the learner. */
    readonly messageFr: string,
    detail: string,
  ) {
    super(detail);
  }
}

export interface RunnerClient {
  /** Gets or creates the owner's sandbox. */
  acquire(owner: string): Promise<SandboxLease>;
  exec(sandboxId: string, request: ExecRequest): Promise<ExecResult>;
  putFiles(sandboxId: string, dir: string, files: SandboxFile[]): Promise<void>;
  /** Idempotent: a sandbox that is already gone is not an error. */
  destroy(sandboxId: string): Promise<void>;
}

export function createRunnerClient(options: RunnerClientOptions): RunnerClient {
  const settings = { ...defaults, ...options };
  const baseUrl = settings.baseUrl.replace(/\/+$/, "");
  const doFetch = settings.fetch ?? fetch;

  async function call<T>(what: string, method: string, path: string, body: unknown, schema: z.ZodType<T> | null, timeoutMs: number): Promise<T> {
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${settings.secret}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const err = error as Error & { cause?: { code?: string; message?: string } };
      if (err.name === "TimeoutError" || err.name === "AbortError") {
        throw new RunnerError("timeout", 504, "Le service des bacs à sable a mis trop de temps à répondre. Réessayez.", `${what}: no answer from ${baseUrl} within ${timeoutMs} ms`);
      }
      const cause = err.cause?.code ?? err.cause?.message ?? err.message;
      throw new RunnerError("unreachable", 503, RUNNER_UNREACHABLE_FR, `${what}: cannot reach the runner at ${baseUrl}: ${cause}`);
    }

    const text = await response.text();
    if (!response.ok) {
      const parsed = errorBodySchema.safeParse(safeJson(text));
      if (parsed.success) {
        const { code, message, detail } = parsed.data.error;
        throw new RunnerError(code, response.status, message, `${what}: runner answered ${response.status} ${code}: ${detail ?? message}`);
      }
      throw new RunnerError("bad_response", 502, "Le service des bacs à sable a renvoyé une erreur inattendue. Réessayez.", `${what}: runner answered ${response.status}: ${text.slice(0, 200)}`);
    }
    if (schema === null) return undefined as T;
    const parsed = schema.safeParse(safeJson(text));
    if (!parsed.success) {
      throw new RunnerError("bad_response", 502, "Le service des bacs à sable a renvoyé une réponse incompréhensible. Réessayez.", `${what}: unexpected answer: ${parsed.error.message}`);
    }
    return parsed.data;
  }

  const sandboxPath = (id: string) => `/v1/sandboxes/${encodeURIComponent(id)}`;

  return {
    acquire(owner) {
      if (!OWNER_PATTERN.test(owner)) throw new RunnerError("bad_owner", 400, "Identifiant d'apprenant invalide.", `acquire sandbox: owner ${JSON.stringify(owner)} does not match ${OWNER_PATTERN}`);
      return call(`acquire sandbox for ${owner}`, "POST", "/v1/sandboxes", { owner }, leaseSchema, settings.requestTimeoutMs);
    },
    exec(sandboxId, request) {
      const timeoutMs = request.timeoutMs ?? 30_000;
      return call(`exec in sandbox ${sandboxId}`, "POST", `${sandboxPath(sandboxId)}/exec`, { ...request, timeoutMs }, execResultSchema, timeoutMs + settings.requestMarginMs);
    },
    async putFiles(sandboxId, dir, files) {
      await call(`write files in sandbox ${sandboxId}`, "PUT", `${sandboxPath(sandboxId)}/files`, { dir, files }, null, settings.requestTimeoutMs);
    },
    async destroy(sandboxId) {
      try {
        await call(`delete sandbox ${sandboxId}`, "DELETE", sandboxPath(sandboxId), undefined, null, settings.requestTimeoutMs);
      } catch (error) {
        if (error instanceof RunnerError && error.status === 404) return;
        throw error;
      }
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
