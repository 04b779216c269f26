import { describe, expect, it } from "vitest";
import { defaultImageTag, imageTagProblem } from "./image-tag";

describe("image tags for « Construire »", () => {
  it.each(["mon-site:1.0", "mon-site", "couches:separe", "localhost:5000/moi/app:1.0", "registry.example.com/equipe/app:V2", "a__b.c-d:latest"])("accepts %s", (ref) => {
    expect(imageTagProblem(ref)).toBeNull();
  });

  it.each([
    ["", "Donnez un nom à l'image, par exemple mon-site:1.0."],
    ["Mon-Site:1.0", "Le nom de l'image doit être en minuscules (le tag, lui, peut contenir des majuscules)."],
    ["mon site", "Un nom d'image ne contient pas d'espace."],
    ["site:-1", "Le tag « -1 » n'est pas valide : lettres, chiffres, « . », « _ » et « - », sans commencer par « . » ou « - »."],
    ["site:", "Le tag est vide : écrivez-le après les deux-points (mon-site:1.0) ou retirez les deux-points."],
    ["-site", "« -site » n'est pas un nom d'image valide : lettres minuscules, chiffres, séparés par « . », « _ » ou « - »."],
    ["a//b", "Le nom de l'image contient un « / » en trop."],
    ["nginx@sha256:abc", "Indiquez un tag (nom:tag), pas un digest."],
  ])("refuses %j", (ref, message) => {
    expect(imageTagProblem(ref)).toBe(message);
  });

  it("derives a default from the build context folder", () => {
    expect(defaultImageTag("site", "dockerfile")).toBe("site:1.0");
    expect(defaultImageTag("", "dockerfile")).toBe("dockerfile:1.0");
    expect(defaultImageTag("Éléments Web", "x")).toBe("elements-web:1.0");
  });
});
