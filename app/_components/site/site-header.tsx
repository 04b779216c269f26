import Link from "next/link";
import { SearchBox } from "../search/search-box";
import { AnchorIcon } from "../ui/icons";
import { ThemeToggle } from "./theme-toggle";

/** The sticky top bar: brand, course search, theme. */
export function SiteHeader({ courseTitle }: { courseTitle: string }) {
  return (
    <header className="sticky top-0 z-40 border-b border-slate-200/80 bg-white/85 backdrop-blur supports-[backdrop-filter]:bg-white/70 dark:border-slate-800 dark:bg-slate-950/85 dark:supports-[backdrop-filter]:bg-slate-950/70">
      <div className="mx-auto flex h-14 max-w-[90rem] items-center gap-3 px-4 sm:px-6">
        <Link href="/" className="flex shrink-0 items-center gap-2 rounded-md font-semibold tracking-tight text-slate-900 dark:text-white" aria-label="Quai, accueil du cours">
          <span className="grid size-8 place-items-center rounded-lg bg-brand-600 text-lg text-white shadow-sm shadow-brand-900/20">
            <AnchorIcon />
          </span>
          <span className="text-[1.05rem]">Quai</span>
        </Link>
        <span className="hidden truncate border-l border-slate-200 pl-3 text-sm text-slate-500 md:block dark:border-slate-800 dark:text-slate-400">{courseTitle}</span>
        <div className="ml-auto flex min-w-0 flex-1 items-center justify-end gap-2">
          <SearchBox />
          <ThemeToggle />
        </div>
      </div>
    </header>
  );
}
