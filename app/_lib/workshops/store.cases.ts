import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TestBackend } from "../progress/test-backends";
import { JOIN_CODE, WORKSHOP_ID } from "./contract";
import { WorkshopFullError, WorkshopStore } from "./store";

const A = "a".repeat(32);
const B = "b".repeat(32);
const C = "c".repeat(32);
const spec = { title: "Docker, jour 1", chapters: ["premiers-pas"], startsAt: "2025-01-01T09:00:00Z", endsAt: "2025-01-01T17:00:00Z", capacity: 2, sandboxMinutes: 120 };

/** The workshop store's tests, run on SQLite (store.test.ts) and PostgreSQL (progress/postgres.integration.test.ts). */
export function workshopStoreCases(backend: () => TestBackend): void {
  let clock: Date;
  let store: WorkshopStore;

  beforeEach(async () => {
    const db = await backend().open(await backend().target());
    clock = new Date("2025-01-01T10:00:00Z");
    store = new WorkshopStore(db, () => clock);
  });
  afterEach(() => backend().closeAll());

  describe("WorkshopStore", () => {
    it("creates a workshop with an id the runner accepts as a reservation key and an unguessable code", async () => {
      const w = await store.create("camille", spec);
      expect(w.id).toMatch(WORKSHOP_ID);
      expect(w.id).toMatch(/^[a-z0-9][a-z0-9-]{0,63}$/);
      expect(w.joinCode).toMatch(JOIN_CODE);
      expect((await store.byCode(w.joinCode))?.id).toBe(w.id);
      const codes = new Set<string>();
      for (let i = 0; i < 200; i++) codes.add((await store.create("camille", spec)).joinCode);
      expect(codes.size).toBe(200);
    });

    it("lists a trainer's own workshops, and all of them for the admin", async () => {
      const mine = await store.create("camille", spec);
      const theirs = await store.create("dominique", spec);
      expect((await store.list("camille")).map((w) => w.id)).toEqual([mine.id]);
      expect((await store.list(null)).map((w) => w.id).sort()).toEqual([mine.id, theirs.id].sort());
    });

    it("lets learners join up to the capacity; a returning learner keeps their place and may rename", async () => {
      const w = await store.create("camille", spec);
      await store.join(w, A, "Alice");
      await store.join(w, B, "Bruno");
      await expect(store.join(w, C, "Chloé")).rejects.toThrow(WorkshopFullError);
      expect((await store.join(w, A, "Alice M.")).name).toBe("Alice M.");
      expect((await store.members(w.id)).map((m) => m.name)).toEqual(["Alice M.", "Bruno"]);
    });

    it("gives the last seat to only one of several learners joining at once", async () => {
      const w = await store.create("camille", { ...spec, capacity: 1 });
      const results = await Promise.allSettled([A, B, C].map((id) => store.join(w, id, `Personne ${id[0]}`)));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(WorkshopFullError);
      expect(await store.members(w.id)).toHaveLength(1);
    });

    it("keeps workshops apart: a learner of A is not in B, and their latest workshop is the one their pages show", async () => {
      const a = await store.create("camille", spec);
      const b = await store.create("dominique", spec);
      await store.join(a, A, "Alice");
      expect(await store.member(b.id, A)).toBeUndefined();
      expect((await store.activeOf(A))?.workshop.id).toBe(a.id);
      clock = new Date("2025-01-01T11:00:00Z");
      await store.join(b, A, "Alice");
      expect((await store.activeOf(A))?.workshop.id).toBe(b.id);
      expect(await store.activeOf(B)).toBeUndefined();
    });

    it("records attempts under the workshop: failures counted, passed stays passed", async () => {
      const w = await store.create("camille", spec);
      await store.join(w, A, "Alice");
      await store.recordAttempt(w.id, A, "hello", false);
      clock = new Date("2025-01-01T10:05:00Z");
      await store.recordAttempt(w.id, A, "hello", true);
      await store.recordAttempt(w.id, A, "hello", false);
      expect(await store.attempts(w.id)).toEqual([
        { learnerId: A, exerciseId: "hello", attempts: 3, failures: 2, firstAttemptAt: "2025-01-01T10:00:00.000Z", lastAttemptAt: "2025-01-01T10:05:00.000Z", passedAt: "2025-01-01T10:05:00.000Z" },
      ]);
    });

    it("tracks the chapter a learner is on and their last activity", async () => {
      const w = await store.create("camille", spec);
      await store.join(w, A, "Alice");
      clock = new Date("2025-01-01T10:07:00Z");
      await store.touch(w.id, A, "volumes");
      expect(await store.member(w.id, A)).toMatchObject({ chapter: "volumes", lastActivityAt: "2025-01-01T10:07:00.000Z" });
    });

    it("raises and resolves help, with its sentence", async () => {
      const w = await store.create("camille", spec);
      await store.join(w, A, "Alice");
      await store.raiseHelp(w.id, A, "mon conteneur s'arrête");
      expect((await store.member(w.id, A))?.help).toEqual({ at: "2025-01-01T10:00:00.000Z", message: "mon conteneur s'arrête" });
      expect(await store.resolveHelp(w.id, A)).toBe(true);
      expect(await store.resolveHelp(w.id, A)).toBe(false);
      expect((await store.member(w.id, A))?.help).toBeNull();
    });

    it("is closed once ended or past its end, and keeps its members and attempts", async () => {
      const w = await store.create("camille", spec);
      await store.join(w, A, "Alice");
      await store.recordAttempt(w.id, A, "hello", true);
      await store.setBroadcast(w.id, "Pause à 10 h 30");
      expect(store.isOpen(w)).toBe(true);
      await store.end(w.id);
      const ended = (await store.get(w.id))!;
      expect(ended.broadcast).toBe("Pause à 10 h 30");
      expect(store.isOpen(ended)).toBe(false);
      expect(await store.activeOf(A)).toBeUndefined();
      expect(await store.members(w.id)).toHaveLength(1);
      expect(await store.attempts(w.id)).toHaveLength(1);
      clock = new Date("2025-01-01T18:00:00Z");
      expect(store.isOpen(await store.create("camille", spec))).toBe(false);
    });
  });
}
