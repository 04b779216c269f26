import { PassThrough } from "node:stream";
import type { CreateSpec, ExecRequest, ExecResult, FileEntry, GoneListener, SandboxDriver, SandboxRecord, TerminalCommand, TerminalProcess, TerminalTarget } from "./driver.js";

/** In-memory driver for unit tests of lifecycle logic. Integration tests use the real one. */
export class FakeDriver implements SandboxDriver {
  readonly records = new Map<string, SandboxRecord>();
  readonly destroyed: string[] = [];
  private listeners: GoneListener[] = [];
  /** Every terminal opened, with what it runs; a test writes its output and ends it (`exitCode` first). */
  readonly opened: Array<{ sandboxId: string; command?: TerminalCommand; shell?: string; stream: PassThrough; exitCode: number | null; sizes: Array<{ cols: number; rows: number }> }> = [];
  /** Shells still running per sandbox (as if held from an earlier runner); `endShell` removes them. */
  readonly shells = new Map<string, Set<string>>();
  readonly endedShells: string[] = [];
  /** `sandbox/shell=alias` for each aliasShell. */
  readonly aliases: string[] = [];
  createDelayMs = 0;
  failCreate = false;

  async prepare(): Promise<void> {}
  async ping(): Promise<void> {}

  async create(spec: CreateSpec): Promise<SandboxRecord> {
    if (this.createDelayMs) await new Promise((r) => setTimeout(r, this.createDelayMs));
    if (this.failCreate) throw new Error(`create sandbox ${spec.id}: engine refused`);
    const rec: SandboxRecord = { id: spec.id, owner: spec.owner, createdAt: Date.now(), running: true, ip: "10.0.0.3" };
    this.records.set(spec.id, rec);
    return { ...rec };
  }

  async assign(id: string, owner: string): Promise<void> {
    const rec = this.records.get(id);
    if (!rec) throw Object.assign(new Error(`sandbox ${id} not found`), { statusCode: 404 });
    rec.owner = owner;
  }

  async destroy(id: string): Promise<void> {
    this.records.delete(id);
    this.destroyed.push(id);
  }

  readonly slept: string[] = [];
  failWake = false;
  /** Bytes per disk, as diskUsage reports them. */
  readonly usage = new Map<string, number>();

  async sleep(id: string): Promise<void> {
    const rec = this.records.get(id);
    if (rec) Object.assign(rec, { running: false, stoppedAt: Date.now() });
    this.slept.push(id);
  }

  async wake(id: string, owner: string): Promise<SandboxRecord> {
    const rec = this.records.get(id);
    if (!rec || this.failWake) throw new Error(`wake sandbox ${id}: it does not start`);
    Object.assign(rec, { running: true, owner, stoppedAt: undefined });
    return { ...rec };
  }

  async diskUsage(ids: string[]): Promise<Map<string, number>> {
    return new Map(ids.filter((id) => this.usage.has(id)).map((id) => [id, this.usage.get(id)!]));
  }

  async list(): Promise<SandboxRecord[]> {
    return [...this.records.values()].map((r) => ({ ...r }));
  }

  async removeOrphans(): Promise<number> {
    return 0;
  }

  async exec(_id: string, r: ExecRequest): Promise<ExecResult> {
    return { exitCode: 0, stdout: r.argv.join(" "), stderr: "", timedOut: false, truncated: false, durationMs: 1 };
  }

  async openTerminal(sandboxId: string, size: { cols: number; rows: number }, target: TerminalTarget): Promise<TerminalProcess> {
    const stream = new PassThrough();
    const entry = { sandboxId, ...("job" in target ? { command: target.job } : { shell: target.shell }), stream, exitCode: 0 as number | null, sizes: [size] };
    if ("shell" in target) {
      const shells = this.shells.get(sandboxId) ?? new Set();
      shells.add(target.shell);
      this.shells.set(sandboxId, shells);
      stream.once("end", () => shells.delete(target.shell));
    }
    this.opened.push(entry);
    return { stream, resize: async (cols, rows) => void entry.sizes.push({ cols, rows }), exitCode: async () => entry.exitCode };
  }

  async terminalShells(id: string): Promise<string[]> {
    return [...(this.shells.get(id) ?? [])];
  }

  async aliasShell(id: string, shell: string, alias: string): Promise<void> {
    const shells = this.shells.get(id);
    if (!shells?.has(shell)) throw new Error(`no shell ${shell} in ${id}`);
    shells.delete(shell);
    shells.add(alias);
    this.aliases.push(`${id}/${shell}=${alias}`);
  }

  async endShell(id: string, shell: string): Promise<void> {
    this.shells.get(id)?.delete(shell);
    this.endedShells.push(`${id}/${shell}`);
    for (const t of this.opened) if (t.sandboxId === id && t.shell === shell && !t.stream.writableEnded) t.stream.end();
  }

  async putFiles(_id: string, _dir: string, _files: FileEntry[]): Promise<void> {}

  watch(listener: GoneListener): () => void {
    this.listeners.push(listener);
    return () => (this.listeners = this.listeners.filter((l) => l !== listener));
  }

  /** Simulates `docker kill` from outside. */
  kill(id: string): void {
    const rec = this.records.get(id);
    if (rec) rec.running = false;
    for (const l of this.listeners) l(id, "exit code 137");
  }
}
