import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { PLACEHOLDER, squash } from "./segments";
import type { Segment } from "./segments";

/**
 * The French strings of the interface: JSX text, string and template literals
 * of the site and of the runner (its errors reach the learner), found with
 * the TypeScript parser. English strings (logs, developer errors) are left
 * out by a simple test: a French string has a French word or letter.
 */

const FRENCH_LETTERS = /[àâçéèêëîïôûùüÿœæÀÂÇÉÈÊËÎÏÔÛÙÜŸŒÆ]/;
const FRENCH_WORDS = new Set([
  "le", "la", "les", "un", "une", "des", "du", "de", "et", "est", "pour", "dans", "sur", "vous", "votre", "vos", "pas", "ne", "au", "aux",
  "avec", "ce", "cette", "ces", "il", "elle", "sont", "qui", "que", "en", "se", "sa", "son", "ses", "ou", "plus", "lien", "vers",
]);

/** Words of English developer messages, which the interface code holds too. */
const ENGLISH_WORDS = new Set(["the", "is", "are", "has", "have", "no", "not", "with", "of", "to", "must", "be", "an", "and", "or", "for", "this", "that", "it", "at", "on", "from", "by"]);

/** Shell scripts and environment variable names are code, not French. */
const SHELL = /\$[@({\w]|2>\/dev\/null|&&|\|\|/;
const ENV_NAME = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g;

/** A French sentence may name a setting (QUAI_SANDBOX_DISK_GB): it is not checked as words. */
export function maskCode(text: string): string {
  return text.replace(ENV_NAME, PLACEHOLDER);
}

export function looksFrench(text: string): boolean {
  if (SHELL.test(text)) return false;
  // A sentence has spaces; an anchor or an identifier (ne-pas-tourner-en-root) does not.
  if (!/\s/.test(text.trim())) return false;
  const words = text.toLowerCase().match(/[a-zà-ÿœæ']+/g) ?? [];
  if (words.length < 2) return false;
  const french = words.filter((w) => FRENCH_WORDS.has(w.replace(/^[a-z]'/, ""))).length;
  const english = words.filter((w) => ENGLISH_WORDS.has(w)).length;
  if (english > french) return false;
  return FRENCH_LETTERS.test(text) || (french >= 1 && english === 0);
}

const ENTITIES: Record<string, string> = { apos: "'", quot: '"', amp: "&", lt: "<", gt: ">", nbsp: "\u00A0", rsquo: "’", hellip: "…" };

/** JSX text keeps HTML entities as typed (l&apos;éditeur). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#\d+|[a-z]+);/g, (all, name: string) => (name.startsWith("#") ? String.fromCodePoint(Number(name.slice(1))) : (ENTITIES[name] ?? all)));
}

/** Source files of the interface: .ts and .tsx, tests and fixtures aside. */
export function uiFiles(root: string, dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && entry.name !== "__fixtures__" && entry.name !== "dist") walk(full);
      } else if (/\.(ts|tsx)$/.test(entry.name) && !/\.(test|spec)\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(full);
    }
  };
  for (const dir of dirs) walk(path.join(root, dir));
  return out.sort();
}

export function stringsOf(source: string, fileName: string): Array<{ line: number; text: string }> {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, fileName.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: Array<{ line: number; text: string }> = [];
  const add = (node: ts.Node, text: string) => {
    const clean = maskCode(squash(text));
    if (looksFrench(clean)) out.push({ line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: clean });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) add(node, node.text);
    else if (ts.isTemplateExpression(node)) add(node, [node.head.text, ...node.templateSpans.map((s) => `${PLACEHOLDER}${s.literal.text}`)].join(""));
    else if (ts.isJsxText(node)) add(node, decodeEntities(node.text));
    else if (ts.isJsxElement(node)) {
      // Text interleaved with {expressions} reads as one sentence.
      const parts = node.children.map((c) => (ts.isJsxText(c) ? decodeEntities(c.text) : ts.isJsxExpression(c) && c.expression && !ts.isStringLiteral(c.expression) ? ` ${PLACEHOLDER} ` : ""));
      if (node.children.some((c) => ts.isJsxExpression(c)) && node.children.some((c) => ts.isJsxText(c) && c.text.trim() !== "")) {
        add(node, parts.join(""));
        node.children.forEach((c) => {
          if (!ts.isJsxText(c)) visit(c);
        });
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

export function uiSegments(root: string, dirs: string[]): Segment[] {
  return uiFiles(root, dirs).flatMap((full) => {
    const file = path.relative(root, full);
    return stringsOf(readFileSync(full, "utf8"), file).map((s) => ({ file, ...s }));
  });
}
