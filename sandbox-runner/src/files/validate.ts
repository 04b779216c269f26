import { posix } from "node:path";
import type { z } from "zod";
import type { FileEntry } from "../driver/driver.js";
import { badRequest } from "../sandboxes/errors.js";

import { FILE_LIMITS, filesRequestSchema } from "../protocol/api.js";

export { FILE_LIMITS, filesRequestSchema };

/** Where the editor may write: the learner's home, never system directories. */
export const FILES_ROOT = "/root";

const SAFE_SEGMENT = /^[A-Za-z0-9._@+ -]+$/;

function checkRelative(path: string, what: string): string {
  if (path.includes("\0")) throw badRequest(`Le chemin « ${what} » contient un caractère interdit.`, `NUL in ${what}`);
  if (path.startsWith("/")) throw badRequest(`Le chemin « ${path} » doit être relatif.`, `absolute path ${path}`);
  const segments = path.split("/");
  for (const s of segments) {
    if (s === "" || s === "." || s === "..") throw badRequest(`Le chemin « ${path} » n'est pas valide (segment vide, « . » ou « .. »).`, `bad segment in ${path}`);
    if (!SAFE_SEGMENT.test(s)) throw badRequest(`Le nom « ${s} » contient des caractères non autorisés.`, `unsafe segment ${s}`);
  }
  return segments.join("/");
}

/**
 * Validates a write request: a directory under /root and relative file paths
 * that cannot climb out of it, within count and size limits.
 */
export function validateFiles(input: z.infer<typeof filesRequestSchema>): { dir: string; files: FileEntry[] } {
  const dirRel = input.dir.startsWith(`${FILES_ROOT}/`) ? input.dir.slice(FILES_ROOT.length + 1) : input.dir.replace(/^~\//, "");
  const dir = posix.join(FILES_ROOT, checkRelative(dirRel.replace(/\/+$/, ""), input.dir));
  let total = 0;
  const seen = new Set<string>();
  const files = input.files.map((f) => {
    const path = checkRelative(f.path, f.path);
    if (seen.has(path)) throw badRequest(`Le fichier « ${path} » apparaît deux fois.`, `duplicate ${path}`);
    seen.add(path);
    const content = Buffer.from(f.content, f.encoding);
    if (content.byteLength > FILE_LIMITS.maxFileBytes) throw badRequest(`Le fichier « ${path} » dépasse 1 Mio.`, `${path} too large`);
    total += content.byteLength;
    return { path, content: new Uint8Array(content) };
  });
  if (total > FILE_LIMITS.maxTotalBytes) throw badRequest("L'ensemble des fichiers dépasse 8 Mio.", "total too large");
  return { dir, files };
}
