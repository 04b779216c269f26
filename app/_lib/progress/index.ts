import "server-only";
import path from "node:path";
import { getConfig } from "../config";
import type { AppConfig } from "../config";
import { lazyDatabase } from "./db";
import type { Database, DatabaseTarget } from "./db";
import { EditorFilesStore } from "./editor-files";
import { ProgressStore } from "./store";

export { ProgressStore } from "./store";
export type { ExerciseProgress, LearnerProgress, QuizProgress } from "./store";
export { EditorFilesStore } from "./editor-files";
export type { StoredFile } from "./editor-files";

export const DATABASE_FILE = "quai.sqlite";

/** The configured database: PostgreSQL when QUAI_DATABASE_URL is set, else <QUAI_DATA_DIR>/quai.sqlite. */
export function databaseTarget(config: Pick<AppConfig, "dataDir" | "databaseUrl">): DatabaseTarget {
  return config.databaseUrl ? { postgres: config.databaseUrl } : { sqlite: path.join(config.dataDir, DATABASE_FILE) };
}

const holder = globalThis as typeof globalThis & { __quaiDb?: Database; __quaiProgressStore?: ProgressStore; __quaiEditorFiles?: EditorFilesStore };

/** The process-wide database, opened and migrated at its first query (kept across dev reloads). */
export function database(): Database {
  holder.__quaiDb ??= lazyDatabase(databaseTarget(getConfig()));
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
