import type { Code } from "mdast";
import type { TransformContext } from "../context";
import { exerciseBlock } from "./exercise";
import { quizBlock } from "./quiz";
import type { Block } from "./types";

export const SHELL_LANGS = new Set(["sh", "bash", "shell"]);

/**
 * Languages a fenced block may show as is. A closed list on purpose: a typo
 * (`exercice`, `quizz`, `dockefile`) must fail the build, not render as code.
 */
export const DISPLAY_LANGS = new Set([
  "text", "console", "dockerfile", "yaml", "yml", "json", "ini", "toml", "properties", "env",
  "html", "css", "javascript", "js", "typescript", "ts", "go", "java", "python", "py", "c",
  "xml", "nginx", "conf", "sql", "diff", "makefile", "markdown", "md", "powershell", "bat",
]);

const FILE_PATH = /^(?!\/)(?![A-Za-z]:)[^\s\\]+$/;

/** A key the in-order proof can type after a `tty` block: a control key, Enter, or a word. */
const KEY = /^(?:ctrl-[a-z]|enter|[A-Za-z0-9._-]+)$/;

interface Meta {
  norun: boolean;
  file: string | undefined;
  fails: boolean;
  tty: boolean;
  keys: string[] | undefined;
  /** keys= was written, even if invalid (reported once, not again as missing). */
  keysGiven: boolean;
  inside: boolean;
  example: boolean;
}

/** Turns a fenced code block into a command, file, plain code, exercise or quiz block. */
export function codeBlock(node: Code, line: number, ctx: TransformContext): Block | undefined {
  const lang = node.lang ?? "";
  const options = parseMeta(node.meta ?? "", line, ctx);
  if (lang === "") {
    ctx.sink.add(line, "code block without a language: use ```sh for commands, ```text for output, or the file's language");
    return undefined;
  }
  if (lang === "exercise" || lang === "quiz") {
    if ((node.meta ?? "").trim() !== "") ctx.sink.add(line, `${lang} blocks take no options (found "${node.meta}")`);
    return lang === "exercise" ? exerciseBlock(node, line, ctx) : quizBlock(node, line, ctx);
  }
  const shell = SHELL_LANGS.has(lang);
  if (!shell && !DISPLAY_LANGS.has(lang)) {
    ctx.sink.add(line, `unknown code block kind "${lang}" (use sh, text, exercise, quiz, or a language such as dockerfile, yaml, html, go, java)`);
    return undefined;
  }
  const shellOnly = (["fails", "tty", "inside"] as const).filter((o) => options[o]);
  if (options.file !== undefined) {
    if (options.norun) ctx.sink.add(line, "norun has no meaning on a file= block (file blocks are never run)");
    for (const o of shellOnly) ctx.sink.add(line, `${o} has no meaning on a file= block (file blocks are never run)`);
    const path = checkFilePath(options.file, line, ctx);
    if (path === undefined) return undefined;
    return { kind: "file", line, lang, path, code: node.value, editable: ctx.sandbox };
  }
  if (shell) return commandBlock(node, line, lang, options, ctx);
  if (options.norun) ctx.sink.add(line, `norun only applies to sh blocks (this block is "${lang}", which is never run)`);
  for (const o of shellOnly) ctx.sink.add(line, `${o} only applies to sh blocks (this block is "${lang}", which is never run)`);
  if (options.keysGiven) ctx.sink.add(line, `keys= only applies to sh blocks marked tty`);
  if (options.example && lang !== "text" && lang !== "console") ctx.sink.add(line, `example only applies to output blocks (text, console)`);
  return { kind: "code", line, lang, code: node.value, example: options.example };
}

function commandBlock(node: Code, line: number, lang: string, options: Meta, ctx: TransformContext): Block {
  if (node.value.trim() === "") ctx.sink.add(line, "empty sh block");
  if (options.example) ctx.sink.add(line, "example only applies to output blocks (text, console); a command the learner must not run is norun");
  const runnable = ctx.sandbox && !options.norun;
  if (options.norun || !ctx.sandbox) {
    const why = options.norun ? "a norun block is never run" : "this chapter has sandbox: false, so nothing is run";
    for (const o of ["fails", "tty", "inside"] as const) if (options[o]) ctx.sink.add(line, `${o} has no meaning here: ${why}`);
  }
  if (options.tty && options.inside) ctx.sink.add(line, "a block is either tty (it opens an interactive program) or inside (it is typed into one), not both");
  if (options.tty && !options.keysGiven) ctx.sink.add(line, "a tty block needs keys=… to say how the learner leaves it (for example keys=exit,enter or keys=ctrl-p,ctrl-q)");
  if (!options.tty && options.keysGiven) ctx.sink.add(line, "keys= only applies to a block marked tty");
  if (options.inside && !ctx.ttyOpen) ctx.sink.add(line, "an inside block must follow a tty block (it is typed into the program that block opened)");
  if (options.inside && options.fails) ctx.sink.add(line, "fails has no meaning on an inside block (it is typed into the previous tty block)");
  if (runnable) ctx.ttyOpen = options.tty || (options.inside && ctx.ttyOpen === true);
  return {
    kind: "command",
    line,
    lang,
    code: node.value,
    runnable,
    expect: options.fails ? "failure" : "success",
    tty: options.tty && options.keys ? { keys: options.keys } : undefined,
    inside: options.inside,
  };
}

function parseMeta(meta: string, line: number, ctx: TransformContext): Meta {
  const found: Meta = { norun: false, file: undefined, fails: false, tty: false, keys: undefined, keysGiven: false, inside: false, example: false };
  for (const token of meta.split(/\s+/).filter(Boolean)) {
    if (token === "norun" || token === "fails" || token === "tty" || token === "inside" || token === "example") found[token] = true;
    else if (token.startsWith("file=")) found.file = token.slice(5).replace(/^"(.*)"$/, "$1");
    else if (token.startsWith("keys=")) {
      found.keysGiven = true;
      const keys = token.slice(5).split(",");
      const bad = keys.filter((k) => !KEY.test(k));
      if (bad.length > 0 || keys.length === 0) ctx.sink.add(line, `keys="${token.slice(5)}": expected keys separated by commas, each ctrl-<letter>, enter, or a word to type (for example keys=exit,enter)`);
      else found.keys = keys;
    } else ctx.sink.add(line, `unknown code block option "${token}" (known: norun, fails, tty, keys=…, inside, example, file=<relative path>)`);
  }
  return found;
}
function checkFilePath(path: string, line: number, ctx: TransformContext): string | undefined {
  const segments = path.split("/");
  if (path === "" || !FILE_PATH.test(path)) {
    ctx.sink.add(line, `file="${path}": expected a relative path such as Dockerfile or site/index.html (no leading /, no spaces, no backslashes)`);
    return undefined;
  }
  if (segments.some((s) => s === ".." || s === "." || s === "")) {
    ctx.sink.add(line, `file="${path}": the path must stay inside the chapter folder (no "..", ".", or empty segments)`);
    return undefined;
  }
  return path;
}
