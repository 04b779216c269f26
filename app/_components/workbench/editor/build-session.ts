import { TerminalConnection } from "@quai/sandbox-runner/protocol";
import type { ConnectionState, JobInfo, JobRequest, SocketFactory } from "@quai/sandbox-runner/protocol";
import type { LayersResponse } from "../../../_lib/api-types";
import { apiFetch, postJson } from "../api";
import { socketUrl } from "../terminals/socket-url";
import type { SandboxSessionStore } from "../session/sandbox-session";
import { exposedPorts } from "./launch-command";
import { BuildLogParser, appendCapped } from "./build-log";
import type { BuildProgress } from "./build-log";

export interface BuiltImage {
  tag: string;
  id: string;
  size: number;
  exposed: number[];
}

export interface BuildState {
  status: "idle" | "preparing" | "running" | "succeeded" | "failed";
  tag: string | null;
  dockerfile: string | null;
  log: string;
  progress: BuildProgress;
  startedAt: number | null;
  finishedAt: number | null;
  image: BuiltImage | null;
  /** French: why the build failed. */
  error: string | null;
}

/** What the session needs from the outside world; tests give fakes. */
export interface BuildSessionDeps {
  startJob: (sandboxId: string, request: JobRequest) => Promise<JobInfo>;
  layers: (sandboxId: string, tag: string) => Promise<LayersResponse>;
  /** The job's socket address for a resume offset (the site's own origin in the browser). */
  socketUrl: (sandboxId: string, jobId: string, token: string, offset: number) => string;
  socket?: SocketFactory;
}

const defaultDeps: BuildSessionDeps = {
  startJob: async (sandboxId, request) => (await postJson<{ job: JobInfo }>(`/api/sandbox/${sandboxId}/jobs`, request)).job,
  layers: (sandboxId, tag) => apiFetch<LayersResponse>(`/api/sandbox/${sandboxId}/layers?image=${encodeURIComponent(tag)}`),
  socketUrl: (sandboxId, jobId, token, offset) => socketUrl(sandboxId, jobId, token, offset, JOB_COLS, JOB_ROWS),
};

const EMPTY_PROGRESS: BuildProgress = { steps: [], total: 0, finished: 0, imageId: null, error: null };
/** Characters of log kept for display; a longer log is cut from the top. */
const MAX_LOG_CHARS = 2_000_000;
/** The view is redrawn at most this often while output streams (parsing itself happens as bytes arrive). */
const RENDER_EVERY_MS = 60;
/** The job's TTY, as wide as the runner makes it: BuildKit's lines stay whole. */
const JOB_COLS = 160;
const JOB_ROWS = 40;
/**
 * Reconnections in a row before the build is given up (about two minutes at
 * the client's longest backoff): past the runner's keeping time, a finished
 * job is gone and would be asked for forever.
 */
const MAX_RECONNECTS = 24;

/**
 * « Construire »: saves the files, asks the runner for a build job (the site
 * checks the Dockerfile and the tag; the runner runs `docker build` alone on
 * a TTY), then follows the job over a terminal socket: the log streams,
 * survives a network drop and resumes from its offset without loss, and the
 * job's end comes as its real exit code.
 */
export class BuildSession {
  private state: BuildState = { status: "idle", tag: null, dockerfile: null, log: "", progress: EMPTY_PROGRESS, startedAt: null, finishedAt: null, image: null, error: null };
  private readonly listeners = new Set<() => void>();
  private readonly deps: BuildSessionDeps;
  private connection: TerminalConnection | null = null;
  private parser = new BuildLogParser();
  private decoder = new TextDecoder();
  private pendingLog = "";
  private renderTimer: ReturnType<typeof setTimeout> | null = null;
  private cancelled = false;
  private reconnects = 0;

  constructor(
    private readonly store: Pick<SandboxSessionStore, "session" | "terminalToken">,
    deps: Partial<BuildSessionDeps> = {},
  ) {
    this.deps = { ...defaultDeps, ...deps };
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  getSnapshot = () => this.state;

  private set(change: Partial<BuildState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener();
  }

  get running(): boolean {
    return this.state.status === "preparing" || this.state.status === "running";
  }

  /**
   * Saves the files (`prepare`, which resolves true when the sandbox has
   * them), then builds `dockerfile` (relative to the chapter folder) as `tag`.
   */
  async run(options: { chapter: string; dockerfile: string; tag: string; prepare: () => Promise<boolean> }): Promise<void> {
    if (this.running) return;
    this.follow(null);
    this.set({ status: "preparing", tag: options.tag, dockerfile: options.dockerfile, log: "", progress: EMPTY_PROGRESS, startedAt: Date.now(), finishedAt: null, image: null, error: null });
    const session = this.store.session;
    if (!session) return this.fail("Votre bac à sable n'est pas prêt : attendez qu'il démarre, ou réinitialisez-le.");
    try {
      if (!(await options.prepare())) throw new Error("Les fichiers n'ont pas pu être copiés dans le bac à sable : la construction n'est pas lancée. Réessayez dans un instant.");
      const job = await this.deps.startJob(session.sandboxId, { kind: "build", chapter: options.chapter, dockerfile: options.dockerfile, tag: options.tag });
      this.set({ status: "running" });
      this.follow(session.sandboxId, job.id);
    } catch (error) {
      this.fail((error as Error).message);
    }
  }

  /** « Arrêter »: Ctrl-C on the job's TTY; docker build stops and says so. */
  cancel(): void {
    if (this.state.status !== "running" || !this.connection) return;
    this.cancelled = true;
    this.connection.send("\x03");
  }

  dispose(): void {
    this.follow(null);
  }

  /** Attaches to a job's output (or, with null, lets go of the current one). */
  private follow(sandboxId: string | null, jobId?: string): void {
    this.connection?.close();
    this.connection = null;
    if (this.renderTimer) clearTimeout(this.renderTimer);
    this.renderTimer = null;
    this.parser = new BuildLogParser();
    this.decoder = new TextDecoder();
    this.pendingLog = "";
    this.cancelled = false;
    this.reconnects = 0;
    if (sandboxId === null || jobId === undefined) return;
    const connection: TerminalConnection = new TerminalConnection({
      url: async (offset) => this.deps.socketUrl(sandboxId, jobId, await this.store.terminalToken(sandboxId), offset),
      ...(this.deps.socket ? { socket: this.deps.socket } : {}),
      onOutput: (data, done) => {
        this.take(this.decoder.decode(data, { stream: true }));
        done();
      },
      onControl: (message) => {
        if (message.t === "exit" && connection === this.connection) void this.finish(sandboxId, message.code);
      },
      onState: (state: ConnectionState, messageFr) => {
        if (connection !== this.connection || this.state.status !== "running") return;
        if (state === "connected") this.reconnects = 0;
        if (state === "reconnecting" && ++this.reconnects > MAX_RECONNECTS) {
          this.fail("La connexion au bac à sable a été perdue pendant la construction. Relancez-la.");
          queueMicrotask(() => this.follow(null)); // once the client has armed its next try, which this cancels
        } else if (state === "expired" || state === "closed") {
          this.fail(messageFr ?? "La connexion au bac à sable a été perdue pendant la construction.");
        }
      },
    });
    this.connection = connection;
    connection.connect();
  }

  /** New output: parsed at once (only these bytes), drawn at the next tick of the view. */
  private take(text: string): void {
    const clean = text.replace(/\r/g, "");
    this.parser.push(clean);
    this.pendingLog += clean;
    this.renderTimer ??= setTimeout(() => {
      this.renderTimer = null;
      this.render();
    }, RENDER_EVERY_MS);
  }

  private render(): void {
    if (this.pendingLog === "") return;
    const log = appendCapped(this.state.log, this.pendingLog, MAX_LOG_CHARS);
    this.pendingLog = "";
    this.set({ log, progress: this.parser.progress });
  }

  private fail(error: string): void {
    this.render();
    this.set({ status: "failed", finishedAt: Date.now(), error });
  }

  private async finish(sandboxId: string, code: number | null): Promise<void> {
    this.take(this.decoder.decode());
    if (this.renderTimer) clearTimeout(this.renderTimer);
    this.renderTimer = null;
    this.parser.end();
    this.render();
    this.connection = null; // the runner closes the socket; nothing more will come
    const progress = this.parser.progress;
    if (code !== 0) {
      const why =
        this.cancelled || code === 130
          ? "Construction interrompue."
          : (progress.error ?? (code === null ? "La construction s'est arrêtée sans dire pourquoi. Réessayez." : `docker build s'est arrêté avec le code ${code}.`));
      this.set({ status: "failed", progress, finishedAt: Date.now(), error: why });
      return;
    }
    const tag = this.state.tag!;
    let image: BuiltImage | null;
    try {
      const layers = await this.deps.layers(sandboxId, tag);
      image = { tag, id: layers.id, size: layers.layers.reduce((sum, l) => sum + l.size, 0), exposed: exposedPorts(layers.layers.map((l) => l.instruction)) };
    } catch {
      image = progress.imageId ? { tag, id: progress.imageId, size: 0, exposed: [] } : null;
    }
    this.set({ status: "succeeded", progress, finishedAt: Date.now(), image });
  }
}
