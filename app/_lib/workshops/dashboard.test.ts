import { describe, expect, it } from "vitest";
import { actionSchema, createWorkshopSchema, joinSchema } from "./contract";
import { progressCsv } from "./csv";
import { buildDashboard, exerciseSummary } from "./dashboard";
import { mayRun } from "./server";

const workshop = {
  id: "w-abcdefghijkl",
  trainer: "camille",
  title: "Atelier",
  chapters: ["ch"],
  startsAt: "2025-01-01T09:00:00.000Z",
  endsAt: "2025-01-01T17:00:00.000Z",
  capacity: 10,
  sandboxMinutes: 60,
  joinCode: "ABCDEFGH",
  createdAt: "2025-01-01T08:00:00.000Z",
  endedAt: null,
  broadcast: null,
  broadcastAt: null,
};
const member = (learnerId: string, name: string) => ({ workshopId: workshop.id, learnerId, name, joinedAt: "2025-01-01T09:00:00.000Z", lastActivityAt: "2025-01-01T09:30:00.000Z", chapter: "ch", help: null });
const attempt = (learnerId: string, exerciseId: string, failures: number, passedAt: string | null, firstAttemptAt = "2025-01-01T09:10:00.000Z") => ({ learnerId, exerciseId, attempts: failures + (passedAt ? 1 : 0), failures, firstAttemptAt, lastAttemptAt: firstAttemptAt, passedAt });

const dashboard = buildDashboard({
  workshop,
  chapters: [{ slug: "ch", title: "Chapitre" }],
  exercises: [
    { id: "ex1", title: "Premier", chapter: "ch" },
    { id: "ex2", title: "Second", chapter: "ch" },
  ],
  members: [member("a".repeat(32), "Alice"), member("b".repeat(32), "=Bruno, \"B\"")],
  attempts: [attempt("a".repeat(32), "ex1", 1, "2025-01-01T09:20:00.000Z"), attempt("a".repeat(32), "ex2", 2, null, "2025-01-01T09:40:00.000Z"), attempt("b".repeat(32), "ex2", 4, null, "2025-01-01T09:15:00.000Z"), attempt("b".repeat(32), "autre", 9, null)],
  connected: (id) => id.startsWith("a"),
  watched: () => false,
  sandboxExpiresAt: () => null,
  reservation: null,
  now: 0,
});

describe("the dashboard", () => {
  it("counts passed, attempted and failed tries per learner, for the workshop's exercises only", () => {
    expect(dashboard.roster.map((r) => [r.name, r.connected, r.passed, r.attempted, r.failures])).toEqual([
      ["Alice", true, 1, 2, 3],
      ["=Bruno, \"B\"", false, 0, 1, 4],
    ]);
  });
  it("shows per exercise who passed and who is stuck longest", () => {
    const [ex1, ex2] = exerciseSummary(dashboard);
    expect(ex1).toMatchObject({ passed: 1, trying: 0 });
    expect(ex2!.stuck.map((s) => s.name)).toEqual(["=Bruno, \"B\"", "Alice"]);
  });
  it("exports one row per learner and one column per exercise, safe for spreadsheets", () => {
    const lines = progressCsv(dashboard).replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(lines[0]).toBe("Nom,Arrivée,Dernière activité,Exercices réussis,Exercices tentés,Essais ratés,Premier (ex1),Second (ex2)");
    expect(lines[1]).toBe("Alice,2025-01-01T09:00:00.000Z,2025-01-01T09:30:00.000Z,1,2,3,réussi,en cours (2 essais)");
    expect(lines[2]).toBe(`"'=Bruno, ""B""",2025-01-01T09:00:00.000Z,2025-01-01T09:30:00.000Z,0,1,4,,en cours (4 essais)`);
  });
});

describe("authorisation", () => {
  it("lets a trainer run their own workshops only, and the admin all", () => {
    expect(mayRun({ name: "camille", admin: false }, workshop)).toBe(true);
    expect(mayRun({ name: "dominique", admin: false }, workshop)).toBe(false);
    expect(mayRun({ name: "admin", admin: true }, workshop)).toBe(true);
  });
});

describe("input schemas", () => {
  it("reads a code however it is typed, and says in French what is wrong", () => {
    expect(joinSchema.parse({ code: " abcd-efgh ", name: " Alice " })).toEqual({ code: "ABCDEFGH", name: "Alice" });
    expect(joinSchema.safeParse({ code: "ABCD", name: "Alice" }).error?.issues[0]?.message).toMatch(/^Ce code ne ressemble pas/);
    expect(joinSchema.safeParse({ code: "ABCDEFGH", name: "" }).error?.issues[0]?.message).toBe("Votre nom est obligatoire.");
  });
  it("refuses a workshop that ends before it starts, and unknown actions", () => {
    const bad = createWorkshopSchema.safeParse({ title: "x", chapters: ["ch"], startsAt: "2025-01-01T10:00:00Z", endsAt: "2025-01-01T09:00:00Z", capacity: 5, sandboxMinutes: 60 });
    expect(bad.error?.issues[0]?.message).toBe("La fin doit venir après le début.");
    expect(actionSchema.safeParse({ type: "rm -rf" }).success).toBe(false);
    expect(actionSchema.safeParse({ type: "reset", learner: "../x" }).success).toBe(false);
  });
});
