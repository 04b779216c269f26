/**
 * The progress database's schema, as a numbered list. A migration is never
 * edited once shipped: add the next one. Each pending migration runs in the
 * same transaction as the schema_version update. The SQL runs on SQLite and
 * on PostgreSQL (both have transactional DDL); a migration that needs a
 * different statement on PostgreSQL gives it in `postgres`.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
  /** The PostgreSQL variant, when `sql` does not run there as written. */
  postgres?: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "learners, exercise results, quiz answers",
    sql: `
      CREATE TABLE learners (
        id            TEXT PRIMARY KEY,
        display_name  TEXT,
        created_at    TEXT NOT NULL,
        last_seen_at  TEXT NOT NULL
      );

      CREATE TABLE exercise_results (
        learner_id       TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
        exercise_id      TEXT NOT NULL,
        attempts         INTEGER NOT NULL,
        passed           INTEGER NOT NULL CHECK (passed IN (0, 1)),
        last_passed      INTEGER NOT NULL CHECK (last_passed IN (0, 1)),
        last_feedback    TEXT NOT NULL,
        first_attempt_at TEXT NOT NULL,
        last_attempt_at  TEXT NOT NULL,
        passed_at        TEXT,
        PRIMARY KEY (learner_id, exercise_id)
      );

      CREATE TABLE quiz_answers (
        learner_id       TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
        quiz_id          TEXT NOT NULL,
        choices          TEXT NOT NULL,
        correct          INTEGER NOT NULL CHECK (correct IN (0, 1)),
        attempts         INTEGER NOT NULL,
        answered_at      TEXT NOT NULL,
        first_correct_at TEXT,
        PRIMARY KEY (learner_id, quiz_id)
      );
    `,
  },
  {
    version: 2,
    description: "the workbench editor's files, per learner and chapter",
    sql: `
      CREATE TABLE editor_files (
        learner_id  TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
        chapter     TEXT NOT NULL,
        path        TEXT NOT NULL,
        content     TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        PRIMARY KEY (learner_id, chapter, path)
      );
    `,
  },
  {
    version: 3,
    description: "workshops: a trainer's class, its learners, their attempts in it",
    sql: `
      CREATE TABLE workshops (
        id              TEXT PRIMARY KEY,
        trainer         TEXT NOT NULL,
        title           TEXT NOT NULL,
        chapters        TEXT NOT NULL,
        starts_at       TEXT NOT NULL,
        ends_at         TEXT NOT NULL,
        capacity        INTEGER NOT NULL,
        sandbox_minutes INTEGER NOT NULL,
        join_code       TEXT NOT NULL UNIQUE,
        created_at      TEXT NOT NULL,
        ended_at        TEXT,
        broadcast       TEXT,
        broadcast_at    TEXT
      );
      CREATE INDEX workshops_by_trainer ON workshops (trainer);
      CREATE TABLE workshop_members (
        workshop_id      TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        learner_id       TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
        display_name     TEXT NOT NULL,
        joined_at        TEXT NOT NULL,
        last_activity_at TEXT NOT NULL,
        current_chapter  TEXT,
        help_at          TEXT,
        help_message     TEXT,
        PRIMARY KEY (workshop_id, learner_id)
      );
      CREATE INDEX workshop_members_by_learner ON workshop_members (learner_id);
      CREATE TABLE workshop_attempts (
        workshop_id      TEXT NOT NULL,
        learner_id       TEXT NOT NULL,
        exercise_id      TEXT NOT NULL,
        attempts         INTEGER NOT NULL,
        failures         INTEGER NOT NULL,
        first_attempt_at TEXT NOT NULL,
        last_attempt_at  TEXT NOT NULL,
        passed_at        TEXT,
        PRIMARY KEY (workshop_id, learner_id, exercise_id),
        FOREIGN KEY (workshop_id, learner_id) REFERENCES workshop_members(workshop_id, learner_id) ON DELETE CASCADE
      );
    `,
  },
  {
    version: 4,
    description: "workshops: « c'est bien moi » requests the trainer answers",
    sql: `
      CREATE TABLE workshop_claims (
        id           TEXT PRIMARY KEY,
        workshop_id  TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        claimant     TEXT NOT NULL,
        member       TEXT NOT NULL,
        display_name TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        status       TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'refused'))
      );
      CREATE INDEX workshop_claims_by_workshop ON workshop_claims (workshop_id, status);
      CREATE INDEX workshop_claims_by_claimant ON workshop_claims (claimant);
    `,
  },
];
