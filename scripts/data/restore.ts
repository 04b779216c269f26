// npm run restore -- FOLDER — puts a backup made by `npm run backup` back
// into <QUAI_DATA_DIR>, after saving the current data as a backup of its own.
// Without FOLDER, lists the backups. Messages are French: a self-hoster reads them.
import path from "node:path";
import { parseConfig } from "../../app/_lib/config";
import { BACKUPS_DIR, backupProblemFr, listBackups, postgresRefusal, restoreDataDir } from "../../app/_lib/progress/backup";
import { DATABASE_FILE } from "../../app/_lib/progress";

async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const refusal = postgresRefusal(config, "restore");
  if (refusal) {
    console.error(`✗ ${refusal}`);
    process.exit(2);
  }
  const { dataDir } = config;
  const from = process.argv[2];
  if (!from) {
    const backups = listBackups(path.join(dataDir, BACKUPS_DIR));
    if (backups.length === 0) {
      console.error(`✗ Aucune sauvegarde dans ${path.join(dataDir, BACKUPS_DIR)}. Indiquez le dossier d'une sauvegarde : npm run restore -- /chemin/vers/quai-…`);
    } else {
      console.error("Indiquez la sauvegarde à remettre en place, par exemple la plus récente :");
      console.error(`  npm run restore -- ${backups[0]}`);
      console.error("Sauvegardes disponibles (la plus récente d'abord) :");
      for (const dir of backups) console.error(`  ${dir}`);
    }
    process.exit(2);
  }
  const result = await restoreDataDir(dataDir, DATABASE_FILE, path.resolve(from));
  console.log(`✓ Sauvegarde remise en place : ${result.restored.dir} (${result.restored.learners} apprenant(s)).`);
  if (result.migrated.from !== result.migrated.to) console.log(`  Données mises au schéma actuel (v${result.migrated.from} → v${result.migrated.to}).`);
  if (result.safety) console.log(`  Les données d'avant sont gardées dans ${result.safety.dir}.`);
  if (result.secretRestored) console.log("  Redémarrez le site pour qu'il reprenne le secret de la sauvegarde (sudo systemctl restart quai-site, ou Ctrl+C puis npm start).");
}

main().catch((error: unknown) => {
  const fr = backupProblemFr(error);
  console.error(fr ? `✗ La restauration a échoué : ${fr}` : `✗ La restauration a échoué : ${(error as Error).message}`);
  process.exit(1);
});
