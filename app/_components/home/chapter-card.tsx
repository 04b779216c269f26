import Link from "next/link";
import type { ReactNode } from "react";
import type { CourseChapter } from "../../_lib/content";
import { exercisesOf, quizzesOf } from "../../_lib/content";
import { formatDuration, plural } from "../../_lib/format";
import { ChevronIcon, ClockIcon } from "../ui/icons";

/** One chapter on the course map: number, title, description, duration, objectives, progress. */
export function ChapterCard({ chapter, progress }: { chapter: CourseChapter; progress: ReactNode }) {
  const { frontmatter } = chapter;
  const exercises = exercisesOf(chapter).length;
  const quizzes = quizzesOf(chapter).length;
  return (
    <li className="card group relative flex flex-col p-5 transition-shadow hover:shadow-md hover:ring-brand-300 dark:hover:ring-brand-500/40">
      <div className="flex gap-4">
        <span className="grid size-9 shrink-0 place-items-center rounded-full bg-brand-50 text-sm font-bold tabular-nums text-brand-700 ring-1 ring-brand-200 dark:bg-brand-500/10 dark:text-brand-300 dark:ring-brand-500/30">
          {chapter.number}
        </span>
        <div className="min-w-0">
          <h4 className="text-base font-semibold text-slate-900 dark:text-white">
            <Link href={`/cours/${chapter.slug}`} className="after:absolute after:inset-0 after:rounded-2xl focus-visible:outline-none">
              {frontmatter.title}
            </Link>
          </h4>
          <p className="mt-1 text-sm leading-relaxed text-slate-600 dark:text-slate-400">{frontmatter.description}</p>
        </div>
      </div>
      <div className="mt-4 flex flex-wrap items-center gap-x-4 gap-y-2 pl-13 text-xs text-slate-500 dark:text-slate-400">
        <span className="inline-flex items-center gap-1">
          <ClockIcon /> {formatDuration(frontmatter.duration)}
        </span>
        {frontmatter.sandbox ? (
          <span>
            {plural(exercises, "exercice")} · {plural(quizzes, "quiz", "quiz")}
          </span>
        ) : (
          <span className="rounded-full bg-slate-100 px-2 py-0.5 text-slate-600 dark:bg-slate-800 dark:text-slate-300">Lecture, sans bac à sable</span>
        )}
        <span className="ml-auto">{progress}</span>
      </div>
      <details className="objectives relative z-10 mt-3 pl-13">
        <summary className="inline-flex cursor-pointer items-center gap-1 text-xs font-medium text-brand-700 select-none dark:text-brand-300">
          <ChevronIcon className="transition-transform [[open]>summary>&]:rotate-90" />
          Objectifs du chapitre
        </summary>
        <ul className="mt-2 space-y-1 text-sm text-slate-600 dark:text-slate-400">
          {frontmatter.objectives.map((objective) => (
            <li key={objective} className="flex gap-2">
              <span className="mt-2 size-1.5 shrink-0 rounded-full bg-brand-400" aria-hidden="true" />
              {objective}
            </li>
          ))}
        </ul>
      </details>
    </li>
  );
}
