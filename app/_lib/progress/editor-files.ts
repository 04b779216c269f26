import type { Db } from "./db";

export interface StoredFile {
  path: string;
  content: string;
}

/** The workbench editor's files: one set per learner and chapter, replaced as a whole on save. */
export class EditorFilesStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(learnerId: string, chapter: string): StoredFile[] {
    return this.db.prepare("SELECT path, content FROM editor_files WHERE learner_id = ? AND chapter = ? ORDER BY path").all(learnerId, chapter) as StoredFile[];
  }

  /** Replaces the chapter's files; returns the paths that existed before and are gone now. */
  replace(learnerId: string, chapter: string, files: readonly StoredFile[]): string[] {
    const at = this.now().toISOString();
    const run = this.db.transaction(() => {
      const before = (this.db.prepare("SELECT path FROM editor_files WHERE learner_id = ? AND chapter = ?").all(learnerId, chapter) as Array<{ path: string }>).map((r) => r.path);
      this.db.prepare("INSERT INTO learners (id, created_at, last_seen_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET last_seen_at = excluded.last_seen_at").run(learnerId, at, at);
      this.db.prepare("DELETE FROM editor_files WHERE learner_id = ? AND chapter = ?").run(learnerId, chapter);
      const insert = this.db.prepare("INSERT INTO editor_files (learner_id, chapter, path, content, updated_at) VALUES (?, ?, ?, ?, ?)");
      for (const file of files) insert.run(learnerId, chapter, file.path, file.content, at);
      const kept = new Set(files.map((f) => f.path));
      return before.filter((p) => !kept.has(p));
    });
    return run.immediate();
  }
}
