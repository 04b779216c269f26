import type { Database } from "./database";
import { touchLearner } from "./store";

export interface StoredFile {
  path: string;
  content: string;
}

/** The workbench editor's files: one set per learner and chapter, replaced as a whole on save. */
export class EditorFilesStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(learnerId: string, chapter: string): Promise<StoredFile[]> {
    const files = await this.db.all<StoredFile>("SELECT path, content FROM editor_files WHERE learner_id = $1 AND chapter = $2", [learnerId, chapter]);
    // Sorted here, by code point: PostgreSQL's ORDER BY follows the server's locale.
    return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** Replaces the chapter's files; returns the paths that existed before and are gone now. */
  replace(learnerId: string, chapter: string, files: readonly StoredFile[]): Promise<string[]> {
    const at = this.now().toISOString();
    return this.db.transaction(async (tx) => {
      const before = (await tx.all<{ path: string }>("SELECT path FROM editor_files WHERE learner_id = $1 AND chapter = $2", [learnerId, chapter])).map((r) => r.path);
      await touchLearner(tx, learnerId, at);
      await tx.run("DELETE FROM editor_files WHERE learner_id = $1 AND chapter = $2", [learnerId, chapter]);
      for (const file of files) await tx.run("INSERT INTO editor_files (learner_id, chapter, path, content, updated_at) VALUES ($1, $2, $3, $4, $5)", [learnerId, chapter, file.path, file.content, at]);
      const kept = new Set(files.map((f) => f.path));
      return before.filter((p) => !kept.has(p));
    });
  }
}
