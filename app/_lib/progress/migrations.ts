/**
 * The progress database's schema, as a numbered list. A migration is never
 * edited once shipped: add the next one. Each pending migration runs in the
 * same transaction as the schema_version update.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
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
];
