/**
 * The progress database as the stores see it: SQL with PostgreSQL-style
 * placeholders ($1, $2…), run on SQLite (the default, one file) or on
 * PostgreSQL (QUAI_DATABASE_URL). The stores write SQL both accept; where
 * the two differ, a migration carries a PostgreSQL variant.
 */
export type Dialect = "sqlite" | "postgres";
export type Param = string | number | null;

export interface Queryable {
  readonly dialect: Dialect;
  all<T>(sql: string, params?: readonly Param[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly Param[]): Promise<T | undefined>;
  /** Runs a statement; returns how many rows it changed. */
  run(sql: string, params?: readonly Param[]): Promise<number>;
  /** Runs a script of several statements, without parameters (migrations, fixtures). */
  exec(script: string): Promise<void>;
}

export interface Database extends Queryable {
  /**
   * Runs `work` in one transaction that behaves as if alone: SQLite takes
   * the write lock at its start (BEGIN IMMEDIATE), PostgreSQL runs it
   * SERIALIZABLE and runs it again when the server reports a conflict. So
   * `work` must only touch the database, through `tx`.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** A transaction no other `exclusive` one runs alongside, even from another process (schema migrations). */
  exclusive<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Whether the error is a UNIQUE constraint refusing a duplicate, on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505";
}
