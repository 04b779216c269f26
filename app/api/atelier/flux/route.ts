import type { NextRequest } from "next/server";
import { handleApiFailure } from "../../../_lib/api";
import { getChapter } from "../../../_lib/course";
import { currentLearner } from "../../../_lib/learner";
import { activeWorkshopOf } from "../../../_lib/workshops/learner-side";
import { workshopLive } from "../../../_lib/workshops/live";
import { getWorkshopStore } from "../../../_lib/workshops/server";
import { eventStream } from "../../../_lib/workshops/sse";

export const dynamic = "force-dynamic";

/**
 * GET /api/atelier/flux?chapitre=slug: a learner's page in a workshop, live.
 * While it is open the learner shows as connected, on that chapter; it
 * brings the trainer's broadcasts, « Votre formateur regarde votre
 * terminal » and the end of the workshop.
 */
export async function GET(request: NextRequest) {
  try {
    const learnerId = await currentLearner(request);
    const store = getWorkshopStore();
    const workshopId = (await activeWorkshopOf(learnerId)).id;
    const slug = request.nextUrl.searchParams.get("chapitre");
    const chapter = slug && getChapter(slug) ? slug : undefined;
    const live = workshopLive();
    await store.touch(workshopId, learnerId, chapter);
    return eventStream(request.signal, (sink) => {
      const closePage = live.pageOpened(learnerId);
      live.changed(workshopId);
      sink.send("watched", { type: "watched", watching: live.isWatched(learnerId) });
      sink.send("control", { type: "control", state: live.controlOf(workshopId, learnerId) });
      const off = live.onLearner(learnerId, (event) => sink.send(event.type, event));
      return () => {
        off();
        closePage();
        live.changed(workshopId);
      };
    });
  } catch (error) {
    return handleApiFailure("GET /api/atelier/flux", error);
  }
}
