import { NextResponse } from "next/server";
import type { NextRequest } from "next/server";
import { apiError, checkSameOrigin, handleApiFailure, NO_STORE } from "../../../../_lib/api";
import type { CheckResponse } from "../../../../_lib/api-types";
import { findExercise } from "../../../../_lib/course";
import { runExerciseCheck } from "../../../../_lib/exercises/run-check";
import { currentLearner } from "../../../../_lib/learner";
import { budgets } from "../../../../_lib/limits/budgets";
import { getProgressStore } from "../../../../_lib/progress";
import { clientAddress } from "../../../../_lib/request-origin";
import { getRunnerClient } from "../../../../_lib/runner";
import { recordWorkshopAttempt } from "../../../../_lib/workshops/record";

export const dynamic = "force-dynamic";

/** One check at a time per learner: a double click must not run two scripts in the same sandbox. */
const running = new Set<string>();

/**
 * POST /api/exercises/:id/check: runs the check script in the learner's
 * sandbox and records the result, within the check budgets. A check never
 * starts a sandbox: without one the learner is told to start it (409).
 */
export async function POST(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const forbidden = checkSameOrigin(request);
  if (forbidden) return forbidden;
  const { id } = await params;
  let learnerId: string;
  let found: ReturnType<typeof findExercise>;
  try {
    found = findExercise(id);
    if (!found) return apiError(404, "unknown_exercise", "Cet exercice n'existe pas (ou plus) dans le cours.");
    if (!found.chapter.frontmatter.sandbox) return apiError(400, "no_sandbox", "Ce chapitre se lit sans bac à sable : rien à vérifier ici.");
    learnerId = await currentLearner(request);
  } catch (error) {
    return handleApiFailure(`POST /api/exercises/${id}/check`, error);
  }
  if (running.has(learnerId)) return apiError(429, "check_running", "Une vérification est déjà en cours : patientez quelques secondes.");
  const address = clientAddress(request);
  running.add(learnerId);
  try {
    await budgets().checks.take(learnerId, address);
    const outcome = await runExerciseCheck(getRunnerClient(), learnerId, found.exercise);
    const stored = await getProgressStore().recordExerciseResult(learnerId, id, outcome);
    await recordWorkshopAttempt(learnerId, id, outcome.passed);
    const body: CheckResponse = {
      passed: outcome.passed,
      feedback: outcome.feedback,
      exercise: { passed: stored.passed, lastPassed: stored.lastPassed, attempts: stored.attempts, lastFeedback: stored.lastFeedback },
    };
    return NextResponse.json(body, { headers: NO_STORE });
  } catch (error) {
    return handleApiFailure(`check exercise ${id} for learner ${learnerId}`, error);
  } finally {
    running.delete(learnerId);
  }
}
