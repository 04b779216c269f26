import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "./db";
import type { Database, DatabaseTarget } from "./db";
import type { Migration } from "./migrations";
import { MIGRATIONS } from "./migrations";
import { startPostgres } from "./test-postgres";
import type { TestPostgres } from "./test-postgres";

/**
 * The two databases the stores run on, for tests written once and run on
 * both: SQLite files in a temporary folder (unit tests), and databases on a
 * throw-away PostgreSQL server (integration tests).
 */
export interface TestBackend {
  readonly name: "SQLite" | "PostgreSQL";
  /** Where a new, empty database is. */
  target(): Promise<DatabaseTarget>;
  /** Opens (and migrates) a database; closed by dispose(). */
  open(target: DatabaseTarget, migrations?: readonly Migration[]): Promise<Database>;
  /** Closes every database opened since the last call. */
  closeAll(): Promise<void>;
  /** Stops the server / removes the files. */
  dispose(): Promise<void>;
}

function tracking(name: TestBackend["name"], target: () => Promise<DatabaseTarget>, cleanup: () => Promise<void>): TestBackend {
  const opened: Database[] = [];
  const closeAll = async () => {
    for (const db of opened.splice(0)) await db.close().catch(() => undefined);
  };
  return {
    name,
    target,
    async open(t, migrations = MIGRATIONS) {
      const db = await openDatabase(t, migrations);
      opened.push(db);
      return db;
    },
    closeAll,
    async dispose() {
      await closeAll();
      await cleanup();
    },
  };
}

export function sqliteBackend(): TestBackend {
  const dir = mkdtempSync(path.join(tmpdir(), "quai-db-"));
  let count = 0;
  return tracking(
    "SQLite",
    async () => ({ sqlite: path.join(dir, `db-${++count}`, "quai.sqlite") }),
    async () => rmSync(dir, { recursive: true, force: true }),
  );
}

export async function postgresBackend(): Promise<TestBackend> {
  const server: TestPostgres = await startPostgres();
  return tracking("PostgreSQL", async () => ({ postgres: await server.createDatabase() }), () => server.stop());
}
