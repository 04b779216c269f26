/**
 * The site's public HTTP API as the workbench page calls it, for simulated
 * learners (the classroom bench, the crash test e2e/crash.test.ts): the
 * chapter page that signs the learner cookie, the sandbox with its waiting
 * line, the exercise check, editor saves, quiz answers, joining a workshop.
 * Each call is one request, as the page sends it; retrying is the caller's.
 */

export interface LearnerSite {
  site: string;
  /** `quai_learner=…`, as the chapter page set it. */
  cookie: string;
}

/** An answer that was not a success: its status (0 when the request never got one) and what it said. */
export class SiteCallError extends Error {
  constructor(
    readonly what: string,
    readonly status: number,
    detail: string,
  ) {
    super(`${what}: ${status === 0 ? "no answer" : `answered ${status}`}: ${detail.slice(0, 300)}`);
  }
}

const headersOf = (l: LearnerSite) => ({ cookie: l.cookie, origin: l.site, "content-type": "application/json" });

/** One request; a refused connection or a cut answer is a SiteCallError with status 0. */
async function call<T>(l: LearnerSite, method: string, path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  const what = `${method} ${path}`;
  let answer: Response;
  let text: string;
  const started = Date.now();
  try {
    answer = await fetch(`${l.site}${path}`, { method, headers: headersOf(l), body: body === undefined ? undefined : JSON.stringify(body), signal });
    text = await answer.text();
  } catch (error) {
    if (signal?.aborted) throw error;
    // How long it had waited tells a connection reused as the site closed it (at once) from one cut during the work (later).
    const detail = (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message;
    throw new SiteCallError(what, 0, `${detail} (after ${Date.now() - started} ms)`);
  }
  if (!answer.ok) throw new SiteCallError(what, answer.status, text);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new SiteCallError(what, answer.status, `not JSON: ${text}`);
  }
}

/** 1. A chapter page, without cookie: the site signs one, as for a person's first visit. */
export async function visitChapter(site: string, chapter: string, signal?: AbortSignal): Promise<LearnerSite> {
  const page = await fetch(`${site}/cours/${chapter}`, { signal });
  if (!page.ok) throw new Error(`GET /cours/${chapter} answered ${page.status}`);
  await page.arrayBuffer();
  const cookie = page.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  if (!cookie.includes("quai_learner=")) throw new Error("the chapter page set no learner cookie");
  return { site, cookie };
}

export interface Session {
  sandboxId: string;
  token: string;
}

/**
 * 2. The learner's sandbox and a terminal token. A full runner (or one
 * already starting QUAI_COLD_STARTS_MAX sandboxes) answers 503 « Quai est
 * complet » with the learner's place in line: they try again, as a person
 * clicking « Réessayer » would, every few seconds (`onQueued` counts it).
 */
export async function startSandbox(l: LearnerSite, signal?: AbortSignal, onQueued: () => void = () => undefined): Promise<Session> {
  for (;;) {
    try {
      return await call<Session>(l, "POST", "/api/sandbox", {}, signal);
    } catch (error) {
      if (!(error instanceof SiteCallError && error.status === 503 && error.message.includes('"capacity"'))) throw error;
      onQueued();
      await new Promise((r) => setTimeout(r, 3000));
    }
  }
}

export interface CheckAnswer {
  passed: boolean;
  feedback: string;
  exercise: { passed: boolean; attempts: number };
}

/** The exercise's « Vérifier » button. */
export function checkExercise(l: LearnerSite, exercise: string, signal?: AbortSignal): Promise<CheckAnswer> {
  return call<CheckAnswer>(l, "POST", `/api/exercises/${exercise}/check`, {}, signal);
}

export interface EditorFile {
  path: string;
  content: string;
}

/** The editor's save: the chapter's whole set of files, written into the sandbox too when `sandboxId` is given. */
export function saveEditorFiles(l: LearnerSite, chapter: string, files: EditorFile[], sandboxId: string | null, signal?: AbortSignal): Promise<{ files: EditorFile[]; synced?: boolean }> {
  return call(l, "PUT", `/api/editor/${chapter}`, { files, sandboxId }, signal);
}

export function editorFiles(l: LearnerSite, chapter: string, signal?: AbortSignal): Promise<{ files: EditorFile[] }> {
  return call(l, "GET", `/api/editor/${chapter}`, undefined, signal);
}

export function answerQuiz(l: LearnerSite, quiz: string, choices: number[], signal?: AbortSignal): Promise<{ quiz: { choices: number[]; correct: boolean } }> {
  return call(l, "POST", `/api/quizzes/${quiz}/answer`, { choices }, signal);
}

export interface Progress {
  exercises: Record<string, { passed: boolean; attempts: number }>;
  quizzes: Record<string, { choices: number[]; correct: boolean }>;
}

export function progress(l: LearnerSite, signal?: AbortSignal): Promise<Progress> {
  return call(l, "GET", "/api/progress", undefined, signal);
}

/** The « Rejoindre l'atelier » form. */
export function joinWorkshop(l: LearnerSite, code: string, name: string, signal?: AbortSignal): Promise<{ workshop: { id: string } }> {
  return call(l, "POST", "/api/ateliers/rejoindre", { code, name }, signal);
}

/** « J'ai besoin d'aide », with a message, on the trainer's roster. */
export function askForHelp(l: LearnerSite, message: string, signal?: AbortSignal): Promise<{ ok: true }> {
  return call(l, "POST", "/api/atelier/aide", { message }, signal);
}
