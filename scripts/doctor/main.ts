// npm run doctor [-- --env FILE] [-- --json] — checks that this machine can
// run Quai with its settings, and explains each problem with its fix, in
// French. Exit code 1 when a problem blocks Quai (✗), 0 otherwise.
import path from "node:path";
import Docker from "dockerode";
import { judgeCache, probeCache } from "./cache";
import { judgeDisk, judgeMemory, probeFreeDisk, probeTotalMemory } from "./capacity";
import { judgeClock, probeNtp, probeReleaseDate } from "./clock";
import { judgeCgroup, judgeEngine, probeEngine } from "./engine";
import { judgeCacheImages, judgeSandboxImage, probeImages } from "./images";
import { judgeLoop, judgeNetfilter, judgeOverlay, judgeUserNamespaces, probeKernel } from "./kernel";
import { judgePort, probePort } from "./ports";
import { report } from "./report";
import { loadEnvFile, readSettings } from "./settings";
import { skip, type Verdict } from "./verdict";

export interface Finding {
  title: string;
  verdict: Verdict;
}

const ROOT = path.resolve(__dirname, "../..");

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function diagnose(): Promise<Finding[]> {
  const source = loadEnvFile(option("--env"));
  const { runner, site, verdict: settings } = readSettings(process.env, source);
  const findings: Finding[] = [{ title: "Réglages", verdict: settings }];
  const add = (title: string, verdict: Verdict) => findings.push({ title, verdict });

  // A hung socket must not hang the doctor.
  const docker = new Docker({ socketPath: runner.QUAI_DOCKER_SOCKET, timeout: 10_000 });
  const engine = await probeEngine(docker, runner.QUAI_DOCKER_SOCKET);
  add("Moteur Docker", judgeEngine(engine));
  add("cgroups", judgeCgroup(engine));

  const kernel = probeKernel(runner.QUAI_HOST_FIREWALL);
  add("Espaces de noms utilisateur", judgeUserNamespaces(kernel));
  add("Système de fichiers overlay", judgeOverlay(kernel));
  add("Périphériques loop", judgeLoop(kernel));
  add("Pare-feu du noyau (iptables, nftables)", judgeNetfilter(kernel));

  const dockerRoot = engine.reachable ? engine.rootDir : "/var/lib/docker";
  const capacity = {
    maxSandboxes: runner.QUAI_SANDBOX_MAX,
    warmPool: runner.QUAI_WARM_POOL,
    memoryMb: runner.QUAI_SANDBOX_MEMORY_MB,
    diskGb: runner.QUAI_SANDBOX_DISK_GB,
    sleepDiskGb: runner.QUAI_SLEEP_DISK_GB,
    totalMemoryBytes: probeTotalMemory(),
    freeDiskBytes: await probeFreeDisk(dockerRoot),
    dockerRoot,
  };
  add("Mémoire", judgeMemory(capacity));
  add("Disque", judgeDisk(capacity));

  if (engine.reachable) {
    const images = await probeImages(docker, ROOT, { sandboxImage: runner.QUAI_SANDBOX_IMAGE, cacheMode: runner.QUAI_CACHE_MODE, cacheImage: runner.QUAI_CACHE_IMAGE, cacheVolume: runner.QUAI_CACHE_VOLUME });
    add("Image des bacs à sable", judgeSandboxImage(images));
    add("Images du cache", judgeCacheImages(images));
    add("Cache d'images", judgeCache(await probeCache(docker, `${runner.QUAI_INSTANCE}-cache`)));
  } else {
    for (const title of ["Image des bacs à sable", "Images du cache", "Cache d'images"]) add(title, skip("Non vérifié : le moteur Docker ne répond pas."));
  }

  const engineTime = engine.reachable && engine.systemTime ? new Date(engine.systemTime) : null;
  add("Horloge", judgeClock({ now: new Date(), releasedAt: await probeReleaseDate(ROOT), engineTime, ntpSynchronized: await probeNtp() }));

  add("Port du site", judgePort(await probePort("site", "PORT", "::", site.port)));
  add("Port du service des bacs à sable", judgePort(await probePort("runner", "QUAI_RUNNER_PORT", runner.QUAI_RUNNER_HOST, runner.QUAI_RUNNER_PORT)));
  return findings;
}

diagnose()
  .then((findings) => {
    if (process.argv.includes("--json")) process.stdout.write(`${JSON.stringify(findings, null, 2)}\n`);
    else process.stdout.write(report(findings, process.stdout.isTTY));
    process.exit(findings.some((f) => f.verdict.status === "fail") ? 1 : 0);
  })
  .catch((error: unknown) => {
    console.error(`✗ Le diagnostic s'est interrompu : ${(error as Error).message}`);
    process.exit(2);
  });
