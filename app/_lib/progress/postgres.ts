import "server-only";
import pg from "pg";
import type { Database, Param, Queryable } from "./database";

// PostgreSQL's COUNT(*) is a bigint, which pg hands over as a string; Quai's
// counts are small, so they come back as numbers like SQLite's.
const INT8 = 20;
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => (oid === INT8 ? Number : pg.types.getTypeParser(oid, format as "text"))) as pg.CustomTypesConfig["getTypeParser"],
};

/** SQLSTATEs after which a SERIALIZABLE transaction may simply be run again. */
const RETRYABLE = new Set(["40001", "40P01"]);
const ATTEMPTS = 5;
/** The key of the advisory lock `exclusive` holds (any constant of Quai's own). */
const EXCLUSIVE_LOCK = 0x5175_6169; // "Quai"

/** The server's address without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(invalid PostgreSQL URL)";
  }
}

function over(client: pg.Pool | pg.PoolClient): Queryable {
  const query = <T>(sql: string, params: readonly Param[]) => client.query<T & pg.QueryResultRow>(sql, [...params]);
  return {
    dialect: "postgres",
    all: async <T>(sql: string, params: readonly Param[] = []) => (await query<T>(sql, params)).rows as T[],
    get: async <T>(sql: string, params: readonly Param[] = []) => (await query<T>(sql, params)).rows[0] as T | undefined,
    run: async (sql: string, params: readonly Param[] = []) => (await query(sql, params)).rowCount ?? 0,
    // Without parameters pg uses the simple protocol, which runs several statements.
    exec: async (script: string) => void (await client.query(script)),
  };
}

/** The progress database on a PostgreSQL server (node-postgres pool). */
export class PostgresDatabase implements Database {
  readonly dialect = "postgres" as const;
  private readonly direct: Queryable;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly where: string,
  ) {
    this.direct = over(pool);
  }

  /** Connects once to check the server answers, so a wrong URL stops the start with a clear message. */
  static async open(url: string, options: { max?: number } = {}): Promise<PostgresDatabase> {
    const where = redactUrl(url);
    const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: 10_000, types });
    // An idle client's error (the server restarted) must not crash the site: the pool drops it.
    pool.on("error", (error) => console.warn(`PostgreSQL ${where}: idle connection lost: ${error.message}`));
    try {
      await pool.query("SELECT 1");
    } catch (error) {
      await pool.end();
      throw new Error(`connect to PostgreSQL ${where}: ${(error as Error).message}`, { cause: error });
    }
    return new PostgresDatabase(pool, where);
  }

  all<T>(sql: string, params?: readonly Param[]): Promise<T[]> {
    return this.direct.all<T>(sql, params);
  }
  get<T>(sql: string, params?: readonly Param[]): Promise<T | undefined> {
    return this.direct.get<T>(sql, params);
  }
  run(sql: string, params?: readonly Param[]): Promise<number> {
    return this.direct.run(sql, params);
  }
  exec(script: string): Promise<void> {
    return this.direct.exec(script);
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      return await this.serializable(client, work);
    } catch (error) {
      broken = (error as { broken?: Error }).broken;
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async exclusive<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      // Taken before BEGIN, so the transaction's snapshot shows what the previous holder committed.
      await client.query("SELECT pg_advisory_lock($1)", [EXCLUSIVE_LOCK]);
      try {
        return await this.serializable(client, work);
      } finally {
        await client.query("SELECT pg_advisory_unlock($1)", [EXCLUSIVE_LOCK]);
      }
    } catch (error) {
      broken = (error as { broken?: Error }).broken;
      throw error;
    } finally {
      // A connection whose ROLLBACK failed is closed rather than handed out again (with its lock, which closing releases).
      client.release(broken);
    }
  }

  private async serializable<T>(client: pg.PoolClient, work: (tx: Queryable) => Promise<T>): Promise<T> {
    const tx = over(client);
    for (let attempt = 1; ; attempt++) {
      await client.query("BEGIN ISOLATION LEVEL SERIALIZABLE");
      try {
        const result = await work(tx);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        try {
          await client.query("ROLLBACK");
        } catch (rollback) {
          // The connection is gone: the pool must not hand it out again.
          throw Object.assign(new Error(`${(error as Error).message} (and ROLLBACK failed: ${(rollback as Error).message})`, { cause: error }), { broken: rollback as Error });
        }
        const code = (error as { code?: string }).code;
        if (attempt < ATTEMPTS && code && RETRYABLE.has(code)) continue;
        throw error;
      }
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  toString(): string {
    return `PostgreSQL ${this.where}`;
  }
}
