import { NextResponse } from "next/server";
import type { NextRequest } from "next/server";
import { apiError, checkSameOrigin, handleApiFailure, NO_STORE, readJsonBody } from "../../../../_lib/api";
import type { QuizAnswerResponse } from "../../../../_lib/api-types";
import { findQuiz } from "../../../../_lib/course";
import { currentLearner } from "../../../../_lib/learner";
import { getProgressStore } from "../../../../_lib/progress";
import { QuizAnswerError, gradeQuiz } from "../../../../_lib/quiz-grading";

export const dynamic = "force-dynamic";

/** POST /api/quizzes/:id/answer {choices: number[]}: graded here from the course, then stored. */
export async function POST(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const forbidden = checkSameOrigin(request);
  if (forbidden) return forbidden;
  const { id } = await params;
  try {
    const found = findQuiz(id);
    if (!found) return apiError(404, "unknown_quiz", "Ce quiz n'existe pas (ou plus) dans le cours.");
    const body = await readJsonBody(request);
    const selected = body !== null && typeof body === "object" ? (body as { choices?: unknown }).choices : undefined;
    let grade;
    try {
      grade = gradeQuiz(found.quiz, selected);
    } catch (error) {
      if (error instanceof QuizAnswerError) return apiError(400, "bad_answer", error.message);
      throw error;
    }
    const learnerId = await currentLearner(request);
    await getProgressStore().recordQuizAnswer(learnerId, id, { choices: grade.choices, correct: grade.correct });
    const response: QuizAnswerResponse = { quiz: { choices: grade.choices, correct: grade.correct, correctChoices: grade.correctChoices } };
    return NextResponse.json(response, { headers: NO_STORE });
  } catch (error) {
    return handleApiFailure(`POST /api/quizzes/${id}/answer`, error);
  }
}
