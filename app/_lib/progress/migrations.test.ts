import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, schemaVersion } from "./db";
import { EditorFilesStore } from "./editor-files";
import { MIGRATIONS } from "./migrations";
import { ProgressStore } from "./store";

/**
 * Upgrades from every schema version Quai has shipped, with the data a
 * real installation holds at that version (fixtures/schema-vN.sql, one per
 * version, never edited): after the upgrade every row is still there, and
 * today's stores read it.
 */
const LATEST = MIGRATIONS.length;
const fixture = (version: number) => path.join(__dirname, "fixtures", `schema-v${version}.sql`);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "quai-migrations-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

type Rows = Record<string, unknown[]>;

function dataTables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'schema_version' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
}

function allRows(db: Database.Database): Rows {
  return Object.fromEntries(dataTables(db).map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()]));
}

/** A database as a Quai at schema `version` left it: every earlier fixture's data, written when that version was current. */
function databaseAt(version: number): { file: string; before: Rows } {
  const file = path.join(dir, `v${version}`, "quai.sqlite");
  for (let v = 1; v <= version; v++) {
    const db = openDatabase(file, MIGRATIONS.slice(0, v));
    db.exec(readFileSync(fixture(v), "utf8"));
    db.close();
  }
  const db = openDatabase(file, MIGRATIONS.slice(0, version));
  const before = allRows(db);
  db.close();
  return { file, before };
}

describe("schema fixtures", () => {
  it("exist for every schema version, so the next migration is tested against real data", () => {
    for (let v = 1; v <= LATEST; v++) expect(existsSync(fixture(v)), `app/_lib/progress/fixtures/schema-v${v}.sql`).toBe(true);
  });
});

describe.each(Array.from({ length: LATEST }, (_, i) => i + 1))("upgrade from schema version %i", (version) => {
  it("keeps every row and brings the schema to the latest version", () => {
    const { file, before } = databaseAt(version);
    expect(Object.values(before).flat().length).toBeGreaterThan(0);

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST);
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.pragma("foreign_key_check")).toEqual([]);
    const after = allRows(db);
    for (const [table, rows] of Object.entries(before)) {
      // Columns a later migration adds may appear; none of the old values may change.
      expect(after[table]?.length, table).toBe(rows.length);
      rows.forEach((row, i) => expect(after[table]![i], `${table} row ${i}`).toMatchObject(row as object));
    }
    db.close();
  });

  it("serves each learner's progress and files through today's stores", () => {
    const { file, before } = databaseAt(version);
    const db = openDatabase(file);
    const progress = new ProgressStore(db);
    const editor = new EditorFilesStore(db);
    const learners = before.learners as Array<{ id: string; display_name: string | null }>;
    const results = before.exercise_results as Array<{ learner_id: string; exercise_id: string; passed: number; attempts: number; last_feedback: string }>;
    const quizzes = before.quiz_answers as Array<{ learner_id: string; quiz_id: string; choices: string; correct: number }>;
    const files = (before.editor_files ?? []) as Array<{ learner_id: string; chapter: string; path: string; content: string }>;
    for (const learner of learners) {
      expect(progress.hasLearner(learner.id)).toBe(true);
      const seen = progress.getProgress(learner.id);
      expect(seen.displayName).toBe(learner.display_name);
      const mine = results.filter((r) => r.learner_id === learner.id);
      expect(Object.keys(seen.exercises).sort()).toEqual(mine.map((r) => r.exercise_id).sort());
      for (const r of mine) expect(seen.exercises[r.exercise_id]).toMatchObject({ passed: r.passed === 1, attempts: r.attempts, lastFeedback: r.last_feedback });
      for (const q of quizzes.filter((x) => x.learner_id === learner.id))
        expect(seen.quizzes[q.quiz_id]).toMatchObject({ choices: JSON.parse(q.choices) as number[], correct: q.correct === 1 });
      for (const chapter of new Set(files.filter((f) => f.learner_id === learner.id).map((f) => f.chapter)))
        expect(editor.list(learner.id, chapter)).toEqual(
          files.filter((f) => f.learner_id === learner.id && f.chapter === chapter).map((f) => ({ path: f.path, content: f.content })).sort((a, b) => a.path.localeCompare(b.path)),
        );
    }
    // And they keep working: a learner of that version records a new result.
    progress.recordExerciseResult(learners[0]!.id, "volumes/persistance", { passed: true, feedback: "Bravo" });
    expect(progress.getProgress(learners[0]!.id).exercises["volumes/persistance"]?.passed).toBe(true);
    db.close();
  });
});
