import type Docker from "dockerode";
import { fail, ok, warn, type Verdict } from "./verdict";

/** The image cache container the runner starts (<instance>-cache) and whether its registry answers. */
export type CacheFacts =
  | { container: "absent"; name: string }
  | { container: "stopped"; name: string }
  | { container: "running"; name: string; address: string | null; answered: boolean; error?: string };

export function judgeCache(f: CacheFacts): Verdict {
  if (f.container === "absent") return warn(`Le cache d'images (conteneur ${f.name}) n'existe pas encore.`, "Rien à faire si Quai n'a jamais démarré : le service des bacs à sable le crée à son démarrage. Sinon, redémarrez ce service et lisez son journal.");
  if (f.container === "stopped")
    return fail(`Le cache d'images (conteneur ${f.name}) est arrêté : les téléchargements d'images des apprenants (docker pull) échoueront.`, `Démarrez-le (docker start ${f.name}) ou redémarrez le service des bacs à sable, qui le relance.`);
  if (!f.answered)
    return fail(
      `Le cache d'images (conteneur ${f.name}) tourne mais son registre ne répond pas${f.address ? ` sur ${f.address}` : ""}${f.error ? ` (${f.error})` : ""}.`,
      `Lisez son journal (docker logs ${f.name}), puis redémarrez-le (docker restart ${f.name}).`,
    );
  return ok(`Le cache d'images répond (conteneur ${f.name}, ${f.address}).`);
}

export async function probeCache(docker: Docker, name: string): Promise<CacheFacts> {
  let info: Awaited<ReturnType<Docker.Container["inspect"]>>;
  try {
    info = await docker.getContainer(name).inspect();
  } catch {
    return { container: "absent", name };
  }
  if (!info.State.Running) return { container: "stopped", name };
  const ip = Object.values(info.NetworkSettings.Networks ?? {}).map((n) => n.IPAddress).find(Boolean) ?? null;
  if (!ip) return { container: "running", name, address: null, answered: false, error: "aucune adresse IP" };
  const address = `http://${ip}:5000/v2/`;
  try {
    // The registry's API root: 200 (or 401 with authentication) means it serves.
    const res = await fetch(address, { signal: AbortSignal.timeout(3000) });
    return { container: "running", name, address, answered: res.status === 200 || res.status === 401, error: res.ok ? undefined : `HTTP ${res.status}` };
  } catch (error) {
    return { container: "running", name, address, answered: false, error: (error as Error).message };
  }
}
