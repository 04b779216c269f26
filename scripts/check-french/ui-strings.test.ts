import { describe, expect, it } from "vitest";
import { decodeEntities, looksFrench, maskCode, stringsOf } from "./ui-strings";
import { PLACEHOLDER } from "./segments";

describe("looksFrench", () => {
  it("tells a French sentence from an English message, an identifier or a class list", () => {
    expect(looksFrench("Le bac à sable ne répond plus.")).toBe(true);
    expect(looksFrench("Réessayer")).toBe(false);
    expect(looksFrench("ne-pas-tourner-en-root")).toBe(false);
    expect(looksFrench("the sandbox is not ready")).toBe(false);
    expect(looksFrench("flex items-center gap-2")).toBe(false);
    expect(looksFrench("Ouvrir le terminal")).toBe(true);
  });

  it("leaves shell scripts out, however French their words look", () => {
    expect(looksFrench('du -k -- "$@" 2>/dev/null; true')).toBe(false);
    expect(looksFrench("test -d /la && echo le dossier")).toBe(false);
  });
});

describe("maskCode", () => {
  it("masks the settings a French sentence names", () => {
    expect(maskCode("Réglez QUAI_SANDBOX_STARTS_PER_ADDRESS pour une salle.")).toBe(`Réglez ${PLACEHOLDER} pour une salle.`);
    expect(maskCode("Le bac à sable ne répond plus.")).toBe("Le bac à sable ne répond plus.");
  });
});

describe("decodeEntities", () => {
  it("decodes the entities JSX text keeps as typed", () => {
    expect(decodeEntities("l&apos;éditeur&nbsp;: &#171; ok &#187; &amp; &unknown;")).toBe("l'éditeur\u00A0: « ok » & &unknown;");
  });
});

describe("stringsOf", () => {
  it("finds French string literals, templates and JSX text with its line, and skips imports and English", () => {
    const source = [
      `import { x } from "le module de la page";`,
      `const a = "Le fichier est trop gros pour l'éditeur.";`,
      "const b = `Le conteneur ${name} est arrêté.`;",
      `throw new Error("the runner is not ready");`,
      `export function P() {`,
      `  return <p className="flex gap-2">Bonjour, {name} : voici votre bac à sable.</p>;`,
      `}`,
    ].join("\n");
    expect(stringsOf(source, "page.tsx")).toEqual([
      { line: 2, text: "Le fichier est trop gros pour l'éditeur." },
      { line: 3, text: `Le conteneur ${PLACEHOLDER} est arrêté.` },
      { line: 6, text: `Bonjour, ${PLACEHOLDER} : voici votre bac à sable.` },
    ]);
  });
});
