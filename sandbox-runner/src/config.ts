import { z } from "zod";

/**
 * Every setting of the runner, read once from the environment at start.
 * The README's configuration table documents the same variables.
 */
const bool = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off"])
  .transform((v) => ["true", "1", "yes", "on"].includes(v));

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const configSchema = z
  .object({
    QUAI_RUNNER_HOST: z.string().default("127.0.0.1"),
    QUAI_RUNNER_PORT: int(0, 65535).default(4000),
    QUAI_RUNNER_SECRET: z.string().min(16, "must be at least 16 characters"),
    QUAI_ALLOWED_ORIGINS: z
      .string()
      .default("http://localhost:3000,http://127.0.0.1:3000")
      .transform((s) => s.split(",").map((o) => o.trim()).filter(Boolean)),
    QUAI_DOCKER_SOCKET: z.string().default("/var/run/docker.sock"),
    QUAI_SANDBOX_IMAGE: z.string().default("quai/sandbox:latest"),
    QUAI_SANDBOX_RUNTIME: z.enum(["runc", "sysbox-runc"]).default("runc"),
    QUAI_SANDBOX_MEMORY_MB: int(256, 65536).default(1536),
    QUAI_SANDBOX_CPUS: z.coerce.number().min(0.1).max(64).default(1),
    QUAI_SANDBOX_PIDS: int(64, 65536).default(1024),
    QUAI_SANDBOX_DISK_GB: int(0, 1024).default(10),
    QUAI_SANDBOX_IO_MBPS: int(0, 100_000).default(100),
    /** How long a new sandbox may take to say it is ready (a busy machine is slower). */
    QUAI_SANDBOX_READY_TIMEOUT_S: int(5, 600).default(90),
    QUAI_SANDBOX_APPARMOR: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, "the name of an AppArmor profile loaded on the host")
      .optional(),
    QUAI_SANDBOX_LOG_MAX: z.string().regex(/^\d+[kmg]$/, "expected a size like 1m").default("1m"),
    QUAI_SANDBOX_TTL_MIN: int(1, 24 * 60).default(120),
    QUAI_SANDBOX_IDLE_MIN: int(1, 24 * 60).default(30),
    QUAI_SANDBOX_MAX: int(1, 1000).default(40),
    QUAI_SLEEP_DAYS: int(0, 365).default(7),
    QUAI_SLEEP_DISK_GB: int(1, 100_000).default(100),
    QUAI_SANDBOX_SUBNET_POOL: z
      .string()
      .regex(/^\d+\.\d+\.0\.0\/16$/, "expected a /16 such as 10.213.0.0/16")
      .default("10.213.0.0/16"),
    QUAI_SANDBOX_EGRESS: bool.default(false),
    QUAI_HOST_FIREWALL: bool.default(true),
    QUAI_WARM_POOL: int(0, 50).default(2),
    QUAI_COLD_STARTS_MAX: int(1, 100).default(2),
    /** 1-minute load per core past which no sandbox is started from nothing (the learner waits in line); 0: off. */
    QUAI_ADMIT_MAX_LOAD: z.coerce.number().min(0).max(1000).default(4),
    QUAI_POOL_MAX_AGE_MIN: int(1, 24 * 60).default(15),
    /** Seconds the pool waits after handing out a warm sandbox before starting its replacement. */
    QUAI_POOL_REFILL_DELAY_S: int(0, 600).default(2),
    QUAI_TOKEN_TTL_S: int(10, 24 * 3600).default(600),
    QUAI_TERMINAL_GRACE_S: int(1, 24 * 3600).default(300),
    QUAI_TERMINALS_PER_SANDBOX: int(1, 64).default(8),
    QUAI_CACHE_MODE: z.enum(["local", "proxy"]).default("local"),
    QUAI_CACHE_IMAGE: z.string().default("quai/registry:2.8"),
    QUAI_CACHE_VOLUME: z.string().default("quai-cache-data"),
    QUAI_CACHE_UPSTREAM: z.url().default("https://registry-1.docker.io"),
    /**
     * The data folder (shared with the site): the runner keeps in it what a
     * restart must not forget and the engine does not hold (runner-state-<instance>.json).
     */
    QUAI_DATA_DIR: z.string().min(1, "must not be empty").default(".data"),
    QUAI_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    QUAI_INSTANCE: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,30}$/, "lowercase letters, digits and dashes")
      .default("quai"),
  })
  .refine((c) => c.QUAI_WARM_POOL < c.QUAI_SANDBOX_MAX, {
    message: "QUAI_WARM_POOL must be smaller than QUAI_SANDBOX_MAX",
    path: ["QUAI_WARM_POOL"],
  })
  .refine((c) => c.QUAI_SANDBOX_IDLE_MIN <= c.QUAI_SANDBOX_TTL_MIN, {
    message: "QUAI_SANDBOX_IDLE_MIN must not exceed QUAI_SANDBOX_TTL_MIN",
    path: ["QUAI_SANDBOX_IDLE_MIN"],
  });

export type RunnerConfig = z.output<typeof configSchema>;

/** Parses the environment; throws one message naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): RunnerConfig {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(config)"}: ${i.message}`);
    throw new Error(`invalid runner configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}
