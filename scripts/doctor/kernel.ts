import { existsSync, readFileSync } from "node:fs";
import { release } from "node:os";
import { gunzipSync } from "node:zlib";
import { fail, ok, warn, type Verdict } from "./verdict";

/**
 * Kernel features a sandbox (Docker inside Docker, learners root in their
 * own user namespace, a disk file each) needs from the host. Each is known
 * from what runs now (/proc, /dev) and, failing that, from the kernel's
 * build configuration (a module is loaded on first use).
 */
export type Built = "y" | "m" | "n" | null;

export interface KernelFacts {
  maxUserNamespaces: number | null;
  overlay: { loaded: boolean; built: Built };
  loop: { loaded: boolean; built: Built };
  netfilter: { loaded: boolean; built: Built };
  hostFirewall: boolean;
}

export function judgeUserNamespaces(f: KernelFacts): Verdict {
  if (f.maxUserNamespaces === null) return warn("Impossible de lire /proc/sys/user/max_user_namespaces : la prise en charge des espaces de noms utilisateur est inconnue.", "Vérifiez que le noyau a CONFIG_USER_NS=y (noyaux Debian et Ubuntu : c'est le cas).");
  if (f.maxUserNamespaces < 100)
    return fail(
      `Espaces de noms utilisateur limités à ${f.maxUserNamespaces} : chaque bac à sable en crée plusieurs, ils ne démarreront pas.`,
      "sudo sysctl -w user.max_user_namespaces=15000, puis écrivez user.max_user_namespaces=15000 dans /etc/sysctl.d/90-quai.conf pour que le réglage survive au redémarrage.",
    );
  return ok(`disponibles (jusqu'à ${f.maxUserNamespaces}).`);
}

function feature(what: string, state: { loaded: boolean; built: Built }, fixIfMissing: string): Verdict {
  if (state.loaded) return ok("présent dans le noyau.");
  if (state.built === "m") return ok("module du noyau, chargé à la première utilisation.");
  if (state.built === "y") return ok("intégré au noyau.");
  if (state.built === "n") return fail(`absent de ce noyau : ${what}.`, fixIfMissing);
  return warn(`ni chargé ni décrit par la configuration du noyau ; ${what}.`, fixIfMissing);
}

export const judgeOverlay = (f: KernelFacts): Verdict =>
  feature("le Docker de chaque bac à sable en a besoin pour ses images", f.overlay, "sudo modprobe overlay, puis écrivez overlay dans /etc/modules-load.d/quai.conf ; sur un noyau sans overlay, installez le noyau de la distribution (linux-image-amd64).");

export const judgeLoop = (f: KernelFacts): Verdict =>
  feature("le disque à quota de chaque bac à sable est un fichier monté en loop", f.loop, "sudo modprobe loop, puis écrivez loop dans /etc/modules-load.d/quai.conf ; ou réglez QUAI_SANDBOX_DISK_GB=0 (pas de quota disque, déconseillé).");

export function judgeNetfilter(f: KernelFacts): Verdict {
  const verdict = feature("il isole les bacs à sable de l'hôte et entre eux", f.netfilter, "sudo modprobe nf_tables (ou ip_tables), puis relancez Docker : sudo systemctl restart docker.");
  // Without the host firewall the runner does not need it itself; Docker's networks still do.
  if (verdict.status === "fail" && !f.hostFirewall) return { ...verdict, status: "warn" };
  return verdict;
}

// ---------------------------------------------------------------- probe

function kernelConfig(): Map<string, string> | null {
  let text: string | null = null;
  try {
    if (existsSync("/proc/config.gz")) text = gunzipSync(readFileSync("/proc/config.gz")).toString("utf8");
    else if (existsSync(`/boot/config-${release()}`)) text = readFileSync(`/boot/config-${release()}`, "utf8");
  } catch {
    text = null; // unreadable: judged from what runs only
  }
  if (text === null) return null;
  const map = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^(CONFIG_[A-Z0-9_]+)=(.*)$/.exec(line);
    if (m) map.set(m[1]!, m[2]!);
  }
  return map;
}

function built(config: Map<string, string> | null, ...keys: string[]): Built {
  if (config === null) return null;
  const values = keys.map((k) => config.get(k));
  if (values.includes("y")) return "y";
  if (values.includes("m")) return "m";
  return "n";
}

const read = (file: string): string | null => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
};

export function probeKernel(hostFirewall: boolean): KernelFacts {
  const config = kernelConfig();
  const modules = read("/proc/modules") ?? "";
  const max = read("/proc/sys/user/max_user_namespaces");
  return {
    maxUserNamespaces: max === null ? null : Number.parseInt(max, 10),
    overlay: { loaded: /\boverlay\b/.test(read("/proc/filesystems") ?? ""), built: built(config, "CONFIG_OVERLAY_FS") },
    loop: { loaded: existsSync("/dev/loop-control"), built: built(config, "CONFIG_BLK_DEV_LOOP") },
    netfilter: {
      loaded: existsSync("/proc/net/ip_tables_names") || existsSync("/sys/module/nf_tables") || /^(nf_tables|ip_tables) /m.test(modules),
      built: built(config, "CONFIG_NF_TABLES", "CONFIG_IP_NF_IPTABLES"),
    },
    hostFirewall,
  };
}
