import type { ContainerSummary, FileChange, ImageSummary, Layer, PublishedPort, QueuePlace } from "@quai/sandbox-runner/protocol";

/**
 * JSON shapes of the site API, shared by route handlers and client
 * components (types only). What the site passes on from the runner is the
 * runner's own contract (sandbox-runner/src/protocol/api.ts).
 */

/** The site API's error shape: a code, and a French sentence the page shows as is (a place in line when there is one). */
export interface ApiErrorBody {
  error: { code: string; message: string; queue?: QueuePlace };
}

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

/** A published port as the browser gets it: the runner's, with its preview's address. */
export interface PortView extends PublishedPort {
  /** Same-origin address of the preview (tcp ports only). */
  previewPath: string | null;
}

export interface PortsResponse {
  ports: PortView[];
}

export interface ImagesResponse {
  images: ImageSummary[];
}

export interface ContainersResponse {
  containers: ContainerSummary[];
}

/** A layer as the layer explorer shows it (the runner's, without its raw history fields). */
export type LayerView = Pick<Layer, "diffId" | "instruction" | "size" | "created">;

export interface LayersResponse {
  id: string;
  ref: string;
  layers: LayerView[];
}

export interface DiffResponse {
  changes: FileChange[];
}

/** GET/PUT /api/editor/:chapter. */
export interface EditorFilesResponse {
  files: Array<{ path: string; content: string }>;
  /** PUT only: whether the files were also written into the sandbox, and why not. */
  synced?: boolean;
  syncError?: string;
}
