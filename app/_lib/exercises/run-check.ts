import "server-only";
import { SANDBOX_EXPIRED } from "../api-types";
import type { Exercise } from "../content";
import { RunnerError } from "../runner-client";
import type { ExecResult, WorkbenchRunnerClient } from "../runner-client";

/** Same budget as the authoring guide promises check scripts (docs/authoring.md). */
export const CHECK_TIMEOUT_MS = 60_000;
/** Enough for a few French sentences; a runaway `docker ps` listing is cut. */
export const FEEDBACK_MAX_CHARS = 2_000;

export interface CheckOutcome {
  passed: boolean;
  /** French text shown to the learner. */
  feedback: string;
}

export const SANDBOX_EXPIRED_FR =
  "Votre bac à sable a expiré (ou n'a pas encore démarré) : rien n'a été vérifié. Démarrez-en un nouveau, refaites l'exercice, puis vérifiez.";

/**
 * Runs an exercise's check script with bash in the learner's sandbox (as
 * root, in /root): exit 0 means réussi, and what it prints is the feedback.
 * Only in the sandbox the learner has: a fresh one would fail every check
 * and say « Pas encore » for work that was done. Without one, a RunnerError
 * `sandbox_expired` (409) says so.
 */
export async function runExerciseCheck(runner: Pick<WorkbenchRunnerClient, "sandboxOf" | "exec">, owner: string, exercise: Pick<Exercise, "check">): Promise<CheckOutcome> {
  const expired = () => new RunnerError(SANDBOX_EXPIRED, 409, SANDBOX_EXPIRED_FR, `check for learner ${owner}: no sandbox`);
  const sandbox = await runner.sandboxOf(owner);
  if (!sandbox) throw expired();
  try {
    return outcomeOf(await runner.exec(sandbox.id, { command: exercise.check, timeoutMs: CHECK_TIMEOUT_MS, workdir: "/root", kind: "check" }));
  } catch (error) {
    // Gone between the two calls.
    if (error instanceof RunnerError && error.status === 404) throw expired();
    throw error;
  }
}

export function outcomeOf(result: ExecResult): CheckOutcome {
  const passed = result.exitCode === 0 && !result.timedOut;
  const output = stripAnsi([result.stdout.trim(), result.stderr.trim()].filter(Boolean).join("\n"));
  const parts: string[] = [];
  if (result.timedOut) {
    parts.push(`La vérification a dépassé le délai de ${CHECK_TIMEOUT_MS / 1000} secondes et a été interrompue.`);
  }
  if (output) parts.push(cap(output));
  else if (passed) parts.push("Réussi !");
  else if (!result.timedOut) parts.push(`Pas encore : la vérification a échoué (code de sortie ${result.exitCode ?? "inconnu"}) sans donner de détail.`);
  return { passed, feedback: parts.join("\n") };
}

function cap(text: string): string {
  return text.length <= FEEDBACK_MAX_CHARS ? text : `${text.slice(0, FEEDBACK_MAX_CHARS - 1).trimEnd()}…`;
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "");
}
