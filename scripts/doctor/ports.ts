import { createServer } from "node:net";
import { fail, ok, type Verdict } from "./verdict";

/** A port Quai listens on: free, already Quai's own, or someone else's. */
export interface PortFacts {
  role: "site" | "runner";
  variable: string;
  host: string;
  port: number;
  state: "free" | "quai" | "other";
}

const ROLE = { site: "du site", runner: "du service des bacs à sable" } as const;

export function judgePort(f: PortFacts): Verdict {
  if (f.state === "free") return ok(`${f.variable} = ${f.port}, libre.`);
  if (f.state === "quai") return ok(`${f.variable} = ${f.port}, utilisé par Quai, déjà démarré.`);
  return fail(
    `Le port ${f.port} (${f.variable}, port ${ROLE[f.role]}) est occupé par un autre programme : Quai ne pourra pas démarrer.`,
    `Trouvez lequel (sudo ss -ltnp 'sport = :${f.port}') et arrêtez-le, ou donnez à Quai un autre port : ${f.variable}=${f.port + 1} (dans /etc/quai/quai.env pour le service, ou devant npm start).`,
  );
}

function canListen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Quai's runner answers GET /healthz with {"status":"ok"}; its site serves a page naming Quai. */
async function isQuai(role: PortFacts["role"], port: number): Promise<boolean> {
  const url = role === "runner" ? `http://127.0.0.1:${port}/healthz` : `http://127.0.0.1:${port}/`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000), redirect: "manual" });
    const body = await res.text();
    return role === "runner" ? /"status":"ok"/.test(body) : /<title>[^<]*Quai/.test(body);
  } catch {
    return false;
  }
}

export async function probePort(role: PortFacts["role"], variable: string, host: string, port: number): Promise<PortFacts> {
  if (await canListen(host, port)) return { role, variable, host, port, state: "free" };
  return { role, variable, host, port, state: (await isQuai(role, port)) ? "quai" : "other" };
}
