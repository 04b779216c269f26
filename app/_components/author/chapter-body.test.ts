import { fileURLToPath } from "node:url";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { loadCourse, readCourse } from "../../_lib/content";
import { ChapterBody } from "./chapter-body";

const fixtureRoot = fileURLToPath(new URL("../../_lib/content/__fixtures__/good", import.meta.url));
const course = loadCourse({ rootDir: fixtureRoot });
const html = renderToStaticMarkup(createElement(ChapterBody, { chapter: course.chapters[0]! }));

describe("ChapterBody (server render through the author registry)", () => {
  it("gives h2 headings their anchor and a # link", () => {
    expect(html).toContain('<h2 id="lancer-un-conteneur" class="heading group">Lancer un conteneur<a href="#lancer-un-conteneur" class="heading-anchor" aria-label="Lien vers cette section">#</a></h2>');
  });

  it("offers Exécuter on runnable commands only", () => {
    // Not the norun block, which gets Copier alone; the solution stays hidden until asked for.
    expect(html.match(/Exécuter/g)).toHaveLength(4);
    expect(html).toContain("Voir la solution");
    expect(html).toContain("Terminal · à lancer sur votre machine");
  });

  it("says where a command runs, and when the course expects an error", () => {
    expect(html).toContain("Terminal · dans le conteneur ouvert plus haut");
    expect(html).toContain("Terminal · erreur attendue");
    expect(html).toContain(">Exemple de sortie<");
  });

  it("renders files with their path and callouts with their French label", () => {
    expect(html).toContain(">site/Dockerfile<");
    expect(html).toContain("dans l&#x27;éditeur");
    expect(html).toMatch(/class="callout callout-retenir"[^>]*><div class="callout-title">.*À retenir<\/div>/);
    expect(html).toMatch(/class="callout callout-attention"[^>]*><div class="callout-title">.*Hors ligne<\/div>/);
  });

  it("reserves the figure's space and captions it", () => {
    expect(html).toContain('<img src="/figures/schema.svg" alt="Un schéma de test" width="640" height="320" loading="lazy" decoding="async"/>');
    expect(html).toContain("<figcaption>Un schéma de test</figcaption>");
  });

  it("keeps tables scrollable and internal links client-side", () => {
    expect(html).toContain('<div class="table-wrap"><table><thead><tr><th>Commande</th><th style="text-align:center">Effet</th>');
    expect(html).toContain('<a href="/cours/second#la-suite">lien interne</a>');
    expect(html).toContain('<a href="https://docs.docker.com" target="_blank" rel="noreferrer">lien externe</a>');
  });

  it("anchors exercises and quizzes, and never sends which choice is correct", () => {
    expect(html).toContain('id="exercice-premier-hello"');
    expect(html).toContain('id="quiz-premier-quiz"');
    expect(html).toContain("Il crée et démarre un conteneur.");
    expect(html).not.toMatch(/correct/i);
  });
});

describe("the real course", () => {
  const { course: real } = readCourse({ rootDir: fileURLToPath(new URL("../../..", import.meta.url)) });
  // When content/ has errors, the validator test reports them; rendering needs a valid course.
  it.skipIf(!real)("renders every chapter", () => {
    for (const chapter of real!.chapters) {
      const out = renderToStaticMarkup(createElement(ChapterBody, { chapter }));
      for (const heading of chapter.headings) expect(out, `${chapter.file}: #${heading.id}`).toContain(`id="${heading.id}"`);
    }
  }, 30_000);
});
