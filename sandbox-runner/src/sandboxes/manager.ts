import { EventEmitter } from "node:events";
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { ExecRequest, ExecResult, FileEntry, SandboxDriver, SandboxRecord } from "../driver/driver.js";
import { CloseCode } from "../protocol/index.js";
import { Terminal } from "../terminals/terminal.js";
import { AdmissionQueue } from "./admission.js";
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
  /** How long an idle or expired sandbox sleeps (data kept) before it is destroyed; 0: destroyed at once. */
  sleepMs: number;
  /** Disk the sleeping sandboxes may take on the host, together; past it the oldest are destroyed. */
  sleepBudgetBytes: number;
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
  sleepMs: 7 * 24 * 3600_000,
  sleepBudgetBytes: 100 * 1024 ** 3,
};

export interface Sandbox {
  id: string;
  owner: string;
  createdAt: number;
  expiresAt: number;
  ip: string | null;
  lastActivity: number;
  terminals: Map<string, Terminal>;
  /** Woken from sleep when handed out (the learner's images and files are back). */
  woke: boolean;
}

/** A sandbox asleep: its container stopped, its disk kept for its owner. */
export interface Sleeper {
  id: string;
  owner: string;
  sleptAt: number;
}

/** "asleep": the sandbox sleeps and will wake with everything in place; the others end it. */
export type GoneReason = "expired" | "idle" | "killed" | "destroyed" | "reset" | "asleep";

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
  /** Sleeping sandboxes by owner. */
  private readonly sleeping = new Map<string, Sleeper>();
  /** Sandboxes being put to sleep: their container's death is expected. */
  private readonly fallingAsleep = new Set<string>();
  /** Learners waiting for a place while the runner is full. */
  private readonly queue = new AdmissionQueue();
  private creatingWarm = 0;
  private creating = 0;
  private reaper: NodeJS.Timeout | null = null;
  private reaping: Promise<void> | null = null;
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
      const sleepsOn = !rec.running && rec.owner !== null && this.o.sleepMs > 0 && Date.now() - (rec.stoppedAt ?? 0) < this.o.sleepMs;
      if (sleepsOn) {
        this.sleeping.set(rec.owner!, { id: rec.id, owner: rec.owner!, sleptAt: rec.stoppedAt ?? Date.now() });
      } else if (!rec.running || tooOld) {
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
    this.log.info({ adopted, sleeping: this.sleeping.size, removed }, "sandbox manager started");
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
    return { assigned: this.sandboxes.size, warm: this.pool.length, creating: this.creating, sleeping: this.sleeping.size, waiting: this.queue.length };
  }

  /** The owner's sleeping sandbox, if any. */
  sleeperOf(owner: string): Sleeper | undefined {
    return this.sleeping.get(owner);
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
    this.admit(owner);
    const sleeper = this.sleeping.get(owner);
    if (sleeper) {
      const woken = await this.wake(sleeper);
      if (woken) return woken;
    }
    const warm = this.pool.shift();
    if (warm) {
      // Out of the pool, not yet tracked: counted as being created, so that
      // nothing (the pool's refill included) takes its place meanwhile.
      this.creating++;
      try {
        await this.driver.assign(warm.id, owner);
        return this.track(warm, owner);
      } catch (err) {
        this.log.warn({ err, id: warm.id }, "warm sandbox could not be assigned; creating one");
        void this.driver.destroy(warm.id).catch(() => undefined);
      } finally {
        this.creating--;
        this.refill();
      }
    }
    if (this.total() >= this.o.maxSandboxes) this.refuse(owner);
    this.creating++;
    try {
      const rec = await this.driver.create({ id: newId(), owner });
      return this.track(rec, owner);
    } finally {
      this.creating--;
      this.refill();
    }
  }

  /**
   * Starts the owner's sleeping sandbox again; null when it will not start
   * (it is then destroyed, and the learner gets a new one).
   */
  private async wake(sleeper: Sleeper): Promise<Sandbox | null> {
    // A warm sandbox gives its place to a learner's own, sleeping one.
    const spare = this.total() >= this.o.maxSandboxes ? this.pool.shift() : undefined;
    if (spare) void this.safeDestroy(spare.id, "destroyed");
    if (this.total() >= this.o.maxSandboxes + (spare ? 1 : 0)) this.refuse(sleeper.owner);
    this.sleeping.delete(sleeper.owner);
    this.creating++;
    try {
      const rec = await this.driver.wake(sleeper.id, sleeper.owner);
      const sb = this.track(rec, sleeper.owner);
      sb.woke = true;
      this.log.info({ id: sb.id, owner: sb.owner, sleptMs: Date.now() - sleeper.sleptAt }, "sandbox woken");
      return sb;
    } catch (err) {
      this.log.warn({ err, id: sleeper.id }, "sleeping sandbox did not wake; destroying it");
      await this.driver.destroy(sleeper.id).catch((e) => {
        this.leftovers.add(sleeper.id);
        this.log.error({ err: e, id: sleeper.id }, "destroy of a sandbox that did not wake failed");
      });
      return null;
    } finally {
      this.creating--;
    }
  }

  /**
   * Puts a learner's sandbox to sleep: its shells end, its container stops
   * (memory and CPU go back), its disk stays until it wakes or sleeps longer
   * than sleepMs. Without sleep (sleepMs = 0) it is destroyed.
   */
  async sleep(id: string, reason: GoneReason = "asleep"): Promise<void> {
    const sb = this.get(id);
    if (this.o.sleepMs === 0) return this.destroy(id, reason);
    this.fallingAsleep.add(id);
    try {
      this.forget(sb, "asleep");
      await this.driver.sleep(id);
      this.sleeping.set(sb.owner, { id, owner: sb.owner, sleptAt: Date.now() });
    } catch (err) {
      this.log.error({ err, id }, "sleep failed; destroying the sandbox");
      await this.destroy(id, reason, sb.owner).catch(() => undefined);
    } finally {
      this.fallingAsleep.delete(id);
    }
  }

  /**
   * Lets `owner` take a place now (a warm sandbox or room for a new one), or
   * puts them in the waiting line and refuses with their position. The
   * configured maximum itself is checked again where places are taken.
   */
  private admit(owner: string): void {
    const free = this.pool.length + Math.max(0, this.o.maxSandboxes - this.total());
    if (this.queue.mayEnter(owner, free)) this.queue.leave(owner);
    else this.refuse(owner);
  }

  private refuse(owner: string): never {
    const position = this.queue.wait(owner);
    throw noCapacity(this.o.maxSandboxes, position, this.queue.length);
  }

  /** Replaces the learner's sandbox with a fresh one. */
  async reset(id: string): Promise<Sandbox> {
    const sb = this.get(id);
    await this.destroy(id, "reset");
    return this.acquire(sb.owner);
  }

  async destroy(id: string, reason: GoneReason = "destroyed", owner = this.sandboxes.get(id)?.owner ?? this.ownerAsleep(id)): Promise<void> {
    const sb = this.sandboxes.get(id);
    if (owner && this.sleeping.get(owner)?.id === id) this.sleeping.delete(owner);
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

  private ownerAsleep(id: string): string | undefined {
    for (const s of this.sleeping.values()) if (s.id === id) return s.owner;
    return undefined;
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
      woke: false,
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
    if (this.destroying.has(id) || this.fallingAsleep.has(id)) return;
    const sb = this.sandboxes.get(id);
    const warmIndex = this.pool.findIndex((r) => r.id === id);
    if (warmIndex >= 0) this.pool.splice(warmIndex, 1);
    if (!sb && warmIndex < 0) return;
    this.log.warn({ id, detail }, "sandbox stopped from outside");
    // A learner's sandbox keeps their work: asleep, it wakes (or, if it cannot, is replaced) at their return.
    if (sb && this.o.sleepMs > 0) void this.sleep(id, "killed");
    else void this.destroy(id, "killed", sb?.owner).catch((err) => this.log.error({ err, id }, "cleanup after death failed"));
    this.refill();
  }

  private total(): number {
    return this.sandboxes.size + this.pool.length + this.creating + this.creatingWarm;
  }

  private refill(): void {
    // While learners wait for a place, a freed place is theirs, not the pool's.
    if (this.stopped || this.creatingWarm > 0 || this.queue.length > 0) return;
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

  /**
   * Ends expired and idle sandboxes, stale pool entries and abandoned shells.
   * One pass at a time: a call while a pass runs (the interval, a test) joins
   * it, so two passes never remove the same entry twice.
   */
  reap(now = Date.now()): Promise<void> {
    this.reaping ??= this.reapOnce(now).finally(() => (this.reaping = null));
    return this.reaping;
  }

  private async reapOnce(now: number): Promise<void> {
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
      if (now >= sb.expiresAt) await this.sleep(sb.id, "expired");
      else if (writers === 0 && now - sb.lastActivity > this.o.idleMs) await this.sleep(sb.id, "idle");
    }
    for (const id of [...this.leftovers]) await this.safeDestroy(id, "destroyed");
    await this.reapSleepers(now);
    this.queue.prune(now);
    // Stale entries leave the pool in one synchronous step, before any await:
    // a learner arriving meanwhile can only be handed a fresh entry, and the
    // pool is never indexed after it may have changed.
    const isStale = (rec: SandboxRecord) => now - rec.createdAt > this.o.poolMaxAgeMs;
    const stale = this.pool.filter(isStale);
    this.pool.splice(0, this.pool.length, ...this.pool.filter((rec) => !isStale(rec)));
    for (const rec of stale) await this.safeDestroy(rec.id, "destroyed");
    this.refill();
  }

  /** Sleepers past sleepMs are destroyed, then the oldest until their disks fit in the budget. */
  private async reapSleepers(now: number): Promise<void> {
    const sleepers = [...this.sleeping.values()].sort((a, b) => a.sleptAt - b.sleptAt);
    const kept: Sleeper[] = [];
    const stillAsleep = (s: Sleeper) => this.sleeping.get(s.owner)?.id === s.id; // not woken meanwhile
    for (const s of sleepers) {
      if (now - s.sleptAt < this.o.sleepMs) kept.push(s);
      else if (stillAsleep(s)) await this.safeDestroy(s.id, "destroyed");
    }
    if (kept.length === 0) return;
    const usage = await this.driver.diskUsage(kept.map((s) => s.id)).catch((err) => {
      this.log.warn({ err }, "disk usage of sleeping sandboxes unknown");
      return new Map<string, number>();
    });
    let total = kept.reduce((sum, s) => sum + (usage.get(s.id) ?? 0), 0);
    for (const s of kept) {
      if (total <= this.o.sleepBudgetBytes) break;
      if (!stillAsleep(s)) continue;
      this.log.info({ id: s.id, owner: s.owner, bytes: usage.get(s.id) }, "sleeping sandboxes over their disk budget: the oldest goes");
      await this.safeDestroy(s.id, "destroyed");
      total -= usage.get(s.id) ?? 0;
    }
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
