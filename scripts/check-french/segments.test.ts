import { describe, expect, it } from "vitest";
import { checkMessages, hastSegments, maskCode, shellWord, PLACEHOLDER } from "./segments";

const Q = PLACEHOLDER;

describe("maskCode", () => {
  it("masks commands, options with their values, paths, references, file names and identifiers", () => {
    expect(maskCode("Lancez docker run -d nginx puis attendez")).toBe(`Lancez ${Q} puis attendez`);
    expect(maskCode("recréez-le avec --memory 64m.")).toBe(`recréez-le avec ${Q}.`);
    expect(maskCode("ajoutez -p 8080:80, puis")).toBe(`ajoutez ${Q}, puis`);
    expect(maskCode("le dossier ~/cache/ et /etc/motd")).toBe(`le dossier ${Q} et ${Q}`);
    expect(maskCode("ouvrez api/main.go et front/default.conf")).toBe(`ouvrez ${Q} et ${Q}`);
    expect(maskCode("l'image nginx:1.27 ou nginx@sha256:… ici")).toBe(`l'image ${Q} ou ${Q} ici`);
    expect(maskCode("modifiez app.sh et .env")).toBe(`modifiez ${Q} et ${Q}`);
    expect(maskCode("avec depends_on et status=exited")).toBe(`avec ${Q} et ${Q}`);
  });

  it("leaves French alone, including words after docker that start a clause", () => {
    expect(maskCode("docker et ses outils, le port 80 du conteneur.")).toBe("docker et ses outils, le port 80 du conteneur.");
    expect(maskCode("Une phrase : avec un deux-points.")).toBe("Une phrase : avec un deux-points.");
  });
});

describe("shellWord", () => {
  it("reads a double-quoted word with command substitutions and their own quotes", () => {
    const line = `echo "avant $(printf '%s' "$x" | head -c 5) après" > /dev/null`;
    expect(shellWord(line, 5)).toBe(`"avant $(printf '%s' "$x" | head -c 5) après"`);
  });

  it("reads a single-quoted word, and an unterminated one to the end", () => {
    expect(shellWord("echo 'a b' c", 5)).toBe("'a b'");
    expect(shellWord('echo "a b', 5)).toBe('"a b');
  });
});

describe("checkMessages", () => {
  it("keeps the French of echo and printf strings, code and values masked, spacing as the panel shows it", () => {
    const script = [
      `if [ -z "$x" ]; then`,
      `  echo "Le conteneur « $nom » n'a pas démarré : lisez docker logs $nom (code $?)."`,
      `  printf '%s\\n' 'Bravo !'`,
      `fi`,
      `echo "L'image construite affiche : $(printf '%s' "$sortie" | head -c 200). Gardez CMD [\\"sh\\", \\"app.sh\\"] (sh -c 'trap …')."`,
    ].join("\n");
    expect(checkMessages(script)).toEqual([
      `Le conteneur «\u202F${Q}\u202F» n'a pas démarré\u00A0: lisez ${Q} (code ${Q}).`,
      `L'image construite affiche\u00A0: ${Q}. Gardez CMD [${Q}, ${Q}] (sh ${Q} ${Q}).`,
    ]);
  });

  it("does not take a French apostrophe for a quote", () => {
    expect(checkMessages(`echo "Il n'y a pas d'image : c'est normal."`)).toEqual(["Il n'y a pas d'image\u00A0: c'est normal."]);
  });

  it("skips strings that are not sentences", () => {
    expect(checkMessages(`echo "$a" ; echo 'ok' ; printf '%s' "$b"`)).toEqual([]);
  });
});

describe("hastSegments", () => {
  it("gives one segment per paragraph, list item or heading, code and italics as the placeholder", () => {
    const text = (value: string) => ({ type: "text" as const, value });
    const el = (tagName: string, children: unknown[], line = 1) => ({ type: "element" as const, tagName, properties: {}, children, position: { start: { line, column: 1 }, end: { line, column: 1 } } });
    const tree = {
      type: "root" as const,
      children: [
        el("h2", [text("Lancer "), el("code", [text("docker run")])], 3),
        el("p", [text("Un "), el("em", [text("bind mount")]), text(" monte\n un dossier.")], 5),
        el("pre", [el("code", [text("echo pas de la prose")])], 7),
        el("ul", [el("li", [text("premier point"), el("ul", [el("li", [text("point imbriqué")], 10)])], 9)], 9),
      ],
    };
    expect(hastSegments(tree as never, "c.md", 1)).toEqual([
      { file: "c.md", line: 3, text: `Lancer ${Q}` },
      { file: "c.md", line: 5, text: `Un ${Q} monte un dossier.` },
      { file: "c.md", line: 9, text: "premier point" },
      { file: "c.md", line: 10, text: "point imbriqué" },
    ]);
  });
});
