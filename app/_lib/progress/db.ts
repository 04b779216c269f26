import path from "node:path";
import Database from "better-sqlite3";
import { ensurePrivateDir, ensurePrivateFile, makePrivateIfPresent } from "../data-files";
import { MIGRATIONS } from "./migrations";
import type { Migration } from "./migrations";

export type Db = Database.Database;

/**
 * Opens (creating it if needed) the SQLite file and brings its schema up to
 * date. The file is made private (0600) before SQLite opens it: SQLite
 * gives its -wal and -shm files the database's own mode.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  let db: Db;
  try {
    ensurePrivateDir(path.dirname(file));
    ensurePrivateFile(file);
    db = new Database(file);
  } catch (error) {
    throw new Error(`open progress database ${file}: ${(error as Error).message}`, { cause: error });
  }
  db.pragma("journal_mode = WAL");
  // Those of an older Quai were world-readable.
  for (const suffix of ["-wal", "-shm"]) makePrivateIfPresent(`${file}${suffix}`);
  db.pragma("foreign_keys = ON");
  // Two Next workers may write at once; wait rather than fail with SQLITE_BUSY.
  db.pragma("busy_timeout = 5000");
  try {
    migrate(db, migrations);
  } catch (error) {
    db.close();
    throw new Error(`migrate progress database ${file}: ${(error as Error).message}`, { cause: error });
  }
  return db;
}

export function schemaVersion(db: Db): number {
  db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  const row = db.prepare("SELECT version FROM schema_version").get() as { version: number } | undefined;
  return row?.version ?? 0;
}

/** Applies the pending migrations in one transaction; returns the versions before and after. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  checkNumbering(migrations);
  const apply = db.transaction(() => {
    const from = schemaVersion(db);
    const latest = migrations.at(-1)?.version ?? 0;
    if (from > latest) throw new Error(`schema version ${from} is newer than this code knows (latest ${latest}); upgrade Quai`);
    for (const migration of migrations) {
      if (migration.version <= from) continue;
      try {
        db.exec(migration.sql);
      } catch (error) {
        throw new Error(`migration ${migration.version} (${migration.description}): ${(error as Error).message}`, { cause: error });
      }
    }
    db.prepare("DELETE FROM schema_version").run();
    db.prepare("INSERT INTO schema_version (version) VALUES (?)").run(Math.max(from, latest));
    return { from, to: Math.max(from, latest) };
  });
  return apply.immediate();
}

function checkNumbering(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations must be numbered 1, 2, 3…; found ${m.version} at position ${i + 1}`);
  });
}
