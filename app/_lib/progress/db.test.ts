import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lazyDatabase, openDatabase, schemaVersion } from "./db";
import { MIGRATIONS } from "./migrations";
import { SqliteDatabase } from "./sqlite";

// What is particular to the SQLite file; migrate()'s rules are in migrations.cases.ts (both databases).
let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "quai-db-"));
  file = path.join(dir, "nested", "quai.sqlite");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("openDatabase on a SQLite file", () => {
  it("creates the file and its folder, in WAL mode, and applies every migration", async () => {
    const db = await openDatabase({ sqlite: file });
    expect(await schemaVersion(db)).toBe(MIGRATIONS.length);
    const tables = await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    expect(tables.map((t) => t.name)).toEqual(["editor_files", "exercise_results", "learners", "quiz_answers", "schema_version", "workshop_attempts", "workshop_claims", "workshop_members", "workshops"]);
    expect(await db.get("PRAGMA journal_mode")).toEqual({ journal_mode: "wal" });
    await db.close();
  });

  it("keeps the database, its journal files and its folder private to this account", async () => {
    const db = await openDatabase({ sqlite: file });
    await db.run("INSERT INTO learners (id, created_at, last_seen_at) VALUES ('x', 'now', 'now')");
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(statSync(f).mode & 0o777, f).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    await db.close();
  });

  it("makes an older, world-readable database private when it opens it", async () => {
    await (await openDatabase({ sqlite: file })).close();
    chmodSync(file, 0o644);
    chmodSync(path.dirname(file), 0o755);
    const db = await openDatabase({ sqlite: file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    await db.close();
  });

  it("says which file it could not open", async () => {
    const notAFolder = path.join(dir, "a-file");
    writeFileSync(notAFolder, "");
    await expect(openDatabase({ sqlite: path.join(notAFolder, "quai.sqlite") })).rejects.toThrow(`open progress database ${notAFolder}/quai.sqlite: `);
  });
});

describe("SqliteDatabase", () => {
  it("keeps other queries out of a transaction while it awaits between statements", async () => {
    const db = SqliteDatabase.open(file);
    await db.exec("CREATE TABLE t (x INTEGER)");
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const tx = db.transaction(async (q) => {
      await q.run("INSERT INTO t VALUES (1)");
      await gate;
      throw new Error("rolled back");
    });
    // Issued while the transaction is open: it must run after the rollback, not inside the transaction.
    const outside = db.run("INSERT INTO t VALUES (2)");
    release();
    await expect(tx).rejects.toThrow("rolled back");
    await outside;
    expect(await db.all("SELECT x FROM t")).toEqual([{ x: 2 }]);
    await db.close();
  });
});

describe("lazyDatabase", () => {
  it("opens and migrates at the first query, and tries again after a failed open", async () => {
    const blocked = path.join(dir, "not-a-folder");
    writeFileSync(blocked, "");
    const bad = lazyDatabase({ sqlite: path.join(blocked, "quai.sqlite") });
    await expect(bad.get("SELECT 1")).rejects.toThrow(/open progress database/);
    rmSync(blocked);
    expect(await bad.get("SELECT COUNT(*) AS n FROM learners")).toEqual({ n: 0 });
    await bad.close();
  });
});
