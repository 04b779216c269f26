import "server-only";
import { z } from "zod";
import {
  OWNER_PATTERN,
  containerSummarySchema,
  errorBodySchema,
  execResultSchema,
  fileChangeSchema,
  imageLayersSchema,
  imageSummarySchema,
  jobResponseSchema,
  leaseSchema,
  publishedPortSchema,
  reservationStateSchema,
  sandboxInfoSchema,
  type ContainerSummary,
  type ExecRequestBody,
  type ExecResult,
  type FileChange,
  type ImageLayers,
  type ImageSummary,
  type JobInfo,
  type JobRequest,
  type PublishedPort,
  type QueuePlace,
  type SandboxRequest,
  type ReservationRequest,
  type ReservationState,
  type SandboxInfo,
  type SandboxFile,
  type SandboxLease,
} from "@quai/sandbox-runner/protocol";

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
  /** Timeout of the other requests. */
  requestTimeoutMs?: number;
  /**
   * Timeout of getting a sandbox: above the runner's own limit on a new
   * sandbox's start (QUAI_SANDBOX_READY_TIMEOUT_S, 90 s by default), so that a
   * slow start on a busy host ends with the runner's answer, not the site's
   * impatience (bench:classroom: starts of 60–90 s at load 37–60).
   */
  acquireTimeoutMs?: number;
  fetch?: typeof fetch;
}

const defaults = { requestMarginMs: 15_000, requestTimeoutMs: 60_000, acquireTimeoutMs: 120_000 } as const;

export type { ContainerSummary, ExecResult, FileChange, ImageLayers, ImageSummary, PublishedPort, QueuePlace, ReservationState, SandboxInfo, SandboxLease };
export { OWNER_PATTERN };
export type ReservationSpec = ReservationRequest;
/** A command line for the sandbox (the runner's exec request without its argv form). */
export type ExecRequest = Omit<ExecRequestBody, "argv" | "command"> & { command: string };
export type { SandboxFile };

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
    /** When the runner is full: the learner's place in its waiting line. */
    readonly queue?: QueuePlace,
  ) {
    super(detail);
  }
}

export interface RunnerClient {
  /** Gets or creates the owner's sandbox; a workshop's learner takes one of its reserved seats; `request`: what the page asked (api.ts's sandboxRequestSchema). */
  acquire(owner: string, reservation?: string, request?: SandboxRequest): Promise<SandboxLease>;
  exec(sandboxId: string, request: ExecRequest): Promise<ExecResult>;
  putFiles(sandboxId: string, dir: string, files: SandboxFile[]): Promise<void>;
  /** Idempotent: a sandbox that is already gone is not an error. */
  destroy(sandboxId: string): Promise<void>;
}

/** What the workbench needs on top: tokens, reset, and the sandbox's own Docker. */
export interface WorkbenchRunnerClient extends RunnerClient {
  /** The sandbox and its owner; a RunnerError with status 404 when it is gone. */
  get(sandboxId: string): Promise<SandboxInfo>;
  /** The owner's live sandbox, or null when they have none; never creates one. */
  sandboxOf(owner: string): Promise<SandboxInfo | null>;
  /** Destroys the owner's running and sleeping sandboxes; idempotent. */
  destroyOwned(owner: string): Promise<void>;
  /** A fresh short-lived token for terminal sockets. */
  token(sandboxId: string, role: "owner" | "viewer"): Promise<SandboxLease>;
  /** A fresh sandbox for the same owner (new id, new token). */
  reset(sandboxId: string): Promise<SandboxLease>;
  /** Starts a job (« Construire »); 409 while another runs. Its output comes over the terminal socket of `job.id`. */
  startJob(sandboxId: string, request: JobRequest): Promise<JobInfo>;
  /** Pushes the sandbox's end back by `minutes`. */
  extend(sandboxId: string, minutes: number): Promise<SandboxInfo>;
  /** Holds a workshop's seats (and starts `warm` of them) until `until`. */
  reserve(key: string, spec: ReservationSpec): Promise<ReservationState>;
  /** The reservation's state, or null when the runner holds none under `key`. */
  reservation(key: string): Promise<ReservationState | null>;
  /** Frees a workshop's seats; idempotent. */
  release(key: string): Promise<void>;
  ports(sandboxId: string): Promise<PublishedPort[]>;
  images(sandboxId: string): Promise<ImageSummary[]>;
  containers(sandboxId: string): Promise<ContainerSummary[]>;
  layers(sandboxId: string, image: string): Promise<ImageLayers>;
  diff(sandboxId: string, container: string): Promise<FileChange[]>;
  /**
   * Forwards one HTTP request to a port published in the sandbox and returns
   * the runner's answer as is (streamed; the runner's own 404/502 pages are
   * answers, not errors). Only an unreachable runner throws.
   */
  preview(sandboxId: string, port: number, pathAndQuery: string, init: { method: string; headers: Headers; body: ReadableStream<Uint8Array> | null; signal?: AbortSignal }): Promise<Response>;
}

const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE"]);

/** A connection closed or reset under a request, as undici reports it (not a refusal, not a timeout). */
function isClosedSocket(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } }).cause?.code;
  return code === "UND_ERR_SOCKET" || code === "ECONNRESET";
}

export function createRunnerClient(options: RunnerClientOptions): WorkbenchRunnerClient {
  const settings = { ...defaults, ...options };
  const baseUrl = settings.baseUrl.replace(/\/+$/, "");
  const doFetch = settings.fetch ?? fetch;

  async function call<T>(what: string, method: string, path: string, body: unknown, schema: z.ZodType<T> | null, timeoutMs: number): Promise<T> {
    let response: Response;
    const send = () =>
      doFetch(`${baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${settings.secret}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    try {
      try {
        response = await send();
      } catch (error) {
        // A pooled keep-alive socket the runner closed while it sat idle fails the request
        // before the runner saw it (« other side closed », seen in bench:classroom on a
        // busy host): a read or an idempotent write is sent once more, on a new socket.
        if (!IDEMPOTENT.has(method) || !isClosedSocket(error)) throw error;
        response = await send();
      }
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
        const { code, message, detail, queue } = parsed.data.error;
        throw new RunnerError(code, response.status, message, `${what}: runner answered ${response.status} ${code}: ${detail ?? message}`, queue);
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
  const read = <T>(what: string, id: string, suffix: string, schema: z.ZodType<T>) =>
    call(`${what} of sandbox ${id}`, "GET", `${sandboxPath(id)}${suffix}`, undefined, schema, settings.requestTimeoutMs);

  return {
    acquire(owner, reservation, request = {}) {
      if (!OWNER_PATTERN.test(owner)) throw new RunnerError("bad_owner", 400, "Identifiant d'apprenant invalide.", `acquire sandbox: owner ${JSON.stringify(owner)} does not match ${OWNER_PATTERN}`);
      return call(`acquire sandbox for ${owner}`, "POST", "/v1/sandboxes", { owner, ...(reservation === undefined ? {} : { reservation }), ...request }, leaseSchema, settings.acquireTimeoutMs);
    },
    async extend(sandboxId, minutes) {
      return (await call(`extend sandbox ${sandboxId}`, "POST", `${sandboxPath(sandboxId)}/extend`, { minutes }, z.object({ sandbox: sandboxInfoSchema }), settings.requestTimeoutMs)).sandbox;
    },
    async reserve(key, spec) {
      return (await call(`reserve ${key}`, "PUT", `/v1/reservations/${encodeURIComponent(key)}`, spec, z.object({ reservation: reservationStateSchema }), settings.requestTimeoutMs)).reservation;
    },
    async reservation(key) {
      const { reservations } = await call("list reservations", "GET", "/v1/reservations", undefined, z.object({ reservations: z.array(reservationStateSchema) }), settings.requestTimeoutMs);
      return reservations.find((r) => r.key === key) ?? null;
    },
    async release(key) {
      await call(`release ${key}`, "DELETE", `/v1/reservations/${encodeURIComponent(key)}`, undefined, null, settings.requestTimeoutMs);
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
    async get(sandboxId) {
      return (await read("describe", sandboxId, "", z.object({ sandbox: sandboxInfoSchema }))).sandbox;
    },
    async destroyOwned(owner) {
      if (!OWNER_PATTERN.test(owner)) throw new RunnerError("bad_owner", 400, "Identifiant d'apprenant invalide.", `destroy sandboxes of owner: ${JSON.stringify(owner)} does not match ${OWNER_PATTERN}`);
      await call(`destroy sandboxes of ${owner}`, "DELETE", `/v1/owners/${owner}/sandbox`, undefined, null, settings.requestTimeoutMs);
    },
    async sandboxOf(owner) {
      if (!OWNER_PATTERN.test(owner)) throw new RunnerError("bad_owner", 400, "Identifiant d'apprenant invalide.", `sandbox of owner: ${JSON.stringify(owner)} does not match ${OWNER_PATTERN}`);
      try {
        return (await call(`sandbox of ${owner}`, "GET", `/v1/owners/${owner}/sandbox`, undefined, z.object({ sandbox: sandboxInfoSchema }), settings.requestTimeoutMs)).sandbox;
      } catch (error) {
        if (error instanceof RunnerError && error.status === 404) return null;
        throw error;
      }
    },
    token(sandboxId, role) {
      return call(`issue ${role} token for sandbox ${sandboxId}`, "POST", `${sandboxPath(sandboxId)}/tokens`, { role }, leaseSchema, settings.requestTimeoutMs);
    },
    reset(sandboxId) {
      return call(`reset sandbox ${sandboxId}`, "POST", `${sandboxPath(sandboxId)}/reset`, undefined, leaseSchema, settings.acquireTimeoutMs);
    },
    async startJob(sandboxId, request) {
      return (await call(`start ${request.kind} job in sandbox ${sandboxId}`, "POST", `${sandboxPath(sandboxId)}/jobs`, request, jobResponseSchema, settings.requestTimeoutMs)).job;
    },
    async ports(sandboxId) {
      return (await read("list ports", sandboxId, "/ports", z.object({ ports: z.array(publishedPortSchema) }))).ports;
    },
    async images(sandboxId) {
      return (await read("list images", sandboxId, "/images", z.object({ images: z.array(imageSummarySchema) }))).images;
    },
    async containers(sandboxId) {
      return (await read("list containers", sandboxId, "/containers", z.object({ containers: z.array(containerSummarySchema) }))).containers;
    },
    layers(sandboxId, image) {
      return read(`layers of ${image}`, sandboxId, `/layers?image=${encodeURIComponent(image)}`, imageLayersSchema);
    },
    async diff(sandboxId, container) {
      return (await read(`diff of ${container}`, sandboxId, `/diff?container=${encodeURIComponent(container)}`, z.object({ changes: z.array(fileChangeSchema) }))).changes;
    },
    async preview(sandboxId, port, pathAndQuery, init) {
      const url = `${baseUrl}${sandboxPath(sandboxId)}/preview/${port}${pathAndQuery.startsWith("/") ? "" : "/"}${pathAndQuery}`;
      const headers = new Headers(init.headers);
      headers.set("authorization", `Bearer ${settings.secret}`);
      try {
        return await doFetch(url, {
          method: init.method,
          headers,
          body: init.body,
          redirect: "manual",
          signal: init.signal,
          // Node's fetch needs this to stream a request body.
          ...(init.body ? { duplex: "half" } : {}),
        } as RequestInit);
      } catch (error) {
        const err = error as Error & { cause?: { code?: string; message?: string } };
        throw new RunnerError("unreachable", 503, RUNNER_UNREACHABLE_FR, `preview port ${port} of sandbox ${sandboxId}: cannot reach the runner at ${baseUrl}: ${err.cause?.code ?? err.cause?.message ?? err.message}`);
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
