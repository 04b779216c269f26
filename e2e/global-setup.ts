import type { TestProject } from "vitest/node";
import { RUNNER_URL, SITE_URL, ensureBuilt, removeE2eObjects, startRunner, startSite, waitFor, warmPoolReady } from "./support/servers";

declare module "vitest" {
  export interface ProvidedContext {
    siteUrl: string;
  }
}

/**
 * Once for the whole e2e run: a build of the site if it is missing or stale,
 * a real runner and the site server, and a clean slate of Docker objects before
 * and after.
 */
export default async function setup(project: TestProject) {
  ensureBuilt();
  removeE2eObjects();
  const runner = startRunner();
  const site = startSite();
  try {
    await waitFor(`${RUNNER_URL}/healthz`, runner, "the sandbox runner", 120_000);
    await waitFor(`${SITE_URL}/`, site, "the site", 60_000);
    await warmPoolReady(120_000);
  } catch (error) {
    await Promise.all([site.stop(), runner.stop()]);
    removeE2eObjects();
    throw error;
  }
  project.provide("siteUrl", SITE_URL);
  return async () => {
    await Promise.all([site.stop(), runner.stop()]);
    removeE2eObjects();
  };
}
