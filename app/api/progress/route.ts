import { NextResponse } from "next/server";
import type { NextRequest } from "next/server";
import { handleApiFailure, NO_STORE } from "../../_lib/api";
import type { ProgressResponse, QuizState } from "../../_lib/api-types";
import { findQuiz } from "../../_lib/course";
import { currentLearner } from "../../_lib/learner";
import { getProgressStore } from "../../_lib/progress";

export const dynamic = "force-dynamic";

/** GET /api/progress: the learner's exercises and quizzes (creates the anonymous learner on first visit). */
export async function GET(request: NextRequest) {
  try {
    const learnerId = await currentLearner(request);
    const progress = await getProgressStore().getProgress(learnerId);
    const quizzes: Record<string, QuizState> = {};
    for (const [id, answer] of Object.entries(progress.quizzes)) {
      const found = findQuiz(id);
      // A quiz removed from the course keeps its row but is no longer shown.
      if (!found) continue;
      quizzes[id] = { choices: answer.choices, correct: answer.correct, correctChoices: found.quiz.choices.flatMap((c, i) => (c.correct ? [i] : [])) };
    }
    const exercises: ProgressResponse["exercises"] = {};
    for (const [id, e] of Object.entries(progress.exercises)) {
      exercises[id] = { passed: e.passed, lastPassed: e.lastPassed, attempts: e.attempts, lastFeedback: e.lastFeedback };
    }
    const body: ProgressResponse = { displayName: progress.displayName, exercises, quizzes };
    return NextResponse.json(body, { headers: NO_STORE });
  } catch (error) {
    return handleApiFailure("GET /api/progress", error);
  }
}
