import { execFile } from "node:child_process";
import path from "node:path";
import type Docker from "dockerode";
import { fail, ok, warn, type Verdict } from "./verdict";

/** The sandbox image and the image cache's image and volume, as the engine has them. */
export interface ImageFacts {
  sandboxImage: string;
  sandboxPresent: boolean;
  /** Built from this tree's sources (true), from other sources (false), or unknown (null). */
  sandboxCurrent: boolean | null;
  cacheMode: "local" | "proxy";
  cacheImage: string;
  cacheImagePresent: boolean;
  cacheVolume: string;
  cacheVolumePresent: boolean;
}

export function judgeSandboxImage(f: ImageFacts): Verdict {
  if (!f.sandboxPresent) return fail(`L'image des bacs à sable ${f.sandboxImage} est absente : aucun bac à sable ne peut démarrer.`, "Construisez-la : npm run images:sandbox (quelques minutes, à partir des paquets Debian), ou lancez npm start qui le fait.");
  if (f.sandboxCurrent === false)
    return warn(
      `L'image des bacs à sable ${f.sandboxImage} a été construite à partir d'autres sources que cette version de Quai.`,
      "Reconstruisez-la : npm run images:sandbox (les bacs à sable en marche gardent l'ancienne image ; les nouveaux prennent la nouvelle).",
    );
  if (f.sandboxCurrent === null) return warn(`L'image des bacs à sable ${f.sandboxImage} est présente, mais sa fraîcheur n'a pas pu être vérifiée.`, "Lancez npm run images:sandbox : il ne reconstruit que si les sources ont changé.");
  return ok(`L'image des bacs à sable ${f.sandboxImage} est présente et à jour.`);
}

export function judgeCacheImages(f: ImageFacts): Verdict {
  if (!f.cacheImagePresent) return fail(`L'image du cache d'images ${f.cacheImage} est absente : le service des bacs à sable ne démarrera pas.`, "Construisez-la : npm run images:offline.");
  if (f.cacheMode === "local" && !f.cacheVolumePresent)
    return fail(`Le volume ${f.cacheVolume} du cache d'images n'existe pas : en mode local, le service des bacs à sable refuse de démarrer sans lui.`, "Remplissez-le : npm run images:offline (ou QUAI_CACHE_MODE=proxy sur un hôte relié à Internet).");
  return ok(f.cacheMode === "local" ? `Cache d'images prêt : image ${f.cacheImage} et volume ${f.cacheVolume} présents.` : `Cache d'images en mode miroir : image ${f.cacheImage} présente.`);
}

async function present(check: () => Promise<unknown>): Promise<boolean> {
  try {
    await check();
    return true;
  } catch {
    return false;
  }
}

/** Runs build-sandbox.sh --check: 0 current, 3 stale, anything else unknown. */
function sandboxCurrent(root: string, image: string): Promise<boolean | null> {
  return new Promise((resolve) => {
    execFile("bash", [path.join(root, "scripts/images/build-sandbox.sh"), "--check"], { env: { ...process.env, QUAI_SANDBOX_IMAGE: image }, timeout: 60_000 }, (error) => {
      if (!error) resolve(true);
      else resolve(error.code === 3 ? false : null);
    });
  });
}

export async function probeImages(docker: Docker, root: string, o: { sandboxImage: string; cacheMode: "local" | "proxy"; cacheImage: string; cacheVolume: string }): Promise<ImageFacts> {
  const sandboxPresent = await present(() => docker.getImage(o.sandboxImage).inspect());
  return {
    ...o,
    sandboxPresent,
    sandboxCurrent: sandboxPresent ? await sandboxCurrent(root, o.sandboxImage) : null,
    cacheImagePresent: await present(() => docker.getImage(o.cacheImage).inspect()),
    cacheVolumePresent: await present(() => docker.getVolume(o.cacheVolume).inspect()),
  };
}
