"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import type { ContainersResponse, DiffResponse, ImagesResponse, LayersResponse } from "../../../_lib/api-types";
import { RefreshIcon } from "../../ui/icons";
import { apiFetch } from "../api";
import { onTablistKeyDown } from "../ui/tablist-keys";
import { countKinds, diffTree } from "./diff-tree";
import { DiffTreeView, KIND_LABEL_FR, KIND_STYLE } from "./diff-tree-view";
import { formatBytes, sharedLayerCount } from "./layer-math";
import { LayerStack, TONES } from "./layer-stack";

interface Props {
  sandboxId: string;
  /** The tab is on screen: images and containers are read again each time it opens. */
  active: boolean;
  /** An image to show first (« Voir les couches » after a build). */
  focusImage: string | null;
}

type Mode = "image" | "diff";
const MODES: readonly Mode[] = ["image", "diff"];

type Loaded<T> = { status: "idle" | "loading" } | { status: "ready"; data: T } | { status: "error"; message: string };

function useLoad<T>(url: string | null, version: number): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ status: "idle" });
  useEffect(() => {
    if (!url) {
      setState({ status: "idle" });
      return;
    }
    const controller = new AbortController();
    setState((s) => (s.status === "ready" ? s : { status: "loading" }));
    apiFetch<T>(url, { signal: controller.signal })
      .then((data) => setState({ status: "ready", data }))
      .catch((e: Error) => e.name !== "AbortError" && setState({ status: "error", message: e.message }));
    return () => controller.abort();
  }, [url, version]);
  return state;
}

const refOf = (i: { repository: string; tag: string; id: string }) => (i.repository === "<none>" ? i.id : i.tag === "<none>" ? i.repository : `${i.repository}:${i.tag}`);

/** « Couches »: an image as a pile of layers, two images side by side, a container's changes. */
export default function LayersPanel({ sandboxId, active, focusImage }: Props) {
  const [mode, setMode] = useState<Mode>("image");
  const [version, setVersion] = useState(0);
  const [image, setImage] = useState<string>("");
  const [other, setOther] = useState<string>("");
  const [container, setContainer] = useState<string>("");
  const refresh = useCallback(() => setVersion((v) => v + 1), []);

  const images = useLoad<ImagesResponse>(`/api/sandbox/${sandboxId}/images`, version);
  const containers = useLoad<ContainersResponse>(mode === "diff" ? `/api/sandbox/${sandboxId}/containers` : null, version);
  const refs = useMemo(() => (images.status === "ready" ? images.data.images.map(refOf) : []), [images]);

  useEffect(() => {
    if (active) refresh();
  }, [active, refresh]);
  useEffect(() => {
    if (focusImage) {
      setMode("image");
      setImage(focusImage);
      refresh();
    }
  }, [focusImage, refresh]);
  useEffect(() => {
    if (!image && refs.length > 0) setImage(refs[0]!);
  }, [image, refs]);
  useEffect(() => {
    if (containers.status === "ready" && !container && containers.data.containers.length > 0) setContainer(containers.data.containers[0]!.name);
  }, [containers, container]);

  const layersA = useLoad<LayersResponse>(mode === "image" && image ? `/api/sandbox/${sandboxId}/layers?image=${encodeURIComponent(image)}` : null, version);
  const layersB = useLoad<LayersResponse>(mode === "image" && other ? `/api/sandbox/${sandboxId}/layers?image=${encodeURIComponent(other)}` : null, version);
  const diff = useLoad<DiffResponse>(mode === "diff" && container ? `/api/sandbox/${sandboxId}/diff?container=${encodeURIComponent(container)}` : null, version);

  const a = layersA.status === "ready" ? layersA.data : null;
  const b = other && layersB.status === "ready" ? layersB.data : null;
  const shared = a && b ? sharedLayerCount(a.layers.map((l) => l.diffId), b.layers.map((l) => l.diffId)) : 0;
  const sharedBytes = a ? a.layers.filter((l) => l.diffId !== null).slice(0, shared).reduce((s, l) => s + l.size, 0) : 0;

  const select = "min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-xs text-slate-800 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100";
  const problem = [images, layersA, layersB, containers, diff].find((s) => s.status === "error") as { message: string } | undefined;

  return (
    <div className="flex h-full min-h-0 flex-col bg-white dark:bg-slate-950">
      <div className="flex shrink-0 flex-wrap items-center gap-2 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
        <div className="flex rounded-lg bg-slate-100 p-0.5 text-xs font-semibold dark:bg-slate-800" role="tablist" aria-label="Que regarder" onKeyDown={(e) => onTablistKeyDown(e, MODES, mode, setMode)}>
          {(
            [
              ["image", "Couches", " d'une image"],
              ["diff", "Modifications", " d'un conteneur"],
            ] as const
          ).map(([value, label, more]) => (
            <button key={value} type="button" role="tab" data-tab={value} aria-selected={mode === value} tabIndex={mode === value ? 0 : -1} onClick={() => setMode(value)} className={`rounded-md px-2.5 py-1 ${mode === value ? "bg-white text-slate-900 shadow-sm dark:bg-slate-950 dark:text-white" : "text-slate-600 dark:text-slate-300"}`}>
              {label}
              <span className="@max-md:sr-only">{more}</span>
            </button>
          ))}
        </div>
        <button type="button" onClick={refresh} className="icon-btn ml-auto size-7 text-base" aria-label="Actualiser" title="Actualiser">
          <RefreshIcon />
        </button>
      </div>

      <div className="min-h-0 flex-1 overflow-y-auto px-4 py-4">
        {problem && (
          <p className="mb-3 rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800 dark:bg-rose-500/10 dark:text-rose-200" role="alert">
            {problem.message}
          </p>
        )}

        {mode === "image" && (
          <>
            <div className="mb-4 flex flex-wrap items-center gap-x-3 gap-y-2 text-xs text-slate-600 dark:text-slate-300">
              <label className="flex min-w-0 items-center gap-1.5">
                Image
                <select className={select} value={image} onChange={(e) => setImage(e.target.value)} aria-label="Image à explorer">
                  {refs.length === 0 && <option value="">(aucune image)</option>}
                  {refs.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </label>
              <label className="flex min-w-0 items-center gap-1.5">
                comparer avec
                <select className={select} value={other} onChange={(e) => setOther(e.target.value)} aria-label="Image à comparer">
                  <option value="">—</option>
                  {refs
                    .filter((r) => r !== image)
                    .map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                </select>
              </label>
            </div>

            {images.status === "ready" && refs.length === 1 && (
              <p className="mb-4 text-xs text-slate-500 dark:text-slate-400">
                Une seule image pour l&apos;instant. Pour voir les couches qu&apos;elle partage avec son image de base, téléchargez celle-ci (par exemple <span className="font-mono">docker pull nginx</span>) puis comparez-les.
              </p>
            )}
            {images.status === "ready" && refs.length === 0 && (
              <p className="text-sm text-slate-500 dark:text-slate-400">Votre bac à sable n&apos;a encore aucune image. Lancez par exemple <span className="font-mono">docker pull nginx</span>, ou construisez votre Dockerfile.</p>
            )}

            {a && b && (
              <p className="mb-4 rounded-lg bg-slate-100 px-3 py-2 text-sm text-slate-700 dark:bg-slate-800/70 dark:text-slate-200" data-testid="shared-summary">
                {shared > 0 ? (
                  <>
                    <strong>
                      {shared} couche{shared > 1 ? "s" : ""} partagée{shared > 1 ? "s" : ""}
                    </strong>{" "}
                    ({formatBytes(sharedBytes)}) : stockée{shared > 1 ? "s" : ""} une seule fois sur le disque, et jamais téléchargée{shared > 1 ? "s" : ""} deux fois.
                  </>
                ) : (
                  <>Ces deux images ne partagent aucune couche.</>
                )}
              </p>
            )}

            {a && b && (
              <ul className="mb-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-300" aria-label="Légende">
                {(
                  [
                    ["shared", "partagées"],
                    ["brand", `propres à ${a.ref}`],
                    ["violet", `propres à ${b.ref}`],
                  ] as const
                ).map(([tone, label]) => (
                  <li key={tone} className="flex items-center gap-1.5">
                    <span className={`size-3 rounded-sm ${TONES[tone].swatch}`} aria-hidden="true" />
                    {label}
                  </li>
                ))}
              </ul>
            )}
            <div className="flex items-end gap-4 @max-xl:flex-col @max-xl:items-stretch">
              {a && <LayerStack title={a.ref} layers={a.layers} shared={shared} tone="brand" />}
              {b && <LayerStack title={b.ref} layers={b.layers} shared={shared} tone="violet" />}
            </div>
            {a && (
              <p className="mt-4 text-xs leading-relaxed text-slate-500 dark:text-slate-400">
                La base est en bas, chaque instruction empile sa couche au-dessus. La hauteur suit la taille (échelle logarithmique). Les lignes fines sont des instructions qui ne créent pas de couche (ENV, CMD, EXPOSE…).
              </p>
            )}
          </>
        )}

        {mode === "diff" && (
          <>
            <div className="mb-3 flex flex-wrap items-center gap-3 text-xs text-slate-600 dark:text-slate-300">
              <label className="flex min-w-0 items-center gap-1.5">
                Conteneur
                <select className={select} value={container} onChange={(e) => setContainer(e.target.value)} aria-label="Conteneur à examiner">
                  {containers.status === "ready" && containers.data.containers.length === 0 && <option value="">(aucun conteneur)</option>}
                  {containers.status === "ready" &&
                    containers.data.containers.map((c) => (
                      <option key={c.id} value={c.name}>
                        {c.name} ({c.image}, {c.state})
                      </option>
                    ))}
                </select>
              </label>
              <span className="flex items-center gap-3">
                {(["A", "C", "D"] as const).map((k) => (
                  <span key={k} className="flex items-center gap-1">
                    <span className={`grid size-4 place-items-center rounded text-[0.6rem] font-bold ${KIND_STYLE[k]}`}>{k}</span>
                    {KIND_LABEL_FR[k]}
                    {diff.status === "ready" && <span className="text-slate-400">({countKinds(diff.data.changes)[k]})</span>}
                  </span>
                ))}
              </span>
            </div>
            <p className="mb-3 text-xs text-slate-500 dark:text-slate-400">
              Ce que le conteneur a changé dans sa couche inscriptible, par rapport à son image (<span className="font-mono">docker diff</span>).
            </p>
            {diff.status === "ready" && (diff.data.changes.length === 0 ? <p className="text-sm text-slate-500">Aucune modification : le conteneur n&apos;a rien écrit.</p> : <DiffTreeView node={diffTree(diff.data.changes)} />)}
            {containers.status === "ready" && containers.data.containers.length === 0 && <p className="text-sm text-slate-500 dark:text-slate-400">Aucun conteneur dans votre bac à sable. Lancez-en un, puis revenez ici.</p>}
          </>
        )}
      </div>
    </div>
  );
}
