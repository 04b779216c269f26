import path from "node:path";
import { getConfig } from "../config";
import { openDatabase } from "./db";
import type { Db } from "./db";
import { EditorFilesStore } from "./editor-files";
import { ProgressStore } from "./store";

export { ProgressStore } from "./store";
export type { ExerciseProgress, LearnerProgress, QuizProgress } from "./store";
export { EditorFilesStore } from "./editor-files";
export type { StoredFile } from "./editor-files";

export const DATABASE_FILE = "quai.sqlite";

const holder = globalThis as typeof globalThis & { __quaiDb?: Db; __quaiProgressStore?: ProgressStore; __quaiEditorFiles?: EditorFilesStore };

/** The process-wide database <QUAI_DATA_DIR>/quai.sqlite (kept across dev reloads). */
export function database(): Db {
  holder.__quaiDb ??= openDatabase(path.join(getConfig().dataDir, DATABASE_FILE));
  return holder.__quaiDb;
}

export function getProgressStore(): ProgressStore {
  holder.__quaiProgressStore ??= new ProgressStore(database());
  return holder.__quaiProgressStore;
}

export function getEditorFiles(): EditorFilesStore {
  holder.__quaiEditorFiles ??= new EditorFilesStore(database());
  return holder.__quaiEditorFiles;
}
