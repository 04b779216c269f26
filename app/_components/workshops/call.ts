import type { z } from "zod";
import { apiErrorSchema } from "../../_lib/workshops/contract";

export class CallError extends Error {
  override name = "CallError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A same-origin JSON call whose answer is parsed with the shared schema; failures carry the API's French sentence. */
export async function call<T extends z.ZodType>(url: string, schema: T, init: { method?: string; body?: unknown } = {}): Promise<z.output<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? "GET",
      cache: "no-store",
      headers: init.body === undefined ? {} : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new CallError(0, "unreachable", "Le site ne répond pas : vérifiez votre connexion, puis réessayez.");
  }
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = apiErrorSchema.safeParse(json);
    throw new CallError(response.status, error.success ? error.data.error.code : "http", error.success ? error.data.error.message : `Erreur ${response.status}. Réessayez.`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new CallError(502, "bad_response", "Réponse inattendue du site. Rechargez la page.");
  return parsed.data;
}
