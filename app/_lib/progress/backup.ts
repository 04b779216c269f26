import "server-only";
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { SITE_SECRET_FILE } from "../site-secret";
import { ensurePrivateDir, ensurePrivateFile, makePrivateIfPresent } from "../data-files";
import { openDatabase, schemaVersion } from "./db";
import { MIGRATIONS } from "./migrations";

/**
 * Backups of the data folder while Quai runs. A backup is a folder holding a
 * copy of the progress database made with SQLite's online backup (one
 * consistent snapshot, even while the site writes) and the site's secret
 * (without it, learners' cookies no longer match their progress).
 */
export const BACKUP_DATABASE = "quai.sqlite";
export const BACKUPS_DIR = "backups";

/**
 * `npm run backup` and `restore` copy the SQLite file; a PostgreSQL database
 * is the server's to back up (pg_dump). The French refusal the scripts print
 * when QUAI_DATABASE_URL is set; null when they may run.
 */
export function postgresRefusal(config: { databaseUrl: string | undefined }, command: "backup" | "restore"): string | null {
  if (!config.databaseUrl) return null;
  const what = command === "backup" ? "sauvegarde" : "restauration";
  const tool = command === "backup" ? "pg_dump" : "pg_restore";
  const script = `npm run ${command}`;
  const file = "quai.sqlite";
  const doc = "docs/installation.md";
  return `Quai garde ses données dans PostgreSQL (QUAI_DATABASE_URL) : ${script} ne sait faire que la ${what} du fichier ${file}. Utilisez ${tool} sur votre serveur PostgreSQL (voir ${doc}, « Sauvegarder avec PostgreSQL »).`;
}

export interface BackupInfo {
  dir: string;
  schemaVersion: number;
  learners: number;
}

// All remaining pages in one step: the copy is made under one read
// transaction, so writers running meanwhile (WAL) never force it to restart.
const ALL_PAGES = 0x7fffffff;

const LIST_BACKUPS = "npm run restore";

/** A problem the self-hoster can act on: `fr` says what happened and what to do; `message` stays the developer's. */
export class BackupProblem extends Error {
  override name = "BackupProblem";
  constructor(
    readonly fr: string,
    message: string,
  ) {
    super(message);
  }
}

/** The French explanation of a backup or restore failure, when it is one a person can act on (along the chain of causes). */
export function backupProblemFr(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) if (e instanceof BackupProblem) return e.fr;
  return undefined;
}

/** Copies the live database (and the site secret) into a new folder under `backupsDir`. */
export async function backupDataDir(dataDir: string, databaseFile: string, backupsDir = path.join(dataDir, BACKUPS_DIR), now = new Date()): Promise<BackupInfo> {
  const live = path.join(dataDir, databaseFile);
  if (!existsSync(live))
    throw new BackupProblem(
      `Il n'y a pas de base de données dans ${dataDir} : Quai a-t-il déjà tourné avec ce dossier de données ? Vérifiez QUAI_DATA_DIR (pour le service : /etc/quai/quai.env).`,
      `back up ${live}: no database there (has Quai run with this data folder?)`,
    );
  ensurePrivateDir(backupsDir);
  const name = `quai-${now.toISOString().replace(/[-:]/g, "")}`;
  const dir = path.join(backupsDir, name);
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { mode: 0o700 });
  try {
    const source = new Database(live, { readonly: true, fileMustExist: true });
    try {
      await source.backup(path.join(partial, BACKUP_DATABASE), { progress: () => ALL_PAGES });
    } finally {
      source.close();
    }
    makePrivateIfPresent(path.join(partial, BACKUP_DATABASE));
    const secret = path.join(dataDir, SITE_SECRET_FILE);
    if (existsSync(secret)) copyFileSync(secret, path.join(partial, SITE_SECRET_FILE));
    makePrivateIfPresent(path.join(partial, SITE_SECRET_FILE));
    const info = verifyBackup(partial);
    if (existsSync(dir)) throw new BackupProblem(`Le dossier ${dir} existe déjà : attendez une seconde et recommencez.`, `${dir} already exists`);
    renameSync(partial, dir);
    return { ...info, dir };
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw new Error(`back up ${live}: ${(error as Error).message}`, { cause: error });
  }
}

/** Checks a backup folder: a sound SQLite file whose schema this code can read. */
export function verifyBackup(dir: string): BackupInfo {
  const file = path.join(dir, BACKUP_DATABASE);
  if (!existsSync(file)) throw new BackupProblem(`${dir} n'est pas une sauvegarde de Quai (il n'y a pas de fichier ${BACKUP_DATABASE} dedans). Pour voir la liste des sauvegardes : ${LIST_BACKUPS}.`, `${dir} is not a Quai backup (no ${BACKUP_DATABASE} in it)`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new Error(`open ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    const check = db.pragma("integrity_check", { simple: true });
    if (check !== "ok") throw new BackupProblem(`Cette sauvegarde est abîmée (${file} ne passe pas la vérification d'intégrité) : choisissez-en une autre.`, `${file} is damaged (integrity check: ${String(check)})`);
    const hasVersion = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
    const version = hasVersion ? (db.prepare("SELECT version FROM schema_version").get() as { version: number } | undefined)?.version ?? 0 : 0;
    const latest = MIGRATIONS.length;
    if (version > latest)
      throw new BackupProblem(
        `Cette sauvegarde vient d'une version plus récente de Quai (schéma de données v${version}, celle-ci connaît jusqu'à v${latest}) : mettez d'abord Quai à jour.`,
        `${file} comes from a newer Quai (schema ${version}, this one knows up to ${latest}): upgrade Quai first`,
      );
    const hasLearners = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'learners'").get();
    const learners = hasLearners ? (db.prepare("SELECT count(*) AS n FROM learners").get() as { n: number }).n : 0;
    return { dir, schemaVersion: version, learners };
  } finally {
    db.close();
  }
}

/**
 * Puts a backup back: the live database's content is replaced through
 * SQLite's backup API (a running site sees the restored data at its next
 * query, never a half-copied file), then brought to this code's schema. The
 * current data is first saved as a backup itself, so a restore can be undone.
 * Returns the safety backup and what was restored.
 */
export async function restoreDataDir(dataDir: string, databaseFile: string, backupDir: string): Promise<{ restored: BackupInfo; safety: BackupInfo | undefined; secretRestored: boolean; migrated: { from: number; to: number } }> {
  const restored = verifyBackup(backupDir);
  ensurePrivateDir(dataDir);
  const live = path.join(dataDir, databaseFile);
  const safety = existsSync(live) ? await backupDataDir(dataDir, databaseFile, path.join(dataDir, BACKUPS_DIR), new Date()).then((info) => renameAsSafety(info)) : undefined;
  const source = new Database(path.join(backupDir, BACKUP_DATABASE), { readonly: true, fileMustExist: true });
  try {
    ensurePrivateFile(live);
    await source.backup(live, { progress: () => ALL_PAGES });
  } catch (error) {
    throw new Error(`restore ${backupDir} into ${live}: ${(error as Error).message}`, { cause: error });
  } finally {
    source.close();
  }
  // A backup from an older Quai is brought to this code's schema now, not
  // at the site's next start.
  const db = await openDatabase({ sqlite: live });
  const migrated = { from: restored.schemaVersion, to: await schemaVersion(db) };
  await db.close();
  let secretRestored = false;
  const secret = path.join(backupDir, SITE_SECRET_FILE);
  if (existsSync(secret)) {
    copyFileSync(secret, path.join(dataDir, SITE_SECRET_FILE));
    makePrivateIfPresent(path.join(dataDir, SITE_SECRET_FILE));
    secretRestored = true;
  }
  return { restored, safety, secretRestored, migrated };
}

function renameAsSafety(info: BackupInfo): BackupInfo {
  const dir = `${info.dir}-avant-restauration`;
  renameSync(info.dir, dir);
  return { ...info, dir };
}

/** The backups under `backupsDir`, newest first. */
export function listBackups(backupsDir: string): string[] {
  if (!existsSync(backupsDir)) return [];
  return readdirSync(backupsDir)
    .filter((name) => name.startsWith("quai-") && !name.endsWith(".partial") && statSync(path.join(backupsDir, name)).isDirectory())
    .sort()
    .reverse()
    .map((name) => path.join(backupsDir, name));
}
