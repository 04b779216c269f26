/**
 * Runs in <head> before the first paint: applies the saved theme, or the
 * system's, so a dark page never flashes white.
 */
export const THEME_STORAGE_KEY = "quai-theme";

export const themeScript = `(function(){try{var t=localStorage.getItem("${THEME_STORAGE_KEY}");var d=t==="dark"||(t!=="light"&&window.matchMedia("(prefers-color-scheme: dark)").matches);var e=document.documentElement;e.classList.toggle("dark",d);e.style.colorScheme=d?"dark":"light"}catch(_){}})()`;
