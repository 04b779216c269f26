import type { DiffNode } from "./diff-tree";

export const KIND_LABEL_FR = { A: "Ajouté", C: "Modifié", D: "Supprimé" } as const;

export const KIND_STYLE = {
  A: "bg-emerald-500 text-white",
  C: "bg-amber-500 text-white",
  D: "bg-rose-500 text-white",
} as const;

const KIND_TEXT = {
  A: "text-emerald-700 dark:text-emerald-300",
  C: "text-amber-700 dark:text-amber-300",
  D: "text-rose-700 line-through dark:text-rose-300",
} as const;

/** `docker diff` as a tree, each entry coloured by what happened to it. */
export function DiffTreeView({ node, depth = 0 }: { node: DiffNode; depth?: number }) {
  return (
    <ul className={depth === 0 ? "font-mono text-[0.78rem]" : ""} role={depth === 0 ? "tree" : "group"}>
      {node.children.map((child) => (
        <li key={child.path} role="treeitem" aria-label={`${child.path}${child.kind ? ` : ${KIND_LABEL_FR[child.kind]}` : ""}`} aria-expanded={child.children.length > 0 ? true : undefined}>
          <div className="flex items-center gap-1.5 py-0.5" style={{ paddingLeft: depth * 16 }}>
            {child.kind ? (
              <span className={`grid size-4 shrink-0 place-items-center rounded text-[0.6rem] font-bold ${KIND_STYLE[child.kind]}`} title={KIND_LABEL_FR[child.kind]}>
                {child.kind}
              </span>
            ) : (
              <span className="size-4 shrink-0" />
            )}
            <span className={child.kind ? KIND_TEXT[child.kind] : "text-slate-500"}>
              {child.name}
              {child.children.length > 0 ? "/" : ""}
            </span>
          </div>
          {child.children.length > 0 && <DiffTreeView node={child} depth={depth + 1} />}
        </li>
      ))}
    </ul>
  );
}
