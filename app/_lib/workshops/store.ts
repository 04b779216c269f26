import { randomInt } from "node:crypto";
import type { Db } from "../progress/db";
import type { CreateWorkshop, Workshop } from "./contract";
import { JOIN_CODE_ALPHABET } from "./contract";

export interface Member {
  workshopId: string;
  learnerId: string;
  name: string;
  joinedAt: string;
  lastActivityAt: string;
  chapter: string | null;
  help: { at: string; message: string | null } | null;
}

export interface Attempt {
  learnerId: string;
  exerciseId: string;
  attempts: number;
  failures: number;
  firstAttemptAt: string;
  lastAttemptAt: string;
  passedAt: string | null;
}

/** 8 characters of 31: about 2^40 codes, so guessing one among a few live workshops takes ~10^11 tries (the join route allows a handful a minute). */
export function newJoinCode(): string {
  let code = "";
  for (let i = 0; i < 8; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}

export function newWorkshopId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  let id = "w-";
  for (let i = 0; i < 12; i++) id += alphabet[randomInt(alphabet.length)];
  return id;
}

interface WorkshopRow {
  id: string;
  trainer: string;
  title: string;
  chapters: string;
  starts_at: string;
  ends_at: string;
  capacity: number;
  sandbox_minutes: number;
  join_code: string;
  created_at: string;
  ended_at: string | null;
  broadcast: string | null;
  broadcast_at: string | null;
}

function toWorkshop(r: WorkshopRow): Workshop {
  return {
    id: r.id,
    trainer: r.trainer,
    title: r.title,
    chapters: JSON.parse(r.chapters) as string[],
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    capacity: r.capacity,
    sandboxMinutes: r.sandbox_minutes,
    joinCode: r.join_code,
    createdAt: r.created_at,
    endedAt: r.ended_at,
    broadcast: r.broadcast,
    broadcastAt: r.broadcast_at,
  };
}

interface MemberRow {
  workshop_id: string;
  learner_id: string;
  display_name: string;
  joined_at: string;
  last_activity_at: string;
  current_chapter: string | null;
  help_at: string | null;
  help_message: string | null;
}

function toMember(r: MemberRow): Member {
  return {
    workshopId: r.workshop_id,
    learnerId: r.learner_id,
    name: r.display_name,
    joinedAt: r.joined_at,
    lastActivityAt: r.last_activity_at,
    chapter: r.current_chapter,
    help: r.help_at ? { at: r.help_at, message: r.help_message } : null,
  };
}

export class WorkshopFullError extends Error {
  override name = "WorkshopFullError";
}

/** Workshops, their learners and their attempts, on the progress database. */
export class WorkshopStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private stamp(): string {
    return this.now().toISOString();
  }

  create(trainer: string, spec: CreateWorkshop): Workshop {
    const insert = this.db.prepare(
      "INSERT INTO workshops (id, trainer, title, chapters, starts_at, ends_at, capacity, sandbox_minutes, join_code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    // A code clash (one in 10^12 per pair) is retried rather than trusted away.
    for (let attempt = 0; ; attempt++) {
      const id = newWorkshopId();
      try {
        insert.run(id, trainer, spec.title, JSON.stringify(spec.chapters), new Date(spec.startsAt).toISOString(), new Date(spec.endsAt).toISOString(), spec.capacity, spec.sandboxMinutes, newJoinCode(), this.stamp());
        return this.get(id)!;
      } catch (error) {
        if (attempt < 3 && (error as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE") continue;
        throw new Error(`create workshop for ${trainer}: ${(error as Error).message}`, { cause: error });
      }
    }
  }

  get(id: string): Workshop | undefined {
    const row = this.db.prepare("SELECT * FROM workshops WHERE id = ?").get(id) as WorkshopRow | undefined;
    return row ? toWorkshop(row) : undefined;
  }

  byCode(code: string): Workshop | undefined {
    const row = this.db.prepare("SELECT * FROM workshops WHERE join_code = ?").get(code) as WorkshopRow | undefined;
    return row ? toWorkshop(row) : undefined;
  }

  /** A trainer's workshops, newest first; every workshop for `null` (the admin). */
  list(trainer: string | null): Workshop[] {
    const rows = (trainer === null
      ? this.db.prepare("SELECT * FROM workshops ORDER BY created_at DESC").all()
      : this.db.prepare("SELECT * FROM workshops WHERE trainer = ? ORDER BY created_at DESC").all(trainer)) as WorkshopRow[];
    return rows.map(toWorkshop);
  }

  /** Whether learners may still join and work under it. */
  isOpen(w: Workshop): boolean {
    return w.endedAt === null && Date.parse(w.endsAt) > this.now().getTime();
  }

  end(id: string): void {
    this.db.prepare("UPDATE workshops SET ended_at = COALESCE(ended_at, ?) WHERE id = ?").run(this.stamp(), id);
  }

  setBroadcast(id: string, message: string | null): void {
    this.db.prepare("UPDATE workshops SET broadcast = ?, broadcast_at = ? WHERE id = ?").run(message, message === null ? null : this.stamp(), id);
  }

  /**
   * Adds the learner to the workshop under `name` (a learner already in it
   * keeps their place and may change their name). Refused when it is full.
   */
  join(w: Workshop, learnerId: string, name: string): Member {
    const at = this.stamp();
    const run = this.db.transaction(() => {
      this.db.prepare("INSERT INTO learners (id, created_at, last_seen_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET last_seen_at = excluded.last_seen_at").run(learnerId, at, at);
      const existing = this.member(w.id, learnerId);
      if (existing) {
        this.db.prepare("UPDATE workshop_members SET display_name = ?, last_activity_at = ? WHERE workshop_id = ? AND learner_id = ?").run(name, at, w.id, learnerId);
      } else {
        const count = (this.db.prepare("SELECT COUNT(*) AS n FROM workshop_members WHERE workshop_id = ?").get(w.id) as { n: number }).n;
        if (count >= w.capacity) throw new WorkshopFullError(`workshop ${w.id} is full (${w.capacity})`);
        this.db
          .prepare("INSERT INTO workshop_members (workshop_id, learner_id, display_name, joined_at, last_activity_at) VALUES (?, ?, ?, ?, ?)")
          .run(w.id, learnerId, name, at, at);
      }
      return this.member(w.id, learnerId)!;
    });
    return run.immediate();
  }

  member(workshopId: string, learnerId: string): Member | undefined {
    const row = this.db.prepare("SELECT * FROM workshop_members WHERE workshop_id = ? AND learner_id = ?").get(workshopId, learnerId) as MemberRow | undefined;
    return row ? toMember(row) : undefined;
  }

  members(workshopId: string): Member[] {
    return (this.db.prepare("SELECT * FROM workshop_members WHERE workshop_id = ? ORDER BY joined_at, learner_id").all(workshopId) as MemberRow[]).map(toMember);
  }

  /** The learner's latest workshop (the one their pages show), if any. */
  latestOf(learnerId: string): { workshop: Workshop; member: Member } | undefined {
    const row = this.db
      .prepare("SELECT m.* FROM workshop_members m JOIN workshops w ON w.id = m.workshop_id WHERE m.learner_id = ? ORDER BY m.joined_at DESC LIMIT 1")
      .get(learnerId) as MemberRow | undefined;
    if (!row) return undefined;
    return { workshop: this.get(row.workshop_id)!, member: toMember(row) };
  }

  /** The workshop the learner works under now: their latest, if still open. */
  activeOf(learnerId: string): { workshop: Workshop; member: Member } | undefined {
    const latest = this.latestOf(learnerId);
    return latest && this.isOpen(latest.workshop) ? latest : undefined;
  }

  touch(workshopId: string, learnerId: string, chapter?: string): void {
    if (chapter === undefined) {
      this.db.prepare("UPDATE workshop_members SET last_activity_at = ? WHERE workshop_id = ? AND learner_id = ?").run(this.stamp(), workshopId, learnerId);
    } else {
      this.db.prepare("UPDATE workshop_members SET last_activity_at = ?, current_chapter = ? WHERE workshop_id = ? AND learner_id = ?").run(this.stamp(), chapter, workshopId, learnerId);
    }
  }

  raiseHelp(workshopId: string, learnerId: string, message: string | null): void {
    const at = this.stamp();
    this.db.prepare("UPDATE workshop_members SET help_at = ?, help_message = ?, last_activity_at = ? WHERE workshop_id = ? AND learner_id = ?").run(at, message, at, workshopId, learnerId);
  }

  resolveHelp(workshopId: string, learnerId: string): boolean {
    return this.db.prepare("UPDATE workshop_members SET help_at = NULL, help_message = NULL WHERE workshop_id = ? AND learner_id = ? AND help_at IS NOT NULL").run(workshopId, learnerId).changes > 0;
  }

  /** Records one check of an exercise under the workshop (passed stays passed). */
  recordAttempt(workshopId: string, learnerId: string, exerciseId: string, passed: boolean): void {
    const at = this.stamp();
    const run = this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO workshop_attempts (workshop_id, learner_id, exercise_id, attempts, failures, first_attempt_at, last_attempt_at, passed_at)
           VALUES (@w, @l, @e, 1, @fail, @at, @at, @passedAt)
           ON CONFLICT (workshop_id, learner_id, exercise_id) DO UPDATE SET
             attempts = attempts + 1,
             failures = failures + @fail,
             last_attempt_at = @at,
             passed_at = COALESCE(passed_at, @passedAt)`,
        )
        .run({ w: workshopId, l: learnerId, e: exerciseId, fail: passed ? 0 : 1, at, passedAt: passed ? at : null });
      this.db.prepare("UPDATE workshop_members SET last_activity_at = ? WHERE workshop_id = ? AND learner_id = ?").run(at, workshopId, learnerId);
    });
    run.immediate();
  }

  attempts(workshopId: string): Attempt[] {
    const rows = this.db.prepare("SELECT * FROM workshop_attempts WHERE workshop_id = ?").all(workshopId) as Array<{
      learner_id: string;
      exercise_id: string;
      attempts: number;
      failures: number;
      first_attempt_at: string;
      last_attempt_at: string;
      passed_at: string | null;
    }>;
    return rows.map((r) => ({
      learnerId: r.learner_id,
      exerciseId: r.exercise_id,
      attempts: r.attempts,
      failures: r.failures,
      firstAttemptAt: r.first_attempt_at,
      lastAttemptAt: r.last_attempt_at,
      passedAt: r.passed_at,
    }));
  }
}
