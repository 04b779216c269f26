// node scripts/lib/log-tee.mjs FILE LABEL — used by `npm start`: every line of
// a Quai process (stdin) goes to FILE, a log rotated at 10 MiB (one old copy,
// FILE.1); the console shows only what a person should read: the runner's
// warnings and errors (its JSON log lines, pino levels ≥ 40) as one short
// line each, and the site's own messages. Under systemd this is not used:
// the journal keeps the JSON lines as they are.
import { closeSync, existsSync, openSync, renameSync, statSync, writeSync } from "node:fs";
import { createInterface } from "node:readline";

const [file, label] = process.argv.slice(2);
if (!file || !label) {
  console.error("usage: log-tee.mjs FILE LABEL");
  process.exit(2);
}

// 10 MiB keeps days of a classroom's logs; two files bound the disk used to 20 MiB.
const ROTATE_AT = 10 * 1024 * 1024;
const WARN = 40;
// Start-up chatter of the site (its own "ready" line, Next's banner): the
// console says « Quai est prêt » itself.
const QUIET = /^(\s*$|site: ready|\s*[✓▲] )/u;
const ERROR = 50;
const color = process.stderr.isTTY ? (code, text) => `\x1b[${code}m${text}\x1b[0m` : (_code, text) => text;

let fd = open();
let size = statSync(file).size;

function open() {
  if (existsSync(file) && statSync(file).size >= ROTATE_AT) renameSync(file, `${file}.1`);
  return openSync(file, "a", 0o600);
}

function write(line) {
  const bytes = Buffer.from(`${line}\n`);
  writeSync(fd, bytes);
  size += bytes.length;
  if (size >= ROTATE_AT) {
    closeSync(fd);
    fd = open();
    size = 0;
  }
}

/** What the console shows for one line, or undefined to keep it for the file only. */
function forConsole(line) {
  if (!line.startsWith("{")) return QUIET.test(line) ? undefined : `  ${label} │ ${line}`;
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return `  ${label} │ ${line}`;
  }
  if (typeof entry.level !== "number" || entry.level < WARN) return undefined;
  const message = [entry.msg, entry.err?.message].filter(Boolean).join(" : ");
  return entry.level >= ERROR ? color("31", `✗ ${label} : ${message}`) : color("33", `⚠ ${label} : ${message}`);
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
  write(line);
  const shown = forConsole(line);
  if (shown !== undefined) process.stderr.write(`${shown}\n`);
});
lines.on("close", () => closeSync(fd));
