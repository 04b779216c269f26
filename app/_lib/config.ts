import "server-only";
import path from "node:path";
import { z } from "zod";

/**
 * The site's settings, from the environment through one schema, read once
 * (on first use: `next build` runs without a runner secret). The README's
 * configuration table documents the same variables.
 */
const bool = z.enum(["true", "false", "1", "0", "yes", "no", "on", "off"], { error: "must be true or false" }).transform((v) => ["true", "1", "yes", "on"].includes(v));
const int = (min: number, max: number) => z.coerce.number({ error: "must be a whole number" }).int(`must be a whole number from ${min} to ${max}`).min(min, `must be ${min} or more`).max(max, `must be ${max} or less`);

const configSchema = z.object({
  PORT: int(1, 65535).default(3000),
  QUAI_RUNNER_URL: z.url({ error: "must be an http(s) URL such as http://127.0.0.1:4000" }).default("http://127.0.0.1:4000"),
  QUAI_RUNNER_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  QUAI_DATA_DIR: z.string().min(1, "must not be empty").optional(),
  QUAI_TRUST_PROXY: bool.default(false),
  // Unset: the SQLite file <QUAI_DATA_DIR>/quai.sqlite. Set: that PostgreSQL database.
  QUAI_DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: "must be a PostgreSQL URL such as postgres://quai:motdepasse@127.0.0.1:5432/quai" })
    .optional(),
  // A classroom of 30–40 learners behind one NAT address all start at once,
  // and some reset: the per-address budgets are sized for that (see README).
  QUAI_SANDBOX_STARTS_PER_LEARNER: int(1, 1000).default(6),
  QUAI_SANDBOX_STARTS_PER_ADDRESS: int(1, 100_000).default(100),
  QUAI_CHECKS_PER_LEARNER: int(1, 1000).default(12),
  QUAI_CHECKS_PER_ADDRESS: int(1, 100_000).default(300),
  // The trainer « admin »'s password; without it, the one `npm start` generated into the data folder.
  QUAI_TRAINER_PASSWORD: z.string().min(10, "must be at least 10 characters").optional(),
  // More trainers, each seeing only their own workshops: "camille:motdepasse,dominique:autre".
  QUAI_TRAINERS: z
    .string()
    .regex(/^[a-z0-9_-]{1,32}:[^,]{10,200}(,[a-z0-9_-]{1,32}:[^,]{10,200})*$/, "must read name:password,name:password (names a-z 0-9 _ -, passwords of 10 characters or more, no comma)")
    .optional(),
});

export interface RateLimits {
  /** Sandboxes a learner may start or reset per STARTS_WINDOW_S. */
  startsPerLearner: number;
  /** Sandboxes one client address may start or reset per STARTS_WINDOW_S, all learners together. */
  startsPerAddress: number;
  /** Exercise checks per learner per CHECKS_WINDOW_S. */
  checksPerLearner: number;
  /** Exercise checks per client address per CHECKS_WINDOW_S. */
  checksPerAddress: number;
}

export const STARTS_WINDOW_S = 10 * 60;
export const CHECKS_WINDOW_S = 60;

export interface AppConfig {
  port: number;
  runnerUrl: string;
  runnerSecret: string | undefined;
  dataDir: string;
  /** A PostgreSQL connection URL; undefined for the SQLite file in dataDir. */
  databaseUrl: string | undefined;
  /** Whether X-Forwarded-For/-Host/-Proto come from a reverse proxy of ours (and may be believed). */
  trustProxy: boolean;
  limits: RateLimits;
  /** The admin trainer's password, when set in the environment. */
  trainerPassword: string | undefined;
  /** Other trainers, by name. */
  trainers: Array<{ name: string; password: string }>;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function parseConfig(env: Record<string, string | undefined>, cwd = process.cwd()): AppConfig {
  const blankAsUnset = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === "" ? undefined : v]));
  const result = configSchema.safeParse(blankAsUnset);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
  }
  const c = result.data;
  return {
    port: c.PORT,
    runnerUrl: c.QUAI_RUNNER_URL.replace(/\/+$/, ""),
    runnerSecret: c.QUAI_RUNNER_SECRET,
    dataDir: path.resolve(cwd, c.QUAI_DATA_DIR ?? ".data"),
    databaseUrl: c.QUAI_DATABASE_URL,
    trustProxy: c.QUAI_TRUST_PROXY,
    limits: {
      startsPerLearner: c.QUAI_SANDBOX_STARTS_PER_LEARNER,
      startsPerAddress: c.QUAI_SANDBOX_STARTS_PER_ADDRESS,
      checksPerLearner: c.QUAI_CHECKS_PER_LEARNER,
      checksPerAddress: c.QUAI_CHECKS_PER_ADDRESS,
    },
    trainerPassword: c.QUAI_TRAINER_PASSWORD,
    trainers: (c.QUAI_TRAINERS ?? "")
      .split(",")
      .filter(Boolean)
      .map((pair) => {
        const at = pair.indexOf(":");
        return { name: pair.slice(0, at), password: pair.slice(at + 1) };
      }),
  };
}

let cached: AppConfig | undefined;

export function getConfig(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
