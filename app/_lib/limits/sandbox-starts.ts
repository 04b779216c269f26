import type { SandboxRequest } from "@quai/sandbox-runner/protocol";
import type { RunnerClient, SandboxLease } from "../runner-client";
import type { Budget } from "./budget";
import { budgets } from "./budgets";

/**
 * Sandbox starts, counted. `POST /api/sandbox` is called on every chapter a
 * learner opens and usually finds their running sandbox; only a start
 * (a new sandbox, or a reset) takes a seat, so only a start counts.
 *
 * The runner's acquire is get-or-create, so the site remembers which sandbox
 * it last handed each learner. A learner it remembers gets theirs without
 * touching the budget (and a new one, when theirs had expired, is counted
 * after the fact); a learner it does not (a first visit, or after the site
 * restarted) must have room first, given back if nothing was started.
 */
const MAX_REMEMBERED = 5000;
const holder = globalThis as typeof globalThis & { __quaiHanded?: Map<string, string> };
const handed = (holder.__quaiHanded ??= new Map<string, string>());

function remember(learnerId: string, lease: SandboxLease): void {
  handed.delete(learnerId);
  if (handed.size >= MAX_REMEMBERED) handed.delete(handed.keys().next().value!);
  handed.set(learnerId, lease.sandbox.id);
}

/** Takes a start from the learner's and the address's budgets (a 429 Refusal when spent), then runs `start`. */
export async function countedStart(learnerId: string, address: string, start: () => Promise<SandboxLease>, starts: Budget = budgets().starts): Promise<SandboxLease> {
  await starts.take(learnerId, address);
  let lease: SandboxLease;
  try {
    lease = await start();
  } catch (error) {
    await starts.giveBack(learnerId, address);
    throw error;
  }
  remember(learnerId, lease);
  return lease;
}

/** The learner's sandbox: the one they have, or a new one within the budgets; `request`: what the page asked. */
export async function acquireSandbox(runner: Pick<RunnerClient, "acquire">, learnerId: string, address: string, starts: Budget = budgets().starts, reservation?: string, request: SandboxRequest = {}): Promise<SandboxLease> {
  const known = handed.get(learnerId);
  if (known === undefined) return countedStart(learnerId, address, () => runner.acquire(learnerId, reservation, request), starts);
  const lease = await runner.acquire(learnerId, reservation, request);
  if (lease.sandbox.id !== known) await starts.charge(learnerId, address);
  remember(learnerId, lease);
  return lease;
}

/** For tests. */
export function forgetHandedSandboxes(): void {
  handed.clear();
}
