import { previewErrorPage } from "./preview-page";

/**
 * What the preview refuses to pass on from a container, because it would
 * act beyond the sandbox or on the site's own origin:
 *
 * - a redirect off the sandbox. The browser would follow it from the
 *   site's address (an open redirect on the school's domain); inside the
 *   preview, the Location is rewritten to the preview's address instead.
 * - a download. Served from the preview, a file would come from the site's
 *   own address, so a container could hand anyone a file that looks like
 *   the school's. The preview shows pages: an attachment, or a type a
 *   browser saves rather than displays, is refused with a French page
 *   (the page's own sandbox also has no `allow-downloads`).
 */

/** Where the answer came from: the preview's address on the site, the container's port, the path asked of it. */
export interface PreviewTarget {
  prefix: string;
  port: number;
  /** Path and query as the container saw them, starting with `/`. */
  path: string;
}

/**
 * A Location inside the preview, as the site's address: `/login`, `login`
 * or `http://localhost:8080/login` (the address the container believes it
 * has) become `<prefix>login`. Null for anywhere else.
 */
export function previewLocation(location: string, { prefix, port, path }: PreviewTarget): string | null {
  let url: URL;
  try {
    url = new URL(location, `http://localhost:${port}${path}`);
  } catch {
    return null;
  }
  const local = (url.protocol === "http:" || url.protocol === "https:") && ["localhost", "127.0.0.1"].includes(url.hostname) && (url.port === "" || url.port === String(port));
  return local ? `${prefix}${url.pathname.slice(1)}${url.search}${url.hash}` : null;
}

/** Types a browser displays; anything else it saves to disk. */
const DISPLAYED = /^(?:text\/|image\/|audio\/|video\/|font\/|application\/(?:json|javascript|ecmascript|x-javascript|xml|xhtml\+xml|pdf|wasm|[\w.-]+\+(?:json|xml))(?:\s*;|\s*$))/i;

/** Whether the browser would save the answer rather than show it. A missing type is sniffed, and shown. */
export function isDownload(headers: Headers): boolean {
  const disposition = headers.get("content-disposition");
  // RFC 6266: a disposition type other than inline is handled as attachment.
  if (disposition !== null && disposition.split(";")[0]!.trim().toLowerCase() !== "inline") return true;
  const type = headers.get("content-type");
  return type !== null && !DISPLAYED.test(type.trim());
}

/** The French page the preview shows instead of the container's answer, or null when it may pass. */
export function refusedPreviewAnswer(status: number, headers: Headers, target: PreviewTarget): Response | null {
  const location = headers.get("location");
  if (status >= 300 && status < 400 && location !== null && previewLocation(location, target) === null) {
    return previewErrorPage(403, "Redirection refusée", `L'application du port ${target.port} redirige vers ${location.slice(0, 200)}. L'aperçu ne montre que les pages de votre bac à sable : il ne suit pas cette redirection.`);
  }
  if (isDownload(headers)) {
    return previewErrorPage(403, "Téléchargement refusé", `L'application du port ${target.port} envoie un fichier à télécharger : l'aperçu n'affiche que des pages web. Pour examiner ce fichier, utilisez le terminal du bac à sable, par exemple : curl -o fichier http://localhost:${target.port}${target.path.slice(0, 200)}`);
  }
  return null;
}
