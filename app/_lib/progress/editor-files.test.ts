import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "./db";
import type { Db } from "./db";
import { EditorFilesStore } from "./editor-files";

let dir: string;
let db: Db;
let store: EditorFilesStore;
const LEARNER = "0123456789abcdef0123456789abcdef";

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "quai-editor-"));
  db = openDatabase(path.join(dir, "quai.sqlite"));
  store = new EditorFilesStore(db, () => new Date("2025-01-01T10:00:00Z"));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("EditorFilesStore", () => {
  it("keeps each chapter's files apart, sorted by path, and survives a reopen", () => {
    store.replace(LEARNER, "dockerfile", [
      { path: "site/index.html", content: "<h1>Salut</h1>" },
      { path: "site/Dockerfile", content: "FROM nginx:latest" },
    ]);
    store.replace(LEARNER, "multi-etapes", [{ path: "go/main.go", content: "package main" }]);
    db.close();
    db = openDatabase(path.join(dir, "quai.sqlite"));
    expect(new EditorFilesStore(db).list(LEARNER, "dockerfile")).toEqual([
      { path: "site/Dockerfile", content: "FROM nginx:latest" },
      { path: "site/index.html", content: "<h1>Salut</h1>" },
    ]);
  });

  it("replaces the whole set and says which files went away", () => {
    store.replace(LEARNER, "dockerfile", [{ path: "a", content: "1" }, { path: "b", content: "2" }]);
    expect(store.replace(LEARNER, "dockerfile", [{ path: "b", content: "3" }, { path: "c", content: "4" }])).toEqual(["a"]);
    expect(store.list(LEARNER, "dockerfile")).toEqual([{ path: "b", content: "3" }, { path: "c", content: "4" }]);
    expect(store.list("fedcba9876543210fedcba9876543210", "dockerfile")).toEqual([]);
  });
});
