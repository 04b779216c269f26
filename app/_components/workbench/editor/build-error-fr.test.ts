import { describe, expect, it } from "vitest";
import { explainBuildError } from "./build-error-fr";

// Error lines as Docker 26's BuildKit printed them in a sandbox (the first
// error of `docker build --progress=plain`, which the build log keeps).
const REAL = {
  copy: `failed to calculate checksum of ref 2af3d2ed-abe0-4f85-877f-01234bb199ba::0wwxzhug5etkh92t1lnt2809i: "/nope.txt": not found`,
  run: `process "/bin/sh -c echo hi && false" did not complete successfully: exit code: 1`,
  base: `failed to solve: nginx:nexistepas: failed to resolve source metadata for docker.io/library/nginx:nexistepas: failed to do request: Head "https://registry-1.docker.io/v2/library/nginx/manifests/nexistepas": dial tcp 0.0.0.0:443: connect: connection refused`,
  baseUser: `failed to solve: nexistepas/truc: failed to resolve source metadata for docker.io/nexistepas/truc:latest: failed to do request: Head "https://registry-1.docker.io/v2/nexistepas/truc/manifests/latest": dial tcp 0.0.0.0:443: connect: connection refused`,
  parse: `failed to solve: dockerfile parse error on line 2: unknown instruction: RUNN (did you mean RUN?)`,
  empty: `failed to solve: the Dockerfile cannot be empty`,
  target: `failed to solve: target stage "nope" could not be found`,
  noFile: `failed to solve: failed to read dockerfile: open Dockerfile: no such file or directory`,
};

describe("explainBuildError", () => {
  it("says in French what went wrong, with the names from Docker's line", () => {
    expect(explainBuildError(REAL.copy)).toBe("« nope.txt » est introuvable dans le contexte de construction : vérifiez son nom et son chemin, relatifs au dossier qui contient le Dockerfile.");
    expect(explainBuildError(REAL.run)).toContain("La commande RUN « echo hi && false » a échoué (code de sortie 1)");
    expect(explainBuildError(REAL.base)).toContain("L'image de base « nginx:nexistepas » n'est pas disponible");
    expect(explainBuildError(REAL.baseUser)).toContain("L'image de base « nexistepas/truc:latest » n'est pas disponible");
    expect(explainBuildError(REAL.parse)).toContain("Ligne 2 du Dockerfile : l'instruction « RUNN » n'existe pas.");
    expect(explainBuildError(REAL.empty)).toBe("Le Dockerfile est vide : commencez par une instruction FROM.");
    expect(explainBuildError(REAL.target)).toContain("pas d'étape nommée « nope »");
    expect(explainBuildError(REAL.noFile)).toContain("Aucun fichier « Dockerfile »");
  });

  it("falls back to a general sentence for a message it does not know", () => {
    expect(explainBuildError("failed to solve: something new")).toMatch(/^La construction a échoué\. Le message de Docker, en anglais, est ci-dessous/);
  });
});
