"use client";

import { useSyncExternalStore } from "react";

const never = () => () => undefined;

/**
 * False in the server's HTML and while React hydrates it, true once the
 * page's handlers are there. A form's submit button is disabled until then:
 * clicked before, the browser sent the form as a plain page load, which
 * reloaded the page and lost what was typed (e2e/workshop.test.ts, a learner
 * joining on a busy machine). A disabled default button also stops Enter from
 * sending the form.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
