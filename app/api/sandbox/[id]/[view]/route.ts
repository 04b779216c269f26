import type { NextRequest } from "next/server";
import type { ContainersResponse, DiffResponse, ImagesResponse, LayersResponse, PortsResponse } from "../../../../_lib/api-types";
import { apiError } from "../../../../_lib/api";
import { getConfig } from "../../../../_lib/config";
import { RunnerError } from "../../../../_lib/runner-client";
import type { WorkbenchRunnerClient } from "../../../../_lib/runner-client";
import { previewPath } from "../../../../_lib/workbench/preview-key";
import { sandboxRoute } from "../../../../_lib/workbench/route";

export const dynamic = "force-dynamic";

type View = (runner: WorkbenchRunnerClient, id: string, query: URLSearchParams) => Promise<unknown>;

function required(query: URLSearchParams, name: string): string {
  const value = query.get(name);
  if (!value) throw new RunnerError("bad_request", 400, `Paramètre « ${name} » manquant.`, `missing query parameter ${name}`);
  return value;
}

/** What the workbench reads about the sandbox's own Docker (all read-only). */
const views: Record<string, View> = {
  async ports(runner, id): Promise<PortsResponse> {
    const secret = getConfig().runnerSecret!;
    const ports = await runner.ports(id);
    return { ports: ports.map((p) => ({ ...p, previewPath: p.protocol === "tcp" ? previewPath(secret, id, p.port) : null })) };
  },
  async images(runner, id): Promise<ImagesResponse> {
    return { images: await runner.images(id) };
  },
  async containers(runner, id): Promise<ContainersResponse> {
    return { containers: await runner.containers(id) };
  },
  async layers(runner, id, query): Promise<LayersResponse> {
    const { id: imageId, ref, layers } = await runner.layers(id, required(query, "image"));
    return { id: imageId, ref, layers: layers.map(({ diffId, instruction, size, created }) => ({ diffId, instruction, size, created })) };
  },
  async diff(runner, id, query): Promise<DiffResponse> {
    return { changes: await runner.diff(id, required(query, "container")) };
  },
};

/** GET /api/sandbox/:id/(ports|images|containers|layers?image=|diff?container=) for the sandbox's owner. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string; view: string }> }) {
  const { id, view } = await params;
  const read = Object.hasOwn(views, view) ? views[view] : undefined;
  if (!read) return apiError(404, "no_route", "Adresse inconnue.");
  return sandboxRoute(request, `GET /api/sandbox/${id}/${view}`, id, ({ runner }) => read(runner, id, request.nextUrl.searchParams));
}
