import type { ReactNode } from "react";
import { MenuIcon } from "../ui/icons";

/**
 * On phones and tablets the sidebar folds into this menu (a <details>: no
 * JavaScript). Chapters with a workbench have no sidebar: the menu shows at
 * every width (`always`).
 */
export function MobileCourseMenu({ label, children, always = false }: { label: string; children: ReactNode; always?: boolean }) {
  return (
    <details className={`mobile-menu -mx-4 border-b border-slate-200 sm:-mx-8 dark:border-slate-800 ${always ? "lg:-mx-10" : "lg:hidden"}`}>
      <summary className={`flex cursor-pointer items-center gap-2 px-4 py-3 text-sm sm:px-8 ${always ? "lg:px-10" : ""}`}>
        <MenuIcon className="shrink-0 text-slate-500" />
        <span className="font-medium text-slate-500 dark:text-slate-400">Sommaire</span>
        <span className="truncate text-slate-900 dark:text-white">{label}</span>
      </summary>
      <div className="max-h-[70vh] overflow-y-auto px-1 pt-2 pb-5 sm:px-5">{children}</div>
    </details>
  );
}
