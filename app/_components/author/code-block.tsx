import type { BlockOf } from "../../_lib/content";
import { CopyButton } from "../ui/copy-button";
import { highlight } from "./highlight";

const LANGUAGE_NAMES: Record<string, string> = {
  dockerfile: "Dockerfile",
  yaml: "YAML",
  yml: "YAML",
  json: "JSON",
  html: "HTML",
  css: "CSS",
  js: "JavaScript",
  javascript: "JavaScript",
  ts: "TypeScript",
  typescript: "TypeScript",
  go: "Go",
  java: "Java",
  python: "Python",
  py: "Python",
  powershell: "PowerShell",
  ini: "INI",
  toml: "TOML",
  xml: "XML",
  sql: "SQL",
  nginx: "nginx",
  console: "Console",
};

/**
 * Code shown as is: `text` is output (« Sortie », or « Exemple de sortie » when
 * it was not captured in the sandbox), anything else an excerpt with Copier.
 */
export function CodeBlock({ block }: { block: BlockOf<"code"> }) {
  if (block.lang === "text" || block.lang === "console") {
    return (
      <div className="output-card not-prose">
        <span className="output-label">{block.example ? "Exemple de sortie" : "Sortie"}</span>
        <pre className="code-body" tabIndex={0}>
          <code>{block.code}</code>
        </pre>
      </div>
    );
  }
  return (
    <div className="code-card not-prose">
      <div className="code-header">
        <span className="code-label">{LANGUAGE_NAMES[block.lang] ?? block.lang}</span>
        <CopyButton text={block.code} />
      </div>
      <pre className="code-body" tabIndex={0}>
        <code>{highlight(block.code, block.lang)}</code>
      </pre>
    </div>
  );
}
