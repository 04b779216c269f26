/**
 * Window events between the lesson and the workbench (terminal, editor). The lesson dispatches them cancelable; a listener that handles
 * one calls preventDefault(), so the lesson knows whether anyone did.
 */
export const RUN_COMMAND_EVENT = "quai:run-command";
export const OPEN_FILE_EVENT = "quai:open-file";
export const TOAST_EVENT = "quai:toast";
/** A new sandbox for the learner (their last one expired): the workbench shows itself and starts one. */
export const RENEW_SANDBOX_EVENT = "quai:renew-sandbox";
/** The page's first terminal is there (its prompt, or a shell that already ran): what waited for it may load. */
export const FIRST_TERMINAL_READY_EVENT = "quai:first-terminal-ready";

export interface RunCommandDetail {
  command: string;
}

export interface OpenFileDetail {
  /** Relative to the chapter folder, as in `file=` (e.g. "site/Dockerfile"). */
  path: string;
  content: string;
  /** Chapter slug: the file lives in /root/<chapter>/<path> in the sandbox. */
  chapter: string;
}

export interface ToastDetail {
  message: string;
}

/** Dispatches a cancelable event; true when a listener handled it (called preventDefault). */
export function dispatchHandled<T>(name: string, detail: T): boolean {
  return !window.dispatchEvent(new CustomEvent<T>(name, { detail, cancelable: true }));
}

/** On the element that holds the workbench, in the server's HTML: the page has one, mounted or not yet. */
export const WORKBENCH_MARKER = "data-quai-workbench";

/** What the lesson sent while the workbench was still loading (a click during the page's first second). */
const early: Array<{ name: string; detail: unknown }> = [];

/**
 * Sends an event to the workbench. Until the workbench listens (its code is
 * still loading), the event is kept for it (`takeEarly`), so a ▶ Exécuter
 * clicked at once is not lost. False only when the page has no workbench.
 */
export function sendToWorkbench<T>(name: string, detail: T): boolean {
  if (dispatchHandled(name, detail)) return true;
  if (!document.querySelector(`[${WORKBENCH_MARKER}]`)) return false;
  early.push({ name, detail });
  return true;
}

/** For the workbench, once it listens: the events sent before, in order, each once. */
export function takeEarly(): Array<{ name: string; detail: unknown }> {
  return early.splice(0);
}

export function showToast(message: string): void {
  window.dispatchEvent(new CustomEvent<ToastDetail>(TOAST_EVENT, { detail: { message } }));
}
