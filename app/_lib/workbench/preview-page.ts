/**
 * A previewed page gets an opaque origin: its scripts run, but cannot read
 * the site's cookies or storage, nor call the site's API as the learner;
 * nor start a download from the site's address (no `allow-downloads`, see
 * preview-policy.ts).
 */
export const PREVIEW_CSP = "sandbox allow-scripts allow-forms allow-popups allow-modals";

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A small French page for what the preview cannot show (the runner answers its own for a port nothing publishes). */
export function previewErrorPage(status: number, title: string, text: string): Response {
  const html = `<!doctype html><html lang="fr"><meta charset="utf-8"><title>${escape(title)}</title><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#334155"><h1 style="font-size:1.25rem">${escape(title)}</h1><p>${escape(text)}</p></body></html>`;
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "content-security-policy": PREVIEW_CSP } });
}
