import type { Heading } from "../../_lib/content";

/** « Sur cette page »: the chapter's sections, on wide screens. */
export function TableOfContents({ headings }: { headings: Heading[] }) {
  if (headings.length === 0) return null;
  return (
    <nav aria-label="Sur cette page" className="text-sm">
      <p className="text-[0.7rem] font-semibold uppercase tracking-[0.08em] text-slate-500 dark:text-slate-400">Sur cette page</p>
      <ul className="mt-3 space-y-2 border-l border-slate-200 dark:border-slate-800">
        {headings.map((heading) => (
          <li key={heading.id}>
            <a href={`#${heading.id}`} className="-ml-px block border-l border-transparent pl-3 leading-snug text-slate-500 hover:border-slate-400 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white">
              {heading.text}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
