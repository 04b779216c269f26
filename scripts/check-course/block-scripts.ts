/**
 * The bash that the in-order proof sends to the sandbox for one `sh` block of
 * the course, so that it runs as it does in the learner's terminal: every
 * line runs (a failing line does not stop the next one), the working
 * directory carries over from one block to the next, and the block's status
 * says whether any command failed.
 */

/** Where the proof keeps the terminal's working directory between blocks. */
export const CWD_FILE = "/tmp/.quai-proof-cwd";

/** How long a tty block may take once its keys are typed (a pull can come first). */
export const TTY_TIMEOUT_S = 180;
/** Pause before typing into an interactive program, and between lines and keys. */
const FIRST_PAUSE_S = 2;
const KEY_PAUSE_S = 1;

const restoreCwd = (cwdFile: string) => `cd "$(cat ${cwdFile} 2>/dev/null || echo /root)" 2>/dev/null || cd /root`;

/** A plain block: all lines run; exit 1 when any command failed (bash's ERR trap). */
export function plainBlockScript(code: string, cwdFile = CWD_FILE): string {
  return [
    restoreCwd(cwdFile),
    "__quai_failed=0",
    "trap '__quai_failed=1' ERR",
    code,
    "trap - ERR",
    `pwd > ${cwdFile}`,
    'exit "$__quai_failed"',
  ].join("\n");
}

/** The bytes a key name stands for in a terminal: ctrl-p is 0x10, enter is a carriage return. */
export function keyBytes(key: string): string {
  const ctrl = /^ctrl-([a-z])$/.exec(key);
  if (ctrl) return String.fromCharCode(ctrl[1]!.charCodeAt(0) - 96);
  if (key === "enter") return "\r";
  return key;
}

/** printf's octal escape for each byte, so any key survives the trip through bash. */
function printfEscaped(text: string): string {
  return [...Buffer.from(text, "utf8")].map((b) => `\\${b.toString(8).padStart(3, "0")}`).join("");
}

/**
 * A tty block: the command runs in a pseudo-terminal (util-linux `script`), and
 * what the learner types follows with short pauses: each line of the `inside`
 * blocks (then Enter), then the keys that leave the program. The status is the
 * program's, except that a program left with Ctrl+C may end with 130.
 */
export function ttyBlockScript(code: string, typedLines: string[], keys: string[], cwdFile = CWD_FILE): string {
  const typing = [
    `sleep ${FIRST_PAUSE_S}`,
    ...typedLines.flatMap((line) => [`printf '${printfEscaped(`${line}\r`)}'`, `sleep ${KEY_PAUSE_S}`]),
    ...keys.flatMap((key) => [`printf '${printfEscaped(keyBytes(key))}'`, `sleep ${KEY_PAUSE_S}`]),
  ].join("; ");
  const interrupted = keys.includes("ctrl-c");
  return [
    restoreCwd(cwdFile),
    `__quai_cmd=${shellQuote(code)}`,
    `( ${typing} ) | SHELL=/bin/bash timeout ${TTY_TIMEOUT_S} script -qefc "$__quai_cmd" /dev/null`,
    "__quai_status=$?",
    interrupted ? '[ "$__quai_status" = 130 ] && __quai_status=0' : ":",
    `pwd > ${cwdFile}`,
    'exit "$__quai_status"',
  ].join("\n");
}

export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
