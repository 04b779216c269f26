import type { NextRequest } from "next/server";
import { Refusal } from "../../../../../../../_lib/refusal";
import { getRunnerClient } from "../../../../../../../_lib/runner";
import { LEARNER_ID } from "../../../../../../../_lib/workshops/contract";
import { trainerRoute } from "../../../../../../../_lib/workshops/route";
import { getWorkshopStore } from "../../../../../../../_lib/workshops/server";

export const dynamic = "force-dynamic";

/** GET /api/formateur/ateliers/:id/apprenants/:learner/terminaux: the learner's open terminals, for the trainer to watch one. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string; learner: string }> }) {
  const { id, learner } = await params;
  return trainerRoute(request, `GET /api/formateur/ateliers/${id}/apprenants/…/terminaux`, id, async ({ workshop }) => {
    if (!LEARNER_ID.test(learner) || !(await getWorkshopStore().member(workshop!.id, learner))) throw new Refusal(403, "not_in_workshop", "Cette personne ne participe pas à cet atelier.", `${learner.slice(0, 40)} not in ${id}`);
    const sandbox = await getRunnerClient().sandboxOf(learner);
    return { terminals: sandbox ? sandbox.terminals : [] };
  });
}
