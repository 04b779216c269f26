import { describe, expect, it } from "vitest";
import { formatTimeLeft } from "../session/time-left";
import { addTerminal, initialList, parseList, removeTerminal, terminalLabel, terminalPrefix } from "./terminal-ids";

describe("terminal ids per chapter", () => {
  it("start with one terminal named after the chapter, in the runner's alphabet", () => {
    expect(initialList("dockerfile")).toEqual({ ids: ["dockerfile-1"], active: "dockerfile-1", next: 2 });
    expect(terminalPrefix("un-chapitre-au-nom-vraiment-tres-long-pour-un-id")).toBe("un-chapitre-au-nom-vraiment");
    expect(`${terminalPrefix("un-chapitre-au-nom-vraiment-tres-long-pour-un-id")}-99`).toMatch(/^[a-z0-9-]{1,36}$/);
  });

  it("add, close and survive a reload", () => {
    let list = addTerminal("reseau", initialList("reseau"));
    expect(list).toEqual({ ids: ["reseau-1", "reseau-2"], active: "reseau-2", next: 3 });
    list = removeTerminal("reseau", list, "reseau-2");
    expect(list).toEqual({ ids: ["reseau-1"], active: "reseau-1", next: 3 });
    expect(parseList("reseau", JSON.stringify(list))).toEqual(list);
    expect(removeTerminal("reseau", list, "reseau-1")).toEqual({ ids: ["reseau-3"], active: "reseau-3", next: 4 });
    expect(terminalLabel("reseau-3")).toBe("Terminal 3");
  });

  it("ignore what localStorage should not hold", () => {
    expect(parseList("x", "{not json")).toEqual(initialList("x"));
    expect(parseList("x", JSON.stringify({ ids: ["BAD ID", "x-4"], active: "nope" }))).toEqual({ ids: ["x-4"], active: "x-4", next: 5 });
  });
});

describe("time left", () => {
  it("reads like a French clock", () => {
    expect([0, 30_000, 12 * 60_000, 60 * 60_000, 112 * 60_000].map(formatTimeLeft)).toEqual(["expiré", "moins d'une minute", "12 min", "1 h", "1 h 52"]);
  });
});
