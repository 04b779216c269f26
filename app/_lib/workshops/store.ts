import "server-only";
import { randomInt } from "node:crypto";
import type { Database, Queryable } from "../progress/database";
import { isUniqueViolation } from "../progress/database";
import { touchLearner } from "../progress/store";
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

const memberOf = async (db: Queryable, workshopId: string, learnerId: string): Promise<Member | undefined> => {
  const row = await db.get<MemberRow>("SELECT * FROM workshop_members WHERE workshop_id = $1 AND learner_id = $2", [workshopId, learnerId]);
  return row ? toMember(row) : undefined;
};

/** Workshops, their learners and their attempts, on the progress database. */
export class WorkshopStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private stamp(): string {
    return this.now().toISOString();
  }

  async create(trainer: string, spec: CreateWorkshop): Promise<Workshop> {
    // A code clash (one in 10^12 per pair) is retried rather than trusted away.
    for (let attempt = 0; ; attempt++) {
      const id = newWorkshopId();
      try {
        await this.db.run(
          "INSERT INTO workshops (id, trainer, title, chapters, starts_at, ends_at, capacity, sandbox_minutes, join_code, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
          [id, trainer, spec.title, JSON.stringify(spec.chapters), new Date(spec.startsAt).toISOString(), new Date(spec.endsAt).toISOString(), spec.capacity, spec.sandboxMinutes, newJoinCode(), this.stamp()],
        );
        return (await this.get(id))!;
      } catch (error) {
        if (attempt < 3 && isUniqueViolation(error)) continue;
        throw new Error(`create workshop for ${trainer}: ${(error as Error).message}`, { cause: error });
      }
    }
  }

  async get(id: string): Promise<Workshop | undefined> {
    const row = await this.db.get<WorkshopRow>("SELECT * FROM workshops WHERE id = $1", [id]);
    return row ? toWorkshop(row) : undefined;
  }

  async byCode(code: string): Promise<Workshop | undefined> {
    const row = await this.db.get<WorkshopRow>("SELECT * FROM workshops WHERE join_code = $1", [code]);
    return row ? toWorkshop(row) : undefined;
  }

  /** A trainer's workshops, newest first; every workshop for `null` (the admin). */
  async list(trainer: string | null): Promise<Workshop[]> {
    const rows =
      trainer === null
        ? await this.db.all<WorkshopRow>("SELECT * FROM workshops ORDER BY created_at DESC")
        : await this.db.all<WorkshopRow>("SELECT * FROM workshops WHERE trainer = $1 ORDER BY created_at DESC", [trainer]);
    return rows.map(toWorkshop);
  }

  /** Whether learners may still join and work under it. */
  isOpen(w: Workshop): boolean {
    return w.endedAt === null && Date.parse(w.endsAt) > this.now().getTime();
  }

  async end(id: string): Promise<void> {
    await this.db.run("UPDATE workshops SET ended_at = COALESCE(ended_at, $1) WHERE id = $2", [this.stamp(), id]);
  }

  async setBroadcast(id: string, message: string | null): Promise<void> {
    await this.db.run("UPDATE workshops SET broadcast = $1, broadcast_at = $2 WHERE id = $3", [message, message === null ? null : this.stamp(), id]);
  }

  /**
   * Adds the learner to the workshop under `name` (a learner already in it
   * keeps their place and may change their name). Refused when it is full.
   */
  join(w: Workshop, learnerId: string, name: string): Promise<Member> {
    const at = this.stamp();
    // One transaction: two learners taking the last seat at once get one seat between them.
    return this.db.transaction(async (tx) => {
      await touchLearner(tx, learnerId, at);
      if (await memberOf(tx, w.id, learnerId)) {
        await tx.run("UPDATE workshop_members SET display_name = $1, last_activity_at = $2 WHERE workshop_id = $3 AND learner_id = $4", [name, at, w.id, learnerId]);
      } else {
        const { n } = (await tx.get<{ n: number }>("SELECT COUNT(*) AS n FROM workshop_members WHERE workshop_id = $1", [w.id]))!;
        if (n >= w.capacity) throw new WorkshopFullError(`workshop ${w.id} is full (${w.capacity})`);
        await tx.run("INSERT INTO workshop_members (workshop_id, learner_id, display_name, joined_at, last_activity_at) VALUES ($1, $2, $3, $4, $4)", [w.id, learnerId, name, at]);
      }
      return (await memberOf(tx, w.id, learnerId))!;
    });
  }

  member(workshopId: string, learnerId: string): Promise<Member | undefined> {
    return memberOf(this.db, workshopId, learnerId);
  }

  async members(workshopId: string): Promise<Member[]> {
    return (await this.db.all<MemberRow>("SELECT * FROM workshop_members WHERE workshop_id = $1 ORDER BY joined_at, learner_id", [workshopId])).map(toMember);
  }

  /** The learner's latest workshop (the one their pages show), if any. */
  async latestOf(learnerId: string): Promise<{ workshop: Workshop; member: Member } | undefined> {
    const row = await this.db.get<MemberRow>(
      "SELECT m.* FROM workshop_members m JOIN workshops w ON w.id = m.workshop_id WHERE m.learner_id = $1 ORDER BY m.joined_at DESC LIMIT 1",
      [learnerId],
    );
    if (!row) return undefined;
    const workshop = await this.get(row.workshop_id);
    return workshop && { workshop, member: toMember(row) };
  }

  /** The workshop the learner works under now: their latest, if still open. */
  async activeOf(learnerId: string): Promise<{ workshop: Workshop; member: Member } | undefined> {
    const latest = await this.latestOf(learnerId);
    return latest && this.isOpen(latest.workshop) ? latest : undefined;
  }

  async touch(workshopId: string, learnerId: string, chapter?: string): Promise<void> {
    if (chapter === undefined) {
      await this.db.run("UPDATE workshop_members SET last_activity_at = $1 WHERE workshop_id = $2 AND learner_id = $3", [this.stamp(), workshopId, learnerId]);
    } else {
      await this.db.run("UPDATE workshop_members SET last_activity_at = $1, current_chapter = $2 WHERE workshop_id = $3 AND learner_id = $4", [this.stamp(), chapter, workshopId, learnerId]);
    }
  }

  async raiseHelp(workshopId: string, learnerId: string, message: string | null): Promise<void> {
    const at = this.stamp();
    await this.db.run("UPDATE workshop_members SET help_at = $1, help_message = $2, last_activity_at = $1 WHERE workshop_id = $3 AND learner_id = $4", [at, message, workshopId, learnerId]);
  }

  async resolveHelp(workshopId: string, learnerId: string): Promise<boolean> {
    return (await this.db.run("UPDATE workshop_members SET help_at = NULL, help_message = NULL WHERE workshop_id = $1 AND learner_id = $2 AND help_at IS NOT NULL", [workshopId, learnerId])) > 0;
  }

  /** Records one check of an exercise under the workshop (passed stays passed). */
  async recordAttempt(workshopId: string, learnerId: string, exerciseId: string, passed: boolean): Promise<void> {
    const at = this.stamp();
    await this.db.transaction(async (tx) => {
      await tx.run(
        `INSERT INTO workshop_attempts (workshop_id, learner_id, exercise_id, attempts, failures, first_attempt_at, last_attempt_at, passed_at)
         VALUES ($1, $2, $3, 1, $4, $5, $5, $6)
         ON CONFLICT (workshop_id, learner_id, exercise_id) DO UPDATE SET
           attempts = workshop_attempts.attempts + 1,
           failures = workshop_attempts.failures + excluded.failures,
           last_attempt_at = excluded.last_attempt_at,
           passed_at = COALESCE(workshop_attempts.passed_at, excluded.passed_at)`,
        [workshopId, learnerId, exerciseId, passed ? 0 : 1, at, passed ? at : null],
      );
      await tx.run("UPDATE workshop_members SET last_activity_at = $1 WHERE workshop_id = $2 AND learner_id = $3", [at, workshopId, learnerId]);
    });
  }

  async attempts(workshopId: string): Promise<Attempt[]> {
    const rows = await this.db.all<{
      learner_id: string;
      exercise_id: string;
      attempts: number;
      failures: number;
      first_attempt_at: string;
      last_attempt_at: string;
      passed_at: string | null;
    }>("SELECT * FROM workshop_attempts WHERE workshop_id = $1", [workshopId]);
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
