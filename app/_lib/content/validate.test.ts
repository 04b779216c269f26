import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { ContentValidationError, formatIssue, loadCourse, validateCourse } from "./index";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));

describe("the real course (content/)", () => {
  // The gate: npm test fails on any frontmatter, link, anchor or component misuse.
  it("has no content error", () => {
    expect(validateCourse({ rootDir: repoRoot }).map(formatIssue)).toEqual([]);
  }, 30_000);
});

describe("a valid course", () => {
  const course = loadCourse({ rootDir: fixture("good") });

  it("orders chapters as course.json does, with numbers and parts", () => {
    expect(course.title).toBe("Cours d'essai");
    expect(course.chapters.map((c) => [c.slug, c.number, c.partTitle])).toEqual([
      ["premier", 1, "Bases"],
      ["second", 2, "Bases"],
    ]);
  });

  it("turns every custom block into a typed block, in document order", () => {
    const premier = course.chapters[0]!;
    expect(premier.blocks.map((b) => b.kind)).toEqual(["command", "command", "code", "file", "callout", "callout", "figure", "command", "command", "command", "code", "exercise", "quiz"]);
    expect(premier.blocks.filter((b) => b.kind === "command").map((b) => b.runnable)).toEqual([true, false, true, true, true]);
    expect(premier.blocks.find((b) => b.kind === "file")).toMatchObject({ path: "site/Dockerfile", lang: "dockerfile", editable: true });
    expect(premier.blocks.filter((b) => b.kind === "callout").map((b) => [b.variant, b.title])).toEqual([
      ["retenir", undefined],
      ["attention", "Hors ligne"],
    ]);
    expect(premier.blocks.find((b) => b.kind === "figure")).toMatchObject({ src: "/figures/schema.svg", alt: "Un schéma de test", width: 640, height: 320 });
  });

  it("reads how the in-order proof runs each command: tty with its keys, inside, expected failure", () => {
    const commands = course.chapters[0]!.blocks.filter((b) => b.kind === "command");
    expect(commands.map((b) => [b.expect, b.tty?.keys, b.inside])).toEqual([
      ["success", undefined, false],
      ["success", undefined, false],
      ["success", ["exit", "enter"], false],
      ["success", undefined, true],
      ["failure", undefined, false],
    ]);
    expect(course.chapters[0]!.blocks.filter((b) => b.kind === "code").map((b) => b.example)).toEqual([false, true]);
  });

  it("keeps each exercise's wrong attempts with what the check must say", () => {
    const exercise = course.chapters[0]!.blocks.find((b) => b.kind === "exercise");
    expect(exercise?.exercise.wrong).toEqual([{ attempt: "docker pull hello-world", says: "Pas encore de conteneur" }]);
  });

  it("gives headings the anchors rehype-slug gives them, plus exercise and quiz anchors", () => {
    const premier = course.chapters[0]!;
    expect(premier.headings.map((h) => h.id)).toEqual(["lancer-un-conteneur", "exercices"]);
    expect([...premier.anchors]).toEqual(expect.arrayContaining(["exercice-premier-hello", "quiz-premier-quiz"]));
  });

  it("never offers Exécuter in a chapter without sandbox", () => {
    const second = course.chapters[1]!;
    expect(second.blocks).toEqual([expect.objectContaining({ kind: "command", runnable: false })]);
  });
});

describe("a broken course", () => {
  it("reports every problem at its file and line", () => {
    expect(validateCourse({ rootDir: fixture("bad") }).map(formatIssue)).toEqual([
      "content/chapters/01-blocs.md:11: # headings are reserved for the chapter title (frontmatter title); start sections at ##",
      "content/chapters/01-blocs.md:13: unknown code block kind \"exercice\" (use sh, text, exercise, quiz, or a language such as dockerfile, yaml, html, go, java)",
      "content/chapters/01-blocs.md:17: code block without a language: use ```sh for commands, ```text for output, or the file's language",
      "content/chapters/01-blocs.md:21: norun has no meaning on a file= block (file blocks are never run)",
      "content/chapters/01-blocs.md:25: file=\"../Dockerfile\": the path must stay inside the chapter folder (no \"..\", \".\", or empty segments)",
      "content/chapters/01-blocs.md:29: file=\"/etc/Dockerfile\": expected a relative path such as Dockerfile or site/index.html (no leading /, no spaces, no backslashes)",
      "content/chapters/01-blocs.md:33: norun only applies to sh blocks (this block is \"text\", which is never run)",
      "content/chapters/01-blocs.md:37: unknown code block option \"colour=red\" (known: norun, fails, tty, keys=…, inside, example, file=<relative path>)",
      "content/chapters/01-blocs.md:41: unknown directive \":::note\" (known: :::retenir, :::attention, :::bonne-pratique)",
      "content/chapters/01-blocs.md:45: \":latest\" was read as a directive, and only :::retenir, :::attention and :::bonne-pratique exist; if it is text (an image tag, a port), write it as inline code or escape the colon (\\:)",
      "content/chapters/01-blocs.md:47: raw HTML <div>du HTML brut</div> is not rendered; write it as inline code (`<div>du HTML brut</div>`) or escape the < as \\<",
      "content/chapters/01-blocs.md:49: figure /figures/schema.svg has no alt text; write ![Légende en français](/figures/schema.svg)",
      "content/chapters/01-blocs.md:51: figure /figures/absente.svg does not exist (expected public/figures/absente.svg)",
      "content/chapters/01-blocs.md:53: image \"https://example.com/x.png\": figures must be files of public/figures, referenced as /figures/<name>.svg",
      "content/chapters/01-blocs.md:55: an inside block must follow a tty block (it is typed into the program that block opened)",
      "content/chapters/01-blocs.md:59: a tty block needs keys=… to say how the learner leaves it (for example keys=exit,enter or keys=ctrl-p,ctrl-q)",
      "content/chapters/01-blocs.md:63: keys= only applies to a block marked tty",
      "content/chapters/01-blocs.md:67: fails only applies to sh blocks (this block is \"text\", which is never run)",
      "content/chapters/01-blocs.md:71: keys=\"ctrl-%,enter\": expected keys separated by commas, each ctrl-<letter>, enter, or a word to type (for example keys=exit,enter)",
      "content/chapters/01-blocs.md:75: fails has no meaning here: a norun block is never run",
      "content/chapters/01-blocs.md:79: example only applies to output blocks (text, console)",
      "content/chapters/02-exercices.md:14: exercise \"exo-incomplet\": missing required field \"check\"",
      "content/chapters/02-exercices.md:14: exercise \"exo-incomplet\": missing required field \"wrong\"",
      "content/chapters/02-exercices.md:17: exercise \"exo-incomplet\": field \"hints\": hints needs 1 to 3 items",
      "content/chapters/02-exercices.md:24: exercise \"exo-incomplet\": unknown field \"difficulty\"",
      "content/chapters/02-exercices.md:37: exercise \"exo-interactif\": solution uses -it, which needs a terminal; scripts run without one (drop -it, start long-running containers with -d)",
      "content/chapters/02-exercices.md:38: exercise \"exo-interactif\": solution uses -i -t, which needs a terminal; scripts run without one (drop -it, start long-running containers with -d)",
      "content/chapters/02-exercices.md:41: exercise \"exo-interactif\": wrong attempt 1 uses -it, which needs a terminal; scripts run without one (drop -it, start long-running containers with -d)",
      "content/chapters/02-exercices.md:46: exercise \"Mauvais_Id\": field \"id\": id must be kebab-case (a-z, 0-9, -)",
      "content/chapters/02-exercices.md:57: exercise: invalid YAML: Missing closing \"quote",
      "content/chapters/02-exercices.md:63: quiz \"quiz-deux-bonnes\": field \"choices\": exactly one choice must have correct: true (found 2); set multiple: true for several",
      "content/chapters/02-exercices.md:75: quiz \"quiz-aucune\": field \"choices\": at least one choice must have correct: true",
      "content/chapters/02-exercices.md:81: duplicate exercise/quiz id \"exo-interactif\" (first used at content/chapters/02-exercices.md:27)",
      "content/chapters/02-exercices.md:88: quiz \"exo-interactif\" explanation: raw HTML <none> is not rendered; write it as inline code (`<none>`) or escape the < as \\<",
      "content/chapters/02-exercices.md:96: exercise \"exo-indice-bavard\": hint 1 gives away the solution's command `docker kill condamne`; only the last hint may",
      "content/chapters/02-exercices.md:115: exercise \"exo-erreur-muette\": missing required field \"wrong[0].says\"",
      "content/chapters/03-liens.md:13: link /cours/absent: no chapter \"absent\" in the course",
      "content/chapters/03-liens.md:13: link /cours/blocs#nulle-part: no heading with anchor \"#nulle-part\" in chapter \"blocs\"",
      "content/chapters/03-liens.md:14: link /cours/exercice#exercices: no chapter \"exercice\" in the course (did you mean \"exercices\"?)",
      "content/chapters/03-liens.md:14: link #une-sectio: no heading with anchor \"#une-sectio\" in this chapter (did you mean \"#une-section\"?)",
      "content/chapters/03-liens.md:15: link /admin: unknown internal address; link to a chapter as /cours/<slug> or /cours/<slug>#anchor",
      "content/chapters/03-liens.md:15: link 02-exercices.md: relative links do not work here; use /cours/<slug>#anchor, #anchor, or a full https:// address",
      "content/chapters/03-liens.md:17: exercise \"exo-sans-bac\": this chapter has sandbox: false, so an exercise cannot be checked here",
      "content/chapters/04-entete.md:3: frontmatter: field \"description\": description must not be empty",
      "content/chapters/04-entete.md:4: frontmatter: field \"duration\": duration must be a number of minutes",
      "content/chapters/04-entete.md:6: frontmatter: field \"objectives\": objectives needs 2 to 6 items",
      "content/chapters/04-entete.md:8: frontmatter: unknown field \"author\"",
      "content/chapters/05-orphelin.md:1: chapter \"orphelin\" is not listed in content/course.json",
      "content/chapters/07-sans-entete.md:1: chapter \"sans-entete\" is not listed in content/course.json",
      "content/chapters/07-sans-entete.md:1: missing frontmatter: the file must start with a --- line, YAML, then ---",
      "content/chapters/6-mal-nomme.md:1: chapter files are named NN-slug.md (two digits, then a kebab-case slug)",
      "content/course.json:5: chapter \"blocs\" is listed twice",
      "content/course.json:5: chapter \"fantome\" has no file content/chapters/NN-fantome.md",
    ]);
  });

  it("refuses to load, listing the problems in the error", () => {
    expect(() => loadCourse({ rootDir: fixture("bad") })).toThrow(ContentValidationError);
    expect(() => loadCourse({ rootDir: fixture("bad") })).toThrow(/content\/chapters\/01-blocs\.md:13: unknown code block kind "exercice"/);
  });
});

describe("course.json problems", () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function courseWith(courseJson: string | undefined): string {
    dir = mkdtempSync(path.join(tmpdir(), "quai-content-"));
    mkdirSync(path.join(dir, "content", "chapters"), { recursive: true });
    if (courseJson !== undefined) writeFileSync(path.join(dir, "content", "course.json"), courseJson);
    writeFileSync(
      path.join(dir, "content", "chapters", "01-seul.md"),
      ["---", 'title: "Seul"', 'description: "Un chapitre."', "duration: 5", "sandbox: false", "objectives:", '  - "Un"', '  - "Deux"', "---", "", "Texte.", ""].join("\n"),
    );
    return dir;
  }

  it("says when course.json is missing", () => {
    expect(validateCourse({ rootDir: courseWith(undefined) }).map(formatIssue)).toEqual([
      "content/course.json:1: missing: content/course.json lists the parts and their chapters (see docs/authoring.md)",
    ]);
  });

  it("locates a JSON syntax error", () => {
    const issues = validateCourse({ rootDir: courseWith('{\n  "title": "Cours",\n  "parts": [,]\n}\n') }).map(formatIssue);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^content\/course\.json:3: invalid JSON: /);
  });

  it("validates its shape", () => {
    const issues = validateCourse({ rootDir: courseWith('{\n  "title": "Cours",\n  "parts": [{ "title": "A", "chapters": ["Seul"] }]\n}\n') }).map(formatIssue);
    expect(issues).toEqual(['content/course.json:3: "parts[0].chapters[0]": chapter slug must be kebab-case']);
  });
});
