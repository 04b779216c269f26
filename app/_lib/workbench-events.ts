/**
 * Window events between the lesson and the workbench (terminal, editor). The lesson dispatches them cancelable; a listener that handles
 * one calls preventDefault(), so the lesson knows whether anyone did.
 */
export const RUN_COMMAND_EVENT = "quai:run-command";
export const OPEN_FILE_EVENT = "quai:open-file";
export const TOAST_EVENT = "quai:toast";

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

export function showToast(message: string): void {
  window.dispatchEvent(new CustomEvent<ToastDetail>(TOAST_EVENT, { detail: { message } }));
}
