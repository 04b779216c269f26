"use client";

import { useState } from "react";
import type { ReactNode } from "react";
import type { QuizAnswerResponse, QuizState } from "../../_lib/api-types";
import { CheckIcon, XIcon } from "../ui/icons";
import { postJson, setQuizState, useProgress } from "../progress/progress-store";

/** Choices, « Valider », then the server's verdict and the explanation. */
export function QuizPanel({ id, multiple, choices, explanation }: { id: string; multiple: boolean; choices: ReactNode[]; explanation: ReactNode }) {
  const stored = useProgress()?.quizzes[id];
  const [selected, setSelected] = useState<number[] | null>(null);
  const [result, setResult] = useState<QuizState | null>(null);
  const [retrying, setRetrying] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const answered = retrying ? null : (result ?? stored ?? null);
  const picked = selected ?? (answered ? answered.choices : []);

  function toggle(index: number) {
    if (answered) return;
    setError(null);
    setSelected(multiple ? (picked.includes(index) ? picked.filter((i) => i !== index) : [...picked, index].sort()) : [index]);
  }

  async function submit() {
    if (picked.length === 0) {
      setError("Choisissez une réponse avant de valider.");
      return;
    }
    setSending(true);
    try {
      const response = await postJson<QuizAnswerResponse>(`/api/quizzes/${encodeURIComponent(id)}/answer`, { choices: picked });
      setQuizState(id, response.quiz);
      setResult(response.quiz);
      setRetrying(false);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSending(false);
    }
  }

  function retry() {
    setRetrying(true);
    setResult(null);
    setSelected([]);
  }

  const name = `quiz-${id}`;
  return (
    <div className="mt-3">
      <fieldset disabled={Boolean(answered) || sending}>
        <legend className="sr-only">{multiple ? "Cochez toutes les bonnes réponses" : "Choisissez une réponse"}</legend>
        <div className="space-y-2">
          {choices.map((choice, i) => {
            const isPicked = picked.includes(i);
            const state = answered ? (answered.correctChoices.includes(i) ? "correct" : isPicked ? "wrong" : "idle") : isPicked ? "picked" : "idle";
            return (
              <div key={i}>
                <label className={`choice choice-${state}`}>
                  <input type={multiple ? "checkbox" : "radio"} name={name} checked={isPicked} onChange={() => toggle(i)} className="choice-input" />
                  <span className="min-w-0 flex-1">{choice}</span>
                  {state === "correct" && <CheckIcon className="shrink-0 text-emerald-600 dark:text-emerald-400" />}
                  {state === "wrong" && <XIcon className="shrink-0 text-rose-600 dark:text-rose-400" />}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>

      {!answered && (
        <div className="mt-3 flex flex-wrap items-center gap-3">
          <button type="button" onClick={submit} disabled={sending} className="btn btn-primary">
            {sending ? "Envoi…" : "Valider"}
          </button>
          {error && <div className="text-sm text-rose-700 dark:text-rose-300">{error}</div>}
        </div>
      )}

      {answered && (
        <div aria-live="polite" className={`feedback ${answered.correct ? "feedback-passed" : "feedback-failed"}`}>
          <span className="feedback-icon">{answered.correct ? <CheckIcon /> : <XIcon />}</span>
          <div className="min-w-0 flex-1">
            <div className="font-semibold">{answered.correct ? "Bonne réponse !" : "Ce n'est pas la bonne réponse."}</div>
            <div className="mt-1">{explanation}</div>
            {!answered.correct && (
              <button type="button" onClick={retry} className="btn btn-secondary mt-3">
                Réessayer
              </button>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
