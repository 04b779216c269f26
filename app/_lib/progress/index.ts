import path from "node:path";
import { getConfig } from "../config";
import { openDatabase } from "./db";
import { ProgressStore } from "./store";

export { ProgressStore } from "./store";
export type { ExerciseProgress, LearnerProgress, QuizProgress } from "./store";

export const DATABASE_FILE = "quai.sqlite";

const holder = globalThis as typeof globalThis & { __quaiProgressStore?: ProgressStore };

/** The process-wide store over <QUAI_DATA_DIR>/quai.sqlite (kept across dev reloads). */
export function getProgressStore(): ProgressStore {
  holder.__quaiProgressStore ??= new ProgressStore(openDatabase(path.join(getConfig().dataDir, DATABASE_FILE)));
  return holder.__quaiProgressStore;
}
