import type { Quiz } from "./content";

export interface QuizGrade {
  /** The learner's choices, sorted, as stored. */
  choices: number[];
  correct: boolean;
  correctChoices: number[];
}

/** A malformed answer; `message` is French, for the learner. */
export class QuizAnswerError extends Error {
  override name = "QuizAnswerError";
}

/** Grades an answer on the server, from the course's quiz: the client never says what is correct. */
export function gradeQuiz(quiz: Pick<Quiz, "choices" | "multiple">, selected: unknown): QuizGrade {
  if (!Array.isArray(selected) || selected.length === 0) throw new QuizAnswerError("Choisissez une réponse avant de valider.");
  if (!selected.every((i) => Number.isInteger(i) && i >= 0 && i < quiz.choices.length)) {
    throw new QuizAnswerError("Cette réponse ne correspond à aucun choix proposé.");
  }
  const choices = [...new Set(selected as number[])].sort((a, b) => a - b);
  if (choices.length !== selected.length) throw new QuizAnswerError("Un même choix ne peut être donné qu'une fois.");
  if (!quiz.multiple && choices.length !== 1) throw new QuizAnswerError("Une seule réponse est attendue.");
  const correctChoices = quiz.choices.flatMap((c, i) => (c.correct ? [i] : []));
  const correct = choices.length === correctChoices.length && choices.every((c, i) => c === correctChoices[i]);
  return { choices, correct, correctChoices };
}
