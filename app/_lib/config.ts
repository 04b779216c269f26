import path from "node:path";
import { z } from "zod";

/**
 * The site's settings, from the environment through one schema, read once
 * (on first use: `next build` runs without a runner secret).
 *
 * | variable           | default                  | meaning                                   |
 * | QUAI_RUNNER_URL    | http://127.0.0.1:4000    | base URL of the sandbox runner             |
 * | QUAI_RUNNER_SECRET | (none; checks need it)   | shared secret, sent as a bearer token      |
 * | QUAI_DATA_DIR      | <repo>/.data             | where quai.sqlite (learner progress) lives |
 */
const configSchema = z.object({
  QUAI_RUNNER_URL: z.url({ error: "must be an http(s) URL such as http://127.0.0.1:4000" }).default("http://127.0.0.1:4000"),
  QUAI_RUNNER_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  QUAI_DATA_DIR: z.string().min(1, "must not be empty").optional(),
});

export interface AppConfig {
  runnerUrl: string;
  runnerSecret: string | undefined;
  dataDir: string;
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
  const { QUAI_RUNNER_URL, QUAI_RUNNER_SECRET, QUAI_DATA_DIR } = result.data;
  return {
    runnerUrl: QUAI_RUNNER_URL.replace(/\/+$/, ""),
    runnerSecret: QUAI_RUNNER_SECRET,
    dataDir: path.resolve(cwd, QUAI_DATA_DIR ?? ".data"),
  };
}

let cached: AppConfig | undefined;

export function getConfig(): AppConfig {
  cached ??= parseConfig({
    QUAI_RUNNER_URL: process.env.QUAI_RUNNER_URL,
    QUAI_RUNNER_SECRET: process.env.QUAI_RUNNER_SECRET,
    QUAI_DATA_DIR: process.env.QUAI_DATA_DIR,
  });
  return cached;
}
