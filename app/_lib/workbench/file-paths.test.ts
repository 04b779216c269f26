import { describe, expect, it } from "vitest";
import { filePathProblem, filesProblem, isDockerfile } from "./file-paths";

describe("editor file names", () => {
  it.each(["Dockerfile", "site/index.html", ".dockerignore", "couches/Dockerfile.groupe", "go/main.go", "a/b/c/d/e/f"])("accepts %s", (path) => {
    expect(filePathProblem(path)).toBeNull();
  });

  it.each([
    ["", "Donnez un nom au fichier."],
    ["/etc/passwd", "Le chemin doit être relatif au dossier du chapitre (sans « / » au début)."],
    ["site/", "Le chemin désigne un dossier : ajoutez le nom du fichier."],
    ["../x", "« . » et « .. » ne sont pas autorisés : le fichier doit rester dans le dossier du chapitre."],
    ["a//b", "Le chemin contient « // » : un nom de dossier manque."],
    ["mon fichier", "« mon fichier » contient un espace : utilisez plutôt - ou _."],
    ["café.txt", "« café.txt » contient des caractères non autorisés (lettres sans accent, chiffres, . _ - @ + seulement)."],
    ["a'b", "« a'b » contient des caractères non autorisés (lettres sans accent, chiffres, . _ - @ + seulement)."],
    ["a/b/c/d/e/f/g", "Pas plus de 6 niveaux de dossiers."],
  ])("refuses %j: %s", (path, message) => {
    expect(filePathProblem(path)).toBe(message);
  });

  it("refuses duplicates and a name used both as file and folder", () => {
    expect(filesProblem([{ path: "a", content: "" }, { path: "a", content: "" }])).toBe("Le fichier a apparaît deux fois.");
    expect(filesProblem([{ path: "site", content: "" }, { path: "site/index.html", content: "" }])).toBe(
      "site/index.html et site : un même nom ne peut pas être à la fois un fichier et un dossier.",
    );
    expect(filesProblem([{ path: "big", content: "x".repeat(300 * 1024) }])).toBe("Le fichier big dépasse 256 Kio.");
  });

  it("recognises Dockerfiles", () => {
    expect(["Dockerfile", "site/Dockerfile", "Dockerfile.separe", "app.dockerfile"].every(isDockerfile)).toBe(true);
    expect(["index.html", "Dockerfile-notes.md", ".dockerignore"].some(isDockerfile)).toBe(false);
  });
});
