"use client";

import { useState } from "react";
import type { FormEvent } from "react";
import type { LearnerResponse } from "../../_lib/api-types";
import { useHydrated } from "../ui/use-hydrated";
import { postJson, setDisplayName, useProgress } from "./progress-store";

/** « Votre prénom (facultatif) »: shown in the greeting; progress is kept without it. */
export function LearnerNameForm() {
  const progress = useProgress();
  const [draft, setDraft] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const hydrated = useHydrated();
  const name = progress?.displayName ?? null;

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    try {
      const result = await postJson<LearnerResponse>("/api/learner", { displayName: (draft ?? name ?? "").trim() });
      setDisplayName(result.displayName);
      setEditing(false);
      setDraft(null);
      setMessage(null);
    } catch (error) {
      setMessage((error as Error).message);
    } finally {
      setSaving(false);
    }
  }

  if (name && !editing) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-300">
        Bonjour <strong className="font-semibold text-slate-900 dark:text-white">{name}</strong> ! Votre progression est enregistrée sur ce navigateur.{" "}
        <button type="button" onClick={() => setEditing(true)} className="text-brand-700 underline-offset-2 hover:underline dark:text-brand-300">
          Changer de prénom
        </button>
      </p>
    );
  }

  return (
    <form onSubmit={save} className="flex flex-wrap items-end gap-2">
      <label className="flex min-w-0 flex-1 flex-col gap-1 text-sm">
        <span className="font-medium text-slate-700 dark:text-slate-200">Votre prénom (facultatif)</span>
        <input
          type="text"
          maxLength={40}
          value={draft ?? name ?? ""}
          onChange={(e) => setDraft(e.target.value)}
          placeholder="Camille"
          autoComplete="given-name"
          className="input"
        />
      </label>
      <button type="submit" disabled={saving || !hydrated} className="btn btn-secondary">
        {saving ? "Enregistrement…" : "Enregistrer"}
      </button>
      <p className="basis-full text-xs text-slate-500 dark:text-slate-400">
        {message ?? "Sans compte : votre progression est liée à ce navigateur."}
      </p>
    </form>
  );
}
