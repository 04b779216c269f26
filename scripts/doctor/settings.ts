import { existsSync } from "node:fs";
import { parseConfig, type AppConfig } from "../../app/_lib/config";
import { configSchema, type RunnerConfig } from "../../sandbox-runner/src/config";
import { fail, ok, type Verdict } from "./verdict";

/** The service's settings file, read when it exists and no other is named. */
export const SERVICE_ENV_FILE = "/etc/quai/quai.env";

export interface Settings {
  runner: RunnerConfig;
  site: AppConfig;
  verdict: Verdict;
}

// npm start generates the shared secret in the data folder when it is unset;
// the doctor checks everything else, so a stand-in fills it.
const STAND_IN_SECRET = "doctor-stand-in-secret";

/** Both halves' settings from `env`; when they are invalid, the defaults (and a failing verdict naming each variable). */
export function readSettings(env: Record<string, string | undefined>, source: string): Settings {
  const problems: string[] = [];
  const runnerResult = configSchema.safeParse({ ...env, QUAI_RUNNER_SECRET: env.QUAI_RUNNER_SECRET || STAND_IN_SECRET });
  if (!runnerResult.success) problems.push(...runnerResult.error.issues.map((i) => `${i.path.join(".") || "(réglages)"} : ${i.message}`));
  let site: AppConfig;
  try {
    site = parseConfig(env);
  } catch (error) {
    problems.push((error as Error).message.replace(/^invalid configuration:\n/, "").trim());
    site = parseConfig({});
  }
  const runner = runnerResult.success ? runnerResult.data : configSchema.parse({ QUAI_RUNNER_SECRET: STAND_IN_SECRET });
  const verdict = problems.length
    ? fail(`invalides (${source}) : ${problems.join(" ; ")}. La suite du diagnostic utilise les valeurs par défaut.`, "Corrigez ces variables (la table « Configuration » du README donne les valeurs permises) ; Quai refuse de démarrer tant qu'elles sont invalides.")
    : ok(`valides (${source}).`);
  return { runner, site, verdict };
}

/** Loads the settings file into process.env: the one named, else the service's if present. */
export function loadEnvFile(named: string | undefined): string {
  const file = named ?? (existsSync(SERVICE_ENV_FILE) ? SERVICE_ENV_FILE : undefined);
  if (!file) return "variables d'environnement";
  process.loadEnvFile(file);
  return file;
}
