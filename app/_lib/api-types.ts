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

/**
 * The error code of « Vérifier » when the learner has no sandbox (it expired,
 * or never started): nothing was run, nothing recorded.
 */
export const SANDBOX_EXPIRED = "sandbox_expired";

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

/** POST /api/sandbox, /api/sandbox/reset, /api/sandbox/:id/token: what terminal sockets need. */
export interface SandboxSession {
  sandboxId: string;
  /** Short-lived owner token for terminal sockets (ms timestamps below). */
  token: string;
  tokenExpiresAt: number;
  /** When the runner removes the sandbox, whatever happens. */
  expiresAt: number;
  terminals: string[];
  /** The sandbox was asleep and this request woke it (said once). */
  woke?: boolean;
}

export interface PortView {
  container: string;
  image: string;
  port: number;
  containerPort: number;
  protocol: "tcp" | "udp";
  /** Same-origin address of the preview (tcp ports only). */
  previewPath: string | null;
}

export interface PortsResponse {
  ports: PortView[];
}

export interface ImagesResponse {
  images: Array<{ id: string; repository: string; tag: string; size: string; created: string }>;
}

export interface ContainersResponse {
  containers: Array<{ id: string; name: string; image: string; state: string; status: string }>;
}

export interface LayerView {
  diffId: string | null;
  instruction: string;
  size: number;
  created: string | null;
}

export interface LayersResponse {
  id: string;
  ref: string;
  layers: LayerView[];
}

export interface DiffResponse {
  changes: Array<{ kind: "A" | "C" | "D"; path: string }>;
}

/** GET/PUT /api/editor/:chapter. */
export interface EditorFilesResponse {
  files: Array<{ path: string; content: string }>;
  /** PUT only: whether the files were also written into the sandbox, and why not. */
  synced?: boolean;
  syncError?: string;
}
