import { useSyncExternalStore } from "react";
import type { ExerciseState, ProgressResponse, QuizState } from "../../_lib/api-types";

/**
 * The learner's progress in the browser: fetched once from /api/progress
 * (pages are static; progress is per learner), shared by every component,
 * and updated in place after a check or a quiz answer.
 */

let snapshot: ProgressResponse | null = null;
let requested = false;
const listeners = new Set<() => void>();

function emit() {
  for (const listener of listeners) listener();
}

function load() {
  if (requested) return;
  requested = true;
  fetch("/api/progress", { cache: "no-store" })
    .then((response) => (response.ok ? (response.json() as Promise<ProgressResponse>) : Promise.reject(new Error(`HTTP ${response.status}`))))
    .then((data) => {
      snapshot = data;
      emit();
    })
    .catch(() => {
      // Progress is a comfort, not a gate: the lesson works without it. Retry on the next mount.
      requested = false;
    });
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  load();
  return () => listeners.delete(listener);
}

/** The progress, or null until it has loaded (and during server rendering). */
export function useProgress(): ProgressResponse | null {
  return useSyncExternalStore(
    subscribe,
    () => snapshot,
    () => null,
  );
}

function update(change: (current: ProgressResponse) => ProgressResponse) {
  snapshot = change(snapshot ?? { displayName: null, exercises: {}, quizzes: {} });
  emit();
}

export function setExerciseState(id: string, state: ExerciseState) {
  update((p) => ({ ...p, exercises: { ...p.exercises, [id]: state } }));
}

export function setQuizState(id: string, state: QuizState) {
  update((p) => ({ ...p, quizzes: { ...p.quizzes, [id]: state } }));
}

export function setDisplayName(displayName: string | null) {
  update((p) => ({ ...p, displayName }));
}

/** A refusal of the site API: its French message, and its code for the pages that act on it. */
export class ApiRequestError extends Error {
  override name = "ApiRequestError";
  constructor(
    message: string,
    /** The API's error code (`sandbox_expired`…), null when the site did not answer with one. */
    readonly code: string | null,
  ) {
    super(message);
  }
}

/** POSTs JSON to the site API; resolves to the body, or throws (ApiRequestError) with the French message to show. */
export async function postJson<T>(url: string, body: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  } catch {
    throw new ApiRequestError("Le site ne répond pas. Vérifiez votre connexion, puis réessayez.", null);
  }
  const data = (await response.json().catch(() => null)) as (T & { error?: { message?: string; code?: string } }) | null;
  if (!response.ok) throw new ApiRequestError(data?.error?.message ?? `Erreur inattendue (HTTP ${response.status}). Réessayez.`, data?.error?.code ?? null);
  return data as T;
}
