import type { EditorFilesResponse } from "../../../_lib/api-types";
import { filePathProblem, filesProblem, isDockerfile } from "../../../_lib/workbench/file-paths";
import type { EditorFile } from "../../../_lib/workbench/file-paths";
import { WorkbenchApiError, apiFetch, putJson } from "../api";

export interface EditorState {
  status: "idle" | "loading" | "ready" | "error";
  files: EditorFile[];
  active: string | null;
  loadError: string | null;
  saving: boolean;
  /** Saving to the site failed (the edits are still in the page). */
  saveError: string | null;
  /** Saved, but the sandbox did not get the files. */
  syncError: string | null;
  /** A file block of the lesson whose path the learner already edited: replace it? */
  replaceRequest: EditorFile | null;
}

/** Edits are saved this long after the last keystroke. */
const SAVE_DELAY_MS = 700;

/**
 * The editor's files for one chapter: loaded from and saved to the site
 * (SQLite), and written into ~/<chapter>/ of the sandbox on every save, so
 * the lesson's `cd ~/<chapter>/… && docker build` sees them.
 */
export class EditorFilesModel {
  private state: EditorState = { status: "idle", files: [], active: null, loadError: null, saving: false, saveError: null, syncError: null, replaceRequest: null };
  private readonly listeners = new Set<() => void>();
  private loading: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private dirty = false;
  /** Paths deleted or renamed away that the sandbox may still have: sent with every save until one reaches it. */
  private readonly pendingRemovals = new Set<string>();

  constructor(
    private readonly chapter: string,
    private readonly sandboxId: () => string | null,
  ) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  getSnapshot = () => this.state;

  private set(change: Partial<EditorState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener();
  }

  load(): Promise<void> {
    this.loading ??= (async () => {
      this.set({ status: "loading", loadError: null });
      try {
        const { files } = await apiFetch<EditorFilesResponse>(`/api/editor/${encodeURIComponent(this.chapter)}`);
        const active = files.find((f) => isDockerfile(f.path))?.path ?? files[0]?.path ?? null;
        this.set({ status: "ready", files, active: this.state.active ?? active });
      } catch (error) {
        this.loading = null;
        this.set({ status: "error", loadError: (error as Error).message });
      }
    })();
    return this.loading;
  }

  /** « Ouvrir dans l'éditeur » on a file block of the lesson. */
  async open(path: string, content: string): Promise<void> {
    await this.load();
    if (this.state.status !== "ready") return;
    const existing = this.state.files.find((f) => f.path === path);
    if (existing && existing.content !== content) {
      this.set({ active: path, replaceRequest: { path, content } });
      return;
    }
    if (!existing) this.set({ files: [...this.state.files, { path, content }] });
    this.pendingRemovals.delete(path);
    this.set({ active: path });
    this.saveNow();
  }

  resolveReplace(replace: boolean): void {
    const request = this.state.replaceRequest;
    if (!request) return;
    this.set({ replaceRequest: null });
    if (!replace) return;
    this.set({ files: this.state.files.map((f) => (f.path === request.path ? request : f)) });
    this.saveNow();
  }

  setActive(path: string): void {
    this.set({ active: path });
  }

  update(path: string, content: string): void {
    const files = this.state.files.map((f) => (f.path === path ? { path, content } : f));
    this.set({ files });
    this.scheduleSave();
  }

  /** Creates an empty file; returns the French reason when the name is refused. */
  create(path: string): string | null {
    const problem = filePathProblem(path) ?? filesProblem([...this.state.files, { path, content: "" }]);
    if (problem) return problem;
    this.set({ files: [...this.state.files, { path, content: "" }], active: path });
    this.pendingRemovals.delete(path);
    this.saveNow();
    return null;
  }

  rename(from: string, to: string): string | null {
    if (from === to) return null;
    const files = this.state.files.map((f) => (f.path === from ? { ...f, path: to } : f));
    const problem = filePathProblem(to) ?? filesProblem(files);
    if (problem) return problem;
    this.set({ files, active: this.state.active === from ? to : this.state.active });
    this.pendingRemovals.add(from);
    this.pendingRemovals.delete(to);
    this.saveNow();
    return null;
  }

  remove(path: string): void {
    const files = this.state.files.filter((f) => f.path !== path);
    this.set({ files, active: this.state.active === path ? (files[0]?.path ?? null) : this.state.active });
    this.pendingRemovals.add(path);
    this.saveNow();
  }

  private scheduleSave(): void {
    this.dirty = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), SAVE_DELAY_MS);
  }

  private saveNow(): void {
    this.dirty = true;
    void this.flush();
  }

  /** After a new sandbox (first load, reset): write the files into it. */
  resync(): void {
    if (this.state.status === "ready" && this.state.files.length > 0) this.saveNow();
  }

  /** Saves pending edits now; resolves once the site (and the sandbox, if any) has them. True when the sandbox got them. */
  async flush(): Promise<boolean> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.inFlight) await this.inFlight;
    if (!this.dirty) return this.state.syncError === null && this.state.saveError === null;
    this.dirty = false;
    let synced = false;
    this.inFlight = (async () => {
      this.set({ saving: true });
      try {
        const removed = [...this.pendingRemovals];
        const answer = await putJson<EditorFilesResponse>(`/api/editor/${encodeURIComponent(this.chapter)}`, { files: this.state.files, removed, sandboxId: this.sandboxId() });
        synced = answer.synced === true;
        if (synced) for (const path of removed) this.pendingRemovals.delete(path);
        this.set({ saveError: null, syncError: answer.syncError ?? null });
      } catch (error) {
        this.dirty = true;
        this.set({ saveError: error instanceof WorkbenchApiError ? error.message : "L'enregistrement a échoué." });
      } finally {
        this.set({ saving: false });
      }
    })();
    await this.inFlight;
    this.inFlight = null;
    return synced;
  }
}
