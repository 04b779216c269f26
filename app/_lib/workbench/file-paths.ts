/**
 * The names the editor accepts for files of a build context, checked in the
 * browser (as the learner types) and again on the server. Stricter than the
 * runner's rules on purpose: no spaces or quotes, so every path can be typed
 * in a shell as is.
 */
export const EDITOR_LIMITS = {
  maxFiles: 100,
  maxFileBytes: 256 * 1024,
  maxTotalBytes: 2 * 1024 * 1024,
  maxPathLength: 160,
  maxDepth: 6,
} as const;

const SEGMENT = /^[A-Za-z0-9._@+-]+$/;

/** The French reason a path is refused, or null when it is fine. */
export function filePathProblem(path: string): string | null {
  if (path.trim() === "") return "Donnez un nom au fichier.";
  if (path.length > EDITOR_LIMITS.maxPathLength) return `Le chemin dépasse ${EDITOR_LIMITS.maxPathLength} caractères.`;
  if (path.startsWith("/")) return "Le chemin doit être relatif au dossier du chapitre (sans « / » au début).";
  if (path.endsWith("/")) return "Le chemin désigne un dossier : ajoutez le nom du fichier.";
  const segments = path.split("/");
  if (segments.length > EDITOR_LIMITS.maxDepth) return `Pas plus de ${EDITOR_LIMITS.maxDepth} niveaux de dossiers.`;
  for (const segment of segments) {
    if (segment === "") return "Le chemin contient « // » : un nom de dossier manque.";
    if (segment === "." || segment === "..") return "« . » et « .. » ne sont pas autorisés : le fichier doit rester dans le dossier du chapitre.";
    if (!SEGMENT.test(segment)) {
      return /\s/.test(segment)
        ? `« ${segment} » contient un espace : utilisez plutôt - ou _.`
        : `« ${segment} » contient des caractères non autorisés (lettres sans accent, chiffres, . _ - @ + seulement).`;
    }
  }
  return null;
}

export interface EditorFile {
  path: string;
  content: string;
}

/** Checks a whole set of files (names, duplicates, sizes); the first problem in French, or null. */
export function filesProblem(files: readonly EditorFile[]): string | null {
  if (files.length > EDITOR_LIMITS.maxFiles) return `Pas plus de ${EDITOR_LIMITS.maxFiles} fichiers par chapitre.`;
  const seen = new Set<string>();
  let total = 0;
  for (const file of files) {
    const problem = filePathProblem(file.path);
    if (problem) return `${file.path} : ${problem}`;
    if (seen.has(file.path)) return `Le fichier ${file.path} apparaît deux fois.`;
    for (const other of seen) {
      if (file.path.startsWith(`${other}/`) || other.startsWith(`${file.path}/`)) return `${file.path} et ${other} : un même nom ne peut pas être à la fois un fichier et un dossier.`;
    }
    seen.add(file.path);
    const bytes = new TextEncoder().encode(file.content).byteLength;
    if (bytes > EDITOR_LIMITS.maxFileBytes) return `Le fichier ${file.path} dépasse ${EDITOR_LIMITS.maxFileBytes / 1024} Kio.`;
    total += bytes;
  }
  if (total > EDITOR_LIMITS.maxTotalBytes) return `L'ensemble des fichiers dépasse ${EDITOR_LIMITS.maxTotalBytes / 1024 / 1024} Mio.`;
  return null;
}

/** Folder of a path ("" at the chapter's root). */
export function dirnameOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

export function basenameOf(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** Dockerfile, Dockerfile.groupe, app.dockerfile… */
export function isDockerfile(path: string): boolean {
  const name = basenameOf(path);
  return /^(?:Dockerfile|Containerfile)(?:\..+)?$/i.test(name) || /\.(?:dockerfile|containerfile)$/i.test(name);
}
