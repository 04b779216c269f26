import type { LayerView } from "../../../_lib/api-types";
import { formatBytes, layerHeight, shortInstruction } from "./layer-math";

export type StackTone = "brand" | "violet";

/** Layer colours; the legend above the stacks uses the swatches. */
export const TONES: Record<StackTone | "shared", { layer: string; swatch: string }> = {
  shared: {
    layer: "bg-teal-100 text-teal-950 ring-teal-300 dark:bg-teal-400/20 dark:text-teal-50 dark:ring-teal-400/40",
    swatch: "bg-teal-300 dark:bg-teal-400/60",
  },
  brand: {
    layer: "bg-brand-100 text-brand-950 ring-brand-300 dark:bg-brand-500/25 dark:text-brand-50 dark:ring-brand-400/40",
    swatch: "bg-brand-300 dark:bg-brand-400/60",
  },
  violet: {
    layer: "bg-violet-100 text-violet-950 ring-violet-300 dark:bg-violet-500/25 dark:text-violet-50 dark:ring-violet-400/40",
    swatch: "bg-violet-300 dark:bg-violet-400/60",
  },
};

/** What a layer says about itself; an image's first layer often has no recorded instruction. */
function labelOf(instruction: string, position: number): string {
  if (instruction) return shortInstruction(instruction);
  return position === 0 ? "Système de fichiers de base de l'image" : "(instruction non enregistrée)";
}

interface Props {
  title: string;
  layers: LayerView[];
  /** How many content layers at the bottom this image shares with the other one (compare mode). */
  shared: number;
  tone: StackTone;
}

/**
 * One image as a pile of layers, the base at the bottom. A layer's height
 * follows its size on a log scale (a 246-byte COPY stays visible next to an
 * 80 MB base); instructions that change no file sit between as thin lines.
 */
export function LayerStack({ title, layers, shared, tone }: Props) {
  const content = layers.filter((l) => l.diffId !== null);
  const total = content.reduce((sum, l) => sum + l.size, 0);
  let index = 0;
  const rows = layers.map((layer, i) => {
    if (layer.diffId === null) return { layer, i, position: -1 };
    return { layer, i, position: index++ };
  });

  return (
    <figure className="min-w-0 flex-1" aria-label={`Couches de ${title}`}>
      <figcaption className="mb-2 flex items-baseline justify-between gap-2">
        <span className="truncate font-mono text-sm font-semibold text-slate-900 dark:text-white">{title}</span>
        <span className="shrink-0 text-xs text-slate-500 dark:text-slate-400">
          {content.length} couche{content.length > 1 ? "s" : ""} · {formatBytes(total)}
        </span>
      </figcaption>
      <ol className="flex flex-col-reverse gap-[3px]" data-testid="layer-stack">
        {rows.map(({ layer, i, position }) =>
          position < 0 ? (
            <li key={i} className="flex items-center gap-2 px-2 py-px font-mono text-[0.68rem] text-slate-400 dark:text-slate-500" title={`${layer.instruction} — métadonnées seulement, aucune couche`}>
              <span className="h-px w-3 shrink-0 bg-slate-300 dark:bg-slate-600" aria-hidden="true" />
              <span className="truncate">{shortInstruction(layer.instruction, 70)}</span>
            </li>
          ) : (
            <li
              key={i}
              className={`flex items-center gap-2 rounded-md px-2.5 ring-1 ring-inset ${TONES[position < shared ? "shared" : tone].layer}`}
              style={{ minHeight: layerHeight(layer.size) }}
              title={layer.instruction}
              data-shared={position < shared ? "true" : undefined}
            >
              <span className="w-5 shrink-0 text-[0.65rem] font-bold opacity-50 tabular-nums">{position + 1}</span>
              <span className={`min-w-0 flex-1 truncate text-[0.74rem] ${layer.instruction ? "font-mono" : "italic opacity-80"}`}>{labelOf(layer.instruction, position)}</span>
              <span className="shrink-0 font-mono text-[0.7rem] font-semibold tabular-nums">{formatBytes(layer.size)}</span>
            </li>
          ),
        )}
      </ol>
    </figure>
  );
}
