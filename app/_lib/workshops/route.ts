import { NextResponse } from "next/server";
import type { NextRequest } from "next/server";
import type { z } from "zod";
import { apiError, bodyTooLarge, checkSameOrigin, handleApiFailure, NO_STORE, readJsonBody } from "../api";
import type { ApiErrorBody } from "../api";
import { Refusal } from "../refusal";
import type { Workshop } from "./contract";
import { requireTrainer, workshopOf } from "./server";
import type { Trainer } from "./trainers";

/** The first problem of a body that fails its schema, as the French sentence the form shows. */
export async function parseBody<T extends z.ZodType>(request: NextRequest, schema: T): Promise<z.output<T>> {
  const body = await readJsonBody(request);
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Refusal(400, "bad_request", first?.message && /\s/.test(first.message) ? first.message : "Requête invalide.", `bad body: ${parsed.error.message.slice(0, 300)}`);
  }
  return parsed.data;
}

/** Writes come from the site's own pages only, with a bounded body. */
export function refuseWrite(request: NextRequest): NextResponse<ApiErrorBody> | undefined {
  if (request.method === "GET" || request.method === "HEAD") return undefined;
  return checkSameOrigin(request) ?? bodyTooLarge(request);
}

/**
 * A trainer API route: same origin for writes, a trainer's session (403
 * otherwise), the workshop when `id` is given (404 unknown, 403 another
 * trainer's), then the work; any failure is one French answer.
 */
export async function trainerRoute(
  request: NextRequest,
  what: string,
  id: string | null,
  work: (ctx: { trainer: Trainer; workshop: Workshop | null }) => Promise<Response | object>,
): Promise<Response> {
  const refused = refuseWrite(request);
  if (refused) return refused;
  try {
    const trainer = await requireTrainer();
    const workshop = id === null ? null : await workshopOf(trainer, id);
    const result = await work({ trainer, workshop });
    return result instanceof Response ? result : NextResponse.json(result, { headers: NO_STORE });
  } catch (error) {
    return handleApiFailure(what, error);
  }
}

export { apiError };
