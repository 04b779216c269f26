"use client";

import { useState } from "react";
import type { ReactNode } from "react";
import { SANDBOX_EXPIRED } from "../../_lib/api-types";
import type { CheckResponse } from "../../_lib/api-types";
import { frenchSpacing } from "../../_lib/content/typography";
import { RENEW_SANDBOX_EVENT, sendToWorkbench } from "../../_lib/workbench-events";
import { CheckIcon, LightbulbIcon, XIcon } from "../ui/icons";
import { ApiRequestError, postJson, setExerciseState, useProgress } from "../progress/progress-store";

/** `expired`: the learner has no sandbox; nothing was checked (the workbench can start a new one). */
type Feedback = { kind: "passed" | "failed" | "error" | "expired"; text: string };

/** « Vérifier », progressive hints and the hidden solution of one exercise. */
export function ExercisePanel({ id, hints, solution }: { id: string; hints: ReactNode[]; solution: ReactNode }) {
  const stored = useProgress()?.exercises[id];
  const [checking, setChecking] = useState(false);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [shownHints, setShownHints] = useState(0);
  const [solutionShown, setSolutionShown] = useState(false);

  // Until the learner checks again on this page, show the last stored result.
  const visible: Feedback | null = feedback ?? (stored ? { kind: stored.lastPassed ? "passed" : "failed", text: stored.lastFeedback } : null);

  async function check() {
    setChecking(true);
    try {
      const result = await postJson<CheckResponse>(`/api/exercises/${encodeURIComponent(id)}/check`, {});
      setExerciseState(id, result.exercise);
      setFeedback({ kind: result.passed ? "passed" : "failed", text: result.feedback });
    } catch (error) {
      const expired = error instanceof ApiRequestError && error.code === SANDBOX_EXPIRED;
      setFeedback({ kind: expired ? "expired" : "error", text: (error as Error).message });
    } finally {
      setChecking(false);
    }
  }

  return (
    <div className="mt-4">
      <div className="flex flex-wrap gap-2">
        <button type="button" onClick={check} disabled={checking} className="btn btn-primary">
          {checking ? <span className="spinner" aria-hidden="true" /> : <CheckIcon />}
          {checking ? "Vérification…" : "Vérifier"}
        </button>
        {shownHints < hints.length && (
          <button type="button" onClick={() => setShownHints((n) => n + 1)} className="btn btn-secondary">
            <LightbulbIcon />
            {shownHints === 0 ? "Afficher un indice" : "Un autre indice"}
            <span className="text-xs font-normal opacity-70">
              ({shownHints}/{hints.length})
            </span>
          </button>
        )}
        {!solutionShown && (
          <button type="button" onClick={() => setSolutionShown(true)} className="btn btn-ghost">
            Voir la solution
          </button>
        )}
      </div>

      <div aria-live="polite">
        {visible && !checking && (
          <div className={`feedback feedback-${visible.kind === "expired" ? "error" : visible.kind}`}>
            <span className="feedback-icon">{visible.kind === "passed" ? <CheckIcon /> : <XIcon />}</span>
            <div className="min-w-0">
              <div className="font-semibold">{visible.kind === "passed" ? frenchSpacing("Réussi !") : visible.kind === "failed" ? "Pas encore" : visible.kind === "expired" ? "Votre bac à sable a expiré" : "Vérification impossible"}</div>
              {/* A check prints plain text; it gets the French spacing the course text gets. */}
              <div className="mt-0.5 whitespace-pre-line break-words">{visible.kind === "passed" || visible.kind === "failed" ? frenchSpacing(visible.text) : visible.text}</div>
              {visible.kind === "expired" && (
                <button type="button" className="btn btn-primary mt-3" onClick={() => sendToWorkbench(RENEW_SANDBOX_EVENT, {})}>
                  Démarrer un nouveau bac à sable
                </button>
              )}
            </div>
          </div>
        )}
      </div>

      {shownHints > 0 && (
        <div className="mt-4 space-y-2">
          {hints.slice(0, shownHints).map((hint, i) => (
            <div key={i} className="hint">
              <span className="hint-label">Indice {i + 1}</span>
              {hint}
            </div>
          ))}
        </div>
      )}

      {solutionShown && (
        <div className="mt-4">
          <div className="mb-1 text-sm font-semibold text-slate-700 dark:text-slate-300">Solution</div>
          {solution}
        </div>
      )}
    </div>
  );
}
