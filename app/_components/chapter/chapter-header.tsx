import type { CourseChapter } from "../../_lib/content";
import { exercisesOf, quizzesOf } from "../../_lib/content";
import { formatDuration, plural } from "../../_lib/format";
import { CheckIcon, ClockIcon, TargetIcon } from "../ui/icons";

/** Part, title, description, duration and the chapter's objectives, above the lesson. */
export function ChapterHeader({ chapter }: { chapter: CourseChapter }) {
  const { frontmatter } = chapter;
  const exercises = exercisesOf(chapter).length;
  const quizzes = quizzesOf(chapter).length;
  return (
    <header className="pt-8 pb-4 lg:pt-12">
      <p className="text-sm font-semibold text-brand-700 dark:text-brand-300">
        Partie {chapter.partIndex + 1} · {chapter.partTitle}
      </p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight text-balance text-slate-900 sm:text-4xl dark:text-white">
        <span className="text-slate-500 dark:text-slate-400">{chapter.number}.</span> {frontmatter.title}
      </h1>
      <p className="mt-4 text-lg leading-relaxed text-pretty text-slate-600 dark:text-slate-300">{frontmatter.description}</p>
      <div className="mt-5 flex flex-wrap items-center gap-x-5 gap-y-2 text-sm text-slate-500 dark:text-slate-400">
        <span className="inline-flex items-center gap-1.5">
          <ClockIcon /> {formatDuration(frontmatter.duration)}
        </span>
        {frontmatter.sandbox ? (
          <span>
            {plural(exercises, "exercice")} · {plural(quizzes, "quiz", "quiz")}
          </span>
        ) : (
          <span className="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-medium dark:bg-slate-800">Chapitre de lecture, sans bac à sable</span>
        )}
      </div>
      <section aria-labelledby="objectifs" className="mt-8 mb-10 rounded-2xl border border-brand-200 bg-brand-50/60 p-5 dark:border-brand-500/25 dark:bg-brand-500/[0.06]">
        <h2 id="objectifs" className="flex items-center gap-2 text-sm font-semibold uppercase tracking-[0.08em] text-brand-800 dark:text-brand-200">
          <TargetIcon /> Objectifs du chapitre
        </h2>
        <ul className="mt-3 grid gap-2 sm:grid-cols-2">
          {frontmatter.objectives.map((objective) => (
            <li key={objective} className="flex gap-2 text-[0.95rem] leading-snug text-slate-700 dark:text-slate-200">
              <CheckIcon className="mt-0.5 shrink-0 text-brand-600 dark:text-brand-400" />
              {objective}
            </li>
          ))}
        </ul>
      </section>
    </header>
  );
}
