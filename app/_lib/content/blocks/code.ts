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

/** Turns a fenced code block into a command, file, plain code, exercise or quiz block. */
export function codeBlock(node: Code, line: number, ctx: TransformContext): Block | undefined {
  const lang = node.lang ?? "";
  const options = parseMeta(node.meta ?? "", line, ctx);
  if (lang === "") {
    ctx.sink.add(line, "code block without a language: use ```sh for commands, ```text for output, or the file's language");
    return undefined;
  }
  if (lang === "exercise" || lang === "quiz") {
    if (options.norun || options.file !== undefined) ctx.sink.add(line, `${lang} blocks take no options (found "${node.meta}")`);
    return lang === "exercise" ? exerciseBlock(node, line, ctx) : quizBlock(node, line, ctx);
  }
  const shell = SHELL_LANGS.has(lang);
  if (!shell && !DISPLAY_LANGS.has(lang)) {
    ctx.sink.add(line, `unknown code block kind "${lang}" (use sh, text, exercise, quiz, or a language such as dockerfile, yaml, html, go, java)`);
    return undefined;
  }
  if (options.file !== undefined) {
    if (options.norun) ctx.sink.add(line, "norun has no meaning on a file= block (file blocks are never run)");
    const path = checkFilePath(options.file, line, ctx);
    if (path === undefined) return undefined;
    return { kind: "file", line, lang, path, code: node.value, editable: ctx.sandbox };
  }
  if (shell) {
    if (node.value.trim() === "") ctx.sink.add(line, "empty sh block");
    return { kind: "command", line, lang, code: node.value, runnable: ctx.sandbox && !options.norun };
  }
  if (options.norun) ctx.sink.add(line, `norun only applies to sh blocks (this block is "${lang}", which is never run)`);
  return { kind: "code", line, lang, code: node.value };
}

function parseMeta(meta: string, line: number, ctx: TransformContext): { norun: boolean; file: string | undefined } {
  let norun = false;
  let file: string | undefined;
  for (const token of meta.split(/\s+/).filter(Boolean)) {
    if (token === "norun") norun = true;
    else if (token.startsWith("file=")) file = token.slice(5).replace(/^"(.*)"$/, "$1");
    else ctx.sink.add(line, `unknown code block option "${token}" (known: norun, file=<relative path>)`);
  }
  return { norun, file };
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
