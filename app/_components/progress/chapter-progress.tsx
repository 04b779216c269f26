"use client";

import { CheckIcon } from "../ui/icons";
import { useProgress } from "./progress-store";

function countPassed(exercises: Record<string, { passed: boolean }> | undefined, ids: string[]): number {
  return exercises ? ids.filter((id) => exercises[id]?.passed).length : 0;
}

/** « 2/3 exercices » with a bar, on the course map. */
export function ChapterProgress({ exerciseIds }: { exerciseIds: string[] }) {
  const progress = useProgress();
  if (exerciseIds.length === 0) return null;
  const done = countPassed(progress?.exercises, exerciseIds);
  const complete = done === exerciseIds.length;
  return (
    <span className="flex items-center gap-2 text-xs text-slate-500 dark:text-slate-400" aria-label={`${done} exercice(s) réussi(s) sur ${exerciseIds.length}`}>
      <span className="relative h-1.5 w-16 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800" aria-hidden="true">
        <span className={`absolute inset-y-0 left-0 rounded-full transition-[width] ${complete ? "bg-emerald-500" : "bg-brand-500"}`} style={{ width: `${(done / exerciseIds.length) * 100}%` }} />
      </span>
      <span className={`tabular-nums ${complete ? "font-semibold text-emerald-700 dark:text-emerald-400" : ""}`}>
        {done}/{exerciseIds.length} exercice{exerciseIds.length > 1 ? "s" : ""}
      </span>
    </span>
  );
}

/** A check mark beside a chapter whose exercises are all passed (sidebar). */
export function ChapterDoneMark({ exerciseIds }: { exerciseIds: string[] }) {
  const progress = useProgress();
  if (exerciseIds.length === 0 || countPassed(progress?.exercises, exerciseIds) < exerciseIds.length) return null;
  return (
    <span className="ml-auto shrink-0 text-emerald-600 dark:text-emerald-400" aria-label="chapitre terminé" title="Tous les exercices sont réussis">
      <CheckIcon />
    </span>
  );
}

/** Overall progress on the home page. */
export function CourseProgress({ exerciseIds }: { exerciseIds: string[] }) {
  const progress = useProgress();
  const done = countPassed(progress?.exercises, exerciseIds);
  const percent = exerciseIds.length ? Math.round((done / exerciseIds.length) * 100) : 0;
  return (
    <div>
      <div className="flex items-baseline justify-between gap-4 text-sm">
        <span className="font-medium text-slate-700 dark:text-slate-200">Votre progression</span>
        <span className="tabular-nums text-slate-500 dark:text-slate-400">
          {done}/{exerciseIds.length} exercices · {percent} %
        </span>
      </div>
      <div className="mt-2 h-2 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800" aria-hidden="true">
        <div className="h-full rounded-full bg-gradient-to-r from-brand-500 to-emerald-500 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
