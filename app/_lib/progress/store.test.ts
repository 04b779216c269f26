import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "./db";
import type { Db } from "./db";
import { ProgressStore } from "./store";

let dir: string;
let db: Db;
let clock: Date;
let store: ProgressStore;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "quai-progress-"));
  db = openDatabase(path.join(dir, "quai.sqlite"));
  clock = new Date("2025-01-01T10:00:00Z");
  store = new ProgressStore(db, () => clock);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const LEARNER = "0123456789abcdef0123456789abcdef";

describe("ProgressStore", () => {
  it("starts empty for an unknown learner", () => {
    expect(store.getProgress(LEARNER)).toEqual({ displayName: null, exercises: {}, quizzes: {} });
  });

  it("keeps an exercise réussi once passed, while tracking the last attempt", () => {
    store.recordExerciseResult(LEARNER, "premiers-pas-hello", { passed: false, feedback: "Aucun conteneur." });
    clock = new Date("2025-01-01T10:05:00Z");
    store.recordExerciseResult(LEARNER, "premiers-pas-hello", { passed: true, feedback: "Bravo." });
    clock = new Date("2025-01-01T10:09:00Z");
    const last = store.recordExerciseResult(LEARNER, "premiers-pas-hello", { passed: false, feedback: "Le conteneur a disparu." });
    expect(last).toEqual({ passed: true, lastPassed: false, attempts: 3, lastFeedback: "Le conteneur a disparu.", lastAttemptAt: "2025-01-01T10:09:00.000Z" });
    const row = db.prepare("SELECT first_attempt_at, passed_at FROM exercise_results").get();
    expect(row).toEqual({ first_attempt_at: "2025-01-01T10:00:00.000Z", passed_at: "2025-01-01T10:05:00.000Z" });
  });

  it("stores the latest quiz answer and counts attempts", () => {
    store.recordQuizAnswer(LEARNER, "quiz-1", { choices: [0], correct: false });
    const answer = store.recordQuizAnswer(LEARNER, "quiz-1", { choices: [1], correct: true });
    expect(answer).toEqual({ choices: [1], correct: true, attempts: 2, answeredAt: "2025-01-01T10:00:00.000Z" });
  });

  it("keeps learners apart", () => {
    const other = "fedcba9876543210fedcba9876543210";
    store.recordExerciseResult(LEARNER, "ex", { passed: true, feedback: "ok" });
    store.setDisplayName(other, "Camille");
    expect(store.getProgress(other)).toEqual({ displayName: "Camille", exercises: {}, quizzes: {} });
    expect(Object.keys(store.getProgress(LEARNER).exercises)).toEqual(["ex"]);
  });

  it("sets and clears the display name", () => {
    store.setDisplayName(LEARNER, "Camille");
    expect(store.getProgress(LEARNER).displayName).toBe("Camille");
    store.setDisplayName(LEARNER, null);
    expect(store.getProgress(LEARNER).displayName).toBeNull();
  });

  it("survives a reopen of the file", () => {
    store.recordExerciseResult(LEARNER, "ex", { passed: true, feedback: "ok" });
    db.close();
    db = openDatabase(path.join(dir, "quai.sqlite"));
    expect(new ProgressStore(db).getProgress(LEARNER).exercises.ex?.passed).toBe(true);
  });
});
