import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../progress/db";
import type { Db } from "../progress/db";
import { JOIN_CODE, WORKSHOP_ID } from "./contract";
import { WorkshopFullError, WorkshopStore } from "./store";

let dir: string;
let db: Db;
let clock: Date;
let store: WorkshopStore;
const A = "a".repeat(32);
const B = "b".repeat(32);
const C = "c".repeat(32);
const spec = { title: "Docker, jour 1", chapters: ["premiers-pas"], startsAt: "2025-01-01T09:00:00Z", endsAt: "2025-01-01T17:00:00Z", capacity: 2, sandboxMinutes: 120 };

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "quai-workshops-"));
  db = openDatabase(path.join(dir, "quai.sqlite"));
  clock = new Date("2025-01-01T10:00:00Z");
  store = new WorkshopStore(db, () => clock);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("WorkshopStore", () => {
  it("creates a workshop with an id the runner accepts as a reservation key and an unguessable code", () => {
    const w = store.create("camille", spec);
    expect(w.id).toMatch(WORKSHOP_ID);
    expect(w.id).toMatch(/^[a-z0-9][a-z0-9-]{0,63}$/);
    expect(w.joinCode).toMatch(JOIN_CODE);
    expect(store.byCode(w.joinCode)?.id).toBe(w.id);
    const codes = new Set(Array.from({ length: 200 }, () => store.create("camille", spec).joinCode));
    expect(codes.size).toBe(200);
  });

  it("lists a trainer's own workshops, and all of them for the admin", () => {
    const mine = store.create("camille", spec);
    const theirs = store.create("dominique", spec);
    expect(store.list("camille").map((w) => w.id)).toEqual([mine.id]);
    expect(store.list(null).map((w) => w.id).sort()).toEqual([mine.id, theirs.id].sort());
  });

  it("lets learners join up to the capacity; a returning learner keeps their place and may rename", () => {
    const w = store.create("camille", spec);
    store.join(w, A, "Alice");
    store.join(w, B, "Bruno");
    expect(() => store.join(w, C, "Chloé")).toThrow(WorkshopFullError);
    expect(store.join(w, A, "Alice M.").name).toBe("Alice M.");
    expect(store.members(w.id).map((m) => m.name)).toEqual(["Alice M.", "Bruno"]);
  });

  it("keeps workshops apart: a learner of A is not in B, and their latest workshop is the one their pages show", () => {
    const a = store.create("camille", spec);
    const b = store.create("dominique", spec);
    store.join(a, A, "Alice");
    expect(store.member(b.id, A)).toBeUndefined();
    expect(store.activeOf(A)?.workshop.id).toBe(a.id);
    clock = new Date("2025-01-01T11:00:00Z");
    store.join(b, A, "Alice");
    expect(store.activeOf(A)?.workshop.id).toBe(b.id);
    expect(store.activeOf(B)).toBeUndefined();
  });

  it("records attempts under the workshop: failures counted, passed stays passed", () => {
    const w = store.create("camille", spec);
    store.join(w, A, "Alice");
    store.recordAttempt(w.id, A, "hello", false);
    clock = new Date("2025-01-01T10:05:00Z");
    store.recordAttempt(w.id, A, "hello", true);
    store.recordAttempt(w.id, A, "hello", false);
    expect(store.attempts(w.id)).toEqual([
      { learnerId: A, exerciseId: "hello", attempts: 3, failures: 2, firstAttemptAt: "2025-01-01T10:00:00.000Z", lastAttemptAt: "2025-01-01T10:05:00.000Z", passedAt: "2025-01-01T10:05:00.000Z" },
    ]);
  });

  it("raises and resolves help, with its sentence", () => {
    const w = store.create("camille", spec);
    store.join(w, A, "Alice");
    store.raiseHelp(w.id, A, "mon conteneur s'arrête");
    expect(store.member(w.id, A)?.help).toEqual({ at: "2025-01-01T10:00:00.000Z", message: "mon conteneur s'arrête" });
    expect(store.resolveHelp(w.id, A)).toBe(true);
    expect(store.resolveHelp(w.id, A)).toBe(false);
    expect(store.member(w.id, A)?.help).toBeNull();
  });

  it("is closed once ended or past its end, and keeps its members and attempts", () => {
    const w = store.create("camille", spec);
    store.join(w, A, "Alice");
    store.recordAttempt(w.id, A, "hello", true);
    expect(store.isOpen(w)).toBe(true);
    store.end(w.id);
    const ended = store.get(w.id)!;
    expect(store.isOpen(ended)).toBe(false);
    expect(store.activeOf(A)).toBeUndefined();
    expect(store.members(w.id)).toHaveLength(1);
    expect(store.attempts(w.id)).toHaveLength(1);
    clock = new Date("2025-01-01T18:00:00Z");
    expect(store.isOpen(store.create("camille", spec))).toBe(false);
  });
});
