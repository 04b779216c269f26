/**
 * Image names the learner may give « Construire », in Docker's own grammar
 * (distribution/reference): an optional registry host, lowercase path
 * components, an optional tag.
 */
const HOST = /^(?:localhost|[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+|[a-zA-Z0-9-]+:\d+)(?::\d+)?$/;
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;

/** The French reason a reference is refused, or null when `docker build -t` will take it. */
export function imageTagProblem(reference: string): string | null {
  const ref = reference.trim();
  if (ref === "") return "Donnez un nom à l'image, par exemple mon-site:1.0.";
  if (ref.length > 200) return "Ce nom d'image est trop long.";
  if (/\s/.test(ref)) return "Un nom d'image ne contient pas d'espace.";
  if (ref.includes("@")) return "Indiquez un tag (nom:tag), pas un digest.";
  const lastColon = ref.lastIndexOf(":");
  const hasTag = lastColon > ref.lastIndexOf("/");
  const name = hasTag ? ref.slice(0, lastColon) : ref;
  const tag = hasTag ? ref.slice(lastColon + 1) : null;
  if (tag === "") return "Le tag est vide : écrivez-le après les deux-points (mon-site:1.0) ou retirez les deux-points.";
  if (tag !== null && !TAG.test(tag)) return `Le tag « ${tag} » n'est pas valide : lettres, chiffres, « . », « _ » et « - », sans commencer par « . » ou « - ».`;
  const parts = name.split("/");
  if (parts.length > 1 && HOST.test(parts[0]!) && (parts[0]!.includes(".") || parts[0]!.includes(":") || parts[0] === "localhost")) parts.shift();
  for (const part of parts) {
    if (part === "") return "Le nom de l'image contient un « / » en trop.";
    if (/[A-Z]/.test(part)) return "Le nom de l'image doit être en minuscules (le tag, lui, peut contenir des majuscules).";
    if (!COMPONENT.test(part)) return `« ${part} » n'est pas un nom d'image valide : lettres minuscules, chiffres, séparés par « . », « _ » ou « - ».`;
  }
  return null;
}

/** A sensible default tag for a build context folder: "site" → "site:1.0". */
export function defaultImageTag(folder: string, chapter: string): string {
  const base = (folder.split("/").pop() || chapter)
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `${base || "mon-image"}:1.0`;
}
