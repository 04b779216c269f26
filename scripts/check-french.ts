/**
 * `npm run check:french`: spelling and grammar of everything a learner reads
 * in French, with Grammalecte (Debian's grammalecte-cli):
 *
 *  - the course (content/): prose, titles, objectives, exercises (statements,
 *    hints, the messages their checks print), quizzes, callouts, captions,
 *    checked as rendered, French spacing included;
 *  - the interface: French strings of app/ and sandbox-runner/src/ (spelling
 *    and grammar; their spacing is not the pipeline's, so typography rules
 *    are off there).
 *
 * Technical words are accepted from content/vocabulaire.txt. Prints one line
 * per finding and exits 1 if any; exits 2 when Grammalecte is missing.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ContentValidationError, formatIssue, loadCourse } from "../app/_lib/content";
import { findings, formatFinding, parseWordList, runGrammalecte } from "./check-french/grammalecte";
import type { Allowances, Finding } from "./check-french/grammalecte";
import { courseSegments } from "./check-french/segments";
import { uiSegments } from "./check-french/ui-strings";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const VOCABULARY = "content/vocabulaire.txt";

/** Grammalecte options left off everywhere, and why. */
export const OFF_EVERYWHERE = [
  // The course types the straight apostrophe ('), as code and search do.
  "apos",
];
/** Off for interface strings too: their spacing is typed by hand in code, not added by the pipeline. */
export const OFF_FOR_UI = [...OFF_EVERYWHERE, "nbsp", "esp", "typo", "unit", "num"];

/** Rules that misread technical text, with why. */
export const IGNORED_RULES = new Map<string, string>([
  ["majuscule_début_paragraphe", "list items and table cells continue a sentence and start in lower case, as French lists do"],
  ["gv1__imp_verbe_*", "table cells and list items describe in the third person (« suit la sortie »), which these rules take for a misspelt imperative"],
  ["num_grand_nombre_soudé", "the long numbers of the course are identifiers (user 10001, port 32768), written as the system prints them, not quantities to group by thousands"],
  ["g0__virg_fin_dialogue__*", "« . » and « .. » quote the dot itself (a path segment, a character allowed in a tag), not the end of a quoted sentence"],
]);

function main(): number {
  let course;
  try {
    course = loadCourse({ rootDir: root });
  } catch (error) {
    if (error instanceof ContentValidationError) {
      console.error(`check:french: fix the content first:\n${error.issues.map(formatIssue).join("\n")}`);
      return 1;
    }
    throw error;
  }
  const allow: Allowances = { words: parseWordList(readFileSync(path.join(root, VOCABULARY), "utf8")), rules: IGNORED_RULES };
  const started = Date.now();
  const course_ = courseSegments(course);
  const ui = uiSegments(root, ["app", "sandbox-runner/src"]);
  let found: Finding[];
  try {
    found = [...findings(course_, runGrammalecte(course_, OFF_EVERYWHERE), allow), ...findings(ui, runGrammalecte(ui, OFF_FOR_UI), allow)];
  } catch (error) {
    console.error(`check:french: ${(error as Error).message}`);
    return 2;
  }
  for (const f of found) console.log(formatFinding(f));
  console.log(`check:french: ${course_.length} segments of the course and ${ui.length} interface strings, ${found.length} finding(s), ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (found.length > 0) console.log(`A right word that the dictionary lacks goes in ${VOCABULARY}.`);
  return found.length === 0 ? 0 : 1;
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) process.exit(main());
