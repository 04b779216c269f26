import { describe, expect, it } from "vitest";
import { hastText, mdastToHast, parseChapterMarkdown, parseFragmentMarkdown } from "./markdown";
import { NBSP, NNBSP, frenchSpacing } from "./typography";

/** Renders markdown through the pipeline and shows the spaces: · narrow, ° word-width no-break. */
function rendered(markdown: string, fragment = false): string {
  const tree = mdastToHast(fragment ? parseFragmentMarkdown(markdown) : parseChapterMarkdown(markdown));
  return show(hastText(tree).trim());
}

function show(text: string): string {
  return text.replaceAll(NNBSP, "·").replaceAll(NBSP, "°");
}

describe("frenchSpacing", () => {
  it("makes typed spaces unbreakable before ; ! ? (narrow) and : (word width)", () => {
    expect(show(frenchSpacing("Attention : le conteneur s'arrête ; vraiment ? Oui !"))).toBe("Attention°: le conteneur s'arrête·; vraiment·? Oui·!");
  });

  it("puts narrow spaces inside guillemets, typed or not", () => {
    expect(show(frenchSpacing("le statut « Exited » puis «healthy»"))).toBe("le statut «·Exited·» puis «·healthy·»");
  });

  it("leaves signs glued to a word alone: URLs, ports, times, ratios", () => {
    for (const text of ["https://docs.docker.com/?q=run", "localhost:8080", "10:24", "nginx:latest", "a?b", "Bonjour!"]) {
      expect(frenchSpacing(text)).toBe(text);
    }
  });

  it("binds a number to its unit", () => {
    expect(show(frenchSpacing("64 Mo, puis 10 s et 50 % ; mais 3 solutions"))).toBe("64°Mo, puis 10°s et 50°%·; mais 3 solutions");
    expect(show(frenchSpacing("depuis 24 heures, toutes les 30 secondes"))).toBe("depuis 24°heures, toutes les 30°secondes");
  });

  it("is idempotent", () => {
    const once = frenchSpacing("« Oui » : non ; 12 Go ?");
    expect(frenchSpacing(once)).toBe(once);
  });
});

describe("the pipeline's French spacing", () => {
  it("never touches inline code, and spaces the guillemets around it", () => {
    expect(rendered("La commande « `docker run -it` » affiche : `a ; b ? c : d`")).toBe("La commande «·docker run -it·» affiche°: a ; b ? c : d");
  });

  it("never touches code blocks", () => {
    expect(rendered("Voici :\n\n```text\nSTATUS : Up ; ok ?\n```\n")).toBe("Voici°:\nSTATUS : Up ; ok ?");
  });

  it("spaces text around links without touching their address", () => {
    const tree = mdastToHast(parseChapterMarkdown("Lisez [la doc](https://docs.docker.com/a:b?c=d) : c'est utile !"));
    const link = (tree.children[0] as { children: Array<{ tagName?: string; properties?: { href?: string } }> }).children.find((c) => c.tagName === "a");
    expect(link?.properties?.href).toBe("https://docs.docker.com/a:b?c=d");
    expect(show(hastText(tree))).toBe("Lisez la doc°: c'est utile·!");
  });

  it("leaves bare URLs and host:port in prose alone", () => {
    // (a fragment: in chapter text, ":5000" would be read as a directive, which the validator reports)
    expect(rendered("Ouvrez http://localhost:8080/api?x=1 ou 127.0.0.1:5000 ; voilà.", true)).toBe("Ouvrez http://localhost:8080/api?x=1 ou 127.0.0.1:5000·; voilà.");
  });

  it("handles punctuation after emphasis and inside exercise fragments", () => {
    expect(rendered("C'est **important** ! Et *vous* ?", true)).toBe("C'est important·! Et vous·?");
  });

  it("keeps heading anchors computed from the text as typed", () => {
    const tree = mdastToHast(parseChapterMarkdown("## docker export : à plat ?"));
    const heading = tree.children[0] as { properties: { id: string } };
    expect(heading.properties.id).toBe("docker-export--à-plat-");
    expect(show(hastText(tree))).toBe("docker export°: à plat·?");
  });
});
