import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BACKUP_DATABASE, backupDataDir, backupProblemFr, listBackups, restoreDataDir, verifyBackup } from "./backup";
import { openDatabase, schemaVersion } from "./db";
import { EditorFilesStore } from "./editor-files";
import { MIGRATIONS } from "./migrations";
import { ProgressStore } from "./store";

const FILE = "quai.sqlite";
let dataDir: string;
beforeEach(() => {
  dataDir = path.join(mkdtempSync(path.join(tmpdir(), "quai-backup-")), "data");
});
afterEach(() => rmSync(path.dirname(dataDir), { recursive: true, force: true }));

async function seed(learners: string[]): Promise<void> {
  const db = await openDatabase({ sqlite: path.join(dataDir, FILE) });
  const store = new ProgressStore(db);
  for (const id of learners) {
    await store.ensureLearner(id);
    await store.recordExerciseResult(id, "images/premier-run", { passed: true, feedback: "Bravo" });
  }
  await db.close();
  writeFileSync(path.join(dataDir, "site-secret"), "a".repeat(64), { mode: 0o600 });
}

const learnerIds = (file: string) => {
  const db = new Database(file, { readonly: true });
  const ids = (db.prepare("SELECT id FROM learners ORDER BY id").all() as Array<{ id: string }>).map((r) => r.id);
  db.close();
  return ids;
};

describe("backupDataDir", () => {
  it("copies the database and the site secret into a private folder that restore accepts", async () => {
    await seed(["alice", "bruno"]);
    const info = await backupDataDir(dataDir, FILE);
    expect(info).toMatchObject({ learners: 2, schemaVersion: MIGRATIONS.length });
    expect(path.dirname(info.dir)).toBe(path.join(dataDir, "backups"));
    expect(learnerIds(path.join(info.dir, BACKUP_DATABASE))).toEqual(["alice", "bruno"]);
    expect(readFileSync(path.join(info.dir, "site-secret"), "utf8")).toBe("a".repeat(64));
    expect(statSync(info.dir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(info.dir, BACKUP_DATABASE)).mode & 0o777).toBe(0o600);
    expect(listBackups(path.join(dataDir, "backups"))).toEqual([info.dir]);
  });

  it("says so when the data folder has no database", async () => {
    const error = await backupDataDir(dataDir, FILE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/no database there/);
    // What the self-hoster reads (npm run backup): French, with what to check.
    expect(backupProblemFr(error)).toMatch(/^Il n'y a pas de base de données dans .* Vérifiez QUAI_DATA_DIR/);
  });

  // Another process writes pairs of rows (one learner, one result) in
  // transactions as fast as it can while the backup runs: a consistent copy
  // has exactly one result per learner, never half a transaction.
  it("is consistent while another process writes", async () => {
    await seed(["alice"]);
    const live = path.join(dataDir, FILE);
    const writer = spawn(process.execPath, [
      "-e",
      `const D = require("better-sqlite3"); const db = new D(${JSON.stringify(live)}); db.pragma("busy_timeout = 5000");
       const add = db.transaction((i) => {
         db.prepare("INSERT INTO learners (id, created_at, last_seen_at) VALUES (?, 'now', 'now')").run("w" + i);
         db.prepare("INSERT INTO exercise_results VALUES (?, 'x', 1, 1, 1, 'ok', 'now', 'now', 'now')").run("w" + i);
       });
       let i = 0; process.stdout.write("ready\\n"); for (;;) add(i++);`,
    ], { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] });
    try {
      await new Promise<void>((resolve) => writer.stdout.once("data", () => resolve()));
      await new Promise((r) => setTimeout(r, 200));
      const backups = [];
      for (let n = 0; n < 3; n++) backups.push(await backupDataDir(dataDir, FILE, path.join(dataDir, "backups"), new Date(Date.now() + n)));
      for (const b of backups) {
        const db = new Database(path.join(b.dir, BACKUP_DATABASE), { readonly: true });
        const learners = (db.prepare("SELECT count(*) AS n FROM learners").get() as { n: number }).n;
        const results = (db.prepare("SELECT count(*) AS n FROM exercise_results").get() as { n: number }).n;
        db.close();
        expect(learners).toBeGreaterThan(1);
        expect(results).toBe(learners);
      }
      // The writer was really writing during the backups.
      expect(backups.at(-1)!.learners).toBeGreaterThan(backups[0]!.learners);
    } finally {
      writer.kill("SIGKILL");
    }
  });
});

describe("restoreDataDir", () => {
  it("puts a backup back, keeps the replaced data as a backup, and restores the secret", async () => {
    await seed(["alice"]);
    const backup = await backupDataDir(dataDir, FILE);
    await seed(["zoe"]); // progress made after the backup, which the restore replaces
    writeFileSync(path.join(dataDir, "site-secret"), "b".repeat(64));
    const result = await restoreDataDir(dataDir, FILE, backup.dir);
    expect(learnerIds(path.join(dataDir, FILE))).toEqual(["alice"]);
    expect(readFileSync(path.join(dataDir, "site-secret"), "utf8")).toBe("a".repeat(64));
    expect(result.secretRestored).toBe(true);
    expect(result.safety?.dir).toMatch(/-avant-restauration$/);
    expect(learnerIds(path.join(result.safety!.dir, BACKUP_DATABASE))).toEqual(["alice", "zoe"]);
  });

  it("is seen by a connection that stays open (a running site) at its next query", async () => {
    await seed(["alice"]);
    const backup = await backupDataDir(dataDir, FILE);
    const site = await openDatabase({ sqlite: path.join(dataDir, FILE) });
    const store = new ProgressStore(site);
    await store.ensureLearner("zoe");
    expect(await store.hasLearner("zoe")).toBe(true);
    await restoreDataDir(dataDir, FILE, backup.dir);
    expect(await store.hasLearner("zoe")).toBe(false);
    expect((await store.getProgress("alice")).exercises["images/premier-run"]?.passed).toBe(true);
    await site.close();
  });

  it("into an empty data folder, creates a private database", async () => {
    await seed(["alice"]);
    const backup = await backupDataDir(dataDir, FILE, path.join(path.dirname(dataDir), "elsewhere"));
    const fresh = path.join(path.dirname(dataDir), "fresh");
    const result = await restoreDataDir(fresh, FILE, backup.dir);
    expect(result.safety).toBeUndefined();
    expect(learnerIds(path.join(fresh, FILE))).toEqual(["alice"]);
    expect(statSync(path.join(fresh, FILE)).mode & 0o777).toBe(0o600);
  });

  it("brings a backup from an older schema up to date", async () => {
    const old = path.join(path.dirname(dataDir), "old-backup");
    const db = await openDatabase({ sqlite: path.join(old, BACKUP_DATABASE) }, MIGRATIONS.slice(0, 1));
    await db.run("INSERT INTO learners (id, created_at, last_seen_at) VALUES ('ancien', 'now', 'now')");
    await db.close();
    const result = await restoreDataDir(dataDir, FILE, old);
    expect(result.migrated).toEqual({ from: 1, to: MIGRATIONS.length });
    const live = await openDatabase({ sqlite: path.join(dataDir, FILE) });
    expect(await schemaVersion(live)).toBe(MIGRATIONS.length);
    expect(await new EditorFilesStore(live).list("ancien", "images")).toEqual([]);
    await live.close();
  });

  it("refuses what is not a backup, a damaged file, or one from a newer Quai, and leaves the data as it was", async () => {
    await seed(["alice"]);
    const notBackup = path.join(path.dirname(dataDir), "rien");
    await expect(restoreDataDir(dataDir, FILE, notBackup)).rejects.toThrow("is not a Quai backup");
    expect(backupProblemFr(await restoreDataDir(dataDir, FILE, notBackup).catch((e: unknown) => e))).toContain("n'est pas une sauvegarde de Quai");

    const damaged = path.join(path.dirname(dataDir), "abimee");
    const good = await backupDataDir(dataDir, FILE, damaged);
    const bytes = readFileSync(path.join(good.dir, BACKUP_DATABASE));
    bytes.fill(0x42, 4096, 8192); // a page of garbage in the middle
    writeFileSync(path.join(good.dir, BACKUP_DATABASE), bytes);
    await expect(restoreDataDir(dataDir, FILE, good.dir)).rejects.toThrow(/damaged|malformed|not a database/);

    const newer = path.join(path.dirname(dataDir), "future");
    const db = await openDatabase({ sqlite: path.join(newer, BACKUP_DATABASE) });
    await db.run("UPDATE schema_version SET version = 99");
    await db.close();
    expect(() => verifyBackup(newer)).toThrow(`comes from a newer Quai (schema 99, this one knows up to ${MIGRATIONS.length}): upgrade Quai first`);
    await expect(restoreDataDir(dataDir, FILE, newer)).rejects.toThrow("upgrade Quai first");
    expect(backupProblemFr(await restoreDataDir(dataDir, FILE, newer).catch((e: unknown) => e))).toMatch(/^Cette sauvegarde vient d'une version plus récente de Quai .* mettez d'abord Quai à jour\.$/);

    expect(learnerIds(path.join(dataDir, FILE))).toEqual(["alice"]);
    expect(listBackups(path.join(dataDir, "backups"))).toEqual([]);
  });
});

describe("npm run backup / restore with PostgreSQL configured", () => {
  it.each(["backup", "restore"] as const)("%s refuses in French, points to pg_dump/pg_restore, and touches nothing", async (command) => {
    const script = path.join(__dirname, "..", "..", "..", "scripts", "data", `${command}.ts`);
    const child = spawn(process.execPath, ["--import", "tsx", script, path.join(dataDir, "backups", "quai-x")], {
      env: { ...process.env, QUAI_DATA_DIR: dataDir, QUAI_DATABASE_URL: "postgres://quai:secret@127.0.0.1:1/quai" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    expect(err).toContain(`npm run ${command} ne sait faire que la ${command === "backup" ? "sauvegarde" : "restauration"} du fichier quai.sqlite`);
    expect(err).toContain(command === "backup" ? "pg_dump" : "pg_restore");
    expect(err).not.toContain("secret");
    expect(() => statSync(dataDir)).toThrow();
  }, 30_000);
});
