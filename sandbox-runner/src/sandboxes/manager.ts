import { EventEmitter } from "node:events";
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { ExecRequest, ExecResult, FileEntry, SandboxDriver, SandboxRecord } from "../driver/driver.js";
import { CloseCode } from "../protocol/index.js";
import { Terminal } from "../terminals/terminal.js";
import { noCapacity, notFound, tooManyTerminals } from "./errors.js";

export interface ManagerOptions {
  ttlMs: number;
  idleMs: number;
  maxSandboxes: number;
  warmPool: number;
  poolMaxAgeMs: number;
  terminalsPerSandbox: number;
  terminalGraceMs: number;
  reapEveryMs: number;
}

export const managerDefaults: ManagerOptions = {
  ttlMs: 120 * 60_000,
  idleMs: 30 * 60_000,
  maxSandboxes: 40,
  warmPool: 2,
  poolMaxAgeMs: 15 * 60_000,
  terminalsPerSandbox: 8,
  terminalGraceMs: 5 * 60_000,
  reapEveryMs: 10_000,
};

export interface Sandbox {
  id: string;
  owner: string;
  createdAt: number;
  expiresAt: number;
  ip: string | null;
  lastActivity: number;
  terminals: Map<string, Terminal>;
}

export type GoneReason = "expired" | "idle" | "killed" | "destroyed" | "reset";

/**
 * Owns every sandbox of this runner: one per learner, a warm pool ready to be
 * handed out, limits on count and lifetime, and recovery from the engine's
 * state after a restart (DockerSpawner's get-or-create, idempotent stops).
 *
 * Events: "gone" (sandbox, reason) after a sandbox ended for any reason.
 */
export class SandboxManager extends EventEmitter {
  readonly o: ManagerOptions;
  private readonly sandboxes = new Map<string, Sandbox>();
  private readonly byOwner = new Map<string, string>();
  private readonly pool: SandboxRecord[] = [];
  private readonly acquiring = new Map<string, Promise<Sandbox>>();
  private readonly opening = new Map<string, Promise<Terminal>>();
  private readonly destroying = new Set<string>();
  /** Removals in progress per owner: a new sandbox takes the same container name. */
  private readonly ending = new Map<string, Promise<void>>();
  /** Removals that failed: retried by the reaper so nothing leaks. */
  private readonly leftovers = new Set<string>();
  private creatingWarm = 0;
  private creating = 0;
  private reaper: NodeJS.Timeout | null = null;
  private unwatch: (() => void) | null = null;
  private stopped = false;

  constructor(
    private readonly driver: SandboxDriver,
    private readonly log: Logger,
    options: Partial<ManagerOptions> = {},
  ) {
    super();
    this.o = { ...managerDefaults, ...options };
    if (this.o.warmPool >= this.o.maxSandboxes) throw new Error("warmPool must be smaller than maxSandboxes");
  }

  /** Adopts what the engine already runs, clears leftovers, then fills the pool. */
  async start(): Promise<{ adopted: number; removed: number }> {
    this.unwatch = this.driver.watch((id, reason) => this.onDeath(id, reason));
    let removed = 0;
    for (const rec of await this.driver.list()) {
      const tooOld = rec.owner === null && Date.now() - rec.createdAt > this.o.poolMaxAgeMs;
      if (!rec.running || tooOld) {
        await this.driver.destroy(rec.id);
        removed++;
      } else if (rec.owner === null) {
        this.pool.push(rec);
      } else {
        this.track(rec, rec.owner);
      }
    }
    removed += await this.driver.removeOrphans();
    this.reaper = setInterval(() => void this.reap(), this.o.reapEveryMs);
    this.reaper.unref();
    this.refill();
    const adopted = this.sandboxes.size + this.pool.length;
    this.log.info({ adopted, removed }, "sandbox manager started");
    return { adopted, removed };
  }

  /** Closes sockets (clients reconnect to the next runner); sandboxes keep running for adoption. */
  stop(): void {
    this.stopped = true;
    if (this.reaper) clearInterval(this.reaper);
    this.unwatch?.();
    for (const sb of this.sandboxes.values()) for (const t of sb.terminals.values()) t.close(CloseCode.GoingAway);
  }

  get stats() {
    return { assigned: this.sandboxes.size, warm: this.pool.length, creating: this.creating };
  }

  get(id: string): Sandbox {
    const sb = this.sandboxes.get(id);
    if (!sb) throw notFound(id);
    return sb;
  }

  ofOwner(owner: string): Sandbox | undefined {
    const id = this.byOwner.get(owner);
    return id ? this.sandboxes.get(id) : undefined;
  }

  /**
   * The owner's sandbox if it is alive or being handed out, never a new one:
   * what a check runs in (a fresh sandbox would fail every check).
   */
  async current(owner: string): Promise<Sandbox | undefined> {
    const existing = this.ofOwner(owner);
    if (existing) return existing;
    const pending = this.acquiring.get(owner);
    return pending ? pending.catch(() => undefined) : undefined;
  }

  touch(id: string): void {
    const sb = this.sandboxes.get(id);
    if (sb) sb.lastActivity = Date.now();
  }

  /** The learner's sandbox: theirs if alive, else one from the pool, else a new one. */
  acquire(owner: string): Promise<Sandbox> {
    const existing = this.ofOwner(owner);
    if (existing) return Promise.resolve(existing);
    let pending = this.acquiring.get(owner);
    if (!pending) {
      pending = this.acquireNew(owner).finally(() => this.acquiring.delete(owner));
      this.acquiring.set(owner, pending);
    }
    return pending;
  }

  private async acquireNew(owner: string): Promise<Sandbox> {
    await this.ending.get(owner);
    const warm = this.pool.shift();
    if (warm) {
      try {
        await this.driver.assign(warm.id, owner);
        this.refill();
        return this.track(warm, owner);
      } catch (err) {
        this.log.warn({ err, id: warm.id }, "warm sandbox could not be assigned; creating one");
        void this.driver.destroy(warm.id).catch(() => undefined);
      }
    }
    if (this.total() >= this.o.maxSandboxes) throw noCapacity(this.o.maxSandboxes);
    this.creating++;
    try {
      const rec = await this.driver.create({ id: newId(), owner });
      return this.track(rec, owner);
    } finally {
      this.creating--;
      this.refill();
    }
  }

  /** Replaces the learner's sandbox with a fresh one. */
  async reset(id: string): Promise<Sandbox> {
    const sb = this.get(id);
    await this.destroy(id, "reset");
    return this.acquire(sb.owner);
  }

  async destroy(id: string, reason: GoneReason = "destroyed", owner = this.sandboxes.get(id)?.owner): Promise<void> {
    const sb = this.sandboxes.get(id);
    this.destroying.add(id);
    const removal = this.driver.destroy(id);
    const settled = removal.catch(() => undefined);
    if (owner) this.ending.set(owner, settled);
    try {
      if (sb) this.forget(sb, reason);
      await removal;
      this.leftovers.delete(id);
    } catch (err) {
      this.leftovers.add(id);
      throw err;
    } finally {
      this.destroying.delete(id);
      if (owner && this.ending.get(owner) === settled) this.ending.delete(owner);
    }
  }

  async exec(id: string, request: ExecRequest): Promise<ExecResult> {
    this.get(id);
    this.touch(id);
    return this.driver.exec(id, request);
  }

  async putFiles(id: string, dir: string, files: FileEntry[]): Promise<void> {
    this.get(id);
    this.touch(id);
    await this.driver.putFiles(id, dir, files);
  }

  /** An existing terminal, or a new shell when `create` is allowed (writers only). */
  async terminal(id: string, terminalId: string, opts: { create: boolean; cols: number; rows: number }): Promise<Terminal | null> {
    const sb = this.get(id);
    const known = sb.terminals.get(terminalId);
    if (known) return known;
    if (!opts.create) return null;
    const key = `${id}/${terminalId}`;
    let pending = this.opening.get(key);
    if (!pending) {
      if (sb.terminals.size >= this.o.terminalsPerSandbox) throw tooManyTerminals(this.o.terminalsPerSandbox);
      pending = this.driver
        .openTerminal(id, { cols: opts.cols, rows: opts.rows })
        .then((proc) => {
          const t = new Terminal(terminalId, proc);
          sb.terminals.set(terminalId, t);
          t.once("exit", () => sb.terminals.delete(terminalId));
          return t;
        })
        .finally(() => this.opening.delete(key));
      this.opening.set(key, pending);
    }
    return pending;
  }

  private track(rec: SandboxRecord, owner: string): Sandbox {
    const sb: Sandbox = {
      id: rec.id,
      owner,
      createdAt: rec.createdAt,
      expiresAt: rec.createdAt + this.o.ttlMs,
      ip: rec.ip,
      lastActivity: Date.now(),
      terminals: new Map(),
    };
    this.sandboxes.set(sb.id, sb);
    this.byOwner.set(owner, sb.id);
    return sb;
  }

  private forget(sb: Sandbox, reason: GoneReason): void {
    if (!this.sandboxes.delete(sb.id)) return;
    if (this.byOwner.get(sb.owner) === sb.id) this.byOwner.delete(sb.owner);
    for (const t of sb.terminals.values()) t.close(CloseCode.SandboxGone, { t: "sandbox-gone", reason });
    this.log.info({ id: sb.id, owner: sb.owner, reason }, "sandbox ended");
    this.emit("gone", sb, reason);
  }

  private onDeath(id: string, detail: string): void {
    if (this.destroying.has(id)) return;
    const sb = this.sandboxes.get(id);
    const warmIndex = this.pool.findIndex((r) => r.id === id);
    if (warmIndex >= 0) this.pool.splice(warmIndex, 1);
    if (!sb && warmIndex < 0) return;
    this.log.warn({ id, detail }, "sandbox stopped from outside");
    void this.destroy(id, "killed", sb?.owner).catch((err) => this.log.error({ err, id }, "cleanup after death failed"));
    this.refill();
  }

  private total(): number {
    return this.sandboxes.size + this.pool.length + this.creating + this.creatingWarm;
  }

  private refill(): void {
    if (this.stopped || this.creatingWarm > 0) return;
    if (this.pool.length >= this.o.warmPool || this.total() >= this.o.maxSandboxes) return;
    this.creatingWarm++;
    // One at a time: on a small host, parallel nested engines starting slow each other down.
    this.driver
      .create({ id: newId(), owner: null })
      .then((rec) => {
        if (this.stopped) void this.driver.destroy(rec.id);
        else this.pool.push(rec);
      })
      .catch((err) => this.log.error({ err }, "warm sandbox creation failed"))
      .finally(() => {
        this.creatingWarm--;
        this.refill();
      });
  }

  /** Ends expired and idle sandboxes, stale pool entries and abandoned shells. */
  async reap(now = Date.now()): Promise<void> {
    for (const sb of [...this.sandboxes.values()]) {
      let writers = 0;
      for (const [tid, t] of sb.terminals) {
        writers += t.writerCount;
        sb.lastActivity = Math.max(sb.lastActivity, t.lastActivity);
        if (t.viewerCount === 0 && now - t.lastActivity > this.o.terminalGraceMs) {
          t.close();
          sb.terminals.delete(tid);
        }
      }
      if (now >= sb.expiresAt) await this.safeDestroy(sb.id, "expired");
      else if (writers === 0 && now - sb.lastActivity > this.o.idleMs) await this.safeDestroy(sb.id, "idle");
    }
    for (const id of [...this.leftovers]) await this.safeDestroy(id, "destroyed");
    for (const rec of [...this.pool]) {
      if (now - rec.createdAt > this.o.poolMaxAgeMs) {
        this.pool.splice(this.pool.indexOf(rec), 1);
        await this.driver.destroy(rec.id).catch((err) => this.log.error({ err, id: rec.id }, "stale pool entry removal failed"));
      }
    }
    this.refill();
  }

  private async safeDestroy(id: string, reason: GoneReason): Promise<void> {
    try {
      await this.destroy(id, reason);
    } catch (err) {
      this.log.error({ err, id, reason }, "destroy failed");
    }
  }
}

export function newId(): string {
  return randomBytes(6).toString("hex");
}
