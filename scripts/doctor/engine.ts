import type Docker from "dockerode";
import { fail, ok, warn, type Verdict } from "./verdict";

/** The Docker engine as the runner will find it (same socket). */
export type EngineFacts =
  | { reachable: false; socket: string; error: string }
  | { reachable: true; socket: string; version: string; apiVersion: string; cgroupVersion: string | null; cgroupDriver: string | null; rootDir: string; systemTime: string | null };

// 20.10 is the first engine with cgroup v2 and the API the runner speaks.
const MIN_VERSION: [number, number] = [20, 10];

export function judgeEngine(f: EngineFacts): Verdict {
  if (!f.reachable)
    return fail(
      `Le moteur Docker ne répond pas sur ${f.socket} (${f.error}).`,
      "Démarrez-le (sudo systemctl start docker) ; vérifiez que le compte qui lance Quai peut l'utiliser (sudo usermod -aG docker $USER, puis reconnectez-vous) ou que QUAI_DOCKER_SOCKET indique le bon socket.",
    );
  const m = /^(\d+)\.(\d+)/.exec(f.version);
  if (!m) return warn(`Docker répond, mais sa version (« ${f.version} ») est illisible.`, "Vérifiez avec docker version qu'il s'agit de Docker Engine 20.10 ou plus récent.");
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major < MIN_VERSION[0] || (major === MIN_VERSION[0] && minor < MIN_VERSION[1]))
    return fail(`Docker ${f.version} est trop ancien pour Quai (20.10 au moins).`, "Installez une version récente : sudo apt-get install docker.io (Debian 12 : 20.10 ; Debian 13 : 26).");
  return ok(`Docker ${f.version} répond (API ${f.apiVersion}).`);
}

export function judgeCgroup(f: EngineFacts): Verdict {
  if (!f.reachable) return { status: "skip", summary: "Version des cgroups inconnue : le moteur Docker ne répond pas." };
  if (f.cgroupVersion === "2") return ok(`cgroup v2 (pilote ${f.cgroupDriver ?? "inconnu"}) : les limites de mémoire, de processeur, de processus et de débit disque s'appliquent.`);
  if (f.cgroupVersion === "1")
    return warn(
      "cgroup v1 : les limites de débit disque des bacs à sable (QUAI_SANDBOX_IO_MBPS) et le décompte mémoire du Docker imbriqué sont moins fiables.",
      "Passez à cgroup v2 : ajoutez systemd.unified_cgroup_hierarchy=1 à GRUB_CMDLINE_LINUX dans /etc/default/grub, puis sudo update-grub et redémarrez la machine (Debian 11 et plus : c'est déjà le réglage par défaut).",
    );
  return warn("Docker n'indique pas la version des cgroups.", "Vérifiez avec docker info | grep -i cgroup (cgroup v2 attendu).");
}

export async function probeEngine(docker: Docker, socket: string): Promise<EngineFacts> {
  try {
    const [version, info] = await Promise.all([docker.version(), docker.info() as Promise<Record<string, unknown>>]);
    return {
      reachable: true,
      socket,
      version: version.Version,
      apiVersion: version.ApiVersion,
      cgroupVersion: typeof info.CgroupVersion === "string" ? info.CgroupVersion : null,
      cgroupDriver: typeof info.CgroupDriver === "string" ? info.CgroupDriver : null,
      rootDir: typeof info.DockerRootDir === "string" ? info.DockerRootDir : "/var/lib/docker",
      systemTime: typeof info.SystemTime === "string" ? info.SystemTime : null,
    };
  } catch (error) {
    return { reachable: false, socket, error: (error as Error).message };
  }
}
