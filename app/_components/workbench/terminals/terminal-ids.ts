/**
 * Which terminals a chapter's workbench shows, kept in localStorage so a
 * reload reattaches to the same shells (the runner keeps a shell without
 * viewer for QUAI_TERMINAL_GRACE_S). Ids follow the runner's rule
 * `[a-z0-9-]{1,36}`: `<chapter>-<n>`.
 */
export interface TerminalList {
  ids: string[];
  active: string;
  /** Next number to hand out; never reused, so a closed terminal's late shell is not picked up again. */
  next: number;
}

const ID = /^[a-z0-9-]{1,36}$/;

export function terminalPrefix(chapter: string): string {
  return chapter.toLowerCase().replace(/[^a-z0-9-]/g, "-").slice(0, 28).replace(/-+$/, "") || "t";
}

export function storageKey(chapter: string): string {
  return `quai:terminals:${chapter}`;
}

export function initialList(chapter: string): TerminalList {
  const first = `${terminalPrefix(chapter)}-1`;
  return { ids: [first], active: first, next: 2 };
}

/** Parses what localStorage held; anything odd gives the initial list. */
export function parseList(chapter: string, stored: string | null): TerminalList {
  if (!stored) return initialList(chapter);
  try {
    const value = JSON.parse(stored) as Partial<TerminalList>;
    const ids = Array.isArray(value.ids) ? value.ids.filter((id): id is string => typeof id === "string" && ID.test(id)).slice(0, 8) : [];
    if (ids.length === 0) return initialList(chapter);
    const active = typeof value.active === "string" && ids.includes(value.active) ? value.active : ids[0]!;
    const highest = Math.max(...ids.map((id) => Number(id.slice(id.lastIndexOf("-") + 1)) || 0));
    const next = Math.max(highest + 1, Number.isInteger(value.next) ? (value.next as number) : 1);
    return { ids, active, next };
  } catch {
    return initialList(chapter);
  }
}

export function addTerminal(chapter: string, list: TerminalList): TerminalList {
  const id = `${terminalPrefix(chapter)}-${list.next}`;
  return { ids: [...list.ids, id], active: id, next: list.next + 1 };
}

export function removeTerminal(chapter: string, list: TerminalList, id: string): TerminalList {
  const ids = list.ids.filter((x) => x !== id);
  if (ids.length === 0) return addTerminal(chapter, { ...list, ids: [] });
  const index = list.ids.indexOf(id);
  const active = list.active === id ? ids[Math.max(0, index - 1)]! : list.active;
  return { ids, active, next: list.next };
}

/** The learner-facing name: « Terminal 1 », « Terminal 2 »… */
export function terminalLabel(id: string): string {
  return `Terminal ${id.slice(id.lastIndexOf("-") + 1)}`;
}
