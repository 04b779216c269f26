import { describe, expect, it } from "vitest";
import { findings, formatFinding, isAllowedWord, isIgnoredRule, parseWordList } from "./grammalecte";
import type { Allowances, GrammalecteOutput } from "./grammalecte";
import { PLACEHOLDER } from "./segments";

const allow: Allowances = {
  words: parseWordList("# commentaire\nnginx\nDockerfile   # avec sa casse\n\nredis\n"),
  rules: new Map([
    ["num_grand_nombre_soudé", "identifiants"],
    ["gv1__imp_verbe_*", "troisième personne"],
  ]),
};

describe("parseWordList and isAllowedWord", () => {
  it("reads one word a line, comments and blank lines aside", () => {
    expect([...allow.words]).toEqual(["nginx", "Dockerfile", "redis"]);
  });

  it("accepts a lower-case entry in any case, a capitalised one only as written", () => {
    expect(isAllowedWord("Nginx", allow)).toBe(true);
    expect(isAllowedWord("Dockerfile", allow)).toBe(true);
    expect(isAllowedWord("dockerfile", allow)).toBe(false);
  });

  it("accepts elided forms, code-shaped words and the placeholder, not other words", () => {
    expect(isAllowedWord("l'nginx", allow)).toBe(true);
    expect(isAllowedWord("d’nginx", allow)).toBe(true);
    expect(isAllowedWord("v1.2", allow)).toBe(true);
    expect(isAllowedWord("camelCase", allow)).toBe(true);
    expect(isAllowedWord(PLACEHOLDER, allow)).toBe(true);
    expect(isAllowedWord("conteneurr", allow)).toBe(false);
  });
});

describe("isIgnoredRule", () => {
  it("matches a rule by its id or by a family written with a trailing *", () => {
    expect(isIgnoredRule("num_grand_nombre_soudé", allow.rules)).toBe(true);
    expect(isIgnoredRule("gv1__imp_verbe_groupe1__b1_a1_1", allow.rules)).toBe(true);
    expect(isIgnoredRule("gv1__ppas_être", allow.rules)).toBe(false);
  });
});

describe("findings", () => {
  const segments = [
    { file: "content/chapters/01.md", line: 4, text: "Le conteneurr démarre avec nginx." },
    { file: "content/chapters/01.md", line: 9, text: `Les image est prête ; ${PLACEHOLDER} tourne, et redis aussi. 10001 utilisateurs.` },
  ];
  const output: GrammalecteOutput = {
    data: [
      { iParagraph: 1, lSpellingErrors: [{ sValue: "conteneurr", nStart: 3 }, { sValue: "nginx", nStart: 27 }], lGrammarErrors: [] },
      {
        iParagraph: 2,
        lSpellingErrors: [],
        lGrammarErrors: [
          { nStart: 0, nEnd: 9, sRuleId: "g3__gn_les_1m", sMessage: "Accord de nombre erroné." },
          { nStart: 22, nEnd: 30, sRuleId: "g3__placeholder", sMessage: "Sur le code." },
          { nStart: 42, nEnd: 47, sRuleId: "g2__conf_de_vconj", sMessage: "« redis » est une forme verbale." },
          { nStart: 55, nEnd: 60, sRuleId: "num_grand_nombre_soudé", sMessage: "Grands nombres." },
        ],
      },
    ],
  };

  it("keeps misspelt words and grammar errors, minus the vocabulary, the code and the ignored rules", () => {
    const found = findings(segments, output, allow);
    expect(found.map((f) => [f.segment.line, f.kind, f.word, f.rule])).toEqual([
      [4, "spelling", "conteneurr", undefined],
      [9, "grammar", "Les image", "g3__gn_les_1m"],
    ]);
  });

  it("prints where, what and the sentence, spaces made visible", () => {
    const [, grammar] = findings(segments, output, allow);
    expect(formatFinding(grammar!)).toBe(
      `content/chapters/01.md:9: grammar (g3__gn_les_1m): Accord de nombre erroné. — "Les image"\n    in: Les image est prête ; ${PLACEHOLDER} tourne, et redis aussi. 10001 utilisateurs.`,
    );
  });
});
