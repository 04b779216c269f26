import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { migrate, schemaVersion } from "./db";
import type { Database, DatabaseTarget, Queryable } from "./db";
import { EditorFilesStore } from "./editor-files";
import { MIGRATIONS } from "./migrations";
import { ProgressStore } from "./store";
import type { TestBackend } from "./test-backends";

/**
 * Upgrades from every schema version Quai has shipped, with the data a
 * real installation holds at that version (fixtures/schema-vN.sql, one per
 * version, never edited): after the upgrade every row is still there, and
 * today's stores read it. Run on SQLite (migrations.test.ts) and PostgreSQL.
 */
const LATEST = MIGRATIONS.length;
const fixture = (version: number) => path.join(__dirname, "fixtures", `schema-v${version}.sql`);

type Rows = Record<string, Array<Record<string, unknown>>>;

async function dataTables(db: Queryable): Promise<string[]> {
  const rows =
    db.dialect === "sqlite"
      ? await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'schema_version'")
      : await db.all<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> 'schema_version'");
  return rows.map((r) => r.name).sort();
}

/** Every row of every table, in one order that does not depend on the database (both compare rows of the same database). */
async function allRows(db: Queryable): Promise<Rows> {
  const rows: Rows = {};
  for (const table of await dataTables(db)) {
    const all = await db.all<Record<string, unknown>>(`SELECT * FROM "${table}"`);
    rows[table] = all.sort((a, b) => JSON.stringify(Object.values(a)).localeCompare(JSON.stringify(Object.values(b))));
  }
  return rows;
}

export function migrationCases(backend: () => TestBackend): void {
  afterEach(() => backend().closeAll());

  /** A database as a Quai at schema `version` left it: every earlier fixture's data, written when that version was current. */
  async function databaseAt(version: number): Promise<{ target: DatabaseTarget; before: Rows }> {
    const target = await backend().target();
    for (let v = 1; v <= version; v++) {
      const db = await backend().open(target, MIGRATIONS.slice(0, v));
      await db.exec(readFileSync(fixture(v), "utf8"));
      await db.close();
    }
    const db = await backend().open(target, MIGRATIONS.slice(0, version));
    const before = await allRows(db);
    await db.close();
    return { target, before };
  }

  async function checkSqlite(db: Database): Promise<void> {
    if (db.dialect !== "sqlite") return;
    expect(await db.all("PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);
    expect(await db.all("PRAGMA foreign_key_check")).toEqual([]);
  }

  describe("migrate", () => {
    it("applies pending migrations all or nothing", async () => {
      const db = await backend().open(await backend().target(), []);
      const broken = [
        { version: 1, description: "a table", sql: "CREATE TABLE a (x INTEGER)" },
        { version: 2, description: "a typo", sql: "CREATE TABLEE b (y INTEGER)" },
      ];
      await expect(migrate(db, broken)).rejects.toThrow(/^migration 2 \(a typo\): /);
      expect(await schemaVersion(db)).toBe(0);
      expect(await dataTables(db)).toEqual([]);
    });

    it("applies only what is new, and nothing twice", async () => {
      const db = await backend().open(await backend().target(), []);
      const first = [{ version: 1, description: "a", sql: "CREATE TABLE a (x INTEGER)" }];
      expect(await migrate(db, first)).toEqual({ from: 0, to: 1 });
      const both = [...first, { version: 2, description: "b", sql: "CREATE TABLE b (y INTEGER)" }];
      expect(await migrate(db, both)).toEqual({ from: 1, to: 2 });
      expect(await migrate(db, both)).toEqual({ from: 2, to: 2 });
      expect(await dataTables(db)).toEqual(["a", "b"]);
    });

    it("runs a migration's PostgreSQL variant on PostgreSQL only", async () => {
      const db = await backend().open(await backend().target(), []);
      await migrate(db, [{ version: 1, description: "x", sql: "CREATE TABLE on_sqlite (x INTEGER)", postgres: "CREATE TABLE on_postgres (x INTEGER)" }]);
      expect(await dataTables(db)).toEqual([db.dialect === "postgres" ? "on_postgres" : "on_sqlite"]);
    });

    it("lets two connections open a new database at once: the schema is migrated once", async () => {
      const target = await backend().target();
      const [a, b] = await Promise.all([backend().open(target), backend().open(target)]);
      expect(await schemaVersion(a)).toBe(LATEST);
      expect(await schemaVersion(b)).toBe(LATEST);
    });

    it("refuses a database written by a newer version", async () => {
      const db = await backend().open(await backend().target());
      await db.run("UPDATE schema_version SET version = 99");
      await expect(migrate(db)).rejects.toThrow(`schema version 99 is newer than this code knows (latest ${LATEST}); upgrade Quai`);
    });

    it("insists on numbering 1, 2, 3…", async () => {
      const db = await backend().open(await backend().target(), []);
      await expect(migrate(db, [{ version: 2, description: "x", sql: "" }])).rejects.toThrow("migrations must be numbered 1, 2, 3…; found 2 at position 1");
    });
  });

  describe("schema fixtures", () => {
    it("exist for every schema version, so the next migration is tested against real data", () => {
      for (let v = 1; v <= LATEST; v++) expect(existsSync(fixture(v)), `app/_lib/progress/fixtures/schema-v${v}.sql`).toBe(true);
    });
  });

  describe.each(Array.from({ length: LATEST }, (_, i) => i + 1))("upgrade from schema version %i", (version) => {
    it("keeps every row and brings the schema to the latest version", async () => {
      const { target, before } = await databaseAt(version);
      expect(Object.values(before).flat().length).toBeGreaterThan(0);

      const db = await backend().open(target);
      expect(await schemaVersion(db)).toBe(LATEST);
      await checkSqlite(db);
      const after = await allRows(db);
      for (const [table, rows] of Object.entries(before)) {
        // Columns a later migration adds may appear; none of the old values may change.
        expect(after[table]?.length, table).toBe(rows.length);
        rows.forEach((row, i) => expect(after[table]![i], `${table} row ${i}`).toMatchObject(row));
      }
    });

    it("serves each learner's progress and files through today's stores", async () => {
      const { target, before } = await databaseAt(version);
      const db = await backend().open(target);
      const progress = new ProgressStore(db);
      const editor = new EditorFilesStore(db);
      const learners = before.learners as Array<{ id: string; display_name: string | null }>;
      const results = before.exercise_results as Array<{ learner_id: string; exercise_id: string; passed: number; attempts: number; last_feedback: string }>;
      const quizzes = before.quiz_answers as Array<{ learner_id: string; quiz_id: string; choices: string; correct: number }>;
      const files = (before.editor_files ?? []) as Array<{ learner_id: string; chapter: string; path: string; content: string }>;
      for (const learner of learners) {
        expect(await progress.hasLearner(learner.id)).toBe(true);
        const seen = await progress.getProgress(learner.id);
        expect(seen.displayName).toBe(learner.display_name);
        const mine = results.filter((r) => r.learner_id === learner.id);
        expect(Object.keys(seen.exercises).sort()).toEqual(mine.map((r) => r.exercise_id).sort());
        for (const r of mine) expect(seen.exercises[r.exercise_id]).toMatchObject({ passed: r.passed === 1, attempts: r.attempts, lastFeedback: r.last_feedback });
        for (const q of quizzes.filter((x) => x.learner_id === learner.id))
          expect(seen.quizzes[q.quiz_id]).toMatchObject({ choices: JSON.parse(q.choices) as number[], correct: q.correct === 1 });
        for (const chapter of new Set(files.filter((f) => f.learner_id === learner.id).map((f) => f.chapter)))
          expect(await editor.list(learner.id, chapter)).toEqual(
            files
              .filter((f) => f.learner_id === learner.id && f.chapter === chapter)
              .map((f) => ({ path: f.path, content: f.content }))
              .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
          );
      }
      // And they keep working: a learner of that version records a new result.
      await progress.recordExerciseResult(learners[0]!.id, "volumes/persistance", { passed: true, feedback: "Bravo" });
      expect((await progress.getProgress(learners[0]!.id)).exercises["volumes/persistance"]?.passed).toBe(true);
    });
  });
}
