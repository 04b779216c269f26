/**
 * Good-practice hints for a Dockerfile, each tied to the section of the
 * course that explains it (anchors of content/chapters/08-dockerfile.md; a
 * test checks they exist). Hints, not errors: the build still runs.
 */
export const HINTS_CHAPTER = "dockerfile";

export type HintRule = "no-user" | "no-healthcheck" | "apt-update-alone" | "add-instead-of-copy" | "maintainer" | "unpinned-base";

export interface DockerfileHint {
  rule: HintRule;
  /** 1-based line the hint points at. */
  line: number;
  message: string;
  /** Heading anchor in the « Écrire un Dockerfile » chapter. */
  anchor: string;
}

export const HINT_ANCHORS: Record<HintRule, string> = {
  "no-user": "user--ne-pas-tourner-en-root",
  "no-healthcheck": "healthcheck--vérifier-que-lapplication-va-bien",
  "apt-update-alone": "des-couches-moins-nombreuses-et-propres",
  "add-instead-of-copy": "copy-et-add--faire-entrer-des-fichiers",
  maintainer: "label--des-métadonnées",
  "unpinned-base": "récapitulatif",
};

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

/** Instructions with their continuation lines joined, comments and blank lines skipped. */
export function instructionsOf(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split(/\r?\n/);
  let current: { text: string; line: number } | null = null;
  lines.forEach((raw, i) => {
    const trimmed = raw.trim();
    if (current === null && (trimmed === "" || trimmed.startsWith("#"))) return;
    if (current !== null && trimmed.startsWith("#")) return; // comment inside a continuation
    const continued = /\\\s*$/.test(raw);
    const piece = raw.replace(/\\\s*$/, "");
    current = current === null ? { text: piece, line: i + 1 } : { text: `${current.text.trimEnd()} ${piece.trim()}`, line: current.line };
    if (!continued) {
      const m = /^\s*([A-Za-z]+)\s*(.*)$/.exec(current.text);
      if (m) out.push({ keyword: m[1]!.toUpperCase(), args: m[2]!.trim(), line: current.line });
      current = null;
    }
  });
  return out;
}

const ARCHIVE = /\.(?:tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst)$/i;

function hint(rule: HintRule, line: number, message: string): DockerfileHint {
  return { rule, line, message, anchor: HINT_ANCHORS[rule] };
}

/** The hints for one Dockerfile, in line order. */
export function dockerfileHints(text: string): DockerfileHint[] {
  const instructions = instructionsOf(text);
  const froms = instructions.filter((i) => i.keyword === "FROM");
  if (froms.length === 0) return [];
  const hints: DockerfileHint[] = [];
  const stages = new Set<string>();

  for (const ins of instructions) {
    if (ins.keyword === "FROM") {
      const words = ins.args.split(/\s+/).filter((w) => !w.startsWith("--"));
      const image = words[0] ?? "";
      const alias = words[1]?.toUpperCase() === "AS" ? words[2] : undefined;
      const isStage = stages.has(image.toLowerCase());
      if (alias) stages.add(alias.toLowerCase());
      if (isStage || image === "scratch" || image.includes("$") || image.includes("@")) continue;
      const lastPart = image.slice(image.lastIndexOf("/") + 1);
      const tag = lastPart.includes(":") ? lastPart.slice(lastPart.indexOf(":") + 1) : null;
      if (tag === null) hints.push(hint("unpinned-base", ins.line, `« ${image} » sans tag désigne ${image}:latest, qui change sans prévenir : épinglez une version (par exemple ${image}:1.27).`));
      else if (tag === "latest") hints.push(hint("unpinned-base", ins.line, `Le tag « latest » change sans prévenir : épinglez une version précise de l'image de base.`));
    } else if (ins.keyword === "MAINTAINER") {
      hints.push(hint("maintainer", ins.line, "MAINTAINER est déprécié : écrivez LABEL org.opencontainers.image.authors=\"…\" à la place."));
    } else if (ins.keyword === "ADD") {
      const sources = ins.args
        .split(/\s+/)
        .filter((w) => w && !w.startsWith("--"))
        .slice(0, -1);
      if (sources.length > 0 && sources.every((s) => !/^https?:\/\//.test(s) && !ARCHIVE.test(s) && !s.startsWith("git@"))) {
        hints.push(hint("add-instead-of-copy", ins.line, "ADD ne sert ici qu'à copier : utilisez COPY, plus prévisible. ADD se justifie pour extraire une archive locale."));
      }
    } else if (ins.keyword === "RUN" && /\bapt(?:-get)?\s+update\b/.test(ins.args) && !/\bapt(?:-get)?\s+(?:-\S+\s+)*(?:install|upgrade|dist-upgrade)\b/.test(ins.args)) {
      hints.push(hint("apt-update-alone", ins.line, "apt-get update seul dans un RUN : sa couche restera en cache et un build ultérieur installera depuis un index périmé. Enchaînez update et install dans le même RUN."));
    }
  }

  // USER and HEALTHCHECK matter for the image that runs: the last stage.
  const lastFrom = froms.at(-1)!;
  const finalStage = instructions.filter((i) => i.line >= lastFrom.line);
  const user = finalStage.filter((i) => i.keyword === "USER").at(-1);
  if (!user || /^(?:root|0)(?::.*)?$/.test(user.args)) {
    hints.push(hint("no-user", user?.line ?? lastFrom.line, "Le conteneur tournera en root : ajoutez une instruction USER avec un utilisateur sans privilèges (par exemple USER 10001:10001)."));
  }
  if (!finalStage.some((i) => i.keyword === "HEALTHCHECK")) {
    hints.push(hint("no-healthcheck", lastFrom.line, "Pas de HEALTHCHECK : Docker saura que le conteneur tourne, pas qu'il fonctionne."));
  }
  return hints.sort((a, b) => a.line - b.line);
}
