import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrate, openDatabase, schemaVersion } from "./db";
import { MIGRATIONS } from "./migrations";

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "quai-db-"));
  file = path.join(dir, "nested", "quai.sqlite");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);

describe("openDatabase", () => {
  it("creates the file and its folder, and applies every migration", () => {
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(tables(db)).toEqual(["editor_files", "exercise_results", "learners", "quiz_answers", "schema_version", "workshop_attempts", "workshop_members", "workshops"]);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });

  it("keeps the database, its journal files and its folder private to this account", () => {
    const db = openDatabase(file);
    db.prepare("INSERT INTO learners (id, created_at, last_seen_at) VALUES ('x', 'now', 'now')").run();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(statSync(f).mode & 0o777, f).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    db.close();
  });

  it("makes an older, world-readable database private when it opens it", () => {
    openDatabase(file).close();
    chmodSync(file, 0o644);
    chmodSync(path.dirname(file), 0o755);
    const db = openDatabase(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    db.close();
  });

  it("applies nothing twice when reopened", () => {
    openDatabase(file).close();
    const db = new Database(file);
    expect(migrate(db)).toEqual({ from: MIGRATIONS.length, to: MIGRATIONS.length });
    db.close();
  });

  it("refuses a database written by a newer version", () => {
    const db = new Database(file.replace("nested/", ""));
    db.exec("CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (99)");
    expect(() => migrate(db)).toThrow(`schema version 99 is newer than this code knows (latest ${MIGRATIONS.length}); upgrade Quai`);
    db.close();
  });
});

describe("migrate", () => {
  it("applies pending migrations all or nothing", () => {
    const db = new Database(":memory:");
    const broken = [
      { version: 1, description: "a table", sql: "CREATE TABLE a (x INTEGER)" },
      { version: 2, description: "a typo", sql: "CREATE TABLEE b (y INTEGER)" },
    ];
    expect(() => migrate(db, broken)).toThrow(/^migration 2 \(a typo\): /);
    expect(schemaVersion(db)).toBe(0);
    expect(tables(db)).toEqual(["schema_version"]);
    db.close();
  });

  it("applies only what is new", () => {
    const db = new Database(":memory:");
    const first = [{ version: 1, description: "a", sql: "CREATE TABLE a (x INTEGER)" }];
    expect(migrate(db, first)).toEqual({ from: 0, to: 1 });
    expect(migrate(db, [...first, { version: 2, description: "b", sql: "CREATE TABLE b (y INTEGER)" }])).toEqual({ from: 1, to: 2 });
    expect(tables(db)).toEqual(["a", "b", "schema_version"]);
    db.close();
  });

  it("insists on numbering 1, 2, 3…", () => {
    const db = new Database(":memory:");
    expect(() => migrate(db, [{ version: 2, description: "x", sql: "" }])).toThrow("migrations must be numbered 1, 2, 3…; found 2 at position 1");
    db.close();
  });
});
