import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { PLACEHOLDER } from "./segments";
import type { Segment } from "./segments";

/**
 * Spelling and grammar with Grammalecte (Debian's grammalecte-cli, the
 * checker of LibreOffice's French extension: its own lexicon for spelling,
 * and grammar, agreement, conjugation and typography rules). One run checks
 * every segment: one segment per line of a temporary file, errors read back
 * from its JSON output by line.
 */

const errorSchema = z.object({ nStart: z.number(), nEnd: z.number(), sRuleId: z.string(), sMessage: z.string() });
const spellingSchema = z.object({ sValue: z.string(), nStart: z.number() });
const outputSchema = z.object({
  data: z.array(z.object({ iParagraph: z.number(), lGrammarErrors: z.array(errorSchema), lSpellingErrors: z.array(spellingSchema) })),
});
export type GrammalecteOutput = z.output<typeof outputSchema>;

export interface Finding {
  segment: Segment;
  kind: "spelling" | "grammar";
  /** The misspelt word, or the text a grammar rule points at. */
  word: string;
  rule: string | undefined;
  message: string;
}

export const GRAMMALECTE = "grammalecte-cli";

/** Runs grammalecte-cli on the segments; options are Grammalecte's (-off apos…). */
export function runGrammalecte(segments: Segment[], off: string[]): GrammalecteOutput {
  const dir = mkdtempSync(path.join(tmpdir(), "quai-french-"));
  try {
    const input = path.join(dir, "segments.txt");
    writeFileSync(input, `${segments.map((s) => s.text.replace(/\n/g, " ")).join("\n")}\n`);
    const run = spawnSync(GRAMMALECTE, ["-f", input, "-j", ...(off.length > 0 ? ["-off", ...off] : [])], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (run.error) throw new Error(`${GRAMMALECTE} could not run (${run.error.message}); install it: apt-get install grammalecte-cli`);
    if (run.status !== 0) throw new Error(`${GRAMMALECTE} failed (exit ${run.status}): ${run.stderr.slice(0, 500)}`);
    // The CLI prints its banner before the JSON on some versions.
    const json = run.stdout.slice(run.stdout.indexOf("{"));
    return outputSchema.parse(JSON.parse(json));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Allowances {
  /** Words accepted as spelt (technical vocabulary); a lower-case entry accepts any case. */
  words: Set<string>;
  /** Grammalecte rules that do not apply to this kind of text, with why (for the record). */
  rules: Map<string, string>;
}

/** Words that are code-like in shape: never French words to check. */
const CODE_LIKE = /[0-9_./\\:=@#$%<>{}[\]~|]|^-|[a-z][A-Z]/;

function isListedWord(word: string, allow: Allowances): boolean {
  return allow.words.has(word) || allow.words.has(word.toLowerCase());
}

export function isAllowedWord(word: string, allow: Allowances): boolean {
  if (word === PLACEHOLDER || CODE_LIKE.test(word)) return true;
  if (isListedWord(word, allow)) return true;
  // An elided form (l'overlay2, d'Engine) is as good as its word.
  const elided = /^[cdjlmnst]['’](.+)$/i.exec(word);
  return elided !== null && isAllowedWord(elided[1]!, allow);
}

/** The findings that matter: Grammalecte's errors minus the allowed words and rules. */
export function findings(segments: Segment[], output: GrammalecteOutput, allow: Allowances): Finding[] {
  const out: Finding[] = [];
  for (const paragraph of output.data) {
    const segment = segments[paragraph.iParagraph - 1];
    if (!segment) continue;
    for (const e of paragraph.lSpellingErrors) {
      if (!isAllowedWord(e.sValue, allow)) out.push({ segment, kind: "spelling", word: e.sValue, rule: undefined, message: "unknown word" });
    }
    for (const e of paragraph.lGrammarErrors) {
      if (isIgnoredRule(e.sRuleId, allow.rules)) continue;
      const word = segment.text.slice(e.nStart, e.nEnd);
      // A rule that points at code or at a technical word (redis, read as a form of « redire ») misread it.
      if (word.includes(PLACEHOLDER) || isListedWord(word.trim(), allow)) continue;
      out.push({ segment, kind: "grammar", word, rule: e.sRuleId, message: e.sMessage });
    }
  }
  return out;
}

/** A rule id, or a family of rules written with a trailing * (gv1__imp_verbe_*). */
export function isIgnoredRule(rule: string, rules: Map<string, string>): boolean {
  if (rules.has(rule)) return true;
  for (const pattern of rules.keys()) if (pattern.endsWith("*") && rule.startsWith(pattern.slice(0, -1))) return true;
  return false;
}

export function formatFinding(f: Finding): string {
  const shown = (t: string) => t.replace(/\u202F/g, "⍽").replace(/\u00A0/g, "°");
  const context = f.segment.text.length > 140 ? `${f.segment.text.slice(0, 137)}…` : f.segment.text;
  const what = f.kind === "spelling" ? `spelling: "${f.word}"` : `grammar (${f.rule}): ${f.message} — "${shown(f.word)}"`;
  return `${f.segment.file}:${f.segment.line}: ${what}\n    in: ${shown(context)}`;
}

/** The allowlist file: one word per line, # comments. */
export function parseWordList(text: string): Set<string> {
  return new Set(
    text
      .split("\n")
      .map((l) => l.replace(/#.*/, "").trim())
      .filter(Boolean),
  );
}
