"use client";

import { MoonIcon, SunIcon } from "../ui/icons";
import { THEME_STORAGE_KEY } from "./theme-script";

/** Switches light/dark and remembers the choice; both icons render, CSS shows the right one (no hydration mismatch). */
export function ThemeToggle() {
  function toggle() {
    const root = document.documentElement;
    const dark = !root.classList.contains("dark");
    root.classList.toggle("dark", dark);
    root.style.colorScheme = dark ? "dark" : "light";
    try {
      localStorage.setItem(THEME_STORAGE_KEY, dark ? "dark" : "light");
    } catch {
      // private mode: the choice lasts for this page only
    }
  }
  return (
    <button type="button" onClick={toggle} className="icon-btn" aria-label="Basculer entre thème clair et thème sombre" title="Thème clair / sombre">
      <MoonIcon className="dark:hidden" />
      <SunIcon className="hidden dark:block" />
    </button>
  );
}
