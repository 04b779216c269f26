"use client";

import { useEffect, useRef } from "react";

/** The workbench's root element carries this attribute: focus inside it may be moved to an overlay. */
export const WORKBENCH_ROOT = "data-workbench-root";

/**
 * Moves the keyboard focus to an overlay's button when the overlay appears
 * (`shown` turns true), after `delayMs` if it is still shown — but only if
 * the focus was in the workbench or nowhere: a learner reading or typing in
 * the lesson is not pulled away (the button is then the next Tab stop of the
 * workbench, see the panels' `inert`).
 */
export function useFocusWhenShown<T extends HTMLElement>(shown: boolean, delayMs = 0) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (!shown) return;
    const timer = setTimeout(() => {
      const target = ref.current;
      if (!target) return;
      const active = document.activeElement;
      const root = target.closest(`[${WORKBENCH_ROOT}]`);
      if (active === null || active === document.body || (root !== null && root.contains(active))) target.focus();
    }, delayMs);
    return () => clearTimeout(timer);
  }, [shown, delayMs]);
  return ref;
}
