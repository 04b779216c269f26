import { SandboxExpiredError } from "@quai/sandbox-runner/protocol";
import type { SandboxSession } from "../../../_lib/api-types";
import { WorkbenchApiError, postJson } from "../api";

/**
 * The learner's sandbox as the workbench sees it: a small external store
 * (useSyncExternalStore) shared by the terminals, the build, the preview and
 * the layer explorer.
 */
export type SessionState =
  | { kind: "idle" }
  | { kind: "starting" }
  /** `problem`: why the last token request failed, while terminals retry (French). */
  | { kind: "ready"; session: SandboxSession; problem?: string }
  | { kind: "expired"; session: SandboxSession }
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

// A token is good for minutes; keep a margin for the socket to open.
const TOKEN_MARGIN_MS = 20_000;

export class SandboxSessionStore {
  private state: SessionState = { kind: "idle" };
  private readonly listeners = new Set<() => void>();
  /** The token that came with the session, used once before asking for fresh ones. */
  private spareToken: { token: string; expiresAt: number } | null = null;
  private starting: Promise<SandboxSession | null> | null = null;

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = () => this.state;

  private set(state: SessionState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }

  /** The live session, or null (starting, expired, failed). */
  get session(): SandboxSession | null {
    return this.state.kind === "ready" ? this.state.session : null;
  }

  private adopt(session: SandboxSession): SandboxSession {
    this.spareToken = { token: session.token, expiresAt: session.tokenExpiresAt };
    this.set({ kind: "ready", session });
    return session;
  }

  private fail(error: unknown): null {
    const e = error instanceof WorkbenchApiError ? error : new WorkbenchApiError(0, "internal", "Une erreur inattendue s'est produite.");
    this.set({ kind: "error", code: e.code, message: e.message });
    return null;
  }

  /** Gets (or creates) the learner's sandbox; idempotent while a start is under way. */
  start(): Promise<SandboxSession | null> {
    if (this.state.kind === "ready") return Promise.resolve(this.state.session);
    this.starting ??= (async () => {
      this.set({ kind: "starting" });
      try {
        // Get-or-create: safe to send twice.
        return this.adopt(await postJson<SandboxSession>("/api/sandbox", {}, { idempotent: true }));
      } catch (error) {
        return this.fail(error);
      } finally {
        this.starting = null;
      }
    })();
    return this.starting;
  }

  /** A fresh sandbox (after the learner confirmed): the old one and everything in it is gone. */
  async reset(): Promise<SandboxSession | null> {
    const current = this.state.kind === "ready" || this.state.kind === "expired" ? this.state.session : null;
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

  markExpired(sandboxId: string): void {
    if (this.state.kind === "ready" && this.state.session.sandboxId === sandboxId) this.set({ kind: "expired", session: this.state.session });
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
      const { token } = await postJson<SandboxSession>(`/api/sandbox/${sandboxId}/token`, {}, { idempotent: true });
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
