"use client";

import "@xterm/xterm/css/xterm.css";
import { useCallback, useEffect, useRef, useState } from "react";
import type { KeyboardEvent, PointerEvent, ReactNode } from "react";
import { WORKBENCH_MARKER } from "../../_lib/workbench-events";
import { TerminalIcon } from "../ui/icons";
import { markStep } from "./marks";
import { DESKTOP, OPEN_KEY } from "./session/early-sandbox-request";
import { startSandboxEarly } from "./session/early-start";
import { loadTerminalKit } from "./terminals/kit/load-kit";
import { Workbench } from "./workbench";
import { DEFAULT_SPLIT } from "./workbench-geometry";

// The page's scripts run: the sandbox and xterm.js are asked for now, while React hydrates.
if (startSandboxEarly()) loadTerminalKit().catch(() => undefined);

const SPLIT_KEY = "quai:workbench-split";
const MIN_SPLIT = 0.3;
const MAX_SPLIT = 0.72;

const clamp = (x: number) => Math.min(MAX_SPLIT, Math.max(MIN_SPLIT, x));

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // private mode: remembered for this page only
  }
}

/**
 * The lesson and the workbench. From 1024 px: side by side, split by a
 * draggable (and keyboard-movable) divider, the workbench sticky beside the
 * scrolling lesson; it can be hidden. Below: the lesson alone, the workbench
 * a sheet that slides up from a bar at the bottom.
 */
export function WorkbenchLayout({ chapter, children }: { chapter: string; children: ReactNode }) {
  const layout = useRef<HTMLDivElement>(null);
  const [split, setSplit] = useState(DEFAULT_SPLIT);
  const [desktopOpen, setDesktopOpen] = useState(true);
  const [phoneOpen, setPhoneOpen] = useState(false);
  const [desktop, setDesktop] = useState<boolean | null>(null);

  useEffect(() => {
    markStep("hydrated");
    const saved = Number(stored(SPLIT_KEY));
    if (saved) setSplit(clamp(saved));
    if (stored(OPEN_KEY) === "false") setDesktopOpen(false);
    const query = matchMedia(DESKTOP);
    setDesktop(query.matches);
    const onChange = () => setDesktop(query.matches);
    query.addEventListener("change", onChange);
    return () => query.removeEventListener("change", onChange);
  }, []);

  const visible = desktop === null ? false : desktop ? desktopOpen : phoneOpen;

  const setOpen = useCallback(
    (open: boolean) => {
      if (desktop) {
        setDesktopOpen(open);
        store(OPEN_KEY, String(open));
      } else {
        setPhoneOpen(open);
      }
    },
    [desktop],
  );
  const reveal = useCallback(() => setOpen(true), [setOpen]);
  const hide = useCallback(() => setOpen(false), [setOpen]);

  function drag(event: PointerEvent<HTMLDivElement>) {
    const el = layout.current;
    if (!el || !event.currentTarget.hasPointerCapture(event.pointerId)) return;
    const box = el.getBoundingClientRect();
    const next = clamp((event.clientX - box.left) / box.width);
    el.style.setProperty("--lesson", `${next * 100}%`);
  }
  function endDrag(event: PointerEvent<HTMLDivElement>) {
    const el = layout.current;
    if (!el) return;
    const box = el.getBoundingClientRect();
    const next = clamp((event.clientX - box.left) / box.width);
    setSplit(next);
    store(SPLIT_KEY, next.toFixed(3));
  }
  function nudge(event: KeyboardEvent<HTMLDivElement>) {
    const step = event.key === "ArrowLeft" ? -0.03 : event.key === "ArrowRight" ? 0.03 : 0;
    if (!step) return;
    event.preventDefault();
    const next = clamp(split + step);
    setSplit(next);
    store(SPLIT_KEY, next.toFixed(3));
  }

  return (
    <div ref={layout} className={`wb-layout ${desktopOpen ? "" : "wb-closed"}`} style={{ ["--lesson" as string]: `${split * 100}%` }}>
      <div className="min-w-0 max-lg:pb-14">{children}</div>

      <div
        className="wb-divider"
        role="separator"
        aria-orientation="vertical"
        aria-label="Largeur de la leçon et de l'atelier"
        aria-valuemin={MIN_SPLIT * 100}
        aria-valuemax={MAX_SPLIT * 100}
        aria-valuenow={Math.round(split * 100)}
        tabIndex={0}
        onPointerDown={(e) => e.currentTarget.setPointerCapture(e.pointerId)}
        onPointerMove={drag}
        onPointerUp={endDrag}
        onDoubleClick={() => (setSplit(DEFAULT_SPLIT), store(SPLIT_KEY, String(DEFAULT_SPLIT)))}
        onKeyDown={nudge}
      />

      <aside className={`wb-aside ${phoneOpen ? "wb-phone-open" : ""}`} {...{ [WORKBENCH_MARKER]: "" }}>
        <Workbench chapter={chapter} visible={visible} onReveal={reveal} onHide={hide} />
      </aside>

      {!phoneOpen && (
        <button type="button" className="wb-dock" onClick={() => setPhoneOpen(true)}>
          <TerminalIcon className="text-brand-300" />
          <span className="font-semibold">Ouvrir l&apos;atelier</span>
          <span className="truncate text-slate-400">terminal, éditeur, aperçu</span>
        </button>
      )}
      {!desktopOpen && (
        <button type="button" className="wb-reopen" onClick={reveal}>
          <TerminalIcon />
          Atelier
        </button>
      )}
    </div>
  );
}
