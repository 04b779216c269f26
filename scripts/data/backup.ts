// npm run backup [-- FOLDER] — a consistent copy of Quai's data (progress
// database and site secret) while Quai runs, into FOLDER (default:
// <QUAI_DATA_DIR>/backups). Messages are French: a self-hoster reads them.
import { statSync } from "node:fs";
import path from "node:path";
import { parseConfig } from "../../app/_lib/config";
import { backupDataDir, backupProblemFr, postgresRefusal } from "../../app/_lib/progress/backup";
import { DATABASE_FILE } from "../../app/_lib/progress";

async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const refusal = postgresRefusal(config, "backup");
  if (refusal) {
    console.error(`✗ ${refusal}`);
    process.exit(2);
  }
  const { dataDir } = config;
  const target = process.argv[2] ? path.resolve(process.argv[2]) : undefined;
  const info = await backupDataDir(dataDir, DATABASE_FILE, target);
  const size = statSync(path.join(info.dir, "quai.sqlite")).size;
  console.log(`✓ Sauvegarde faite : ${info.dir}`);
  console.log(`  ${info.learners} apprenant(s), schéma de données v${info.schemaVersion}, ${(size / 1024).toFixed(0)} Kio.`);
  console.log(`  Pour la remettre en place : npm run restore -- ${info.dir}`);
}

main().catch((error: unknown) => {
  const fr = backupProblemFr(error);
  console.error(fr ? `✗ La sauvegarde a échoué : ${fr}` : `✗ La sauvegarde a échoué : ${(error as Error).message}`);
  process.exit(1);
});
