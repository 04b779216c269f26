import Link from "next/link";
import type { Course } from "../../_lib/content";
import { exercisesOf } from "../../_lib/content";
import { ChapterDoneMark } from "../progress/chapter-progress";

/** Parts and chapters, the current one highlighted (sidebar, and the phone menu). */
export function CourseNav({ course, current }: { course: Course; current?: string }) {
  return (
    <nav aria-label="Chapitres du cours" className="text-sm">
      <ol className="space-y-6">
        {course.parts.map((part, partIndex) => (
          <li key={part.title}>
            <p className="px-3 text-[0.7rem] font-semibold uppercase tracking-[0.08em] text-slate-500 dark:text-slate-400">
              Partie {partIndex + 1} · {part.title}
            </p>
            <ol className="mt-2 space-y-0.5">
              {part.chapters.map((chapter) => {
                const active = chapter.slug === current;
                return (
                  <li key={chapter.slug}>
                    <Link
                      href={`/cours/${chapter.slug}`}
                      aria-current={active ? "page" : undefined}
                      className={`flex items-center gap-2.5 rounded-lg px-3 py-1.5 transition-colors ${
                        active
                          ? "bg-brand-50 font-semibold text-brand-800 dark:bg-brand-500/10 dark:text-brand-200"
                          : "text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-400 dark:hover:bg-slate-800/60 dark:hover:text-white"
                      }`}
                    >
                      <span className={`w-5 shrink-0 text-right text-xs tabular-nums ${active ? "text-brand-600 dark:text-brand-300" : "text-slate-400 dark:text-slate-500"}`}>{chapter.number}</span>
                      <span className="min-w-0">{chapter.frontmatter.title}</span>
                      <ChapterDoneMark exerciseIds={exercisesOf(chapter).map((b) => b.exercise.id)} />
                    </Link>
                  </li>
                );
              })}
            </ol>
          </li>
        ))}
      </ol>
    </nav>
  );
}
