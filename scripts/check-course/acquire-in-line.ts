import { RunnerError } from "../../app/_lib/runner-client";
import type { RunnerClient, SandboxLease } from "../../app/_lib/runner-client";

/** How often a waiting client asks again: the Retry-After the site gives learners. */
export const ASK_AGAIN_MS = 3_000;

/**
 * A sandbox for `owner`, waiting in the runner's line as a learner's page
 * does: while the runner answers « full » with a place in line, asks again
 * every `everyMs` (staying in line), until `withinMs` has passed.
 */
export async function acquireInLine(runner: RunnerClient, owner: string, { withinMs = 600_000, everyMs = ASK_AGAIN_MS } = {}): Promise<SandboxLease> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      return await runner.acquire(owner);
    } catch (error) {
      const waiting = error instanceof RunnerError && error.queue !== undefined;
      if (!waiting || Date.now() + everyMs > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
}
