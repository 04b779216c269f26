import { SandboxExpiredError, type QueuePlace } from "@quai/sandbox-runner/protocol";
import type { SandboxSession } from "../../../_lib/api-types";
import { WorkbenchApiError, postJson } from "../api";
import { markStep } from "../marks";
import { takeEarlySandboxRequest } from "./early-sandbox-request";

/**
 * The learner's sandbox as the workbench sees it: a small external store
 * (useSyncExternalStore) shared by the terminals, the build, the preview and
 * the layer explorer.
 */
export type SessionState =
  | { kind: "idle" }
  | { kind: "starting" }
  /** Every place is taken: the learner waits in line, the store asks again by itself. */
  | ({ kind: "waiting"; message: string } & QueuePlace)
  /** `problem`: why the last token request failed, while terminals retry (French). */
  | { kind: "ready"; session: SandboxSession; problem?: string }
  /** `asleep`: the sandbox sleeps with everything in it, and wakes when asked for again. */
  | { kind: "expired"; session: SandboxSession; asleep: boolean }
  | { kind: "resetting"; session: SandboxSession | null }
  | { kind: "error"; code: string; message: string };

/** What to do next, for each failure the learner may meet. */
export function nextStepFr(code: string): string {
  switch (code) {
    case "capacity":
      return "Tous les bacs à sable sont pris : réessayez dans une minute, ou continuez la lecture en attendant.";
    case "unreachable":
    case "timeout":
    case "bad_response":
      return "Réessayez dans un instant ; si cela continue, prévenez la personne qui administre Quai.";
    case "offline":
      return "Vérifiez votre connexion à Internet ou au réseau de la salle.";
    case "misconfigured":
      return "Le site n'est pas relié au service des bacs à sable : prévenez la personne qui administre Quai.";
    case "unknown_learner":
      return "Rechargez la page pour retrouver votre accès.";
    case "too_many_starts":
    case "too_many_starts_here":
      return "Attendez le délai indiqué ; la leçon reste lisible en attendant.";
    default:
      return "Réessayez dans un instant.";
  }
}

// A token request answers in milliseconds: one without an answer after this long is tried again.
const TOKEN_REQUEST_TIMEOUT_MS = 10_000;
// A token is good for minutes; keep a margin for the socket to open.
const TOKEN_MARGIN_MS = 20_000;
/** A learner waiting for a place asks again this often (the runner drops those silent for 30 s). */
const QUEUE_RETRY_MS = 3_000;

const IDLE: SessionState = { kind: "idle" };

export class SandboxSessionStore {
  private state: SessionState = IDLE;
  private readonly listeners = new Set<() => void>();
  /** The token that came with the session, used once before asking for fresh ones. */
  private spareToken: { token: string; expiresAt: number } | null = null;
  private starting: Promise<SandboxSession | null> | null = null;

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = () => this.state;

  /**
   * What the server rendered, for hydration: the store may already be
   * starting (or ready) when React hydrates (early-start.ts), and the page's
   * first render must match the server's HTML.
   */
  getServerSnapshot = () => IDLE;

  private set(state: SessionState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }

  /** The live session, or null (starting, expired, failed). */
  get session(): SandboxSession | null {
    return this.state.kind === "ready" ? this.state.session : null;
  }

  private adopt(session: SandboxSession): SandboxSession {
    markStep("sandbox-ready");
    this.spareToken = { token: session.token, expiresAt: session.tokenExpiresAt };
    this.set({ kind: "ready", session });
    return session;
  }

  private fail(error: unknown): null {
    const e = error instanceof WorkbenchApiError ? error : new WorkbenchApiError(0, "internal", "Une erreur inattendue s'est produite.");
    this.set({ kind: "error", code: e.code, message: e.message });
    return null;
  }

  /**
   * Gets (or creates, or wakes) the learner's sandbox; idempotent while a
   * start is under way. When every place is taken the learner waits in line:
   * the store asks again every few seconds and enters by itself.
   */
  start(): Promise<SandboxSession | null> {
    if (this.state.kind === "ready") return Promise.resolve(this.state.session);
    this.starting ??= (async () => {
      if (this.state.kind !== "waiting") this.set({ kind: "starting" });
      try {
        for (;;) {
          try {
            // Get-or-create: safe to send twice. The first time, the page's inline script may have asked already.
            markStep("sandbox-asked");
            return this.adopt(await postJson<SandboxSession>("/api/sandbox", {}, { idempotent: true, sent: takeEarlySandboxRequest() }));
          } catch (error) {
            if (!(error instanceof WorkbenchApiError && error.queue)) throw error;
            this.set({ kind: "waiting", ...error.queue, message: error.message });
            await new Promise((resolve) => setTimeout(resolve, QUEUE_RETRY_MS));
          }
        }
      } catch (error) {
        return this.fail(error);
      } finally {
        this.starting = null;
      }
    })();
    return this.starting;
  }

  /** The notice « réveillé » has been read. */
  dismissWoke(): void {
    if (this.state.kind === "ready" && this.state.session.woke) this.set({ kind: "ready", session: { ...this.state.session, woke: false }, problem: this.state.problem });
  }

  /** A fresh sandbox (after the learner confirmed): the old one and everything in it is gone. */
  async reset(): Promise<SandboxSession | null> {
    const current = this.state.kind === "ready" || this.state.kind === "expired" ? this.state.session : null;
    // A sleeping sandbox is woken, not replaced: everything in it is kept.
    if (this.state.kind === "expired" && this.state.asleep) {
      this.set({ kind: "idle" });
      return this.start();
    }
    this.set({ kind: "resetting", session: current });
    try {
      return this.adopt(await postJson<SandboxSession>("/api/sandbox/reset", { sandboxId: current?.sandboxId ?? null }));
    } catch (error) {
      return this.fail(error);
    }
  }

  private setProblem(sandboxId: string, problem: string | undefined): void {
    if (this.state.kind !== "ready" || this.state.session.sandboxId !== sandboxId || this.state.problem === problem) return;
    this.set({ kind: "ready", session: this.state.session, problem });
  }

  /** The sandbox the page knew is gone (`asleep`: sleeping, everything kept). */
  markExpired(sandboxId: string, asleep = false): void {
    if (this.state.kind === "ready" && this.state.session.sandboxId === sandboxId) this.set({ kind: "expired", session: this.state.session, asleep });
  }

  /**
   * A token for one terminal socket of `sandboxId`. Throws SandboxExpiredError
   * when the site says that sandbox is gone (the connection then stops
   * retrying and says so); other failures are retried by the connection.
   */
  async terminalToken(sandboxId: string): Promise<string> {
    const session = this.session;
    if (!session || session.sandboxId !== sandboxId) throw new SandboxExpiredError(`sandbox ${sandboxId} is no longer the current one`);
    const spare = this.spareToken;
    this.spareToken = null;
    if (spare && spare.expiresAt - Date.now() > TOKEN_MARGIN_MS) return spare.token;
    try {
      const { token } = await postJson<SandboxSession>(`/api/sandbox/${sandboxId}/token`, {}, { idempotent: true, timeoutMs: TOKEN_REQUEST_TIMEOUT_MS });
      this.setProblem(sandboxId, undefined);
      return token;
    } catch (error) {
      if (error instanceof WorkbenchApiError && (error.status === 404 || error.status === 403)) {
        this.markExpired(sandboxId);
        throw new SandboxExpiredError(error.message);
      }
      this.setProblem(sandboxId, error instanceof WorkbenchApiError ? error.message : "Une erreur inattendue s'est produite.");
      throw error;
    }
  }
}
