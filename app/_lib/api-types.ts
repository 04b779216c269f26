/** JSON shapes of the site API, shared by route handlers and client components (types only). */

export interface ExerciseState {
  passed: boolean;
  lastPassed: boolean;
  attempts: number;
  lastFeedback: string;
}

export interface QuizState {
  choices: number[];
  correct: boolean;
  correctChoices: number[];
}

export interface ProgressResponse {
  displayName: string | null;
  exercises: Record<string, ExerciseState>;
  quizzes: Record<string, QuizState>;
}

export interface CheckResponse {
  passed: boolean;
  feedback: string;
  exercise: ExerciseState;
}

export interface QuizAnswerResponse {
  quiz: QuizState;
}

export interface LearnerResponse {
  displayName: string | null;
}
