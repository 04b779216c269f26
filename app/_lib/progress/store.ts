import type { Db } from "./db";

export interface ExerciseProgress {
  /** Passed at least once: the exercise stays « réussi ». */
  passed: boolean;
  lastPassed: boolean;
  attempts: number;
  lastFeedback: string;
  lastAttemptAt: string;
}

export interface QuizProgress {
  choices: number[];
  correct: boolean;
  attempts: number;
  answeredAt: string;
}

export interface LearnerProgress {
  displayName: string | null;
  exercises: Record<string, ExerciseProgress>;
  quizzes: Record<string, QuizProgress>;
}

/** Learners, exercise results and quiz answers, on one SQLite database. */
export class ProgressStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private stamp(): string {
    return this.now().toISOString();
  }

  hasLearner(id: string): boolean {
    return this.db.prepare("SELECT 1 FROM learners WHERE id = ?").get(id) !== undefined;
  }

  /** Creates the learner if unknown (a cookie may outlive a wiped database) and marks them seen. */
  ensureLearner(id: string): void {
    const at = this.stamp();
    this.db
      .prepare("INSERT INTO learners (id, created_at, last_seen_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET last_seen_at = excluded.last_seen_at")
      .run(id, at, at);
  }

  setDisplayName(id: string, name: string | null): void {
    this.ensureLearner(id);
    this.db.prepare("UPDATE learners SET display_name = ? WHERE id = ?").run(name, id);
  }

  recordExerciseResult(learnerId: string, exerciseId: string, result: { passed: boolean; feedback: string }): ExerciseProgress {
    this.ensureLearner(learnerId);
    const at = this.stamp();
    const passed = result.passed ? 1 : 0;
    this.db
      .prepare(
        `INSERT INTO exercise_results (learner_id, exercise_id, attempts, passed, last_passed, last_feedback, first_attempt_at, last_attempt_at, passed_at)
         VALUES (@learnerId, @exerciseId, 1, @passed, @passed, @feedback, @at, @at, CASE WHEN @passed = 1 THEN @at END)
         ON CONFLICT(learner_id, exercise_id) DO UPDATE SET
           attempts = attempts + 1,
           passed = MAX(passed, excluded.passed),
           last_passed = excluded.last_passed,
           last_feedback = excluded.last_feedback,
           last_attempt_at = excluded.last_attempt_at,
           passed_at = COALESCE(passed_at, excluded.passed_at)`,
      )
      .run({ learnerId, exerciseId, passed, feedback: result.feedback, at });
    return this.getProgress(learnerId).exercises[exerciseId]!;
  }

  recordQuizAnswer(learnerId: string, quizId: string, answer: { choices: number[]; correct: boolean }): QuizProgress {
    this.ensureLearner(learnerId);
    const at = this.stamp();
    const correct = answer.correct ? 1 : 0;
    this.db
      .prepare(
        `INSERT INTO quiz_answers (learner_id, quiz_id, choices, correct, attempts, answered_at, first_correct_at)
         VALUES (@learnerId, @quizId, @choices, @correct, 1, @at, CASE WHEN @correct = 1 THEN @at END)
         ON CONFLICT(learner_id, quiz_id) DO UPDATE SET
           choices = excluded.choices,
           correct = excluded.correct,
           attempts = attempts + 1,
           answered_at = excluded.answered_at,
           first_correct_at = COALESCE(first_correct_at, excluded.first_correct_at)`,
      )
      .run({ learnerId, quizId, choices: JSON.stringify(answer.choices), correct, at });
    return this.getProgress(learnerId).quizzes[quizId]!;
  }

  getProgress(learnerId: string): LearnerProgress {
    const learner = this.db.prepare("SELECT display_name FROM learners WHERE id = ?").get(learnerId) as { display_name: string | null } | undefined;
    const exercises: Record<string, ExerciseProgress> = {};
    const exerciseRows = this.db
      .prepare("SELECT exercise_id, attempts, passed, last_passed, last_feedback, last_attempt_at FROM exercise_results WHERE learner_id = ?")
      .all(learnerId) as Array<{ exercise_id: string; attempts: number; passed: number; last_passed: number; last_feedback: string; last_attempt_at: string }>;
    for (const row of exerciseRows) {
      exercises[row.exercise_id] = {
        passed: row.passed === 1,
        lastPassed: row.last_passed === 1,
        attempts: row.attempts,
        lastFeedback: row.last_feedback,
        lastAttemptAt: row.last_attempt_at,
      };
    }
    const quizzes: Record<string, QuizProgress> = {};
    const quizRows = this.db
      .prepare("SELECT quiz_id, choices, correct, attempts, answered_at FROM quiz_answers WHERE learner_id = ?")
      .all(learnerId) as Array<{ quiz_id: string; choices: string; correct: number; attempts: number; answered_at: string }>;
    for (const row of quizRows) {
      quizzes[row.quiz_id] = { choices: parseChoices(row.choices), correct: row.correct === 1, attempts: row.attempts, answeredAt: row.answered_at };
    }
    return { displayName: learner?.display_name ?? null, exercises, quizzes };
  }
}

function parseChoices(json: string): number[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is number => Number.isInteger(v)) : [];
}
