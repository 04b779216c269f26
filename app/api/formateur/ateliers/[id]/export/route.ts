import type { NextRequest } from "next/server";
import { NO_STORE } from "../../../../../_lib/api";
import { progressCsv } from "../../../../../_lib/workshops/csv";
import { trainerRoute } from "../../../../../_lib/workshops/route";
import { loadDashboard } from "../../../../../_lib/workshops/service";

export const dynamic = "force-dynamic";

/** GET /api/formateur/ateliers/:id/export: the progress as CSV, one row per learner, one column per exercise. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return trainerRoute(request, `GET /api/formateur/ateliers/${id}/export`, id, async ({ workshop }) => {
    const csv = progressCsv(await loadDashboard(workshop!));
    const file = `atelier-${workshop!.id}.csv`;
    return new Response(csv, { headers: { ...NO_STORE, "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${file}"` } });
  });
}
