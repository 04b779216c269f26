import { TerminalConnection } from "@quai/sandbox-runner/protocol";
import type { ConnectionState } from "@quai/sandbox-runner/protocol";
import type { LayersResponse } from "../../../_lib/api-types";
import { apiFetch } from "../api";
import { PROMPT_AT_END } from "../terminals/prompt";
import { socketUrl } from "../terminals/socket-url";
import type { SandboxSessionStore } from "../session/sandbox-session";
import { buildCommand, exposedPorts, readBuildOutput, trimBuildOutput } from "./build-command";
import { parseBuildLog } from "./build-log";
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

const EMPTY_PROGRESS: BuildProgress = { steps: [], total: 0, finished: 0, imageId: null, error: null };
/** The sandbox's shell that runs builds (one per sandbox, never shown as a terminal tab). */
export const BUILD_TERMINAL = "build";
const CONNECT_TIMEOUT_MS = 20_000;
/** Keep the tail of the build shell's output; a build log beyond this is cut from the top. */
const MAX_RAW_CHARS = 2_000_000;


/**
 * « Construire »: runs `docker build --progress=plain` in a dedicated shell
 * of the sandbox (a runner terminal, so the log streams, survives a network
 * drop and resumes without loss), and follows its output.
 */
export class BuildSession {
  private state: BuildState = { status: "idle", tag: null, dockerfile: null, log: "", progress: EMPTY_PROGRESS, startedAt: null, finishedAt: null, image: null, error: null };
  private readonly listeners = new Set<() => void>();
  private connection: TerminalConnection | null = null;
  private connectionSandbox: string | null = null;
  private connectionState: ConnectionState = "closed";
  private connectionMessage: string | undefined;
  private raw = "";
  private decoder = new TextDecoder();
  private nonce: string | null = null;
  private parseScheduled = false;

  constructor(private readonly store: SandboxSessionStore) {}

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

  private connect(sandboxId: string): TerminalConnection {
    if (this.connection && this.connectionSandbox === sandboxId && this.connectionState !== "closed" && this.connectionState !== "expired") return this.connection;
    this.connection?.close();
    this.raw = "";
    this.decoder = new TextDecoder();
    const connection = new TerminalConnection({
      url: async (offset) => socketUrl(sandboxId, BUILD_TERMINAL, await this.store.terminalToken(sandboxId), offset, 160, 40),
      onOutput: (data, done) => {
        this.raw += this.decoder.decode(data, { stream: true });
        this.raw = trimBuildOutput(this.raw, this.nonce, MAX_RAW_CHARS);
        done();
        this.scheduleParse();
      },
      onState: (state, messageFr) => {
        this.connectionState = state;
        this.connectionMessage = messageFr;
        if ((state === "expired" || state === "closed") && this.running && connection === this.connection) {
          this.set({ status: "failed", finishedAt: Date.now(), error: messageFr ?? "La connexion au bac à sable a été perdue pendant la construction." });
        }
        for (const listener of this.listeners) listener();
      },
    });
    this.connection = connection;
    this.connectionSandbox = sandboxId;
    connection.connect();
    return connection;
  }

  /**
   * Connected, and the shell at its prompt. Typing before bash is ready is
   * safe (the PTY keeps it), but a previous build still running would get
   * the command as input: wait for the prompt a while, then type anyway.
   */
  private async ready(): Promise<void> {
    const deadline = Date.now() + CONNECT_TIMEOUT_MS;
    while (this.connectionState !== "connected" || !PROMPT_AT_END.test(this.raw.slice(-200))) {
      if (this.connectionState === "expired" || this.connectionState === "closed") throw new Error(this.connectionMessage ?? "Le bac à sable n'est plus disponible.");
      if (Date.now() > deadline) {
        if (this.connectionState === "connected") return;
        throw new Error("Le bac à sable ne répond pas : la construction n'a pas pu démarrer. Réessayez.");
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * Saves the files (`prepare`, which resolves true when the sandbox has
   * them), then builds `dockerfile` (relative to the chapter folder) as `tag`.
   */
  async run(options: { chapter: string; dockerfile: string; tag: string; prepare: () => Promise<boolean> }): Promise<void> {
    if (this.running) return;
    const session = this.store.session;
    this.set({ status: "preparing", tag: options.tag, dockerfile: options.dockerfile, log: "", progress: EMPTY_PROGRESS, startedAt: Date.now(), finishedAt: null, image: null, error: null });
    if (!session) {
      this.set({ status: "failed", finishedAt: Date.now(), error: "Votre bac à sable n'est pas prêt : attendez qu'il démarre, ou réinitialisez-le." });
      return;
    }
    try {
      const connection = this.connect(session.sandboxId);
      const [synced] = await Promise.all([options.prepare(), this.ready()]);
      if (!synced) throw new Error("Les fichiers n'ont pas pu être copiés dans le bac à sable : la construction n'est pas lancée. Réessayez dans un instant.");
      this.nonce = Math.random().toString(36).slice(2, 10);
      this.set({ status: "running" });
      connection.send(`${buildCommand({ chapter: options.chapter, dockerfile: options.dockerfile, tag: options.tag, nonce: this.nonce })}\r`);
    } catch (error) {
      this.set({ status: "failed", finishedAt: Date.now(), error: (error as Error).message });
    }
  }

  /** « Arrêter »: Ctrl-C in the build shell; docker build stops and reports it. */
  cancel(): void {
    if (this.state.status === "running") this.connection?.send("\x03");
  }

  private scheduleParse(): void {
    if (this.parseScheduled || !this.nonce || this.state.status !== "running") return;
    this.parseScheduled = true;
    setTimeout(() => {
      this.parseScheduled = false;
      void this.parse();
    }, 60);
  }

  private async parse(): Promise<void> {
    if (!this.nonce || this.state.status !== "running") return;
    const output = readBuildOutput(this.raw, this.nonce);
    if (!output.started) return;
    const progress = parseBuildLog(output.log);
    if (output.exitCode === null) {
      this.set({ log: output.log, progress });
      return;
    }
    this.nonce = null;
    if (output.exitCode !== 0) {
      const why = output.exitCode === 130 ? "Construction interrompue." : (progress.error ?? `docker build s'est arrêté avec le code ${output.exitCode}.`);
      this.set({ status: "failed", log: output.log, progress, finishedAt: Date.now(), error: why });
      return;
    }
    const tag = this.state.tag!;
    let image: BuiltImage | null = null;
    const session = this.store.session;
    if (session) {
      try {
        const layers = await apiFetch<LayersResponse>(`/api/sandbox/${session.sandboxId}/layers?image=${encodeURIComponent(tag)}`);
        image = { tag, id: layers.id, size: layers.layers.reduce((sum, l) => sum + l.size, 0), exposed: exposedPorts(layers.layers.map((l) => l.instruction)) };
      } catch {
        image = progress.imageId ? { tag, id: progress.imageId, size: 0, exposed: [] } : null;
      }
    }
    this.set({ status: "succeeded", log: output.log, progress, finishedAt: Date.now(), image });
  }

  dispose(): void {
    this.connection?.close();
    this.connection = null;
  }
}
