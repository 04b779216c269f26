import type { NextRequest } from "next/server";
import { getConfig } from "../../../../_lib/config";
import { getRunnerClient } from "../../../../_lib/runner";
import { RunnerError } from "../../../../_lib/runner-client";
import { sandboxOfPreviewKey } from "../../../../_lib/workbench/preview-key";
import { previewErrorPage } from "../../../../_lib/workbench/preview-page";
import { refusedPreviewAnswer } from "../../../../_lib/workbench/preview-policy";
import { forwardRequestHeaders, forwardResponseHeaders } from "../../../../_lib/workbench/preview-proxy";

export const dynamic = "force-dynamic";

/**
 * /apercu/<key>/<port>/<path>: a page served by a container of the learner's
 * sandbox, on the site's own origin (no wildcard DNS). The key proves the
 * address was handed to the sandbox's owner (see preview-key.ts); the answer
 * streams back with a sandboxing CSP, unless it would redirect off the
 * sandbox or download a file from the site's address (preview-policy.ts).
 */
async function handle(request: NextRequest, { params }: { params: Promise<{ key: string; port: string }> }): Promise<Response> {
  const { key, port: portText } = await params;
  const secret = getConfig().runnerSecret;
  const sandboxId = secret ? sandboxOfPreviewKey(secret, key) : null;
  if (!sandboxId) return previewErrorPage(404, "Cet aperçu n'existe plus", "Son adresse n'est plus valable (le bac à sable a peut-être été réinitialisé). Rouvrez l'aperçu depuis l'onglet « Aperçu » de l'atelier.");
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port < 1 || port > 65535) return previewErrorPage(400, "Port invalide", `« ${portText} » n'est pas un numéro de port.`);

  const prefix = `/apercu/${key}/${port}/`;
  const { pathname, search } = request.nextUrl;
  // Without the final slash, relative links of the page would resolve one level too high.
  if (pathname === prefix.slice(0, -1)) return new Response(null, { status: 308, headers: { location: `${prefix}${search}` } });
  const rest = pathname.startsWith(prefix) ? pathname.slice(prefix.length) : "";
  const target = { prefix, port, path: `/${rest}${search}` };

  try {
    const runner = getRunnerClient();
    const upstream = await runner.preview(sandboxId, port, target.path, {
      method: request.method,
      headers: forwardRequestHeaders(request.headers),
      body: request.method === "GET" || request.method === "HEAD" ? null : request.body,
      signal: request.signal,
    });
    // A 404 may be the container's own answer, or the runner saying the sandbox is gone (in JSON): ask.
    if (upstream.status === 404 && upstream.headers.get("content-type")?.startsWith("application/json")) {
      const gone = await runner.get(sandboxId).then(
        () => false,
        (error: unknown) => error instanceof RunnerError && error.status === 404,
      );
      if (gone) {
        await upstream.body?.cancel();
        return previewErrorPage(404, "Ce bac à sable n'existe plus", "Il a expiré ou a été réinitialisé. Relancez votre conteneur dans le nouveau bac à sable, puis rouvrez l'aperçu depuis l'onglet « Aperçu » de l'atelier.");
      }
    }
    const refused = refusedPreviewAnswer(upstream.status, upstream.headers, target);
    if (refused) {
      await upstream.body?.cancel();
      return refused;
    }
    return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: forwardResponseHeaders(upstream.headers, target) });
  } catch (error) {
    const message = error instanceof RunnerError ? error.messageFr : "L'aperçu n'a pas pu être chargé. Réessayez dans un instant.";
    console.error(`preview ${sandboxId}:${port}: ${(error as Error).message}`);
    return previewErrorPage(503, "Aperçu indisponible", message);
  }
}

export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE, handle as HEAD, handle as OPTIONS };
