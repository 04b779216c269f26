import "server-only";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { ensurePrivateDir, ensurePrivateFile, makePrivateIfPresent } from "../data-files";
import type { Database, Param, Queryable } from "./database";

/** $1, $2… (the stores' placeholders) as SQLite's numbered ?1, ?2…, which better-sqlite3 binds from an object keyed 1, 2… */
const toSqlite = (sql: string) => sql.replace(/\$(\d+)/g, "?$1");
const bind = (params: readonly Param[]) => (params.length === 0 ? [] : [Object.fromEntries(params.map((value, i) => [i + 1, value]))]);

/**
 * Whether a transaction is open on a file, shared by every connection of this
 * process to it: better-sqlite3 waits for a lock synchronously (busy_timeout),
 * so a second connection asking for the write lock while the first one's
 * transaction awaits would block the very thread that has to finish it.
 */
interface FileLock {
  held: boolean;
  released: Promise<void>;
}
const locks = new Map<string, FileLock>();

/**
 * The progress database on one SQLite file (better-sqlite3). Its calls are
 * synchronous; they are wrapped in promises so the stores run unchanged on
 * PostgreSQL. While a transaction awaits between its statements, every other
 * call of this process on the file waits for it: otherwise it would run
 * inside it (same connection) or wait for it forever (another connection).
 */
export class SqliteDatabase implements Database {
  readonly dialect = "sqlite" as const;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  private constructor(
    readonly raw: BetterSqlite3.Database,
    private readonly lock: FileLock,
  ) {}

  /** Opens (creating it if needed) the file, made private (0600) before SQLite opens it: SQLite gives its -wal and -shm files the database's own mode. */
  static open(file: string): SqliteDatabase {
    let raw: BetterSqlite3.Database;
    try {
      ensurePrivateDir(path.dirname(file));
      ensurePrivateFile(file);
      raw = new BetterSqlite3(file);
    } catch (error) {
      throw new Error(`open progress database ${file}: ${(error as Error).message}`, { cause: error });
    }
    raw.pragma("journal_mode = WAL");
    // Those of an older Quai were world-readable.
    for (const suffix of ["-wal", "-shm"]) makePrivateIfPresent(`${file}${suffix}`);
    raw.pragma("foreign_keys = ON");
    // Another process (a backup, a second site) may write at once; wait rather than fail with SQLITE_BUSY.
    raw.pragma("busy_timeout = 5000");
    const key = path.resolve(file);
    let lock = locks.get(key);
    if (!lock) locks.set(key, (lock = { held: false, released: Promise.resolve() }));
    return new SqliteDatabase(raw, lock);
  }

  private statement(sql: string): BetterSqlite3.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.raw.prepare(toSqlite(sql));
      this.statements.set(sql, s);
    }
    return s;
  }

  private readonly direct: Queryable = {
    dialect: "sqlite",
    all: async <T>(sql: string, params: readonly Param[] = []) => this.statement(sql).all(...bind(params)) as T[],
    get: async <T>(sql: string, params: readonly Param[] = []) => this.statement(sql).get(...bind(params)) as T | undefined,
    run: async (sql: string, params: readonly Param[] = []) => this.statement(sql).run(...bind(params)).changes,
    exec: async (script: string) => void this.raw.exec(script),
  };

  /** Waits for the transaction in progress (if any) before running `call`. */
  private async outside<T>(call: () => Promise<T>): Promise<T> {
    while (this.lock.held) await this.lock.released;
    return call();
  }

  all<T>(sql: string, params?: readonly Param[]): Promise<T[]> {
    return this.outside(() => this.direct.all<T>(sql, params));
  }
  get<T>(sql: string, params?: readonly Param[]): Promise<T | undefined> {
    return this.outside(() => this.direct.get<T>(sql, params));
  }
  run(sql: string, params?: readonly Param[]): Promise<number> {
    return this.outside(() => this.direct.run(sql, params));
  }
  exec(script: string): Promise<void> {
    return this.outside(() => this.direct.exec(script));
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    while (this.lock.held) await this.lock.released;
    this.lock.held = true;
    let done!: () => void;
    this.lock.released = new Promise((resolve) => (done = resolve));
    try {
      this.raw.exec("BEGIN IMMEDIATE");
      try {
        const result = await work(this.direct);
        this.raw.exec("COMMIT");
        return result;
      } catch (error) {
        if (this.raw.inTransaction) this.raw.exec("ROLLBACK");
        throw error;
      }
    } finally {
      this.lock.held = false;
      done();
    }
  }

  exclusive<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    // BEGIN IMMEDIATE already shuts out every other writer, in any process.
    return this.transaction(work);
  }

  async close(): Promise<void> {
    // A transaction still open on this connection is rolled back by SQLite.
    this.raw.close();
  }
}
