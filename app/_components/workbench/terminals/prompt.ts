/**
 * A shell waiting at its prompt: `root@quai:~# ` (or `$ `) at the very end of
 * the output, possibly followed by escape sequences (bracketed paste on,
 * colour resets).
 */
// eslint-disable-next-line no-control-regex -- a prompt may end with escape sequences
export const PROMPT_AT_END = /[#$] (?:\x1b\[[0-9;?]*[A-Za-z])*$/;

/** Longest a fresh shell may take to print its first prompt before typed input is let through anyway. */
export const FIRST_PROMPT_TIMEOUT_MS = 4000;
