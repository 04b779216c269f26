import type { SandboxRecord } from "../driver/driver.js";
import type { ReservationRequest } from "../protocol/index.js";

/** What a reservation holds: the API's request, as the runner keeps it. */
export type ReservationSpec = ReservationRequest;

export interface Reservation extends ReservationSpec {
  key: string;
  /** Warm sandboxes of this reservation, for its learners only. */
  pool: SandboxRecord[];
  /** Of those, being created now. */
  creating: number;
}

/**
 * Places held for a workshop (or any group the site names by a key): its
 * learners find warm sandboxes waiting, and nobody else can take its seats,
 * however busy the runner. The bookkeeping only; SandboxManager decides.
 *
 * `used(key)` is supplied by the manager: the sandboxes running for that
 * reservation's learners, each holding one of its seats.
 */
export class Reservations {
  private readonly byKey = new Map<string, Reservation>();

  /** Creates or changes a reservation, keeping its warm sandboxes. */
  set(key: string, spec: ReservationSpec): Reservation {
    const existing = this.byKey.get(key);
    if (existing) return Object.assign(existing, spec);
    const created: Reservation = { key, ...spec, pool: [], creating: 0 };
    this.byKey.set(key, created);
    return created;
  }

  get(key: string | undefined): Reservation | undefined {
    return key === undefined ? undefined : this.byKey.get(key);
  }

  delete(key: string): Reservation | undefined {
    const r = this.byKey.get(key);
    this.byKey.delete(key);
    return r;
  }

  all(): Reservation[] {
    return [...this.byKey.values()];
  }

  /** Warm sandboxes of every reservation, made or being made: they count against the maximum. */
  held(): number {
    let n = 0;
    for (const r of this.byKey.values()) n += r.pool.length + r.creating;
    return n;
  }

  /** Seats of a reservation neither taken by its learners nor warm yet. */
  unused(r: Reservation, used: (key: string) => number): number {
    return Math.max(0, r.seats - used(r.key) - r.pool.length - r.creating);
  }

  /** Room the others must leave free: every reservation's unused seats, but `except`'s own. */
  unusedSeats(used: (key: string) => number, except?: Reservation): number {
    let n = 0;
    for (const r of this.byKey.values()) if (r !== except) n += this.unused(r, used);
    return n;
  }

  /** Total seats reserved, but `except`'s (to refuse promising more than the runner holds). */
  seats(except?: string): number {
    let n = 0;
    for (const r of this.byKey.values()) if (r.key !== except) n += r.seats;
    return n;
  }

  /** The reservation whose warm sandboxes fall shortest of its target (one created at a time). */
  nextToWarm(used: (key: string) => number, now: number): Reservation | undefined {
    let best: Reservation | undefined;
    let shortfall = 0;
    for (const r of this.byKey.values()) {
      if (now >= r.until) continue;
      const target = Math.min(r.warm, r.seats - used(r.key));
      const missing = target - r.pool.length - r.creating;
      if (missing > shortfall) {
        best = r;
        shortfall = missing;
      }
    }
    return best;
  }

  /** Reservations past their end. */
  expired(now: number): Reservation[] {
    return this.all().filter((r) => now >= r.until);
  }
}
