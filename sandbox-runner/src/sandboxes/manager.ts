import { EventEmitter } from "node:events";
import { availableParallelism, loadavg } from "node:os";
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { ExecRequest, ExecResult, FileEntry, SandboxDriver, SandboxRecord } from "../driver/driver.js";
import { CloseCode, JOB_ID_PREFIX, buildJobCommand, type FirstTerminal, type JobInfo, type JobRequest, type ReservationState } from "../protocol/index.js";
import { Terminal } from "../terminals/terminal.js";
import { AdmissionQueue } from "./admission.js";
import { SpareShells } from "./spare-shells.js";
import { Reservations, type Reservation, type ReservationSpec } from "./reservations.js";
import { SandboxError, badRequest, conflict, noCapacity, notFound, tooManyTerminals, wouldStart, type WaitReason } from "./errors.js";
import type { RunnerState, StateStore } from "./state-file.js";

export interface ManagerOptions {
  ttlMs: number;
  idleMs: number;
  maxSandboxes: number;
  warmPool: number;
  poolMaxAgeMs: number;
  /**
   * How long the pool waits, after handing out a warm sandbox, before it
   * starts its replacement: a nested engine booting takes both cores of a
   * small host for seconds, exactly while the learner who just arrived waits
   * for their first prompt (bench:web: socket → prompt 2 s instead of 0.5 s).
   * Later handouts do not push the replacement further back.
   */
  poolRefillDelayMs: number;
  terminalsPerSandbox: number;
  terminalGraceMs: number;
  reapEveryMs: number;
  /** How long an idle or expired sandbox sleeps (data kept) before it is destroyed; 0: destroyed at once. */
  sleepMs: number;
  /** Disk the sleeping sandboxes may take on the host, together; past it the oldest are destroyed. */
  sleepBudgetBytes: number;
  /**
   * How long a finished job stays attachable: a browser that lost its socket
   * near the end still gets the rest of the log and the exit code, without
   * finished jobs piling up.
   */
  jobKeepMs: number;
  /**
   * Sandboxes started from nothing at the same time (each boots its own
   * dockerd, CPU-bound). Past it a learner waits in line, told so, instead of
   * every start slowing down until all of them time out: bench:classroom saw
   * 28 parallel starts on 2 cores reach load 61 and none ready in 30 s.
   */
  maxColdStarts: number;
  /**
   * The host's 1-minute load per core past which no sandbox is started from
   * nothing: the learner waits in line (a warm or sleeping one is still
   * handed out). bench:classroom on 2 cores: starts made at load 37–60
   * outlasted every time limit, while 10 learners at a peak load of 6 met
   * every target. 0: no limit by load.
   */
  maxLoadPerCore: number;
  /** The host's 1-minute load per core (os.loadavg()[0] / cores); injected by tests. */
  hostLoad: () => number;
}

export const managerDefaults: ManagerOptions = {
  ttlMs: 120 * 60_000,
  idleMs: 30 * 60_000,
  maxSandboxes: 40,
  warmPool: 2,
  poolMaxAgeMs: 15 * 60_000,
  poolRefillDelayMs: 2_000,
  terminalsPerSandbox: 8,
  terminalGraceMs: 5 * 60_000,
  reapEveryMs: 10_000,
  sleepMs: 7 * 24 * 3600_000,
  sleepBudgetBytes: 100 * 1024 ** 3,
  jobKeepMs: 2 * 60_000,
  maxColdStarts: 2,
  // Off unless configured (QUAI_ADMIT_MAX_LOAD, 4 by default in the config schema).
  maxLoadPerCore: 0,
  hostLoad: () => loadavg()[0]! / availableParallelism(),
};

/** After a failed warm creation the pool waits this long before trying again, doubling up to the max. */
const WARM_RETRY_FIRST_MS = 1_000;
const WARM_RETRY_MAX_MS = 60_000;

/** A job's TTY: wide enough that BuildKit's plain lines are not wrapped. */
const JOB_SIZE = { cols: 160, rows: 40 };
/** The furthest a sandbox's end may be pushed from now. */
export const MAX_EXTENDED_MS = 24 * 3600_000;

export interface Sandbox {
  id: string;
  owner: string;
  createdAt: number;
  expiresAt: number;
  ip: string | null;
  lastActivity: number;
  terminals: Map<string, Terminal>;
  /**
   * Shells an earlier runner opened that still run in the sandbox (found at
   * adoption), by terminal id, with when they were found: the next socket
   * for that id re-attaches to the same shell; unclaimed past
   * terminalGraceMs, they are ended like any abandoned shell.
   */
  survivors: Map<string, number>;
  /** Woken from sleep when handed out (the learner's images and files are back). */
  woke: boolean;
  /** The reservation (workshop) whose seat it holds, if any. */
  reservation?: string;
}

/** A sandbox asleep: its container stopped, its disk kept for its owner. */
export interface Sleeper {
  id: string;
  owner: string;
  sleptAt: number;
}

/** Where a learner's sandbox came from when it was handed out. */
export type LeaseSource = "cold" | "warm" | "reserved" | "woken";
export type ExecKind = "check" | "command";
export type ExecOutcome = "ok" | "timeout" | "error";

/** "asleep": the sandbox sleeps and will wake with everything in place; the others end it. */
export type GoneReason = "expired" | "idle" | "killed" | "destroyed" | "reset" | "asleep";

/**
 * Owns every sandbox of this runner: one per learner, a warm pool ready to be
 * handed out, limits on count and lifetime, and recovery from the engine's
 * state after a restart (DockerSpawner's get-or-create, idempotent stops).
 *
 * Events: "gone" (sandbox, reason) after a sandbox ended for any reason;
 * "lease" (sandbox, source, ms) when a learner got a sandbox they did not
 * have; "refused" (owner, position, reason) when one was put in the waiting line;
 * "exec" (kind, ms, outcome, exitCode) after a command ran. The metrics listen.
 */
export class SandboxManager extends EventEmitter {
  readonly o: ManagerOptions;
  private readonly sandboxes = new Map<string, Sandbox>();
  private readonly byOwner = new Map<string, string>();
  private readonly pool: SandboxRecord[] = [];
  private readonly acquiring = new Map<string, { sandbox: Promise<Sandbox>; noStart: boolean }>();
  private readonly opening = new Map<string, Promise<Terminal>>();
  /** A login shell started ahead in each warm sandbox, for its learner's first new terminal. */
  private readonly spares: SpareShells;
  /** Sandboxes where a job is being started (one at a time). */
  private readonly startingJob = new Set<string>();
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
  /** Seats held for groups of learners (workshops), some of them warm. */
  private readonly reservations = new Reservations();
  private readonly usedSeats = (key: string): number => {
    let n = 0;
    for (const sb of this.sandboxes.values()) if (sb.reservation === key) n++;
    return n;
  };
  private creatingWarm = 0;
  /** The pool starts no replacement before this time (poolRefillDelayMs after a warm handout), unless it is empty. */
  private refillNotBefore = 0;
  private refillTimer: NodeJS.Timeout | null = null;
  /** No pool refill before this time, even into an empty pool: a page on this machine is loading (a `noStart` handout). */
  private refillQuietUntil = 0;
  /** Warm creations that failed in a row (the next try waits longer), and when the next may start. */
  private warmFailures = 0;
  private warmRetryAt = 0;
  private creating = 0;
  private coldStarting = 0;
  private reaper: NodeJS.Timeout | null = null;
  private reaping: Promise<void> | null = null;
  private unwatch: (() => void) | null = null;
  private stopped = false;
  /** While the saved state is applied at start: nothing is saved until every sandbox is adopted. */
  private restoring = false;
  private saving: Promise<void> = Promise.resolve();

  /**
   * `state`: where extensions, reservations and which sandbox holds which
   * seat are kept across a restart (see state-file.ts); without it they
   * live in memory only.
   */
  constructor(
    private readonly driver: SandboxDriver,
    private readonly log: Logger,
    options: Partial<ManagerOptions> = {},
    private readonly state: StateStore | null = null,
  ) {
    super();
    this.o = { ...managerDefaults, ...options };
    this.spares = new SpareShells(driver, log);
    if (this.o.warmPool >= this.o.maxSandboxes) throw new Error("warmPool must be smaller than maxSandboxes");
  }

  /**
   * Adopts what the engine already runs, with what the saved state says of
   * it (its end, its workshop; the workshops' reservations and their warm
   * sandboxes), clears leftovers, then fills the pool.
   */
  async start(): Promise<{ adopted: number; removed: number }> {
    this.unwatch = this.driver.watch((id, reason) => this.onDeath(id, reason));
    this.restoring = true;
    const saved = await this.restoreReservations();
    let removed = 0;
    for (const rec of await this.driver.list()) {
      const reservedFor = rec.owner === null ? saved.warm.get(rec.id) : undefined;
      // A reservation's warm sandboxes are kept for its learners however long they wait (as before the restart).
      const tooOld = rec.owner === null && !reservedFor && Date.now() - rec.createdAt > this.o.poolMaxAgeMs;
      const sleepsOn = !rec.running && rec.owner !== null && this.o.sleepMs > 0 && Date.now() - (rec.stoppedAt ?? 0) < this.o.sleepMs;
      if (sleepsOn) {
        this.sleeping.set(rec.owner!, { id: rec.id, owner: rec.owner!, sleptAt: rec.stoppedAt ?? Date.now() });
      } else if (!rec.running || tooOld) {
        await this.driver.destroy(rec.id);
        removed++;
      } else if (rec.owner === null) {
        (reservedFor?.pool ?? this.pool).push(rec);
        this.spares.open(rec.id, true);
      } else {
        this.adopt(rec, rec.owner, saved.sandboxes.get(rec.id));
      }
    }
    this.restoring = false;
    // What was saved about sandboxes that are gone goes with this first save.
    this.persist();
    removed += await this.driver.removeOrphans();
    const survivors = await this.findSurvivingShells();
    this.reaper = setInterval(() => void this.reap().catch((err: unknown) => this.log.error({ err }, "reaper pass failed")), this.o.reapEveryMs);
    this.reaper.unref();
    this.refill();
    const adopted = this.sandboxes.size + this.pool.length;
    this.log.info({ adopted, sleeping: this.sleeping.size, removed, survivors }, "sandbox manager started");
    return { adopted, removed };
  }

  /**
   * Puts back the saved reservations that have not ended and still fit this
   * runner's maximum (it may have been lowered since); returns, for the
   * adoption, what the state says of each sandbox and of each warm one.
   */
  private async restoreReservations(): Promise<{ sandboxes: Map<string, RunnerState["sandboxes"][number]>; warm: Map<string, Reservation> }> {
    const saved = this.state ? await this.state.load() : null;
    const warm = new Map<string, Reservation>();
    const now = Date.now();
    for (const { key, warmIds, ...spec } of saved?.reservations ?? []) {
      if (spec.until <= now) continue;
      if (spec.warm > spec.seats || this.reservations.seats(key) + spec.seats > this.o.maxSandboxes) {
        this.log.warn({ reservation: key, seats: spec.seats, max: this.o.maxSandboxes }, "saved reservation no longer fits this runner's maximum: not restored");
        continue;
      }
      const r = this.reservations.set(key, spec);
      for (const id of warmIds) warm.set(id, r);
    }
    if (saved && (saved.reservations.length > 0 || saved.sandboxes.length > 0)) {
      this.log.info({ reservations: this.reservations.all().length, sandboxes: saved.sandboxes.length, savedAt: saved.savedAt }, "runner state restored");
    }
    return { sandboxes: new Map((saved?.sandboxes ?? []).map((s) => [s.id, s])), warm };
  }

  /**
   * Tracks a learner's sandbox found running at start: with the seat and
   * the end it had (a trainer's extension, its workshop's lifetime) when the
   * state says so, else as a new one with the runner's lifetime.
   */
  private adopt(rec: SandboxRecord, owner: string, saved: RunnerState["sandboxes"][number] | undefined): void {
    if (saved?.owner !== owner) {
      this.track(rec, owner);
      return;
    }
    const reservation = this.reservations.get(saved.reservation);
    const sb = this.track(rec, owner, reservation && this.usedSeats(reservation.key) < reservation.seats ? reservation : undefined);
    sb.expiresAt = Math.min(saved.expiresAt, Date.now() + MAX_EXTENDED_MS);
  }

  /**
   * Saves the state (what a restart must not forget) in the background; one
   * awaiting `flush()` knows it is on disk. A failed save is logged: the
   * runner goes on, and the next change saves everything again.
   */
  private persist(): void {
    if (!this.state || this.restoring) return;
    this.saving = this.state.save(this.snapshot()).catch((err) => this.log.error({ err }, "runner state not saved"));
  }

  /** Resolves once every change made so far is saved (the API answers an extension or a reservation after it). */
  flush(): Promise<void> {
    return this.saving;
  }

  private snapshot(): RunnerState {
    return {
      version: 1,
      savedAt: Date.now(),
      reservations: this.reservations.all().map((r) => ({
        key: r.key,
        seats: r.seats,
        warm: r.warm,
        until: r.until,
        ...(r.lifetimeMs !== undefined ? { lifetimeMs: r.lifetimeMs } : {}),
        warmIds: r.pool.map((rec) => rec.id),
      })),
      sandboxes: [...this.sandboxes.values()].map((sb) => ({
        id: sb.id,
        owner: sb.owner,
        expiresAt: sb.expiresAt,
        ...(sb.reservation !== undefined ? { reservation: sb.reservation } : {}),
      })),
    };
  }

  /**
   * The shells still running in the adopted sandboxes: they outlived the
   * runner that opened them (see quai-term in the sandbox image). Returns how many.
   */
  private async findSurvivingShells(): Promise<number> {
    const found = await Promise.all(
      [...this.sandboxes.values()].map(async (sb) => {
        try {
          const now = Date.now();
          for (const shell of await this.driver.terminalShells(sb.id)) sb.survivors.set(shell, now);
        } catch (err) {
          // Its shells, if any, are found again by id: a reconnect attaches to them, shown as new.
          this.log.warn({ err, id: sb.id }, "surviving shells unknown");
        }
        return sb.survivors.size;
      }),
    );
    return found.reduce((a, b) => a + b, 0);
  }

  /** Closes sockets (clients reconnect to the next runner); sandboxes and their shells keep running for adoption. */
  stop(): void {
    this.stopped = true;
    if (this.reaper) clearInterval(this.reaper);
    if (this.refillTimer) clearTimeout(this.refillTimer);
    this.unwatch?.();
    for (const sb of this.sandboxes.values()) for (const t of sb.terminals.values()) t.close(CloseCode.GoingAway);
    this.spares.closeAll();
  }

  get stats() {
    return {
      assigned: this.sandboxes.size,
      warm: this.pool.length,
      creating: this.creating,
      sleeping: this.sleeping.size,
      waiting: this.queue.length,
      reserved: this.reservations.all().reduce((n, r) => n + this.reservations.unused(r, this.usedSeats) + r.pool.length + r.creating, 0),
    };
  }

  /** What a reservation holds now. */
  describeReservation(r: Reservation): ReservationState {
    return { key: r.key, seats: r.seats, warm: r.warm, until: r.until, ready: r.pool.length, used: this.usedSeats(r.key) };
  }

  /**
   * Holds `seats` places for the learners who acquire with `key` until
   * `until`, `warm` of them started now. Refused when the runner cannot hold
   * every reservation's seats besides its own warm pool.
   */
  reserve(key: string, spec: ReservationSpec) {
    const others = this.reservations.seats(key);
    if (spec.warm > spec.seats) throw badRequest("Le nombre de bacs à sable préparés dépasse le nombre de places.", `warm ${spec.warm} > seats ${spec.seats}`);
    if (others + spec.seats > this.o.maxSandboxes) {
      const left = Math.max(0, this.o.maxSandboxes - others);
      throw conflict(
        `Impossible de réserver ${spec.seats} places : Quai en accueille ${this.o.maxSandboxes} au plus, dont ${others} déjà réservées (il en reste ${left}).`,
        `reservation ${key}: ${spec.seats} seats, ${others} reserved of ${this.o.maxSandboxes}`,
      );
    }
    const r = this.reservations.set(key, spec);
    // Warm ones beyond a lowered target go.
    while (r.pool.length > Math.min(r.warm, r.seats)) void this.safeDestroy(r.pool.pop()!.id, "destroyed");
    this.persist();
    this.refill();
    return this.describeReservation(r);
  }

  /** Ends a reservation: its warm sandboxes go, its seats are free; learners keep theirs. */
  async release(key: string): Promise<boolean> {
    const r = this.reservations.delete(key);
    if (!r) return false;
    const pool = r.pool.splice(0);
    this.persist();
    for (const rec of pool) await this.safeDestroy(rec.id, "destroyed");
    this.refill();
    return true;
  }

  reservationsList() {
    return this.reservations.all().map((r) => this.describeReservation(r));
  }

  /** The owner's sleeping sandbox, if any. */
  sleeperOf(owner: string): Sleeper | undefined {
    return this.sleeping.get(owner);
  }

  /**
   * Destroys whatever the owner holds: their running sandbox and their
   * sleeping one (its disk with it). A workshop's end: nothing of theirs may
   * wake afterwards. Returns how many were destroyed (0 when they had none).
   */
  async destroyOwned(owner: string): Promise<number> {
    const ids = [this.byOwner.get(owner), this.sleeping.get(owner)?.id].filter((id): id is string => id !== undefined);
    for (const id of ids) await this.destroy(id, "destroyed", owner);
    return ids.length;
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
    return pending ? pending.sandbox.catch(() => undefined) : undefined;
  }

  /**
   * More time for a sandbox (a trainer extends a learner's): from its end, or
   * from now if that has passed, never beyond MAX_EXTENDED_MS from now.
   */
  extend(id: string, ms: number): Sandbox {
    const sb = this.get(id);
    const now = Date.now();
    sb.expiresAt = Math.min(Math.max(sb.expiresAt, now) + ms, now + MAX_EXTENDED_MS);
    this.persist();
    return sb;
  }

  touch(id: string): void {
    const sb = this.sandboxes.get(id);
    if (sb) sb.lastActivity = Date.now();
  }

  /**
   * The learner's sandbox: theirs if alive, else their sleeping one woken,
   * else a warm one (of their reservation first), else a new one. A learner
   * of a reservation (`reservation`: its key) takes one of its seats.
   */
  acquire(owner: string, opts: { reservation?: string; noStart?: boolean } = {}): Promise<Sandbox> {
    const existing = this.ofOwner(owner);
    if (existing) {
      this.rejoin(existing, this.reservations.get(opts.reservation));
      return Promise.resolve(existing);
    }
    const noStart = opts.noStart === true;
    const pending = this.acquiring.get(owner);
    if (pending) {
      // A `noStart` acquire under way may end without a sandbox; one that may start asks again then.
      if (!pending.noStart || noStart) return pending.sandbox;
      return pending.sandbox.catch((err: unknown) => {
        if (err instanceof SandboxError && err.code === "would_start") return this.acquire(owner, opts);
        throw err;
      });
    }
    const started = performance.now();
    const sandbox = this.acquireNew(owner, this.reservations.get(opts.reservation), noStart)
      .then(({ sb, source }) => {
        this.emit("lease", sb, source, performance.now() - started);
        return sb;
      })
      .finally(() => this.acquiring.delete(owner));
    this.acquiring.set(owner, { sandbox, noStart });
    return sandbox;
  }

  /**
   * Starts the shell of the terminal a page opens at once (api.ts's
   * firstTerminalSchema), unless it runs already: its output is kept until
   * the page's socket comes for it. A failure is logged; the socket then
   * tries again and reports it.
   */
  openFirstTerminal(id: string, terminal: FirstTerminal): void {
    this.terminal(id, terminal.id, { create: true, cols: terminal.cols, rows: terminal.rows }).catch((err: unknown) =>
      this.log.warn({ err, id, terminal: terminal.id }, "first terminal not started with the sandbox"),
    );
  }

  /**
   * A running sandbox asked for under a reservation it does not hold a seat
   * of takes one, with the reservation's lifetime. After a restart the
   * saved state gives each adopted sandbox its seat back; without it (no
   * state file, an unreadable one, a crash in the moment between a change
   * and its save) a workshop's learner's sandbox would belong to none,
   * count twice (running, and its seat held unused, shutting other learners
   * out) and end at the runner's TTL. The site names the reservation on
   * every acquire, so the first page a learner opens puts it right then.
   */
  private rejoin(sb: Sandbox, reservation: Reservation | undefined): void {
    if (!reservation || sb.reservation !== undefined || this.usedSeats(reservation.key) >= reservation.seats) return;
    sb.reservation = reservation.key;
    if (reservation.lifetimeMs !== undefined) sb.expiresAt = Math.max(sb.expiresAt, sb.createdAt + reservation.lifetimeMs);
    this.persist();
    this.log.info({ id: sb.id, owner: sb.owner, reservation: reservation.key }, "sandbox rejoined its reservation");
  }

  private async acquireNew(owner: string, reservation: Reservation | undefined, noStart: boolean): Promise<{ sb: Sandbox; source: LeaseSource }> {
    await this.ending.get(owner);
    this.admit(owner, reservation);
    const sleeper = this.sleeping.get(owner);
    if (sleeper && noStart) throw wouldStart(owner, "asleep");
    if (sleeper) {
      const woken = await this.wake(sleeper, reservation);
      if (woken) return { sb: woken, source: "woken" };
    }
    // The page that asked is still loading: no network is made for the pool meanwhile (see
    // api.ts's sandboxRequestSchema), even when this empties it.
    if (noStart && (reservation?.pool.length || this.pool.length)) this.refillQuietUntil = Date.now() + this.o.poolRefillDelayMs;
    const reserved = reservation?.pool.shift();
    if (reserved) {
      const sb = await this.assignWarm(reserved, owner, reservation);
      if (sb) return { sb, source: "reserved" };
    }
    const warm = this.pool.shift();
    if (warm) {
      const sb = await this.assignWarm(warm, owner, reservation);
      if (sb) return { sb, source: "warm" };
    }
    if (noStart) throw wouldStart(owner, "no warm sandbox");
    if (this.roomFor(reservation) <= 0 || this.coldStarting >= this.o.maxColdStarts || this.hostBusy()) this.refuse(owner);
    this.creating++;
    this.coldStarting++;
    try {
      const rec = await this.driver.create({ id: newId(), owner });
      return { sb: this.track(rec, owner, reservation), source: "cold" };
    } finally {
      this.creating--;
      this.coldStarting--;
      this.refill();
    }
  }

  /** A warm sandbox renamed for its owner, or null (it is then destroyed) when that fails. */
  private async assignWarm(warm: SandboxRecord, owner: string, reservation: Reservation | undefined): Promise<Sandbox | null> {
    // Out of the pool, not yet tracked: counted as being created, so that
    // nothing (the pool's refill included) takes its place meanwhile.
    this.creating++;
    try {
      await this.driver.assign(warm.id, owner);
      if (Date.now() >= this.refillNotBefore) this.refillNotBefore = Date.now() + this.o.poolRefillDelayMs;
      return this.track(warm, owner, reservation);
    } catch (err) {
      this.log.warn({ err, id: warm.id }, "warm sandbox could not be assigned; creating one");
      this.spares.drop(warm.id);
      void this.driver.destroy(warm.id).catch(() => undefined);
      return null;
    } finally {
      this.creating--;
      this.refill();
    }
  }


  /**
   * New sandboxes a learner may start now: the runner's maximum, minus what
   * runs or waits warm, minus the seats other reservations hold (a learner of
   * a reservation may use its own).
   */
  private roomFor(reservation: Reservation | undefined): number {
    return this.o.maxSandboxes - this.total() - this.reservations.unusedSeats(this.usedSeats, reservation);
  }

  /**
   * Starts the owner's sleeping sandbox again; null when it will not start
   * (it is then destroyed, and the learner gets a new one).
   */
  private async wake(sleeper: Sleeper, reservation: Reservation | undefined): Promise<Sandbox | null> {
    // A warm sandbox (the learner's reservation's, else the pool's) gives its place to their own, sleeping one.
    const spare = this.roomFor(reservation) <= 0 ? (reservation?.pool.shift() ?? this.pool.shift()) : undefined;
    if (spare) void this.safeDestroy(spare.id, "destroyed");
    if (this.roomFor(reservation) + (spare ? 1 : 0) <= 0) this.refuse(sleeper.owner);
    this.sleeping.delete(sleeper.owner);
    this.creating++;
    try {
      const rec = await this.driver.wake(sleeper.id, sleeper.owner);
      const sb = this.track(rec, sleeper.owner, reservation);
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
  private admit(owner: string, reservation: Reservation | undefined): void {
    const room = Math.max(0, this.roomFor(reservation));
    // A learner with a seat of their own (warm, or held) does not queue behind others.
    if (reservation && (reservation.pool.length > 0 || (room > 0 && this.reservations.unused(reservation, this.usedSeats) > 0))) {
      this.queue.leave(owner);
      return;
    }
    // A new sandbox needs a cold start, and the cap on those, like a host too
    // busy to start one in time, counts as a full runner (a sleeping sandbox
    // wakes without one).
    const coldRoom = this.hostBusy() ? 0 : Math.max(0, this.o.maxColdStarts - this.coldStarting);
    const starts = this.sleeping.has(owner) ? room : Math.min(room, coldRoom);
    const free = this.pool.length + starts;
    if (this.queue.mayEnter(owner, free)) this.queue.leave(owner);
    else this.refuse(owner);
  }

  /** Whether the host is too loaded to start a sandbox from nothing in time. */
  private hostBusy(): boolean {
    return this.o.maxLoadPerCore > 0 && this.o.hostLoad() > this.o.maxLoadPerCore;
  }

  private refuse(owner: string): never {
    const position = this.queue.wait(owner);
    const reason: WaitReason = this.hostBusy() && this.roomFor(undefined) > 0 ? "busy" : "full";
    this.emit("refused", owner, position, reason);
    throw noCapacity(this.o.maxSandboxes, position, this.queue.length, reason);
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
    this.spares.drop(id);
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

  /** Runs a command; `kind` only labels it for the metrics (a course check or any other command). */
  async exec(id: string, request: ExecRequest, kind: ExecKind = "command"): Promise<ExecResult> {
    this.get(id);
    this.touch(id);
    const started = performance.now();
    try {
      const result = await this.driver.exec(id, request);
      this.emit("exec", kind, performance.now() - started, result.timedOut ? "timeout" : "ok", result.exitCode);
      return result;
    } catch (err) {
      this.emit("exec", kind, performance.now() - started, "error", null);
      throw err;
    }
  }

  /** Open shells and the sockets attached to them, over every sandbox. */
  terminalCounts(): { terminals: number; writers: number; viewers: number; paused: number } {
    const counts = { terminals: 0, writers: 0, viewers: 0, paused: 0 };
    for (const sb of this.sandboxes.values()) {
      for (const t of sb.terminals.values()) {
        counts.terminals++;
        counts.writers += t.writerCount;
        counts.viewers += t.viewerCount - t.writerCount;
        if (t.isPaused) counts.paused++;
      }
    }
    return counts;
  }

  async putFiles(id: string, dir: string, files: FileEntry[]): Promise<void> {
    this.get(id);
    this.touch(id);
    await this.driver.putFiles(id, dir, files);
  }

  /**
   * Starts a job: its command alone on a TTY, attachable as the terminal
   * `job.id`. One job at a time per sandbox; finished jobs go when the next
   * starts, or jobKeepMs after they ended.
   */
  async startJob(id: string, request: JobRequest): Promise<JobInfo> {
    const sb = this.get(id);
    const running = [...sb.terminals.values()].some((t) => t.id.startsWith(JOB_ID_PREFIX) && !t.ended);
    if (running || this.startingJob.has(id)) {
      throw conflict("Une construction est déjà en cours dans ce bac à sable : attendez qu'elle se termine, ou arrêtez-la.", `a job is already running in sandbox ${id}`);
    }
    for (const t of [...sb.terminals.values()]) if (t.id.startsWith(JOB_ID_PREFIX)) this.dropJob(sb, t);
    if (sb.terminals.size + sb.survivors.size >= this.o.terminalsPerSandbox) throw tooManyTerminals(this.o.terminalsPerSandbox);
    this.touch(id);
    this.startingJob.add(id);
    try {
      const jobId = `${JOB_ID_PREFIX}${randomBytes(6).toString("hex")}`;
      const proc = await this.driver.openTerminal(id, JOB_SIZE, { job: buildJobCommand(request) });
      const job = new Terminal(jobId, proc);
      if (this.sandboxes.get(id) !== sb) {
        job.close();
        throw notFound(id);
      }
      sb.terminals.set(jobId, job);
      job.once("exit", (code: number | null) => {
        this.log.info({ id, job: jobId, kind: request.kind, code }, "job ended");
        setTimeout(() => this.dropJob(sb, job), this.o.jobKeepMs).unref();
      });
      this.log.info({ id, job: jobId, kind: request.kind }, "job started");
      return { id: jobId, kind: request.kind, startedAt: Date.now() };
    } finally {
      this.startingJob.delete(id);
    }
  }

  private dropJob(sb: Sandbox, job: Terminal): void {
    if (sb.terminals.get(job.id) !== job) return;
    sb.terminals.delete(job.id);
    job.close();
  }

  /**
   * An existing terminal, or a new shell when `create` is allowed (writers
   * only; never under a job's id). A shell that survived an earlier runner
   * is attached again, for any viewer; its output counts on from the first
   * viewer's `offset`, so that browser simply goes on (see Terminal.attach).
   */
  async terminal(id: string, terminalId: string, opts: { create: boolean; cols: number; rows: number; offset?: number }): Promise<Terminal | null> {
    const sb = this.get(id);
    const known = sb.terminals.get(terminalId);
    if (known) return known;
    const survivor = sb.survivors.has(terminalId);
    if ((!opts.create && !survivor) || terminalId.startsWith(JOB_ID_PREFIX)) return null;
    const key = `${id}/${terminalId}`;
    let pending = this.opening.get(key);
    if (!pending) {
      const others = sb.terminals.size + sb.survivors.size - (survivor ? 1 : 0);
      if (others >= this.o.terminalsPerSandbox) throw tooManyTerminals(this.o.terminalsPerSandbox);
      const size = { cols: opts.cols, rows: opts.rows };
      // A new shell: the one the sandbox started while warm, if it has it, else one of its own.
      pending = (survivor ? Promise.resolve(null) : this.spares.take(id, terminalId, size))
        .then(async (spare) => spare ?? new Terminal(terminalId, await this.driver.openTerminal(id, size, { shell: terminalId }), survivor ? { resumedAt: opts.offset ?? 0 } : {}))
        .then((t) => {
          if (survivor) this.log.info({ id, terminal: terminalId, offset: opts.offset ?? 0 }, "shell taken over from an earlier runner");
          sb.survivors.delete(terminalId);
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

  /** Tracks a learner's sandbox, holding a seat of `reservation` if given (before anything refills). */
  private track(rec: SandboxRecord, owner: string, reservation?: Reservation): Sandbox {
    const sb: Sandbox = {
      id: rec.id,
      owner,
      createdAt: rec.createdAt,
      expiresAt: rec.createdAt + (reservation?.lifetimeMs ?? this.o.ttlMs),
      ip: rec.ip,
      lastActivity: Date.now(),
      terminals: new Map(),
      survivors: new Map(),
      woke: false,
      ...(reservation ? { reservation: reservation.key } : {}),
    };
    this.sandboxes.set(sb.id, sb);
    this.byOwner.set(owner, sb.id);
    this.persist();
    return sb;
  }

  private forget(sb: Sandbox, reason: GoneReason): void {
    if (!this.sandboxes.delete(sb.id)) return;
    this.spares.drop(sb.id);
    if (this.byOwner.get(sb.owner) === sb.id) this.byOwner.delete(sb.owner);
    this.persist();
    const code = reason === "asleep" ? CloseCode.SandboxAsleep : CloseCode.SandboxGone;
    for (const t of sb.terminals.values()) t.close(code, { t: "sandbox-gone", reason });
    this.log.info({ id: sb.id, owner: sb.owner, reason }, "sandbox ended");
    this.emit("gone", sb, reason);
  }

  private onDeath(id: string, detail: string): void {
    if (this.destroying.has(id) || this.fallingAsleep.has(id)) return;
    const sb = this.sandboxes.get(id);
    const warmIndex = this.pool.findIndex((r) => r.id === id);
    if (warmIndex >= 0) this.pool.splice(warmIndex, 1);
    // A reservation's warm one too: it would be handed out dead, and would be restored after a restart.
    const reserved = this.reservations.all().find((r) => r.pool.some((rec) => rec.id === id));
    if (reserved) {
      reserved.pool.splice(reserved.pool.findIndex((rec) => rec.id === id), 1);
      this.persist();
    }
    if (!sb && warmIndex < 0 && !reserved) return;
    this.log.warn({ id, detail }, "sandbox stopped from outside");
    // A learner's sandbox keeps their work: asleep, it wakes (or, if it cannot, is replaced) at their return.
    if (sb && this.o.sleepMs > 0) void this.sleep(id, "killed");
    else void this.destroy(id, "killed", sb?.owner).catch((err) => this.log.error({ err, id }, "cleanup after death failed"));
    this.refill();
  }

  private total(): number {
    return this.sandboxes.size + this.pool.length + this.creating + this.creatingWarm + this.reservations.held();
  }

  private refill(): void {
    if (this.stopped || this.creatingWarm > 0) return;
    // After a failed creation, not again at once (reserved or not): a broken engine or disk
    // helper would otherwise be asked in a tight loop, each try leaving its network behind.
    if (this.refillLater(this.warmRetryAt)) return;
    if (this.refillLater(this.refillQuietUntil)) return;
    // Reservations first: their seats are held already, so warming them takes nothing from anyone.
    const reservation = this.reservations.nextToWarm(this.usedSeats, Date.now());
    if (reservation) return this.warmReservation(reservation);
    // While learners wait for a place, a freed place is theirs, not the pool's.
    if (this.queue.length > 0) return;
    if (this.pool.length >= this.o.warmPool || this.roomFor(undefined) <= 0) return;
    // A busy host first serves the learners it has; the reaper tries again later.
    if (this.hostBusy()) return;
    // The learner who just took a warm one gets the machine for their first prompt, while the
    // pool still holds one for the next arrival; an empty pool refills at once (else the next
    // learner of a class arriving starts cold: bench:classroom, 5 s delay, a learner every 6 s).
    if (this.pool.length > 0 && this.refillLater(this.refillNotBefore)) return;
    // One at a time: on a small host, parallel nested engines starting slow each other down.
    this.createWarm(
      (rec) => {
        if (this.stopped) void this.driver.destroy(rec.id).catch((err: unknown) => this.log.error({ err, id: rec.id }, "warm sandbox made after stop not removed"));
        else {
          this.pool.push(rec);
          this.spares.open(rec.id);
        }
      },
      {},
    );
  }

  /** Whether `at` is still to come; if so refill() runs again then (one timer at a time). */
  private refillLater(at: number): boolean {
    const wait = at - Date.now();
    if (wait <= 0) return false;
    this.refillTimer ??= setTimeout(() => {
      this.refillTimer = null;
      this.refill();
    }, wait);
    return true;
  }

  /** Creates one unowned sandbox for the pool or a reservation; a failure delays the next try (doubling). */
  private createWarm(use: (rec: SandboxRecord) => void, context: Record<string, string>, done?: () => void): void {
    this.creatingWarm++;
    this.driver
      .create({ id: newId(), owner: null })
      .then((rec) => {
        this.warmFailures = 0;
        use(rec);
      })
      .catch((err) => {
        this.warmFailures++;
        const retryInMs = Math.min(WARM_RETRY_MAX_MS, WARM_RETRY_FIRST_MS * 2 ** (this.warmFailures - 1));
        this.warmRetryAt = Date.now() + retryInMs;
        this.log.error({ err, retryInMs, ...context }, "warm sandbox creation failed");
      })
      .finally(() => {
        done?.();
        this.creatingWarm--;
        this.refill();
      });
  }

  private warmReservation(r: Reservation): void {
    r.creating++;
    this.createWarm(
      (rec) => {
        // Released, ended, or every seat taken meanwhile: not needed any more.
        const needed = !this.stopped && this.reservations.get(r.key) === r && Date.now() < r.until && r.pool.length + this.usedSeats(r.key) < r.seats;
        if (needed) {
          r.pool.push(rec);
          this.spares.open(rec.id);
          this.persist();
        } else void this.safeDestroy(rec.id, "destroyed");
      },
      { reservation: r.key },
      () => r.creating--,
    );
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
          if (!tid.startsWith(JOB_ID_PREFIX)) await this.endShell(sb, tid);
        }
      }
      for (const [tid, since] of sb.survivors) {
        if (now - since <= this.o.terminalGraceMs) continue;
        sb.survivors.delete(tid);
        await this.endShell(sb, tid);
      }
      if (now >= sb.expiresAt) await this.sleep(sb.id, "expired");
      else if (writers === 0 && now - sb.lastActivity > this.o.idleMs) await this.sleep(sb.id, "idle");
    }
    for (const id of [...this.leftovers]) await this.safeDestroy(id, "destroyed");
    await this.reapSleepers(now);
    for (const r of this.reservations.expired(now)) await this.release(r.key);
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

  /** Ends an abandoned shell in the sandbox (it would outlive its Terminal otherwise). */
  private async endShell(sb: Sandbox, terminalId: string): Promise<void> {
    try {
      await this.driver.endShell(sb.id, terminalId);
      this.log.info({ id: sb.id, terminal: terminalId }, "abandoned shell ended");
    } catch (err) {
      this.log.warn({ err, id: sb.id, terminal: terminalId }, "ending an abandoned shell failed");
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
