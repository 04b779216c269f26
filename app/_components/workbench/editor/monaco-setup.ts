/**
 * Monaco, bundled with the site: no CDN (classrooms are offline). The editor
 * core, its usual features, the languages of the course's files, and the
 * one web worker the basic languages need. Imported only by the lazy editor.
 */
import { loader } from "@monaco-editor/react";
import * as monaco from "monaco-editor/editor/editor.api.js";
import "monaco-editor/features/register.all.js";
import "monaco-editor/languages/definitions/dockerfile/register.js";
import "monaco-editor/languages/definitions/html/register.js";
import "monaco-editor/languages/definitions/css/register.js";
import "monaco-editor/languages/definitions/javascript/register.js";
import "monaco-editor/languages/definitions/go/register.js";
import "monaco-editor/languages/definitions/java/register.js";
import "monaco-editor/languages/definitions/python/register.js";
import "monaco-editor/languages/definitions/shell/register.js";
import "monaco-editor/languages/definitions/yaml/register.js";
import "monaco-editor/languages/definitions/ini/register.js";
import "monaco-editor/languages/definitions/markdown/register.js";

type WithEnvironment = typeof globalThis & { MonacoEnvironment?: monaco.Environment };

(globalThis as WithEnvironment).MonacoEnvironment = {
  getWorker: () => new Worker(new URL("monaco-editor/editor/editor.worker.js", import.meta.url), { type: "module", name: "monaco-editor" }),
};

monaco.editor.defineTheme("quai-dark", {
  base: "vs-dark",
  inherit: true,
  // vs-dark's comment green (#608b4e) reads at 4.3:1 on the current line: below WCAG AA.
  rules: [{ token: "comment", foreground: "7ca668" }],
  colors: { "editor.background": "#0b1222", "editorGutter.background": "#0b1222", "editor.lineHighlightBackground": "#ffffff0a", "editorLineNumber.foreground": "#94a3b8" },
});
monaco.editor.defineTheme("quai-light", {
  base: "vs",
  inherit: true,
  rules: [],
  colors: { "editor.background": "#ffffff", "editorLineNumber.foreground": "#64748b", "editor.lineHighlightBackground": "#f1f5f9" },
});

loader.config({ monaco });

export { monaco };

/** Monaco's language id for a file of the build context. */
export function languageOf(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  if (/^(?:Dockerfile|Containerfile)(?:\..+)?$/i.test(name) || /\.(?:dockerfile|containerfile)$/i.test(name)) return "dockerfile";
  const ext = name.includes(".") ? name.slice(name.lastIndexOf(".") + 1).toLowerCase() : "";
  const byExt: Record<string, string> = {
    html: "html",
    htm: "html",
    css: "css",
    js: "javascript",
    mjs: "javascript",
    json: "javascript",
    go: "go",
    java: "java",
    py: "python",
    sh: "shell",
    bash: "shell",
    yml: "yaml",
    yaml: "yaml",
    ini: "ini",
    conf: "ini",
    toml: "ini",
    md: "markdown",
  };
  return byExt[ext] ?? "plaintext";
}
