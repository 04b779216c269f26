import "server-only";
import { ConfigError, getConfig } from "./config";
import { createRunnerClient } from "./runner-client";
import type { WorkbenchRunnerClient } from "./runner-client";

let cached: WorkbenchRunnerClient | undefined;

/** The runner client configured from the environment (QUAI_RUNNER_URL, QUAI_RUNNER_SECRET). */
export function getRunnerClient(): WorkbenchRunnerClient {
  if (cached) return cached;
  const { runnerUrl, runnerSecret } = getConfig();
  if (!runnerSecret) throw new ConfigError("QUAI_RUNNER_SECRET is not set: exercise checks need the runner's shared secret");
  cached = createRunnerClient({ baseUrl: runnerUrl, secret: runnerSecret });
  return cached;
}
