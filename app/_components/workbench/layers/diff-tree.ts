/** `docker diff` as a tree: folders first, each node with its change kind (A added, C changed, D deleted). */
export type ChangeKind = "A" | "C" | "D";

export interface DiffNode {
  name: string;
  path: string;
  kind: ChangeKind | null;
  children: DiffNode[];
}

export function diffTree(changes: ReadonlyArray<{ kind: ChangeKind; path: string }>): DiffNode {
  const root: DiffNode = { name: "/", path: "/", kind: null, children: [] };
  for (const change of changes) {
    let node = root;
    const parts = change.path.split("/").filter(Boolean);
    parts.forEach((name, i) => {
      const path = `/${parts.slice(0, i + 1).join("/")}`;
      let child = node.children.find((c) => c.name === name);
      if (!child) {
        child = { name, path, kind: null, children: [] };
        node.children.push(child);
      }
      node = child;
    });
    node.kind = change.kind;
  }
  sort(root);
  return root;
}

function sort(node: DiffNode): void {
  node.children.sort((a, b) => Number(b.children.length > 0) - Number(a.children.length > 0) || a.name.localeCompare(b.name));
  node.children.forEach(sort);
}

export function countKinds(changes: ReadonlyArray<{ kind: ChangeKind }>): Record<ChangeKind, number> {
  const counts: Record<ChangeKind, number> = { A: 0, C: 0, D: 0 };
  for (const c of changes) counts[c.kind]++;
  return counts;
}
