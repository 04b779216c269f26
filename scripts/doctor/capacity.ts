import { statfs } from "node:fs/promises";
import { totalmem } from "node:os";
import { fail, gigabytes, ok, warn, type Verdict } from "./verdict";

/** The configured capacity (QUAI_SANDBOX_MAX…) against this host's memory and disk. */
export interface CapacityFacts {
  maxSandboxes: number;
  warmPool: number;
  memoryMb: number;
  diskGb: number;
  sleepDiskGb: number;
  totalMemoryBytes: number;
  /** Free space where Docker keeps its volumes (the sandboxes' disks); null: unknown. */
  freeDiskBytes: number | null;
  dockerRoot: string;
}

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;
// Images, the kit, Docker's own files and the site need room even with no sandbox.
const MIN_FREE_DISK = 5 * GIB;
// Left to the host (site, runner, Docker, the kernel) when sandboxes are at their limit.
const HOST_RESERVE = 2 * GIB;

export function judgeMemory(f: CapacityFacts): Verdict {
  const each = f.memoryMb * MIB;
  const all = f.maxSandboxes * each;
  const usable = f.totalMemoryBytes - HOST_RESERVE;
  // The warm pool and one learner must fit, or not even a small class starts.
  if ((f.warmPool + 1) * each > usable)
    return fail(
      `Mémoire insuffisante : ${gigabytes(f.totalMemoryBytes)} sur cette machine, alors que la réserve (QUAI_WARM_POOL = ${f.warmPool}) et un seul apprenant demandent déjà ${gigabytes((f.warmPool + 1) * each)} plus ${gigabytes(HOST_RESERVE)} pour le système.`,
      "Baissez QUAI_SANDBOX_MEMORY_MB ou QUAI_WARM_POOL, ou installez Quai sur une machine qui a plus de mémoire.",
    );
  if (all > usable)
    return warn(
      `${f.maxSandboxes} bacs à sable × ${f.memoryMb} Mo = ${gigabytes(all)}, plus que les ${gigabytes(usable)} disponibles (${gigabytes(f.totalMemoryBytes)} moins ${gigabytes(HOST_RESERVE)} pour le système) : c'est acceptable tant que les apprenants n'utilisent pas tous leur maximum en même temps, sinon des processus seront tués faute de mémoire.`,
      `Pour ne jamais dépasser : QUAI_SANDBOX_MAX=${Math.max(1, Math.floor(usable / each))} avec ${f.memoryMb} Mo chacun, ou davantage de mémoire.`,
    );
  return ok(`${f.maxSandboxes} bacs à sable × ${f.memoryMb} Mo = ${gigabytes(all)}, la machine en a ${gigabytes(f.totalMemoryBytes)}.`);
}

export function judgeDisk(f: CapacityFacts): Verdict {
  if (f.freeDiskBytes === null) return warn(`Place libre inconnue dans ${f.dockerRoot}.`, `Vérifiez avec df -h ${f.dockerRoot} qu'il reste au moins ${gigabytes(MIN_FREE_DISK)}, plus la place des disques des bacs à sable.`);
  if (f.freeDiskBytes < MIN_FREE_DISK)
    return fail(
      `Seulement ${gigabytes(f.freeDiskBytes)} libres dans ${f.dockerRoot} : les images et les bacs à sable n'y tiendront pas.`,
      `Libérez de la place (docker image prune supprime les images inutilisées) ou déplacez les données de Docker (data-root dans /etc/docker/daemon.json) vers un disque plus grand ; il faut au moins ${gigabytes(MIN_FREE_DISK)}.`,
    );
  if (f.diskGb === 0) return ok(`${gigabytes(f.freeDiskBytes)} libres dans ${f.dockerRoot} (disques des bacs à sable sans quota : QUAI_SANDBOX_DISK_GB=0).`);
  const all = (f.maxSandboxes * f.diskGb + f.sleepDiskGb) * GIB;
  if (all > f.freeDiskBytes)
    return warn(
      `${f.maxSandboxes} bacs à sable × ${f.diskGb} Go + ${f.sleepDiskGb} Go pour les bacs à sable endormis = ${gigabytes(all)}, plus que les ${gigabytes(f.freeDiskBytes)} libres dans ${f.dockerRoot} : les disques des bacs à sable sont creux, c'est acceptable tant que les apprenants ne les remplissent pas tous.`,
      "Pour ne jamais manquer de place : baissez QUAI_SANDBOX_DISK_GB, QUAI_SANDBOX_MAX ou QUAI_SLEEP_DISK_GB, ou agrandissez le disque.",
    );
  return ok(`${gigabytes(all)} au plus pour les bacs à sable, ${gigabytes(f.freeDiskBytes)} libres dans ${f.dockerRoot}.`);
}

export async function probeFreeDisk(dir: string): Promise<number | null> {
  try {
    const s = await statfs(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

export const probeTotalMemory = (): number => totalmem();
