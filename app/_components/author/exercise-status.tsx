"use client";

import { CheckIcon } from "../ui/icons";
import { useProgress } from "../progress/progress-store";

/** « Réussi ✓ » once the learner has passed the exercise (from the server). */
export function ExerciseStatus({ id }: { id: string }) {
  const passed = useProgress()?.exercises[id]?.passed ?? false;
  if (!passed) return null;
  return (
    <span className="ml-auto inline-flex items-center gap-1 rounded-full bg-emerald-100 px-2.5 py-0.5 text-xs font-semibold text-emerald-800 dark:bg-emerald-500/15 dark:text-emerald-300">
      Réussi <CheckIcon />
    </span>
  );
}
