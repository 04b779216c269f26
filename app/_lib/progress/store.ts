import type { Database, Queryable } from "./database";

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

const TOUCH_LEARNER =
  "INSERT INTO learners (id, created_at, last_seen_at) VALUES ($1, $2, $2) ON CONFLICT (id) DO UPDATE SET last_seen_at = excluded.last_seen_at";

/** Creates the learner if unknown (a cookie may outlive a wiped database) and marks them seen. */
export async function touchLearner(db: Queryable, id: string, at: string): Promise<void> {
  await db.run(TOUCH_LEARNER, [id, at]);
}

/** Learners, exercise results and quiz answers, on the progress database. */
export class ProgressStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private stamp(): string {
    return this.now().toISOString();
  }

  async hasLearner(id: string): Promise<boolean> {
    return (await this.db.get("SELECT 1 AS one FROM learners WHERE id = $1", [id])) !== undefined;
  }

  /** Creates the learner if unknown (a cookie may outlive a wiped database) and marks them seen. */
  async ensureLearner(id: string): Promise<void> {
    await touchLearner(this.db, id, this.stamp());
  }

  async setDisplayName(id: string, name: string | null): Promise<void> {
    await this.ensureLearner(id);
    await this.db.run("UPDATE learners SET display_name = $1 WHERE id = $2", [name, id]);
  }

  async recordExerciseResult(learnerId: string, exerciseId: string, result: { passed: boolean; feedback: string }): Promise<ExerciseProgress> {
    await this.ensureLearner(learnerId);
    const at = this.stamp();
    // One statement: two checks of the same exercise at once both count, on either database.
    await this.db.run(
      `INSERT INTO exercise_results (learner_id, exercise_id, attempts, passed, last_passed, last_feedback, first_attempt_at, last_attempt_at, passed_at)
       VALUES ($1, $2, 1, $3, $3, $4, $5, $5, $6)
       ON CONFLICT (learner_id, exercise_id) DO UPDATE SET
         attempts = exercise_results.attempts + 1,
         passed = CASE WHEN excluded.passed = 1 THEN 1 ELSE exercise_results.passed END,
         last_passed = excluded.last_passed,
         last_feedback = excluded.last_feedback,
         last_attempt_at = excluded.last_attempt_at,
         passed_at = COALESCE(exercise_results.passed_at, excluded.passed_at)`,
      [learnerId, exerciseId, result.passed ? 1 : 0, result.feedback, at, result.passed ? at : null],
    );
    return (await this.getProgress(learnerId)).exercises[exerciseId]!;
  }

  async recordQuizAnswer(learnerId: string, quizId: string, answer: { choices: number[]; correct: boolean }): Promise<QuizProgress> {
    await this.ensureLearner(learnerId);
    const at = this.stamp();
    await this.db.run(
      `INSERT INTO quiz_answers (learner_id, quiz_id, choices, correct, attempts, answered_at, first_correct_at)
       VALUES ($1, $2, $3, $4, 1, $5, $6)
       ON CONFLICT (learner_id, quiz_id) DO UPDATE SET
         choices = excluded.choices,
         correct = excluded.correct,
         attempts = quiz_answers.attempts + 1,
         answered_at = excluded.answered_at,
         first_correct_at = COALESCE(quiz_answers.first_correct_at, excluded.first_correct_at)`,
      [learnerId, quizId, JSON.stringify(answer.choices), answer.correct ? 1 : 0, at, answer.correct ? at : null],
    );
    return (await this.getProgress(learnerId)).quizzes[quizId]!;
  }

  async getProgress(learnerId: string): Promise<LearnerProgress> {
    const learner = await this.db.get<{ display_name: string | null }>("SELECT display_name FROM learners WHERE id = $1", [learnerId]);
    const exercises: Record<string, ExerciseProgress> = {};
    const exerciseRows = await this.db.all<{ exercise_id: string; attempts: number; passed: number; last_passed: number; last_feedback: string; last_attempt_at: string }>(
      "SELECT exercise_id, attempts, passed, last_passed, last_feedback, last_attempt_at FROM exercise_results WHERE learner_id = $1",
      [learnerId],
    );
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
    const quizRows = await this.db.all<{ quiz_id: string; choices: string; correct: number; attempts: number; answered_at: string }>(
      "SELECT quiz_id, choices, correct, attempts, answered_at FROM quiz_answers WHERE learner_id = $1",
      [learnerId],
    );
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
