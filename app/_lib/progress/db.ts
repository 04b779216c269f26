import "server-only";
import { MIGRATIONS } from "./migrations";
import type { Migration } from "./migrations";
import type { Database, Queryable } from "./database";
import { PostgresDatabase } from "./postgres";
import { SqliteDatabase } from "./sqlite";

export type { Database, Queryable } from "./database";

/** Where the progress database lives: a SQLite file, or a PostgreSQL server. */
export type DatabaseTarget = { sqlite: string } | { postgres: string };

/** Opens the database (creating a SQLite file if needed) and brings its schema up to date. */
export async function openDatabase(target: DatabaseTarget, migrations: readonly Migration[] = MIGRATIONS): Promise<Database> {
  const db = "sqlite" in target ? SqliteDatabase.open(target.sqlite) : await PostgresDatabase.open(target.postgres);
  const where = "sqlite" in target ? target.sqlite : String(db);
  try {
    await migrate(db, migrations);
  } catch (error) {
    await db.close();
    throw new Error(`migrate progress database ${where}: ${(error as Error).message}`, { cause: error });
  }
  return db;
}

export async function schemaVersion(db: Queryable): Promise<number> {
  await db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  const row = await db.get<{ version: number }>("SELECT version FROM schema_version");
  return row?.version ?? 0;
}

/** Applies the pending migrations in one transaction; returns the versions before and after. */
export async function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<{ from: number; to: number }> {
  checkNumbering(migrations);
  return db.exclusive(async (tx) => {
    const from = await schemaVersion(tx);
    const latest = migrations.at(-1)?.version ?? 0;
    if (from > latest) throw new Error(`schema version ${from} is newer than this code knows (latest ${latest}); upgrade Quai`);
    for (const migration of migrations) {
      if (migration.version <= from) continue;
      try {
        await tx.exec(tx.dialect === "postgres" ? (migration.postgres ?? migration.sql) : migration.sql);
      } catch (error) {
        throw new Error(`migration ${migration.version} (${migration.description}): ${(error as Error).message}`, { cause: error });
      }
    }
    const to = Math.max(from, latest);
    await tx.run("DELETE FROM schema_version");
    await tx.run("INSERT INTO schema_version (version) VALUES ($1)", [to]);
    return { from, to };
  });
}

function checkNumbering(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations must be numbered 1, 2, 3…; found ${m.version} at position ${i + 1}`);
  });
}

/**
 * A database usable at once, opened (and migrated) at its first query: the
 * site's stores are made synchronously, while opening PostgreSQL is not. An
 * open that failed (server down) is tried again at the next query.
 */
export function lazyDatabase(target: DatabaseTarget, migrations: readonly Migration[] = MIGRATIONS): Database {
  let opening: Promise<Database> | undefined;
  const ready = () =>
    (opening ??= openDatabase(target, migrations).catch((error: unknown) => {
      opening = undefined;
      throw error;
    }));
  return {
    dialect: "sqlite" in target ? "sqlite" : "postgres",
    all: async (sql, params) => (await ready()).all(sql, params),
    get: async (sql, params) => (await ready()).get(sql, params),
    run: async (sql, params) => (await ready()).run(sql, params),
    exec: async (script) => (await ready()).exec(script),
    transaction: async (work) => (await ready()).transaction(work),
    exclusive: async (work) => (await ready()).exclusive(work),
    close: async () => {
      if (opening) await (await opening.catch(() => undefined))?.close();
      opening = undefined;
    },
  };
}
