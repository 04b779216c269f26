import type { NextRequest } from "next/server";
import { trainerRoute } from "../../../../../_lib/workshops/route";
import { workshopLive } from "../../../../../_lib/workshops/live";
import { getWorkshopStore } from "../../../../../_lib/workshops/server";
import { loadDashboard } from "../../../../../_lib/workshops/service";
import { eventStream } from "../../../../../_lib/workshops/sse";

export const dynamic = "force-dynamic";

/**
 * Changes come in bursts (a class checking at once): the roster is rebuilt
 * at most every COALESCE_MS, so 40 learners cost at most ten snapshots a
 * second (a few ms each), and a change reaches the trainer well within a second. A full snapshot also goes every
 * REFRESH_MS for what changes without an event (sandbox time, idleness).
 */
const COALESCE_MS = 100;
const REFRESH_MS = 15_000;

/** GET /api/formateur/ateliers/:id/flux: the dashboard, live (server-sent events, `snapshot`). */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return trainerRoute(request, `GET /api/formateur/ateliers/${id}/flux`, id, async ({ workshop }) =>
    eventStream(request.signal, (sink) => {
      let pending: ReturnType<typeof setTimeout> | undefined;
      let running = false;
      let again = false;
      const push = async () => {
        if (running) {
          again = true;
          return;
        }
        running = true;
        try {
          sink.send("snapshot", await loadDashboard((await getWorkshopStore().get(workshop!.id)) ?? workshop!));
        } catch (error) {
          console.error(`dashboard stream ${id}:`, error);
        } finally {
          running = false;
          if (again) {
            again = false;
            schedule();
          }
        }
      };
      const schedule = () => {
        pending ??= setTimeout(() => {
          pending = undefined;
          void push();
        }, COALESCE_MS);
      };
      void push();
      const off = workshopLive().onChange(workshop!.id, schedule);
      const refresh = setInterval(schedule, REFRESH_MS);
      return () => {
        off();
        clearInterval(refresh);
        if (pending) clearTimeout(pending);
      };
    }),
  );
}
