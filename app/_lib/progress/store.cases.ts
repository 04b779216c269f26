import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database, DatabaseTarget } from "./db";
import { EditorFilesStore } from "./editor-files";
import { ProgressStore } from "./store";
import type { TestBackend } from "./test-backends";

const LEARNER = "0123456789abcdef0123456789abcdef";
const OTHER = "fedcba9876543210fedcba9876543210";

/** The progress and editor stores' tests, run on SQLite (store.test.ts) and PostgreSQL (postgres.integration.test.ts). */
export function progressStoreCases(backend: () => TestBackend): void {
  let target: DatabaseTarget;
  let db: Database;
  let clock: Date;
  let store: ProgressStore;
  let editor: EditorFilesStore;

  beforeEach(async () => {
    target = await backend().target();
    db = await backend().open(target);
    clock = new Date("2025-01-01T10:00:00Z");
    store = new ProgressStore(db, () => clock);
    editor = new EditorFilesStore(db, () => clock);
  });
  afterEach(() => backend().closeAll());

  describe("ProgressStore", () => {
    it("starts empty for an unknown learner", async () => {
      expect(await store.getProgress(LEARNER)).toEqual({ displayName: null, exercises: {}, quizzes: {} });
      expect(await store.hasLearner(LEARNER)).toBe(false);
    });

    it("keeps an exercise réussi once passed, while tracking the last attempt", async () => {
      await store.recordExerciseResult(LEARNER, "premiers-pas-hello", { passed: false, feedback: "Aucun conteneur." });
      clock = new Date("2025-01-01T10:05:00Z");
      await store.recordExerciseResult(LEARNER, "premiers-pas-hello", { passed: true, feedback: "Bravo." });
      clock = new Date("2025-01-01T10:09:00Z");
      const last = await store.recordExerciseResult(LEARNER, "premiers-pas-hello", { passed: false, feedback: "Le conteneur a disparu." });
      expect(last).toEqual({ passed: true, lastPassed: false, attempts: 3, lastFeedback: "Le conteneur a disparu.", lastAttemptAt: "2025-01-01T10:09:00.000Z" });
      const row = await db.get("SELECT first_attempt_at, passed_at FROM exercise_results");
      expect(row).toEqual({ first_attempt_at: "2025-01-01T10:00:00.000Z", passed_at: "2025-01-01T10:05:00.000Z" });
    });

    it("counts every one of simultaneous checks of the same exercise", async () => {
      await Promise.all(Array.from({ length: 8 }, (_, i) => store.recordExerciseResult(LEARNER, "ex", { passed: i === 3, feedback: `essai ${i}` })));
      expect((await store.getProgress(LEARNER)).exercises.ex).toMatchObject({ passed: true, attempts: 8 });
    });

    it("stores the latest quiz answer and counts attempts", async () => {
      await store.recordQuizAnswer(LEARNER, "quiz-1", { choices: [0], correct: false });
      const answer = await store.recordQuizAnswer(LEARNER, "quiz-1", { choices: [1], correct: true });
      expect(answer).toEqual({ choices: [1], correct: true, attempts: 2, answeredAt: "2025-01-01T10:00:00.000Z" });
    });

    it("keeps learners apart", async () => {
      await store.recordExerciseResult(LEARNER, "ex", { passed: true, feedback: "ok" });
      await store.setDisplayName(OTHER, "Camille");
      expect(await store.getProgress(OTHER)).toEqual({ displayName: "Camille", exercises: {}, quizzes: {} });
      expect(Object.keys((await store.getProgress(LEARNER)).exercises)).toEqual(["ex"]);
    });

    it("sets and clears the display name", async () => {
      await store.setDisplayName(LEARNER, "Camille");
      expect((await store.getProgress(LEARNER)).displayName).toBe("Camille");
      await store.setDisplayName(LEARNER, null);
      expect((await store.getProgress(LEARNER)).displayName).toBeNull();
    });

    it("survives a reopen of the database", async () => {
      await store.recordExerciseResult(LEARNER, "ex", { passed: true, feedback: "ok" });
      await db.close();
      const again = await backend().open(target);
      expect(await new ProgressStore(again).hasLearner(LEARNER)).toBe(true);
      expect((await new ProgressStore(again).getProgress(LEARNER)).exercises.ex?.passed).toBe(true);
    });
  });

  describe("EditorFilesStore", () => {
    it("keeps each chapter's files apart, sorted by path, and survives a reopen", async () => {
      await editor.replace(LEARNER, "dockerfile", [
        { path: "site/index.html", content: "<h1>Salut</h1>" },
        { path: "site/Dockerfile", content: "FROM nginx:latest" },
      ]);
      await editor.replace(LEARNER, "multi-etapes", [{ path: "go/main.go", content: "package main" }]);
      await db.close();
      const again = await backend().open(target);
      expect(await new EditorFilesStore(again).list(LEARNER, "dockerfile")).toEqual([
        { path: "site/Dockerfile", content: "FROM nginx:latest" },
        { path: "site/index.html", content: "<h1>Salut</h1>" },
      ]);
    });

    it("replaces the whole set and says which files went away", async () => {
      await editor.replace(LEARNER, "dockerfile", [{ path: "a", content: "1" }, { path: "b", content: "2" }]);
      expect(await editor.replace(LEARNER, "dockerfile", [{ path: "b", content: "3" }, { path: "c", content: "4" }])).toEqual(["a"]);
      expect(await editor.list(LEARNER, "dockerfile")).toEqual([{ path: "b", content: "3" }, { path: "c", content: "4" }]);
      expect(await editor.list(OTHER, "dockerfile")).toEqual([]);
    });

    it("keeps one whole set when two saves of the same chapter cross", async () => {
      const a = [{ path: "x", content: "A" }, { path: "y", content: "A" }];
      const b = [{ path: "y", content: "B" }, { path: "z", content: "B" }];
      await Promise.all([editor.replace(LEARNER, "dockerfile", a), editor.replace(LEARNER, "dockerfile", b), store.ensureLearner(OTHER)]);
      expect([a, b]).toContainEqual(await editor.list(LEARNER, "dockerfile"));
    });

    it("leaves the files as they were when a save fails half-way", async () => {
      await editor.replace(LEARNER, "dockerfile", [{ path: "a", content: "1" }]);
      // The same path twice breaks the primary key on the second insert: nothing of the save may remain.
      await expect(editor.replace(LEARNER, "dockerfile", [{ path: "b", content: "2" }, { path: "b", content: "3" }])).rejects.toThrow();
      expect(await editor.list(LEARNER, "dockerfile")).toEqual([{ path: "a", content: "1" }]);
    });
  });
}
