import { badRequest } from "../sandboxes/errors.js";

/**
 * Image references and container names from the browser end up as argv of a
 * `docker` command in the sandbox (never through a shell); they are still
 * checked against Docker's own grammar so nonsense gets a clear answer.
 */
// A registry host must look like one (a dot, a port or localhost), as in Docker's own grammar.
const IMAGE_REF = /^(?:(?:localhost|[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+)(?::\d+)?\/|[a-zA-Z0-9-]+:\d+\/)?[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
const IMAGE_ID = /^(?:sha256:)?[a-f0-9]{12,64}$/;
const CONTAINER = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;

export function imageRef(value: string): string {
  if (value.length > 255 || !(IMAGE_ID.test(value) || IMAGE_REF.test(value))) {
    throw badRequest(`« ${value.slice(0, 80)} » n'est pas un nom d'image valide.`, `bad image reference ${JSON.stringify(value.slice(0, 80))}`);
  }
  return value;
}

export function containerRef(value: string): string {
  if (!CONTAINER.test(value)) {
    throw badRequest(`« ${value.slice(0, 80)} » n'est pas un nom de conteneur valide.`, `bad container reference ${JSON.stringify(value.slice(0, 80))}`);
  }
  return value;
}
