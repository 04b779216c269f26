import "server-only";
import { SANDBOX_ID_PATTERN } from "@quai/sandbox-runner/protocol";
import { RunnerError } from "../runner-client";
import type { SandboxSession } from "../api-types";
import type { SandboxInfo, SandboxLease, WorkbenchRunnerClient } from "../runner-client";

/** Sandbox ids as the runner makes them (sandbox-runner/src/driver/names.ts). */
export const SANDBOX_ID = SANDBOX_ID_PATTERN;

// A sandbox's owner never changes (a reset makes a new id), so a positive
// answer can be remembered; a gone sandbox still fails at the runner.
const MAX_REMEMBERED = 2000;
const owners = new Map<string, string>();

function remember(id: string, owner: string): void {
  if (owners.size >= MAX_REMEMBERED) owners.delete(owners.keys().next().value!);
  owners.set(id, owner);
}

export function sessionOf(lease: SandboxLease): SandboxSession {
  remember(lease.sandbox.id, lease.sandbox.owner);
  return {
    sandboxId: lease.sandbox.id,
    token: lease.token,
    tokenExpiresAt: lease.tokenExpiresAt,
    expiresAt: lease.sandbox.expiresAt,
    terminals: lease.sandbox.terminals,
    ...(lease.woke ? { woke: true } : {}),
  };
}

/**
 * Checks that `sandboxId` is the learner's own sandbox before anything is
 * done to it on their behalf. Throws a RunnerError: 400 for a malformed id,
 * 404 when the sandbox is gone (the runner's French message), 403 when it
 * belongs to someone else.
 */
export async function requireOwnedSandbox(runner: WorkbenchRunnerClient, learnerId: string, sandboxId: string): Promise<void> {
  if (!SANDBOX_ID.test(sandboxId)) {
    throw new RunnerError("bad_sandbox", 400, "Identifiant de bac à sable invalide.", `sandbox id ${JSON.stringify(sandboxId.slice(0, 40))} is malformed`);
  }
  let owner = owners.get(sandboxId);
  if (owner === undefined) {
    const info: SandboxInfo = await runner.get(sandboxId);
    owner = info.owner;
    remember(sandboxId, owner);
  }
  if (owner !== learnerId) {
    throw new RunnerError("forbidden", 403, "Ce bac à sable n'est pas le vôtre.", `sandbox ${sandboxId} belongs to another learner`);
  }
}

/** For tests. */
export function forgetOwners(): void {
  owners.clear();
}
