import type { ReactNode } from "react";

/**
 * A deliberately small highlighter for the two languages the course is made
 * of (shell and Dockerfile), run on the server: comments, strings,
 * variables, flags, commands and instructions. Other languages render plain.
 */

type Token = { kind: string | null; text: string };

const SHELL_PATTERN =
  /(?<comment>(?:^|(?<=\s))#.*$)|(?<string>'[^']*'?|"(?:[^"\\]|\\.)*"?)|(?<var>\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\$[0-9?@#$!*-]|\$\()|(?<flag>(?<=^|\s)--?[A-Za-z0-9][\w.-]*)|(?<op>\|\||&&|[|;]|>>?|<<-?|\\$)/g;

const DOCKERFILE_INSTRUCTIONS =
  /^(\s*)(FROM|RUN|CMD|LABEL|MAINTAINER|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|WORKDIR|ARG|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL)\b/i;

export function highlight(code: string, lang: string): ReactNode {
  if (lang === "sh" || lang === "bash" || lang === "shell") return render(shellTokens(code));
  if (lang === "dockerfile") return render(dockerfileTokens(code));
  return code;
}

function render(tokens: Token[]): ReactNode[] {
  return tokens.map((t, i) => (t.kind ? <span key={i} className={`tok-${t.kind}`}>{t.text}</span> : t.text));
}

function shellTokens(code: string): Token[] {
  const tokens: Token[] = [];
  let heredocEnd: string | null = null;
  const lines = code.split("\n");
  lines.forEach((line, index) => {
    const newline = index < lines.length - 1 ? "\n" : "";
    if (heredocEnd !== null) {
      tokens.push({ kind: "heredoc", text: line });
      if (line.trim() === heredocEnd) heredocEnd = null;
      tokens.push({ kind: null, text: newline });
      return;
    }
    const marker = /<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/.exec(line);
    if (marker) heredocEnd = marker[2]!;
    tokens.push(...shellLine(line), { kind: null, text: newline });
  });
  return tokens;
}

/** Tokens of one shell line; the first word of each command is marked as the command. */
function shellLine(line: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  let expectCommand = true;
  const pushPlain = (text: string) => {
    if (!text) return;
    if (expectCommand) {
      const m = /^(\s*)([A-Za-z_][\w.-]*)(.*)$/s.exec(text);
      if (m) {
        if (m[1]) tokens.push({ kind: null, text: m[1] });
        const isAssignment = m[3]!.startsWith("=");
        tokens.push({ kind: isAssignment ? null : "cmd", text: m[2]! });
        if (m[3]) tokens.push({ kind: null, text: m[3] });
        expectCommand = false;
        return;
      }
      if (text.trim()) expectCommand = false;
    }
    tokens.push({ kind: null, text });
  };
  for (const match of line.matchAll(SHELL_PATTERN)) {
    pushPlain(line.slice(last, match.index));
    const groups = match.groups!;
    const kind = Object.keys(groups).find((k) => groups[k] !== undefined) ?? null;
    tokens.push({ kind, text: match[0] });
    if (kind === "op" && /^(\|\||&&|[|;])$/.test(match[0])) expectCommand = true;
    else if (kind !== "comment") expectCommand = false;
    last = match.index + match[0].length;
  }
  pushPlain(line.slice(last));
  return tokens;
}

function dockerfileTokens(code: string): Token[] {
  const tokens: Token[] = [];
  const lines = code.split("\n");
  lines.forEach((line, index) => {
    const newline = index < lines.length - 1 ? "\n" : "";
    if (/^\s*#/.test(line)) {
      tokens.push({ kind: "comment", text: line }, { kind: null, text: newline });
      return;
    }
    const instruction = DOCKERFILE_INSTRUCTIONS.exec(line);
    let rest = line;
    if (instruction) {
      tokens.push({ kind: null, text: instruction[1]! }, { kind: "keyword", text: instruction[2]! });
      rest = line.slice(instruction[0].length);
    }
    for (const t of shellLine(rest)) tokens.push(t.kind === "cmd" ? { kind: null, text: t.text } : t);
    tokens.push({ kind: null, text: newline });
  });
  return tokens;
}
