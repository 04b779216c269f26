import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildSearchIndex, loadCourse } from "../../_lib/content";
import { fold, prepare, search } from "./search-engine";

const course = loadCourse({ rootDir: fileURLToPath(new URL("../../_lib/content/__fixtures__/good", import.meta.url)) });
const index = buildSearchIndex(course);

describe("search index", () => {
  it("has one entry per chapter top, section, exercise and quiz", () => {
    expect(index.chapters).toEqual([
      { slug: "premier", title: "Premier chapitre" },
      { slug: "second", title: "Second chapitre" },
    ]);
    expect(index.entries.map(([c, anchor, heading]) => [c, anchor, heading])).toEqual([
      [0, "", "Premier chapitre"],
      [0, "lancer-un-conteneur", "Lancer un conteneur"],
      [0, "exercice-premier-hello", "Exercice : Bonjour"],
      [0, "quiz-premier-quiz", "Quiz : Que fait docker run ?"],
      [0, "exercices", "Exercices"],
      [1, "", "Second chapitre"],
      [1, "la-suite", "La suite"],
    ]);
  });

  it("keeps commands and callouts searchable, not example output", () => {
    const section = index.entries.find(([, anchor]) => anchor === "lancer-un-conteneur")![3];
    expect(section).toContain("docker run hello-world");
    expect(section).toContain("crée et démarre");
    expect(section).not.toContain("Hello from Docker!");
  });
});

describe("search", () => {
  const entries = prepare(index);

  it("folds case and accents without changing length", () => {
    expect(fold("Écrire un DOCKERFILE à la main")).toBe("ecrire un dockerfile a la main");
    expect(fold("Œuvre ça")).toHaveLength("Œuvre ça".length);
  });

  it("ranks heading matches first and links to the anchor", () => {
    const results = search(entries, "conteneur");
    expect(results[0]).toMatchObject({ href: "/cours/premier#lancer-un-conteneur", heading: "Lancer un conteneur", chapterTitle: "Premier chapitre" });
  });

  it("needs every term, ignores accents, and marks matches in the snippet", () => {
    expect(search(entries, "cree demarre").map((r) => r.href)).toEqual(["/cours/premier#lancer-un-conteneur", "/cours/premier#quiz-premier-quiz"]);
    const marked = search(entries, "internet")[0]!.snippet.filter((p) => p.match).map((p) => p.text);
    expect(marked).toEqual(["Internet"]);
    expect(search(entries, "kubernetes")).toEqual([]);
  });
});
