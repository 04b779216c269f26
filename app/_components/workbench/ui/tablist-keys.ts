import type { KeyboardEvent } from "react";

/**
 * The WAI-ARIA tabs pattern's keys on a tablist: ← → (and Home, End) move
 * to the previous, next, first or last tab, which is shown at once
 * (automatic activation) and focused; only the selected tab is in the Tab
 * order (its `tabIndex` is 0, the others' -1).
 */
export function onTablistKeyDown<T extends string>(event: KeyboardEvent<HTMLElement>, ids: readonly T[], selected: T, select: (id: T) => void): void {
  const at = ids.indexOf(selected);
  const next =
    event.key === "ArrowRight" ? (at + 1) % ids.length
    : event.key === "ArrowLeft" ? (at - 1 + ids.length) % ids.length
    : event.key === "Home" ? 0
    : event.key === "End" ? ids.length - 1
    : -1;
  if (next < 0 || ids.length === 0) return;
  event.preventDefault();
  const id = ids[next]!;
  select(id);
  // The tab's element is found by its data-tab attribute, in this tablist.
  const tab = event.currentTarget.querySelector<HTMLElement>(`[role="tab"][data-tab="${CSS.escape(id)}"]`);
  tab?.focus();
}
