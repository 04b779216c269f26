import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { handleApiFailure, NO_STORE } from "../../../_lib/api";
import { currentLearner } from "../../../_lib/learner";
import { Refusal } from "../../../_lib/refusal";
import { clientAddress } from "../../../_lib/request-origin";
import { sameName } from "../../../_lib/workshops/claims";
import { joinedWorkshop, joinSchema } from "../../../_lib/workshops/contract";
import { workshopLive } from "../../../_lib/workshops/live";
import { parseBody, refuseWrite } from "../../../_lib/workshops/route";
import { getWorkshopStore, joinAllowed, spendWrongCode, workshopClaims } from "../../../_lib/workshops/server";
import { ensureReservation } from "../../../_lib/workshops/service";
import { WorkshopFullError } from "../../../_lib/workshops/store";

export const dynamic = "force-dynamic";

/** How long a join waits for the runner to hold the workshop's seats (it answers in milliseconds). */
const RESERVATION_WAIT_MS = 5_000;

/**
 * POST /api/ateliers/rejoindre {code, name}: the learner (their cookie)
 * joins the workshop; under a name a member already has, 202 and a request
 * the trainer answers (GET /api/ateliers/rejoindre/demande says how). Every
 * wrong code counts against the address's join budget, so codes cannot be
 * guessed by the web; a right one does not (a class behind one NAT).
 */
export async function POST(request: NextRequest) {
  const refused = refuseWrite(request);
  if (refused) return refused;
  try {
    const learnerId = await currentLearner(request);
    const address = clientAddress(request);
    await joinAllowed(address);
    const { code, name } = await parseBody(request, joinSchema);
    const store = getWorkshopStore();
    const workshop = await store.byCode(code);
    if (!workshop) {
      await spendWrongCode(address);
      throw new Refusal(404, "unknown_code", "Aucun atelier ne porte ce code. Vérifiez-le auprès de votre formateur.", `no workshop with code ${code}`);
    }
    if (!store.isOpen(workshop)) throw new Refusal(410, "workshop_ended", "Cet atelier est terminé.", `workshop ${workshop.id} has ended`);
    // A name another member already has: their trainer confirms it is them (another browser) first.
    const namesake = (await store.member(workshop.id, learnerId)) ? undefined : (await store.members(workshop.id)).find((m) => sameName(m.name, name));
    if (namesake) {
      await workshopClaims().open(workshop.id, learnerId, namesake.learnerId, namesake.name);
      workshopLive().changed(workshop.id);
      return NextResponse.json({ claim: { name: namesake.name } }, { status: 202, headers: NO_STORE });
    }
    try {
      await store.join(workshop, learnerId, name);
    } catch (error) {
      if (error instanceof WorkshopFullError) throw new Refusal(409, "workshop_full", "Cet atelier est complet : prévenez votre formateur.", error.message);
      throw error;
    }
    workshopLive().changed(workshop.id);
    // Waited for: the learner's page asks for a sandbox right after this answer, and the runner
    // gives the workshop's lifetime and seat only under a reservation it already holds. Not
    // longer than RESERVATION_WAIT_MS: a runner that hangs must not hold the join.
    const reserving = ensureReservation(workshop).catch((error: unknown) => console.warn(`join ${workshop.id}: reservation: ${(error as Error).message}`));
    await Promise.race([reserving, new Promise((resolve) => setTimeout(resolve, RESERVATION_WAIT_MS).unref())]);
    return NextResponse.json({ workshop: joinedWorkshop(workshop) }, { headers: NO_STORE });
  } catch (error) {
    return handleApiFailure("POST /api/ateliers/rejoindre", error);
  }
}
