/**
 * What a failed build means, in French, from BuildKit's own (English) error
 * line. The raw line stays shown under it: it is what a search engine and
 * the course's chapters quote. The messages matched here are those Docker 26
 * prints in a sandbox (build-error-fr.test.ts holds real ones).
 */
const RULES: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [
    /failed to calculate checksum of ref [^"]*"\/?([^"]+)": not found/,
    (m) => `« ${m[1]} » est introuvable dans le contexte de construction : vérifiez son nom et son chemin, relatifs au dossier qui contient le Dockerfile.`,
  ],
  [
    /process "\/bin\/sh -c (.*)" did not complete successfully: exit code: (\d+)/,
    (m) => `La commande RUN « ${m[1]} » a échoué (code de sortie ${m[2]}) : ses dernières lignes, dans le journal ci-dessus, disent pourquoi.`,
  ],
  [
    /failed to resolve source metadata for (?:docker\.io\/(?:library\/)?)?([^:\s]+(?::[^:\s]+)?):/,
    (m) => `L'image de base « ${m[1]} » n'est pas disponible : vérifiez son nom et son étiquette. Ce bac à sable n'a pas accès à Internet ; seules les images du cours sont à disposition.`,
  ],
  [/dockerfile parse error on line (\d+): unknown instruction: (\S+)/, (m) => `Ligne ${m[1]} du Dockerfile : l'instruction « ${m[2]} » n'existe pas. Vérifiez son orthographe (FROM, RUN, COPY, CMD…).`],
  [/dockerfile parse error on line (\d+)/, (m) => `Ligne ${m[1]} du Dockerfile : Docker ne comprend pas cette ligne.`],
  [/the Dockerfile cannot be empty/, () => "Le Dockerfile est vide : commencez par une instruction FROM."],
  [/failed to read dockerfile: open (\S+): no such file or directory/, (m) => `Aucun fichier « ${m[1]} » dans le dossier construit : créez-le, ou indiquez le bon chemin.`],
  [/target stage "([^"]+)" could not be found/, (m) => `Le Dockerfile n'a pas d'étape nommée « ${m[1]} » : vérifiez le nom donné après AS dans la ligne FROM.`],
];

/** The French explanation of a BuildKit error line (a general one when it is not recognised). */
export function explainBuildError(error: string): string {
  for (const [pattern, explain] of RULES) {
    const m = pattern.exec(error);
    if (m) return explain(m);
  }
  return "La construction a échoué. Le message de Docker, en anglais, est ci-dessous ; le journal au-dessus montre l'étape en cause.";
}
