import type { NextRequest } from "next/server";
import { Refusal } from "../../../_lib/refusal";
import { getChapter } from "../../../_lib/course";
import { createWorkshopSchema } from "../../../_lib/workshops/contract";
import { parseBody, trainerRoute } from "../../../_lib/workshops/route";
import { getWorkshopStore } from "../../../_lib/workshops/server";

export const dynamic = "force-dynamic";

/** GET /api/formateur/ateliers: the trainer's workshops (every one for the admin). */
export async function GET(request: NextRequest) {
  return trainerRoute(request, "GET /api/formateur/ateliers", null, async ({ trainer }) => ({ workshops: await getWorkshopStore().list(trainer.admin ? null : trainer.name) }));
}

/** POST /api/formateur/ateliers: creates a workshop for the trainer. */
export async function POST(request: NextRequest) {
  return trainerRoute(request, "POST /api/formateur/ateliers", null, async ({ trainer }) => {
    const spec = await parseBody(request, createWorkshopSchema);
    const unknown = spec.chapters.find((slug) => !getChapter(slug));
    if (unknown) throw new Refusal(400, "unknown_chapter", `Le chapitre « ${unknown} » n'existe pas dans le cours.`, `unknown chapter ${unknown}`);
    return { workshop: await getWorkshopStore().create(trainer.name, { ...spec, chapters: [...new Set(spec.chapters)] }) };
  });
}
