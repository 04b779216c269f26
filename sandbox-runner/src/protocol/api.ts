import { z } from "zod";
import { MAX_COLS, MAX_ROWS } from "./frames.ts";

/**
 * The runner's HTTP API (sandbox-runner/src/server/routes.ts), once: the
 * runner parses requests and types its answers with these schemas, the site's
 * client (app/_lib/runner-client.ts) parses the answers with the same ones,
 * and the site's own API and the browser reuse the shapes they pass on.
 */

// ---------------------------------------------------------------- ids

/** A learner as the runner knows them (the site's learner id). */
export const OWNER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** A sandbox's id (12 hex digits). */
export const SANDBOX_ID_PATTERN = /^[a-f0-9]{12}$/;
/** A terminal of a sandbox (`main`, `t-2`…, or a job's `job-…`). */
export const TERMINAL_ID_PATTERN = /^[a-z0-9-]{1,36}$/;
/** A chapter of the course: its slug, its folder under /root, its editor files' key. */
export const CHAPTER_SLUG = /^(?=.{1,64}$)[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Reservation keys: the site's names for groups of learners (a workshop's id). */
export const RESERVATION_KEY = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** A whole-string pattern's body (without ^ and $), to compose an address's pattern from the ids'. */
export const patternBody = (pattern: RegExp): string => pattern.source.replace(/^\^/, "").replace(/\$$/, "");

const owner = z.string().regex(OWNER_PATTERN, "owner must match [A-Za-z0-9_-], 1-64 chars");

// ---------------------------------------------------------------- requests

/**
 * The terminal a chapter's page opens at once (its first, on a first visit):
 * its shell is started with the sandbox's answer, and what it prints is kept
 * for the socket that comes a moment later. `cols` is the width its welcome
 * text wraps to.
 */
export const firstTerminalSchema = z.object({
  id: z.string().regex(TERMINAL_ID_PATTERN, "terminal ids are [a-z0-9-], 1-36 chars"),
  cols: z.number().int().min(1).max(MAX_COLS),
  rows: z.number().int().min(1).max(MAX_ROWS),
});
export type FirstTerminal = z.infer<typeof firstTerminalSchema>;

/**
 * How a page asks for its learner's sandbox (POST /api/sandbox on the site,
 * passed on to the runner's POST /v1/sandboxes):
 * - `noStart`: only a sandbox that needs no container started (the
 *   learner's running one, or a warm one); otherwise nothing is done and the
 *   answer is 409 `would_start` from the runner, 204 No Content from the site. A chapter's inline script asks this
 *   way before the page's scripts are loaded: starting a container creates
 *   network interfaces, and Chromium aborts the requests in flight of a
 *   browser on the same machine when they change (ERR_NETWORK_CHANGED).
 * - `terminal`: the terminal the page will open at once.
 */
export const sandboxRequestSchema = z.strictObject({
  noStart: z.boolean().optional(),
  terminal: firstTerminalSchema.optional(),
});
export type SandboxRequest = z.infer<typeof sandboxRequestSchema>;

/** POST /v1/sandboxes: the owner's sandbox, created if needed; a workshop's learner takes a reserved seat. */
export const acquireRequestSchema = sandboxRequestSchema.extend({
  owner,
  reservation: z.string().regex(RESERVATION_KEY, "reservation keys are [a-z0-9-], 1-64 chars").optional(),
});

/** What a reservation holds, without the check on its end (the runner's saved state reloads ended ones, then drops them). */
export const reservationFieldsSchema = z.object({
  /** Places held for the reservation's learners, counted against the runner's maximum. */
  seats: z.number().int().min(0).max(1000),
  /** How many of them are started ahead of time (warm, ready at once). */
  warm: z.number().int().min(0).max(1000),
  /** Until when (ms since the epoch); then the warm ones go and the seats are released. */
  until: z.number().int(),
  /** How long its learners' sandboxes live (the workshop's sandbox lifetime); the runner's QUAI_SANDBOX_TTL otherwise. */
  lifetimeMs: z.number().int().min(60_000).max(24 * 3600_000).optional(),
});

/** PUT /v1/reservations/:key. */
export const reservationRequestSchema = reservationFieldsSchema
  .refine((r) => r.until > Date.now() && r.until <= Date.now() + 14 * 24 * 3600_000, { message: "until must be in the next 14 days", path: ["until"] });
export type ReservationRequest = z.input<typeof reservationRequestSchema>;

/** POST /v1/sandboxes/:id/extend. */
export const extendRequestSchema = z.object({ minutes: z.number().int().min(1).max(240) });

/** POST /v1/sandboxes/:id/tokens: a terminal token for the owner, or for someone watching (read-only). */
export const tokenRequestSchema = z.object({ role: z.enum(["owner", "viewer"]).default("owner") });

/** POST /v1/sandboxes/:id/exec: a command line (run by bash -c) or an argv. */
export const execRequestSchema = z
  .object({
    command: z.string().min(1).max(64 * 1024).optional(),
    argv: z.array(z.string().max(64 * 1024)).min(1).max(256).optional(),
    timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
    workdir: z.string().regex(/^\/[^\0]*$/, "workdir must be absolute").max(512).optional(),
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().max(4096)).optional(),
    /** What the command is for, counted apart in the metrics: a course exercise's check, or anything else. */
    kind: z.enum(["check", "command"]).default("command"),
  })
  .refine((b) => (b.command === undefined) !== (b.argv === undefined), { message: "give exactly one of command and argv" });
export type ExecRequestBody = z.input<typeof execRequestSchema>;

/** What PUT /v1/sandboxes/:id/files may carry (validate.ts checks the paths themselves). */
export const FILE_LIMITS = {
  maxFiles: 200,
  maxFileBytes: 1024 * 1024,
  maxTotalBytes: 8 * 1024 * 1024,
  maxPathLength: 200,
} as const;

/** PUT /v1/sandboxes/:id/files: files written under `dir` (relative to /root). */
export const filesRequestSchema = z.object({
  dir: z.string().max(FILE_LIMITS.maxPathLength),
  files: z
    .array(
      z.object({
        path: z.string().min(1).max(FILE_LIMITS.maxPathLength),
        content: z.string(),
        encoding: z.enum(["utf8", "base64"]).default("utf8"),
      }),
    )
    .min(1)
    .max(FILE_LIMITS.maxFiles),
});
export type SandboxFile = z.input<typeof filesRequestSchema>["files"][number];

// ---------------------------------------------------------------- answers

/** A sandbox as the API describes it (ms timestamps). */
export const sandboxInfoSchema = z.object({
  id: z.string().regex(SANDBOX_ID_PATTERN),
  owner: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
  terminals: z.array(z.string()),
});
export type SandboxInfo = z.output<typeof sandboxInfoSchema>;

/** A sandbox with a terminal token (acquire, reset, tokens). */
export const leaseSchema = z.object({
  sandbox: sandboxInfoSchema,
  token: z.string(),
  tokenExpiresAt: z.number(),
  /** The sandbox was asleep and this request woke it (said once). */
  woke: z.boolean().optional(),
});
export type SandboxLease = z.output<typeof leaseSchema>;

export const execResultSchema = z.object({
  exitCode: z.number().int().nullable(),
  stdout: z.string(),
  stderr: z.string(),
  timedOut: z.boolean(),
  truncated: z.boolean(),
  durationMs: z.number(),
});
export type ExecResult = z.output<typeof execResultSchema>;

/** A port a container of the sandbox publishes (`-p 8080:80`: port 8080, containerPort 80). */
export const publishedPortSchema = z.object({
  container: z.string(),
  image: z.string(),
  port: z.number().int(),
  containerPort: z.number().int(),
  protocol: z.enum(["tcp", "udp"]),
});
export type PublishedPort = z.output<typeof publishedPortSchema>;

export const imageSummarySchema = z.object({ id: z.string(), repository: z.string(), tag: z.string(), size: z.string(), created: z.string() });
export type ImageSummary = z.output<typeof imageSummarySchema>;

export const containerSummarySchema = z.object({ id: z.string(), name: z.string(), image: z.string(), state: z.string(), status: z.string() });
export type ContainerSummary = z.output<typeof containerSummarySchema>;

export const layerSchema = z.object({
  /** Digest of the layer's content; null for a metadata-only instruction. */
  diffId: z.string().nullable(),
  createdBy: z.string(),
  /** The instruction as a learner wrote it (BuildKit and classic builder prefixes removed). */
  instruction: z.string(),
  size: z.number(),
  created: z.string().nullable(),
  comment: z.string().nullable(),
});
export type Layer = z.output<typeof layerSchema>;

export const imageLayersSchema = z.object({ id: z.string(), ref: z.string(), layers: z.array(layerSchema) });
export type ImageLayers = z.output<typeof imageLayersSchema>;

/** One line of `docker diff`. */
export const fileChangeSchema = z.object({ kind: z.enum(["A", "C", "D"]), path: z.string() });
export type FileChange = z.output<typeof fileChangeSchema>;

export const reservationStateSchema = z.object({
  key: z.string(),
  seats: z.number().int(),
  warm: z.number().int(),
  until: z.number(),
  /** Warm sandboxes waiting for the reservation's learners. */
  ready: z.number().int(),
  /** Seats taken by learners. */
  used: z.number().int(),
});
export type ReservationState = z.output<typeof reservationStateSchema>;

// ---------------------------------------------------------------- errors

/**
 * A learner's place in the waiting line when no sandbox can be started for
 * them now: every place is taken (`full`), or the host is too busy to start
 * one in time (`busy`). Passed on by the site to the browser as it is.
 */
export const queuePlaceSchema = z.object({
  position: z.number().int().nonnegative(),
  waiting: z.number().int().nonnegative(),
  reason: z.enum(["full", "busy"]).optional(),
});
export type QueuePlace = z.output<typeof queuePlaceSchema>;

/** Every refusal: a code, a French sentence for the person, an English detail for logs. */
export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), detail: z.string().optional(), queue: queuePlaceSchema.optional() }),
});
