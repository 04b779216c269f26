import Link from "next/link";
import type { CourseChapter } from "../../_lib/content";
import { ArrowLeftIcon, ArrowRightIcon } from "../ui/icons";

/** Previous / next chapter, at the end of the lesson. */
export function ChapterPager({ previous, next }: { previous: CourseChapter | undefined; next: CourseChapter | undefined }) {
  return (
    <nav aria-label="Chapitre précédent et suivant" className="mt-16 grid gap-4 border-t border-slate-200 pt-8 sm:grid-cols-2 dark:border-slate-800">
      {previous ? (
        <Link href={`/cours/${previous.slug}`} className="pager-link">
          <span className="flex items-center gap-1.5 text-xs font-medium text-slate-500 dark:text-slate-400">
            <ArrowLeftIcon /> Chapitre précédent
          </span>
          <span className="mt-1 block font-semibold text-slate-900 dark:text-white">
            {previous.number}. {previous.frontmatter.title}
          </span>
        </Link>
      ) : (
        <span />
      )}
      {next ? (
        <Link href={`/cours/${next.slug}`} className="pager-link sm:text-right">
          <span className="flex items-center gap-1.5 text-xs font-medium text-slate-500 sm:justify-end dark:text-slate-400">
            Chapitre suivant <ArrowRightIcon />
          </span>
          <span className="mt-1 block font-semibold text-slate-900 dark:text-white">
            {next.number}. {next.frontmatter.title}
          </span>
        </Link>
      ) : (
        <Link href="/" className="pager-link sm:text-right">
          <span className="text-xs font-medium text-slate-500 dark:text-slate-400">Fin du cours</span>
          <span className="mt-1 block font-semibold text-slate-900 dark:text-white">Retour au plan</span>
        </Link>
      )}
    </nav>
  );
}
