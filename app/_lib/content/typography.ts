import type { Element, Root, RootContent } from "hast";

/**
 * French spacing, added when the course is rendered so that authors type
 * ordinary spaces. The convention is the Imprimerie nationale's (Lexique des
 * règles typographiques) for the signs it distinguishes:
 *
 *   - a narrow no-break space (U+202F) before ; ! ? and inside « » ;
 *   - a no-break word space (U+00A0) before : and between a number and its
 *     unit (64 Mo, 10 s).
 *
 * For the guillemets the Lexique allows a word space; we use the narrow one,
 * as most French publishers and the course's own design do (docs/authoring.md).
 *
 * Only spaces the author typed are made unbreakable (a "?" or ":" glued to a
 * word, as in a URL or `host:port`, is left alone), except inside « », which
 * always get their spaces. Code, preformatted text and keyboard input are
 * never touched.
 */

export const NNBSP = "\u202F";
export const NBSP = "\u00A0";

/** Elements whose text is code or verbatim input, never prose. */
const VERBATIM = new Set(["code", "pre", "kbd", "samp", "script", "style", "textarea"]);

const UNITS = ["ko", "Ko", "Mo", "Go", "To", "Kio", "Mio", "Gio", "Tio", "octets", "ms", "s", "min", "h", "secondes", "minutes", "heures", "jours", "%", "Mbit/s", "Go/s", "Mo/s", "€", "°C"];
const UNIT_RE = new RegExp(`(\\d)[ \\u00A0](${UNITS.map(escape).join("|")})(?=$|[\\s.,;:!?)»…])`, "g");

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/**
 * The spacing rules on one run of prose (a text node: inline code, links and
 * emphasis are other nodes, so a « at the very end of a run that precedes
 * inline code still gets its space).
 */
export function frenchSpacing(text: string): string {
  return (
    text
      // A space typed before ; ! ? becomes narrow and unbreakable, when the sign ends a word.
      .replace(/[ \t\u00A0\u202F]+([;!?]+)(?=$|[\s)\]»"'*_…,.:;!?])/g, `${NNBSP}$1`)
      // A space typed before : becomes unbreakable (word width), when the colon ends a word.
      .replace(/[ \t\u00A0\u202F]+:(?=$|\s)/g, `${NBSP}:`)
      // Guillemets always hold their content with narrow unbreakable spaces.
      .replace(/«[ \t\u00A0\u202F]*/g, `«${NNBSP}`)
      .replace(/[ \t\u00A0\u202F]*»/g, `${NNBSP}»`)
      .replace(UNIT_RE, `$1${NBSP}$2`)
  );
}

/** Applies frenchSpacing to every text node of a hast tree that is prose (in place). */
export function frenchSpacingHast(tree: Root): void {
  const walk = (node: Root | Element) => {
    for (const child of node.children as RootContent[]) {
      if (child.type === "text") child.value = frenchSpacing(child.value);
      else if (child.type === "element" && !VERBATIM.has(child.tagName)) walk(child);
    }
  };
  walk(tree);
}

/** The rehype plugin form, for the content pipeline. */
export function rehypeFrenchSpacing() {
  return (tree: Root) => frenchSpacingHast(tree);
}
