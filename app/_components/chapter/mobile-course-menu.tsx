import type { ReactNode } from "react";
import { MenuIcon } from "../ui/icons";

/** On phones and tablets the sidebar folds into this menu (a <details>: no JavaScript). */
export function MobileCourseMenu({ label, children }: { label: string; children: ReactNode }) {
  return (
    <details className="mobile-menu -mx-4 border-b border-slate-200 sm:-mx-8 lg:hidden dark:border-slate-800">
      <summary className="flex cursor-pointer items-center gap-2 px-4 py-3 text-sm sm:px-8">
        <MenuIcon className="shrink-0 text-slate-500" />
        <span className="font-medium text-slate-500 dark:text-slate-400">Sommaire</span>
        <span className="truncate text-slate-900 dark:text-white">{label}</span>
      </summary>
      <div className="max-h-[70vh] overflow-y-auto px-1 pt-2 pb-5 sm:px-5">{children}</div>
    </details>
  );
}
